//! Which blobs (photos, files) a document references, by hash: the one place every path that
//! moves blobs with documents asks (a nearby device over WebRTC, bundle files), so a new field
//! that names a blob is added here once and travels everywhere.
//!
//! Documents hold only the SHA-256 of a blob's bytes (64 lower-case hex digits); the bytes live
//! on devices and on the relay. The order document names the photos of inspection defects and
//! the files kept with the order ([`crate::attachments`]). The commercial document names the
//! office-only files (contracts, invoices): they are listed apart ([`of_commercial`]), never
//! with the order, because the order goes where commercial documents may not (scoped tokens,
//! nearby devices without money, bundle files).

use crate::sorting::CollectSet;
use std::collections::BTreeSet;

use crate::commercial::Commercial;
use crate::Order;

/// Every blob hash `order` references (defect photos, and files not removed), lower-cased and
/// deduplicated, in a stable order. Values that are not 64 hex digits (a peer's malformed
/// edit) are left out: they name no blob.
pub fn of_order(order: &Order) -> BTreeSet<String> {
    let photos = order
        .inspections
        .values()
        .flat_map(|i| i.defects.values())
        .flat_map(|d| d.photos.keys().cloned());
    photos
        .chain(crate::attachments::order_attachment_blobs(order))
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| is_hash(h))
        .collect_set()
}

/// [`of_order`] without the office-only files an older build kept on the order (the buyer's PO
/// scan, before they moved to the books): what may travel with the order to a device the money
/// does not go to. Bytes a factory's file also names still travel.
pub fn of_order_without_office(order: &Order) -> BTreeSet<String> {
    let office: BTreeSet<String> = crate::attachments::office_files(&order.attachments)
        .into_iter()
        .map(|(_, a)| a.blob.trim().to_ascii_lowercase())
        .collect_set();
    let kept: BTreeSet<String> = order
        .attachments
        .values()
        .filter(|a| a.is_live() && a.home() == crate::attachments::Home::Order)
        .map(|a| a.blob.trim().to_ascii_lowercase())
        .collect_set();
    of_order(order)
        .into_iter()
        .filter(|h| !office.contains(h) || kept.contains(h))
        .collect_set()
}

/// Every blob the commercial document references: its office-only files, not removed. Only for
/// paths the commercial document itself may take.
pub fn of_commercial(commercial: &Commercial) -> BTreeSet<String> {
    crate::attachments::commercial_attachment_blobs(commercial)
        .into_iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| is_hash(h))
        .collect_set()
}

/// Every blob the books' files (`Commercial::attachments`) name, removed files included (their bytes may still be on a device):
/// the office's, whichever order names them too. A factory that learned such a file's hash
/// (from an order's history) and named it on a record of its own would otherwise get its bytes
/// with that record, from a nearby device or in a bundle file, which leave these out.
pub fn office_only(
    books_files: &crate::RecordMap<crate::attachments::Attachment>,
) -> BTreeSet<String> {
    books_files
        .values()
        .map(|a| a.blob.trim().to_ascii_lowercase())
        .filter(|h| is_hash(h))
        .collect_set()
}

/// A blob's name: 64 hex digits (the SHA-256 of its bytes).
pub fn is_hash(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspection::{Defect, Inspection};

    #[test]
    fn every_defect_photo_of_every_inspection_is_listed_once() {
        let mut order = Order::default();
        let (a, b, c) = ("ab".repeat(32), "CD".repeat(32), "ef".repeat(32));
        let mut one = Inspection::default();
        let mut stain = Defect::default();
        stain.add_photo(&a, "collar").unwrap();
        stain.add_photo(&b, "").unwrap();
        one.defects.insert("d1".into(), stain);
        let mut seam = Defect::default();
        seam.add_photo(&a, "same photo again").unwrap();
        one.defects.insert("d2".into(), seam);
        let mut two = Inspection::default();
        let mut hole = Defect::default();
        hole.add_photo(&c, "").unwrap();
        // A malformed key written by another replica names no blob.
        hole.photos.insert("not-a-hash".into(), String::new());
        two.defects.insert("d3".into(), hole);
        order.inspections.insert("i1".into(), one);
        order.inspections.insert("i2".into(), two);
        let refs = of_order(&order);
        assert_eq!(
            refs.into_iter().collect::<Vec<_>>(),
            vec![a, b.to_ascii_lowercase(), c]
        );
        assert!(of_order(&Order::default()).is_empty());
    }

    #[test]
    fn files_travel_with_their_document_and_removed_ones_do_not() {
        use crate::attachments::{Attachment, AttachmentKind};
        let file = |blob: &str, kind| Attachment {
            blob: blob.to_owned(),
            name: "f.pdf".into(),
            mime: "application/pdf".into(),
            size: 10,
            kind,
            belongs_to: None,
            added_by: "Ann".into(),
            added_at_ms: 1,
            removed: None,
        };
        let (pack, gone, contract) = ("1a".repeat(32), "2b".repeat(32), "3c".repeat(32));
        let mut order = Order::default();
        order
            .add_attachment("t1", file(&pack, AttachmentKind::TechPack))
            .unwrap();
        order
            .add_attachment("t2", file(&gone, AttachmentKind::TestReport))
            .unwrap();
        order.remove_attachment("t2", "Ann", 2).unwrap();
        let mut money = Commercial::default();
        money
            .add_attachment("c1", file(&contract, AttachmentKind::Contract))
            .unwrap();
        assert_eq!(of_order(&order).into_iter().collect::<Vec<_>>(), vec![pack]);
        assert_eq!(
            of_commercial(&money).into_iter().collect::<Vec<_>>(),
            vec![contract.clone()]
        );
        assert!(!of_order(&order).contains(&contract));
    }
}
