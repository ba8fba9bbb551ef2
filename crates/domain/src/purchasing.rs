//! Purchase orders (采购订单) to fabric mills, trim suppliers and subcontractors (外协厂): what was
//! ordered, the two confirmations the house rules ask for (传真确认 + 电话确认), and what arrived.
//!
//! Deliveries are records keyed by id (partial deliveries are normal and several people receive
//! goods), so the received total is derived and never a number two devices overwrite. Lateness and
//! the PO on-time rate are judged on a day the caller passes.

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::error::{problem, DomainError};
use crate::measure::Milli;
use crate::money::Price;
use crate::order::Order;
use crate::problem::{Field, Issue, Problem};
use crate::records::RecordMap;
use crate::sorting::{sort_by, sort_by_key};

crate::code_enum! {
    pub enum ItemKind default Fabric {
        Fabric = "fabric",
        /// 辅料: buttons, zips, labels, thread…
        Trims = "trims",
        Packaging = "packaging",
        /// Cut-make-trim or a process (printing, embroidery, washing) at a subcontractor.
        Subcontract = "subcontract",
        Misc = "other",
    }
}

crate::code_enum! {
    pub enum IncomingResult default Pending {
        Pending = "pending",
        Accepted = "accepted",
        AcceptedWithRemarks = "accepted_with_remarks",
        Rejected = "rejected",
    }
}

/// A confirmation by one channel: who confirmed, with whom, when.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Confirmation {
    pub by: String,
    /// The supplier's person who confirmed.
    pub counterpart: String,
    pub on: Option<Day>,
    pub note: String,
    /// The buyer's confirmation of an order: what goods it confirmed
    /// ([`crate::buyer_confirm::goods_of`]); empty on a PO's and on one an older build kept.
    #[autosurgeon(missing = "Default::default")]
    pub goods: String,
}

/// One delivery against a purchase order, with its incoming inspection.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Delivery {
    pub date: Option<Day>,
    pub qty: Milli,
    pub received_by: String,
    pub inspection: IncomingResult,
    pub inspection_note: String,
    /// 入库: the goods put into stock after incoming inspection accepted them.
    #[autosurgeon(missing = "Default::default")]
    pub stored: Option<Stored>,
    /// Who decided the incoming inspection's result, and the day; empty while pending (and on
    /// deliveries recorded before it was kept).
    #[autosurgeon(missing = "Default::default")]
    pub inspected_by: String,
    #[autosurgeon(missing = "Default::default")]
    pub inspected: Option<Day>,
    /// Each change of a result already decided, keyed by random id: what a payable may count
    /// follows the result, so turning a rejection into an acceptance (or back) is said and kept.
    #[autosurgeon(missing = "Default::default")]
    pub inspection_changes: RecordMap<InspectionChange>,
    /// The day it was entered (the device's day), beside the day typed in `date`.
    #[autosurgeon(missing = "Default::default")]
    pub recorded: Option<Day>,
    /// Why a delivery dated by the PO's due day was entered only after it: dated so, it counts
    /// on time ([`PurchaseOrder::on_time`]), so the backdating is said ([`record_delivery`]).
    #[autosurgeon(missing = "Default::default")]
    pub late_entry_reason: String,
    /// Every result decided, keyed by random id. `inspection` is one field, so two devices
    /// deciding the same delivery offline (rejected on one, accepted on the other) merged into
    /// whichever write won, silently, and the payable followed it; kept each, the disagreement
    /// is seen ([`Delivery::verdict_conflict`]) and the delivery is undecided until someone
    /// decides it again.
    #[autosurgeon(missing = "Default::default")]
    pub verdicts: RecordMap<IncomingVerdict>,
}

/// One decision of a delivery's incoming inspection as recorded: the result, who, the day, and
/// whether a later decision on a device that had seen it replaced it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct IncomingVerdict {
    pub result: IncomingResult,
    pub who: String,
    pub day: Option<Day>,
    pub superseded: bool,
}

crate::record_fields!(IncomingVerdict;
    result: IncomingResult,
    who: String,
    day: Option<Day>,
    superseded: bool,
);

impl Delivery {
    /// Dated on or before `due` but entered after it (kept only with the reason,
    /// [`record_delivery`]).
    pub fn entered_after_due(&self, due: Option<Day>) -> bool {
        crate::day::backdated(self.date, due, self.recorded)
    }

    /// The results decided on devices that had not seen each other's, when they disagree,
    /// oldest first; empty when they agree or there is at most one.
    pub fn verdict_conflict(&self) -> Vec<(&String, &IncomingVerdict)> {
        let mut live: Vec<_> = self
            .verdicts
            .iter()
            .filter(|(_, v)| !v.superseded)
            .collect();
        sort_by_key(&mut live, |(id, v)| (v.day, (*id).clone()));
        if live.windows(2).any(|w| w[0].1.result != w[1].1.result) {
            live
        } else {
            Vec::new()
        }
    }

    /// The result everything counts by: undecided ([`IncomingResult::Pending`]) while decisions
    /// made apart disagree, so neither the payable nor the PO's completion follows whichever
    /// write a merge happened to keep; else the decision kept with who and when, when there is
    /// one (an older build writing `inspection` alone does not override it); else `inspection`
    /// (a delivery decided before decisions were kept).
    pub fn result(&self) -> IncomingResult {
        if !self.verdict_conflict().is_empty() {
            return IncomingResult::Pending;
        }
        self.verdicts
            .values()
            .find(|v| !v.superseded)
            .map_or_else(|| self.inspection.clone(), |v| v.result.clone())
    }

