//! Money recorded in a currency the books are no longer kept in: another device switched the
//! books while this money was recorded, and the merge brought both. It counts for nothing
//! (`Commercial::in_books_currency`) and is named here, receipt or deduction, with the way out:
//! keep the books in that currency again, or void it and record it again.

use gendan_domain::commercial::MoneyKind;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use crate::i18n::{fill, use_i18n, K};
use crate::listing::fmt_price;

#[component]
pub fn OtherCurrencyMoney(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let stranded = move || {
        ctx.commercial.with(|c| {
            c.as_ref()
                .map(|c| c.other_currency_money())
                .unwrap_or_default()
        })
    };
    view! {
        {move || stranded().into_iter().map(|(kind, _, currency, amount)| {
            let what = match kind {
                MoneyKind::Receipt => K::OtherCurrencyReceipt,
                MoneyKind::Deduction => K::OtherCurrencyDeduction,
            };
            let amount = fmt_price(&currency, amount);
            view! {
                <p class="warn-note" data-testid="other-currency-money">
                    {move || fill(i18n.t(what), &[("amount", &amount), ("currency", &currency)])}
                </p>
            }
        }).collect_view()}
    }
}
