//! For every record kind: fork a document, edit both replicas (add records concurrently, edit
//! different fields of one record), merge, hydrate, and check that nothing was lost. Also: the same
//! field edited on both sides is surfaced by `document::conflicts`, however deep it sits.

use crate::common::*;
use gendan_domain::commercial::{Commercial, Payable, Payment, Receipt};
use gendan_domain::complaints::{Channel, Communication, Complaint, ComplaintStatus};
use gendan_domain::document::conflicts;
use gendan_domain::inspection::{Defect, DefectClass, Measurement};
use gendan_domain::lifecycle::{transition, Gates};
use gendan_domain::order::Incoterm;
use gendan_domain::production::{self, ProductionReport, Stage};
use gendan_domain::purchasing::{Confirmation, Delivery, IncomingResult};
use gendan_domain::samples::{Sample, SampleKind, SampleResult};
use gendan_domain::shipment::{DocKind, DocStatus};
use gendan_domain::tna::{DelayReport, Milestone};
use gendan_domain::workspace::{Party, PartyKind, Person};
use gendan_domain::{Order, OrderStatus, Workspace};

#[test]
fn header_fields_edited_on_two_devices_both_survive() {
    let (mut a, mut b) = pair(&full_order());
    edit::<Order>(&mut a, "li", |o| o.incoterm = Some(Incoterm::Cif));
    edit::<Order>(&mut b, "wang", |o| {
        o.port_of_loading = "Ningbo".into();
        o.factory = Some("f1".into());
    });
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(o.incoterm, Some(Incoterm::Cif));
    assert_eq!(o.port_of_loading, "Ningbo");
    assert_eq!(o.factory.as_deref(), Some("f1"));
}

#[test]
fn milestones() {
    let (mut a, mut b) = pair(&full_order());
    edit::<Order>(&mut a, "li", |o| {
        o.milestones.insert(
            "x-a".into(),
            Milestone {
                name: "Trims approval".into(),
                ..Milestone::default()
            },
        );
        o.milestones.get_mut("m01").unwrap().actual = Some(day("2026-03-10"));
    });
    edit::<Order>(&mut b, "wang", |o| {
        o.milestones.insert(
            "x-b".into(),
            Milestone {
                name: "Wash test".into(),
                ..Milestone::default()
            },
        );
        let m = o.milestones.get_mut("m01").unwrap();
        m.name = "Lab dip (all colours)".into();
        m.delays.insert(
            "d1".into(),
            DelayReport {
                cause: "dye house".into(),
                ..DelayReport::default()
            },
        );
    });
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(o.milestones.len(), 13);
    let m = &o.milestones["m01"];
    assert_eq!(m.actual, Some(day("2026-03-10")));
    assert_eq!(m.name, "Lab dip (all colours)");
    assert_eq!(m.delays.len(), 1);
}

#[test]
fn samples() {
    let (mut a, mut b) = pair(&full_order());
    edit::<Order>(&mut a, "li", |o| {
        o.samples.insert(
            "s-a".into(),
            Sample {
                kind: SampleKind::Fit,
                round: 1,
                ..Sample::default()
            },
        );
        o.samples.get_mut("s1").unwrap().result = SampleResult::Approved;
    });
    edit::<Order>(&mut b, "wang", |o| {
        o.samples.insert(
            "s-b".into(),
            Sample {
                kind: SampleKind::LabDip,
                round: 1,
                ..Sample::default()
            },
        );
        o.samples.get_mut("s1").unwrap().tracking_no = "SF123".into();
    });
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(o.samples.len(), 3);
    assert_eq!(o.samples["s1"].result, SampleResult::Approved);
    assert_eq!(o.samples["s1"].tracking_no, "SF123");
}

#[test]
fn purchase_orders_and_partial_deliveries() {
    let (mut a, mut b) = pair(&full_order());
    let delivery = |qty: &str| Delivery {
        date: Some(day("2026-03-25")),
        qty: qty.parse().unwrap(),
        inspection: IncomingResult::Accepted,
        ..Delivery::default()
    };
    edit::<Order>(&mut a, "li", |o| {
        let po = o.purchase_orders.get_mut("po1").unwrap();
        po.deliveries.insert("dl-a".into(), delivery("400"));
        po.written_confirmation = Some(Confirmation {
            by: "li".into(),
            ..Confirmation::default()
        });
    });
    edit::<Order>(&mut b, "wang", |o| {
        let po = o.purchase_orders.get_mut("po1").unwrap();
        po.deliveries.insert("dl-b".into(), delivery("600"));
        po.phone_confirmation = Some(Confirmation {
            by: "wang".into(),
            ..Confirmation::default()
        });
        o.purchase_orders.insert("po2".into(), Default::default());
    });
    let o: Order = merged(&mut a, &mut b);
    let po = &o.purchase_orders["po1"];
    assert_eq!(po.received().to_string(), "1000");
    assert!(po.is_complete() && po.is_confirmed());
    assert_eq!(o.purchase_orders.len(), 2);
}

