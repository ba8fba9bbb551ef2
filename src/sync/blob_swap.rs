//! Photos and files between two nearby devices, after the documents that reference them.
//!
//! Documents carry only blob hashes ([`gendan_domain::blob_refs`]); this moves the bytes over the
//! same data channel, as its own stream of frames ([`super::pieces::Stream::Files`]). Each side,
//! once the documents are confirmed, offers (`Have`: name and size) the blobs referenced by the
//! orders shared in this connection that it holds; the other side asks (`Want`) for those it
//! lacks, among the ones referenced by its own copies of the shared orders, and the offerer
//! sends them one at a time in chunks (`Chunk`), or says it cannot (`Gone`). So scope holds the
//! way it does for documents: only orders actually exchanged name what may travel, and money
//! (commercial documents, which name no blob) never brings any.
//!
//! Received bytes are kept in memory until the blob is complete, then checked against its name
//! and stored; a blob that does not match is dropped and counted. A partial blob is never
//! stored, so a connection that breaks costs only the blob under way, and the next one asks
//! only for what is still missing. What a peer can make this device hold is bounded: one
//! partial blob at a time, at most [`MAX_BLOB_BYTES`] each, [`MAX_FILES`] and [`MAX_BYTES`] per
//! connection. A frame that breaks the rules (unreadable, a blob not asked for, out of order,
//! longer than announced) ends the connection with [`SwapError::Garbage`]; everything stored
//! before stays.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;

use sha2::{Digest, Sha256};

use crate::storage::Repo;

/// The largest blob asked for or sent: the relay's limit for one blob.
pub(crate) const MAX_BLOB_BYTES: u32 = gendan_sync::bundle::MAX_BLOB_BYTES as u32;
/// Blobs asked for, and offered, per connection.
pub(crate) const MAX_FILES: usize = 2_000;
/// Bytes asked for per connection: what a peer can make this device store in one meeting.
pub(crate) const MAX_BYTES: u64 = 512 * 1024 * 1024;
/// Payload per chunk frame: a few channel pieces, so documents are never stuck behind a photo.
const CHUNK_BYTES: usize = 60 * 1024;

const HAVE: u8 = 1;
const WANT: u8 = 2;
const CHUNK: u8 = 3;
const GONE: u8 = 4;

/// Why the exchange of files ended the connection. Nothing already stored is lost.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SwapError {
    #[error("the other device sent unreadable file data ({0})")]
    Garbage(&'static str),
    #[error("a received file could not be stored: {0}")]
    Store(String),
}

/// One frame of the files stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Frame {
    /// Blobs this side can send: name and size.
    Have(Vec<(String, u32)>),
    /// Of an offer, the blobs the other side asks for (possibly none).
    Want(Vec<String>),
    /// Part of a blob, from `offset`.
    Chunk {
        hash: String,
        offset: u32,
        data: Vec<u8>,
    },
    /// A blob asked for that the sender cannot send after all (gone or damaged there).
    Gone(String),
}

fn put_hash(out: &mut Vec<u8>, hash: &str) {
    let mut raw = [0u8; 32];
    // Names come from `blob_refs`, which keeps only 64 hex digits.
    let _ = hex::decode_to_slice(hash, &mut raw);
    out.extend_from_slice(&raw);
}

fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Result<&'a [u8], SwapError> {
    if bytes.len() < n {
        return Err(SwapError::Garbage("a frame cut short"));
    }
    let (head, rest) = bytes.split_at(n);
    *bytes = rest;
    Ok(head)
}

