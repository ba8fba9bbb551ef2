//! Office records left on an order, in a real browser's storage: a device holding the books
//! takes office-only files, an older build's money waivers and notes the books hold off the
//! order, and marks the files' bytes for the relay to keep from factories (an office upload,
//! even for bytes it never fetched); it does so once over every order when storage opens, for
//! an order or its books arriving from a peer, after a restore, and when an order that had no
//! books gets them; a device without the books (a factory's) moves nothing and marks nothing.

use gendan_domain::attachments::{Attachment, AttachmentKind};
use gendan_domain::Order;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use super::agenda_tests::author;
use super::idb::META;
use super::repo::Write;
use super::restore_tests::receive;
use super::tests::{hold_order_written_by, order};
use super::Repo;

wasm_bindgen_test_configure!(run_in_browser);

fn db_name(test: &str) -> String {
    format!(
        "gendan-test-office-records-{test}-{}",
        js_sys::Math::random()
    )
}

fn scan(blob: &str) -> Attachment {
    Attachment {
        blob: blob.into(),
        name: "buyer-po.pdf".into(),
        mime: "application/pdf".into(),
        size: 3,
        kind: AttachmentKind::PoScan,
        added_by: "li".into(),
        added_at_ms: 1,
        ..Attachment::default()
    }
}

/// What an older build wrote: the scan on the order, beside a tech pack the factory needs.
fn keep_on_order(o: &mut Order, blob: &str) {
    o.attachments.insert("scan".into(), scan(blob));
    let mut pack = scan(&"b".repeat(64));
    pack.kind = AttachmentKind::TechPack;
    o.attachments.insert("pack".into(), pack);
}

async fn an_order_with_a_scan(repo: &Repo, po: &str) -> (String, String) {
    let id = repo.create_order(&order(po)).await.unwrap();
    let blob = repo.put_blob(b"FOB").await.unwrap();
    repo.blob_uploaded(&blob).await.unwrap();
    let b = blob.clone();
    repo.edit_order(&id, move |o| {
        keep_on_order(o, &b);
        Ok(())
    })
    .await
    .unwrap();
    (id, blob)
}

/// Document `id` as `repo` holds it, saved: what a peer would send.
fn saved(repo: &Repo, id: &str) -> Vec<u8> {
    repo.inner.borrow_mut().docs.get_mut(id).unwrap().doc.save()
}

/// A change to order `id` that a peer (an old build, or a device that restored an older
/// version) made on its copy of `repo`'s, received by `repo`.
async fn from_a_peer(repo: &Repo, id: &str, change: impl FnOnce(&mut Order)) {
    let mut peer = gendan_domain::automerge::AutoCommit::load(&saved(repo, id)).unwrap();
    gendan_domain::document::commit::<Order, (), gendan_domain::DocError>(
        &mut peer,
        &gendan_domain::Author {
            name: "old build".into(),
            device: "old".into(),
        },
        2,
        move |o| {
            change(o);
            Ok(())
        },
    )
    .unwrap();
    receive(repo, id, &mut peer).await;
}

/// The heads of loaded document `id`: a version to restore to.
fn heads_of(repo: &Repo, id: &str) -> Vec<gendan_domain::automerge::ChangeHash> {
    repo.inner
        .borrow_mut()
        .docs
        .get_mut(id)
        .unwrap()
        .doc
        .get_heads()
}

const FOB: &str = "FOB down to 4.10";

fn call(summary: &str) -> gendan_domain::complaints::Communication {
    gendan_domain::complaints::Communication {
        summary: summary.into(),
        ..Default::default()
    }
}

/// The office's note "c-fob" written on the order, as older builds kept it.
async fn note_on_order(repo: &Repo, id: &str) {
    repo.edit_order(id, |o| {
        o.communications.insert("c-fob".into(), call(FOB));
        Ok(())
    })
    .await
    .unwrap();
}

