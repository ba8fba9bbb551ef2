//! The facts Reports reads instead of the documents: kept as JSON beside the summary, they must
//! give the documents' KPIs on every day and under every allowance, list every delay, and say
//! when an older build made them.

use crate::common::*;
use gendan_domain::complaints::Complaint;
use gendan_domain::order::cell_key;
use gendan_domain::purchasing::{Delivery, IncomingResult};
use gendan_domain::report_facts::{ReportFacts, VERSION};
use gendan_domain::reports::{self, KpiReport, OrderFacts};
use gendan_domain::shipment::Shipment;
use gendan_domain::shipped::Tolerance;
use gendan_domain::tna::DelayReport;
use gendan_domain::RecordMap;
use gendan_domain::{Order, OrderStatus};

fn shipment(pcs: u64, on: Option<&str>) -> Shipment {
    Shipment {
        quantities: RecordMap::from([(cell_key("black", "m"), pcs)]),
        shipped_on: on.map(day),
        ..Shipment::default()
    }
}

fn kept(f: &ReportFacts) -> ReportFacts {
    let text = serde_json::to_string(f).expect("facts serialize");
    serde_json::from_str(&text).expect("and read back")
}

/// Orders that between them reach every KPI: complete on time and late, short within its own
/// allowance, marked complete, with an undated shipment, POs delivered, late and still open,
/// inspections passed and failed, complaints, and a cancelled order that counts for nothing.
fn orders() -> Vec<Order> {
    let mut on_time = full_order();
    on_time.factory = Some("f1".into());
    on_time.status = OrderStatus::Shipped;
    on_time
        .shipments
        .insert("s1".into(), shipment(600, Some("2026-05-20")));
    on_time
        .shipments
        .insert("s2".into(), shipment(375, Some("2026-05-30")));
    on_time.inspections.get_mut("i1").unwrap().completed = true;
    on_time
        .purchase_orders
        .get_mut("po1")
        .unwrap()
        .deliveries
        .insert(
            "d".into(),
            Delivery {
                date: Some(day("2026-03-30")),
                qty: "1000".parse().unwrap(),
                inspection: IncomingResult::Accepted,
                ..Delivery::default()
            },
        );
    let mut late = full_order();
    late.customer = "Other".into();
    late.factory = Some("f2".into());
    late.confirmed_ex_factory = Some(day("2026-06-01"));
    late.ex_factory = Some(day("2026-07-01"));
    late.shipments
        .insert("s1".into(), shipment(1000, Some("2026-06-20")));
    late.complaints.insert("c2".into(), Complaint::default());
    let mut own = full_order();
    own.ship_tolerance = Some(Tolerance {
        short_permille: 100,
        over_permille: 0,
    });
    own.shipments
        .insert("s1".into(), shipment(920, Some("2026-05-28")));
    let mut marked = full_order();
    marked
        .shipments
        .insert("s1".into(), shipment(500, Some("2026-05-10")));
    marked.shipments.insert("s2".into(), shipment(300, None));
    marked.ship_complete = Some(Default::default());
    let mut cancelled = full_order();
    cancelled.status = OrderStatus::Cancelled;
    cancelled
        .shipments
        .insert("s1".into(), shipment(1000, Some("2026-05-01")));
    let none = Order::new();
    vec![on_time, late, own, marked, cancelled, none]
}

#[test]
fn facts_kept_as_json_give_the_documents_kpis_on_every_day_and_allowance() {
    let orders = orders();
    let facts: Vec<OrderFacts> = orders
        .iter()
        .map(|o| OrderFacts {
            id: "o",
            order: o,
            commercial: None,
        })
        .collect();
    let stored: Vec<ReportFacts> = orders.iter().map(|o| kept(&ReportFacts::of(o))).collect();
    let mut checked = 0;
    for allowance in [(30, 50), (0, 0), (100, 100)] {
        let mut now = day("2026-03-01");
        while now <= day("2026-08-31") {
            let direct = reports::kpis_with(&facts, now, allowance);
            let mut from_facts = KpiReport::default();
            for f in &stored {
                f.add_to(&mut from_facts, now, allowance);
            }
            assert_eq!(from_facts, direct, "on {now} with {allowance:?}");
            checked += 1;
            now = now.add_days(7).expect("a day in range");
        }
    }
    assert!(checked > 70);
    // The orders reach the figures this test is about, so the comparison means something.
    let r = reports::kpis_with(&facts, day("2026-08-01"), (30, 50)).overall;
    assert_eq!(
        (r.on_time_delivery.num, r.on_time_delivery.den),
        (3, 4),
        "{r:?}"
    );
    // po1 is due 04-01: delivered in full on 03-30 once, never delivered on the other three.
    assert_eq!((r.po_on_time.num, r.po_on_time.den), (1, 4));
    assert_eq!(r.first_pass.den, 1);
    // One each on the four open orders, one more on the late one; the cancelled one not.
    assert_eq!(r.complaints, 4 + 1);
    // Without any allowance the on-time order (975 of 1,000) is no longer complete: past its
    // date, it counts late rather than in no figure.
    let r = reports::kpis_with(&facts, day("2026-08-01"), (0, 0)).overall;
    assert_eq!(
        (r.on_time_delivery.num, r.on_time_delivery.den),
        (2, 4),
        "{r:?}"
    );
    // Before its date it is not decided yet (the late order's shipment is dated already).
    let r = reports::kpis_with(&facts, day("2026-05-31"), (0, 0)).overall;
    assert_eq!(
        (r.on_time_delivery.num, r.on_time_delivery.den),
        (2, 3),
        "{r:?}"
    );
}

