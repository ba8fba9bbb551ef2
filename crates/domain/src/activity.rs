//! What happened to an order, as typed events: "PP sample round 2 approved", "deposit USD 3,696
//! received", "final inspection failed". The daily report and the order history compare the
//! order (and its commercial document) before and after some changes and list these events, so
//! a supervisor reads what a merchandiser would write, never a field path.
//!
//! Events carry data only (kinds, rounds, amounts, names, days); the client words them in the
//! chosen language. Anything that changed without a typed event is counted in
//! [`Event::OtherChanges`], never named by its field. Reading a document as it was at some heads
//! is [`read_at`] (Automerge's `fork_at`).

use std::collections::{BTreeMap, BTreeSet};

use automerge::{AutoCommit, ChangeHash};

use crate::commercial::Commercial;
use crate::complaints::{Channel, ComplaintStatus, Severity};
use crate::day::Day;
use crate::document::{self, Root};
use crate::inspection::{InspectionKind, Verdict};
use crate::measure::Milli;
use crate::money::Price;
use crate::order::{Order, OrderStatus};
use crate::production::Stage;
use crate::records::RecordMap;
use crate::samples::{SampleKind, SampleResult};
use crate::sorting::{sort_by_key, CollectMap, CollectSet};

mod exceptions;
pub use exceptions::workspace_events;

/// Which receivable a receipt pays. Receipts pay the deposit first, then the balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentKind {
    Deposit,
    Balance,
    /// No receivable is planned, or both are already covered.
    Other,
}

