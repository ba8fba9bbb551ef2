//! What the Reports screen needs from one order — its part of the KPIs and its delay reports —
//! with the dates kept rather than judged, so the KPIs for any day and allowance are drawn from
//! it without the document.
//!
//! Reports used to hydrate every order on each visit (about 7 s at 10,000 orders). The facts are
//! made whenever the order's summary is, and kept in it; Reports reads summaries only and loads
//! a document just for an order whose facts are missing or were made by another build.
//! [`crate::reports::kpis_with`] itself goes through [`ReportFacts::of`] and
//! [`ReportFacts::add_to`], so there is one implementation and the kept form cannot drift from
//! the direct one.
//!
//! What depends on the day (a PO past due) or on the workspace's allowance (when the order
//! became complete) is judged in [`ReportFacts::add_to`]; the rest (inspections, defects,
//! complaints) is counted here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::complaints::{ComplaintStatus, Severity};
use crate::day::Day;
use crate::inspection::{InspectionKind, Verdict};
use crate::order::{Order, OrderStatus};
use crate::purchasing::{on_time_by, IncomingResult};
use crate::reports::{KpiReport, Kpis, Ratio};
use crate::shipped::Delivery;

/// Bumped whenever what the facts hold or how they are judged changes, so facts kept by an older
/// build are made again from the document rather than trusted.
pub const VERSION: u32 = 10;

/// Whether a value is its type's default: such fields are left out of the kept JSON (read back
/// as the default), which halves a typical order's facts.
pub(crate) fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A purchase order, as its on-time rate is judged.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PoFacts {
    /// The supplier's party id, credited with the PO's on-time rate.
    #[serde(rename = "s", default, skip_serializing_if = "is_default")]
    pub supplier: String,
    #[serde(rename = "d", default, skip_serializing_if = "is_default")]
    pub due: Option<Day>,
    /// The day it was delivered in full (`PurchaseOrder::completed_on`).
    #[serde(rename = "c", default, skip_serializing_if = "is_default")]
    pub completed_on: Option<Day>,
    /// Deliveries judged at incoming inspection (来料检验), and of those rejected: the
    /// supplier's 不合格比率, counted in deliveries since a PO's units (m, pcs, kg) do not add up
    /// across POs.
    #[serde(rename = "i", default, skip_serializing_if = "is_default")]
    pub inspected: u64,
    #[serde(rename = "r", default, skip_serializing_if = "is_default")]
    pub rejected: u64,
}

/// One factory's record on the order: first pass and defects are credited to the factory that
/// made the lot ([`crate::inspection::Inspection::factory`]), complaints to the factory the order
/// named when each was opened ([`crate::complaints::Complaint::factory`]) — not to whichever
/// factory the order names now, so moving an order after a bad lot or a complaint neither cleans
/// the old factory's score nor stains the new one's.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QcFacts {
    #[serde(rename = "f", default, skip_serializing_if = "is_default")]
    pub factory: String,
    #[serde(rename = "fp", default, skip_serializing_if = "is_default")]
    pub first_pass: Ratio,
    #[serde(rename = "dr", default, skip_serializing_if = "is_default")]
    pub defects: Ratio,
    /// Complaints opened while the order named this factory.
    #[serde(rename = "n", default, skip_serializing_if = "is_default")]
    pub complaints: u64,
}

/// A delay reported on one of the order's milestones.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DelayFacts {
    #[serde(rename = "m", default, skip_serializing_if = "is_default")]
    pub milestone: String,
    #[serde(rename = "p", default, skip_serializing_if = "is_default")]
    pub planned: Option<Day>,
    #[serde(rename = "n", default, skip_serializing_if = "is_default")]
    pub new_date: Option<Day>,
    #[serde(rename = "c", default, skip_serializing_if = "is_default")]
    pub cause: String,
    #[serde(rename = "i", default, skip_serializing_if = "is_default")]
    pub informed: String,
    #[serde(rename = "b", default, skip_serializing_if = "is_default")]
    pub reported_by: String,
    #[serde(rename = "t", default, skip_serializing_if = "is_default")]
    pub reported_ms: i64,
}

