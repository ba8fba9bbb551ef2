//! What the commercial document says: receivables against receipts, the receipts (each
//! confirmable by finance) and the payables.

use gendan_domain::{DomainError, Price};
use leptos::prelude::*;

use super::super::ctx::{day_text, who, OrderCtx};
use crate::i18n::{use_i18n, K};
use crate::pages::action::edit_action;
use gendan_domain::sorting::sort_by_key;

#[component]
pub fn Ledger(ctx: OrderCtx, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let confirm = edit_action(error, move |rid: String| {
        ctx.edit_commercial(move |c| {
            let r = c
                .receipts
                .get_mut(&rid)
                .ok_or_else(|| DomainError::not_found("receipt", &rid))?;
            r.confirmed_by = Some(who());
            Ok(())
        })
    });
    let cur = move || {
        ctx.commercial
            .with(|c| c.as_ref().map(|c| c.currency.clone()).unwrap_or_default())
    };
    let money = move |p: Option<Price>| {
        p.map(|p| format!("{} {p}", cur()))
            .unwrap_or_else(|| "—".into())
    };
    let tick = |b: bool| if b { "✓" } else { "✗" };

    move || {
        ctx.commercial.get().map(|c| {
        let dep_ok = c.deposit_confirmed();
        // Once goods shipped, the balance follows their value (`Commercial::balance_due`).
        let (bal_ok, due) = ctx.order.with(|o| (c.balance_confirmed_for(o), c.balance_due(o)));
        let mut receipts: Vec<_> = c.receipts.iter().map(|(k, r)| (k.clone(), r.clone())).collect();
        sort_by_key(&mut receipts, |(k, r)| (r.date, k.clone()));
        // A payable raised from a purchase order names it and its supplier.
        let payables: Vec<_> = c.payables.iter().map(|(k, p)| {
            let po = ctx.order.with_untracked(|o| o.purchase_orders.get(&p.purchase_order).map(|po| po.label()));
            let supplier = ctx.workspace.with_untracked(|w| crate::pages::parties::party_label(w, &p.supplier, crate::i18n::use_i18n().0.get_untracked()));
            let pcur = c.payable_currency(k).to_string();
            (pcur, p.clone(), c.payable_outstanding(k), po, supplier)
        }).collect();
        view! {
            <dl class="facts">
                <dt>{move || i18n.t(K::Deposit)}</dt>
                <dd data-testid="deposit-line">{money(c.receivables.deposit.amount)}" · "{day_text(c.receivables.deposit.due)}" "
                    <span class=if dep_ok { "ok" } else { "bad" } data-testid="deposit-confirmed" data-ok=dep_ok.to_string()>{tick(dep_ok)}</span></dd>
                <dt>{move || i18n.t(K::Balance)}</dt>
                <dd data-testid="balance-line">{money(c.receivables.balance.amount)}" · "{day_text(c.receivables.balance.due)}" "
                    <span class=if bal_ok { "ok" } else { "bad" } data-testid="balance-confirmed" data-ok=bal_ok.to_string()>{tick(bal_ok)}</span></dd>
                <dt>{move || i18n.t(K::Received)}</dt><dd data-testid="received">{money(Some(c.received()))}</dd>
                <dt>{move || i18n.t(K::Outstanding)}</dt><dd data-testid="outstanding">{money(Some(due))}</dd>
            </dl>
            <h4>{move || i18n.t(K::Receipts)}</h4>
            <ul class="log" data-testid="receipts">
                {receipts.into_iter().map(|(rid, r)| {
                    let confirmed = r.confirmed_by.clone();
                    view! {
                        <li data-testid="receipt">
                            {format!("{} · {} {} {}", day_text(r.date), cur(), r.amount, r.note)}" "
                            {match confirmed {
                                Some(by) => view! { <span class="ok">{move || i18n.t(K::ConfirmedBy)}" "{by.clone()}</span> }.into_any(),
                                None => view! {
                                    <button type="button" data-testid="confirm-receipt" on:click=move |_| { confirm.dispatch(rid.clone()); }>
                                        {move || i18n.t(K::ConfirmReceipt)}
                                    </button>
                                }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h4>{move || i18n.t(K::Payables)}</h4>
            <ul class="log" data-testid="payables">
                {payables.into_iter().map(|(pcur, p, out, po, supplier)| view! {
                    <li data-testid="payable" data-credit=p.is_credit().to_string()>{format!("{supplier} · {}{} {} · {} · ", if p.is_credit() { "−" } else { "" }, pcur, p.amount, day_text(p.due))}
                        {move || i18n.t(K::Unpaid)}{format!(" {out}")}
                        {po.map(|label| view! { <span class="muted">" · "{move || i18n.t(K::ForPo)}" "{label.clone()}</span> })}</li>
                }).collect_view()}
            </ul>
        }
    })
    }
}
