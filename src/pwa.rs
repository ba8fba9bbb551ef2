//! The installable-app side: registers the service worker, notices when a new build is waiting,
//! and asks the browser to keep this device's storage.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerRegistration, ServiceWorkerState};

/// Whether a new build is installed and waiting: the update banner offers to reload into it.
#[derive(Clone, Copy)]
pub(crate) struct Update {
    pub ready: RwSignal<bool>,
}

pub(crate) fn provide_update() -> Update {
    let update = Update {
        ready: RwSignal::new(false),
    };
    provide_context(update);
    update
}

pub(crate) fn use_update() -> Update {
    expect_context::<Update>()
}

/// Registers `sw.js`. A worker that is installed while another controls the page is a new build:
/// the app then offers "reload to update" instead of swapping code under the user's fingers.
pub(crate) fn register(update: Update) {
    // Background at start: nothing waits for the registration; a failure only costs offline use.
    spawn_local(async move {
        let Some(window) = web_sys::window() else {
            return;
        };
        let container = window.navigator().service_worker();
        let Ok(reg) = JsFuture::from(container.register("sw.js")).await else {
            crate::platform::warn("service worker registration failed; the app still works online");
            return;
        };
        let reg: ServiceWorkerRegistration = reg.unchecked_into();
        if reg.waiting().is_some() && container.controller().is_some() {
            update.ready.set(true);
        }
        let reg2 = reg.clone();
        let on_found = Closure::<dyn FnMut()>::new(move || {
            let Some(worker) = reg2.installing() else {
                return;
            };
            let w = worker.clone();
            let on_state = Closure::<dyn FnMut()>::new(move || {
                let controlled = web_sys::window()
                    .and_then(|w| w.navigator().service_worker().controller())
                    .is_some();
                if w.state() == ServiceWorkerState::Installed && controlled {
                    update.ready.set(true);
                }
            });
            worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
            on_state.forget();
        });
        reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
        on_found.forget();
        // A long-lived tab should still hear about new builds. Offline, or when the relay that
        // served the app is gone, the check fails: that is no error, the next start checks again.
        if let Ok(check) = reg.update() {
            if let Err(e) = JsFuture::from(check).await {
                crate::platform::info(&format!("no update check now: {e:?}"));
            }
        }
    });
}

/// Activates the waiting worker and reloads once it controls the page. Unsaved form input
/// survives because forms keep their drafts in `sessionStorage`.
pub fn apply_update() {
    // Background: the page reloads itself once the new worker controls it.
    spawn_local(async move {
        let Some(window) = web_sys::window() else {
            return;
        };
        let container = window.navigator().service_worker();
        let reload = Closure::<dyn FnMut()>::new(move || {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        container.set_oncontrollerchange(Some(reload.as_ref().unchecked_ref()));
        reload.forget();
        let Ok(reg) = JsFuture::from(container.get_registration()).await else {
            return;
        };
        let Ok(reg) = reg.dyn_into::<ServiceWorkerRegistration>() else {
            return;
        };
        match reg.waiting() {
            Some(w) => {
                let _ = w.post_message(&JsValue::from_str("skip-waiting"));
            }
            None => {
                let _ = window.location().reload();
            }
        }
    });
}

/// Storage use as the browser reports it, and whether it promised to keep our data.
#[derive(Clone, Debug, PartialEq)]
pub struct StorageReport {
    pub used: Option<f64>,
    pub quota: Option<f64>,
    pub persisted: bool,
}

/// Asks the browser to keep our storage under pressure (Chromium grants it silently to installed
/// apps); returns whether storage is persistent.
pub async fn request_persistence() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(p) = window.navigator().storage().persist() else {
        return false;
    };
    JsFuture::from(p)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Storage use as the browser estimates it, and whether it is persistent.
pub async fn storage_report() -> StorageReport {
    let mut report = StorageReport {
        used: None,
        quota: None,
        persisted: request_persistence().await,
    };
    let Some(window) = web_sys::window() else {
        return report;
    };
    let manager = window.navigator().storage();
    if let Ok(p) = manager.estimate() {
        if let Ok(est) = JsFuture::from(p).await {
            let get = |k: &str| {
                js_sys::Reflect::get(&est, &k.into())
                    .ok()
                    .and_then(|v| v.as_f64())
            };
            report.used = get("usage");
            report.quota = get("quota");
        }
    }
    report
}
