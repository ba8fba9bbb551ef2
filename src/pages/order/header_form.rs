//! The order's header form (also the whole page for a new order): checks the draft, saves it,
//! and offers the choices between competing values, sharing and export of a saved order.

use gendan_domain::Order;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::draft_notice::DraftNotice;
use super::export::ExportOrder;
use super::form::OrderForm;
use super::header_fields::HeaderFields;
use super::save::save_order;
use crate::components::quantity_matrix::QuantityMatrix;
use crate::components::save_status::SaveStatus;
use crate::i18n::{use_i18n, K};
use crate::route::use_route;
use crate::state::store::use_store;

#[component]
pub fn HeaderForm(
    form: OrderForm,
    /// The saved order's id; `None` for a new order.
    id: Option<String>,
    /// Where the draft waits in `sessionStorage` until it is saved.
    draft_key: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let nav = use_route();
    let OrderForm {
        draft,
        problems,
        tried,
        refreshed,
        revision,
        ..
    } = form;
    let is_new = id.is_none();
    let save_id = id.clone();
    let notice_key = draft_key.clone();
    let save_action = Action::new_local(move |edited: &Order| {
        save_order(
            form,
            store,
            nav,
            save_id.clone(),
            draft_key.clone(),
            edited.clone(),
        )
    });
    let saving = save_action.pending();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        match draft.get_untracked().to_order() {
            Ok(edited) => {
                problems.set(Vec::new());
                save_action.dispatch_local(edited);
            }
            Err(p) => problems.set(p),
        }
    };
    // After a choice between competing values, show the saved order.
    let reload_id = StoredValue::new(id.clone());
    let on_resolved = Callback::new(move |_: ()| {
        let Some(Some(order_id)) = reload_id.try_get_value() else {
            return;
        };
        // Background reload: the saved order after a choice between competing values.
        spawn_local(async move {
            let Some(repo) = store.repo() else { return };
            if let Ok(order) = repo.order(&order_id).await {
                form.follow(order);
                revision.update(|r| *r += 1);
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
    view! {
        <form class="order-form" on:submit=save novalidate data-testid="order-form" data-new=if is_new { "true" } else { "false" }>
            <h2>{move || if is_new { i18n.t(K::NavNew).to_string() } else { draft.with(|d| d.customer_po.clone()) }}</h2>
            {id.clone().map(|order_id| view! {
                <crate::components::conflicts::Conflicts id=order_id revision=revision.into() on_resolved=on_resolved/>
            })}
            <Show when=move || !problems.with(|p| p.is_empty())>
                <p class="card error" role="alert" data-testid="form-errors">{move || i18n.t(K::FixErrors)}</p>
            </Show>
            <DraftNotice form=form draft_key=notice_key.clone()/>
            <HeaderFields form=form is_new=is_new/>
            <QuantityMatrix draft=draft problems=problems.into()/>
            <p class="amount" data-testid="amount">
                {move || amount().map(|a| format!("{}: {a}", i18n.t(K::Amount))).unwrap_or_default()}
            </p>
            <div class="actions sticky">
                <button type="submit" class="primary" data-testid="save" disabled=move || saving.get()>
                    {move || i18n.t(K::Save)}
                </button>
                <SaveStatus unsaved=form.differs/>
            </div>
            <Show when=move || refreshed.get()>
                <p class="muted" role="status" data-testid="refreshed">{move || i18n.t(K::ChangedElsewhere)}</p>
            </Show>
            {id.clone().map(|order_id| view! { <crate::components::share_order::ShareOrder id=order_id/> })}
            {id.map(|order_id| view! { <ExportOrder id=order_id base=form.base/> })}
        </form>
    }
}