    /// Accepted at incoming inspection, with or without remarks, and not disputed.
    pub fn is_accepted(&self) -> bool {
        matches!(
            self.result(),
            IncomingResult::Accepted | IncomingResult::AcceptedWithRemarks
        )
    }

    /// Records a decision: it replaces every decision this device knows of.
    fn decide(&mut self, id: &str, result: IncomingResult, who: &str, day: Day) {
        for v in self.verdicts.values_mut() {
            v.superseded = true;
        }
        self.verdicts.insert(
            id.to_string(),
            IncomingVerdict {
                result: result.clone(),
                who: who.trim().to_string(),
                day: Some(day),
                superseded: false,
            },
        );
        self.inspection = result;
    }
}

/// A decided incoming-inspection result changed: from, to, who, the day and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct InspectionChange {
    pub from: IncomingResult,
    pub to: IncomingResult,
    pub who: String,
    pub day: Option<Day>,
    pub reason: String,
}

crate::record_fields!(InspectionChange;
    from: IncomingResult,
    to: IncomingResult,
    who: String,
    day: Option<Day>,
    reason: String,
);

/// Who judges a delivery's incoming inspection, the day, why (needed to change a result already
/// decided) and the record id of that change in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judge<'a> {
    pub who: &'a str,
    pub today: Day,
    pub reason: &'a str,
    pub change_id: &'a str,
}

/// Where and when accepted goods went into stock, and who put them there.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Stored {
    pub day: Option<Day>,
    pub location: String,
    pub who: String,
}

/// The most over-delivery a PO may accept to pay for: 10 % of the ordered quantity. Beyond it the
/// tolerance no longer covers a dye lot's or a roll's overrun: it pays for goods nobody ordered.
pub const MAX_PO_TOLERANCE_BP: u32 = 1_000;

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct PurchaseOrder {
    pub po_no: String,
    /// Party id of the supplier or subcontractor.
    pub supplier: String,
    pub item: ItemKind,
    pub description: String,
    pub spec: String,
    /// Fabric in metres or kilograms, trims in pieces or gross: exact to three decimals.
    pub qty: Milli,
    pub unit: String,
    pub due: Option<Day>,
    /// 传真确认 — written confirmation (fax, e-mail, signed PO).
    pub written_confirmation: Option<Confirmation>,
    /// 电话确认 — confirmed by phone.
    pub phone_confirmation: Option<Confirmation>,
    pub deliveries: RecordMap<Delivery>,
    /// Over-delivery the team accepts to pay for, in basis points of the ordered quantity (300 =
    /// 3 %, usual for fabric). Accepted goods beyond it are flagged and never paid.
    #[autosurgeon(missing = "Default::default")]
    pub tolerance_bp: u32,
    /// 紧急物料: production waits on this material, so it is chased daily and on Today until it
    /// is in full.
    #[autosurgeon(missing = "Default::default")]
    pub urgent: Option<Urgency>,
    /// 交货跟进与反馈: each time the supplier was chased, what it said and the day it promised,
    /// keyed by random id so two devices' notes merge.
    #[autosurgeon(missing = "Default::default")]
    pub follow_ups: RecordMap<FollowUp>,
    /// 短交结案: closed before it was delivered in full, accepting what arrived ([`close_short`]).
    #[autosurgeon(missing = "Default::default")]
    pub closed: Option<PoClosed>,
    /// 采购变更: each change of the quantity or the due day once placed, keyed by random id
    /// ([`revise`]).
    #[autosurgeon(missing = "Default::default")]
    pub revisions: RecordMap<PoRevision>,
    /// The due day the PO had before its first revision moved it: the PO on-time rate is judged
    /// against it, as an order's on-time delivery is against its first ex-factory date.
    #[autosurgeon(missing = "Default::default")]
    pub first_due: Option<Day>,
    /// Cancelled before any goods came ([`cancel`]): who, the day and why.
    #[autosurgeon(missing = "Default::default")]
    pub cancelled: Option<PoClosed>,
    /// Kept open with its supplier while that supplier is suspended: who, the day and why
    /// ([`crate::standing::keep_po`]).
    #[autosurgeon(missing = "Default::default")]
    pub kept_suspended: Option<crate::standing::KeptSuspended>,
}

/// One change of a placed PO: the quantity and due day before and after, who, the day, why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct PoRevision {
    pub qty_from: Milli,
    pub qty_to: Milli,
    pub due_from: Option<Day>,
    pub due_to: Option<Day>,
    pub who: String,
    pub day: Option<Day>,
    pub reason: String,
}

crate::record_fields!(PoRevision;
    qty_from: Milli,
    qty_to: Milli,
    due_from: Option<Day>,
    due_to: Option<Day>,
    who: String,
    day: Option<Day>,
    reason: String,
);

impl PoRevision {
    /// Fewer ordered: what arrived may then be "in full" — judged no earlier than this day.
    pub fn lowers(&self) -> bool {
        self.qty_to < self.qty_from
    }
}

/// Who closed a PO short (or cancelled it), the day they did and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct PoClosed {
    pub who: String,
    pub day: Option<Day>,
    pub reason: String,
}

impl PoClosed {
    /// Closed (short, or cancelled) by `who` on `today`, refused without a reason (named as
    /// `field`).
    fn by(who: &str, today: Day, reason: &str, field: Field) -> Result<PoClosed, DomainError> {
        match reason.trim() {
            "" => Err(problem(field, Issue::Required)),
            r => Ok(PoClosed {
                who: who.trim().to_string(),
                day: Some(today),
                reason: r.to_string(),
            }),
        }
    }
}

/// Why a PO's material is urgent, who said so and since when.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Urgency {
    pub reason: String,
    pub who: String,
    pub since: Option<Day>,
}

