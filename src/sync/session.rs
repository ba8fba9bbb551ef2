//! One protocol connection over any transport: the part the relay client (WebSocket) and a
//! connection to a nearby device (WebRTC data channel) share, so the rule "receive a frame →
//! make sure the document is in memory → apply → persist → only then answer" exists once.
//!
//! A [`Session`] owns the `gendan-sync` [`Connection`] and which documents it exchanges; the
//! transport feeds it frames one at a time ([`Session::receive`], awaited before the next),
//! sends what [`Session::take_outgoing`] returns, and reacts to the [`Outcome`]. What may be
//! exchanged is the [`Scope`]: the relay's token decides there; with a nearby device this
//! device decides, and commercial documents go only when the user ticked them.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use gendan_sync::{Connection, DocumentId, Event, PeerMetadata, RemoteStatus};

use crate::storage::sync_docs::SyncDocs;
use crate::storage::Repo;
use gendan_domain::sorting::sort;

/// What a connection may exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The relay: everything the token reaches. `only` is set for a token scoped to some
    /// documents (an order shared with a factory): those are synced, nothing else is fetched.
    Relay { only: Vec<String> },
    /// A nearby device: the workspace and the orders; commercial documents (money) only when
    /// `money` was ticked on this device. A `factory` device (one invited to some orders only)
    /// takes nothing new, so never books, whatever the other device ticked. With a
    /// `remote_factory` (the other device said it is a factory's phone) the team's workspace is
    /// neither offered nor taken: it holds every customer's contacts, the other factories and
    /// their standing, and the team's rules, which a factory's phone could change and bring back
    /// (a deposit gate switched off, its own suspension lifted); and of the orders, only those
    /// the phone said in its handshake it holds are synced.
    Peer {
        money: bool,
        factory: bool,
        remote_factory: bool,
    },
}

impl Scope {
    /// The repository's documents as this scope lends them to one protocol step.
    fn docs<'a>(&self, repo: &'a Repo, wanted: &'a HashSet<String>) -> SyncDocs<'a> {
        match self {
            Scope::Peer {
                factory,
                remote_factory,
                ..
            } => repo.peer_docs(wanted, (*factory, *remote_factory)),
            Scope::Relay { only } if !only.is_empty() => repo.scoped_docs(wanted),
            Scope::Relay { .. } => repo.sync_docs(wanted),
        }
    }
}

/// What handling one frame produced, for the transport to act on.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// Documents the remote changed, already on disk (for the screens to refresh).
    pub changed: Vec<String>,
    /// The handshake completed: the remote's metadata.
    pub ready: Option<PeerMetadata>,
    /// The connection must end (the remote left, or sent something unreadable): why.
    pub closed: Option<String>,
    /// Ephemeral data the remote passed on, by document id: never stored.
    pub ephemeral: Vec<(String, Vec<u8>)>,
}

/// How far a connection has come, for "syncing with …" screens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Progress {
    /// Documents this side offers or received.
    pub documents: usize,
    /// Of those, documents whose heads the remote confirmed as equal to ours.
    pub confirmed: usize,
    /// Documents the remote changed here during this connection.
    pub received: usize,
}

struct State {
    repo: Repo,
    conn: Connection,
    /// The relay's address and token, for fetching many missing orders at once
    /// (`catch_up.rs`); `None` with a nearby device.
    catch_up: Option<super::settings::SyncSettings>,
    wanted: HashSet<String>,
    scope: Scope,
    received: HashSet<String>,
    /// Documents started confirmed without being loaded ([`Session::resume_confirmed`]): while
    /// they stay unloaded nothing changed them here, so they count as confirmed.
    resumed: HashSet<String>,
    /// The orders a factory's phone said in its handshake it holds (`gendanShared`) that the
    /// link it proved reaches ([`Session::vouch_with`]): with a `remote_factory`, the only
    /// documents synced (none before the handshake, or when it said or proved none); a phone
    /// cannot be given orders of other factories, or one moved away from it, by naming them.
    theirs: HashSet<String>,
    /// Which orders the link a factory's phone proves reaches (`link_proof`); `None` when it
    /// proves none this device knows. Unset, nothing is vouched for.
    vouch: Option<Vouch>,
    /// The phone named orders and proved no link this device knows.
    unvouched: bool,
    /// Names this connection's ephemeral messages; `count` orders them.
    ephemeral_session: String,
    ephemeral_count: u64,
}

