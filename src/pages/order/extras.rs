//! The header's shipping and people fields: Incoterm, ports, ship mode, ETD/ETA, the factory (from
//! the workspace's parties) and the merchandiser. Its three pickers are under `extras/`. Once
//! goods were inspected at the factory, left it or were complained about, moving the order needs
//! a reason, logged and listed here (`gendan_domain::factory_change`).

mod factory_select;
pub(crate) mod incoterm_select;
mod ship_mode_select;

use gendan_domain::factory_change::{asks_reason, needs_reason, set_factory, Move};
use gendan_domain::order::Incoterm;
use gendan_domain::shipment::ShipMode;
use std::rc::Rc;

use leptos::prelude::*;

use super::ctx::{day_text, parse_day, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use factory_select::FactorySelect;
use incoterm_select::IncotermSelect;
use ship_mode_select::ShipModeSelect;

#[component]
pub fn HeaderExtras(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let incoterm = RwSignal::new(String::new());
    let pol = RwSignal::new(String::new());
    let dest = RwSignal::new(String::new());
    let mode = RwSignal::new(String::new());
    let etd = RwSignal::new(String::new());
    let eta = RwSignal::new(String::new());
    let factory = RwSignal::new(String::new());
    let merch = RwSignal::new(String::new());
    let factory_reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let locked = move || ctx.order.with(needs_reason);
    let fill = move || {
        ctx.order.with_untracked(|o| {
            incoterm.set(
                o.incoterm
                    .as_ref()
                    .map(|i| i.code().to_string())
                    .unwrap_or_default(),
            );
            pol.set(o.port_of_loading.clone());
            dest.set(o.destination.clone());
            mode.set(
                o.ship_mode
                    .as_ref()
                    .map(|m| m.code().to_string())
                    .unwrap_or_default(),
            );
            etd.set(day_text(o.etd));
            eta.set(day_text(o.eta));
            factory.set(o.factory.clone().unwrap_or_default());
            merch.set(o.merchandiser.clone().unwrap_or_default());
        })
    };
    fill();

    let edit = ctx.edit_action(error);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(etd_d), Ok(eta_d)) = (
            parse_day(&etd.get_untracked()),
            parse_day(&eta.get_untracked()),
        ) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        let inc = incoterm.get_untracked();
        let (p, d, m) = (
            pol.get_untracked(),
            dest.get_untracked(),
            mode.get_untracked(),
        );
        let (f, me) = (factory.get_untracked(), merch.get_untracked());
        let why = factory_reason.get_untracked();
        if ctx.order.with_untracked(|o| asks_reason(o, Some(&f))) && why.trim().is_empty() {
            error.set(Some(i18n.t(K::ErrFactoryNeedsReason).to_string()));
            return;
        }
        error.set(None);
        factory_reason.set(String::new());
        let (author, change) = (who(), crate::platform::new_record_id());
        let standing = ctx.standing_of(&f);
        edit.dispatch(Rc::new(move |o| {
            o.incoterm = (!inc.is_empty()).then(|| Incoterm::from_code(&inc));
            o.port_of_loading = p.trim().to_string();
            o.destination = d.trim().to_string();
            o.ship_mode = (!m.is_empty()).then(|| ShipMode::from_code(&m));
            o.etd = etd_d;
            o.eta = eta_d;
            let by = Move {
                who: &author,
                today: crate::platform::today(),
                reason: &why,
                change_id: &change,
            };
            set_factory(o, Some(f.clone()), &standing, by)?;
            o.merchandiser = (!me.trim().is_empty()).then(|| me.trim().to_string());
            Ok(())
        }));
    };

    view! {
        <form class="card section" on:submit=save novalidate data-testid="extras-form">
            <h3>{move || i18n.t(K::ShippingAndPeople)}</h3>
            <div class="grid">
                <IncotermSelect value=incoterm/>
                <TextInput label=K::PortOfLoading value=pol testid="port-of-loading"/>
                <TextInput label=K::Destination value=dest testid="destination"/>
                <ShipModeSelect value=mode/>
                <TextInput label=K::Etd value=etd testid="etd" kind="date"/>
                <TextInput label=K::Eta value=eta testid="eta" kind="date"/>
                <FactorySelect ctx=ctx value=factory/>
                <FactorySuspended ctx=ctx/>
                <FactoryLoad ctx=ctx factory=factory/>
                <Show when=locked>
                    <TextInput label=K::FactoryReason value=factory_reason testid="factory-reason" factory_reads=true/>
                </Show>
                <TextInput label=K::Merchandiser value=merch testid="merchandiser"/>
            </div>
            <ul class="log small" data-testid="factory-changes">
                {move || ctx.order.with(|o| {
                    let mut log: Vec<_> = o.factory_changes.iter().map(|(k, c)| (k.clone(), c.clone())).collect();
                    gendan_domain::sorting::sort_by_key(&mut log, |(k, c)| (c.day, k.clone()));
                    log.into_iter().map(|(_, c)| {
                        let name = |id: &str| ctx.workspace.with_untracked(|w| crate::pages::parties::party_label(w, id, i18n.0.get_untracked()));
                        let text = crate::i18n::fill(i18n.t(K::FactoryChangeRow), &[
                            ("from", &name(&c.from)), ("to", &name(&c.to)), ("who", &c.who),
                            ("day", &day_text(c.day)), ("why", &c.reason),
                        ]);
                        view! { <li data-testid="factory-change">{text}</li> }
                    }).collect_view()
                })}
            </ul>
            <ActionError error=error testid="extras-error"/>
            <button type="submit" data-testid="save-extras">{move || i18n.t(K::Save)}</button>
        </form>
    }
}

