//! The repository: loads, commits and persists order documents, and is the app's only writer.
//!
//! Each commit goes hydrate → mutate → reconcile (in `gendan_domain::document::commit`), then its
//! incremental bytes and the order's summary are written in one IndexedDB transaction. Only when
//! that transaction completes does the UI hear "saved". A failed write (a full disk, say) stays
//! queued in memory, in order, and is retried; records that fail to load are quarantined with their
//! bytes kept, and every other order keeps working.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::rc::Rc;

use gendan_domain::agenda::Agenda;
use gendan_domain::automerge::AutoCommit;
use gendan_domain::commercial::{books_id, new_books};
use gendan_domain::document::{self, Author, Root};
use gendan_domain::inspection;
use gendan_domain::money_waivers::{self, ForBooks};
use gendan_domain::qty_revision::{save_header, Reviser};
use gendan_domain::report_facts::ReportFacts;
use gendan_domain::workspace::{OrderRef, Workspace};
use gendan_domain::{Commercial, DocumentId, DomainError, Order, OrderStatus};
use js_sys::Array;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::IdbDatabase;

use super::idb::{self, CHUNKS, META, QUARANTINE, SUMMARIES};
use super::report_index::KeptJson;
use super::waivers::{self, WaiverHome};
use super::StoreError;
use crate::platform::{now_ms, random_bytes};
use gendan_domain::sorting::{sort_by_key, sort_dedup};

/// An edit as the commit path takes it: a trait object, so that path (hydrate, reconcile, summary,
/// persist) is compiled once per document and result type instead of once per caller's closure.
/// With ~70 callers that was a few hundred KB of wasm.
pub(crate) type Edit<'a, T, R> = Box<dyn FnOnce(&mut T) -> Result<R, DomainError> + 'a>;

/// Compact once this many incremental chunks pile up, as samod does.
const COMPACT_AFTER_CHUNKS: usize = 10;

/// Why an edit did not happen: a rule refused it, or storage failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum EditError {
    #[error(transparent)]
    Rule(#[from] DomainError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<gendan_domain::DocError> for EditError {
    fn from(e: gendan_domain::DocError) -> Self {
        EditError::Store(e.into())
    }
}

/// What the order list shows without loading the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Summary {
    pub id: String,
    pub customer_po: String,
    pub customer: String,
    pub style_no: String,
    pub status: String,
    pub ex_factory: Option<String>,
    pub total_qty: u64,
    pub updated_ms: f64,
    /// Set when the document could not be loaded; the row then links to Settings.
    #[serde(default)]
    pub damaged: bool,
    /// The factory's party id ("" when none is named).
    #[serde(default)]
    pub factory: String,
    /// The earliest due date of the milestones not yet done, for the "late" filter.
    #[serde(default)]
    pub next_due: Option<String>,
    /// The goods have left the factory (a shipment or the ex-factory milestone has a date).
    #[serde(default)]
    pub shipped: bool,
    /// The order's status history or shipped dates need a decision (`lifecycle::violations`
    /// without gates): Today reads such an order even when it is cancelled or closed.
    #[serde(default)]
    pub unsettled: bool,
    /// The customer's party id when the order links one ("" for a typed name): the list says
    /// the party's current name, so a rename shows without the order being saved again. A
    /// summary from before has none and shows `customer` until [`Repo::check_all`] fills it in.
    #[serde(default)]
    pub customer_party: String,
    /// The order's commercial document id ("" when none is linked), so a change to the money
    /// finds the summary whose agenda it makes stale.
    #[serde(default)]
    pub commercial: String,
    /// Whether the order references photos or files (`blob_refs::of_order`), so a nearby
    /// device's file offer reads only the orders that do; `None` in a summary from before,
    /// which is read as "maybe".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_blobs: Option<bool>,
    /// Whether the order holds records its books would take (office-only files or money
    /// waivers an old build kept on it: `office_records::may_hold`), so the books' arrival
    /// reads only the orders that do; `None` in a summary from before (one that said only
    /// whether office files were there, under another name), read as "maybe".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_records: Option<bool>,
    /// The factories the order's final lots count at ([`inspection::final_lot_factories`]),
    /// so a factory's switching rules also read an order moved away from it; `None` in a
    /// summary from before, read as "maybe" until [`Repo::check_all`] fills it in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot_factories: Option<Vec<String>>,
    /// Pieces the order still has to sew while it takes its factory's capacity
    /// ([`gendan_domain::capacity::books`]; 0 when it does not), so a factory's load is read
    /// from the summaries; `None` in a summary from before, until [`Repo::check_all`] fills it in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booked: Option<u64>,
    /// Each open PO as (supplier, the suspension it was kept under or ""), for Today to find
    /// the POs a supplier's suspension left waiting ([`gendan_domain::standing::open_pos`]);
    /// `None` in a summary from before, until [`Repo::check_all`] fills it in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_pos: Option<Vec<(String, String)>>,
    /// What Today needs from the order ([`Agenda`]); `None` until computed, and again after any
    /// change it was not computed with. A stored agenda that does not parse is dropped, not the
    /// summary (see `super::agenda`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::agenda::lenient"
    )]
    pub agenda: Option<Agenda>,
    /// What Reports needs from the order ([`ReportFacts`]: its KPIs and delay reports), kept as
    /// JSON that is read only when Reports asks ([`Summary::report_facts`]): read as a model with
    /// every summary, 10,000 of them made the app ~600 ms slower to open (as a string, ~80 ms).
    /// `None` in a summary from before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<KeptJson>,
    /// The stored bytes [`Repo::check_all`] last read without fault, and the code that read
    /// them ([`Fingerprint`]): the same bytes read by the same code load the same way, so the
    /// next start need not load the order again. Also set for an order that arrives new in a
    /// file or a catch-up answer, whose bytes the import loaded and read as they are stored.
    /// `None` once the order is saved or synced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<String>,
}

/// The list's fields a summary from an older build may lack, or hold as older rules judged them
/// (what a factory's capacity books, what needs a decision): [`Repo::check_all`] puts them right
/// without making the rest of the summary again.
#[derive(PartialEq)]
struct Listed {
    factory: String,
    next_due: Option<String>,
    shipped: bool,
    customer_party: String,
    commercial: String,
    lot_factories: Option<Vec<String>>,
    booked: Option<u64>,
    open_pos: Option<Vec<(String, String)>>,
    unsettled: bool,
}

impl Listed {
    fn of(o: &Order) -> Listed {
        Listed {
            factory: o.factory.clone().unwrap_or_default(),
            next_due: o
                .milestones
                .values()
                .filter(|m| m.actual.is_none())
                .filter_map(|m| m.due())
                .min()
                .map(|d| d.to_string()),
            shipped: o.shipped_on().is_some(),
            customer_party: o.customer_party.clone().unwrap_or_default(),
            commercial: o.commercial.clone().unwrap_or_default(),
            lot_factories: Some(inspection::final_lot_factories(o)),
            booked: Some(if gendan_domain::capacity::books(o) {
                gendan_domain::capacity::to_sew(o)
            } else {
                0
            }),
            open_pos: Some(gendan_domain::standing::open_pos(o)),
            unsettled: !gendan_domain::lifecycle::violations(
                o,
                None,
                &gendan_domain::lifecycle::Gates::none(),
            )
            .is_empty(),
        }
    }

    fn kept(s: &Summary) -> Listed {
        Listed {
            factory: s.factory.clone(),
            next_due: s.next_due.clone(),
            shipped: s.shipped,
            customer_party: s.customer_party.clone(),
            commercial: s.commercial.clone(),
            lot_factories: s.lot_factories.clone(),
            booked: s.booked,
            open_pos: s.open_pos.clone(),
            unsettled: s.unsettled,
        }
    }
}

impl Summary {
    pub(super) fn of(id: &str, o: &Order, now: f64) -> Summary {
        let listed = Listed::of(o);
        Summary {
            id: id.to_string(),
            customer_po: o.customer_po.clone(),
            customer: o.customer.clone(),
            style_no: o.style_no.clone(),
            status: o.status.code().to_string(),
            ex_factory: o.ex_factory.map(|d| d.to_string()),
            total_qty: o.quantities.total(),
            updated_ms: now,
            damaged: false,
            factory: listed.factory,
            next_due: listed.next_due,
            shipped: listed.shipped,
            unsettled: listed.unsettled,
            customer_party: listed.customer_party,
            commercial: listed.commercial,
            has_blobs: Some(!gendan_domain::blob_refs::of_order(o).is_empty()),
            office_records: Some(super::office_records::may_hold(o)),
            lot_factories: listed.lot_factories,
            booked: listed.booked,
            open_pos: listed.open_pos,
            agenda: None,
            report: KeptJson::of(&ReportFacts::of(o)),
            checked: None,
        }
    }

    /// Whether the order may reference photos or files: its summary says so, or (from before
    /// `has_blobs`) does not say. Readers of blob names skip the others.
    pub fn may_name_blobs(&self) -> bool {
        self.has_blobs != Some(false)
    }

