//! Access tokens: who may reach which documents and blobs. It owns the token file
//! (`<data>/tokens.json`), the CLI operations on it (create, list, revoke) and the
//! in-memory table the server checks each connection against.
//!
//! A token is random text shown once at creation; only its SHA-256 is stored, so a leaked
//! data directory does not leak working tokens. A **workspace token** reaches every
//! document of its workspace; a **scoped token** reaches only the documents listed at
//! creation (a factory sees the orders shared with it). Which workspace a document belongs
//! to is recorded by the relay when the document is first pushed (see `docs.rs`), so a
//! token never reaches another workspace's documents even with their ids.
//!
//! How browsers present a token: the WebSocket API cannot set headers, and the stock
//! automerge-repo `WebSocketClientAdapter` only takes a URL, so the token travels as a
//! query parameter: `wss://relay/sync?token=…`. The relay never logs query strings; blob
//! requests may use `Authorization: Bearer …` instead (fetch can set headers). Sending the
//! token in the first `join`'s metadata was rejected because the JS adapter does not let the
//! application add metadata fields, and a `Sec-WebSocket-Protocol` value because the JS
//! adapter cannot set it either.
//!
//! The running server re-reads the file every second or so (see `lib.rs`): a revoked token
//! stops working for new requests and its live connections are closed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use gendan_sync::DocumentId;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::docs::Owner;

/// File name of the token table inside the data directory.
pub const TOKENS_FILE: &str = "tokens.json";

/// Problems reading or changing the token table.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    #[error("cannot read {}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is damaged: {source}", path.display())]
    Parse {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("cannot write {}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("workspace names are 1-64 letters, digits, `-`, `_` or `.`, starting with a letter or digit; got {0:?}")]
    BadWorkspace(String),
    #[error("not a document id: {0:?}")]
    BadDocument(String),
    #[error("no random numbers available: {0}")]
    Random(String),
    #[error("no token with id {0:?}")]
    UnknownId(String),
    #[error("token database: {0}")]
    Database(String),
}

/// One stored token (never the token text itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRecord {
    /// Short public id used to list and revoke.
    pub id: String,
    pub workspace: String,
    /// `None`: the whole workspace. `Some`: only these documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Hex SHA-256 of the token text.
    pub sha256: String,
    /// Creation time, Unix seconds.
    pub created: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct TokenFile {
    tokens: Vec<TokenRecord>,
}

/// What a presented token allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub token_id: String,
    pub workspace: String,
    pub docs: Option<BTreeSet<DocumentId>>,
}

impl Grant {
    /// May this token see the stored document whose owner is `owner` (`None`: not stored
    /// here)? Its workspace's, and listed by its id on the wire if the token lists some.
    pub(crate) fn may_read(&self, owner: Option<&Owner>) -> bool {
        owner.is_some_and(|o| o.workspace == self.workspace && self.lists(&o.name))
    }

    /// May this token create `id`, unknown to the relay, in its workspace?
    pub fn may_create(&self, id: &DocumentId) -> bool {
        self.lists(id)
    }

    fn lists(&self, id: &DocumentId) -> bool {
        self.docs.as_ref().is_none_or(|docs| docs.contains(id))
    }

    /// Whose share of a per-token bound this token's use is charged to (upload memory, frames
    /// waiting for the hub, unfinished messages, catch-up answers, workers, ephemeral data): a
    /// whole-workspace token's own; a link's (a scoped token), the share all links of its
    /// workspace have together. An office makes up to `MAX_SHARED_PER_WORKSPACE` links itself
    /// (`POST /tokens`), so a share per link let one office take that many shares: five links
    /// uploading slowly held every byte of upload memory. Not the office token's share: a
    /// link may be forwarded in a chat, and must not be able to starve the office's devices.
    pub fn budget_key(&self) -> String {
        match self.docs {
            None => self.token_id.clone(),
            // A space is in no token id nor workspace name (`valid_workspace`).
            Some(_) => format!("links of {}", self.workspace),
        }
    }
}

/// Checks a workspace name: it becomes a directory name under `blobs/`, so it is kept to a
/// safe alphabet.
pub fn valid_workspace(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && name.len() <= 64
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn random_hex(bytes: usize) -> Result<String, TokenError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| TokenError::Random(e.to_string()))?;
    Ok(hex::encode(buf))
}

fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(TOKENS_FILE)
}

