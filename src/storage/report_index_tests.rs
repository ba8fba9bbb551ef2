//! The Reports index in a real browser: facts made by every save and by every order that
//! arrives, kept across a reopen, and a summary without them (from before, damaged, or by
//! another build) loaded once and then kept.

use gendan_domain::report_facts::ReportFacts;
use gendan_domain::reports::{kpis_with, KpiReport, OrderFacts};
use gendan_domain::shipment::Shipment;
use gendan_domain::tna::DelayReport;
use gendan_domain::Day;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use super::agenda_tests::author;
use super::idb::{self, SUMMARIES};
use super::report_index::ReportsFromIndex;
use super::tests::order;
use super::Repo;

wasm_bindgen_test_configure!(run_in_browser);

const ALLOWANCE: (u32, u32) = (30, 50);

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn now() -> Day {
    day("2020-04-01")
}

/// Two orders saved here: one shipped late with a delay reported, one never edited.
async fn seeded(name: &str) -> (Repo, String, String) {
    let repo = Repo::open_in(name, author()).await.unwrap();
    let mut o = order("PO-LATE");
    o.ex_factory = Some(day("2020-03-01"));
    o.milestones.insert(
        "m1".into(),
        gendan_domain::tna::Milestone {
            name: "Fabric in-house".into(),
            planned: Some(day("2020-02-01")),
            ..Default::default()
        },
    );
    let late = repo.create_order(&o).await.unwrap();
    repo.edit_order(&late, |o| {
        o.shipments.insert(
            "s1".into(),
            Shipment {
                shipped_on: Some(day("2020-03-10")),
                ..Shipment::default()
            },
        );
        o.milestones.get_mut("m1").unwrap().delays.insert(
            "d1".into(),
            DelayReport {
                cause: "mill".into(),
                new_date: Some(day("2020-02-20")),
                reported_ms: 7,
                ..DelayReport::default()
            },
        );
        Ok(())
    })
    .await
    .unwrap();
    let quiet = repo.create_order(&order("PO-QUIET")).await.unwrap();
    (repo, late, quiet)
}

/// The KPIs the documents give, read one by one as Reports used to.
async fn from_documents(repo: &Repo) -> KpiReport {
    let mut orders = Vec::new();
    repo.scan_orders(
        |_| true,
        async |_, _| true,
        |id, o, _| orders.push((id.to_string(), o.clone())),
    )
    .await;
    let facts: Vec<OrderFacts> = orders
        .iter()
        .map(|(id, o)| OrderFacts {
            id,
            order: o,
            commercial: None,
        })
        .collect();
    kpis_with(&facts, now(), ALLOWANCE)
}

fn index(repo: &Repo) -> ReportsFromIndex {
    repo.reports_from_index(now(), ALLOWANCE)
}

/// Writes `id`'s summary as `edit` leaves its JSON, as an older build (or damage) would have.
async fn rewrite_summary(
    name: &str,
    repo: &Repo,
    id: &str,
    edit: impl FnOnce(&mut serde_json::Value),
) {
    let mut v = serde_json::to_value(&repo.inner.borrow().summaries[id]).unwrap();
    edit(&mut v);
    let db = idb::open(name).await.unwrap();
    let t = idb::transaction(&db, &[SUMMARIES], true).unwrap();
    idb::put(
        &idb::store(&t, SUMMARIES).unwrap(),
        &JsValue::from_str(id),
        &JsValue::from_str(&v.to_string()),
    )
    .unwrap();
    idb::committed(&t).await.unwrap();
    db.close();
}

/// `id`'s summary as a build before the facts wrote it.
async fn summary_from_before(name: &str, repo: &Repo, id: &str) {
    rewrite_summary(name, repo, id, |v| {
        v.as_object_mut().unwrap().remove("report");
    })
    .await;
}

