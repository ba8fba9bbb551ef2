//! One order: the form for its header, quantities, price, dates and status. New orders use the
//! same form. What is typed lives in a draft kept in `sessionStorage` until saved, so a reload
//! (an app update, a crash) never loses input.
//!
//! A saved order also shows its sections (T&A, samples, purchasing, money, production,
//! inspections, shipment, log, history), each a component in `order/`, sharing one
//! [`ctx::OrderCtx`]. The open section is in the address (`#/orders/<id>/<section>`), so a link
//! from Today lands on it and a reload stays on it.

mod attachments;
mod body;
mod buyer_confirm;
mod buyer_update;
mod complaint;
pub(crate) mod ctx;
mod draft_notice;
mod export;
pub(crate) mod export_files;
mod extras;
mod form;
mod header_fields;
mod header_form;
mod history;
pub mod inspection;
mod inspections;
mod log;
mod money;
mod nav;
mod payment_form;
mod production;
mod purchasing;
pub(crate) mod restore;
pub(crate) mod samples;
mod save;
mod sections;
pub(crate) mod shipment;
mod status;
mod summary;
mod tna;
mod unmerged;
pub(crate) use unmerged::why_unmerged;

use gendan_domain::draft::OrderDraft;
use gloo_storage::{SessionStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{use_i18n, K};
use crate::route::use_route;
use crate::state::store::use_store;
use crate::state::store::Store;
use crate::storage::StoreError;
use crate::{navigate, Route};
use body::OrderBody;
use form::OrderForm;
use nav::Section;

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

/// How opening the order ended.
#[derive(Clone)]
enum Opened {
    Ready,
    Missing,
    Damaged(String),
    /// Storage is not open, or the page is going on to the order's successor: still "loading".
    NotYet,
}

/// The section to open: the one the address names, else the one last open for this order.
fn opening_section(id: Option<&str>, asked: Option<&str>) -> Section {
    let asked = asked.and_then(Section::known);
    if let (Some(i), Some(s)) = (id, asked) {
        remember_section(i, s.code());
    }
    asked
        .or_else(|| {
            id.and_then(|i| SessionStorage::get::<String>(section_key(i)).ok())
                .map(|c| Section::from_code(&c))
        })
        .unwrap_or(Section::Overview)
}

/// Reads the order (and its sections' documents) into the form; a draft kept from before a
/// reload wins over the saved order.
async fn open(
    store: Store,
    form: OrderForm,
    id: Option<String>,
    restored: Option<OrderDraft>,
) -> Opened {
    let Some(order_id) = id else {
        if let Some(d) = restored {
            form.draft.set(d);
            form.restored.set(true);
        }
        return Opened::Ready;
    };
    let Some(repo) = store.repo() else {
        return Opened::NotYet;
    };
    // A bookmark or a Today row may name an order that was migrated to a successor.
    if let Some(next) = repo.successor_of(&order_id) {
        navigate(&Route::Order(next));
        return Opened::NotYet;
    }
    match repo.order(&order_id).await {
        Ok(order) => {
            if let Some(ctx) = form.ctx {
                let _ = ctx.load().await;
            }
            form.restored.set(restored.is_some());
            form.start(&order, restored);
            form.base.set(order);
            Opened::Ready
        }
        Err(StoreError::Corrupt(e)) | Err(StoreError::Document(e))
            if store
                .summaries
                .with_untracked(|s| s.iter().any(|x| x.id == order_id)) =>
        {
            store.refresh();
            Opened::Damaged(e)
        }
        Err(_) => Opened::Missing,
    }
}

/// Another tab (or device) changed this order, its books or the team's document: show the
/// latest. A clean form follows it; a form with unsaved input keeps its base, so saving applies
/// only the user's own edits on top. The books are their own document, so money paid elsewhere
/// is followed too; so is the workspace, so a supplier suspended elsewhere is said on the open
/// order's cards at once.
fn follow_remote_changes(store: Store, form: OrderForm, order_id: String) {
    Effect::new(move |_| {
        let (n, changed) = store.remote_changes.get();
        let books = form
            .ctx
            .and_then(|c| c.order.with_untracked(|o| o.commercial.clone()));
        let ours = |d: &String| *d == order_id || books.as_ref() == Some(d);
        if n == 0 {
            return;
        }
        let mine = changed.iter().any(ours);
        // The team's document (a supplier suspended, a factory's capacity): the cards that
        // read parties follow it, though the order itself did not change. When the order
        // changed too, its reload below reads the workspace as well.
        if let (false, Some(ctx), Some(repo)) = (mine, form.ctx, store.repo()) {
            if changed.contains(&repo.workspace_id()) {
                if let Ok(ws) = repo.workspace_value() {
                    ctx.workspace.set(ws);
                }
            }
        }
        if !mine {
            return;
        }
        let order_id = order_id.clone();
        // Background reload after another tab or device changed this order.
        spawn_local(async move {
            let Some(repo) = store.repo() else { return };
            if let Some(ctx) = form.ctx {
                let _ = ctx.load().await;
            }
            if let Ok(order) = repo.order(&order_id).await {
                form.follow_if_clean(order);
                form.refreshed.set(true);
            }
        });
    });
}

#[component]
pub fn OrderPage(
    id: Option<String>,
    /// The section the address names; otherwise the one last open for this order.
    #[prop(optional)]
    section: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let nav = use_route();
    let key = draft_key(&id);
    let ctx = id.clone().map(ctx::OrderCtx::new);
    let form = OrderForm::new(ctx);
    let restored: Option<OrderDraft> = SessionStorage::get(&key).ok();
    if id.is_none() {
        // "Saved" from the previous order must not sit under an empty new form.
        store.save.set(crate::storage::SaveState::Idle);
    }
    let section = RwSignal::new(opening_section(id.as_deref(), section.as_deref()));
    let open_id = id.clone();
    let opened = LocalResource::new(move || open(store, form, open_id.clone(), restored.clone()));

    // Input not saved yet makes leaving the screen ask first (the draft would survive, but a tap
    // on the tab bar by mistake should not leave a half-filled order behind silently).
    Effect::new(move |_| {
        let ready = opened.with(|o| matches!(o, Some(Opened::Ready)));
        nav.unsaved.set(ready && form.differs.get());
    });
    on_cleanup(move || nav.unsaved.set(false));
    // Keep the draft in sessionStorage while it differs from what is saved.
    let store_key = key.clone();
    Effect::new(move |_| {
        if form.differs.get() {
            form.draft.with(|d| {
                let _ = SessionStorage::set(&store_key, d);
            });
        }
    });
    // Re-check as the user types once they have tried to save, so errors clear as they are fixed.
    Effect::new(move |_| {
        let d = form.draft.get();
        if form.tried.get_untracked() {
            form.problems.set(d.to_order().err().unwrap_or_default());
        }
    });
    if let Some(order_id) = id.clone() {
        follow_remote_changes(store, form, order_id);
    }
    // A section saved the order: a clean form follows it, so its next save starts from there.
    if let Some(ctx) = ctx {
        // The books changed (a quote's price applied on Money, money edited elsewhere): the
        // form's price follows unless it is being typed.
        Effect::new(move |_| {
            ctx.commercial.track();
            form.follow_money();
        });
        Effect::new(move |_| {
            let order = ctx.order.get();
            if order != gendan_domain::Order::new() && order != form.base.get_untracked() {
                form.follow_if_clean(order);
            }
        });
    }

    let loading = move || view! { <p class="muted">{i18n.t(K::Loading)}</p> };
    view! {
        <section class="page">
            <a class="back" href=Route::Orders.href()>{move || format!("← {}", i18n.t(K::Back))}</a>
            <Suspense fallback=loading>
                {move || opened.get().map(|o| match o {
                    Opened::NotYet => loading().into_any(),
                    Opened::Missing => view! { <p class="card error" role="alert">{i18n.t(K::OrderNotFound)}</p> }.into_any(),
                    Opened::Damaged(e) => view! {
                        <div class="card error" role="alert" data-testid="order-damaged">
                            <p>{i18n.t(K::OrderDamaged)}</p>
                            <p class="muted">{e}</p>
                        </div>
                        {id.clone().map(|id| view! {
                            <restore::RestoreCard id=id target=restore::Target::Order on_restored=Callback::new(move |()| opened.refetch())/>
                        })}
                    }.into_any(),
                    Opened::Ready => view! {
                        <OrderBody form=form id=id.clone() draft_key=key.clone() section=section/>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
