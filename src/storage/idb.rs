//! Thin async wrappers over IndexedDB (raw `web-sys`), so the rest of the storage code reads as
//! plain `await`s and every failure arrives as a [`StoreError`] naming what went wrong.

use futures::channel::oneshot;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    IdbDatabase, IdbKeyRange, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode,
};

use super::StoreError;

pub(crate) const DB_NAME: &str = "gendan";
const DB_VERSION: u32 = 3;
pub(crate) const CHUNKS: &str = "chunks";
pub(crate) const SUMMARIES: &str = "summaries";
pub(crate) const QUARANTINE: &str = "quarantine";
pub(crate) const META: &str = "meta";
/// Photos and files by the SHA-256 of their bytes (hex); added in version 2.
pub(crate) const BLOBS: &str = "blobs";
/// What this device kept of its last sync with each relay, by relay key; added in version 3
/// (the upgrade only creates missing stores, so every earlier record stays).
pub(crate) const SYNC_STATES: &str = "sync_states";

fn js_error(value: &JsValue) -> StoreError {
    if let Some(ex) = value.dyn_ref::<web_sys::DomException>() {
        if ex.name() == "QuotaExceededError" {
            return StoreError::Quota;
        }
        return StoreError::Browser(format!("{}: {}", ex.name(), ex.message()));
    }
    if let Some(err) = value.dyn_ref::<js_sys::Error>() {
        let name = String::from(err.name());
        if name == "QuotaExceededError" {
            return StoreError::Quota;
        }
        return StoreError::Browser(format!("{name}: {}", String::from(err.message())));
    }
    StoreError::Browser(format!("{value:?}"))
}

/// Waits for a request to succeed or fail.
async fn request(req: IdbRequest) -> Result<JsValue, StoreError> {
    let (tx, rx) = oneshot::channel::<Result<JsValue, StoreError>>();
    let tx = std::rc::Rc::new(std::cell::RefCell::new(Some(tx)));
    let ok_tx = tx.clone();
    let ok_req = req.clone();
    let on_ok = Closure::once(move |_: web_sys::Event| {
        if let Some(tx) = ok_tx.borrow_mut().take() {
            let _ = tx.send(ok_req.result().map_err(|e| js_error(&e)));
        }
    });
    let err_req = req.clone();
    let on_err = Closure::once(move |_: web_sys::Event| {
        if let Some(tx) = tx.borrow_mut().take() {
            let err = match err_req.error() {
                Ok(Some(ex)) => js_error(&ex.into()),
                _ => StoreError::Browser("request failed".into()),
            };
            let _ = tx.send(Err(err));
        }
    });
    req.set_onsuccess(Some(on_ok.as_ref().unchecked_ref()));
    req.set_onerror(Some(on_err.as_ref().unchecked_ref()));
    let out = rx
        .await
        .unwrap_or(Err(StoreError::Browser("request dropped".into())));
    req.set_onsuccess(None);
    req.set_onerror(None);
    out
}

/// Waits for a transaction to commit. Only `complete` means the data is on disk (as far as the
/// browser promises); `error` and `abort` carry the reason, quota included.
pub(crate) async fn committed(t: &IdbTransaction) -> Result<(), StoreError> {
    let (tx, rx) = oneshot::channel::<Result<(), StoreError>>();
    let tx = std::rc::Rc::new(std::cell::RefCell::new(Some(tx)));
    let (t1, t2) = (tx.clone(), tx);
    let on_complete = Closure::once(move |_: web_sys::Event| {
        if let Some(tx) = t1.borrow_mut().take() {
            let _ = tx.send(Ok(()));
        }
    });
    let trans = t.clone();
    let on_fail = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        if let Some(tx) = t2.borrow_mut().take() {
            let err = match trans.error() {
                Some(ex) => js_error(&ex.into()),
                None => StoreError::Browser("transaction aborted".into()),
            };
            let _ = tx.send(Err(err));
        }
    });
    t.set_oncomplete(Some(on_complete.as_ref().unchecked_ref()));
    t.set_onerror(Some(on_fail.as_ref().unchecked_ref()));
    t.set_onabort(Some(on_fail.as_ref().unchecked_ref()));
    let out = rx
        .await
        .unwrap_or(Err(StoreError::Browser("transaction dropped".into())));
    t.set_oncomplete(None);
    t.set_onerror(None);
    t.set_onabort(None);
    out
}

/// Opens (and on first use creates) the database.
pub(crate) async fn open(name: &str) -> Result<IdbDatabase, StoreError> {
    let window = web_sys::window().ok_or_else(|| StoreError::Browser("no window".into()))?;
    let factory = window
        .indexed_db()
        .map_err(|e| js_error(&e))?
        .ok_or_else(|| StoreError::Browser("IndexedDB is not available in this browser".into()))?;
    let req = factory
        .open_with_u32(name, DB_VERSION)
        .map_err(|e| js_error(&e))?;
    let upgrade_req = req.clone();
    let on_upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        let Ok(result) = upgrade_req.result() else {
            return;
        };
        let db: IdbDatabase = result.unchecked_into();
        let names = db.object_store_names();
        for store in [CHUNKS, SUMMARIES, QUARANTINE, META, BLOBS, SYNC_STATES] {
            if !names.contains(store) {
                let _ = db.create_object_store(store);
            }
        }
    });
    req.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let db = request(req.clone().unchecked_into()).await?;
    req.set_onupgradeneeded(None);
    Ok(db.unchecked_into())
}

