//! The steps of making a nearby connection (start as offerer, answer an offer, take the answer,
//! start again) and the state the screen's parts share while doing so: whether money goes too,
//! whether this device is joining, whether a step is under way, and the last refusal.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{use_i18n, I18n, K};
use crate::platform;
use crate::state::peers::{use_peers, PeerState};
use crate::state::store::{use_store, Store};
use crate::state::sync::{use_sync, SyncState};
use crate::sync::peer::{PeerError, PeerLink};
use crate::sync::relay_signal::Signal;
use crate::sync::signal::{CodeError, CodeKind};
use crate::sync::SyncStatus;

use super::RelayInvite;

fn send_signal(sync: SyncState, s: &Signal) -> bool {
    sync.client
        .with_value(|c| c.clone())
        .is_some_and(|c| c.send_signal(s.encode()))
}

/// A refused code or a failed start, in the user's language.
fn error_text(i18n: I18n, e: &PeerError) -> String {
    match e {
        PeerError::Code(CodeError::Empty) => i18n.t(K::CodeEmpty).into(),
        PeerError::Code(CodeError::NotACode) => i18n.t(K::CodeNotACode).into(),
        PeerError::Code(CodeError::NewerVersion) => i18n.t(K::CodeNewer).into(),
        PeerError::Code(CodeError::WrongKind {
            expected: CodeKind::Offer,
            ..
        }) => i18n.t(K::CodeWantOffer).into(),
        PeerError::Code(CodeError::WrongKind { .. }) => i18n.t(K::CodeWantAnswer).into(),
        PeerError::Code(CodeError::Damaged) => i18n.t(K::CodeDamaged).into(),
        PeerError::Code(CodeError::Sdp(_)) => i18n.t(K::CodeNoNetwork).into(),
        other => format!("{} {other}", i18n.t(K::NearbyFailed)),
    }
}

/// Keeps a new connection in the app state, replacing (and closing) any earlier one.
fn keep(peers: PeerState, link: PeerLink) {
    if let Some(old) = peers.link.with_value(|p| p.clone()) {
        old.close();
    }
    peers.status.set(Some(link.status()));
    peers.link.set_value(Some(link));
}

#[derive(Clone, Copy)]
pub struct Flow {
    i18n: I18n,
    store: Store,
    sync: SyncState,
    peers: PeerState,
    pub money: RwSignal<bool>,
    pub joining: RwSignal<bool>,
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
}

impl Flow {
    pub(super) fn new() -> Self {
        Self {
            i18n: use_i18n(),
            store: use_store(),
            sync: use_sync(),
            peers: use_peers(),
            money: RwSignal::new(false),
            joining: RwSignal::new(false),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// The relay is reachable, so codes can travel through it.
    pub fn relay_up(self) -> bool {
        matches!(
            self.sync.status.get(),
            SyncStatus::Syncing { .. } | SyncStatus::Synced { .. }
        )
    }

    /// Starts as the offerer; through the relay, the offer code also goes out as an invitation.
    pub fn start(self, via_relay: bool) {
        let Self {
            i18n,
            store,
            sync,
            peers,
            money,
            busy,
            error,
            ..
        } = self;
        let Some(repo) = store.repo() else { return };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let res = PeerLink::offer(
                repo,
                money.get_untracked(),
                move |s| peers.status.set(Some(s)),
                move |ids| store.remote_changed(ids),
            )
            .await;
            busy.set(false);
            match res {
                Ok((link, code)) => {
                    keep(peers, link);
                    if via_relay {
                        let nonce = hex::encode(platform::random_bytes::<8>());
                        let signal = Signal::Offer {
                            nonce: nonce.clone(),
                            from: crate::sync::peer::local_name(),
                            code,
                        };
                        peers.relay_offer.set(Some(nonce));
                        if !send_signal(sync, &signal) {
                            peers.relay_offer.set(None);
                            error.set(Some(i18n.t(K::NearbyRelayDown).into()));
                        }
                    }
                }
                Err(e) => error.set(Some(error_text(i18n, &e))),
            }
        });
    }

    /// Answers an offer, typed or scanned, or (with its nonce) an invitation from the relay,
    /// whose answer then goes back the same way.
    pub fn answer_offer(self, text: String, relay_nonce: Option<String>) {
        let Self {
            i18n,
            store,
            sync,
            peers,
            money,
            joining,
            busy,
            error,
        } = self;
        let Some(repo) = store.repo() else { return };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let res = PeerLink::answer(
                repo,
                money.get_untracked(),
                &text,
                move |s| peers.status.set(Some(s)),
                move |ids| store.remote_changed(ids),
            )
            .await;
            busy.set(false);
            match res {
                Ok((link, code)) => {
                    joining.set(false);
                    keep(peers, link);
                    if let Some(nonce) = relay_nonce {
                        if !send_signal(sync, &Signal::Answer { nonce, code }) {
                            error.set(Some(i18n.t(K::NearbyRelayDown).into()));
                        }
                    }
                }
                Err(e) => error.set(Some(error_text(i18n, &e))),
            }
        });
    }

    /// Accepts an invitation from the relay: it leaves the list and is answered.
    pub fn accept(self, invite: RelayInvite) {
        self.peers
            .relay_invites
            .update(|v| v.retain(|i| i.nonce != invite.nonce));
        self.answer_offer(invite.code, Some(invite.nonce));
    }

    /// Takes the other device's answer to this device's offer.
    pub fn read_answer(self, text: String) {
        let Self {
            i18n,
            peers,
            busy,
            error,
            ..
        } = self;
        let Some(link) = peers.link.with_value(|p| p.clone()) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let res = link.accept_answer(&text).await;
            busy.set(false);
            if let Err(e) = res {
                error.set(Some(error_text(i18n, &e)));
            }
        });
    }

    /// Forgets the ended connection so the screen starts over.
    pub fn again(self) {
        self.peers.link.set_value(None);
        self.peers.status.set(None);
        self.joining.set(false);
        self.error.set(None);
    }
}
