//! "Sync with a nearby device" (`#/nearby`): two devices on the same network exchange two codes
//! and sync directly over WebRTC, with no relay and no internet.
//!
//! The steps follow the connection's phase ([`crate::sync::peer::Phase`]): choose a role (and
//! whether money goes too), show this device's code, read the other's, then who and how far.
//! The connection lives in [`crate::state::peers::PeerState`], so leaving this screen does not end it.
//!
//! When both devices reach the relay, the codes can travel through it instead
//! ([`crate::sync::relay_signal`]): one device invites, every other device of the workspace sees
//! the invitation here and may accept; the data then flows device to device.

mod answered;
mod ended;
mod files;
mod flow;
mod invites;
mod start;
mod waiting;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::peer_status::PeerStatusPanel;
use crate::i18n::{use_i18n, K};
use crate::state::peers::{use_peers, PeerState};
use crate::sync::peer::Phase;
use crate::sync::relay_signal::Signal;
use answered::Answered;
use ended::EndedCard;
use files::FilesProgress;
use flow::Flow;
use start::StartCard;
use waiting::WaitingForAnswer;

/// An invitation another device sent through the relay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RelayInvite {
    pub nonce: String,
    pub from: String,
    pub code: String,
}

/// A signal from the relay: an invitation is kept to be shown; an answer to this device's own
/// invitation completes the connection.
pub(crate) fn on_relay_signal(peers: PeerState, data: &[u8]) {
    match Signal::decode(data) {
        Some(Signal::Offer { nonce, from, code }) => {
            if peers.relay_offer.get_untracked().as_deref() == Some(nonce.as_str()) {
                return;
            }
            peers.relay_invites.update(|v| {
                if !v.iter().any(|i| i.nonce == nonce) {
                    v.push(RelayInvite { nonce, from, code });
                }
            });
        }
        Some(Signal::Answer { nonce, code }) => {
            if peers.relay_offer.get_untracked().as_deref() != Some(nonce.as_str()) {
                return;
            }
            peers.relay_offer.set(None);
            if let Some(link) = peers.link.with_value(|p| p.clone()) {
                // Background: an answer that came through the relay; the link's status shows the outcome.
                spawn_local(async move {
                    if let Err(e) = link.accept_answer(&code).await {
                        crate::platform::warn(&format!("answer through the relay refused: {e}"));
                    }
                });
            }
        }
        None => {}
    }
}

#[component]
pub fn NearbyPage() -> impl IntoView {
    let i18n = use_i18n();
    let peers = use_peers();
    let flow = Flow::new();
    let link = move || {
        peers.status.track();
        peers.link.with_value(|p| p.clone())
    };
    let phase = move || peers.status.get().map(|s| s.phase);

    view! {
        <section class="page nearby">
            <a class="back" href=crate::Route::More.href()>"‹ "{move || i18n.t(K::NavMore)}</a>
            <h2>{move || i18n.t(K::NearbyTitle)}</h2>
            <p class="muted">{move || i18n.t(K::NearbyHelp)}</p>
            {move || {
                let link = link();
                match (phase(), link) {
                    (None, _) | (_, None) => view! { <StartCard flow=flow/> }.into_any(),
                    (Some(Phase::WaitingForAnswer), Some(l)) => {
                        view! { <WaitingForAnswer flow=flow link=l/> }.into_any()
                    }
                    (Some(Phase::Connecting), Some(l)) if !l.is_offerer() => {
                        view! { <Answered link=l/> }.into_any()
                    }
                    (Some(Phase::Closed(e)), _) => view! { <EndedCard flow=flow ended=e/> }.into_any(),
                    (Some(_), Some(_)) => view! { <PeerStatusPanel/><FilesProgress/> }.into_any(),
                }
            }}
        </section>
    }
}