pub(crate) fn transaction(
    db: &IdbDatabase,
    stores: &[&str],
    write: bool,
) -> Result<IdbTransaction, StoreError> {
    let names = Array::new();
    for s in stores {
        names.push(&JsValue::from_str(s));
    }
    let mode = if write {
        IdbTransactionMode::Readwrite
    } else {
        IdbTransactionMode::Readonly
    };
    db.transaction_with_str_sequence_and_mode(&names, mode)
        .map_err(|e| js_error(&e))
}

pub(crate) fn store(t: &IdbTransaction, name: &str) -> Result<IdbObjectStore, StoreError> {
    t.object_store(name).map_err(|e| js_error(&e))
}

/// Keys of chunks are arrays `[docId, kind, hash]`, as automerge-repo's storage keys are.
pub(crate) fn chunk_key(doc: &str, kind: &str, hash: &str) -> JsValue {
    Array::of3(&doc.into(), &kind.into(), &hash.into()).into()
}

/// Every key array that starts with `[doc]`: arrays sort after strings, so `[doc, []]` bounds them.
pub(crate) fn doc_range(doc: &str) -> Result<IdbKeyRange, StoreError> {
    docs_range(doc, doc)
}

/// Every key array of the documents from `first` to `last` in key order, both included.
pub(crate) fn docs_range(first: &str, last: &str) -> Result<IdbKeyRange, StoreError> {
    let lower: JsValue = Array::of1(&first.into()).into();
    let upper: JsValue = Array::of2(&last.into(), &Array::new()).into();
    IdbKeyRange::bound(&lower, &upper).map_err(|e| js_error(&e))
}

/// Every string key that starts with `prefix` (`\u{ffff}` sorts after any character we use).
pub(crate) fn prefix_range(prefix: &str) -> Result<IdbKeyRange, StoreError> {
    let upper = format!("{prefix}\u{ffff}");
    IdbKeyRange::bound(&JsValue::from_str(prefix), &JsValue::from_str(&upper))
        .map_err(|e| js_error(&e))
}

pub(crate) fn put(
    store: &IdbObjectStore,
    key: &JsValue,
    value: &JsValue,
) -> Result<(), StoreError> {
    store
        .put_with_key(value, key)
        .map(|_| ())
        .map_err(|e| js_error(&e))
}

pub(crate) fn delete(store: &IdbObjectStore, key: &JsValue) -> Result<(), StoreError> {
    store.delete(key).map(|_| ()).map_err(|e| js_error(&e))
}

pub(crate) fn bytes(data: &[u8]) -> JsValue {
    Uint8Array::from(data).into()
}

/// Reads a stored value back as bytes; anything else is a corrupt record, reported as such.
pub(crate) fn to_bytes(value: &JsValue) -> Result<Vec<u8>, StoreError> {
    if let Some(a) = value.dyn_ref::<Uint8Array>() {
        return Ok(a.to_vec());
    }
    if let Some(b) = value.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(Uint8Array::new(b).to_vec());
    }
    Err(StoreError::Corrupt(format!(
        "a stored chunk is not bytes but {}",
        type_name(value)
    )))
}

fn type_name(v: &JsValue) -> String {
    v.js_typeof()
        .as_string()
        .unwrap_or_else(|| "unknown".into())
}

/// All keys and values in a key range (or the whole store), in key order.
pub(crate) async fn get_all(
    store: &IdbObjectStore,
    range: Option<&IdbKeyRange>,
) -> Result<(Array, Array), StoreError> {
    let (kreq, vreq) = match range {
        Some(r) => (store.get_all_keys_with_key(r), store.get_all_with_key(r)),
        None => (store.get_all_keys(), store.get_all()),
    };
    let keys = request(kreq.map_err(|e| js_error(&e))?).await?;
    let values = request(vreq.map_err(|e| js_error(&e))?).await?;
    Ok((keys.unchecked_into(), values.unchecked_into()))
}

/// Every key in the store, in key order, without reading the values.
pub(crate) async fn get_all_keys(store: &IdbObjectStore) -> Result<Array, StoreError> {
    let keys = request(store.get_all_keys().map_err(|e| js_error(&e))?).await?;
    Ok(keys.unchecked_into())
}

/// How many records the store holds.
pub(crate) async fn count(store: &IdbObjectStore) -> Result<f64, StoreError> {
    let n = request(store.count().map_err(|e| js_error(&e))?).await?;
    Ok(n.as_f64().unwrap_or(0.0))
}

pub(crate) async fn get(store: &IdbObjectStore, key: &JsValue) -> Result<JsValue, StoreError> {
    request(store.get(key).map_err(|e| js_error(&e))?).await
}
