//! The steps of making a nearby connection (start as offerer, answer an offer, take the answer,
//! start again) and the state the screen's parts share while doing so: whether money goes too,
//! whether this device is joining, whether a step is under way, and the last refusal.

use leptos::prelude::*;

use crate::i18n::{use_i18n, I18n, K};
use crate::platform;
use crate::state::peers::{use_peers, PeerState};
use crate::state::store::{use_store, Store};
use crate::state::sync::{use_sync, SyncState};
use crate::sync::peer::{PeerError, PeerLink, PeerStatus};
use crate::sync::peer_meeting::Refusal;
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
        PeerError::Refused(Refusal::OtherTeam) => i18n.t(K::NearbyOtherTeam).into(),
        PeerError::Refused(Refusal::FactoryOfOtherTeam) => i18n.t(K::NearbyFactoryOtherTeam).into(),
        PeerError::Refused(Refusal::BothFactories) => i18n.t(K::NearbyBothFactories).into(),
        PeerError::Refused(Refusal::KeepsTeam) => i18n.t(K::NearbyKeepsTeam).into(),
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

/// What the steps share: the app's contexts and the screen's state. Kept apart from [`Flow`] so
/// the steps' actions can capture it.
#[derive(Clone, Copy)]
struct Parts {
    i18n: I18n,
    store: Store,
    sync: SyncState,
    peers: PeerState,
    money: RwSignal<bool>,
    joining: RwSignal<bool>,
    error: RwSignal<Option<String>>,
}

impl Parts {
    /// The set-up both ends share: open a link (as the offerer, or answering `offer`) with this
    /// screen's money choice and callbacks, and keep it. Returns the code to hand over, or says
    /// why not in the error line.
    async fn connect(self, offer: Option<String>) -> Option<String> {
        let Self {
            i18n,
            store,
            peers,
            money,
            error,
            ..
        } = self;
        let repo = store.repo()?;
        error.set(None);
        let on_status = move |s: PeerStatus| {
            store.flush_remote();
            peers.status.set(Some(s));
        };
        let on_changed = move |ids: Vec<String>| store.remote_changed(ids);
        let money = money.get_untracked();
        let res = match offer {
            None => PeerLink::offer(repo, money, on_status, on_changed).await,
            Some(text) => PeerLink::answer(repo, money, &text, on_status, on_changed).await,
        };
        match res {
            Ok((link, code)) => {
                keep(peers, link);
                Some(code)
            }
            Err(e) => {
                error.set(Some(error_text(i18n, &e)));
                None
            }
        }
    }

    /// As the offerer; through the relay, the offer code also goes out as an invitation.
    async fn start(self, via_relay: bool) {
        let Some(code) = self.connect(None).await else {
            return;
        };
        if via_relay {
            let nonce = hex::encode(platform::random_bytes::<8>());
            let signal = Signal::Offer {
                nonce: nonce.clone(),
                from: crate::sync::peer::local_name(),
                code,
            };
            self.peers.relay_offer.set(Some(nonce));
            if !send_signal(self.sync, &signal) {
                self.peers.relay_offer.set(None);
                self.error.set(Some(self.i18n.t(K::NearbyRelayDown).into()));
            }
        }
    }

    /// Answers an offer; an invitation's answer goes back through the relay with its nonce.
    async fn answer(self, text: String, relay_nonce: Option<String>) {
        let Some(code) = self.connect(Some(text)).await else {
            return;
        };
        self.joining.set(false);
        if let Some(nonce) = relay_nonce {
            if !send_signal(self.sync, &Signal::Answer { nonce, code }) {
                self.error.set(Some(self.i18n.t(K::NearbyRelayDown).into()));
            }
        }
    }

    /// Takes the other device's answer to this device's offer.
    async fn take_answer(self, text: String) {
        let Some(link) = self.peers.link.with_value(|p| p.clone()) else {
            return;
        };
        if let Err(e) = link.accept_answer(&text).await {
            self.error.set(Some(error_text(self.i18n, &e)));
        }
    }
}

#[derive(Clone, Copy)]
pub struct Flow {
    parts: Parts,
    pub money: RwSignal<bool>,
    pub joining: RwSignal<bool>,
    /// A step is under way: the buttons that start another wait.
    pub busy: leptos::prelude::Signal<bool>,
    pub error: RwSignal<Option<String>>,
    starting: Action<bool, ()>,
    answering: Action<(String, Option<String>), ()>,
    taking: Action<String, ()>,
}

impl Flow {
    pub(super) fn new() -> Self {
        let parts = Parts {
            i18n: use_i18n(),
            store: use_store(),
            sync: use_sync(),
            peers: use_peers(),
            money: RwSignal::new(false),
            joining: RwSignal::new(false),
            error: RwSignal::new(None),
        };
        let starting = Action::new_local(move |via_relay: &bool| parts.start(*via_relay));
        let answering = Action::new_local(move |(text, nonce): &(String, Option<String>)| {
            parts.answer(text.clone(), nonce.clone())
        });
        let taking = Action::new_local(move |text: &String| parts.take_answer(text.clone()));
        Self {
            parts,
            money: parts.money,
            joining: parts.joining,
            busy: leptos::prelude::Signal::derive(move || {
                starting.pending().get() || answering.pending().get() || taking.pending().get()
            }),
            error: parts.error,
            starting,
            answering,
            taking,
        }
    }

    /// The relay is reachable, so codes can travel through it.
    pub fn relay_up(self) -> bool {
        matches!(
            self.parts.sync.status.get(),
            SyncStatus::Syncing { .. } | SyncStatus::Synced { .. }
        )
    }

    /// Starts as the offerer; through the relay, the offer code also goes out as an invitation.
    pub fn start(self, via_relay: bool) {
        self.starting.dispatch_local(via_relay);
    }

    /// Answers an offer, typed or scanned, or (with its nonce) an invitation from the relay,
    /// whose answer then goes back the same way.
    pub fn answer_offer(self, text: String, relay_nonce: Option<String>) {
        self.answering.dispatch_local((text, relay_nonce));
    }

    /// Accepts an invitation from the relay: it leaves the list and is answered.
    pub fn accept(self, invite: RelayInvite) {
        self.parts
            .peers
            .relay_invites
            .update(|v| v.retain(|i| i.nonce != invite.nonce));
        self.answer_offer(invite.code, Some(invite.nonce));
    }

    /// Takes the other device's answer to this device's offer.
    pub fn read_answer(self, text: String) {
        self.taking.dispatch_local(text);
    }

    /// Forgets the ended connection so the screen starts over.
    pub fn again(self) {
        self.parts.peers.link.set_value(None);
        self.parts.peers.status.set(None);
        self.joining.set(false);
        self.error.set(None);
    }
}
