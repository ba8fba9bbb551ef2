//! The order's status, moved only through `lifecycle::transition`: when a gate refuses, the panel
//! names the gate and asks for an override reason, which is logged with who and when. The buttons
//! offer only what the lifecycle allows from here (`lifecycle::next_statuses`: a held order
//! returns where it left, a shipped one only moves forward); cancelling asks why first; a shipped
//! order is corrected by reopening it with a reason. [`NeedsDecision`], shown above every section of the order: what
//! `lifecycle::violations` finds in the order as it is now (after a merge from another device or
//! tab), each with the logged action that settles it.
//!
//! The panel's parts live under `status/`: the override form a refused gate opens, the question
//! before cancelling, reopening a shipped order, and the two logs (status history, gate
//! overrides).

mod cancel_ask;
mod gate_refused;
mod history;
mod needs_decision;
mod overrides;
mod reopen;

use gendan_domain::lifecycle::{self, next_statuses, record_shipped, transition, Gate};
use gendan_domain::OrderStatus;
use leptos::prelude::*;

use super::ctx::{refused_gate_text, who, OrderCtx};
use crate::i18n::{status_key, use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;
use cancel_ask::CancelAsk;
use gate_refused::GateRefused;
use history::StatusHistory;
pub use needs_decision::NeedsDecision;
use overrides::OverrideLog;
use reopen::Reopen;

#[component]
pub fn StatusPanel(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    // The move refused, the gates' names, and whether an override's reason stays on the order
    // (no money gate among them: a money gate's waiver takes the move's reason to the books).
    let blocked = RwSignal::new(None::<(OrderStatus, Vec<String>, bool)>);
    let reason = RwSignal::new(String::new());
    let reopen_reason = RwSignal::new(String::new());
    let (cancelling, cancel_reason) = (RwSignal::new(false), RwSignal::new(String::new()));

    // A move refused by gates opens the override form naming them; any success closes it.
    let move_action = submit_action(
        error,
        move |(next, why): (OrderStatus, Option<String>)| async move {
            let gates = ctx.workspace.with_untracked(|w| w.settings.gates.clone());
            let least = gates.min_deposit_bp;
            let com = ctx.commercial.get_untracked();
            let judged = com.clone();
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
            res.map_err(|mut f| {
                if f.gates.is_empty() {
                    return f;
                }
                // `try_`: the screen may have been left while the move was refused.
                let names: Option<Vec<String>> = ctx.order.try_with_untracked(|o| {
                    f.gates
                        .iter()
                        .map(|g| refused_gate_text(i18n, g, o, judged.as_ref(), least))
                        .collect()
                });
                if let Some(names) = names {
                    // The error line names the gates as the refusal below does.
                    f.name_gates(i18n.0.get_untracked(), &names);
                    let factory_reads = !f
                        .gates
                        .iter()
                        .any(|g| matches!(g, Gate::Deposit | Gate::Balance));
                    blocked.set(Some((next, names, factory_reads)));
                }
                f
            })
        },
        move |()| {
            blocked.set(None);
            reason.set(String::new());
            cancelling.set(false);
            cancel_reason.set(String::new());
        },
    );
    let reopen = submit_action(
        error,
        move |why: String| {
            let (who, now, day) = (who(), (platform::now_ms() as i64), platform::today());
            ctx.edit(move |o| lifecycle::reopen(o, &who, now, day, &why).map(|_| ()))
        },
        move |()| reopen_reason.set(String::new()),
    );
    // One change at a time: a move and a reopen wait for each other.
    let busy = Signal::derive(move || move_action.pending().get() || reopen.pending().get());
    let move_to = Callback::new(move |input| {
        move_action.dispatch(input);
    });
    let nexts = move || ctx.order.with(next_statuses);

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
                        on:click=move |_| match s {
                            OrderStatus::Cancelled => cancelling.set(true),
                            _ => move_to.run((s, None)),
                        }>
                        {move || i18n.t(status_key(s))}
                    </button>
                }).collect_view()}
            </div>
            {move || ctx.order.with(|o| (o.status == OrderStatus::OnHold).then(|| lifecycle::held_from(o)).flatten()).map(|h| view! {
                <p class="muted small" data-testid="held-from">{move || format!("{} {}", i18n.t(K::HeldFrom), i18n.t(status_key(h)))}</p>
            })}
            <p class="error-text action-error" role="alert" data-testid="status-error">{move || error.get().unwrap_or_default()}</p>
            <CancelAsk open=cancelling reason=cancel_reason busy=busy move_to=move_to/>
            {move || blocked.get().map(|(next, names, factory_reads)| view! {
                <GateRefused next=next names=names reason=reason busy=busy move_to=move_to factory_reads=factory_reads/>
            })}
            <Reopen ctx=ctx reason=reopen_reason reopen=reopen busy=busy/>
            <Show when=move || ctx.order.with(|o| !o.status_log.is_empty())>
                <StatusHistory ctx=ctx/>
            </Show>
            <OverrideLog ctx=ctx/>
        </section>
    }
}