#[wasm_bindgen_test]
async fn saves_here_make_facts_that_answer_reports_without_the_documents() {
    let name = format!("gendan-test-reports-{}", js_sys::Math::random());
    let (repo, late, _) = seeded(&name).await;
    let answered = index(&repo);
    assert!(answered.load.is_empty(), "loaded: {:?}", answered.load);
    assert_eq!(answered.kpi, from_documents(&repo).await);
    assert_eq!(answered.kpi.overall.first_shipment_on_time.den, 1);
    assert_eq!(answered.kpi.overall.first_shipment_on_time.num, 0);
    assert_eq!(answered.delays.len(), 1);
    let d = &answered.delays[0];
    assert_eq!(
        (d.order.as_str(), d.customer_po.as_str()),
        (late.as_str(), "PO-LATE")
    );
    assert_eq!(
        (d.delay.milestone.as_str(), d.delay.cause.as_str()),
        ("Fabric in-house", "mill")
    );

    // Kept on disk: a reopened repo answers the same without loading anything.
    let again = Repo::open_in(&name, author()).await.unwrap();
    let reopened = index(&again);
    assert!(reopened.load.is_empty());
    assert_eq!(reopened.kpi, answered.kpi);
    assert_eq!(reopened.delays, answered.delays);
}

#[wasm_bindgen_test]
async fn a_summary_without_usable_facts_is_loaded_once_then_answered() {
    let name = format!("gendan-test-reports-old-{}", js_sys::Math::random());
    let (repo, late, quiet) = seeded(&name).await;
    // A summary from before the facts and one by another build.
    summary_from_before(&name, &repo, &late).await;
    let older = serde_json::to_value(ReportFacts {
        version: 0,
        ..ReportFacts::default()
    })
    .unwrap();
    rewrite_summary(&name, &repo, &quiet, |v| v["report"] = older).await;
    let again = Repo::open_in(&name, author()).await.unwrap();
    assert_eq!(index(&again).load.len(), 2);
    // Damaged facts, not the facts' JSON or not JSON at all inside: they cost only themselves.
    let mut again = again;
    for damaged in [serde_json::json!({"p": "no"}), "{\"p\": 3".into()] {
        rewrite_summary(&name, &again, &quiet, |v| v["report"] = damaged).await;
        again = Repo::open_in(&name, author()).await.unwrap();
        let s = again
            .summaries()
            .into_iter()
            .find(|s| s.id == quiet)
            .unwrap();
        assert_eq!(s.customer_po, "PO-QUIET");
        assert!(s.report.is_some() && s.report_facts().is_none());
    }
    let stale = index(&again);
    assert_eq!(stale.load.len(), 2);
    assert!(stale.delays.is_empty());

    // Reports loads them and keeps their facts: the next visit loads none.
    let mut made = Vec::new();
    again
        .scan_orders(
            |s| stale.load.contains(&s.id),
            async |_, _| true,
            |id, o, _| {
                made.push((
                    id.to_string(),
                    again.summary_seen(id).unwrap(),
                    ReportFacts::of(o),
                ))
            },
        )
        .await;
    again.keep_report_facts(made).await.unwrap();
    let reopened = Repo::open_in(&name, author()).await.unwrap();
    let answered = index(&reopened);
    assert!(answered.load.is_empty());
    assert_eq!(answered.kpi, from_documents(&reopened).await);
    assert_eq!(answered.delays.len(), 1);
}

#[wasm_bindgen_test]
async fn the_start_up_check_fills_in_facts_of_summaries_from_before() {
    let name = format!("gendan-test-reports-check-{}", js_sys::Math::random());
    let (repo, late, _) = seeded(&name).await;
    summary_from_before(&name, &repo, &late).await;
    let again = Repo::open_in(&name, author()).await.unwrap();
    assert_eq!(index(&again).load.iter().collect::<Vec<_>>(), [&late]);
    again.check_all(async || {}).await;
    assert!(index(&again).load.is_empty());
    let reopened = Repo::open_in(&name, author()).await.unwrap();
    assert!(index(&reopened).load.is_empty());
    assert_eq!(index(&reopened).kpi, from_documents(&reopened).await);
}