/// Says so when the order's factory is suspended: the order stays there (no rule moves it),
/// but whoever follows it should know why no further order goes there.
#[component]
fn FactorySuspended(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let note = move || {
        let lang = i18n.0.get();
        let factory = ctx.order.with(|o| o.named_factory().map(str::to_string))?;
        ctx.workspace.with(|w| {
            let p = w.parties.get(&factory)?;
            let (_, c) = p.suspension()?;
            Some(crate::i18n::fill(
                K::FactorySuspended.text(lang),
                &[
                    ("name", &p.name),
                    ("day", &day_text(c.day)),
                    ("reason", &c.reason),
                ],
            ))
        })
    };
    move || {
        note().map(|text| view! { <p class="gate-note warn-note" data-testid="factory-suspended">{text}</p> })
    }
}

/// 产能: says so when the factory chosen (not yet saved, or saved) cannot sew this order with
/// the work it has booked by their ex-factory dates. An order gone, cancelled or closed asks
/// nothing of it.
#[component]
fn FactoryLoad(ctx: OrderCtx, factory: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let store = crate::state::store::use_store();
    let note = move || {
        let chosen = factory.get();
        let chosen = chosen.trim();
        let (name, per_day) = ctx.workspace.with(|w| {
            let p = w.parties.get(chosen)?;
            Some((p.name.clone(), p.daily_capacity?))
        })?;
        let (this, due) = ctx.order.with(|o| {
            let open = o.shipped_on().is_none()
                && !matches!(
                    o.status,
                    gendan_domain::OrderStatus::Cancelled | gendan_domain::OrderStatus::Closed
                );
            (
                open.then(|| gendan_domain::capacity::to_sew(o)),
                o.ex_factory,
            )
        });
        let id = ctx.id.get_value();
        let mut booked = store
            .summaries
            .with(|all| crate::pages::parties::bookings(all, chosen, Some(&id)));
        booked.push(gendan_domain::capacity::Booking {
            pieces: this?,
            due: due?,
        });
        let load = gendan_domain::capacity::load(per_day, crate::platform::today(), &booked);
        let over = load.over?;
        Some(crate::pages::parties::over_words(
            i18n.0.get(),
            K::CapacityWithThis,
            &name,
            &over,
        ))
    };
    move || {
        note().map(|text| view! { <p class="gate-note warn-note" data-testid="factory-overbooked">{text}</p> })
    }
}

#[cfg(test)]
mod tests {
    //! The header over a real repo: an order whose goods were inspected at its factory is not
    //! moved to another without a reason (refused in words, nothing saved); with one it moves
    //! and the change is listed.
    use super::*;
    use crate::i18n::Lang;
    use crate::screen_tests::{choose, click, loaded_order, mount, text_of, type_into, until};
    use crate::storage::agenda_tests::repo_with_order;
    use gendan_domain::inspection::{Inspection, InspectionKind};
    use gendan_domain::workspace::{Party, PartyKind};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_factory_where_goods_were_inspected_is_left_only_with_a_reason() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("factory-move", "PO-FACTORY").await;
        repo.edit_order(&id, |o| {
            o.factory = Some("f1".into());
            o.inspections.insert(
                "i1".into(),
                Inspection {
                    kind: InspectionKind::Final,
                    factory: "f1".into(),
                    ..Inspection::default()
                },
            );
            Ok::<_, gendan_domain::DomainError>(())
        })
        .await
        .expect("inspected");
        let ctx = loaded_order(&app, &repo, &id).await;
        ctx.workspace.update(|w| {
            for (id, name) in [("f1", "Ningbo Knit"), ("f2", "Shaoxing Sewing")] {
                let p = Party {
                    kind: PartyKind::Factory,
                    name: name.into(),
                    ..Party::default()
                };
                w.parties.insert(id.into(), p);
            }
        });
        let screen = mount(&app, move || view! { <HeaderExtras ctx=ctx/> });