    /// Whether records its books would take may be on the order: its summary says so, or
    /// (from before `office_records`) does not say.
    pub fn may_hold_office_records(&self) -> bool {
        self.office_records != Some(false)
    }

    /// Whether the order may hold final lots credited to `factory`: its summary lists it, or
    /// (from before `lot_factories`) does not say.
    pub fn may_hold_lots_of(&self, factory: &str) -> bool {
        self.lot_factories
            .as_ref()
            .is_none_or(|l| l.iter().any(|f| f == factory))
    }

    /// Reports' facts, when kept by this build and readable; `None` has Reports load the order.
    pub fn report_facts(&self) -> Option<ReportFacts> {
        self.report
            .as_ref()?
            .read::<ReportFacts>()
            .filter(ReportFacts::is_current)
    }

    pub fn status(&self) -> OrderStatus {
        OrderStatus::from_code(&self.status).unwrap_or_default()
    }
}

/// A record that failed to load, kept byte for byte.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Quarantined {
    pub id: String,
    pub error: String,
    pub bytes: usize,
    pub at_ms: f64,
}

/// The save indicator's state.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SaveState {
    Idle,
    Saving,
    Saved(f64),
    /// Writes are queued in memory; the message says why.
    Pending {
        count: usize,
        error: String,
    },
}

pub(super) enum Write {
    Put {
        store: &'static str,
        key: JsValue,
        value: JsValue,
    },
    Delete {
        store: &'static str,
        key: JsValue,
    },
}

pub(super) struct Loaded {
    pub(super) doc: AutoCommit,
    /// Keys `(kind, hash)` of the chunks on disk, so compaction knows what to delete.
    pub(super) chunks: Vec<(String, String)>,
    pub(super) incremental_bytes: usize,
    pub(super) snapshot_bytes: usize,
}

/// Told the ids of documents just written (see `Inner::on_write`).
pub(super) type WriteHook = Rc<dyn Fn(Vec<String>)>;

pub(super) struct Inner {
    pub(super) docs: HashMap<String, Loaded>,
    pub(super) workspace_id: String,
    pub(super) summaries: BTreeMap<String, Summary>,
    pub(super) quarantined: BTreeMap<String, Quarantined>,
    /// Documents a peer's copy of which could not be merged with this device's (why, by id):
    /// they stay as they are here; the screens say so. Not kept: the next connection finds out
    /// again.
    pub(super) unmerged: BTreeMap<String, String>,
    pending: VecDeque<Vec<Write>>,
    pub(super) author: Author,
    /// The workspace this device used before adopting a shared one (see `sync_docs.rs`).
    pub(super) previous_workspace: Option<String>,
    /// Other tabs of this app on this device; see `tabs.rs`.
    pub(super) tabs: Option<super::tabs::Tabs>,
    /// Told the ids of documents whose changes just reached IndexedDB: the relay client and,
    /// while one is open, a connection to a nearby device. Keyed so a listener can leave.
    pub(super) on_write: Vec<(u32, WriteHook)>,
    next_listener: u32,
    /// Told when a blob made here waits for upload (the blob uploader).
    pub(super) on_blob: Option<Rc<dyn Fn()>>,
    /// The identity of the code that reads stored orders (`platform::reader_id`), for
    /// [`Summary::checked`]; `None` records no checks, and every start loads every order.
    pub(super) reader: Option<String>,
    /// Asks whether this device is a factory's ([`Repo::is_factory_device`]): the app's sync
    /// settings say, which storage does not read itself (what reads stored orders is named
    /// by its own sources). None: not a factory's.
    pub(super) factory_device: Option<Rc<dyn Fn() -> bool>>,
}

/// The app's document store. Cheap to clone; all clones share one state.
#[derive(Clone)]
pub(crate) struct Repo {
    pub(super) db: IdbDatabase,
    pub(super) inner: Rc<RefCell<Inner>>,
}

pub(super) fn sha_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// What a document's stored chunks are, as read by one order reader ([`Summary::checked`]): a
/// digest of the reader's identity, then each chunk's key and bytes in key order.
pub(super) struct Fingerprint(Sha256);

impl Fingerprint {
    pub(super) fn new(reader: &str) -> Fingerprint {
        let mut f = Fingerprint(Sha256::new());
        f.field(reader.as_bytes());
        f
    }

    fn field(&mut self, b: &[u8]) {
        self.0.update((b.len() as u64).to_le_bytes());
        self.0.update(b);
    }

    pub(super) fn chunk(mut self, key: &[&str], bytes: &[u8]) -> Fingerprint {
        for part in key {
            self.field(part.as_bytes());
        }
        self.field(bytes);
        self
    }

    pub(super) fn finish(self) -> String {
        hex::encode(&self.0.finalize()[..16])
    }

    /// Of chunks as read from IndexedDB; `None` when a chunk is not bytes (that is damage, for
    /// the load to report).
    pub(super) fn of_stored(reader: &str, keys: &Array, values: &Array) -> Option<String> {
        // The same fields, in the same order, as `chunk` hashes.
        let mut f = Fingerprint::new(reader);
        for (k, v) in keys.iter().zip(values.iter()) {
            let key: Array = k.dyn_into().ok()?;
            for part in key.iter() {
                f.field(part.as_string()?.as_bytes());
            }
            f.field(&idb::to_bytes(&v).ok()?);
        }
        Some(f.finish())
    }
}

pub(super) fn summary_value(s: &Summary) -> Result<JsValue, StoreError> {
    serde_json::to_string(s)
        .map(|t| JsValue::from_str(&t))
        .map_err(|e| StoreError::Browser(e.to_string()))
}

impl Repo {
    /// Opens storage, the workspace document and the summaries. Damaged records are quarantined,
    /// never fatal.
    pub async fn open(author: Author) -> Result<Repo, StoreError> {
        Repo::open_in(idb::DB_NAME, author).await
    }

    /// Opens a named database; tests use their own so they never share state.
    pub async fn open_in(db_name: &str, author: Author) -> Result<Repo, StoreError> {
        let db = idb::open(db_name).await?;
        let repo = Repo {
            db,
            inner: Rc::new(RefCell::new(Inner {
                docs: HashMap::new(),
                workspace_id: String::new(),
                summaries: BTreeMap::new(),
                quarantined: BTreeMap::new(),
                unmerged: BTreeMap::new(),
                pending: VecDeque::new(),
                author,
                previous_workspace: None,
                tabs: None,
                on_write: Vec::new(),
                next_listener: 0,
                on_blob: None,
                reader: None,
                factory_device: None,
            })),
        };
        repo.read_index().await?;
        repo.open_workspace().await?;
        Ok(repo)
    }

    async fn read_index(&self) -> Result<(), StoreError> {
        let t = idb::transaction(&self.db, &[SUMMARIES, QUARANTINE], false)?;
        let (_, values) = idb::get_all(&idb::store(&t, SUMMARIES)?, None).await?;
        let (_, quarantined) = idb::get_all(&idb::store(&t, QUARANTINE)?, None).await?;
        let forget = self.index_read(&values, &quarantined);
        if !forget.is_empty() {
            // Only a cleanup: failing, the records are skipped again at the next start.
            let _ = self.persist(forget).await;
        }
        Ok(())
    }

    /// Takes in the summaries and quarantine records read at start; returns the deletions of
    /// quarantine records that name no damage.
    fn index_read(&self, values: &Array, quarantined: &Array) -> Vec<Write> {
        let mut inner = self.inner.borrow_mut();
        for v in values.iter() {
            // A summary is only a cache: one that does not parse is rebuilt from its document.
            if let Some(s) = v
                .as_string()
                .and_then(|t| serde_json::from_str::<Summary>(&t).ok())
            {
                inner.summaries.insert(s.id.clone(), s);
            }
        }
        let mut forget = Vec::new();
        for v in quarantined.iter() {
            if let Some(q) = v
                .as_string()
                .and_then(|t| serde_json::from_str::<Quarantined>(&t).ok())
            {
                // Earlier builds quarantined documents this device never had (the money of a
                // factory phone's orders, looked up by Today): no bytes and no order behind
                // them. Kept, such a record would keep the sync from ever bringing the document.
                if q.bytes == 0 && !inner.summaries.contains_key(&q.id) {
                    forget.push(Write::Delete {
                        store: QUARANTINE,
                        key: JsValue::from_str(&q.id),
                    });
                    continue;
                }
                inner.quarantined.insert(q.id.clone(), q);
            }
        }
        let ids: Vec<String> = inner.quarantined.keys().cloned().collect();
        for id in ids {
            if let Some(s) = inner.summaries.get_mut(&id) {
                s.damaged = true;
            }
        }
        forget
    }

