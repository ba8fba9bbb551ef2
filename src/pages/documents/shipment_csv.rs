//! One shipment as a CSV a spreadsheet opens (UTF-8 with a byte-order mark, CRLF, every field
//! quoted: [`crate::listing::csv`], the orders list's writer): a line per colour × size with its
//! pieces, the cartons, weights and CBM of the cartons packed solid in that cell, and its value
//! at the commercial document's price; cartons packed by ratio hold several cells, so their
//! cartons, weights and CBM are one line of their own rather than split by a guess; then the
//! shipment's totals, which are those of [`Shipment::figures`]; then the booking: forwarder,
//! freight terms and the freight cost (from the commercial document, with its currency). No web
//! dependency: tested natively.

use gendan_domain::packing::{self, CartonLine};
use gendan_domain::shipment::{FigureSource, FreightTerms, Shipment};
use gendan_domain::{Commercial, Milli, Order, Price, Workspace};

use crate::i18n::{Lang, K};
use crate::listing;

/// Cartons, weights and CBM of some carton lines, as CSV fields ("" when there are none).
fn packed<'a>(lines: impl IntoIterator<Item = &'a CartonLine>) -> [String; 4] {
    let t = packing::totals(lines);
    if t.cartons == 0 {
        return Default::default();
    }
    [
        t.cartons.to_string(),
        t.net_kg.to_string(),
        t.gross_kg.to_string(),
        t.cbm.to_string(),
    ]
}

fn money(p: Option<Price>) -> String {
    p.map(|p| p.to_string()).unwrap_or_default()
}

/// A shipment's forwarder by name: the party's as it is now, else the name kept or typed.
pub(crate) fn forwarder_name(s: &Shipment, w: &Workspace) -> String {
    let b = &s.booking;
    w.party_name(&b.forwarder)
        .map(str::to_string)
        .unwrap_or_else(|| {
            if b.forwarder_name.is_empty() {
                b.forwarder.clone()
            } else {
                b.forwarder_name.clone()
            }
        })
}

/// Freight terms in words.
pub(crate) fn terms_key(t: &FreightTerms) -> Option<K> {
    match t {
        FreightTerms::Prepaid => Some(K::CodePrepaid),
        FreightTerms::Collect => Some(K::CodeCollect),
        FreightTerms::Other(_) => None,
    }
}