/// One thing that happened, with the figures a supervisor wants to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The order did not exist before.
    OrderCreated {
        qty: u64,
    },
    StatusMoved {
        from: OrderStatus,
        to: OrderStatus,
    },
    /// The order cancelled, from where, who and why: it then counts for no KPI.
    OrderCancelled {
        from: OrderStatus,
        who: String,
        reason: String,
    },
    ExFactoryChanged {
        from: Option<Day>,
        to: Option<Day>,
    },
    QuantityChanged {
        from: u64,
        to: u64,
    },
    SampleSent {
        kind: SampleKind,
        round: u32,
    },
    /// The buyer's reply (approved, rejected or resubmit).
    SampleReplied {
        kind: SampleKind,
        round: u32,
        result: SampleResult,
    },
    MilestoneDone {
        name: String,
        on: Day,
    },
    MilestoneMoved {
        name: String,
        from: Option<Day>,
        to: Option<Day>,
    },
    /// The buyer confirmed the order, in writing or by the phone check ([`crate::buyer_confirm`]).
    BuyerConfirmed {
        channel: crate::purchasing::ConfirmChannel,
    },
    PoPlaced {
        po_no: String,
    },
    PoConfirmed {
        po_no: String,
    },
    PoDelivered {
        po_no: String,
        qty: Milli,
        unit: String,
    },
    /// A supplier chased on a PO (交货跟进): what it said and the day it promised.
    SupplierChased {
        po_no: String,
        note: String,
        promised: Option<Day>,
    },
    /// A call, mail, visit or meeting noted in the order's communication log: the day's
    /// contacts are what a supervisor reads the work diary (工作日记) for.
    Contacted {
        channel: Channel,
        with_whom: String,
        summary: String,
    },
    ProductionReported {
        stage: Stage,
        qty: u64,
    },
    InspectionScheduled {
        kind: InspectionKind,
        on: Option<Day>,
    },
    /// A re-inspection after rework of a failed inspection.
    ReinspectionScheduled {
        on: Option<Day>,
    },
    /// `verdict` is `Pending` when the sampling plan is incomplete.
    InspectionFinished {
        kind: InspectionKind,
        verdict: Verdict,
    },
    ShipmentRecorded {
        shipped_on: Option<Day>,
    },
    /// A shipment reached the buyer (到货确认).
    ShipmentArrived {
        on: Option<Day>,
    },
    /// A transit incident reported on a shipment (运输异常): the carrier's business, not a
    /// factory's.
    IncidentReported {
        kind: crate::shipment::incidents::IncidentKind,
        pieces: u64,
        note: String,
    },
    /// A transit incident settled, and how.
    IncidentSettled {
        kind: crate::shipment::incidents::IncidentKind,
        note: String,
    },
    ComplaintOpened {
        severity: Severity,
    },
    ComplaintClosed,
    /// Defective pieces the buyer sent back (不良品退货), and what becomes of them.
    GoodsReturned {
        qty: u64,
        disposition: crate::goods_returns::Disposition,
    },
    /// Reworked or new pieces sent to the buyer again.
    GoodsResent {
        qty: u64,
    },
    /// A receipt finance confirmed (到账).
    PaymentReceived {
        kind: PaymentKind,
        amount: Price,
        currency: String,
    },
    /// A receipt recorded, waiting for finance to confirm it.
    PaymentRecorded {
        amount: Price,
        currency: String,
    },
    SupplierPaid {
        amount: Price,
        currency: String,
    },
    PriceChanged {
        currency: String,
        from: Option<Price>,
        to: Option<Price>,
    },
    /// The team's settings, parties, people or templates changed: one line, whatever changed
    /// beside the rules' own log ([`Event::RuleChanged`]).
    TeamSettingsChanged,
    // The exceptions ([`Event::is_exception`]): each said with who and why, from the logs the
    // rules keep ([`exceptions`]).
    /// A closed gate waived with a reason to move the order (`gate` is [`crate::gate::Gate::code`],
    /// `to` the status code).
    GateWaived {
        gate: String,
        to: String,
        who: String,
        reason: String,
    },
    /// The order moved to another factory after goods were inspected at its own.
    FactoryMoved(crate::factory_change::FactoryChange),
    /// The order's shipment allowance widened.
    AllowanceWidened(crate::shipped::ToleranceChange),
    /// The order marked fully shipped (`reason` is empty when what shipped was within the
    /// allowance; outside it, the mark is an exception).
    MarkedComplete {
        shipped: u64,
        who: String,
        reason: String,
    },
    /// The ordered quantities changed after goods left (or quantities a merge brought accepted).
    QuantitiesRevised(crate::qty_revision::QuantityChange),
    /// A decided incoming-inspection result changed.
    IncomingResultChanged {
        po_no: String,
        change: crate::purchasing::InspectionChange,
    },
    /// A placed PO's quantity or due day changed, who and why (an exception when it lowers the
    /// quantity: what arrived may then count as in full).
    PoRevised {
        po_no: String,
        unit: String,
        revision: crate::purchasing::PoRevision,
    },
    /// A PO kept open while its supplier is suspended (合格供应商), who and why.
    PoKeptSuspended {
        po_no: String,
        who: String,
        reason: String,
    },
    /// A party's standing changed (合格供应商): the party id, the standing now, who and why.
    StandingChanged {
        party: String,
        to: crate::standing::Standing,
        who: String,
        reason: String,
    },
    /// A PO cancelled before any goods came, who and why.
    PoCancelled {
        po_no: String,
        who: String,
        reason: String,
    },
    /// A PO closed before it was delivered in full: what arrived of what was ordered, who, why.
    PoClosedShort {
        po_no: String,
        received: crate::measure::Milli,
        ordered: crate::measure::Milli,
        unit: String,
        who: String,
        reason: String,
    },
    /// Pieces taken away from production reported: a report removed or corrected downwards,
    /// from and to (0 when removed), who and why.
    ProductionWithdrawn {
        stage: Stage,
        from: u64,
        to: u64,
        who: String,
        reason: String,
    },
    /// A final lot started while a failed one waited for its re-inspection.
    FinalStartedOver {
        who: String,
        reason: String,
    },
    /// A finished inspection opened again to change its figures (and so perhaps its verdict).
    InspectionReopened {
        kind: crate::inspection::InspectionKind,
        who: String,
        reason: String,
    },
    /// A PO delivery dated on or before the PO's due day but entered after it: it counts on
    /// time, so who entered it and why is said.
    DeliveryEnteredLate {
        po_no: String,
        date: Option<Day>,
        recorded: Option<Day>,
        who: String,
        reason: String,
    },
    /// A shipment's first shipped date typed on or before the ex-factory date but entered after
    /// it: it counts on time, so who entered it and why is said.
    ShipmentEnteredLate {
        shipped_on: Option<Day>,
        late: crate::shipment::LateEntry,
    },
    /// A shipment changed after it had left (its cartons, pieces or date).
    ShippedShipmentChanged {
        kind: crate::shipment::changes::ChangeKind,
        /// The shipped date a change cleared (un-shipped, reopened) or moved.
        shipped_on: Option<Day>,
        /// The day a moved shipped date moved to.
        redated_to: Option<Day>,
        who: String,
        reason: String,
    },
    /// A shipment that had left differs from what it carried: changed on a device that did not
    /// know it had left, seen after the merge and waiting for someone to accept it.
    ShippedShipmentDiffers,
    /// The planned deposit share changed (lowered only with a reason).
    DepositTermsChanged(crate::terms::TermsChange),
    /// `said` is "who — why", as kept on the record.
    ReceiptVoided {
        amount: Price,
        currency: String,
        said: String,
    },
    /// A receipt that looked like another was said to be money of its own.
    ReceiptSeparate {
        amount: Price,
        currency: String,
        said: String,
    },
    /// A supplier paid with no approved request while the approval rule was on (made where the
    /// rule had not arrived, or around it): `since` is the day that period of the rule began.
    PaidWithoutRequest {
        amount: Price,
        currency: String,
        who: String,
        since: Day,
    },
    /// A supplier payment dated by its charge's due day but entered after it, with why.
    PaymentEnteredLate {
        amount: Price,
        currency: String,
        date: Option<Day>,
        recorded: Option<Day>,
        who: String,
        reason: String,
    },
    /// A charge outside any purchase order raised by hand (freight, a lab's fee).
    ChargeRaised {
        kind: crate::other_charges::ChargeKind,
        amount: Price,
        currency: String,
    },
    ChargeVoided {
        amount: Price,
        currency: String,
        said: String,
    },
    ChargeSeparate {
        amount: Price,
        currency: String,
        said: String,
    },
    /// A quote went to the buyer (报价): its round, price and currency.
    QuoteSent {
        round: u32,
        price: Price,
        currency: String,
    },
    /// The buyer answered a quote: the reply, the counter price when they countered, and, for an
    /// acceptance after the quote expired, what was said for it (`late`).
    QuoteAnswered {
        round: u32,
        reply: crate::quotes::Reply,
        price: Price,
        counter: Option<Price>,
        currency: String,
        late: Option<String>,
    },
    /// A quote taken back; `said` is "who — why".
    QuoteWithdrawn {
        round: u32,
        said: String,
    },
    /// A transit claim's amount lodged, or revised (`revised`), in its currency.
    ClaimLodged {
        amount: Price,
        currency: String,
        revised: bool,
    },
    /// Money recovered on a transit claim.
    ClaimRecovered {
        amount: Price,
        currency: String,
    },
    /// A recovery voided; `said` is "who — why".
    RecoveryVoided {
        amount: Price,
        currency: String,
        said: String,
    },
    /// Money the buyer keeps back for a complaint, recorded and waiting for someone else to
    /// confirm it ([`crate::deductions`]).
    DeductionRecorded {
        amount: Price,
        currency: String,
    },
    /// A deduction confirmed: it settles the balance.
    BuyerDeducted {
        amount: Price,
        currency: String,
    },
    /// A deduction voided; `said` is "who — why".
    DeductionVoided {
        amount: Price,
        currency: String,
        said: String,
    },
    /// Money charged back to a supplier or factory for a complaint
    /// ([`crate::factory_debits`]), in the PO's currency.
    FactoryDebited {
        amount: Price,
        currency: String,
    },
    /// A debit voided; `said` is "who — why".
    DebitVoided {
        amount: Price,
        currency: String,
        said: String,
    },
    /// One of the team's rules changed (a gate, a required sample, the least deposit).
    RuleChanged(crate::rule_log::RuleChange),
    /// How many other things changed (fields or records without an event of their own).
    OtherChanges {
        count: u32,
    },
}

