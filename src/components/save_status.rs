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
                    <span class="muted">{format!(" ({})", crate::i18n::count(i18n.0.get(), crate::i18n::PENDING_WRITES, count))}</span>
                </div>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}

/// Inline status next to a Save button. "Saved" is said only of what the form shows: input
/// typed since (or kept from before a reload) is "not saved yet", whatever the last write was.
#[component]
pub fn SaveStatus(
    /// The form holds input that is not saved.
    #[prop(into)]
    unsaved: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    // `unsaved` belongs to the form, which may be gone while the app-wide save state still
    // notifies this text on the way out (a new order page resets it): gone reads as clean.
    let unsaved = move || unsaved.try_get().unwrap_or(false);
    let text = move || match (unsaved(), store.save.get()) {
        (_, SaveState::Saving) => i18n.t(K::Saving),
        (true, _) => i18n.t(K::NotSavedYet),
        (false, SaveState::Saved(_)) => i18n.t(K::SavedAt),
        _ => "",
    };
    view! {
        <span class="save-status" class:unsaved=unsaved aria-live="polite" data-testid="save-status">
            {text}
        </span>
    }
}
