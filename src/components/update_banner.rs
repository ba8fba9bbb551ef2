//! "A new version is ready" with the button that reloads into it.

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::use_app;

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    view! {
        <Show when=move || app.update_ready.get()>
            <div class="banner info" role="status" data-testid="update-banner">
                <span>{move || i18n.t(K::UpdateReady)}</span>
                <button on:click=|_| crate::pwa::apply_update()>{move || i18n.t(K::Reload)}</button>
            </div>
        </Show>
    }
}