/// One chase of a supplier: when, by whom, what it said, and the delivery day it promised.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct FollowUp {
    pub day: Option<Day>,
    pub who: String,
    pub note: String,
    pub promised: Option<Day>,
}

crate::record_fields!(FollowUp;
    day: Option<Day>,
    who: String,
    note: String,
    promised: Option<Day>,
);

crate::record_fields!(PurchaseOrder;
    po_no: String,
    supplier: String,
    item: ItemKind,
    description: String,
    spec: String,
    qty: Milli,
    unit: String,
    due: Option<Day>,
    written_confirmation: Option<Confirmation>,
    phone_confirmation: Option<Confirmation>,
    deliveries: RecordMap<Delivery>,
    tolerance_bp: u32,
    urgent: Option<Urgency>,
    follow_ups: RecordMap<FollowUp>,
    closed: Option<PoClosed>,
    revisions: RecordMap<PoRevision>,
    first_due: Option<Day>,
    cancelled: Option<PoClosed>,
    kept_suspended: Option<crate::standing::KeptSuspended>,
);

crate::code_enum! {
    /// The two ways a supplier confirms a PO, both required by the house rules.
    pub enum ConfirmChannel default Written {
        /// 传真确认: fax, e-mail or a signed PO.
        Written = "written",
        /// 电话确认
        Phone = "phone",
    }
}

/// Where a PO stands, for the list: derived, never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoProgress {
    /// Placed, but not yet confirmed both ways.
    Unconfirmed,
    /// Confirmed, nothing accepted yet.
    Confirmed,
    /// Part of the quantity accepted.
    Partial,
    /// The ordered quantity accepted in full.
    Complete,
    /// Cancelled before any goods came.
    Cancelled,
}

impl PurchaseOrder {
    /// What the list calls the PO: its number, else its description.
    pub fn label(&self) -> String {
        match (self.po_no.trim(), self.description.trim()) {
            ("", d) => d.to_string(),
            (n, "") => n.to_string(),
            (n, d) => format!("{n} · {d}"),
        }
    }

