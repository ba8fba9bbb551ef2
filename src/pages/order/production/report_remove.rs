//! Removing a production report: asked once, with why (the domain refuses it without: pieces
//! reported before release are a decision to take, not to make disappear), then marked removed
//! with who, when and why; it stays listed with its log and no longer counts.

use gendan_domain::production::{self, ChangeBy};
use leptos::prelude::*;

use super::super::ctx::{who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;

#[component]
pub fn ReportRemove(ctx: OrderCtx, rid: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let remove = submit_action(
        error,
        move |()| {
            let (id, cid, by) = (rid.get_value(), platform::new_record_id(), who());
            let (at_ms, why) = (platform::now_ms() as i64, reason.get_untracked());
            ctx.edit(move |o| {
                let by = ChangeBy {
                    change_id: &cid,
                    who: &by,
                    at_ms,
                    reason: &why,
                };
                production::remove_report(o, &id, by)
            })
        },
        move |()| {
            asking.set(false);
            reason.set(String::new());
        },
    );
    view! {
        <button type="button" class="link" data-testid="prod-remove" on:click=move |_| asking.set(true)>
            {move || i18n.t(K::RemoveReport)}</button>
        <Show when=move || asking.get()>
            <span>{move || i18n.t(K::ConfirmRemoveReport)}</span>
            <TextInput label=K::ProductionReason value=reason testid="prod-remove-reason" factory_reads=true/>
            <button type="button" class="warn" data-testid="prod-remove-confirm"
                on:click=move |_| { remove.dispatch(()); }>{move || i18n.t(K::RemoveReport)}</button>
            <button type="button" on:click=move |_| asking.set(false)>{move || i18n.t(K::Cancel)}</button>
        </Show>
        <ActionError error=error testid="prod-remove-error"/>
    }
}
