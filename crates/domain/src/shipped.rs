//! What an order's shipments carry against what was ordered: the short/over allowance, ordered /
//! shipped / balance per colour × size cell and in total, when the order counts as fully shipped
//! and whether that was on time.
//!
//! Real orders ship in parts and a little short or over. An order is complete when its shipments
//! carry at least the ordered total less the short allowance; a quantity outside the allowance
//! closes the order only with a reason ([`mark_complete`]). On-time delivery is judged on the day
//! the order became complete against the first confirmed ex-factory date, so 1,000 of 10,000
//! pieces shipped on time with the rest late is late ([`complete_on_time`]).
//!
//! The workspace holds the default allowance; an order may carry its own ([`Tolerance`] on
//! [`Order::ship_tolerance`]). Everything here takes the workspace's `(short, over)` per mille as
//! parameters, so it never depends on where the workspace keeps them.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::error::DomainError;
use crate::number::{self, Sign};
use crate::order::{cell_key, Order};
use crate::problem::{Field, Issue, Problem};
use crate::sorting::sort;

/// The largest allowance either way (per mille): 50 % short or over is a different order.
pub const MAX_ALLOWANCE_PERMILLE: u32 = 500;

/// An order's shipment allowance, per mille of the ordered quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Tolerance {
    pub short_permille: u32,
    pub over_permille: u32,
}

/// The order's own allowance when it has one, else the workspace's `(short, over)`.
pub fn allowance(order: &Order, workspace: (u32, u32)) -> Tolerance {
    order.ship_tolerance.unwrap_or(Tolerance {
        short_permille: workspace.0,
        over_permille: workspace.1,
    })
}

/// Where a shipped quantity stands against the allowance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    /// Less than the ordered quantity less the short allowance.
    Short,
    /// Between the two bounds, both included.
    Within,
    /// More than the ordered quantity plus the over allowance.
    Over,
}

impl Tolerance {
    /// The least that completes `ordered`: the short allowance rounded in the buyer's favour
    /// (3 % of 1,234 is 37.02: 1,197 pieces complete it, 1,196 do not).
    pub fn min(&self, ordered: u64) -> u64 {
        let keep = 1000u64.saturating_sub(u64::from(self.short_permille));
        ordered.saturating_mul(keep).div_ceil(1000)
    }

    /// The most that may ship: the over allowance rounded down, as packing is asked at
    /// ([`crate::production::packing_allowed`]).
    pub fn max(&self, ordered: u64) -> u64 {
        ordered.saturating_add(ordered.saturating_mul(u64::from(self.over_permille)) / 1000)
    }

    pub fn judge(&self, ordered: u64, shipped: u64) -> Judgement {
        if shipped < self.min(ordered) {
            Judgement::Short
        } else if shipped > self.max(ordered) {
            Judgement::Over
        } else {
            Judgement::Within
        }
    }
}

/// Reads an allowance typed in percent, to a tenth (`3`, `2.5`, `２,５`) as per mille.
pub fn parse_percent(text: &str, field: Field) -> Result<u32, Problem> {
    let v = number::parse_scaled(text, 1, Sign::NonNegative)
        .map_err(|e| Problem::new(field.clone(), e.into()))?;
    u32::try_from(v)
        .ok()
        .filter(|p| *p <= MAX_ALLOWANCE_PERMILLE)
        .ok_or(Problem::new(field, Issue::TooLarge))
}

/// Per mille shown as percent: 30 → "3", 25 → "2.5".
pub fn percent_text(permille: u32) -> String {
    if permille.is_multiple_of(10) {
        format!("{}", permille / 10)
    } else {
        format!("{}.{}", permille / 10, permille % 10)
    }
}

/// One cell of the balance table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellBalance {
    pub colour: String,
    pub size: String,
    pub ordered: u64,
    pub shipped: u64,
}

impl CellBalance {
    /// Still to ship; negative when more shipped than ordered.
    pub fn balance(&self) -> i64 {
        signed(self.ordered) - signed(self.shipped)
    }
}