fn take_u32(bytes: &mut &[u8]) -> Result<u32, SwapError> {
    let b = take(bytes, 4)?;
    Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn take_hash(bytes: &mut &[u8]) -> Result<String, SwapError> {
    Ok(hex::encode(take(bytes, 32)?))
}

/// How many entries a list frame holds: bounded before anything is allocated.
fn take_count(bytes: &mut &[u8], entry: usize) -> Result<usize, SwapError> {
    let n = take_u32(bytes)? as usize;
    if n > MAX_FILES || n.saturating_mul(entry) != bytes.len() {
        return Err(SwapError::Garbage("a list of the wrong length"));
    }
    Ok(n)
}

impl Frame {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Frame::Have(list) => {
                out.push(HAVE);
                out.extend((list.len() as u32).to_be_bytes());
                for (hash, size) in list {
                    put_hash(&mut out, hash);
                    out.extend(size.to_be_bytes());
                }
            }
            Frame::Want(list) => {
                out.push(WANT);
                out.extend((list.len() as u32).to_be_bytes());
                for hash in list {
                    put_hash(&mut out, hash);
                }
            }
            Frame::Chunk { hash, offset, data } => {
                out.push(CHUNK);
                put_hash(&mut out, hash);
                out.extend(offset.to_be_bytes());
                out.extend_from_slice(data);
            }
            Frame::Gone(hash) => {
                out.push(GONE);
                put_hash(&mut out, hash);
            }
        }
        out
    }

    pub fn decode(mut bytes: &[u8]) -> Result<Frame, SwapError> {
        let b = &mut bytes;
        let tag = take(b, 1)?[0];
        let frame = match tag {
            HAVE => {
                let n = take_count(b, 36)?;
                let mut list = Vec::with_capacity(n);
                for _ in 0..n {
                    list.push((take_hash(b)?, take_u32(b)?));
                }
                Frame::Have(list)
            }
            WANT => {
                let n = take_count(b, 32)?;
                let mut list = Vec::with_capacity(n);
                for _ in 0..n {
                    list.push(take_hash(b)?);
                }
                Frame::Want(list)
            }
            CHUNK => {
                let hash = take_hash(b)?;
                let offset = take_u32(b)?;
                if b.len() > CHUNK_BYTES {
                    return Err(SwapError::Garbage("a chunk larger than agreed"));
                }
                Frame::Chunk {
                    hash,
                    offset,
                    data: std::mem::take(b).to_vec(),
                }
            }
            GONE => Frame::Gone(take_hash(b)?),
            _ => return Err(SwapError::Garbage("an unknown frame")),
        };
        if !bytes.is_empty() {
            return Err(SwapError::Garbage("bytes after a frame"));
        }
        Ok(frame)
    }
}

/// How far the files of one connection have come, both ways.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct FileProgress {
    /// Asked for from the other device in this connection, and of those stored here.
    pub to_receive: usize,
    pub received: usize,
    pub bytes_to_receive: u64,
    pub bytes_received: u64,
    /// Arrived not matching their names: dropped.
    pub damaged: usize,
    /// Not asked for (over the connection's limits) or not sent (gone there): for next time.
    pub left: usize,
    /// Asked for by the other device, and of those sent.
    pub to_send: usize,
    pub sent: usize,
    /// Something is still under way (an offer unanswered, a blob being sent or awaited).
    pub busy: bool,
}

struct Outgoing {
    hash: String,
    bytes: Vec<u8>,
    offset: usize,
    started: bool,
}

struct State {
    repo: Repo,
    /// Blob names each shared order references, and whether its books go with it; an order's
    /// entry is dropped when it changes.
    refs: HashMap<String, (BTreeSet<String>, bool)>,
    /// The office-only files of the shared orders' books held here, and the shared documents
    /// they were read for ([`Repo::office_files_near`]): read again when a document that is
    /// no listed order changes (books), or when the shared documents grow.
    office: Option<(BTreeSet<String>, HashSet<String>)>,
    /// The shared documents changed since the last offer.
    dirty: bool,
    offered: HashSet<String>,
    /// Offers sent that the other device has not answered yet.
    unanswered: usize,
    sending: VecDeque<String>,
    current: Option<Outgoing>,
    /// Asked for here and not complete: name → size.
    expected: HashMap<String, u32>,
    partial: Option<(String, Vec<u8>)>,
    progress: FileProgress,
}

