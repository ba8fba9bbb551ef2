//! Blobs (photos, files) kept on the device under the SHA-256 of their bytes, as lower-case hex.
//!
//! Documents only hold the hash; the bytes live in the `blobs` object store. A blob whose bytes do
//! not hash to the key it is offered under is refused, so a key always names exactly its bytes,
//! whoever stored it and however it arrived.

use wasm_bindgen::JsValue;

use super::idb::{self, BLOBS};
use super::repo::{sha_hex, Repo, Write};
use super::StoreError;

impl Repo {
    /// Stores bytes under their hash and returns it.
    pub async fn put_blob(&self, bytes: &[u8]) -> Result<String, StoreError> {
        let hash = sha_hex(bytes);
        self.put_blob_as(&hash, bytes).await?;
        Ok(hash)
    }

    /// Stores bytes under a given hash, refusing them when they do not hash to it.
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
