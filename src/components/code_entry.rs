//! Where the other device's connection code goes in: pasted text, or read by the camera
//! ([`CodeScanner`]) when the browser can. The parent checks the code; a refusal is shown
//! here and the text stays, so it can be corrected.

use leptos::prelude::*;

use crate::components::code_scanner::CodeScanner;
use crate::i18n::{use_i18n, K};

#[component]
pub fn CodeEntry(
    title: K,
    submit: K,
    on_code: Callback<String>,
    error: RwSignal<Option<String>>,
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(String::new());
    let scanned = Callback::new(move |code: String| {
        text.set(code.clone());
        on_code.run(code);
    });
    view! {
        <form class="code-entry card" on:submit=move |ev| {
            ev.prevent_default();
            on_code.run(text.get_untracked());
        }>
            <label for="nearby-code-input"><strong>{move || i18n.t(title)}</strong></label>
            <textarea id="nearby-code-input" rows="4" class="code-text" data-testid="nearby-code-input"
                autocomplete="off" autocapitalize="characters" spellcheck="false"
                placeholder=move || i18n.t(K::NearbyPaste)
                prop:value=text on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    error.set(None);
                }></textarea>
            <p class="error-text" role="alert" data-testid="nearby-error">{move || error.get().unwrap_or_default()}</p>
            <div class="actions">
                <button type="submit" class="primary" data-testid="nearby-connect" disabled=move || busy.get()>
                    {move || i18n.t(submit)}
                </button>
                <CodeScanner on_code=scanned/>
            </div>
        </form>
    }
}
