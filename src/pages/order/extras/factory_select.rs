//! Choosing the order's factory from the workspace's factories and subcontractors.

use gendan_domain::workspace::PartyKind;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use crate::i18n::{use_i18n, K};

#[component]
pub fn FactorySelect(ctx: OrderCtx, value: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let factories = move || {
        ctx.workspace.with(|w| {
            w.parties_of(&PartyKind::Factory)
                .into_iter()
                .chain(w.parties_of(&PartyKind::Subcontractor))
                .map(|(id, p)| (id.clone(), p.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="field">
            <label for="x-factory">{move || i18n.t(K::Factory)}</label>
            <select id="x-factory" data-testid="factory" on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="" selected=move || value.get().is_empty()>"—"</option>
                {move || factories().into_iter().map(|(id, name)| {
                    let id2 = id.clone();
                    view! { <option value=id selected=move || value.get() == id2>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
