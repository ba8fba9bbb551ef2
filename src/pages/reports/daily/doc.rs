//! One order in the daily report: "PO · style" as the heading (a link to the order), the day's
//! sentences, and who made the changes.

use gendan_domain::reports::DayActivity;
use leptos::prelude::*;

use super::words::events_line;
use crate::i18n::{author_name, fill, use_i18n, K};
use crate::state::store::use_store;
use crate::storage::WORKSPACE_LABEL;
use crate::Route;

#[component]
pub(super) fn DailyDoc(id: String, activity: DayActivity) -> impl IntoView {
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
    view! {
        <article class="daily-doc" data-testid="daily-doc">
            <h4>{heading}</h4>
            <p class="daily-line" data-testid="daily-line">{move || events_line(i18n.0.get(), &activity.events)}</p>
            <p class="muted small daily-by">{move || fill(i18n.t(K::DailyBy), &[("names", &names(i18n.0.get()))])}</p>
        </article>
    }
}