#[test]
fn production_reports_add_up() {
    let (mut a, mut b) = pair(&full_order());
    let report = |qty| ProductionReport {
        stage: Stage::Cutting,
        date: Some(day("2026-05-02")),
        qty,
        ..ProductionReport::default()
    };
    edit::<Order>(&mut a, "li", |o| {
        o.production.insert("p-a".into(), report(300));
        o.production.get_mut("r1").unwrap().note = "shift A".into();
    });
    edit::<Order>(&mut b, "factory", |o| {
        o.production.insert("p-b".into(), report(200));
        o.production.get_mut("r1").unwrap().reported_by = "Zhou".into();
    });
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(production::stage_total(&o, &Stage::Cutting), 600);
    assert_eq!(o.production["r1"].note, "shift A");
    assert_eq!(o.production["r1"].reported_by, "Zhou");
}

#[test]
fn inspections_defects_photos_and_measurements() {
    let (mut a, mut b) = pair(&full_order());
    edit::<Order>(&mut a, "qc", |o| {
        let i = o.inspections.get_mut("i1").unwrap();
        i.defects.insert(
            "d-a".into(),
            Defect {
                class: DefectClass::Minor,
                count: 2,
                ..Defect::default()
            },
        );
        i.defects
            .get_mut("d1")
            .unwrap()
            .photos
            .insert("aa".repeat(32), "front".into());
        i.completed = true;
    });
    edit::<Order>(&mut b, "li", |o| {
        let i = o.inspections.get_mut("i1").unwrap();
        i.defects.insert(
            "d-b".into(),
            Defect {
                class: DefectClass::Major,
                count: 3,
                ..Defect::default()
            },
        );
        i.defects
            .get_mut("d1")
            .unwrap()
            .photos
            .insert("bb".repeat(32), "back".into());
        i.measurements.insert("m".into(), Measurement::default());
        i.remarks = "packing OK".into();
    });
    let o: Order = merged(&mut a, &mut b);
    let i = &o.inspections["i1"];
    assert_eq!(i.total_defects(), 6);
    assert_eq!(i.defects["d1"].photos.len(), 2);
    assert!(i.completed);
    assert_eq!(i.remarks, "packing OK");
    assert_eq!(i.measurements.len(), 1);
}

#[test]
fn shipments_and_document_checklist() {
    let (mut a, mut b) = pair(&full_order());
    edit::<Order>(&mut a, "li", |o| {
        let s = o.shipments.get_mut("sh1").unwrap();
        s.set_document(&DocKind::PackingList, DocStatus::Sent);
        s.container_no = "MSKU1234567".into();
    });
    edit::<Order>(&mut b, "wang", |o| {
        let s = o.shipments.get_mut("sh1").unwrap();
        s.set_document(&DocKind::CustomsDeclaration, DocStatus::Drafted);
        s.cbm = "12.345".parse().unwrap();
        o.shipments.insert("sh2".into(), Default::default());
    });
    let o: Order = merged(&mut a, &mut b);
    let s = &o.shipments["sh1"];
    assert_eq!(s.document(&DocKind::PackingList), DocStatus::Sent);
    assert_eq!(s.document(&DocKind::CustomsDeclaration), DocStatus::Drafted);
    assert_eq!(s.container_no, "MSKU1234567");
    assert_eq!(s.cbm.to_string(), "12.345");
    assert_eq!(o.shipments.len(), 2);
}

