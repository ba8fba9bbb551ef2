//! A direct connection to a nearby device, kept above the screens so it outlives the Nearby screen
//! (the user can look at orders while it syncs), and invitations to connect that travel through
//! the relay.

use leptos::prelude::*;

use crate::pages::nearby::RelayInvite;
use crate::sync::peer::{PeerLink, PeerStatus};

#[derive(Clone, Copy)]
pub(crate) struct PeerState {
    pub link: StoredValue<Option<PeerLink>, LocalStorage>,
    pub status: RwSignal<Option<PeerStatus>>,
    /// Invitations to connect directly that other devices sent through the relay.
    pub relay_invites: RwSignal<Vec<RelayInvite>>,
    /// The nonce of this device's own invitation through the relay, while it waits for an answer.
    pub relay_offer: RwSignal<Option<String>>,
}

pub(crate) fn provide_peers() -> PeerState {
    let peers = PeerState {
        link: StoredValue::new_local(None),
        status: RwSignal::new(None),
        relay_invites: RwSignal::new(Vec::new()),
        relay_offer: RwSignal::new(None),
    };
    provide_context(peers);
    peers
}

pub(crate) fn use_peers() -> PeerState {
    expect_context::<PeerState>()
}
