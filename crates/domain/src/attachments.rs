//! Files kept with an order (tech packs, PO scans, test reports, B/L copies, contracts,
//! invoices…): each a record naming a content-addressed blob, with its name, type, size and kind,
//! what it belongs to, who added it and when.
//!
//! Records are maps keyed by random id, so two devices adding files at once both keep theirs, and
//! a removal is a logged tombstone (who, when) rather than a delete: a device that adds a file
//! while another removes a different one loses nothing, and the order's history says who took a
//! file away. Contracts and invoices carry prices: their records live in the commercial document
//! ([`crate::commercial::Commercial::attachments`]), which never reaches a factory, a scoped token
//! or a bundle; every other kind lives in the order document. The size limits are stated here
//! so the screen can refuse a file before reading it, and the relay's blob limit is tested
//! against them.

use std::collections::BTreeSet;

use autosurgeon::{Hydrate, Reconcile};

use crate::commercial::Commercial;
use crate::error::DomainError;
use crate::order::Order;
use crate::problem::{Field, Issue, Problem};
use crate::records::RecordMap;
use crate::sorting::{sort_by, CollectSet};

/// Largest file kept as it is (PDFs, spreadsheets, scans): 20 MiB.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;

/// Largest picture after it was downscaled on the device like a photo: 4 MiB (a photo brought
/// to 1,600 px is a few hundred kilobytes; this leaves room for detailed scans).
pub const MAX_IMAGE_BYTES: u64 = 4 * 1024 * 1024;

crate::code_enum! {
    /// What a file is. Contracts, invoices and the buyer's PO hold prices: see
    /// [`AttachmentKind::office_only`].
    pub enum AttachmentKind default Misc {
        TechPack = "tech_pack",
        PoScan = "po_scan",
        Contract = "contract",
        TestReport = "test_report",
        BillOfLading = "bl_copy",
        Invoice = "invoice",
        /// A costing, a price list, a quotation sent: prices, kept in the office ("Other" is
        /// the order's and a factory may read it).
        Costing = "costing",
        /// A supplier's PO or proforma invoice for materials or trims: what the office pays,
        /// kept in the office (a factory buying for the order has its own).
        SupplierPo = "supplier_po",
        Misc = "other",
    }
}

impl AttachmentKind {
    /// Kept in the office: the record lives in the commercial document and the relay serves
    /// its bytes only to full (unscoped) tokens. The buyer's PO shows the FOB price, so its scan
    /// is the office's too; one an older build kept with the order is moved to the books where
    /// they are held ([`keep_office_files`]).
    pub fn office_only(&self) -> bool {
        matches!(
            self,
            AttachmentKind::Contract
                | AttachmentKind::Invoice
                | AttachmentKind::PoScan
                | AttachmentKind::Costing
                | AttachmentKind::SupplierPo
        )
    }
}

crate::code_enum! {
    /// The kind of record a file belongs to (none: the order itself).
    pub enum AttachedKind default Sample {
        Sample = "sample",
        PurchaseOrder = "purchase_order",
        Inspection = "inspection",
        Shipment = "shipment",
    }
}

/// The record of the order a file belongs to: a sample round, a PO, an inspection or a shipment,
/// by its id in the order document.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct AttachedTo {
    pub kind: AttachedKind,
    pub id: String,
}

/// Who removed a file and when; the record stays, so the removal is history.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Removal {
    pub who: String,
    pub at_ms: i64,
}

/// One file kept with an order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Attachment {
    /// SHA-256 of the bytes as 64 lower-case hex digits: the blob's name on every device and
    /// on the relay.
    pub blob: String,
    /// The file's name as picked ("TP-2231 v3.pdf").
    pub name: String,
    /// Its MIME type as the device reported it (may be empty).
    pub mime: String,
    pub size: u64,
    pub kind: AttachmentKind,
    /// `None`: the order as a whole.
    pub belongs_to: Option<AttachedTo>,
    pub added_by: String,
    pub added_at_ms: i64,
    #[autosurgeon(missing = "Default::default")]
    pub removed: Option<Removal>,
}

