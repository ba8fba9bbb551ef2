//! Gendan's browser app: the root [`App`], the app-wide state it provides, and hash routing.
//!
//! Components render hydrated snapshots from [`AppState`]; the only writer of documents is the
//! [`storage::Repo`], reached through [`AppState::commit`]-style helpers in the pages.

mod components;
mod files;
pub mod i18n;
pub(crate) mod listing;
mod pages;
pub(crate) mod photo;
pub(crate) mod platform;
mod prefs;
mod pwa;
pub(crate) mod storage;
mod sync;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::app_bar::AppBar;
use crate::components::save_status::SaveBanner;
use crate::components::update_banner::UpdateBanner;
use crate::i18n::{I18n, K};
use crate::storage::repo::Quarantined;
use crate::storage::{Repo, SaveState, StoreError, Summary};

/// A document printed from an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    /// Proforma invoice (形式发票).
    Proforma,
    /// Commercial invoice (商业发票).
    Invoice,
    /// Packing list (装箱单).
    Packing,
}

impl DocKind {
    pub const ALL: [DocKind; 3] = [DocKind::Proforma, DocKind::Invoice, DocKind::Packing];

    pub fn code(self) -> &'static str {
        match self {
            DocKind::Proforma => "pi",
            DocKind::Invoice => "ci",
            DocKind::Packing => "pl",
        }
    }

    fn from_code(c: &str) -> Option<DocKind> {
        DocKind::ALL.into_iter().find(|k| k.code() == c)
    }
}

/// Where the app is; mirrored in `location.hash` so reloads and the back button work offline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Today,
    Orders,
    NewOrder,
    Order(String),
    /// One section of an order: `#/orders/<id>/<section code>` ("samples", "purchasing"…).
    OrderSection(String, String),
    Document(String, DocKind),
    Reports,
    More,
    Parties,
    Templates,
    People,
    /// An inspection of an order: `#/orders/<id>/inspections/<inspection id>`.
    Inspection(String, String),
    Settings,
    /// `#/nearby`: syncing with a device in the same room over WebRTC, by exchanging codes.
    Nearby,
    /// `#/join?relay=…&token=…&ws=…`: an invite from another device.
    Join(String),
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            ["orders", "new", ..] => Route::NewOrder,
            ["orders", id, "inspections", i, ..] if !id.is_empty() && !i.is_empty() => {
                Route::Inspection(id.to_string(), i.to_string())
            }
            ["orders", id, kind, ..] if !id.is_empty() => match DocKind::from_code(kind) {
                Some(k) => Route::Document(id.to_string(), k),
                None if pages::order::is_section(kind) => {
                    Route::OrderSection(id.to_string(), kind.to_string())
                }
                None => Route::Order(id.to_string()),
            },
            ["orders", id] if !id.is_empty() => Route::Order(id.to_string()),
            ["orders", ..] => Route::Orders,
            ["reports", ..] => Route::Reports,
            ["more", ..] => Route::More,
            ["parties", ..] => Route::Parties,
            ["templates", ..] => Route::Templates,
            ["people", ..] => Route::People,
            ["settings", ..] => Route::Settings,
            ["nearby", ..] => Route::Nearby,
            [p] if p.starts_with("join?") => Route::Join(p["join?".len()..].to_string()),
            _ => Route::Today,
        }
    }

    pub fn href(&self) -> String {
        match self {
            Route::Today => "#/today".into(),
            Route::Orders => "#/orders".into(),
            Route::NewOrder => "#/orders/new".into(),
            Route::Order(id) => format!("#/orders/{id}"),
            Route::OrderSection(id, s) => format!("#/orders/{id}/{s}"),
            Route::Document(id, k) => format!("#/orders/{id}/{}", k.code()),
            Route::Reports => "#/reports".into(),
            Route::More => "#/more".into(),
            Route::Parties => "#/parties".into(),
            Route::Templates => "#/templates".into(),
            Route::People => "#/people".into(),
            Route::Inspection(id, i) => format!("#/orders/{id}/inspections/{i}"),
            Route::Settings => "#/settings".into(),
            Route::Nearby => "#/nearby".into(),
            Route::Join(q) => format!("#/join?{q}"),
        }
    }
}

/// Today's date on this device's clock (the domain never reads a clock).
pub fn local_today() -> gendan_domain::Day {
    platform::today()
}

