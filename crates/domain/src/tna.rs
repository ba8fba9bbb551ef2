//! The Time & Action calendar: milestone templates in the workspace, milestones in each order, and
//! the rules that plan them, judge them (done, on track, at risk, late) and re-plan them.
//!
//! Milestones are a map keyed by random ids. Each remembers the template line it came from, so
//! applying a template again on the same replica updates instead of duplicating. Two devices that
//! apply a template concurrently, offline, get both sets after merging (visible duplicates the user
//! can remove) — deliberately: keying by the template line instead would make the two copies one
//! conflicting object, and edits made to the losing copy before the merge would vanish from view.
//! Planned dates are computed from the order date or the ex-factory date plus an offset and
//! stored (the customer agreed to them); the status is always derived from the dates and `now`,
//! never stored, so it cannot go stale or conflict.

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::error::DomainError;
use crate::ids::RecordId;
use crate::order::Order;
use crate::problem::{Field, Issue, Problem};
use crate::records::RecordMap;
use crate::role::Role;
use crate::sorting::{sort_by, sort_by_key};

/// Days before its due date from which an open milestone counts as at risk, unless the workspace
/// says otherwise.
pub const DEFAULT_AT_RISK_DAYS: u32 = 3;

crate::code_enum! {
    /// What a milestone's planned date is counted from.
    pub enum Anchor default OrderDate {
        OrderDate = "order_date",
        ExFactory = "ex_factory",
    }
}

/// One line of a T&A template.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct MilestoneTemplate {
    pub name: String,
    /// A stable code ("pp_sample", "cutting"…) that rules recognise; free text for custom lines.
    #[autosurgeon(missing = "Default::default")]
    pub code: String,
    pub anchor: Anchor,
    /// Days after (positive) or before (negative) the anchor date.
    pub offset_days: i64,
    #[autosurgeon(missing = "Default::default")]
    pub owner_role: Role,
}

/// A named T&A template: milestone lines keyed by id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct TnaTemplate {
    pub name: String,
    pub milestones: RecordMap<MilestoneTemplate>,
}

/// 交期延误报告: why a milestone slipped, the new date and who was told.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct DelayReport {
    pub cause: String,
    pub new_date: Option<Day>,
    /// Who was informed (names or party ids, free text).
    pub informed: String,
    pub reported_by: String,
    /// When the report was made, milliseconds since the Unix epoch.
    pub reported_ms: i64,
}

/// A milestone of one order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Milestone {
    pub name: String,
    #[autosurgeon(missing = "Default::default")]
    pub code: String,
    /// The anchor and offset it was planned from; `None` for a milestone planned by hand.
    #[autosurgeon(missing = "Default::default")]
    pub anchor: Option<Anchor>,
    #[autosurgeon(missing = "Default::default")]
    pub offset_days: i64,
    #[autosurgeon(missing = "Default::default")]
    pub owner_role: Role,
    pub planned: Option<Day>,
    pub actual: Option<Day>,
    #[autosurgeon(missing = "Default::default")]
    pub delays: RecordMap<DelayReport>,
    /// The template line (key in [`TnaTemplate::milestones`]) it was created from, if any.
    #[autosurgeon(missing = "Default::default")]
    pub template_line: Option<String>,
}

crate::record_fields!(Milestone;
    name: String,
    code: String,
    anchor: Option<Anchor>,
    offset_days: i64,
    owner_role: Role,
    planned: Option<Day>,
    actual: Option<Day>,
    delays: RecordMap<DelayReport>,
    template_line: Option<String>,
);

crate::record_fields!(TnaTemplate;
    name: String,
    milestones: RecordMap<MilestoneTemplate>,
);

/// A milestone's state on a given day. Derived, never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MilestoneStatus {
    /// An actual date is recorded.
    Done,
    /// No planned date yet.
    Unplanned,
    OnTrack,
    /// Due within the at-risk window (inclusive of today).
    AtRisk,
    /// Past its due date with no actual date.
    Late,
}

