//! Warns when the T&A plan puts a milestone before one it follows (PP approval planned before
//! fit approval): the plan cannot be kept as written, and nobody notices in a list of dates.

use gendan_domain::links::out_of_order;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use crate::i18n::{fill, milestone_name, use_i18n, K};

#[component]
pub fn OutOfOrderWarnings(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let lines = move || {
        let lang = i18n.0.get();
        let text = K::MilestoneOutOfOrder.text(lang);
        ctx.order.with(|o| {
            let name = |id: &str| {
                o.milestones
                    .get(id)
                    .map(|m| milestone_name(lang, &m.name))
                    .unwrap_or_default()
            };
            out_of_order(o)
                .into_iter()
                .map(|w| {
                    fill(
                        text,
                        &[
                            ("milestone", &name(&w.milestone)),
                            ("due", &w.due.to_string()),
                            ("depends", &name(&w.depends_on)),
                            ("depends_due", &w.depends_due.to_string()),
                        ],
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || !lines().is_empty()>
            <ul class="banner warn" role="status" data-testid="tna-out-of-order">
                {move || lines().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
            </ul>
        </Show>
    }
}
