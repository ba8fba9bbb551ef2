//! Photos and files between this device and the relay's blob store (`/blobs/<sha256>`): blobs
//! made here are uploaded once a relay is configured and reachable, and a blob that a document
//! names but this device lacks is fetched when it is shown. Blobs travel outside the
//! automerge-repo protocol because they are large and immutable; documents only carry hashes.
//! Bytes are checked against their hash in both directions, so a mangled transfer is caught.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::relay_http::{http, relay_url, Reply};
use super::settings::SyncSettings;
use crate::storage::{Repo, StoreError};

/// Seconds before a failed upload round is tried again (also retried when the browser comes
/// online or the sync connection opens).
const RETRY_MS: i32 = 30_000;

/// The HTTP address of a blob on the relay whose sync WebSocket is `relay`
/// (`ws://host/base/sync` → `http://host/base/blobs/<hash>`), or `None` when `relay` is not a
/// WebSocket address.
pub(crate) fn blob_url(relay: &str, hash: &str) -> Option<String> {
    relay_url(relay, &format!("blobs/{hash}"))
}

/// Why a blob could not be brought to this device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FetchError {
    /// No relay is configured: only the device that took the photo has it.
    NoRelay,
    /// The relay could not be reached (offline, or it is down).
    Unreachable,
    /// The relay does not have it (the device that took it has not uploaded it yet).
    NotOnRelay,
    /// The relay refused the token.
    Refused,
    /// What arrived does not hash to the name it was asked for, or could not be stored.
    Damaged(String),
}

/// Brings the blob named `hash` from the relay, checks it and keeps it on the device.
pub(crate) async fn fetch(repo: &Repo, hash: &str) -> Result<Vec<u8>, FetchError> {
    let settings = SyncSettings::load().ok_or(FetchError::NoRelay)?;
    // Relays serving one database share one blob folder: the first that answers will do.
    let mut last = FetchError::NoRelay;
    for n in 0..settings.relays().len() {
        match fetch_from(repo, &settings.pick(n), hash).await {
            Err(e @ FetchError::Unreachable) => last = e,
            done => return done,
        }
    }
    Err(last)
}

async fn fetch_from(
    repo: &Repo,
    settings: &SyncSettings,
    hash: &str,
) -> Result<Vec<u8>, FetchError> {
    let url = blob_url(&settings.relay, hash).ok_or(FetchError::NoRelay)?;
    let reply = http("GET", &url, &settings.token, None)
        .await
        .map_err(|_| FetchError::Unreachable)?;
    match reply.status {
        200 => {}
        404 => return Err(FetchError::NotOnRelay),
        401 | 403 => return Err(FetchError::Refused),
        s if s >= 500 => return Err(FetchError::Unreachable),
        s => return Err(FetchError::Damaged(format!("the relay answered {s}"))),
    }
    let bytes = reply.body.unwrap_or_default();
    // `put_blob_from_relay` refuses bytes that do not hash to `hash`: a bad copy is never kept;
    // a good one is recorded as held by the relay, so it may be dropped again later.
    repo.put_blob_from_relay(hash, &bytes)
        .await
        .map_err(|e| FetchError::Damaged(e.to_string()))?;
    Ok(bytes)
}

/// Whether a relay of the settings holds `hash` now (a `HEAD` request): asked before a local
/// copy is dropped, so a blob is never dropped on an old record alone. `false` when no relay is
/// configured or none answers yes.
pub(crate) async fn relay_holds(hash: &str) -> bool {
    let Some(settings) = SyncSettings::load() else {
        return false;
    };
    for n in 0..settings.relays().len() {
        let s = settings.pick(n);
        let Some(url) = blob_url(&s.relay, hash) else {
            continue;
        };
        if let Ok(Reply { status: 200, .. }) = http("HEAD", &url, &s.token, None).await {
            return true;
        }
    }
    false
}