impl Milestone {
    /// The latest delay report, by report time then id.
    pub fn latest_delay(&self) -> Option<&DelayReport> {
        self.delays
            .iter()
            .max_by(|a, b| a.1.reported_ms.cmp(&b.1.reported_ms).then(a.0.cmp(b.0)))
            .map(|(_, d)| d)
    }

    /// The date the milestone is now expected: the newest delay report's new date, else planned.
    pub fn due(&self) -> Option<Day> {
        self.latest_delay()
            .and_then(|d| d.new_date)
            .or(self.planned)
    }

    /// True when a delay report moved the due date past the planned one.
    pub fn is_delayed(&self) -> bool {
        matches!((self.planned, self.due()), (Some(p), Some(d)) if d > p)
    }

    pub fn status(&self, now: Day, at_risk_days: u32) -> MilestoneStatus {
        if self.actual.is_some() {
            return MilestoneStatus::Done;
        }
        let Some(due) = self.due() else {
            return MilestoneStatus::Unplanned;
        };
        let left = now.days_until(due);
        if left < 0 {
            MilestoneStatus::Late
        } else if left <= i64::from(at_risk_days) {
            MilestoneStatus::AtRisk
        } else {
            MilestoneStatus::OnTrack
        }
    }

    /// Done after its planned date (for KPIs); `None` while open or unplanned.
    pub fn done_late(&self) -> Option<bool> {
        Some(self.actual? > self.planned?)
    }

    fn replan(&mut self, order_date: Option<Day>, ex_factory: Option<Day>) {
        if self.actual.is_some() {
            return;
        }
        let base = match &self.anchor {
            Some(Anchor::OrderDate) => order_date,
            Some(Anchor::ExFactory) => ex_factory,
            _ => return,
        };
        if let Some(d) = base.and_then(|b| b.add_days(self.offset_days)) {
            self.planned = Some(d);
        }
    }
}

/// Adds the template's milestones to the order under fresh ids from `new_id`, and plans them. A
/// template line already applied to this order (a milestone with that `template_line`) is updated
/// and re-planned in place, keeping its actual date and delay reports — and, once it has an
/// actual date, its code: the code says what the date is (the ex-factory milestone's is the
/// shipping day on-time delivery falls back on), so a link taken off and put back on a template
/// line let a typed day become the shipping day.
pub fn apply_template(
    order: &mut Order,
    template: &TnaTemplate,
    mut new_id: impl FnMut() -> RecordId,
) {
    for (line, t) in &template.milestones {
        // A template from before payment was kept out of the order still has the line.
        if crate::links::Link::from_code(&t.code).is_money() {
            continue;
        }
        let existing = order
            .milestones
            .iter()
            .find(|(_, m)| m.template_line.as_deref() == Some(line.as_str()))
            .map(|(k, _)| k.clone());
        let id = existing.unwrap_or_else(|| new_id().to_string());
        let m = order.milestones.entry(id).or_default();
        m.template_line = Some(line.clone());
        m.name = t.name.clone();
        if m.actual.is_none() {
            m.code = t.code.clone();
        }
        m.anchor = Some(t.anchor.clone());
        m.offset_days = t.offset_days;
        m.owner_role = t.owner_role.clone();
        m.replan(order.order_date, order.ex_factory);
    }
}

/// The name older builds seeded their payment line with (the built-in template has none now):
/// still said in one language where one is left on a plan or a template.
pub const SEEDED_PAYMENT_NAME: &str = "Balance payment due 余款到期";

/// Whether `m` follows payment (the balance due). Such a milestone is money: the order document
/// it sits in reaches the factory, and its planned day tells the payment terms, its actual day
/// when the buyer paid, its delay reports why not. Templates no longer put one on an order
/// ([`apply_template`]); one an older build put there takes no day or delay report
/// ([`record_actual`], [`report_delay`]), makes no event for the daily report, no step on
/// Today, and is taken out with [`take_out_payment`]. The receivables in the books follow the
/// payment instead.
pub fn follows_payment(m: &Milestone) -> bool {
    crate::links::Link::from_code(&m.code).is_money()
}

