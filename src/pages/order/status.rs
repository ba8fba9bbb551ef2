//! The order's status, moved only through `lifecycle::transition`: when a gate refuses, the panel
//! names the gate and asks for an override reason, which is logged with who and when. The buttons
//! offer only what the lifecycle allows from here (`lifecycle::next_statuses`: a held order
//! returns where it left, a shipped one only moves forward); a shipped order is corrected by
//! reopening it with a reason. [`NeedsDecision`], shown above every section of the order: what
//! `lifecycle::violations` finds in the order as it is now (after a merge from another device or
//! tab), each with the logged action that settles it.

use gendan_domain::lifecycle::{
    self, is_shipped, next_statuses, record_shipped, transition, ChangeKind, Violation,
};
use gendan_domain::{DomainError, Order, OrderStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::ctx::{code_text, gate_text, time_text, violation_text, who, OrderCtx};
use crate::i18n::{status_key, use_i18n, K};
use crate::platform;

#[component]
pub fn StatusPanel(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let blocked = RwSignal::new(None::<(OrderStatus, Vec<String>)>);
    let reason = RwSignal::new(String::new());
    let reopen_reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);

    let move_to = move |next: OrderStatus, why: Option<String>| {
        busy.set(true);
        spawn_local(async move {
            let gates = ctx.workspace.with_untracked(|w| w.settings.gates.clone());
            let com = ctx.commercial.get_untracked();
            let (who, now, day) = (who(), (platform::now_ms() as i64), platform::today());
            let res = ctx
                .edit(move |o| {
                    transition(o, com.as_ref(), next, &gates, &who, now, why.as_deref())?;
                    if next == OrderStatus::Shipped {
                        record_shipped(o, day);
                    }
                    Ok(())
                })
                .await;
            match res {
                Ok(()) => {
                    error.set(None);
                    blocked.set(None);
                    reason.set(String::new());
                }
                Err(f) => {
                    if !f.gates.is_empty() {
                        let names = f.gates.iter().map(|g| gate_text(i18n, g)).collect();
                        blocked.set(Some((next, names)));
                    }
                    error.set(Some(f.text));
                }
            }
            busy.set(false);
        });
    };
    let reopen = move |_| {
        busy.set(true);
        let why = reopen_reason.get_untracked();
        spawn_local(async move {
            let (who, now) = (who(), (platform::now_ms() as i64));
            let res = ctx
                .edit(move |o| lifecycle::reopen(o, &who, now, &why).map(|_| ()))
                .await;
            match res {
                Ok(()) => {
                    error.set(None);
                    reopen_reason.set(String::new());
                }
                Err(f) => error.set(Some(f.text)),
            }
            busy.set(false);
        });
    };

    let nexts = move || ctx.order.with(next_statuses);
    let overrides = move || {
        let mut v: Vec<_> = ctx
            .order
            .with(|o| o.gate_overrides.values().cloned().collect());
        v.sort_by_key(|g| g.at_ms);
        v
    };

    // Newest first; moves made concurrently share a number and sit together.
    let history = move || {
        let mut v: Vec<_> = ctx.order.with(|o| o.status_log.values().cloned().collect());
        v.sort_by_key(|c| std::cmp::Reverse((c.seq, c.at_ms)));
        v
    };

    view! {
        <section class="card section status-panel" aria-labelledby="status-h">
            <h3 id="status-h">{move || i18n.t(K::Status)}": "
                <span class="status-now" data-testid="order-status">{move || i18n.t(status_key(ctx.order.with(|o| o.status)))}</span>
            </h3>
            <p class="muted">{move || i18n.t(K::MoveTo)}</p>
            <div class="button-row">
                {move || nexts().into_iter().map(|s| view! {
                    <button type="button" data-testid=format!("to-{}", s.code())
                        disabled=move || busy.get()
                        on:click=move |_| move_to(s, None)>
                        {move || i18n.t(status_key(s))}
                    </button>
                }).collect_view()}
            </div>
            {move || ctx.order.with(|o| (o.status == OrderStatus::OnHold).then_some(o.held_from).flatten()).map(|h| view! {
                <p class="muted small" data-testid="held-from">{move || format!("{} {}", i18n.t(K::HeldFrom), i18n.t(status_key(h)))}</p>
            })}
            <p class="error-text action-error" role="alert" data-testid="status-error">{move || error.get().unwrap_or_default()}</p>
            {move || blocked.get().map(|(next, names)| view! {
                <div class="override" data-testid="gate-refused">
                    <p><strong>{move || i18n.t(K::GateRefusedTitle)}</strong></p>
                    <ul>{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    <div class="field">
                        <label for="override-reason">{move || i18n.t(K::OverrideReason)}</label>
                        <textarea id="override-reason" data-testid="override-reason" rows="2"
                            prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </div>
                    <button type="button" class="warn" data-testid="override" disabled=move || busy.get()
                        on:click=move |_| move_to(next, Some(reason.get_untracked()))>
                        {move || format!("{} → {}", i18n.t(K::OverrideAndMove), i18n.t(status_key(next)))}
                    </button>
                </div>
            })}
            <Show when=move || ctx.order.with(|o| is_shipped(o.status))>
                <details class="reopen" data-testid="reopen">
                    <summary>{move || i18n.t(K::Reopen)}</summary>
                    <p class="muted small">{move || i18n.t(K::ReopenHelp)}</p>
                    <div class="field">
                        <label for="reopen-reason">{move || i18n.t(K::DecisionReason)}</label>
                        <textarea id="reopen-reason" data-testid="reopen-reason" rows="2"
                            prop:value=move || reopen_reason.get()
                            on:input=move |ev| reopen_reason.set(event_target_value(&ev))></textarea>
                    </div>
                    <button type="button" class="warn" data-testid="reopen-button" disabled=move || busy.get() on:click=reopen>
                        {move || i18n.t(K::Reopen)}
                    </button>
                </details>
            </Show>
            <Show when=move || ctx.order.with(|o| !o.status_log.is_empty())>
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
            </Show>
            <Show when=move || ctx.order.with(|o| !o.gate_overrides.is_empty())>
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
            </Show>
        </section>
    }
}

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
    let busy = RwSignal::new(false);
    let found = move || {
        let gates = ctx.workspace.with(|w| w.settings.gates.clone());
        ctx.commercial.with(|c| {
            ctx.order
                .with(|o| lifecycle::violations(o, c.as_ref(), &gates))
        })
    };
    let settle = move |v: Violation| {
        busy.set(true);
        let why = reason.get_untracked();
        spawn_local(async move {
            let gates = ctx.workspace.with_untracked(|w| w.settings.gates.clone());
            let com = ctx.commercial.get_untracked();
            let (who, now) = (who(), (platform::now_ms() as i64));
            let res = ctx
                .edit(move |o: &mut Order| -> Result<(), DomainError> {
                    match &v {
                        Violation::GateNotMet { gate, .. } => {
                            lifecycle::override_gate(o, gate, &who, now, &why)
                        }
                        Violation::ShippedDateNotShipped { shipment, .. } => {
                            lifecycle::set_shipped_on(
                                o,
                                com.as_ref(),
                                shipment,
                                None,
                                &gates,
                                &who,
                                now,
                                None,
                            )
                        }
                        _ => lifecycle::keep_status(o, &who, now, &why),
                    }
                })
                .await;
            match res {
                Ok(()) => {
                    error.set(None);
                    reason.set(String::new());
                }
                Err(f) => error.set(Some(f.text)),
            }
            busy.set(false);
        });
    };
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
                                        on:click=move |_| settle(v.clone())>
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
