//! Storage tests in a real browser (wasm-bindgen-test in headless Chromium): what is committed is
//! on disk, compaction keeps it, and damaged records are quarantined without harming the rest.

use gendan_domain::draft::OrderDraft;
use gendan_domain::{Author, Order, Price};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use super::idb::{self, CHUNKS};
use super::repo::EditError;
use super::{Repo, StoreError};

wasm_bindgen_test_configure!(run_in_browser);

fn author() -> Author {
    Author {
        name: "tester".into(),
        device: "dev-test".into(),
    }
}

/// A valid one-line order, the fixture other modules' browser tests share.
pub(crate) fn order(po: &str) -> Order {
    let mut d = OrderDraft {
        customer_po: po.into(),
        customer: "ACME".into(),
        style_no: "ST-1".into(),
        currency: "USD".into(),
        colours: vec![("c".into(), "Red".into())],
        sizes: vec![("s".into(), "S".into())],
        ..OrderDraft::default()
    };
    d.cells.insert("c:s".into(), "10".into());
    d.to_order().expect("valid order")
}

fn db_name(test: &str) -> String {
    format!("gendan-test-{test}-{}", js_sys::Math::random())
}

async fn chunk_count(db: &str, id: &str) -> u32 {
    let db = idb::open(db).await.unwrap();
    let t = idb::transaction(&db, &[CHUNKS], false).unwrap();
    let (keys, _) = idb::get_all(
        &idb::store(&t, CHUNKS).unwrap(),
        Some(&idb::doc_range(id).unwrap()),
    )
    .await
    .unwrap();
    keys.length()
}

#[wasm_bindgen_test]
async fn committed_orders_are_there_after_reopening() {
    let name = db_name("reopen");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = repo.create_order(&order("PO-1")).await.unwrap();
    let base = repo.order(&id).await.unwrap();
    let mut edited = base.clone();
    edited.description = "changed".into();
    repo.save_order(&id, &base, &edited, ("li", ""))
        .await
        .unwrap();
    drop(repo);

    let again = Repo::open_in(&name, author()).await.unwrap();
    assert_eq!(again.order(&id).await.unwrap(), edited);
    let summaries = again.summaries();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].customer_po, "PO-1");
    assert_eq!(summaries[0].total_qty, 10);
}

#[wasm_bindgen_test]
async fn many_edits_are_compacted_into_a_snapshot_and_lose_nothing() {
    let name = db_name("compact");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = repo.create_order(&order("PO-2")).await.unwrap();
    let mut last = repo.order(&id).await.unwrap();
    for i in 0..25 {
        let mut edited = last.clone();
        edited.description = format!("edit {i}");
        last = repo
            .save_order(&id, &last, &edited, ("li", ""))
            .await
            .unwrap();
    }
    let chunks = chunk_count(&name, &id).await;
    assert!(chunks <= 10, "{chunks} chunks left after compaction");
    let again = Repo::open_in(&name, author()).await.unwrap();
    assert_eq!(again.order(&id).await.unwrap().description, "edit 24");
}

#[wasm_bindgen_test]
async fn a_quarantine_record_for_a_document_never_held_is_forgotten_and_a_real_one_kept() {
    let name = db_name("never-held");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let gone = repo.create_order(&order("PO-GONE")).await.unwrap();
    drop(repo);
    // What earlier builds wrote when Today looked up money this device was never sent; and an
    // order whose chunks are gone (its summary is left), which is real damage.
    let record = |id: &str| {
        JsValue::from_str(
            &serde_json::json!({"id": id, "error": "no stored data for this document",
                "bytes": 0, "at_ms": 1.0})
            .to_string(),
        )
    };
    {
        let db = idb::open(&name).await.unwrap();
        let t = idb::transaction(&db, &[CHUNKS, idb::QUARANTINE], true).unwrap();
        let chunks = idb::store(&t, CHUNKS).unwrap();
        let (keys, _) = idb::get_all(&chunks, Some(&idb::doc_range(&gone).unwrap()))
            .await
            .unwrap();
        for k in keys.iter() {
            chunks.delete(&k).unwrap();
        }
        let q = idb::store(&t, idb::QUARANTINE).unwrap();
        idb::put(
            &q,
            &JsValue::from_str("money-never-sent"),
            &record("money-never-sent"),
        )
        .unwrap();
        idb::put(&q, &JsValue::from_str(&gone), &record(&gone)).unwrap();
        idb::committed(&t).await.unwrap();
    }
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let ids: Vec<String> = repo.quarantined().into_iter().map(|q| q.id).collect();
    assert_eq!(ids, std::slice::from_ref(&gone));
    assert!(repo.summaries().iter().any(|s| s.id == gone && s.damaged));
    drop(repo);
    let db = idb::open(&name).await.unwrap();
    let t = idb::transaction(&db, &[idb::QUARANTINE], false).unwrap();
    let (keys, _) = idb::get_all(&idb::store(&t, idb::QUARANTINE).unwrap(), None)
        .await
        .unwrap();
    let kept: Vec<String> = keys.iter().filter_map(|k| k.as_string()).collect();
    assert_eq!(kept, [gone], "the record of money never sent is deleted");
}

