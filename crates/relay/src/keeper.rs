//! Writes the sync maps kept for persistent peers (`Store::keep_sync`) on a thread of its own,
//! off the hub. Keeping one is a write and an fsync or a database round trip; on the hub, every
//! connection that ended cost every other peer that wait, so a token reconnecting in a loop
//! could hold everyone's sync behind its own disk writes.
//!
//! The latest map per peer wins: maps waiting are replaced, not queued, and a resume reads a
//! waiting map before the store, so a peer that reconnects at once still resumes. Waiting maps
//! are bounded in bytes; past that a map is not kept, which costs its peer only a full
//! exchange next time (a kept map is a hint, never trusted over the documents).

use std::collections::HashMap;
use std::io;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;

use crate::store::SharedStore;

/// Bytes of maps waiting to be written at most.
const MAX_WAITING_BYTES: usize = 64 << 20;

type Key = (String, String);

#[derive(Default)]
struct Waiting {
    maps: HashMap<Key, Vec<u8>>,
    bytes: usize,
    /// A map taken by the writer and not written yet (still the latest for its peer).
    writing: Option<(Key, Vec<u8>)>,
    stop: bool,
}

struct Shared {
    waiting: Mutex<Waiting>,
    /// The writer waits on it for work; `finish` waits on it for the writer to drain.
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Waiting> {
        self.waiting.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub(crate) struct Keeper {
    store: SharedStore,
    shared: Arc<Shared>,
    writer: Option<JoinHandle<()>>,
}

impl Keeper {
    pub fn start(store: SharedStore) -> io::Result<Keeper> {
        let shared = Arc::new(Shared {
            waiting: Mutex::new(Waiting::default()),
            changed: Condvar::new(),
        });
        let writer = {
            let (store, shared) = (Arc::clone(&store), Arc::clone(&shared));
            std::thread::Builder::new()
                .name("gendan-keeper".into())
                .spawn(move || write_all(&*store, &shared))?
        };
        Ok(Keeper {
            store,
            shared,
            writer: Some(writer),
        })
    }

    /// Keeps `bytes` as the map of `storage_id` on `token_id`, soon.
    pub fn keep(&self, token_id: &str, storage_id: &str, bytes: Vec<u8>) {
        let key = (token_id.to_owned(), storage_id.to_owned());
        let mut waiting = self.shared.lock();
        let replaced = waiting.maps.get(&key).map_or(0, Vec::len);
        if waiting.bytes - replaced + bytes.len() > MAX_WAITING_BYTES {
            tracing::warn!("too many sync maps waiting to be written; one is not kept");
            return;
        }
        waiting.bytes = waiting.bytes - replaced + bytes.len();
        waiting.maps.insert(key, bytes);
        self.shared.changed.notify_all();
    }

    /// The map kept for `storage_id` on `token_id`: one waiting to be written, else the
    /// store's.
    pub fn kept(&self, token_id: &str, storage_id: &str) -> io::Result<Option<Vec<u8>>> {
        {
            let key = (token_id.to_owned(), storage_id.to_owned());
            let waiting = self.shared.lock();
            if let Some(bytes) = waiting.maps.get(&key) {
                return Ok(Some(bytes.clone()));
            }
            if let Some((_, bytes)) = waiting.writing.as_ref().filter(|(k, _)| *k == key) {
                return Ok(Some(bytes.clone()));
            }
        }
        self.store.kept_sync(token_id, storage_id)
    }

    /// Writes every waiting map and stops the writer (the relay is shutting down).
    pub fn finish(&mut self) {
        self.shared.lock().stop = true;
        self.shared.changed.notify_all();
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

impl Drop for Keeper {
    fn drop(&mut self) {
        self.finish();
    }
}

/// The writer: takes one waiting map at a time (a later one for the same peer replaces it
/// while it waits), until stopped with nothing left.
fn write_all(store: &dyn crate::store::Store, shared: &Shared) {
    loop {
        let ((token_id, storage_id), bytes) = {
            let mut waiting = shared.lock();
            waiting.writing = None;
            loop {
                let next = waiting.maps.keys().next().cloned();
                if let Some(key) = next {
                    let bytes = waiting.maps.remove(&key).unwrap_or_default();
                    waiting.bytes -= bytes.len();
                    waiting.writing = Some((key.clone(), bytes.clone()));
                    break (key, bytes);
                }
                if waiting.stop {
                    return;
                }
                waiting = shared
                    .changed
                    .wait(waiting)
                    .unwrap_or_else(|p| p.into_inner());
            }
        };
        if let Err(err) = store.keep_sync(&token_id, &storage_id, &bytes) {
            tracing::warn!(error = %err, "cannot keep a sync map");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::FileStore;

    #[test]
    fn the_latest_map_wins_is_read_before_it_is_written_and_lands_on_finish() {
        let dir = std::env::temp_dir().join(format!("gendan-keeper-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("dir");
        let store: SharedStore = Arc::new(FileStore::new(&dir));
        let mut keeper = Keeper::start(Arc::clone(&store)).expect("start");
        keeper.keep("t1", "phone", b"first".to_vec());
        keeper.keep("t1", "phone", b"second".to_vec());
        keeper.keep("t1", "tablet", b"other".to_vec());
        assert_eq!(
            keeper.kept("t1", "phone").expect("read").as_deref(),
            Some(&b"second"[..])
        );
        assert_eq!(keeper.kept("t2", "phone").expect("read"), None);
        keeper.finish();
        assert_eq!(
            store.kept_sync("t1", "phone").expect("read").as_deref(),
            Some(&b"second"[..])
        );
        assert_eq!(
            store.kept_sync("t1", "tablet").expect("read").as_deref(),
            Some(&b"other"[..])
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn maps_past_the_waiting_bound_are_not_kept() {
        let store: SharedStore = Arc::new(FileStore::new(&std::env::temp_dir()));
        // No writer: everything kept waits.
        let keeper = Keeper {
            store,
            shared: Arc::new(Shared {
                waiting: Mutex::new(Waiting::default()),
                changed: Condvar::new(),
            }),
            writer: None,
        };
        let half = vec![0u8; MAX_WAITING_BYTES / 2];
        keeper.keep("t", "a", half.clone());
        keeper.keep("t", "b", half.clone());
        keeper.keep("t", "c", half.clone());
        assert_eq!(keeper.shared.lock().bytes, MAX_WAITING_BYTES);
        assert_eq!(keeper.kept("t", "c").expect("read"), None, "not kept");
        // A newer map of a peer already waiting replaces it, freeing what it held.
        keeper.keep("t", "b", vec![1u8; 10]);
        keeper.keep("t", "c", vec![2u8; 100]);
        assert_eq!(
            keeper.kept("t", "b").expect("read").as_deref(),
            Some(&[1u8; 10][..])
        );
        assert!(keeper.kept("t", "c").expect("read").is_some());
    }
}
