//! Gendan's browser app: the root [`App`], which provides the app-wide contexts ([`state`],
//! [`route`], [`i18n`]), opens storage, starts sync, and shows the screen the route names.
//!
//! Components render hydrated snapshots from [`state::store::Store`]; the only writer of documents
//! is the [`storage::Repo`], reached through the pages' edit helpers (`pages::order::ctx`,
//! `pages::action`), which go hydrate → mutate → reconcile → save in one path.

mod components;
mod files;
pub mod i18n;
pub(crate) mod listing;
mod pages;
pub(crate) mod photo;
pub(crate) mod platform;
mod prefs;
mod pwa;
pub mod route;
#[cfg(test)]
mod screen_tests;
pub(crate) mod state;
pub(crate) mod storage;
mod sync;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::app_bar::AppBar;
use crate::components::save_status::SaveBanner;
use crate::components::update_banner::UpdateBanner;
use crate::i18n::{I18n, K};
use crate::state::peers::provide_peers;
use crate::state::store::provide_store;
use crate::state::sync::provide_sync;
use crate::storage::{Repo, SaveState};

pub use crate::route::{navigate, DocKind, Route};

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(prefs::language());
    let i18n = I18n(lang);
    provide_context(i18n);
    Effect::new(move |_| {
        if let Some(doc) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = doc.set_attribute("lang", lang.get().code());
        }
    });
    let route = route::provide_route(i18n);
    let store = provide_store();
    let sync = provide_sync();
    let peers = provide_peers();
    pwa::register(pwa::provide_update());
    // A sync connection that opens means the relay is reachable again: send waiting photos.
    // Only on the change to connected, not on every unconfirmed-count update while syncing.
    Effect::new(move |was_up: Option<bool>| {
        let up = matches!(
            sync.status.get(),
            sync::SyncStatus::Syncing { .. } | sync::SyncStatus::Synced { .. }
        );
        if up && was_up != Some(true) {
            sync.uploader.with_value(|u| {
                if let Some(u) = u {
                    u.kick()
                }
            });
        }
        up
    });

    // Background at start: storage opens while the shell renders; `store.ready` tells the screens.
    spawn_local(async move {
        match Repo::open(prefs::author()).await {
            Ok(repo) => {
                // The name may have been given (first start) while storage was opening.
                repo.set_author(prefs::author());
                // Before any import (a catch-up answer, a file): it records what it checked.
                repo.set_reader(Some(platform::reader_id().into()));
                // A factory's phone keeps its money waivers on the order and makes no books.
                repo.on_factory_check(sync::settings::SyncSettings::is_factory_device);
                let remote = move |ids: Vec<String>| store.remote_changed(ids);
                repo.connect_tabs("gendan-tabs", remote);
                let status = move |s| {
                    store.flush_remote();
                    sync.status.set(s);
                };
                let client = sync::SyncClient::start(repo.clone(), status, remote);
                client.on_signal(move |data| pages::nearby::on_relay_signal(peers, &data));
                sync.client.set_value(Some(client));
                let uploader = sync::blobs::BlobUploader::start(
                    repo.clone(),
                    move |n| sync.blobs_waiting.set(n),
                    move |full| sync.relay_full.set(full),
                );
                sync.uploader.set_value(Some(uploader));
                store.opened(repo.clone());
                // Ask once per start that the browser keep our data under storage pressure.
                spawn_local(async {
                    pwa::request_persistence().await;
                });
                // After the first screen: look for damage in orders nobody has opened yet.
                repo.check_all(async || platform::yield_now().await).await;
                platform::mark("gendan-checked");
                store.refresh();
            }
            Err(e) => store.ready.set(Some(Err(e.to_string()))),
        }
    });

    view! {
        <AppBar/>
        <components::sync_chip::SyncChip/>
        <UpdateBanner/>
        <SaveBanner/>
        // What the last write came to, for a test that must not reload while a write is in
        // flight (a reload cuts an IndexedDB transaction short).
        <main id="main" data-save=move || match store.save.get() {
            SaveState::Idle => "idle",
            SaveState::Saving => "saving",
            SaveState::Saved(_) => "saved",
            SaveState::Pending { .. } => "pending",
        }>
            {move || match store.ready.get() {
                None => view! { <p class="muted" data-testid="loading">{i18n.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <div class="card error" role="alert">
                        <h2>{i18n.t(K::StorageFailed)}</h2>
                        <p>{e}</p>
                    </div>
                }.into_any(),
                Some(Ok(())) => screen(route.route.get()),
            }}
        </main>
        <components::first_run::FirstRun/>
    }
}

/// The screen a route names.
fn screen(route: Route) -> AnyView {
    match route {
        Route::Today => view! { <pages::today::TodayPage/> }.into_any(),
        Route::Orders => view! { <pages::orders::OrdersPage/> }.into_any(),
        Route::Document(id, kind) => {
            view! { <pages::documents::DocumentPage id=id kind=kind/> }.into_any()
        }
        Route::Reports => view! { <pages::reports::ReportsPage/> }.into_any(),
        Route::More => view! { <pages::more::MorePage/> }.into_any(),
        Route::Complaints => view! { <pages::complaints::ComplaintsPage/> }.into_any(),
        Route::Notices => view! { <pages::notices::NoticesPage/> }.into_any(),
        Route::Parties => view! { <pages::parties::PartiesPage/> }.into_any(),
        Route::Templates => view! { <pages::templates::TemplatesPage/> }.into_any(),
        Route::People => view! { <pages::people::PeoplePage/> }.into_any(),
        Route::NewOrder => view! { <pages::order::OrderPage id=None/> }.into_any(),
        Route::Order(id) => view! { <pages::order::OrderPage id=Some(id)/> }.into_any(),
        Route::OrderSection(id, s) => {
            view! { <pages::order::OrderPage id=Some(id) section=s/> }.into_any()
        }
        Route::Inspection(id, i) => {
            view! { <pages::order::inspection::InspectionPage order_id=id inspection_id=i/> }
                .into_any()
        }
        Route::InspectionReport(id, i) => {
            view! { <pages::qc_report::QcReportPage order_id=id inspection_id=i/> }.into_any()
        }
        Route::PoSheet(id, p) => {
            view! { <pages::po_sheet::PoSheetPage order_id=id po_id=p/> }.into_any()
        }
        Route::Settings => view! { <pages::settings::SettingsPage/> }.into_any(),
        Route::Nearby => view! { <pages::nearby::NearbyPage/> }.into_any(),
        Route::Join(q) => view! { <pages::join::JoinPage query=q/> }.into_any(),
    }
}
