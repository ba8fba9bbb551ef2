//! One deduction the buyer keeps back: how much, for which complaint, the day the buyer said it
//! and who recorded it, then what is still to do — confirm it (someone other than who recorded
//! it), void it with the reason typed below the list — or, for one that repeats another (the
//! same debit note entered on two devices), which one it repeats. The rules are
//! `gendan_domain::deductions`; this row only asks.

use gendan_domain::deductions;
use gendan_domain::role::same_person;
use leptos::prelude::*;

use super::super::ctx::{day_text, who, OrderCtx};
use super::deductions::{complaint_name, Row};
use crate::i18n::{fill, use_i18n, K};
use crate::listing::fmt_price;
use crate::pages::action::edit_action;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Act {
    Confirm,
    Void,
}

#[component]
pub fn DeductionRow(
    ctx: OrderCtx,
    error: RwSignal<Option<String>>,
    reason: RwSignal<String>,
    row: Row,
) -> impl IntoView {
    let i18n = use_i18n();
    let (id, d, twin) = row;
    let did = StoredValue::new(id);
    let act = edit_action(error, move |a: Act| {
        let (id, me, why) = (did.get_value(), who(), reason.get_untracked());
        async move {
            let out = ctx
                .edit_commercial(move |c| match a {
                    Act::Confirm => deductions::confirm(c, &id, &me),
                    Act::Void => deductions::void(c, &id, &me, &why),
                })
                .await;
            // The row may be gone by the time the change is saved.
            if out.is_ok() && a == Act::Void {
                let _ = reason.try_set(String::new());
            }
            out
        }
    });
    let busy = move || act.pending().get();
    let cur = ctx
        .commercial
        .with_untracked(|c| c.as_ref().map(|c| c.currency.clone()))
        .unwrap_or_default();
    let complaint = ctx
        .order
        .with_untracked(|o| complaint_name(o, &d.complaint));
    // In the currency it was recorded in: one the books are no longer kept in is said so.
    let cur = if d.currency.trim().is_empty() {
        cur
    } else {
        d.currency.trim().to_string()
    };
    let (amount, day, by) = (fmt_price(&cur, d.amount), day_text(d.agreed), d.who.clone());
    let said = move || {
        fill(
            i18n.t(K::DeductionRow),
            &[
                ("amount", &amount),
                ("complaint", &complaint),
                ("day", &day),
                ("who", &by),
            ],
        )
    };
    let extra: String = [d.reference.as_str(), d.note.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| format!(" · {s}"))
        .collect();
    let live = d.is_live();
    let button = move |a: Act, key: K, testid: &'static str| {
        view! {
            <button type="button" class=if a == Act::Confirm { "" } else { "warn" } data-testid=testid
                disabled=busy on:click=move |_| { act.dispatch(a); }>
                {move || i18n.t(key)}
            </button>
        }
    };
    // Confirmed only by someone other than who recorded it (`Deduction::is_confirmed`): one
    // its recorder confirmed elsewhere still waits, and says so.
    let confirmed = d.confirmed_by.clone().filter(|_| d.is_confirmed());
    let state = match (&d.voided, &confirmed, &twin) {
        (Some(why), _, _) => {
            let why = why.clone();
            view! { <span class="bad">{move || fill(i18n.t(K::RecoveryVoidedRow), &[("why", &why)])}</span> }
                .into_any()
        }
        (None, _, Some((amount, of))) => {
            let (amount, of) = (amount.clone(), of.clone());
            view! {
                <span class="bad" data-testid="deduction-twin">
                    {move || fill(i18n.t(K::DeductionTwin), &[("amount", &amount), ("who", &of)])}
                </span>
            }
            .into_any()
        }
        (None, Some(by), None) => {
            let by = by.clone();
            view! { <span class="ok" data-testid="deduction-confirmed">{move || i18n.t(K::ConfirmedBy)}" "{by.clone()}</span> }
                .into_any()
        }
        (None, None, None) => {
            let awaits = d.who.clone();
            let mine = same_person(&awaits, &who());
            view! {
                {mine.then(|| view! {
                    <span class="muted" data-testid="deduction-awaits">{move || fill(i18n.t(K::DeductionAwaits), &[("who", &awaits)])}</span>" "
                })}
                {button(Act::Confirm, K::DeductionConfirm, "deduction-confirm")}
            }
            .into_any()
        }
    };
    view! {
        <li data-testid="deduction" data-voided=(!live).to_string() data-twin=twin.is_some().to_string()>
            <span class=if live { "" } else { "struck" }>{said}{extra}</span>" "
            {state}
            {live.then(|| view! { " "{button(Act::Void, K::RecoveryVoid, "deduction-void")} })}
        </li>
    }
}
