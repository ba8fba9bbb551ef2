//! Bundle first, then sync, between nearby devices: a device that holds fewer than half of the
//! other's orders (a new phone, say) gets them as bundle pages before the protocol starts, the
//! way a bundle file or the relay's catch-up brings them, instead of a sync exchange per
//! document (20 s for 1,000 orders).
//!
//! Each side says in its handshake how many orders it shares (`gendanOrders`, see
//! `gendan_sync::PeerMetadata::orders`); both decide alike which way a bundle goes ([`role`]).
//! On the channel's bundle stream ([`super::pieces::Stream::Bundle`]) the sender sends
//! [`Frame::Page`]s, each a bundle of up to [`PAGE_DOCS`] documents as it stores them
//! ([`crate::storage::Repo::stored_page`]), then [`Frame::End`]. The receiver imports each
//! page through the checked import (`storage/everything.rs`) and answers [`Frame::Held`]: the
//! documents it now holds at exactly the heads it received. Both then start those documents
//! confirmed, as a resumed relay session does, and sync only the rest: what either side
//! changed meanwhile, what did not fit, what did not import.
//!
//! Nothing here can lose data or stall a sync: a page that does not import is skipped (its
//! documents are not in `Held`, so they sync as usual), and a device of a build without this
//! sends no count, so the two sync as before. A `Held` claim only stops this device from
//! sending a document the other says it holds, and only at the heads this device holds too.

use gendan_domain::sorting::CollectSet;
use std::collections::{HashSet, VecDeque};

use gendan_sync::automerge::ChangeHash;
use gendan_sync::bundle::{self, Kind};
use gendan_sync::{ResumeError, SharedHeads};

use crate::storage::everything::{CatchingUp, Everything};
use crate::storage::Repo;

/// Fewer orders than this are simply synced: a bundle would not save anything.
pub(crate) const MIN_ORDERS: u64 = 20;
/// Documents per page: the receiver imports one page while the next travels.
const PAGE_DOCS: usize = 250;
/// A page is closed once its documents reach this many bytes (the channel's frames stop at
/// 16 MiB; see `peer.rs`).
const PAGE_BYTES: usize = 8 * 1024 * 1024;

const PAGE: u8 = 1;
const END: u8 = 2;
const HELD: u8 = 3;

/// Which way this device takes part in a bundle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Send,
    Receive,
}

/// Decided alike on both sides from the two handshakes' counts: the side with at least
/// [`MIN_ORDERS`] orders sends when the other holds fewer than half as many. `None` (plain sync)
/// when either count is missing.
pub(crate) fn role(mine: u64, theirs: Option<u64>) -> Option<Role> {
    let theirs = theirs?;
    if mine >= MIN_ORDERS && theirs.saturating_mul(2) < mine {
        Some(Role::Send)
    } else if theirs >= MIN_ORDERS && mine.saturating_mul(2) < theirs {
        Some(Role::Receive)
    } else {
        None
    }
}

/// The order count this device says in its handshake: none on a factory's phone, so that no
/// bundle is decided either way. A bundle is imported whole (every order of the workspace, and
/// the books when the other side ticked money), past the session's rule that a factory's phone
/// takes nothing new but its workspace.
pub(crate) fn orders_said(orders: u64, factory: bool) -> Option<u64> {
    (!factory).then_some(orders)
}

/// [`role`] as this device takes it: a factory's phone takes no part in a bundle, as the other
/// side, hearing no count from it, decides too ([`orders_said`]); a bundle frame sent to it
/// anyway ends the connection as out of turn. Nor is one sent to a device whose code said it is
/// a factory's phone (`remote_factory`), whatever count its handshake says: a phone that says a
/// count of none would get every order of the team.
pub(crate) fn role_here(
    mine: u64,
    theirs: Option<u64>,
    (factory, remote_factory): (bool, bool),
) -> Option<Role> {
    if factory || remote_factory {
        return None;
    }
    role(mine, theirs)
}

/// One frame of the bundle stream.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Frame {
    /// A bundle (`gendan_sync::bundle`) of some of the sender's documents.
    Page(Vec<u8>),
    /// The sender has sent every page.
    End,
    /// The receiver's answer: the documents it holds at exactly the heads it received.
    Held(SharedHeads),
}