    async fn open_workspace(&self) -> Result<(), StoreError> {
        let t = idb::transaction(&self.db, &[META], false)?;
        let stored = idb::get(&idb::store(&t, META)?, &JsValue::from_str("workspace")).await?;
        if let Some(id) = stored.as_string() {
            self.inner.borrow_mut().workspace_id = id.clone();
            match self.load_doc(&id).await {
                Ok(_) => {
                    self.adopt_listed_orders().await?;
                    self.migrate_priced_orders().await?;
                    return self.tidy_office_records_everywhere().await;
                }
                Err(e) => crate::platform::warn(&format!("workspace document quarantined: {e}")),
            }
        }
        // No workspace yet, or it was damaged: start one that lists every order we know of.
        let id = DocumentId::from_bytes(random_bytes()).to_string();
        // A new workspace starts with the standard T&A template and defect library.
        let mut ws = Workspace::seeded("");
        let known: Vec<String> = self.inner.borrow().summaries.keys().cloned().collect();
        for o in known {
            ws.orders.insert(
                o,
                OrderRef {
                    created_ms: now_ms() as i64,
                },
            );
        }
        let author = self.inner.borrow().author.clone();
        let doc = document::create(random_bytes(), &author, now_ms() as i64, &ws)?;
        self.inner.borrow_mut().workspace_id = id.clone();
        let mut writes = vec![
            self.hold_new(&id, doc),
            Write::Put {
                store: META,
                key: JsValue::from_str("workspace"),
                value: JsValue::from_str(&id),
            },
        ];
        if self.holds_no_documents().await {
            // A new device holds no order an old build wrote, and every order that arrives later
            // is migrated as it arrives (file, catch-up, sync): without this, its second start
            // loaded every order it had received (2 s before the list at 10,000).
            writes.push(Write::Put {
                store: META,
                key: JsValue::from_str(super::migrate::DONE_KEY),
                value: JsValue::from_str("done"),
            });
        }
        self.persist(writes).await
    }

    /// Nothing at all is stored: a new device (a damaged workspace leaves its orders' chunks).
    async fn holds_no_documents(&self) -> bool {
        let read = async {
            let t = idb::transaction(&self.db, &[CHUNKS], false)?;
            idb::count(&idb::store(&t, CHUNKS)?).await
        };
        matches!(read.await, Ok(n) if n == 0.0)
    }

    /// Orders listed by the workspace but without a summary (e.g. one lost to a damaged cache)
    /// get one rebuilt from their document.
    async fn adopt_listed_orders(&self) -> Result<(), StoreError> {
        let ws = self.workspace()?;
        for id in ws.orders.keys() {
            let known = {
                let inner = self.inner.borrow();
                inner.summaries.contains_key(id) || inner.quarantined.contains_key(id)
            };
            if !known {
                if let Ok(order) = self.order(id).await {
                    let s = Summary::of(id, &order, now_ms());
                    self.inner
                        .borrow_mut()
                        .summaries
                        .insert(id.clone(), s.clone());
                    self.persist(vec![Write::Put {
                        store: SUMMARIES,
                        key: JsValue::from_str(id),
                        value: summary_value(&s)?,
                    }])
                    .await?;
                }
            }
        }
        Ok(())
    }

    fn workspace(&self) -> Result<Workspace, StoreError> {
        let inner = self.inner.borrow();
        let loaded = inner
            .docs
            .get(&inner.workspace_id)
            .ok_or_else(|| StoreError::Corrupt("workspace document is not loaded".into()))?;
        Ok(document::read::<Workspace>(&loaded.doc)?)
    }

    /// Loads a document only if something is stored for it: a document this device never had is
    /// not damaged, so it must not be quarantined.
    pub(super) async fn load_doc_quietly(&self, id: &str) -> Result<(), StoreError> {
        if self.inner.borrow().docs.contains_key(id) {
            return Ok(());
        }
        let t = idb::transaction(&self.db, &[CHUNKS], false)?;
        let (keys, _) = idb::get_all(&idb::store(&t, CHUNKS)?, Some(&idb::doc_range(id)?)).await?;
        if keys.length() == 0 {
            return Err(StoreError::NotHere(id.to_string()));
        }
        self.load_doc(id).await
    }

    /// Adds a listener for documents written to IndexedDB (sync connections push them); the
    /// returned key removes it with [`Repo::off_write`].
    pub fn on_write(&self, hook: impl Fn(Vec<String>) + 'static) -> u32 {
        let mut inner = self.inner.borrow_mut();
        inner.next_listener += 1;
        let key = inner.next_listener;
        inner.on_write.push((key, Rc::new(hook)));
        key
    }

    pub fn off_write(&self, key: u32) {
        self.inner.borrow_mut().on_write.retain(|(k, _)| *k != key);
    }

    /// Names the code that reads stored orders (`platform::reader_id`), so checks of stored
    /// orders are recorded ([`Summary::checked`]) and trusted at the next start.
    pub fn set_reader(&self, reader: Option<String>) {
        self.inner.borrow_mut().reader = reader;
    }

    /// Sets who hears that a blob made on this device waits for upload.
    pub fn on_blob(&self, hook: impl Fn() + 'static) {
        self.inner.borrow_mut().on_blob = Some(Rc::new(hook));
    }

    pub(super) fn tell_blob_waiting(&self) {
        let hook = self.inner.borrow().on_blob.clone();
        if let Some(hook) = hook {
            hook();
        }
    }

    /// Reads a document's chunks and loads them; on failure the bytes go to quarantine.
    pub(super) async fn load_doc(&self, id: &str) -> Result<(), StoreError> {
        if self.inner.borrow().docs.contains_key(id) {
            return Ok(());
        }
        let t = idb::transaction(&self.db, &[CHUNKS], false)?;
        let (keys, values) =
            idb::get_all(&idb::store(&t, CHUNKS)?, Some(&idb::doc_range(id)?)).await?;
        self.install(id, keys, values).await
    }

    /// Loads several documents whose chunks are read in one IndexedDB transaction, the requests
    /// pipelined: walking thousands of orders, a transaction per document costs more than the
    /// reading. Documents already loaded are skipped, and so are those not stored here; one that
    /// fails to load is quarantined alone.
    pub(super) async fn load_docs(&self, ids: &[String]) {
        let wanted: Vec<String> = {
            let inner = self.inner.borrow();
            ids.iter()
                .filter(|id| !inner.docs.contains_key(*id) && !inner.quarantined.contains_key(*id))
                .cloned()
                .collect()
        };
        for (id, read) in wanted.iter().zip(self.read_chunks(&wanted).await) {
            match read {
                // Nothing stored: this device never had the document (a factory phone's orders
                // link money it is never sent). Missing is not damaged: quarantining it would
                // list it as broken and keep the sync from ever bringing it.
                Ok((keys, _)) if keys.length() == 0 => {}
                Ok((keys, values)) => {
                    let _ = self.install(id, keys, values).await;
                }
                Err(_) => {}
            }
        }
    }

    /// Each document's stored chunks (keys, values), read in one transaction.
    pub(super) async fn read_chunks(
        &self,
        ids: &[String],
    ) -> Vec<Result<(Array, Array), StoreError>> {
        let store = match idb::transaction(&self.db, &[CHUNKS], false)
            .and_then(|t| idb::store(&t, CHUNKS))
        {
            Ok(s) => s,
            Err(e) => return ids.iter().map(|_| Err(e.clone())).collect(),
        };
        let reads = ids.iter().map(|id| {
            let store = store.clone();
            async move { idb::get_all(&store, Some(&idb::doc_range(id)?)).await }
        });
        futures::future::join_all(reads).await
    }

    /// Loads a document from its stored chunks; on failure the bytes go to quarantine.
    async fn install(&self, id: &str, keys: Array, values: Array) -> Result<(), StoreError> {
        let mut all = Vec::new();
        let mut chunks = Vec::new();
        let (mut incremental_bytes, mut snapshot_bytes) = (0, 0);
        let mut problem = None;
        for (k, v) in keys.iter().zip(values.iter()) {
            let key: Array = k.unchecked_into();
            let kind = key.get(1).as_string().unwrap_or_default();
            let hash = key.get(2).as_string().unwrap_or_default();
            match idb::to_bytes(&v) {
                Ok(b) => {
                    if kind == "snapshot" {
                        snapshot_bytes += b.len();
                    } else {
                        incremental_bytes += b.len();
                    }
                    all.push((kind.clone(), b));
                }
                Err(e) => problem = Some(e),
            }
            chunks.push((kind, hash));
        }
        // Snapshots first, then changes: automerge applies changes whose dependencies it has.
        sort_by_key(&mut all, |(kind, _)| kind != "snapshot");
        let result = match problem {
            Some(e) => Err(e),
            None if all.is_empty() => Err(StoreError::Corrupt(
                "no stored data for this document".into(),
            )),
            None => {
                let mut doc = AutoCommit::new();
                let mut res = Ok(());
                for (_, b) in &all {
                    if let Err(e) = doc.load_incremental(b) {
                        res = Err(StoreError::Corrupt(e.to_string()));
                        break;
                    }
                }
                res.and_then(|_| {
                    if doc.get_heads().is_empty() {
                        Err(StoreError::Corrupt(
                            "the stored bytes hold no changes".into(),
                        ))
                    } else {
                        Ok(doc)
                    }
                })
            }
        };
        match result {
            Ok(mut doc) => {
                doc.set_actor(gendan_domain::automerge::ActorId::from(random_bytes::<16>()));
                self.inner.borrow_mut().docs.insert(
                    id.to_string(),
                    Loaded {
                        doc,
                        chunks,
                        incremental_bytes,
                        snapshot_bytes,
                    },
                );
                Ok(())
            }
            Err(e) => {
                let size = all.iter().map(|(_, b)| b.len()).sum();
                let raw: Vec<u8> = all.into_iter().flat_map(|(_, b)| b).collect();
                self.quarantine(id, &e.to_string(), size, &raw).await;
                Err(e)
            }
        }
    }