impl Event {
    /// An event that says money: a payment, a receipt or a price.
    pub fn is_money(&self) -> bool {
        matches!(
            self,
            Event::PaymentReceived { .. }
                | Event::PaymentRecorded { .. }
                | Event::SupplierPaid { .. }
                | Event::PriceChanged { .. }
                | Event::DepositTermsChanged(_)
                | Event::PaidWithoutRequest { .. }
                | Event::PaymentEnteredLate { .. }
                | Event::ReceiptVoided { .. }
                | Event::ReceiptSeparate { .. }
                | Event::ChargeRaised { .. }
                | Event::ChargeVoided { .. }
                | Event::ChargeSeparate { .. }
                | Event::QuoteSent { .. }
                | Event::QuoteAnswered { .. }
                | Event::QuoteWithdrawn { .. }
                | Event::ClaimLodged { .. }
                | Event::ClaimRecovered { .. }
                | Event::RecoveryVoided { .. }
                | Event::DeductionRecorded { .. }
                | Event::BuyerDeducted { .. }
                | Event::DeductionVoided { .. }
                | Event::FactoryDebited { .. }
                | Event::DebitVoided { .. }
        )
    }

    /// An event that says a rule was stepped around, loosened or corrected after the fact: a
    /// supervisor reads these first. A rule tightened, or a deposit share raised, is not one.
    pub fn is_exception(&self) -> bool {
        match self {
            Event::GateWaived { .. }
            | Event::FactoryMoved(_)
            | Event::AllowanceWidened(_)
            | Event::QuantitiesRevised(_)
            | Event::IncomingResultChanged { .. }
            | Event::DeliveryEnteredLate { .. }
            | Event::ShipmentEnteredLate { .. }
            | Event::InspectionReopened { .. }
            | Event::FinalStartedOver { .. }
            | Event::PoClosedShort { .. }
            | Event::ProductionWithdrawn { .. }
            | Event::OrderCancelled { .. }
            | Event::PoCancelled { .. }
            | Event::PoKeptSuspended { .. }
            | Event::PoRevised { .. }
            | Event::ShippedShipmentChanged { .. }
            | Event::ShippedShipmentDiffers
            | Event::PaidWithoutRequest { .. }
            | Event::PaymentEnteredLate { .. }
            | Event::ReceiptVoided { .. }
            | Event::ReceiptSeparate { .. }
            | Event::ChargeVoided { .. }
            | Event::ChargeSeparate { .. } => true,
            Event::DepositTermsChanged(c) => c.to_bp < c.from_bp,
            // A price agreed after it stopped holding, or an agreed price taken back.
            Event::QuoteAnswered { late, .. } => late.is_some(),
            Event::QuoteWithdrawn { .. }
            | Event::RecoveryVoided { .. }
            | Event::DeductionVoided { .. }
            | Event::DebitVoided { .. } => true,
            Event::MarkedComplete { reason, .. } => !reason.trim().is_empty(),
            Event::RuleChanged(c) => c.loosened(),
            _ => false,
        }
    }

    /// Whether the event belongs in the text a merchandiser pastes into a chat a factory
    /// reads: not money, and not the team's own exceptions and their reasons.
    pub fn for_factory(&self) -> bool {
        // The team's dealings with its buyer are not the factory's news either.
        !self.is_money()
            && !self.is_exception()
            && !matches!(
                self,
                Event::RuleChanged(_)
                    | Event::BuyerConfirmed { .. }
                    | Event::Contacted { .. }
                    | Event::SupplierChased { .. }
                    | Event::StandingChanged { .. }
                    | Event::IncidentReported { .. }
                    | Event::IncidentSettled { .. }
            )
    }
}

