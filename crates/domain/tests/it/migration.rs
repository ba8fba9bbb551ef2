//! Orders written before schema 3 held prices: they are moved into a successor document whose
//! whole history holds none, deterministically, with the prices going to the commercial document.

use crate::common::{author, full_order};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ReadDoc, ScalarValue, ROOT};
use gendan_domain::commercial::Commercial;
use gendan_domain::document::{self, commit};
use gendan_domain::migration::{self, history_values};
use gendan_domain::{DocError, Order};

/// Unique values, so a scan for them cannot match anything by chance.
const CUSTOMER_PRICE: i64 = 73_219; // 7.3219
const SUPPLIER_PRICE: i64 = 19_457; // 1.9457

/// An order as a pre-schema-3 build created it.
fn old_order() -> Order {
    Order {
        schema: 2,
        ..full_order()
    }
}

/// An order document as a pre-schema-3 build wrote it: the price at the root and on a PO.
fn old_priced_doc() -> AutoCommit {
    let order = old_order();
    let mut doc = document::create([1; 16], &author("ann"), 1_000, &order).unwrap();
    doc.put(ROOT, "unit_price", CUSTOMER_PRICE).unwrap();
    doc.put(ROOT, "currency", "USD").unwrap();
    let pos = match doc.get(ROOT, "purchase_orders").unwrap() {
        Some((automerge::Value::Object(ObjType::Map), id)) => id,
        _ => panic!("the fixture has purchase orders"),
    };
    let po_id = doc.keys(&pos).next().expect("a PO");
    let po = match doc.get(&pos, po_id.as_str()).unwrap() {
        Some((_, id)) => id,
        None => unreachable!(),
    };
    doc.put(&po, "unit_price", SUPPLIER_PRICE).unwrap();
    doc.put(&po, "currency", "CNY").unwrap();
    doc.commit_with(
        automerge::transaction::CommitOptions::default()
            .with_message("ann\u{1f}ann-phone".to_string())
            .with_time(2_000),
    );
    doc
}

fn holds_value(doc: &mut AutoCommit, wanted: i64) -> bool {
    history_values(doc).iter().any(|(_, v)| match v {
        ScalarValue::Int(i) => *i == wanted,
        ScalarValue::Uint(u) => i64::try_from(*u) == Ok(wanted),
        ScalarValue::F64(f) => (*f * 10_000.0).round() as i64 == wanted,
        ScalarValue::Str(s) => s.contains("7.3219") || s.contains("1.9457"),
        _ => false,
    })
}

#[test]
fn an_old_order_with_prices_is_found_and_a_new_one_is_not() {
    let mut old = old_priced_doc();
    assert!(migration::may_hold_price(&old));
    assert!(migration::history_holds_money(&mut old));
    let mut fresh = document::create([2; 16], &author("bo"), 1, &full_order()).unwrap();
    assert!(!migration::may_hold_price(&fresh));
    assert!(!migration::history_holds_money(&mut fresh));
}

/// An order this schema created never held a price: one in its history was written since by a
/// device that shares it (a factory planting a price to have it copied into the office's books,
/// and the order replaced). It is not migrated, so nothing is copied.
#[test]
fn a_price_written_into_an_order_of_this_schema_is_not_taken_for_an_old_one() {
    let mut planted = document::create([6; 16], &author("li"), 1, &full_order()).unwrap();
    planted.put(ROOT, "unit_price", CUSTOMER_PRICE).unwrap();
    planted.put(ROOT, "currency", "USD").unwrap();
    planted.commit();
    assert!(migration::may_hold_price(&planted));
    assert!(migration::history_holds_money(&mut planted));
    assert!(!migration::born_with_prices(&mut planted));
    assert!(!migration::needs_migration(&mut planted));
    let mut old = old_priced_doc();
    assert!(migration::born_with_prices(&mut old));
    assert!(migration::needs_migration(&mut old));
}

