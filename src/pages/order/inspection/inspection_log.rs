//! The inspection's own log: who finished it and who reopened it, when, and why.

use gendan_domain::inspection::InspectionEventKind;
use leptos::prelude::*;

use super::OpenInspection;
use crate::i18n::{fill, use_i18n, K};
use crate::platform;

#[component]
pub fn InspectionLog(open: OpenInspection) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        open.insp.with(|i| {
            i.as_ref()
                .map(|i| {
                    i.log_in_order()
                        .into_iter()
                        .map(|(_, e)| e.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <ul class="log" data-testid="inspection-log">
            {move || rows().into_iter().map(|e| {
                let key = match e.kind {
                    InspectionEventKind::Reopened => K::InspReopenedBy,
                    _ => K::InspFinishedBy,
                };
                let when = platform::local_date_time(e.at_ms as f64);
                view! {
                    <li data-testid="inspection-event" data-kind=e.kind.code().to_string()>
                        {move || fill(i18n.t(key), &[("who", &e.who), ("when", &when), ("reason", &e.reason)])}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