/// One complaint, as the list of complaints across orders (客诉台帐) shows it: its codes kept as
/// text so a kind a later build adds still reads.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ComplaintFacts {
    /// The complaint's record id in the order.
    #[serde(rename = "i", default)]
    pub id: String,
    #[serde(rename = "s", default, skip_serializing_if = "is_default")]
    pub severity: String,
    #[serde(rename = "t", default, skip_serializing_if = "is_default")]
    pub status: String,
    #[serde(rename = "o", default, skip_serializing_if = "is_default")]
    pub opened: Option<Day>,
    #[serde(rename = "c", default, skip_serializing_if = "is_default")]
    pub closed: Option<Day>,
    /// The factory it counts against (party id; the one the order named for one stored
    /// without it).
    #[serde(rename = "f", default, skip_serializing_if = "is_default")]
    pub factory: String,
    /// Who complained.
    #[serde(rename = "w", default, skip_serializing_if = "is_default")]
    pub source: String,
    /// The start of its description ([`ComplaintFacts::SAID`] characters at most): the row's
    /// words, while the summary holding it stays small.
    #[serde(rename = "d", default, skip_serializing_if = "is_default")]
    pub said: String,
    #[serde(rename = "q", default, skip_serializing_if = "is_default")]
    pub defective: u64,
    #[serde(rename = "ow", default, skip_serializing_if = "is_default")]
    pub owner: String,
    /// Pieces the buyer sent back under it, and of those, the ones still to send again
    /// ([`crate::goods_returns`]).
    #[serde(rename = "rb", default, skip_serializing_if = "is_default")]
    pub returned: u64,
    #[serde(rename = "rs", default, skip_serializing_if = "is_default")]
    pub to_resend: u64,
}

impl ComplaintFacts {
    /// The most of a description kept.
    pub const SAID: usize = 80;

    fn of(id: &str, c: &crate::complaints::Complaint, order: &Order) -> ComplaintFacts {
        let d = c.description.trim();
        let said = if d.chars().count() > Self::SAID {
            d.chars().take(Self::SAID - 1).chain(['…']).collect()
        } else {
            d.to_string()
        };
        ComplaintFacts {
            id: id.to_string(),
            severity: c.severity.code().to_string(),
            status: c.status.code().to_string(),
            opened: c.opened,
            closed: c.closed,
            factory: order
                .credited_factory(&c.factory)
                .unwrap_or_default()
                .to_string(),
            source: c.source.trim().to_string(),
            said,
            defective: c.defective_qty,
            owner: c.owner.trim().to_string(),
            returned: crate::goods_returns::returned_on(order, id),
            to_resend: crate::goods_returns::awaiting(order)
                .iter()
                .filter(|(_, r)| r.complaint == id)
                .map(|(_, r)| r.qty)
                .sum(),
        }
    }

    /// Still being handled: open or in progress (a code no build knows counts as open, so it is
    /// not lost from sight).
    pub fn is_open(&self) -> bool {
        !matches!(
            ComplaintStatus::from_code(&self.status),
            ComplaintStatus::Resolved | ComplaintStatus::Closed
        )
    }

    /// The severity's rank, most severe first (an unknown code after the known ones).
    pub fn severity_rank(&self) -> u8 {
        match Severity::from_code(&self.severity) {
            Severity::Critical => 0,
            Severity::Major => 1,
            Severity::Minor => 2,
            Severity::Other(_) => 3,
        }
    }
}

/// One charge a supplier is owed with a due day, for "suppliers paid on time" (付款处理能力): whom,
/// when due, and the day it was paid off (`None` while anything is unpaid). Money, so it is kept
/// in the order's agenda, which is made where the books are ([`crate::agenda::Agenda::paid`]),
/// not in these facts, which depend on the order alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaidFact {
    #[serde(rename = "s", default)]
    pub supplier: String,
    #[serde(rename = "d")]
    pub due: Day,
    #[serde(rename = "p", default)]
    pub paid: Option<Day>,
}