/// Ordered / shipped / balance per cell of the order's matrix and in total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipBalance {
    /// Cells of the order's matrix in its colour and size order.
    pub cells: Vec<CellBalance>,
    pub ordered: u64,
    /// Every piece the shipments carry, legacy shipments' typed pieces included.
    pub shipped: u64,
    /// Pieces carried by shipments without a matrix (recorded before they had one): counted in
    /// the total but in no cell.
    pub unallocated: u64,
}

impl ShipBalance {
    pub fn balance(&self) -> i64 {
        signed(self.ordered) - signed(self.shipped)
    }
}

fn signed(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Pieces per cell over every shipment of the order.
pub fn shipped_cells(order: &Order) -> BTreeMap<String, u64> {
    let mut out: BTreeMap<String, u64> = BTreeMap::new();
    for s in order.shipments.values() {
        // Saturating: pieces another build wrote must not wrap to a few (a balance gate
        // would then be judged on goods worth nothing).
        for (k, q) in s.figures().cells {
            let at = out.entry(k).or_insert(0);
            *at = at.saturating_add(q);
        }
    }
    out
}

/// Pieces the order's shipments carry in total.
pub fn shipped_total(order: &Order) -> u64 {
    order
        .shipments
        .values()
        .map(|s| s.shipped_pieces())
        .fold(0, u64::saturating_add)
}

/// The balance table: every cell of the order's matrix, ordered against shipped.
pub fn balance(order: &Order) -> ShipBalance {
    let q = &order.quantities;
    let shipped = shipped_cells(order);
    let mut cells = Vec::new();
    for (c, _) in q.colours_in_order() {
        for (s, _) in q.sizes_in_order() {
            let key = cell_key(c.as_str(), s.as_str());
            cells.push(CellBalance {
                colour: c.to_string(),
                size: s.to_string(),
                ordered: q.qty(c.as_str(), s.as_str()),
                shipped: shipped.get(&key).copied().unwrap_or(0),
            });
        }
    }
    let in_cells: u64 = cells.iter().map(|c| c.shipped).fold(0, u64::saturating_add);
    let total = shipped_total(order);
    ShipBalance {
        cells,
        ordered: q.total(),
        shipped: total,
        unallocated: total.saturating_sub(in_cells),
    }
}

/// Marking an order fully shipped with a quantity outside the allowance: why, who and when.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct ShipComplete {
    pub reason: String,
    pub who: String,
    pub at_ms: i64,
    /// The pieces shipped when it was marked.
    pub shipped: u64,
}

/// A change of the order's own allowance that widened it: what applied before and after (the
/// workspace's when the order had none), who, the day and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct ToleranceChange {
    pub from: Tolerance,
    pub to: Tolerance,
    pub who: String,
    pub day: Option<Day>,
    pub reason: String,
}

crate::record_fields!(ToleranceChange;
    from: Tolerance,
    to: Tolerance,
    who: String,
    day: Option<Day>,
    reason: String,
);

/// Who changes the allowance, the day, why and the record id of the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllowanceBy<'a> {
    pub who: &'a str,
    pub today: Day,
    pub reason: &'a str,
    pub change_id: &'a str,
}