#[wasm_bindgen_test]
async fn a_damaged_record_is_quarantined_and_the_others_still_load() {
    let name = db_name("damage");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let bad = repo.create_order(&order("PO-BAD")).await.unwrap();
    let good = repo.create_order(&order("PO-GOOD")).await.unwrap();
    drop(repo);
    {
        let db = idb::open(&name).await.unwrap();
        let t = idb::transaction(&db, &[CHUNKS], true).unwrap();
        let store = idb::store(&t, CHUNKS).unwrap();
        let (keys, _) = idb::get_all(&store, Some(&idb::doc_range(&bad).unwrap()))
            .await
            .unwrap();
        for k in keys.iter() {
            idb::put(&store, &k, &idb::bytes(b"\x85\x6f\x4a\x83 not automerge")).unwrap();
        }
        // A record that is not even bytes.
        idb::put(
            &store,
            &idb::chunk_key(&bad, "incremental", "zzz"),
            &JsValue::from_str("text"),
        )
        .unwrap();
        idb::committed(&t).await.unwrap();
    }
    let repo = Repo::open_in(&name, author()).await.unwrap();
    assert!(matches!(
        repo.order(&bad).await,
        Err(StoreError::Corrupt(_))
    ));
    assert_eq!(repo.order(&good).await.unwrap().customer_po, "PO-GOOD");
    let q = repo.quarantined();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].id, bad);
    assert!(
        !repo.quarantined_bytes(&bad).await.unwrap().is_empty(),
        "the damaged bytes are kept"
    );
    assert!(repo.summaries().iter().any(|s| s.id == bad && s.damaged));
    // The quarantine survives a restart and is still reported.
    let again = Repo::open_in(&name, author()).await.unwrap();
    assert_eq!(again.quarantined().len(), 1);
}

#[wasm_bindgen_test]
async fn a_damaged_summary_cache_is_rebuilt_from_the_documents() {
    let name = db_name("summary");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = repo.create_order(&order("PO-SUM")).await.unwrap();
    drop(repo);
    {
        let db = idb::open(&name).await.unwrap();
        let t = idb::transaction(&db, &[idb::SUMMARIES], true).unwrap();
        idb::put(
            &idb::store(&t, idb::SUMMARIES).unwrap(),
            &JsValue::from_str(&id),
            &JsValue::from_str("{not json"),
        )
        .unwrap();
        idb::committed(&t).await.unwrap();
    }
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let s = repo.summaries();
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].customer_po, "PO-SUM");
}

#[wasm_bindgen_test]
async fn today_and_the_daily_report_read_every_order_through_the_scan() {
    use gendan_domain::reports::{self, OrderFacts};
    use gendan_domain::{Day, Price, RecordId};

    let name = db_name("today");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let mut o = order("PO-TODAY");
    o.order_date = Day::from_ymd(2020, 1, 1);
    o.ex_factory = Day::from_ymd(2020, 3, 1);
    let id = repo.create_order(&o).await.unwrap();
    let _quiet = repo.create_order(&order("PO-QUIET")).await.unwrap();
    // Milestones from the workspace's standard T&A template; a deposit planned and not received.
    let template = repo.workspace_value().unwrap().templates["standard"].clone();
    let mut n = 0u8;
    let (saved, ()) = repo
        .edit_order(&id, |o| {
            gendan_domain::tna::apply_template(o, &template, || {
                n += 1;
                RecordId::from_random([n; 8])
            });
            Ok(())
        })
        .await
        .unwrap();
    repo.edit_commercial(&id, |c| {
        c.unit_price = Some(Price::from_ten_thousandths(38_000));
        c.terms.deposit_bp = 3_000;
        let _ = c.plan_receivables(&saved);
        Ok(())
    })
    .await
    .unwrap();
    let summary = repo.summaries().into_iter().find(|s| s.id == id).unwrap();
    assert_eq!(summary.next_due.as_deref(), Some("2020-01-11"));

    let now = Day::from_ymd(2020, 2, 15).unwrap();
    let settings = repo.workspace_value().unwrap().settings;
    let mut today = reports::Today::default();
    let mut seen = Vec::new();
    repo.scan_orders(
        |_| true,
        async |_, _| true,
        |oid, o, c| {
            seen.push(oid.to_string());
            let t = reports::today(
                &[OrderFacts {
                    id: oid,
                    order: o,
                    commercial: c.held(),
                }],
                &settings,
                now,
            );
            today.late_milestones.extend(t.late_milestones);
            today.deposits_awaited.extend(t.deposits_awaited);
        },
    )
    .await;
    assert_eq!(seen.len(), 2);
    assert!(!today.late_milestones.is_empty());
    assert!(today.late_milestones.iter().all(|m| m.order == id));
    assert_eq!(today.deposits_awaited.len(), 1);
    assert_eq!(today.deposits_awaited[0].order, id);
    // The scan keeps nothing loaded that was not loaded before.
    let loaded = repo.inner.borrow().docs.len();
    repo.scan_orders(|_| true, async |_, _| true, |_, _, _| {})
        .await;
    assert_eq!(repo.inner.borrow().docs.len(), loaded);

    // Today's daily report holds the order, with what was done to it and by whom.
    let offset = -(js_sys::Date::new_0().get_timezone_offset() as i32);
    let d = js_sys::Date::new_0();
    let day = Day::from_ymd(d.get_full_year() as i32, d.get_month() + 1, d.get_date()).unwrap();
    let report = repo.daily_report(day, offset, 0.0, async |_, _| {}).await;
    let labels: Vec<&str> = report.documents.iter().map(|(l, _)| l.as_str()).collect();
    assert!(labels.contains(&id.as_str()), "{labels:?}");
    let entry = report.documents.iter().find(|(l, _)| l == &id).unwrap();
    // the order was created today, and its price set in the commercial document read beside it
    use gendan_domain::activity::Event;
    assert!(
        matches!(entry.1.events[0], Event::OrderCreated { .. }),
        "{:?}",
        entry.1.events
    );
    assert!(
        entry
            .1
            .events
            .iter()
            .any(|e| matches!(e, Event::PriceChanged { .. })),
        "{:?}",
        entry.1.events
    );
    assert!(report.authors().contains("tester"));
}