/// The note "c-fob" kept in the order's books.
async fn note_in_books(repo: &Repo, id: &str) {
    repo.edit_commercial(id, |c| {
        c.communications.insert("c-fob".into(), call(FOB));
        Ok(())
    })
    .await
    .unwrap();
}

async fn moved_to_books(repo: &Repo, id: &str, blob: &str) {
    let o = repo.order(id).await.unwrap();
    assert_eq!(o.attachments.keys().collect::<Vec<_>>(), ["pack"]);
    let books = repo.commercial(id).await.unwrap().expect("held");
    assert_eq!(books.attachments["scan"].blob, blob);
    assert!(
        repo.upload_is_office(blob).await.unwrap(),
        "the relay is asked to keep it"
    );
    assert!(repo
        .blobs_to_upload()
        .await
        .unwrap()
        .contains(&blob.to_string()));
}

#[wasm_bindgen_test]
async fn a_po_scan_kept_with_the_order_moves_to_the_books_and_is_marked_office() {
    let repo = Repo::open_in(&db_name("move"), author()).await.unwrap();
    let (id, blob) = an_order_with_a_scan(&repo, "PO-SCAN").await;
    assert!(!repo.upload_is_office(&blob).await.unwrap());
    assert_eq!(repo.tidy_office_records(&id).await.unwrap(), 1);
    moved_to_books(&repo, &id, &blob).await;
    assert_eq!(repo.tidy_office_records(&id).await.unwrap(), 0, "once");

    // Bytes this device never fetched are marked all the same: the uploader fetches them.
    let id = repo.create_order(&order("PO-NOT-HERE")).await.unwrap();
    let absent = "c".repeat(64);
    let a = absent.clone();
    repo.edit_order(&id, move |o| {
        keep_on_order(o, &a);
        Ok(())
    })
    .await
    .unwrap();
    assert_eq!(repo.tidy_office_records(&id).await.unwrap(), 1);
    moved_to_books(&repo, &id, &absent).await;
}

#[wasm_bindgen_test]
async fn every_order_is_looked_at_once_when_storage_opens() {
    let name = db_name("sweep");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let (id, blob) = an_order_with_a_scan(&repo, "PO-SWEEP").await;
    // As on a device that ran a build from before this pass.
    repo.persist(vec![Write::Delete {
        store: META,
        key: JsValue::from_str("migration:office-records-v2"),
    }])
    .await
    .unwrap();
    let cid = repo.order(&id).await.unwrap().commercial.expect("linked");
    drop(repo);
    let repo = Repo::open_in(&name, author()).await.unwrap();
    assert!(
        !repo.inner.borrow().docs.contains_key(&cid),
        "books read for the pass are put away"
    );
    moved_to_books(&repo, &id, &blob).await;
}

#[wasm_bindgen_test]
async fn an_order_arriving_with_a_scan_moves_and_a_factory_moves_nothing() {
    // The factory's device: the order alone.
    let factory = Repo::open_in(&db_name("factory"), author()).await.unwrap();
    let mut o = order("PO-FACTORY");
    o.commercial = Some(gendan_domain::commercial::books_id("o-factory"));
    let blob = "d".repeat(64);
    keep_on_order(&mut o, &blob);
    hold_order_written_by(&factory, "o-factory", [0xfa; 16], &o, true).await;
    assert_eq!(factory.tidy_office_records("o-factory").await.unwrap(), 0);
    assert_eq!(
        factory.order("o-factory").await.unwrap().attachments.len(),
        2
    );
    assert!(!factory.upload_is_office(&blob).await.unwrap());

    // The office holds the order and its books; the scan arrives from an old build's device.
    let office = Repo::open_in(&db_name("arrive"), author()).await.unwrap();
    let id = office.create_order(&order("PO-ARRIVE")).await.unwrap();
    let b = blob.clone();
    from_a_peer(&office, &id, move |o| keep_on_order(o, &b)).await;
    moved_to_books(&office, &id, &blob).await;
}

