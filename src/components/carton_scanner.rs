//! Scanning cartons' codes with the camera, one carton after another, where the browser has
//! `BarcodeDetector` (feature-detected through `js_sys::Reflect`, as for connection codes in
//! [`super::code_scanner`], whose camera helpers it shares). Elsewhere nothing is shown and the
//! carton number is typed.
//!
//! Each code read is handed on once: the same code held in front of the camera is not read again
//! until another one was. The detector reads every format the browser knows (the shipping marks
//! print a QR code; a factory's own Code 128 sticker works too). The camera stops when the user
//! stops it or the component goes away.

use leptos::prelude::*;

use super::code_scanner::{detector_class, AfterCode, Camera};
use crate::i18n::{use_i18n, K};

#[component]
pub fn CartonScanner(on_code: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(class) = detector_class() else {
        return ().into_any();
    };
    let cam = Camera::new();
    let start = move |_| {
        let mut last = String::new();
        cam.toggle(&class, js_sys::Array::new(), move |code| {
            if code != last {
                last = code.clone();
                // The handler's screen may be gone while the camera still read a frame.
                let _ = on_code.try_run(code);
            }
            AfterCode::ReadOn
        });
    };
    let scanning = cam.scanning;
    let failed = cam.failed;
    view! {
        <div class="scanner">
            <button type="button" data-testid="load-scan" on:click=start>
                {move || if scanning.get() { i18n.t(K::LoadStopScan) } else { i18n.t(K::LoadScan) }}
            </button>
            <video node_ref=cam.video class="scanner-video" class:hidden=move || !scanning.get()
                autoplay=true muted=true playsinline=true></video>
            <Show when=move || failed.get()>
                <p class="error-text">{move || i18n.t(K::LoadNoCamera)}</p>
            </Show>
        </div>
    }
    .into_any()
}
