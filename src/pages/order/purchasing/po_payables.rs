//! A PO's payables (对账) where this device holds the order's money: what is owed or credited,
//! raising a payable for what was accepted, asking to pay it (付款申请), and paying it.

use gendan_domain::order::{Field, Issue};
use gendan_domain::Price;
use leptos::prelude::*;

use super::super::ctx::{field_error, parse_day, OrderCtx};
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::edit_action;
use crate::platform;

#[component]
pub fn PoPayables(ctx: OrderCtx, po_id: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let pid = StoredValue::new(po_id);
    let pay_due = RwSignal::new(String::new());
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
                    c.payables_for(&id)
                        .into_iter()
                        .map(|(k, p)| {
                            (
                                p.clone(),
                                c.payable_outstanding(k),
                                c.payable_currency(k).to_string(),
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
            {move || payables().into_iter().map(|(p, unpaid, pcur)| view! {
                <li data-testid="po-payable" data-credit=p.is_credit().to_string()>
                    {p.is_credit().then(|| view! { <span class="bad">{move || i18n.t(K::PayableCredit)}" "</span> })}
                    {format!("{}{} {}", if p.is_credit() { "−" } else { "" }, pcur, p.amount)}
                    {p.due.map(|d| format!(" · {} {d}", i18n.t(K::DueDate)))}" · "
                    {move || i18n.t(K::Unpaid)}{format!(" {unpaid}")}
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
        <div class="inline-form">
            <TextInput label=K::DueDate value=pay_due kind="date" testid="po-payable-due"/>
            <button type="button" data-testid="raise-payable" on:click=raise>{move || i18n.t(K::RaisePayable)}</button>
        </div>
        <super::pay_requests::PayRequests ctx=ctx po_id=pid.get_value()/>
        <super::super::payment_form::PaymentForm ctx=ctx po_id=pid.get_value()/>
    }
}
