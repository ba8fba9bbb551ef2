//! Reports read from documents: the daily report (日报表) from the change history, KPIs by
//! customer, factory and month, and the lists of the "today" view.
//!
//! Everything here is a pure function of documents and a day passed in by the caller; results are
//! plain structs the UI renders or charts. The daily report reads Automerge's own history: each
//! change carries its time and `author\u{1f}device` message (see [`crate::document::commit`]), and
//! the diff between a change's dependencies and the change says which areas and fields it touched.

use std::collections::{BTreeMap, BTreeSet};

use automerge::{AutoCommit, Prop};

use crate::commercial::Commercial;
use crate::day::Day;
use crate::document::{author_of, Author};
use crate::inspection::{InspectionKind, Verdict};
use crate::order::{Order, OrderStatus};
use crate::production::{self, Stage};
use crate::tna::MilestoneStatus;
use crate::workspace::Settings;

const DAY_MS: i64 = 86_400_000;

/// One change made on the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeEntry {
    pub time_ms: i64,
    pub author: Author,
    /// Top-level areas touched: "ex_factory", "milestones", "inspections"…
    pub areas: BTreeSet<String>,
    /// Paths touched, at most three levels deep: "milestones.m01.actual", "status".
    pub fields: BTreeSet<String>,
}

/// The local day (given the caller's UTC offset) a change time falls on.
pub fn day_of(time_ms: i64, utc_offset_minutes: i32) -> Option<Day> {
    let local = time_ms.checked_add(i64::from(utc_offset_minutes) * 60_000)?;
    Day::from_unix_days(local.div_euclid(DAY_MS))
}

fn prop_text(p: &Prop) -> String {
    match p {
        Prop::Map(k) => k.to_string(),
        Prop::Seq(i) => i.to_string(),
    }
}

/// The changes of one document made on `day` (local time at `utc_offset_minutes`), oldest first,
/// with who made them and what they touched.
pub fn changes_on(doc: &mut AutoCommit, day: Day, utc_offset_minutes: i32) -> Vec<ChangeEntry> {
    let wanted: Vec<_> = doc
        .get_changes(&[])
        .into_iter()
        .filter(|c| day_of(c.timestamp(), utc_offset_minutes) == Some(day))
        .map(|c| {
            (
                c.hash(),
                c.deps().to_vec(),
                c.timestamp(),
                c.message().map(str::to_string).unwrap_or_default(),
            )
        })
        .collect();
    let mut out = Vec::new();
    for (hash, deps, time_ms, message) in wanted {
        let mut entry = ChangeEntry {
            time_ms,
            author: author_of(&message),
            areas: BTreeSet::new(),
            fields: BTreeSet::new(),
        };
        for patch in doc.diff(&deps, &[hash]) {
            let mut path: Vec<String> = patch.path.iter().map(|(_, p)| prop_text(p)).collect();
            match &patch.action {
                automerge::PatchAction::PutMap { key, .. }
                | automerge::PatchAction::DeleteMap { key } => path.push(key.clone()),
                automerge::PatchAction::Conflict { prop } => path.push(prop_text(prop)),
                _ => {}
            }
            if let Some(first) = path.first() {
                entry.areas.insert(first.clone());
            }
            path.truncate(3);
            if !path.is_empty() {
                entry.fields.insert(path.join("."));
            }
        }
        out.push(entry);
    }
    out.sort_by_key(|e| e.time_ms);
    out
}

/// The daily report over several documents: (document label, its changes on the day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyReport {
    pub day: Day,
    pub documents: Vec<(String, Vec<ChangeEntry>)>,
}

impl DailyReport {
    /// People who changed something that day.
    pub fn authors(&self) -> BTreeSet<String> {
        self.documents
            .iter()
            .flat_map(|(_, v)| v.iter().map(|e| e.author.name.clone()))
            .collect()
    }
}

/// The 日报表 for `day` over `docs` (label, document); documents without changes that day are
/// left out.
pub fn daily_report<'a>(
    docs: impl IntoIterator<Item = (String, &'a mut AutoCommit)>,
    day: Day,
    utc_offset_minutes: i32,
) -> DailyReport {
    DailyReport {
        day,
        documents: docs
            .into_iter()
            .map(|(label, doc)| (label, changes_on(doc, day, utc_offset_minutes)))
            .filter(|(_, v)| !v.is_empty())
            .collect(),
    }
}

/// What reports read from one order.
#[derive(Debug, Clone, Copy)]
pub struct OrderFacts<'a> {
    /// The order's document id.
    pub id: &'a str,
    pub order: &'a Order,
    pub commercial: Option<&'a Commercial>,
}

/// A count out of a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ratio {
    pub num: u64,
    pub den: u64,
}

impl Ratio {
    /// Rounded to the nearest tenth of a percent; `None` when nothing was counted.
    pub fn per_mille(&self) -> Option<u64> {
        (self.den > 0).then(|| (self.num * 1000 + self.den / 2) / self.den)
    }

