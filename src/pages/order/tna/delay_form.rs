//! A delay report for a milestone at risk or late: the cause, the new date and who was told.

use gendan_domain::tna::{self, DelayReport};
use leptos::prelude::*;

use super::super::ctx::{parse_day, who, OrderCtx};
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;

#[component]
pub fn DelayForm(
    ctx: OrderCtx,
    /// The milestone's id.
    id: String,
    /// The row's error line.
    error: RwSignal<Option<String>>,
    /// Whether the form is open; a saved report closes it.
    open: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let cause = RwSignal::new(String::new());
    let new_date = RwSignal::new(String::new());
    let informed = RwSignal::new(String::new());
    let report_action = submit_action(
        error,
        move |r: DelayReport| {
            let mid = id.clone();
            let risk = ctx.workspace.with_untracked(|w| w.settings.at_risk_days);
            ctx.edit(move |o| {
                tna::report_delay(
                    o,
                    &mid,
                    &platform::new_record_id(),
                    r,
                    platform::today(),
                    risk,
                )
            })
        },
        move |()| {
            open.set(false);
            cause.set(String::new());
        },
    );
    let report = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(nd) = parse_day(&new_date.get_untracked()) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        let r = DelayReport {
            cause: cause.get_untracked(),
            new_date: nd,
            informed: informed.get_untracked(),
            reported_by: who(),
            reported_ms: (platform::now_ms() as i64),
        };
        report_action.dispatch(r);
    };
    view! {
        <Show when=move || open.get()>
            <form class="delay-form" on:submit=report novalidate>
                <TextInput label=K::DelayCause value=cause testid="delay-cause" factory_reads=true/>
                <TextInput label=K::NewDate value=new_date kind="date" testid="delay-new-date"/>
                <TextInput label=K::Informed value=informed testid="delay-informed"/>
                <button type="submit" data-testid="delay-save">{move || i18n.t(K::Save)}</button>
            </form>
        </Show>
    }
}
