//! One milestone as a compact row: its name, the one day that matters (the actual day once done,
//! else the day it is due) and its status; tapping it opens the dates, the actual-day entry and
//! the delay reports (`milestone_details.rs`).

use gendan_domain::tna::{self, MilestoneStatus};
use leptos::prelude::*;

use super::super::ctx::{day_text, OrderCtx};
use super::milestone_details::MilestoneDetails;
use crate::components::fold::{is_open, on_toggle, OpenRow};
use crate::i18n::{milestone_name, use_i18n, K};

fn status_key(status: MilestoneStatus) -> (&'static str, K) {
    match status {
        MilestoneStatus::Done => ("done", K::MsDone),
        MilestoneStatus::Unplanned => ("unplanned", K::MsUnplanned),
        MilestoneStatus::OnTrack => ("on-track", K::MsOnTrack),
        MilestoneStatus::AtRisk => ("at-risk", K::MsAtRisk),
        MilestoneStatus::Late => ("late", K::MsLate),
    }
}

#[component]
pub fn MilestoneRow(
    ctx: OrderCtx,
    id: String,
    m: tna::Milestone,
    status: MilestoneStatus,
    /// The section's open row, so a row rebuilt by an edit stays open.
    open: OpenRow,
) -> impl IntoView {
    let i18n = use_i18n();
    let (class, label) = status_key(status);
    let key_day = day_text(m.actual.or(m.due()));
    let delays = m.delays.len();
    let name = m.name.clone();
    let code = m.code.clone();
    let (shown, toggle) = (is_open(open, id.clone()), on_toggle(open, id.clone()));
    view! {
        <li class=format!("milestone {class}") data-testid="milestone" data-code=code data-status=class>
            <details class="fold" prop:open=shown on:toggle=toggle>
                <summary class="fold-row" data-testid="ms-toggle">
                    <span class="fold-name">{move || milestone_name(i18n.0.get(), &name)}</span>
                    {(delays > 0).then(|| view! { <span class="fold-count" aria-hidden="true">{format!("⚑{delays}")}</span> })}
                    <span class="fold-day" data-testid="ms-day">{key_day}</span>
                    <span class=format!("badge {class}")>{move || i18n.t(label)}</span>
                </summary>
                <MilestoneDetails ctx=ctx id=id m=m status=status/>
            </details>
        </li>
    }
}
