//! Paying a supplier against one of a PO's payables, or a charge raised by hand (其他费用): the
//! amount in the payable's own currency (an RMB fabric PO is paid in RMB), the day, and — for
//! the books — the exchange rate used. Totals stay per currency; nothing here converts. A
//! payment may name the approved payment request it pays; when the team pays only against
//! approved requests, or the charge was raised by hand, it must, and the form offers only those.
//! A payment dated by its charge's due day but entered after it asks why (it counts the
//! supplier paid on time).
//! Which charges a card pays ([`Charges`]) is shared with its payment requests
//! (`purchasing/pay_requests.rs`).

use gendan_domain::commercial::{Commercial, Payable, Payment};
use gendan_domain::order::{Field, Issue};
use gendan_domain::Price;
use leptos::prelude::*;

use super::ctx::{field_error, parse_day, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;
use crate::state::kept_input::kept_text;

/// Whose charges a card asks to pay and pays: a purchase order's, or one charge raised by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Charges {
    Po(String),
    One(String),
}

impl Charges {
    /// Whether payable `id` is one of these.
    pub(crate) fn hold(&self, c: &Commercial, id: &str) -> bool {
        match self {
            Charges::Po(po) => c.payables.get(id).is_some_and(|p| p.purchase_order == *po),
            Charges::One(one) => one == id,
        }
    }

    /// Whether these are paid only against an approved request whatever the team's switch: a
    /// charge raised by hand (`gendan_domain::other_charges`).
    fn always_requested(&self, c: &Commercial) -> bool {
        match self {
            Charges::Po(_) => false,
            Charges::One(id) => c.payables.get(id).is_some_and(Payable::is_by_hand),
        }
    }

    /// Names the card among the screen's, for the input it keeps ([`kept_text`]).
    pub(crate) fn key(&self) -> String {
        match self {
            Charges::Po(po) => format!("po:{po}"),
            Charges::One(id) => format!("charge:{id}"),
        }
    }

    /// Whether there is a choice of payable to make (a PO may have several).
    pub(crate) fn several(&self) -> bool {
        matches!(self, Charges::Po(_))
    }
}

