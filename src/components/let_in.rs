//! The question a team's device asks before it syncs with a nearby device that says it is the
//! team's but proved none of the team's keys (`sync::team_proof`): let it in, or close.

use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, K};
use crate::state::peers::use_peers;

#[component]
pub fn LetIn(#[prop(into)] name: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let peers = use_peers();
    let link = move || peers.link.with_value(|l| l.clone());
    let ask = move || {
        let key = match link().is_some_and(|l| l.money_goes()) {
            true => K::NearbyLetInAskMoney,
            false => K::NearbyLetInAsk,
        };
        fill(i18n.t(key), &[("name", &name.get())])
    };
    view! {
        <div class="notice" role="alert" data-testid="nearby-let-in-ask">
            <p>{ask}</p>
            <div class="actions">
                <button type="button" data-testid="nearby-let-in" on:click=move |_| {
                    if let Some(l) = link() {
                        l.let_in();
                    }
                }>{move || i18n.t(K::NearbyLetIn)}</button>
                <button type="button" data-testid="nearby-keep-out" on:click=move |_| {
                    if let Some(l) = link() {
                        l.close();
                    }
                }>{move || i18n.t(K::NearbyKeepOut)}</button>
            </div>
        </div>
    }
}
