//! Removing a party or person that orders still use: the ✕ first looks through every order on
//! this device, and when some use it, names them by PO number and asks before removing. Orders
//! keep the name they hold, and screens word a removed party as such, so nothing shows an id.

use gendan_domain::workspace::orders_using;
use gendan_domain::Order;
use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, K};
use crate::state::store::{use_store, Store};

/// The PO numbers of this device's orders for which `uses` holds.
async fn scan(store: Store, uses: Callback<Order, bool>) -> Vec<String> {
    let Some(repo) = store.repo() else {
        return Vec::new();
    };
    let ids: Vec<String> = store
        .summaries
        .with_untracked(|all| all.iter().map(|s| s.id.clone()).collect());
    let mut orders = Vec::new();
    for id in ids {
        // An order that cannot be read is quarantined elsewhere; it cannot be checked here.
        if let Ok(o) = repo.order(&id).await {
            orders.push(o);
        }
    }
    orders_using(&orders, |o| uses.run(o.clone()))
}

#[component]
pub(crate) fn RemoveGuard(
    /// The party's or person's name, for the button's label.
    name: String,
    uses: Callback<Order, bool>,
    on_remove: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let asking = RwSignal::new(None::<Vec<String>>);
    let check = Action::new_local(move |_: &()| async move {
        let pos = scan(store, uses).await;
        if pos.is_empty() {
            on_remove.run(());
        } else {
            asking.set(Some(pos));
        }
    });
    let question = move || {
        asking.get().map(|pos| {
            let lang = i18n.0.get();
            let list = pos.join(", ");
            if pos.len() == 1 {
                fill(K::InUseByOne.text(lang), &[("pos", &list)])
            } else {
                fill(
                    K::InUseBy.text(lang),
                    &[("n", &pos.len().to_string()), ("pos", &list)],
                )
            }
        })
    };
    view! {
        <button class="icon" data-testid="remove" disabled=move || check.pending().get()
            on:click=move |_| { check.dispatch_local(()); }
            aria-label=move || format!("{} {}", i18n.t(K::Remove), name)>"✕"</button>
        <Show when=move || check.pending().get()>
            <p class="muted small in-use" role="status">{move || i18n.t(K::CheckingUse)}</p>
        </Show>
        <Show when=move || asking.with(Option::is_some)>
            <div class="in-use" role="alertdialog" data-testid="in-use">
                <p class="error-text">{question}</p>
                <div class="actions">
                    <button type="button" class="danger" data-testid="remove-anyway"
                        on:click=move |_| { asking.set(None); on_remove.run(()); }>{move || i18n.t(K::RemoveAnyway)}</button>
                    <button type="button" data-testid="remove-cancel" on:click=move |_| asking.set(None)>{move || i18n.t(K::Cancel)}</button>
                </div>
            </div>
        </Show>
    }
}
