//! 付款申请 on a PO's card, or under a charge raised by hand on Money ([`Charges`]): the
//! requests asked against its charges with who asked and their
//! state, approving or rejecting one (someone other than who asked; the rules are
//! `gendan_domain::pay_requests`), and the form that asks (`request_form.rs`). Its own file
//! because the card shows it beside the payables and the payment form, each with its own error
//! line.

use gendan_domain::commercial::{Commercial, PaymentRequest, RequestStatus};
use gendan_domain::Price;
use leptos::prelude::*;

use super::super::ctx::{who, OrderCtx};
use super::super::payment_form::Charges;
use super::pay_request_row::RequestRow;
use super::request_form::RequestForm;
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::edit_action;
use crate::state::kept_input::kept_text;

/// One request as shown: its id, the request, its currency, what is unpaid of it, what was
/// paid against it and what of that went beyond its amount.
#[derive(Clone, PartialEq)]
pub(super) struct Row {
    pub id: String,
    pub request: PaymentRequest,
    pub currency: String,
    pub unpaid: Price,
    pub paid: Price,
    /// Paid beyond the amount approved (`Commercial::paid_beyond`).
    pub beyond: Price,
}

/// The requests against the card's payables, the latest asked first.
fn rows(ctx: OrderCtx, charges: &Charges) -> Vec<Row> {
    ctx.commercial.with(|c| {
        let Some(c) = c.as_ref() else {
            return Vec::new();
        };
        let mut out: Vec<Row> = c
            .payment_requests
            .iter()
            .filter(|(_, r)| charges.hold(c, &r.payable))
            .map(|(id, r)| Row {
                id: id.clone(),
                request: r.clone(),
                currency: c.payable_currency(&r.payable).to_string(),
                unpaid: c.request_unpaid(id),
                paid: c.request_paid(id),
                beyond: c.paid_beyond(id),
            })
            .collect();
        gendan_domain::sorting::sort_by_key(&mut out, |r| {
            (std::cmp::Reverse(r.request.requested), r.id.clone())
        });
        out
    })
}

/// The card's charges that may still be asked for, with what may be and its currency.
pub(super) fn requestable(ctx: OrderCtx, charges: &Charges) -> Vec<(String, Price, String)> {
    super::super::payment_form::open_charges(ctx, charges, Commercial::requestable)
}

