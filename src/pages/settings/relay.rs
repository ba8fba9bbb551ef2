//! Sync through the relay: how it is going, photos still to send, and the relay's address and
//! access token to connect with (or stop).

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::state::sync::use_sync;
use crate::sync::settings::{default_relay, SyncSettings};

#[component]
pub fn RelayForm() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let current = sync
        .client
        .with_value(|c| c.as_ref().and_then(|c| c.settings()));
    let relay = RwSignal::new(
        current
            .as_ref()
            .map(|s| s.relay.clone())
            .unwrap_or_else(default_relay),
    );
    let token = RwSignal::new(
        current
            .as_ref()
            .map(|s| s.token.clone())
            .unwrap_or_default(),
    );

    let invalid = RwSignal::new(false);
    view! {
        <h3>{move || i18n.t(K::SyncTitle)}</h3>
        <p data-testid="sync-status-text" role="status">{move || crate::components::sync_chip::describe(i18n, &sync.status.get())}</p>
        // What this device is, so a phone that opened a factory's link is not taken for a team
        // device (it keeps that role after "stop syncing", until a team invite).
        <Show when=move || { sync.status.track(); SyncSettings::is_factory_device() }>
            <p class="notice" data-testid="settings-factory-role">{move || i18n.t(K::SettingsFactoryRole)}</p>
        </Show>
        <Show when=move || sync.status.get() == crate::sync::SyncStatus::NoRoom>
            <p class="error-text" role="alert" data-testid="relay-no-room">{move || i18n.t(K::RelayNoRoomDocs)}</p>
        </Show>
        <Show when=move || { sync.blobs_waiting.get() > 0 }>
            <p data-testid="settings-photos-waiting">{move || crate::i18n::count(i18n.0.get(), crate::i18n::PHOTOS_WAITING, sync.blobs_waiting.get())}</p>
            <Show when=move || sync.relay_full.get()>
                // A factory's phone is refused at its link's part, not at the workspace's room.
                <p class="error-text" role="alert" data-testid="relay-full">{move || i18n.t(match SyncSettings::is_factory_device() {
                    true => K::RelayFullLink,
                    false => K::RelayFull,
                })}</p>
            </Show>
        </Show>
        // A factory's phone moving to another relay address keeps what its token was shared
        // for and its team: reconnecting must not make it a team device
        // (`SyncSettings::scope_kept`).
        <form class="sync-form" on:submit=move |ev| {
            ev.prevent_default();
            let settings = SyncSettings { relay: relay.get_untracked().trim().to_string(), token: token.get_untracked().trim().to_string(), docs: Vec::new(), team: None }.scope_kept(current.as_ref());
            invalid.set(!settings.relay.is_empty() && !settings.relays_valid());
            if invalid.get_untracked() {
                return;
            }
            if let Some(client) = sync.client.with_value(|c| c.clone()) {
                client.configure((!settings.relay.is_empty() && !settings.token.is_empty()).then_some(settings));
            }
        }>
            <div class="field">
                <label for="s-relay">{move || i18n.t(K::RelayAddress)}</label>
                <input id="s-relay" data-testid="relay-address" inputmode="url" aria-describedby="s-relay-hint" prop:value=relay on:input=move |ev| relay.set(event_target_value(&ev))/>
                <p id="s-relay-hint" class="muted small">{move || i18n.t(K::RelayAddressHint)}</p>
                <Show when=move || invalid.get()>
                    <p class="error-text" role="alert" data-testid="relay-address-invalid">{move || i18n.t(K::RelayAddressInvalid)}</p>
                </Show>
            </div>
            <div class="field">
                <label for="s-token">{move || i18n.t(K::AccessToken)}</label>
                <input id="s-token" data-testid="relay-token" autocomplete="off" prop:value=token on:input=move |ev| token.set(event_target_value(&ev))/>
            </div>
            <div class="actions">
                <button type="submit" class="primary" data-testid="sync-connect">{move || i18n.t(K::Connect)}</button>
                <button type="button" data-testid="sync-stop" on:click=move |_| {
                    if let Some(client) = sync.client.with_value(|c| c.clone()) {
                        client.configure(None);
                    }
                }>{move || i18n.t(K::StopSync)}</button>
            </div>
        </form>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    //! Files the relay takes no more of are said as the office's room full, or, on a factory's
    //! phone, as its link's part full.
    use super::*;
    use crate::screen_tests::{mount, text_of, AsFactoryPhone};

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_factorys_phone_refused_at_its_links_part_is_told_so() {
        let app = Owner::new();
        let sync = app.with(crate::state::sync::provide_sync);
        sync.blobs_waiting.set(2);
        sync.relay_full.set(true);
        let screen = mount(&app, || view! { <RelayForm/> });
        let said = text_of("relay-full").unwrap_or_default();
        assert!(said.contains("this workspace's files"), "{said}");
        screen.leave();
        let factory = AsFactoryPhone::new();
        let screen = mount(&app, || view! { <RelayForm/> });
        let said = text_of("relay-full").unwrap_or_default();
        drop(factory);
        assert!(said.contains("this phone's link"), "{said}");
        screen.leave();
    }
}
