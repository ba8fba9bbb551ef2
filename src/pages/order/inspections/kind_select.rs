//! The inspection kind picker the start, booking and set-up forms share: the kinds a form offers,
//! said in the chosen language, bound to the kind's code.

use gendan_domain::inspection::InspectionKind;
use leptos::prelude::*;

use super::super::ctx::code_text;
use crate::components::text_input::unique_id;
use crate::i18n::{use_i18n, K};

#[component]
pub fn KindSelect(
    value: RwSignal<String>,
    kinds: Vec<InspectionKind>,
    testid: &'static str,
    #[prop(into, default = Signal::stored(false))] disabled: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = unique_id(testid);
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(K::InspectionKind)}</label>
            <select id=id data-testid=testid disabled=disabled on:change=move |ev| value.set(event_target_value(&ev))>
                {kinds.into_iter().map(|k| {
                    let c = k.code().to_string();
                    let c2 = c.clone();
                    view! { <option value=c.clone() selected=move || value.get() == c2>{code_text(i18n, &c)}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
