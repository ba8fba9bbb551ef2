//! "More": the screens that do not fit the tab bar.

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::Route;

#[component]
pub fn MorePage() -> impl IntoView {
    let i18n = use_i18n();
    let item = move |route: Route, key: K, help: K, id: &'static str| {
        view! {
            <li>
                <a class="menu-row" href=route.href() data-testid=id>
                    <strong>{move || i18n.t(key)}</strong>
                    <span class="muted small">{move || i18n.t(help)}</span>
                </a>
            </li>
        }
    };
    view! {
        <section class="page more">
            <h2>{move || i18n.t(K::NavMore)}</h2>
            <ul class="menu">
                {item(Route::Complaints, K::ComplaintsTitle, K::ComplaintsHelp, "more-complaints")}
                {item(Route::Notices, K::NoticesTitle, K::NoticesHelp, "more-notices")}
                {item(Route::Parties, K::PartiesTitle, K::PartiesHelp, "more-parties")}
                {item(Route::Templates, K::TemplatesTitle, K::TemplatesHelp, "more-templates")}
                {item(Route::People, K::PeopleTitle, K::PeopleHelp, "more-people")}
                {item(Route::Nearby, K::NearbyTitle, K::NearbyMoreHelp, "more-nearby")}
                {item(Route::Settings, K::NavSettings, K::SettingsHelp, "more-settings")}
            </ul>
        </section>
    }
}
