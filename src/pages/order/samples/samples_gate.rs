//! The sample gate on production, said before anyone tries to release the order and is refused:
//! open, or the kinds still waiting for approval (`lifecycle::samples_missing`).

use gendan_domain::lifecycle;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use crate::i18n::{sample_kind_text, use_i18n, K};

#[component]
pub fn SamplesGate(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let gate = move || {
        let gates = ctx.workspace.with(|w| w.settings.gates.clone());
        let applies =
            gates.samples_before_production && gates.required_samples.values().any(|r| *r);
        applies.then(|| ctx.order.with(|o| lifecycle::samples_missing(o, &gates)))
    };
    move || {
        gate().map(|missing| {
            let lang = i18n.0.get();
            if missing.is_empty() {
                view! {
                    <p class="gate-note ok-note" data-testid="samples-gate" data-open="true">{i18n.t(K::SamplesGateOpen)}</p>
                }
                .into_any()
            } else {
                let names = missing
                    .iter()
                    .map(|k| sample_kind_text(lang, k))
                    .collect::<Vec<_>>()
                    .join(", ");
                view! {
                    <p class="gate-note warn-note" data-testid="samples-gate" data-open="false">
                        {i18n.t(K::SamplesGateClosed)}" "<strong>{names}</strong>
                    </p>
                }
                .into_any()
            }
        })
    }
}