/// Values chosen to be unique: a scan for them cannot match anything else.
pub(crate) const LEGACY_PRICE: i64 = 73_219; // 7.3219, the customer's unit price
pub(crate) const SUPPLIER_PRICE: i64 = 19_457; // 1.9457, the fabric supplier's

/// Whether any change in the history of a document this device holds wrote one of the prices.
pub(crate) fn history_holds(repo: &Repo, id: &str, prices: &[i64]) -> (bool, usize) {
    use gendan_domain::automerge::ScalarValue;
    let mut inner = repo.inner.borrow_mut();
    let Some(l) = inner.docs.get_mut(id) else {
        return (false, 0);
    };
    let values = gendan_domain::migration::history_values(&mut l.doc);
    let hit = values.iter().any(|(_, v)| match v {
        ScalarValue::Int(i) => prices.contains(i),
        ScalarValue::Uint(u) => i64::try_from(*u).is_ok_and(|u| prices.contains(&u)),
        ScalarValue::F64(f) => prices.contains(&((*f * 10_000.0).round() as i64)),
        ScalarValue::Str(s) => prices
            .iter()
            .any(|p| s.contains(&format!("{}.{:04}", p / 10_000, p % 10_000))),
        _ => false,
    });
    (hit, values.len())
}

/// An order as a build before schema 3 stored it: the customer price in the order document and a
/// supplier price on its PO, committed and written to IndexedDB. The migration flag is cleared, so
/// the next open is like the first open of a new build on old data.
/// Stores `o` under `id`, its first change written by `actor`, and lists it in the workspace
/// when `list`: two devices given one actor and different orders hold copies that can never
/// merge (as an older build's migration of one order on two devices wrote them).
pub(crate) async fn hold_order_written_by(
    repo: &Repo,
    id: &str,
    actor: [u8; 16],
    o: &Order,
    list: bool,
) {
    let doc = gendan_domain::document::create(actor, &author(), 1, o).unwrap();
    let write = repo.hold_new(id, doc);
    repo.persist(vec![write]).await.unwrap();
    repo.inner
        .borrow_mut()
        .summaries
        .insert(id.to_string(), super::repo::Summary::of(id, o, 1.0));
    if !list {
        return;
    }
    let listed = id.to_string();
    repo.edit_workspace(move |w| {
        w.orders
            .insert(listed, gendan_domain::workspace::OrderRef { created_ms: 1 });
        Ok(())
    })
    .await
    .unwrap();
}

pub(crate) async fn write_legacy_priced_order(repo: &Repo, po: &str) -> String {
    use gendan_domain::automerge::transaction::Transactable;
    use gendan_domain::automerge::{ObjType, ReadDoc, Value, ROOT};
    let mut o = order(po);
    // Created by a build that kept prices in orders (before schema 3).
    o.schema = 2;
    o.purchase_orders.insert(
        "po1".into(),
        gendan_domain::purchasing::PurchaseOrder {
            po_no: "F-1".into(),
            supplier: "mill".into(),
            qty: "1000".parse().unwrap(),
            ..Default::default()
        },
    );
    let id = repo.create_order(&o).await.unwrap();
    let writes = {
        let mut inner = repo.inner.borrow_mut();
        let doc = &mut inner.docs.get_mut(&id).unwrap().doc;
        doc.put(ROOT, "unit_price", LEGACY_PRICE).unwrap();
        doc.put(ROOT, "currency", "USD").unwrap();
        let Ok(Some((Value::Object(ObjType::Map), pos))) = doc.get(ROOT, "purchase_orders") else {
            panic!("purchase orders")
        };
        let Ok(Some((_, po1))) = doc.get(&pos, "po1") else {
            panic!("po1")
        };
        doc.put(&po1, "unit_price", SUPPLIER_PRICE).unwrap();
        doc.put(&po1, "currency", "CNY").unwrap();
        // As the old build committed: under the name and device that created the order (each
        // load of a document writes under a new actor).
        let a = author();
        doc.commit_with(
            gendan_domain::automerge::transaction::CommitOptions::default()
                .with_message(format!("{}\u{1f}{}", a.name, a.device)),
        );
        let bytes = doc.save_incremental();
        vec![
            super::repo::Write::Put {
                store: CHUNKS,
                key: idb::chunk_key(&id, "incremental", &super::repo::sha_hex(&bytes)),
                value: idb::bytes(&bytes),
            },
            super::repo::Write::Delete {
                store: idb::META,
                key: JsValue::from_str(super::migrate::DONE_KEY),
            },
        ]
    };
    repo.persist(writes).await.unwrap();
    id
}

