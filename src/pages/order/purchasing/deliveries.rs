//! A PO's deliveries so far, each with its incoming inspection result, changeable in place.

use gendan_domain::purchasing::{self, Delivery, IncomingResult};
use leptos::prelude::*;

use super::super::ctx::{day_text, OrderCtx};
use super::incoming_key;
use crate::components::text_input::unique_id;
use crate::i18n::{use_i18n, K};
use crate::pages::action::edit_action;

#[component]
pub fn Deliveries(
    ctx: OrderCtx,
    po_id: String,
    deliveries: Vec<(String, Delivery)>,
    unit: String,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let inspect = edit_action(
        error,
        move |(delivery, result, note): (String, IncomingResult, String)| {
            let id = po_id.clone();
            ctx.edit(move |o| purchasing::inspect_delivery(o, &id, &delivery, result, &note))
        },
    );
    view! {
        <ul class="log" data-testid="deliveries">
            {deliveries.into_iter().map(|(did, d)| {
                let sel = unique_id("delivery-inspection");
                let current = d.inspection.code().to_string();
                let note = d.inspection_note.clone();
                view! {
                    <li class="delivery" class:bad=d.inspection == IncomingResult::Rejected data-testid="delivery">
                        <span>{format!("{} · {} {} · {}", day_text(d.date), d.qty, unit, d.received_by)}</span>
                        {(!note.is_empty()).then(|| view! { <span class="muted">{format!(" · {note}")}</span> })}
                        <div class="field compact">
                            <label for=sel.clone()>{move || i18n.t(K::IncomingInspection)}</label>
                            <select id=sel data-testid="delivery-inspection" on:change=move |ev| {
                                inspect.dispatch((did.clone(), IncomingResult::from_code(&event_target_value(&ev)), note.clone()));
                            }>
                                {IncomingResult::KNOWN.iter().map(|r| {
                                    let c = r.code().to_string();
                                    let k = incoming_key(r);
                                    view! { <option value=c.clone() selected=c == current>{move || i18n.t(k)}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