    /// Records a damaged document: its error and a copy of its bytes. The original chunks stay
    /// where they are, so a later version that can read them loses nothing.
    async fn quarantine(&self, id: &str, error: &str, size: usize, raw: &[u8]) {
        let q = Quarantined {
            id: id.to_string(),
            error: error.to_string(),
            bytes: size,
            at_ms: now_ms(),
        };
        let record = serde_json::to_string(&q).unwrap_or_default();
        {
            let mut inner = self.inner.borrow_mut();
            inner.quarantined.insert(id.to_string(), q);
            if let Some(s) = inner.summaries.get_mut(id) {
                s.damaged = true;
            }
        }
        let mut writes = vec![
            Write::Put {
                store: QUARANTINE,
                key: JsValue::from_str(id),
                value: JsValue::from_str(&record),
            },
            Write::Put {
                store: QUARANTINE,
                key: JsValue::from_str(&format!("{id}#bytes")),
                value: idb::bytes(raw),
            },
        ];
        // An order's books set aside: the order's agenda counted their money, and is made
        // again as one whose money does not read (Today and Reports say so).
        match self.money_changed(&[id.to_string()]) {
            Ok(more) => writes.extend(more),
            Err(e) => crate::platform::warn(&format!("agenda of {id}'s order kept: {e}")),
        }
        if let Err(e) = self.persist(writes).await {
            crate::platform::warn(&format!("could not record quarantine of {id}: {e}"));
        }
    }

    /// Takes `id` out of quarantine once it reads again (put back here, or by another device
    /// whose restore arrived): the deletions of its records. Nothing for a document that was not
    /// quarantined.
    pub(super) fn release(inner: &mut Inner, id: &str) -> Vec<Write> {
        if inner.quarantined.remove(id).is_none() {
            return Vec::new();
        }
        if let Some(s) = inner.summaries.get_mut(id) {
            s.damaged = false;
        }
        [id.to_string(), format!("{id}#bytes")]
            .into_iter()
            .map(|key| Write::Delete {
                store: QUARANTINE,
                key: JsValue::from_str(&key),
            })
            .collect()
    }

    /// The order, loaded from storage if needed.
    pub async fn order(&self, id: &str) -> Result<Order, StoreError> {
        if let Some(q) = self.inner.borrow().quarantined.get(id) {
            return Err(StoreError::Corrupt(q.error.clone()));
        }
        self.load_doc(id).await?;
        let read = {
            let inner = self.inner.borrow();
            let loaded = inner
                .docs
                .get(id)
                .ok_or_else(|| StoreError::Corrupt("not loaded".into()))?;
            document::read::<Order>(&loaded.doc)
        };
        match read {
            Ok(o) => Ok(o),
            Err(e) => {
                let raw = self
                    .inner
                    .borrow_mut()
                    .docs
                    .remove(id)
                    .map(|mut l| l.doc.save())
                    .unwrap_or_default();
                self.quarantine(id, &e.to_string(), raw.len(), &raw).await;
                Err(e.into())
            }
        }
    }

    pub fn summaries(&self) -> Vec<Summary> {
        self.inner.borrow().summaries.values().cloned().collect()
    }

    pub fn quarantined(&self) -> Vec<Quarantined> {
        self.inner.borrow().quarantined.values().cloned().collect()
    }

    /// A peer's copy of `id` does not merge with this device's (`gendan_sync::Event::DocRefused`).
    pub fn note_unmerged(&self, id: &str, reason: &str) {
        self.inner
            .borrow_mut()
            .unmerged
            .insert(id.to_string(), reason.to_string());
    }

    /// Documents whose copy elsewhere did not merge with this device's, with why.
    pub fn unmerged(&self) -> BTreeMap<String, String> {
        self.inner.borrow().unmerged.clone()
    }

    pub fn set_author(&self, author: Author) {
        self.inner.borrow_mut().author = author;
    }

    /// Creates an order and lists it in the workspace; one transaction writes both.
    pub async fn create_order(&self, order: &Order) -> Result<String, StoreError> {
        let id = DocumentId::from_bytes(random_bytes()).to_string();
        let author = self.inner.borrow().author.clone();
        let now = now_ms();
        // The order links its books from the start, and the device that creates it holds them:
        // a device that receives the order without them (a factory) knows the money is
        // elsewhere, so it neither shows nor waives it, nor starts books of its own.
        let mut order = order.clone();
        let books = order.commercial.is_none().then(|| books_id(&id));
        if let Some(books) = &books {
            order.commercial = Some(books.clone());
        }
        let order = &order;
        let doc = document::create(random_bytes(), &author, now as i64, order)?;
        let summary = Summary::of(&id, order, now);
        let mut writes = vec![
            self.hold_new(&id, doc),
            Write::Put {
                store: SUMMARIES,
                key: JsValue::from_str(&id),
                value: summary_value(&summary)?,
            },
        ];
        let ws_id = self.inner.borrow().workspace_id.clone();
        let order_id = id.clone();
        writes.extend(self.commit_doc::<Workspace>(&ws_id, move |w| {
            w.orders.insert(
                order_id,
                OrderRef {
                    created_ms: now as i64,
                },
            );
        })?);
        if let Some(books) = books {
            writes.push(self.hold_new(&books, new_books(&id)?));
        }
        self.inner
            .borrow_mut()
            .summaries
            .insert(id.clone(), summary);
        self.persist(writes).await?;
        Ok(id)
    }

    /// Saves a form: only what changed between `base` (as the form opened) and `edited` is
    /// applied to the document's current state. `who` and `reason` sign a change of the
    /// quantities after goods left (a cut of them after release), which is refused without a
    /// reason (`gendan_domain::qty_revision::save_header`).
    pub async fn save_order(
        &self,
        id: &str,
        base: &Order,
        edited: &Order,
        (who, reason): (&str, &str),
    ) -> Result<Order, EditError> {
        let (b, e) = (base.clone(), edited.clone());
        let (who, reason) = (who.to_string(), reason.to_string());
        let change_id = crate::platform::new_record_id();
        self.edit_order(id, move |cur| {
            let by = Reviser {
                who: &who,
                today: crate::platform::today(),
                reason: &reason,
                change_id: &change_id,
            };
            save_header(&b, &e, cur, by)
        })
        .await
        .map(|(order, ())| order)
    }

    /// The general edit path for an order: hydrate → `edit` → reconcile → persist, with the
    /// summary kept in step. Returns the order as saved and what `edit` returned. Every edit also
    /// completes the T&A milestones whose records it made happen (`links::complete_linked`), so
    /// no screen can approve a sample and leave its milestone open, and records the factory of an
    /// order whose goods left under an older build (`factory_change::fill_in_shipped`).
    pub async fn edit_order<R>(
        &self,
        id: &str,
        edit: impl FnOnce(&mut Order) -> Result<R, DomainError>,
    ) -> Result<(Order, R), EditError> {
        self.edit_order_boxed(id, Box::new(edit)).await
    }

    /// [`Repo::edit_order`] that also hands back the order's books when the edit wrote to them
    /// (a money gate it waived, [`gendan_domain::money_waivers`]), so the screen shows them.
    pub async fn edit_order_seen<R>(
        &self,
        id: &str,
        edit: impl FnOnce(&mut Order) -> Result<R, DomainError>,
    ) -> Result<(Order, R, Option<Commercial>), EditError> {
        self.edit_order_books(id, Box::new(edit)).await
    }

    async fn edit_order_boxed<R>(
        &self,
        id: &str,
        edit: Edit<'_, Order, R>,
    ) -> Result<(Order, R), EditError> {
        let (order, out, _) = self.edit_order_books(id, edit).await?;
        Ok((order, out))
    }

