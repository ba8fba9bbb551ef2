//! Reading a connection code with the camera, where the browser has `BarcodeDetector`
//! (Chromium on Android, Safari 17+ behind a flag …). Elsewhere the button is not shown and the
//! code is pasted instead.
//!
//! The detector is reached through `js_sys::Reflect` because web-sys has no stable binding for
//! it. The camera stream is stopped as soon as a code is read, the user stops it, or the
//! component goes away.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlVideoElement, MediaStream, MediaStreamConstraints, MediaStreamTrack};

use crate::i18n::{use_i18n, K};

pub(crate) fn detector_class() -> Option<js_sys::Function> {
    let w = web_sys::window()?;
    js_sys::Reflect::get(&w, &"BarcodeDetector".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()
}

pub(crate) fn stop(stream: &MediaStream) {
    for t in stream.get_tracks().iter() {
        if let Ok(t) = t.dyn_into::<MediaStreamTrack>() {
            t.stop();
        }
    }
}

pub(crate) async fn open_camera() -> Result<MediaStream, JsValue> {
    let devices = web_sys::window()
        .ok_or(JsValue::NULL)?
        .navigator()
        .media_devices()?;
    let c = MediaStreamConstraints::new();
    let video = js_sys::Object::new();
    js_sys::Reflect::set(&video, &"facingMode".into(), &"environment".into())?;
    c.set_video(&video);
    let stream = JsFuture::from(devices.get_user_media_with_constraints(&c)?).await?;
    stream.dyn_into::<MediaStream>()
}

/// The first code in the frame, if any (of the formats the detector was made for).
pub(crate) async fn detect(detector: &JsValue, video: &HtmlVideoElement) -> Option<String> {
    let f = js_sys::Reflect::get(detector, &"detect".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let promise = f
        .call1(detector, video)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    let found = JsFuture::from(promise).await.ok()?;
    let first = js_sys::Array::from(&found).get(0);
    js_sys::Reflect::get(&first, &"rawValue".into())
        .ok()?
        .as_string()
}

#[component]
pub fn CodeScanner(on_code: Callback<String>) -> impl IntoView {
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
    let start = {
        move |_| {
            if scanning.get_untracked() {
                scanning.set(false);
                stop_all();
                return;
            }
            failed.set(false);
            let class = class.clone();
            // Background: the camera opens and the scan loop runs until a code is read or scanning stops.
            spawn_local(async move {
                let (Ok(s), Some(video)) = (open_camera().await, video_ref.get_untracked()) else {
                    failed.set(true);
                    return;
                };
                let options = js_sys::Object::new();
                let formats = js_sys::Array::of1(&"qr_code".into());
                let _ = js_sys::Reflect::set(&options, &"formats".into(), &formats);
                let Ok(detector) =
                    js_sys::Reflect::construct(&class, &js_sys::Array::of1(&options))
                else {
                    stop(&s);
                    failed.set(true);
                    return;
                };
                video.set_src_object(Some(&s));
                let _ = video.play();
                stream.set_value(Some(s));
                scanning.set(true);
                while scanning.get_untracked() && stream.with_value(|s| s.is_some()) {
                    if let Some(code) = detect(&detector, &video).await {
                        if code.trim_start().to_ascii_uppercase().starts_with("GD") {
                            scanning.set(false);
                            stop_all();
                            on_code.run(code);
                            return;
                        }
                    }
                    crate::platform::yield_now().await;
                    crate::platform::sleep_ms(250).await;
                }
            });
        }
    };
    view! {
        <div class="scanner">
            <button type="button" data-testid="nearby-scan" on:click=start>
                {move || if scanning.get() { i18n.t(K::NearbyStopScan) } else { i18n.t(K::NearbyScan) }}
            </button>
            <video node_ref=video_ref class="scanner-video" class:hidden=move || !scanning.get()
                autoplay=true muted=true playsinline=true></video>
            <Show when=move || failed.get()>
                <p class="error-text">{move || i18n.t(K::NearbyNoCamera)}</p>
            </Show>
        </div>
    }
    .into_any()
}
