//! Where the app is: the [`Route`] parsed from `location.hash` (so reloads and the back button work
//! offline), and whether a form holds input that is not saved, in which case leaving asks first.

use leptos::prelude::*;

use crate::i18n::{I18n, K};
use crate::pages;

/// A document printed from an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    /// Proforma invoice (形式发票).
    Proforma,
    /// Commercial invoice (商业发票).
    Invoice,
    /// Packing list (装箱单).
    Packing,
    /// Production sheet (生产制单), for the factory: no money.
    Production,
    /// Quotation (报价单) to the buyer: the latest round not withdrawn.
    Quotation,
}

impl DocKind {
    pub const ALL: [DocKind; 5] = [
        DocKind::Quotation,
        DocKind::Proforma,
        DocKind::Invoice,
        DocKind::Packing,
        DocKind::Production,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DocKind::Proforma => "pi",
            DocKind::Invoice => "ci",
            DocKind::Packing => "pl",
            DocKind::Production => "ps",
            DocKind::Quotation => "qt",
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
    /// `#/complaints`: every complaint across the orders (客诉台帐).
    Complaints,
    /// `#/notices`: notices and meeting minutes carried to factories (传播信息).
    Notices,
    More,
    Parties,
    Templates,
    People,
    /// An inspection of an order: `#/orders/<id>/inspections/<inspection id>`.
    Inspection(String, String),
    /// The printable report of an inspection: `#/orders/<id>/inspections/<inspection id>/report`.
    InspectionReport(String, String),
    /// A purchase order printed for its supplier: `#/orders/<id>/po/<purchase order id>`.
    PoSheet(String, String),
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
            ["orders", id, "inspections", i, "report"] if !id.is_empty() && !i.is_empty() => {
                Route::InspectionReport(id.to_string(), i.to_string())
            }
            ["orders", id, "inspections", i, ..] if !id.is_empty() && !i.is_empty() => {
                Route::Inspection(id.to_string(), i.to_string())
            }
            ["orders", id, "po", p, ..] if !id.is_empty() && !p.is_empty() => {
                Route::PoSheet(id.to_string(), p.to_string())
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
            ["complaints", ..] => Route::Complaints,
            ["notices", ..] => Route::Notices,
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
            Route::Complaints => "#/complaints".into(),
            Route::Notices => "#/notices".into(),
            Route::More => "#/more".into(),
            Route::Parties => "#/parties".into(),
            Route::Templates => "#/templates".into(),
            Route::People => "#/people".into(),
            Route::Inspection(id, i) => format!("#/orders/{id}/inspections/{i}"),
            Route::InspectionReport(id, i) => format!("#/orders/{id}/inspections/{i}/report"),
            Route::PoSheet(id, p) => format!("#/orders/{id}/po/{p}"),
            Route::Settings => "#/settings".into(),
            Route::Nearby => "#/nearby".into(),
            Route::Join(q) => format!("#/join?{q}"),
        }
    }
}

pub fn navigate(route: &Route) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(&route.href());
    }
}

/// Asks the user a yes/no question in the chosen language (the browser's own dialog, which works
/// with a screen reader and the keyboard); `false` when it cannot be asked.
pub(crate) fn confirm(i18n: I18n, question: K) -> bool {
    confirm_text(question.text(i18n.0.get_untracked()))
}

/// [`confirm`] for a question with its parameters already filled in (`i18n::fill`).
pub(crate) fn confirm_text(text: &str) -> bool {
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

/// The current route and the unsaved-input flag the route change checks.
#[derive(Clone, Copy)]
pub(crate) struct RouteState {
    pub route: RwSignal<Route>,
    /// A form holds input that is not saved (the order form): leaving the screen asks first.
    pub unsaved: RwSignal<bool>,
}

/// Provides the route, kept in step with `location.hash` for as long as the app runs.
pub(crate) fn provide_route(i18n: I18n) -> RouteState {
    let hash = || {
        web_sys::window()
            .and_then(|w| w.location().hash().ok())
            .unwrap_or_default()
    };
    let state = RouteState {
        route: RwSignal::new(Route::parse(&hash())),
        unsaved: RwSignal::new(false),
    };
    provide_context(state);
    let listener = window_event_listener(leptos::ev::hashchange, move |_| {
        let next = Route::parse(&hash());
        let current = state.route.get_untracked();
        if next == current {
            return;
        }
        if state.unsaved.get_untracked() && !confirm(i18n, K::ConfirmLeaveForm) {
            // Staying: put the address back (no new history entry), the form keeps its input.
            replace_route(&current);
            return;
        }
        state.unsaved.set(false);
        state.route.set(next);
    });
    on_cleanup(move || listener.remove());
    state
}

pub(crate) fn use_route() -> RouteState {
    expect_context::<RouteState>()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::Route;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn routes_round_trip_through_the_hash() {
        for r in [
            Route::Today,
            Route::Orders,
            Route::Document("abc".into(), super::DocKind::Proforma),
            Route::Document("abc".into(), super::DocKind::Packing),
            Route::Document("abc".into(), super::DocKind::Production),
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
            Route::InspectionReport("abc".into(), "0f".into()),
            Route::PoSheet("abc".into(), "7e".into()),
            Route::Complaints,
            Route::Notices,
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
