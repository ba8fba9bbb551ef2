//! The save indicator: quiet when all is on disk, loud when writes wait in memory.

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::state::store::use_store;
use crate::storage::SaveState;

#[component]
pub fn SaveBanner() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    move || match store.save.get() {
        SaveState::Pending { count, error } => {
            let msg = if error == "quota" {
                i18n.t(K::QuotaFull).to_string()
            } else {
                format!("{} {error}", i18n.t(K::WriteFailed))
            };
            view! {
                <div class="banner warn" role="alert" data-testid="save-pending">
                    <span>{msg}</span>
                    <span class="muted">{format!(" ({count} {})", i18n.t(K::PendingWrites))}</span>
                </div>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}

/// Inline status next to a Save button.
#[component]
pub fn SaveStatus() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    view! {
        <span class="save-status" aria-live="polite" data-testid="save-status">
            {move || match store.save.get() {
                SaveState::Saving => i18n.t(K::Saving).to_string(),
                SaveState::Saved(_) => i18n.t(K::SavedAt).to_string(),
                _ => String::new(),
            }}
        </span>
    }
}