/// Says the notes of calls, mails and visits added between two states of a log (the order's,
/// or the office's in its books), oldest first; hands back their ids.
fn contacted<'a>(
    before: &RecordMap<crate::complaints::Communication>,
    after: &'a RecordMap<crate::complaints::Communication>,
    ev: &mut Vec<Event>,
) -> BTreeSet<&'a str> {
    let mut covered = BTreeSet::new();
    let mut notes: Vec<_> = after.iter().collect();
    sort_by_key(&mut notes, |(id, m)| (m.at_ms, *id));
    for (id, m) in notes {
        if !before.contains_key(id) {
            ev.push(Event::Contacted {
                channel: m.channel.clone(),
                with_whom: m.with_whom.clone(),
                summary: m.summary.clone(),
            });
            covered.insert(id.as_str());
        }
    }
    covered
}

/// The overrides of `before` that went to the books by `after`
/// ([`crate::money_waivers::take_left_by_older_builds`]): money waivers gone from the order,
/// and overrides whose words alone left it.
fn waivers_to_books<'a>(
    before: &'a RecordMap<crate::lifecycle::GateOverride>,
    after: &'a RecordMap<crate::lifecycle::GateOverride>,
) -> impl Iterator<Item = &'a str> {
    before
        .iter()
        .filter(move |(k, g)| match after.get(k) {
            None => crate::money_waivers::is_money_code(&g.gate),
            Some(now) => {
                now.reason.is_empty()
                    && !g.reason.is_empty()
                    && crate::lifecycle::GateOverride {
                        reason: String::new(),
                        ..(*g).clone()
                    } == *now
            }
        })
        .map(|(k, _)| k.as_str())
}

/// Counts the records of one map that changed without an event of their own.
fn count_others<V: PartialEq>(
    before: &RecordMap<V>,
    after: &RecordMap<V>,
    covered: &BTreeSet<&str>,
) -> u32 {
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect_set();
    keys.into_iter()
        .filter(|k| !covered.contains(k.as_str()) && before.get(k) != after.get(k))
        .count() as u32
}

fn verdict(i: &crate::inspection::Inspection) -> Verdict {
    i.verdict().unwrap_or(Verdict::Pending)
}