/// Sets the order's own allowance (`None`: the workspace's). Widening what applies now, short or
/// over, needs a reason and is logged ([`Order::tolerance_changes`]): a wider short allowance
/// lets the order count as fully shipped, and its final lot as covering it, with fewer pieces
/// and no reason at [`mark_complete`]. Narrowing, or going back to a narrower default, needs none.
pub fn set_allowance(
    order: &mut Order,
    own: Option<Tolerance>,
    workspace: (u32, u32),
    by: AllowanceBy<'_>,
) -> Result<(), DomainError> {
    for t in own.iter() {
        for (v, field) in [
            (t.short_permille, Field::ShortAllowance),
            (t.over_permille, Field::OverAllowance),
        ] {
            if v > MAX_ALLOWANCE_PERMILLE {
                return Err(DomainError::Problem(Problem::new(field, Issue::TooLarge)));
            }
        }
    }
    let from = allowance(order, workspace);
    let to = own.unwrap_or(Tolerance {
        short_permille: workspace.0,
        over_permille: workspace.1,
    });
    let wider = to.short_permille > from.short_permille || to.over_permille > from.over_permille;
    if wider {
        if by.reason.trim().is_empty() {
            return Err(DomainError::ReasonRequired);
        }
        order.tolerance_changes.insert(
            by.change_id.to_string(),
            ToleranceChange {
                from,
                to,
                who: by.who.trim().to_string(),
                day: Some(by.today),
                reason: by.reason.trim().to_string(),
            },
        );
    }
    order.ship_tolerance = own;
    Ok(())
}

/// Marks the order fully shipped. Within the allowance no reason is needed (and none is kept);
/// outside it a reason is, refused as [`Issue::OutsideTolerance`] on [`Field::ShippedQty`]
/// without one. Nothing shipped yet cannot complete an order.
pub fn mark_complete(
    order: &mut Order,
    tol: Tolerance,
    reason: &str,
    who: &str,
    at_ms: i64,
) -> Result<(), DomainError> {
    let ordered = order.quantities.total();
    let shipped = shipped_total(order);
    if shipped == 0 {
        return Err(DomainError::Problem(Problem::new(
            Field::ShippedQty,
            Issue::NothingReceived,
        )));
    }
    let within = tol.judge(ordered, shipped) == Judgement::Within;
    if !within && reason.trim().is_empty() {
        return Err(DomainError::Problem(Problem::new(
            Field::ShippedQty,
            Issue::OutsideTolerance {
                shipped,
                min: tol.min(ordered),
                max: tol.max(ordered),
            },
        )));
    }
    order.ship_complete = Some(ShipComplete {
        reason: reason.trim().to_string(),
        who: who.to_string(),
        at_ms,
        shipped,
    });
    Ok(())
}

/// What the order's delivery is judged on, for any allowance and without the order: the reports
/// index keeps it per order (`crate::report_facts`), and the functions on an [`Order`] below go
/// through it, so there is one implementation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Delivery {
    /// The ordered total.
    #[serde(
        rename = "o",
        default,
        skip_serializing_if = "crate::report_facts::is_default"
    )]
    pub ordered: u64,
    /// The order's own allowance `(short, over)` per mille, when it has one.
    #[serde(
        rename = "t",
        default,
        skip_serializing_if = "crate::report_facts::is_default"
    )]
    pub own: Option<(u32, u32)>,
    /// The dated shipments (day, pieces), by day.
    #[serde(
        rename = "s",
        default,
        skip_serializing_if = "crate::report_facts::is_default"
    )]
    pub dated: Vec<(Day, u64)>,
    /// Pieces on every shipment, dated or not.
    #[serde(
        rename = "n",
        default,
        skip_serializing_if = "crate::report_facts::is_default"
    )]
    pub shipped: u64,
    /// Marked fully shipped (with a reason when outside the allowance).
    #[serde(
        rename = "k",
        default,
        skip_serializing_if = "crate::report_facts::is_default"
    )]
    pub marked: bool,
    /// The first confirmed ex-factory date, else the ex-factory date.
    #[serde(
        rename = "d",
        default,
        skip_serializing_if = "crate::report_facts::is_default"
    )]
    pub due: Option<Day>,
    /// The day the goods first left ([`Order::shipped_on`]).
    #[serde(
        rename = "f",
        default,
        skip_serializing_if = "crate::report_facts::is_default"
    )]
    pub first_shipped: Option<Day>,
}