/// Takes the milestones that follow payment out of the order's plan; returns how many. What
/// they said stays in the document's history (nothing can take it back), but no later day,
/// move or delay report of theirs reaches the factory.
pub fn take_out_payment(order: &mut Order) -> usize {
    let before = order.milestones.len();
    order.milestones.retain(|_, m| !follows_payment(m));
    before - order.milestones.len()
}

fn refuse_payment(m: &Milestone, field: Field) -> Result<(), DomainError> {
    if follows_payment(m) {
        return Err(DomainError::Problem(Problem::new(
            field,
            Issue::PaymentInBooks,
        )));
    }
    Ok(())
}

/// Re-plans every open milestone from the order's current order date and ex-factory date.
/// Done milestones keep their dates.
pub fn replan(order: &mut Order) {
    let (o, x) = (order.order_date, order.ex_factory);
    for m in order.milestones.values_mut() {
        m.replan(o, x);
    }
}

/// Moves the ex-factory date and re-plans the open milestones anchored to it (and only those).
pub fn move_ex_factory(order: &mut Order, new: Day) {
    order.ex_factory = Some(new);
    for m in order.milestones.values_mut() {
        if m.anchor == Some(Anchor::ExFactory) {
            m.replan(order.order_date, Some(new));
        }
    }
}

/// Records a delay report on a milestone that is late or at risk on `now` (filed as soon as the
/// risk is known, not only once it is late). Its new date is required and later than planned.
pub fn report_delay(
    order: &mut Order,
    milestone: &str,
    report_id: &str,
    report: DelayReport,
    now: Day,
    at_risk_days: u32,
) -> Result<(), DomainError> {
    let m = order
        .milestones
        .get_mut(milestone)
        .ok_or_else(|| DomainError::not_found("milestone", milestone))?;
    refuse_payment(m, Field::DelayCause)?;
    if !matches!(
        m.status(now, at_risk_days),
        MilestoneStatus::Late | MilestoneStatus::AtRisk
    ) {
        return Err(DomainError::NotLate(milestone.to_string()));
    }
    if report.cause.trim().is_empty() {
        return Err(DomainError::Problem(Problem::new(
            Field::DelayCause,
            Issue::Required,
        )));
    }
    let problem = |issue| DomainError::Problem(Problem::new(Field::NewDate, issue));
    match (report.new_date, m.planned) {
        (None, _) => return Err(problem(Issue::Required)),
        (Some(new), Some(planned)) if new <= planned => {
            return Err(problem(Issue::NotAfterPlanned))
        }
        _ => {}
    }
    m.delays.insert(report_id.to_string(), report);
    Ok(())
}

/// Records the day a milestone was done, typed by a person (a sample approved by mail, a booking
/// kept elsewhere: the linked record fills an empty day too, [`crate::links::complete_linked`]).
/// The ex-factory and ETD milestones are refused: their day is shipping's
/// ([`crate::links::Link::dated_by_shipping`]), and a typed ex-factory day counted as shipping
/// (on-time delivery, "shipped" in the list, Today's risk) with no gate asked.
pub fn record_actual(order: &mut Order, milestone: &str, day: Day) -> Result<(), DomainError> {
    let m = order
        .milestones
        .get_mut(milestone)
        .ok_or_else(|| DomainError::not_found("milestone", milestone))?;
    refuse_payment(m, Field::ActualDate)?;
    if crate::links::Link::from_code(&m.code).dated_by_shipping() {
        return Err(DomainError::Problem(Problem::new(
            Field::ActualDate,
            Issue::DoneByShipping,
        )));
    }
    m.actual = Some(day);
    Ok(())
}

/// One change of an order's ex-factory date: from, to, who, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct ExFactoryChange {
    pub from: Option<Day>,
    pub to: Option<Day>,
    pub by: String,
    /// When, milliseconds since the Unix epoch.
    pub at_ms: i64,
    pub reason: String,
}