#[test]
fn a_price_cleared_later_still_counts_as_held() {
    let mut old = old_priced_doc();
    old.put(ROOT, "unit_price", ScalarValue::Null).unwrap();
    old.commit();
    assert!(migration::history_holds_money(&mut old));
    // Only null prices ever written (an old build with no price typed): nothing to hide.
    let mut nulls = document::create([3; 16], &author("ann"), 1, &old_order()).unwrap();
    nulls.put(ROOT, "unit_price", ScalarValue::Null).unwrap();
    nulls.commit();
    assert!(migration::may_hold_price(&nulls));
    assert!(!migration::history_holds_money(&mut nulls));
}

/// Old builds wrote a currency into every order, and into each PO, whether a price was typed or
/// not: such an order is money too. Its successor holds no currency, and the currency goes to the
/// commercial document.
#[test]
fn an_old_order_with_a_currency_and_no_price_is_migrated() {
    let mut doc = document::create([4; 16], &author("ann"), 1, &old_order()).unwrap();
    doc.put(ROOT, "unit_price", ScalarValue::Null).unwrap();
    doc.put(ROOT, "currency", "EUR").unwrap();
    doc.commit();
    assert!(migration::may_hold_price(&doc));
    assert!(migration::history_holds_money(&mut doc));
    assert!(migration::needs_migration(&mut doc));
    let mut s = migration::successor("old-eur", &mut doc).unwrap();
    assert!(!history_values(&mut s.doc)
        .iter()
        .any(|(k, _)| k == "unit_price" || k == "currency"));
    assert_eq!(s.prices.currency.as_deref(), Some("EUR"));
    let cdoc = migration::new_commercial("old-eur", &s.id, &s.prices).unwrap();
    let c: Commercial = document::read(&cdoc).unwrap();
    assert_eq!(c.currency, "EUR");
    assert_eq!(
        s.order.commercial,
        Some(migration::commercial_id("old-eur"))
    );
    // Only on a PO, too.
    let mut po_only = document::create([5; 16], &author("ann"), 1, &old_order()).unwrap();
    po_only.put(ROOT, "unit_price", ScalarValue::Null).unwrap();
    let pos = match po_only.get(ROOT, "purchase_orders").unwrap() {
        Some((automerge::Value::Object(ObjType::Map), id)) => id,
        _ => panic!("the fixture has purchase orders"),
    };
    let po_id = po_only.keys(&pos).next().expect("a PO");
    let Some((_, po)) = po_only.get(&pos, po_id.as_str()).unwrap() else {
        unreachable!()
    };
    po_only.put(&po, "currency", "CNY").unwrap();
    po_only.commit();
    assert!(migration::history_holds_money(&mut po_only));
}

#[test]
fn the_successor_holds_no_price_anywhere_in_its_history_and_the_same_order() {
    let mut old = old_priced_doc();
    assert!(holds_value(&mut old, CUSTOMER_PRICE) && holds_value(&mut old, SUPPLIER_PRICE));
    let before: Order = document::read(&old).unwrap();
    let mut s = migration::successor("old-id", &mut old).unwrap();
    assert!(!holds_value(&mut s.doc, CUSTOMER_PRICE));
    assert!(!holds_value(&mut s.doc, SUPPLIER_PRICE));
    assert!(!history_values(&mut s.doc)
        .iter()
        .any(|(k, _)| k == "unit_price" || k == "currency"));
    assert!(!migration::history_holds_money(&mut s.doc));

    let after: Order = document::read(&s.doc).unwrap();
    let from = after.migrated_from.clone().unwrap();
    assert_eq!(from.id, "old-id");
    assert_eq!(from.changes, 2);
    assert_eq!((from.first_ms, from.last_ms), (1_000, 2_000));
    assert_eq!(from.authors.get("ann"), Some(&2));
    let mut expected = before.clone();
    expected.migrated_from = Some(from);
    expected.commercial = after.commercial.clone();
    assert_eq!(after.schema, gendan_domain::order::ORDER_SCHEMA);
    expected.schema = after.schema;
    assert_eq!(after, expected);
    assert_eq!(s.id, migration::successor_id("old-id"));

    // The prices go to the commercial document.
    assert_eq!(
        s.prices.unit_price.map(|p| p.ten_thousandths()),
        Some(CUSTOMER_PRICE)
    );
    assert_eq!(s.prices.currency.as_deref(), Some("USD"));
    let (po_id, po) = s.prices.purchase_orders.iter().next().unwrap();
    assert_eq!(
        po.unit_price.map(|p| p.ten_thousandths()),
        Some(SUPPLIER_PRICE)
    );
    assert_eq!(po.currency, "CNY");
    let cid = after.commercial.clone().unwrap();
    assert_eq!(cid, migration::commercial_id("old-id"));
    let cdoc = migration::new_commercial("old-id", &s.id, &s.prices).unwrap();
    let c: Commercial = document::read(&cdoc).unwrap();
    assert_eq!(c.order, s.id);
    assert_eq!(
        c.po_price(po_id).map(|p| p.ten_thousandths()),
        Some(SUPPLIER_PRICE)
    );
    assert_eq!(c.po_currency(po_id), "CNY");
    assert_eq!(
        c.unit_price.map(|p| p.ten_thousandths()),
        Some(CUSTOMER_PRICE)
    );
    // The successor is an ordinary order from then on.
    let mut doc = s.doc;
    commit::<Order, (), DocError>(&mut doc, &author("bo"), 3_000, |o| {
        o.style_no = "NW-2".into();
        Ok(())
    })
    .unwrap();
    assert!(!holds_value(&mut doc, CUSTOMER_PRICE));
    let _ = &mut s.order;
}