/// One order's facts for Reports. See the module documentation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReportFacts {
    /// The [`VERSION`] they were made under.
    #[serde(rename = "v", default)]
    pub version: u32,
    /// Cancelled orders count for no KPI (their delays are still listed).
    #[serde(rename = "x", default, skip_serializing_if = "is_default")]
    pub cancelled: bool,
    /// The customer as typed on the order (the KPIs' customer groups).
    #[serde(rename = "c", default, skip_serializing_if = "is_default")]
    pub customer: String,
    /// The factory's party id ("" when none is named).
    #[serde(rename = "f", default, skip_serializing_if = "is_default")]
    pub factory: String,
    /// The ex-factory month "YYYY-MM" ("" without an ex-factory date).
    #[serde(rename = "m", default, skip_serializing_if = "is_default")]
    pub month: String,
    #[serde(rename = "d", default, skip_serializing_if = "is_default")]
    pub delivery: Delivery,
    /// Final inspections (not re-inspections) passed, out of those completed.
    #[serde(rename = "fp", default, skip_serializing_if = "is_default")]
    pub first_pass: Ratio,
    /// Defects found out of units sampled, over completed inspections of every kind.
    #[serde(rename = "dr", default, skip_serializing_if = "is_default")]
    pub defects: Ratio,
    /// The same two measures, factory by factory as the lots were made (sorted by factory).
    #[serde(rename = "q", default, skip_serializing_if = "is_default")]
    pub qc: Vec<QcFacts>,
    #[serde(rename = "n", default, skip_serializing_if = "is_default")]
    pub complaints: u64,
    #[serde(rename = "p", default, skip_serializing_if = "is_default")]
    pub purchase_orders: Vec<PoFacts>,
    /// Every delay reported, milestone by milestone in the order's milestone order.
    #[serde(rename = "dl", default, skip_serializing_if = "is_default")]
    pub delays: Vec<DelayFacts>,
    /// Every complaint, by id.
    #[serde(rename = "cl", default, skip_serializing_if = "is_default")]
    pub complaint_list: Vec<ComplaintFacts>,
    /// Every notice carried in the order to its factory ([`crate::notices`]), by id.
    #[serde(rename = "nt", default, skip_serializing_if = "is_default")]
    pub notices: Vec<crate::notices::NoticeFacts>,
}

impl ReportFacts {
    pub fn of(order: &Order) -> ReportFacts {
        let mut first_pass = Ratio::default();
        let mut defects = Ratio::default();
        let mut qc = BTreeMap::<&str, QcFacts>::new();
        for i in order.inspections.values().filter(|i| i.completed) {
            let at = record_of(&mut qc, order.credited_factory(&i.factory));
            if i.kind == InspectionKind::Final && i.reinspection_of.is_none() {
                // As first finished: reopening to turn a failed lot around changes no measure.
                let passed = i.first_passed();
                let passed = passed.unwrap_or(matches!(i.verdict(), Ok(Verdict::Pass)));
                first_pass.add(passed);
                at.first_pass.add(passed);
            }
            if let Ok(n) = i.units_sampled() {
                let found = Ratio {
                    num: u64::from(i.total_defects()),
                    den: u64::from(n),
                };
                defects.add_all(found);
                at.defects.add_all(found);
            }
        }
        for c in order.complaints.values() {
            record_of(&mut qc, order.credited_factory(&c.factory)).complaints += 1;
        }
        let delays = crate::tna::in_order(order)
            .into_iter()
            .flat_map(|(_, m)| {
                m.delays.values().map(|d| DelayFacts {
                    milestone: m.name.clone(),
                    planned: m.planned,
                    new_date: d.new_date,
                    cause: d.cause.clone(),
                    informed: d.informed.clone(),
                    reported_by: d.reported_by.clone(),
                    reported_ms: d.reported_ms,
                })
            })
            .collect();
        ReportFacts {
            version: VERSION,
            cancelled: order.status == OrderStatus::Cancelled,
            customer: order.customer.clone(),
            factory: order.factory.clone().unwrap_or_default(),
            month: order
                .ex_factory
                .map(|d| d.to_string()[..7].to_string())
                .unwrap_or_default(),
            delivery: Delivery::of(order),
            first_pass,
            defects,
            qc: qc.into_values().collect(),
            complaints: order.complaints.len() as u64,
            purchase_orders: order
                .purchase_orders
                .values()
                .map(|po| {
                    let judged = po
                        .deliveries
                        .values()
                        .filter(|d| d.result() != IncomingResult::Pending);
                    PoFacts {
                        supplier: po.supplier.clone(),
                        // Judged by its first due day; cancelled by it, it counts for nothing.
                        due: po.judged_due().filter(|_| !po.cancelled_in_time()),
                        completed_on: po.completed_on(),
                        inspected: judged.clone().count() as u64,
                        rejected: judged
                            .filter(|d| d.result() == IncomingResult::Rejected)
                            .count() as u64,
                    }
                })
                .collect(),
            delays,
            complaint_list: order
                .complaints
                .iter()
                .map(|(id, c)| ComplaintFacts::of(id, c, order))
                .collect(),
            notices: order
                .notices
                .iter()
                .map(|(id, n)| crate::notices::NoticeFacts::of(id, n))
                .collect(),
        }
    }