#[wasm_bindgen_test]
async fn a_price_written_into_a_migrated_orders_old_document_stays_out_of_the_books() {
    // A factory that received the order before the office's first new build migrated it still
    // holds the old document, and may write a price into it and send it back (in a file, say).
    use gendan_domain::automerge::transaction::Transactable;
    use gendan_domain::automerge::ROOT;
    let name = db_name("planted-old");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let old = write_legacy_priced_order(&repo, "PO-OLD").await;
    drop(repo);
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let new = repo.successor_of(&old).expect("migrated on open");
    // The office clears the price since (it was wrong): the books say none.
    repo.edit_commercial(&new, |c| {
        c.unit_price = None;
        Ok(())
    })
    .await
    .unwrap();
    assert!(repo.ensure_loaded(&old).await, "the old document is kept");
    {
        let mut inner = repo.inner.borrow_mut();
        let doc = &mut inner.docs.get_mut(&old).unwrap().doc;
        doc.put(ROOT, "unit_price", 99_999i64).unwrap();
        doc.commit();
    }
    assert_eq!(repo.migrate_if_priced(&old).await.unwrap(), None);
    let c = repo.commercial(&new).await.unwrap().expect("books");
    assert_eq!(c.unit_price, None, "the planted price is not in the books");
    assert_eq!(
        c.po_price("po1").map(|p| p.ten_thousandths()),
        Some(SUPPLIER_PRICE)
    );
    let ids: Vec<String> = repo.summaries().into_iter().map(|s| s.id).collect();
    assert!(ids.contains(&new) && !ids.contains(&old));
}

/// A factory received an old order while prices still travelled in it and raised its PO price
/// before any office device migrated the order. The migration on open copies that price into the
/// books only as a price to check: no payable is raised from it, and Today lists the order —
/// still once it is closed — until someone confirms it. The creator's own prices go in as before.
#[wasm_bindgen_test]
async fn a_price_a_factory_wrote_into_an_old_order_is_only_to_be_checked_in_the_books() {
    use gendan_domain::automerge::transaction::{CommitOptions, Transactable};
    use gendan_domain::automerge::{ActorId, ReadDoc, ROOT};
    let name = db_name("planted-before-migration");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let old = write_legacy_priced_order(&repo, "PO-PLANT").await;
    let writes = {
        let mut inner = repo.inner.borrow_mut();
        let doc = &mut inner.docs.get_mut(&old).unwrap().doc;
        doc.set_actor(ActorId::from([0xfa; 16]));
        let Ok(Some((_, pos))) = doc.get(ROOT, "purchase_orders") else {
            panic!("purchase orders")
        };
        let Ok(Some((_, po1))) = doc.get(&pos, "po1") else {
            panic!("po1")
        };
        doc.put(&po1, "unit_price", 990_000i64).unwrap();
        doc.commit_with(
            CommitOptions::default().with_message("li\u{1f}factory-tablet".to_string()),
        );
        let bytes = doc.save_incremental();
        vec![super::repo::Write::Put {
            store: CHUNKS,
            key: idb::chunk_key(&old, "incremental", &super::repo::sha_hex(&bytes)),
            value: idb::bytes(&bytes),
        }]
    };
    repo.persist(writes).await.unwrap();
    drop(repo);

    let repo = Repo::open_in(&name, author()).await.unwrap();
    let new = repo.successor_of(&old).expect("migrated on open");
    let c = repo.commercial(&new).await.unwrap().expect("books");
    assert_eq!(
        c.unit_price.map(|p| p.ten_thousandths()),
        Some(LEGACY_PRICE),
        "the creator's price"
    );
    assert_eq!(c.unit_price_check, None);
    let check = c
        .po_price_checks
        .get("po1")
        .expect("the factory's price is to check");
    assert_eq!(
        (check.written_by.as_str(), check.device.as_str()),
        ("li", "factory-tablet")
    );
    assert_eq!(check.price.map(|p| p.ten_thousandths()), Some(990_000));
    assert_eq!(c.po_price("po1"), None, "used for nothing");

    // Cancelled, the order is still listed on Today for its price to check.
    let gates = repo.workspace_value().unwrap().settings.gates;
    let rules = gates.clone();
    repo.edit_order(&new, move |o| {
        gendan_domain::lifecycle::transition(
            o,
            None,
            gendan_domain::OrderStatus::Cancelled,
            &rules,
            "tester",
            1,
            Some("buyer withdrew the style"),
        )
    })
    .await
    .unwrap();
    let key = gendan_domain::agenda::Agenda::key(&gates);
    let summary = repo.summaries().into_iter().find(|s| s.id == new).unwrap();
    assert!(super::agenda::today_wants(&summary, &key), "read by Today");
    let index = repo.today_from_index(&key, super::agenda_tests::now(), 7, |s| {
        super::agenda::today_wants(s, &key)
    });
    let agenda = summary
        .agenda
        .clone()
        .expect("an agenda made with the books");
    assert!(agenda.prices_to_check, "{agenda:?}");
    assert_eq!(
        index
            .today
            .prices_to_check
            .iter()
            .map(|t| t.order.clone())
            .collect::<Vec<_>>(),
        [new],
        "answered from the index: {:?}",
        index.load
    );
}

