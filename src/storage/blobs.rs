//! Blobs (photos, files) kept on the device under the SHA-256 of their bytes, as lower-case hex.
//!
//! Documents only hold the hash; the bytes live in the `blobs` object store. A blob whose bytes do
//! not hash to the key it is offered under is refused, so a key always names exactly its bytes,
//! whoever stored it and however it arrived.

use wasm_bindgen::JsValue;

use super::idb::{self, BLOBS, META};
use super::repo::{sha_hex, Repo, Write};
use super::StoreError;

impl Repo {
    /// Stores bytes made on this device (a photo just taken) under their hash, marked for upload
    /// to the relay, and returns the hash. The mark is a `meta` record of its own per blob, written
    /// in the same transaction as the bytes: two tabs adding photos never overwrite each other's
    /// marks, and a blob is never on the device without its mark.
    pub async fn put_blob(&self, bytes: &[u8]) -> Result<String, StoreError> {
        self.put_made_here(bytes, JsValue::TRUE).await
    }

    /// [`Repo::put_blob`] for an office-only file (a contract, an invoice): its upload mark
    /// says so, and the uploader asks the relay to keep it from scoped tokens
    /// ([`Repo::upload_is_office`]).
    pub async fn put_blob_office(&self, bytes: &[u8]) -> Result<String, StoreError> {
        self.put_made_here(bytes, JsValue::from_str(OFFICE_MARK))
            .await
    }

    async fn put_made_here(&self, bytes: &[u8], mark: JsValue) -> Result<String, StoreError> {
        let hash = sha_hex(bytes);
        self.persist(vec![
            Write::Put {
                store: BLOBS,
                key: JsValue::from_str(&hash),
                value: idb::bytes(bytes),
            },
            Write::Put {
                store: META,
                key: JsValue::from_str(&upload_key(&hash)),
                value: mark,
            },
        ])
        .await?;
        self.tell_blob_waiting();
        Ok(hash)
    }

    /// Whether a blob waiting for upload was stored by [`Repo::put_blob_office`].
    pub async fn upload_is_office(&self, hash: &str) -> Result<bool, StoreError> {
        let t = idb::transaction(&self.db, &[META], false)?;
        let v = idb::get(
            &idb::store(&t, META)?,
            &JsValue::from_str(&upload_key(hash)),
        )
        .await?;
        Ok(v.as_string().as_deref() == Some(OFFICE_MARK))
    }

    /// Hashes of the blobs made here that the relay has not acknowledged yet, oldest key first.
    pub async fn blobs_to_upload(&self) -> Result<Vec<String>, StoreError> {
        let t = idb::transaction(&self.db, &[META], false)?;
        let range = idb::prefix_range(UPLOAD_PREFIX)?;
        let (keys, _) = idb::get_all(&idb::store(&t, META)?, Some(&range)).await?;
        Ok(keys
            .iter()
            .filter_map(|k| k.as_string())
            .filter_map(|k| k.strip_prefix(UPLOAD_PREFIX).map(str::to_owned))
            .collect())
    }

    /// Forgets the upload mark once the relay holds the blob (or it can never take it).
    pub async fn blob_uploaded(&self, hash: &str) -> Result<(), StoreError> {
        self.persist(vec![Write::Delete {
            store: META,
            key: JsValue::from_str(&upload_key(hash)),
        }])
        .await
    }

    /// Stores bytes under a given hash (a blob fetched from elsewhere, so not marked for upload),
    /// refusing them when they do not hash to it.
    // Relay fetches go through `put_blob_from_relay`; this is the door for blobs that come from
    // a nearby device (known nowhere else, so no place record).
    pub async fn put_blob_as(&self, hash: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let actual = sha_hex(bytes);
        if !actual.eq_ignore_ascii_case(hash.trim()) {
            return Err(StoreError::Corrupt(format!(
                "blob {hash} does not match its bytes (they hash to {actual})"
            )));
        }
        self.persist(vec![Write::Put {
            store: BLOBS,
            key: JsValue::from_str(&actual),
            value: idb::bytes(bytes),
        }])
        .await
    }

