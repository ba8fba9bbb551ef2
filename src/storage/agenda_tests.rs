//! The Today index in a real browser: agendas made by this device's saves, dropped by a remote
//! change to the money, by other gates, and surviving a reopen and a damaged copy.

use gendan_domain::{Day, Price, RecordId};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use super::idb::{self, SUMMARIES};
use super::tests::order;
use super::Repo;
use gendan_domain::Author;

wasm_bindgen_test_configure!(run_in_browser);

pub(crate) fn author() -> Author {
    Author {
        name: "tester".into(),
        device: "dev-agenda".into(),
    }
}

pub(super) fn now() -> Day {
    Day::from_ymd(2020, 2, 15).unwrap()
}

/// An order with the standard T&A (late on `now`) and a deposit planned and not received; and a
/// second order nobody edited (no agenda yet).
pub(crate) async fn seeded(name: &str) -> (Repo, String, String) {
    let repo = Repo::open_in(name, author()).await.unwrap();
    let mut o = order("PO-INDEX");
    o.order_date = Day::from_ymd(2020, 1, 1);
    o.ex_factory = Day::from_ymd(2020, 3, 1);
    let id = repo.create_order(&o).await.unwrap();
    let quiet = repo.create_order(&order("PO-QUIET")).await.unwrap();
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
    (repo, id, quiet)
}

pub(super) fn key(repo: &Repo) -> String {
    gendan_domain::agenda::Agenda::key(&repo.workspace_value().unwrap().settings.gates)
}

#[wasm_bindgen_test]
async fn saves_here_make_agendas_that_answer_today_without_the_documents() {
    let name = format!("gendan-test-agenda-{}", js_sys::Math::random());
    let (repo, id, quiet) = seeded(&name).await;
    let index = repo.today_from_index(&key(&repo), now(), 7, |_| true);
    // The edited order is answered from its agenda, money included; the untouched one is loaded.
    assert_eq!(index.answered, 1);
    assert_eq!(index.load.iter().collect::<Vec<_>>(), [&quiet]);
    assert!(!index.today.late_milestones.is_empty());
    assert_eq!(index.today.deposits_awaited.len(), 1);
    assert_eq!(index.today.deposits_awaited[0].order, id);

    // Kept on disk: a reopened repo answers the same.
    let again = Repo::open_in(&name, author()).await.unwrap();
    let reopened = again.today_from_index(&key(&again), now(), 7, |_| true);
    assert_eq!(reopened.answered, 1);
    assert_eq!(reopened.today, index.today);

    // Other gates: every agenda is stale and the order is loaded again.
    again
        .edit_workspace(|w| {
            w.settings.gates.deposit_before_production = false;
            Ok(())
        })
        .await
        .unwrap();
    let regated = again.today_from_index(&key(&again), now(), 7, |_| true);
    assert_eq!(regated.answered, 0);
    assert!(regated.load.contains(&id));
}

#[wasm_bindgen_test]
async fn a_remote_change_to_the_money_drops_the_agenda_and_today_keeps_a_new_one() {
    let name = format!("gendan-test-agenda-remote-{}", js_sys::Math::random());
    let (repo, id, _) = seeded(&name).await;
    let cid = repo.order(&id).await.unwrap().commercial.unwrap();
    let before = repo.summary_seen(&id).unwrap();
    // Another device confirms a receipt: the change arrives in the loaded document, as the sync
    // client applies it, and is persisted through the same path.
    {
        let mut inner = repo.inner.borrow_mut();
        let doc = &mut inner.docs.get_mut(&cid).unwrap().doc;
        gendan_domain::document::commit::<gendan_domain::Commercial, (), gendan_domain::DocError>(
            doc,
            &Author {
                name: "finance".into(),
                device: "other".into(),
            },
            0,
            |c| {
                c.receipts.insert(
                    "r1".into(),
                    gendan_domain::commercial::Receipt {
                        amount: "1000000".parse().unwrap(),
                        confirmed_by: Some("finance".into()),
                        ..Default::default()
                    },
                );
                Ok(())
            },
        )
        .unwrap();
    }
    repo.persist_remote(std::slice::from_ref(&cid))
        .await
        .unwrap();
    let index = repo.today_from_index(&key(&repo), now(), 7, |_| true);
    assert!(
        index.load.contains(&id),
        "a stale agenda would still list the deposit"
    );
    let seen = repo.summary_seen(&id).unwrap();
    assert!(
        seen > before,
        "the order counts as changed for the daily report"
    );

    // Today computes it from the documents and keeps it; one written after a newer change is not.
    let settings = repo.workspace_value().unwrap().settings;
    let mut made = Vec::new();
    repo.scan_orders(
        |s| s.id == id,
        async |_, _| true,
        |oid, o, c| {
            made.push((oid.to_string(), seen, c.agenda(o, &settings.gates)));
        },
    )
    .await;
    let mut late = made.clone();
    late[0].1 = seen - 1.0;
    repo.keep_agendas(late).await.unwrap();
    assert!(repo
        .today_from_index(&key(&repo), now(), 7, |_| true)
        .load
        .contains(&id));
    repo.keep_agendas(made).await.unwrap();
    let index = repo.today_from_index(&key(&repo), now(), 7, |_| true);
    assert!(!index.load.contains(&id));
    assert!(index.today.deposits_awaited.is_empty(), "paid now");
}

