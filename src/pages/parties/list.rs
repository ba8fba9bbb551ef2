//! One kind of party (customers, factories…) as a card: how many, and a row for each.

use gendan_domain::workspace::{Party, PartyKind};
use leptos::prelude::*;

use super::row::PartyRow;
use super::{party_kind_key, Ws};
use crate::i18n::{use_i18n, K};

fn row_key((id, p): &(String, Party)) -> (String, Party) {
    let details = Party {
        standing_changes: Default::default(),
        ..p.clone()
    };
    (id.clone(), details)
}

#[component]
pub(super) fn PartyList(ws: Ws, kind: PartyKind) -> impl IntoView {
    let i18n = use_i18n();
    let key = party_kind_key(&kind);
    let list = Memo::new(move |_| {
        ws.with(|w| {
            w.parties_of(&kind)
                .into_iter()
                .map(|(id, p)| (id.clone(), p.clone()))
                .collect::<Vec<(String, Party)>>()
        })
    });
    view! {
        <section class="card">
            <h3>{move || i18n.t(key)}" "
                <span class="count" class:zero=move || list.with(Vec::is_empty)>{move || list.with(Vec::len)}</span></h3>
            <Show when=move || !list.with(Vec::is_empty)
                fallback=move || view! { <p class="muted small">{move || i18n.t(K::NothingHere)}</p> }>
                <ul class="plain-list">
                    // Keyed by id and content, so a row edited here or on another device redraws;
                    // not by its standing, which the row follows itself (its fold stays open).
                    <For each=move || list.get() key=row_key let:((id, p))>
                        <PartyRow ws=ws id=id p=p/>
                    </For>
                </ul>
            </Show>
        </section>
    }
}
