//! Records what the buyer keeps back for one of the order's complaints: the complaint, the
//! amount (in the books' currency), the day the buyer said it and its debit-note number. It
//! says the most that may be kept back — what the buyer still owes on the order — before it is
//! typed; someone else confirms the deduction in the list above (`gendan_domain::deductions`).

use gendan_domain::deductions::{self, Deducting};
use gendan_domain::{Day, Price};
use leptos::prelude::*;

use super::super::ctx::{parse_day, who, OrderCtx};
use super::deductions::{chosen_or_first, complaint_choices};
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{fill, use_i18n, K};
use crate::listing::fmt_price;
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;

/// What the form sends: the complaint, the amount, the day, the debit note and the note.
type Typed = (String, Price, Day, String, String);

#[component]
pub fn DeductionForm(ctx: OrderCtx, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let complaint = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let on = RwSignal::new(platform::today().to_string());
    let reference = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let complaints = move || ctx.order.with(complaint_choices);
    let most = Memo::new(move |_| {
        ctx.commercial.with(|c| {
            c.as_ref().map(|c| {
                let left = ctx.order.with(|o| deductions::room(c, o));
                fmt_price(&c.currency, left)
            })
        })
    });
    let record = submit_action(
        error,
        move |(complaint, amount, agreed, reference, note): Typed| {
            let (me, today, order) = (who(), platform::today(), ctx.order.get_untracked());
            ctx.edit_commercial(move |c| {
                let d = Deducting {
                    complaint: &complaint,
                    amount,
                    agreed,
                    reference: &reference,
                    note: &note,
                    who: &me,
                    today,
                };
                deductions::record(c, &order, &platform::new_record_id(), d)
            })
        },
        move |()| {
            amount.set(String::new());
            reference.set(String::new());
            note.set(String::new());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Nothing chosen: the newest complaint, as the list shows first.
        let first = || complaints().into_iter().next().map(|(id, _)| id);
        let Some(chosen) = chosen_or_first(complaint.get_untracked(), first) else {
            return;
        };
        let Some(a) = typed::or_say(error, typed::price(i18n, &amount.get_untracked())) else {
            return;
        };
        let Ok(Some(d)) = parse_day(&on.get_untracked()) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        record.dispatch((
            chosen,
            a,
            d,
            reference.get_untracked(),
            note.get_untracked(),
        ));
    };
    let complaint_id = unique_id("deduction-complaint");
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <div class="field">
                <label for=complaint_id.clone()>{move || i18n.t(K::DeductionComplaint)}</label>
                <select id=complaint_id data-testid="deduction-complaint" on:change=move |ev| complaint.set(event_target_value(&ev))>
                    {move || complaints().into_iter().map(|(id, name)| {
                        let is = id.clone();
                        view! { <option value=id selected=move || complaint.get() == is>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <TextInput label=K::DeductionAmountLabel value=amount testid="deduction-amount" inputmode="decimal"/>
            <TextInput label=K::DeductionDayLabel value=on testid="deduction-day" kind="date"/>
            <TextInput label=K::DeductionRefLabel value=reference testid="deduction-ref"/>
            <TextInput label=K::Note value=note testid="deduction-note"/>
            <p class="muted small" data-testid="deduction-most">
                {move || most.get().map(|max| fill(i18n.t(K::DeductionMost), &[("max", &max)]))}
            </p>
            <button type="submit" data-testid="deduction-record" disabled=move || record.pending().get()>{move || i18n.t(K::DeductionRecord)}</button>
        </form>
    }
}
