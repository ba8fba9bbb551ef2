//! The link (and QR code) that invites another device into this workspace through the relay;
//! shown only when this device is connected and holds the whole workspace.

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::state::store::use_store;
use crate::state::sync::use_sync;
use crate::sync::settings::Invite;

#[component]
pub fn InviteLink() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let sync = use_sync();
    let invite_link = move || {
        let _ = sync.status.get();
        let settings = sync
            .client
            .with_value(|c| c.as_ref().and_then(|c| c.settings()))?;
        // A device that only holds shared orders cannot invite others into a workspace.
        if !settings.docs.is_empty() {
            return None;
        }
        let workspace = store.repo()?.workspace_id();
        let origin = web_sys::window()?.location().origin().ok()?;
        Some(
            Invite {
                relay: settings.relay,
                token: settings.token,
                workspace: Some(workspace),
                docs: Vec::new(),
                team: None,
            }
            .link(&origin),
        )
    };
    view! {
        <Show when=move || invite_link().is_some()>
            <div class="field">
                <label for="s-invite">{move || i18n.t(K::InviteLink)}</label>
                <textarea id="s-invite" readonly data-testid="invite-link" rows="3" prop:value=move || invite_link().unwrap_or_default()></textarea>
            </div>
            <crate::components::qr_code::QrCode text=Signal::derive(invite_link) label=Signal::derive(move || i18n.t(K::InviteLink).to_string())/>
        </Show>
    }
}