/// A fresh office device gets the order first and its books later, in another batch, with the
/// order put away meanwhile: the books' arrival moves the scan all the same.
#[wasm_bindgen_test]
async fn books_arriving_after_their_order_was_put_away_move_its_scan() {
    let first = Repo::open_in(&db_name("books-first"), author())
        .await
        .unwrap();
    let (id, blob) = an_order_with_a_scan(&first, "PO-BOOKS-LATER").await;
    let o = first.order(&id).await.unwrap();
    let cid = o.commercial.clone().expect("linked at creation");
    let books = saved(&first, &cid);

    let fresh = Repo::open_in(&db_name("books-later"), author())
        .await
        .unwrap();
    hold_order_written_by(&fresh, &id, [0x0f; 16], &o, true).await;
    assert_eq!(
        fresh.tidy_office_records(&id).await.unwrap(),
        0,
        "no books yet"
    );
    fresh.inner.borrow_mut().docs.remove(&id);

    // Another order whose books arrive with them, with no office file on it: not read for it.
    let plain = first.create_order(&order("PO-PLAIN")).await.unwrap();
    let p = first.order(&plain).await.unwrap();
    let plain_cid = p.commercial.clone().expect("linked at creation");
    let plain_books = saved(&first, &plain_cid);
    hold_order_written_by(&fresh, &plain, [0x0d; 16], &p, true).await;
    fresh.inner.borrow_mut().docs.remove(&plain);
    // A third, with a summary from before `office_records` (saying nothing): read once, then
    // its summary says it holds none.
    let older = first.create_order(&order("PO-OLDER")).await.unwrap();
    let q = first.order(&older).await.unwrap();
    let older_cid = q.commercial.clone().expect("linked at creation");
    let older_books = saved(&first, &older_cid);
    hold_order_written_by(&fresh, &older, [0x0c; 16], &q, true).await;
    fresh.inner.borrow_mut().docs.remove(&older);
    fresh
        .inner
        .borrow_mut()
        .summaries
        .get_mut(&older)
        .unwrap()
        .office_records = None;

    for (cid, bytes) in [
        (&cid, &books),
        (&plain_cid, &plain_books),
        (&older_cid, &older_books),
    ] {
        let doc = gendan_domain::automerge::AutoCommit::load(bytes).unwrap();
        let write = fresh.hold_new(cid, doc);
        fresh.persist(vec![write]).await.unwrap();
    }
    fresh
        .persist_remote(&[cid.clone(), plain_cid.clone(), older_cid.clone()])
        .await
        .unwrap();
    moved_to_books(&fresh, &id, &blob).await;
    let inner = fresh.inner.borrow();
    assert!(
        !inner.docs.contains_key(&plain),
        "its summary says it holds no office file"
    );
    assert!(!inner.docs.contains_key(&older), "read once, put away");
    assert_eq!(inner.summaries[&older].office_records, Some(false));
}

/// An order from before orders linked books, holding a scan: the first money edit links them,
/// and the scan goes with it.
#[wasm_bindgen_test]
async fn an_order_that_gets_its_books_late_moves_its_scan_then() {
    let repo = Repo::open_in(&db_name("unlinked"), author()).await.unwrap();
    let mut o = order("PO-UNLINKED");
    let blob = "e".repeat(64);
    keep_on_order(&mut o, &blob);
    hold_order_written_by(&repo, "o-unlinked", [0x0e; 16], &o, true).await;
    assert_eq!(repo.tidy_office_records("o-unlinked").await.unwrap(), 0);
    assert_eq!(
        repo.order("o-unlinked").await.unwrap().attachments.len(),
        2,
        "nowhere to go yet"
    );
    repo.edit_commercial("o-unlinked", |c| {
        c.currency = "USD".into();
        Ok(())
    })
    .await
    .unwrap();
    moved_to_books(&repo, "o-unlinked", &blob).await;
}