/// Why a bundle-stream frame was refused; the connection then ends (documents already
/// imported stay).
#[derive(Debug, PartialEq, thiserror::Error)]
pub(crate) enum FrameError {
    #[error("an empty bundle frame")]
    Empty,
    #[error("unknown bundle frame {0}")]
    Tag(u8),
    #[error("a bundle frame that was not expected: {0}")]
    Unexpected(&'static str),
    #[error("the list of documents held does not read: {0}")]
    Held(#[from] ResumeError),
}

impl Frame {
    pub(crate) fn encode(&self) -> Vec<u8> {
        let (tag, body) = match self {
            Frame::Page(b) => (PAGE, b.clone()),
            Frame::End => (END, Vec::new()),
            Frame::Held(map) => (HELD, map.encode()),
        };
        let mut out = Vec::with_capacity(body.len() + 1);
        out.push(tag);
        out.extend_from_slice(&body);
        out
    }

    pub(crate) fn decode(bytes: &[u8]) -> Result<Frame, FrameError> {
        let (&tag, body) = bytes.split_first().ok_or(FrameError::Empty)?;
        match tag {
            PAGE => Ok(Frame::Page(body.to_vec())),
            END if body.is_empty() => Ok(Frame::End),
            END => Err(FrameError::Unexpected("an end with a body")),
            HELD => Ok(Frame::Held(SharedHeads::decode(body)?)),
            other => Err(FrameError::Tag(other)),
        }
    }
}

/// How many orders this device shares with a nearby device (its handshake's count).
pub(crate) fn orders_shared(repo: &Repo) -> u64 {
    repo.peer_share_ids().len().saturating_sub(1) as u64
}

/// The sending side: what is left to send, page by page.
pub(crate) struct Outgoing {
    left: VecDeque<(String, Option<Kind>)>,
    /// Every document sent, so a `Held` answer is believed only for those.
    sent: HashSet<String>,
    pub orders_total: usize,
    pub orders_sent: usize,
    /// Pages read and encoded, waiting to go.
    ready: VecDeque<Frame>,
    ended: bool,
}

impl Outgoing {
    /// The workspace, every readable order and, when money goes to this device (`money`), the
    /// orders' commercial documents: what the sync would offer.
    pub(crate) fn new(repo: &Repo, money: bool) -> Outgoing {
        let mut left = VecDeque::new();
        let ids = repo.peer_share_ids();
        let orders_total = ids.len().saturating_sub(1);
        for (i, id) in ids.into_iter().enumerate() {
            let kind = if i == 0 { Kind::Workspace } else { Kind::Order };
            left.push_back((id, Some(kind)));
        }
        if money {
            // Orders may share one commercial document (copies of an order): it goes once.
            let commercial: std::collections::BTreeSet<String> = repo
                .summaries()
                .into_iter()
                .filter(|s| !s.damaged && !s.commercial.is_empty())
                .map(|s| s.commercial)
                .collect_set();
            left.extend(commercial.into_iter().map(|c| (c, Some(Kind::Commercial))));
        }
        Outgoing {
            left,
            sent: HashSet::new(),
            orders_total,
            orders_sent: 0,
            ready: VecDeque::new(),
            ended: false,
        }
    }

    /// The next frame to send: pages, then `End`, then nothing. Documents that cannot be read
    /// from storage are left out (they sync as usual).
    pub(crate) async fn next(&mut self, repo: &Repo) -> Option<Frame> {
        while self.ready.is_empty() && !self.left.is_empty() {
            let take = self.left.len().min(PAGE_DOCS);
            let ids: Vec<(String, Option<Kind>)> = self.left.drain(..take).collect();
            match repo.stored_page(&ids).await {
                Ok(docs) => self.paginate(docs),
                Err(e) => crate::platform::warn(&format!("a bundle page was not read: {e}")),
            }
        }
        if let Some(frame) = self.ready.pop_front() {
            return Some(frame);
        }
        if self.ended {
            return None;
        }
        self.ended = true;
        Some(Frame::End)
    }

    /// Cuts documents into pages of at most [`PAGE_BYTES`] (one page unless documents of
    /// megabytes came together) and queues them.
    fn paginate(&mut self, docs: Vec<(String, Option<Kind>, Vec<u8>)>) {
        let device = crate::prefs::device_id();
        let mut page = Vec::new();
        let mut bytes = 0;
        let mut docs = docs.into_iter().peekable();
        while let Some(doc) = docs.next() {
            self.sent.insert(doc.0.clone());
            self.orders_sent += usize::from(doc.1 == Some(Kind::Order));
            bytes += doc.2.len();
            page.push(doc);
            if bytes >= PAGE_BYTES || docs.peek().is_none() {
                let now = crate::platform::now_ms() as i64;
                self.ready
                    .push_back(Frame::Page(bundle::encode(now, &device, &page)));
                page.clear();
                bytes = 0;
            }
        }
    }

    /// The documents of a `Held` answer this device may start confirmed: sent here, and held
    /// here at the same heads (one changed here since it was read syncs as usual).
    pub(crate) fn confirmed(
        &self,
        repo: &Repo,
        held: &SharedHeads,
    ) -> Vec<(String, Vec<ChangeHash>)> {
        held.iter()
            .map(|(id, heads)| (id.to_string(), heads))
            .filter(|(id, heads)| {
                self.sent.contains(id) && repo.sorted_heads(id).is_none_or(|h| h == *heads)
            })
            .map(|(id, heads)| (id, heads.to_vec()))
            .collect()
    }
}

/// The receiving side: the pages imported so far.
pub(crate) struct Incoming {
    state: CatchingUp,
    /// How many orders the sender said it shares (for the progress shown).
    pub orders_expected: u64,
    /// Of `state`'s changed ids, those already reported to the screens.
    reported: usize,
    /// Set when a page did not import: the rest is left to the sync.
    failed: bool,
}

/// What a finished bundle leaves for the session.
pub(crate) struct Received {
    /// To send back: what this device holds exactly as received.
    pub held: SharedHeads,
    /// The same, to start confirmed here.
    pub confirmed: Vec<(String, Vec<ChangeHash>)>,
    /// Documents changed here that the screens have not heard of yet.
    pub changed: Vec<String>,
}

impl Incoming {
    pub(crate) fn new(orders_expected: u64) -> Incoming {
        Incoming {
            state: CatchingUp::default(),
            orders_expected,
            reported: 0,
            failed: false,
        }
    }

    /// Documents imported so far (the workspace included), for the progress shown.
    pub(crate) fn received(&self) -> usize {
        self.state.changed().len()
    }

    /// Imports one page; returns the ids it changed, for the screens. A page that does not
    /// import ends the bundle here: what earlier pages brought stays, the rest syncs as usual.
    pub(crate) async fn page(&mut self, repo: &Repo, page: &[u8]) -> Vec<String> {
        if self.failed {
            return Vec::new();
        }
        if let Err(e) = repo.import_page(&mut self.state, page).await {
            crate::platform::warn(&format!(
                "a page from the nearby device was not imported ({e}); syncing the rest"
            ));
            self.failed = true;
        }
        self.unreported()
    }

    fn unreported(&mut self) -> Vec<String> {
        let all = self.state.changed();
        let new = all[self.reported.min(all.len())..].to_vec();
        self.reported = all.len();
        new
    }

    /// Ends the bundle: stores the commercial documents the orders link, and says which
    /// documents this device now holds exactly as they came. After a failed page, or when
    /// ending fails, nothing is claimed: everything syncs as usual.
    pub(crate) async fn finish(mut self, repo: &Repo) -> Received {
        let mut changed = self.unreported();
        let mut received = Received {
            held: SharedHeads::new(),
            confirmed: Vec::new(),
            changed: Vec::new(),
        };
        if !self.failed {
            match repo.finish_import(self.state).await {
                Ok(Everything {
                    served,
                    same,
                    changed: all,
                }) => {
                    changed.extend(all.into_iter().skip(self.reported));
                    for (id, heads) in served.iter() {
                        if same.contains(id) {
                            received.held.set(*id, heads);
                            received.confirmed.push((id.to_string(), heads.to_vec()));
                        }
                    }
                }
                Err(e) => crate::platform::warn(&format!(
                    "the nearby device's bundle was not finished ({e}); syncing instead"
                )),
            }
        }
        // A new device adopted the other's workspace: the orders it had are listed in it now.
        // Its heads then moved, so it syncs rather than starting confirmed.
        let ws = repo.workspace_id();
        let before = repo.heads(&ws);
        if let Err(e) = repo.fold_previous_workspace().await {
            crate::platform::warn(&format!("workspace not folded: {e}"));
        }
        if repo.heads(&ws) != before {
            changed.push(ws.clone());
            received.confirmed.retain(|(id, _)| *id != ws);
            if let Ok(id) = ws.parse() {
                received.held.remove(&id);
            }
        }
        received.changed = changed;
        received
    }
}
