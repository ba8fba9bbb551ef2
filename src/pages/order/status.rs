//! The order's status, moved only through `lifecycle::transition`: when a gate refuses, the panel
//! names the gate and asks for an override reason, which is logged with who and when.

use gendan_domain::lifecycle::{record_shipped, transition};
use gendan_domain::OrderStatus;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::ctx::{code_text, gate_text, now_ms, time_text, today, who, OrderCtx};
use crate::i18n::{status_key, use_i18n, K};

#[component]
pub fn StatusPanel(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let blocked = RwSignal::new(None::<(OrderStatus, Vec<String>)>);
    let reason = RwSignal::new(String::new());
    let busy = RwSignal::new(false);

    let move_to = move |next: OrderStatus, why: Option<String>| {
        busy.set(true);
        spawn_local(async move {
            let gates = ctx.workspace.with_untracked(|w| w.settings.gates.clone());
            let com = ctx.commercial.get_untracked();
            let (who, now, day) = (who(), now_ms(), today());
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

    let nexts = move || {
        let from = ctx.order.with(|o| o.status);
        OrderStatus::ALL
            .into_iter()
            .filter(|s| *s != from && from.can_become(*s))
            .collect::<Vec<_>>()
    };
    let overrides = move || {
        let mut v: Vec<_> = ctx
            .order
            .with(|o| o.gate_overrides.values().cloned().collect());
        v.sort_by_key(|g| g.at_ms);
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
