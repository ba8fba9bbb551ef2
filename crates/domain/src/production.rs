//! Production progress (生产进度): quantities reported per stage by whoever is on the floor, and
//! how far each stage is against the plan.
//!
//! Each report is a record keyed by id (a factory clerk and a QC may report the same afternoon);
//! totals per stage are sums of reports, never a counter two devices would overwrite. A report is a
//! day's output, not a running total.
//!
//! A report can be corrected (quantity, day) or removed; both are logged on the report with who
//! and when. Removal is a mark, not a deletion, so the log survives and a correction made
//! concurrently on another device cannot bring a removed report back. Taking pieces away — a
//! removal or a correction downwards — needs a reason, kept in the log and said in the daily
//! report: production reported before the order was released is a decision the merchandiser
//! must take ([`crate::lifecycle::Violation::ProductionNotReleased`]), and withdrawing the report
//! made that decision disappear with no word. Packing beyond the order plus its over-shipment
//! allowance is refused unless the person confirms it.

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::error::DomainError;
use crate::order::Order;
use crate::problem::{Field, Issue, Problem};
use crate::records::RecordMap;
use crate::sorting::sort_by;

/// How far (per mille of the order's total) packing may go beyond the order before the app asks:
/// the usual over-shipment allowance in garment contracts, 5 %.
pub const DEFAULT_OVER_SHIP_PERMILLE: u32 = 50;