/// Reads a factory's phone's handshake: the orders its proved link reaches, if any.
type Vouch = Rc<dyn Fn(&PeerMetadata) -> Option<HashSet<String>>>;

/// Handle to one connection's protocol state. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Session {
    state: Rc<RefCell<State>>,
}

impl Session {
    pub fn new(repo: Repo, conn: Connection, scope: Scope) -> Session {
        Session {
            state: Rc::new(RefCell::new(State {
                repo,
                conn,
                catch_up: None,
                wanted: HashSet::new(),
                scope,
                received: HashSet::new(),
                resumed: HashSet::new(),
                theirs: HashSet::new(),
                vouch: None,
                unvouched: false,
                ephemeral_session: format!("{:016x}", (js_sys::Math::random() * 1e16) as u64),
                ephemeral_count: 0,
            })),
        }
    }

    /// How this (office) session reads the proof a factory's phone sends: the orders of the
    /// link it proves, `None` for none known here.
    pub fn vouch_with(&self, vouch: impl Fn(&PeerMetadata) -> Option<HashSet<String>> + 'static) {
        self.state.borrow_mut().vouch = Some(Rc::new(vouch));
    }

    /// The factory's phone named orders and proved no link this device knows (stopped, made
    /// after this device last synced with the relay, or not this team's).
    pub fn factory_link_unknown(&self) -> bool {
        self.state.borrow().unvouched
    }

    /// Lets this (relay) session fetch many missing orders in one request before syncing them.
    pub fn catch_up_through(&self, settings: super::settings::SyncSettings) {
        self.state.borrow_mut().catch_up = Some(settings);
    }

    /// The documents this connection starts with: a scoped token's, else everything this
    /// device keeps in sync (relay) or shares with a nearby device.
    pub fn initial_ids(&self) -> Vec<String> {
        let st = self.state.borrow();
        match &st.scope {
            Scope::Relay { only } if !only.is_empty() => only.clone(),
            Scope::Relay { .. } => st.repo.sync_ids(),
            // What a factory's phone may be offered, or may offer, is [`Session::sync_docs`]'s
            // to decide, for these as for every later write.
            Scope::Peer { .. } => st.repo.peer_share_ids(),
        }
    }

