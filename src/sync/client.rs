//! The sync client: owns the WebSocket and the protocol state for this page.
//!
//! Frames are handled one at a time, in order, by a single task, through the shared
//! [`Session`] (decode → make sure the document is in memory → let the protocol apply it →
//! write what changed to IndexedDB → only then send the answers). Local commits arrive through
//! `Repo::on_write` once they are on disk and are pushed at once.

use gendan_domain::sorting::CollectMap;
use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::mpsc;
use futures::StreamExt;
use gendan_sync::{Connection, DocumentId, PeerId, PeerMetadata, SharedHeads};
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{BinaryType, MessageEvent, WebSocket};

use super::session::{Scope, Session};
use super::settings::SyncSettings;
use super::throttle::{report_as, Throttle};
use crate::storage::sync_states::{relay_key, Kept};
use crate::storage::Repo;

/// What the sync indicator shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SyncStatus {
    /// No relay configured on this device.
    Off,
    /// The browser is offline; changes wait on the device.
    Offline,
    Connecting,
    /// Connected; `unconfirmed` documents have changes the relay has not confirmed yet.
    Syncing {
        unconfirmed: usize,
    },
    /// Everything here is on the relay (time of the last confirmation, ms since the epoch).
    Synced {
        at_ms: f64,
    },
    /// The relay closed the connection; retrying. The text says why if it is known.
    Retrying {
        reason: String,
    },
    /// The relay has no room left for this workspace's documents (`gendan_sync::NO_ROOM`):
    /// changes stay on this device; retrying now and then.
    NoRoom,
    /// The relay does not accept this device's token (its link was stopped, the token revoked
    /// or mistyped): changes stay on this device; retrying now and then, since a token can come
    /// back (an administrator's file restored) and new settings reconnect at once.
    Refused,
}

/// After the relay said it has no room: the next try waits this long, since whoever runs it
/// must make room first and every try costs the relay the change it refuses. Coming back
/// online tries at once.
const NO_ROOM_RETRY_MS: u64 = 60_000;

enum Input {
    Frame(Vec<u8>),
    LocalWrite(Vec<String>),
    Opened,
    Closed,
}

struct State {
    repo: Repo,
    settings: Option<SyncSettings>,
    socket: Option<WebSocket>,
    session: Option<Session>,
    attempt: u32,
    /// The relay said it does not know the token (`GET /scope` answered 401) since the last
    /// connection that opened: the status says so while the client keeps trying.
    refused: bool,
    /// Counts closes, only ever up: an answer about the token belongs to the close it followed.
    closes: u64,
    /// Which of the settings' relays to open next ([`SyncSettings::pick`]); moves on whenever a
    /// connection fails or ends, so a relay that went away is left for the next.
    relay_index: usize,
    inbox: mpsc::UnboundedSender<Input>,
    on_status: Rc<dyn Fn(SyncStatus)>,
    on_changed: Rc<dyn Fn(Vec<String>)>,
    /// Hears ephemeral data other devices sent about the workspace document (signals).
    on_signal: Option<Rc<dyn Fn(Vec<u8>)>>,
    peer: PeerId,
    /// Keeps the socket's callbacks alive as long as the socket.
    callbacks: Vec<Closure<dyn FnMut(JsValue)>>,
    /// This session's resume from what was kept for the relay (`gendan_sync::resume`).
    resume: Option<Resume>,
    /// Progress reports, at most every [`REPORT_EVERY_MS`].
    reports: Throttle,
}

