//! Records set aside as damaged when loading, each downloadable as raw bytes for recovery.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{use_i18n, K};
use crate::state::store::use_store;

#[component]
pub fn Quarantine() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    view! {
        <h3>{move || i18n.t(K::Quarantined)}</h3>
        <ul class="quarantine" data-testid="quarantine-list">
            <For each=move || store.quarantined.get() key=|q| q.id.clone() let:q>
                {
                    let id = q.id.clone();
                    view! {
                        <li class="card" data-testid="quarantined">
                            <code class="wrap">{q.id.clone()}</code>
                            <p class="error-text">{q.error.clone()}</p>
                            <p class="muted">{format!("{} B", q.bytes)}</p>
                            <button on:click=move |_| {
                                let id = id.clone();
                                // Fire and forget: the download is the only outcome.
                                spawn_local(async move {
                                    if let Some(repo) = store.repo() {
                                        if let Ok(bytes) = repo.quarantined_bytes(&id).await {
                                            crate::files::download(&format!("gendan-{id}.automerge"), "application/octet-stream", &bytes);
                                        }
                                    }
                                });
                            }>{move || i18n.t(K::DownloadBytes)}</button>
                        </li>
                    }
                }
            </For>
        </ul>
        <Show when=move || store.quarantined.with(|q| q.is_empty())>
            <p class="muted">{move || i18n.t(K::NoneQuarantined)}</p>
        </Show>
    }
}
