//! Plain HTTP to the relay beside its sync WebSocket (blobs, catch-up): the address derived
//! from the socket's, and one request with the token as a bearer header. One place, so every
//! request reads the token, the address and a failure the same way.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Asks `ask` of each relay of `s` in turn until one answers (`Ok`): relays listed together
/// serve one database, so any of them will do. `Err` says a relay was not reached: the last
/// one's, or `none` when `s` names no relay.
pub(crate) async fn on_each_relay<T, E, F>(
    s: &super::settings::SyncSettings,
    none: E,
    ask: impl Fn(String) -> F,
) -> Result<T, E>
where
    F: std::future::Future<Output = Result<T, E>>,
{
    let mut last = none;
    for n in 0..s.relays().len() {
        match ask(s.pick(n).relay).await {
            Ok(answer) => return Ok(answer),
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// The HTTP address of `path` on the relay whose sync WebSocket is `relay`
/// (`ws://host/base/sync` → `http://host/base/<path>`), or `None` when `relay` is not a
/// WebSocket address.
pub(crate) fn relay_url(relay: &str, path: &str) -> Option<String> {
    let relay = relay.trim();
    let relay = relay.split(['?', '#']).next().unwrap_or(relay);
    let (scheme, rest) = relay.split_once("://")?;
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "ws" => "http",
        "wss" => "https",
        _ => return None,
    };
    let (host, base) = match rest.split_once('/') {
        Some((h, p)) => (h, p),
        None => (rest, ""),
    };
    if host.is_empty() {
        return None;
    }
    let base = base.trim_end_matches('/');
    let base = base
        .strip_suffix("sync")
        .unwrap_or(base)
        .trim_end_matches('/');
    let base = if base.is_empty() {
        String::new()
    } else {
        format!("/{base}")
    };
    Some(format!("{scheme}://{host}{base}/{path}"))
}

/// A relay's answer: its status, and its body when the request succeeded and was not a `PUT`.
pub(crate) struct Reply {
    pub status: u16,
    pub body: Option<Vec<u8>>,
    /// Where a paged answer's next page starts (the `gendan-next` header).
    pub next: Option<String>,
}

fn js_text(v: &JsValue) -> String {
    v.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| v.as_string())
        .unwrap_or_else(|| format!("{v:?}"))
}

/// One HTTP request with the token as a bearer header (the relay also accepts `?token=`, but a
/// header keeps it out of caches and history). `Err` when the relay could not be reached.
pub(crate) async fn http(
    method: &str,
    url: &str,
    token: &str,
    body: Option<&[u8]>,
) -> Result<Reply, String> {
    let window = web_sys::window().ok_or("no window")?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(|e| js_text(&e))?;
    headers
        .set("Authorization", &format!("Bearer {token}"))
        .map_err(|e| js_text(&e))?;
    init.set_headers(&headers);
    if let Some(bytes) = body {
        let array = js_sys::Uint8Array::from(bytes);
        init.set_body(&array.into());
    }
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(|e| js_text(&e))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|e| js_text(&e))?
        .dyn_into()
        .map_err(|e| js_text(&e))?;
    let status = response.status();
    let next = response.headers().get("gendan-next").ok().flatten();
    let body = if method != "PUT" && response.ok() {
        let buffer = JsFuture::from(response.array_buffer().map_err(|e| js_text(&e))?)
            .await
            .map_err(|e| js_text(&e))?;
        Some(js_sys::Uint8Array::new(&buffer).to_vec())
    } else {
        None
    };
    Ok(Reply { status, body, next })
}