crate::record_fields!(Attachment;
    blob: String,
    name: String,
    mime: String,
    size: u64,
    kind: AttachmentKind,
    belongs_to: Option<AttachedTo>,
    added_by: String,
    added_at_ms: i64,
    removed: Option<Removal>,
);

/// Which document holds a file's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Home {
    Order,
    Commercial,
}

impl Attachment {
    pub fn is_image(&self) -> bool {
        is_image(&self.mime)
    }

    pub fn is_live(&self) -> bool {
        self.removed.is_none()
    }

    pub fn home(&self) -> Home {
        if self.kind.office_only() {
            Home::Commercial
        } else {
            Home::Order
        }
    }

    /// The rules a record must meet before it is kept: a real hash, a name, a size within its
    /// limit.
    pub fn check(&self) -> Result<(), DomainError> {
        let h = &self.blob;
        if h.len() != 64 || !h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(problem(Issue::NotAHash(h.clone())));
        }
        if self.name.trim().is_empty() {
            return Err(problem(Issue::Required));
        }
        check_size(&self.mime, self.size)
    }
}

fn problem(issue: Issue) -> DomainError {
    DomainError::Problem(Problem::new(Field::Attachment, issue))
}

/// Pictures are downscaled on the device before they are kept; every other type is kept as is.
pub fn is_image(mime: &str) -> bool {
    mime.trim().to_ascii_lowercase().starts_with("image/")
}

/// The most bytes a file of this type may have once it is ready to keep.
pub fn limit_for(mime: &str) -> u64 {
    if is_image(mime) {
        MAX_IMAGE_BYTES
    } else {
        MAX_FILE_BYTES
    }
}

/// Refuses a file over its type's limit, saying the limit, so the screen can refuse a picked
/// file before reading its bytes.
pub fn check_size(mime: &str, size: u64) -> Result<(), DomainError> {
    let max = limit_for(mime);
    if size > max {
        return Err(problem(Issue::FileTooLarge { size, max }));
    }
    Ok(())
}

fn add(map: &mut RecordMap<Attachment>, id: &str, att: Attachment) -> Result<(), DomainError> {
    att.check()?;
    if map.contains_key(id) {
        return Err(problem(Issue::Duplicate(id.to_string())));
    }
    map.insert(id.to_string(), att);
    Ok(())
}

fn remove(
    map: &mut RecordMap<Attachment>,
    id: &str,
    who: &str,
    at_ms: i64,
) -> Result<(), DomainError> {
    let att = map
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("attachment", id))?;
    // The first removal stays the one on record.
    if att.removed.is_none() {
        att.removed = Some(Removal {
            who: who.to_string(),
            at_ms,
        });
    }
    Ok(())
}

impl Order {
    /// Keeps a file with the order. Contracts and invoices are refused here: they belong in the
    /// commercial document ([`Commercial::add_attachment`]), never in one a factory may read.
    pub fn add_attachment(&mut self, id: &str, att: Attachment) -> Result<(), DomainError> {
        if att.home() != Home::Order {
            return Err(problem(Issue::OfficeOnly));
        }
        add(&mut self.attachments, id, att)
    }

    /// Marks a file removed (the record and its history stay).
    pub fn remove_attachment(
        &mut self,
        id: &str,
        who: &str,
        at_ms: i64,
    ) -> Result<(), DomainError> {
        remove(&mut self.attachments, id, who, at_ms)
    }