#[wasm_bindgen_test]
async fn a_damaged_agenda_loses_only_itself() {
    let name = format!("gendan-test-agenda-damaged-{}", js_sys::Math::random());
    let (repo, id, _) = seeded(&name).await;
    let mut text = String::new();
    {
        let inner = repo.inner.borrow();
        let s = &inner.summaries[&id];
        let mut v: serde_json::Value = serde_json::to_value(s).unwrap();
        v["agenda"] = serde_json::json!({"k": 5, "m": "not a list"});
        text.push_str(&v.to_string());
    }
    let db = idb::open(&name).await.unwrap();
    let t = idb::transaction(&db, &[SUMMARIES], true).unwrap();
    idb::put(
        &idb::store(&t, SUMMARIES).unwrap(),
        &JsValue::from_str(&id),
        &JsValue::from_str(&text),
    )
    .unwrap();
    idb::committed(&t).await.unwrap();
    db.close();
    let again = Repo::open_in(&name, author()).await.unwrap();
    let s = again.summaries().into_iter().find(|s| s.id == id).unwrap();
    assert_eq!(s.customer_po, "PO-INDEX");
    assert!(s.agenda.is_none());
    assert!(again
        .today_from_index(&key(&again), now(), 7, |_| true)
        .load
        .contains(&id));
}

/// Another device's copy of `id` as the sync client holds it on arrival: the changes applied to
/// an empty document, not yet written here.
pub(super) fn arrive(repo: &Repo, from: &Repo, id: &str) {
    let bytes = from.inner.borrow_mut().docs.get_mut(id).unwrap().doc.save();
    let mut incoming = gendan_domain::automerge::AutoCommit::load(&bytes).unwrap();
    let mut doc = gendan_domain::automerge::AutoCommit::new();
    doc.merge(&mut incoming).unwrap();
    repo.inner.borrow_mut().docs.insert(
        id.to_string(),
        super::repo::Loaded {
            doc,
            chunks: Vec::new(),
            incremental_bytes: 0,
            snapshot_bytes: 0,
        },
    );
}

/// The agendas the summaries hold, by order (every summary must have one).
pub(super) fn stored_agendas(
    repo: &Repo,
) -> std::collections::BTreeMap<String, gendan_domain::agenda::Agenda> {
    repo.summaries()
        .into_iter()
        .map(|s| (s.id.clone(), s.agenda.clone().unwrap()))
        .collect()
}

/// The agendas Today would make from the documents, by order.
pub(super) async fn scanned(
    repo: &Repo,
) -> std::collections::BTreeMap<String, gendan_domain::agenda::Agenda> {
    let gates = repo.workspace_value().unwrap().settings.gates;
    let mut made = std::collections::BTreeMap::new();
    repo.scan_orders(
        |_| true,
        async |_, _| true,
        |id, o, c| {
            made.insert(id.to_string(), c.agenda(o, &gates));
        },
    )
    .await;
    made
}