    async fn edit_order_books<R>(
        &self,
        id: &str,
        edit: Edit<'_, Order, R>,
    ) -> Result<(Order, R, Option<Commercial>), EditError> {
        self.load_doc(id).await?;
        // Only an order that links its books can keep a waiver in them; asked first, so that a
        // waiver its books cannot take is refused before anything is written.
        let home = self.waiver_home(id).await;
        let edit = |o: &mut Order| -> Result<(R, ForBooks), EditError> {
            let before = money_waivers::Before::of(o);
            let out = edit(o)?;
            gendan_domain::links::complete_linked(o);
            gendan_domain::factory_change::fill_in_shipped(o);
            let money = match &home {
                WaiverHome::Order => ForBooks::default(),
                WaiverHome::Create { .. } | WaiverHome::RefusedUnlinked(_) => {
                    money_waivers::take_for_new_books(&before, o)
                }
                WaiverHome::Books(_) | WaiverHome::Refused(_) => {
                    money_waivers::take_for_books(&before, o)
                }
            };
            match (&home, money.is_empty()) {
                (WaiverHome::Refused(why) | WaiverHome::RefusedUnlinked(why), false) => {
                    return Err(waivers::refused(id, why))
                }
                (WaiverHome::Create { cid, .. }, false) => o.commercial = Some(cid.clone()),
                _ => {}
            }
            Ok((out, money))
        };
        let (mut writes, (out, money)) = self.try_commit_doc::<Order, _, EditError>(id, edit)?;
        let books = if money.is_empty() {
            None
        } else {
            match self.keep_waivers(id, &home, &money, &mut writes) {
                Ok(books) => books,
                Err(e) => {
                    // The order's edit is committed in memory only: put away, it reads again as
                    // stored, so the move never stands without its waiver (nor books made for
                    // it without their first snapshot).
                    let made = match &home {
                        WaiverHome::Create { cid, held: false } => Some(cid.as_str()),
                        _ => None,
                    };
                    self.put_away_unsaved(Some(id), made);
                    return Err(e);
                }
            }
        };
        let order = self.order(id).await?;
        writes.push(self.summary_write(id, &order)?);
        self.persist(writes).await?;
        if books.is_some() && matches!(home, WaiverHome::Create { .. }) {
            self.books_linked_now(id).await;
        }
        Ok((order, out, books))
    }

    /// The order's summary made anew (with its agenda), kept in memory, and its write.
    pub(super) fn summary_write(&self, id: &str, order: &Order) -> Result<Write, StoreError> {
        let mut summary = Summary::of(id, order, now_ms());
        summary.agenda = self.agenda_now(id, order);
        let write = Write::Put {
            store: SUMMARIES,
            key: JsValue::from_str(id),
            value: summary_value(&summary)?,
        };
        self.inner
            .borrow_mut()
            .summaries
            .insert(id.to_string(), summary);
        Ok(write)
    }

    /// Where an order that no longer reads last did, and what putting it back would undo
    /// ([`gendan_domain::restore`]); `None` when it reads, or never did.
    pub async fn order_restore_point(
        &self,
        id: &str,
    ) -> Result<Option<gendan_domain::restore::RestorePoint>, StoreError> {
        self.read_loaded(id, gendan_domain::restore::restore_point::<Order>)
            .await
    }

    /// Loads `id` and lets `read` look at its document (which may not read as anything).
    pub(super) async fn read_loaded<R>(
        &self,
        id: &str,
        read: impl FnOnce(&mut AutoCommit) -> R,
    ) -> Result<R, StoreError> {
        self.load_doc(id).await?;
        let mut inner = self.inner.borrow_mut();
        let loaded = inner
            .docs
            .get_mut(id)
            .ok_or_else(|| StoreError::Corrupt(format!("document {id} is not loaded")))?;
        Ok(read(&mut loaded.doc))
    }

    /// Writes a broken order back as it was at `heads` (its [`Repo::order_restore_point`]), as
    /// one change every device receives; the changes after stay in its history.
    pub async fn restore_order(
        &self,
        id: &str,
        heads: &[gendan_domain::automerge::ChangeHash],
    ) -> Result<Order, EditError> {
        self.load_doc(id).await?;
        let (mut writes, _) = self.restore_doc::<Order>(id, heads)?;
        // A version from before office-only files, waivers or notes went to the books holds
        // them: they go to the books again in the same batch, never back to where the factory
        // reads them.
        let (moved, blobs) = match self.office_records_after_restore(id).await {
            Ok(moved) => moved,
            Err(e) => {
                // The restore is in memory only: put away, the order reads again as stored
                // (and the books, should they have taken the files before the order failed).
                let books = self.linked_books(id);
                self.put_away_unsaved(Some(id), books.as_deref());
                return Err(e);
            }
        };
        writes.extend(moved);
        // Out of quarantine only once nothing can refuse the restore any more.
        writes.extend(Self::release(&mut self.inner.borrow_mut(), id));
        let order = self.order(id).await?;
        writes.push(self.summary_write(id, &order)?);
        self.persist(writes).await?;
        if blobs {
            self.tell_blob_waiting();
        }
        Ok(order)
    }

    /// The writes that put the loaded document `id` back as it was at `heads`
    /// ([`gendan_domain::restore::restore`]), and its value then; refused, with the document
    /// untouched, when it would still not read.
    fn restore_doc<T: Root>(
        &self,
        id: &str,
        heads: &[gendan_domain::automerge::ChangeHash],
    ) -> Result<(Vec<Write>, T), EditError> {
        self.write_doc::<T, EditError>(id, |doc, author| {
            Ok(gendan_domain::restore::restore::<T>(
                doc,
                author,
                now_ms() as i64,
                heads,
            )?)
        })
    }

    /// Where the team's document last read, when it does not now ([`gendan_domain::restore`]).
    pub fn workspace_restore_point(&self) -> Option<gendan_domain::restore::RestorePoint> {
        let mut inner = self.inner.borrow_mut();
        let id = inner.workspace_id.clone();
        let loaded = inner.docs.get_mut(&id)?;
        gendan_domain::restore::restore_point::<Workspace>(&mut loaded.doc)
    }

    /// Writes the team's document back as it was at `heads`, as one change every device
    /// receives.
    pub async fn restore_workspace(
        &self,
        heads: &[gendan_domain::automerge::ChangeHash],
    ) -> Result<Workspace, EditError> {
        let id = self.inner.borrow().workspace_id.clone();
        let (writes, ws) = self.restore_doc::<Workspace>(&id, heads)?;
        self.persist(writes).await?;
        Ok(ws)
    }

    /// The workspace: parties, people, templates, defect library, settings.
    pub fn workspace_value(&self) -> Result<Workspace, StoreError> {
        self.workspace()
    }

    pub async fn edit_workspace<R>(
        &self,
        edit: impl FnOnce(&mut Workspace) -> Result<R, DomainError>,
    ) -> Result<(Workspace, R), EditError> {
        self.edit_workspace_boxed(Box::new(edit)).await
    }

    async fn edit_workspace_boxed<R>(
        &self,
        edit: Edit<'_, Workspace, R>,
    ) -> Result<(Workspace, R), EditError> {
        let id = self.inner.borrow().workspace_id.clone();
        let (writes, out) =
            self.try_commit_doc::<Workspace, R, EditError>(&id, |w| Ok(edit(w)?))?;
        self.persist(writes).await?;
        Ok((self.workspace()?, out))
    }

    /// The id of `order`'s commercial document, when it links one that can be: not the order
    /// itself, another order, or the workspace ([`StoreError::MoneyLink`]). Any device that
    /// shares the order may write its fields, so the link is checked wherever money is read or
    /// written through it.
    pub(crate) fn money_link(
        &self,
        order_id: &str,
        order: &Order,
    ) -> Result<Option<String>, StoreError> {
        self.sound_link(order_id, order.commercial.clone())
    }

    /// [`Repo::money_link`] for the link an order names.
    pub(super) fn sound_link(
        &self,
        order_id: &str,
        link: Option<String>,
    ) -> Result<Option<String>, StoreError> {
        sound_link_in(&self.inner.borrow(), order_id, link)
    }

    /// Loads the books `cid` that `order_id` links and checks the link again, now that they
    /// say whose they are ([`books_name`]).
    pub(super) async fn load_books(&self, order_id: &str, cid: &str) -> Result<(), StoreError> {
        self.load_doc_quietly(cid).await?;
        self.sound_link(order_id, Some(cid.to_string())).map(|_| ())
    }

    /// The order's commercial document (prices, payments), if this device has it; an error when
    /// it is here but does not read (a peer's change broke it: [`Repo::books_restore_point`]).
    pub async fn commercial(&self, order_id: &str) -> Result<Option<Commercial>, StoreError> {
        let order = self.order(order_id).await?;
        if !self.inner.borrow().summaries.contains_key(order_id) {
            return Ok(None);
        }
        let Some(cid) = self.books_here(order_id, &order).await? else {
            return Ok(None);
        };
        Ok(Some(
            self.read_loaded(&cid, |doc| document::read::<Commercial>(doc))
                .await??,
        ))
    }

    /// Where the order's books last read, when they are on this device and do not read now
    /// ([`gendan_domain::restore`]).
    pub async fn books_restore_point(
        &self,
        order_id: &str,
    ) -> Result<Option<gendan_domain::restore::RestorePoint>, StoreError> {
        self.read_books(
            order_id,
            gendan_domain::restore::restore_point::<Commercial>,
        )
        .await
    }