#[component]
pub fn PaymentForm(ctx: OrderCtx, charges: Charges) -> impl IntoView {
    let i18n = use_i18n();
    let key = |field: &str| format!("{}/pay-{field}", charges.key());
    let card = StoredValue::new(charges.clone());
    let payable = kept_text(&key("payable"), String::new);
    let amount = kept_text(&key("amount"), String::new);
    let date = kept_text(&key("date"), || platform::today().to_string());
    let rate = kept_text(&key("rate"), String::new);
    let error = RwSignal::new(None::<String>);
    let request = kept_text(&key("request"), String::new);
    let late_reason = kept_text(&key("late-reason"), String::new);
    let need = move || {
        ctx.workspace
            .with(|w| w.settings.gates.payments_need_approval)
            || always_requested(ctx, &card.get_value())
    };
    // Charges of this card still open, with their currency: what can be paid.
    let open = move || open_payables(ctx, &card.get_value());
    let approved = move || approved_requests(ctx, &card.get_value());
    // What was typed stays when the payment is refused, so it can be corrected.
    let pay = submit_action(
        error,
        move |payment: Payment| {
            let need = need();
            ctx.edit_commercial(move |c| {
                c.pay(&platform::new_record_id(), payment, need, platform::today())
            })
        },
        move |()| {
            amount.set(String::new());
            rate.set(String::new());
            late_reason.set(String::new());
        },
    );
    // What the payment pays: the request chosen, if any — an empty choice is the first one
    // offered, which is an approved request when the team requires one and "no request"
    // otherwise — else the payable chosen. (request, payable, currency)
    let target = move || {
        let asked = request.get();
        let against = approved()
            .into_iter()
            .find(|r| r.0 == asked || (asked.is_empty() && need()));
        match against {
            Some((rid, pid, _, cur)) => Some((rid, pid, cur)),
            None => {
                let chosen = payable.get();
                open()
                    .into_iter()
                    .find(|(k, _, _)| chosen.is_empty() || *k == chosen)
                    .map(|(pid, _, cur)| (String::new(), pid, cur))
            }
        }
    };
    // Dated by the charge's due day but entered after it, it counts as paid on time: the
    // form asks why, as the books will (`Commercial::record_payment`).
    let late = move || {
        let Some((_, pid, _)) = target() else {
            return false;
        };
        let due = ctx
            .commercial
            .with(|c| c.as_ref().and_then(|c| c.payables.get(&pid)?.due));
        let typed = parse_day(&date.get()).ok().flatten();
        gendan_domain::day::backdated(typed, due, Some(platform::today()))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((rid, pid, cur)) = untrack(target) else {
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
            request: rid,
            late_entry_reason: late_reason.get_untracked(),
            ..Payment::default()
        };
        pay.dispatch(payment);
    };
    let select_id = StoredValue::new(unique_id("pay-payable"));
    let request_id = StoredValue::new(unique_id("pay-request"));
    // Without a request named, the payable is chosen here; with one, it is the request's.
    let by_payable = move || !need() && request.with(String::is_empty);
    view! {
        <Show when=move || need() && approved().is_empty() && !open().is_empty()>
            <p class="muted small" data-testid="pay-needs-request">{move || i18n.t(K::ErrPaymentWithoutRequest)}</p>
        </Show>
        <Show when=move || !open().is_empty() && (!need() || !approved().is_empty())>
            <form class="inline-form" on:submit=submit novalidate data-testid="payment-form">
                <Show when=move || !approved().is_empty()>
                    <div class="field">
                        <label for=request_id.get_value()>{move || i18n.t(K::PayAgainst)}</label>
                        <select id=request_id.get_value() data-testid="pay-request" on:change=move |ev| request.set(event_target_value(&ev))>
                            {move || (!need()).then(|| view! { <option value="" selected=move || request.with(String::is_empty)>{move || i18n.t(K::NoRequest)}</option> })}
                            {move || approved().into_iter().map(|(k, _, unpaid, cur)| {
                                let k2 = k.clone();
                                view! { <option value=k selected=move || request.get() == k2>{format!("{cur} {unpaid}")}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                <Show when=by_payable>
                    <div class="field">
                        <label for=select_id.get_value()>{move || i18n.t(K::PoPayables)}</label>
                        <select id=select_id.get_value() data-testid="pay-payable" on:change=move |ev| payable.set(event_target_value(&ev))>
                            {move || open().into_iter().map(|(k, unpaid, cur)| {
                                let k2 = k.clone();
                                view! { <option value=k selected=move || payable.get() == k2>{format!("{cur} {unpaid}")}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                <TextInput label=K::PaymentAmount value=amount inputmode="decimal" testid="pay-amount"/>
                <TextInput label=K::Date value=date kind="date" testid="pay-date"/>
                <Show when=late>
                    <TextInput label=K::LateEntryReason value=late_reason testid="pay-late-reason"/>
                </Show>
                <TextInput label=K::ExchangeRate value=rate inputmode="decimal" testid="pay-rate"/>
                <button type="submit" data-testid="record-payment">{move || i18n.t(K::RecordPayment)}</button>
                <ActionError error=error testid="pay-error"/>
            </form>
        </Show>
    }
}

/// Whether `charges` are paid only against approved requests whatever the team's switch.
fn always_requested(ctx: OrderCtx, charges: &Charges) -> bool {
    ctx.commercial
        .with(|c| c.as_ref().is_some_and(|c| charges.always_requested(c)))
}

/// The card's approved payment requests with something left to pay: the request, its payable,
/// what it still lets be paid and the currency.
fn approved_requests(ctx: OrderCtx, charges: &Charges) -> Vec<(String, String, Price, String)> {
    ctx.commercial.with(|c| {
        c.as_ref()
            .map(|c| {
                c.payment_requests
                    .iter()
                    .filter(|(_, r)| charges.hold(c, &r.payable))
                    .map(|(k, r)| {
                        (
                            k.clone(),
                            r.payable.clone(),
                            c.request_unpaid(k),
                            c.payable_currency(&r.payable).to_string(),
                        )
                    })
                    .filter(|(_, _, unpaid, _)| *unpaid > Price::ZERO)
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The card's payables still open (not credits), each with what is unpaid and its currency.
fn open_payables(ctx: OrderCtx, charges: &Charges) -> Vec<(String, Price, String)> {
    open_charges(ctx, charges, Commercial::payable_outstanding)
}

/// The card's charges (not credits) for which `room` leaves something, with it and their currency:
/// what may be paid, or asked for ([`Commercial::requestable`]).
pub(super) fn open_charges(
    ctx: OrderCtx,
    charges: &Charges,
    room: fn(&Commercial, &str) -> Price,
) -> Vec<(String, Price, String)> {
    ctx.commercial.with(|c| {
        c.as_ref()
            .map(|c| {
                c.payables
                    .iter()
                    .filter(|(k, p)| charges.hold(c, k) && p.is_charge())
                    .map(|(k, _)| (k.clone(), room(c, k), c.payable_currency(k).to_string()))
                    .filter(|(_, left, _)| *left > Price::ZERO)
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
