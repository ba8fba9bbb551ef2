//! Loading cartons at the factory gate (issue 14): two devices ticking different cartons of one
//! shipment both keep theirs, a number not on the packing list or already loaded is refused with
//! its reason, and the loaded count follows the packing list when its lines change.

use crate::common::*;
use gendan_domain::loading::{self, CartonRange, LoadRefusal, Progress, Ticked};
use gendan_domain::order::cell_key;
use gendan_domain::packing::{self, CartonLine, PackKind};
use gendan_domain::shipment::Shipment;
use gendan_domain::RecordMap;
use gendan_domain::{Milli, Order};

fn line(from: u32, to: u32) -> CartonLine {
    CartonLine {
        from,
        to,
        pack: PackKind::Solid,
        per_carton: packing::solid("black", "m", 10),
        length_mm: 600,
        width_mm: 400,
        height_mm: 300,
        net_kg: Milli::from_thousandths(10_000),
        gross_kg: Milli::from_thousandths(11_000),
    }
}

/// A shipment packed in cartons 1–20 and 21–30.
fn packed() -> Shipment {
    Shipment {
        carton_lines: RecordMap::from([("a".into(), line(1, 20)), ("b".into(), line(21, 30))]),
        ..Shipment::default()
    }
}

fn range(from: u32, to: u32) -> CartonRange {
    CartonRange { from, to }
}

fn progress(loaded: u64, total: u64) -> Progress {
    Progress { loaded, total }
}

#[test]
fn two_devices_ticking_cartons_concurrently_keep_both() {
    let mut o = Order::new();
    o.shipments.insert("s1".into(), packed());
    let (mut a, mut b) = pair(&o);
    edit::<Order>(&mut a, "li", |o| {
        let s = o.shipments.get_mut("s1").unwrap();
        s.load(range(1, 10), "li", 1_000).unwrap();
        s.load(range(25, 25), "li", 1_001).unwrap();
    });
    edit::<Order>(&mut b, "wang", |o| {
        let s = o.shipments.get_mut("s1").unwrap();
        s.load(range(11, 20), "wang", 1_000).unwrap();
        // The same carton ticked on both devices stays one carton.
        s.load(range(25, 25), "wang", 1_002).unwrap();
    });
    let o: Order = merged(&mut a, &mut b);
    let s = &o.shipments["s1"];
    assert_eq!(s.loading(), progress(21, 30));
    assert_eq!(s.loaded["3"].by, "li");
    assert_eq!(s.loaded["15"].by, "wang");
    assert_eq!(s.not_loaded(), [(21, 24), (26, 30)]);
}

#[test]
fn numbers_not_on_the_packing_list_or_already_loaded_are_refused() {
    let mut s = packed();
    assert_eq!(
        s.load(range(31, 31), "li", 1),
        Err(LoadRefusal::NotOnList {
            first: 31,
            count: 1
        })
    );
    // One carton off the list refuses the whole range: nothing is ticked.
    assert_eq!(
        s.load(range(25, 32), "li", 1),
        Err(LoadRefusal::NotOnList {
            first: 31,
            count: 2
        })
    );
    assert_eq!(s.loading(), progress(0, 30));
    assert_eq!(
        s.load(range(1, 4), "li", 1),
        Ok(Ticked { new: 4, already: 0 })
    );
    assert_eq!(
        s.load(range(4, 4), "li", 2),
        Err(LoadRefusal::AlreadyLoaded { first: 4 })
    );
    assert_eq!(
        s.load(range(1, 6), "li", 3),
        Ok(Ticked { new: 2, already: 4 })
    );
    assert_eq!(
        s.loaded["1"].at_ms, 1,
        "a carton ticked again keeps its first tick"
    );
    assert!(s.unload(6));
    assert!(!s.unload(6));
    assert_eq!(s.loading(), progress(5, 30));
    // No carton lines and no typed cartons: nothing can be loaded.
    let mut bare = Shipment {
        quantities: RecordMap::from([(cell_key("black", "m"), 100)]),
        ..Shipment::default()
    };
    assert_eq!(
        bare.load(range(1, 1), "li", 1),
        Err(LoadRefusal::NotOnList { first: 1, count: 1 })
    );
    // A shipment recorded before carton lines: cartons 1 to its typed count.
    bare.cartons = 12;
    assert!(bare.load(range(1, 12), "li", 1).is_ok());
    assert_eq!(bare.loading(), progress(12, 12));
}

#[test]
fn the_loaded_count_follows_the_packing_list_when_lines_change() {
    let mut s = packed();
    s.load(range(1, 30), "li", 1).unwrap();
    assert_eq!(s.loading(), progress(30, 30));
    // Cartons 21–30 go off the list: their ticks no longer count, and neither do they as total.
    s.carton_lines.remove("b");
    assert_eq!(s.loading(), progress(20, 20));
    assert!(
        s.is_loaded(25),
        "the tick is kept, should the line come back"
    );
    // A line brought back (renumbered 21–25) counts the ticks it covers again.
    s.carton_lines.insert("c".into(), line(21, 25));
    assert_eq!(s.loading(), progress(25, 25));
    s.carton_lines.insert("d".into(), line(26, 28));
    assert_eq!(s.loading(), progress(28, 28));
    s.unload(27);
    assert_eq!(s.loading(), progress(27, 28));
    assert_eq!(s.not_loaded(), [(27, 27)]);
}

#[test]
fn a_scanned_barcode_of_the_shipping_marks_ticks_its_carton() {
    let mut s = packed();
    let code = loading::barcode("PO-SHIP-14", 17);
    assert_eq!(code, "PO-SHIP-14/17");
    let r = loading::parse(&code, "PO-SHIP-14").unwrap();
    assert_eq!(s.load(r, "li", 1), Ok(Ticked { new: 1, already: 0 }));
    assert!(s.is_loaded(17));
    assert_eq!(
        loading::parse("PO-OTHER/17", "PO-SHIP-14"),
        Err(LoadRefusal::OtherOrder {
            po: "PO-OTHER".into()
        })
    );
}