/// What happened to one blob offered to the relay.
#[derive(Debug, PartialEq, Eq)]
enum Sent {
    Stored,
    /// The relay will never take it (too large, refused name): stop trying, say so.
    Rejected(String),
    /// The relay keeps no more files for this workspace (507): the device keeps them and says
    /// so until there is room again.
    Full,
    /// Try the whole round again later (network, server trouble, token refused).
    Later(String),
}

async fn upload_one(settings: &SyncSettings, hash: &str, bytes: &[u8], office: bool) -> Sent {
    let Some(mut url) = blob_url(&settings.relay, hash) else {
        return Sent::Later("the relay address is not valid".into());
    };
    if office {
        // The relay then serves it to full tokens only (contracts and invoices carry prices).
        url.push_str("?office=1");
    }
    match http("PUT", &url, &settings.token, Some(bytes)).await {
        Ok(Reply { status, .. }) => sent(status, hash),
        Err(e) => Sent::Later(e),
    }
}

/// What the relay's answer to an upload means.
fn sent(status: u16, hash: &str) -> Sent {
    match status {
        200 | 201 => Sent::Stored,
        413 => Sent::Rejected(format!("photo {hash} is larger than the relay accepts")),
        400 => Sent::Rejected(format!("the relay refused photo {hash} as malformed")),
        507 => Sent::Full,
        401 | 403 => Sent::Later("the relay refused the token".into()),
        status => Sent::Later(format!("the relay answered {status}")),
    }
}

struct State {
    repo: Repo,
    running: bool,
    again: bool,
    retry_armed: bool,
    /// Which of the settings' relays takes uploads; the next after a round that could not send.
    relay: usize,
    on_waiting: Rc<dyn Fn(usize)>,
    on_full: Rc<dyn Fn(bool)>,
}

/// Uploads the blobs made on this device, one at a time, whenever it is kicked.
#[derive(Clone)]
pub(crate) struct BlobUploader {
    state: Rc<RefCell<State>>,
}

impl BlobUploader {
    /// `on_waiting` hears how many blobs still wait for the relay after every change, and
    /// `on_full` whether the relay last refused one for want of room.
    pub fn start(
        repo: Repo,
        on_waiting: impl Fn(usize) + 'static,
        on_full: impl Fn(bool) + 'static,
    ) -> BlobUploader {
        let uploader = BlobUploader {
            state: Rc::new(RefCell::new(State {
                repo: repo.clone(),
                running: false,
                again: false,
                retry_armed: false,
                relay: 0,
                on_waiting: Rc::new(on_waiting),
                on_full: Rc::new(on_full),
            })),
        };
        let kicker = uploader.clone();
        repo.on_blob(move || kicker.kick());
        let kicker = uploader.clone();
        let on_online = Closure::<dyn Fn()>::new(move || kicker.kick());
        if let Some(w) = web_sys::window() {
            let _ =
                w.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        }
        // The listener lives as long as the page.
        on_online.forget();
        uploader.kick();
        uploader
    }

    /// Starts an upload round, or asks the running one to go again when it ends.
    pub fn kick(&self) {
        {
            let mut s = self.state.borrow_mut();
            if s.running {
                s.again = true;
                return;
            }
            s.running = true;
        }
        let this = self.clone();
        // The upload loop: runs in the background until nothing is left to send.
        leptos::task::spawn_local(async move {
            loop {
                this.state.borrow_mut().again = false;
                let retry = this.round().await;
                if retry {
                    this.arm_retry();
                }
                let mut s = this.state.borrow_mut();
                if !s.again {
                    s.running = false;
                    break;
                }
            }
        });
    }

    fn arm_retry(&self) {
        if std::mem::replace(&mut self.state.borrow_mut().retry_armed, true) {
            return;
        }
        let this = self.clone();
        let cb = Closure::once_into_js(move || {
            this.state.borrow_mut().retry_armed = false;
            this.kick();
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                cb.unchecked_ref(),
                RETRY_MS,
            );
        }
    }