#[test]
fn prices_typed_in_the_commercial_document_win_over_old_ones() {
    let mut old = old_priced_doc();
    let s = migration::successor("old-id", &mut old).unwrap();
    let mut c = Commercial::new("x", "EUR");
    c.unit_price = Some(gendan_domain::Price::from_ten_thousandths(5));
    assert!(s.prices.fill(&mut c));
    assert_eq!(c.unit_price.map(|p| p.ten_thousandths()), Some(5));
    assert_eq!(c.currency, "EUR");
    assert_eq!(c.po_prices.len(), 1);
    assert!(!s.prices.fill(&mut c), "a second fill changes nothing");
}

#[test]
fn two_devices_migrating_the_same_order_write_the_same_change() {
    let mut old = old_priced_doc();
    let bytes = old.save();
    let mut a = AutoCommit::load(&bytes).unwrap();
    let mut b = AutoCommit::load(&bytes).unwrap();
    let mut sa = migration::successor("old-id", &mut a).unwrap();
    let mut sb = migration::successor("old-id", &mut b).unwrap();
    assert_eq!(sa.id, sb.id);
    assert_eq!(sa.doc.get_heads(), sb.doc.get_heads());
    sa.doc.merge(&mut sb.doc).unwrap();
    assert_eq!(sa.doc.get_changes(&[]).len(), 1, "stored once");
    let o: Order = document::read(&sa.doc).unwrap();
    assert!(document::conflicts(&sa.doc, &["style_no"]).is_empty());
    assert_eq!(o.style_no, "NW-1");
    // Different ids give different successors.
    let sc = migration::successor("other-id", &mut b).unwrap();
    assert_ne!(sc.id, sa.id);
}

/// One office device migrated the order, another saw one more edit of it first (a price, a
/// style changed by a third device) and migrated it too, offline. Their successors and books
/// differ, so they must be written by different actors: one actor's two different first changes
/// are refused by Automerge (a duplicate sequence number) and the copies would never meet.
/// Alike fields do not show as changed on two devices; the differing ones do.
#[test]
fn devices_that_saw_different_old_histories_migrate_into_documents_that_merge() {
    let mut a = old_priced_doc();
    let mut b = AutoCommit::load(&a.save()).unwrap();
    b.set_actor(automerge::ActorId::from([3; 16]));
    b.put(ROOT, "style_no", "NW-2").unwrap();
    b.put(ROOT, "unit_price", CUSTOMER_PRICE + 1).unwrap();
    b.commit();
    let mut sa = migration::successor("old-id", &mut a).unwrap();
    let mut sb = migration::successor("old-id", &mut b).unwrap();
    assert_eq!(sa.id, sb.id, "one successor id");
    sa.doc.merge(&mut sb.doc).expect("the two successors merge");
    assert!(
        document::conflicts(&sa.doc, &["customer_po"]).is_empty(),
        "alike"
    );
    assert_eq!(document::conflicts(&sa.doc, &["style_no"]).len(), 2);
    let _: Order = document::read(&sa.doc).unwrap();

    let mut ca = migration::new_commercial("old-id", &sa.id, &sa.prices).unwrap();
    let mut cb = migration::new_commercial("old-id", &sb.id, &sb.prices).unwrap();
    ca.merge(&mut cb).expect("the two books merge");
    assert_eq!(
        document::conflicts(&ca, &["unit_price"]).len(),
        2,
        "the prices differ: the office decides"
    );
    assert!(document::conflicts(&ca, &["currency"]).is_empty());
    let c: Commercial = document::read(&ca).unwrap();
    assert_eq!(c.order, sa.id);
}

