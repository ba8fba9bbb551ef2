//! The PostgreSQL store (`gendan-relay serve --database postgres://…`): documents as chunk
//! rows, owners and tokens in tables shared by every relay given the same database, and the
//! `LISTEN/NOTIFY` channel through which each relay hears what the others committed.
//!
//! Schema (created at start, under an advisory lock so relays starting together agree):
//!
//! ```text
//! gendan_chunks      seq bigserial, doc_id, kind (0 snapshot, 1 incremental), hash, bytes
//!                    unique (doc_id, kind, hash): a chunk written twice is one row
//! gendan_doc_owners  doc_id primary key (the storage key, see `docs.rs`), workspace,
//!                    name (the id on the wire; null: the key, stored before namespaces)
//! gendan_tokens      id primary key, workspace, docs text[] (null: the whole workspace),
//!                    label, sha256 unique, created
//! ```
//!
//! A group commit is one transaction: the batch's owner rows, its chunk rows, and one
//! `pg_notify('gendan_docs', '<key> <workspace> <id or -> <origin> <bytes> <head>,…')` per
//! changed document (the bytes its chunks added, for the other relays' quota counts), which
//! PostgreSQL delivers to every listening relay only once the transaction committed.
//! The hub sends no acknowledgement before `COMMIT` returned (`synchronous_commit` on: the
//! WAL is flushed).
//!
//! Compaction with many writers: a relay's in-memory document may lack chunks another relay
//! committed meanwhile. So compaction locks the document's rows (`FOR UPDATE`), merges them
//! into a copy of the document, writes the snapshot of that, and deletes exactly the rows
//! it read; a chunk committed after the read is left for the next compaction.
//!
//! Blocking and async. The hub is a plain thread and tokio-postgres is async: the store
//! owns a small runtime on its own thread that drives the connections; a call spawns its
//! query there and waits on a std channel, which works from any thread (inside the hub's
//! runtime too, where `block_on` would panic). One connection serves the queries, one at a
//! time (a transaction needs the connection to itself); a second one only listens. A
//! connection that broke (the database restarted) is replaced on the next call; until the
//! database is back every commit fails, so every connection of the batch is closed
//! unacknowledged and its peer re-sends later.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use gendan_sync::automerge::{Automerge, ChangeHash};
use gendan_sync::sync_limits::stored_ops_at_least;
use gendan_sync::DocumentId;
use sha2::{Digest, Sha256};
use tokio::sync::{mpsc, Mutex};
use tokio_postgres::types::ToSql;
use tokio_postgres::{AsyncMessage, Client, NoTls};

use crate::docs::{check_chunk, is_complete, Damage, DocReport, OnDisk, Owner};
use crate::hub::Command;
use crate::store::{Batch, Store};
use crate::tokens::{self, TokenError, TokenRecord, TokenTable};

/// The NOTIFY channel every relay listens on.
const CHANNEL: &str = "gendan_docs";

