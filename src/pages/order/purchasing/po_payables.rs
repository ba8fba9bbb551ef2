//! A PO's payables (对账) where this device holds the order's money: what is owed or credited,
//! raising a payable for what was accepted, asking to pay it (付款申请), and paying it; payments
//! dated by their charge's due day but entered after it, with why.

use gendan_domain::order::{Field, Issue};
use gendan_domain::Price;
use leptos::prelude::*;

use super::super::ctx::{day_text, field_error, parse_day, OrderCtx};
use super::super::payment_form::Charges;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::edit_action;
use crate::platform;
use crate::state::kept_input::kept_text;

#[component]
pub fn PoPayables(ctx: OrderCtx, po_id: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let pay_due = kept_text(&format!("po:{po_id}/payable-due"), String::new);
    let pid = StoredValue::new(po_id);
    let raise_action = edit_action(error, move |due| {
        let id = pid.get_value();
        let po = ctx
            .order
            .with_untracked(|o| o.purchase_orders.get(&id).cloned())
            .unwrap_or_default();
        ctx.edit_commercial(move |c| {
            c.add_payable_for_po(&platform::new_record_id(), &id, &po, due)
        })
    });
    let raise = move |_| {
        let Ok(due) = parse_day(&pay_due.get_untracked()) else {
            error.set(Some(field_error(
                i18n,
                Field::RequiredDate,
                Issue::NotADate,
            )));
            return;
        };
        let id = pid.get_value();
        if ctx
            .order
            .with_untracked(|o| o.purchase_orders.contains_key(&id))
        {
            raise_action.dispatch(due);
        }
    };
    let payables = move || {
        let id = pid.get_value();
        ctx.commercial.with(|c| {
            c.as_ref()
                .map(|c| {
                    let again = c.reconciled_twice();
                    c.payables_for(&id)
                        .into_iter()
                        .map(|(k, p)| {
                            (
                                p.clone(),
                                c.payable_outstanding(k),
                                c.payable_currency(k).to_string(),
                                again.contains_key(k),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let pay_cur = move || {
        ctx.commercial.with(|c| {
            c.as_ref()
                .map(|c| c.po_currency(&pid.get_value()).to_string())
                .unwrap_or_default()
        })
    };
    view! {
        <h4>{move || i18n.t(K::PoPayables)}</h4>
        <ul class="log" data-testid="po-payables">
            {move || payables().into_iter().map(|(p, unpaid, pcur, twice)| view! {
                <li data-testid="po-payable" data-credit=p.is_credit().to_string() data-debit=p.is_debit().to_string()
                    data-voided=p.voided.is_some().to_string() data-twice=twice.to_string()>
                    // A complaint's debit says so and what for; 对账's credit says it came back.
                    {p.is_credit().then(|| {
                        let key = if p.is_debit() { K::PayableDebit } else { K::PayableCredit };
                        view! { <span class="bad">{move || i18n.t(key)}" "</span> }
                    })}
                    <span class=if p.voided.is_some() || twice { "struck" } else { "" }>
                        {format!("{}{} {}", if p.is_credit() { "−" } else { "" }, pcur, p.amount)}
                        {(p.is_debit() && !p.note.is_empty()).then(|| format!(" · {}", p.note))}
                    </span>
                    {p.due.map(|d| format!(" · {} {d}", i18n.t(K::DueDate)))}" · "
                    {move || i18n.t(K::Unpaid)}{format!(" {unpaid}")}
                    // The same 对账 done on another device offline: it owes nothing.
                    {twice.then(|| view! {
                        " "<span class="bad" data-testid="po-payable-twice">{move || i18n.t(K::PayableReconciledTwice)}</span>
                    })}
                    {p.voided.clone().map(|w| view! {
                        " "<span class="bad">{move || crate::i18n::fill(i18n.t(K::RecoveryVoidedRow), &[("why", &w)])}</span>
                    })}
                </li>
            }).collect_view()}
        </ul>
        {move || {
            let id = pid.get_value();
            ctx.commercial
                .with(|c| c.as_ref().map(|c| c.credit_balance(&id)))
                .filter(|b| *b > Price::ZERO)
                .map(|b| view! { <p class="bad" data-testid="po-credit-balance">{move || i18n.t(K::PoCreditBalance)}{format!(" {} {b}", pay_cur())}</p> })
        }}
        {move || around_the_rule(ctx, &pid.get_value()).into_iter().map(|(amount, day, who, since)| {
            let text = crate::i18n::fill(
                i18n.t(K::PaidWithoutRequest),
                &[("amount", &amount), ("day", &day), ("who", &who), ("since", &since)],
            );
            view! { <p class="warn-note" data-testid="paid-without-request">{text}</p> }
        }).collect_view()}
        {move || entered_late(ctx, &pid.get_value()).into_iter().map(|(amount, date, recorded, who, why)| {
            let text = crate::i18n::fill(
                i18n.t(K::PaymentEnteredLate),
                &[("amount", &amount), ("date", &date), ("day", &recorded), ("who", &who), ("why", &why)],
            );
            view! { <p class="warn-note" data-testid="payment-late-entry">{text}</p> }
        }).collect_view()}
        <div class="inline-form">
            <TextInput label=K::DueDate value=pay_due kind="date" testid="po-payable-due"/>
            <button type="button" data-testid="raise-payable" on:click=raise>{move || i18n.t(K::RaisePayable)}</button>
        </div>
        <super::po_refunds::PoRefunds ctx=ctx po_id=pid.get_value()/>
        <super::pay_requests::PayRequests ctx=ctx charges=Charges::Po(pid.get_value())/>
        <super::super::payment_form::PaymentForm ctx=ctx charges=Charges::Po(pid.get_value())/>
    }
}

/// This PO's payments that named no request although the team required one when they were
/// made (a device that had not yet heard of the rule): amount, day, who, and the rule's day.
fn around_the_rule(ctx: OrderCtx, po: &str) -> Vec<(String, String, String, String)> {
    // Every period the rule was on, also once switched off: what was paid around it stays named.
    let gates = ctx.workspace.with(|w| w.settings.gates.clone());
    ctx.commercial.with(|c| {
        let Some(c) = c.as_ref() else {
            return Vec::new();
        };
        c.paid_without_request(&gates)
            .into_iter()
            .filter(|(_, p, _)| {
                c.payables
                    .get(&p.payable)
                    .is_some_and(|b| b.purchase_order == po)
            })
            .map(|(_, p, since)| {
                (
                    format!("{} {}", c.payable_currency(&p.payable), p.amount),
                    p.date.map(|d| d.to_string()).unwrap_or_default(),
                    p.paid_by.clone(),
                    since.to_string(),
                )
            })
            .collect()
    })
}

/// This PO's payments dated by their charge's due day but entered after it, with why: amount,
/// the day typed, the day entered, who and why.
fn entered_late(ctx: OrderCtx, po: &str) -> Vec<(String, String, String, String, String)> {
    ctx.commercial.with(|c| {
        let Some(c) = c.as_ref() else {
            return Vec::new();
        };
        let mut out: Vec<_> = c
            .payments
            .values()
            .filter_map(|p| {
                let charge = c.payables.get(&p.payable)?;
                (charge.purchase_order == po && p.entered_after(charge.due)).then(|| {
                    (
                        format!("{} {}", c.payable_currency(&p.payable), p.amount),
                        day_text(p.date),
                        day_text(p.recorded),
                        p.paid_by.clone(),
                        p.late_entry_reason.clone(),
                    )
                })
            })
            .collect();
        out.sort();
        out
    })
}

#[cfg(test)]
mod tests {
    //! The PO card over a real repo: a payment merged in from a device that paid directly after
    //! the team required approved requests is named on the card; one from before is not.
    use super::*;
    use crate::screen_tests::{loaded_order, mount, text_of};
    use crate::storage::agenda_tests::author;
    use crate::storage::tests::order;
    use crate::storage::Repo;
    use gendan_domain::commercial::{Payable, Payment};
    use gendan_domain::Day;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_payment_made_around_the_approval_rule_is_named_on_the_card() {
        let day = |s: &str| s.parse::<Day>().expect("a day");
        let app = Owner::new();
        let name = format!("gendan-test-around-the-rule-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = repo
            .create_order(&order("PO-AROUND"))
            .await
            .expect("created");
        repo.edit_commercial(&id, move |c| {
            c.payables.insert(
                "p1".into(),
                Payable {
                    purchase_order: "po1".into(),
                    supplier: "mill".into(),
                    amount: "1000".parse().expect("an amount"),
                    ..Payable::default()
                },
            );
            for (pid, amount, on, who) in [
                ("x0", "100", "2026-03-20", "li"),
                ("x2", "200", "2026-04-03", "zhou"),
            ] {
                c.payments.insert(
                    pid.into(),
                    Payment {
                        payable: "p1".into(),
                        amount: amount.parse().expect("an amount"),
                        date: Some(day(on)),
                        paid_by: who.into(),
                        ..Payment::default()
                    },
                );
            }
            Ok(())
        })
        .await
        .expect("books");
        repo.edit_workspace(move |w| {
            w.settings
                .gates
                .require_payment_approval(true, day("2026-04-01"), "on");
            Ok(())
        })
        .await
        .expect("rule on");
        let ctx = loaded_order(&app, &repo, &id).await;
        let error = app.with(|| RwSignal::new(None::<String>));
        let screen = mount(&app, move || {
            view! { <PoPayables ctx=ctx po_id="po1".to_string() error=error/> }
        });
        let said = text_of("paid-without-request").expect("named");
        assert_eq!(
            said,
            "USD 200.00 paid on 2026-04-03 by zhou without an approved request, required since 2026-04-01"
        );
        let page = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
            .and_then(|b| b.text_content())
            .unwrap_or_default();
        assert!(
            !page.contains("100.00 paid"),
            "the payment from before the rule stands: {page}"
        );
        screen.leave();
    }

    /// The same 对账 merged in from another device: the second charge is named, struck through
    /// and owes nothing; the first owes the goods once.
    #[wasm_bindgen_test]
    async fn a_reconciliation_done_twice_is_named_and_owes_nothing() {
        let app = Owner::new();
        let name = format!("gendan-test-reconciled-twice-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = repo
            .create_order(&order("PO-TWICE"))
            .await
            .expect("created");
        repo.edit_commercial(&id, move |c| {
            for pid in ["on-a", "on-b"] {
                c.payables.insert(
                    pid.into(),
                    Payable {
                        purchase_order: "po1".into(),
                        supplier: "mill".into(),
                        amount: "1000".parse().expect("an amount"),
                        raised_before: Some(0),
                        ..Payable::default()
                    },
                );
            }
            Ok(())
        })
        .await
        .expect("books");
        let ctx = loaded_order(&app, &repo, &id).await;
        let error = app.with(|| RwSignal::new(None::<String>));
        let screen = mount(&app, move || {
            view! { <PoPayables ctx=ctx po_id="po1".to_string() error=error/> }
        });
        let said = text_of("po-payable-twice").expect("named");
        assert!(said.contains("counts for nothing"), "{said}");
        let rows = text_of("po-payables").unwrap_or_default();
        assert!(
            rows.contains("unpaid 1000.00") && rows.contains("unpaid 0.00"),
            "{rows}"
        );
        screen.leave();
    }
}