    /// The rules a PO must satisfy: a supplier, something to buy, a quantity above zero and its
    /// unit.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        if self.supplier.trim().is_empty() {
            out.push(Problem::new(Field::Supplier, Issue::Required));
        }
        if self.description.trim().is_empty() {
            out.push(Problem::new(Field::Description, Issue::Required));
        }
        if self.qty.thousandths() <= 0 {
            out.push(Problem::new(Field::Qty, Issue::NotPositive));
        }
        if self.unit.trim().is_empty() {
            out.push(Problem::new(Field::Unit, Issue::Required));
        }
        // A PO with no day it is needed by is never late: it would count in no on-time rate
        // and never be chased on Today.
        if self.due.is_none() {
            out.push(Problem::new(Field::RequiredDate, Issue::Required));
        }
        if self.tolerance_bp > MAX_PO_TOLERANCE_BP {
            out.push(Problem::new(Field::PoTolerance, Issue::TooLarge));
        }
        out
    }

    pub fn confirmation(&self, channel: &ConfirmChannel) -> Option<&Confirmation> {
        match channel {
            ConfirmChannel::Written => self.written_confirmation.as_ref(),
            _ => self.phone_confirmation.as_ref(),
        }
    }

    /// The day the PO counted as confirmed: the later of the two confirmations.
    pub fn confirmed_on(&self) -> Option<Day> {
        match (&self.written_confirmation, &self.phone_confirmation) {
            (Some(w), Some(p)) => w.on.max(p.on),
            _ => None,
        }
    }

    pub fn progress(&self) -> PoProgress {
        if self.cancelled.is_some() {
            PoProgress::Cancelled
        } else if self.is_complete() {
            PoProgress::Complete
        } else if self.received().thousandths() > 0 {
            PoProgress::Partial
        } else if self.is_confirmed() {
            PoProgress::Confirmed
        } else {
            PoProgress::Unconfirmed
        }
    }

    /// The value of what was received and accepted at `price` (the PO's price lives in the
    /// commercial document), for 对账.
    pub fn received_value(&self, price: Price) -> Option<Price> {
        value_of(price, self.received())
    }

    /// The follow-ups, oldest first (then by id, the same on every replica).
    pub fn follow_ups_in_order(&self) -> Vec<(&String, &FollowUp)> {
        let mut v: Vec<_> = self.follow_ups.iter().collect();
        sort_by(&mut v, |a, b| (a.1.day, a.0).cmp(&(b.1.day, b.0)));
        v
    }

    /// The delivery day the supplier promised last (the latest follow-up that named one).
    pub fn promised(&self) -> Option<Day> {
        self.follow_ups_in_order()
            .into_iter()
            .rev()
            .find_map(|(_, f)| f.promised)
    }

    /// Deliveries, oldest first (then by id, the same on every replica).
    pub fn deliveries_in_order(&self) -> Vec<(&String, &Delivery)> {
        let mut v: Vec<_> = self.deliveries.iter().collect();
        sort_by(&mut v, |a, b| (a.1.date, a.0).cmp(&(b.1.date, b.0)));
        v
    }

    /// Both confirmations recorded, as the house rule requires before the PO counts as placed.
    pub fn is_confirmed(&self) -> bool {
        self.written_confirmation.is_some() && self.phone_confirmation.is_some()
    }

    /// Received so far; deliveries rejected at incoming inspection do not count.
    pub fn received(&self) -> Milli {
        self.sum_of(|d| d.result() != IncomingResult::Rejected)
    }

    /// Accepted at incoming inspection (with or without remarks): what a payable may count and
    /// what completes the PO. Deliveries still pending inspection (or whose results, decided
    /// apart, disagree) and rejected ones do not count.
    pub fn accepted(&self) -> Milli {
        self.sum_of(Delivery::is_accepted)
    }

    /// Received but not yet decided at incoming inspection: the goods are in, the PO is not
    /// complete until they are judged.
    pub fn awaiting_inspection(&self) -> Milli {
        self.sum_of(|d| d.result() == IncomingResult::Pending)
    }

    fn sum_of(&self, which: impl Fn(&Delivery) -> bool) -> Milli {
        let t: i64 = self
            .deliveries
            .values()
            .filter(|d| which(d))
            .map(|d| d.qty.thousandths())
            .sum();
        Milli::from_thousandths(t)
    }

    /// The most the team pays for: the ordered quantity plus the tolerance.
    pub fn payable_limit(&self) -> Milli {
        let q = i128::from(self.qty.thousandths());
        let extra = q * i128::from(self.tolerance_bp) / 10_000;
        Milli::from_thousandths(i64::try_from(q + extra).unwrap_or(i64::MAX))
    }

    /// Accepted quantity beyond the PO's tolerance: flagged, and left out of every payable.
    pub fn over_delivery(&self) -> Milli {
        Milli::from_thousandths(
            (self.accepted().thousandths() - self.payable_limit().thousandths()).max(0),
        )
    }

    /// The quantity a payable counts: accepted, capped at the ordered quantity plus tolerance.
    pub fn payable_qty(&self) -> Milli {
        Milli::from_thousandths(
            self.accepted()
                .thousandths()
                .min(self.payable_limit().thousandths()),
        )
    }

    /// The value owed at `price` for what was accepted, within tolerance (对账).
    pub fn payable_value(&self, price: Price) -> Option<Price> {
        value_of(price, self.payable_qty())
    }

    /// Still to come (never negative; over-delivery shows as zero outstanding).
    pub fn outstanding(&self) -> Milli {
        Milli::from_thousandths((self.qty.thousandths() - self.received().thousandths()).max(0))
    }

    /// Goods came against it that were not rejected (accepted, or waiting for incoming
    /// inspection): it is then closed short, never cancelled.
    pub fn goods_came(&self) -> bool {
        self.deliveries
            .values()
            .any(|d| d.result() != IncomingResult::Rejected)
    }

    /// Still to be delivered: neither complete nor cancelled.
    pub fn is_open(&self) -> bool {
        !self.is_complete() && self.cancelled.is_none()
    }

    pub fn is_complete(&self) -> bool {
        self.delivered_in_full() || self.closed.is_some()
    }

    /// Accepted in full: goods still waiting for incoming inspection do not complete a PO, or
    /// a delivery never judged would count it delivered (and on time) for ever.
    fn delivered_in_full(&self) -> bool {
        self.qty.thousandths() > 0 && self.accepted().thousandths() >= self.qty.thousandths()
    }

    /// The day the ordered quantity was complete: the delivery date that brought the accepted
    /// total to the ordered quantity — no earlier than a revision that lowered the quantity,
    /// since lowering it to what arrived makes the PO "in full" (as closing it short does).
    pub fn completed_on(&self) -> Option<Day> {
        let lowered = self
            .revisions
            .values()
            .filter(|r| r.lowers())
            .filter_map(|r| r.day)
            .max();
        self.completed_as_ordered()
            .map(|d| d.max(lowered.unwrap_or(d)))
    }

    /// The due day the PO on-time rate judges: the first one it had ([`PurchaseOrder::first_due`]).
    pub fn judged_due(&self) -> Option<Day> {
        self.first_due.or(self.due)
    }

    fn completed_as_ordered(&self) -> Option<Day> {
        match (&self.closed, self.delivered_in_full()) {
            // Closed short: complete when the last goods it keeps came and it was closed, the
            // later of the two, so closing long after the due day never counts on time.
            (Some(c), false) => {
                let last = self
                    .deliveries
                    .values()
                    .filter(|d| d.is_accepted())
                    .filter_map(|d| d.date)
                    .max();
                last.max(c.day)
            }
            _ => self.full_on(),
        }
    }

    /// The delivery date that brought the accepted total to the ordered quantity.
    fn full_on(&self) -> Option<Day> {
        let mut dels: Vec<_> = self
            .deliveries
            .values()
            .filter(|d| d.is_accepted())
            .collect();
        sort_by_key(&mut dels, |d| d.date);
        let mut sum = 0i64;
        for d in dels {
            sum += d.qty.thousandths();
            if sum >= self.qty.thousandths() && self.qty.thousandths() > 0 {
                return d.date;
            }
        }
        None
    }

    /// Delivered in full by its first due date: `Some(true/false)` once complete or once that
    /// date has passed on `now`; `None` while it can still be on time, or without a due date. A
    /// PO cancelled by its due day counts for nothing; one cancelled after it, late.
    pub fn on_time(&self, now: Day) -> Option<bool> {
        on_time_by(self.judged_due(), self.completed_on(), now)
            .filter(|_| !self.cancelled_in_time())
    }

    /// Cancelled on or before the due day it is judged by: it then counts in no KPI.
    pub fn cancelled_in_time(&self) -> bool {
        // Goods accepted or waiting on it (a merge with a device that had not seen the
        // cancelling): it is judged as any PO.
        if self.goods_came() {
            return false;
        }
        match (&self.cancelled, self.judged_due()) {
            (Some(c), Some(due)) => c.day.is_none_or(|d| d <= due),
            (Some(_), None) => true,
            (None, _) => false,
        }
    }

    /// Past its (revised) due day and not complete: chased on Today. A cancelled PO is not.
    pub fn is_overdue(&self, now: Day) -> bool {
        self.due.is_some_and(|due| now > due) && self.is_open()
    }

    /// The PO's value at `price` (quantity × unit price, rounded to the ten-thousandth).
    pub fn value(&self, price: Price) -> Option<Price> {
        value_of(price, self.qty)
    }
}