/// A query (or a transaction) that takes longer fails: the hub must not hang on a database
/// that stopped answering.
const QUERY_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Heads carried in a notification at most (PostgreSQL's payload limit is 8,000 bytes); a
/// document with more is simply reloaded by whoever hears of it.
const MAX_NOTIFIED_HEADS: usize = 64;

const SCHEMA: &str = "
BEGIN;
SELECT pg_advisory_xact_lock(74210016);
CREATE TABLE IF NOT EXISTS gendan_chunks (
    seq bigserial PRIMARY KEY,
    doc_id text NOT NULL,
    kind smallint NOT NULL,
    hash text NOT NULL,
    bytes bytea NOT NULL,
    UNIQUE (doc_id, kind, hash)
);
CREATE TABLE IF NOT EXISTS gendan_doc_owners (
    doc_id text PRIMARY KEY,
    workspace text NOT NULL
);
ALTER TABLE gendan_doc_owners ADD COLUMN IF NOT EXISTS name text;
CREATE TABLE IF NOT EXISTS gendan_tokens (
    id text PRIMARY KEY,
    workspace text NOT NULL,
    docs text[],
    label text,
    sha256 text NOT NULL UNIQUE,
    created bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS gendan_sync_states (
    token_id text NOT NULL,
    storage_id text NOT NULL,
    bytes bytea NOT NULL,
    saved bigint NOT NULL,
    PRIMARY KEY (token_id, storage_id)
);
COMMIT;
";

const SNAPSHOT: i16 = 0;
const INCREMENTAL: i16 = 1;

/// Why a database call failed.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Pg(#[from] tokio_postgres::Error),
    #[error("{0}")]
    Refused(String),
}

type Call<'c, T> = Pin<Box<dyn Future<Output = Result<T, Failure>> + Send + 'c>>;

/// Documents, owners and tokens in PostgreSQL (see the module docs).
pub(crate) struct PgStore {
    url: String,
    runtime: tokio::runtime::Handle,
    client: Arc<Mutex<Option<Client>>>,
    /// This relay's name in its notifications, so it knows its own (random, per start).
    origin: String,
    /// Dropped with the store: ends the runtime's thread.
    _stop: tokio::sync::oneshot::Sender<()>,
}

async fn connect(url: &str) -> Result<Client, Failure> {
    let connecting = tokio_postgres::connect(url, NoTls);
    let (client, connection) = tokio::time::timeout(CONNECT_TIMEOUT, connecting)
        .await
        .map_err(|_| Failure::Refused("connecting to the database timed out".into()))??;
    tokio::spawn(async move {
        if let Err(err) = connection.await {
            tracing::warn!(error = %err, "database connection ended");
        }
    });
    Ok(client)
}

/// A random name for this relay's notifications.
fn origin() -> String {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        // Unique enough among the relays of one database.
        bytes = (u64::from(std::process::id()) << 32 ^ crate::hub::now_ms()).to_le_bytes();
    }
    hex::encode(bytes)
}

fn io_err(err: Failure) -> io::Error {
    // The database's disk is full: the hub tells the peers so (they keep their changes).
    let full = matches!(&err, Failure::Pg(e)
        if e.code() == Some(&tokio_postgres::error::SqlState::DISK_FULL));
    let kind = if full {
        io::ErrorKind::StorageFull
    } else {
        io::ErrorKind::Other
    };
    io::Error::new(kind, err.to_string())
}

impl PgStore {
    /// Starts the store's runtime, connects and creates the schema if needed.
    pub fn connect(url: &str) -> io::Result<Arc<PgStore>> {
        let (handle_tx, handle_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("gendan-pg".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(err) => {
                        let _ = handle_tx.send(Err(err));
                        return;
                    }
                };
                let _ = handle_tx.send(Ok(runtime.handle().clone()));
                runtime.block_on(async {
                    let _ = stopped.await;
                });
            })?;
        let runtime = handle_rx
            .recv()
            .map_err(|_| io::Error::other("database runtime did not start"))??;
        let store = Arc::new(PgStore {
            url: url.to_owned(),
            runtime,
            client: Arc::new(Mutex::new(None)),
            origin: origin(),
            _stop: stop,
        });
        store.run(|c| Box::pin(async move { Ok(c.batch_execute(SCHEMA).await?) }))?;
        Ok(store)
    }

    /// Runs `f` with the query connection (connecting first if it is missing or broke) on
    /// the store's runtime, and waits for its result.
    fn run<T, F>(&self, f: F) -> io::Result<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut Client) -> Call<'c, T> + Send + 'static,
    {
        let (tx, rx) = std::sync::mpsc::channel();
        let slot = Arc::clone(&self.client);
        let url = self.url.clone();
        self.runtime.spawn(async move {
            let result = async {
                let mut guard = slot.lock().await;
                if guard.as_ref().is_none_or(Client::is_closed) {
                    *guard = None;
                    *guard = Some(connect(&url).await?);
                }
                let Some(client) = guard.as_mut() else {
                    return Err(Failure::Refused("no database connection".into()));
                };
                let result = match tokio::time::timeout(QUERY_TIMEOUT, f(client)).await {
                    Ok(result) => result,
                    Err(_) => Err(Failure::Refused("database call timed out".into())),
                };
                if let Err(err) = &result {
                    // A broken or hung connection is replaced by the next call.
                    let broken = match err {
                        Failure::Pg(e) => e.is_closed(),
                        Failure::Refused(_) => true,
                    };
                    if broken || guard.as_ref().is_none_or(Client::is_closed) {
                        *guard = None;
                    }
                }
                result
            }
            .await;
            let _ = tx.send(result);
        });
        rx.recv()
            .map_err(|_| io::Error::other("database task ended"))?
            .map_err(io_err)
    }

    fn token_records(&self) -> io::Result<Vec<TokenRecord>> {
        self.run(|c| {
            Box::pin(async move {
                let rows = c
                    .query(
                        "SELECT id, workspace, docs, label, sha256, created FROM gendan_tokens ORDER BY created, id",
                        &[],
                    )
                    .await?;
                rows.iter().map(record_of).collect()
            })
        })
    }
}

