//! The daily report (日报表): what happened to each order on a chosen day, in sentences a
//! merchandiser sends a supervisor ("PP sample round 2 approved; Deposit USD 3,696.00 received"),
//! grouped by order, with who did it; printable and copyable as text.

use std::str::FromStr;

use gendan_domain::reports::DailyReport;
use gendan_domain::Day;
use leptos::prelude::*;

mod copy;
mod doc;
pub(crate) mod goals;
pub(crate) mod notices;
pub(crate) mod words;

use crate::i18n::{use_i18n, Lang, K};
use crate::listing::fmt_day;
use crate::pages::parties::Ws;
use crate::platform;
use crate::state::store::{use_store, Store};
use crate::storage::WORKSPACE_LABEL;
use copy::CopyReport;
use doc::DailyDoc;

/// A party's name as the events say it, from the workspace this device holds.
pub(crate) fn party_in(ws: Ws, lang: Lang) -> impl Fn(&str) -> String {
    move |id: &str| ws.with_untracked(|w| crate::pages::parties::party_label(w, id, lang))
}

/// "PO · style" of an order, or what the workspace is called; `None` for an order this device
/// no longer lists.
pub(crate) fn title_of(store: Store, lang: Lang, id: &str) -> Option<String> {
    if id == WORKSPACE_LABEL {
        return Some(K::WorkspaceDoc.text(lang).to_string());
    }
    store.summaries.with_untracked(|s| {
        s.iter().find(|x| x.id == id).map(|x| {
            format!(
                "{} · {}",
                crate::listing::po_text(lang, &x.customer_po),
                x.style_no
            )
        })
    })
}

#[component]
pub fn DailyReportCard() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let day_text = RwSignal::new(platform::today().to_string());
    let day = Memo::new(move |_| Day::from_str(day_text.get().trim()).ok());
    let report = LocalResource::new(move || {
        let day = day.get();
        async move {
            let (day, repo) = (day?, store.repo()?);
            Some(
                repo.daily_report(
                    day,
                    platform::utc_offset_minutes(),
                    platform::local_midnight_ms(day),
                    async |_, _| platform::yield_now().await,
                )
                .await,
            )
        }
    });
    let busy = RwSignal::new(false);
    let shown = Signal::derive(move || report.get().flatten());
    // Read once for every order of the day: events name parties (a factory moved) by id.
    let ws = crate::pages::parties::workspace_signal();
    view! {
    <section class="card daily" data-testid="daily-report">
        <div class="page-head">
            <h3>{move || i18n.t(K::DailyReportTitle)}</h3>
            <div class="daily-actions no-print">
                <CopyReport report=shown ws=ws/>
                <button on:click=move |_| { let _ = web_sys::window().map(|w| w.print()); }>{move || i18n.t(K::PrintDoc)}</button>
            </div>
        </div>
        <div class="field no-print">
            <label for="daily-day">{move || i18n.t(K::ReportDay)}</label>
            <input id="daily-day" type="date" data-testid="daily-day" prop:value=day_text
                on:change=move |ev| day_text.set(event_target_value(&ev))/>
        </div>
        <p class="print-only"><strong>{move || fmt_day(i18n.0.get(), &day_text.get())}</strong></p>
        <goals::DailyGoals report=shown ws=ws/>
        <Show when=move || busy.get()><p class="muted small">{move || i18n.t(K::CheckingOrders)}</p></Show>
        <Transition fallback=move || view! { <p class="muted">{i18n.t(K::Loading)}</p> } set_pending=busy>
            {move || shown.get().map(|r| view! { <DailyDocs report=r ws=ws/> })}
        </Transition>
        <notices::DailyNotices day=day ws=ws/>
    </section>
    }
}

/// The orders of the day, each with its sentences; the day with nothing says so. A new report
/// builds a new list, so the rows are keyed by order alone.
#[component]
fn DailyDocs(report: DailyReport, ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    if report.documents.is_empty() {
        return view! { <p class="muted" data-testid="daily-empty">{move || i18n.t(K::NoChangesThatDay)}</p> }
            .into_any();
    }
    view! {
        <For each=move || report.documents.clone() key=|(id, _)| id.clone() let((id, activity))>
            <DailyDoc id=id activity=activity ws=ws/>
        </For>
    }
    .into_any()
}