impl Delivery {
    pub fn of(order: &Order) -> Delivery {
        let mut dated: Vec<(Day, u64)> = order
            .shipments
            .values()
            .filter_map(|s| Some((s.shipped_on?, s.shipped_pieces())))
            .collect();
        sort(&mut dated);
        Delivery {
            ordered: order.quantities.total(),
            own: order
                .ship_tolerance
                .map(|t| (t.short_permille, t.over_permille)),
            dated,
            shipped: shipped_total(order),
            marked: order.ship_complete.is_some(),
            // An order never confirmed (samples, a quote) owes no delivery yet.
            due: ever_ordered(order)
                .then_some(order.confirmed_ex_factory.or(order.ex_factory))
                .flatten(),
            first_shipped: order.shipped_on(),
        }
    }

    /// The order's own allowance when it has one, else the workspace's `(short, over)`.
    pub fn allowance(&self, workspace: (u32, u32)) -> Tolerance {
        let (short_permille, over_permille) = self.own.unwrap_or(workspace);
        Tolerance {
            short_permille,
            over_permille,
        }
    }

    /// See [`completed_on`].
    pub fn completed_on(&self, tol: Tolerance) -> Option<Day> {
        let min = tol.min(self.ordered);
        let mut sum = 0u64;
        for (day, pcs) in &self.dated {
            sum += pcs;
            if sum > 0 && sum >= min {
                return Some(*day);
            }
        }
        if !self.marked {
            return None;
        }
        self.dated.last().map(|(d, _)| *d)
    }

    /// See [`complete_on_time`].
    pub fn complete_on_time(&self, tol: Tolerance) -> Option<bool> {
        if self.shipped == 0 {
            // Nothing says which shipment completed the order: the last that left did. Judged
            // on the first, a second container a month late counted on time because neither
            // had a packing list.
            return match self.dated.last() {
                Some((last, _)) => Some(*last <= self.due?),
                None => self.first_shipment_on_time(),
            };
        }
        let due = self.due?;
        Some(self.completed_on(tol)? <= due)
    }

    /// On-time delivery as of `now`: [`Delivery::complete_on_time`] once complete; an order
    /// past its date and not complete is late already (a late order that never completes, or
    /// is closed short without a word, would otherwise count in no figure); before its date,
    /// undecided.
    pub fn on_time_as_of(&self, tol: Tolerance, now: Day) -> Option<bool> {
        // Undecided with a date means not complete: past it, late.
        self.complete_on_time(tol)
            .or_else(|| self.due.filter(|d| now > *d).map(|_| false))
    }

    /// See [`first_shipment_on_time`].
    pub fn first_shipment_on_time(&self) -> Option<bool> {
        Some(self.first_shipped? <= self.due?)
    }
}

/// Whether the order was ever confirmed: its first confirmed ex-factory date is kept, it is at
/// an ordered status, its log moved it into one, or goods of it left.
fn ever_ordered(order: &Order) -> bool {
    order.confirmed_ex_factory.is_some()
        || order.status.is_ordered()
        || crate::lifecycle::ever_shipped(order)
        || order
            .status_log
            .values()
            .any(|c| crate::order::OrderStatus::from_code(&c.to).is_some_and(|s| s.is_ordered()))
}

/// The day the order became fully shipped: the day of the shipment that brought the dated
/// shipments to the least that completes it, else — when it was marked complete with a reason —
/// its last dated shipment. `None` while incomplete.
pub fn completed_on(order: &Order, tol: Tolerance) -> Option<Day> {
    Delivery::of(order).completed_on(tol)
}

/// The order complete on or before the first confirmed ex-factory date. Orders whose shipments
/// carry no quantities (recorded before they did, or dated without a packing list) are judged
/// on their last dated shipment (on the order's first shipped day when none is dated). `None`
/// until complete or without a date.
pub fn complete_on_time(order: &Order, tol: Tolerance) -> Option<bool> {
    Delivery::of(order).complete_on_time(tol)
}

