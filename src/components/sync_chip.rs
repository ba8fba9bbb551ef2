//! The always-visible sync state: offline, connecting, syncing (with how many documents wait
//! for the relay), synced at HH:MM, or a relay with no room for the changes, with the photos
//! still to send and whether the relay has no room for them.

use leptos::prelude::*;

use crate::i18n::{use_i18n, I18n, K};
use crate::state::sync::use_sync;
use crate::sync::SyncStatus;

/// The status as a short sentence, shared by the chip and the Settings page.
pub fn describe(i18n: I18n, s: &SyncStatus) -> String {
    match s {
        SyncStatus::Off => i18n.t(K::SyncOff).to_string(),
        SyncStatus::Offline => i18n.t(K::SyncOffline).to_string(),
        SyncStatus::Connecting => i18n.t(K::SyncConnecting).to_string(),
        SyncStatus::Syncing { unconfirmed } => format!(
            "{} {}",
            i18n.t(K::SyncWaiting),
            crate::i18n::count(i18n.0.get(), crate::i18n::SYNC_DOCS, *unconfirmed)
        ),
        SyncStatus::Synced { at_ms } => format!(
            "{} {}",
            i18n.t(K::SyncedAt),
            crate::platform::local_hh_mm(*at_ms)
        ),
        SyncStatus::Retrying { reason } if reason.is_empty() => i18n.t(K::SyncRetrying).to_string(),
        SyncStatus::Retrying { reason } => format!("{} ({reason})", i18n.t(K::SyncRetrying)),
        SyncStatus::NoRoom => i18n.t(K::SyncNoRoom).to_string(),
        SyncStatus::Refused => i18n.t(K::SyncRefused).to_string(),
    }
}

#[component]
pub fn SyncChip() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let class = move || match sync.status.get() {
        _ if sync.relay_full.get() && sync.blobs_waiting.get() > 0 => "sync-chip warn",
        SyncStatus::Synced { .. } => "sync-chip ok",
        SyncStatus::Syncing { .. } | SyncStatus::Connecting => "sync-chip busy",
        SyncStatus::Off => "sync-chip off",
        _ => "sync-chip warn",
    };
    view! {
        <Show when=move || sync.status.get() != SyncStatus::Off>
            <a href="#/settings" class=class data-testid="sync-chip" role="status" aria-live="polite">
                {move || describe(i18n, &sync.status.get())}
                {move || match sync.blobs_waiting.get() {
                    0 => None,
                    n => Some(view! {
                        <span class="photos-waiting" data-testid="photos-waiting">
                            {format!(" · {}", crate::i18n::count(i18n.0.get(), crate::i18n::PHOTOS_WAITING, n))}
                        </span>
                        // Said where it is always seen: photos that cannot leave this device
                        // until whoever runs the relay makes room (the reason is in Settings).
                        <Show when=move || sync.relay_full.get()>
                            <span class="relay-full" data-testid="chip-relay-full">{move || format!(" · {}", i18n.t(K::RelayFullShort))}</span>
                        </Show>
                    }),
                }}
            </a>
        </Show>
    }
}