/// [`PurchaseOrder::on_time`] from its due day and [`PurchaseOrder::completed_on`], so the
/// reports index judges a PO it keeps without the order the same way.
pub fn on_time_by(due: Option<Day>, completed_on: Option<Day>, now: Day) -> Option<bool> {
    let due = due?;
    match completed_on {
        Some(done) => Some(done <= due),
        None if now > due => Some(false),
        None => None,
    }
}

fn value_of(price: Price, qty: Milli) -> Option<Price> {
    let v = i128::from(price.ten_thousandths()) * i128::from(qty.thousandths());
    i64::try_from((v + 500) / 1000)
        .ok()
        .map(Price::from_ten_thousandths)
}

fn po_mut<'a>(order: &'a mut Order, id: &str) -> Result<&'a mut PurchaseOrder, DomainError> {
    order
        .purchase_orders
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("purchase order", id))
}

/// Places a PO under `id` after checking it; confirmations and deliveries come later. A
/// supplier of `standing` suspended gets none ([`crate::standing::may_take_work`]).
pub fn add(
    order: &mut Order,
    id: &str,
    po: PurchaseOrder,
    standing: &crate::standing::Standing,
) -> Result<(), DomainError> {
    if let Some(p) = po.problems().into_iter().next() {
        return Err(DomainError::Problem(p));
    }
    crate::standing::may_take_work(standing)?;
    order.purchase_orders.insert(id.to_string(), po);
    Ok(())
}

/// Records one of the two confirmations. It needs a date, and not one in the future.
pub fn confirm(
    order: &mut Order,
    po: &str,
    channel: &ConfirmChannel,
    c: Confirmation,
    today: Day,
) -> Result<(), DomainError> {
    match c.on {
        None => return Err(problem(Field::ConfirmedDate, Issue::Required)),
        Some(d) if d > today => return Err(problem(Field::ConfirmedDate, Issue::InFuture)),
        Some(_) => {}
    }
    let p = po_mut(order, po)?;
    match channel {
        ConfirmChannel::Written => p.written_confirmation = Some(c),
        _ => p.phone_confirmation = Some(c),
    }
    Ok(())
}

/// Records a chase of the supplier under `id`: what it said is required, the day is not in the
/// future, and a promised day is not before the chase.
pub fn follow_up(
    order: &mut Order,
    po: &str,
    id: &str,
    f: FollowUp,
    today: Day,
) -> Result<(), DomainError> {
    if f.note.trim().is_empty() {
        return Err(problem(Field::FollowUpNote, Issue::Required));
    }
    match f.day {
        None => return Err(problem(Field::FollowUpDate, Issue::Required)),
        Some(d) if d > today => return Err(problem(Field::FollowUpDate, Issue::InFuture)),
        Some(d) if f.promised.is_some_and(|p| p < d) => {
            return Err(problem(Field::PromisedDate, Issue::BeforeFollowUp))
        }
        Some(_) => {}
    }
    po_mut(order, po)?.follow_ups.insert(
        id.to_string(),
        FollowUp {
            note: f.note.trim().to_string(),
            ..f
        },
    );
    Ok(())
}

/// 短交结案: closes PO `po` before it was delivered in full, accepting what arrived (a 97 %
/// fabric delivery, goods the supplier cannot make). Only with a reason, kept with who and the
/// day, and said as an exception. It then counts complete as of the later of its last delivery
/// and the closing day, so closing it long after the due day still counts late. A PO delivered
/// in full is nothing to close.
pub fn close_short(
    order: &mut Order,
    po: &str,
    (who, today, reason): (&str, Day, &str),
) -> Result<(), DomainError> {
    let p = po_mut(order, po)?;
    if p.is_complete() || p.cancelled.is_some() {
        return Ok(());
    }
    p.closed = Some(PoClosed::by(who, today, reason, Field::CloseReason)?);
    Ok(())
}

/// What a revision sets: the ordered quantity and the due day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revised {
    pub qty: Milli,
    pub due: Option<Day>,
}

/// 采购变更: changes PO `po`'s quantity and due day, logged under `id` with who, the day and
/// why (required). The first due day is kept for the PO on-time rate ([`PurchaseOrder::first_due`]),
/// and a lowered quantity counts the PO complete no earlier than the revision
/// ([`PurchaseOrder::completed_on`]). Nothing changed is nothing logged. A supplier of `supplier`
/// standing suspended gets no more of it. A cancelled PO is not
/// revised.
pub fn revise(
    order: &mut Order,
    po: &str,
    id: &str,
    to: Revised,
    supplier: &crate::standing::Standing,
    (who, today, reason): (&str, Day, &str),
) -> Result<(), DomainError> {
    let p = po_mut(order, po)?;
    if p.cancelled.is_some() {
        return Err(problem(Field::Qty, Issue::Cancelled));
    }
    if to.qty.thousandths() <= 0 {
        return Err(problem(Field::Qty, Issue::NotPositive));
    }
    // Cleared, the PO would never be late again and leave Today ([`PurchaseOrder::problems`]).
    if to.due.is_none() && p.due.is_some() {
        return Err(problem(Field::RequiredDate, Issue::Required));
    }
    if to.qty == p.qty && to.due == p.due {
        return Ok(());
    }
    // More of it is new work: a supplier of `supplier` standing suspended gets none, even on
    // a PO kept open with it (less, or another day, is not).
    if to.qty > p.qty {
        crate::standing::may_take_work(supplier)?;
    }
    let reason = match reason.trim() {
        "" => return Err(problem(Field::RevisionReason, Issue::Required)),
        r => r.to_string(),
    };
    if to.due != p.due && p.first_due.is_none() {
        p.first_due = p.due;
    }
    p.revisions.insert(
        id.to_string(),
        PoRevision {
            qty_from: p.qty,
            qty_to: to.qty,
            due_from: p.due,
            due_to: to.due,
            who: who.trim().to_string(),
            day: Some(today),
            reason,
        },
    );
    p.qty = to.qty;
    p.due = to.due;
    Ok(())
}