    /// The documents this connection exchanges: offered here or accepted from the remote,
    /// inside the scope. What they reference is what may travel with them (`blob_swap.rs`).
    pub fn shared_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.state.borrow().wanted.iter().cloned().collect();
        sort(&mut ids);
        ids
    }

    pub fn is_ready(&self) -> bool {
        self.state.borrow().conn.is_ready()
    }

    /// Frames to send, in order.
    pub fn take_outgoing(&self) -> Vec<Vec<u8>> {
        self.state.borrow_mut().conn.take_outgoing_bytes()
    }

    /// Queues ephemeral data about a document (the relay passes it to the other devices syncing
    /// that document; nothing stores it). `false` before the handshake or for a bad id.
    pub fn send_ephemeral(&self, doc: &str, data: Vec<u8>) -> bool {
        let Ok(id) = doc.parse::<DocumentId>() else {
            return false;
        };
        let mut st = self.state.borrow_mut();
        if !st.conn.is_ready() {
            return false;
        }
        st.ephemeral_count += 1;
        let (sender, session, count) = (
            st.conn.local_peer().clone(),
            st.ephemeral_session.clone(),
            st.ephemeral_count,
        );
        st.conn.send_ephemeral(&id, sender, session, count, data);
        true
    }

    /// Says goodbye (`leave` is queued: send it, then close the transport).
    pub fn leave(&self) {
        self.state.borrow_mut().conn.leave();
    }

    /// Makes sure each document is in memory, then lets the protocol bring the remote up to
    /// date (or ask for it, when this device does not have it yet). With a nearby device, a
    /// held document outside the scope is skipped here, so neither a local edit nor a link
    /// read from a received order ever puts it on the wire.
    pub async fn sync_docs(&self, ids: Vec<String>) {
        let (repo, scope) = {
            let st = self.state.borrow();
            (st.repo.clone(), st.scope.clone())
        };
        let mut queue = std::collections::VecDeque::from(ids);
        while let Some(id) = queue.pop_front() {
            let Ok(doc_id) = id.parse::<DocumentId>() else {
                continue;
            };
            let held = repo.ensure_loaded(&id).await;
            if let Scope::Peer {
                money,
                factory,
                remote_factory,
            } = scope
            {
                // A factory's phone's own workspace is nothing an office takes (an older
                // office build would).
                if factory && id == repo.workspace_id() {
                    continue;
                }
                // With a factory's phone: only orders held here, listed, and named by it.
                if remote_factory
                    && (!held
                        || id == repo.workspace_id()
                        || !repo.is_listed(&id)
                        || !self.state.borrow().theirs.contains(&id))
                {
                    continue;
                }
                let money = money && !factory;
                let listed = repo.is_listed(&id);
                let known = self.state.borrow().wanted.contains(&id);
                if held && !listed && !money && !known {
                    continue;
                }
                if money && listed && !known {
                    // The order's money goes with it, because the user said so.
                    queue.extend(repo.commercial_link(&id));
                }
            }
            let mut st = self.state.borrow_mut();
            st.wanted.insert(id.clone());
            // The remote already holds it as here (started confirmed after a nearby device's
            // bundle, say, or synced earlier in this connection): a message would only repeat.
            if let Some(heads) = st.repo.heads(&id) {
                if st.conn.is_synced(&doc_id, &heads) {
                    continue;
                }
            }
            let st = &mut *st;
            let mut docs = st.scope.docs(&st.repo, &st.wanted);
            if let Err(e) = st.conn.sync_doc(&doc_id, &mut docs) {
                crate::platform::warn(&format!("sync of {doc_id} failed: {e}"));
            }
        }
    }

    /// Handles one received frame: decode → load → apply → persist → queue answers (and
    /// requests for documents the remote just told us about).
    pub async fn receive(&self, bytes: &[u8]) -> Outcome {
        let mut out = Outcome::default();
        let message = match gendan_sync::decode(bytes) {
            Ok(m) => m,
            Err(e) => {
                // Something we cannot read: drop this connection, keep the data.
                out.closed = Some(format!("unreadable message ({e})"));
                return out;
            }
        };
        let repo = self.state.borrow().repo.clone();
        if let Some(id) = message.document_id() {
            repo.ensure_loaded(&id.to_string()).await;
        }
        let (events, changed) = {
            let mut st = self.state.borrow_mut();
            let st = &mut *st;
            let mut docs = st.scope.docs(&st.repo, &st.wanted);
            let result = st
                .conn
                .receive(message, &mut docs, crate::platform::now_ms() as u64);
            let changed = std::mem::take(&mut docs.changed);
            let accepted = docs.accepted.take().unwrap_or_default();
            drop(docs);
            st.wanted.extend(accepted);
            (result, changed)
        };
        // Durable before anything goes back: persist, then the transport sends the answers.
        let mut ask = Vec::new();
        if !changed.is_empty() {
            match repo.persist_remote(&changed).await {
                Ok(more) => ask = more,
                Err(e) => crate::platform::warn(&format!("could not store synced changes: {e}")),
            }
            if repo.fold_previous_workspace().await.unwrap_or(false) {
                ask.extend(self.initial_ids());
            }
            let st = self.state.borrow();
            if matches!(&st.scope, Scope::Relay { only } if !only.is_empty()) {
                // Only what the token shares; a linked commercial document is not fetched.
                ask.retain(|id| st.wanted.contains(id));
            }
            drop(st);
            self.state
                .borrow_mut()
                .received
                .extend(changed.iter().cloned());
            out.changed = changed;
        }
        match events {
            Ok(events) => {
                for e in events {
                    match e {
                        Event::Closed { reason } => out.closed = Some(reason),
                        Event::Ready { metadata, .. } => {
                            if let Some(shared) = &metadata.shared {
                                let vouch = self.state.borrow().vouch.clone();
                                let vouched = vouch.and_then(|v| v(&metadata));
                                let mut st = self.state.borrow_mut();
                                st.unvouched = vouched.is_none() && !shared.is_empty();
                                let vouched = vouched.unwrap_or_default();
                                st.theirs.extend(
                                    shared.iter().filter(|id| vouched.contains(*id)).cloned(),
                                );
                            }
                            out.ready = Some(metadata);
                        }
                        Event::Ephemeral {
                            document_id, data, ..
                        } => out.ephemeral.push((document_id.to_string(), data)),
                        Event::DocRefused { document, reason } => {
                            crate::platform::warn(&format!(
                                "{document} does not merge with the peer's copy and stays as \
                                 it is here: {reason}"
                            ));
                            let id = document.to_string();
                            repo.note_unmerged(&id, &reason);
                            // Told as a change, so the screens look again and say so.
                            out.changed.push(id);
                        }
                        _ => {}
                    }
                }
            }
            Err(e) => out.closed = Some(e.to_string()),
        }
        if !ask.is_empty() && out.closed.is_none() {
            let via = self.state.borrow().catch_up.clone();
            if let Some(settings) = via.filter(|_| ask.len() >= super::catch_up::MIN_MISSING) {
                let fetched = super::catch_up::fetch_missing(&repo, &settings, &ask).await;
                self.state
                    .borrow_mut()
                    .received
                    .extend(fetched.iter().cloned());
                out.changed.extend(fetched);
            }
            self.sync_docs(ask).await;
        }
        out
    }

    /// Starts documents this device kept as synced with this relay (`gendan_sync::resume`,
    /// accepted at the handshake) as confirmed: nothing is loaded or sent for them until a
    /// side changes them.
    pub fn resume_confirmed(&self, docs: &[(String, Vec<gendan_sync::automerge::ChangeHash>)]) {
        let mut st = self.state.borrow_mut();
        for (id, heads) in docs {
            let Ok(doc_id) = id.parse::<DocumentId>() else {
                continue;
            };
            if st.conn.resume_doc(&doc_id, heads, true).is_ok() {
                st.wanted.insert(id.clone());
                st.resumed.insert(id.clone());
            }
        }
    }

    /// Records in `map` every document this connection saw synced, with its heads: those in
    /// memory, else `unloaded`'s (a document resumed as confirmed and never loaded).
    pub fn record_synced(
        &self,
        map: &mut gendan_sync::SharedHeads,
        unloaded: impl Fn(&DocumentId) -> Option<Vec<gendan_sync::automerge::ChangeHash>>,
    ) {
        let st = self.state.borrow();
        let docs = st.wanted.iter().filter_map(|id| {
            let doc_id = id.parse::<DocumentId>().ok()?;
            let heads = st.repo.heads(id).or_else(|| unloaded(&doc_id))?;
            Some((doc_id, heads))
        });
        gendan_sync::resume::record_synced(&st.conn, map, docs);
    }

    /// Documents offered or received, and how many the remote confirmed holding as we do.
    /// Documents the remote refused (not shared on its side) do not count as waiting, nor do
    /// those whose copies did not merge: they never confirm, and the connection would never
    /// say "synced" nor keep its map for the next one.
    pub fn progress(&self) -> Progress {
        let st = self.state.borrow();
        let mut p = Progress {
            received: st.received.len(),
            ..Progress::default()
        };
        for id in &st.wanted {
            let Ok(doc_id) = id.parse::<DocumentId>() else {
                continue;
            };
            let Some(heads) = st.repo.heads(id).filter(|h| !h.is_empty()) else {
                // Any change here or from the remote loads a document, so one started
                // confirmed and still unloaded is held as the remote holds it.
                if st.resumed.contains(id) {
                    p.documents += 1;
                    p.confirmed += 1;
                }
                continue;
            };
            if st.conn.remote_status(&doc_id) == Some(RemoteStatus::Unavailable)
                || st.conn.is_refused(&doc_id)
            {
                continue;
            }
            p.documents += 1;
            if st.conn.is_synced(&doc_id, &heads) {
                p.confirmed += 1;
            }
        }
        p
    }
}
