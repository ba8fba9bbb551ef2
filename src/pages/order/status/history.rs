//! The order's status history, newest first: who moved it from what to what, when, and why (the
//! words of a move that waived a money gate are read from the books, where they are kept).

use gendan_domain::lifecycle::ChangeKind;
use gendan_domain::money_waivers;
use gendan_domain::OrderStatus;
use leptos::prelude::*;

use super::super::ctx::{time_text, OrderCtx};
use crate::i18n::{status_key, use_i18n, K};
use gendan_domain::sorting::sort_by_key;

#[component]
pub fn StatusHistory(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    // Newest first; moves made concurrently share a number and sit together.
    let history = move || {
        // A move that waived a money gate keeps its words with the books.
        let mut v: Vec<_> = ctx.commercial.with(|books| {
            ctx.order.with(|o| {
                o.status_log
                    .iter()
                    .map(|(k, c)| {
                        let why = money_waivers::change_reason(k, c, books.as_ref()).to_string();
                        (c.clone(), why)
                    })
                    .collect()
            })
        });
        sort_by_key(&mut v, |(c, _)| std::cmp::Reverse((c.seq, c.at_ms)));
        v
    };
    view! {
        <details class="status-log" data-testid="status-history">
            <summary>{move || i18n.t(K::StatusHistory)}</summary>
            <ul class="log" data-testid="status-log">
                {move || history().into_iter().map(|(c, reason)| {
                    let name = |code: &str| OrderStatus::from_code(code)
                        .map_or_else(|| code.to_string(), |s| i18n.t(status_key(s)).to_string());
                    let kind = match c.kind {
                        ChangeKind::Reopen => format!(" · {}", i18n.t(K::ChangeReopen)),
                        ChangeKind::Decision => format!(" · {}", i18n.t(K::ChangeDecision)),
                        _ => String::new(),
                    };
                    let why = if reason.is_empty() { String::new() } else { format!(": {reason}") };
                    view! {
                        <li data-testid="status-change">
                            <span class="muted">{format!("#{} · {} · {}{kind}", c.seq, time_text(c.at_ms), c.who)}</span>
                            <br/>{format!("{} → {}{why}", name(&c.from), name(&c.to))}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </details>
    }
}