fn load(data_dir: &Path) -> Result<TokenFile, TokenError> {
    let path = path(data_dir);
    match fs::read(&path) {
        Ok(bytes) => {
            serde_json::from_slice(&bytes).map_err(|source| TokenError::Parse { path, source })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(TokenFile::default()),
        Err(source) => Err(TokenError::Read { path, source }),
    }
}

fn store(data_dir: &Path, file: &TokenFile) -> Result<(), TokenError> {
    let path = path(data_dir);
    let write_err = |source| TokenError::Write {
        path: path.clone(),
        source,
    };
    fs::create_dir_all(data_dir).map_err(write_err)?;
    let json = serde_json::to_vec_pretty(file).map_err(|e| write_err(std::io::Error::other(e)))?;
    crate::fsutil::write_atomic(&path, &json).map_err(write_err)
}

/// Creates a token; returns its record and the token text, which is shown once and never
/// stored.
pub fn create(
    data_dir: &Path,
    workspace: &str,
    docs: Option<Vec<String>>,
    label: Option<String>,
) -> Result<(TokenRecord, String), TokenError> {
    let _lock = lock(data_dir)?;
    let mut file = load(data_dir)?;
    let (mut record, token) = new_record(workspace, docs, label)?;
    // Ids name a token to the hub and to `revoke`: two alike would share a grant.
    while file.tokens.iter().any(|t| t.id == record.id) {
        record.id = random_hex(8)?;
    }
    file.tokens.push(record.clone());
    store(data_dir, &file)?;
    Ok((record, token))
}

/// File name of the lock taken around every change of the token file.
const LOCK_FILE: &str = "tokens.lock";

/// Holds the token file for one read-change-write: the running relay (links made and stopped
/// from the app) and `gendan-relay token …` beside it would otherwise each write back what they
/// read, and one would undo the other (a revoked token back, a new one lost).
fn lock(data_dir: &Path) -> Result<fs::File, TokenError> {
    let path = data_dir.join(LOCK_FILE);
    let write_err = |source| TokenError::Write {
        path: path.clone(),
        source,
    };
    fs::create_dir_all(data_dir).map_err(write_err)?;
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(write_err)?;
    file.lock().map_err(write_err)?;
    Ok(file)
}

/// A new token's record and text, checked, not yet stored anywhere.
pub(crate) fn new_record(
    workspace: &str,
    docs: Option<Vec<String>>,
    label: Option<String>,
) -> Result<(TokenRecord, String), TokenError> {
    if !valid_workspace(workspace) {
        return Err(TokenError::BadWorkspace(workspace.to_owned()));
    }
    let docs = docs
        .map(|docs| {
            docs.into_iter()
                .map(|d| {
                    d.parse::<DocumentId>()
                        .map(|id| id.to_string())
                        .map_err(|_| TokenError::BadDocument(d))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    // 64 bits: offices make links themselves now, thousands a relay (`token_api.rs`).
    let id = random_hex(8)?;
    let token = format!("gdn_{}", random_hex(24)?);
    let created = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let record = TokenRecord {
        id,
        workspace: workspace.to_owned(),
        docs,
        label,
        sha256: hash_token(&token),
        created,
    };
    Ok((record, token))
}

pub fn list(data_dir: &Path) -> Result<Vec<TokenRecord>, TokenError> {
    Ok(load(data_dir)?.tokens)
}

/// Removes the token `id` (of `workspace` when given: files written before ids had 64 bits may
/// hold two tokens of one id, and a workspace revoking its link must not remove another's);
/// live connections using it are closed by the running server.
pub fn revoke(
    data_dir: &Path,
    id: &str,
    workspace: Option<&str>,
) -> Result<TokenRecord, TokenError> {
    let _lock = lock(data_dir)?;
    let mut file = load(data_dir)?;
    let Some(pos) = file
        .tokens
        .iter()
        .position(|t| t.id == id && workspace.is_none_or(|w| t.workspace == w))
    else {
        return Err(TokenError::UnknownId(id.to_owned()));
    };
    let removed = file.tokens.remove(pos);
    store(data_dir, &file)?;
    Ok(removed)
}

/// The server's view of the token file: hash → grant.
#[derive(Debug, Default, Clone)]
pub struct TokenTable {
    by_hash: HashMap<String, Grant>,
}

impl TokenTable {
    /// Reads the table; records with unreadable document ids are skipped, not fatal.
    pub fn load(data_dir: &Path) -> Result<Self, TokenError> {
        Ok(Self::from_records(load(data_dir)?.tokens))
    }

    /// The table of `records` (from the file or the database). A grant's `token_id` names its
    /// token to the hub (revocations, regrants, connection counts, shares, kept sync maps), so
    /// it is unique here even where the file is not: files written when ids had 32 bits may
    /// hold two tokens of one id, which would otherwise share one grant (a factory's link
    /// handed another workspace's). Those are told apart by their hash, which stays the same
    /// for as long as both exist.
    pub(crate) fn from_records(records: Vec<TokenRecord>) -> Self {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for t in &records {
            *seen.entry(t.id.as_str()).or_default() += 1;
        }
        let shared: BTreeSet<String> = seen
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|(id, _)| id.to_owned())
            .collect();
        let mut by_hash = HashMap::new();
        for t in records {
            let token_id = match shared.contains(&t.id) {
                true => format!("{}#{}", t.id, t.sha256.get(..16).unwrap_or(&t.sha256)),
                false => t.id,
            };
            let docs = match t.docs {
                None => None,
                Some(list) => {
                    let parsed: Result<BTreeSet<DocumentId>, _> =
                        list.iter().map(|d| d.parse()).collect();
                    match parsed {
                        Ok(set) => Some(set),
                        Err(_) => continue,
                    }
                }
            };
            by_hash.insert(
                t.sha256.to_ascii_lowercase(),
                Grant {
                    token_id,
                    workspace: t.workspace,
                    docs,
                },
            );
        }
        TokenTable { by_hash }
    }

    pub fn check(&self, token: &str) -> Option<Grant> {
        if token.is_empty() || token.len() > 256 {
            return None;
        }
        self.by_hash.get(&hash_token(token)).cloned()
    }

    /// What the token `token_id` allows, if it is valid.
    pub(crate) fn grant_of(&self, token_id: &str) -> Option<&Grant> {
        self.by_hash.values().find(|g| g.token_id == token_id)
    }

    /// What each token currently valid allows, by token id.
    pub fn grants(&self) -> BTreeMap<String, Grant> {
        self.by_hash
            .values()
            .map(|g| (g.token_id.clone(), g.clone()))
            .collect()
    }
}

/// A fingerprint of the token file (modification time and length) to notice changes
/// cheaply between polls.
pub fn file_stamp(data_dir: &Path) -> Option<(SystemTime, u64)> {
    let meta = fs::metadata(path(data_dir)).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Writes a line to `out` describing `record` (for `token list`).
pub fn describe(record: &TokenRecord, out: &mut impl Write) -> std::io::Result<()> {
    let scope = match &record.docs {
        None => "workspace".to_owned(),
        Some(docs) => format!("docs:{}", docs.join(",")),
    };
    writeln!(
        out,
        "{}\t{}\t{}\t{}",
        record.id,
        record.workspace,
        scope,
        record.label.as_deref().unwrap_or("")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workspace's links share one budget, apart from the office's tokens and from another
    /// workspace's links.
    #[test]
    fn links_of_a_workspace_share_one_budget_key() {
        let grant = |id: &str, workspace: &str, scoped: bool| Grant {
            token_id: id.into(),
            workspace: workspace.into(),
            docs: scoped.then(BTreeSet::new),
        };
        let (a, b) = (grant("t1", "acme", true), grant("t2", "acme", true));
        assert_eq!(a.budget_key(), b.budget_key());
        assert_ne!(a.budget_key(), grant("t3", "acme", false).budget_key());
        assert_ne!(a.budget_key(), grant("t4", "evil", true).budget_key());
        assert_ne!(
            grant("t3", "acme", false).budget_key(),
            grant("t5", "acme", false).budget_key()
        );
    }

    #[test]
    fn workspace_names() {
        for ok in ["acme", "A-1", "x.y_z", "9"] {
            assert!(valid_workspace(ok), "{ok}");
        }
        for bad in ["", ".", "..", "-a", "a/b", "a b", &"x".repeat(65)] {
            assert!(!valid_workspace(bad), "{bad}");
        }
    }

    /// The relay (links made from the app) and `gendan-relay token …` change the file at once:
    /// every token made is kept, none written back over another.
    #[test]
    fn changes_from_several_writers_at_once_are_all_kept() {
        let dir = std::env::temp_dir().join(format!("gendan-tokens-race-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let made: Vec<String> = std::thread::scope(|s| {
            let writers: Vec<_> = (0..6)
                .map(|_| {
                    s.spawn(|| {
                        (0..15)
                            .map(|_| create(&dir, "acme", None, None).expect("create").0.id)
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            writers
                .into_iter()
                .flat_map(|w| w.join().expect("writer"))
                .collect()
        });
        let kept: BTreeSet<String> = list(&dir)
            .expect("list")
            .into_iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(kept.len(), made.len(), "a token was written over");
        assert_eq!(kept, made.into_iter().collect::<BTreeSet<_>>());
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn create_list_check_revoke() {
        let dir = std::env::temp_dir().join(format!("gendan-tokens-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let doc = DocumentId::from_bytes([4; 16]).to_string();
        let (ws, ws_token) = create(&dir, "acme", None, Some("office".into())).expect("create");
        let (scoped, scoped_token) =
            create(&dir, "acme", Some(vec![doc.clone()]), None).expect("create");
        assert!(create(&dir, "acme", Some(vec!["nope".into()]), None).is_err());
        let text = fs::read_to_string(dir.join(TOKENS_FILE)).expect("file");
        assert!(!text.contains(&ws_token), "token text must not be stored");
        assert_eq!(list(&dir).expect("list").len(), 2);

        let table = TokenTable::load(&dir).expect("load");
        assert_eq!(
            table.check(&ws_token).map(|g| g.token_id),
            Some(ws.id.clone())
        );
        let grant = table.check(&scoped_token).expect("scoped");
        let id: DocumentId = doc.parse().expect("id");
        assert!(grant.may_read(Some(&Owner::new("acme", id))));
        assert!(!grant.may_read(Some(&Owner::new("other", id))));
        assert!(!grant.may_read(Some(&Owner::new("acme", DocumentId::from_bytes([5; 16])))));
        assert!(!grant.may_read(None));
        assert!(table.check("gdn_wrong").is_none());

        revoke(&dir, &scoped.id, None).expect("revoke");
        assert!(TokenTable::load(&dir)
            .expect("load")
            .check(&scoped_token)
            .is_none());
        assert!(matches!(
            revoke(&dir, "zzz", None),
            Err(TokenError::UnknownId(_))
        ));
        let _ = fs::remove_dir_all(&dir);
    }

    /// A file from when ids had 32 bits may hold two tokens of one id, here a factory's link of
    /// one workspace and the whole of another: each keeps its own grant, and one workspace
    /// revoking its link leaves the other's token alone.
    #[test]
    fn two_tokens_of_one_id_keep_their_own_grants() {
        let dir = std::env::temp_dir().join(format!("gendan-tokens-twins-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let doc = DocumentId::from_bytes([1; 16]).to_string();
        let (link, link_token) = create(&dir, "acme", Some(vec![doc.clone()]), None).expect("link");
        let (whole, whole_token) = create(&dir, "rival", None, None).expect("whole");
        let mut file = load(&dir).expect("load");
        for t in &mut file.tokens {
            t.id = "ab12".into();
        }
        store(&dir, &file).expect("store");

        let table = TokenTable::load(&dir).expect("load");
        let (a, b) = (
            table.check(&link_token).expect("link"),
            table.check(&whole_token).expect("whole"),
        );
        assert_ne!(a.token_id, b.token_id, "one grant for two tokens");
        assert_eq!((a.workspace.as_str(), a.docs.is_some()), ("acme", true));
        assert_eq!((b.workspace.as_str(), b.docs.is_none()), ("rival", true));
        let grants = table.grants();
        assert_eq!(grants.len(), 2);
        assert_eq!(grants.get(&a.token_id), Some(&a));
        // Stable while both exist: a reload names them the same.
        assert_eq!(TokenTable::load(&dir).expect("load").grants(), grants);

        let gone = revoke(&dir, "ab12", Some("acme")).expect("revoke");
        assert_eq!(gone.sha256, link.sha256);
        let table = TokenTable::load(&dir).expect("load");
        assert!(table.check(&link_token).is_none());
        let left = table
            .check(&whole_token)
            .expect("the other workspace's token stays");
        assert_eq!(left.token_id, "ab12");
        assert_eq!(whole.workspace, "rival");
        assert!(matches!(
            revoke(&dir, "ab12", Some("acme")),
            Err(TokenError::UnknownId(_))
        ));
        let _ = fs::remove_dir_all(&dir);
    }
}
