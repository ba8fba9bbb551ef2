//! How much the browser lets this app keep, whether it may be evicted, and writes not yet saved;
//! then what photos and files take per order, and freeing closed orders' copies (`storage/`).

mod free_confirm;
mod order_row;
mod usage;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{use_i18n, K};
use crate::pwa::{storage_report, StorageReport};
use crate::state::store::use_store;

fn megabytes(b: f64) -> String {
    format!("{:.1} MB", b / 1_000_000.0)
}

/// A blob size as people read it: kilobytes under a megabyte, else megabytes.
fn size_text(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1_000))
    } else {
        megabytes(bytes as f64)
    }
}

#[component]
pub fn StorageUse() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let report = RwSignal::new(None::<StorageReport>);
    // Background read of the browser's storage estimate, shown once it arrives.
    spawn_local(async move { report.set(Some(storage_report().await)) });
    view! {
        <h3>{move || i18n.t(K::StorageUse)}</h3>
        <div data-testid="storage-report">
            {move || match report.get() {
                None => i18n.t(K::Loading).to_string().into_any(),
                Some(r) => {
                    let usage = match (r.used, r.quota) {
                        (Some(u), Some(q)) => format!("{} {} {} {}", megabytes(u), i18n.t(K::StorageUsed), i18n.t(K::StorageOf), megabytes(q)),
                        _ => i18n.t(K::StorageUnknown).to_string(),
                    };
                    let persisted = if r.persisted { i18n.t(K::StoragePersisted) } else { i18n.t(K::StorageNotPersisted) };
                    view! { <p>{usage}</p><p class="muted">{persisted}</p> }.into_any()
                }
            }}
        </div>
        <Show when=move || store.repo().is_some_and(|r| r.pending_count() > 0) || matches!(store.save.get(), crate::storage::SaveState::Pending { .. })>
            <p class="error-text">{move || crate::i18n::count(i18n.0.get(), crate::i18n::PENDING_WRITES, store.repo().map_or(0, |r| r.pending_count()))}</p>
        </Show>
        <usage::BlobUsage/>
    }
}