#[wasm_bindgen_test]
async fn an_order_with_prices_from_an_old_build_moves_to_a_successor_on_open() {
    let name = db_name("migrate");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let old = write_legacy_priced_order(&repo, "PO-OLD").await;
    let plain = repo.create_order(&order("PO-PLAIN")).await.unwrap();
    assert!(history_holds(&repo, &old, &[LEGACY_PRICE]).0);
    drop(repo);

    let repo = Repo::open_in(&name, author()).await.unwrap();
    let new = repo.successor_of(&old).expect("migrated on open");
    assert_ne!(new, old);
    let ids: Vec<String> = repo.summaries().into_iter().map(|s| s.id).collect();
    assert!(ids.contains(&new) && ids.contains(&plain) && !ids.contains(&old));
    let ws = repo.workspace_value().unwrap();
    assert!(ws.orders.contains_key(&new) && !ws.orders.contains_key(&old));
    let o = repo.order(&new).await.unwrap();
    assert_eq!(o.customer_po, "PO-OLD");
    assert_eq!(
        o.migrated_from.as_ref().map(|p| p.id.clone()),
        Some(old.clone())
    );
    let (leak, scanned) = history_holds(&repo, &new, &[LEGACY_PRICE, SUPPLIER_PRICE]);
    assert!(
        !leak && scanned > 0,
        "the successor's history holds no price"
    );
    // The prices are in the commercial document, the PO's in its own currency.
    let c = repo
        .commercial(&new)
        .await
        .unwrap()
        .expect("commercial document");
    assert_eq!(
        c.unit_price.map(|p| p.ten_thousandths()),
        Some(LEGACY_PRICE)
    );
    assert_eq!(
        c.po_price("po1").map(|p| p.ten_thousandths()),
        Some(SUPPLIER_PRICE)
    );
    assert_eq!(c.po_currency("po1"), "CNY");
    assert_eq!(c.order, new);
    // The old document is kept (nothing is lost) but no longer listed.
    assert_eq!(repo.order(&old).await.unwrap().customer_po, "PO-OLD");
    drop(repo);

    // Opening again migrates nothing twice.
    let repo = Repo::open_in(&name, author()).await.unwrap();
    assert_eq!(repo.summaries().len(), 2);
    assert_eq!(repo.successor_of(&old), Some(new));
}

/// Every document stored on this device (by its chunks in IndexedDB), each loaded into memory so
/// its history can be scanned.
pub(crate) async fn all_stored_docs(repo: &Repo) -> Vec<String> {
    let t = idb::transaction(&repo.db, &[CHUNKS], false).unwrap();
    let (keys, _) = idb::get_all(&idb::store(&t, CHUNKS).unwrap(), None)
        .await
        .unwrap();
    let mut ids: Vec<String> = keys
        .iter()
        .filter_map(|k| js_sys::Array::from(&k).get(0).as_string())
        .collect();
    ids.sort();
    ids.dedup();
    for id in &ids {
        let _ = repo.load_doc_quietly(id).await;
    }
    ids
}

#[wasm_bindgen_test]
async fn a_document_of_a_file_that_does_not_read_is_refused_by_itself_and_the_others_arrive() {
    use gendan_sync::bundle::{self, Kind};
    let a = Repo::open_in(&db_name("refuse-one-a"), author())
        .await
        .unwrap();
    let good = a.create_order(&order("PO-GOOD")).await.unwrap();
    let file = a.export_bundle(None, "dev-a", false).await.unwrap();
    let (_, entries, _) = bundle::decode_all(&file).unwrap();
    let mut docs: Vec<(String, Option<Kind>, Vec<u8>)> = entries
        .into_iter()
        .map(|(e, bytes)| (e.id, e.kind, bytes))
        .collect();
    let workspace = docs
        .iter()
        .find(|d| d.1 == Some(Kind::Workspace))
        .map(|d| d.2.clone())
        .unwrap();
    // A document that loads but is no order, bytes that are no document, and a kind this
    // version does not import.
    let stranger = |n: u8| format!("Stranger{n}");
    docs.push((stranger(1), Some(Kind::Order), workspace));
    docs.push((stranger(2), Some(Kind::Order), b"not automerge".to_vec()));
    docs.push((stranger(3), Some(Kind::Commercial), b"money".to_vec()));
    let mixed = bundle::encode(0, "dev-a", &docs);

    let b = Repo::open_in(&db_name("refuse-one-b"), author())
        .await
        .unwrap();
    let report = b.import_bundle(&mixed).await.unwrap();
    assert_eq!((report.new_orders, report.refused), (1, 3), "{report:?}");
    assert_eq!(b.order(&good).await.unwrap().customer_po, "PO-GOOD");
    let ids: Vec<String> = b.summaries().into_iter().map(|s| s.id).collect();
    assert_eq!(ids, std::slice::from_ref(&good));
    assert!(b.workspace_value().unwrap().orders.contains_key(&good));
    // The same file again: the good order is unchanged, the others refused again.
    let again = b.import_bundle(&mixed).await.unwrap();
    assert_eq!((again.unchanged_orders, again.refused), (1, 3));
}

#[wasm_bindgen_test]
async fn an_export_that_cannot_read_storage_says_so_instead_of_making_a_file() {
    let a = Repo::open_in(&db_name("export-fails"), author())
        .await
        .unwrap();
    let id = a.create_order(&order("PO-LOST")).await.unwrap();
    a.drop_docs(std::slice::from_ref(&id));
    a.db.close();
    assert!(matches!(
        a.export_bundle(None, "dev-a", false).await,
        Err(StoreError::Browser(_))
    ));
}

async fn migration_done(name: &str) -> bool {
    let db = idb::open(name).await.unwrap();
    let t = idb::transaction(&db, &[idb::META], false).unwrap();
    let v = idb::get(
        &idb::store(&t, idb::META).unwrap(),
        &JsValue::from_str(super::migrate::DONE_KEY),
    )
    .await
    .unwrap();
    v.as_string().as_deref() == Some("done")
}

#[wasm_bindgen_test]
async fn a_new_device_has_nothing_to_migrate_and_a_rebuilt_workspace_leaves_its_orders_to_the_pass()
{
    let name = db_name("new-device");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    assert!(
        migration_done(&name).await,
        "nothing stored: every order that comes later is migrated as it arrives"
    );
    let old = write_legacy_priced_order(&repo, "PO-OLD").await;
    drop(repo);
    // The workspace is lost: the one made again lists the orders here, whose pass is still due.
    {
        let db = idb::open(&name).await.unwrap();
        let t = idb::transaction(&db, &[idb::META], true).unwrap();
        idb::delete(
            &idb::store(&t, idb::META).unwrap(),
            &JsValue::from_str("workspace"),
        )
        .unwrap();
        idb::committed(&t).await.unwrap();
    }
    let rebuilt = Repo::open_in(&name, author()).await.unwrap();
    assert!(!migration_done(&name).await);
    assert!(rebuilt.successor_of(&old).is_none());
    drop(rebuilt);
    let again = Repo::open_in(&name, author()).await.unwrap();
    assert!(again.successor_of(&old).is_some(), "migrated by the pass");
    assert!(migration_done(&name).await);
}

