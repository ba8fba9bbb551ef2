//! The top bar: app name, navigation and the language switch, sized for one thumb.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Lang, K};
use crate::{prefs, use_app, Route};

#[component]
pub fn AppBar() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let link = move |route: Route, key: K, id: &'static str| {
        let active = {
            let route = route.clone();
            move || {
                let cur = app.route.get();
                cur == route || (route == Route::Orders && matches!(cur, Route::Order(_)))
            }
        };
        view! {
            <a href=route.href() class="nav-link" class:active=active data-testid=id>{move || i18n.t(key)}</a>
        }
    };
    let toggle = move |_| {
        let next = if i18n.0.get() == Lang::Zh {
            Lang::En
        } else {
            Lang::Zh
        };
        prefs::set_language(next);
        i18n.0.set(next);
    };
    view! {
        <header class="app-bar">
            <div class="brand">
                <span class="logo" aria-hidden="true">"跟"</span>
                <span>{move || i18n.t(K::AppName)}</span>
            </div>
            <nav>
                {link(Route::Orders, K::NavOrders, "nav-orders")}
                {link(Route::NewOrder, K::NavNew, "nav-new")}
                {link(Route::Settings, K::NavSettings, "nav-settings")}
            </nav>
            <button class="lang" on:click=toggle data-testid="lang-toggle"
                aria-label=move || i18n.t(K::Language)>
                {move || if i18n.0.get() == Lang::Zh { "EN" } else { "中文" }}
            </button>
        </header>
    }
}
