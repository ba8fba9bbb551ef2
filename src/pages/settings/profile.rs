//! Who is using this device: the interface language, the name written on every edit, and the
//! device's id.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Lang, K};
use crate::prefs;
use crate::state::store::use_store;

#[component]
pub fn Profile() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let name = RwSignal::new(prefs::user_name());
    let set_lang = move |ev| {
        let lang = Lang::from_code(&event_target_value(&ev));
        prefs::set_language(lang);
        i18n.0.set(lang);
    };
    let set_name = move |ev| {
        let v = event_target_value(&ev);
        // A blank name would leave changes unsigned: the name asked on first start stays.
        if v.trim().is_empty() {
            name.set(prefs::user_name());
            return;
        }
        prefs::set_user_name(&v);
        name.set(v);
        if let Some(repo) = store.repo() {
            repo.set_author(prefs::author());
        }
    };
    view! {
        <div class="field">
            <label for="s-lang">{move || i18n.t(K::Language)}</label>
            <select id="s-lang" data-testid="lang-select" on:change=set_lang>
                <option value="zh-CN" selected=move || i18n.0.get() == Lang::Zh>"简体中文"</option>
                <option value="en" selected=move || i18n.0.get() == Lang::En>"English"</option>
            </select>
        </div>
        <div class="field">
            <label for="s-name">{move || i18n.t(K::YourName)}</label>
            <input id="s-name" data-testid="user-name" prop:value=name on:change=set_name/>
        </div>
        <p><span class="muted">{move || i18n.t(K::DeviceId)}": "</span><code>{prefs::device_id()}</code></p>
    }
}
