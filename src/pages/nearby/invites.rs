//! Invitations other devices of the workspace sent through the relay, each one to accept.

use leptos::prelude::*;

use super::flow::Flow;
use crate::i18n::{use_i18n, K};
use crate::state::peers::use_peers;

#[component]
pub fn RelayInvites(flow: Flow) -> impl IntoView {
    let i18n = use_i18n();
    let peers = use_peers();
    let busy = flow.busy;
    view! {
        <Show when=move || peers.relay_invites.with(|v| !v.is_empty())>
            <h3>{move || i18n.t(K::NearbyInvites)}</h3>
            <ul class="plain-list">
                {move || peers.relay_invites.get().into_iter().map(|inv| {
                    let from = inv.from.clone();
                    view! {
                        <li class="party-row" data-testid="nearby-invite">
                            <span class="grow"><strong>{from}</strong>" "{move || i18n.t(K::NearbyInviteFrom)}</span>
                            <button type="button" class="primary" data-testid="nearby-accept" disabled=move || busy.get()
                                on:click=move |_| flow.accept(inv.clone())>{move || i18n.t(K::NearbyAccept)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}