fn record_of(row: &tokio_postgres::Row) -> Result<TokenRecord, Failure> {
    let created: i64 = row.try_get(5)?;
    Ok(TokenRecord {
        id: row.try_get(0)?,
        workspace: row.try_get(1)?,
        docs: row.try_get(2)?,
        label: row.try_get(3)?,
        sha256: row.try_get(4)?,
        created: u64::try_from(created).unwrap_or(0),
    })
}

fn db_token_err(err: io::Error) -> TokenError {
    TokenError::Database(err.to_string())
}

/// What one notification says: a document (its key and owner) changed in one commit, which
/// added `added` bytes of chunks to it, made by the relay `origin`.
struct Note<'a> {
    key: &'a DocumentId,
    owner: &'a Owner,
    heads: &'a [ChangeHash],
    added: u64,
    origin: &'a str,
}

/// `<key> <workspace> <id or -> <origin> <bytes added> <head>,<head>…`
fn payload(note: &Note<'_>) -> String {
    let heads: Vec<String> = if note.heads.len() <= MAX_NOTIFIED_HEADS {
        note.heads.iter().map(|h| h.to_string()).collect()
    } else {
        Vec::new()
    };
    let name = if note.owner.name == *note.key {
        "-".to_owned()
    } else {
        note.owner.name.to_string()
    };
    format!(
        "{} {} {name} {} {} {}",
        note.key,
        note.owner.workspace,
        note.origin,
        note.added,
        heads.join(",")
    )
}

/// The hub command a notification stands for; `None` if it is not one of ours. The bytes a
/// commit of this relay (`own_origin`) added are counted already: they are not told again.
fn parse_payload(text: &str, own_origin: &str) -> Option<Command> {
    let mut parts = text.splitn(6, ' ');
    let doc = parts.next()?.parse::<DocumentId>().ok()?;
    let workspace = parts.next()?;
    let name = match parts.next()? {
        "-" => None,
        name => Some(name.parse::<DocumentId>().ok()?),
    };
    let origin = parts.next()?;
    let added: u64 = parts.next()?.parse().ok()?;
    let heads = parts
        .next()
        .unwrap_or("")
        .split(',')
        .filter(|h| !h.is_empty())
        .map(|h| h.parse::<ChangeHash>().ok())
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default();
    Some(Command::Remote {
        doc,
        owner: Owner::checked(&doc, workspace, name)?,
        heads,
        added_elsewhere: if origin == own_origin { 0 } else { added },
    })
}

impl PgStore {
    /// `gendan-relay check --database`: every document with a chunk row that does not load or
    /// whose changes wait for missing ones, without changing anything. A damaged row stays
    /// where it is (compaction never deletes a row that did not load), so the report names
    /// its row instead of a quarantine file.
    pub(crate) fn check_all(&self) -> io::Result<Vec<DocReport>> {
        let ids: Vec<String> = self.run(|c| {
            Box::pin(async move {
                let rows = c
                    .query(
                        "SELECT DISTINCT doc_id FROM gendan_chunks ORDER BY doc_id",
                        &[],
                    )
                    .await?;
                rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
            })
        })?;
        let owners = self.owners()?;
        let mut reports = Vec::new();
        for text in ids {
            let report = match text.parse::<DocumentId>() {
                Ok(id) => DocReport::loaded(text, self.load(&id, false)?).owned(&owners),
                Err(_) => {
                    let mut report = DocReport::loaded(text, None);
                    report.damaged.push(Damage {
                        path: "gendan_chunks".into(),
                        error: "rows under a name that is not a document id".into(),
                    });
                    report
                }
            };
            if report.is_worth_reporting() {
                reports.push(report);
            }
        }
        Ok(reports)
    }
}

