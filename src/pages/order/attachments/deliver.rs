//! A kept file handed to the person: its bytes from this device, or from the relay when only
//! another device had it (then kept here, so it opens offline next time); saved as a download
//! or passed to the system's share sheet (Web Share with files) where the browser has one.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::i18n::K;
use crate::storage::Repo;
use crate::sync::blobs::FetchError;

/// Why a file could not be brought here, in words.
fn fetch_problem(e: &FetchError) -> K {
    match e {
        FetchError::NoRelay => K::AttNoRelay,
        FetchError::Unreachable => K::AttUnreachable,
        FetchError::NotOnRelay => K::AttNotUploaded,
        FetchError::Refused => K::AttRefused,
        FetchError::Damaged(_) => K::AttDamaged,
    }
}

/// The bytes named `hash`: from this device, else fetched from the relay (and kept).
pub(super) async fn bytes_of(repo: &Repo, hash: &str) -> Result<Vec<u8>, K> {
    match repo.get_blob(hash).await {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) | Err(_) => crate::sync::blobs::fetch(repo, hash)
            .await
            .map_err(|e| fetch_problem(&e)),
    }
}

/// A `File` holding the bytes, for the share sheet.
fn file_of(name: &str, mime: &str, bytes: &[u8]) -> Option<JsValue> {
    let ctor = js_sys::Reflect::get(&js_sys::global(), &"File".into()).ok()?;
    let ctor: js_sys::Function = ctor.dyn_into().ok()?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes).into());
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"type".into(), &mime.into()).ok()?;
    js_sys::Reflect::construct(&ctor, &js_sys::Array::of3(&parts, &name.into(), &opts)).ok()
}

/// Offers the file to the share sheet when the browser can share files; otherwise (desktop
/// browsers, older phones) saves it as a download.
pub(super) async fn share(name: &str, mime: &str, bytes: &[u8]) {
    let shared = async {
        let nav: JsValue = web_sys::window()?.navigator().into();
        let can: js_sys::Function = js_sys::Reflect::get(&nav, &"canShare".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let share: js_sys::Function = js_sys::Reflect::get(&nav, &"share".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let data = js_sys::Object::new();
        js_sys::Reflect::set(
            &data,
            &"files".into(),
            &js_sys::Array::of1(&file_of(name, mime, bytes)?),
        )
        .ok()?;
        js_sys::Reflect::set(&data, &"title".into(), &name.into()).ok()?;
        if !can.call1(&nav, &data).ok()?.is_truthy() {
            return None;
        }
        let promise: js_sys::Promise = share.call1(&nav, &data).ok()?.dyn_into().ok()?;
        // Cancelled by the person: nothing else to do.
        let _ = JsFuture::from(promise).await;
        Some(())
    }
    .await;
    if shared.is_none() {
        crate::files::download(name, mime, bytes);
    }
}

/// The type a download is saved with: the recorded one, or a neutral one when the device
/// reported none.
pub(super) fn mime_or_default(mime: &str) -> &str {
    if mime.trim().is_empty() {
        "application/octet-stream"
    } else {
        mime
    }
}