/// The files side of one connection. Cheap to clone.
#[derive(Clone)]
pub(crate) struct BlobSwap {
    state: Rc<RefCell<State>>,
}

fn sha_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl BlobSwap {
    pub fn new(repo: Repo) -> BlobSwap {
        BlobSwap {
            state: Rc::new(RefCell::new(State {
                repo,
                refs: HashMap::new(),
                office: None,
                dirty: true,
                offered: HashSet::new(),
                unanswered: 0,
                sending: VecDeque::new(),
                current: None,
                expected: HashMap::new(),
                partial: None,
                progress: FileProgress::default(),
            })),
        }
    }

    /// These documents changed (here or from the other device): what they reference is read
    /// again before the next offer or answer.
    pub fn touch(&self, ids: &[String]) {
        let mut st = self.state.borrow_mut();
        for id in ids {
            st.refs.remove(id);
        }
        // A change to books may add an office file; one to an order adds none.
        if ids.iter().any(|id| !st.repo.is_listed(id)) {
            st.office = None;
        }
        st.dirty = true;
    }

    /// Something may be newly offerable: call [`BlobSwap::offer`] once the documents settle.
    pub fn wants_offer(&self) -> bool {
        self.state.borrow().dirty
    }

    pub fn progress(&self) -> FileProgress {
        let st = self.state.borrow();
        FileProgress {
            busy: st.dirty
                || st.unanswered > 0
                || !st.sending.is_empty()
                || st.current.is_some()
                || !st.expected.is_empty(),
            ..st.progress
        }
    }

    /// Reads what the shared orders reference, for those not read since they last changed.
    async fn refs(&self, shared: &[String]) -> BTreeSet<String> {
        let repo = self.state.borrow().repo.clone();
        let shared_set: HashSet<&str> = shared.iter().map(String::as_str).collect();
        for id in shared {
            if self.state.borrow().refs.contains_key(id) {
                continue;
            }
            // Blobs are read through the orders: the workspace names none, and an order's
            // commercial document (office-only files) counts only when it is shared too. An
            // order whose summary names none is not read (a thousand orders, mostly without
            // photos, took a second to read after a bundle).
            let mut names = (BTreeSet::new(), true);
            if repo.is_listed(id) && repo.may_reference_blobs(id, &shared_set) {
                if let Ok(order) = repo.order(id).await {
                    // The books count when they are shared in this connection and held here:
                    // a device without them (a factory's phone) may have their id among the
                    // shared ones, asked for and never sent.
                    let books = match order
                        .commercial
                        .as_ref()
                        .is_some_and(|c| shared.contains(c))
                    {
                        true => repo.commercial(id).await.ok().flatten(),
                        false => None,
                    };
                    // A PO scan an older build left on the order is the office's: it goes
                    // only where the money goes.
                    names = match &books {
                        Some(money) => {
                            let mut all = gendan_domain::blob_refs::of_order(&order);
                            all.extend(gendan_domain::blob_refs::of_commercial(money));
                            (all, true)
                        }
                        None => (
                            gendan_domain::blob_refs::of_order_without_office(&order),
                            false,
                        ),
                    };
                }
            }
            self.state.borrow_mut().refs.insert(id.clone(), names);
        }
        // Without the books, no file of any shared order's books goes, whichever record names
        // it (a factory may have read its hash in an order's history).
        let without_books = {
            let st = self.state.borrow();
            shared
                .iter()
                .filter_map(|id| st.refs.get(id))
                .any(|(names, money)| !money && !names.is_empty())
        };
        let stale = self
            .state
            .borrow()
            .office
            .as_ref()
            .is_none_or(|(_, read_for)| shared.iter().any(|id| !read_for.contains(id)));
        if without_books && stale {
            let office = repo.office_files_near(shared).await;
            let read_for = shared.iter().cloned().collect();
            self.state.borrow_mut().office = Some((office, read_for));
        }
        let st = self.state.borrow();
        let none = BTreeSet::new();
        let office = st.office.as_ref().map_or(&none, |(o, _)| o);
        shared
            .iter()
            .filter_map(|id| st.refs.get(id))
            .flat_map(|(names, money)| names.iter().filter(move |h| *money || !office.contains(*h)))
            .cloned()
            .collect()
    }

    /// The offer of blobs the `shared` documents reference that this device holds and has not
    /// offered yet; `None` when there is nothing new.
    pub async fn offer(&self, shared: &[String]) -> Option<Vec<u8>> {
        if !std::mem::replace(&mut self.state.borrow_mut().dirty, false) {
            return None;
        }
        let names = self.refs(shared).await;
        let repo = self.state.borrow().repo.clone();
        let mut list = Vec::new();
        for name in names {
            let skip = {
                let st = self.state.borrow();
                st.offered.contains(&name) || st.offered.len() + list.len() >= MAX_FILES
            };
            if skip {
                continue;
            }
            if let Ok(Some(bytes)) = repo.get_blob(&name).await {
                if bytes.len() <= MAX_BLOB_BYTES as usize {
                    list.push((name, bytes.len() as u32));
                }
            }
        }
        if list.is_empty() {
            return None;
        }
        let mut st = self.state.borrow_mut();
        st.offered.extend(list.iter().map(|(n, _)| n.clone()));
        st.unanswered += 1;
        Some(Frame::Have(list).encode())
    }

    /// Handles one frame of the files stream; returns frames to send back at once.
    pub async fn receive(
        &self,
        frame: &[u8],
        shared: &[String],
    ) -> Result<Vec<Vec<u8>>, SwapError> {
        match Frame::decode(frame)? {
            Frame::Have(list) => Ok(vec![self.answer(list, shared).await.encode()]),
            Frame::Want(list) => {
                let mut st = self.state.borrow_mut();
                st.unanswered = st.unanswered.saturating_sub(1);
                for name in list {
                    if !st.offered.contains(&name) {
                        return Err(SwapError::Garbage("a file asked for that was not offered"));
                    }
                    st.progress.to_send += 1;
                    st.sending.push_back(name);
                }
                Ok(Vec::new())
            }
            Frame::Chunk { hash, offset, data } => {
                self.chunk(hash, offset, data).await?;
                Ok(Vec::new())
            }
            Frame::Gone(hash) => {
                let mut st = self.state.borrow_mut();
                if st.expected.remove(&hash).is_none() {
                    return Err(SwapError::Garbage("a file that was not asked for"));
                }
                if st.partial.as_ref().is_some_and(|(h, _)| *h == hash) {
                    st.partial = None;
                }
                st.progress.left += 1;
                Ok(Vec::new())
            }
        }
    }

    /// Of an offer, what this device lacks among what its shared orders reference, within the
    /// connection's limits.
    async fn answer(&self, list: Vec<(String, u32)>, shared: &[String]) -> Frame {
        let allowed = self.refs(shared).await;
        let repo = self.state.borrow().repo.clone();
        let mut want = Vec::new();
        for (name, size) in list {
            if !allowed.contains(&name) || self.state.borrow().expected.contains_key(&name) {
                continue;
            }
            if matches!(repo.get_blob(&name).await, Ok(Some(_))) {
                continue;
            }
            let mut st = self.state.borrow_mut();
            let p = &mut st.progress;
            if size > MAX_BLOB_BYTES
                || p.to_receive >= MAX_FILES
                || p.bytes_to_receive + u64::from(size) > MAX_BYTES
            {
                p.left += 1;
                continue;
            }
            p.to_receive += 1;
            p.bytes_to_receive += u64::from(size);
            st.expected.insert(name.clone(), size);
            want.push(name);
        }
        Frame::Want(want)
    }

    async fn chunk(&self, hash: String, offset: u32, data: Vec<u8>) -> Result<(), SwapError> {
        let done = {
            let mut st = self.state.borrow_mut();
            let size = *st
                .expected
                .get(&hash)
                .ok_or(SwapError::Garbage("a file that was not asked for"))?
                as usize;
            let (name, mut buffer) = match st.partial.take() {
                None if offset == 0 => (hash.clone(), Vec::with_capacity(size)),
                None => return Err(SwapError::Garbage("a file's middle without its start")),
                Some((h, b)) if h == hash && b.len() == offset as usize => (h, b),
                Some(_) => return Err(SwapError::Garbage("file parts out of order")),
            };
            if buffer.len() + data.len() > size {
                return Err(SwapError::Garbage("a file longer than announced"));
            }
            buffer.extend_from_slice(&data);
            st.progress.bytes_received += data.len() as u64;
            if buffer.len() < size {
                st.partial = Some((name, buffer));
                return Ok(());
            }
            st.expected.remove(&name);
            (name, buffer)
        };
        let (name, bytes) = done;
        if sha_hex(&bytes) != name {
            // Dropped: the next connection asks for it again.
            self.state.borrow_mut().progress.damaged += 1;
            return Ok(());
        }
        let repo = self.state.borrow().repo.clone();
        repo.put_blob_as(&name, &bytes)
            .await
            .map_err(|e| SwapError::Store(e.to_string()))?;
        self.state.borrow_mut().progress.received += 1;
        Ok(())
    }

    /// The next frame of the blobs the other device asked for, one blob at a time; `None` when
    /// nothing is left to send. Reads each blob only when its turn comes.
    pub async fn next_frame(&self) -> Option<Vec<u8>> {
        loop {
            {
                let mut st = self.state.borrow_mut();
                if let Some(out) = st.current.as_mut() {
                    if out.started && out.offset >= out.bytes.len() {
                        st.current = None;
                        st.progress.sent += 1;
                        continue;
                    }
                    let end = (out.offset + CHUNK_BYTES).min(out.bytes.len());
                    let frame = Frame::Chunk {
                        hash: out.hash.clone(),
                        offset: out.offset as u32,
                        data: out.bytes[out.offset..end].to_vec(),
                    };
                    out.offset = end;
                    out.started = true;
                    return Some(frame.encode());
                }
            }
            let (repo, name) = {
                let mut st = self.state.borrow_mut();
                (st.repo.clone(), st.sending.pop_front()?)
            };
            match repo.get_blob(&name).await {
                Ok(Some(bytes)) => {
                    self.state.borrow_mut().current = Some(Outgoing {
                        hash: name,
                        bytes,
                        offset: 0,
                        started: false,
                    })
                }
                _ => return Some(Frame::Gone(name).encode()),
            }
        }
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn frames_round_trip() {
        let (a, b) = ("ab".repeat(32), "0f".repeat(32));
        for f in [
            Frame::Have(vec![(a.clone(), 300_000), (b.clone(), 0)]),
            Frame::Want(vec![b.clone()]),
            Frame::Want(Vec::new()),
            Frame::Chunk {
                hash: a.clone(),
                offset: 61_440,
                data: vec![1, 2, 3],
            },
            Frame::Gone(b),
        ] {
            assert_eq!(Frame::decode(&f.encode()), Ok(f));
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn garbage_is_refused_before_anything_is_allocated() {
        assert!(Frame::decode(&[]).is_err());
        assert!(Frame::decode(&[9]).is_err());
        // A list claiming four billion entries.
        assert!(Frame::decode(&[HAVE, 0xff, 0xff, 0xff, 0xff]).is_err());
        // A list one entry short, and one with a byte too many.
        let mut have = Frame::Have(vec![("ab".repeat(32), 1)]).encode();
        assert!(Frame::decode(&have[..have.len() - 1]).is_err());
        have.push(0);
        assert!(Frame::decode(&have).is_err());
        let big = Frame::Chunk {
            hash: "ab".repeat(32),
            offset: 0,
            data: vec![0; CHUNK_BYTES + 1],
        };
        assert!(Frame::decode(&big.encode()).is_err());
        assert!(Frame::decode(&Frame::Gone("ab".repeat(32)).encode()[..20]).is_err());
    }
}
