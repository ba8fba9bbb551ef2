//! Records money received from the customer, with the bank's reference when known; someone
//! else confirms it later, in the receipts list (`gendan_domain::receipts`).

use gendan_domain::receipts::Takings;
use leptos::prelude::*;

use super::super::ctx::{parse_day, who, OrderCtx};
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;

#[component]
pub fn ReceiptForm(ctx: OrderCtx, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let amount = RwSignal::new(String::new());
    let date = RwSignal::new(platform::today().to_string());
    let note = RwSignal::new(String::new());
    let reference = RwSignal::new(String::new());
    let record = submit_action(
        error,
        move |(amount, date, reference, note): (_, _, String, String)| {
            let me = who();
            let today = platform::today();
            ctx.edit_commercial(move |c| {
                let t = Takings {
                    amount,
                    date,
                    reference: &reference,
                    note: &note,
                    who: &me,
                    today,
                };
                c.record_receipt(&platform::new_record_id(), t)
            })
        },
        move |()| {
            amount.set(String::new());
            note.set(String::new());
            reference.set(String::new());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(a) = typed::or_say(error, typed::price(i18n, &amount.get_untracked())) else {
            return;
        };
        let Ok(Some(d)) = parse_day(&date.get_untracked()) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        record.dispatch((a, d, reference.get_untracked(), note.get_untracked()));
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <TextInput label=K::ReceiptAmount value=amount testid="receipt-amount" inputmode="decimal"/>
            <TextInput label=K::Date value=date testid="receipt-date" kind="date"/>
            <TextInput label=K::ReceiptRef value=reference testid="receipt-ref"/>
            <TextInput label=K::Note value=note testid="receipt-note"/>
            <button type="submit" data-testid="record-receipt">{move || i18n.t(K::RecordReceipt)}</button>
        </form>
    }
}
