//! Records a (partial) delivery of a PO with its incoming inspection. A delivery dated by the
//! PO's due day but entered after it counts on time, so the form asks why (kept and reported,
//! `purchasing::record_delivery`).

use gendan_domain::order::{Field, Issue};
use gendan_domain::purchasing::{self, Delivery, IncomingResult};
use gendan_domain::Milli;
use leptos::prelude::*;

use super::super::ctx::{field_error, parse_day, who, OrderCtx};
use super::{incoming_key, parse_qty};
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;
use crate::state::kept_input::kept_text;

#[component]
pub fn DeliveryForm(
    ctx: OrderCtx,
    po_id: String,
    /// What is still to come, offered as the quantity.
    outstanding: Milli,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = |field: &str| format!("po:{po_id}/delivery-{field}");
    let del_date = kept_text(&key("date"), || platform::today().to_string());
    // What is still to come is offered again whenever it changed (a delivery saved).
    let del_qty = kept_text(&key(&format!("qty@{outstanding}")), || {
        outstanding.to_string()
    });
    // Nothing is accepted by default: goods not yet inspected are pending, and a payable counts
    // only what someone chose to accept.
    let del_result = kept_text(&key("result"), || {
        IncomingResult::Pending.code().to_string()
    });
    let del_note = kept_text(&key("note"), String::new);
    let late_reason = kept_text(&key("late-reason"), String::new);
    let due = ctx
        .order
        .with_untracked(|o| o.purchase_orders.get(&po_id).and_then(|p| p.judged_due()));
    // Asked while the typed day is by the due day and today is past it.
    let late = move || {
        let typed = parse_day(&del_date.get()).ok().flatten();
        gendan_domain::day::backdated(typed, due, Some(platform::today()))
    };
    // A reason given for one late entry is not left for the next delivery.
    let deliver = submit_action(
        error,
        move |delivery: Delivery| {
            let id = po_id.clone();
            ctx.edit(move |o| {
                purchasing::record_delivery(
                    o,
                    &id,
                    &platform::new_record_id(),
                    delivery,
                    platform::today(),
                )
            })
        },
        move |_| late_reason.set(String::new()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(q) = parse_qty(&del_qty.get_untracked(), Field::DeliveryQty) else {
            error.set(Some(field_error(
                i18n,
                Field::DeliveryQty,
                Issue::NotANumber,
            )));
            return;
        };
        let Ok(d) = parse_day(&del_date.get_untracked()) else {
            error.set(Some(field_error(
                i18n,
                Field::DeliveryDate,
                Issue::NotADate,
            )));
            return;
        };
        deliver.dispatch(Delivery {
            date: d,
            qty: q,
            received_by: who(),
            inspection: IncomingResult::from_code(&del_result.get_untracked()),
            inspection_note: del_note.get_untracked().trim().to_string(),
            late_entry_reason: late_reason.get_untracked(),
            ..Delivery::default()
        });
    };
    let res_id = unique_id("del-result");
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <TextInput label=K::DeliveryDate value=del_date kind="date" testid="del-date"/>
            <TextInput label=K::DeliveryQty value=del_qty inputmode="decimal" testid="del-qty"/>
            <div class="field">
                <label for=res_id.clone()>{move || i18n.t(K::IncomingInspection)}</label>
                <select id=res_id data-testid="del-result" on:change=move |ev| del_result.set(event_target_value(&ev))>
                    {IncomingResult::KNOWN.iter().map(|r| {
                        let c = r.code().to_string();
                        let c2 = c.clone();
                        let k = incoming_key(r);
                        view! { <option value=c selected=move || del_result.get() == c2>{move || i18n.t(k)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <TextInput label=K::Note value=del_note testid="del-note" factory_reads=true/>
            <Show when=late>
                <TextInput label=K::LateEntryReason value=late_reason testid="del-late-reason" factory_reads=true/>
            </Show>
            <button type="submit" data-testid="record-delivery">{move || i18n.t(K::RecordDelivery)}</button>
        </form>
    }
}