    /// Files a file of the order as an office-only kind (a priced sheet filed as a tech pack):
    /// the record then belongs in the books, which take it at the next move
    /// ([`office_files`], [`keep_office_files`]), and the relay stops serving its bytes to
    /// factories' links. Only to an office-only kind: a file the office keeps never goes back to
    /// the order from here. A removed file is filed too, since its bytes are still named in the
    /// order's history.
    pub fn keep_in_office(&mut self, id: &str, kind: AttachmentKind) -> Result<(), DomainError> {
        if !kind.office_only() {
            return Err(problem(Issue::NotOfficeOnly));
        }
        let att = self
            .attachments
            .get_mut(id)
            .ok_or_else(|| DomainError::not_found("attachment", id))?;
        att.kind = kind;
        Ok(())
    }
}

impl Commercial {
    /// Keeps an office-only file (a contract, an invoice) with the order's money. Other kinds
    /// are refused: a factory working on the order needs them in the order document.
    pub fn add_attachment(&mut self, id: &str, att: Attachment) -> Result<(), DomainError> {
        if att.home() != Home::Commercial {
            return Err(problem(Issue::NotOfficeOnly));
        }
        add(&mut self.attachments, id, att)
    }

    pub fn remove_attachment(
        &mut self,
        id: &str,
        who: &str,
        at_ms: i64,
    ) -> Result<(), DomainError> {
        remove(&mut self.attachments, id, who, at_ms)
    }
}

/// The office-only files (a PO scan, a contract) among an order's `files` (builds before the
/// books kept them there), removed ones too: the order is what a factory holds, and the record names the bytes
/// the relay would serve it ([`keep_office_files`]).
pub fn office_files(files: &RecordMap<Attachment>) -> Vec<(String, Attachment)> {
    files
        .iter()
        .filter(|(_, a)| a.home() == Home::Commercial)
        .map(|(k, a)| (k.clone(), a.clone()))
        .collect()
}

/// Puts `files` ([`office_files`]) in the books under their ids, a record the books already
/// hold under an id staying as it is (a move made twice, on two devices, keeps one record).
/// Returns the blobs of the live ones: the relay is asked to keep them from factories. A
/// removed one's bytes may never have reached the relay, and the uploader would ask for them
/// at every round for ever; its hash stays in the order's history (a known gap).
pub fn keep_office_files(
    books: &mut Commercial,
    files: &[(String, Attachment)],
) -> BTreeSet<String> {
    for (k, a) in files {
        books
            .attachments
            .entry(k.clone())
            .or_insert_with(|| a.clone());
    }
    files
        .iter()
        .filter(|(_, a)| a.is_live())
        .map(|(_, a)| a.blob.clone())
        .collect_set()
}

/// Takes `files` off the order once the books hold them ([`keep_office_files`]): those and no
/// others, so one a peer added meanwhile stays until it is moved in its turn.
pub fn let_go_office_files(order: &mut Order, files: &[(String, Attachment)]) {
    order
        .attachments
        .retain(|k, a| a.home() != Home::Commercial || !files.iter().any(|(f, _)| f == k));
}

/// The files not removed, newest first (ties broken by id, the same on every device).
pub fn live(map: &RecordMap<Attachment>) -> Vec<(&String, &Attachment)> {
    let mut v: Vec<_> = map.iter().filter(|(_, a)| a.is_live()).collect();
    sort_by(&mut v, |a, b| {
        b.1.added_at_ms.cmp(&a.1.added_at_ms).then(a.0.cmp(b.0))
    });
    v
}

/// Every blob the order document's attachments reference (removed files left out: their bytes
/// need not travel). Photos are listed elsewhere; a caller wanting all of an order's blobs joins
/// the two.
pub fn order_attachment_blobs(order: &Order) -> BTreeSet<String> {
    blobs_of(&order.attachments)
}

/// Every blob the commercial document's (office-only) attachments reference.
pub fn commercial_attachment_blobs(commercial: &Commercial) -> BTreeSet<String> {
    blobs_of(&commercial.attachments)
}

fn blobs_of(map: &RecordMap<Attachment>) -> BTreeSet<String> {
    map.values()
        .filter(|a| a.is_live())
        .map(|a| a.blob.clone())
        .collect_set()
}