    /// Writes the order's broken books back as they were at `heads` (their
    /// [`Repo::books_restore_point`]), as one change every device holding them receives; the
    /// order's agenda follows the money put back.
    pub async fn restore_books(
        &self,
        order_id: &str,
        heads: &[gendan_domain::automerge::ChangeHash],
    ) -> Result<Commercial, EditError> {
        self.write_books(order_id, |this, cid| {
            this.restore_doc::<Commercial>(cid, heads)
        })
        .await
    }

    /// What a merge did to the order's prices, read in one look at its books: those a
    /// currency switch made on another device relabelled, and those two devices set at once
    /// ([`gendan_domain::relabelled`]); none when its books are not here.
    pub async fn price_merges(
        &self,
        order_id: &str,
    ) -> Result<
        (
            Vec<gendan_domain::relabelled::Relabelled>,
            Vec<gendan_domain::relabelled::Competing>,
        ),
        StoreError,
    > {
        self.read_books(order_id, |doc| {
            (
                gendan_domain::relabelled::relabelled(doc),
                gendan_domain::relabelled::competing(doc),
            )
        })
        .await
    }

    /// A person confirms the order's relabelled prices in the currency they now read in
    /// ([`gendan_domain::relabelled::confirm`]), as one change every device holding the books
    /// receives. Returns how many were.
    pub async fn confirm_relabelled(&self, order_id: &str) -> Result<usize, EditError> {
        self.write_books(order_id, |this, cid| {
            this.write_doc::<usize, EditError>(cid, |doc, author| {
                Ok(gendan_domain::relabelled::confirm(
                    doc,
                    author,
                    now_ms() as i64,
                )?)
            })
        })
        .await
    }

    /// Keeps value `choice` of one of the order's competing prices (its
    /// [`gendan_domain::relabelled::Competing::path`]), as one change every device holding the
    /// books receives.
    pub async fn keep_price(
        &self,
        order_id: &str,
        path: &[&str],
        choice: usize,
    ) -> Result<(), EditError> {
        self.write_books(order_id, |this, cid| {
            this.resolve_writes::<EditError>(cid, path, choice)
        })
        .await
    }

    /// The id of `order`'s books, loaded, when they are stored on this device; `None` when it
    /// links none and those made for it are not here, or they are elsewhere. Quietly: books this device was never sent (a
    /// factory's, or an office device's before they arrive) are elsewhere, not damaged;
    /// quarantined, they would be listed as broken and refused by the money link until the
    /// next start.
    async fn books_here(
        &self,
        order_id: &str,
        order: &Order,
    ) -> Result<Option<String>, StoreError> {
        // No link (cleared by a hand-made change, or never made by an older build) while the
        // books made for the order are here: they are still its books. Read as having none,
        // the office would miss its receipts and count waivers made without books.
        let cid = books_to_read(&self.inner.borrow(), order_id, order)?;
        match self.load_books(order_id, &cid).await {
            Err(StoreError::NotHere(_)) => Ok(None),
            Err(StoreError::Corrupt(e)) => Err(books_damaged(&cid, &e)),
            Err(e) => Err(e),
            Ok(()) => Ok(Some(cid)),
        }
    }

    /// Lets `read` look at the order's books as a document (which may not read as anything);
    /// what `R::default()` says when the order has none here.
    async fn read_books<R: Default>(
        &self,
        order_id: &str,
        read: impl FnOnce(&mut AutoCommit) -> R,
    ) -> Result<R, StoreError> {
        let order = self.order(order_id).await?;
        match self.books_here(order_id, &order).await? {
            Some(cid) => self.read_loaded(&cid, read).await,
            None => Ok(R::default()),
        }
    }

    /// Persists `write`'s changes to the order's books (given their id) with the order's
    /// summary, whose agenda follows the money.
    async fn write_books<R>(
        &self,
        order_id: &str,
        write: impl FnOnce(&Self, &str) -> Result<(Vec<Write>, R), EditError>,
    ) -> Result<R, EditError> {
        let order = self.order(order_id).await?;
        let cid = self
            .money_link(order_id, &order)?
            .ok_or_else(|| StoreError::NotHere(books_id(order_id)))?;
        self.load_books(order_id, &cid).await?;
        let (mut writes, out) = write(self, &cid)?;
        writes.push(self.summary_write(order_id, &order)?);
        self.persist(writes).await?;
        Ok(out)
    }

    /// The writes that keep value `choice` of the competing values at `path` of the loaded
    /// document `id` ([`document::resolve`]).
    pub(super) fn resolve_writes<E: From<StoreError>>(
        &self,
        id: &str,
        path: &[&str],
        choice: usize,
    ) -> Result<(Vec<Write>, ()), E> {
        self.write_doc::<(), E>(id, |doc, author| {
            document::resolve(doc, author, now_ms() as i64, path, choice)
                .map_err(|e| E::from(StoreError::from(e)))
        })
    }

    /// Edits the order's commercial document, creating and linking it on first use.
    pub async fn edit_commercial<R>(
        &self,
        order_id: &str,
        edit: impl FnOnce(&mut Commercial) -> Result<R, DomainError>,
    ) -> Result<(Commercial, R), EditError> {
        self.edit_commercial_boxed(order_id, Box::new(edit)).await
    }

    async fn edit_commercial_boxed<R>(
        &self,
        order_id: &str,
        edit: Edit<'_, Commercial, R>,
    ) -> Result<(Commercial, R), EditError> {
        let order = self.order(order_id).await?;
        let mut writes = Vec::new();
        // Books made here now, for an order that linked none: dropped with the link if the
        // edit fails before its writes are queued.
        let mut made = None;
        let (cid, linked_now) = match self.money_link(order_id, &order)? {
            Some(cid) => {
                self.load_books(order_id, &cid).await?;
                (cid, false)
            }
            None => {
                // An order from before orders linked their books at creation: the books get the
                // derived id and first change, so two devices doing this offline write one
                // document, which merges, rather than two competing for the link.
                let (cid, held) = self.derived_books(order_id).await?;
                if !held {
                    writes.push(self.hold_new(&cid, new_books(order_id)?));
                    made = Some(cid.clone());
                }
                let link = cid.clone();
                match self.commit_doc::<Order>(order_id, move |o| o.commercial = Some(link)) {
                    Ok(more) => writes.extend(more),
                    Err(e) => {
                        self.put_away_unsaved(None, made.as_deref());
                        return Err(e.into());
                    }
                }
                (cid, true)
            }
        };
        // Whether the books took the edit in memory: a failure after that puts them away.
        let mut committed = false;
        let edited = async {
            let (mut more, out) =
                self.try_commit_doc::<Commercial, R, EditError>(&cid, |c| Ok(edit(c)?))?;
            committed = true;
            // A note the books now hold (the office keeps one from the factory) leaves the
            // order in the same batch: never in neither, nor left in both.
            more.extend(self.let_go_notes_held(order_id, &cid)?);
            // The money is part of the order's agenda (deposit and balance awaited, money
            // gates).
            let order = self.order(order_id).await?;
            let summary = self.summary_write(order_id, &order)?;
            Ok::<_, EditError>((more, summary, out))
        }
        .await;
        let out = match edited {
            Ok((more, summary, out)) => {
                writes.extend(more);
                writes.push(summary);
                out
            }
            Err(e) => {
                if committed {
                    // Changes held in memory only, which would never be written: both read
                    // again as stored.
                    self.put_away_unsaved(Some(order_id), Some(&cid));
                } else if linked_now {
                    // The link and the books' first snapshot were only in memory: put away,
                    // both read again as stored, and the next edit makes them anew.
                    self.put_away_unsaved(Some(order_id), made.as_deref());
                }
                return Err(e);
            }
        };
        self.persist(writes).await?;
        #[cfg(test)]
        if tests::PUT_AWAY_AFTER_SAVE.with(|p| p.replace(false)) {
            self.inner.borrow_mut().docs.remove(&cid);
        }
        if linked_now {
            self.books_linked_now(order_id).await;
        }
        // Saved: whatever happens now is no reason to say otherwise (the person would enter a
        // payment twice). Books put away meanwhile (a read that borrowed them ended) read again
        // as stored, the edit with them.
        if !self.inner.borrow().docs.contains_key(&cid) {
            self.load_doc(&cid).await?;
        }
        let value = {
            let inner = self.inner.borrow();
            let loaded = inner
                .docs
                .get(&cid)
                .ok_or_else(|| StoreError::Corrupt("not loaded".into()))?;
            document::read::<Commercial>(&loaded.doc)?
        };
        Ok((value, out))
    }

    /// Drops from memory an order whose edit failed after it was committed there (`order`),
    /// and books made for it whose first snapshot was never written (`made`): each reads again
    /// as stored when next asked for. Automerge's save marks what it saved, so a change held
    /// only in memory past a failed edit would never be written, and later changes that
    /// depend on it would not load.
    pub(super) fn put_away_unsaved(&self, order: Option<&str>, made: Option<&str>) {
        let mut inner = self.inner.borrow_mut();
        for id in order.into_iter().chain(made) {
            inner.docs.remove(id);
        }
    }