impl Store for PgStore {
    fn load(&self, id: &DocumentId, _quarantine: bool) -> io::Result<Option<OnDisk>> {
        let key = id.to_string();
        let rows: Vec<(i16, i64, Vec<u8>)> = self.run(move |c| {
            Box::pin(async move {
                let rows = c
                    .query(
                        "SELECT kind, seq, bytes FROM gendan_chunks WHERE doc_id = $1 ORDER BY kind, seq",
                        &[&key],
                    )
                    .await?;
                rows.iter()
                    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
                    .collect()
            })
        })?;
        if rows.is_empty() {
            return Ok(None);
        }
        let mut doc = Automerge::new();
        let mut damaged = Vec::new();
        let mut incrementals = 0;
        for (kind, seq, bytes) in rows {
            let result = check_chunk(&bytes).and_then(|()| {
                doc.load_incremental(&bytes)
                    .map(drop)
                    .map_err(|e| e.to_string())
            });
            match result {
                Ok(()) => incrementals += usize::from(kind == INCREMENTAL),
                Err(error) => {
                    // Left in its row (compaction never deletes a row that did not load);
                    // reported like a quarantined file.
                    tracing::warn!(document = %id, seq, %error, "damaged chunk row");
                    damaged.push(Damage {
                        path: format!("gendan_chunks/{seq}").into(),
                        error,
                    });
                }
            }
        }
        Ok(Some(OnDisk {
            doc,
            incrementals,
            damaged,
        }))
    }

    fn is_big(
        &self,
        id: &DocumentId,
        max_bytes: u64,
        max_ops: u64,
        max_inflated: u64,
    ) -> io::Result<bool> {
        let key = id.to_string();
        let limit = i64::try_from(max_bytes).unwrap_or(i64::MAX);
        // Every row's size, and its bytes (snapshots too: one deflated column by column can
        // say megabytes in kilobytes) only when the document's rows together are under
        // `max_bytes`: a big document is big by its size alone, and need not be fetched.
        let (total, chunks): (i64, Vec<u8>) = self.run(move |c| {
            Box::pin(async move {
                let rows = c
                    .query(
                        "SELECT octet_length(bytes)::bigint, \
                         CASE WHEN sum(octet_length(bytes)::bigint) OVER () < $2 THEN bytes END \
                         FROM gendan_chunks WHERE doc_id = $1 ORDER BY kind, seq",
                        &[&key, &limit],
                    )
                    .await?;
                let mut total = 0i64;
                let mut chunks = Vec::new();
                for r in &rows {
                    total = total.saturating_add(r.try_get::<_, i64>(0)?);
                    if let Some(bytes) = r.try_get::<_, Option<Vec<u8>>>(1)? {
                        chunks.extend(bytes);
                    }
                }
                Ok((total, chunks))
            })
        })?;
        if u64::try_from(total).unwrap_or(u64::MAX) >= max_bytes {
            return Ok(true);
        }
        Ok(stored_ops_at_least(&chunks, max_ops, max_inflated) == Some(true))
    }

    fn compact(&self, id: &DocumentId, doc: &Automerge) -> io::Result<bool> {
        if !is_complete(doc) {
            return Ok(false);
        }
        let key = id.to_string();
        let mut merged = doc.clone();
        self.run(move |c| {
            Box::pin(async move {
                let tx = c.transaction().await?;
                let rows = tx
                    .query(
                        "SELECT seq, bytes FROM gendan_chunks WHERE doc_id = $1 FOR UPDATE",
                        &[&key],
                    )
                    .await?;
                // Rows another relay committed that this copy lacks join the snapshot; only
                // rows that loaded are deleted.
                let mut covered = Vec::new();
                for r in &rows {
                    let seq: i64 = r.try_get(0)?;
                    let bytes: Vec<u8> = r.try_get(1)?;
                    if check_chunk(&bytes).is_ok() && merged.load_incremental(&bytes).is_ok() {
                        covered.push(seq);
                    }
                }
                if !is_complete(&merged) {
                    return Ok(false);
                }
                let heads: String = merged.get_heads().iter().map(|h| h.to_string()).collect();
                let hash = hex::encode(Sha256::digest(heads.as_bytes()));
                tx.execute(
                    "DELETE FROM gendan_chunks WHERE seq = ANY($1)",
                    &[&covered],
                )
                .await?;
                tx.execute(
                    "INSERT INTO gendan_chunks (doc_id, kind, hash, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    &[&key, &SNAPSHOT, &hash, &merged.save()],
                )
                .await?;
                tx.commit().await?;
                Ok(true)
            })
        })
    }