crate::code_enum! {
    pub enum Stage default Cutting {
        Cutting = "cutting",
        Sewing = "sewing",
        Finishing = "finishing",
        Packing = "packing",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct ProductionReport {
    pub stage: Stage,
    pub date: Option<Day>,
    /// Pieces completed in this stage on `date`.
    pub qty: u64,
    pub reported_by: String,
    pub note: String,
    /// Removed by a person (see `changes`); it no longer counts.
    #[autosurgeon(missing = "Default::default")]
    pub removed: bool,
    /// Corrections and the removal, keyed by random id.
    #[autosurgeon(missing = "Default::default")]
    pub changes: RecordMap<ReportChange>,
    /// The colour (the order's colour id) the pieces are of; "" when the report is not split
    /// by colour ([`by_colour`]).
    #[autosurgeon(missing = "Default::default")]
    pub colour: String,
}

crate::record_fields!(ProductionReport;
    stage: Stage,
    date: Option<Day>,
    qty: u64,
    reported_by: String,
    note: String,
    removed: bool,
    changes: RecordMap<ReportChange>,
    colour: String,
);

crate::code_enum! {
    pub enum ReportChangeKind default Corrected {
        Corrected = "corrected",
        Removed = "removed",
    }
}

/// One correction or the removal of a report: what it was and became, who and when.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct ReportChange {
    pub kind: ReportChangeKind,
    pub who: String,
    pub at_ms: i64,
    pub qty_from: u64,
    pub qty_to: u64,
    pub date_from: Option<Day>,
    pub date_to: Option<Day>,
    /// Why pieces were taken away (a removal or a correction downwards).
    #[autosurgeon(missing = "Default::default")]
    pub reason: String,
}

crate::record_fields!(ReportChange;
    kind: ReportChangeKind,
    who: String,
    at_ms: i64,
    qty_from: u64,
    qty_to: u64,
    date_from: Option<Day>,
    date_to: Option<Day>,
    reason: String,
);

impl ReportChange {
    /// Pieces taken away: a removal, or a correction to fewer pieces.
    pub fn takes_away(&self) -> bool {
        self.kind == ReportChangeKind::Removed || self.qty_to < self.qty_from
    }
}

impl ProductionReport {
    /// The changes, oldest first.
    pub fn changes_in_order(&self) -> Vec<&ReportChange> {
        let mut v: Vec<_> = self.changes.iter().collect();
        sort_by(&mut v, |a, b| (a.1.at_ms, a.0).cmp(&(b.1.at_ms, b.0)));
        v.into_iter().map(|(_, c)| c).collect()
    }
}

/// The reports that count (not removed).
pub fn live(order: &Order) -> impl Iterator<Item = (&String, &ProductionReport)> {
    order.production.iter().filter(|(_, r)| !r.removed)
}

/// The most packing may reach without asking: the order's total plus `over_permille` of it
/// (rounded down, in favour of asking).
pub fn packing_allowed(order: &Order, over_permille: u32) -> u64 {
    let ordered = order.quantities.total();
    ordered.saturating_add(ordered.saturating_mul(u64::from(over_permille)) / 1000)
}

/// Refuses a change that raises the packed total above [`packing_allowed`], unless `confirmed`;
/// and, for a report naming `colour` (its id, "" for none), one that raises that colour's
/// packing above what was ordered of it plus the same allowance — ten cartons of red packed
/// against a black shortfall is not the order. `except` is the report being corrected (its old
/// quantity does not count), `qty` what the changed or new report holds for `stage`.
pub fn check_packing(
    order: &Order,
    stage: &Stage,
    except: Option<&str>,
    colour: &str,
    qty: u64,
    over_permille: u32,
    confirmed: bool,
) -> Result<(), DomainError> {
    if *stage != Stage::Packing || confirmed {
        return Ok(());
    }
    let over = |of: &dyn Fn(&ProductionReport) -> bool, ordered: u64, name: &str| {
        let others: u64 = live(order)
            .filter(|(id, r)| r.stage == Stage::Packing && of(r) && Some(id.as_str()) != except)
            .map(|(_, r)| r.qty)
            .sum();
        let before = others
            + except
                .and_then(|id| order.production.get(id))
                .filter(|r| of(r))
                .map_or(0, |r| r.qty);
        let packed = others.saturating_add(qty);
        let allowed =
            ordered.saturating_add(ordered.saturating_mul(u64::from(over_permille)) / 1000);
        if packed > allowed && packed > before {
            return Err(DomainError::Problem(Problem::new(
                Field::ProductionQty,
                Issue::OverShipment {
                    packed,
                    allowed,
                    ordered,
                    colour: name.to_string(),
                },
            )));
        }
        Ok(())
    };
    over(&|_| true, order.quantities.total(), "")?;
    let colour = colour.trim();
    if let Some(line) = order.quantities.colours.get(colour) {
        over(
            &|r| r.colour.trim() == colour,
            order.quantities.colour_total(colour),
            &line.name,
        )?;
    }
    Ok(())
}

/// Records a report under `id`; packing beyond the allowance needs `confirmed`.
pub fn add_report(
    order: &mut Order,
    id: &str,
    mut report: ProductionReport,
    over_permille: u32,
    confirmed: bool,
) -> Result<(), DomainError> {
    report.colour = report.colour.trim().to_string();
    if !report.colour.is_empty() && !order.quantities.colours.contains_key(&report.colour) {
        return Err(DomainError::Problem(Problem::new(
            Field::ProductionColour,
            Issue::UnknownCode(report.colour),
        )));
    }
    check_packing(
        order,
        &report.stage,
        None,
        &report.colour,
        report.qty,
        over_permille,
        confirmed,
    )?;
    order.production.insert(id.to_string(), report);
    Ok(())
}

/// Who changes a report, when and why (needed to take pieces away); the change is logged under
/// `change_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeBy<'a> {
    pub change_id: &'a str,
    pub who: &'a str,
    pub at_ms: i64,
    pub reason: &'a str,
}

impl ChangeBy<'_> {
    /// The reason, required when `change` takes pieces away.
    fn reason_for(&self, change: &ReportChange) -> Result<String, DomainError> {
        match self.reason.trim() {
            "" if change.takes_away() => Err(DomainError::Problem(Problem::new(
                Field::ProductionReason,
                Issue::Required,
            ))),
            r => Ok(r.to_string()),
        }
    }
}

fn live_report<'o>(
    order: &'o mut Order,
    id: &str,
) -> Result<&'o mut ProductionReport, DomainError> {
    let r = order
        .production
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("production report", id))?;
    if r.removed {
        return Err(DomainError::Problem(Problem::new(
            Field::ProductionQty,
            Issue::Removed,
        )));
    }
    Ok(r)
}

