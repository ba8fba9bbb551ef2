//! The log of gates overridden on this order: which gate, to what status, by whom, when and why.

use gendan_domain::OrderStatus;
use leptos::prelude::*;

use super::super::ctx::{code_text, time_text, OrderCtx};
use crate::i18n::{status_key, use_i18n, K};
use gendan_domain::sorting::sort_by_key;

#[component]
pub fn OverrideLog(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let overrides = move || {
        let mut v: Vec<_> = ctx
            .order
            .with(|o| o.gate_overrides.values().cloned().collect());
        sort_by_key(&mut v, |g| g.at_ms);
        v
    };
    view! {
        <h4>{move || i18n.t(K::OverrideLog)}</h4>
        <ul class="log" data-testid="override-log">
            {move || overrides().into_iter().map(|g| {
                let to = OrderStatus::from_code(&g.to).map(|s| i18n.t(status_key(s)).to_string()).unwrap_or(g.to.clone());
                let gate = code_text(i18n, &g.gate);
                view! {
                    <li>
                        <span class="muted">{time_text(g.at_ms)}" · "{g.who.clone()}</span>
                        <br/>{format!("{gate} → {to}: {}", g.reason)}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