    fn doc_bytes(&self, ids: &[DocumentId]) -> io::Result<HashMap<DocumentId, u64>> {
        let keys: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
        self.run(move |c| {
            Box::pin(async move {
                let rows = c
                    .query(
                        "SELECT doc_id, sum(octet_length(bytes))::bigint FROM gendan_chunks \
                         WHERE doc_id = ANY($1) GROUP BY doc_id",
                        &[&keys],
                    )
                    .await?;
                let mut out = HashMap::new();
                for r in &rows {
                    let id: String = r.try_get(0)?;
                    let bytes: i64 = r.try_get(1)?;
                    if let Ok(id) = id.parse::<DocumentId>() {
                        out.insert(id, bytes.max(0) as u64);
                    }
                }
                Ok(out)
            })
        })
    }

    fn owners(&self) -> io::Result<HashMap<DocumentId, Owner>> {
        self.run(|c| {
            Box::pin(async move {
                let rows = c
                    .query("SELECT doc_id, workspace, name FROM gendan_doc_owners", &[])
                    .await?;
                owner_map(&rows)
            })
        })
    }

    fn owners_of(&self, ids: &[DocumentId]) -> io::Result<HashMap<DocumentId, Owner>> {
        let keys: Vec<String> = ids.iter().map(|id| id.to_string()).collect();
        self.run(move |c| {
            Box::pin(async move {
                let rows = c
                    .query(
                        "SELECT doc_id, workspace, name FROM gendan_doc_owners WHERE doc_id = ANY($1)",
                        &[&keys],
                    )
                    .await?;
                owner_map(&rows)
            })
        })
    }

