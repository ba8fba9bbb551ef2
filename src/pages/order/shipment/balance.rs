//! The order's shipments against the order: ordered / shipped / balance per colour × size cell and
//! in total (`shipped::balance`), and each shipment listed with its day and pieces, so a partial
//! shipment and what is left to ship read at a glance.

use std::rc::Rc;

use gendan_domain::shipped;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use super::matrix_view::MatrixView;
use crate::i18n::{fill, use_i18n, K};
use crate::listing::fmt_int;
use gendan_domain::sorting::sort_by_key;

/// "1,000 / 970 / 30": ordered, shipped, balance (negative when over).
fn triple(ordered: u64, shipped: u64) -> String {
    let bal = i128::from(ordered) - i128::from(shipped);
    let b = if bal < 0 {
        format!("−{}", fmt_int(bal.unsigned_abs() as u64))
    } else {
        fmt_int(bal as u64)
    };
    format!("{} / {} / {b}", fmt_int(ordered), fmt_int(shipped))
}

#[component]
pub fn ShipBalance(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let table = move || {
        let (m, b) = ctx
            .order
            .with(|o| (o.quantities.clone(), shipped::balance(o)));
        let b = Rc::new(b);
        let (b1, b2) = (b.clone(), b.clone());
        let cell = Rc::new(move |k: &str| {
            b1.cells
                .iter()
                .find(|c| gendan_domain::order::cell_key(&c.colour, &c.size) == k)
                .map(|c| triple(c.ordered, c.shipped))
                .unwrap_or_default()
        });
        let total = Rc::new(move |colour: &str| {
            if colour.is_empty() {
                return triple(b2.ordered, b2.shipped);
            }
            let row = b2.cells.iter().filter(|c| c.colour == colour);
            let (o, s) = row.fold((0, 0), |(o, s), c| (o + c.ordered, s + c.shipped));
            triple(o, s)
        });
        let unallocated = (b.unallocated > 0).then(|| {
            view! { <p class="muted" data-testid="unallocated">{fill(i18n.t(K::UnallocatedPcs), &[("n", &fmt_int(b.unallocated))])}</p> }
        });
        view! {
            <MatrixView matrix=m cell=cell total=total testid="ship-balance"/>
            {unallocated}
        }
    };
    let partials = move || {
        ctx.order.with(|o| {
            let mut v: Vec<_> = o
                .shipments
                .values()
                .map(|s| (s.shipped_on, s.shipped_pieces()))
                .collect();
            sort_by_key(&mut v, |(d, _)| (d.is_none(), *d));
            v
        })
    };
    view! {
        <div class="ship-balance" data-testid="ship-balance-block">
            <h4>{move || i18n.t(K::ShipBalanceTitle)}</h4>
            <p class="muted">{move || format!("{} / {} / {}", i18n.t(K::OrderedQty), i18n.t(K::ShippedQtyShort), i18n.t(K::BalanceQty))}</p>
            {table}
            <h5>{move || i18n.t(K::PartialShipments)}</h5>
            <ol class="partials">
                {move || partials().into_iter().enumerate().map(|(i, (day, pcs))| {
                    let n = fill(i18n.t(K::ShipmentNo), &[("n", &(i + 1).to_string())]);
                    let when = day.map_or_else(|| i18n.t(K::NotShippedYet).to_string(), |d| d.to_string());
                    view! { <li data-testid="partial-shipment">{format!("{n} · {when} · {} {}", fmt_int(pcs), i18n.t(K::Pieces))}</li> }
                }).collect_view()}
            </ol>
        </div>
    }
}
