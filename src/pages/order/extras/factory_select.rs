//! Choosing the order's factory from the workspace's factories and subcontractors, each with
//! its standing; a suspended one is listed but not chosen, unless the order names it already.

use gendan_domain::standing::Standing;
use gendan_domain::workspace::PartyKind;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use crate::i18n::{use_i18n, K};
use crate::pages::parties::name_with_standing;

#[component]
pub fn FactorySelect(ctx: OrderCtx, value: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let factories = move || {
        let lang = i18n.0.get();
        let named = ctx.order.with(|o| o.named_factory().map(str::to_string));
        ctx.workspace.with(|w| {
            w.parties_of(&PartyKind::Factory)
                .into_iter()
                .chain(w.parties_of(&PartyKind::Subcontractor))
                .map(|(id, p)| {
                    let closed = p.standing() == Standing::Suspended
                        && named.as_deref() != Some(id.as_str());
                    (id.clone(), name_with_standing(p, lang), closed)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="field">
            <label for="x-factory">{move || i18n.t(K::Factory)}</label>
            <select id="x-factory" data-testid="factory" on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="" selected=move || value.get().is_empty()>"—"</option>
                {move || factories().into_iter().map(|(id, name, closed)| {
                    let id2 = id.clone();
                    view! { <option value=id disabled=closed selected=move || value.get() == id2>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
