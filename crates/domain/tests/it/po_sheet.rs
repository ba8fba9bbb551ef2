//! 采购单: a PO as its supplier reads it — the quantity and day agreed now, the tolerance, where
//! to deliver, the price only where the books are and not still to be checked — and never the
//! buyer, the customer's PO or what the order sells for.

use crate::common::*;
use gendan_domain::commercial::{PoPrice, PriceCheck};
use gendan_domain::po_sheet::PoSheet;
use gendan_domain::purchasing::{self, Revised};

#[test]
fn the_supplier_reads_what_to_make_by_when_and_where_at_its_price() {
    let mut o = full_order(); // po1 "F-1": 1,000, due 04-01; customer Nordic Wear, PO-1
    o.factory = Some("ningbo".into());
    {
        let po = o.purchase_orders.get_mut("po1").unwrap();
        po.supplier = "shaoxing-mill".into();
        po.unit = "m".into();
        po.description = " Cotton jersey ".into();
        po.tolerance_bp = 300;
    }
    purchasing::revise(
        &mut o,
        "po1",
        "r1",
        Revised {
            qty: "1200".parse().unwrap(),
            due: Some(day("2026-04-10")),
        },
        &gendan_domain::standing::Standing::Approved,
        ("li", day("2026-03-20"), "buyer added a colour"),
    )
    .unwrap();
    assert!(PoSheet::of(&o, "nope", None).is_none());
    let s = PoSheet::of(&o, "po1", None).expect("the PO");
    assert_eq!(s.po_no, "F-1");
    assert_eq!(s.supplier, "shaoxing-mill");
    assert_eq!(s.description, "Cotton jersey");
    assert_eq!(s.qty, "1200".parse().unwrap(), "the quantity agreed now");
    assert_eq!(s.due, Some(day("2026-04-10")), "the day agreed now");
    assert_eq!((s.tolerance_bp, s.unit.as_str()), (300, "m"));
    assert_eq!(s.deliver_to.as_deref(), Some("ningbo"));
    assert_eq!(s.style_no, "NW-1");
    assert_eq!(s.price, None, "no books here: no price");
    assert!(!s.cancelled);
    // Nothing of the buyer, the customer's PO or the revision's reason travels in it.
    let printed = format!("{s:?}");
    for secret in ["Nordic Wear", "PO-1\"", "buyer added"] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }

    let mut c = commercial();
    c.po_prices.insert(
        "po1".into(),
        PoPrice {
            unit_price: "2.5".parse().ok(),
            currency: "CNY".into(),
        },
    );
    let priced = PoSheet::of(&o, "po1", Some(&c)).unwrap().price.unwrap();
    assert_eq!(priced.currency, "CNY");
    assert_eq!(priced.amount, "3000".parse().ok());
    // A price an old document held, not yet confirmed, is not printed.
    c.po_price_checks
        .insert("po1".into(), PriceCheck::default());
    assert_eq!(PoSheet::of(&o, "po1", Some(&c)).unwrap().price, None);

    purchasing::cancel(&mut o, "po1", ("li", day("2026-03-25"), "dropped")).unwrap();
    assert!(PoSheet::of(&o, "po1", None).unwrap().cancelled);
}
