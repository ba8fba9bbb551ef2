//! 生产制单: what the factory works from — the quantities colour by colour and size by size, the
//! date and allowance, the materials bought (cancelled ones left out, what is in house), each
//! sample's latest round with the buyer's comments — and never a price or the team's reasons.

use crate::common::*;
use gendan_domain::production_sheet::ProductionSheet;
use gendan_domain::purchasing::{self, Delivery, IncomingResult, PurchaseOrder};
use gendan_domain::sample_kind::SampleKind;
use gendan_domain::samples::{Sample, SampleResult};
use gendan_domain::shipped::Tolerance;

#[test]
fn the_factory_works_from_the_order_as_it_is_now() {
    let mut o = full_order(); // black M 1,000; po1 F-1 1,000 due 04-01
    o.quantities.add_colour("navy".into(), "Navy");
    o.quantities.add_size("l".into(), "L");
    o.quantities.set_qty("navy", "l", 500);
    o.quantities.set_qty("black", "l", 200);
    o.description = "Crew-neck tee".into();
    o.purchase_orders.insert(
        "po2".into(),
        PurchaseOrder {
            po_no: "TR-9".into(),
            description: "Buttons".into(),
            qty: "3000".parse().unwrap(),
            due: Some(day("2026-03-20")),
            ..PurchaseOrder::default()
        },
    );
    o.purchase_orders.insert(
        "po3".into(),
        PurchaseOrder {
            po_no: "TR-X".into(),
            ..PurchaseOrder::default()
        },
    );
    purchasing::cancel(&mut o, "po3", ("li", day("2026-03-02"), "buyer supplies")).unwrap();
    purchasing::record_delivery(
        &mut o,
        "po1",
        "d1",
        Delivery {
            date: Some(day("2026-03-28")),
            qty: "600".parse().unwrap(),
            received_by: "li".into(),
            inspection: IncomingResult::Accepted,
            ..Delivery::default()
        },
        day("2026-03-28"),
    )
    .unwrap();
    o.samples.clear();
    o.samples.insert(
        "pp1".into(),
        Sample {
            kind: SampleKind::PreProduction,
            round: 1,
            sent: Some(day("2026-03-05")),
            result: SampleResult::Approved,
            comments: " Shorten the sleeve by 1 cm ".into(),
            ..Sample::default()
        },
    );
    let s = ProductionSheet::of(&o, (30, 50));
    assert_eq!(s.style_no, "NW-1");
    assert_eq!(s.description, "Crew-neck tee");
    assert_eq!(s.sizes, ["M", "L"]);
    let rows: Vec<_> = s
        .colours
        .iter()
        .map(|c| (c.colour.as_str(), c.pieces.clone(), c.total))
        .collect();
    assert_eq!(
        rows,
        [
            ("Black", vec![1000, 200], 1200),
            ("Navy", vec![0, 500], 500)
        ]
    );
    assert_eq!((s.size_totals.clone(), s.total), (vec![1000, 700], 1700));
    assert_eq!(
        s.allowance,
        Tolerance {
            short_permille: 30,
            over_permille: 50
        }
    );
    let pos: Vec<_> = s.materials.iter().map(|m| m.po_no.as_str()).collect();
    assert_eq!(
        pos,
        ["TR-9", "F-1"],
        "by due day, the cancelled one left out"
    );
    assert_eq!(s.materials[1].in_house, "600".parse().unwrap());
    assert!(s.samples[0].approved);
    assert_eq!(s.samples[0].comments, "Shorten the sleeve by 1 cm");
    let printed = format!("{s:?}");
    assert!(!printed.contains("buyer supplies") && !printed.contains("Nordic Wear"));

    // The order's own allowance wins over the team's.
    o.ship_tolerance = Some(Tolerance {
        short_permille: 0,
        over_permille: 20,
    });
    assert_eq!(
        ProductionSheet::of(&o, (30, 50)).allowance.over_permille,
        20
    );
}