/// A factory shares order O and may write any of its fields: it points O's money link at O itself
/// (or at another order it holds) and adds the fields a commercial document has. The office must
/// neither show that as the order's money nor write a price into it: O goes to the factory.
#[wasm_bindgen_test]
async fn a_money_link_pointed_at_an_order_is_never_written_through() {
    use gendan_domain::automerge::transaction::Transactable;
    use gendan_domain::automerge::{ObjType, ROOT};
    let repo = Repo::open_in(&db_name("money-link"), author())
        .await
        .unwrap();
    let id = repo.create_order(&order("PO-SELF")).await.unwrap();
    let other = repo.create_order(&order("PO-OTHER")).await.unwrap();
    for target in [id.clone(), other.clone(), repo.workspace_id()] {
        // What the factory's change leaves in the order: a link and a commercial document's keys.
        let writes = {
            let mut inner = repo.inner.borrow_mut();
            let doc = &mut inner.docs.get_mut(&id).unwrap().doc;
            doc.put(ROOT, "commercial", target.as_str()).unwrap();
            let c = gendan_domain::Commercial::new(&id, "USD");
            doc.put(ROOT, "order", id.as_str()).unwrap();
            doc.put(ROOT, "currency", "USD").unwrap();
            doc.put(
                ROOT,
                "unit_price",
                gendan_domain::automerge::ScalarValue::Null,
            )
            .unwrap();
            autosurgeon::reconcile_prop(&mut *doc, ROOT, "terms", &c.terms).unwrap();
            autosurgeon::reconcile_prop(&mut *doc, ROOT, "receivables", &c.receivables).unwrap();
            for map in [
                "colour_prices",
                "receipts",
                "payables",
                "payment_requests",
                "payments",
            ] {
                doc.put_object(ROOT, map, ObjType::Map).unwrap();
            }
            doc.commit();
            let read = gendan_domain::document::read::<gendan_domain::Commercial>(doc);
            assert!(
                read.is_ok(),
                "the crafted order reads as a commercial document: {read:?}"
            );
            let bytes = doc.save_incremental();
            vec![super::repo::Write::Put {
                store: CHUNKS,
                key: idb::chunk_key(&id, "incremental", &super::repo::sha_hex(&bytes)),
                value: idb::bytes(&bytes),
            }]
        };
        repo.persist(writes).await.unwrap();
        assert!(matches!(
            repo.commercial(&id).await,
            Err(StoreError::MoneyLink(o)) if o == id
        ));
        let refused = repo
            .edit_commercial(&id, |c| {
                c.unit_price = Some(Price::from_ten_thousandths(LEGACY_PRICE));
                Ok(())
            })
            .await;
        assert!(
            matches!(&refused, Err(EditError::Store(StoreError::MoneyLink(_)))),
            "{target}: {:?}",
            refused.map(|_| ())
        );
        assert_eq!(repo.commercial_link(&id), None);
        for doc in [&id, &other, &repo.workspace_id()] {
            assert!(
                !history_holds(&repo, doc, &[LEGACY_PRICE]).0,
                "a price was written into {doc} through a link to {target}"
            );
        }
    }
}

/// A hand-made change to loaded document `id` (what a peer's patched build could send),
/// committed and stored as this device stores a change.
async fn changed_by_hand(
    repo: &Repo,
    id: &str,
    change: impl FnOnce(&mut gendan_domain::automerge::AutoCommit),
) {
    let writes = {
        let mut inner = repo.inner.borrow_mut();
        let doc = &mut inner.docs.get_mut(id).unwrap().doc;
        change(doc);
        doc.commit();
        let bytes = doc.save_incremental();
        vec![super::repo::Write::Put {
            store: CHUNKS,
            key: idb::chunk_key(id, "incremental", &super::repo::sha_hex(&bytes)),
            value: idb::bytes(&bytes),
        }]
    };
    repo.persist(writes).await.unwrap();
}

/// What Today's walk over the orders reads as `id`'s books: the currency when it reads them,
/// "unread" when it holds something it will not count, "none" when it has none.
async fn books_today(repo: &Repo, id: &str) -> String {
    let mut seen = String::from("not visited");
    repo.scan_orders(
        |s| s.id == id,
        async |_, _| true,
        |_, _, books| {
            seen = match books {
                super::scan::Books::Held(c) => c.currency.clone(),
                super::scan::Books::Unread => "unread".into(),
                super::scan::Books::None => "none".into(),
            }
        },
    )
    .await;
    seen
}