/// Minutes east of UTC of this device's time zone (UTC+8 → 480).
pub fn local_utc_offset() -> i32 {
    platform::utc_offset_minutes()
}

pub fn navigate(route: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&route.href());
    }
}

/// Asks the user a yes/no question in the chosen language (the browser's own dialog, which works
/// with a screen reader and the keyboard); `false` when it cannot be asked.
pub(crate) fn confirm(i18n: I18n, question: K) -> bool {
    let text = question.text(i18n.0.get_untracked());
    web_sys::window()
        .and_then(|w| w.confirm_with_message(text).ok())
        .unwrap_or(false)
}

/// Shows `route` in the address bar without a `hashchange` (the page is not rebuilt) and without a
/// new history entry (back still leaves the screen): a reload then opens the same place. Called
/// through `js_sys` because web-sys's `History` binding is not among the enabled features, and
/// enabling it rebuilds web-sys and everything above it for one call.
pub(crate) fn replace_route(route: &Route) {
    use wasm_bindgen::JsCast;
    let Some(w) = web_sys::window() else { return };
    let Ok(history) = js_sys::Reflect::get(&w, &"history".into()) else {
        return;
    };
    let replace = js_sys::Reflect::get(&history, &"replaceState".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(f) = replace {
        let _ = f.call3(
            &history,
            &wasm_bindgen::JsValue::NULL,
            &"".into(),
            &route.href().into(),
        );
    }
}

/// App-wide state: the repository and the reactive snapshots the screens render.
#[derive(Clone, Copy)]
pub struct AppState {
    pub(crate) repo: StoredValue<Option<Repo>, LocalStorage>,
    pub(crate) summaries: RwSignal<Vec<Summary>>,
    pub(crate) quarantined: RwSignal<Vec<Quarantined>>,
    pub(crate) save: RwSignal<SaveState>,
    /// `None` while storage opens; `Some(Err)` when it cannot.
    pub(crate) ready: RwSignal<Option<Result<(), String>>>,
    pub route: RwSignal<Route>,
    pub update_ready: RwSignal<bool>,
    /// Documents changed by another tab (or, later, a peer), with a counter so every change is seen.
    pub(crate) remote_changes: RwSignal<(u64, Vec<String>)>,
    pub(crate) sync: StoredValue<Option<sync::SyncClient>, LocalStorage>,
    pub(crate) sync_status: RwSignal<sync::SyncStatus>,
    /// A form holds input that is not saved (the order form): leaving the screen asks first.
    pub(crate) unsaved: RwSignal<bool>,
    /// Photos made here that the relay does not have yet.
    pub(crate) blobs_waiting: RwSignal<usize>,
    pub(crate) uploader: StoredValue<Option<sync::blobs::BlobUploader>, LocalStorage>,
    /// The connection to a nearby device, if one was started; it outlives the screen so the
    /// user can look at orders while it syncs.
    pub(crate) peer: StoredValue<Option<sync::peer::PeerLink>, LocalStorage>,
    pub(crate) peer_status: RwSignal<Option<sync::peer::PeerStatus>>,
    /// Invitations to connect directly that other devices sent through the relay.
    pub(crate) relay_invites: RwSignal<Vec<pages::nearby::RelayInvite>>,
    /// The nonce of this device's own invitation through the relay, while it waits for an answer.
    pub(crate) relay_offer: RwSignal<Option<String>>,
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}

impl AppState {
    pub(crate) fn repo(&self) -> Option<Repo> {
        self.repo.with_value(|r| r.clone())
    }

    /// Documents a peer (another tab, the relay, a nearby device) changed: snapshots refresh and
    /// open screens hear which ones.
    pub(crate) fn remote_changed(&self, ids: Vec<String>) {
        self.refresh();
        self.remote_changes.update(|(n, changed)| {
            *n += 1;
            *changed = ids;
        });
    }

    /// Refreshes the snapshots after a write.
    pub(crate) fn refresh(&self) {
        if let Some(repo) = self.repo() {
            self.summaries.set(repo.summaries());
            self.quarantined.set(repo.quarantined());
        }
    }

    /// Runs a write and keeps the save indicator honest: "saving" until IndexedDB confirms,
    /// "pending" with the reason while writes wait in memory, retried until they land.
    pub(crate) async fn track<T>(
        &self,
        write: impl std::future::Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        self.save.set(SaveState::Saving);
        let out = write.await;
        self.after_write(out.as_ref().err());
        out
    }

    /// Runs an edit through the repo's general edit path: a refusal by a rule writes nothing and
    /// comes back for the screen to show next to the action; a storage failure is tracked like any
    /// other write.
    pub(crate) async fn track_edit<T>(
        &self,
        write: impl std::future::Future<Output = Result<T, storage::repo::EditError>>,
    ) -> Result<T, storage::repo::EditError> {
        self.save.set(SaveState::Saving);
        let out = write.await;
        let store_err = match &out {
            Err(storage::repo::EditError::Store(e)) => Some(e.clone()),
            _ => None,
        };
        self.after_write(store_err.as_ref());
        out
    }

    /// An import is a write like any other, but its refusal is the user's message, not a retry.
    pub(crate) async fn track_import(
        &self,
        i18n: I18n,
        import: impl std::future::Future<
            Output = Result<storage::transfer::ImportReport, storage::transfer::ImportError>,
        >,
    ) -> Result<storage::transfer::ImportReport, String> {
        self.save.set(SaveState::Saving);
        let out = import.await;
        let store_err = match &out {
            Err(storage::transfer::ImportError::Store(e)) => Some(e.clone()),
            _ => None,
        };
        self.after_write(store_err.as_ref());
        out.map_err(|e| format!("{} {e}", i18n.t(K::ImportRefused)))
    }

    fn after_write(&self, err: Option<&StoreError>) {
        self.refresh();
        let Some(repo) = self.repo() else { return };
        let pending = repo.pending_count();
        if pending == 0 {
            self.save.set(SaveState::Saved(platform::now_ms()));
            return;
        }
        let error = err.map(|e| e.to_string()).unwrap_or_default();
        let quota = matches!(err, Some(StoreError::Quota));
        self.save.set(SaveState::Pending {
            count: pending,
            error: if quota { "quota".into() } else { error },
        });
        let state = *self;
        set_timeout(
            move || {
                spawn_local(async move {
                    if let Some(repo) = state.repo() {
                        let res = repo.flush().await;
                        state.after_write(res.as_ref().err());
                    }
                });
            },
            std::time::Duration::from_secs(2),
        );
    }
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(prefs::language());
    provide_context(I18n(lang));
    Effect::new(move |_| {
        if let Some(doc) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = doc.set_attribute("lang", lang.get().code());
        }
    });

    let hash = || {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default()
    };
    let state = AppState {
        repo: StoredValue::new_local(None),
        summaries: RwSignal::new(Vec::new()),
        quarantined: RwSignal::new(Vec::new()),
        save: RwSignal::new(SaveState::Idle),
        ready: RwSignal::new(None),
        route: RwSignal::new(Route::parse(&hash())),
        update_ready: RwSignal::new(false),
        remote_changes: RwSignal::new((0, Vec::new())),
        sync: StoredValue::new_local(None),
        sync_status: RwSignal::new(sync::SyncStatus::Off),
        unsaved: RwSignal::new(false),
        blobs_waiting: RwSignal::new(0),
        uploader: StoredValue::new_local(None),
        peer: StoredValue::new_local(None),
        peer_status: RwSignal::new(None),
        relay_invites: RwSignal::new(Vec::new()),
        relay_offer: RwSignal::new(None),
    };
    provide_context(state);
    let i18n_here = use_context::<I18n>().expect("provided above");
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let next = Route::parse(&hash());
        let current = state.route.get_untracked();
        if next == current {
            return;
        }
        if state.unsaved.get_untracked() && !confirm(i18n_here, K::ConfirmLeaveForm) {
            // Staying: put the address back (no new history entry), the form keeps its input.
            replace_route(&current);
            return;
        }
        state.unsaved.set(false);
        state.route.set(next);
    });
    on_cleanup(move || listener.remove());
    pwa::register(state);
    // A sync connection that opens means the relay is reachable again: send waiting photos.
    // Only on the change to connected, not on every unconfirmed-count update while syncing.
    Effect::new(move |was_up: Option<bool>| {
        let up = matches!(
            state.sync_status.get(),
            sync::SyncStatus::Syncing { .. } | sync::SyncStatus::Synced { .. }
        );
        if up && was_up != Some(true) {
            state.uploader.with_value(|u| {
                if let Some(u) = u {
                    u.kick()
                }
            });
        }
        up
    });

    spawn_local(async move {
        match Repo::open(prefs::author()).await {
            Ok(repo) => {
                let remote = move |ids: Vec<String>| state.remote_changed(ids);
                repo.connect_tabs("gendan-tabs", remote);
                let client = sync::SyncClient::start(
                    repo.clone(),
                    move |s| state.sync_status.set(s),
                    remote,
                );
                client.on_signal(move |data| pages::nearby::on_relay_signal(state, &data));
                state.sync.set_value(Some(client));
                let uploader = sync::blobs::BlobUploader::start(repo.clone(), move |n| {
                    state.blobs_waiting.set(n)
                });
                state.uploader.set_value(Some(uploader));
                state.repo.set_value(Some(repo.clone()));
                state.refresh();
                state.ready.set(Some(Ok(())));
                // Ask once per start that the browser keep our data under storage pressure.
                spawn_local(async {
                    pwa::request_persistence().await;
                });
                // After the first screen: look for damage in orders nobody has opened yet.
                repo.check_all(async || gloo_yield().await).await;
                state.refresh();
            }
            Err(e) => state.ready.set(Some(Err(e.to_string()))),
        }
    });

    let i18n = use_context::<I18n>().expect("provided above");
    view! {
        <AppBar/>
        <components::sync_chip::SyncChip/>
        <UpdateBanner/>
        <SaveBanner/>
        <main id="main">
            {move || match state.ready.get() {
                None => view! { <p class="muted" data-testid="loading">{i18n.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <div class="card error" role="alert">
                        <h2>{i18n.t(K::StorageFailed)}</h2>
                        <p>{e}</p>
                    </div>
                }.into_any(),
                Some(Ok(())) => match state.route.get() {
                    Route::Today => view! { <pages::today::TodayPage/> }.into_any(),
                    Route::Orders => view! { <pages::orders::OrdersPage/> }.into_any(),
                    Route::Document(id, kind) => view! { <pages::documents::DocumentPage id=id kind=kind/> }.into_any(),
                    Route::Reports => view! { <pages::reports::ReportsPage/> }.into_any(),
                    Route::More => view! { <pages::more::MorePage/> }.into_any(),
                    Route::Parties => view! { <pages::parties::PartiesPage/> }.into_any(),
                    Route::Templates => view! { <pages::templates::TemplatesPage/> }.into_any(),
                    Route::People => view! { <pages::people::PeoplePage/> }.into_any(),
                    Route::NewOrder => view! { <pages::order::OrderPage id=None/> }.into_any(),
                    Route::Order(id) => view! { <pages::order::OrderPage id=Some(id)/> }.into_any(),
                    Route::OrderSection(id, s) => view! { <pages::order::OrderPage id=Some(id) section=s/> }.into_any(),
                    Route::Inspection(id, i) => view! { <pages::order::inspection::InspectionPage order_id=id inspection_id=i/> }.into_any(),
                    Route::Settings => view! { <pages::settings::SettingsPage/> }.into_any(),
                    Route::Nearby => view! { <pages::nearby::NearbyPage/> }.into_any(),
                    Route::Join(q) => view! { <pages::join::JoinPage query=q/> }.into_any(),
                },
            }}
        </main>
    }
}

/// Yields to the browser's event loop so long background work never freezes the screen.
pub(crate) async fn gloo_yield() {
    platform::yield_now().await
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::Route;

    #[test]
    fn routes_round_trip_through_the_hash() {
        for r in [
            Route::Today,
            Route::Orders,
            Route::Document("abc".into(), super::DocKind::Proforma),
            Route::Document("abc".into(), super::DocKind::Packing),
            Route::Reports,
            Route::More,
            Route::Parties,
            Route::Templates,
            Route::People,
            Route::NewOrder,
            Route::Order("abc".into()),
            Route::OrderSection("abc".into(), "purchasing".into()),
            Route::OrderSection("abc".into(), "samples".into()),
            Route::Inspection("abc".into(), "0f".into()),
            Route::Settings,
            Route::Nearby,
        ] {
            assert_eq!(Route::parse(&r.href()), r);
        }
        assert_eq!(Route::parse(""), Route::Today);
        assert_eq!(Route::parse("#/nonsense"), Route::Today);
        assert_eq!(Route::parse("#/orders"), Route::Orders);
        assert_eq!(Route::parse("#/orders/abc/zz"), Route::Order("abc".into()));
    }
}
