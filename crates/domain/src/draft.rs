//! What the order form holds while someone types: raw text per input, parsed into an [`Order`] with
//! every problem named, and applied as a three-way edit so a save never undoes what a peer changed
//! in the meantime.

use crate::sorting::CollectSet;
use std::collections::BTreeMap;

use crate::day::Day;
use crate::ids::RecordId;
use crate::money::Price;
use crate::number::{self, NumberError};
use crate::order::{cell_key, Line, Order, OrderStatus, MAX_CELL_QTY};
use crate::problem::{Field, Issue, Problem};
use serde::{Deserialize, Serialize};

/// The form's inputs as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OrderDraft {
    pub customer_po: String,
    pub customer: String,
    /// The customer's party id when picked from the parties (see [`Order::customer_party`]).
    #[serde(default)]
    pub customer_party: Option<String>,
    pub style_no: String,
    pub description: String,
    pub unit_price: String,
    pub currency: String,
    pub order_date: String,
    pub ex_factory: String,
    pub status: OrderStatus,
    /// (id, name) in display order.
    pub colours: Vec<(String, String)>,
    pub sizes: Vec<(String, String)>,
    /// Keyed by [`cell_key`]`(colour id, size id)`; absent means empty.
    pub cells: BTreeMap<String, String>,
}

/// Reads one quantity cell: blank is zero; anything else must be a whole, non-negative number.
/// Read as typed (see [`crate::number`]): `1,500` and `１５００` are 1500, `1,5` is not whole.
pub fn parse_qty(text: &str) -> Result<u64, Issue> {
    match number::parse_whole(text, MAX_CELL_QTY) {
        Ok(v) => Ok(v),
        Err(NumberError::Empty) => Ok(0),
        Err(NumberError::Negative) => Err(Issue::Negative),
        Err(NumberError::TooLarge) => Err(Issue::TooLarge),
        Err(NumberError::NotWhole { .. } | NumberError::TooPrecise { .. }) => {
            Err(Issue::NotWholeNumber)
        }
        Err(e @ (NumberError::NotANumber | NumberError::Ambiguous { .. })) => Err(Issue::from(e)),
    }
}

fn parse_day(text: &str, field: Field, problems: &mut Vec<Problem>) -> Option<Day> {
    if text.trim().is_empty() {
        return None;
    }
    match text.parse() {
        Ok(d) => Some(d),
        Err(_) => {
            problems.push(Problem::new(field, Issue::NotADate));
            None
        }
    }
}

/// The price and currency fields as a form shows the books' (`commercial`): blank and USD when
/// there are none.
pub fn money_fields(commercial: Option<&crate::commercial::Commercial>) -> (String, String) {
    let price = commercial
        .and_then(|c| c.unit_price)
        .map(|p| p.to_string())
        .unwrap_or_default();
    let currency = commercial
        .map(|c| c.currency.trim())
        .filter(|c| !c.is_empty())
        .unwrap_or("USD")
        .to_string();
    (price, currency)
}

impl OrderDraft {
    pub fn from_order(order: &Order) -> OrderDraft {
        let q = &order.quantities;
        let lines = |v: Vec<(RecordId, &Line)>| {
            v.into_iter()
                .map(|(id, l)| (id.to_string(), l.name.clone()))
                .collect::<Vec<_>>()
        };
        let colours = lines(q.colours_in_order());
        let sizes = lines(q.sizes_in_order());
        let mut cells = BTreeMap::new();
        for (c, _) in &colours {
            for (s, _) in &sizes {
                let v = q.qty(c, s);
                if v > 0 {
                    cells.insert(cell_key(c, s), v.to_string());
                }
            }
        }
        OrderDraft {
            customer_po: order.customer_po.clone(),
            customer: order.customer.clone(),
            customer_party: order.customer_party.clone(),
            style_no: order.style_no.clone(),
            description: order.description.clone(),
            unit_price: String::new(),
            currency: String::new(),
            order_date: order.order_date.map(|d| d.to_string()).unwrap_or_default(),
            ex_factory: order.ex_factory.map(|d| d.to_string()).unwrap_or_default(),
            status: order.status,
            colours,
            sizes,
            cells,
        }
    }

    /// The draft with the price and currency of the order's commercial document (which is where
    /// they live; the order document holds no price).
    /// Without one (a new order, or no price typed yet) the price is blank and the currency USD.
    pub fn with_money(mut self, commercial: Option<&crate::commercial::Commercial>) -> OrderDraft {
        (self.unit_price, self.currency) = money_fields(commercial);
        self
    }

    /// The price or currency differ from `base`'s: the commercial document needs a write.
    pub fn money_differs(&self, base: &OrderDraft) -> bool {
        self.unit_price.trim() != base.unit_price.trim()
            || self.currency_code() != base.currency_code()
    }

    /// The unit price as typed: `Ok(None)` when blank.
    pub fn price(&self) -> Result<Option<Price>, Issue> {
        if self.unit_price.trim().is_empty() {
            return Ok(None);
        }
        self.unit_price
            .parse::<Price>()
            .map(Some)
            .map_err(Issue::from)
    }

