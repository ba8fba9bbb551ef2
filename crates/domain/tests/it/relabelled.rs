//! A price relabelled by a merge, tried across devices: the order's price (or a colour's) set on
//! one device while another, not knowing of it, switched the books' currency reads in the new
//! currency with nobody having written it so — it is named, with who did each; a person
//! confirms it (every device then takes the confirmation) or types another; a price set after
//! the switch was seen, a switch made knowing the price, and two devices agreeing on the
//! currency say nothing.

use crate::common::*;
use automerge::AutoCommit;
use gendan_domain::commercial::Commercial;
use gendan_domain::relabelled::{confirm, relabelled};
use gendan_domain::Price;

fn p(s: &str) -> Price {
    s.parse().unwrap()
}

/// Books in USD at 3.80 on two devices.
fn usd() -> (AutoCommit, AutoCommit) {
    let mut c = Commercial::new("order-doc", "USD");
    c.set_unit_price(Some(p("3.80")), "USD".into()).unwrap();
    pair(&c)
}

fn price(doc: &mut AutoCommit, who: &str, price: &str, currency: &str) {
    edit::<Commercial>(doc, who, |c| {
        c.set_unit_price(Some(p(price)), currency.into()).unwrap()
    });
}

#[test]
fn a_price_set_while_another_device_switched_the_currency_is_named_and_confirmed() {
    let (mut office, mut sales) = usd();
    price(&mut office, "li", "3.50", "USD");
    price(&mut sales, "wu", "3.80", "EUR");
    let c: Commercial = merged(&mut office, &mut sales);
    assert_eq!(
        (c.unit_price, c.currency.as_str()),
        (Some(p("3.50")), "EUR")
    );

    let found = relabelled(&mut office);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].colour, None);
    assert_eq!(found[0].price, p("3.50"));
    assert_eq!(found[0].currency, "EUR");
    assert_eq!(found[0].price_by.name, "li");
    assert_eq!(found[0].currency_by.name, "wu");
    assert_eq!(relabelled(&mut sales), found, "every device says the same");

    assert_eq!(confirm(&mut office, &author("chen"), 2_000).unwrap(), 1);
    assert!(relabelled(&mut office).is_empty());
    let c: Commercial = gendan_domain::document::read(&office).unwrap();
    assert_eq!(
        (c.unit_price, c.currency.as_str()),
        (Some(p("3.50")), "EUR")
    );
    sales.merge(&mut office).unwrap();
    assert!(relabelled(&mut sales).is_empty(), "the confirmation syncs");
    assert_eq!(confirm(&mut sales, &author("chen"), 3_000).unwrap(), 0);
}

#[test]
fn a_colours_price_set_while_the_currency_switched_is_named_and_a_new_price_settles_it() {
    let (mut office, mut sales) = usd();
    edit::<Commercial>(&mut office, "li", |c| {
        c.colour_prices.insert("black".into(), p("4.10"));
    });
    price(&mut sales, "wu", "3.80", "EUR");
    let _: Commercial = merged(&mut office, &mut sales);
    let found = relabelled(&mut office);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].colour.as_deref(), Some("black"));
    // Typing another price writes it knowing the currency: nothing to confirm any more.
    edit::<Commercial>(&mut office, "li", |c| {
        c.colour_prices.insert("black".into(), p("3.90"));
    });
    assert!(relabelled(&mut office).is_empty());
}

