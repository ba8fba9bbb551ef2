//! A one-field form that adds a colour or a size to the matrix; a blank name adds nothing.

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};

#[component]
pub fn AddLine(
    placeholder: K,
    button: K,
    /// `new-{testid}` on the field, `add-{testid}` on the button.
    testid: &'static str,
    /// Takes the trimmed name.
    on_add: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_string();
        if !n.is_empty() {
            on_add.run(n);
            name.set(String::new());
        }
    };
    view! {
        <form class="add-line" on:submit=submit>
            <input aria-label=move || i18n.t(placeholder) placeholder=move || i18n.t(placeholder)
                data-testid=format!("new-{testid}") prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
            <button type="submit" data-testid=format!("add-{testid}")>{move || i18n.t(button)}</button>
        </form>
    }
}