/// Cancels PO `po` before any goods came (goods in, pending or accepted, are closed short
/// instead, [`close_short`]), with a reason, kept with who and the day. Cancelled by its due
/// day it counts in no KPI; after it, late ([`PurchaseOrder::on_time`]).
pub fn cancel(
    order: &mut Order,
    po: &str,
    (who, today, reason): (&str, Day, &str),
) -> Result<(), DomainError> {
    let p = po_mut(order, po)?;
    if p.cancelled.is_some() {
        return Ok(());
    }
    if p.goods_came() {
        return Err(problem(Field::CancelReason, Issue::GoodsArrived));
    }
    p.cancelled = Some(PoClosed::by(who, today, reason, Field::CancelReason)?);
    Ok(())
}

/// Marks a PO's material urgent with why (`Some`), or no longer urgent (`None`).
pub fn set_urgent(
    order: &mut Order,
    po: &str,
    reason: Option<&str>,
    who: &str,
    today: Day,
) -> Result<(), DomainError> {
    let urgency = match reason.map(str::trim) {
        Some("") => return Err(problem(Field::UrgentReason, Issue::Required)),
        Some(r) => Some(Urgency {
            reason: r.to_string(),
            who: who.to_string(),
            since: Some(today),
        }),
        None => None,
    };
    po_mut(order, po)?.urgent = urgency;
    Ok(())
}

/// Records a delivery under `id`: dated (not in the future) and of more than nothing. A result
/// of incoming inspection given with it is decided by who received the goods, on `today`.
pub fn record_delivery(
    order: &mut Order,
    po: &str,
    id: &str,
    mut d: Delivery,
    today: Day,
) -> Result<(), DomainError> {
    match d.date {
        None => return Err(problem(Field::DeliveryDate, Issue::Required)),
        Some(day) if day > today => return Err(problem(Field::DeliveryDate, Issue::InFuture)),
        Some(_) => {}
    }
    if d.qty.thousandths() <= 0 {
        return Err(problem(Field::DeliveryQty, Issue::NotPositive));
    }
    // A cancelled PO counts for nothing: it takes no goods (they would be paid for unseen).
    if po_mut(order, po)?.cancelled.is_some() {
        return Err(problem(Field::DeliveryQty, Issue::Cancelled));
    }
    // Typed on or before the due day but entered after it, the PO counts on time (the PO
    // on-time KPI, Today's overdue list): allowed, with the reason said and kept.
    // The first due day: the one the PO's on-time rate judges ([`PurchaseOrder::judged_due`]).
    let due = po_mut(order, po)?.judged_due();
    d.recorded = Some(today);
    d.late_entry_reason = if crate::day::backdated(d.date, due, d.recorded) {
        match d.late_entry_reason.trim() {
            "" => return Err(problem(Field::DeliveryDate, Issue::EnteredAfterDue)),
            r => r.to_string(),
        }
    } else {
        String::new()
    };
    let decided = d.inspection != IncomingResult::Pending;
    d.inspected_by = if decided {
        d.received_by.trim().to_string()
    } else {
        String::new()
    };
    d.inspected = decided.then_some(today);
    d.inspection_changes = RecordMap::new();
    d.verdicts = RecordMap::new();
    if decided {
        let who = d.inspected_by.clone();
        d.decide(id, d.inspection.clone(), &who, today);
    }
    po_mut(order, po)?.deliveries.insert(id.to_string(), d);
    Ok(())
}

/// Records the incoming inspection of a delivery already received: who decided and the day. A
/// result already decided is changed only with a reason, logged on the delivery (a rejection
/// turned into an acceptance lets a payable count the goods again; the reverse takes them out).
/// Results decided apart that disagree ([`Delivery::verdict_conflict`]) are settled the same
/// way: deciding again overturns at least one of them, so it needs a reason, and each result it
/// overturns is logged.
pub fn inspect_delivery(
    order: &mut Order,
    po: &str,
    delivery: &str,
    result: IncomingResult,
    note: &str,
    by: Judge<'_>,
) -> Result<(), DomainError> {
    let p = po_mut(order, po)?;
    // Goods of a cancelled PO are only ever rejected: accepted, they would be paid for.
    if p.cancelled.is_some() && result != IncomingResult::Rejected {
        return Err(problem(Field::DeliveryQty, Issue::Cancelled));
    }
    let d = p
        .deliveries
        .get_mut(delivery)
        .ok_or_else(|| DomainError::not_found("delivery", delivery))?;
    let apart: Vec<IncomingResult> = d
        .verdict_conflict()
        .into_iter()
        .map(|(_, v)| v.result.clone())
        .collect();
    let disputed = !apart.is_empty();
    let (known, now) = match disputed {
        true => (apart, IncomingResult::Pending),
        // The result everything counts by, not the field an older build may have written.
        false => {
            let r = d.result();
            (vec![r.clone()], r)
        }
    };
    let mut overturned: Vec<IncomingResult> = Vec::new();
    for from in known {
        if from != result && from != IncomingResult::Pending && !overturned.contains(&from) {
            overturned.push(from);
        }
    }
    if !overturned.is_empty() && by.reason.trim().is_empty() {
        return Err(DomainError::ReasonRequired);
    }
    for (n, from) in overturned.into_iter().enumerate() {
        let key = match n {
            0 => by.change_id.to_string(),
            n => format!("{}-{n}", by.change_id),
        };
        d.inspection_changes.insert(
            key,
            InspectionChange {
                from,
                to: result.clone(),
                who: by.who.trim().to_string(),
                day: Some(by.today),
                reason: by.reason.trim().to_string(),
            },
        );
    }
    if now != result || disputed {
        d.inspected_by = by.who.trim().to_string();
        d.inspected = (result != IncomingResult::Pending).then_some(by.today);
        d.decide(by.change_id, result, by.who, by.today);
    }
    d.inspection_note = note.trim().to_string();
    Ok(())
}