/// A bundle file holds no books, so it takes no office-only file: not even a PO scan an older
/// build left on the order, on a device that cannot move it (it does not hold the books). The
/// factory's files go as ever.
#[wasm_bindgen_test]
async fn a_bundle_with_files_leaves_a_po_scan_on_the_order_behind() {
    let device = Repo::open_in(&db_name("bundle-from"), author())
        .await
        .unwrap();
    let scan_bytes = b"buyer PO, FOB 4.10".to_vec();
    let pack_bytes = b"tech pack v3".to_vec();
    let scan_blob = device.put_blob(&scan_bytes).await.unwrap();
    let pack_blob = device.put_blob(&pack_bytes).await.unwrap();
    let mut o = order("PO-BUNDLE-SCAN");
    o.commercial = Some(gendan_domain::commercial::books_id("o-bundle"));
    keep_on_order(&mut o, &scan_blob);
    o.attachments.get_mut("pack").unwrap().blob = pack_blob.clone();
    hold_order_written_by(&device, "o-bundle", [0x0b; 16], &o, true).await;
    assert_eq!(
        device.tidy_office_records("o-bundle").await.unwrap(),
        0,
        "no books here"
    );

    let files = device.bundle_files(None).await;
    assert_eq!((files.count, files.missing), (1, 0));
    let file = device.export_bundle(None, "device", true).await.unwrap();
    let other = Repo::open_in(&db_name("bundle-to"), author())
        .await
        .unwrap();
    let report = other.import_bundle(&file).await.unwrap();
    assert_eq!((report.new_orders, report.files), (1, 1));
    assert_eq!(other.get_blob(&pack_blob).await.unwrap(), Some(pack_bytes));
    assert_eq!(other.get_blob(&scan_blob).await.unwrap(), None);
}

/// An order restored to a version from before its scan went to the books (the last version
/// that read, after a peer's change broke it) does not put the scan back where the factory
/// reads it: the restore and the move are one batch, the scan stays in the books.
#[wasm_bindgen_test]
async fn restoring_an_order_to_before_the_move_keeps_the_scan_in_the_books() {
    let name = db_name("restore");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let (id, blob) = an_order_with_a_scan(&repo, "PO-RESTORE").await;
    let before = heads_of(&repo, &id);
    assert_eq!(repo.tidy_office_records(&id).await.unwrap(), 1);
    let back = repo.restore_order(&id, &before).await.unwrap();
    assert_eq!(
        back.attachments.keys().collect::<Vec<_>>(),
        ["pack"],
        "the scan is not put back on the order"
    );
    moved_to_books(&repo, &id, &blob).await;
    drop(repo);
    let again = Repo::open_in(&name, author()).await.unwrap();
    moved_to_books(&again, &id, &blob).await;
}

/// A note of a call an older build kept on the order, which the office moved to the books:
/// restoring the order to a version from before the move does not put it back on the order.
#[wasm_bindgen_test]
async fn restoring_an_order_to_before_a_note_moved_keeps_the_note_in_the_books() {
    let repo = Repo::open_in(&db_name("restore-note"), author())
        .await
        .unwrap();
    let id = repo.create_order(&order("PO-NOTE")).await.unwrap();
    note_on_order(&repo, &id).await;
    let before = heads_of(&repo, &id);
    note_in_books(&repo, &id).await;
    repo.edit_order(&id, |o| {
        o.communications.remove("c-fob");
        Ok(())
    })
    .await
    .unwrap();
    let back = repo.restore_order(&id, &before).await.unwrap();
    assert!(
        back.communications.is_empty(),
        "not back where the factory reads it"
    );
    let books = repo.commercial(&id).await.unwrap().expect("held");
    assert!(books.communications.contains_key("c-fob"));
}