#[test]
fn complaints_and_communication_log() {
    let (mut a, mut b) = pair(&full_order());
    edit::<Order>(&mut a, "li", |o| {
        o.complaints.get_mut("c1").unwrap().status = ComplaintStatus::InProgress;
        o.complaints.insert("c-a".into(), Complaint::default());
        o.communications.insert(
            "k-a".into(),
            Communication {
                channel: Channel::WeChat,
                ..Communication::default()
            },
        );
    });
    edit::<Order>(&mut b, "wang", |o| {
        o.complaints.get_mut("c1").unwrap().resolution = "credit note".into();
        o.communications.insert(
            "k-b".into(),
            Communication {
                channel: Channel::Fax,
                ..Communication::default()
            },
        );
    });
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(o.complaints.len(), 2);
    assert_eq!(o.complaints["c1"].status, ComplaintStatus::InProgress);
    assert_eq!(o.complaints["c1"].resolution, "credit note");
    assert_eq!(o.communications.len(), 3);
}

#[test]
fn gate_overrides_from_two_devices_are_both_logged() {
    let mut base = full_order();
    base.status = OrderStatus::Confirmed;
    let (mut a, mut b) = pair(&base);
    for (doc, who, at) in [(&mut a, "li", 5), (&mut b, "wang", 6)] {
        edit::<Order>(doc, who, |o| {
            transition(
                o,
                None,
                OrderStatus::InProduction,
                &Gates::default(),
                who,
                at,
                Some("urgent"),
            )
            .unwrap()
        });
    }
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(o.status, OrderStatus::InProduction);
    assert_eq!(o.gate_overrides.len(), 4, "{:?}", o.gate_overrides.keys());
}

#[test]
fn commercial_receipts_payables_and_payments() {
    let (mut a, mut b) = pair(&commercial());
    let receipt = |amount: &str| Receipt {
        amount: amount.parse().unwrap(),
        confirmed_by: Some("fin".into()),
        ..Receipt::default()
    };
    edit::<Commercial>(&mut a, "finance", |c| {
        c.receipts.insert("r-a".into(), receipt("300"));
        c.receipts.get_mut("r0").unwrap().confirmed_by = Some("fin".into());
        c.payables.insert(
            "p1".into(),
            Payable {
                amount: "500".parse().unwrap(),
                ..Payable::default()
            },
        );
    });
    edit::<Commercial>(&mut b, "li", |c| {
        c.receipts.insert("r-b".into(), receipt("600"));
        c.receipts.get_mut("r0").unwrap().note = "TT copy".into();
        c.payments.insert(
            "x".into(),
            Payment {
                payable: "p1".into(),
                amount: "200".parse().unwrap(),
                ..Payment::default()
            },
        );
    });
    let c: Commercial = merged(&mut a, &mut b);
    assert_eq!(c.received().to_string(), "1000.00");
    assert!(c.deposit_confirmed(&full_order()) && c.balance_confirmed());
    assert_eq!(c.receipts["r0"].note, "TT copy");
    assert_eq!(c.payable_outstanding("p1").to_string(), "300.00");
}

#[test]
fn workspace_parties_people_and_settings() {
    let (mut a, mut b) = pair(&Workspace::seeded("Team"));
    edit::<Workspace>(&mut a, "li", |w| {
        w.parties.insert(
            "f1".into(),
            Party {
                kind: PartyKind::Factory,
                name: "Hangzhou Knit".into(),
                ..Party::default()
            },
        );
        w.settings.gates.deposit_before_production = false;
        w.people.insert("p1".into(), Person::default());
    });
    edit::<Workspace>(&mut b, "wang", |w| {
        w.parties.insert(
            "fw1".into(),
            Party {
                kind: PartyKind::Forwarder,
                name: "Kerry".into(),
                ..Party::default()
            },
        );
        w.settings.at_risk_days = 5;
        w.templates
            .get_mut("standard")
            .unwrap()
            .milestones
            .get_mut("m01")
            .unwrap()
            .offset_days = 12;
    });
    let w: Workspace = merged(&mut a, &mut b);
    assert_eq!(w.parties.len(), 2);
    assert!(!w.settings.gates.deposit_before_production);
    assert_eq!(w.settings.at_risk_days, 5);
    assert_eq!(w.templates["standard"].milestones["m01"].offset_days, 12);
    assert_eq!(w.people.len(), 1);
}

