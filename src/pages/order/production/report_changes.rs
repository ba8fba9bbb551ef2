//! A production report's corrections and removal: who, when, what changed and why.

use gendan_domain::production::{ProductionReport, ReportChangeKind};
use leptos::prelude::*;

use super::super::ctx::day_text;
use crate::i18n::{fill, use_i18n, K};
use crate::platform;

#[component]
pub fn ReportChanges(report: ProductionReport) -> impl IntoView {
    let i18n = use_i18n();
    let rows: Vec<_> = report.changes_in_order().into_iter().cloned().collect();
    view! {
        <ul class="changes">
            {rows.into_iter().map(|c| {
                let when = platform::local_date_time(c.at_ms as f64);
                let side = |q: u64, d| format!("{q} · {}", day_text(d));
                let (from, to) = (side(c.qty_from, c.date_from), side(c.qty_to, c.date_to));
                let key = match c.kind {
                    ReportChangeKind::Removed => K::ReportRemovedBy,
                    _ => K::ReportCorrectedBy,
                };
                let why = c.reason.clone();
                view! {
                    <li class="muted" data-testid="prod-change" data-kind=c.kind.code().to_string()>
                        {move || fill(i18n.t(key), &[("who", &c.who), ("when", &when), ("from", &from), ("to", &to)])}
                        {(!why.is_empty()).then(|| format!(": {why}"))}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
