//! Which shipment the commercial invoice and packing list print: one select over the order's
//! shipments ("Shipment 2 · 2026-06-10 · 1,160 pcs"), the last one that left picked first. Not
//! printed.

use gendan_domain::Order;
use leptos::prelude::*;

use super::shipment_figures::{chosen, in_order};
use crate::components::text_input::unique_id;
use crate::i18n::{fill, use_i18n, K};
use crate::listing::fmt_int;

#[component]
pub fn ShipmentPick(order: Order, pick: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let current = chosen(&order, pick.get_untracked().as_deref());
    let options: Vec<(String, String)> = in_order(&order)
        .into_iter()
        .enumerate()
        .map(|(i, (id, s))| {
            let when = s.shipped_on.map(|d| format!(" · {d}")).unwrap_or_default();
            (
                id,
                format!(
                    "{}{when} · {} {}",
                    fill(i18n.t(K::ShipmentNo), &[("n", &(i + 1).to_string())]),
                    fmt_int(s.shipped_pieces()),
                    i18n.t(K::Pieces)
                ),
            )
        })
        .collect();
    if options.is_empty() {
        return view! { <p class="muted no-print" data-testid="doc-no-shipment">{i18n.t(K::DocNoShipment)}</p> }.into_any();
    }
    let fid = unique_id("doc-shipment");
    view! {
        <div class="field no-print doc-shipment">
            <label for=fid.clone()>{move || i18n.t(K::DocShipmentPick)}</label>
            <select id=fid data-testid="doc-shipment" on:change=move |ev| pick.set(Some(event_target_value(&ev)))>
                {options.into_iter().map(|(id, text)| {
                    let sel = current.as_deref() == Some(id.as_str());
                    view! { <option value=id selected=sel>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}
