//! Choosing a PO's supplier from the workspace's suppliers, subcontractors and factories.

use gendan_domain::workspace::PartyKind;
use leptos::prelude::*;

use super::super::super::ctx::OrderCtx;
use crate::components::text_input::unique_id;
use crate::i18n::{use_i18n, K};

/// The parties a PO can go to, as (id, name).
pub fn supplier_choices(ctx: OrderCtx) -> Vec<(String, String)> {
    ctx.workspace.with(|w| {
        [
            PartyKind::Supplier,
            PartyKind::Subcontractor,
            PartyKind::Factory,
        ]
        .iter()
        .flat_map(|k| w.parties_of(k))
        .map(|(id, p)| (id.clone(), p.name.clone()))
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
                {move || supplier_choices(ctx).into_iter().map(|(id, name)| {
                    let id2 = id.clone();
                    view! { <option value=id selected=move || value.get() == id2>{name}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