/// The office keeps a note of a call in the books; a copy of the order from before (a device
/// that restored an older version, or never had the move) brings it back on the order: where
/// the books are, it leaves the order again as it arrives, and the factory's own note stays.
#[wasm_bindgen_test]
async fn a_note_the_books_hold_leaves_an_order_that_brings_it_back() {
    let office = Repo::open_in(&db_name("note-back"), author())
        .await
        .unwrap();
    let id = office.create_order(&order("PO-NOTE-BACK")).await.unwrap();
    note_in_books(&office, &id).await;
    from_a_peer(&office, &id, |o| {
        o.communications.insert("c-fob".into(), call(FOB));
        o.communications
            .insert("c-factory".into(), call("cutting starts Monday"));
    })
    .await;
    let o = office.order(&id).await.unwrap();
    assert_eq!(o.communications.keys().collect::<Vec<_>>(), ["c-factory"]);
    let books = office.commercial(&id).await.unwrap().expect("held");
    assert_eq!(books.communications["c-fob"].summary, FOB);
}

/// The office keeps a note in the books on one device; the order there lets it go in the same
/// save. Another device, its order open, gets the books but not that change of the order (an
/// older build moved notes in two saves, and the second could fail): the books' arrival takes
/// the note off its order too.
#[wasm_bindgen_test]
async fn a_note_kept_in_the_books_leaves_the_order_in_the_same_save_and_where_they_arrive() {
    let name = db_name("note-kept");
    let first = Repo::open_in(&name, author()).await.unwrap();
    let id = first.create_order(&order("PO-NOTE-KEPT")).await.unwrap();
    note_on_order(&first, &id).await;
    let o = first.order(&id).await.unwrap();
    let cid = o.commercial.clone().expect("linked at creation");

    note_in_books(&first, &id).await;
    assert!(first.order(&id).await.unwrap().communications.is_empty());
    drop(first);
    let first = Repo::open_in(&name, author()).await.unwrap();
    assert!(
        first.order(&id).await.unwrap().communications.is_empty(),
        "saved with the books"
    );

    let fresh = Repo::open_in(&db_name("note-kept-fresh"), author())
        .await
        .unwrap();
    hold_order_written_by(&fresh, &id, [0x1f; 16], &o, true).await;
    first.load_doc_quietly(&cid).await.unwrap();
    let books = gendan_domain::automerge::AutoCommit::load(&saved(&first, &cid)).unwrap();
    let write = fresh.hold_new(&cid, books);
    fresh.persist(vec![write]).await.unwrap();
    fresh
        .persist_remote(std::slice::from_ref(&cid))
        .await
        .unwrap();
    assert!(fresh.order(&id).await.unwrap().communications.is_empty());
    let kept = fresh.commercial(&id).await.unwrap().expect("held");
    assert_eq!(kept.communications["c-fob"].summary, FOB);
}