    /// The bytes stored under `hash`, or `None` when this device does not have them.
    pub async fn get_blob(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let key = hash.trim().to_ascii_lowercase();
        let t = idb::transaction(&self.db, &[BLOBS], false)?;
        let v = idb::get(&idb::store(&t, BLOBS)?, &JsValue::from_str(&key)).await?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        let bytes = idb::to_bytes(&v)?;
        if sha_hex(&bytes) != key {
            return Err(StoreError::Corrupt(format!("blob {key} is damaged")));
        }
        Ok(Some(bytes))
    }
}

impl Repo {
    /// Records that the relay holds `hash` (it answered 201/200 to the upload) and forgets the
    /// upload mark, in one transaction: a blob is never left with neither.
    pub async fn blob_stored_on_relay(&self, hash: &str) -> Result<(), StoreError> {
        self.persist(vec![
            Write::Delete {
                store: META,
                key: JsValue::from_str(&upload_key(hash)),
            },
            Write::Put {
                store: META,
                key: JsValue::from_str(&place_key(hash)),
                value: JsValue::from_str(ON_RELAY),
            },
        ])
        .await
    }

    /// Stores bytes fetched from the relay under their hash (refused when they do not hash to
    /// it) together with the record that the relay holds them.
    pub async fn put_blob_from_relay(&self, hash: &str, bytes: &[u8]) -> Result<(), StoreError> {
        let actual = sha_hex(bytes);
        if !actual.eq_ignore_ascii_case(hash.trim()) {
            return Err(StoreError::Corrupt(format!(
                "blob {hash} does not match its bytes (they hash to {actual})"
            )));
        }
        self.persist(vec![
            Write::Put {
                store: BLOBS,
                key: JsValue::from_str(&actual),
                value: idb::bytes(bytes),
            },
            Write::Put {
                store: META,
                key: JsValue::from_str(&place_key(&actual)),
                value: JsValue::from_str(ON_RELAY),
            },
        ])
        .await
    }

    /// Whether this device knows the relay holds `hash` (see [`Repo::blob_stored_on_relay`]).
    /// A blob that came by a bundle file or from a nearby device has no record: it may exist on
    /// no relay. A record that is not what this code writes is an error naming the blob.
    pub async fn blob_known_on_relay(&self, hash: &str) -> Result<bool, StoreError> {
        let t = idb::transaction(&self.db, &[META], false)?;
        let v = idb::get(&idb::store(&t, META)?, &JsValue::from_str(&place_key(hash))).await?;
        place_of(hash, &v)
    }
}

/// Reads a place record: absent means "not known elsewhere".
pub(super) fn place_of(hash: &str, v: &JsValue) -> Result<bool, StoreError> {
    if v.is_undefined() || v.is_null() {
        return Ok(false);
    }
    match v.as_string().as_deref() {
        Some(ON_RELAY) => Ok(true),
        _ => Err(StoreError::Corrupt(format!(
            "the record of where blob {hash} is kept is damaged ({v:?})"
        ))),
    }
}

/// `meta` records of where a blob is known to exist besides this device, one per blob.
pub(super) const PLACE_PREFIX: &str = "blob-where:";
const ON_RELAY: &str = "relay";

pub(super) fn place_key(hash: &str) -> String {
    format!("{PLACE_PREFIX}{}", hash.trim().to_ascii_lowercase())
}

const UPLOAD_PREFIX: &str = "blob-upload:";

/// The value of an upload mark for an office-only blob (a plain one holds `true`).
const OFFICE_MARK: &str = "office";

fn upload_key(hash: &str) -> String {
    format!("{UPLOAD_PREFIX}{}", hash.trim().to_ascii_lowercase())
}

/// The upload mark that asks the relay to keep `hash` from scoped tokens: set for a blob made
/// here as office-only, and for one an older build kept with the order, which the uploader
/// fetches first when its bytes are not here (`sync::blobs`).
pub(super) fn office_upload(hash: &str) -> Write {
    Write::Put {
        store: META,
        key: JsValue::from_str(&upload_key(hash)),
        value: JsValue::from_str(OFFICE_MARK),
    }
}