/// The events between two states of an order; `before` is `None` when the order did not exist.
pub fn order_events(before: Option<&Order>, after: &Order) -> Vec<Event> {
    let empty = Order::default();
    let mut ev = Vec::new();
    let mut other = 0u32;
    let b = match before {
        Some(b) => b,
        None => {
            ev.push(Event::OrderCreated {
                qty: after.quantities.total(),
            });
            &empty
        }
    };
    let said = exceptions::order_exceptions(b, after, &mut ev);
    if before.is_some() {
        let cancelled = (after.status == OrderStatus::Cancelled)
            .then(|| {
                let mut gained: Vec<_> = after
                    .status_log
                    .iter()
                    .filter(|(id, c)| {
                        !b.status_log.contains_key(id.as_str())
                            && c.to == OrderStatus::Cancelled.code()
                    })
                    .map(|(_, c)| c)
                    .collect();
                sort_by_key(&mut gained, |c| (c.seq, c.at_ms));
                gained.pop()
            })
            .flatten();
        match cancelled {
            Some(c) if b.status != after.status => ev.push(Event::OrderCancelled {
                from: b.status,
                who: c.who.clone(),
                reason: c.reason.clone(),
            }),
            _ if b.status != after.status => ev.push(Event::StatusMoved {
                from: b.status,
                to: after.status,
            }),
            _ => {}
        }
        for (channel, was, now) in [
            (
                crate::purchasing::ConfirmChannel::Written,
                &b.buyer_written,
                &after.buyer_written,
            ),
            (
                crate::purchasing::ConfirmChannel::Phone,
                &b.buyer_phone,
                &after.buyer_phone,
            ),
        ] {
            if was.is_none() && now.is_some() {
                ev.push(Event::BuyerConfirmed { channel });
            } else if was != now {
                other += 1;
            }
        }
        if b.ex_factory != after.ex_factory {
            ev.push(Event::ExFactoryChanged {
                from: b.ex_factory,
                to: after.ex_factory,
            });
        }
        let (qb, qa) = (b.quantities.total(), after.quantities.total());
        // A change after goods left is said by its log entry, with who and why.
        if !said.quantities {
            if qb != qa {
                ev.push(Event::QuantityChanged { from: qb, to: qa });
            } else if b.quantities != after.quantities {
                other += 1;
            }
        }
        other += [
            b.customer_po != after.customer_po,
            b.customer != after.customer,
            b.style_no != after.style_no,
            b.description != after.description,
            b.order_date != after.order_date,
            b.incoterm != after.incoterm,
            b.port_of_loading != after.port_of_loading,
            b.destination != after.destination,
            b.ship_mode != after.ship_mode,
            b.etd != after.etd,
            b.eta != after.eta,
            b.factory != after.factory && !said.factory,
            b.merchandiser != after.merchandiser,
        ]
        .into_iter()
        .filter(|x| *x)
        .count() as u32;
    }

    // Samples: sent, replied.
    let mut covered = BTreeSet::new();
    let mut samples: Vec<_> = after.samples.iter().collect();
    sort_by_key(&mut samples, |(id, s)| {
        (s.kind.code().to_string(), s.round, *id)
    });
    for (id, s) in samples {
        let old = b.samples.get(id);
        let was = old.map(|o| &o.result);
        let replied = s.result != SampleResult::Pending && was != Some(&s.result);
        // A sample sent and answered within the changes read is said once, by its answer.
        if !replied && s.sent.is_some() && old.is_none_or(|o| o.sent.is_none()) {
            ev.push(Event::SampleSent {
                kind: s.kind.clone(),
                round: s.round,
            });
            covered.insert(id.as_str());
        }
        if replied {
            ev.push(Event::SampleReplied {
                kind: s.kind.clone(),
                round: s.round,
                result: s.result.clone(),
            });
            covered.insert(id.as_str());
        }
    }
    other += count_others(&b.samples, &after.samples, &covered);

    // Milestones in date order: done, moved.
    let mut covered = BTreeSet::new();
    let mut ms: Vec<_> = after.milestones.iter().collect();
    sort_by_key(&mut ms, |(id, m)| (m.actual.or(m.planned), *id));
    // A payment milestone an older build put on the order (and its taking out) is money: said
    // nowhere, not even counted, as the factory's copy of the report would carry it.
    for (id, m) in b.milestones.iter().chain(after.milestones.iter()) {
        if crate::tna::follows_payment(m) {
            covered.insert(id.as_str());
        }
    }
    for (id, m) in ms {
        if covered.contains(id.as_str()) {
            continue;
        }
        let old = b.milestones.get(id);
        if let Some(on) = m.actual {
            if old.is_none_or(|o| o.actual != m.actual) {
                ev.push(Event::MilestoneDone {
                    name: m.name.clone(),
                    on,
                });
                covered.insert(id.as_str());
                continue;
            }
        }
        if let Some(o) = old {
            if o.due() != m.due() && m.actual.is_none() {
                ev.push(Event::MilestoneMoved {
                    name: m.name.clone(),
                    from: o.due(),
                    to: m.due(),
                });
                covered.insert(id.as_str());
            }
        }
    }
    // A new order's plan is part of "order created", not one line per milestone.
    if before.is_some() {
        other += count_others(&b.milestones, &after.milestones, &covered);
    }

    // Purchase orders: placed, confirmed, delivered.
    let mut covered = said.purchase_orders.clone();
    for (id, po) in &after.purchase_orders {
        let old = b.purchase_orders.get(id);
        if old.is_none() {
            ev.push(Event::PoPlaced {
                po_no: po.po_no.clone(),
            });
            covered.insert(id.as_str());
        }
        if po.is_confirmed() && old.is_none_or(|o| !o.is_confirmed()) {
            ev.push(Event::PoConfirmed {
                po_no: po.po_no.clone(),
            });
            covered.insert(id.as_str());
        }
        for (did, d) in &po.deliveries {
            if old.is_none_or(|o| !o.deliveries.contains_key(did)) {
                ev.push(Event::PoDelivered {
                    po_no: po.po_no.clone(),
                    qty: d.qty,
                    unit: po.unit.clone(),
                });
                covered.insert(id.as_str());
            }
        }
        for (fid, f) in po.follow_ups_in_order() {
            if old.is_none_or(|o| !o.follow_ups.contains_key(fid)) {
                ev.push(Event::SupplierChased {
                    po_no: po.po_no.clone(),
                    note: f.note.clone(),
                    promised: f.promised,
                });
                covered.insert(id.as_str());
            }
        }
    }
    other += count_others(&b.purchase_orders, &after.purchase_orders, &covered);

    // Production: one line per stage with the quantity reported.
    let mut covered = said.production.clone();
    let mut by_stage: BTreeMap<String, (Stage, u64)> = BTreeMap::new();
    for (id, r) in &after.production {
        if !b.production.contains_key(id) {
            let e = by_stage
                .entry(r.stage.code().to_string())
                .or_insert((r.stage.clone(), 0));
            e.1 += r.qty;
            covered.insert(id.as_str());
        }
    }
    let mut stages: Vec<_> = by_stage.into_values().collect();
    sort_by_key(&mut stages, |(s, _)| {
        Stage::KNOWN.iter().position(|k| k == s)
    });
    ev.extend(
        stages
            .into_iter()
            .map(|(stage, qty)| Event::ProductionReported { stage, qty }),
    );
    other += count_others(&b.production, &after.production, &covered);

    // Inspections: finished (with the verdict), scheduled, re-inspection after rework.
    let mut covered = said.inspections.clone();
    for (id, i) in &after.inspections {
        let old = b.inspections.get(id);
        if i.completed && old.is_none_or(|o| !o.completed) {
            ev.push(Event::InspectionFinished {
                kind: i.kind.clone(),
                verdict: verdict(i),
            });
            covered.insert(id.as_str());
        }
    }
    for (id, i) in &after.inspections {
        if i.completed {
            continue;
        }
        // A lot opened earlier whose day is set or moved now is planned now.
        let old = b.inspections.get(id);
        if old.is_some_and(|o| o.completed || i.scheduled.is_none() || o.scheduled == i.scheduled) {
            continue;
        }
        ev.push(if i.reinspection_of.is_some() {
            Event::ReinspectionScheduled { on: i.scheduled }
        } else {
            Event::InspectionScheduled {
                kind: i.kind.clone(),
                on: i.scheduled,
            }
        });
        covered.insert(id.as_str());
    }
    other += count_others(&b.inspections, &after.inspections, &covered);

    // Shipments.
    let mut covered = said.shipments.clone();
    for (id, s) in &after.shipments {
        let old = b.shipments.get(id);
        if old.is_none() || (s.shipped_on.is_some() && old.is_some_and(|o| o.shipped_on.is_none()))
        {
            ev.push(Event::ShipmentRecorded {
                shipped_on: s.shipped_on,
            });
            covered.insert(id.as_str());
        }
        if let Some(a) = s.arrived.as_ref() {
            if old.is_none_or(|o| o.arrived.is_none()) {
                ev.push(Event::ShipmentArrived { on: a.on });
                covered.insert(id.as_str());
            }
        }
        let mut incidents = false;
        for (iid, i) in &s.incidents {
            let was = old.and_then(|o| o.incidents.get(iid));
            if was.is_none() {
                ev.push(Event::IncidentReported {
                    kind: i.kind.clone(),
                    pieces: i.pieces,
                    note: i.note.clone(),
                });
                incidents = true;
            }
            if let (Some(st), true) = (&i.settled, was.is_none_or(|w| w.settled.is_none())) {
                ev.push(Event::IncidentSettled {
                    kind: i.kind.clone(),
                    note: st.note.clone(),
                });
                incidents = true;
            }
        }
        // Only incidents changed: said above, not counted again as "other changes".
        if incidents {
            let mut rest = old.cloned().unwrap_or_default();
            rest.incidents = s.incidents.clone();
            if rest == *s {
                covered.insert(id.as_str());
            }
        }
    }
    other += count_others(&b.shipments, &after.shipments, &covered);

    // Complaints.
    let mut covered = said.complaints.clone();
    for (id, c) in &after.complaints {
        let old = b.complaints.get(id);
        if old.is_none() {
            ev.push(Event::ComplaintOpened {
                severity: c.severity.clone(),
            });
            covered.insert(id.as_str());
        } else if c.status == ComplaintStatus::Closed
            && old.is_some_and(|o| o.status != ComplaintStatus::Closed)
        {
            ev.push(Event::ComplaintClosed);
            covered.insert(id.as_str());
        }
    }
    other += count_others(&b.complaints, &after.complaints, &covered);
    // Returns: news of goods for live returns only (a void is a change, not goods moving); a
    // return recorded and sent again between the two states says both, as a shipment recorded
    // and arrived does — else the report reads pieces still waiting that already went. A resend
    // merged into a return this device voided is no news either.
    let mut covered = BTreeSet::new();
    for (id, r) in after.goods_returns.iter().filter(|(_, r)| !r.is_void()) {
        let old = b.goods_returns.get(id);
        if old.is_none() {
            ev.push(Event::GoodsReturned {
                qty: r.qty,
                disposition: r.disposition.clone(),
            });
            covered.insert(id.as_str());
        }
        if r.resent.is_some() && old.is_none_or(|o| o.resent.is_none()) {
            ev.push(Event::GoodsResent { qty: r.qty });
            covered.insert(id.as_str());
        }
    }
    other += count_others(&b.goods_returns, &after.goods_returns, &covered);
    let mut covered = contacted(&b.communications, &after.communications, &mut ev);
    // A note leaves the order only for its books (the log deletes none): the office keeping it
    // from the factory, which is no change of the order's to count (nor to tell the factory).
    covered.extend(
        b.communications
            .keys()
            .filter(|k| !after.communications.contains_key(k))
            .map(String::as_str),
    );
    other += count_others(&b.communications, &after.communications, &covered);
    let mut covered = said.gate_overrides.clone();
    covered.extend(waivers_to_books(&b.gate_overrides, &after.gate_overrides));
    other += count_others(&b.gate_overrides, &after.gate_overrides, &covered);
    // The status log, the ex-factory log and the schema travel with the events above.

    if other > 0 {
        ev.push(Event::OtherChanges { count: other });
    }
    ev
}