    /// Holds a new document in memory as loaded and returns the write that stores it as its first
    /// snapshot. Later edits on this device get a fresh random actor.
    pub(super) fn hold_new(&self, id: &str, mut doc: AutoCommit) -> Write {
        let bytes = doc.save();
        let hash = sha_hex(&bytes);
        doc.set_actor(gendan_domain::automerge::ActorId::from(random_bytes::<16>()));
        let write = Write::Put {
            store: CHUNKS,
            key: idb::chunk_key(id, "snapshot", &hash),
            value: idb::bytes(&bytes),
        };
        self.inner.borrow_mut().docs.insert(
            id.to_string(),
            Loaded {
                doc,
                chunks: vec![("snapshot".into(), hash)],
                incremental_bytes: 0,
                snapshot_bytes: bytes.len(),
            },
        );
        write
    }

    /// Commits an edit to a loaded document and returns the writes that persist it (compacting
    /// when enough incremental chunks have piled up).
    pub(super) fn commit_doc<T: Root>(
        &self,
        id: &str,
        edit: impl FnOnce(&mut T),
    ) -> Result<Vec<Write>, StoreError> {
        // An edit that cannot refuse has no rule to report: only storage can fail.
        self.try_commit_doc::<T, (), StoreError>(id, |v| {
            edit(v);
            Ok(())
        })
        .map(|(writes, ())| writes)
    }

    /// Like [`Repo::commit_doc`] for edits that may refuse (a closed gate, a bad value): a refusal
    /// leaves the document untouched and writes nothing.
    pub(super) fn try_commit_doc<
        T: Root,
        R,
        E: From<gendan_domain::DocError> + From<StoreError>,
    >(
        &self,
        id: &str,
        edit: impl FnOnce(&mut T) -> Result<R, E>,
    ) -> Result<(Vec<Write>, R), E> {
        self.write_doc(id, |doc, author| {
            document::commit::<T, R, E>(doc, author, now_ms() as i64, edit)
        })
    }

    /// Lets `write` change a loaded document under this device's author and returns the writes
    /// that persist the change: the one place an edit ([`Repo::try_commit_doc`]) or a restore
    /// ([`Repo::restore_order`]) turns into chunks.
    fn write_doc<R, E: From<StoreError>>(
        &self,
        id: &str,
        write: impl FnOnce(&mut AutoCommit, &gendan_domain::Author) -> Result<R, E>,
    ) -> Result<(Vec<Write>, R), E> {
        let mut inner = self.inner.borrow_mut();
        let author = inner.author.clone();
        let loaded = inner
            .docs
            .get_mut(id)
            .ok_or_else(|| StoreError::Corrupt(format!("document {id} is not loaded")))?;
        let out = write(&mut loaded.doc, &author)?;
        let incremental = loaded.doc.save_incremental();
        if incremental.is_empty() {
            return Ok((Vec::new(), out));
        }
        let mut writes = Vec::new();
        let incremental_count = loaded
            .chunks
            .iter()
            .filter(|(k, _)| k == "incremental")
            .count()
            + 1;
        let incremental_bytes = loaded.incremental_bytes + incremental.len();
        if incremental_count >= COMPACT_AFTER_CHUNKS
            || incremental_bytes > loaded.snapshot_bytes.max(1024)
        {
            let snapshot = loaded.doc.save();
            let heads: Vec<u8> = loaded.doc.get_heads().iter().flat_map(|h| h.0).collect();
            let hash = sha_hex(&heads);
            for (kind, h) in loaded.chunks.drain(..) {
                if !(kind == "snapshot" && h == hash) {
                    writes.push(Write::Delete {
                        store: CHUNKS,
                        key: idb::chunk_key(id, &kind, &h),
                    });
                }
            }
            writes.push(Write::Put {
                store: CHUNKS,
                key: idb::chunk_key(id, "snapshot", &hash),
                value: idb::bytes(&snapshot),
            });
            loaded.chunks.push(("snapshot".into(), hash));
            loaded.snapshot_bytes = snapshot.len();
            loaded.incremental_bytes = 0;
        } else {
            let hash = sha_hex(&incremental);
            writes.push(Write::Put {
                store: CHUNKS,
                key: idb::chunk_key(id, "incremental", &hash),
                value: idb::bytes(&incremental),
            });
            loaded.chunks.push(("incremental".into(), hash));
            loaded.incremental_bytes = incremental_bytes;
        }
        Ok((writes, out))
    }

    /// Queues the writes behind any still pending and flushes the queue in order. The call fails
    /// (with the writes still queued) when the browser refuses them.
    pub(super) async fn persist(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        self.inner.borrow_mut().pending.push_back(writes);
        self.flush().await
    }

    /// Writes every queued batch, oldest first, each in its own transaction.
    pub async fn flush(&self) -> Result<(), StoreError> {
        loop {
            let batch = match self.inner.borrow_mut().pending.pop_front() {
                Some(b) => b,
                None => return Ok(()),
            };
            match self.write_batch(&batch).await {
                Ok(()) => {
                    self.tell_tabs(&batch);
                    self.tell_writer(&batch);
                }
                Err(e) => {
                    self.inner.borrow_mut().pending.push_front(batch);
                    return Err(e);
                }
            }
        }
    }

    fn tell_writer(&self, batch: &[Write]) {
        let hooks: Vec<_> = self
            .inner
            .borrow()
            .on_write
            .iter()
            .map(|(_, h)| h.clone())
            .collect();
        if hooks.is_empty() {
            return;
        }
        let mut ids: Vec<String> = batch
            .iter()
            .filter_map(|w| match w {
                Write::Put { store, key, .. } if *store == CHUNKS => {
                    key.dyn_ref::<Array>().and_then(|k| k.get(0).as_string())
                }
                _ => None,
            })
            .collect();
        sort_dedup(&mut ids);
        if !ids.is_empty() {
            for hook in hooks {
                hook(ids.clone());
            }
        }
    }

    pub fn pending_count(&self) -> usize {
        self.inner.borrow().pending.len()
    }

    async fn write_batch(&self, batch: &[Write]) -> Result<(), StoreError> {
        let mut stores: Vec<&str> = batch
            .iter()
            .map(|w| match w {
                Write::Put { store, .. } | Write::Delete { store, .. } => *store,
            })
            .collect();
        sort_dedup(&mut stores);
        if stores.is_empty() {
            return Ok(());
        }
        let t = idb::transaction(&self.db, &stores, true)?;
        for w in batch {
            match w {
                Write::Put { store, key, value } => idb::put(&idb::store(&t, store)?, key, value)?,
                Write::Delete { store, key } => idb::delete(&idb::store(&t, store)?, key)?,
            }
        }
        idb::committed(&t).await
    }

    /// Loads every listed order once, a few at a time, so damage is found and reported even in
    /// orders nobody has opened yet, without blocking the first screen. Summaries written by an
    /// older version get the list's newer fields (factory, next milestone due, shipped, the
    /// customer's party id) and Reports' facts.
    ///
    /// With the order reader's identity ([`Repo::set_reader`]), an order whose stored bytes are
    /// those a check by this reader last read without fault (`Summary::checked`) is not loaded
    /// again: its bytes are read and hashed, which at 10,000 orders costs a fraction of loading
    /// each one. Without it, every order is loaded.
    pub async fn check_all(&self, mut yield_now: impl AsyncFnMut()) {
        let ids: Vec<String> = self.inner.borrow().summaries.keys().cloned().collect();
        let reader = self.inner.borrow().reader.clone();
        let reader = reader.as_deref();
        let mut worked_since = now_ms();
        for batch in ids.chunks(100) {
            let seen = self.summaries_seen(batch);
            let mut refreshed = Vec::new();
            for (id, read) in batch.iter().zip(self.read_chunks_spanning(batch).await) {
                if let Some(write) = self.check_one(id, read, seen.get(id), reader).await {
                    refreshed.push(write);
                }
                // By time, not by count: an order loaded takes ~1 ms, one only hashed ~0.02 ms,
                // and a yield costs a timer's few ms.
                if now_ms() - worked_since >= 12.0 {
                    yield_now().await;
                    worked_since = now_ms();
                }
            }
            if !refreshed.is_empty() {
                let _ = self.persist(refreshed).await;
            }
        }
    }

