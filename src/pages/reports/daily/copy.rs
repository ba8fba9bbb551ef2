//! "Copy as text": the day's report as plain text for a chat message or an e-mail, the same
//! sentences as on screen. The asynchronous Clipboard API is used when the browser allows it;
//! otherwise the text is shown selected for the user to copy.

use gendan_domain::reports::DailyReport;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::words::events_line;
use crate::i18n::{author_name, fill, use_i18n, Lang, K};
use crate::listing::fmt_day;
use crate::state::store::{use_store, Store};

/// The report as text: a title line, then per order its heading, its sentences and who.
pub(crate) fn report_text(store: Store, lang: Lang, r: &DailyReport) -> String {
    let mut out = format!(
        "{} {}\n",
        K::DailyReportTitle.text(lang),
        fmt_day(lang, &r.day.to_string())
    );
    for (id, a) in &r.documents {
        let title = super::title_of(store, lang, id).unwrap_or_else(|| id.clone());
        let names = a
            .authors
            .iter()
            .map(|n| author_name(lang, n))
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!(
            "\n{title}\n{}\n{}\n",
            events_line(lang, &a.events),
            fill(K::DailyBy.text(lang), &[("names", &names)])
        ));
    }
    out
}

/// Writes `text` with `navigator.clipboard.writeText`; false when the browser refuses.
async fn write_clipboard(text: &str) -> bool {
    let Some(clipboard) = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok())
        .filter(|c| !c.is_undefined())
    else {
        return false;
    };
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return false;
    };
    let Ok(promise) = write.call1(&clipboard, &text.into()) else {
        return false;
    };
    match promise.dyn_into::<js_sys::Promise>() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
        Err(_) => false,
    }
}

/// The copy button, its "copied" note, and the selected text when the clipboard is refused.
#[component]
pub(super) fn CopyReport(report: Signal<Option<DailyReport>>) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    // None: not tried; Some(true): copied; Some(false): refused, the text is shown to copy by hand.
    let done = RwSignal::new(None::<bool>);
    let text = move || {
        report.with(|r| {
            r.as_ref()
                .map(|r| report_text(store, i18n.0.get(), r))
                .unwrap_or_default()
        })
    };
    let copy = move |_| {
        let t = text();
        spawn_local(async move {
            let ok = write_clipboard(&t).await;
            let _ = done.try_set(Some(ok));
        });
    };
    view! {
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
