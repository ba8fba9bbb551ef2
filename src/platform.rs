//! The one place the client reads the device it runs on: the clock, randomness, the browser
//! console, the event loop and which build is running. The domain never reads a clock (callers
//! pass `now`), and keeping every such read here means one policy for each (how a failed entropy
//! source is handled, what a log line looks like) and one seam to stub when testing.

use gendan_domain::{Day, RecordId};

/// Milliseconds since the Unix epoch on this device's clock.
pub(crate) fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Today on this device's calendar, in its own time zone.
pub(crate) fn today() -> Day {
    let d = js_sys::Date::new_0();
    // The browser's Date always holds a real calendar day; the fallbacks only keep a corrupt
    // clock from crashing the app.
    Day::from_ymd(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .or_else(|| Day::from_unix_days((now_ms() / 86_400_000.0).floor() as i64))
        .or_else(|| Day::from_ymd(2000, 1, 1))
        .expect("2000-01-01 is a calendar day")
}

/// Minutes east of UTC of this device's time zone (UTC+8 → 480).
pub(crate) fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// `HH:MM` of a moment (ms since the epoch) in this device's time zone.
pub(crate) fn local_hh_mm(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!("{:02}:{:02}", d.get_hours(), d.get_minutes())
}

/// `YYYY-MM-DD HH:MM` of a moment (ms since the epoch) in this device's time zone.
pub(crate) fn local_date_time(ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// The moment (ms since the epoch) local midnight starts `day` on this device.
pub(crate) fn local_midnight_ms(day: Day) -> f64 {
    let s = day.to_string();
    let p: Vec<u32> = s.split('-').filter_map(|x| x.parse().ok()).collect();
    match p.as_slice() {
        [y, m, d] => js_sys::Date::new_with_year_month_day(*y, *m as i32 - 1, *d as i32).get_time(),
        _ => 0.0,
    }
}

/// The local date and time as `YYYYMMDD-HHMM`, for file names people will sort.
pub(crate) fn local_stamp() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}{:02}{:02}-{:02}{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// `N` random bytes for ids and nonces.
///
/// Every browser that runs WebAssembly has `crypto.getRandomValues`, so a failure means a broken
/// environment. Ids must still not collide across devices (zeros would merge unrelated records)
/// and the app must not stop over it, so the one policy is: fall back to `Math.random` mixed with
/// the clock, and say so in the console.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    if let Err(e) = getrandom::fill(&mut b) {
        warn(&format!(
            "crypto.getRandomValues failed ({e}); using Math.random"
        ));
        let clock = (now_ms() as u64).to_le_bytes();
        for (i, byte) in b.iter_mut().enumerate() {
            let r = (js_sys::Math::random() * 256.0) as u8;
            *byte = r ^ clock[i % clock.len()];
        }
    }
    b
}

/// A fresh random key for a record inside a document.
pub(crate) fn new_record_id() -> String {
    RecordId::from_random(random_bytes::<8>()).to_string()
}

/// A problem worth a developer's attention that the user has already been told about (or that
/// needs no action from them).
pub(crate) fn warn(text: &str) {
    web_sys::console::warn_1(&text.into());
}

/// Progress worth seeing when diagnosing in the field, not a problem.
pub(crate) fn info(text: &str) {
    web_sys::console::info_1(&text.into());
}

/// Connection details for the console's verbose level.
pub(crate) fn debug(text: &str) {
    web_sys::console::debug_1(&text.into());
}

/// The identity of the code that reads stored orders (the storage layer, the domain, the locked
/// dependencies; `build.rs`), for the start-up check: it changes only when that code does, so an
/// update of the screens alone does not have the first start load every order again.
pub(crate) fn reader_id() -> &'static str {
    env!("GENDAN_READER_ID")
}

/// Marks a moment on the page's performance timeline (`performance.mark`), where profiles and
/// the benchmarks (`tests/bench/app.mjs`) find it. Nothing happens where the browser has none.
pub(crate) fn mark(name: &str) {
    use wasm_bindgen::JsCast;
    let global = js_sys::global();
    let Ok(perf) = js_sys::Reflect::get(&global, &"performance".into()) else {
        return;
    };
    if let Ok(f) = js_sys::Reflect::get(&perf, &"mark".into()) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call1(&perf, &name.into());
        }
    }
}

/// Yields to the browser's event loop so long background work never freezes the screen.
pub(crate) async fn yield_now() {
    sleep_ms(0).await;
}

/// `work`'s result if it ends within `ms` milliseconds, else `None` (and `work` is dropped):
/// for questions to a relay that must not hold up a screen or a connection.
pub(crate) async fn within<T>(ms: u32, work: impl std::future::Future<Output = T>) -> Option<T> {
    match futures::future::select(Box::pin(work), Box::pin(sleep_ms(ms))).await {
        futures::future::Either::Left((done, _)) => Some(done),
        futures::future::Either::Right(_) => None,
    }
}

/// Resolves after `ms` milliseconds (a browser timer, so it works with the page in the
/// background and never blocks).
pub(crate) async fn sleep_ms(ms: u32) {
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    leptos::prelude::set_timeout(
        move || {
            let _ = tx.send(());
        },
        std::time::Duration::from_millis(ms.into()),
    );
    let _ = rx.await;
}

/// Writes `text` with the asynchronous Clipboard API; false when the browser has none or refuses
/// (an insecure origin, no user gesture, a denied permission), so the caller can offer the text
/// to copy by hand instead.
pub(crate) async fn copy_text(text: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Some(clipboard) = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok())
        .filter(|c| !c.is_undefined())
    else {
        return false;
    };
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return false;
    };
    let Ok(promise) = write.call1(&clipboard, &text.into()) else {
        return false;
    };
    match promise.dyn_into::<js_sys::Promise>() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
        Err(_) => false,
    }
}
