//! Files kept with an order: concurrent adds and removals on two replicas merge without loss,
//! contracts and invoices go only to the commercial document, oversized files are refused with
//! their limit, and the blobs an order references are listed.

use crate::common::*;
use gendan_domain::attachments::{
    self, AttachedKind, AttachedTo, Attachment, AttachmentKind, Home, MAX_FILE_BYTES,
    MAX_IMAGE_BYTES,
};
use gendan_domain::commercial::Commercial;
use gendan_domain::problem::{Field, Issue, Problem};
use gendan_domain::{DomainError, Order};

fn hash(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

fn file(n: u8, kind: AttachmentKind) -> Attachment {
    Attachment {
        blob: hash(n),
        name: format!("file-{n}.pdf"),
        mime: "application/pdf".into(),
        size: 120_000,
        kind,
        belongs_to: None,
        added_by: "Li".into(),
        added_at_ms: 1_000 + i64::from(n),
        removed: None,
    }
}

fn problem(e: DomainError) -> Problem {
    match e {
        DomainError::Problem(p) => p,
        other => panic!("expected a problem, got {other:?}"),
    }
}

#[test]
fn files_added_and_removed_on_two_devices_all_merge() {
    let mut start = full_order();
    start
        .add_attachment("keep", file(1, AttachmentKind::TechPack))
        .unwrap();
    start
        .add_attachment("gone", file(2, AttachmentKind::Misc))
        .unwrap();
    let (mut a, mut b) = pair(&start);
    edit::<Order>(&mut a, "li", |o| {
        let mut f = file(3, AttachmentKind::TestReport);
        f.belongs_to = Some(AttachedTo {
            kind: AttachedKind::Inspection,
            id: "i1".into(),
        });
        o.add_attachment("a-new", f).unwrap();
        o.remove_attachment("gone", "Li", 5_000).unwrap();
    });
    edit::<Order>(&mut b, "wang", |o| {
        o.add_attachment("b-new", file(4, AttachmentKind::BillOfLading))
            .unwrap();
        // The same file removed on both devices: one removal on record, never a resurrection.
        o.remove_attachment("gone", "Wang", 6_000).unwrap();
    });
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(o.attachments.len(), 4, "no record lost");
    let live: Vec<&str> = attachments::live(&o.attachments)
        .into_iter()
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(
        live,
        ["b-new", "a-new", "keep"],
        "newest first, removed left out"
    );
    let gone = o.attachments["gone"]
        .removed
        .as_ref()
        .expect("still removed");
    assert!(["Li", "Wang"].contains(&gone.who.as_str()));
    assert_eq!(
        o.attachments["a-new"].belongs_to,
        Some(AttachedTo {
            kind: AttachedKind::Inspection,
            id: "i1".into()
        })
    );
}

#[test]
fn removing_one_file_while_another_device_adds_one_keeps_both_facts() {
    let mut start = Order::new();
    start
        .add_attachment("x", file(1, AttachmentKind::Misc))
        .unwrap();
    let (mut a, mut b) = pair(&start);
    edit::<Order>(&mut a, "li", |o| {
        o.remove_attachment("x", "Li", 2_000).unwrap()
    });
    edit::<Order>(&mut b, "wang", |o| {
        o.add_attachment("y", file(2, AttachmentKind::TechPack))
            .unwrap()
    });
    let o: Order = merged(&mut a, &mut b);
    assert!(!o.attachments["x"].is_live());
    assert!(o.attachments["y"].is_live());
    assert_eq!(
        attachments::order_attachment_blobs(&o)
            .into_iter()
            .collect::<Vec<_>>(),
        [hash(2)]
    );
}

/// Contracts, invoices, the buyer's PO (which shows the FOB price), costings or price sheets
/// and a supplier's PO or proforma invoice carry money.
#[test]
fn contracts_and_invoices_live_only_in_the_commercial_document() {
    let mut o = Order::new();
    let mut c = Commercial::new("order-doc", "USD");
    for kind in AttachmentKind::KNOWN {
        let office = matches!(
            kind,
            AttachmentKind::Contract
                | AttachmentKind::Invoice
                | AttachmentKind::PoScan
                | AttachmentKind::Costing
                | AttachmentKind::SupplierPo
        );
        assert_eq!(kind.office_only(), office, "{kind:?}");
        let att = file(9, kind.clone());
        assert_eq!(
            att.home(),
            if office {
                Home::Commercial
            } else {
                Home::Order
            }
        );
        let into_order = o.add_attachment(kind.code(), att.clone());
        let into_money = c.add_attachment(kind.code(), att);
        if office {
            assert_eq!(
                problem(into_order.unwrap_err()),
                Problem::new(Field::Attachment, Issue::OfficeOnly)
            );
            assert!(into_money.is_ok());
        } else {
            assert!(into_order.is_ok());
            assert_eq!(problem(into_money.unwrap_err()).issue, Issue::NotOfficeOnly);
        }
    }
    assert!(o.attachments.values().all(|a| !a.kind.office_only()));
    assert_eq!(c.attachments.len(), 5);
    // Concurrent office adds merge in the commercial document too.
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut a, "li", |c| {
        c.add_attachment("inv-2", file(5, AttachmentKind::Invoice))
            .unwrap()
    });
    edit::<Commercial>(&mut b, "wang", |c| {
        c.remove_attachment("contract", "Wang", 3_000).unwrap()
    });
    let merged_c: Commercial = merged(&mut a, &mut b);
    assert_eq!(merged_c.attachments.len(), 6);
    // The removed contract shared its bytes with the invoice, which still names them.
    assert_eq!(
        attachments::commercial_attachment_blobs(&merged_c)
            .into_iter()
            .collect::<Vec<_>>(),
        [hash(5), hash(9)]
    );
    assert!(!merged_c.attachments["contract"].is_live());
}