/// The money events between two states of an order's commercial document, judged under the
/// team's `gates` (a payment made around the approval rule is said as such).
pub fn money_events(
    before: Option<&Commercial>,
    after: &Commercial,
    gates: &crate::lifecycle::Gates,
) -> Vec<Event> {
    let empty = Commercial::default();
    let b = before.unwrap_or(&empty);
    let cur = after.currency.clone();
    let mut ev = Vec::new();
    let mut other = 0u32;
    let said = exceptions::money_exceptions(b, after, gates, &mut ev);
    contacted(&b.communications, &after.communications, &mut ev);
    let (said_receipts, mut said_payables, said_terms) = (said.receipts, said.payables, said.terms);
    if b.unit_price != after.unit_price {
        ev.push(Event::PriceChanged {
            currency: cur.clone(),
            from: b.unit_price,
            to: after.unit_price,
        });
    }
    // Receipts confirmed now pay what the confirmed ones before left open: deposit first.
    let deposit = after.receivables.deposit.amount;
    let balance = after.receivables.balance.amount;
    let mut received = b.received();
    let mut covered = said_receipts;
    let mut receipts: Vec<_> = after.receipts.iter().collect();
    sort_by_key(&mut receipts, |(id, r)| (r.date, *id));
    for (id, r) in receipts {
        let old = b.receipts.get(id);
        if r.confirmed_by.is_some() && old.is_none_or(|o| o.confirmed_by.is_none()) {
            let kind = match (deposit, balance) {
                (Some(d), _) if received < d => PaymentKind::Deposit,
                (Some(d), Some(bal)) if received < d.checked_add(bal).unwrap_or(d) => {
                    PaymentKind::Balance
                }
                (None, Some(bal)) if received < bal => PaymentKind::Balance,
                _ => PaymentKind::Other,
            };
            received = received.checked_add(r.amount).unwrap_or(received);
            ev.push(Event::PaymentReceived {
                kind,
                amount: r.amount,
                currency: cur.clone(),
            });
            covered.insert(id.as_str());
        } else if old.is_none() && r.voided.is_none() {
            // A receipt entered and voided within the changes read is said once, by its void.
            ev.push(Event::PaymentRecorded {
                amount: r.amount,
                currency: cur.clone(),
            });
            covered.insert(id.as_str());
        }
    }
    other += count_others(&b.receipts, &after.receipts, &covered);
    let mut covered = said.payments;
    for (id, p) in &after.payments {
        if !b.payments.contains_key(id) && !covered.contains(id.as_str()) {
            ev.push(Event::SupplierPaid {
                amount: p.amount,
                currency: after.payment_currency(p).to_string(),
            });
            covered.insert(id.as_str());
        }
    }
    other += count_others(&b.payments, &after.payments, &covered);
    said_payables.extend(debit_events(b, after, &mut ev));
    other += count_others(&b.payables, &after.payables, &said_payables);
    other += count_others(
        &b.payment_requests,
        &after.payment_requests,
        &BTreeSet::new(),
    );
    other += count_others(&b.po_prices, &after.po_prices, &BTreeSet::new());
    other += count_others(&b.colour_prices, &after.colour_prices, &BTreeSet::new());
    let said_quotes = quote_events(b, after, &mut ev);
    other += count_others(&b.quotes, &after.quotes, &said_quotes);
    let (said_claims, said_recoveries) = claim_events(b, after, &mut ev);
    other += count_others(&b.claims, &after.claims, &said_claims);
    other += count_others(&b.recoveries, &after.recoveries, &said_recoveries);
    let said_deductions = deduction_events(b, after, &mut ev);
    other += count_others(&b.deductions, &after.deductions, &said_deductions);
    // The words kept with a waiver are said with it, and with the move the order's log shows.
    let said_waivers = exceptions::waived(&b.gate_waivers, &after.gate_waivers, &mut ev);
    other += count_others(&b.gate_waivers, &after.gate_waivers, &said_waivers);
    other += [
        b.currency != after.currency && before.is_some(),
        // A deposit share planned again moves the receivables with it: said as the change.
        b.terms != after.terms && !said_terms,
        b.receivables != after.receivables && !said_terms,
    ]
    .into_iter()
    .filter(|x| *x)
    .count() as u32;
    if other > 0 {
        ev.push(Event::OtherChanges { count: other });
    }
    ev
}

