//! The offerer's step: show this device's code and read the other's answer (or wait for it to
//! come back through the relay).

use leptos::prelude::*;

use super::flow::Flow;
use crate::components::code_entry::CodeEntry;
use crate::components::peer_code::PeerCode;
use crate::i18n::{use_i18n, K};
use crate::state::peers::use_peers;
use crate::sync::peer::PeerLink;

#[component]
pub fn WaitingForAnswer(flow: Flow, link: PeerLink) -> impl IntoView {
    let i18n = use_i18n();
    let peers = use_peers();
    let read_answer = Callback::new(move |text: String| flow.read_answer(text));
    let code = link.code();
    view! {
        <Show when=move || peers.relay_offer.with(|o| o.is_some())>
            <p class="notice" data-testid="nearby-relay-waiting">{move || i18n.t(K::NearbyRelayWaiting)}</p>
        </Show>
        <PeerCode code=code title=K::NearbyYourOffer/>
        <CodeEntry title=K::NearbyEnterAnswer submit=K::NearbyConnect on_code=read_answer error=flow.error busy=flow.busy/>
        <div class="actions">
            <button type="button" data-testid="nearby-cancel" on:click=move |_| link.close()>{move || i18n.t(K::NearbyClose)}</button>
        </div>
    }
}