    /// The stored chunks of `ids`, sorted as the summaries' keys are, read with one request pair
    /// for the span from the first to the last: with a pair per document, the requests were most
    /// of a start-up check that only hashes. Chunks of documents in the span not asked for (the
    /// orders' money, the workspace) are dropped; a document that got none is read by itself,
    /// so an order is never taken for one without chunks because the span missed it.
    async fn read_chunks_spanning(
        &self,
        ids: &[String],
    ) -> Vec<Result<(Array, Array), StoreError>> {
        let (Some(first), Some(last)) = (ids.first(), ids.last()) else {
            return Vec::new();
        };
        let read = async {
            let t = idb::transaction(&self.db, &[CHUNKS], false)?;
            let range = idb::docs_range(first, last)?;
            idb::get_all(&idb::store(&t, CHUNKS)?, Some(&range)).await
        }
        .await;
        let position: HashMap<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let out: Vec<(Array, Array)> = ids.iter().map(|_| (Array::new(), Array::new())).collect();
        if let Ok((keys, values)) = read {
            for (k, v) in keys.iter().zip(values.iter()) {
                let doc = k.dyn_ref::<Array>().and_then(|a| a.get(0).as_string());
                if let Some(&i) = doc.and_then(|d| position.get(d.as_str())) {
                    out[i].0.push(&k);
                    out[i].1.push(&v);
                }
            }
        }
        let missed: Vec<usize> = (0..ids.len()).filter(|&i| out[i].0.length() == 0).collect();
        let alone: Vec<String> = missed.iter().map(|&i| ids[i].clone()).collect();
        let mut out: Vec<Result<(Array, Array), StoreError>> = out.into_iter().map(Ok).collect();
        for (i, read) in missed.into_iter().zip(self.read_chunks(&alone).await) {
            out[i] = read;
        }
        out
    }

    /// Checks one order from its chunks as read; returns its summary's rewrite when the check
    /// changed it and nothing rewrote the summary since `seen` (its `updated_ms` before the read):
    /// a save or sync meanwhile made the summary from newer bytes.
    pub(super) async fn check_one(
        &self,
        id: &str,
        read: Result<(Array, Array), StoreError>,
        seen: Option<&f64>,
        reader: Option<&str>,
    ) -> Option<Write> {
        let (was_loaded, kept) = {
            let inner = self.inner.borrow();
            if inner.quarantined.contains_key(id) {
                return None;
            }
            let kept = inner.summaries.get(id)?.checked.clone();
            (inner.docs.contains_key(id), kept)
        };
        // An order open here is checked as it is in memory, not as stored: no fingerprint.
        let print = match (&read, reader, was_loaded) {
            (Ok((keys, values)), Some(reader), false) => {
                Fingerprint::of_stored(reader, keys, values)
            }
            _ => None,
        };
        if print.is_some() && kept == print {
            return None;
        }
        if !was_loaded {
            let (keys, values) = read.ok()?;
            // No chunks at all is damage too: the order is listed but its document is gone.
            self.install(id, keys, values).await.ok()?;
        }
        let order = self.order(id).await.ok();
        let mut inner = self.inner.borrow_mut();
        if !was_loaded {
            // Only checking: do not keep thousands of documents in memory.
            inner.docs.remove(id);
        }
        let s = inner
            .summaries
            .get_mut(id)
            .filter(|s| Some(&s.updated_ms) == seen)?;
        let order = order?;
        let fresh = Listed::of(&order);
        let mut changed = fresh != Listed::kept(s);
        if changed {
            s.factory = fresh.factory;
            s.next_due = fresh.next_due;
            s.shipped = fresh.shipped;
            s.customer_party = fresh.customer_party;
            s.commercial = fresh.commercial;
            s.lot_factories = fresh.lot_factories;
            s.booked = fresh.booked;
            s.open_pos = fresh.open_pos;
            s.unsettled = fresh.unsettled;
        }
        // Reports' facts from before, or by an older build.
        if s.report_facts().is_none() {
            s.report = KeptJson::of(&ReportFacts::of(&order));
            changed = true;
        }
        if print.is_some() && s.checked != print {
            s.checked = print;
            changed = true;
        }
        if !changed {
            return None;
        }
        let value = summary_value(s).ok()?;
        Some(Write::Put {
            store: SUMMARIES,
            key: JsValue::from_str(id),
            value,
        })
    }
}

impl Repo {
    /// Who changed the order, when, and what each change did (typed events), oldest first, from
    /// the document's change history, with what its books say where they are here (the money,
    /// the office's notes of calls): the office's history of the order is not without them.
    pub async fn order_history(
        &self,
        id: &str,
    ) -> Result<Vec<gendan_domain::reports::HistoryEntry>, StoreError> {
        use gendan_domain::reports::{books_history, order_history_and_notes};
        let (mut history, notes) = self.read_loaded(id, order_history_and_notes).await?;
        let gates = self
            .workspace()
            .map(|w| w.settings.gates)
            .unwrap_or_default();
        // Books that do not read leave the order's own history standing (they are said where
        // the money is shown).
        let books = self
            .read_books(id, |doc| books_history(doc, &gates, &notes))
            .await
            .unwrap_or_default();
        if !books.is_empty() {
            history.extend(books);
            sort_by_key(&mut history, |e| e.time_ms);
        }
        Ok(history)
    }

    /// The bytes kept for a quarantined record, for the user to download and send to support.
    pub async fn quarantined_bytes(&self, id: &str) -> Result<Vec<u8>, StoreError> {
        let t = idb::transaction(&self.db, &[QUARANTINE], false)?;
        let v = idb::get(
            &idb::store(&t, QUARANTINE)?,
            &JsValue::from_str(&format!("{id}#bytes")),
        )
        .await?;
        idb::to_bytes(&v)
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;

    thread_local! {
        /// Puts the books away right after the next money edit is saved, as a read that
        /// borrowed them (the office-records mover) does when it ends meanwhile.
        pub(super) static PUT_AWAY_AFTER_SAVE: std::cell::Cell<bool> =
            const { std::cell::Cell::new(false) };
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    async fn a_money_edit_saved_is_said_saved_though_its_books_were_put_away_meanwhile() {
        let repo = Repo::open_in(
            &format!("gendan-test-put-away-{}", js_sys::Math::random()),
            gendan_domain::Author {
                name: "li".into(),
                device: "d".into(),
            },
        )
        .await
        .unwrap();
        let id = repo
            .create_order(&super::super::tests::order("PO-PUT-AWAY"))
            .await
            .unwrap();
        PUT_AWAY_AFTER_SAVE.with(|p| p.set(true));
        let (books, ()) = repo
            .edit_commercial(&id, |c| {
                c.currency = "EUR".into();
                Ok(())
            })
            .await
            .expect("saved, and said so");
        assert_eq!(books.currency, "EUR");
        let again = repo.commercial(&id).await.unwrap().expect("held");
        assert_eq!(again.currency, "EUR");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_summary_flags_an_order_whose_history_needs_a_decision() {
        let mut o = Order::new();
        assert!(!Summary::of("a", &o, 0.0).unsettled);
        // shipped on one device, cancelled on another: Today must still read it
        o.status = OrderStatus::Cancelled;
        o.status_log.insert(
            "000001:1:li".into(),
            gendan_domain::lifecycle::StatusChange {
                seq: 1,
                from: "ready_to_ship".into(),
                to: "shipped".into(),
                ..Default::default()
            },
        );
        assert!(Summary::of("a", &o, 0.0).unsettled);
    }
}

/// [`Repo::sound_link`] on the repo's state, for reads that hold it borrowed (Today's scan).
pub(super) fn sound_link_in(
    inner: &Inner,
    order_id: &str,
    link: Option<String>,
) -> Result<Option<String>, StoreError> {
    let Some(cid) = link else {
        return Ok(None);
    };
    // The order's own books, whose stored bytes did not load: damaged here, said as such
    // (its bytes are kept under Settings, damaged records), not as a link gone wrong.
    if let Some(q) = inner.quarantined.get(&cid) {
        if cid == books_id(order_id) {
            return Err(books_damaged(&cid, &q.error));
        }
    }
    if cid == order_id
        || cid == inner.workspace_id
        || inner.summaries.contains_key(&cid)
        || inner.quarantined.contains_key(&cid)
        || !books_name(inner.docs.get(&cid).map(|l| &l.doc), order_id)
    {
        return Err(StoreError::MoneyLink(order_id.to_string()));
    }
    Ok(Some(cid))
}

/// The books to read for `order_id`: those it links, or with no link (cleared by a hand-made
/// change, or never made by an older build) those made for it ([`books_id`]), which are still
/// its books when they are here; checked as [`sound_link_in`] does.
pub(super) fn books_to_read(
    inner: &Inner,
    order_id: &str,
    order: &Order,
) -> Result<String, StoreError> {
    let link = order
        .commercial
        .clone()
        .unwrap_or_else(|| books_id(order_id));
    sound_link_in(inner, order_id, Some(link)).map(|cid| cid.unwrap_or_default())
}

/// Whether books `doc` (when loaded) are `order_id`'s by what they say: books name the order
/// they were made for, and an order whose link a hand-made change points at another order's
/// books would count that order's receipts and waivers, and write its money there. Books that
/// name no order (made before they named one) are taken at the link's word.
fn books_name(doc: Option<&AutoCommit>, order_id: &str) -> bool {
    let Some(doc) = doc else {
        return true;
    };
    match document::read_field::<String>(doc, "order") {
        Ok(owner) => owner.is_empty() || owner == order_id,
        Err(_) => true,
    }
}

/// An order's books whose stored bytes did not load: said as the order's money record, damaged
/// here (its bytes are kept under Settings, damaged records).
pub(super) fn books_damaged(cid: &str, error: &str) -> StoreError {
    StoreError::Corrupt(format!("this order's money record ({cid}): {error}"))
}
