//! A connection that ended: why, in the user's language, and a way to start again.

use leptos::prelude::*;

use super::flow::Flow;
use crate::i18n::{use_i18n, I18n, K};
use crate::sync::peer::Ended;

fn ended_text(i18n: I18n, e: &Ended) -> String {
    match e {
        Ended::Here => i18n.t(K::NearbyEndedHere).into(),
        Ended::There => i18n.t(K::NearbyEndedThere).into(),
        Ended::Unreachable => i18n.t(K::NearbyUnreachable).into(),
        Ended::Lost => i18n.t(K::NearbyLost).into(),
        Ended::Failed(why) => format!("{} {why}", i18n.t(K::NearbyFailed)),
        Ended::Files(why) => format!("{} ({why})", i18n.t(K::NearbyFilesStopped)),
    }
}

#[component]
pub fn EndedCard(flow: Flow, ended: Ended) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="card">
            <p role="status" data-testid="nearby-ended">{ended_text(i18n, &ended)}</p>
            <div class="actions">
                <button type="button" class="primary" data-testid="nearby-again" on:click=move |_| flow.again()>{move || i18n.t(K::NearbyAgain)}</button>
            </div>
        </div>
    }
}