        choose("factory", "f2");
        click("save-extras");
        until(|| text_of("extras-error").is_some_and(|t| !t.is_empty())).await;
        assert_eq!(
            text_of("extras-error").as_deref(),
            Some(K::ErrFactoryNeedsReason.text(Lang::En))
        );
        let o = repo.order(&id).await.expect("reads");
        assert_eq!(o.factory.as_deref(), Some("f1"), "nothing saved");

        type_into("factory-reason", "line moved after the fire");
        click("save-extras");
        until(|| text_of("factory-changes").is_some_and(|t| !t.is_empty())).await;
        let said = text_of("factory-changes").expect("listed");
        assert!(
            said.contains("Ningbo Knit → Shaoxing Sewing")
                && said.contains("line moved after the fire"),
            "{said}"
        );
        let o = repo.order(&id).await.expect("reads");
        assert_eq!(o.factory.as_deref(), Some("f2"));
        screen.leave();
    }

    /// 产能: choosing a factory whose booked orders and this one cannot be sewn by their dates
    /// says so before saving; a factory with room says nothing; a suspended factory is not
    /// moved to, even from a screen drawn before the suspension.
    #[wasm_bindgen_test]
    async fn a_factory_that_cannot_also_sew_this_order_is_said_and_a_suspended_one_refused() {
        use gendan_domain::standing::{self, By, Standing};
        let app = Owner::new();
        let (repo, id) = repo_with_order("factory-load", "PO-LOAD").await;
        let today = crate::platform::today();
        let mut busy = crate::storage::tests::order("PO-BUSY");
        busy.status = gendan_domain::OrderStatus::InProduction;
        busy.factory = Some("f1".into());
        busy.ex_factory = today.add_days(1);
        repo.create_order(&busy).await.expect("created");
        repo.edit_order(&id, |o| {
            o.ex_factory = today.add_days(1);
            Ok::<_, gendan_domain::DomainError>(())
        })
        .await
        .expect("dated");
        repo.edit_workspace(|w| {
            // Each order has 10 pieces: two days at 8 a day sew 16, not 20; at 12, 24.
            for (id, name, per_day) in [("f1", "Ningbo Knit", 8), ("f2", "Shaoxing Sewing", 12)] {
                let p = Party {
                    kind: PartyKind::Factory,
                    name: name.into(),
                    daily_capacity: Some(per_day),
                    ..Party::default()
                };
                w.parties.insert(id.into(), p);
            }
            Ok::<_, gendan_domain::DomainError>(())
        })
        .await
        .expect("factories");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(&app, move || view! { <HeaderExtras ctx=ctx/> });
        choose("factory", "f1");
        until(|| text_of("factory-overbooked").is_some()).await;
        let said = text_of("factory-overbooked").unwrap_or_default();
        assert!(
            said.contains("Ningbo Knit") && said.contains("20") && said.contains("16"),
            "{said}"
        );
        choose("factory", "f2");
        until(|| text_of("factory-overbooked").is_none()).await;

        // Suspended elsewhere after the screen was drawn: refused, nothing saved.
        repo.edit_workspace(|w| {
            let by = By {
                who: "Li",
                today,
                reason: "failed the social audit",
                change_id: "s1",
            };
            standing::set(
                w.parties.get_mut("f2").expect("f2"),
                Standing::Suspended,
                by,
            )
        })
        .await
        .expect("suspended");
        click("save-extras");
        until(|| text_of("extras-error").is_some_and(|t| !t.is_empty())).await;
        assert_eq!(
            text_of("extras-error").as_deref(),
            Some(K::ErrSuspended.text(Lang::En))
        );
        let o = repo.order(&id).await.expect("reads");
        assert_eq!(o.factory, None, "nothing saved");
        screen.leave();
    }
}
