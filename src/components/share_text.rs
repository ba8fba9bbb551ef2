//! Sharing a text (an inspection report, the buyer's progress update): the device's share sheet
//! (Web Share, where the browser has `navigator.share`), else the clipboard, else the text shown
//! selected to copy by hand.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::{use_i18n, K};
use crate::platform::copy_text;

/// How a share ended.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shared {
    /// The share sheet took it (or the person closed it, which is theirs to decide).
    Sheet,
    Copied,
    /// Neither is available: the text is shown to copy.
    Manual,
}

/// `navigator.share` when the browser has it (feature-detected: most desktop Linux browsers lack it).
fn share_fn() -> Option<(wasm_bindgen::JsValue, js_sys::Function)> {
    let nav: wasm_bindgen::JsValue = web_sys::window()?.navigator().into();
    let f = js_sys::Reflect::get(&nav, &"share".into()).ok()?;
    f.dyn_into::<js_sys::Function>().ok().map(|f| (nav, f))
}

/// Offers `text` to the share sheet; `None` when there is none or it refuses before opening.
async fn web_share(title: &str, text: &str) -> Option<()> {
    let (nav, share) = share_fn()?;
    let data = js_sys::Object::new();
    js_sys::Reflect::set(&data, &"title".into(), &title.into()).ok()?;
    js_sys::Reflect::set(&data, &"text".into(), &text.into()).ok()?;
    let promise = share
        .call1(&nav, &data)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(_) => Some(()),
        // The person closed the sheet: nothing to fall back to.
        Err(e)
            if js_sys::Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .as_deref()
                == Some("AbortError") =>
        {
            Some(())
        }
        Err(_) => None,
    }
}

/// The share button for `text`, offered under `title`; its test ids start with `prefix`
/// (`{prefix}-share`, `-shared`, `-copied`, `-text`), and `copied` says what was copied.
#[component]
pub fn ShareText(text: Signal<String>, title: K, prefix: &'static str, copied: K) -> impl IntoView {
    let i18n = use_i18n();
    let share = Action::new_local(move |t: &String| {
        let (t, title) = (t.clone(), i18n.t(title));
        async move {
            if web_share(title, &t).await.is_some() {
                Shared::Sheet
            } else if copy_text(&t).await {
                Shared::Copied
            } else {
                Shared::Manual
            }
        }
    });
    let done = share.value();
    let id = move |what: &str| format!("{prefix}-{what}");
    view! {
        <button type="button" data-testid=id("share") on:click=move |_| { share.dispatch(text.get_untracked()); }>
            {move || i18n.t(K::QrShare)}
        </button>
        {move || match done.get() {
            Some(Shared::Sheet) => view! { <span class="muted small" role="status" data-testid=id("shared")>{i18n.t(K::QrShared)}</span> }.into_any(),
            Some(Shared::Copied) => view! { <span class="muted small" role="status" data-testid=id("copied")>{i18n.t(copied)}</span> }.into_any(),
            Some(Shared::Manual) => view! {
                <div class="daily-copy-manual">
                    <p class="muted small">{i18n.t(K::QrCopyManual)}</p>
                    <textarea readonly data-testid=id("text") rows="8" prop:value=move || text.get()
                        on:focus=|ev| { if let Some(t) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) { t.select(); } }/>
                </div>
            }.into_any(),
            None => ().into_any(),
        }}
    }
}
