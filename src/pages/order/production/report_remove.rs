//! Removing a production report: asked once, then marked removed by the domain with who and
//! when; it stays listed with its log and no longer counts.

use gendan_domain::production::{self, ChangeBy};
use leptos::prelude::*;

use super::super::ctx::{who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;

#[component]
pub fn ReportRemove(ctx: OrderCtx, rid: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let remove = submit_action(
        error,
        move |()| {
            let (id, cid, by) = (rid.get_value(), platform::new_record_id(), who());
            let at_ms = platform::now_ms() as i64;
            ctx.edit(move |o| {
                let by = ChangeBy {
                    change_id: &cid,
                    who: &by,
                    at_ms,
                };
                production::remove_report(o, &id, by)
            })
        },
        move |()| asking.set(false),
    );
    view! {
        <button type="button" class="link" data-testid="prod-remove" on:click=move |_| asking.set(true)>
            {move || i18n.t(K::RemoveReport)}</button>
        <Show when=move || asking.get()>
            <span>{move || i18n.t(K::ConfirmRemoveReport)}</span>
            <button type="button" class="warn" data-testid="prod-remove-confirm"
                on:click=move |_| { remove.dispatch(()); }>{move || i18n.t(K::RemoveReport)}</button>
            <button type="button" on:click=move |_| asking.set(false)>{move || i18n.t(K::Cancel)}</button>
        </Show>
        <ActionError error=error/>
    }
}