/// Writes `key = value` into the old document's first PO and at the root, as a device other than
/// the order's creator would through an old build's screens: its own actor, its own name.
fn written_by(doc: &mut AutoCommit, actor: u8, who: &str, order: Option<i64>, po: Option<i64>) {
    doc.set_actor(automerge::ActorId::from([actor; 16]));
    if let Some(p) = order {
        doc.put(ROOT, "unit_price", p).unwrap();
    }
    if let Some(p) = po {
        let pos = match doc.get(ROOT, "purchase_orders").unwrap() {
            Some((_, id)) => id,
            None => unreachable!("the fixture has purchase orders"),
        };
        let key = doc.keys(&pos).next().unwrap();
        let obj = match doc.get(&pos, key.as_str()).unwrap() {
            Some((_, id)) => id,
            None => unreachable!(),
        };
        doc.put(&obj, "unit_price", p).unwrap();
    }
    doc.commit_with(
        automerge::transaction::CommitOptions::default()
            .with_message(who.to_string())
            .with_time(5_000),
    );
}

/// The old order with its price and its PO's raised on the factory's tablet.
fn planted_by_factory() -> AutoCommit {
    let mut old = old_priced_doc();
    written_by(
        &mut old,
        9,
        "li\u{1f}factory-tablet",
        Some(1),
        Some(990_000),
    );
    old
}

fn po_of(c: &Commercial) -> String {
    c.po_prices.keys().next().cloned().expect("a PO price")
}

/// A factory that received an old order while prices travelled in it raises its PO price before
/// any office device migrated the order. The migration copies it into the books only as a price
/// to check: no payable, no order value, no plan is drawn from it until a person confirms it.
#[test]
fn a_price_a_factory_wrote_into_an_old_order_reaches_the_books_only_to_be_checked() {
    use gendan_domain::problem::{Field, Issue, Problem};
    use gendan_domain::DomainError;
    let mut old = planted_by_factory();
    let mut s = migration::successor("old-id", &mut old).unwrap();
    let cdoc = migration::new_commercial("old-id", &s.id, &s.prices).unwrap();
    let mut c: Commercial = document::read(&cdoc).unwrap();
    let po_id = po_of(&c);

    let check = c
        .po_price_checks
        .get(&po_id)
        .expect("the PO price is to check");
    assert_eq!(check.written_by, "li");
    assert_eq!(check.device, "factory-tablet");
    assert_eq!(check.price.map(|p| p.ten_thousandths()), Some(990_000));
    assert_eq!(check.currency, "CNY");
    assert_eq!(
        c.po_price(&po_id),
        None,
        "an unchecked price counts for nothing"
    );
    let order_check = c.unit_price_check.clone().expect("the order's price too");
    assert_eq!(order_check.price.map(|p| p.ten_thousandths()), Some(1));
    assert_eq!(order_check.currency, "USD");
    assert!(c.has_prices_to_check());

    let order: Order = document::read(&s.doc).unwrap();
    let mut po = order.purchase_orders.get(&po_id).unwrap().clone();
    po.deliveries.insert(
        "d1".into(),
        gendan_domain::purchasing::Delivery {
            date: Some(crate::common::day("2026-04-01")),
            qty: po.qty,
            inspection: gendan_domain::purchasing::IncomingResult::Accepted,
            ..Default::default()
        },
    );
    let to_check = |e: DomainError| {
        matches!(
            e,
            DomainError::Problem(Problem {
                field: Field::UnitPrice,
                issue: Issue::PriceToCheck,
                ..
            })
        )
    };
    assert!(to_check(
        c.add_payable_for_po("p1", &po_id, &po, None).unwrap_err()
    ));
    assert!(c.payables.is_empty());
    assert_eq!(c.order_value(&order), None);
    assert!(to_check(c.plan_receivables(&order).unwrap_err()));

    // Saving the order with the copied price left as it was does not confirm it.
    c.set_unit_price(order_check.price, "USD".into()).unwrap();
    assert!(c.unit_price_check.is_some());
    // Confirmed (the PO's corrected), the books use them.
    c.confirm_po_price(
        &po_id,
        gendan_domain::Price::from_ten_thousandths(SUPPLIER_PRICE),
    );
    c.confirm_unit_price(gendan_domain::Price::from_ten_thousandths(CUSTOMER_PRICE));
    assert!(!c.has_prices_to_check());
    assert_eq!(c.po_currency(&po_id), "CNY");
    assert!(c.add_payable_for_po("p1", &po_id, &po, None).is_ok());
    assert!(c.order_value(&order).is_some());
    assert!(c.plan_receivables(&order).is_ok());
    // Filling again (another device migrating the same order later) asks nothing again.
    assert!(!s.prices.fill(&mut c));
    let _ = &mut s.order;
}