crate::record_fields!(ExFactoryChange;
    from: Option<Day>,
    to: Option<Day>,
    by: String,
    at_ms: i64,
    reason: String,
);

/// The open milestones that a move of the ex-factory date to `new` would re-plan, with their
/// current and new planned dates: what the screen offers before [`change_ex_factory`]. Done
/// milestones are never listed (they keep their dates).
pub fn ex_factory_replan_offer(order: &Order, new: Day) -> Vec<(String, Option<Day>, Day)> {
    let mut out = Vec::new();
    for (id, m) in &order.milestones {
        let mut moved = m.clone();
        moved.replan(order.order_date, Some(new));
        if m.anchor == Some(Anchor::ExFactory) && m.actual.is_none() {
            if let Some(d) = moved.planned.filter(|d| Some(*d) != m.planned) {
                out.push((id.clone(), m.planned, d));
            }
        }
    }
    out
}

/// Changes the ex-factory date under change id `id`: a reason is required; the first confirmed
/// date — the one given here when the order had none — is kept in `confirmed_ex_factory`
/// (on-time delivery is measured against it); the change
/// is listed with who, when and why. With `replan`, the open milestones anchored to ex-factory
/// move with it (done ones keep their dates).
pub fn change_ex_factory(
    order: &mut Order,
    id: &str,
    new: Day,
    change: ExFactoryChange,
    replan: bool,
) -> Result<(), DomainError> {
    if change.reason.trim().is_empty() {
        return Err(DomainError::Problem(Problem::new(
            Field::ChangeReason,
            Issue::Required,
        )));
    }
    if order.order_date.is_some_and(|o| new < o) {
        return Err(DomainError::Problem(Problem::new(
            Field::ExFactory,
            Issue::BeforeOrderDate,
        )));
    }
    // An order confirmed before confirming needed a date (an older build) gets its first one
    // here: that first date is the one on-time delivery is judged by, as for any other order,
    // so a later change cannot move it.
    if order.confirmed_ex_factory.is_none() {
        order.confirmed_ex_factory = order.ex_factory.or(Some(new));
    }
    let from = order.ex_factory;
    if replan {
        move_ex_factory(order, new);
    } else {
        order.ex_factory = Some(new);
    }
    order.ex_factory_changes.insert(
        id.to_string(),
        ExFactoryChange {
            from,
            to: Some(new),
            ..change
        },
    );
    Ok(())
}

/// The changes of the ex-factory date, oldest first (then by id, the same on every replica).
pub fn ex_factory_changes(order: &Order) -> Vec<(&String, &ExFactoryChange)> {
    let mut v: Vec<_> = order.ex_factory_changes.iter().collect();
    sort_by_key(&mut v, |(id, c)| (c.at_ms, *id));
    v
}

/// The milestones in calendar order (by due date, unplanned last, then by id).
pub fn in_order(order: &Order) -> Vec<(&String, &Milestone)> {
    let mut v: Vec<_> = order.milestones.iter().collect();
    sort_by(&mut v, |a, b| {
        let key = |m: &Milestone| (m.due().is_none(), m.due());
        key(a.1).cmp(&key(b.1)).then(a.0.cmp(b.0))
    });
    v
}

