//! One order in the list, a fixed-height row (the list's windowing counts on it): PO, style,
//! customer and factory, status, ex-factory day (late in red) and pieces; a damaged order links
//! to Settings, where it can be repaired.

use leptos::prelude::*;

use crate::i18n::{status_key, use_i18n, K};
use crate::listing::{self, fmt_day, fmt_int, PartyNames};
use crate::storage::Summary;
use crate::Route;

#[component]
pub fn OrderRow(
    s: Summary,
    today: String,
    /// Read as the row renders, so a rename shows without the row being rebuilt.
    names: Memo<PartyNames>,
) -> impl IntoView {
    let i18n = use_i18n();
    let parties = {
        let s = s.clone();
        move || {
            names.with(|n| {
                let factory = n.factory(&s);
                let customer = n.customer(&s);
                if factory.is_empty() {
                    customer
                } else {
                    format!("{customer} · {factory}")
                }
            })
        }
    };
    let href = if s.damaged {
        Route::Settings.href()
    } else {
        Route::Order(s.id.clone()).href()
    };
    let status = s.status();
    let damaged = s.damaged;
    let late = listing::is_late(&s, &today);
    let po = s.customer_po.clone();
    let no_po = po.trim().is_empty();
    let xf = s.ex_factory.clone().unwrap_or_default();
    let qty = s.total_qty;
    view! {
        <li class="order-row" class:damaged=damaged class:is-late=late data-testid="order-row">
            <a href=href>
                <div class="row-main">
                    <strong class="po" class:no-po=no_po>{move || listing::po_text(i18n.0.get(), &po)}</strong>
                    <span class="muted clip">{s.style_no.clone()}</span>
                </div>
                <div class="row-sub">
                    <span class="clip" data-testid="order-parties">{parties}</span>
                    <span class=format!("status st-{}", status.code())>{move || i18n.t(status_key(status))}</span>
                </div>
                {if damaged {
                    view! { <div class="row-sub error-text">{move || i18n.t(K::Damaged)}</div> }.into_any()
                } else {
                    view! {
                        <div class="row-sub muted">
                            <span class:late=late>{move || {
                                let d = fmt_day(i18n.0.get(), &xf);
                                if late { format!("{d} · {}", i18n.t(K::LateFlag)) } else { d }
                            }}</span>
                            <span>{move || format!("{} {}", fmt_int(qty), i18n.t(K::Pieces))}</span>
                        </div>
                    }.into_any()
                }}
            </a>
        </li>
    }
}
