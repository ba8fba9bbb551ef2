//! "A new version is ready" with the button that reloads into it.

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::pwa::use_update;

#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let update = use_update();
    view! {
        <Show when=move || update.ready.get()>
            <div class="banner info" role="status" data-testid="update-banner">
                <span>{move || i18n.t(K::UpdateReady)}</span>
                <button on:click=|_| crate::pwa::apply_update()>{move || i18n.t(K::Reload)}</button>
            </div>
        </Show>
    }
}