/// A factory points its order's money link at the books of another of its orders, one the
/// office has been paid on: the office would count that order's receipts and waivers for this
/// one (its deposit and balance gates open with nothing received) and write this order's money
/// into the other's books. Books name their order; a link to books naming another is refused.
#[wasm_bindgen_test]
async fn a_money_link_pointed_at_another_orders_books_is_refused() {
    use gendan_domain::automerge::transaction::Transactable;
    use gendan_domain::automerge::ROOT;
    let repo = Repo::open_in(&db_name("money-link-other-books"), author())
        .await
        .unwrap();
    let paid = repo.create_order(&order("PO-PAID")).await.unwrap();
    let id = repo.create_order(&order("PO-UNPAID")).await.unwrap();
    repo.edit_commercial(&paid, |c| {
        c.currency = "EUR".into();
        Ok(())
    })
    .await
    .unwrap();
    let theirs = repo.commercial_link(&paid).unwrap();
    changed_by_hand(&repo, &id, |doc| {
        doc.put(ROOT, "commercial", theirs.as_str()).unwrap();
    })
    .await;
    // Read before the books are loaded (a fresh start) and after.
    for fresh in [true, false] {
        if fresh {
            repo.drop_docs(std::slice::from_ref(&theirs));
        }
        assert!(
            matches!(repo.commercial(&id).await, Err(StoreError::MoneyLink(o)) if o == id),
            "fresh: {fresh}"
        );
    }
    let refused = repo
        .edit_commercial(&id, |c| {
            c.currency = "GBP".into();
            Ok(())
        })
        .await;
    assert!(
        matches!(&refused, Err(EditError::Store(StoreError::MoneyLink(_)))),
        "{:?}",
        refused.map(|_| ())
    );
    let still = repo.commercial(&paid).await.unwrap().unwrap();
    assert_eq!(
        still.currency, "EUR",
        "the other order's books are untouched"
    );
    // Today's walk does not count the other order's money either.
    assert_eq!(books_today(&repo, &id).await, "unread");
    assert_eq!(books_today(&repo, &paid).await, "EUR");
}

/// A factory clears its order's money link by a hand-made change: the office read the order as
/// having no books, so it missed their receipts and counted a money waiver the factory made
/// "without the books". The books made for the order are here: they are still its books.
#[wasm_bindgen_test]
async fn a_money_link_cleared_by_a_peer_still_reads_the_books_made_for_the_order() {
    use gendan_domain::automerge::transaction::Transactable;
    use gendan_domain::automerge::{ScalarValue, ROOT};
    let name = db_name("money-link-cleared");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = repo.create_order(&order("PO-CLEARED")).await.unwrap();
    repo.edit_commercial(&id, |c| {
        c.currency = "EUR".into();
        Ok(())
    })
    .await
    .unwrap();
    changed_by_hand(&repo, &id, |doc| {
        doc.put(ROOT, "commercial", ScalarValue::Null).unwrap();
    })
    .await;
    assert_eq!(repo.order(&id).await.unwrap().commercial, None);
    let money = repo
        .commercial(&id)
        .await
        .unwrap()
        .expect("the books made for it");
    assert_eq!(money.currency, "EUR");
    // And after a fresh start, the books not loaded yet.
    drop(repo);
    let again = Repo::open_in(&name, author()).await.unwrap();
    assert_eq!(
        books_today(&again, &id).await,
        "EUR",
        "Today reads them too"
    );
    let money = again.commercial(&id).await.unwrap().expect("read again");
    assert_eq!(money.currency, "EUR");
}

/// A file made on a factory's device lists, as an order, a document under the id of an order's
/// books (or the workspace's): imported, the office would list its money with the orders,
/// merge it with what the id holds, and share it with the next link made for that factory.
/// Refused, said in the report; the rest of the file arrives.
#[wasm_bindgen_test]
async fn a_file_offering_the_books_or_the_workspace_as_an_order_is_refused() {
    use gendan_domain::commercial::books_id;
    use gendan_sync::bundle::{self, Kind};
    let office = Repo::open_in(&db_name("import-books-as-order"), author())
        .await
        .unwrap();
    let held = office.create_order(&order("PO-HELD")).await.unwrap();
    office
        .edit_commercial(&held, |c| {
            c.currency = "EUR".into();
            Ok(())
        })
        .await
        .unwrap();
    let factory = Repo::open_in(&db_name("import-books-as-order-f"), author())
        .await
        .unwrap();
    let good = factory.create_order(&order("PO-GOOD")).await.unwrap();
    let file = factory.export_bundle(None, "dev-f", false).await.unwrap();
    let (_, entries, _) = bundle::decode_all(&file).unwrap();
    let mut docs: Vec<(String, Option<Kind>, Vec<u8>)> = entries
        .into_iter()
        .map(|(e, bytes)| (e.id, e.kind, bytes))
        .collect();
    let an_order = docs
        .iter()
        .find(|d| d.0 == good)
        .map(|d| d.2.clone())
        .unwrap();
    // A real order's bytes under the office's books id, under the books id of an order that
    // comes in the same file, and under the office's workspace id.
    for id in [books_id(&held), books_id(&good), office.workspace_id()] {
        docs.push((id, Some(Kind::Order), an_order.clone()));
    }
    let crafted = bundle::encode(0, "dev-f", &docs);
    let report = office.import_bundle(&crafted).await.unwrap();
    assert_eq!((report.new_orders, report.refused), (1, 3), "{report:?}");
    let mut ids: Vec<String> = office.summaries().into_iter().map(|s| s.id).collect();
    ids.sort();
    let mut want = vec![held.clone(), good.clone()];
    want.sort();
    assert_eq!(ids, want);
    let listed = office.workspace_value().unwrap().orders;
    assert!(!listed.contains_key(&books_id(&held)));
    assert!(!listed.contains_key(&office.workspace_id()));
    let money = office.commercial(&held).await.unwrap().unwrap();
    assert_eq!(money.currency, "EUR", "the books still read as the books");
}