/// 入库 of one delivery: only goods incoming inspection accepted go into stock, on a day not in
/// the future nor before they arrived, at a named place.
pub fn store_delivery(
    order: &mut Order,
    po: &str,
    delivery: &str,
    s: Stored,
    today: Day,
) -> Result<(), DomainError> {
    let d = po_mut(order, po)?
        .deliveries
        .get_mut(delivery)
        .ok_or_else(|| DomainError::not_found("delivery", delivery))?;
    if !d.is_accepted() {
        return Err(problem(Field::StoredDate, Issue::NotAccepted));
    }
    match s.day {
        None => return Err(problem(Field::StoredDate, Issue::Required)),
        Some(day) if day > today => return Err(problem(Field::StoredDate, Issue::InFuture)),
        Some(day) if d.date.is_some_and(|arrived| day < arrived) => {
            return Err(problem(Field::StoredDate, Issue::BeforeArrival))
        }
        Some(_) => {}
    }
    if s.location.trim().is_empty() {
        return Err(problem(Field::StockLocation, Issue::Required));
    }
    d.stored = Some(Stored {
        location: s.location.trim().to_string(),
        ..s
    });
    Ok(())
}

/// The order's POs, by required date (undated last), then id.
pub fn in_order(order: &Order) -> Vec<(&String, &PurchaseOrder)> {
    let mut v: Vec<_> = order.purchase_orders.iter().collect();
    sort_by(&mut v, |a, b| {
        (a.1.due.is_none(), a.1.due, a.0).cmp(&(b.1.due.is_none(), b.1.due, b.0))
    });
    v
}