#[test]
fn prices_set_knowing_the_currency_and_switches_made_knowing_the_price_say_nothing() {
    // The switch seen first, the price set after it.
    let (mut office, mut sales) = usd();
    price(&mut sales, "wu", "3.80", "EUR");
    office.merge(&mut sales).unwrap();
    price(&mut office, "li", "3.50", "EUR");
    let _: Commercial = merged(&mut office, &mut sales);
    assert!(relabelled(&mut office).is_empty());

    // The price seen first, the switch made after it.
    let (mut office, mut sales) = usd();
    price(&mut office, "li", "3.50", "USD");
    sales.merge(&mut office).unwrap();
    price(&mut sales, "wu", "3.50", "EUR");
    let _: Commercial = merged(&mut office, &mut sales);
    assert!(relabelled(&mut office).is_empty());

    // Two devices changing the price in the same currency: no currency was switched.
    let (mut office, mut sales) = usd();
    price(&mut office, "li", "3.50", "USD");
    price(&mut sales, "wu", "3.60", "USD");
    let _: Commercial = merged(&mut office, &mut sales);
    assert!(relabelled(&mut office).is_empty());
    assert!(relabelled(&mut usd().0).is_empty(), "a document as created");
}

/// Two prices set at once, one of them with the switch: Automerge keeps the one written by the
/// later op. The switch's own price is in its currency; the other is relabelled.
#[test]
fn of_two_prices_set_at_once_only_the_one_not_written_with_the_switch_is_relabelled() {
    let (mut office, mut sales) = usd();
    price(&mut office, "li", "3.50", "USD");
    price(&mut sales, "wu", "3.20", "EUR");
    let c: Commercial = merged(&mut office, &mut sales);
    assert_eq!(
        c.unit_price,
        Some(p("3.20")),
        "the switch writes two ops: its price is later"
    );
    assert!(relabelled(&mut office).is_empty());

    // The office edits its price more than once: its last op is the later one.
    let (mut office, mut sales) = usd();
    for v in ["3.40", "3.45", "3.50"] {
        price(&mut office, "li", v, "USD");
    }
    price(&mut sales, "wu", "3.20", "EUR");
    let c: Commercial = merged(&mut office, &mut sales);
    assert_eq!(
        (c.unit_price, c.currency.as_str()),
        (Some(p("3.50")), "EUR")
    );
    let found = relabelled(&mut office);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].price_by.name, "li");
}

/// Two devices setting the price at once: both values are named with who set each, the one
/// shown first; keeping the other is one change every device takes; the same price set twice
/// leaves nothing to decide.
#[test]
fn two_prices_set_at_once_are_named_and_one_is_kept_everywhere() {
    use gendan_domain::relabelled::competing;
    let (mut office, mut sales) = usd();
    price(&mut office, "li", "3.50", "USD");
    price(&mut sales, "wu", "3.60", "USD");
    let shown: Commercial = merged(&mut office, &mut sales);
    let found = competing(&mut office);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].colour, None);
    assert_eq!(found[0].prices.len(), 2);
    assert_eq!(
        Some(found[0].prices[0].0),
        shown.unit_price,
        "the one shown first"
    );
    let names: Vec<&str> = found[0]
        .prices
        .iter()
        .map(|(_, a)| a.name.as_str())
        .collect();
    assert!(names.contains(&"li") && names.contains(&"wu"), "{names:?}");
    assert_eq!(competing(&mut sales), found, "every device says the same");

    let other = found[0].prices[1].0;
    gendan_domain::document::resolve(&mut office, &author("chen"), 2_000, &found[0].path(), 1)
        .unwrap();
    assert!(competing(&mut office).is_empty());
    let kept: Commercial = merged(&mut office, &mut sales);
    assert_eq!(kept.unit_price, Some(other));
    assert!(competing(&mut sales).is_empty());

    let (mut office, mut sales) = usd();
    price(&mut office, "li", "3.50", "USD");
    price(&mut sales, "wu", "3.50", "USD");
    let _: Commercial = merged(&mut office, &mut sales);
    assert!(competing(&mut office).is_empty(), "the same price twice");

    let (mut office, mut sales) = usd();
    for (doc, who, v) in [(&mut office, "li", "4.10"), (&mut sales, "wu", "4.20")] {
        edit::<Commercial>(doc, who, |c| {
            c.colour_prices.insert("black".into(), p(v));
        });
    }
    let _: Commercial = merged(&mut office, &mut sales);
    let found = competing(&mut office);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path(), ["colour_prices", "black"]);
}
