//! The answering device's step: show its answer code for the offerer to read, and how the
//! connection is going.

use leptos::prelude::*;

use crate::components::peer_code::PeerCode;
use crate::components::peer_status::PeerStatusPanel;
use crate::i18n::{use_i18n, K};
use crate::sync::peer::PeerLink;

#[component]
pub fn Answered(link: PeerLink) -> impl IntoView {
    let i18n = use_i18n();
    let joins = link.joins_other_workspace();
    view! {
        <PeerCode code=link.code() title=K::NearbyYourAnswer/>
        <Show when=move || joins>
            <p class="notice" data-testid="nearby-joins">{move || i18n.t(K::NearbyJoinsWorkspace)}</p>
        </Show>
        <PeerStatusPanel/>
    }
}