    fn commit(&self, batch: &mut Batch) -> io::Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(batch);
        let origin = self.origin.clone();
        self.run(move |c| {
            Box::pin(async move {
                let tx = c.transaction().await?;
                for (id, owner) in &batch.owners {
                    let workspace = &owner.workspace;
                    let name = (owner.name != *id).then(|| owner.name.to_string());
                    // The existing owner if another relay claimed it first (the same
                    // workspace: a key is its workspace's own).
                    let row = tx
                        .query_one(
                            "INSERT INTO gendan_doc_owners (doc_id, workspace, name) VALUES ($1, $2, $3) \
                             ON CONFLICT (doc_id) DO UPDATE SET workspace = gendan_doc_owners.workspace \
                             RETURNING workspace",
                            &[&id.to_string(), workspace, &name],
                        )
                        .await?;
                    let owner: String = row.try_get(0)?;
                    if owner != *workspace {
                        return Err(Failure::Refused(format!(
                            "document {id} belongs to another workspace"
                        )));
                    }
                }
                if !batch.chunks.is_empty() {
                    let insert = tx
                        .prepare(
                            "INSERT INTO gendan_chunks (doc_id, kind, hash, bytes) VALUES ($1, 1, $2, $3) ON CONFLICT DO NOTHING",
                        )
                        .await?;
                    let rows: Vec<(String, String, &Vec<u8>)> = batch
                        .chunks
                        .iter()
                        .map(|(id, bytes)| {
                            (id.to_string(), hex::encode(Sha256::digest(bytes)), bytes)
                        })
                        .collect();
                    // Pipelined: one round trip's wait for the whole batch.
                    futures_util::future::try_join_all(
                        rows.iter()
                            .map(|(id, hash, bytes)| {
                                let params: [&(dyn ToSql + Sync); 3] = [id, hash, *bytes];
                                tx.execute_raw(&insert, params)
                            }),
                    )
                    .await?;
                }
                // Bytes each document's chunks add, in one pass over the batch's chunks.
                let mut added: HashMap<DocumentId, u64> = HashMap::new();
                for (of, bytes) in &batch.chunks {
                    *added.entry(*of).or_default() += bytes.len() as u64;
                }
                let notes: Vec<String> = batch
                    .changed
                    .iter()
                    .map(|(key, (owner, heads))| {
                        payload(&Note {
                            key,
                            owner,
                            heads,
                            added: added.get(key).copied().unwrap_or(0),
                            origin: &origin,
                        })
                    })
                    .collect();
                futures_util::future::try_join_all(
                    notes
                        .iter()
                        .map(|note| {
                            let params: [&(dyn ToSql + Sync); 2] = [&CHANNEL, note];
                            tx.execute_raw("SELECT pg_notify($1, $2)", params)
                        }),
                )
                .await?;
                tx.commit().await?;
                Ok(())
            })
        })
    }

    fn tokens(&self) -> Result<TokenTable, TokenError> {
        Ok(TokenTable::from_records(
            self.token_records().map_err(db_token_err)?,
        ))
    }

    fn create_token(
        &self,
        workspace: &str,
        docs: Option<Vec<String>>,
        label: Option<String>,
    ) -> Result<(TokenRecord, String), TokenError> {
        let (record, token) = tokens::new_record(workspace, docs, label)?;
        let row = record.clone();
        self.run(move |c| {
            Box::pin(async move {
                let created = i64::try_from(row.created).unwrap_or(i64::MAX);
                c.execute(
                    "INSERT INTO gendan_tokens (id, workspace, docs, label, sha256, created) VALUES ($1, $2, $3, $4, $5, $6)",
                    &[&row.id, &row.workspace, &row.docs, &row.label, &row.sha256, &created],
                )
                .await?;
                Ok(())
            })
        })
        .map_err(db_token_err)?;
        Ok((record, token))
    }

    fn list_tokens(&self) -> Result<Vec<TokenRecord>, TokenError> {
        self.token_records().map_err(db_token_err)
    }

    fn revoke_token(&self, id: &str, workspace: Option<&str>) -> Result<TokenRecord, TokenError> {
        let (key, space) = (id.to_owned(), workspace.map(str::to_owned));
        let removed = self
            .run(move |c| {
                Box::pin(async move {
                    let rows = c
                        .query(
                            "DELETE FROM gendan_tokens WHERE id = $1 AND ($2::text IS NULL OR workspace = $2) RETURNING id, workspace, docs, label, sha256, created",
                            &[&key, &space],
                        )
                        .await?;
                    rows.first().map(record_of).transpose()
                })
            })
            .map_err(db_token_err)?;
        removed.ok_or_else(|| TokenError::UnknownId(id.to_owned()))
    }

    fn kept_sync(&self, token_id: &str, storage_id: &str) -> io::Result<Option<Vec<u8>>> {
        let (token, storage) = (token_id.to_owned(), storage_id.to_owned());
        self.run(move |c| {
            Box::pin(async move {
                let row = c
                    .query_opt(
                        "SELECT bytes FROM gendan_sync_states WHERE token_id = $1 AND storage_id = $2",
                        &[&token, &storage],
                    )
                    .await?;
                Ok(row.map(|r| r.get::<_, Vec<u8>>(0)))
            })
        })
    }

    fn keep_sync(&self, token_id: &str, storage_id: &str, bytes: &[u8]) -> io::Result<()> {
        if bytes.len() > crate::store::MAX_KEPT_BYTES {
            return Ok(());
        }
        let (token, storage, bytes) = (token_id.to_owned(), storage_id.to_owned(), bytes.to_vec());
        let saved = crate::hub::now_ms() as i64;
        let keep = crate::store::MAX_KEPT_PEERS as i64;
        self.run(move |c| {
            Box::pin(async move {
                c.execute(
                    "INSERT INTO gendan_sync_states (token_id, storage_id, bytes, saved) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (token_id, storage_id) \
                     DO UPDATE SET bytes = EXCLUDED.bytes, saved = EXCLUDED.saved",
                    &[&token, &storage, &bytes, &saved],
                )
                .await?;
                // The token's least recently kept peers beyond the bound go.
                c.execute(
                    "DELETE FROM gendan_sync_states WHERE token_id = $1 AND storage_id NOT IN \
                     (SELECT storage_id FROM gendan_sync_states WHERE token_id = $1 \
                      ORDER BY saved DESC LIMIT $2)",
                    &[&token, &keep],
                )
                .await?;
                Ok(())
            })
        })
    }

    fn is_shared(&self) -> bool {
        true
    }

    fn listen(&self, hub: mpsc::Sender<Command>) {
        let (url, origin) = (self.url.clone(), self.origin.clone());
        let hub = hub.downgrade();
        self.runtime.spawn(async move {
            loop {
                match listen_once(&url, &origin, &hub).await {
                    Ok(true) => return,
                    Ok(false) => tracing::warn!("database notifications ended; reconnecting"),
                    Err(err) => {
                        tracing::warn!(error = %err, "cannot listen for database notifications")
                    }
                }
                if hub.upgrade().is_none() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        });
    }
}