#[wasm_bindgen_test]
async fn orders_that_arrive_by_file_come_with_agendas_and_money_never_sent_is_not_damage() {
    let a_name = format!("gendan-test-agenda-file-a-{}", js_sys::Math::random());
    let (a, id, quiet) = seeded(&a_name).await;
    let cid = a.order(&id).await.unwrap().commercial.unwrap();
    // Exporting reads every order and keeps none of those it loaded (all of them, at 10,000).
    drop(a);
    let a = Repo::open_in(&a_name, author()).await.unwrap();
    let loaded = a.inner.borrow().docs.len();
    let file = a.export_bundle(None, "dev-a", true).await.unwrap();
    assert_eq!(a.inner.borrow().docs.len(), loaded);
    let name = format!("gendan-test-agenda-file-b-{}", js_sys::Math::random());
    let b = Repo::open_in(&name, author()).await.unwrap();
    b.import_bundle(&file).await.unwrap();
    // Listed in this device's workspace, so they sync from here on.
    let listed = b.workspace_value().unwrap().orders;
    assert!(
        listed.contains_key(&id) && listed.contains_key(&quiet),
        "{listed:?}"
    );

    // Both orders answer Today from their summaries, on disk too, and say what the documents say
    // on a device without the money (files never carry it).
    let again = Repo::open_in(&name, author()).await.unwrap();
    let index = again.today_from_index(&key(&again), now(), 7, |_| true);
    assert_eq!(index.answered, 2, "loaded instead: {:?}", index.load);
    assert!(!index.today.late_milestones.is_empty());
    assert!(index.today.deposits_awaited.is_empty());
    let stored = stored_agendas(&again);
    assert_eq!(stored, scanned(&again).await);
    assert_eq!(stored.len(), 2);
    assert!(stored.contains_key(&quiet));
    // Reading the orders looked for their commercial document, which this device never had:
    // missing is not damaged.
    assert!(
        again.quarantined().is_empty(),
        "quarantined: {:?}",
        again.quarantined()
    );

    // The money arrives later through the sync: the agenda made without it is dropped.
    a.commercial(&id).await.unwrap().unwrap();
    arrive(&again, &a, &cid);
    again
        .persist_remote(std::slice::from_ref(&cid))
        .await
        .unwrap();
    let index = again.today_from_index(&key(&again), now(), 7, |_| true);
    assert_eq!(index.load.iter().collect::<Vec<_>>(), [&id]);
    let made = scanned(&again).await;
    assert_eq!(made[&id].key, key(&again));
    assert!(again.quarantined().is_empty());
}

#[wasm_bindgen_test]
async fn orders_that_arrive_by_sync_come_with_agendas_made_with_their_money() {
    let (a, id, _) = seeded(&format!(
        "gendan-test-agenda-sync-a-{}",
        js_sys::Math::random()
    ))
    .await;
    let cid = a.order(&id).await.unwrap().commercial.unwrap();
    let name = format!("gendan-test-agenda-sync-b-{}", js_sys::Math::random());
    let b = Repo::open_in(&name, author()).await.unwrap();
    // The order and its money in one exchange, as from a relay that serves both.
    arrive(&b, &a, &cid);
    arrive(&b, &a, &id);
    b.persist_remote(&[cid.clone(), id.clone()]).await.unwrap();
    let again = Repo::open_in(&name, author()).await.unwrap();
    let index = again.today_from_index(&key(&again), now(), 7, |_| true);
    assert_eq!(index.answered, 1, "loaded instead: {:?}", index.load);
    assert_eq!(index.today.deposits_awaited.len(), 1, "made with the money");
    assert_eq!(index.today.deposits_awaited[0].order, id);
    let stored = again
        .summaries()
        .into_iter()
        .find(|s| s.id == id)
        .unwrap()
        .agenda
        .unwrap();
    assert_eq!(stored, scanned(&again).await[&id]);
}

/// A closed order whose gates no longer hold (its passed final lot reopened and failed on another
/// device after the order closed here) is on Today's list of decisions, though its status log
/// alone needs none; a closed order that needs nothing stays off it.
#[wasm_bindgen_test]
async fn a_closed_order_with_a_gate_undone_is_read_by_today() {
    use gendan_domain::inspection::{DefectClass, Inspection, InspectionKind};
    let name = format!("gendan-test-agenda-closed-{}", js_sys::Math::random());
    let repo = Repo::open_in(&name, author()).await.unwrap();
    repo.edit_workspace(|w| {
        w.settings.gates = gendan_domain::Gates {
            final_inspection_before_shipping: true,
            ..gendan_domain::Gates::none()
        };
        Ok(())
    })
    .await
    .unwrap();
    let mut o = order("PO-CLOSED");
    o.status = gendan_domain::OrderStatus::Closed;
    let id = repo.create_order(&o).await.unwrap();
    let quiet = repo.create_order(&o).await.unwrap();
    let passed = |fail: bool| {
        let mut i = Inspection {
            kind: InspectionKind::Final,
            lot_size: 2_000,
            ..Inspection::default()
        };
        if fail {
            i.tap_defect("D1", &DefectClass::Critical, 1, "d").unwrap();
        }
        i.finish(now(), "qc", 1, "f").unwrap();
        i
    };
    for (id, fail) in [(&id, true), (&quiet, false)] {
        repo.edit_order(id, |o| {
            o.inspections.insert("f1".into(), passed(fail));
            Ok(())
        })
        .await
        .unwrap();
    }
    let key = key(&repo);
    let summary = |id: &str| repo.summaries().into_iter().find(|s| s.id == id).unwrap();
    assert!(!summary(&id).unsettled, "the log alone needs no decision");
    assert!(super::agenda::today_wants(&summary(&id), &key));
    assert!(
        !super::agenda::today_wants(&summary(&quiet), &key),
        "{:?} {key}",
        summary(&quiet)
            .agenda
            .map(|a| (a.key, a.needs_decision, a.decisions))
    );
    let index = repo.today_from_index(&key, now(), 7, |s| super::agenda::today_wants(s, &key));
    assert!(
        index.load.contains(&id),
        "loaded to say why: {:?}",
        index.load
    );
    assert!(!index.load.contains(&quiet));
}

