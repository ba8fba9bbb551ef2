//! The team's day goals (每天3电3计6审): how many calls, plans and reviews the daily report counts
//! each day's work against. Each goal is typed strictly and saved on its own, so two devices
//! setting one each keep both. A goal is a measure, not a gate: nothing is held back by it, so
//! a change needs no reason and is said as a team settings change in the daily report.

use gendan_domain::day_goals::{GoalKind, MAX_GOAL};
use leptos::prelude::*;

use crate::components::action_error::ActionError;
use crate::i18n::{use_i18n, K};
use crate::pages::parties::{edit_ws, Ws};
use crate::pages::typed;

/// One goal's input: shows the stored value, saves what was typed once it is read.
#[component]
fn GoalInput(ws: Ws, kind: GoalKind, label: K) -> impl IntoView {
    let i18n = use_i18n();
    let stored = move || ws.with_untracked(|w| w.settings.day_goals.get(kind).to_string());
    let text = RwSignal::new(stored());
    let error = RwSignal::new(None::<String>);
    let save = move |_| match typed::whole(i18n, &text.get_untracked(), u64::from(MAX_GOAL)) {
        Ok(n) => {
            error.set(None);
            let n = n as u32;
            text.set(n.to_string());
            edit_ws(ws, move |w| w.settings.day_goals.set(kind, n));
        }
        Err(_) => error.set(Some(i18n.t(K::ErrDayGoal).to_string())),
    };
    let id = format!("rule-goal-{}", kind.code());
    let error_testid = match kind {
        GoalKind::Call => "rule-goal-call-error",
        GoalKind::Plan => "rule-goal-plan-error",
        GoalKind::Review => "rule-goal-review-error",
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <input id=id.clone() inputmode="numeric" class="num"
                data-testid=id prop:value=text
                on:input=move |ev| text.set(event_target_value(&ev)) on:change=save/>
            <ActionError error=error testid=error_testid/>
        </div>
    }
}

#[component]
pub fn DayGoalsRule(ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="checks" data-testid="day-goals-rule">
            <legend>{move || i18n.t(K::DayGoalsTitle)}</legend>
            <p class="muted small">{move || i18n.t(K::DayGoalsRuleHelp)}</p>
            <GoalInput ws=ws kind=GoalKind::Call label=K::GoalCall/>
            <GoalInput ws=ws kind=GoalKind::Plan label=K::GoalPlan/>
            <GoalInput ws=ws kind=GoalKind::Review label=K::GoalReview/>
        </fieldset>
    }
}
