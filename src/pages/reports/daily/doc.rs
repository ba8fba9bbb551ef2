//! One order in the daily report: "PO · style" as the heading (a link to the order), its
//! exceptions first, one per line with who and why (a gate waived, a receipt voided: what a
//! supervisor reads the report for), then the day's other sentences, and who made the changes.

use gendan_domain::reports::DayActivity;
use leptos::prelude::*;

use super::words::{event_text, events_line};
use crate::i18n::{author_name, fill, use_i18n, K};
use crate::pages::parties::Ws;
use crate::state::store::use_store;
use crate::storage::WORKSPACE_LABEL;
use crate::Route;

#[component]
pub(super) fn DailyDoc(id: String, activity: DayActivity, ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let link = (id != WORKSPACE_LABEL).then(|| Route::Order(id.clone()).href());
    let authors = activity.authors.clone();
    let names = move |lang: crate::i18n::Lang| {
        authors
            .iter()
            .map(|n| author_name(lang, n))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let title = {
        let id = id.clone();
        move || super::title_of(store, i18n.0.get(), &id).unwrap_or_else(|| id.clone())
    };
    let heading = match link {
        Some(h) => view! { <a href=h>{title}</a> }.into_any(),
        None => view! { <span>{title}</span> }.into_any(),
    };
    let (exceptions, rest): (Vec<_>, Vec<_>) =
        activity.events.into_iter().partition(|e| e.is_exception());
    let said = move || {
        let lang = i18n.0.get();
        let party = super::party_in(ws, lang);
        exceptions
            .iter()
            .map(|e| view! { <li data-testid="daily-exception">{event_text(lang, e, &party)}</li> })
            .collect_view()
    };
    let line = move || {
        let lang = i18n.0.get();
        events_line(lang, &rest, &super::party_in(ws, lang))
    };
    view! {
        <article class="daily-doc" data-testid="daily-doc">
            <h4>{heading}</h4>
            <ul class="daily-exceptions" aria-label=move || i18n.t(K::DailyExceptions)>{said}</ul>
            <p class="daily-line" data-testid="daily-line">{line}</p>
            <p class="muted small daily-by">{move || fill(i18n.t(K::DailyBy), &[("names", &names(i18n.0.get()))])}</p>
        </article>
    }
}
