//! The day's goals in the daily report (每天3电3计6审): the calls, plans and reviews the day's
//! events count (`gendan_domain::day_goals::Tally`) against the team's goals, on screen above the
//! orders and as one line of the copied text, so the supervisor reads the day's work at a glance.

use gendan_domain::day_goals::{DayGoals, GoalKind, Tally};
use gendan_domain::reports::DailyReport;
use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, Lang, K};
use crate::pages::parties::Ws;

fn kind_key(kind: GoalKind) -> K {
    match kind {
        GoalKind::Call => K::GoalCall,
        GoalKind::Plan => K::GoalPlan,
        GoalKind::Review => K::GoalReview,
    }
}

/// The team's goals as this device holds them, never above what a goal may ask.
pub(crate) fn goals_of(ws: Ws) -> DayGoals {
    ws.with(|w| w.settings.day_goals.bounded())
}

/// "calls 3, plans 3, reviews 6" / "3电3计6审".
pub(crate) fn goals_short(lang: Lang, goals: &DayGoals) -> String {
    fill(
        K::DayGoalsShort.text(lang),
        &[
            ("c", &goals.calls.to_string()),
            ("p", &goals.plans.to_string()),
            ("r", &goals.reviews.to_string()),
        ],
    )
}

/// The copied text's line: each kind as done / goal.
pub(crate) fn goals_line(lang: Lang, report: &DailyReport, goals: &DayGoals) -> String {
    let tally = Tally::of(report);
    let of = |k: GoalKind| format!("{}/{}", tally.get(k), goals.get(k));
    fill(
        K::DayGoalsLine.text(lang),
        &[
            ("calls", &of(GoalKind::Call)),
            ("plans", &of(GoalKind::Plan)),
            ("reviews", &of(GoalKind::Review)),
        ],
    )
}

#[component]
pub(super) fn DailyGoals(report: Signal<Option<DailyReport>>, ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    // A day with nothing done says so below ("no changes that day"): no rows of noughts.
    let tally = Memo::new(move |_| {
        report.with(|r| {
            r.as_ref()
                .filter(|r| !r.documents.is_empty())
                .map(Tally::of)
        })
    });
    let goals = Memo::new(move |_| goals_of(ws));
    let rows = move || {
        let (Some(t), g) = (tally.get(), goals.get()) else {
            return Vec::new();
        };
        GoalKind::ALL
            .iter()
            .map(|k| (*k, t.get(*k), g.get(*k)))
            .collect()
    };
    view! {
        <Show when=move || tally.with(Option::is_some)>
            <div class="daily-goals" data-testid="daily-goals"
                data-met=move || tally.get().is_some_and(|t| t.met(&goals.get())).to_string()>
                <h4>
                    {move || i18n.t(K::DayGoalsTitle)}
                    <span class="muted small">{move || format!(" · {}", goals_short(i18n.0.get(), &goals.get()))}</span>
                </h4>
                <ul class="goal-rows">
                    <For each=rows key=|r| *r let((kind, done, goal))>
                        <li class="goal-row" class:short=move || done < goal
                            data-testid=format!("goal-{}", kind.code())>
                            <span class="goal-name">{move || i18n.t(kind_key(kind))}</span>
                            <progress max=goal.max(1) value=done.min(goal.max(1))></progress>
                            <span class="goal-count num">{format!("{done} / {goal}")}</span>
                        </li>
                    </For>
                </ul>
                <p class="small" data-testid="daily-goals-state">
                    {move || if tally.get().is_some_and(|t| t.met(&goals.get())) {
                        i18n.t(K::DayGoalsMet)
                    } else {
                        i18n.t(K::DayGoalsNotMet)
                    }}
                </p>
                <details class="small">
                    <summary>{move || i18n.t(K::DayGoalsWhatCounts)}</summary>
                    <p class="muted">{move || i18n.t(K::DayGoalsHelp)}</p>
                </details>
            </div>
        </Show>
    }
}