/// What a session resumed from, and what it keeps for the next one.
struct Resume {
    /// The relay's key in the `sync_states` store.
    key: String,
    kept: Kept,
    /// The documents' chunk fingerprints when the session opened.
    prints: std::collections::HashMap<DocumentId, u64>,
    /// Whether `join` offered the kept map (else the session syncs everything at once).
    offered: bool,
    /// Where the map kept at the end starts: the kept one if the relay accepted it, else
    /// nothing. Decided on `peer`.
    base: Option<SharedHeads>,
    /// Documents started confirmed without being loaded: their kept heads and prints.
    unloaded: std::collections::HashMap<DocumentId, (Vec<gendan_sync::automerge::ChangeHash>, u64)>,
    /// The digest of the map last written, so an unchanged map is not written again.
    saved: String,
    /// A write is under way; it writes again if the map moved meanwhile.
    keeping: bool,
}

/// Shortest time between two progress reports.
const REPORT_EVERY_MS: f64 = 100.0;

/// Handle to the page's sync client. Cheap to clone.
#[derive(Clone)]
pub(crate) struct SyncClient {
    state: Rc<RefCell<State>>,
}

fn online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(false)
}

impl SyncClient {
    /// Starts the client: connects when settings exist and the browser is online.
    pub fn start(
        repo: Repo,
        on_status: impl Fn(SyncStatus) + 'static,
        on_changed: impl Fn(Vec<String>) + 'static,
    ) -> SyncClient {
        let (tx, mut rx) = mpsc::unbounded::<Input>();
        let peer = crate::platform::random_bytes::<8>();
        let client = SyncClient {
            state: Rc::new(RefCell::new(State {
                repo: repo.clone(),
                settings: SyncSettings::load(),
                socket: None,
                session: None,
                attempt: 0,
                refused: false,
                closes: 0,
                relay_index: 0,
                inbox: tx.clone(),
                on_status: Rc::new(on_status),
                on_changed: Rc::new(on_changed),
                on_signal: None,
                peer: PeerId::new(format!("gendan-{}", hex::encode(peer))),
                callbacks: Vec::new(),
                resume: None,
                reports: Throttle::new(REPORT_EVERY_MS),
            })),
        };
        let inbox = tx.clone();
        let _ = repo.on_write(move |ids| {
            let _ = inbox.unbounded_send(Input::LocalWrite(ids));
        });
        let worker = client.clone();
        // The client's inbox loop: lives as long as the app, not tied to any screen.
        spawn_local(async move {
            while let Some(input) = rx.next().await {
                worker.handle(input).await;
                worker.report_soon();
            }
        });
        for (event, up) in [("online", true), ("offline", false)] {
            let c = client.clone();
            let cb =
                Closure::<dyn FnMut(JsValue)>::new(
                    move |_| if up { c.connect() } else { c.disconnect() },
                );
            if let Some(w) = web_sys::window() {
                let _ = w.add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
            }
            cb.forget();
        }
        client.connect();
        client
    }

    /// Sets who hears signals other devices of the workspace send through the relay.
    pub fn on_signal(&self, hook: impl Fn(Vec<u8>) + 'static) {
        self.state.borrow_mut().on_signal = Some(Rc::new(hook));
    }

    /// Sends a signal to the other devices of the workspace through the relay; `false` when
    /// not connected.
    pub fn send_signal(&self, data: Vec<u8>) -> bool {
        let Some(session) = self.session() else {
            return false;
        };
        let workspace = self.state.borrow().repo.workspace_id();
        let queued = session.send_ephemeral(&workspace, data);
        self.send_outgoing();
        queued
    }

    fn status(&self, s: SyncStatus) {
        let cb = self.state.borrow().on_status.clone();
        cb(s);
    }

    /// Applies new settings (or none, to leave) and reconnects.
    pub fn configure(&self, settings: Option<SyncSettings>) {
        match &settings {
            Some(s) => s.save(),
            None => SyncSettings::clear(),
        }
        self.disconnect();
        self.state.borrow_mut().settings = settings;
        self.state.borrow_mut().attempt = 0;
        self.state.borrow_mut().refused = false;
        self.connect();
    }

    pub fn settings(&self) -> Option<SyncSettings> {
        self.state.borrow().settings.clone()
    }