fn owner_map(rows: &[tokio_postgres::Row]) -> Result<HashMap<DocumentId, Owner>, Failure> {
    let mut map = HashMap::new();
    for r in rows {
        let id: String = r.try_get(0)?;
        let workspace: String = r.try_get(1)?;
        let name: Option<String> = r.try_get(2)?;
        let Ok(id) = id.parse::<DocumentId>() else {
            continue;
        };
        let name = match name.map(|n| n.parse::<DocumentId>()) {
            None => None,
            Some(Ok(name)) => Some(name),
            Some(Err(_)) => continue,
        };
        if let Some(owner) = Owner::checked(&id, &workspace, name) {
            map.insert(id, owner);
        }
    }
    Ok(map)
}

/// Listens on one connection until it ends (`Ok(false)`) or the hub is gone (`Ok(true)`).
/// Once listening, the hub is told to catch up (`Resync`): notifications sent while no
/// connection listened are lost.
async fn listen_once(
    url: &str,
    origin: &str,
    hub: &mpsc::WeakSender<Command>,
) -> Result<bool, Failure> {
    let connecting = tokio_postgres::connect(url, NoTls);
    let (client, mut connection) = tokio::time::timeout(CONNECT_TIMEOUT, connecting)
        .await
        .map_err(|_| Failure::Refused("connecting to the database timed out".into()))??;
    let (notes_tx, mut notes) = mpsc::unbounded_channel::<String>();
    let driver = tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            match message {
                Ok(AsyncMessage::Notification(n)) => {
                    if notes_tx.send(n.payload().to_owned()).is_err() {
                        return;
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    tracing::warn!(error = %err, "database listener connection failed");
                    return;
                }
            }
        }
    });
    let listening = client.batch_execute(&format!("LISTEN {CHANNEL}")).await;
    if let Err(err) = listening {
        driver.abort();
        return Err(err.into());
    }
    let Some(sender) = hub.upgrade() else {
        driver.abort();
        return Ok(true);
    };
    if sender.send(Command::Resync).await.is_err() {
        driver.abort();
        return Ok(true);
    }
    drop(sender);
    while let Some(note) = notes.recv().await {
        let Some(command) = parse_payload(&note, origin) else {
            continue;
        };
        let Some(sender) = hub.upgrade() else {
            driver.abort();
            return Ok(true);
        };
        if sender.send(command).await.is_err() {
            driver.abort();
            return Ok(true);
        }
    }
    drop(client);
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notification_payload_round_trip() {
        let id = DocumentId::from_bytes([3; 16]);
        let heads = vec![ChangeHash([7; 32]), ChangeHash([9; 32])];
        let key = crate::docs::storage_key("acme", &id);
        let owner = Owner::new("acme", id);
        for (doc_key, heads, added) in [
            (id, heads.clone(), 0),
            (key, heads.clone(), 812),
            (key, Vec::new(), 5),
        ] {
            let note = Note {
                key: &doc_key,
                owner: &owner,
                heads: &heads,
                added,
                origin: "r1",
            };
            let text = payload(&note);
            for (hearer, told) in [("r2", added), ("r1", 0)] {
                let Some(Command::Remote {
                    doc,
                    owner: parsed_owner,
                    heads: parsed,
                    added_elsewhere,
                }) = parse_payload(&text, hearer)
                else {
                    panic!("not parsed: {text}");
                };
                assert_eq!(
                    (doc, &parsed_owner, &parsed, added_elsewhere),
                    (doc_key, &owner, &heads, told),
                    "{text} heard by {hearer}"
                );
            }
        }
        let many = vec![ChangeHash([1; 32]); MAX_NOTIFIED_HEADS + 1];
        let note = Note {
            key: &key,
            owner: &owner,
            heads: &many,
            added: 1,
            origin: "r1",
        };
        assert!(payload(&note).len() < 200);
        // A name whose key is not the one notified is not believed.
        assert!(parse_payload(&format!("{key} evil {id} r1 0 "), "r2").is_none());
        assert!(parse_payload("not-a-doc acme - r1 0 ", "r2").is_none());
        assert!(parse_payload(&format!("{id} ../etc - r1 0 "), "r2").is_none());
        assert!(parse_payload(&format!("{id} acme - r1 lots "), "r2").is_none());
    }
}