#[test]
fn oversized_files_are_refused_with_their_limit_and_nothing_is_kept() {
    let mut o = Order::new();
    let mut big = file(1, AttachmentKind::TechPack);
    big.size = MAX_FILE_BYTES + 1;
    assert_eq!(
        problem(o.add_attachment("big", big).unwrap_err()).issue,
        Issue::FileTooLarge {
            size: MAX_FILE_BYTES + 1,
            max: MAX_FILE_BYTES
        }
    );
    let mut at_limit = file(2, AttachmentKind::TechPack);
    at_limit.size = MAX_FILE_BYTES;
    o.add_attachment("ok", at_limit).unwrap();
    // A picture is held to the smaller limit it has after downscaling.
    let mut photo = file(3, AttachmentKind::Misc);
    photo.mime = "image/jpeg".into();
    photo.size = MAX_IMAGE_BYTES + 1;
    assert!(matches!(
        problem(o.add_attachment("pic", photo).unwrap_err()).issue,
        Issue::FileTooLarge {
            max: MAX_IMAGE_BYTES,
            ..
        }
    ));
    assert!(attachments::check_size("image/png", MAX_IMAGE_BYTES).is_ok());
    assert!(attachments::check_size("", MAX_FILE_BYTES + 1).is_err());
    // Not a hash, no name, a reused id: refused too.
    let mut bad = file(4, AttachmentKind::Misc);
    bad.blob = "ABC".into();
    assert!(matches!(
        problem(o.add_attachment("bad", bad).unwrap_err()).issue,
        Issue::NotAHash(_)
    ));
    let mut nameless = file(5, AttachmentKind::Misc);
    nameless.name = "  ".into();
    assert_eq!(
        problem(o.add_attachment("nameless", nameless).unwrap_err()).issue,
        Issue::Required
    );
    assert!(o
        .add_attachment("ok", file(6, AttachmentKind::Misc))
        .is_err());
    assert_eq!(o.attachments.keys().collect::<Vec<_>>(), ["ok"]);
}

#[test]
fn the_blobs_an_order_references_are_listed_once_each() {
    let mut o = Order::new();
    o.add_attachment("a", file(1, AttachmentKind::TechPack))
        .unwrap();
    // The same PDF kept twice (for the order and for a sample round) is one blob.
    let mut again = file(1, AttachmentKind::TestReport);
    again.belongs_to = Some(AttachedTo {
        kind: AttachedKind::Sample,
        id: "s1".into(),
    });
    o.add_attachment("b", again).unwrap();
    o.add_attachment("c", file(2, AttachmentKind::BillOfLading))
        .unwrap();
    o.add_attachment("d", file(3, AttachmentKind::Misc))
        .unwrap();
    o.remove_attachment("d", "Li", 9).unwrap();
    let blobs = attachments::order_attachment_blobs(&o);
    assert_eq!(blobs.into_iter().collect::<Vec<_>>(), [hash(1), hash(2)]);
    assert!(o.remove_attachment("nope", "Li", 9).is_err());
}

#[test]
fn a_file_record_round_trips_through_the_document() {
    let (mut a, _) = pair(&full_order());
    edit::<Order>(&mut a, "li", |o| {
        o.add_attachment("a", file(1, AttachmentKind::TechPack))
            .unwrap()
    });
    let o: Order = gendan_domain::document::read(&a).unwrap();
    assert_eq!(o.attachments["a"], file(1, AttachmentKind::TechPack));
}

