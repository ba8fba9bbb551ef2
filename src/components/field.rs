//! A labelled text input bound to a draft field, with its error shown beneath it.

use leptos::prelude::*;

#[component]
pub fn Field(
    /// Label text (already translated, reactive).
    #[prop(into)]
    label: Signal<String>,
    value: Signal<String>,
    on_input: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "")] testid: &'static str,
    #[prop(default = "")] inputmode: &'static str,
) -> impl IntoView {
    let id = format!("f-{testid}");
    let err_id = format!("{id}-err");
    let described = err_id.clone();
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type=kind
                inputmode=inputmode
                data-testid=testid
                prop:value=value
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
            <p class="error-text" id=err_id role="alert">{move || error.get().unwrap_or_default()}</p>
        </div>
    }
}