    fn tell(&self, waiting: usize) {
        let hook = self.state.borrow().on_waiting.clone();
        hook(waiting);
    }

    fn tell_full(&self, full: bool) {
        let hook = self.state.borrow().on_full.clone();
        hook(full);
    }

    /// One pass over the waiting blobs; `true` when it should be retried later.
    async fn round(&self) -> bool {
        let repo = self.state.borrow().repo.clone();
        let mut waiting = match repo.blobs_to_upload().await {
            Ok(w) => w,
            Err(e) => {
                crate::platform::warn(&format!("cannot list photos to upload: {e}"));
                return true;
            }
        };
        self.tell(waiting.len());
        let Some(settings) = SyncSettings::load() else {
            return false;
        };
        let settings = settings.pick(self.state.borrow().relay);
        let online = web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(false);
        if waiting.is_empty() || !online {
            return false;
        }
        // An office file to mark that the relay does not hold yet: asked again later.
        let mut later = false;
        while let Some(hash) = waiting.first().cloned() {
            let read = repo.get_blob(&hash).await;
            // Asked only when the copy here is missing or damaged: the mark decides whether
            // the relay's copy is fetched to be marked, or there is nothing to send.
            let office = match &read {
                Ok(None) | Err(StoreError::Corrupt(_)) => {
                    repo.upload_is_office(&hash).await.unwrap_or(false)
                }
                _ => false,
            };
            let bytes = match local_copy(read, office) {
                Local::Send(b) => b,
                // An office-only file an old build kept with the order, which this device never
                // fetched or holds damaged: the relay is asked to keep it from factories, which
                // takes its bytes.
                Local::Fetch => match fetch(&repo, &hash).await {
                    Ok(b) => b,
                    Err(FetchError::Unreachable) => return true,
                    // Not on the relay yet (the device that took it may upload it later,
                    // unmarked), or no relay: the mark stays and is tried again; it is not
                    // this device's upload, so it is not counted as one waiting.
                    Err(FetchError::NotOnRelay | FetchError::NoRelay) => {
                        waiting.remove(0);
                        self.tell(waiting.len());
                        later = true;
                        continue;
                    }
                    Err(e) => {
                        // Refused, or bytes that do not match their name: nothing to send.
                        crate::platform::warn(&format!("office file {hash} not marked: {e:?}"));
                        let _ = repo.blob_uploaded(&hash).await;
                        waiting.remove(0);
                        self.tell(waiting.len());
                        continue;
                    }
                },
                Local::Nothing => {
                    // Nothing sound to send: the mark would otherwise wait forever.
                    crate::platform::warn(&format!(
                        "photo {hash} is missing or damaged on this device"
                    ));
                    let _ = repo.blob_uploaded(&hash).await;
                    waiting.remove(0);
                    self.tell(waiting.len());
                    continue;
                }
                Local::Unread(e) => {
                    crate::platform::warn(&format!("cannot read photo {hash}: {e}"));
                    return true;
                }
            };
            // Unsure whether it is office-only: wait rather than send it unmarked.
            let office = match repo.upload_is_office(&hash).await {
                Ok(office) => office,
                Err(e) => {
                    crate::platform::warn(&format!("cannot read the upload mark of {hash}: {e}"));
                    return true;
                }
            };
            let recorded = match upload_one(&settings, &hash, &bytes, office).await {
                // Recorded as held by the relay: the storage screen may drop it locally later.
                Sent::Stored => {
                    self.tell_full(false);
                    repo.blob_stored_on_relay(&hash).await
                }
                Sent::Full => {
                    crate::platform::info("photo upload postponed: the relay has no room left");
                    self.tell_full(true);
                    return true;
                }
                Sent::Rejected(why) => {
                    crate::platform::warn(&why);
                    repo.blob_uploaded(&hash).await
                }
                Sent::Later(why) => {
                    crate::platform::info(&format!("photo upload postponed: {why}"));
                    let mut st = self.state.borrow_mut();
                    st.relay = st.relay.wrapping_add(1);
                    return true;
                }
            };
            if let Err(e) = recorded {
                crate::platform::warn(&format!("cannot record the upload: {e}"));
                return true;
            }
            waiting.remove(0);
            self.tell(waiting.len());
        }
        later
    }
}

