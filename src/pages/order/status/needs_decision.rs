//! The "needs a decision" banner: what the lifecycle finds wrong with the order as it is now
//! (after a merge), each with the logged action that settles it. Its own file because it is shown
//! above every section, not only with the status panel.

use gendan_domain::lifecycle::{self, Violation};
use gendan_domain::shipment::changes::{self, ChangeNote};
use gendan_domain::{DomainError, Order};
use leptos::prelude::*;

use super::super::ctx::{violation_text, who, OrderCtx};
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;

/// The order's "needs a decision" banner: every violation the domain finds in the order as it is
/// now, each with the action that settles it (an override with a reason, keeping the status with
/// a reason, clearing a shipped date). Recomputed whenever the order, its money or the workspace
/// changes, so a merge from a peer or another tab shows here at once. Shown above the order's
/// sections, whichever is open.
#[component]
pub fn NeedsDecision(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let found = move || {
        let gates = ctx.workspace.with(|w| w.settings.gates.clone());
        ctx.commercial.with(|c| {
            ctx.order
                .with(|o| lifecycle::violations(o, c.as_ref(), &gates))
        })
    };
    let settle = submit_action(
        error,
        move |(v, why): (Violation, String)| {
            let com = ctx.commercial.get_untracked();
            let (who, now) = (who(), (platform::now_ms() as i64));
            let (id, today) = (platform::new_record_id(), platform::today());
            ctx.edit(move |o: &mut Order| -> Result<(), DomainError> {
                let note = ChangeNote {
                    id: &id,
                    who: &who,
                    day: today,
                    reason: &why,
                };
                match &v {
                    Violation::GateNotMet { gate, .. } => {
                        lifecycle::override_gate(o, com.as_ref(), gate, &who, now, &why)
                    }
                    Violation::ProductionNotReleased { .. } => {
                        lifecycle::accept_early_production(o, &who, now, &why)
                    }
                    // A dated shipment has left: clearing its date is said and logged on it.
                    Violation::ShippedDateNotShipped { shipment, .. } => {
                        changes::unship(o, shipment, &note)
                    }
                    Violation::QuantitiesChangedUnlogged { .. }
                    | Violation::QuantitiesCutUnlogged { .. } => {
                        let by = gendan_domain::qty_revision::Reviser {
                            who: &who,
                            today,
                            reason: &why,
                            change_id: &id,
                        };
                        gendan_domain::qty_revision::accept(o, by)
                    }
                    Violation::FactoryChangedUnlogged { .. } => {
                        let by = gendan_domain::factory_change::Move {
                            who: &who,
                            today,
                            reason: &why,
                            change_id: &id,
                        };
                        gendan_domain::factory_change::accept(o, by)
                    }
                    // Changed where nobody knew it had left: accepted as it is now, logged on it.
                    Violation::ShippedChangedUnlogged { shipment, .. } => {
                        changes::accept_unlogged(o, shipment, &note)
                    }
                    _ => lifecycle::keep_status(o, &who, now, &why),
                }
            })
        },
        move |()| reason.set(String::new()),
    );
    let busy = settle.pending();
    // The reason goes onto the order, which the factory reads, for every decision but a waived
    // deposit or balance, whose words go to the books (`money_waivers`).
    let on_the_order = Signal::derive(move || {
        let money = |v: &Violation| {
            matches!(
                v,
                Violation::GateNotMet {
                    gate: lifecycle::Gate::Deposit | lifecycle::Gate::Balance,
                    ..
                }
            )
        };
        if found().iter().all(money) {
            String::new()
        } else {
            reason.get()
        }
    });
    // The office decides; a factory's phone is shown what waits for a decision, and no way to
    // settle it.
    let factory_phone = crate::sync::settings::SyncSettings::is_factory_device();
    view! {
        <Show when=move || !found().is_empty()>
            <section class="card error needs-decision" role="alert" data-testid="needs-decision">
                <h3>{move || i18n.t(K::NeedsDecision)}</h3>
                <p class="muted small">{move || i18n.t(K::NeedsDecisionHelp)}</p>
                <ul>
                    {move || {
                        let lang = i18n.0.get();
                        found().into_iter().map(|v| {
                            let text = violation_text(lang, &v);
                            let unheld = detail(ctx, lang, &v);
                            let action = match &v {
                                Violation::GateNotMet { .. } => K::AcceptOverride,
                                Violation::ProductionNotReleased { .. } => K::AcceptEarlyProduction,
                                Violation::ShippedDateNotShipped { .. } => K::ClearShippedDate,
                                Violation::ShippedChangedUnlogged { .. } => K::AcceptShippedChange,
                                Violation::QuantitiesChangedUnlogged { .. }
                                | Violation::QuantitiesCutUnlogged { .. } => K::AcceptQuantities,
                                Violation::FactoryChangedUnlogged { .. } => K::AcceptFactory,
                                _ => K::KeepStatus,
                            };
                            view! {
                                <li data-testid="violation">
                                    <span>{text}</span>" "
                                    {unheld.map(|n| view! { <span class="muted small" data-testid="violation-detail">{n}" "</span> })}
                                    <Show when=move || !factory_phone>
                                        <button type="button" class="warn" data-testid="settle" disabled=move || busy.get()
                                            on:click={let v = v.clone(); move |_| { settle.dispatch((v.clone(), reason.get_untracked())); }}>
                                            {move || i18n.t(action)}
                                        </button>
                                    </Show>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
                <Show when=move || !factory_phone
                    fallback=move || view! { <p class="notice" data-testid="office-decides">{move || i18n.t(K::FactoryOfficeDecides)}</p> }>
                    <div class="field">
                        <label for="decision-reason">{move || i18n.t(K::DecisionReason)}</label>
                        <textarea id="decision-reason" data-testid="decision-reason" rows="2"
                            prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        <crate::components::money_words_hint::MoneyWordsHint text=on_the_order/>
                    </div>
                </Show>
                <p class="error-text action-error" role="alert" data-testid="decision-error">{move || error.get().unwrap_or_default()}</p>
            </section>
        </Show>
    }
}

/// What the person deciding needs beside the violation's words: for a gate, what a device
/// without the order's money waived of it and a waiver that no longer covers it
/// (`waiver_cover`); for a factory moved unlogged, the two factories.
fn detail(ctx: OrderCtx, lang: crate::i18n::Lang, v: &Violation) -> Option<String> {
    match v {
        Violation::GateNotMet { gate, .. } => {
            let outgrown = ctx.commercial.with_untracked(|c| {
                ctx.order.with_untracked(|o| {
                    crate::pages::order::ctx::waiver_outgrown_text(lang, gate, o, c.as_ref())
                })
            });
            let said: Vec<String> = waived_elsewhere(ctx, lang, gate)
                .into_iter()
                .chain(outgrown)
                .collect();
            (!said.is_empty()).then(|| said.join(" "))
        }
        Violation::FactoryChangedUnlogged { recorded, now } => {
            let name = |id: &str| {
                if id.trim().is_empty() {
                    K::EvNoFactory.text(lang).to_string()
                } else {
                    ctx.workspace
                        .with_untracked(|w| crate::pages::parties::party_label(w, id, lang))
                }
            };
            Some(crate::i18n::fill(
                K::FactoryUnloggedDetail.text(lang),
                &[("from", &name(recorded)), ("to", &name(now))],
            ))
        }
        _ => None,
    }
}

/// What a device without the order's money waived of a gate this device (holding it) still
/// asks for, so the person deciding sees who let it through and why.
fn waived_elsewhere(
    ctx: OrderCtx,
    lang: crate::i18n::Lang,
    gate: &gendan_domain::lifecycle::Gate,
) -> Option<String> {
    let said: Vec<String> = ctx.order.with_untracked(|o| {
        lifecycle::waived_without_books(o, gate)
            .into_iter()
            .map(|w| {
                crate::i18n::fill(
                    K::WaivedWithoutBooks.text(lang),
                    &[("who", &w.who), ("reason", &w.reason)],
                )
            })
            .collect()
    });
    (!said.is_empty()).then(|| said.join(" "))
}

#[cfg(test)]
mod tests {
    //! The banner over a real repo: production a factory reported before release is named,
    //! and accepting it with a reason settles it for good; a deposit waived where the books
    //! were not held is asked for again, naming that waiver.
    use super::*;
    use crate::i18n::{I18n, Lang};
    use crate::screen_tests::{click, mount, text_of, type_into, Screen};
    use crate::state::store::provide_store;
    use crate::storage::agenda_tests::author;
    use crate::storage::tests::order;
    use crate::storage::Repo;
    use gendan_domain::production::{ProductionReport, Stage};
    use gendan_domain::OrderStatus;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    /// The banner of order `id`, mounted as the order page does, with its context.
    async fn banner(
        app: &Owner,
        repo: &Repo,
        id: &str,
    ) -> (OrderCtx, Screen<impl leptos::tachys::view::Mountable>) {
        app.with(|| {
            provide_context(I18n(RwSignal::new(Lang::En)));
            provide_store().opened(repo.clone());
        });
        let ctx = app.with(|| OrderCtx::new(id.to_string()));
        ctx.load().await.expect("the order loads");
        (ctx, mount(app, move || view! { <NeedsDecision ctx=ctx/> }))
    }

    /// Settles the first thing the banner asks, with `reason`, and waits for the banner to go.
    async fn settle_with(reason: &str) {
        type_into("decision-reason", reason);
        click("settle");
        for _ in 0..100 {
            if text_of("needs-decision").is_none() {
                break;
            }
            crate::platform::sleep_ms(20).await;
        }
    }

    /// An order confirmed, not released, with 500 pieces cut reported.
    async fn produced_before_release(test: &str, po: &str) -> (Repo, String) {
        let name = format!("gendan-test-{test}-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = repo.create_order(&order(po)).await.expect("created");
        repo.edit_order(&id, |o| {
            o.status = OrderStatus::Confirmed;
            o.production.insert(
                "r1".into(),
                ProductionReport {
                    stage: Stage::Cutting,
                    qty: 500,
                    ..ProductionReport::default()
                },
            );
            Ok(())
        })
        .await
        .expect("reported");
        (repo, id)
    }

    #[wasm_bindgen_test]
    async fn production_reported_before_release_is_named_and_accepted_with_a_reason() {
        let app = Owner::new();
        let (repo, id) = produced_before_release("early-production", "PO-EARLY").await;
        let (ctx, screen) = banner(&app, &repo, &id).await;
        let text = text_of("violation").expect("named");
        assert!(
            text.contains("Production reported (500 pcs)") && text.contains("Confirmed"),
            "{text}"
        );
        settle_with("pilot run for the fit sample").await;
        assert_eq!(text_of("needs-decision"), None, "settled");
        let saved = repo.order(&id).await.expect("reads");
        assert!(saved.gate_overrides.values().any(
            |g| g.gate == "early_production:500" && g.reason == "pilot run for the fit sample"
        ));

        // The factory goes on cutting before release: the banner asks again, naming what was
        // accepted.
        repo.edit_order(&id, |o| {
            o.production.insert(
                "r2".into(),
                ProductionReport {
                    stage: Stage::Cutting,
                    qty: 4_500,
                    ..ProductionReport::default()
                },
            );
            Ok(())
        })
        .await
        .expect("reported");
        // As the order page does when a change lands from elsewhere.
        ctx.load().await.expect("the order loads");
        for _ in 0..100 {
            if text_of("violation").is_some() {
                break;
            }
            crate::platform::sleep_ms(20).await;
        }
        let text = text_of("violation").expect("asked again");
        assert!(
            text.contains("Production reported (5000 pcs) beyond the 500 pcs accepted"),
            "{text}"
        );
        screen.leave();
    }

    /// Production reported before release: the reason accepting it goes onto the order, which
    /// the factory reads, so an amount typed in it is said under it; pieces are not.
    /// On a factory's phone what waits for a decision is shown, and that the office decides:
    /// no reason to type, nothing to settle it with.
    #[wasm_bindgen_test]
    async fn a_factorys_phone_settles_no_decision() {
        let app = Owner::new();
        let (repo, id) = produced_before_release("decision-factory", "PO-EARLY-FACTORY").await;
        let factory = crate::screen_tests::AsFactoryPhone::new();
        let (_, screen) = banner(&app, &repo, &id).await;
        drop(factory);
        assert!(text_of("violation").is_some(), "named");
        assert!(text_of("office-decides").is_some_and(|t| t.contains("office decides")));
        assert!(text_of("settle").is_none());
        assert!(text_of("decision-reason").is_none());
        screen.leave();
    }

    #[wasm_bindgen_test]
    async fn an_amount_in_a_decision_the_factory_reads_is_said() {
        let app = Owner::new();
        let (repo, id) = produced_before_release("decision-money-words", "PO-EARLY-WORDS").await;
        let (_, screen) = banner(&app, &repo, &id).await;
        assert!(text_of("violation").is_some(), "named");
        assert!(text_of("money-words").is_none());
        type_into("decision-reason", "工厂先裁 扣款 3000");
        crate::screen_tests::until(|| text_of("money-words").is_some()).await;
        assert!(text_of("money-words").is_some_and(|t| t.contains("the factory reads")));
        type_into("decision-reason", "12 cartons cut for the pilot run");
        crate::screen_tests::until(|| text_of("money-words").is_none()).await;
        assert!(text_of("money-words").is_none());
        screen.leave();
    }

    /// An order whose deposit a device without its books waived (a factory holding an order
    /// from before orders linked their books): here, where the books are, the deposit is asked
    /// for again, the banner says who waived it and why, and a decision here settles it.
    #[wasm_bindgen_test]
    async fn a_deposit_waived_without_the_books_is_named_and_decided_here() {
        use gendan_domain::lifecycle::GateOverride;
        let app = Owner::new();
        let name = format!("gendan-test-unbooked-waiver-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = repo
            .create_order(&order("PO-UNBOOKED"))
            .await
            .expect("created");
        repo.edit_commercial(&id, |c| {
            c.unit_price = "2".parse().ok();
            c.terms.deposit_bp = 3_000;
            Ok(())
        })
        .await
        .expect("terms");
        repo.edit_order(&id, |o| {
            o.status = OrderStatus::InProduction;
            o.gate_overrides.insert(
                "1:deposit:factory".into(),
                GateOverride {
                    gate: "deposit".into(),
                    reason: "the boss said go".into(),
                    who: "Factory Zhang".into(),
                    at_ms: 1,
                    to: "in_production".into(),
                    without_books: true,
                    ..Default::default()
                },
            );
            // The sample gate was waived where it counts: only the deposit is in question.
            o.gate_overrides.insert(
                "1:sample:pp:office".into(),
                GateOverride {
                    gate: "sample:pp".into(),
                    reason: "buyer approved by mail".into(),
                    who: "office".into(),
                    at_ms: 1,
                    to: "in_production".into(),
                    without_books: false,
                    ..Default::default()
                },
            );
            Ok(())
        })
        .await
        .expect("merged in");
        let (_, screen) = banner(&app, &repo, &id).await;
        let text = text_of("violation").expect("the deposit is asked for");
        assert!(text.contains("deposit not confirmed"), "{text}");
        let said = text_of("violation-detail").expect("the waiver is named");
        assert!(
            said.contains("Waived by Factory Zhang") && said.contains("the boss said go"),
            "{said}"
        );
        // Only the deposit is asked: its reason goes to the books, so an amount is not said.
        type_into("decision-reason", "USD 2,400 by letter of credit");
        crate::platform::sleep_ms(60).await;
        assert!(
            text_of("money-words").is_none(),
            "the books hold these words"
        );
        settle_with("letter of credit covers the deposit").await;
        assert_eq!(text_of("needs-decision"), None, "settled here");
        // The decision is money: kept with the books, not on the order.
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert!(books
            .gate_waivers
            .values()
            .any(|g| g.gate == "deposit" && g.reason == "letter of credit covers the deposit"));
        let saved = repo.order(&id).await.expect("reads");
        assert!(!saved
            .gate_overrides
            .values()
            .any(|g| g.gate == "deposit" && g.who != "Factory Zhang"));
        screen.leave();
    }

    /// A deposit waived on the order as it was is asked for again once the order grew past what
    /// the waiver covered, and the banner names that waiver and says why it no longer counts.
    #[wasm_bindgen_test]
    async fn a_deposit_waived_for_a_smaller_order_is_asked_again_naming_the_waiver() {
        use gendan_domain::lifecycle::{GateOverride, Gates};
        let app = Owner::new();
        let name = format!("gendan-test-outgrown-waiver-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        repo.edit_workspace(|w| {
            w.settings.gates = Gates {
                deposit_before_production: true,
                ..Gates::none()
            };
            Ok(())
        })
        .await
        .expect("rules");
        let id = repo
            .create_order(&order("PO-GROWN"))
            .await
            .expect("created");
        // Ten pieces at 2.00, a 30 % deposit of 6.00 not received, waived at release.
        repo.edit_commercial(&id, |c| {
            c.unit_price = "2".parse().ok();
            c.terms.deposit_bp = 3_000;
            c.receivables.deposit.amount = "6".parse().ok();
            c.receivables.balance.amount = "14".parse().ok();
            c.gate_waivers.insert(
                "1:deposit:li".into(),
                GateOverride {
                    gate: "deposit".into(),
                    reason: "LC at sight".into(),
                    who: "li".into(),
                    at_ms: 1,
                    to: "in_production".into(),
                    // Waived on the ten pieces ordered then.
                    covered: Some(10),
                    ..Default::default()
                },
            );
            Ok(())
        })
        .await
        .expect("books");
        repo.edit_order(&id, |o| {
            o.status = OrderStatus::InProduction;
            Ok(())
        })
        .await
        .expect("released");
        let (_, screen) = banner(&app, &repo, &id).await;
        assert_eq!(text_of("needs-decision"), None, "the waiver covers it");
        screen.leave();

        repo.edit_order(&id, |o| {
            o.quantities.set_qty("c", "s", 100);
            Ok(())
        })
        .await
        .expect("grown");
        let app = Owner::new();
        let (_, screen) = banner(&app, &repo, &id).await;
        let text = text_of("violation").expect("the deposit is asked for again");
        assert!(text.contains("deposit not confirmed"), "{text}");
        let said = text_of("violation-detail").expect("the waiver is named");
        assert!(
            said.contains("Waived before by li") && said.contains("LC at sight"),
            "{said}"
        );
        assert!(said.contains("for less than it asks now"), "{said}");
        settle_with("buyer pays the growth with the balance").await;
        assert_eq!(text_of("needs-decision"), None, "decided again");
        screen.leave();
    }

    /// A shipment that left and was then changed where nobody knew it had left (the merge kept
    /// the change): the banner names it, refuses to accept it without a reason, and accepting
    /// it with one logs the change on the shipment and settles it.
    #[wasm_bindgen_test]
    async fn a_shipment_changed_where_nobody_knew_it_left_is_accepted_only_with_a_reason() {
        use gendan_domain::lifecycle::Gates;
        use gendan_domain::order::cell_key;
        use gendan_domain::shipment::changes::{mark_shipped, ChangeKind};
        use gendan_domain::shipment::Shipment;
        let app = Owner::new();
        let name = format!("gendan-test-unlogged-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        repo.edit_workspace(|w| {
            w.settings.gates = Gates::none();
            Ok(())
        })
        .await
        .expect("no gates");
        let id = repo.create_order(&order("PO-LEFT")).await.expect("created");
        let cell = cell_key("c", "s");
        repo.edit_order(&id, |o| {
            o.status = OrderStatus::Shipped;
            let mut s = Shipment::default();
            s.quantities.insert(cell.clone(), 300);
            mark_shipped(&mut s, "2026-05-20".parse().expect("a day"));
            o.shipments.insert("sh1".into(), s);
            Ok(())
        })
        .await
        .expect("shipped");
        // What a device that did not know it had left wrote, as the merge brings it in.
        repo.edit_order(&id, |o| {
            if let Some(s) = o.shipments.get_mut("sh1") {
                s.quantities.insert(cell.clone(), 280);
            }
            Ok(())
        })
        .await
        .expect("merged in");
        let (_, screen) = banner(&app, &repo, &id).await;
        let text = text_of("violation").expect("named");
        assert!(
            text.contains("changed on a device that did not know it had left"),
            "{text}"
        );
        click("settle");
        crate::screen_tests::until(|| text_of("decision-error").is_some_and(|t| !t.is_empty()))
            .await;
        assert!(text_of("needs-decision").is_some(), "not without a reason");
        settle_with("recount at loading, 20 short").await;
        assert_eq!(text_of("needs-decision"), None, "settled");
        let saved = repo.order(&id).await.expect("reads");
        let s = &saved.shipments["sh1"];
        assert_eq!(s.quantities[cell.as_str()], 280, "nothing typed is lost");
        assert!(s
            .changes
            .values()
            .any(|c| c.kind == ChangeKind::Accepted && c.reason == "recount at loading, 20 short"));
        screen.leave();
    }

    /// A factory moved where nobody knew the goods had left (the merge kept the move): the
    /// banner names both factories, refuses to accept without a reason, and accepting with one
    /// logs the change from the factory the goods left and settles it.
    #[wasm_bindgen_test]
    async fn a_factory_moved_where_nobody_knew_the_goods_left_is_accepted_only_with_a_reason() {
        use gendan_domain::lifecycle::Gates;
        use gendan_domain::workspace::{Party, PartyKind};
        let app = Owner::new();
        let name = format!("gendan-test-factory-unlogged-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        repo.edit_workspace(|w| {
            w.settings.gates = Gates::none();
            for (id, name) in [("f1", "Ningbo Knit"), ("f2", "Shaoxing Sewing")] {
                let p = Party {
                    kind: PartyKind::Factory,
                    name: name.into(),
                    ..Party::default()
                };
                w.parties.insert(id.into(), p);
            }
            Ok(())
        })
        .await
        .expect("parties");
        let id = repo
            .create_order(&order("PO-MOVED"))
            .await
            .expect("created");
        repo.edit_order(&id, |o| {
            o.status = OrderStatus::Shipped;
            o.factory = Some("f1".into());
            gendan_domain::lifecycle::record_shipped(o, "2026-05-20".parse().expect("a day"));
            // What a device that did not know the goods had left wrote, as the merge brings it.
            o.factory = Some("f2".into());
            Ok(())
        })
        .await
        .expect("merged in");
        let (_, screen) = banner(&app, &repo, &id).await;
        let text = text_of("violation").expect("named");
        assert!(
            text.contains("The factory was changed after goods left"),
            "{text}"
        );
        let detail = text_of("violation-detail").expect("both factories named");
        assert!(
            detail.contains("Ningbo Knit") && detail.contains("Shaoxing Sewing"),
            "{detail}"
        );
        click("settle");
        crate::screen_tests::until(|| text_of("decision-error").is_some_and(|t| !t.is_empty()))
            .await;
        assert!(text_of("needs-decision").is_some(), "not without a reason");
        settle_with("Shaoxing sewed the second half").await;
        assert_eq!(text_of("needs-decision"), None, "settled");
        let saved = repo.order(&id).await.expect("reads");
        assert_eq!(
            saved.factory.as_deref(),
            Some("f2"),
            "nothing typed is lost"
        );
        assert!(saved.factory_changes.values().any(|c| c.from == "f1"
            && c.to == "f2"
            && c.reason == "Shaoxing sewed the second half"));
        screen.leave();
    }
}