#[wasm_bindgen_test]
async fn orders_that_arrive_by_sync_or_by_file_answer_reports_without_being_loaded() {
    let (a, late, quiet) =
        seeded(&format!("gendan-test-reports-a-{}", js_sys::Math::random())).await;
    let expected = index(&a);

    // By sync: the changes arrive as the sync client applies them, then are persisted.
    let name = format!("gendan-test-reports-sync-{}", js_sys::Math::random());
    let b = Repo::open_in(&name, author()).await.unwrap();
    super::agenda_tests::arrive(&b, &a, &late);
    super::agenda_tests::arrive(&b, &a, &quiet);
    b.persist_remote(&[late.clone(), quiet.clone()])
        .await
        .unwrap();
    let synced = index(&Repo::open_in(&name, author()).await.unwrap());
    assert!(synced.load.is_empty(), "loaded instead: {:?}", synced.load);
    assert_eq!(synced.kpi, expected.kpi);
    assert_eq!(synced.delays, expected.delays);

    // By file.
    let file = a.export_bundle(None, "office", false).await.unwrap();
    let name = format!("gendan-test-reports-file-{}", js_sys::Math::random());
    let c = Repo::open_in(&name, author()).await.unwrap();
    c.import_bundle(&file).await.unwrap();
    let imported = index(&Repo::open_in(&name, author()).await.unwrap());
    assert!(
        imported.load.is_empty(),
        "loaded instead: {:?}",
        imported.load
    );
    assert_eq!(imported.kpi, expected.kpi);
    assert_eq!(imported.delays, expected.delays);
}

/// 付款处理能力 (and the receivables book, 应收账款) from the index: a supplier charge paid late
/// counts in the KPI from the agenda its save made; an order whose agenda is missing (dropped when its books changed elsewhere,
/// or made by a build before) is loaded with its books once, counted the same, and its agenda
/// kept, so the next visit loads nothing.
#[wasm_bindgen_test]
async fn suppliers_paid_on_time_comes_from_the_agendas_and_a_missing_one_is_made_once() {
    use gendan_domain::commercial::{Payable, Payment};
    use gendan_domain::reports::Ratio;
    let name = format!("gendan-test-reports-paid-{}", js_sys::Math::random());
    let (repo, late, _) = seeded(&name).await;
    repo.edit_commercial(&late, |c| {
        // 应收账款 travels the same way: a deposit owed since 2020-02-01.
        c.receivables.deposit.amount = "300".parse().ok();
        c.receivables.deposit.due = Some(day("2020-02-01"));
        c.payables.insert(
            "p1".into(),
            Payable {
                purchase_order: "po1".into(),
                supplier: "mill".into(),
                amount: "1000".parse().unwrap(),
                due: Some(day("2020-03-01")),
                ..Payable::default()
            },
        );
        c.pay(
            "x1",
            Payment {
                payable: "p1".into(),
                amount: "1000".parse().unwrap(),
                date: Some(day("2020-03-05")),
                ..Payment::default()
            },
            false,
            crate::platform::today(),
        )
    })
    .await
    .unwrap();
    let late_paid = Ratio { num: 0, den: 1 };
    let answered = index(&repo);
    // An order whose agenda no save made yet (created, never edited) is read once to make it.
    assert!(
        !answered.pay_load.contains(&late),
        "{:?}",
        answered.pay_load
    );
    assert_eq!(answered.kpi.overall.suppliers_paid_on_time, late_paid);
    assert_eq!(
        answered.kpi.by_factory["mill"].suppliers_paid_on_time,
        late_paid
    );
    let owed = |i: &super::report_index::ReportsFromIndex| -> Vec<(String, i64)> {
        i.receivables
            .iter()
            .map(|r| (r.order.clone(), r.fact.open.iter().map(|p| p.0).sum()))
            .collect()
    };
    let deposit = "300"
        .parse::<gendan_domain::Price>()
        .unwrap()
        .ten_thousandths();
    assert_eq!(owed(&answered), [(late.clone(), deposit)]);

    // Its agenda gone, as a change to its books from elsewhere leaves it.
    rewrite_summary(&name, &repo, &late, |v| {
        v.as_object_mut().unwrap().remove("agenda");
    })
    .await;
    let again = Repo::open_in(&name, author()).await.unwrap();
    let mut stale = index(&again);
    assert!(stale.pay_load.contains(&late));
    assert_eq!(stale.kpi.overall.suppliers_paid_on_time, Ratio::default());
    assert!(owed(&stale).is_empty(), "not until read with its books");
    let mut agendas = Vec::new();
    let wanted = stale.pay_load.clone();
    again
        .scan_orders(
            |s| wanted.contains(&s.id),
            async |_, _| true,
            |id, o, c| {
                assert!(c.held().is_some() || id != late, "read with its books");
                let (facts, agenda) = stale.visit(id, o, c, now(), ALLOWANCE);
                assert!(facts.is_none(), "its facts were kept");
                agendas.push((
                    id.to_string(),
                    again.summary_seen(id).unwrap(),
                    agenda.unwrap(),
                ));
            },
        )
        .await;
    assert_eq!(stale.kpi.overall.suppliers_paid_on_time, late_paid);
    assert_eq!(owed(&stale), [(late.clone(), deposit)]);
    again.keep_agendas(agendas).await.unwrap();
    let reopened = Repo::open_in(&name, author()).await.unwrap();
    let kept = index(&reopened);
    assert!(kept.pay_load.is_empty() && kept.load.is_empty());
    assert_eq!(kept.kpi, answered.kpi);
    assert_eq!(owed(&kept), [(late.clone(), deposit)]);
}

