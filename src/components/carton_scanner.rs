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
use leptos::task::spawn_local;
use web_sys::{HtmlVideoElement, MediaStream};

use super::code_scanner::{detect, detector_class, open_camera, stop};
use crate::i18n::{use_i18n, K};

#[component]
pub fn CartonScanner(on_code: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(class) = detector_class() else {
        return ().into_any();
    };
    let scanning = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let video_ref = NodeRef::<leptos::html::Video>::new();
    let stream = StoredValue::new_local(None::<MediaStream>);
    let stop_all = move || {
        let _ = stream.try_update_value(|s| {
            if let Some(s) = s.take() {
                stop(&s);
            }
        });
    };
    on_cleanup(stop_all);
    let start = move |_| {
        if scanning.get_untracked() {
            scanning.set(false);
            stop_all();
            return;
        }
        failed.set(false);
        let class = class.clone();
        // Background: the camera opens and codes are read until scanning stops.
        spawn_local(async move {
            let (Ok(s), Some(video)) = (open_camera().await, video_ref.get_untracked()) else {
                failed.set(true);
                return;
            };
            let Ok(detector) = js_sys::Reflect::construct(&class, &js_sys::Array::new()) else {
                stop(&s);
                failed.set(true);
                return;
            };
            let video: HtmlVideoElement = video;
            video.set_src_object(Some(&s));
            let _ = video.play();
            stream.set_value(Some(s));
            scanning.set(true);
            let mut last = String::new();
            while scanning.get_untracked() && stream.with_value(|s| s.is_some()) {
                if let Some(code) = detect(&detector, &video).await {
                    if code != last {
                        last = code.clone();
                        on_code.run(code);
                    }
                }
                crate::platform::yield_now().await;
                crate::platform::sleep_ms(250).await;
            }
        });
    };
    view! {
        <div class="scanner">
            <button type="button" data-testid="load-scan" on:click=start>
                {move || if scanning.get() { i18n.t(K::LoadStopScan) } else { i18n.t(K::LoadScan) }}
            </button>
            <video node_ref=video_ref class="scanner-video" class:hidden=move || !scanning.get()
                autoplay=true muted=true playsinline=true></video>
            <Show when=move || failed.get()>
                <p class="error-text">{move || i18n.t(K::LoadNoCamera)}</p>
            </Show>
        </div>
    }
    .into_any()
}
