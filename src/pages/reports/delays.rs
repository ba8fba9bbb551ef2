//! Every delay report filed on a milestone, newest first, each linking to its order.

use leptos::prelude::*;

use super::DelayRow;
use crate::i18n::{milestone_name, use_i18n, K};
use crate::listing::fmt_day;
use crate::Route;

#[component]
pub fn DelayReports(delays: RwSignal<Vec<DelayRow>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
    <section class="card no-print" data-testid="delay-reports">
        <h3>{move || i18n.t(K::DelayReportsTitle)}</h3>
        {move || {
            let lang = i18n.0.get();
            let rows = delays.get();
            if rows.is_empty() {
                return view! { <p class="muted small">{K::NothingHere.text(lang)}</p> }.into_any();
            }
            view! {
                <ul class="plain-list">
                    {rows.into_iter().map(|d| {
                        let dates = format!("{} → {}",
                            d.planned.map(|x| fmt_day(lang, &x.to_string())).unwrap_or_default(),
                            d.new_date.map(|x| fmt_day(lang, &x.to_string())).unwrap_or_default());
                        view! {
                            <li class="delay-row">
                                <a href=Route::Order(d.order.clone()).href()><strong>{d.po.clone()}</strong>" · "{milestone_name(i18n.0.get(), &d.milestone)}</a>
                                <div class="small">{dates}</div>
                                <div class="small">{format!("{}: {}", K::DelayCauseShort.text(lang), d.cause)}</div>
                                <div class="muted small">{format!("{}: {} · {}: {}", K::DelayInformed.text(lang), d.informed, K::DelayReportedBy.text(lang), d.reported_by)}</div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    </section>
    }
}