/// A deposit waived by an older build on an office device, kept on the order with why: the
/// pass over every order at the start takes it, and its words, to the books; an order bringing
/// one from a peer is cleared as it arrives; a restore to a version holding one does not put it
/// back where the factory reads it.
#[wasm_bindgen_test]
async fn a_money_waiver_an_older_build_left_on_the_order_goes_to_the_books() {
    const WHY: &str = "boss said go, 30 % arrives Monday";
    fn older_waiver(o: &mut Order) {
        o.gate_overrides.insert(
            "1:deposit:old".into(),
            gendan_domain::lifecycle::GateOverride {
                gate: "deposit".into(),
                reason: WHY.into(),
                who: "li".into(),
                at_ms: 1,
                to: "in_production".into(),
                without_books: false,
                ..Default::default()
            },
        );
    }
    async fn in_books(repo: &Repo, id: &str) {
        let o = repo.order(id).await.unwrap();
        assert!(o.gate_overrides.is_empty(), "{:?}", o.gate_overrides);
        let books = repo.commercial(id).await.unwrap().expect("held");
        assert!(
            books
                .gate_waivers
                .values()
                .any(|w| w.gate == "deposit" && w.reason == WHY),
            "{:?}",
            books.gate_waivers
        );
    }

    let name = db_name("waiver-sweep");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = repo.create_order(&order("PO-OLD-WAIVER")).await.unwrap();
    // As an older build saved it: straight onto the order, past today's edit path.
    let (writes, ()) = repo
        .try_commit_doc::<Order, _, super::repo::EditError>(&id, |o| {
            older_waiver(o);
            Ok(())
        })
        .unwrap();
    repo.persist(writes).await.unwrap();
    let before = heads_of(&repo, &id);
    repo.persist(vec![Write::Delete {
        store: META,
        key: JsValue::from_str("migration:office-records-v2"),
    }])
    .await
    .unwrap();
    drop(repo);
    let repo = Repo::open_in(&name, author()).await.unwrap();
    in_books(&repo, &id).await;
    let back = repo.restore_order(&id, &before).await.unwrap();
    assert!(back.gate_overrides.is_empty(), "{:?}", back.gate_overrides);
    in_books(&repo, &id).await;

    let office = Repo::open_in(&db_name("waiver-arrive"), author())
        .await
        .unwrap();
    let id = office.create_order(&order("PO-OLD-PEER")).await.unwrap();
    from_a_peer(&office, &id, older_waiver).await;
    in_books(&office, &id).await;
}

/// Orders `a` and `b` of factory "F": `a`'s books hold a contract (stored here, office-only),
/// and a record on `b` names the contract's hash as a file of its own, as a factory that read
/// the hash in an order's history could write. Returns the orders' ids and the two hashes.
pub(crate) async fn a_contract_named_from_the_factory(
    repo: &Repo,
) -> (String, String, String, String) {
    let mut with_factory = order("PO-CONTRACT");
    with_factory.factory = Some("F".into());
    let a = repo.create_order(&with_factory).await.unwrap();
    with_factory.customer_po = "PO-NAMING".into();
    let b = repo.create_order(&with_factory).await.unwrap();
    let contract = repo
        .put_blob_office(b"sales contract, FOB 4.10")
        .await
        .unwrap();
    let photo = repo.put_blob(b"a factory's own photo").await.unwrap();
    let c = contract.clone();
    repo.edit_commercial(&a, move |books| {
        let mut file = scan(&c);
        file.kind = AttachmentKind::Contract;
        books.attachments.insert("contract".into(), file);
        Ok(())
    })
    .await
    .unwrap();
    let (c, p) = (contract.clone(), photo.clone());
    repo.edit_order(&b, move |o| {
        for (id, blob) in [("named", &c), ("own", &p)] {
            let mut file = scan(blob);
            file.kind = AttachmentKind::Misc;
            o.attachments.insert(id.into(), file);
        }
        Ok(())
    })
    .await
    .unwrap();
    (a, b, contract, photo)
}

/// A bundle file holds no books: a file of one order's books that a record on another order
/// of the same factory names does not go with it; the factory's own file does.
#[wasm_bindgen_test]
async fn a_bundle_leaves_behind_a_books_file_another_order_names() {
    let office = Repo::open_in(&db_name("bundle-named-contract"), author())
        .await
        .unwrap();
    let (_, b, contract, photo) = a_contract_named_from_the_factory(&office).await;
    for orders in [Some(vec![b.clone()]), None] {
        let files = office.bundle_files(orders.clone()).await;
        assert_eq!(files.count, 1, "{orders:?}");
        let file = office.export_bundle(orders, "office", true).await.unwrap();
        let other = Repo::open_in(&db_name("bundle-named-contract-to"), author())
            .await
            .unwrap();
        other.import_bundle(&file).await.unwrap();
        assert!(other.get_blob(&photo).await.unwrap().is_some());
        assert_eq!(other.get_blob(&contract).await.unwrap(), None);
    }
}