    /// Made by this build: anything else is made again from the document.
    pub fn is_current(&self) -> bool {
        self.version == VERSION
    }

    /// Adds the order to `report` as of `now`, complete when shipped within its own allowance
    /// or else the workspace's `(short, over)` per mille. A cancelled order adds nothing.
    pub fn add_to(&self, report: &mut KpiReport, now: Day, allowance: (u32, u32)) {
        if self.cancelled {
            return;
        }
        let mut order = Kpis::default();
        self.add_without_pos(&mut order, allowance, now);
        let mut pos = Kpis::default();
        for po in &self.purchase_orders {
            add_po(&mut pos, po, now);
            add_po(
                report.by_factory.entry(po.supplier.clone()).or_default(),
                po,
                now,
            );
        }
        for to in [
            &mut report.overall,
            report.by_customer.entry(self.customer.clone()).or_default(),
            report.by_month.entry(self.month.clone()).or_default(),
        ] {
            to.add(&order);
            to.add(&pos);
        }
        // "PO on-time" is credited to each PO's supplier, not to the garment factory; first
        // pass and defects to the factory that made each lot, complaints to the factory named
        // when each was opened; delivery to the order's factory, which moves only with a reason
        // once it shipped or was complained about (`factory_change`).
        let mut made_here = order;
        made_here.first_pass = Ratio::default();
        made_here.defect_rate = Ratio::default();
        made_here.complaints = 0;
        report
            .by_factory
            .entry(self.factory.clone())
            .or_default()
            .add(&made_here);
        for q in &self.qc {
            let k = report.by_factory.entry(q.factory.clone()).or_default();
            k.first_pass.add_all(q.first_pass);
            k.defect_rate.add_all(q.defects);
            k.complaints += q.complaints;
        }
    }

    /// Adds the order's supplier charges ([`PaidFact`]s from its agenda) on `now` to the same
    /// groups as [`ReportFacts::add_to`]: overall, the order's customer and month, and each
    /// charge's supplier (as "PO on time" is credited to the PO's supplier). A charge counts
    /// once it is paid off or past due; a cancelled order counts for no KPI.
    pub fn add_payments_to(&self, report: &mut KpiReport, paid: &[PaidFact], now: Day) {
        if self.cancelled || paid.is_empty() {
            return;
        }
        let mut all = Kpis::default();
        for p in paid {
            if let Some(on_time) = on_time_by(Some(p.due), p.paid, now) {
                all.suppliers_paid_on_time.add(on_time);
                report
                    .by_factory
                    .entry(p.supplier.clone())
                    .or_default()
                    .suppliers_paid_on_time
                    .add(on_time);
            }
        }
        for to in [
            &mut report.overall,
            report.by_customer.entry(self.customer.clone()).or_default(),
            report.by_month.entry(self.month.clone()).or_default(),
        ] {
            to.add(&all);
        }
    }

    fn add_without_pos(&self, k: &mut Kpis, allowance: (u32, u32), now: Day) {
        let d = &self.delivery;
        if let Some(on_time) = d.on_time_as_of(d.allowance(allowance), now) {
            k.on_time_delivery.add(on_time);
        }
        if let Some(on_time) = d.first_shipment_on_time() {
            k.first_shipment_on_time.add(on_time);
        }
        k.first_pass.add_all(self.first_pass);
        k.defect_rate.add_all(self.defects);
        k.complaints += self.complaints;
    }
}

/// `factory`'s record in `qc` ([`Order::credited_factory`]; "" when nobody is credited), made
/// when missing.
fn record_of<'a, 'q>(
    qc: &'q mut BTreeMap<&'a str, QcFacts>,
    factory: Option<&'a str>,
) -> &'q mut QcFacts {
    let f = factory.unwrap_or_default();
    qc.entry(f).or_insert_with(|| QcFacts {
        factory: f.to_string(),
        ..QcFacts::default()
    })
}

fn add_po(k: &mut Kpis, po: &PoFacts, now: Day) {
    if let Some(on_time) = on_time_by(po.due, po.completed_on, now) {
        k.po_on_time.add(on_time);
    }
    k.deliveries_rejected.add_all(Ratio {
        num: po.rejected,
        den: po.inspected,
    });
}