/// The quotes sent, answered and withdrawn between two states of the books; returns the ids
/// said. A quote made and not sent yet is no news.
fn quote_events<'a>(b: &Commercial, a: &'a Commercial, ev: &mut Vec<Event>) -> BTreeSet<&'a str> {
    let mut said = BTreeSet::new();
    for (round, id, q) in crate::quotes::rounds(a) {
        let old = b.quotes.get(id);
        if q.sent.is_some() && old.is_none_or(|o| o.sent.is_none()) {
            ev.push(Event::QuoteSent {
                round,
                price: q.price,
                currency: q.currency.clone(),
            });
            said.insert(id.as_str());
        }
        if let Some(ans) = q
            .answer
            .as_ref()
            .filter(|_| old.is_none_or(|o| o.answer.is_none()))
        {
            ev.push(Event::QuoteAnswered {
                round,
                reply: ans.reply.clone(),
                price: q.price,
                counter: ans.counter,
                currency: q.currency.clone(),
                late: q.accepted_late().then(|| ans.note.clone()),
            });
            said.insert(id.as_str());
        }
        if let Some(why) = exceptions::newly(old.map(|o| &o.withdrawn), &q.withdrawn) {
            ev.push(Event::QuoteWithdrawn { round, said: why });
            said.insert(id.as_str());
        }
    }
    said
}