/// A factory that shares an order writes a price into it, hoping the office copies it into its
/// books (and replaces the order): an order this schema created never held a price, so it is not
/// migrated and the office's money stays as the office typed it.
#[wasm_bindgen_test]
async fn a_price_planted_in_a_new_order_is_not_migrated_into_the_books() {
    use gendan_domain::automerge::transaction::Transactable;
    use gendan_domain::automerge::ROOT;
    let repo = Repo::open_in(&db_name("planted"), author()).await.unwrap();
    let id = repo.create_order(&order("PO-PLANTED")).await.unwrap();
    repo.edit_commercial(&id, |c| {
        c.currency = "EUR".into();
        Ok(())
    })
    .await
    .unwrap();
    {
        let mut inner = repo.inner.borrow_mut();
        let doc = &mut inner.docs.get_mut(&id).unwrap().doc;
        doc.put(ROOT, "unit_price", LEGACY_PRICE).unwrap();
        doc.put(ROOT, "currency", "USD").unwrap();
        doc.commit();
    }
    assert_eq!(repo.migrate_if_priced(&id).await.unwrap(), None);
    let money = repo.commercial(&id).await.unwrap().unwrap();
    assert_eq!(money.unit_price, None);
    assert_eq!(money.currency, "EUR");
    assert!(repo.successor_of(&id).is_none());
}

/// A new order links its books and this device holds them from the start: a device that
/// receives the order without them (a factory's, through a scoped token) knows the money is
/// elsewhere, so it can neither show, start nor waive it.
#[wasm_bindgen_test]
async fn a_new_order_is_created_with_its_books_linked_and_held() {
    use gendan_domain::commercial::books_id;
    let name = db_name("books-at-creation");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = repo.create_order(&order("PO-BOOKS")).await.unwrap();
    let o = repo.order(&id).await.unwrap();
    assert_eq!(o.commercial, Some(books_id(&id)));
    drop(repo);
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let books = repo
        .commercial(&id)
        .await
        .unwrap()
        .expect("held since creation");
    assert_eq!(books.order, id);
    assert!(books.receipts.is_empty());
    // The factory's device: the order alone.
    let factory = Repo::open_in(&db_name("books-factory"), author())
        .await
        .unwrap();
    hold_order_written_by(&factory, &id, [0xfa; 16], &o, true).await;
    assert_eq!(factory.commercial(&id).await.unwrap(), None, "elsewhere");
    assert_eq!(factory.commercial(&id).await.unwrap(), None, "asked again");
    assert!(
        factory.quarantined().is_empty(),
        "books never sent are not damaged: {:?}",
        factory.quarantined()
    );
    let start = factory
        .edit_commercial(&id, |c| {
            c.unit_price = Some(Price::from_ten_thousandths(1));
            Ok(())
        })
        .await;
    assert!(start.is_err(), "no books of its own");
    let gates = factory.workspace_value().unwrap().settings.gates;
    let mut moved = o.clone();
    moved.status = gendan_domain::OrderStatus::Confirmed;
    moved.ex_factory = "2026-06-01".parse().ok();
    // Moving it on is not asked about the money there, and waives nothing: the office, which
    // holds the books, sees the move as a decision.
    gendan_domain::lifecycle::transition(
        &mut moved,
        None,
        gendan_domain::OrderStatus::InProduction,
        &gates,
        "factory",
        1,
        Some("the boss said go"),
    )
    .unwrap();
    assert!(
        !moved.gate_overrides.values().any(|g| g.gate == "deposit"),
        "the deposit is not waived: {:?}",
        moved.gate_overrides
    );
    assert!(
        gendan_domain::lifecycle::violations(&moved, Some(&books), &gates).contains(
            &gendan_domain::lifecycle::Violation::GateNotMet {
                status: gendan_domain::OrderStatus::InProduction,
                gate: gendan_domain::lifecycle::Gate::Deposit,
            }
        )
    );
}

/// An order from before orders linked their books: two office devices entering money for it
/// offline create the same books (one derived id, one first change), so when they meet the
/// books merge with both entries, instead of one device's books hiding behind the other's link.
#[wasm_bindgen_test]
async fn books_two_devices_start_offline_for_an_older_order_merge_with_both_entries() {
    use gendan_domain::automerge::AutoCommit;
    use gendan_domain::commercial::{books_id, Receipt};
    let mut o = order("PO-OLD-BOOKS");
    o.commercial = None;
    let id = "2Pz4942EQgYichVFTQAdN72w1R3M".to_string();
    let mut books = Vec::new();
    for (device, receipt) in [("a", "r-a"), ("b", "r-b")] {
        let repo = Repo::open_in(&db_name(&format!("older-books-{device}")), author())
            .await
            .unwrap();
        hold_order_written_by(&repo, &id, [0x0d; 16], &o, true).await;
        let rid = receipt.to_string();
        repo.edit_commercial(&id, move |c| {
            c.receipts.insert(
                rid,
                Receipt {
                    amount: Price::from_ten_thousandths(1_000_000),
                    ..Default::default()
                },
            );
            Ok(())
        })
        .await
        .unwrap();
        assert_eq!(
            repo.order(&id).await.unwrap().commercial,
            Some(books_id(&id))
        );
        let cid = books_id(&id);
        let inner = repo.inner.borrow();
        books.push(inner.docs.get(&cid).expect("books held").doc.clone());
    }
    let (mut a, mut b): (AutoCommit, AutoCommit) = (books.remove(0), books.remove(0));
    a.merge(&mut b).expect("one document: the books merge");
    let merged: gendan_domain::Commercial = gendan_domain::document::read(&a).unwrap();
    let mut ids: Vec<&String> = merged.receipts.keys().collect();
    ids.sort();
    assert_eq!(ids, ["r-a", "r-b"]);
}
