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

/// What a scan does after it read a code.
pub(crate) enum AfterCode {
    ReadOn,
    Stop,
}

/// The camera behind a scanner's button: whether it reads, whether it could not open, the
/// video it shows and the stream it holds. It stops when the component that made it goes away.
///
/// Everything read after an await is read with a `try_` read: the person may leave the screen
/// while the browser asks for the camera or between two frames, and reading a value of a screen
/// that is gone panics, which stops the whole app until it is reloaded. A camera opened after
/// its screen was left, or after the person pressed stop, is turned off again at once.
#[derive(Clone, Copy)]
pub(crate) struct Camera {
    pub scanning: RwSignal<bool>,
    pub failed: RwSignal<bool>,
    pub video: NodeRef<leptos::html::Video>,
    stream: StoredValue<Option<MediaStream>, LocalStorage>,
    /// Which start the running scan belongs to: a stop and a quick start again must not leave
    /// the first scan's loop reading beside the second's.
    run: StoredValue<u32>,
}

impl Camera {
    pub fn new() -> Self {
        let cam = Self {
            scanning: RwSignal::new(false),
            failed: RwSignal::new(false),
            video: NodeRef::new(),
            stream: StoredValue::new_local(None),
            run: StoredValue::new(0),
        };
        // The camera only: setting `scanning` while the screen is torn down re-ran the view's
        // effects on values already disposed, which panicked. The read loop ends by itself
        // once `scanning` is gone.
        on_cleanup(move || cam.camera_off());
        cam
    }

    /// Stops reading and turns the camera off.
    pub fn stop(self) {
        let _ = self.scanning.try_set(false);
        self.camera_off();
    }

    fn camera_off(self) {
        let _ = self.stream.try_update_value(|s| {
            if let Some(s) = s.take() {
                stop(&s);
            }
        });
    }

    fn reading(self, run: u32) -> bool {
        self.scanning.try_get_untracked() == Some(true) && self.run.try_get_value() == Some(run)
    }

    /// Starts reading codes, or stops when it reads already. The detector is made from `class`
    /// with `args`; `on_code` gets each code read and says whether to read on.
    pub fn toggle(
        self,
        class: &js_sys::Function,
        args: js_sys::Array,
        mut on_code: impl FnMut(String) -> AfterCode + 'static,
    ) {
        if self.scanning.get_untracked() {
            self.stop();
            return;
        }
        let run = self.run.get_value().wrapping_add(1);
        self.run.set_value(run);
        self.failed.set(false);
        // "Stop" shows while the browser asks for the camera, and a second press cannot open
        // a second camera.
        self.scanning.set(true);
        let class = class.clone();
        // Background: the camera opens and codes are read until the scan stops.
        spawn_local(async move {
            let opened = open_camera().await;
            let video = self.video.try_get_untracked().flatten();
            let (detector, video) = match (opened, video) {
                (Ok(s), Some(video)) if self.reading(run) => {
                    let Ok(detector) = js_sys::Reflect::construct(&class, &args) else {
                        stop(&s);
                        let _ = self.failed.try_set(true);
                        let _ = self.scanning.try_set(false);
                        return;
                    };
                    video.set_src_object(Some(&s));
                    let _ = video.play();
                    // Moved, not cloned: `MediaStream::clone` is the browser's, a second
                    // stream whose tracks stopping this one leaves on.
                    match self.stream.try_set_value(Some(s)) {
                        None => (detector, video),
                        Some(s) => {
                            s.iter().for_each(stop);
                            return;
                        }
                    }
                }
                (Ok(s), _) => {
                    // Stopped, or the screen left, while the browser asked (or, still
                    // reading, no video to show it in).
                    stop(&s);
                    if self.reading(run) {
                        let _ = self.failed.try_set(true);
                        let _ = self.scanning.try_set(false);
                    }
                    return;
                }
                (Err(_), _) => {
                    if self.reading(run) {
                        let _ = self.failed.try_set(true);
                        let _ = self.scanning.try_set(false);
                    }
                    return;
                }
            };
            while self.reading(run) {
                if let Some(code) = detect(&detector, &video).await {
                    if !self.reading(run) {
                        break;
                    }
                    if let AfterCode::Stop = on_code(code) {
                        self.stop();
                        break;
                    }
                }
                crate::platform::yield_now().await;
                crate::platform::sleep_ms(250).await;
            }
        });
    }
}