/// The claims lodged or revised and the recoveries recorded or voided between two states of the
/// books; returns the claim and recovery ids said.
fn claim_events<'a>(
    b: &Commercial,
    a: &'a Commercial,
    ev: &mut Vec<Event>,
) -> (BTreeSet<&'a str>, BTreeSet<&'a str>) {
    let mut claims = BTreeSet::new();
    for (id, cl) in &a.claims {
        let old = b.claims.get(id);
        if old.is_none_or(|o| o.amount != cl.amount) {
            ev.push(Event::ClaimLodged {
                amount: cl.amount,
                currency: cl.currency.clone(),
                revised: old.is_some(),
            });
            claims.insert(id.as_str());
        }
    }
    let mut recoveries = BTreeSet::new();
    for (id, r) in &a.recoveries {
        let old = b.recoveries.get(id);
        let currency = a
            .claims
            .get(&r.incident)
            .map(|c| c.currency.clone())
            .unwrap_or_default();
        if old.is_none() && r.voided.is_none() {
            ev.push(Event::ClaimRecovered {
                amount: r.amount,
                currency: currency.clone(),
            });
            recoveries.insert(id.as_str());
        }
        if let Some(said) = exceptions::newly(old.map(|o| &o.voided), &r.voided) {
            ev.push(Event::RecoveryVoided {
                amount: r.amount,
                currency,
                said,
            });
            recoveries.insert(id.as_str());
        }
    }
    (claims, recoveries)
}

/// The debits charged back to suppliers for complaints, and those voided, between two states
/// of the books; returns the payable ids said. One charged and voided within the changes read
/// is said once, by its void.
fn debit_events<'a>(b: &Commercial, a: &'a Commercial, ev: &mut Vec<Event>) -> BTreeSet<&'a str> {
    let mut said = BTreeSet::new();
    for (id, p) in crate::factory_debits::listed(a) {
        let old = b.payables.get(id);
        let (amount, currency) = (p.amount, a.payable_currency(id).to_string());
        if let Some(why) = exceptions::newly(old.map(|o| &o.voided), &p.voided) {
            ev.push(Event::DebitVoided {
                amount,
                currency,
                said: why,
            });
        } else if old.is_none() && p.voided.is_none() {
            ev.push(Event::FactoryDebited { amount, currency });
        } else {
            continue;
        }
        said.insert(id.as_str());
    }
    said
}

/// The buyer's deductions recorded, confirmed or voided between two states of the books;
/// returns the ids said. One recorded and voided within the changes read is said once, by its
/// void; one recorded and confirmed, once, as confirmed.
fn deduction_events<'a>(
    b: &Commercial,
    a: &'a Commercial,
    ev: &mut Vec<Event>,
) -> BTreeSet<&'a str> {
    let mut said = BTreeSet::new();
    for (id, d) in crate::deductions::listed(a) {
        let old = b.deductions.get(id);
        let (amount, currency) = (d.amount, a.currency.clone());
        if let Some(why) = exceptions::newly(old.map(|o| &o.voided), &d.voided) {
            ev.push(Event::DeductionVoided {
                amount,
                currency,
                said: why,
            });
        } else if d.voided.is_some() {
            continue;
        } else if d.is_confirmed() && old.is_none_or(|o| !o.is_confirmed()) {
            ev.push(Event::BuyerDeducted { amount, currency });
        } else if old.is_none() {
            ev.push(Event::DeductionRecorded { amount, currency });
        } else {
            continue;
        }
        said.insert(id.as_str());
    }
    said
}

/// Adds `more` to `events`, folding the "other changes" counts into one line at the end.
pub fn merge_events(events: &mut Vec<Event>, more: Vec<Event>) {
    let mut other = 0;
    for e in std::mem::take(events).into_iter().chain(more) {
        match e {
            Event::OtherChanges { count } => other += count,
            e => events.push(e),
        }
    }
    if other > 0 {
        events.push(Event::OtherChanges { count: other });
    }
}

/// The document as it was at `heads`; `None` when `heads` is empty (before it existed) or the
/// value does not read there.
pub fn read_at<T: Root>(doc: &mut AutoCommit, heads: &[ChangeHash]) -> Option<T> {
    if heads.is_empty() {
        return None;
    }
    let at = doc.fork_at(heads).ok()?;
    document::read::<T>(&at).ok()
}

/// The heads of the changes `keep` selects, with everything they depend on: the document as it
/// was when exactly those changes (and their causes) were known.
pub fn heads_where(
    doc: &mut AutoCommit,
    keep: impl Fn(&automerge::Change) -> bool,
) -> Vec<ChangeHash> {
    let changes = doc.get_changes(&[]);
    let deps: BTreeMap<ChangeHash, Vec<ChangeHash>> = changes
        .iter()
        .map(|c| (c.hash(), c.deps().to_vec()))
        .collect_map();
    let mut set: BTreeSet<ChangeHash> = BTreeSet::new();
    let mut todo: Vec<ChangeHash> = changes
        .iter()
        .filter(|c| keep(c))
        .map(|c| c.hash())
        .collect();
    while let Some(h) = todo.pop() {
        if set.insert(h) {
            todo.extend(deps.get(&h).into_iter().flatten().copied());
        }
    }
    let depended: BTreeSet<ChangeHash> = set
        .iter()
        .flat_map(|h| deps.get(h).into_iter().flatten().copied())
        .collect();
    set.difference(&depended).copied().collect()
}
