//! 付款申请 on a PO's card: the requests asked against its charges with who asked and their
//! state, approving or rejecting one (someone other than who asked; the rules are
//! `gendan_domain::pay_requests`), and the form that asks (`request_form.rs`). Its own file
//! because the card shows it beside the payables and the payment form, each with its own error
//! line.

use gendan_domain::commercial::{PaymentRequest, RequestStatus};
use gendan_domain::Price;
use leptos::prelude::*;

use super::super::ctx::{who, OrderCtx};
use super::pay_request_row::RequestRow;
use super::request_form::RequestForm;
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::edit_action;

/// One request as shown: its id, the request, its currency, what is unpaid of it and what was
/// paid against it.
#[derive(Clone, PartialEq)]
pub(super) struct Row {
    pub id: String,
    pub request: PaymentRequest,
    pub currency: String,
    pub unpaid: Price,
    pub paid: Price,
}

/// The requests against the PO's payables, the latest asked first.
fn rows(ctx: OrderCtx, po: &str) -> Vec<Row> {
    ctx.commercial.with(|c| {
        let Some(c) = c.as_ref() else {
            return Vec::new();
        };
        let mut out: Vec<Row> = c
            .payment_requests
            .iter()
            .filter(|(_, r)| {
                c.payables
                    .get(&r.payable)
                    .is_some_and(|p| p.purchase_order == po)
            })
            .map(|(id, r)| Row {
                id: id.clone(),
                request: r.clone(),
                currency: c.payable_currency(&r.payable).to_string(),
                unpaid: c.request_unpaid(id),
                paid: c.request_paid(id),
            })
            .collect();
        gendan_domain::sorting::sort_by_key(&mut out, |r| {
            (std::cmp::Reverse(r.request.requested), r.id.clone())
        });
        out
    })
}

/// The PO's charges that may still be asked for, with what may be and its currency.
pub(super) fn requestable(ctx: OrderCtx, po: &str) -> Vec<(String, Price, String)> {
    ctx.commercial.with(|c| {
        c.as_ref()
            .map(|c| {
                c.payables_for(po)
                    .into_iter()
                    .filter(|(_, p)| !p.is_credit())
                    .map(|(k, _)| {
                        (
                            k.clone(),
                            c.requestable(k),
                            c.payable_currency(k).to_string(),
                        )
                    })
                    .filter(|(_, room, _)| *room > Price::ZERO)
                    .collect()
            })
            .unwrap_or_default()
    })
}

#[component]
pub fn PayRequests(ctx: OrderCtx, po_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let po = StoredValue::new(po_id);
    let error = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let decide = edit_action(error, move |(id, approve): (String, bool)| {
        let why = reason.get_untracked();
        let me = who();
        async move {
            let out = ctx
                .edit_commercial(move |c| c.decide_request(&id, approve, &me, &why))
                .await;
            if out.is_ok() {
                reason.set(String::new());
            }
            out
        }
    });
    let list = move || rows(ctx, &po.get_value());
    view! {
        <Show when=move || !list().is_empty() || !requestable(ctx, &po.get_value()).is_empty()>
            <h4>{move || i18n.t(K::PayRequests)}</h4>
            <ul class="log" data-testid="pay-requests">
                <For each=list key=|r| (r.id.clone(), r.request.status.clone(), r.unpaid) let:r>
                    <RequestRow row=r decide=decide/>
                </For>
            </ul>
            <Show when=move || list().iter().any(|r| r.request.status == RequestStatus::Pending)>
                <TextInput label=K::RejectReason value=reason testid="reject-reason"/>
            </Show>
            <ActionError error=error testid="pay-request-error"/>
            <RequestForm ctx=ctx po=po/>
        </Show>
    }
}
