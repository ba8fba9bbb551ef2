//! Every delay report filed on a milestone, newest first: one compact row each (order and
//! milestone, the new date, how far it slipped) that opens to the cause, who was told and who
//! reported it, with a link to the order.

use leptos::prelude::*;

use gendan_domain::report_facts::DelayFacts;

use crate::components::fold::{is_open, on_toggle, OpenRow};
use crate::i18n::{fill, milestone_name, use_i18n, Lang, K};
use crate::listing::fmt_day;
use crate::storage::report_index::OrderDelay;
use crate::Route;

/// "+12 days" when the new date is later than planned.
fn slip_text(lang: Lang, d: &DelayFacts) -> Option<String> {
    let days = d.planned?.days_until(d.new_date?);
    (days > 0).then(|| {
        if days == 1 {
            K::DelaySlipOne.text(lang).to_string()
        } else {
            fill(K::DelaySlipDays.text(lang), &[("n", &days.to_string())])
        }
    })
}

#[component]
pub fn DelayReports(delays: RwSignal<Vec<OrderDelay>>) -> impl IntoView {
    let i18n = use_i18n();
    let open: OpenRow = RwSignal::new(None);
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
                <ul class="fold-list">
                    {rows.into_iter().map(|OrderDelay { order, customer_po: po, delay: d }| {
                        let po = crate::listing::po_text(lang, &po);
                        let day = |x: Option<gendan_domain::Day>| x.map(|x| fmt_day(lang, &x.to_string())).unwrap_or_default();
                        let dates = format!("{} → {}", day(d.planned), day(d.new_date));
                        let key = format!("{}/{}", order, d.reported_ms);
                        let slip = slip_text(lang, &d);
                        let (shown, toggle) = (is_open(open, key.clone()), on_toggle(open, key));
                        view! {
                            <li class="delay-row" data-testid="delay-row">
                                <details class="fold" prop:open=shown on:toggle=toggle>
                                    <summary class="fold-row" data-testid="delay-toggle">
                                        <span class="fold-name"><strong>{po.clone()}</strong>" · "{milestone_name(lang, &d.milestone)}</span>
                                        <span class="fold-day">{day(d.new_date)}</span>
                                        {slip.map(|s| view! { <span class="badge late">{s}</span> })}
                                    </summary>
                                    <div class="fold-details">
                                        <div class="small">{dates}</div>
                                        <div class="small">{format!("{}: {}", K::DelayCauseShort.text(lang), d.cause)}</div>
                                        <div class="muted small">{format!("{}: {} · {}: {}", K::DelayInformed.text(lang), d.informed, K::DelayReportedBy.text(lang), d.reported_by)}</div>
                                        <a href=Route::Order(order).href()>{fill(K::OpenOrderPo.text(lang), &[("po", &po)])}</a>
                                    </div>
                                </details>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    </section>
    }
}