#[test]
fn every_delay_is_kept_with_its_milestone_in_milestone_order() {
    let mut o = full_order();
    let report = |cause: &str, new: &str, at: i64| DelayReport {
        cause: cause.into(),
        new_date: Some(day(new)),
        informed: "buyer".into(),
        reported_by: "li".into(),
        reported_ms: at,
    };
    o.milestones
        .get_mut("m09")
        .unwrap()
        .delays
        .insert("d1".into(), report("fabric late", "2026-06-05", 2));
    o.milestones
        .get_mut("m01")
        .unwrap()
        .delays
        .insert("d2".into(), report("lab dip", "2026-03-20", 1));
    let f = kept(&ReportFacts::of(&o));
    let listed: Vec<(&str, &str, Option<String>)> = f
        .delays
        .iter()
        .map(|d| {
            (
                d.milestone.as_str(),
                d.cause.as_str(),
                d.new_date.map(|d| d.to_string()),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            (
                o.milestones["m01"].name.as_str(),
                "lab dip",
                Some("2026-03-20".into())
            ),
            (
                o.milestones["m09"].name.as_str(),
                "fabric late",
                Some("2026-06-05".into())
            ),
        ]
    );
    assert_eq!(f.delays[0].planned, o.milestones["m01"].planned);
    assert_eq!(
        (
            f.delays[1].informed.as_str(),
            f.delays[1].reported_by.as_str()
        ),
        ("buyer", "li")
    );
    assert_eq!(f.delays[1].reported_ms, 2);
}

#[test]
fn facts_an_older_build_kept_are_made_again() {
    assert!(ReportFacts::of(&full_order()).is_current());
    let older: ReportFacts = serde_json::from_str("{}").expect("nothing kept reads as defaults");
    assert!(!older.is_current());
    let mut newer = ReportFacts::of(&full_order());
    newer.version = VERSION + 1;
    assert!(!kept(&newer).is_current());
}

/// 客诉台帐: the facts keep each complaint for the list across orders — the factory it counts
/// against (the one the order names for one stored without it), the start of its words, its
/// status read as open until it is resolved or closed — and read back the same from the kept
/// JSON.
#[test]
fn the_facts_keep_each_complaint_for_the_list_across_orders() {
    use gendan_domain::complaints::{Complaint, ComplaintStatus, Severity};
    use gendan_domain::report_facts::ComplaintFacts;
    let mut o = full_order();
    o.factory = Some("ningbo".into());
    o.complaints.clear();
    let long = "Shade difference between cartons 3 and 7, seen by the buyer's QA on arrival in Hamburg, 24 pieces";
    o.complaints.insert(
        "c1".into(),
        Complaint {
            description: long.into(),
            severity: Severity::Major,
            factory: "shaoxing".into(),
            opened: Some(day("2026-05-02")),
            defective_qty: 24,
            ..Complaint::default()
        },
    );
    o.complaints.insert(
        "c2".into(),
        Complaint {
            description: "Wrong carton marks".into(),
            status: ComplaintStatus::Closed,
            closed: Some(day("2026-05-09")),
            ..Complaint::default()
        },
    );
    let f = ReportFacts::of(&o);
    let kept: ReportFacts = serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
    assert_eq!(kept, f);
    let [c1, c2] = &kept.complaint_list[..] else {
        panic!("{:?}", kept.complaint_list)
    };
    assert_eq!((c1.id.as_str(), c1.factory.as_str()), ("c1", "shaoxing"));
    assert_eq!(c1.said.chars().count(), ComplaintFacts::SAID);
    assert!(c1.said.ends_with('…') && long.starts_with(c1.said.trim_end_matches('…')));
    assert_eq!((c1.defective, c1.severity_rank()), (24, 1));
    assert!(c1.is_open());
    assert_eq!(c2.factory, "ningbo", "stored without one: the order's");
    assert!(!c2.is_open());
    assert_eq!(c2.closed, Some(day("2026-05-09")));
    let unknown = ComplaintFacts {
        status: "escalated".into(),
        ..ComplaintFacts::default()
    };
    assert!(unknown.is_open(), "a status no build knows stays in sight");
}
