//! The order's status history, newest first: who moved it from what to what, when, and why.

use gendan_domain::lifecycle::ChangeKind;
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
        let mut v: Vec<_> = ctx.order.with(|o| o.status_log.values().cloned().collect());
        sort_by_key(&mut v, |c| std::cmp::Reverse((c.seq, c.at_ms)));
        v
    };
    view! {
        <details class="status-log" data-testid="status-history">
            <summary>{move || i18n.t(K::StatusHistory)}</summary>
            <ul class="log" data-testid="status-log">
                {move || history().into_iter().map(|c| {
                    let name = |code: &str| OrderStatus::from_code(code)
                        .map_or_else(|| code.to_string(), |s| i18n.t(status_key(s)).to_string());
                    let kind = match c.kind {
                        ChangeKind::Reopen => format!(" · {}", i18n.t(K::ChangeReopen)),
                        ChangeKind::Decision => format!(" · {}", i18n.t(K::ChangeDecision)),
                        _ => String::new(),
                    };
                    let why = if c.reason.is_empty() { String::new() } else { format!(": {}", c.reason) };
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
