//! Who this device is syncing with and how far it has come: orders sent or received in one go
//! (a bundle, before the sync), documents the other device has confirmed, documents received,
//! "up to date", and the button that ends the connection.

use leptos::prelude::*;

use crate::components::let_in::LetIn;
use crate::i18n::{fill, use_i18n, K};
use crate::listing::fmt_int;
use crate::state::peers::use_peers;
use crate::sync::peer::{PeerStatus, Phase};

#[component]
pub fn PeerStatusPanel() -> impl IntoView {
    let i18n = use_i18n();
    let peers = use_peers();
    let status = move || peers.status.get();
    let name = move || status().map(|s| s.peer_name).unwrap_or_default();
    // While orders go in one go, or while everything waits for a decision or a proof, the sync
    // has not started: its counts would read "0 / 0".
    let syncing = move || {
        status().is_some_and(|s| s.phase == Phase::Connected && s.bundle.is_none() && !s.held())
    };
    let state_text = move || match status() {
        Some(s) if s.phase == Phase::Connected && s.held() => i18n.t(K::NearbyHeld).to_string(),
        Some(s) if s.up_to_date() => i18n.t(K::NearbyUpToDate).to_string(),
        Some(PeerStatus {
            phase: Phase::Connected,
            bundle: Some(b),
            ..
        }) => {
            let key = match b.sending {
                true => K::NearbyBundleSending,
                false => K::NearbyBundleReceiving,
            };
            fill(
                i18n.t(key),
                &[("n", &fmt_int(b.orders)), ("total", &fmt_int(b.of))],
            )
        }
        Some(s) if s.phase == Phase::Connected => i18n.t(K::NearbySyncing).to_string(),
        _ => i18n.t(K::NearbyConnecting).to_string(),
    };
    let progress = move || {
        let p = status().map(|s| s.progress).unwrap_or_default();
        format!(
            "{} / {} {} · {} {}",
            fmt_int(p.confirmed as u64),
            fmt_int(p.documents as u64),
            i18n.t(K::NearbyConfirmed),
            fmt_int(p.received as u64),
            i18n.t(K::NearbyReceived)
        )
    };
    view! {
        <div class="peer-status card" data-testid="nearby-status"
            data-sent-bytes=move || status().map_or(0, |s| s.sent_bytes).to_string()
            data-received-bytes=move || status().map_or(0, |s| s.received_bytes).to_string()
            data-frames-received=move || status().map_or(0, |s| s.frames_received).to_string()>
            <p class="peer-name">
                <span class="muted">{move || i18n.t(K::NearbyWith)}" "</span>
                <strong data-testid="nearby-peer">{name}</strong>
            </p>
            <p role="status" data-testid="nearby-state"
                data-bundle=move || status().and_then(|s| s.bundle).map_or("", |b| match b.sending {
                    true => "sending",
                    false => "receiving",
                })
                data-up-to-date=move || status().is_some_and(|s| s.up_to_date()).to_string()>
                {state_text}
            </p>
            <Show when=syncing>
                <p class="muted" data-testid="nearby-progress">{progress}</p>
            </Show>
            <Show when=move || status().is_some_and(|s| s.factory_outdated)>
                <p class="notice" role="alert" data-testid="nearby-factory-outdated">{move || i18n.t(K::NearbyFactoryOutdated)}</p>
            </Show>
            <Show when=move || status().is_some_and(|s| s.factory_link_unknown)>
                <p class="notice" role="alert" data-testid="nearby-factory-no-link">{move || i18n.t(K::NearbyFactoryNoLink)}</p>
            </Show>
            <Show when=move || status().is_some_and(|s| s.waits_for_office)>
                <p class="notice" role="status" data-testid="nearby-waits-for-office">{move || i18n.t(K::NearbyWaitsForOffice)}</p>
            </Show>
            <Show when=move || status().is_some_and(|s| s.asks_let_in)>
                <LetIn name=Signal::derive(name)/>
            </Show>
            <div class="actions">
                <button type="button" data-testid="nearby-close" on:click=move |_| {
                    if let Some(link) = peers.link.with_value(|p| p.clone()) {
                        link.close();
                    }
                }>{move || i18n.t(K::NearbyClose)}</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    //! The panel says when the other device is a factory's phone too old to sync with, or one
    //! holding no link this device knows.
    use super::*;
    use crate::screen_tests::{mount, text_of};
    use crate::state::peers::provide_peers;

    fn status(factory_outdated: bool) -> PeerStatus {
        status_with(factory_outdated, false)
    }

    /// A device that proved no team key is asked about by name, with both answers; nothing is
    /// asked otherwise.
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_device_proving_no_team_key_is_asked_about() {
        let app = Owner::new();
        let peers = app.with(provide_peers);
        peers.status.set(Some(status(false)));
        let screen = mount(&app, || view! { <PeerStatusPanel/> });
        assert!(text_of("nearby-let-in-ask").is_none());
        screen.leave();
        peers.status.set(Some(PeerStatus {
            asks_let_in: true,
            ..status(false)
        }));
        let screen = mount(&app, || view! { <PeerStatusPanel/> });
        let ask = text_of("nearby-let-in-ask").unwrap_or_default();
        assert!(ask.contains("Factory phone did not prove"), "{ask}");
        assert!(ask.contains("let it in"), "{ask}");
        assert!(text_of("nearby-keep-out").is_some());
        assert!(text_of("nearby-waits-for-office").is_none());
        // Nothing is syncing while the question is open: no "Syncing…" with "0 / 0".
        assert_eq!(
            text_of("nearby-state").as_deref(),
            Some("Waiting: nothing syncs yet")
        );
        assert!(text_of("nearby-progress").is_none());
        screen.leave();
        // A factory's phone says what it waits for.
        peers.status.set(Some(PeerStatus {
            waits_for_office: true,
            ..status(false)
        }));
        let screen = mount(&app, || view! { <PeerStatusPanel/> });
        assert!(text_of("nearby-waits-for-office").is_some_and(|t| t.contains("team's office")));
        assert!(text_of("nearby-let-in-ask").is_none());
        assert_eq!(
            text_of("nearby-state").as_deref(),
            Some("Waiting: nothing syncs yet")
        );
        assert!(text_of("nearby-progress").is_none());
        screen.leave();
        // Once in, it syncs and counts.
        peers.status.set(Some(status(false)));
        let screen = mount(&app, || view! { <PeerStatusPanel/> });
        assert_eq!(text_of("nearby-state").as_deref(), Some("Syncing…"));
        assert!(text_of("nearby-progress").is_some());
        screen.leave();
    }

    fn status_with(factory_outdated: bool, factory_link_unknown: bool) -> PeerStatus {
        PeerStatus {
            phase: Phase::Connected,
            peer_name: "Factory phone".into(),
            progress: Default::default(),
            files: Default::default(),
            sent_bytes: 0,
            received_bytes: 0,
            frames_received: 0,
            queued: 0,
            bundle: None,
            factory_outdated,
            factory_link_unknown,
            asks_let_in: false,
            waits_for_office: false,
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn an_outdated_factorys_phone_is_told_to_update() {
        let app = Owner::new();
        let peers = app.with(provide_peers);
        peers.status.set(Some(status(false)));
        let screen = mount(&app, || view! { <PeerStatusPanel/> });
        assert!(text_of("nearby-factory-outdated").is_none());
        peers.status.set(Some(status(true)));
        screen.leave();
        let screen = mount(&app, || view! { <PeerStatusPanel/> });
        assert!(text_of("nearby-factory-outdated").is_some_and(|t| t.contains("older version")));
        screen.leave();
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_factorys_phone_with_no_known_link_is_said_so() {
        let app = Owner::new();
        let peers = app.with(provide_peers);
        peers.status.set(Some(status(false)));
        let screen = mount(&app, || view! { <PeerStatusPanel/> });
        assert!(text_of("nearby-factory-no-link").is_none());
        screen.leave();
        peers.status.set(Some(status_with(false, true)));
        let screen = mount(&app, || view! { <PeerStatusPanel/> });
        assert!(text_of("nearby-factory-no-link")
            .is_some_and(|t| t.contains("no link this device knows")));
        screen.leave();
    }
}
