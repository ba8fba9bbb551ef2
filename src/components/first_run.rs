//! First start on a device: asks the user's name once, before anything can be edited, because
//! every change is recorded with who made it and a device id is no name. Not skippable: the only
//! way on is typing a name (it can be changed later in Settings).

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::prefs;
use crate::state::store::use_store;

#[component]
pub fn FirstRun() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let needed = RwSignal::new(prefs::user_name().trim().is_empty());
    let name = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() {
            missing.set(true);
            return;
        }
        prefs::set_user_name(&n);
        // A repo already open writes its next changes under the new name.
        if let Some(repo) = store.repo() {
            repo.set_author(prefs::author());
        }
        needed.set(false);
    };
    view! {
        <Show when=move || needed.get()>
            <div class="first-run" role="dialog" aria-modal="true" aria-labelledby="first-run-title" data-testid="first-run">
                <form on:submit=start novalidate>
                    <h2 id="first-run-title">{move || i18n.t(K::FirstRunTitle)}</h2>
                    <p class="muted">{move || i18n.t(K::FirstRunHelp)}</p>
                    <div class="field" class:invalid=move || missing.get()>
                        <label for="first-run-name">{move || i18n.t(K::YourName)}</label>
                        <input id="first-run-name" data-testid="first-run-name" autocomplete="name" autofocus=true
                            prop:value=name on:input=move |ev| name.set(event_target_value(&ev))
                            aria-describedby="first-run-err"/>
                        <p class="error-text" id="first-run-err" role="alert">{move || if missing.get() { i18n.t(K::NameRequired) } else { "" }}</p>
                    </div>
                    <div class="actions">
                        <button type="submit" class="primary" data-testid="first-run-start">{move || i18n.t(K::FirstRunStart)}</button>
                    </div>
                </form>
            </div>
        </Show>
    }
}
