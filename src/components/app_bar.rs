//! The top bar (app name, Settings, the language switch) and the tab bar with every screen:
//! Today, Orders, New, Reports, More. On a phone the tab bar sits at the bottom, under the thumb.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Lang, K};
use crate::route::use_route;
use crate::{prefs, Route};

/// Which tab a route belongs to.
fn tab_of(r: &Route) -> Route {
    match r {
        Route::Order(_) | Route::Document(..) | Route::PoSheet(..) => Route::Orders,
        Route::Parties | Route::Templates | Route::People | Route::Complaints | Route::Notices => {
            Route::More
        }
        other => other.clone(),
    }
}

#[component]
pub fn AppBar() -> impl IntoView {
    let i18n = use_i18n();
    let nav = use_route();
    let tab = move |route: Route, icon: &'static str, key: K, id: &'static str| {
        let active = {
            let route = route.clone();
            move || tab_of(&nav.route.get()) == route
        };
        let current = {
            let active = active.clone();
            move || if active() { Some("page") } else { None }
        };
        view! {
            <a href=route.href() class="tab" class:active=active aria-current=current data-testid=id>
                <span class="tab-icon" aria-hidden="true" data-icon=icon></span>
                <span class="tab-label">{move || i18n.t(key)}</span>
            </a>
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
    let settings_active = move || nav.route.get() == Route::Settings;
    // The browser tab's title follows the language (index.html's names both until the app runs).
    Effect::new(move |_| {
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            d.set_title(i18n.t(K::AppName));
        }
    });
    view! {
        <header class="app-bar">
            <a class="brand" href=Route::Today.href()>
                <span class="logo" aria-hidden="true">"跟"</span>
                <span>{move || i18n.t(K::AppName)}</span>
            </a>
            <span class="spacer"></span>
            <a href=Route::Settings.href() class="nav-link" class:active=settings_active data-testid="nav-settings">{move || i18n.t(K::NavSettings)}</a>
            <button class="lang" on:click=toggle data-testid="lang-toggle"
                aria-label=move || i18n.t(K::Language)>
                {move || if i18n.0.get() == Lang::Zh { "EN" } else { "中文" }}
            </button>
        </header>
        <nav class="tab-bar" aria-label=move || i18n.t(K::NavLabel)>
            {tab(Route::Today, "◷", K::NavToday, "nav-today")}
            {tab(Route::Orders, "☰", K::NavOrders, "nav-orders")}
            {tab(Route::NewOrder, "+", K::NavNewShort, "nav-new")}
            {tab(Route::Reports, "▤", K::NavReports, "nav-reports")}
            {tab(Route::More, "⋯", K::NavMore, "nav-more")}
        </nav>
    }
}
