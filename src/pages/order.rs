//! One order: the form for its header, quantities, price, dates and status. New orders use the
//! same form. What is typed lives in a draft kept in `sessionStorage` until saved, so a reload
//! (an app update, a crash) never loses input.
//!
//! A saved order also shows its sections (T&A, samples, purchasing, money, production,
//! inspections, shipment, log, history), each a component in `order/`, sharing one
//! [`ctx::OrderCtx`]. The open section is in the address (`#/orders/<id>/<section>`), so a link
//! from Today lands on it and a reload stays on it.

mod complaint;
pub(crate) mod ctx;
mod extras;
mod history;
pub mod inspection;
mod inspections;
mod log;
mod money;
mod nav;
mod payment_form;
mod production;
mod purchasing;
mod samples;
mod shipment;
mod status;
mod tna;

use gendan_domain::draft::OrderDraft;
use gendan_domain::order::{Field, Problem};
use gendan_domain::{Order, OrderStatus};
use gloo_storage::{SessionStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::document_links::DocumentLinks;
use crate::components::field::Field as Input;
use crate::components::quantity_matrix::QuantityMatrix;
use crate::components::save_status::SaveStatus;
use crate::i18n::{issue_key, status_key, use_i18n, K};
use crate::storage::StoreError;
use crate::{navigate, use_app, Route};
use nav::{Section, SectionNav};

fn section_key(id: &str) -> String {
    format!("gendan.section.{id}")
}

/// Opens the order on this section next time (coming back from an inspection, say).
pub(crate) fn remember_section(id: &str, code: &str) {
    let _ = SessionStorage::set(section_key(id), code);
}

/// Whether `code` names a section of the order page (for [`Route::parse`]).
pub(crate) fn is_section(code: &str) -> bool {
    Section::known(code).is_some()
}

fn draft_key(id: &Option<String>) -> String {
    format!("gendan.draft.{}", id.as_deref().unwrap_or("new"))
}

/// Where the order stands while it loads.
#[derive(Clone)]
enum Loaded {
    Loading,
    Ready,
    Missing,
    Damaged(String),
}

#[component]
pub fn OrderPage(
    id: Option<String>,
    /// The section the address names; otherwise the one last open for this order.
    #[prop(optional)]
    section: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let key = draft_key(&id);
    let base = RwSignal::new(Order::new());
    let ctx = id.clone().map(ctx::OrderCtx::new);
    // The form's price and currency live in the commercial document, never in the order: a draft
    // is the order plus the money this device holds for it.
    let fresh = move |o: &Order| {
        OrderDraft::from_order(o)
            .with_money(ctx.and_then(|c| c.commercial.get_untracked()).as_ref())
    };
    let draft = RwSignal::new(fresh(&Order::new()));
    let problems = RwSignal::new(Vec::<Problem>::new());
    let tried = RwSignal::new(false);
    let loaded = RwSignal::new(if id.is_some() {
        Loaded::Loading
    } else {
        Loaded::Ready
    });
    let restored: Option<OrderDraft> = SessionStorage::get(&key).ok();
    if id.is_none() {
        // "Saved" from the previous order must not sit under an empty new form.
        app.save.set(crate::storage::SaveState::Idle);
    }

    let asked = section.as_deref().and_then(Section::known);
    if let (Some(i), Some(s)) = (id.as_deref(), asked) {
        remember_section(i, s.code());
    }
    let section = RwSignal::new(
        asked
            .or_else(|| {
                id.as_deref()
                    .and_then(|i| SessionStorage::get::<String>(section_key(i)).ok())
                    .map(|c| Section::from_code(&c))
            })
            .unwrap_or(Section::Overview),
    );
    if let Some(order_id) = id.clone() {
        let restored = restored.clone();
        spawn_local(async move {
            let Some(repo) = app.repo() else { return };
            // A bookmark or a Today row may name an order that was migrated to a successor.
            if let Some(next) = repo.successor_of(&order_id) {
                navigate(&Route::Order(next));
                return;
            }
            match repo.order(&order_id).await {
                Ok(order) => {
                    if let Some(ctx) = ctx {
                        let _ = ctx.load().await;
                    }
                    draft.set(restored.unwrap_or_else(|| fresh(&order)));
                    base.set(order);
                    loaded.set(Loaded::Ready);
                }
                Err(StoreError::Corrupt(e)) | Err(StoreError::Document(e))
                    if app
                        .summaries
                        .with_untracked(|s| s.iter().any(|x| x.id == order_id)) =>
                {
                    app.refresh();
                    loaded.set(Loaded::Damaged(e));
                }
                Err(_) => loaded.set(Loaded::Missing),
            }
        });
    } else if let Some(d) = restored {
        draft.set(d);
    }

    // Input not saved yet makes leaving the screen ask first (the draft would survive, but a tap
    // on the tab bar by mistake should not leave a half-filled order behind silently).
    // The form differs from what is saved: computed once per change, read by both effects.
    let differs = Memo::new(move |_| {
        let money = ctx.and_then(|c| c.commercial.get());
        let saved = OrderDraft::from_order(&base.get()).with_money(money.as_ref());
        draft.with(|d| *d != saved)
    });
    Effect::new(move |_| {
        let dirty = matches!(loaded.get(), Loaded::Ready) && differs.get();
        app.unsaved.set(dirty);
    });
    on_cleanup(move || app.unsaved.set(false));

    // Keep the draft in sessionStorage while it differs from what is saved.
    let store_key = key.clone();
    Effect::new(move |_| {
        if differs.get() {
            draft.with(|d| {
                let _ = SessionStorage::set(&store_key, d);
            });
        }
    });
    // Re-check as the user types once they have tried to save, so errors clear as they are fixed.
    Effect::new(move |_| {
        let d = draft.get();
        if tried.get_untracked() {
            problems.set(d.to_order().err().unwrap_or_default());
        }
    });

    // Another tab (or device) changed this order: show the latest. A clean form follows it; a form
    // with unsaved input keeps its base, so saving applies only the user's own edits on top.
    let refreshed = RwSignal::new(false);
    let revision = RwSignal::new(0u64);
    if let Some(order_id) = id.clone() {
        Effect::new(move |_| {
            let (n, changed) = app.remote_changes.get();
            if n == 0 || !changed.contains(&order_id) {
                return;
            }
            let order_id = order_id.clone();
            spawn_local(async move {
                let Some(repo) = app.repo() else { return };
                if let Some(ctx) = ctx {
                    let _ = ctx.load().await;
                }
                if let Ok(order) = repo.order(&order_id).await {
                    let clean = !differs.get_untracked();
                    if clean {
                        draft.set(fresh(&order));
                        base.set(order);
                    }
                    refreshed.set(true);
                }
            });
        });
    }

    // After a choice between competing values, show the saved order.
    let reload_id = id.clone();
    let on_resolved = Callback::new(move |_: ()| {
        let Some(order_id) = reload_id.clone() else {
            return;
        };
        spawn_local(async move {
            let Some(repo) = app.repo() else { return };
            if let Ok(order) = repo.order(&order_id).await {
                draft.set(fresh(&order));
                base.set(order);
                revision.update(|r| *r += 1);
            }
        });
    });
    let conflict_id = id.clone();
    // A section saved the order: a clean form follows it, so its next save starts from there.
    if let Some(ctx) = ctx {
        Effect::new(move |_| {
            let order = ctx.order.get();
            if order == Order::new() {
                return;
            }
            let clean = !differs.get_untracked();
            if clean && order != base.get_untracked() {
                draft.set(fresh(&order));
                base.set(order);
            }
        });
    }

    let saving = RwSignal::new(false);
    let id_for_save = id.clone();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let edited = match draft.get_untracked().to_order() {
            Ok(o) => o,
            Err(p) => {
                problems.set(p);
                return;
            }
        };
        problems.set(Vec::new());
        let Some(repo) = app.repo() else { return };
        let typed = draft.get_untracked();
        let price = typed.price().ok().flatten();
        let currency = typed.currency_code();
        let money_changed = typed.money_differs(&fresh(&base.get_untracked()));
        let id = id_for_save.clone();
        let key = key.clone();
        saving.set(true);
        spawn_local(async move {
            match id {
                None => {
                    // Even a new order's first status goes through the lifecycle (and its log).
                    let mut edited = edited;
                    let gates = repo
                        .workspace_value()
                        .map(|w| w.settings.gates)
                        .unwrap_or_default();
                    let start = gendan_domain::lifecycle::start(
                        &mut edited,
                        None,
                        &gates,
                        &ctx::who(),
                        ctx::now_ms(),
                    );
                    if let Err(e) = start {
                        // The select offers only statuses a draft can move to; nothing to say.
                        leptos::logging::warn!("{e}");
                        saving.set(false);
                        return;
                    }
                    if let Ok(new_id) = app.track(repo.create_order(&edited)).await {
                        if money_changed {
                            let money = repo.edit_commercial(&new_id, move |c| {
                                c.unit_price = price;
                                c.currency = currency;
                                Ok(())
                            });
                            if app.track_edit(money).await.is_err() {
                                // The order is saved; the form stays so the price can be saved again.
                                saving.set(false);
                                return;
                            }
                        }
                        SessionStorage::delete(&key);
                        // Saved: going on to the new order is not leaving unsaved input.
                        app.unsaved.set(false);
                        navigate(&Route::Order(new_id));
                    }
                }
                Some(id) => {
                    let b = base.get_untracked();
                    if let Ok(order) = app.track(repo.save_order(&id, &b, &edited)).await {
                        if let Some(ctx) = ctx {
                            ctx.order.set(order.clone());
                            if money_changed
                                && ctx
                                    .edit_commercial(move |c| {
                                        c.unit_price = price;
                                        c.currency = currency;
                                        Ok(())
                                    })
                                    .await
                                    .is_err()
                            {
                                saving.set(false);
                                return;
                            }
                        }
                        SessionStorage::delete(&key);
                        draft.set(fresh(&order));
                        base.set(order);
                        tried.set(false);
                    }
                }
            }
            saving.set(false);
        });
    };

    let error_for = move |f: Field| {
        Signal::derive(move || {
            problems.with(|ps| {
                ps.iter()
                    .find(|p| p.field == f)
                    .map(|p| i18n.t(issue_key(&p.issue)).to_string())
            })
        })
    };
    let text = move |get: fn(&OrderDraft) -> &String| {
        Signal::derive(move || draft.with(|d| get(d).clone()))
    };
    let set = move |put: fn(&mut OrderDraft, String)| {
        Callback::new(move |v: String| draft.update(|d| put(d, v)))
    };
    let label = move |k: K| Signal::derive(move || i18n.t(k).to_string());
    let is_new = id.is_none();
    let export_id = id.clone();
    let export_this = Callback::new(move |_: ()| {
        let Some(order_id) = export_id.clone() else {
            return;
        };
        spawn_local(async move {
            let Some(repo) = app.repo() else { return };
            let po = base.with_untracked(|b| b.customer_po.clone());
            if let Ok(bytes) = repo
                .export_bundle(Some(vec![order_id]), &crate::prefs::device_id())
                .await
            {
                let safe: String = po
                    .chars()
                    .map(|c| {
                        if c.is_alphanumeric() || c == '-' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                crate::files::download(
                    &crate::files::stamped_name(&format!("gendan-{safe}")),
                    "application/octet-stream",
                    &bytes,
                );
            }
        });
    });
    let amount = move || {
        draft.with(|d| {
            let price: Option<gendan_domain::Price> = d.unit_price.parse().ok();
            price
                .and_then(|p| p.times(d.total()))
                .map(|a| format!("{} {a}", d.currency.trim().to_uppercase()))
        })
    };

    let doc_links = id.clone().map(|id| view! { <DocumentLinks id=id/> });
    view! {
        <section class="page">
            <a class="back" href=Route::Orders.href()>{move || format!("← {}", i18n.t(K::Back))}</a>
            {doc_links}
            {move || match loaded.get() {
                Loaded::Loading => view! { <p class="muted">{i18n.t(K::Loading)}</p> }.into_any(),
                Loaded::Missing => view! { <p class="card error" role="alert">{i18n.t(K::OrderNotFound)}</p> }.into_any(),
                Loaded::Damaged(e) => view! {
                    <div class="card error" role="alert" data-testid="order-damaged">
                        <p>{i18n.t(K::OrderDamaged)}</p>
                        <p class="muted">{e}</p>
                    </div>
                }.into_any(),
                Loaded::Ready => view! {
                    // Above the sections: a state no rule allows shows whichever section is open.
                    {ctx.map(|ctx| view! { <status::NeedsDecision ctx=ctx/> })}
                    {ctx.map(|ctx| {
                        let pick = Callback::new(move |s: Section| {
                            section.set(s);
                            remember_section(&ctx.id(), s.code());
                            crate::replace_route(&match s {
                                Section::Overview => Route::Order(ctx.id()),
                                _ => Route::OrderSection(ctx.id(), s.code().to_string()),
                            });
                        });
                        view! { <SectionNav section=section on_pick=pick/> }
                    })}
                    <div class="overview" hidden=move || !is_new && section.get() != Section::Overview>
                    {ctx.map(|ctx| view! { <status::StatusPanel ctx=ctx/> })}
                    <form class="order-form" on:submit=save.clone() novalidate data-testid="order-form" data-new=if is_new { "true" } else { "false" }>
                        <h2>{move || if is_new { i18n.t(K::NavNew).to_string() } else { draft.with(|d| d.customer_po.clone()) }}</h2>
                        {conflict_id.clone().map(|order_id| view! {
                            <crate::components::conflicts::Conflicts id=order_id revision=revision.into() on_resolved=on_resolved/>
                        })}
                        <Show when=move || !problems.with(|p| p.is_empty())>
                            <p class="card error" role="alert" data-testid="form-errors">{move || i18n.t(K::FixErrors)}</p>
                        </Show>
                        <div class="grid">
                            <Input label=label(K::CustomerPo) testid="customer-po" value=text(|d| &d.customer_po)
                                on_input=set(|d, v| d.customer_po = v) error=error_for(Field::CustomerPo)/>
                            <Input label=label(K::Customer) testid="customer" value=text(|d| &d.customer)
                                on_input=set(|d, v| d.customer = v) error=error_for(Field::Customer)/>
                            <Input label=label(K::StyleNo) testid="style-no" value=text(|d| &d.style_no)
                                on_input=set(|d, v| d.style_no = v) error=error_for(Field::StyleNo)/>
                            <Input label=label(K::Description) testid="description" value=text(|d| &d.description)
                                on_input=set(|d, v| d.description = v) error=error_for(Field::Description)/>
                            // A device without the order's money (a factory's) neither sees nor sets prices.
                            <Show when=move || !ctx.is_some_and(|c| c.commercial_elsewhere.get())>
                            <Input label=label(K::UnitPrice) testid="unit-price" inputmode="decimal" value=text(|d| &d.unit_price)
                                on_input=set(|d, v| d.unit_price = v) error=error_for(Field::UnitPrice)/>
                            <Input label=label(K::Currency) testid="currency" value=text(|d| &d.currency)
                                on_input=set(|d, v| d.currency = v) error=error_for(Field::Currency)/>
                            </Show>
                            <Input label=label(K::OrderDate) testid="order-date" kind="date" value=text(|d| &d.order_date)
                                on_input=set(|d, v| d.order_date = v) error=error_for(Field::OrderDate)/>
                            // A saved order's ex-factory date moves only on the T&A screen, with a reason.
                            <Show when=move || is_new fallback=move || {
                                let tna = ctx.map(|c| Route::OrderSection(c.id(), "tna".into()).href()).unwrap_or_default();
                                view! {
                                    <div class="field" data-testid="ex-factory-fixed">
                                        <span class="label">{move || i18n.t(K::ExFactory)}</span>
                                        <span>{move || base.with(|b| b.ex_factory.map(|d| d.to_string()).unwrap_or_else(|| "—".into()))}</span>
                                        <a href=tna>{move || i18n.t(K::ChangeExFactory)}</a>
                                    </div>
                                }
                            }>
                            <Input label=label(K::ExFactory) testid="ex-factory" kind="date" value=text(|d| &d.ex_factory)
                                on_input=set(|d, v| d.ex_factory = v) error=error_for(Field::ExFactory)/>
                            </Show>
                            <Show when=move || is_new>
                            <div class="field">
                                <label for="f-status">{move || i18n.t(K::Status)}</label>
                                <select id="f-status" data-testid="status"
                                    on:change=move |ev| {
                                        if let Some(s) = OrderStatus::from_code(&event_target_value(&ev)) {
                                            draft.update(|d| d.status = s);
                                        }
                                    }>
                                    {move || {
                                        let from = base.with(|b| b.status);
                                        let current = draft.with(|d| d.status);
                                        OrderStatus::ALL.into_iter().filter(|s| from.can_become(*s)).map(|s| view! {
                                            <option value=s.code() selected=s == current>{i18n.t(status_key(s))}</option>
                                        }).collect_view()
                                    }}
                                </select>
                            </div>
                            </Show>
                        </div>
                        <QuantityMatrix draft=draft problems=problems.into()/>
                        <p class="amount" data-testid="amount">
                            {move || amount().map(|a| format!("{}: {a}", i18n.t(K::Amount))).unwrap_or_default()}
                        </p>
                        <div class="actions sticky">
                            <button type="submit" class="primary" data-testid="save" disabled=move || saving.get()>
                                {move || i18n.t(K::Save)}
                            </button>
                            <SaveStatus/>
                        </div>
                        <Show when=move || refreshed.get()>
                            <p class="muted" role="status" data-testid="refreshed">{move || i18n.t(K::ChangedElsewhere)}</p>
                        </Show>
                        {conflict_id.clone().map(|order_id| view! { <crate::components::share_order::ShareOrder id=order_id/> })}
                        <Show when=move || !is_new>
                            <button type="button" data-testid="export-order" on:click=move |_| export_this.run(())>
                                {move || i18n.t(K::ExportOrder)}
                            </button>
                        </Show>
                    </form>
                    {ctx.map(|ctx| view! { <extras::HeaderExtras ctx=ctx/> })}
                    </div>
                    {move || ctx.and_then(|ctx| match section.get() {
                        Section::Overview => None,
                        Section::Tna => Some(view! { <tna::TnaSection ctx=ctx/> }.into_any()),
                        Section::Samples => Some(view! { <samples::SamplesSection ctx=ctx/> }.into_any()),
                        Section::Purchasing => Some(view! { <purchasing::PurchasingSection ctx=ctx/> }.into_any()),
                        Section::Money => Some(view! { <money::MoneySection ctx=ctx/> }.into_any()),
                        Section::Production => Some(view! { <production::ProductionSection ctx=ctx/> }.into_any()),
                        Section::Qc => Some(view! { <inspections::InspectionsSection ctx=ctx/> }.into_any()),
                        Section::Shipment => Some(view! { <shipment::ShipmentSection ctx=ctx/> }.into_any()),
                        Section::Log => Some(view! { <log::LogSection ctx=ctx/> }.into_any()),
                        Section::History => Some(view! { <history::HistorySection ctx=ctx/> }.into_any()),
                    })}
                }.into_any(),
            }}
        </section>
    }
}
