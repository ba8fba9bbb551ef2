//! The reason an action was refused, shown right next to it.

use leptos::prelude::*;

#[component]
pub fn ActionError(
    error: RwSignal<Option<String>>,
    #[prop(default = "")] testid: &'static str,
) -> impl IntoView {
    view! {
        <Show when=move || error.with(|e| e.is_some())>
            <p class="error-text action-error" role="alert" data-testid=testid>{move || error.get().unwrap_or_default()}</p>
        </Show>
    }
}