#[component]
pub fn CodeScanner(on_code: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(class) = detector_class() else {
        return ().into_any();
    };
    let cam = Camera::new();
    let start = move |_| {
        let options = js_sys::Object::new();
        let formats = js_sys::Array::of1(&"qr_code".into());
        let _ = js_sys::Reflect::set(&options, &"formats".into(), &formats);
        cam.toggle(&class, js_sys::Array::of1(&options), move |code| {
            if code.trim_start().to_ascii_uppercase().starts_with("GD") {
                // The handler may take the screen away; the camera is off first.
                cam.stop();
                let _ = on_code.try_run(code);
                AfterCode::Stop
            } else {
                AfterCode::ReadOn
            }
        });
    };
    let scanning = cam.scanning;
    let failed = cam.failed;
    view! {
        <div class="scanner">
            <button type="button" data-testid="nearby-scan" on:click=start>
                {move || if scanning.get() { i18n.t(K::NearbyStopScan) } else { i18n.t(K::NearbyScan) }}
            </button>
            <video node_ref=cam.video class="scanner-video" class:hidden=move || !scanning.get()
                autoplay=true muted=true playsinline=true></video>
            <Show when=move || failed.get()>
                <p class="error-text">{move || i18n.t(K::NearbyNoCamera)}</p>
            </Show>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    //! The camera when the person leaves the screen or presses again, with a fake camera and
    //! detector: a canvas stream whose tracks tell whether the camera is still on.
    use super::*;
    use crate::components::carton_scanner::CartonScanner;
    use crate::screen_tests::{click, mount, panicked, Screen};
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    /// The browser's camera answers after `delay_ms` with a live canvas stream; the detector
    /// reads a new carton code on every frame.
    fn fake_camera(delay_ms: u32) {
        let src = format!(
            "const gd = window.__gd = {{ streams: [], reads: 0 }};
             window.BarcodeDetector = class {{
                 async detect() {{ gd.reads += 1; return [{{ rawValue: 'CTN-' + gd.reads }}]; }}
             }};
             const open = () => new Promise(done => setTimeout(() => {{
                 const c = document.createElement('canvas');
                 c.width = 4; c.height = 4;
                 c.getContext('2d').fillRect(0, 0, 4, 4);
                 const s = c.captureStream();
                 gd.streams.push(s);
                 done(s);
             }}, {delay_ms}));
             Object.defineProperty(navigator, 'mediaDevices',
                 {{ value: {{ getUserMedia: open }}, configurable: true }});"
        );
        js_sys::Function::new_no_args(&src)
            .call0(&JsValue::NULL)
            .expect("the fake camera is installed");
    }

    /// Cameras opened, and those still on.
    fn cameras() -> (u32, u32) {
        let count = |body: &str| {
            js_sys::Function::new_no_args(body)
                .call0(&JsValue::NULL)
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(-1.0) as u32
        };
        (
            count("return window.__gd.streams.length"),
            count(
                "return window.__gd.streams
                     .filter(s => s.getTracks().some(t => t.readyState === 'live')).length",
            ),
        )
    }

    /// A carton scanner on the page, counting the codes it hands on.
    fn mount_scanner(codes: Arc<AtomicU32>) -> Screen<impl Mountable> {
        mount(&Owner::new(), move || {
            let on_code = Callback::new(move |_: String| {
                codes.fetch_add(1, Ordering::SeqCst);
            });
            view! { <CartonScanner on_code=on_code/> }
        })
    }

    fn press() {
        click("load-scan");
    }

    /// Waits until `check` holds, polling, for at most 10 s: the fake camera and the scanner
    /// run on timers, and on a loaded machine fixed sleeps were too short (the test then timed
    /// out in CI). The assertions that follow say what was wrong if it never holds.
    async fn settled(check: impl Fn() -> bool) {
        for _ in 0..500 {
            if check() {
                return;
            }
            crate::platform::sleep_ms(20).await;
        }
    }

    // One test, three cases in turn: the browser runs async tests side by side, and these
    // share the page's camera and button.
    #[wasm_bindgen_test]
    async fn the_camera_is_off_and_nothing_panics_whenever_the_screen_is_left_or_pressed_again() {
        leaving_while_the_browser_asks_for_the_camera().await;
        leaving_while_codes_are_read().await;
        stop_and_start_again_while_the_browser_asks().await;
    }

    async fn leaving_while_the_browser_asks_for_the_camera() {
        fake_camera(150);
        let codes = Arc::new(AtomicU32::new(0));
        let screen = mount_scanner(codes.clone());
        press();
        screen.leave();
        settled(|| cameras() == (1, 0)).await;
        assert!(!panicked(), "no panic");
        assert_eq!(cameras(), (1, 0), "the camera opened late is off again");
        assert_eq!(
            codes.load(Ordering::SeqCst),
            0,
            "nothing read for a screen that is gone"
        );
    }

    async fn leaving_while_codes_are_read() {
        fake_camera(0);
        let codes = Arc::new(AtomicU32::new(0));
        let screen = mount_scanner(codes.clone());
        press();
        settled(|| codes.load(Ordering::SeqCst) >= 1).await;
        let read = codes.load(Ordering::SeqCst);
        assert!(read >= 1, "cartons were read before leaving ({read})");
        assert_eq!(cameras(), (1, 1), "the camera is on while scanning");
        screen.leave();
        settled(|| cameras() == (1, 0)).await;
        let read = codes.load(Ordering::SeqCst);
        // A frame already being read when the screen went may still hand on its code.
        crate::platform::sleep_ms(300).await;
        assert!(!panicked(), "no panic");
        assert_eq!(cameras(), (1, 0), "leaving turned the camera off");
        assert!(
            codes.load(Ordering::SeqCst) <= read + 1,
            "reading stopped with the screen"
        );
    }

    async fn stop_and_start_again_while_the_browser_asks() {
        fake_camera(150);
        let codes = Arc::new(AtomicU32::new(0));
        let screen = mount_scanner(codes.clone());
        press();
        press();
        press();
        settled(|| cameras() == (2, 1)).await;
        // No third camera comes late.
        crate::platform::sleep_ms(300).await;
        assert_eq!(
            cameras(),
            (2, 1),
            "the stopped start's camera is off, the last one on"
        );
        screen.leave();
        settled(|| cameras() == (2, 0)).await;
        assert_eq!(cameras(), (2, 0), "leaving turned the last one off");
        assert!(!panicked(), "no panic");
    }
}
