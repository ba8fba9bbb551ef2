//! The daily report (日报表): who changed which order on a chosen day, read from the documents'
//! change history; printable.

use std::str::FromStr;

use gendan_domain::reports::DailyReport;
use gendan_domain::Day;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::area_key;
use crate::i18n::{use_i18n, K};
use crate::listing::fmt_day;
use crate::platform;
use crate::state::store::use_store;
use crate::storage::WORKSPACE_LABEL;
use crate::Route;

#[component]
pub fn DailyReportCard() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let day_text = RwSignal::new(platform::today().to_string());
    let daily = RwSignal::new(None::<DailyReport>);
    let daily_busy = RwSignal::new(false);
    // The report of the day shown stays up, with a note, while another day is read.
    let run_daily = move || {
        let Ok(day) = Day::from_str(day_text.get_untracked().trim()) else {
            return;
        };
        let Some(repo) = store.repo() else { return };
        daily_busy.set(true);
        spawn_local(async move {
            let r = repo
                .daily_report(
                    day,
                    platform::utc_offset_minutes(),
                    platform::local_midnight_ms(day),
                    async |_, _| platform::yield_now().await,
                )
                .await;
            let _ = daily.try_set(Some(r));
            let _ = daily_busy.try_set(false);
        });
    };
    run_daily();

    let po_of = move |id: &str| {
        if id == WORKSPACE_LABEL {
            return None;
        }
        store.summaries.with(|s| {
            s.iter()
                .find(|x| x.id == id)
                .map(|x| format!("{} · {}", x.customer_po, x.style_no))
        })
    };

    let daily_view = move || {
        let lang = i18n.0.get();
        let Some(r) = daily.get() else {
            return view! { <p class="muted">{i18n.t(K::Loading)}</p> }.into_any();
        };
        if r.documents.is_empty() {
            return view! { <p class="muted" data-testid="daily-empty">{i18n.t(K::NoChangesThatDay)}</p> }.into_any();
        }
        let authors = r.authors().into_iter().collect::<Vec<_>>().join(", ");
        let docs = r.documents.into_iter().map(|(label, entries)| {
            let title = po_of(&label).unwrap_or_else(|| K::WorkspaceDoc.text(lang).to_string());
            let link = (label != WORKSPACE_LABEL).then(|| Route::Order(label.clone()).href());
            let items = entries.into_iter().map(|e| {
                let areas = e.areas.iter().map(|a| area_key(a).map(|k| k.text(lang).to_string()).unwrap_or_else(|| a.clone())).collect::<Vec<_>>().join(", ");
                view! { <li><span class="time">{platform::local_hh_mm(e.time_ms as f64)}</span>" "<span>{e.author.name.clone()}</span>" — "<span>{areas}</span></li> }
            }).collect_view();
            view! {
                <article class="daily-doc" data-testid="daily-doc">
                    <h4>{match link { Some(h) => view! { <a href=h>{title}</a> }.into_any(), None => view! { <span>{title}</span> }.into_any() }}</h4>
                    <ul class="daily-changes">{items}</ul>
                </article>
            }
        }).collect_view();
        view! {
            <p class="muted small">{format!("{}: {authors}", i18n.t(K::ChangedBy))}</p>
            {docs}
        }
        .into_any()
    };

    view! {
    <section class="card daily" data-testid="daily-report">
        <div class="page-head">
            <h3>{move || i18n.t(K::DailyReportTitle)}</h3>
            <button class="no-print" on:click=move |_| { let _ = web_sys::window().map(|w| w.print()); }>{move || i18n.t(K::PrintDoc)}</button>
        </div>
        <div class="field no-print">
            <label for="daily-day">{move || i18n.t(K::ReportDay)}</label>
            <input id="daily-day" type="date" data-testid="daily-day" prop:value=day_text
                on:change=move |ev| { day_text.set(event_target_value(&ev)); run_daily(); }/>
        </div>
        <p class="print-only"><strong>{move || fmt_day(i18n.0.get(), &day_text.get())}</strong></p>
        <Show when=move || daily_busy.get()><p class="muted small">{move || i18n.t(K::CheckingOrders)}</p></Show>
        {daily_view}
    </section>
    }
}