#[component]
pub fn PayRequests(ctx: OrderCtx, charges: Charges) -> impl IntoView {
    let i18n = use_i18n();
    let reason = kept_text(&format!("{}/request-reason", charges.key()), String::new);
    let po = StoredValue::new(charges);
    let error = RwSignal::new(None::<String>);
    let decide = edit_action(error, move |(id, approve): (String, bool)| {
        let why = reason.get_untracked();
        let me = who();
        async move {
            let out = ctx
                .edit_commercial(move |c| c.decide_request(&id, approve, &me, &why))
                .await;
            // The card may be gone by the time the decision is saved.
            if out.is_ok() {
                let _ = reason.try_set(String::new());
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

#[cfg(test)]
mod tests {
    //! The requests on a PO's card over a real repo: a rejection without a reason is refused
    //! in words and leaves the request waiting; with one it is rejected and says why; a request
    //! a merge left rejected after money was paid against it says so.
    use super::*;
    use crate::i18n::Lang;
    use crate::screen_tests::{child_attributes, click, loaded_order, mount, text_of, type_into};
    use crate::storage::agenda_tests::{owe_a_mill, repo_with_order};
    use gendan_domain::commercial::Payment;
    use gendan_domain::pay_requests::Ask;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    fn statuses() -> Vec<String> {
        child_attributes("pay-requests", "data-status")
    }

    #[wasm_bindgen_test]
    async fn a_rejection_needs_a_reason_and_a_paid_rejected_request_says_so() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("pay-requests", "PO-REQUESTS").await;
        owe_a_mill(&repo, &id, &[]).await;
        repo.edit_commercial(&id, |c| {
            let day = "2026-04-01".parse().expect("a day");
            for (rid, amount) in [("r1", "300"), ("r2", "200")] {
                c.request_payment(
                    rid,
                    Ask {
                        payable: "p1",
                        amount: amount.parse().expect("an amount"),
                        who: "Someone Else",
                        day,
                        note: "invoice SX-9",
                    },
                )?;
            }
            // r2 approved and paid on one device, rejected on another: the merge keeps the
            // rejection, the payment stands.
            c.decide_request("r2", true, "Wang", "")?;
            c.pay(
                "x1",
                Payment {
                    payable: "p1".into(),
                    amount: "200".parse().expect("an amount"),
                    request: "r2".into(),
                    ..Payment::default()
                },
                true,
                crate::platform::today(),
            )?;
            if let Some(r) = c.payment_requests.get_mut("r2") {
                r.status = RequestStatus::Rejected;
            }
            Ok(())
        })
        .await
        .expect("books");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(&app, move || {
            view! { <PayRequests ctx=ctx charges=Charges::Po("po1".to_string())/> }
        });
        let paid = text_of("paid-but-rejected").expect("named");
        assert!(paid.contains("200.00 was paid against it"), "{paid}");

        // Rejecting without a reason is refused, and the request still waits.
        click("reject-request");
        for _ in 0..100 {
            if text_of("pay-request-error").is_some_and(|t| !t.is_empty()) {
                break;
            }
            crate::platform::sleep_ms(20).await;
        }
        assert_eq!(
            text_of("pay-request-error").as_deref(),
            Some(K::ErrReasonRequired.text(Lang::En))
        );
        assert!(
            statuses().contains(&"pending".to_string()),
            "{:?}",
            statuses()
        );

        type_into("reject-reason", "price not agreed");
        click("reject-request");
        // Left at once, while the decision is being saved: it is saved all the same, and what
        // the card does once it is must not touch a card that is gone.
        screen.leave();
        for _ in 0..100 {
            if repo
                .commercial(&id)
                .await
                .ok()
                .flatten()
                .is_some_and(|c| c.payment_requests["r1"].status == RequestStatus::Rejected)
            {
                break;
            }
            crate::platform::sleep_ms(20).await;
        }
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        let r1 = &books.payment_requests["r1"];
        assert_eq!(r1.status, RequestStatus::Rejected);
        assert_eq!(r1.note, "invoice SX-9 — price not agreed");
        crate::platform::sleep_ms(100).await;
        assert!(!crate::screen_tests::panicked(), "no panic after leaving");
    }

    /// One approved request paid in full on two devices offline: the card says what went
    /// beyond what was approved; a request paid as approved says nothing of the kind.
    #[wasm_bindgen_test]
    async fn a_request_paid_on_two_devices_says_what_went_beyond_it() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("pay-requests-beyond", "PO-BEYOND").await;
        owe_a_mill(&repo, &id, &[]).await;
        repo.edit_commercial(&id, |c| {
            let day = "2026-04-01".parse().expect("a day");
            c.request_payment(
                "r1",
                Ask {
                    payable: "p1",
                    amount: "300".parse().expect("an amount"),
                    who: "Someone Else",
                    day,
                    note: "invoice SX-9",
                },
            )?;
            c.decide_request("r1", true, "Wang", "")?;
            // What the merge of two devices' payments leaves: each paid the 300 approved.
            for x in ["x1", "x2"] {
                c.payments.insert(
                    x.into(),
                    Payment {
                        payable: "p1".into(),
                        amount: "300".parse().expect("an amount"),
                        request: "r1".into(),
                        ..Payment::default()
                    },
                );
            }
            Ok(())
        })
        .await
        .expect("books");
        let ctx = loaded_order(&app, &repo, &id).await;
        let _screen = mount(&app, move || {
            view! { <PayRequests ctx=ctx charges=Charges::Po("po1".to_string())/> }
        });
        let said = text_of("paid-beyond-approval").expect("named");
        assert!(said.contains("600.00 was paid"), "{said}");
        assert!(said.contains("300.00 more than was approved"), "{said}");
        assert!(text_of("paid-but-rejected").is_none());
    }
}
