//! Choosing an Incoterm (blank: not set): the order's, or the one a quote is made for.

use gendan_domain::order::Incoterm;
use leptos::prelude::*;

use crate::components::text_input::unique_id;
use crate::i18n::{use_i18n, K};

#[component]
pub fn IncotermSelect(
    value: RwSignal<String>,
    #[prop(default = "incoterm")] testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = unique_id(testid);
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(K::Incoterm)}</label>
            // `prop:value` too: an option's `selected` attribute sets what shows first, and the
            // property keeps the shown choice right after the user picked one.
            <select id=id data-testid=testid prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="" selected=move || value.get().is_empty()>"—"</option>
                {Incoterm::KNOWN.iter().map(|i| {
                    let c = i.code().to_string();
                    let c2 = c.clone();
                    view! { <option value=c.clone() selected=move || value.get() == c2>{c.clone()}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
