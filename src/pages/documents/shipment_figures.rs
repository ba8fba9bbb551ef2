//! What the commercial invoice and the packing list print for one shipment: that shipment's
//! colour × size quantities, cartons, weights and CBM (`Shipment::figures`), never the order's
//! ordered quantities or sums over every shipment. The invoice's value follows: its lines price
//! the shipped pieces. The proforma stays on the ordered quantities.
//!
//! Kept apart from the documents' layout: the page prints an order as it always did, and this
//! module gives it the order *as shipped* in the chosen shipment.

use gendan_domain::shipment::{FigureSource, Shipment};
use gendan_domain::sorting::sort_by;
use gendan_domain::Order;

/// The shipments in the order they left (undated last, then by id), with their numbers from 1.
pub(crate) fn in_order(o: &Order) -> Vec<(String, &Shipment)> {
    let mut v: Vec<_> = o.shipments.iter().map(|(k, s)| (k.clone(), s)).collect();
    sort_by(&mut v, |a, b| {
        let key = |s: &Shipment| (s.shipped_on.or(s.etd).is_none(), s.shipped_on.or(s.etd));
        key(a.1).cmp(&key(b.1)).then_with(|| a.0.cmp(&b.0))
    });
    v
}

/// The picked shipment's id when it exists, else the last one that left (or the last listed).
pub(crate) fn chosen(o: &Order, pick: Option<&str>) -> Option<String> {
    let list = in_order(o);
    pick.filter(|p| o.shipments.contains_key(p))
        .map(str::to_string)
        .or_else(|| {
            list.iter()
                .rev()
                .find(|(_, s)| s.shipped_on.is_some())
                .or(list.last())
                .map(|(k, _)| k.clone())
        })
}

/// The order as one shipment carries it: its matrix holds the shipment's pieces per cell (a
/// shipment recorded before shipments had a matrix keeps the order's), its only shipment is that
/// one, with the cartons, weights and CBM derived from its carton lines.
pub(crate) fn as_shipped(o: &Order, shipment: &str) -> Order {
    let mut out = o.clone();
    out.shipments.retain(|k, _| k == shipment);
    if let Some(s) = out.shipments.get_mut(shipment) {
        let f = s.figures();
        if f.source != FigureSource::Legacy {
            out.quantities.cells = f.cells.clone();
        }
        s.cartons = f.cartons;
        s.pieces = f.pieces;
        s.gross_kg = f.gross_kg;
        s.net_kg = f.net_kg;
        s.cbm = f.cbm;
    }
    out
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use gendan_domain::order::cell_key;
    use gendan_domain::packing::{self, CartonLine};

    fn order() -> Order {
        let mut o = Order::new();
        o.quantities.add_colour("red".into(), "Red");
        o.quantities.add_size("s".into(), "S");
        o.quantities.add_size("m".into(), "M");
        o.quantities.set_qty("red", "s", 100);
        o.quantities.set_qty("red", "m", 100);
        let line = CartonLine {
            from: 1,
            to: 5,
            per_carton: packing::solid("red", "s", 10),
            length_mm: 600,
            width_mm: 400,
            height_mm: 300,
            net_kg: "8".parse().unwrap(),
            gross_kg: "9".parse().unwrap(),
            ..CartonLine::default()
        };
        let mut a = Shipment::default();
        a.carton_lines.insert("c".into(), line);
        a.shipped_on = "2026-05-01".parse().ok();
        let mut b = Shipment::default();
        b.quantities.insert(cell_key("red", "m"), 70);
        o.shipments.insert("a".into(), a);
        o.shipments.insert("b".into(), b);
        o
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn each_shipment_prints_its_own_figures() {
        let o = order();
        let a = as_shipped(&o, "a");
        assert_eq!(a.quantities.total(), 50);
        assert_eq!(a.quantities.qty("red", "m"), 0);
        let s = &a.shipments["a"];
        assert_eq!(
            (s.cartons, s.gross_kg.to_string(), s.cbm.to_string()),
            (5, "45".into(), "0.36".into())
        );
        assert_eq!(a.shipments.len(), 1);
        let b = as_shipped(&o, "b");
        assert_eq!(b.quantities.total(), 70);
        assert_eq!(b.shipments["b"].cartons, 0);
        // The one that left is chosen when none is picked; a pick that exists wins.
        assert_eq!(chosen(&o, None).as_deref(), Some("a"));
        assert_eq!(chosen(&o, Some("b")).as_deref(), Some("b"));
        assert_eq!(chosen(&o, Some("gone")).as_deref(), Some("a"));
    }
}
