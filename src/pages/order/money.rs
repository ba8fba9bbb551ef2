//! Money: the order's commercial document — deposit and balance receivable, receipts recorded and
//! confirmed by finance, supplier payables (those raised from a purchase order name it). Hidden
//! when this device does not hold that document.

use gendan_domain::commercial::{Payable, Receipt};
use gendan_domain::order::{Field, Issue, Problem};
use gendan_domain::{DomainError, Price};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::ctx::{day_text, new_id, parse_day, today, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};

fn price(s: &str) -> Option<Price> {
    s.trim().parse().ok()
}

#[component]
pub fn MoneySection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let deposit_pct = RwSignal::new("30".to_string());
    let amount = RwSignal::new(String::new());
    let date = RwSignal::new(today().to_string());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let pay_supplier = RwSignal::new(String::new());
    let pay_amount = RwSignal::new(String::new());
    let pay_due = RwSignal::new(String::new());
    let pay_error = RwSignal::new(None::<String>);

    let plan = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(pct) = deposit_pct
            .get_untracked()
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|p| (0.0..=100.0).contains(p))
        else {
            error.set(Some(i18n.t(K::ErrNotNumber).to_string()));
            return;
        };
        let order = ctx.order.get_untracked();
        spawn_local(async move {
            let res = ctx
                .edit_commercial(move |c| {
                    c.terms.deposit_bp = (pct * 100.0).round() as u32;
                    // The plan needs the order's value: a price for every colour ordered.
                    c.plan_receivables(&order)
                        .ok_or(DomainError::Problem(Problem::new(
                            Field::UnitPrice,
                            Issue::Required,
                        )))
                })
                .await;
            error.set(res.err().map(|f| f.text));
        });
    };
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(a) = price(&amount.get_untracked()) else {
            error.set(Some(i18n.t(K::ErrNotNumber).to_string()));
            return;
        };
        let Ok(d) = parse_day(&date.get_untracked()) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        let n = note.get_untracked();
        spawn_local(async move {
            let res = ctx
                .edit_commercial(move |c| {
                    c.receipts.insert(
                        new_id(),
                        Receipt {
                            amount: a,
                            date: d,
                            confirmed_by: None,
                            note: n,
                        },
                    );
                    Ok::<_, DomainError>(())
                })
                .await;
            match res {
                Ok(()) => {
                    error.set(None);
                    amount.set(String::new());
                    note.set(String::new());
                }
                Err(f) => error.set(Some(f.text)),
            }
        });
    };
    let confirm = move |rid: String| {
        spawn_local(async move {
            let res = ctx
                .edit_commercial(move |c| {
                    let r = c
                        .receipts
                        .get_mut(&rid)
                        .ok_or_else(|| DomainError::not_found("receipt", &rid))?;
                    r.confirmed_by = Some(who());
                    Ok(())
                })
                .await;
            error.set(res.err().map(|f| f.text));
        });
    };
    let add_payable = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(a) = price(&pay_amount.get_untracked()) else {
            pay_error.set(Some(i18n.t(K::ErrNotNumber).to_string()));
            return;
        };
        let Ok(due) = parse_day(&pay_due.get_untracked()) else {
            pay_error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        let s = pay_supplier.get_untracked();
        spawn_local(async move {
            let res = ctx
                .edit_commercial(move |c| {
                    c.payables.insert(
                        new_id(),
                        Payable {
                            supplier: s,
                            amount: a,
                            due,
                            ..Payable::default()
                        },
                    );
                    Ok::<_, DomainError>(())
                })
                .await;
            match res {
                Ok(()) => {
                    pay_error.set(None);
                    pay_amount.set(String::new());
                }
                Err(f) => pay_error.set(Some(f.text)),
            }
        });
    };

    let cur = move || {
        ctx.commercial
            .with(|c| c.as_ref().map(|c| c.currency.clone()).unwrap_or_default())
    };
    let money = move |p: Option<Price>| {
        p.map(|p| format!("{} {p}", cur()))
            .unwrap_or_else(|| "—".into())
    };
    let tick = |b: bool| if b { "✓" } else { "✗" };

    view! {
        <section class="card section" data-testid="money-section">
            <h3>{move || i18n.t(K::SecMoney)}</h3>
            <Show when=move || !ctx.commercial_elsewhere.get() fallback=move || view! {
                <p class="muted" data-testid="money-hidden">{move || i18n.t(K::MoneyNotHere)}</p>
            }>
                {move || ctx.commercial.get().map(|c| {
                    let dep_ok = c.deposit_confirmed();
                    let bal_ok = c.balance_confirmed();
                    let mut receipts: Vec<_> = c.receipts.iter().map(|(k, r)| (k.clone(), r.clone())).collect();
                    receipts.sort_by_key(|(k, r)| (r.date, k.clone()));
                    // A payable raised from a purchase order names it and its supplier.
                    let payables: Vec<_> = c.payables.iter().map(|(k, p)| {
                        let po = ctx.order.with_untracked(|o| o.purchase_orders.get(&p.purchase_order).map(|po| po.label()));
                        let supplier = ctx.workspace.with_untracked(|w| w.party_name(&p.supplier).to_string());
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
                            <dt>{move || i18n.t(K::Outstanding)}</dt><dd data-testid="outstanding">{money(Some(c.outstanding()))}</dd>
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
                                                <button type="button" data-testid="confirm-receipt" on:click=move |_| confirm(rid.clone())>
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
                })}
                <form class="inline-form" on:submit=plan novalidate>
                    <TextInput label=K::DepositPercent value=deposit_pct testid="deposit-pct" inputmode="decimal"/>
                    <button type="submit" data-testid="plan-receivables">{move || i18n.t(K::PlanReceivables)}</button>
                </form>
                <form class="inline-form" on:submit=record novalidate>
                    <TextInput label=K::ReceiptAmount value=amount testid="receipt-amount" inputmode="decimal"/>
                    <TextInput label=K::Date value=date testid="receipt-date" kind="date"/>
                    <TextInput label=K::Note value=note testid="receipt-note"/>
                    <button type="submit" data-testid="record-receipt">{move || i18n.t(K::RecordReceipt)}</button>
                </form>
                <ActionError error=error testid="money-error"/>
                <form class="inline-form" on:submit=add_payable novalidate>
                    <TextInput label=K::Supplier value=pay_supplier testid="payable-supplier"/>
                    <TextInput label=K::PayableAmount value=pay_amount testid="payable-amount" inputmode="decimal"/>
                    <TextInput label=K::DueDate value=pay_due testid="payable-due" kind="date"/>
                    <button type="submit" data-testid="add-payable">{move || i18n.t(K::AddPayable)}</button>
                </form>
                <ActionError error=pay_error/>
            </Show>
        </section>
    }
}
