//! Changing the ex-factory date: a reason, the milestones it would re-plan, and the history of
//! changes. The form is folded behind its heading (a rare change, and the milestones come
//! first on a phone); the confirmed date and the history stay in view.

use gendan_domain::tna;
use gendan_domain::Day;
use leptos::prelude::*;

use super::super::ctx::{day_text, parse_day, time_text, who, OrderCtx};
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;

#[component]
pub fn ExFactoryChange(
    ctx: OrderCtx,
    /// The section's error line.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let xf_new = RwSignal::new(String::new());
    let xf_reason = RwSignal::new(String::new());
    let xf_replan = RwSignal::new(true);
    let xf_offer = move || {
        let Ok(Some(d)) = parse_day(&xf_new.get()) else {
            return 0;
        };
        ctx.order.with(|o| tna::ex_factory_replan_offer(o, d).len())
    };
    let change_action = submit_action(
        error,
        move |(d, change, replan): (Day, tna::ExFactoryChange, bool)| {
            ctx.edit(move |o| {
                tna::change_ex_factory(o, &platform::new_record_id(), d, change, replan)
            })
        },
        move |()| {
            xf_new.set(String::new());
            xf_reason.set(String::new());
        },
    );
    let change_xf = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(Some(d)) = parse_day(&xf_new.get_untracked()) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        if xf_reason.get_untracked().trim().is_empty() {
            error.set(Some(format!(
                "{}: {}",
                i18n.t(K::ExFactoryChangeReason),
                i18n.t(K::ErrRequired)
            )));
            return;
        }
        let change = tna::ExFactoryChange {
            by: who(),
            at_ms: (platform::now_ms() as i64),
            reason: xf_reason.get_untracked().trim().to_string(),
            ..tna::ExFactoryChange::default()
        };
        change_action.dispatch((d, change, xf_replan.get_untracked()));
    };
    let xf_log = move || {
        ctx.order.with(|o| {
            tna::ex_factory_changes(o)
                .into_iter()
                .map(|(_, c)| c.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <details class="fold-section" data-testid="xf-fold">
        <summary>{move || i18n.t(K::ChangeExFactory)}</summary>
        <form class="inline-form" on:submit=change_xf novalidate>
            <TextInput label=K::NewExFactory value=xf_new kind="date" testid="xf-new"/>
            <TextInput label=K::ExFactoryChangeReason value=xf_reason testid="xf-reason" factory_reads=true/>
            <label>
                <input type="checkbox" data-testid="xf-replan" prop:checked=move || xf_replan.get()
                    on:change=move |ev| xf_replan.set(event_target_checked(&ev))/>
                " "{move || i18n.t(K::ReplanMilestones)}{move || format!(" ({})", xf_offer())}
            </label>
            <button type="submit" data-testid="xf-change">{move || i18n.t(K::ChangeExFactory)}</button>
        </form>
        </details>
        {move || ctx.order.with(|o| o.confirmed_ex_factory).map(|d| view! {
            <p class="muted" data-testid="xf-confirmed">{move || i18n.t(K::ConfirmedExFactory)}": "{d.to_string()}</p>
        })}
        <ul class="log" data-testid="xf-changes">
            {move || xf_log().into_iter().map(|c| view! {
                <li data-testid="xf-change-entry">{format!("{} → {} · {} · {} · {}", day_text(c.from), day_text(c.to), c.by, time_text(c.at_ms), c.reason)}</li>
            }).collect_view()}
        </ul>
    }
}
