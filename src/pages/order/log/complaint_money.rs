//! What a complaint cost and recovered, under the complaint itself: what the buyer keeps back
//! for it (客户扣款, confirmed and waiting) and what was charged back to a factory or supplier
//! (向工厂扣款), per currency. Money is the books', so this is drawn only on a device that holds
//! them — never on a factory's, whose copy of the order carries the complaint but no money.
//! Recorded on the money tab (`order/money/{deductions,debits}.rs`); here it is only read.

use gendan_domain::{deductions, factory_debits, Price};
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use crate::i18n::{fill, use_i18n, Lang, K};
use crate::listing::fmt_price;

fn said(lang: Lang, c: &gendan_domain::Commercial, complaint: &str) -> String {
    let cur = c.currency.as_str();
    let mut parts = Vec::new();
    let (kept, waiting) = (
        deductions::of_complaint(c, complaint),
        deductions::waiting_on(c, complaint),
    );
    if kept > Price::ZERO {
        parts.push(fill(
            K::ComplaintKeptBack.text(lang),
            &[("amount", &fmt_price(cur, kept))],
        ));
    }
    if waiting > Price::ZERO {
        parts.push(fill(
            K::ComplaintKeptBackWaiting.text(lang),
            &[("amount", &fmt_price(cur, waiting))],
        ));
    }
    for (cur, amount) in factory_debits::of_complaint(c, complaint) {
        parts.push(fill(
            K::ComplaintChargedBack.text(lang),
            &[("amount", &fmt_price(&cur, amount))],
        ));
    }
    parts.join(" · ")
}

#[component]
pub fn ComplaintMoney(ctx: OrderCtx, complaint: String) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let lang = i18n.0.get();
        ctx.commercial
            .with(|c| c.as_ref().map(|c| said(lang, c, &complaint)))
            .filter(|t| !t.is_empty())
    };
    move || text().map(|t| view! { <div class="small" data-testid="complaint-money">{t}</div> })
}