/// 传播信息: a notice saved here is read back from the summaries without loading the order, in
/// the index and for Today alike; facts from before notices (or another build's, or not JSON
/// that reads as facts) give Today none, and Notices loads that order once to make them.
#[wasm_bindgen_test]
async fn notices_are_read_from_the_facts_and_old_facts_give_none_until_made_again() {
    use gendan_domain::notices::{self, NoticeKind, Posting};
    let name = format!("gendan-test-reports-notices-{}", js_sys::Math::random());
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let mut o = order("PO-N");
    o.factory = Some("f1".into());
    let id = repo.create_order(&o).await.unwrap();
    repo.edit_order(&id, |o| {
        let p = Posting {
            kind: NoticeKind::Minutes,
            party: "f1",
            title: "Quality meeting",
            body: "Needles: one per bundle.",
            who: "Li",
            today: now(),
        };
        notices::post(o, "n1", p)
    })
    .await
    .unwrap();
    let copies = repo.notice_copies();
    assert_eq!(copies.len(), 1);
    assert_eq!(
        (copies[0].order.as_str(), copies[0].order_name.as_str()),
        (id.as_str(), "PO-N")
    );
    assert_eq!(copies[0].order_factory, "f1");
    assert_eq!(copies[0].notice.title, "Quality meeting");
    assert_eq!(index(&repo).notices, copies);
    let board = notices::board(&copies);
    assert_eq!(board.len(), 1);
    assert_eq!(notices::unacknowledged(&board), 1);

    // Facts of the build before: Today says nothing of them; the index loads the order.
    rewrite_summary(&name, &repo, &id, |v| {
        let facts = v["report"].as_object_mut().unwrap();
        facts.insert("v".into(), serde_json::json!(7));
    })
    .await;
    let again = Repo::open_in(&name, author()).await.unwrap();
    assert!(again.notice_copies().is_empty());
    let loaded = again.gather_reports(now(), ALLOWANCE, || true).await;
    assert_eq!(loaded.notices.len(), 1);
    assert!(loaded.load.contains(&id));
    // Made again and kept: Today reads it now.
    assert_eq!(again.notice_copies().len(), 1);

    // A summary whose facts are not facts at all is no notice, and no panic.
    rewrite_summary(&name, &again, &id, |v| {
        v["report"] = serde_json::json!({"v": 8, "nt": "not a list"});
    })
    .await;
    let spoiled = Repo::open_in(&name, author()).await.unwrap();
    assert!(spoiled.notice_copies().is_empty());
}