/// Corrects a report's quantity and day, logged; packing beyond the allowance needs `confirmed`.
/// Nothing is logged when nothing changes.
pub fn correct_report(
    order: &mut Order,
    id: &str,
    qty: u64,
    date: Day,
    by: ChangeBy<'_>,
    over_permille: u32,
    confirmed: bool,
) -> Result<(), DomainError> {
    let (stage, colour) = {
        let r = live_report(order, id)?;
        (r.stage.clone(), r.colour.clone())
    };
    check_packing(
        order,
        &stage,
        Some(id),
        &colour,
        qty,
        over_permille,
        confirmed,
    )?;
    let r = live_report(order, id)?;
    if r.qty == qty && r.date == Some(date) {
        return Ok(());
    }
    let mut change = ReportChange {
        kind: ReportChangeKind::Corrected,
        who: by.who.to_string(),
        at_ms: by.at_ms,
        qty_from: r.qty,
        qty_to: qty,
        date_from: r.date,
        date_to: Some(date),
        reason: String::new(),
    };
    change.reason = by.reason_for(&change)?;
    r.qty = qty;
    r.date = Some(date);
    r.changes.insert(by.change_id.to_string(), change);
    Ok(())
}

/// Removes a report from the totals, with a reason, logged; it stays in the document with its
/// history.
pub fn remove_report(order: &mut Order, id: &str, by: ChangeBy<'_>) -> Result<(), DomainError> {
    let r = live_report(order, id)?;
    let mut change = ReportChange {
        kind: ReportChangeKind::Removed,
        who: by.who.to_string(),
        at_ms: by.at_ms,
        qty_from: r.qty,
        qty_to: 0,
        date_from: r.date,
        date_to: r.date,
        reason: String::new(),
    };
    change.reason = by.reason_for(&change)?;
    r.removed = true;
    r.changes.insert(by.change_id.to_string(), change);
    Ok(())
}

/// Total reported for a stage.
pub fn stage_total(order: &Order, stage: &Stage) -> u64 {
    live(order)
        .map(|(_, r)| r)
        .filter(|r| &r.stage == stage)
        .map(|r| r.qty)
        .sum()
}

/// Reported for a stage up to and including `day`.
pub fn stage_total_by(order: &Order, stage: &Stage, day: Day) -> u64 {
    live(order)
        .map(|(_, r)| r)
        .filter(|r| &r.stage == stage && r.date.is_some_and(|d| d <= day))
        .map(|r| r.qty)
        .sum()
}

/// One stage's progress on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    /// The order's total quantity.
    pub planned: u64,
    pub done: u64,
    /// What the plan expects done by the day; `None` when the order has no dates to plan from.
    pub expected: Option<u64>,
}

impl Progress {
    /// Pieces behind the expected quantity (zero when ahead or unknown).
    pub fn behind(&self) -> u64 {
        self.expected.map_or(0, |e| e.saturating_sub(self.done))
    }
}

fn milestone_planned(order: &Order, code: &str) -> Option<Day> {
    order
        .milestones
        .values()
        .filter(|m| m.code == code)
        .filter_map(|m| m.planned)
        .min()
}

/// The stage's window: from its own T&A milestone ("cutting", "sewing"; finishing and packing use
/// "sewing") if planned, else the cutting milestone, else the first cutting report, else the order
/// date; to the next stage's milestone if planned, else the ex-factory date (milestone or header).
pub fn stage_window(order: &Order, stage: &Stage) -> Option<(Day, Day)> {
    let own = match stage {
        Stage::Cutting => "cutting",
        _ => "sewing",
    };
    let first_cut = live(order)
        .map(|(_, r)| r)
        .filter(|r| r.stage == Stage::Cutting)
        .filter_map(|r| r.date)
        .min();
    let start = milestone_planned(order, own)
        .or_else(|| milestone_planned(order, "cutting"))
        .or(first_cut)
        .or(order.order_date)?;
    let ex_factory = milestone_planned(order, "ex_factory").or(order.ex_factory)?;
    let end = match stage {
        Stage::Cutting => milestone_planned(order, "sewing").unwrap_or(ex_factory),
        _ => ex_factory,
    };
    Some((start, end.max(start)))
}

/// Expected quantity for a stage on `day`: linear over the stage's window.
pub fn expected_by(order: &Order, stage: &Stage, day: Day) -> Option<u64> {
    let window = stage_window(order, stage)?;
    Some(linear(order.quantities.total(), window, day))
}

/// `planned` spread evenly over `(start, end)`: what is expected done by `day`.
pub(crate) fn linear(planned: u64, (start, end): (Day, Day), day: Day) -> u64 {
    if day < start {
        return 0;
    }
    if day >= end {
        return planned;
    }
    let span = start.days_until(end).max(1) as u128;
    let elapsed = start.days_until(day).max(0) as u128;
    (u128::from(planned) * elapsed / span) as u64
}