    /// Opens the socket if configured, online and not already open.
    pub fn connect(&self) {
        let Some(settings) = self.state.borrow().settings.clone() else {
            self.status(SyncStatus::Off);
            return;
        };
        if !online() {
            self.status(SyncStatus::Offline);
            return;
        }
        if self.state.borrow().socket.is_some() {
            return;
        }
        // A refused token stays said while the client tries again.
        let refused = self.state.borrow().refused;
        self.status(if refused {
            SyncStatus::Refused
        } else {
            SyncStatus::Connecting
        });
        let settings = settings.pick(self.state.borrow().relay_index);
        let Ok(socket) = WebSocket::new(&settings.socket_url()) else {
            self.status(SyncStatus::Retrying {
                reason: "the relay address is not valid".into(),
            });
            return;
        };
        socket.set_binary_type(BinaryType::Arraybuffer);
        let inbox = self.state.borrow().inbox.clone();
        let (i1, i2, i3) = (inbox.clone(), inbox.clone(), inbox);
        let on_open = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            let _ = i1.unbounded_send(Input::Opened);
        });
        let on_message = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let Some(ev) = ev.dyn_ref::<MessageEvent>() else {
                return;
            };
            if let Some(buf) = ev.data().dyn_ref::<js_sys::ArrayBuffer>() {
                let _ = i2.unbounded_send(Input::Frame(js_sys::Uint8Array::new(buf).to_vec()));
            }
        });
        let on_close = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            let _ = i3.unbounded_send(Input::Closed);
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
        let mut st = self.state.borrow_mut();
        st.callbacks = vec![on_open, on_message, on_close];
        st.socket = Some(socket);
    }

    /// Closes the socket (going offline, leaving, new settings).
    pub fn disconnect(&self) {
        self.close_socket();
        let off = self.state.borrow().settings.is_none();
        self.status(if off {
            SyncStatus::Off
        } else if online() {
            SyncStatus::Connecting
        } else {
            SyncStatus::Offline
        });
    }

    async fn handle(&self, input: Input) {
        match input {
            Input::Opened => self.opened().await,
            Input::Frame(bytes) => self.frame(bytes).await,
            Input::LocalWrite(ids) => self.push(ids).await,
            Input::Closed => self.closed(),
        }
        self.send_outgoing();
    }

    fn session(&self) -> Option<Session> {
        self.state.borrow().session.clone()
    }

    async fn opened(&self) {
        let (repo, peer) = {
            let st = self.state.borrow();
            (st.repo.clone(), st.peer.clone())
        };
        let active = {
            let st = self.state.borrow();
            st.settings.as_ref().map(|s| s.pick(st.relay_index))
        };
        // What was kept for this relay: offered at `join`; the relay answers whether it kept
        // the same (see `gendan_sync::resume`).
        let key = active.as_ref().map(|s| relay_key(&s.socket_url()));
        let (mut kept, mut prints) = match &key {
            Some(key) => (
                repo.kept_sync(key).await,
                repo.chunk_prints().await.unwrap_or_default(),
            ),
            None => Default::default(),
        };
        // Nothing kept for this relay: everything comes in one catch-up first, and the map
        // both sides recorded for it is offered at `join` (the socket waits meanwhile). Not for
        // a scoped token: its few documents are not listed by this device's workspace, so the
        // import would leave them to the sync, which brings them anyway.
        let scoped = active.as_ref().is_some_and(|s| !s.docs.is_empty());
        if let (true, false, Some(key), Some(settings)) =
            (kept.heads.is_empty(), scoped, &key, &active)
        {
            let (fresh, changed) = super::catch_up::fetch_everything(&repo, settings, key).await;
            if !changed.is_empty() {
                let on_changed = self.state.borrow().on_changed.clone();
                on_changed(changed);
            }
            if let Some(fresh) = fresh {
                prints = fresh
                    .prints
                    .iter()
                    .map(|(id, print)| (*id, *print))
                    .collect();
                kept = fresh;
            }
        }
        let offered = !kept.heads.is_empty();
        let metadata = PeerMetadata {
            storage_id: Some(crate::prefs::device_id()),
            is_ephemeral: Some(false),
            resume: offered.then(|| kept.heads.digest()),
            orders: None,
            shared: None,
            // Proofs are for nearby devices: a relay holds every document anyway.
            link_proof: None,
            team_proof: None,
        };
        // A scoped token reaches only its documents: sync those, keep the rest on the device.
        let only = self
            .state
            .borrow()
            .settings
            .as_ref()
            .map(|s| s.docs.clone())
            .unwrap_or_default();
        let session = Session::new(
            repo,
            Connection::initiator(peer, metadata, crate::platform::now_ms() as u64),
            Scope::Relay { only },
        );
        if let Some(settings) = active {
            session.catch_up_through(settings);
        }
        self.state.borrow_mut().resume = key.map(|key| Resume {
            key,
            saved: kept.heads.digest(),
            kept,
            prints,
            offered,
            base: None,
            unloaded: Default::default(),
            keeping: false,
        });
        self.state.borrow_mut().session = Some(session.clone());
        self.state.borrow_mut().attempt = 0;
        self.state.borrow_mut().refused = false;
        if !offered {
            session.sync_docs(session.initial_ids()).await;
        }
    }

    /// The relay answered `peer`: with the kept map accepted, documents whose stored chunks
    /// are those recorded start confirmed, unloaded and unsent; everything else syncs as
    /// usual. Not accepted (or never offered), everything syncs.
    async fn resume(&self, session: &Session, remote: &PeerMetadata) {
        let accepted = gendan_sync::resume::accepted(remote);
        let mut confirmed = Vec::new();
        let mut unloaded = std::collections::HashMap::new();
        let offered = {
            let mut st = self.state.borrow_mut();
            let Some(r) = st.resume.as_mut() else {
                return;
            };
            if r.offered && accepted {
                for (doc, heads) in r.kept.heads.iter() {
                    let print = r.kept.prints.get(doc);
                    if print.is_some() && print == r.prints.get(doc) {
                        confirmed.push((doc.to_string(), heads.to_vec()));
                        unloaded.insert(*doc, (heads.to_vec(), *print.unwrap_or(&0)));
                    }
                }
                r.base = Some(r.kept.heads.clone());
            } else {
                r.base = Some(SharedHeads::new());
            }
            r.unloaded = unloaded;
            r.offered
        };
        if !offered {
            return;
        }
        session.resume_confirmed(&confirmed);
        let skip: std::collections::HashSet<String> =
            confirmed.into_iter().map(|(id, _)| id).collect();
        let rest = session
            .initial_ids()
            .into_iter()
            .filter(|id| !skip.contains(id))
            .collect();
        session.sync_docs(rest).await;
    }

    /// Once everything is confirmed, keeps what this session knows for the next one (only
    /// when it changed): the map the relay keeps too, and the chunk fingerprints.
    async fn keep(&self, session: &Session) {
        match self.state.borrow_mut().resume.as_mut() {
            Some(r) if !r.keeping => r.keeping = true,
            _ => return,
        }
        while self.keep_once(session).await {}
        if let Some(r) = self.state.borrow_mut().resume.as_mut() {
            r.keeping = false;
        }
    }

    /// Writes the map if it changed since the last write; `true` when it wrote.
    async fn keep_once(&self, session: &Session) -> bool {
        let (repo, key, mut map, unloaded, saved) = {
            let st = self.state.borrow();
            let Some(r) = st.resume.as_ref() else {
                return false;
            };
            let Some(base) = r.base.clone() else {
                return false;
            };
            (
                st.repo.clone(),
                r.key.clone(),
                base,
                r.unloaded.clone(),
                r.saved.clone(),
            )
        };
        session.record_synced(&mut map, |doc| unloaded.get(doc).map(|(h, _)| h.clone()));
        let digest = map.digest();
        if digest == saved {
            return false;
        }
        let Ok(now) = repo.chunk_prints().await else {
            return false;
        };
        let prints = map
            .iter()
            .filter_map(|(doc, _)| {
                // A document never loaded keeps the fingerprint its heads were checked with.
                let print = match (repo.heads(&doc.to_string()), unloaded.get(doc)) {
                    (None, Some((_, print))) => *print,
                    _ => *now.get(doc)?,
                };
                Some((*doc, print))
            })
            .collect_map();
        let kept = Kept { heads: map, prints };
        match repo.keep_sync(&key, &kept).await {
            Ok(()) => {
                if let Some(r) = self.state.borrow_mut().resume.as_mut() {
                    r.saved = digest;
                }
                true
            }
            Err(e) => {
                crate::platform::warn(&format!("cannot keep the sync state: {e}"));
                false
            }
        }
    }

    async fn push(&self, ids: Vec<String>) {
        if let Some(session) = self.session().filter(|s| s.is_ready()) {
            session.sync_docs(ids).await;
        }
    }

    async fn frame(&self, bytes: Vec<u8>) {
        let Some(session) = self.session() else {
            return;
        };
        let outcome = session.receive(&bytes).await;
        if let Some(remote) = &outcome.ready {
            self.resume(&session, remote).await;
            self.refresh_link_book();
        }
        let workspace = self.state.borrow().repo.workspace_id();
        let hook = self.state.borrow().on_signal.clone();
        if let Some(hook) = hook {
            for (doc, data) in &outcome.ephemeral {
                if *doc == workspace {
                    hook(data.clone());
                }
            }
        }
        if !outcome.changed.is_empty() {
            let cb = self.state.borrow().on_changed.clone();
            cb(outcome.changed);
        }
        if let Some(reason) = outcome.closed {
            crate::platform::warn(&format!("relay connection closed: {reason}"));
            // An `error` or `leave` may be queued for the relay: send it before closing.
            self.send_outgoing();
            self.drop_socket(reason);
        }
    }

    /// With the team's token, reads the team's links again (which a factory's phone nearby
    /// proves it holds, `link_proof`): in the background, once per connection.
    fn refresh_link_book(&self) {
        let (repo, settings) = {
            let st = self.state.borrow();
            (
                st.repo.clone(),
                st.settings.as_ref().map(|s| s.pick(st.relay_index)),
            )
        };
        let Some(settings) = settings.filter(|s| !s.is_factory()) else {
            return;
        };
        spawn_local(async move {
            super::link_proof::refresh(&repo, &settings.relay, &settings.token).await;
        });
    }

    fn drop_socket(&self, reason: String) {
        self.close_socket();
        self.retry(reason);
    }

    /// Ends the session and closes the socket, deaf to its last events: a close event must
    /// not start a second retry (and hide why it closed), nor a late frame reach no session.
    fn close_socket(&self) {
        let socket = {
            let mut st = self.state.borrow_mut();
            st.session = None;
            st.socket.take()
        };
        if let Some(s) = socket {
            s.set_onclose(None);
            s.set_onmessage(None);
            let _ = s.close();
        }
    }

    /// The socket closed (or never opened: a browser says no more of a refused upgrade). The
    /// reconnect is scheduled at once, as ever; meanwhile the relay is asked whether it knows
    /// the token, so a device whose link was stopped is told so rather than "cannot reach the
    /// relay" for ever.
    fn closed(&self) {
        let (tried, close) = {
            let mut st = self.state.borrow_mut();
            st.session = None;
            st.socket = None;
            st.closes += 1;
            (
                st.settings.as_ref().map(|s| s.pick(st.relay_index)),
                st.closes,
            )
        };
        self.retry(String::new());
        let Some(tried) = tried.filter(|_| online()) else {
            return;
        };
        // Answers to earlier closes, or ones arriving after new settings or a connection that
        // opened, are moot.
        let me = self.clone();
        spawn_local(async move {
            let refused = token_refused(&tried).await;
            let current = {
                let st = me.state.borrow();
                st.closes == close
                    && st.session.is_none()
                    && online()
                    && st.settings.as_ref().is_some_and(|s| s.token == tried.token)
            };
            if current && refused != me.state.borrow().refused {
                me.state.borrow_mut().refused = refused;
                me.status(if refused {
                    SyncStatus::Refused
                } else {
                    SyncStatus::Retrying {
                        reason: String::new(),
                    }
                });
            }
        });
    }

    /// Reconnects after 1, 2, 4 … 30 seconds while online (a minute when the relay is full).
    fn retry(&self, reason: String) {
        if !online() {
            self.status(SyncStatus::Offline);
            return;
        }
        let attempt = {
            let mut st = self.state.borrow_mut();
            st.attempt += 1;
            st.relay_index = st.relay_index.wrapping_add(1);
            st.attempt
        };
        let delay = if reason == gendan_sync::NO_ROOM {
            self.status(SyncStatus::NoRoom);
            NO_ROOM_RETRY_MS
        } else {
            let refused = self.state.borrow().refused;
            if refused {
                // Every try of a token the relay does not know costs it a refusal and a
                // question: once a minute, until new settings.
                self.status(SyncStatus::Refused);
                NO_ROOM_RETRY_MS
            } else {
                self.status(SyncStatus::Retrying { reason });
                1000u64.saturating_mul(1 << attempt.min(5)).min(30_000) / 2
            }
        };
        let me = self.clone();
        leptos::prelude::set_timeout(
            move || me.connect(),
            std::time::Duration::from_millis(delay),
        );
    }

    fn send_outgoing(&self) {
        let Some(session) = self.session() else {
            return;
        };
        let frames = session.take_outgoing();
        let st = self.state.borrow();
        if let Some(socket) = &st.socket {
            for f in frames {
                if socket.send_with_u8_array(&f).is_err() {
                    break;
                }
            }
        }
    }

    /// Reports progress now, or at the end of the interval when one went less than
    /// [`REPORT_EVERY_MS`] ago (see `throttle.rs`).
    fn report_soon(&self) {
        let asked = self
            .state
            .borrow_mut()
            .reports
            .ask(crate::platform::now_ms());
        report_as(asked, self.clone(), SyncClient::report);
    }

    /// Counts documents whose heads the relay has not confirmed.
    fn report(&self) {
        self.state
            .borrow_mut()
            .reports
            .reported(crate::platform::now_ms());
        let Some(session) = self.session().filter(|s| s.is_ready()) else {
            return;
        };
        let p = session.progress();
        if p.confirmed == p.documents {
            let me = self.clone();
            spawn_local(async move { me.keep(&session).await });
        }
        self.status(if p.confirmed == p.documents {
            SyncStatus::Synced {
                at_ms: crate::platform::now_ms(),
            }
        } else {
            SyncStatus::Syncing {
                unconfirmed: p.documents - p.confirmed,
            }
        });
    }
}

/// Whether the relay of `settings` says it does not know their token (`GET /scope` answers
/// 401). Unreachable, slower than [`REFUSED_ASK_MS`], or any other answer is not a refusal.
async fn token_refused(settings: &SyncSettings) -> bool {
    let Some(url) = super::relay_http::relay_url(&settings.relay, "scope") else {
        return false;
    };
    let ask = super::relay_http::http("GET", &url, &settings.token, None);
    matches!(
        crate::platform::within(REFUSED_ASK_MS, ask).await,
        Some(Ok(reply)) if reply.status == 401
    )
}

/// How long the relay is given to say whether it knows the token.
const REFUSED_ASK_MS: u32 = 10_000;