    /// The currency code as it is stored: trimmed, upper case, `USD` when blank.
    pub fn currency_code(&self) -> String {
        match self.currency.trim() {
            "" => "USD".to_string(),
            c => c.to_uppercase(),
        }
    }

    /// Row, column and grand totals as the form shows them while typing; cells that do not parse
    /// count as zero (they are flagged separately).
    pub fn colour_total(&self, colour: &str) -> u64 {
        self.sizes
            .iter()
            .map(|(s, _)| self.cell_value(colour, s))
            .sum()
    }

    pub fn size_total(&self, size: &str) -> u64 {
        self.colours
            .iter()
            .map(|(c, _)| self.cell_value(c, size))
            .sum()
    }

    pub fn total(&self) -> u64 {
        self.colours.iter().map(|(c, _)| self.colour_total(c)).sum()
    }

    fn cell_value(&self, colour: &str, size: &str) -> u64 {
        self.cells
            .get(&cell_key(colour, size))
            .and_then(|t| parse_qty(t).ok())
            .unwrap_or(0)
    }

    /// The order this draft describes, or every problem found (parse errors and rule violations).
    pub fn to_order(&self) -> Result<Order, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut o = Order::new();
        o.customer_po = crate::order::tidy(&self.customer_po).to_string();
        o.customer = self.customer.trim().to_string();
        o.customer_party = self.customer_party.clone();
        o.style_no = crate::order::tidy(&self.style_no).to_string();
        o.description = self.description.trim().to_string();
        o.status = self.status;
        // Price and currency are checked here so the form shows their problems with the rest,
        // but they are saved to the commercial document, never into the order.
        if let Err(issue) = self.price() {
            problems.push(Problem::new(Field::UnitPrice, issue));
        }
        let cur = self.currency_code();
        if cur.len() != 3 || !cur.chars().all(|c| c.is_ascii_uppercase()) {
            problems.push(Problem::new(Field::Currency, Issue::NotACurrency));
        }
        o.order_date = parse_day(&self.order_date, Field::OrderDate, &mut problems);
        o.ex_factory = parse_day(&self.ex_factory, Field::ExFactory, &mut problems);
        for (id, name) in &self.colours {
            o.quantities.add_colour(id.as_str().into(), name);
        }
        for (id, name) in &self.sizes {
            o.quantities.add_size(id.as_str().into(), name);
        }
        for (key, text) in &self.cells {
            let Some((c, s)) = key.split_once(':') else {
                continue;
            };
            if !o.quantities.colours.contains_key(c) || !o.quantities.sizes.contains_key(s) {
                continue;
            }
            match parse_qty(text) {
                Ok(v) => o.quantities.set_qty(c, s, v),
                Err(issue) => problems.push(Problem::new(
                    Field::Cell(c.to_string(), s.to_string()),
                    issue,
                )),
            }
        }
        problems.extend(o.problems());
        if problems.is_empty() {
            Ok(o)
        } else {
            Err(problems)
        }
    }
}

