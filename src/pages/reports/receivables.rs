//! 应收账款台帐: what buyers still owe across the orders whose books this device holds, read
//! from the orders' agendas like the other reports: per currency by age (not yet due, then 1–30,
//! 31–60, 61–90 and over 90 days past due), then each order still owed, the longest overdue
//! first, opening its money section. Amounts in different currencies are never added together.
//! With nothing owed the card is not drawn.

use std::collections::BTreeMap;

use gendan_domain::commercial::Aging;
use gendan_domain::Price;
use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, K};
use crate::platform;
use crate::storage::report_index::OrderReceivable;
use crate::Route;

/// The aging of every order still owed, per currency.
fn by_currency(rows: &[OrderReceivable], now: gendan_domain::Day) -> BTreeMap<String, Aging> {
    let mut out: BTreeMap<String, Aging> = BTreeMap::new();
    for r in rows {
        out.entry(r.fact.currency.clone())
            .or_default()
            .add_all(&r.fact.aging(now));
    }
    out.retain(|_, a| a.total() > Price::ZERO);
    out
}

/// The orders still owed something, the longest overdue first (then by PO, the same everywhere).
fn owing(rows: &[OrderReceivable], now: gendan_domain::Day) -> Vec<(OrderReceivable, Price, i64)> {
    let mut out: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.clone(),
                r.fact.aging(now).total(),
                r.fact.days_overdue(now),
            )
        })
        .filter(|(_, open, _)| *open > Price::ZERO)
        .collect();
    gendan_domain::sorting::sort_by_key(&mut out, |(r, _, late)| {
        (
            std::cmp::Reverse(*late),
            r.customer_po.clone(),
            r.order.clone(),
        )
    });
    out
}

#[component]
pub fn Receivables(rows: RwSignal<Vec<OrderReceivable>>) -> impl IntoView {
    let i18n = use_i18n();
    let now = platform::today();
    // Each bucket with something in it, and always the total.
    let buckets = [
        (
            K::AgingNotDue,
            (|a: &Aging| a.not_due) as fn(&Aging) -> Price,
            false,
        ),
        (K::Aging0To30, |a| a.d0_30, false),
        (K::Aging31To60, |a| a.d31_60, false),
        (K::Aging61To90, |a| a.d61_90, false),
        (K::AgingOver90, |a| a.over_90, false),
        (K::AgingTotal, Aging::total, true),
    ];
    let totals = move || {
        rows.with(|r| by_currency(r, now))
            .into_iter()
            .map(|(cur, a)| {
                let lines = buckets
                    .iter()
                    .filter(|(_, of, always)| *always || of(&a) > Price::ZERO)
                    .map(|(k, of, _)| {
                        let (k, amount) = (*k, format!("{cur} {}", of(&a)));
                        view! { <dt>{move || i18n.t(k)}</dt><dd data-testid="aging-amount">{amount}</dd> }
                    })
                    .collect_view();
                view! { <dl class="facts" data-testid="receivables-aging" data-currency=cur.clone()>{lines}</dl> }
            })
            .collect_view()
    };
    // Read by the card's `Show` and its list: sorted once per change.
    let orders = Memo::new(move |_| rows.with(|r| owing(r, now)));
    // Nothing owed (or no books on this device): no card, so Reports stays as short as it was.
    view! {
        <Show when=move || orders.with(|o| !o.is_empty())>
        <section class="card no-print" data-testid="receivables">
            <h3>{move || i18n.t(K::ReceivablesTitle)}</h3>
            {totals}
            <ul class="log">
                // Keyed by what the row says too: an order owing less since is drawn again.
                <For each=move || orders.get() key=|(r, open, late)| (r.order.clone(), open.ten_thousandths(), *late, r.fact.owed) let:row>
                    {
                        let (r, open, late) = row;
                        let overdue = late > 0;
                        let owed = Price::from_ten_thousandths(r.fact.owed);
                        let href = Route::OrderSection(r.order.clone(), "money".into()).href();
                        let text = move || {
                            let amounts = [
                                ("po", r.customer_po.clone()),
                                ("customer", r.customer.clone()),
                                ("open", format!("{} {open}", r.fact.currency)),
                                ("owed", format!("{} {owed}", r.fact.currency)),
                                ("days", late.to_string()),
                            ];
                            let args: Vec<(&str, &str)> = amounts.iter().map(|(k, v)| (*k, v.as_str())).collect();
                            fill(i18n.t(if overdue { K::ReceivableOverdue } else { K::ReceivableNotDue }), &args)
                        };
                        view! {
                            <li data-testid="receivable-row" class:late-text=overdue data-late=late.to_string()>
                                <a href=href>{text}</a>
                            </li>
                        }
                    }
                </For>
            </ul>
        </section>
        </Show>
    }
}
