//! Paying a supplier against one of a PO's payables: the amount in the payable's own currency
//! (an RMB fabric PO is paid in RMB), the day, and — for the books — the exchange rate used.
//! Totals stay per currency; nothing here converts.

use gendan_domain::commercial::Payment;
use gendan_domain::order::{Field, Issue};
use gendan_domain::Price;
use leptos::prelude::*;

use super::ctx::{field_error, parse_day, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;

#[component]
pub fn PaymentForm(ctx: OrderCtx, po_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let po = StoredValue::new(po_id);
    let payable = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let date = RwSignal::new(platform::today().to_string());
    let rate = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Charges of this PO still open, with their currency: what can be paid.
    let open = move || open_payables(ctx, &po.get_value());
    // What was typed stays when the payment is refused, so it can be corrected.
    let pay = submit_action(
        error,
        move |payment: Payment| {
            ctx.edit_commercial(move |c| c.record_payment(&platform::new_record_id(), payment))
        },
        move |()| {
            amount.set(String::new());
            rate.set(String::new());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let choices = open();
        let chosen = payable.get_untracked();
        let Some((pid, _, cur)) = choices
            .into_iter()
            .find(|(k, _, _)| chosen.is_empty() || *k == chosen)
        else {
            return;
        };
        let parsed = parse_payment(
            &amount.get_untracked(),
            &date.get_untracked(),
            &rate.get_untracked(),
        );
        let (a, d, r) = match parsed {
            Ok(v) => v,
            Err((field, issue)) => {
                error.set(Some(field_error(i18n, field, issue)));
                return;
            }
        };
        let payment = Payment {
            payable: pid,
            amount: a,
            date: d,
            paid_by: who(),
            currency: cur,
            exchange_rate: r,
            ..Payment::default()
        };
        pay.dispatch(payment);
    };
    let select_id = unique_id("pay-payable");
    view! {
        <Show when=move || !open().is_empty()>
            <form class="inline-form" on:submit=submit novalidate data-testid="payment-form">
                <div class="field">
                    <label for=select_id.clone()>{move || i18n.t(K::PoPayables)}</label>
                    <select id=select_id.clone() data-testid="pay-payable" on:change=move |ev| payable.set(event_target_value(&ev))>
                        {move || open().into_iter().map(|(k, unpaid, cur)| {
                            let k2 = k.clone();
                            view! { <option value=k selected=move || payable.get() == k2>{format!("{cur} {unpaid}")}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <TextInput label=K::PaymentAmount value=amount inputmode="decimal" testid="pay-amount"/>
                <TextInput label=K::Date value=date kind="date" testid="pay-date"/>
                <TextInput label=K::ExchangeRate value=rate inputmode="decimal" testid="pay-rate"/>
                <button type="submit" data-testid="record-payment">{move || i18n.t(K::RecordPayment)}</button>
                <ActionError error=error testid="pay-error"/>
            </form>
        </Show>
    }
}

/// The PO's payables still open (not credits), each with what is unpaid and its currency.
fn open_payables(ctx: OrderCtx, po: &str) -> Vec<(String, Price, String)> {
    ctx.commercial.with(|c| {
        c.as_ref()
            .map(|c| {
                c.payables_for(po)
                    .into_iter()
                    .filter(|(_, p)| !p.is_credit())
                    .map(|(k, _)| {
                        (
                            k.clone(),
                            c.payable_outstanding(k),
                            c.payable_currency(k).to_string(),
                        )
                    })
                    .filter(|(_, unpaid, _)| *unpaid > Price::ZERO)
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// A positive amount typed into `field`.
fn positive(text: &str, field: Field) -> Result<Price, (Field, Issue)> {
    let p = text
        .trim()
        .parse::<Price>()
        .map_err(|e| (field.clone(), Issue::from(e)))?;
    (p > Price::ZERO)
        .then_some(p)
        .ok_or((field, Issue::NotPositive))
}

/// A payment's amount, day and optional exchange rate.
type Typed = (Price, Option<gendan_domain::Day>, Option<Price>);

/// The amount, the day and the optional exchange rate as typed, or the field that is wrong.
fn parse_payment(amount: &str, date: &str, rate: &str) -> Result<Typed, (Field, Issue)> {
    let a = positive(amount, Field::PaymentAmount)?;
    let d = parse_day(date).map_err(|_| (Field::PaymentDate, Issue::NotADate))?;
    let r = match rate.trim() {
        "" => None,
        t => Some(positive(t, Field::ExchangeRate)?),
    };
    Ok((a, d, r))
}
