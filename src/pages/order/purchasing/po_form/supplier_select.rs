//! Choosing a PO's supplier from the workspace's suppliers, subcontractors and factories.

use gendan_domain::standing::Standing;
use gendan_domain::workspace::PartyKind;
use leptos::prelude::*;

use super::super::super::ctx::OrderCtx;
use crate::components::text_input::unique_id;
use crate::i18n::{use_i18n, Lang, K};
use crate::pages::parties::name_with_standing;

/// The parties a PO can go to, as (id, name with its standing, suspended).
pub fn supplier_choices(ctx: OrderCtx, lang: Lang) -> Vec<(String, String, bool)> {
    ctx.workspace.with(|w| {
        [
            PartyKind::Supplier,
            PartyKind::Subcontractor,
            PartyKind::Factory,
        ]
        .iter()
        .flat_map(|k| w.parties_of(k))
        .map(|(id, p)| {
            let suspended = p.standing() == Standing::Suspended;
            (id.clone(), name_with_standing(p, lang), suspended)
        })
        .collect()
    })
}

#[component]
pub fn SupplierSelect(ctx: OrderCtx, value: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let id = unique_id("po-supplier");
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(K::Supplier)}</label>
            <select id=id data-testid="po-supplier" on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="" selected=move || value.get().is_empty()>"—"</option>
                // A suspended party is listed, so nobody looks for it in vain, but not chosen.
                {move || supplier_choices(ctx, i18n.0.get()).into_iter().map(|(id, name, suspended)| {
                    let id2 = id.clone();
                    view! { <option value=id disabled=suspended selected=move || value.get() == id2>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
