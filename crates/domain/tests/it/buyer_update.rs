//! 订单进展报告: what the buyer is told — the date first agreed once it moved, the latest round
//! of each sample, pieces per stage, the final inspection only once the goods passed, and each
//! shipment followed by vessel, container and ETA — and what is never put in it.

use crate::common::*;
use gendan_domain::buyer_update::{BuyerUpdate, SampleState};
use gendan_domain::inspection::{Defect, DefectClass, InspectionKind};
use gendan_domain::production::Stage;
use gendan_domain::sample_kind::SampleKind;
use gendan_domain::samples::{Sample, SampleResult};
use gendan_domain::shipment::Shipment;
use gendan_domain::tna::{change_ex_factory, ExFactoryChange};
use gendan_domain::{Order, OrderStatus};

fn sample(kind: SampleKind, round: u32, sent: Option<&str>, result: SampleResult) -> Sample {
    Sample {
        kind,
        round,
        sent: sent.map(day),
        result,
        ..Sample::default()
    }
}

/// `full_order`, in production, its one lot a final lot with `majors` major defects, finished
/// on 05-20.
fn in_production(majors: u32) -> Order {
    let mut o = full_order();
    o.status = OrderStatus::InProduction;
    o.confirmed_ex_factory = o.ex_factory;
    let i = o.inspections.get_mut("i1").unwrap();
    i.kind = InspectionKind::Final;
    i.date = Some(day("2026-05-20"));
    i.completed = true;
    i.defects.clear();
    i.defects.insert(
        "d".into(),
        Defect {
            class: DefectClass::Major,
            count: majors,
            ..Defect::default()
        },
    );
    o
}

#[test]
fn the_buyer_hears_the_date_moved_samples_pieces_and_shipments() {
    let mut o = in_production(0);
    let u = BuyerUpdate::of(&o);
    assert_eq!(
        (u.customer_po.as_str(), u.style_no.as_str()),
        ("PO-1", "NW-1")
    );
    assert_eq!(u.ordered, 1000);
    assert_eq!(u.ex_factory, Some(day("2026-06-01")));
    assert_eq!(u.first_agreed, None, "not moved: nothing to explain");
    assert_eq!(u.production, [(Stage::Cutting, 100)]);
    assert_eq!(u.final_passed, Some(Some(day("2026-05-20"))));
    assert!(u.shipments.is_empty(), "an empty shipment says nothing");

    // 根据生产进度调整交货期,并及时通知客户: the date first agreed is said beside the new one.
    let change = ExFactoryChange {
        by: "li".into(),
        reason: "fabric late at the mill".into(),
        ..ExFactoryChange::default()
    };
    change_ex_factory(&mut o, "x1", day("2026-06-15"), change, false).unwrap();
    let u = BuyerUpdate::of(&o);
    assert_eq!(u.ex_factory, Some(day("2026-06-15")));
    assert_eq!(u.first_agreed, Some(day("2026-06-01")));

    // Samples: the latest round of each kind, in the kinds' order.
    o.samples.clear();
    o.samples.insert(
        "pp1".into(),
        sample(
            SampleKind::PreProduction,
            1,
            Some("2026-04-01"),
            SampleResult::Rejected,
        ),
    );
    o.samples.insert(
        "pp2".into(),
        sample(
            SampleKind::PreProduction,
            2,
            Some("2026-04-20"),
            SampleResult::Pending,
        ),
    );
    let mut dip = sample(
        SampleKind::LabDip,
        1,
        Some("2026-03-10"),
        SampleResult::Approved,
    );
    dip.approved = Some(day("2026-03-15"));
    o.samples.insert("ld".into(), dip);
    o.samples.insert(
        "fit".into(),
        sample(
            SampleKind::Fit,
            1,
            Some("2026-03-20"),
            SampleResult::Resubmit,
        ),
    );
    o.samples.insert(
        "ship".into(),
        sample(SampleKind::Shipping, 1, None, SampleResult::Pending),
    );
    let states: Vec<_> = BuyerUpdate::of(&o)
        .samples
        .into_iter()
        .map(|s| (s.kind, s.round, s.state))
        .collect();
    assert_eq!(
        states,
        [
            (
                SampleKind::LabDip,
                1,
                SampleState::Approved(Some(day("2026-03-15")))
            ),
            (SampleKind::Fit, 1, SampleState::NextRound),
            (
                SampleKind::PreProduction,
                2,
                SampleState::Sent(Some(day("2026-04-20")))
            ),
            (SampleKind::Shipping, 1, SampleState::Preparing),
        ]
    );

    // Shipments: by ETD, with what the buyer tracks them by.
    let booked = Shipment {
        etd: Some(day("2026-06-20")),
        eta: Some(day("2026-07-25")),
        vessel_or_flight: " MSC Aurora ".into(),
        container_no: "MSCU1234567".into(),
        ..Shipment::default()
    };
    let gone = Shipment {
        etd: Some(day("2026-06-10")),
        shipped_on: Some(day("2026-06-09")),
        transport_doc_no: "BL-778".into(),
        pieces: 400,
        ..Shipment::default()
    };
    o.shipments.insert("b".into(), booked);
    o.shipments.insert("a".into(), gone);
    let u = BuyerUpdate::of(&o);
    assert_eq!(u.shipments.len(), 2);
    assert_eq!(u.shipments[0].transport_doc_no, "BL-778");
    assert_eq!(u.shipments[0].pieces, 400);
    assert_eq!(u.shipments[1].vessel_or_flight, "MSC Aurora");
    assert_eq!(u.shipments[1].eta, Some(day("2026-07-25")));
    assert_eq!(u.shipped, 400);
}

/// A lot failed inside the house is the team's rework, not news for the buyer: the final
/// inspection is said once the goods' latest final lot passed (its re-inspection, here).
/// Replies recorded apart that disagree leave the sample waiting, not approved.
#[test]
fn the_buyer_hears_of_the_final_inspection_only_once_the_goods_passed() {
    let mut o = in_production(40);
    assert_eq!(BuyerUpdate::of(&o).final_passed, None, "failed: not said");
    let mut re = o.inspections["i1"].clone();
    re.kind = InspectionKind::Reinspection;
    re.reinspection_of = Some("i1".into());
    re.date = Some(day("2026-05-24"));
    re.defects.clear();
    o.inspections.insert("i2".into(), re);
    assert_eq!(
        BuyerUpdate::of(&o).final_passed,
        Some(Some(day("2026-05-24")))
    );

    use gendan_domain::samples::Reply;
    let mut pp = sample(
        SampleKind::PreProduction,
        1,
        Some("2026-04-01"),
        SampleResult::Approved,
    );
    for (id, result) in [("a", SampleResult::Approved), ("b", SampleResult::Rejected)] {
        pp.replies.insert(
            id.into(),
            Reply {
                result,
                ..Reply::default()
            },
        );
    }
    o.samples.clear();
    o.samples.insert("pp".into(), pp);
    assert_eq!(
        BuyerUpdate::of(&o).samples[0].state,
        SampleState::Sent(Some(day("2026-04-01")))
    );
}
