//! The "needs a decision" banner: what the lifecycle finds wrong with the order as it is now
//! (after a merge), each with the logged action that settles it. Its own file because it is shown
//! above every section, not only with the status panel.

use gendan_domain::lifecycle::{self, Violation};
use gendan_domain::{DomainError, Order};
use leptos::prelude::*;

use super::super::ctx::{violation_text, who, OrderCtx};
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;

/// The order's "needs a decision" banner: every violation the domain finds in the order as it is
/// now, each with the action that settles it (an override with a reason, keeping the status with
/// a reason, clearing a shipped date). Recomputed whenever the order, its money or the workspace
/// changes, so a merge from a peer or another tab shows here at once. Shown above the order's
/// sections, whichever is open.
#[component]
pub fn NeedsDecision(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let found = move || {
        let gates = ctx.workspace.with(|w| w.settings.gates.clone());
        ctx.commercial.with(|c| {
            ctx.order
                .with(|o| lifecycle::violations(o, c.as_ref(), &gates))
        })
    };
    let settle = submit_action(
        error,
        move |(v, why): (Violation, String)| {
            let gates = ctx.workspace.with_untracked(|w| w.settings.gates.clone());
            let com = ctx.commercial.get_untracked();
            let (who, now) = (who(), (platform::now_ms() as i64));
            ctx.edit(move |o: &mut Order| -> Result<(), DomainError> {
                match &v {
                    Violation::GateNotMet { gate, .. } => {
                        lifecycle::override_gate(o, com.as_ref(), gate, &who, now, &why)
                    }
                    Violation::ShippedDateNotShipped { shipment, .. } => lifecycle::set_shipped_on(
                        o,
                        com.as_ref(),
                        shipment,
                        None,
                        &gates,
                        &who,
                        now,
                        None,
                    ),
                    _ => lifecycle::keep_status(o, &who, now, &why),
                }
            })
        },
        move |()| reason.set(String::new()),
    );
    let busy = settle.pending();
    view! {
        <Show when=move || !found().is_empty()>
            <section class="card error needs-decision" role="alert" data-testid="needs-decision">
                <h3>{move || i18n.t(K::NeedsDecision)}</h3>
                <p class="muted small">{move || i18n.t(K::NeedsDecisionHelp)}</p>
                <ul>
                    {move || {
                        let lang = i18n.0.get();
                        found().into_iter().map(|v| {
                            let text = violation_text(lang, &v);
                            let action = match &v {
                                Violation::GateNotMet { .. } => K::AcceptOverride,
                                Violation::ShippedDateNotShipped { .. } => K::ClearShippedDate,
                                _ => K::KeepStatus,
                            };
                            view! {
                                <li data-testid="violation">
                                    <span>{text}</span>" "
                                    <button type="button" class="warn" data-testid="settle" disabled=move || busy.get()
                                        on:click=move |_| { settle.dispatch((v.clone(), reason.get_untracked())); }>
                                        {move || i18n.t(action)}
                                    </button>
                                </li>
                            }
                        }).collect_view()
                    }}
                </ul>
                <div class="field">
                    <label for="decision-reason">{move || i18n.t(K::DecisionReason)}</label>
                    <textarea id="decision-reason" data-testid="decision-reason" rows="2"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                </div>
                <p class="error-text action-error" role="alert" data-testid="decision-error">{move || error.get().unwrap_or_default()}</p>
            </section>
        </Show>
    }
}