/// One colour's pieces per stage ([`by_colour`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColourProgress {
    /// The order's colour id; "" for the pieces reported without a colour.
    pub colour: String,
    pub name: String,
    /// The colour's ordered pieces (0 for the row of pieces reported without a colour).
    pub ordered: u64,
    /// Pieces done, stage by stage in [`Stage::KNOWN`] order.
    pub done: Vec<u64>,
}

/// 各颜色进度: each colour's pieces done per stage against what was ordered of it, in the
/// order's colour order, with a last row for pieces reported without a colour when there are
/// any. Empty while no live report names a colour: the order is followed as a whole. A report
/// naming a colour the order no longer has counts with those without one.
pub fn by_colour(order: &Order) -> Vec<ColourProgress> {
    let reports: Vec<&ProductionReport> = live(order).map(|(_, r)| r).collect();
    let known = |c: &str| order.quantities.colours.contains_key(c);
    if !reports.iter().any(|r| known(&r.colour)) {
        return Vec::new();
    }
    let done = |colour: Option<&str>| -> Vec<u64> {
        Stage::KNOWN
            .iter()
            .map(|s| {
                reports
                    .iter()
                    .filter(|r| &r.stage == s)
                    .filter(|r| match colour {
                        Some(c) => r.colour == c,
                        None => !known(&r.colour),
                    })
                    .map(|r| r.qty)
                    .sum()
            })
            .collect()
    };
    let mut rows: Vec<ColourProgress> = order
        .quantities
        .colours_in_order()
        .into_iter()
        .map(|(id, line)| ColourProgress {
            colour: id.to_string(),
            name: line.name.clone(),
            ordered: order.quantities.colour_total(id.as_str()),
            done: done(Some(id.as_str())),
        })
        .collect();
    let rest = done(None);
    if rest.iter().any(|q| *q > 0) {
        rows.push(ColourProgress {
            colour: String::new(),
            name: String::new(),
            ordered: 0,
            done: rest,
        });
    }
    rows
}

