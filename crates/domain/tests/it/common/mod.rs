//! Shared fixtures for the integration tests (the `common` module of the one test binary).
#![allow(dead_code)]

use automerge::AutoCommit;
use gendan_domain::commercial::{Commercial, Receipt};
use gendan_domain::complaints::{Communication, Complaint};
use gendan_domain::document::{self, Author, Root};
use gendan_domain::inspection::{Defect, DefectClass, Inspection};
use gendan_domain::production::{ProductionReport, Stage};
use gendan_domain::purchasing::PurchaseOrder;
use gendan_domain::samples::{Sample, SampleKind};
use gendan_domain::shipment::Shipment;
use gendan_domain::{tna, DocError, Order};

pub fn author(name: &str) -> Author {
    Author {
        name: name.into(),
        device: format!("{name}-phone"),
    }
}

pub fn day(s: &str) -> gendan_domain::Day {
    s.parse().unwrap()
}

/// An order with one record of every kind, under known ids.
pub fn full_order() -> Order {
    let mut o = Order::new();
    o.customer_po = "PO-1".into();
    o.customer = "Nordic Wear".into();
    o.style_no = "NW-1".into();
    o.quantities.add_colour("black".into(), "Black");
    o.quantities.add_size("m".into(), "M");
    o.quantities.set_qty("black", "m", 1000);
    o.order_date = Some(day("2026-03-01"));
    o.ex_factory = Some(day("2026-06-01"));
    apply_by_line(&mut o, &tna::default_template());
    o.samples.insert(
        "s1".into(),
        Sample {
            kind: SampleKind::PreProduction,
            round: 1,
            ..Sample::default()
        },
    );
    o.purchase_orders.insert(
        "po1".into(),
        PurchaseOrder {
            po_no: "F-1".into(),
            qty: "1000".parse().unwrap(),
            due: Some(day("2026-04-01")),
            ..PurchaseOrder::default()
        },
    );
    o.production.insert(
        "r1".into(),
        ProductionReport {
            stage: Stage::Cutting,
            date: Some(day("2026-05-01")),
            qty: 100,
            ..ProductionReport::default()
        },
    );
    let mut insp = Inspection {
        lot_size: 1000,
        factory: "f1".into(),
        ..Inspection::default()
    };
    insp.defects.insert(
        "d1".into(),
        Defect {
            code: "D03".into(),
            class: DefectClass::Major,
            count: 1,
            ..Defect::default()
        },
    );
    o.inspections.insert("i1".into(), insp);
    o.shipments.insert("sh1".into(), Shipment::default());
    o.complaints.insert("c1".into(), Complaint::default());
    o.communications
        .insert("k1".into(), Communication::default());
    o
}

/// Applies a template with milestone ids equal to the template lines ("m01"…), so tests can name
/// them.
pub fn apply_by_line(o: &mut Order, t: &tna::TnaTemplate) {
    let mut lines = t.milestones.keys().cloned().collect::<Vec<_>>().into_iter();
    tna::apply_template(o, t, || {
        gendan_domain::RecordId::from(lines.next().unwrap_or_default().as_str())
    });
}

pub fn commercial() -> Commercial {
    let mut c = Commercial::new("order-doc", "USD");
    c.receivables.deposit.amount = "300".parse().ok();
    c.receivables.balance.amount = "700".parse().ok();
    c.receipts.insert(
        "r0".into(),
        Receipt {
            amount: "100".parse().unwrap(),
            ..Receipt::default()
        },
    );
    c
}

pub fn edit<T: Root>(doc: &mut AutoCommit, who: &str, f: impl FnOnce(&mut T)) {
    document::commit::<T, (), DocError>(doc, &author(who), 1_000, |v| {
        f(v);
        Ok(())
    })
    .unwrap();
}

/// Two replicas of a new document holding `value`.
pub fn pair<T: Root>(value: &T) -> (AutoCommit, AutoCommit) {
    let mut a = document::create([1; 16], &author("li"), 1, value).unwrap();
    let b = a.fork().with_actor(automerge::ActorId::from([2u8; 16]));
    (a, b)
}

/// Merges both ways and returns the hydrated value, asserting both replicas agree.
pub fn merged<T: Root + PartialEq + std::fmt::Debug>(a: &mut AutoCommit, b: &mut AutoCommit) -> T {
    a.merge(b).unwrap();
    b.merge(a).unwrap();
    let (va, vb) = (
        document::read::<T>(a).unwrap(),
        document::read::<T>(b).unwrap(),
    );
    assert_eq!(va, vb, "replicas diverged");
    va
}

/// Acceptance as usual at a factory: normal inspection, not discontinued.
pub fn open_lot() -> gendan_domain::inspection::NextLot {
    gendan_domain::inspection::NextLot {
        stringency: Default::default(),
        discontinued: false,
    }
}

/// A closed order with one fabric PO, `po1` ("FB-7 · Jersey"): money on it is followed on
/// Today after the order closes.
pub fn closed_with_a_fabric_po() -> Order {
    let mut o = full_order();
    o.status = gendan_domain::OrderStatus::Closed;
    o.purchase_orders.insert(
        "po1".into(),
        gendan_domain::purchasing::PurchaseOrder {
            po_no: "FB-7".into(),
            description: "Jersey".into(),
            ..Default::default()
        },
    );
    o
}

/// Asserts `r` was refused as `issue` of `field`.
#[track_caller]
pub fn refused(
    r: Result<(), gendan_domain::DomainError>,
    field: gendan_domain::order::Field,
    issue: gendan_domain::order::Issue,
) {
    match r {
        Err(gendan_domain::DomainError::Problem(p)) if p.field == field && p.issue == issue => {}
        other => panic!("expected {field:?} {issue:?}, got {other:?}"),
    }
}

/// A books document holding `c`, as a device would have saved it.
pub fn books_doc(c: &Commercial) -> AutoCommit {
    let mut doc = gendan_domain::commercial::new_books("order-doc").unwrap();
    document::commit::<Commercial, (), DocError>(&mut doc, &author("li"), 1, |v| {
        *v = c.clone();
        Ok(())
    })
    .unwrap();
    doc
}

/// One way another build may write a field wrong, on the record's object.
pub type Spoil = fn(&mut AutoCommit, &automerge::ObjId);

/// Spoils one field of record `id` of the books' map `map` at a time: each must make the books
/// unreadable with an error naming `map.id.field`, never a panic.
#[track_caller]
pub fn each_spoil_is_named(base: &mut AutoCommit, map: &str, id: &str, cases: &[(&str, Spoil)]) {
    use automerge::ReadDoc;
    for (field, spoil) in cases {
        let mut doc = base.fork();
        let (_, m) = doc.get(automerge::ROOT, map).unwrap().unwrap();
        let (_, record) = doc.get(&m, id).unwrap().unwrap();
        spoil(&mut doc, &record);
        let said = document::read::<Commercial>(&doc).unwrap_err().to_string();
        assert!(
            said.contains(&format!("{map}.{id}.{field}")),
            "{field}: {said}"
        );
    }
}
