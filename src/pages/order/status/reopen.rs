//! Reopening a shipped order, the only way to correct it: with a reason, which the status log keeps.
//! Offered only while the order is shipped; the reason typed survives the offer coming and going.

use gendan_domain::lifecycle::{self, is_shipped};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::ctx::{who, OrderCtx};
use crate::i18n::{use_i18n, K};
use crate::platform;

#[component]
pub fn Reopen(
    ctx: OrderCtx,
    /// The status panel's error line.
    error: RwSignal<Option<String>>,
    /// The status panel's busy flag: no other move while this one runs.
    busy: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reopen_reason = RwSignal::new(String::new());
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
    view! {
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
    }
}
