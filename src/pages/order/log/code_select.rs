//! A labelled select of codes (severities, channels), each said in the user's language.

use leptos::prelude::*;

use super::super::ctx::code_text;
use crate::components::text_input::unique_id;
use crate::i18n::{use_i18n, K};

#[component]
pub fn CodeSelect(
    label: K,
    /// The prefix of the element id.
    name: &'static str,
    /// The codes offered.
    codes: Vec<String>,
    value: RwSignal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = unique_id(name);
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                {codes.into_iter().map(|c| {
                    let c2 = c.clone();
                    view! { <option value=c.clone() selected=move || value.get() == c2>{code_text(i18n, &c)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