#[test]
fn applying_a_template_on_two_devices_loses_no_edit() {
    let mut base = full_order();
    base.milestones.clear();
    let (mut a, mut b) = pair(&base);
    let t = gendan_domain::tna::default_template();
    let ids = |p: &'static str| {
        let mut n = 0;
        move || {
            n += 1;
            gendan_domain::RecordId::from(format!("{p}{n:02}").as_str())
        }
    };
    edit::<Order>(&mut a, "li", |o| {
        gendan_domain::tna::apply_template(o, &t, ids("a"));
        o.milestones.get_mut("a01").unwrap().actual = Some(day("2026-03-09"));
    });
    edit::<Order>(&mut b, "wang", |o| {
        gendan_domain::tna::apply_template(o, &t, ids("b"));
        o.milestones.get_mut("b01").unwrap().actual = Some(day("2026-03-10"));
    });
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(
        o.milestones.len(),
        22,
        "both copies stay, visible as duplicates"
    );
    assert_eq!(o.milestones["a01"].actual, Some(day("2026-03-09")));
    assert_eq!(o.milestones["b01"].actual, Some(day("2026-03-10")));
}

#[test]
fn nested_record_fields_show_their_conflicts() {
    let (mut a, mut b) = pair(&full_order());
    edit::<Order>(&mut a, "li", |o| {
        o.milestones.get_mut("m01").unwrap().actual = Some(day("2026-03-10"));
        o.inspections
            .get_mut("i1")
            .unwrap()
            .defects
            .get_mut("d1")
            .unwrap()
            .count = 4;
        o.shipments
            .get_mut("sh1")
            .unwrap()
            .set_document(&DocKind::PackingList, DocStatus::Sent);
    });
    edit::<Order>(&mut b, "wang", |o| {
        o.milestones.get_mut("m01").unwrap().actual = Some(day("2026-03-12"));
        o.inspections
            .get_mut("i1")
            .unwrap()
            .defects
            .get_mut("d1")
            .unwrap()
            .count = 5;
        o.shipments
            .get_mut("sh1")
            .unwrap()
            .set_document(&DocKind::PackingList, DocStatus::Approved);
    });
    let o: Order = merged(&mut a, &mut b);
    let seen = conflicts(&a, &["milestones", "m01", "actual"]);
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0], o.milestones["m01"].actual.unwrap().to_string());
    assert!(seen.contains(&"2026-03-10".into()) && seen.contains(&"2026-03-12".into()));
    let seen = conflicts(&b, &["inspections", "i1", "defects", "d1", "count"]);
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0], o.inspections["i1"].defects["d1"].count.to_string());
    let seen = conflicts(&a, &["shipments", "sh1", "documents", "packing_list"]);
    assert_eq!(seen.len(), 2, "{seen:?}");
    // different fields of the same record: no conflict
    assert!(conflicts(&a, &["milestones", "m01", "name"]).is_empty());
    assert!(conflicts(&a, &["milestones", "nope", "actual"]).is_empty());
    // an unrelated edit leaves the conflicts visible
    edit::<Order>(&mut a, "li", |o| o.description = "unrelated".into());
    assert_eq!(
        conflicts(&a, &["inspections", "i1", "defects", "d1", "count"]).len(),
        2
    );
    // keeping a competing value of a nested field
    let keep = conflicts(&a, &["inspections", "i1", "defects", "d1", "count"])[1].clone();
    gendan_domain::document::resolve(
        &mut a,
        &author("li"),
        9,
        &["inspections", "i1", "defects", "d1", "count"],
        1,
    )
    .unwrap();
    let o = gendan_domain::document::read::<Order>(&a).unwrap();
    assert_eq!(o.inspections["i1"].defects["d1"].count.to_string(), keep);
    assert!(conflicts(&a, &["inspections", "i1", "defects", "d1", "count"]).is_empty());
    // resolving on one device clears it everywhere
    edit::<Order>(&mut a, "li", |o| {
        o.milestones.get_mut("m01").unwrap().actual = Some(day("2026-03-11"))
    });
    b.merge(&mut a).unwrap();
    assert!(conflicts(&b, &["milestones", "m01", "actual"]).is_empty());
}

#[test]
fn concurrent_commercial_field_edits_conflict() {
    let (mut a, mut b) = pair(&commercial());
    edit::<Commercial>(&mut a, "li", |c| {
        c.receipts.get_mut("r0").unwrap().amount = "110".parse().unwrap()
    });
    edit::<Commercial>(&mut b, "fin", |c| {
        c.receipts.get_mut("r0").unwrap().amount = "120".parse().unwrap()
    });
    let _: Commercial = merged(&mut a, &mut b);
    assert_eq!(conflicts(&a, &["receipts", "r0", "amount"]).len(), 2);
}