/// Applies to `current` only what changed between `base` (the order as the form opened it) and
/// `edited` (the form's result). Fields the user did not touch keep whatever `current` has now,
/// including a peer's edits that arrived while the form was open.
pub fn apply_edits(base: &Order, edited: &Order, current: &mut Order) {
    macro_rules! field {
        ($($f:ident),*) => {$(
            if edited.$f != base.$f {
                current.$f = edited.$f.clone();
            }
        )*};
    }
    field!(
        customer_po,
        customer,
        customer_party,
        style_no,
        description,
        order_date
    );
    // The status is not the form's to write: it moves only through `lifecycle::transition`
    // (gates, hold, log), on the status panel. Nor the ex-factory date of a saved order: it moves
    // only through `tna::change_ex_factory` (reason, who and when logged, the confirmed date kept).

    let (b, e, c) = (
        &base.quantities,
        &edited.quantities,
        &mut current.quantities,
    );
    for (lines_b, lines_e, lines_c) in [
        (&b.colours, &e.colours, &mut c.colours),
        (&b.sizes, &e.sizes, &mut c.sizes),
    ] {
        for id in lines_b.keys() {
            if !lines_e.contains_key(id) {
                lines_c.remove(id);
            }
        }
        for (id, line) in lines_e {
            match lines_b.get(id) {
                None => {
                    lines_c.insert(id.clone(), line.clone());
                }
                Some(old) if old.name != line.name => {
                    if let Some(cur) = lines_c.get_mut(id) {
                        cur.name = line.name.clone();
                    }
                }
                Some(_) => {}
            }
        }
    }
    let keys: std::collections::BTreeSet<_> =
        b.cells.keys().chain(e.cells.keys()).cloned().collect_set();
    for k in keys {
        let (old, new) = (b.cells.get(&k), e.cells.get(&k));
        if old != new {
            match new {
                Some(v) => c.cells.insert(k, *v),
                None => c.cells.remove(&k),
            };
        }
    }
    // Cells of lines removed by this edit go with them.
    let (colours, sizes) = (c.colours.clone(), c.sizes.clone());
    c.cells.retain(|k, _| {
        k.split_once(':').is_some_and(|(col, size)| {
            let removed_here = (b.colours.contains_key(col) && !e.colours.contains_key(col))
                || (b.sizes.contains_key(size) && !e.sizes.contains_key(size));
            !removed_here || (colours.contains_key(col) && sizes.contains_key(size))
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> OrderDraft {
        OrderDraft {
            customer_po: " PO-77 ".into(),
            customer: "Nordic Wear".into(),
            style_no: "NW-100".into(),
            currency: "usd".into(),
            unit_price: "4.25".into(),
            order_date: "2026-03-01".into(),
            ex_factory: "2026-05-15".into(),
            colours: vec![("c1".into(), "Black".into()), ("c2".into(), "White".into())],
            sizes: vec![("s1".into(), "S".into()), ("s2".into(), "M".into())],
            cells: [
                (cell_key("c1", "s1"), "120".to_string()),
                (cell_key("c1", "s2"), "80".to_string()),
                (cell_key("c2", "s2"), "1,000".to_string()),
            ]
            .into_iter()
            .collect(),
            ..OrderDraft::default()
        }
    }

    #[test]
    fn quantities_must_be_whole_numbers() {
        assert_eq!(parse_qty(""), Ok(0));
        assert_eq!(parse_qty(" 12 "), Ok(12));
        assert_eq!(parse_qty("12.5"), Err(Issue::NotWholeNumber));
        assert_eq!(parse_qty("-3"), Err(Issue::Negative));
        assert_eq!(parse_qty("abc"), Err(Issue::NotANumber));
        assert_eq!(parse_qty("99999999999"), Err(Issue::TooLarge));
    }

    #[test]
    fn a_good_draft_becomes_an_order_with_totals() {
        let d = filled();
        assert_eq!(d.total(), 1200);
        assert_eq!(d.colour_total("c1"), 200);
        assert_eq!(d.size_total("s2"), 1080);
        let o = d.to_order().unwrap();
        assert_eq!(o.customer_po, "PO-77");
        assert_eq!(d.currency_code(), "USD");
        assert_eq!(o.quantities.total(), 1200);
        assert_eq!(d.price(), Ok("4.25".parse().ok()));
        assert_eq!(OrderDraft::from_order(&o).to_order().unwrap(), o);
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut d = filled();
        d.customer_po = "  ".into();
        // Only an order in development (a draft) may wait for the buyer's PO.
        d.status = OrderStatus::Confirmed;
        d.unit_price = "4.2.5".into();
        d.ex_factory = "2026-02-01".into();
        d.cells.insert(cell_key("c2", "s1"), "7.5".into());
        let problems = d.to_order().unwrap_err();
        assert!(problems.contains(&Problem::new(Field::CustomerPo, Issue::Required)));
        assert!(problems.contains(&Problem::new(Field::UnitPrice, Issue::NotANumber)));
        assert!(problems.contains(&Problem::new(Field::ExFactory, Issue::BeforeOrderDate)));
        assert!(problems.contains(&Problem::new(
            Field::Cell("c2".into(), "s1".into()),
            Issue::NotWholeNumber
        )));
        d.order_date = "31/02/2026".into();
        assert!(d
            .to_order()
            .unwrap_err()
            .contains(&Problem::new(Field::OrderDate, Issue::NotADate)));
    }

    #[test]
    fn saving_keeps_what_a_peer_changed_meanwhile() {
        let base = filled().to_order().unwrap();
        let mut edited = base.clone();
        edited.description = "Crew neck tee".into();
        edited.quantities.set_qty("c1", "s1", 130);
        edited.quantities.remove_size("s2");
        let mut current = base.clone();
        current.ex_factory = Day::from_ymd(2026, 6, 1);
        current.quantities.add_colour("c3".into(), "Red");
        current.quantities.set_qty("c3", "s1", 40);
        apply_edits(&base, &edited, &mut current);
        assert_eq!(current.description, "Crew neck tee");
        assert_eq!(current.ex_factory, Day::from_ymd(2026, 6, 1));
        assert_eq!(current.quantities.qty("c1", "s1"), 130);
        assert_eq!(current.quantities.qty("c3", "s1"), 40);
        assert!(!current.quantities.sizes.contains_key("s2"));
        assert_eq!(current.quantities.total(), 170);
    }

    #[test]
    fn the_form_never_moves_the_ex_factory_date_of_a_saved_order() {
        let base = filled().to_order().unwrap();
        let mut edited = base.clone();
        edited.ex_factory = Day::from_ymd(2026, 9, 1);
        let mut current = base.clone();
        apply_edits(&base, &edited, &mut current);
        assert_eq!(current.ex_factory, base.ex_factory);
        assert!(current.ex_factory_changes.is_empty());
    }
}