/// A PO scan an older build kept with the order (its FOB price on it) goes to the books with
/// every other office-only file, removed ones too; the order keeps its tech pack; a move made on
/// two devices keeps one record, the books' own removal of it included; the live files' blobs
/// are named so the relay can be asked to keep them from factories.
#[test]
fn office_files_an_older_build_left_on_the_order_move_to_the_books() {
    let mut order = Order::new();
    order
        .attachments
        .insert("scan".into(), file(1, AttachmentKind::PoScan));
    let mut gone = file(2, AttachmentKind::Contract);
    gone.removed = Some(attachments::Removal {
        who: "Li".into(),
        at_ms: 5,
    });
    order.attachments.insert("contract".into(), gone);
    order
        .attachments
        .insert("pack".into(), file(3, AttachmentKind::TechPack));
    let files = attachments::office_files(&order.attachments);
    assert_eq!(files.len(), 2);

    let (mut a, mut b) = pair(&order);
    let mut books = Commercial::new("order-doc", "USD");
    let mut scan_removed = file(1, AttachmentKind::PoScan);
    scan_removed.removed = Some(attachments::Removal {
        who: "Wang".into(),
        at_ms: 9,
    });
    books
        .attachments
        .insert("scan".into(), scan_removed.clone());
    let blobs = attachments::keep_office_files(&mut books, &files);
    assert_eq!(blobs.into_iter().collect::<Vec<_>>(), [hash(1)]);
    assert_eq!(
        books.attachments["scan"], scan_removed,
        "the books' record stands"
    );
    assert!(books.attachments.contains_key("contract"));
    edit::<Order>(&mut a, "li", |o| {
        attachments::let_go_office_files(o, &files)
    });
    edit::<Order>(&mut b, "wang", |o| {
        attachments::let_go_office_files(o, &files)
    });
    let merged: Order = merged(&mut a, &mut b);
    assert_eq!(merged.attachments.keys().collect::<Vec<_>>(), ["pack"]);
    // A file a peer added after the files were read stays until it is moved in its turn.
    let mut later = merged.clone();
    later
        .attachments
        .insert("invoice".into(), file(4, AttachmentKind::Invoice));
    attachments::let_go_office_files(&mut later, &files);
    assert!(later.attachments.contains_key("invoice"));
    assert!(attachments::office_files(&merged.attachments).is_empty());
}

/// What travels with an order to a device the money does not go to (a factory's phone nearby)
/// leaves out a PO scan an older build kept on the order, unless a factory's file is the same
/// bytes; everything else the order names still travels.
#[test]
fn a_po_scan_left_on_the_order_does_not_travel_where_the_money_does_not() {
    let mut o = Order::new();
    o.attachments
        .insert("scan".into(), file(1, AttachmentKind::PoScan));
    o.attachments
        .insert("pack".into(), file(2, AttachmentKind::TechPack));
    let all = gendan_domain::blob_refs::of_order(&o);
    assert!(all.contains(&hash(1)) && all.contains(&hash(2)));
    let travels = gendan_domain::blob_refs::of_order_without_office(&o);
    assert_eq!(travels.into_iter().collect::<Vec<_>>(), [hash(2)]);

    // The same bytes also kept as the factory's tech pack: the factory needs them.
    o.attachments
        .insert("pack-2".into(), file(1, AttachmentKind::TechPack));
    let travels = gendan_domain::blob_refs::of_order_without_office(&o);
    assert!(travels.contains(&hash(1)));
}

/// A priced sheet filed as a tech pack is filed again as the office's: the order then names it
/// among the files its books take (and whose bytes the relay keeps from factories), and only
/// an office-only kind is taken — a file never goes back to the order from the books this way.
#[test]
fn a_file_filed_as_the_factorys_is_kept_in_the_office_after_all() {
    let mut order = full_order();
    order
        .add_attachment("pi", file(1, AttachmentKind::TechPack))
        .unwrap();
    order
        .add_attachment("pack", file(2, AttachmentKind::TechPack))
        .unwrap();
    assert!(attachments::office_files(&order.attachments).is_empty());
    let refused = order
        .keep_in_office("pi", AttachmentKind::TestReport)
        .unwrap_err();
    assert_eq!(problem(refused).issue, Issue::NotOfficeOnly);
    assert!(matches!(
        order.keep_in_office("nope", AttachmentKind::Invoice),
        Err(DomainError::NotFound { .. })
    ));
    order.keep_in_office("pi", AttachmentKind::Invoice).unwrap();
    let files = attachments::office_files(&order.attachments);
    assert_eq!(
        files.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["pi"]
    );
    let mut books = Commercial::new("order-doc", "USD");
    let blobs = attachments::keep_office_files(&mut books, &files);
    assert_eq!(
        blobs.into_iter().collect::<Vec<_>>(),
        [hash(1)],
        "its bytes are kept from factories"
    );
    attachments::let_go_office_files(&mut order, &files);
    assert_eq!(order.attachments.keys().collect::<Vec<_>>(), ["pack"]);
    assert_eq!(books.attachments["pi"].kind, AttachmentKind::Invoice);
}
