//! "Copy as text": the day's report as plain text for a chat message or an e-mail, the same
//! sentences as on screen, or for one factory's chat: without the money (payments, receipts,
//! prices) or the team's exceptions, and only that factory's orders (chosen among the day's).
//! The asynchronous Clipboard API is used when the browser allows it; otherwise the text is
//! shown selected for the user to copy.

use gendan_domain::reports::DailyReport;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::words::{event_text, events_line};
use crate::i18n::{author_name, fill, use_i18n, Lang, K};
use crate::listing::fmt_day;
use crate::pages::parties::Ws;
use crate::platform::copy_text;
use crate::state::store::{use_store, Store};

/// The report as text: a title line, the day's goals (`goals`, already worded, for the team's
/// copy), then per order its heading, each exception on a line of its own marked "!", its other
/// sentences and who; then the day's notices to factories (`notices`, already worded), when
/// there are any.
pub(crate) fn report_text(
    store: Store,
    lang: Lang,
    r: &DailyReport,
    party: super::words::PartyName<'_>,
    goals: Option<&str>,
    notices: &[String],
) -> String {
    let mut out = format!(
        "{} {}\n",
        K::DailyReportTitle.text(lang),
        fmt_day(lang, &r.day.to_string())
    );
    if let Some(line) = goals {
        out.push_str(&format!("{line}\n"));
    }
    for (id, a) in &r.documents {
        let title = super::title_of(store, lang, id).unwrap_or_else(|| id.clone());
        let names = a
            .authors
            .iter()
            .map(|n| author_name(lang, n))
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!("\n{title}\n"));
        let (exceptions, rest): (Vec<_>, Vec<_>) = a.events.iter().partition(|e| e.is_exception());
        for e in exceptions {
            out.push_str(&format!("! {}\n", event_text(lang, e, party)));
        }
        let rest: Vec<_> = rest.into_iter().cloned().collect();
        if !rest.is_empty() {
            out.push_str(&format!("{}\n", events_line(lang, &rest, party)));
        }
        out.push_str(&format!(
            "{}\n",
            fill(K::DailyBy.text(lang), &[("names", &names)])
        ));
    }
    if !notices.is_empty() {
        out.push_str(&format!("\n{}\n", K::NoticesTitle.text(lang)));
        for line in notices {
            out.push_str(&format!("{line}\n"));
        }
    }
    out
}

/// The copy button, its "copied" note, and the selected text when the clipboard is refused.
#[component]
pub(super) fn CopyReport(report: Signal<Option<DailyReport>>, ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    // The action's value is None before the first try; Some(false) means the browser refused,
    // and the text is shown selected to copy by hand.
    let copy_action = Action::new_local(|t: &String| {
        let t = t.clone();
        async move { copy_text(&t).await }
    });
    let done = copy_action.value();
    let no_money = RwSignal::new(false);
    let factory = RwSignal::new(String::new());
    // The factories the day's orders named that day (not now): the chats a copy can be for.
    let factories =
        move || report.with(|r| r.as_ref().map(DailyReport::factories).unwrap_or_default());
    let chosen = move || {
        let all = factories();
        let f = factory.get();
        if all.contains(&f) {
            f
        } else {
            all.into_iter().next().unwrap_or_default()
        }
    };
    // The chosen factory's copy, while the copy is for a factory's chat.
    let one = Memo::new(move |_| {
        if !no_money.get() {
            return None;
        }
        let theirs = chosen();
        report.with(|r| r.as_ref().map(|r| r.for_one_factory(&theirs)))
    });
    let text = move || {
        report.with(|r| {
            r.as_ref()
                .map(|r| {
                    let copy = one.get();
                    // For one factory's chat, only the notices to that factory.
                    let only = copy.as_ref().map(|_| chosen());
                    let r = copy.as_ref().map_or(r, |c| &c.report);
                    let lang = i18n.0.get();
                    let party = super::party_in(ws, lang);
                    let notices =
                        super::notices::notice_lines(store, lang, r.day, only.as_deref(), &party);
                    // A factory's chat hears nothing of how the team's day measured up.
                    let goals = copy
                        .is_none()
                        .then(|| super::goals::goals_line(lang, r, &super::goals::goals_of(ws)));
                    report_text(store, lang, r, &party, goals.as_deref(), &notices)
                })
                .unwrap_or_default()
        })
    };
    let copy = move |_| {
        copy_action.dispatch(text());
    };
    view! {
        <label class="check">
            <input type="checkbox" data-testid="daily-no-money" prop:checked=no_money on:change=move |ev| no_money.set(event_target_checked(&ev))/>
            {move || i18n.t(K::DailyWithoutMoney)}
        </label>
        <Show when=move || no_money.get()>
            <label class="field">
                <span>{move || i18n.t(K::DailyForFactory)}</span>
                <select data-testid="daily-factory" on:change=move |ev| factory.set(event_target_value(&ev))>
                    {move || {
                        let now = chosen();
                        let name = super::party_in(ws, i18n.0.get());
                        factories().into_iter().map(|f| {
                            let label = name(&f);
                            let selected = f == now;
                            view! { <option value=f selected=selected>{label}</option> }
                        }).collect_view()
                    }}
                </select>
            </label>
            <MovedLeftOut moved=Signal::derive(move || one.with(|c| c.as_ref().map(|c| c.moved.clone()).unwrap_or_default()))/>
        </Show>
        <button data-testid="daily-copy" on:click=copy disabled=move || report.with(Option::is_none)>{move || i18n.t(K::DailyCopy)}</button>
        <Show when=move || done.get() == Some(true)>
            <span class="muted small" data-testid="daily-copied" role="status">{move || i18n.t(K::DailyCopied)}</span>
        </Show>
        <Show when=move || done.get() == Some(false)>
            <div class="daily-copy-manual">
                <p class="muted small">{move || i18n.t(K::DailyCopyManual)}</p>
                <textarea readonly data-testid="daily-text" rows="8" prop:value=text
                    on:focus=|ev| { if let Some(t) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) { t.select(); } }/>
            </div>
        </Show>
    }
}

/// The orders moved to or from the chosen factory that day, left out of its copy: said, so
/// the merchandiser sends their news by hand rather than believe the copy holds it.
#[component]
fn MovedLeftOut(moved: Signal<Vec<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    view! {
        <Show when=move || moved.with(|m| !m.is_empty())>
            <p class="muted small" data-testid="daily-moved-left-out">
                {move || {
                    let lang = i18n.0.get();
                    let titles = moved
                        .get()
                        .iter()
                        .map(|id| super::title_of(store, lang, id).unwrap_or_else(|| id.clone()))
                        .collect::<Vec<_>>()
                        .join(", ");
                    fill(K::DailyMovedLeftOut.text(lang), &[("orders", &titles)])
                }}
            </p>
        </Show>
    }
}