/// A closed order whose supplier was paid twice (two devices, offline) stays on Today from the
/// index, named with what is owed back, until the refund is recorded; then it is off Today's
/// reading list altogether.
#[wasm_bindgen_test]
async fn a_closed_order_paid_twice_is_followed_on_today_until_refunded() {
    use gendan_domain::commercial::Refund;
    let name = format!("gendan-test-agenda-owed-back-{}", js_sys::Math::random());
    let repo = Repo::open_in(&name, author()).await.unwrap();
    repo.edit_workspace(|w| {
        w.settings.gates = gendan_domain::Gates::none();
        Ok(())
    })
    .await
    .unwrap();
    let mut o = order("PO-OWED");
    o.status = gendan_domain::OrderStatus::Closed;
    let id = repo.create_order(&o).await.unwrap();
    owe_a_mill(&repo, &id, &[("xa", "1000", "Li"), ("xb", "600", "Zhou")]).await;
    let key = key(&repo);
    let summary = || repo.summaries().into_iter().find(|s| s.id == id).unwrap();
    assert!(super::agenda::today_wants(&summary(), &key));
    let index = repo.today_from_index(&key, now(), 7, |s| super::agenda::today_wants(s, &key));
    assert!(
        index.load.is_empty(),
        "read from the index: {:?} {:?}",
        index.load,
        summary().agenda
    );
    assert_eq!(index.today.owed_back.len(), 1);
    assert_eq!(index.today.owed_back[0].order, id);
    assert!(
        index.today.owed_back[0].label.ends_with("600.00"),
        "{:?}",
        index.today.owed_back
    );

    repo.edit_commercial(&id, |c| {
        c.record_refund(
            "f1",
            Refund {
                purchase_order: "po1".into(),
                amount: "600".parse().unwrap(),
                ..Refund::default()
            },
        )
    })
    .await
    .unwrap();
    assert!(!super::agenda::today_wants(&summary(), &key), "settled");
}

/// The books of order `id` owing a mill 1,000 (USD) on PO `po1`, as charge `p1`, with the
/// given payments of it (id, amount, who), each made `now()`: two of them paying it in full are
/// what two devices paying one invoice offline merge into.
pub(crate) async fn owe_a_mill(repo: &Repo, id: &str, payments: &[(&str, &str, &str)]) {
    use gendan_domain::commercial::{Payable, Payment};
    let usd = |s: &str| s.parse::<Price>().expect("an amount");
    let payments: Vec<(String, Price, String)> = payments
        .iter()
        .map(|(k, a, who)| (k.to_string(), usd(a), who.to_string()))
        .collect();
    repo.edit_commercial(id, move |c| {
        c.payables.insert(
            "p1".into(),
            Payable {
                purchase_order: "po1".into(),
                supplier: "mill".into(),
                amount: usd("1000"),
                currency: "USD".into(),
                ..Payable::default()
            },
        );
        for (k, amount, who) in payments {
            c.payments.insert(
                k,
                Payment {
                    payable: "p1".into(),
                    amount,
                    date: Some(now()),
                    paid_by: who,
                    currency: "USD".into(),
                    ..Payment::default()
                },
            );
        }
        Ok(())
    })
    .await
    .expect("books");
}

/// A new repo for the test `test` (its own database) holding one order, `po`: its id.
pub(crate) async fn repo_with_order(test: &str, po: &str) -> (Repo, String) {
    let name = format!("gendan-test-{test}-{}", js_sys::Math::random());
    let repo = Repo::open_in(&name, author()).await.expect("storage opens");
    let id = repo.create_order(&order(po)).await.expect("created");
    (repo, id)
}
