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
    // The row may be gone by now (the screen left, or the party edited on another device): its
    // question is then nobody's, and what it answers is not used.
    orders_using(&orders, |o| uses.try_run(o.clone()).unwrap_or(false))
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
            // Not removed when the row went away during the check: nobody saw it happen.
            let _ = on_remove.try_run(());
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

#[cfg(test)]
mod tests {
    //! The check before a removal when the row goes away meanwhile (the screen left, or the
    //! party edited on another device).
    use super::*;
    use crate::screen_tests::{click, mount, panicked};
    use crate::state::store::provide_store;
    use crate::storage::agenda_tests::author;
    use crate::storage::tests::order;
    use crate::storage::Repo;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_row_left_during_the_check_removes_nothing_and_does_not_panic() {
        let name = format!("gendan-test-in-use-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        for i in 0..100 {
            repo.create_order(&order(&format!("PO-{i}")))
                .await
                .expect("created");
        }
        // Opened again, nothing is in memory: the check reads every order from IndexedDB.
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let app = Owner::new();
        app.with(|| provide_store().opened(repo));
        let (asked, removed) = (Arc::new(AtomicU32::new(0)), Arc::new(AtomicU32::new(0)));
        let (a, r) = (asked.clone(), removed.clone());
        let row = mount(&app, move || {
            let uses = Callback::new(move |_: Order| {
                a.fetch_add(1, Ordering::SeqCst);
                false
            });
            let on_remove = Callback::new(move |_: ()| {
                r.fetch_add(1, Ordering::SeqCst);
            });
            view! { <RemoveGuard name="Hengli".to_string() uses=uses on_remove=on_remove/> }
        });
        click("remove");
        // Left while the orders are read: one turn of the event loop starts the check, and
        // reading a hundred orders takes many more (a fixed wait could outlast the reading on a
        // busy machine, and the test would then ask what it means to show is never asked).
        crate::platform::sleep_ms(0).await;
        row.leave();
        // Long enough for the check to read every order (well under a second here).
        crate::platform::sleep_ms(3000).await;
        assert!(!panicked(), "no panic");
        assert_eq!(
            asked.load(Ordering::SeqCst),
            0,
            "a gone row's question is not asked"
        );
        assert_eq!(
            removed.load(Ordering::SeqCst),
            0,
            "nothing removed out of sight"
        );
    }
}