/// The creator's own later edits on the same device (a new actor each time the app loads the
/// document) are the creator's; a colleague's device is someone else, and so is a change that
/// names nobody.
#[test]
fn prices_the_creator_wrote_later_are_not_to_check_and_others_are() {
    let mut own = old_priced_doc();
    written_by(
        &mut own,
        7,
        "ann\u{1f}ann-phone",
        Some(80_000),
        Some(20_000),
    );
    let s = migration::successor("old-id", &mut own).unwrap();
    assert_eq!(s.prices.unit_price_by, None);
    assert!(s.prices.po_price_by.is_empty());
    let mut c = Commercial::new("x", "USD");
    s.prices.fill(&mut c);
    assert!(!c.has_prices_to_check());
    assert_eq!(c.unit_price.map(|p| p.ten_thousandths()), Some(80_000));

    let mut colleague = old_priced_doc();
    written_by(&mut colleague, 8, "bo\u{1f}bo-laptop", None, Some(20_000));
    let s = migration::successor("old-id", &mut colleague).unwrap();
    assert_eq!(
        s.prices.unit_price_by, None,
        "the order's price is still ann's"
    );
    let by = s
        .prices
        .po_price_by
        .values()
        .next()
        .expect("the PO price is bo's");
    assert_eq!((by.written_by.as_str(), by.written_ms), ("bo", 5_000));

    let mut nobody = old_priced_doc();
    written_by(&mut nobody, 6, "", Some(3), None);
    let s = migration::successor("old-id", &mut nobody).unwrap();
    assert!(s.prices.unit_price_by.is_some());
}

/// Books that already hold their own prices keep them and ask nothing: only what a migration
/// copies in can be a price to check.
#[test]
fn a_price_the_books_already_hold_is_kept_and_not_to_check() {
    let mut old = planted_by_factory();
    let s = migration::successor("old-id", &mut old).unwrap();
    let mut c = Commercial::new("x", "EUR");
    c.unit_price = Some(gendan_domain::Price::from_ten_thousandths(5));
    let po_id = s.prices.purchase_orders.keys().next().unwrap().clone();
    c.po_prices.insert(
        po_id.clone(),
        gendan_domain::commercial::PoPrice {
            unit_price: Some(gendan_domain::Price::from_ten_thousandths(7)),
            currency: "CNY".into(),
        },
    );
    assert!(!s.prices.fill(&mut c));
    assert!(!c.has_prices_to_check());
    assert_eq!(c.po_price(&po_id).map(|p| p.ten_thousandths()), Some(7));
}
