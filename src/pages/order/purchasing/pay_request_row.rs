//! One payment request on a PO's card: amount, who asked and when, what for, its state, and
//! for a waiting one the buttons that approve or reject it.

use gendan_domain::commercial::RequestStatus;
use gendan_domain::Price;
use leptos::prelude::*;

use super::pay_requests::Row;
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::Submit;

/// One request: amount, who asked and when, what for, its state; a waiting one can be
/// approved or rejected here.
#[component]
pub fn RequestRow(row: Row, decide: Submit<(String, bool)>) -> impl IntoView {
    let i18n = use_i18n();
    let Row {
        id,
        request: r,
        currency,
        unpaid,
        paid,
        beyond,
    } = row;
    let (by, on) = (
        r.requested_by.clone(),
        r.requested.map(|d| d.to_string()).unwrap_or_default(),
    );
    let asked = move || {
        fill(
            i18n.t(K::RequestBy),
            &[("who", by.as_str()), ("day", on.as_str())],
        )
    };
    let status = r.status.clone();
    let shown = format!("{currency} {}", r.amount);
    // Paid on two devices offline, each within what it allowed there: beyond it, nobody
    // approved the money (`Commercial::paid_beyond`).
    let paid_beyond = (beyond > Price::ZERO).then(|| {
        let (paid, beyond) = (format!("{currency} {paid}"), format!("{currency} {beyond}"));
        view! {
            <p class="bad" data-testid="paid-beyond-approval">
                {move || fill(i18n.t(K::RequestPaidBeyond), &[("paid", &paid), ("beyond", &beyond)])}
            </p>
        }
    });
    let state = {
        let status = status.clone();
        move || match status {
            RequestStatus::Pending => i18n.t(K::RequestWaiting).to_string(),
            RequestStatus::Approved => fill(
                i18n.t(K::RequestApproved),
                &[("unpaid", &format!("{currency} {unpaid}"))],
            ),
            RequestStatus::Rejected => i18n.t(K::RequestRejected).to_string(),
            _ => i18n.t(K::RequestPaid).to_string(),
        }
    };
    let decided = r.decided_by.clone().map(|by| {
        view! { " · "{move || fill(i18n.t(K::RequestDecidedBy), &[("who", by.as_str())])} }
    });
    let rejected_but_paid = (status == RequestStatus::Rejected && paid > Price::ZERO).then(|| {
        view! {
            <p class="bad" data-testid="paid-but-rejected">
                {move || fill(i18n.t(K::RequestPaidButRejected), &[("paid", &paid.to_string())])}
            </p>
        }
    });
    let waiting = status == RequestStatus::Pending;
    let (approve_id, reject_id) = (id.clone(), id.clone());
    view! {
        <li data-testid="pay-request" data-status=status.code().to_string()>
            <span>{shown}</span>" · "
            <span>{asked}</span>
            {(!r.note.is_empty()).then(|| format!(" · {}", r.note))}" · "
            <strong>{state}</strong>
            {decided}
            {rejected_but_paid}
            {paid_beyond}
            {waiting.then(|| view! {
                <span class="button-row">
                    <button type="button" data-testid="approve-request" disabled=move || decide.pending().get()
                        on:click=move |_| decide.dispatch((approve_id.clone(), true))>
                        {move || i18n.t(K::ApproveRequest)}
                    </button>
                    <button type="button" class="warn" data-testid="reject-request" disabled=move || decide.pending().get()
                        on:click=move |_| decide.dispatch((reject_id.clone(), false))>
                        {move || i18n.t(K::RejectRequest)}
                    </button>
                </span>
            })}
        </li>
    }
}