/// The seeded template, with the milestones of the design: offsets are typical for a 90-day
/// garment order and meant to be edited per customer.
pub fn default_template() -> TnaTemplate {
    use Anchor::*;
    use Role::*;
    let lines: [(&str, &str, &str, Anchor, i64, Role); 11] = [
        (
            "m01",
            "lab_dip",
            "Lab dip approval 色咭确认",
            OrderDate,
            10,
            Merchandiser,
        ),
        (
            "m02",
            "fabric_booking",
            "Fabric booking 订布",
            OrderDate,
            14,
            Merchandiser,
        ),
        (
            "m03",
            "fit_sample",
            "Fit sample approval 试身样确认",
            OrderDate,
            21,
            Merchandiser,
        ),
        (
            "m04",
            "pp_sample",
            "PP sample approval 产前样确认",
            ExFactory,
            -45,
            Merchandiser,
        ),
        (
            "m05",
            "bulk_fabric",
            "Bulk fabric in-house 大货布到厂",
            ExFactory,
            -35,
            Merchandiser,
        ),
        (
            "m06",
            "cutting",
            "Cutting start 开裁",
            ExFactory,
            -30,
            FactoryContact,
        ),
        (
            "m07",
            "sewing",
            "Sewing start 车缝",
            ExFactory,
            -25,
            FactoryContact,
        ),
        (
            "m08",
            "inline_qc",
            "Inline inspection 中期验货",
            ExFactory,
            -15,
            Qc,
        ),
        (
            "m09",
            "final_qc",
            "Final inspection 尾期验货",
            ExFactory,
            -3,
            Qc,
        ),
        (
            "m10",
            "ex_factory",
            "Ex-factory 出厂",
            ExFactory,
            0,
            Merchandiser,
        ),
        ("m11", "etd", "ETD 开船", ExFactory, 7, Merchandiser),
        // No "balance payment due": payment is money, followed in the books, and this plan
        // goes to the factory with the order ([`follows_payment`]).
    ];
    TnaTemplate {
        name: "Standard garment 90 days".into(),
        milestones: lines
            .into_iter()
            .map(|(id, code, name, anchor, offset_days, owner_role)| {
                (
                    id.to_string(),
                    MilestoneTemplate {
                        name: name.into(),
                        code: code.into(),
                        anchor,
                        offset_days,
                        owner_role,
                    },
                )
            })
            .collect(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    /// Ids equal to the template lines, so tests can name milestones.
    pub(crate) fn apply_by_line(o: &mut Order, t: &TnaTemplate) {
        let mut lines = t.milestones.keys().cloned().collect::<Vec<_>>().into_iter();
        apply_template(o, t, || {
            RecordId::from(lines.next().unwrap_or_default().as_str())
        });
    }

    fn order() -> Order {
        let mut o = Order::new();
        o.order_date = Some(day("2026-03-01"));
        o.ex_factory = Some(day("2026-06-01"));
        apply_by_line(&mut o, &default_template());
        o
    }

    /// A template line's link taken off and put back let a typed day become the shipping day
    /// (the ex-factory milestone's actual date, which on-time delivery falls back on): once a
    /// milestone has an actual date its code stays, and a shipped order with neither a dated
    /// shipment nor an ex-factory milestone is judged on the day its log says it shipped.
    #[test]
    fn a_dated_milestone_keeps_its_code_and_a_shipped_order_always_has_a_shipping_day() {
        let mut o = order();
        let (line, _) = default_template()
            .milestones
            .iter()
            .find(|(_, t)| t.code == "ex_factory")
            .map(|(k, t)| (k.clone(), t.clone()))
            .expect("the template has an ex-factory line");
        let mut unlinked = default_template();
        unlinked.milestones.get_mut(&line).unwrap().code = String::new();
        apply_by_line(&mut o, &unlinked);
        assert_eq!(
            o.milestones[&line].code, "",
            "no date yet: the link follows"
        );
        record_actual(&mut o, &line, day("2026-05-20")).expect("an unlinked line takes a day");
        apply_by_line(&mut o, &default_template());
        assert_eq!(o.milestones[&line].code, "", "dated: the code stays");

        let mut o = order();
        o.milestones.clear();
        o.status = crate::order::OrderStatus::Shipped;
        o.status_log.insert(
            "1".into(),
            crate::lifecycle::StatusChange {
                to: "shipped".into(),
                at_ms: day("1970-01-01").days_until(day("2026-06-03")) * 86_400_000 + 5,
                ..Default::default()
            },
        );
        assert_eq!(o.shipped_on(), Some(day("2026-06-03")));
        assert_eq!(o.shipped_on_time(), Some(false));
    }

    #[test]
    fn applying_the_template_plans_every_milestone() {
        let o = order();
        assert_eq!(o.milestones.len(), 11);
        assert_eq!(o.milestones["m01"].planned, Some(day("2026-03-11")));
        assert_eq!(o.milestones["m10"].planned, Some(day("2026-06-01")));
        assert_eq!(o.milestones["m04"].planned, Some(day("2026-04-17")));
        let names: Vec<_> = in_order(&o).iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(names.first(), Some(&"m01"));
        assert_eq!(names.last(), Some(&"m11"));
    }

    #[test]
    fn status_follows_the_dates() {
        let mut o = order();
        let m = o.milestones.get_mut("m01").unwrap();
        assert_eq!(m.status(day("2026-03-01"), 3), MilestoneStatus::OnTrack);
        assert_eq!(m.status(day("2026-03-08"), 3), MilestoneStatus::AtRisk);
        assert_eq!(m.status(day("2026-03-11"), 3), MilestoneStatus::AtRisk);
        assert_eq!(m.status(day("2026-03-12"), 3), MilestoneStatus::Late);
        m.actual = Some(day("2026-03-12"));
        assert_eq!(m.status(day("2026-03-12"), 3), MilestoneStatus::Done);
        assert_eq!(m.done_late(), Some(true));
        m.planned = None;
        m.actual = None;
        assert_eq!(m.status(day("2026-03-12"), 3), MilestoneStatus::Unplanned);
    }

    #[test]
    fn a_delay_report_needs_a_late_milestone_and_moves_the_due_date() {
        let mut o = order();
        let report = DelayReport {
            cause: "dye lot rejected".into(),
            new_date: Some(day("2026-03-20")),
            informed: "buyer, factory".into(),
            reported_by: "li".into(),
            reported_ms: 5,
        };
        let early = report_delay(&mut o, "m01", "d1", report.clone(), day("2026-03-05"), 3);
        assert!(matches!(early, Err(DomainError::NotLate(_))));
        report_delay(&mut o, "m01", "d1", report, day("2026-03-12"), 3).unwrap();
        let m = &o.milestones["m01"];
        assert_eq!(m.due(), Some(day("2026-03-20")));
        assert!(m.is_delayed());
        assert_eq!(m.status(day("2026-03-12"), 3), MilestoneStatus::OnTrack);
        assert!(matches!(
            report_delay(
                &mut o,
                "nope",
                "d2",
                DelayReport::default(),
                day("2026-03-12"),
                3
            ),
            Err(DomainError::NotFound { .. })
        ));
    }

    #[test]
    fn moving_ex_factory_replans_open_milestones_anchored_to_it_only() {
        let mut o = order();
        o.milestones.get_mut("m04").unwrap().actual = Some(day("2026-04-15"));
        move_ex_factory(&mut o, day("2026-06-11"));
        assert_eq!(o.milestones["m10"].planned, Some(day("2026-06-11")));
        assert_eq!(o.milestones["m06"].planned, Some(day("2026-05-12")));
        // done: kept as planned before the move
        assert_eq!(o.milestones["m04"].planned, Some(day("2026-04-17")));
        // anchored to the order date: untouched
        assert_eq!(o.milestones["m01"].planned, Some(day("2026-03-11")));
    }

    #[test]
    fn applying_twice_keeps_actuals() {
        let mut o = order();
        o.milestones.get_mut("m01").unwrap().actual = Some(day("2026-03-10"));
        apply_template(&mut o, &default_template(), || unreachable!("nothing new"));
        assert_eq!(o.milestones.len(), 11);
        assert_eq!(o.milestones["m01"].actual, Some(day("2026-03-10")));
    }

    #[test]
    fn a_delay_report_may_be_filed_when_at_risk_and_must_move_the_date_later() {
        use crate::problem::{Field, Issue, Problem};
        let mut o = order();
        // m01 planned 03-11: at risk on 03-09 with 3 days' warning.
        let report = |new: &str| DelayReport {
            cause: "greige late".into(),
            new_date: Some(day(new)),
            reported_by: "li".into(),
            ..DelayReport::default()
        };
        let on = day("2026-03-09");
        assert_eq!(o.milestones["m01"].status(on, 3), MilestoneStatus::AtRisk);
        for bad in ["2026-03-11", "2026-03-10"] {
            assert!(matches!(
                report_delay(&mut o, "m01", "d0", report(bad), on, 3),
                Err(DomainError::Problem(Problem {
                    field: Field::NewDate,
                    issue: Issue::NotAfterPlanned,
                }))
            ));
        }
        let none = DelayReport {
            new_date: None,
            ..report("2026-03-20")
        };
        assert!(report_delay(&mut o, "m01", "d0", none, on, 3).is_err());
        report_delay(&mut o, "m01", "d1", report("2026-03-14"), on, 3).unwrap();
        assert_eq!(o.milestones["m01"].due(), Some(day("2026-03-14")));
    }

    #[test]
    fn changing_ex_factory_keeps_the_confirmed_date_lists_the_change_and_replans_open_milestones() {
        let mut o = order();
        let first = o.ex_factory.unwrap();
        o.milestones.get_mut("m04").unwrap().actual = Some(day("2026-04-15"));
        let later = day("2026-06-11");
        let offer = ex_factory_replan_offer(&o, later);
        assert!(offer.iter().any(|(id, _, d)| id == "m10" && *d == later));
        assert!(offer.iter().all(|(id, _, _)| id != "m04" && id != "m01"));
        let why = |reason: &str| ExFactoryChange {
            by: "li".into(),
            at_ms: 7,
            reason: reason.into(),
            ..ExFactoryChange::default()
        };
        assert!(change_ex_factory(&mut o, "c1", later, why(" "), true).is_err());
        change_ex_factory(&mut o, "c1", later, why("fabric late"), true).unwrap();
        assert_eq!(o.ex_factory, Some(later));
        assert_eq!(o.confirmed_ex_factory, Some(first));
        assert_eq!(o.milestones["m10"].planned, Some(later));
        assert_eq!(o.milestones["m04"].planned, Some(day("2026-04-17")));
        change_ex_factory(&mut o, "c2", day("2026-06-20"), why("again"), false).unwrap();
        assert_eq!(o.confirmed_ex_factory, Some(first));
        assert_eq!(o.milestones["m10"].planned, Some(later));
        let log = ex_factory_changes(&o);
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].1.from, Some(first));
        assert_eq!(log[0].1.to, Some(later));
        assert_eq!(log[0].1.by, "li");
        assert_eq!(log[1].1.reason, "again");
        // Shipped on the new date: late against the date first confirmed.
        o.shipments.insert(
            "s".into(),
            crate::shipment::Shipment {
                shipped_on: Some(later),
                ..Default::default()
            },
        );
        assert_eq!(o.shipped_on_time(), Some(false));
    }

    /// An order an older build confirmed with no ex-factory date gets its first one through the
    /// change: that first date is judged, and a later change cannot move it.
    #[test]
    fn the_first_date_given_to_an_order_confirmed_without_one_is_the_one_judged() {
        let mut o = order();
        o.status = crate::OrderStatus::InProduction;
        o.ex_factory = None;
        o.confirmed_ex_factory = None;
        let why = |reason: &str| ExFactoryChange {
            by: "li".into(),
            reason: reason.into(),
            ..ExFactoryChange::default()
        };
        let first = day("2026-06-01");
        change_ex_factory(&mut o, "c1", first, why("buyer confirmed"), false).unwrap();
        assert_eq!(o.confirmed_ex_factory, Some(first));
        change_ex_factory(&mut o, "c2", day("2026-06-30"), why("late"), false).unwrap();
        o.shipments.insert(
            "s".into(),
            crate::shipment::Shipment {
                shipped_on: Some(day("2026-06-30")),
                ..Default::default()
            },
        );
        assert_eq!(o.shipped_on_time(), Some(false), "judged by 06-01");
    }
}