    fn add(&mut self, hit: bool) {
        self.den += 1;
        self.num += u64::from(hit);
    }
}

/// The KPIs of a set of orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Kpis {
    /// Orders shipped on or before their ex-factory date, out of orders shipped.
    pub on_time_delivery: Ratio,
    /// Purchase orders delivered in full by their due date, out of those decided (complete, or
    /// past due).
    pub po_on_time: Ratio,
    /// Final inspections (not re-inspections) passed, out of final inspections completed.
    pub first_pass: Ratio,
    /// Defects found out of units sampled, over completed inspections of every kind.
    pub defect_rate: Ratio,
    pub complaints: u64,
}

impl Kpis {
    fn add_order(&mut self, o: &Order, now: Day) {
        self.add_order_without_pos(o);
        for po in o.purchase_orders.values() {
            self.add_po(po, now);
        }
    }

    fn add_po(&mut self, po: &crate::purchasing::PurchaseOrder, now: Day) {
        if let Some(on_time) = po.on_time(now) {
            self.po_on_time.add(on_time);
        }
    }

    fn add_order_without_pos(&mut self, o: &Order) {
        if let Some(on_time) = o.shipped_on_time() {
            self.on_time_delivery.add(on_time);
        }
        for i in o.inspections.values().filter(|i| i.completed) {
            if i.kind == InspectionKind::Final && i.reinspection_of.is_none() {
                self.first_pass
                    .add(matches!(i.verdict(), Ok(Verdict::Pass)));
            }
            if let Ok(n) = i.units_sampled() {
                self.defect_rate.num += u64::from(i.total_defects());
                self.defect_rate.den += u64::from(n);
            }
        }
        self.complaints += o.complaints.len() as u64;
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KpiReport {
    pub overall: Kpis,
    pub by_customer: BTreeMap<String, Kpis>,
    /// Keyed by factory party id ("" when the order names none). "PO on-time" is credited to
    /// each PO's supplier, not to the order's garment factory.
    pub by_factory: BTreeMap<String, Kpis>,
    /// Keyed by the ex-factory month "YYYY-MM" ("" when the order has no ex-factory date).
    pub by_month: BTreeMap<String, Kpis>,
}

/// KPIs over the orders, grouped by customer, factory and ex-factory month. Cancelled orders are
/// left out.
pub fn kpis(orders: &[OrderFacts<'_>], now: Day) -> KpiReport {
    let mut r = KpiReport::default();
    for f in orders {
        let o = f.order;
        if o.status == OrderStatus::Cancelled {
            continue;
        }
        let month = o
            .ex_factory
            .map(|d| d.to_string()[..7].to_string())
            .unwrap_or_default();
        r.overall.add_order(o, now);
        r.by_customer
            .entry(o.customer.clone())
            .or_default()
            .add_order(o, now);
        r.by_factory
            .entry(o.factory.clone().unwrap_or_default())
            .or_default()
            .add_order_without_pos(o);
        for po in o.purchase_orders.values() {
            r.by_factory
                .entry(po.supplier.clone())
                .or_default()
                .add_po(po, now);
        }
        r.by_month.entry(month).or_default().add_order(o, now);
    }
    r
}

/// One line of the today view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodayItem {
    /// The order's document id.
    pub order: String,
    /// The record concerned (milestone, inspection, PO, complaint id), if any.
    pub record: Option<String>,
    /// Name of the record or a short description.
    pub label: String,
    pub due: Option<Day>,
}

/// An order that may miss its ex-factory date, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtRisk {
    pub order: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Today {
    pub late_milestones: Vec<TodayItem>,
    /// Open milestones due from today to six days ahead.
    pub due_this_week: Vec<TodayItem>,
    /// Inspections scheduled today and not completed.
    pub inspections_today: Vec<TodayItem>,
    pub deposits_awaited: Vec<TodayItem>,
    pub balances_awaited: Vec<TodayItem>,
    pub pos_overdue: Vec<TodayItem>,
    /// Samples whose buyer reply is overdue (latest round of its kind, still pending).
    pub sample_replies_overdue: Vec<TodayItem>,
    pub open_complaints: Vec<TodayItem>,
    pub at_risk: Vec<AtRisk>,
    /// Orders in a state no rule allows (mostly after a merge), with what is wrong: someone has
    /// to decide. Cancelled and closed orders are included — a shipped order cancelled on
    /// another device is exactly what must not go unseen.
    pub needs_decision: Vec<NeedsDecision>,
}

/// An order that "needs a decision", with its [`crate::lifecycle::violations`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedsDecision {
    pub order: String,
    /// The customer PO, to name the order.
    pub label: String,
    pub violations: Vec<crate::lifecycle::Violation>,
}

fn item(order: &str, record: Option<&str>, label: &str, due: Option<Day>) -> TodayItem {
    TodayItem {
        order: order.to_string(),
        record: record.map(str::to_string),
        label: label.to_string(),
        due,
    }
}

/// Why an open, unshipped order may miss its ex-factory date on `now` (empty when it looks fine).
pub fn risk_reasons(o: &Order, now: Day, at_risk_days: u32) -> Vec<String> {
    let mut why = Vec::new();
    if !o.status.is_open() || matches!(o.status, OrderStatus::Shipped) || o.shipped_on().is_some() {
        return why;
    }
    let Some(xf) = o.ex_factory else {
        return why;
    };
    if now > xf {
        why.push(format!("ex-factory date {xf} has passed"));
    }
    for m in o.milestones.values() {
        let before_xf = m.planned.is_some_and(|p| p <= xf) && m.code != "ex_factory";
        if !before_xf || m.actual.is_some() {
            continue;
        }
        if m.status(now, at_risk_days) == MilestoneStatus::Late {
            why.push(format!("milestone late: {}", m.name));
        } else if m.due().is_some_and(|d| d > xf) {
            why.push(format!("milestone delayed past ex-factory: {}", m.name));
        }
    }
    let planned = o.quantities.total();
    if planned > 0 {
        for p in production::progress(o, now) {
            if p.stage == Stage::Sewing && p.behind() * 10 > planned {
                why.push(format!(
                    "sewing behind plan: {} of {} expected",
                    p.done,
                    p.expected.unwrap_or(0)
                ));
            }
        }
    }
    if now.days_until(xf) <= i64::from(at_risk_days) && !crate::inspection::final_passed(o) {
        why.push("final inspection not passed yet".into());
    }
    why
}

/// The today view over the orders.
pub fn today(orders: &[OrderFacts<'_>], settings: &Settings, now: Day) -> Today {
    let mut t = Today::default();
    let risk = settings.at_risk_days;
    for f in orders {
        let o = f.order;
        let violations = crate::lifecycle::violations(o, f.commercial, &settings.gates);
        if !violations.is_empty() {
            t.needs_decision.push(NeedsDecision {
                order: f.id.to_string(),
                label: o.customer_po.clone(),
                violations,
            });
        }
        if matches!(o.status, OrderStatus::Cancelled | OrderStatus::Closed) {
            continue;
        }
        for (id, m) in &o.milestones {
            let due = m.due();
            match m.status(now, risk) {
                MilestoneStatus::Late => t.late_milestones.push(item(f.id, Some(id), &m.name, due)),
                MilestoneStatus::Done | MilestoneStatus::Unplanned => {}
                _ => {
                    if due.is_some_and(|d| now.days_until(d) < 7) {
                        t.due_this_week.push(item(f.id, Some(id), &m.name, due));
                    }
                }
            }
        }
        for (id, i) in &o.inspections {
            if i.scheduled == Some(now) && !i.completed {
                t.inspections_today
                    .push(item(f.id, Some(id), i.kind.code(), i.scheduled));
            }
        }
        for (id, po) in &o.purchase_orders {
            if po.is_overdue(now) {
                t.pos_overdue
                    .push(item(f.id, Some(id), &po.label(), po.due));
            }
        }
        for (id, s) in crate::samples::replies_overdue(o, now) {
            let label = format!("{} #{}", s.kind.code(), s.round);
            t.sample_replies_overdue
                .push(item(f.id, Some(id), &label, s.reply_due));
        }
        for (id, c) in &o.complaints {
            if c.is_open() {
                t.open_complaints
                    .push(item(f.id, Some(id), &c.description, c.opened));
            }
        }
        if let Some(c) = f.commercial {
            let r = &c.receivables;
            if o.status.is_open() && r.deposit.amount.is_some() && !c.deposit_confirmed() {
                t.deposits_awaited
                    .push(item(f.id, None, &o.customer_po, r.deposit.due));
            }
            // The balance is listed on its own terms, even while the deposit is also unpaid.
            if r.balance.amount.is_some()
                && !c.balance_confirmed()
                && (r.balance.due.is_some_and(|d| now.days_until(d) < 7)
                    || matches!(
                        o.status,
                        OrderStatus::ReadyToShip | OrderStatus::Shipped | OrderStatus::Delivered
                    ))
            {
                t.balances_awaited
                    .push(item(f.id, None, &o.customer_po, r.balance.due));
            }
        }
        let reasons = risk_reasons(o, now, risk);
        if !reasons.is_empty() {
            t.at_risk.push(AtRisk {
                order: f.id.to_string(),
                reasons,
            });
        }
    }
    for list in [
        &mut t.late_milestones,
        &mut t.due_this_week,
        &mut t.pos_overdue,
        &mut t.sample_replies_overdue,
        &mut t.deposits_awaited,
        &mut t.balances_awaited,
    ] {
        list.sort_by(|a, b| (a.due, &a.order).cmp(&(b.due, &b.order)));
    }
    t
}
