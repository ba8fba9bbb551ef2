//! The log of gates overridden on this order: which gate, to what status, by whom, when and why.
//! The money gates waived where the books are, and the words of their moves, are read from the
//! books ([`gendan_domain::money_waivers`]); where the money is not held, no money gate's waiver
//! shows, not even one an older build logged on the order.

use gendan_domain::money_waivers::{self, is_money_code};
use gendan_domain::OrderStatus;
use leptos::prelude::*;

use super::super::ctx::{code_text, time_text, OrderCtx};
use crate::i18n::{status_key, use_i18n, K};
use gendan_domain::sorting::sort_by_key;

#[component]
pub fn OverrideLog(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let overrides = Memo::new(move |_| {
        let money_here = !ctx.commercial_elsewhere.get();
        let mut v: Vec<_> = ctx.commercial.with(|books| {
            ctx.order.with(|o| {
                money_waivers::overrides(o, books.as_ref())
                    .into_iter()
                    .map(|(_, g)| g)
                    .filter(|g| money_here || !is_money_code(&g.gate))
                    .collect()
            })
        });
        sort_by_key(&mut v, |g| g.at_ms);
        v
    });
    view! {
        <Show when=move || overrides.with(|v| !v.is_empty())>
            <h4>{move || i18n.t(K::OverrideLog)}</h4>
            <ul class="log" data-testid="override-log">
                {move || overrides.get().into_iter().map(|g| {
                    let to = OrderStatus::from_code(&g.to).map(|s| i18n.t(status_key(s)).to_string()).unwrap_or(g.to.clone());
                    let gate = code_text(i18n, &g.gate);
                    // Where the words are kept with the books this device does not hold.
                    let why = if g.reason.is_empty() { String::new() } else { format!(": {}", g.reason) };
                    view! {
                        <li>
                            <span class="muted">{time_text(g.at_ms)}" · "{g.who.clone()}</span>
                            <br/>{format!("{gate} → {to}{why}")}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}