/// How the order's POs stand on `now`: (late now, delivered on time, decided). "Decided" POs are
/// complete or past due, as in the PO on-time KPI.
pub fn on_time_summary(order: &Order, now: Day) -> (usize, usize, usize) {
    let mut late = 0;
    let mut on_time = 0;
    let mut decided = 0;
    for po in order.purchase_orders.values() {
        if po.is_overdue(now) {
            late += 1;
        }
        if let Some(ok) = po.on_time(now) {
            decided += 1;
            on_time += usize::from(ok);
        }
    }
    (late, on_time, decided)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standing::Standing;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn po() -> PurchaseOrder {
        PurchaseOrder {
            qty: "1000".parse().unwrap(),
            due: Some(day("2026-04-10")),
            ..PurchaseOrder::default()
        }
    }

    /// A tolerance beyond 10 % is refused on the one way a PO is added: it would pay for
    /// goods nobody ordered.
    #[test]
    fn a_po_tolerance_beyond_ten_percent_is_refused() {
        let mut order = Order::default();
        let at = |bp| PurchaseOrder {
            supplier: "mill".into(),
            description: "Jersey".into(),
            unit: "m".into(),
            tolerance_bp: bp,
            ..po()
        };
        let refused = add(
            &mut order,
            "p1",
            at(MAX_PO_TOLERANCE_BP + 1),
            &Standing::Approved,
        );
        assert!(
            matches!(
                refused,
                Err(DomainError::Problem(Problem {
                    field: Field::PoTolerance,
                    issue: Issue::TooLarge
                }))
            ),
            "{refused:?}"
        );
        assert!(order.purchase_orders.is_empty());
        add(
            &mut order,
            "p1",
            at(MAX_PO_TOLERANCE_BP),
            &Standing::Approved,
        )
        .unwrap();
    }

    fn delivery(date: &str, qty: &str, r: IncomingResult) -> Delivery {
        Delivery {
            date: Some(day(date)),
            qty: qty.parse().unwrap(),
            inspection: r,
            ..Delivery::default()
        }
    }

    #[test]
    fn partial_deliveries_add_up_and_rejected_ones_do_not_count() {
        let mut p = po();
        assert_eq!(
            p.value("2.5".parse().unwrap()).unwrap().to_string(),
            "2500.00"
        );
        p.deliveries.insert(
            "a".into(),
            delivery("2026-04-01", "600.5", IncomingResult::Accepted),
        );
        p.deliveries.insert(
            "b".into(),
            delivery("2026-04-05", "399.5", IncomingResult::Rejected),
        );
        assert_eq!(p.received().to_string(), "600.5");
        assert_eq!(p.outstanding().to_string(), "399.5");
        assert_eq!(p.on_time(day("2026-04-09")), None);
        assert_eq!(p.on_time(day("2026-04-11")), Some(false));
        assert!(p.is_overdue(day("2026-04-11")));
        p.deliveries.insert(
            "c".into(),
            delivery("2026-04-09", "399.5", IncomingResult::Pending),
        );
        // In, but not judged: it completes nothing until incoming inspection accepts it.
        assert_eq!(p.outstanding().to_string(), "0");
        assert_eq!(p.awaiting_inspection().to_string(), "399.5");
        assert!(!p.is_complete());
        assert!(p.is_overdue(day("2026-04-11")));
        p.deliveries.get_mut("c").unwrap().inspection = IncomingResult::Accepted;
        assert!(p.is_complete());
        assert_eq!(p.completed_on(), Some(day("2026-04-09")));
        assert_eq!(p.on_time(day("2026-05-01")), Some(true));
    }

    #[test]
    fn a_po_needs_a_supplier_an_item_a_quantity_a_unit_and_a_due_day() {
        let mut o = Order::new();
        let e = add(&mut o, "p", PurchaseOrder::default(), &Standing::Approved).unwrap_err();
        assert!(matches!(
            e,
            DomainError::Problem(Problem {
                field: Field::Supplier,
                issue: Issue::Required
            })
        ));
        let fields: Vec<_> = PurchaseOrder::default()
            .problems()
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(
            fields,
            [
                Field::Supplier,
                Field::Description,
                Field::Qty,
                Field::Unit,
                Field::RequiredDate
            ]
        );
        let mut p = po();
        p.supplier = "mill".into();
        p.description = "Cotton jersey 180 g".into();
        p.unit = "m".into();
        add(&mut o, "p", p, &Standing::Approved).unwrap();
        assert_eq!(o.purchase_orders["p"].label(), "Cotton jersey 180 g");
        assert_eq!(o.purchase_orders["p"].progress(), PoProgress::Unconfirmed);
    }

    #[test]
    fn confirmations_and_deliveries_are_checked_and_late_clears_when_complete() {
        let today = day("2026-04-12");
        let mut o = Order::new();
        o.purchase_orders.insert("p".into(), po());
        let c = |on: Option<Day>| Confirmation {
            on,
            ..Confirmation::default()
        };
        assert!(confirm(&mut o, "p", &ConfirmChannel::Written, c(None), today).is_err());
        let e = confirm(
            &mut o,
            "p",
            &ConfirmChannel::Written,
            c(Some(day("2026-04-13"))),
            today,
        )
        .unwrap_err();
        assert!(matches!(
            e,
            DomainError::Problem(Problem {
                field: Field::ConfirmedDate,
                issue: Issue::InFuture
            })
        ));
        confirm(
            &mut o,
            "p",
            &ConfirmChannel::Written,
            c(Some(day("2026-03-02"))),
            today,
        )
        .unwrap();
        assert_eq!(o.purchase_orders["p"].confirmed_on(), None);
        confirm(
            &mut o,
            "p",
            &ConfirmChannel::Phone,
            c(Some(day("2026-03-03"))),
            today,
        )
        .unwrap();
        assert_eq!(
            o.purchase_orders["p"].confirmed_on(),
            Some(day("2026-03-03"))
        );
        assert_eq!(o.purchase_orders["p"].progress(), PoProgress::Confirmed);

        let zero = Delivery {
            date: Some(day("2026-04-01")),
            ..Delivery::default()
        };
        let e = record_delivery(&mut o, "p", "d0", zero, today).unwrap_err();
        assert!(matches!(
            e,
            DomainError::Problem(Problem {
                field: Field::DeliveryQty,
                issue: Issue::NotPositive
            })
        ));
        record_delivery(
            &mut o,
            "p",
            "d1",
            // Entered on the 12th, after the due day it is dated before: said why.
            Delivery {
                late_entry_reason: "slip found in the store".into(),
                ..delivery("2026-04-01", "400", IncomingResult::Pending)
            },
            today,
        )
        .unwrap();
        let p = &o.purchase_orders["p"];
        assert_eq!(p.progress(), PoProgress::Partial);
        assert!(p.is_overdue(today), "due 04-10, 600 still to come on 04-12");
        assert_eq!(on_time_summary(&o, today), (1, 0, 1));
        assert_eq!(
            p.received_value("2.5".parse().unwrap())
                .unwrap()
                .to_string(),
            "1000.00"
        );
        // The rest arrives late; the late flag clears, the PO stays "not on time".
        record_delivery(
            &mut o,
            "p",
            "d2",
            delivery("2026-04-12", "600", IncomingResult::Accepted),
            today,
        )
        .unwrap();
        // d1 is still waiting for incoming inspection: in, not complete.
        assert_eq!(o.purchase_orders["p"].progress(), PoProgress::Partial);
        let by = Judge {
            who: "qc",
            today,
            reason: "holes found on re-check",
            change_id: "c1",
        };
        inspect_delivery(&mut o, "p", "d1", IncomingResult::Accepted, "", by).unwrap();
        let p = &o.purchase_orders["p"];
        assert_eq!(p.progress(), PoProgress::Complete);
        assert!(!p.is_overdue(today));
        assert_eq!(p.on_time(today), Some(false));
        assert_eq!(on_time_summary(&o, today), (0, 0, 1));
        // A rejected lot at incoming inspection reopens it.
        inspect_delivery(&mut o, "p", "d2", IncomingResult::Rejected, "holes", by).unwrap();
        assert!(o.purchase_orders["p"].is_overdue(today));
        assert_eq!(
            o.purchase_orders["p"].deliveries["d2"].inspection_note,
            "holes"
        );
        assert!(inspect_delivery(&mut o, "p", "nope", IncomingResult::Accepted, "", by).is_err());
        let ids: Vec<_> = o.purchase_orders["p"]
            .deliveries_in_order()
            .into_iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(ids, ["d1", "d2"]);
    }

    #[test]
    fn both_confirmations_are_needed() {
        let mut p = po();
        p.written_confirmation = Some(Confirmation::default());
        assert!(!p.is_confirmed());
        p.phone_confirmation = Some(Confirmation::default());
        assert!(p.is_confirmed());
    }
}
