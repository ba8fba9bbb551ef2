//! Freeing space, asked first: the button says how much, the question says that the files stay
//! on the relay and come back when shown online, and only then are local copies dropped (each
//! after the relay confirms it still holds it).

use leptos::prelude::*;

use super::size_text;
use crate::i18n::{fill, use_i18n, K};
use crate::state::store::use_store;

#[component]
pub fn FreeConfirm(
    /// The closed orders whose droppable files go.
    orders: Vec<String>,
    /// What dropping them frees, as measured.
    bytes: u64,
    /// The button's words (`{size}` is filled in).
    label: K,
    testid: &'static str,
    /// Told what happened, in words.
    done: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let asking = RwSignal::new(false);
    let orders = StoredValue::new(orders);
    let free = Action::new_local(move |_: &()| {
        let repo = store.repo();
        let ids = orders.get_value();
        async move {
            let Some(repo) = repo else { return };
            let held = async |h: &str| crate::sync::blobs::relay_holds(h).await;
            let result = repo.free_closed(&ids, held).await;
            let lang = i18n.0.get_untracked();
            let said = match result {
                Ok(f) if f.dropped.is_empty() => K::BlobFreeUnconfirmed.text(lang).to_string(),
                Ok(f) => fill(K::BlobFreed.text(lang), &[("size", &size_text(f.bytes))]),
                Err(e) => format!("{} {e}", K::BlobFreeFailed.text(lang)),
            };
            // Settings may have been left while the relay was asked about every photo.
            let _ = done.try_run(said);
        }
    });
    let size = move || size_text(bytes);
    view! {
        <Show
            when=move || asking.get()
            fallback=move || view! {
                <button type="button" class="blob-free" data-testid=testid on:click=move |_| asking.set(true)>
                    {move || fill(i18n.t(label), &[("size", &size())])}
                </button>
            }
        >
            <div class="card blob-confirm" role="alertdialog" data-testid="blob-free-confirm">
                <p>{move || fill(i18n.t(K::BlobFreeConfirm), &[("size", &size())])}</p>
                <div class="blob-actions">
                    <button type="button" class="primary" data-testid="blob-free-yes"
                        disabled=move || free.pending().get()
                        on:click=move |_| { free.dispatch(()); }>{move || i18n.t(K::BlobFreeYes)}</button>
                    <button type="button" data-testid="blob-free-cancel" on:click=move |_| asking.set(false)>{move || i18n.t(K::Cancel)}</button>
                </div>
            </div>
        </Show>
    }
}