/// What the uploader does with a waiting blob, from its copy here.
#[derive(Debug, PartialEq)]
enum Local {
    Send(Vec<u8>),
    /// An office-marked blob missing or damaged here: the relay's copy is fetched, so that the
    /// relay is asked to keep it from factories.
    Fetch,
    /// Missing or damaged, and not office-only: nothing sound to send.
    Nothing,
    /// Storage did not answer: tried again later.
    Unread(StoreError),
}

fn local_copy(read: Result<Option<Vec<u8>>, StoreError>, office: bool) -> Local {
    match read {
        Ok(Some(b)) => Local::Send(b),
        Ok(None) | Err(StoreError::Corrupt(_)) if office => Local::Fetch,
        Ok(None) | Err(StoreError::Corrupt(_)) => Local::Nothing,
        Err(e) => Local::Unread(e),
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::{blob_url, local_copy, sent, Local, Sent};
    use crate::storage::StoreError;

    /// A damaged copy of an office-only file is fetched from the relay like a missing one, so
    /// its mark is still asked for; before, the mark was dropped and the relay kept serving it
    /// to factories.
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn an_office_file_missing_or_damaged_here_is_fetched_to_be_marked() {
        let damaged = || Err(StoreError::Corrupt("hash mismatch".into()));
        assert_eq!(local_copy(damaged(), true), Local::Fetch);
        assert_eq!(local_copy(Ok(None), true), Local::Fetch);
        assert_eq!(local_copy(damaged(), false), Local::Nothing);
        assert_eq!(local_copy(Ok(None), false), Local::Nothing);
        assert_eq!(local_copy(Ok(Some(vec![1])), true), Local::Send(vec![1]));
        assert!(matches!(
            local_copy(Err(StoreError::Quota), true),
            Local::Unread(_)
        ));
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_relay_without_room_keeps_the_photo_waiting_and_says_so() {
        assert_eq!(sent(507, "ab"), Sent::Full);
        assert_eq!(sent(201, "ab"), Sent::Stored);
        assert_eq!(sent(200, "ab"), Sent::Stored);
        assert!(matches!(sent(413, "ab"), Sent::Rejected(_)));
        assert!(matches!(sent(403, "ab"), Sent::Later(_)));
        assert!(matches!(sent(503, "ab"), Sent::Later(_)));
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_file_an_order_may_keep_travels_by_every_path() {
        let largest = gendan_domain::attachments::MAX_FILE_BYTES;
        assert!(gendan_sync::bundle::MAX_BLOB_BYTES as u64 >= largest);
        assert!(u64::from(super::super::blob_swap::MAX_BLOB_BYTES) >= largest);
    }

    const H: &str = "ab";

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn the_blob_address_sits_next_to_the_sync_socket() {
        assert_eq!(
            blob_url("ws://127.0.0.1:8080/sync", H).as_deref(),
            Some("http://127.0.0.1:8080/blobs/ab")
        );
        assert_eq!(
            blob_url("wss://relay.example.com/sync?x=1", H).as_deref(),
            Some("https://relay.example.com/blobs/ab")
        );
        assert_eq!(
            blob_url("WSS://relay.example.com/gendan/sync/", H).as_deref(),
            Some("https://relay.example.com/gendan/blobs/ab")
        );
        assert_eq!(
            blob_url("ws://host:1", H).as_deref(),
            Some("http://host:1/blobs/ab")
        );
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn addresses_that_are_not_websockets_have_no_blob_address() {
        assert_eq!(blob_url("http://host/sync", H), None);
        assert_eq!(blob_url("relay.example.com", H), None);
        assert_eq!(blob_url("ws:///sync", H), None);
        assert_eq!(blob_url("", H), None);
    }
}