/// Progress of every stage on `day`.
pub fn progress(order: &Order, day: Day) -> Vec<Progress> {
    Stage::KNOWN
        .iter()
        .map(|s| Progress {
            stage: s.clone(),
            planned: order.quantities.total(),
            done: stage_total_by(order, s, day),
            expected: expected_by(order, s, day),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn order() -> Order {
        let mut o = Order::new();
        o.quantities.add_colour("c".into(), "Red");
        o.quantities.add_size("s".into(), "S");
        o.quantities.set_qty("c", "s", 1000);
        o.order_date = Some(day("2026-03-01"));
        o.ex_factory = Some(day("2026-04-30"));
        o
    }

    fn report(stage: Stage, date: &str, qty: u64) -> ProductionReport {
        ProductionReport {
            stage,
            date: Some(day(date)),
            qty,
            ..ProductionReport::default()
        }
    }

    /// 各颜色进度: pieces per colour and stage against each colour's order, a row for the pieces
    /// reported without a colour, a colour the order does not have refused; nothing split while
    /// 按色装箱: a colour packed beyond what was ordered of it plus the allowance is asked
    /// about though the order's total is not reached; the same on a correction; confirmed, it
    /// is recorded; a report naming no colour is judged on the total only.
    #[test]
    fn a_colour_is_not_packed_beyond_its_own_order_without_asking() {
        let mut o = order(); // Red ("c"): 1,000
        o.quantities.add_colour("b".into(), "Blue");
        o.quantities.set_qty("b", "s", 500);
        let of = |colour: &str, qty: u64| ProductionReport {
            colour: colour.into(),
            ..report(Stage::Packing, "2026-03-10", qty)
        };
        // 5 %: Blue may reach 525.
        add_report(&mut o, "p1", of("b", 520), 50, false).unwrap();
        let asked = add_report(&mut o, "p2", of("b", 10), 50, false);
        assert!(
            matches!(&asked, Err(DomainError::Problem(p)) if p.issue == Issue::OverShipment {
                packed: 530, allowed: 525, ordered: 500, colour: "Blue".into()
            }),
            "{asked:?}"
        );
        assert!(o.production.get("p2").is_none());
        // No colour named: the total (530 of 1,575) is all it is judged on.
        add_report(&mut o, "p3", of("", 10), 50, false).unwrap();
        // Corrected up, the same question.
        let corrected = correct_report(
            &mut o,
            "p1",
            530,
            Day::from_ymd(2026, 3, 11).unwrap(),
            ChangeBy {
                change_id: "c1",
                who: "li",
                at_ms: 1,
                reason: "",
            },
            50,
            false,
        );
        assert!(
            matches!(corrected, Err(DomainError::Problem(p)) if matches!(p.issue, Issue::OverShipment { .. }))
        );
        add_report(&mut o, "p2", of("b", 10), 50, true).unwrap();
        assert_eq!(stage_total(&o, &Stage::Packing), 540);
    }

    /// no report names a colour.
    #[test]
    fn progress_is_followed_colour_by_colour_once_reports_name_colours() {
        let mut o = order();
        o.quantities.add_colour("b".into(), "Blue");
        o.quantities.set_qty("b", "s", 500);
        let of = |colour: &str, stage: Stage, qty: u64| ProductionReport {
            colour: colour.into(),
            ..report(stage, "2026-03-10", qty)
        };
        add_report(&mut o, "r0", of("", Stage::Sewing, 100), 50, false).unwrap();
        assert!(by_colour(&o).is_empty(), "followed as a whole");
        assert!(matches!(
            add_report(&mut o, "bad", of("green", Stage::Cutting, 10), 50, false),
            Err(DomainError::Problem(p)) if p.field == Field::ProductionColour
        ));
        add_report(&mut o, "r1", of(" c ", Stage::Cutting, 600), 50, false).unwrap();
        add_report(&mut o, "r2", of("b", Stage::Cutting, 200), 50, false).unwrap();
        let rows = by_colour(&o);
        let seen: Vec<(&str, u64, &[u64])> = rows
            .iter()
            .map(|r| (r.name.as_str(), r.ordered, r.done.as_slice()))
            .collect();
        assert_eq!(
            seen,
            [
                ("Red", 1000, &[600, 0, 0, 0][..]),
                ("Blue", 500, &[200, 0, 0, 0][..]),
                ("", 0, &[0, 100, 0, 0][..]),
            ]
        );
        assert_eq!(
            stage_total(&o, &Stage::Cutting),
            800,
            "the whole still adds up"
        );
    }

    #[test]
    fn totals_are_sums_of_reports() {
        let mut o = order();
        o.production
            .insert("a".into(), report(Stage::Cutting, "2026-04-01", 300));
        o.production
            .insert("b".into(), report(Stage::Cutting, "2026-04-02", 200));
        o.production
            .insert("c".into(), report(Stage::Sewing, "2026-04-02", 100));
        assert_eq!(stage_total(&o, &Stage::Cutting), 500);
        assert_eq!(stage_total_by(&o, &Stage::Cutting, day("2026-04-01")), 300);
        assert_eq!(stage_total(&o, &Stage::Packing), 0);
    }

    #[test]
    fn expected_progress_is_linear_over_the_milestone_window() {
        let mut o = order();
        crate::tna::tests::apply_by_line(&mut o, &crate::tna::default_template());
        // cutting from 03-31 (ex-factory − 30) to sewing start 04-05 (ex-factory − 25)
        assert_eq!(
            stage_window(&o, &Stage::Cutting),
            Some((day("2026-03-31"), day("2026-04-05")))
        );
        assert_eq!(expected_by(&o, &Stage::Cutting, day("2026-03-30")), Some(0));
        assert_eq!(
            expected_by(&o, &Stage::Cutting, day("2026-04-02")),
            Some(400)
        );
        assert_eq!(
            expected_by(&o, &Stage::Sewing, day("2026-04-30")),
            Some(1000)
        );
        let p = progress(&o, day("2026-04-02"));
        assert_eq!(p[0].behind(), 400);
    }

    #[test]
    fn without_milestones_the_window_runs_from_first_cut_to_ex_factory() {
        let mut o = order();
        o.production
            .insert("a".into(), report(Stage::Cutting, "2026-04-10", 100));
        assert_eq!(
            stage_window(&o, &Stage::Sewing),
            Some((day("2026-04-10"), day("2026-04-30")))
        );
        assert_eq!(
            expected_by(&o, &Stage::Sewing, day("2026-04-20")),
            Some(500)
        );
    }
}
