//! What a milestone row opens to: planned, re-planned and actual dates, recording the actual
//! day, and the delay reports written for it.

use gendan_domain::links::Link;
use gendan_domain::tna::{self, DelayReport, MilestoneStatus};
use gendan_domain::Day;
use leptos::prelude::*;

use super::super::ctx::{day_text, parse_day, OrderCtx};
use super::delay_form::DelayForm;
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::edit_action;
use crate::platform;
use gendan_domain::sorting::sort_by_key;

#[component]
pub fn MilestoneDetails(
    ctx: OrderCtx,
    id: String,
    m: tna::Milestone,
    status: MilestoneStatus,
) -> impl IntoView {
    let i18n = use_i18n();
    let actual = RwSignal::new(day_text(m.actual.or(Some(platform::today()))));
    let error = RwSignal::new(None::<String>);
    let open_delay = RwSignal::new(false);
    let id_a = id.clone();
    let record_action = edit_action(error, move |day: Day| {
        let mid = id_a.clone();
        ctx.edit(move |o| tna::record_actual(o, &mid, day))
    });
    let record = move |_| {
        let Ok(Some(day)) = parse_day(&actual.get_untracked()) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        record_action.dispatch(day);
    };
    let delays: Vec<DelayReport> = {
        let mut v: Vec<_> = m.delays.values().cloned().collect();
        sort_by_key(&mut v, |d| d.reported_ms);
        v
    };
    // A delay report may be filed as soon as the milestone is at risk.
    let is_late = matches!(status, MilestoneStatus::Late | MilestoneStatus::AtRisk);
    let done = m.actual.is_some();
    // Ex-factory and ETD are done by shipping, never by a typed day.
    let by_shipping = Link::from_code(&m.code).dated_by_shipping();
    view! {
        <div class="fold-details">
            <div class="ms-dates">
                <span>{move || i18n.t(K::Planned)}": "{day_text(m.planned)}</span>
                {m.due().filter(|d| Some(*d) != m.planned).map(|d| view! { <span>{move || i18n.t(K::NewDate)}": "{d.to_string()}</span> })}
                <span>{move || i18n.t(K::Actual)}": "{day_text(m.actual)}</span>
            </div>
            {(!done && by_shipping).then(|| view! {
                <p class="muted" data-testid="ms-by-shipping">{move || i18n.t(K::ErrDoneByShipping)}</p>
            })}
            {(!done).then(|| view! {
                <div class="inline-form">
                    {(!by_shipping).then(|| view! {
                        <TextInput label=K::ActualDate value=actual kind="date" testid="ms-actual"/>
                        <button type="button" data-testid="ms-record" on:click=record>{move || i18n.t(K::RecordActual)}</button>
                    })}
                    {is_late.then(|| view! {
                        <button type="button" class="warn" data-testid="ms-delay" on:click=move |_| open_delay.update(|o| *o = !*o)>
                            {move || i18n.t(K::WriteDelayReport)}
                        </button>
                    })}
                </div>
            })}
            <DelayForm ctx=ctx id=id error=error open=open_delay/>
            <ActionError error=error/>
            {(!delays.is_empty()).then(|| view! {
                <ul class="log">
                    {delays.into_iter().map(|d| view! {
                        <li>{format!("{} · {} → {} ({})", d.reported_by, d.cause, day_text(d.new_date), d.informed)}</li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