/// The first shipment left on or before the first confirmed ex-factory date.
pub fn first_shipment_on_time(order: &Order) -> Option<bool> {
    Delivery::of(order).first_shipment_on_time()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Shipments dated without pieces say nothing of which one completed the order: it is
    /// judged on the last that left, so a second container a month late is late.
    #[test]
    fn pieceless_shipments_are_judged_on_the_last_that_left() {
        let day = |s: &str| s.parse::<Day>().unwrap();
        let mut d = Delivery {
            ordered: 10_000,
            dated: vec![(day("2026-06-01"), 0)],
            due: Some(day("2026-06-01")),
            first_shipped: Some(day("2026-06-01")),
            ..Delivery::default()
        };
        let tol = d.allowance((30, 50));
        assert_eq!(d.complete_on_time(tol), Some(true));
        d.dated.push((day("2026-06-25"), 0));
        assert_eq!(d.complete_on_time(tol), Some(false));
        assert_eq!(
            d.first_shipment_on_time(),
            Some(true),
            "the first still left on time"
        );
    }

    /// An order past its date and not complete is late already — still in production, or
    /// shipped short of its allowance and closed — and counts so; before its date it is
    /// undecided; an order never confirmed (a sample order with a date) owes no delivery.
    #[test]
    fn an_order_past_its_date_and_not_complete_counts_late() {
        use crate::order::OrderStatus;
        let day = |s: &str| s.parse::<Day>().unwrap();
        let mut o = Order::new();
        o.quantities.add_colour("black".into(), "Black");
        o.quantities.add_size("m".into(), "M");
        o.quantities.set_qty("black", "m", 1_000);
        o.ex_factory = Some(day("2026-06-01"));
        let tol = Tolerance {
            short_permille: 30,
            over_permille: 50,
        };
        let judged = |o: &Order, now: &str| Delivery::of(o).on_time_as_of(tol, day(now));
        assert_eq!(judged(&o, "2026-07-01"), None, "a draft owes nothing");
        o.status = OrderStatus::InProduction;
        o.confirmed_ex_factory = Some(day("2026-06-01"));
        assert_eq!(judged(&o, "2026-06-01"), None, "not yet");
        assert_eq!(
            judged(&o, "2026-06-02"),
            Some(false),
            "late, nothing shipped"
        );
        o.status = OrderStatus::Closed;
        o.shipments.insert(
            "s1".into(),
            crate::shipment::Shipment {
                quantities: crate::RecordMap::from([(cell_key("black", "m"), 900)]),
                shipped_on: Some(day("2026-05-30")),
                ..Default::default()
            },
        );
        assert_eq!(judged(&o, "2026-06-30"), Some(false), "closed short");
        o.shipments.get_mut("s1").unwrap().quantities =
            crate::RecordMap::from([(cell_key("black", "m"), 980)]);
        assert_eq!(judged(&o, "2026-06-30"), Some(true), "within the allowance");
    }

    #[test]
    fn percent_read_strictly_to_a_tenth() {
        assert_eq!(parse_percent("3", Field::ShortAllowance), Ok(30));
        assert_eq!(parse_percent("2,5", Field::ShortAllowance), Ok(25));
        assert_eq!(parse_percent("０", Field::ShortAllowance), Ok(0));
        assert_eq!(
            parse_percent("2.55", Field::OverAllowance)
                .unwrap_err()
                .issue,
            Issue::TooPrecise
        );
        assert_eq!(
            parse_percent("-3", Field::OverAllowance).unwrap_err().issue,
            Issue::Negative
        );
        assert_eq!(
            parse_percent("51", Field::OverAllowance).unwrap_err().issue,
            Issue::TooLarge
        );
        assert_eq!(percent_text(25), "2.5");
        assert_eq!(percent_text(50), "5");
    }

    #[test]
    fn bounds_round_in_the_buyers_favour() {
        let t = Tolerance {
            short_permille: 30,
            over_permille: 50,
        };
        assert_eq!(t.min(1234), 1197);
        assert_eq!(t.max(1234), 1295);
        assert_eq!(t.judge(1234, 1196), Judgement::Short);
        assert_eq!(t.judge(1234, 1197), Judgement::Within);
        assert_eq!(t.judge(1234, 1296), Judgement::Over);
    }
}