/// The CSV of shipment `sid` of `o`, headed in `lang`; priced when `c` is given, and without the
/// price columns or the freight cost when not (the packing list's file, which goes to factories
/// and forwarders, is never given the money). `None` when the
/// order has no such shipment.
pub(crate) fn shipment_csv(
    lang: Lang,
    o: &Order,
    c: Option<&Commercial>,
    w: &Workspace,
    sid: &str,
) -> Option<String> {
    let s: &Shipment = o.shipments.get(sid)?;
    let f = s.figures();
    let t = |k: K| k.text(lang).to_string();
    let cur = c.map(|c| c.currency.clone()).unwrap_or_default();
    let with_cur = |k: K| {
        if cur.is_empty() {
            t(k)
        } else {
            format!("{} ({cur})", t(k))
        }
    };
    let mut rows = vec![vec![
        t(K::Colour),
        t(K::Size),
        t(K::PiecesCol),
        t(K::DocCartons),
        t(K::DocNet),
        t(K::DocGross),
        t(K::DocCbm),
        with_cur(K::UnitPrice),
        with_cur(K::DocLineAmount),
    ]];
    let solid_in = |cell: &str| -> Vec<&CartonLine> {
        s.carton_lines
            .values()
            .filter(|l| l.per_carton.len() == 1 && l.per_carton.contains_key(cell))
            .collect()
    };
    let mut value = Some(Price::ZERO);
    for (cid, colour) in o.quantities.colours_in_order() {
        let price = c.and_then(|c| c.price_of(cid.as_str()));
        for (zid, size) in o.quantities.sizes_in_order() {
            let key = gendan_domain::order::cell_key(cid.as_str(), zid.as_str());
            let pcs = f.cells.get(&key).copied().unwrap_or(0);
            if pcs == 0 {
                continue;
            }
            let amount = price.and_then(|p| p.times(pcs));
            value = value.zip(amount).and_then(|(v, a)| v.checked_add(a));
            let [cartons, net, gross, cbm] = packed(solid_in(&key));
            rows.push(vec![
                colour.name.clone(),
                size.name.clone(),
                pcs.to_string(),
                cartons,
                net,
                gross,
                cbm,
                money(price),
                money(amount),
            ]);
        }
    }
    let mixed = packed(s.carton_lines.values().filter(|l| l.per_carton.len() > 1));
    if !mixed[0].is_empty() {
        let [cartons, net, gross, cbm] = mixed;
        rows.push(vec![
            t(K::CsvRatioCartons),
            String::new(),
            String::new(),
            cartons,
            net,
            gross,
            cbm,
            String::new(),
            String::new(),
        ]);
    }
    let some = |m: Milli| {
        if m.thousandths() > 0 {
            m.to_string()
        } else {
            String::new()
        }
    };
    // A shipment recorded before shipments had cells carries pieces no line names: no value.
    let value = value.filter(|_| f.source != FigureSource::Legacy && c.is_some());
    rows.push(vec![
        t(K::Total),
        String::new(),
        f.pieces.to_string(),
        if f.cartons > 0 {
            f.cartons.to_string()
        } else {
            String::new()
        },
        some(f.net_kg),
        some(f.gross_kg),
        some(f.cbm),
        String::new(),
        money(value),
    ]);
    if c.is_none() {
        // Colour, size, pieces, cartons, net, gross, CBM: no unit price, no amount.
        for row in &mut rows {
            row.truncate(7);
        }
    }
    let mut booking = Vec::new();
    let name = forwarder_name(s, w);
    if !name.trim().is_empty() {
        booking.push(vec![t(K::Forwarder), name]);
    }
    if let Some(k) = s.booking.freight_terms.as_ref().and_then(terms_key) {
        booking.push(vec![t(K::FreightTerms), t(k)]);
    }
    if let Some((amount, cur)) = c.and_then(|c| c.freight_of(sid)) {
        booking.push(vec![
            format!("{} ({cur})", t(K::FreightCost)),
            amount.to_string(),
        ]);
    }
    if !booking.is_empty() {
        rows.push(Vec::new());
        rows.extend(booking);
    }
    Some(listing::csv(&rows))
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use gendan_domain::order::cell_key;
    use gendan_domain::packing::CartonLine;

    fn order() -> (Order, Commercial) {
        let mut o = Order::new();
        o.quantities.add_colour("red".into(), "Red \"Rouge\"");
        o.quantities.add_colour("navy".into(), "藏青");
        o.quantities.add_size("s".into(), "S");
        o.quantities.add_size("m".into(), "M");
        o.quantities.add_size("l".into(), "L");
        for (c, z) in [("red", "s"), ("red", "m"), ("navy", "m"), ("navy", "l")] {
            o.quantities.set_qty(c, z, 500);
        }
        let carton = |from, to, per: gendan_domain::RecordMap<u64>| CartonLine {
            from,
            to,
            per_carton: per,
            length_mm: 600,
            width_mm: 400,
            height_mm: 300,
            net_kg: "8".parse().unwrap(),
            gross_kg: "9.5".parse().unwrap(),
            ..CartonLine::default()
        };
        let mut s = Shipment::default();
        // 10 cartons of 20 red S; 5 cartons of navy M:L = 1:1 × 20.
        s.carton_lines
            .insert("a".into(), carton(1, 10, packing::solid("red", "s", 20)));
        s.carton_lines.insert(
            "b".into(),
            carton(
                11,
                15,
                packing::ratio(&[("navy", "m", 1), ("navy", "l", 1)], 20).unwrap(),
            ),
        );
        s.booking.forwarder_name = "Kerry Logistics".into();
        s.booking.freight_terms = Some(FreightTerms::Collect);
        o.shipments.insert("s1".into(), s);
        let mut other = Shipment::default();
        other.quantities.insert(cell_key("red", "m"), 480);
        o.shipments.insert("s2".into(), other);
        let mut c = Commercial::new("x", "USD");
        c.unit_price = "3.25".parse().ok();
        c.colour_prices.insert("navy".into(), "4".parse().unwrap());
        c.set_freight("s1", Some(("1250.5".parse().unwrap(), "cny")))
            .unwrap();
        (o, c)
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_shipment_csv_holds_its_own_lines_cartons_weights_and_value() {
        let (o, c) = order();
        let w = Workspace::default();
        let csv = shipment_csv(Lang::En, &o, Some(&c), &w, "s1").unwrap();
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(
            lines,
            [
                "\"Colour\",\"Size\",\"Pieces\",\"Cartons\",\"Net weight (kg)\",\"Gross weight (kg)\",\"Volume (m³)\",\"Unit price (USD)\",\"Amount (USD)\"",
                "\"Red \"\"Rouge\"\"\",\"S\",\"200\",\"10\",\"80\",\"95\",\"0.72\",\"3.25\",\"650.00\"",
                "\"藏青\",\"M\",\"50\",\"\",\"\",\"\",\"\",\"4.00\",\"200.00\"",
                "\"藏青\",\"L\",\"50\",\"\",\"\",\"\",\"\",\"4.00\",\"200.00\"",
                "\"Ratio-packed cartons\",\"\",\"\",\"5\",\"40\",\"47.5\",\"0.36\",\"\",\"\"",
                "\"Total\",\"\",\"300\",\"15\",\"120\",\"142.5\",\"1.08\",\"\",\"1050.00\"",
                "",
                "\"Forwarder\",\"Kerry Logistics\"",
                "\"Freight terms\",\"Freight collect\"",
                "\"Freight cost (CNY)\",\"1250.50\"",
                "",
            ]
        );
        // The other shipment: its own 480 red M, not the order's or the first one's.
        let csv = shipment_csv(Lang::Zh, &o, None, &w, "s2").unwrap();
        assert!(csv.contains("\"颜色\",\"尺码\""), "{csv}");
        assert!(csv.contains("\"Red \"\"Rouge\"\"\",\"M\",\"480\""), "{csv}");
        assert!(csv.contains("\"合计\",\"\",\"480\",\"\""), "{csv}");
        assert!(!csv.contains("\"S\""), "{csv}");
        assert!(!csv.contains("Kerry"), "{csv}");
        assert_eq!(shipment_csv(Lang::En, &o, None, &w, "gone"), None);
        // Without the money (the packing list's file): the goods, no price column, no freight
        // cost.
        let csv = shipment_csv(Lang::En, &o, None, &w, "s1").unwrap();
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        assert_eq!(
            lines[..2],
            [
                "\"Colour\",\"Size\",\"Pieces\",\"Cartons\",\"Net weight (kg)\",\"Gross weight (kg)\",\"Volume (m³)\"",
                "\"Red \"\"Rouge\"\"\",\"S\",\"200\",\"10\",\"80\",\"95\",\"0.72\"",
            ]
        );
        for money in [
            "Unit price",
            "Amount",
            "3.25",
            "650",
            "Freight cost",
            "1250",
        ] {
            assert!(!csv.contains(money), "{money} in {csv}");
        }
        assert!(csv.contains("\"Forwarder\",\"Kerry Logistics\""), "{csv}");
    }
}
