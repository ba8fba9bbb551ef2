//! An order's agenda: everything Today needs from one order, with the dates kept rather than
//! judged, so the view for any day is drawn from it without the document.
//!
//! Today used to hydrate every open order on each visit (about 6 s at 10,000 orders). The agenda
//! is computed when an order is saved and stored beside its summary; Today reads agendas only and
//! loads a document just for the orders whose agenda is missing or was made under other rules.
//! [`crate::reports::today`] itself goes through [`Agenda::of`] and [`Agenda::today`], so there is
//! one implementation and the stored form cannot drift from the direct one.
//!
//! What depends on the day (late, due this week, overdue, sewing behind plan) is judged in
//! [`Agenda::today`]; what does not (open, complete, confirmed, the sewing plan) is settled here.
//! The needs-a-decision details are not stored: an agenda only says whether there are any, and the
//! reader loads such an order (rare: they come from merges) to say what they are.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::commercial::{Aging, Commercial};
use crate::day::Day;
use crate::lifecycle::{Gates, Violation};
use crate::money::Price;
use crate::order::{Order, OrderStatus};
use crate::production::{self, Stage};
use crate::reports::{AtRisk, NeedsDecision, RiskReason, Today, TodayItem, SHOWN_REASONS};
use crate::sorting::sort;

/// The state a booking's label names while someone else has yet to confirm its day
/// ([`Agenda::bookings`]): read by position, never searched for, as a name typed after it could
/// hold the same word.
pub const BOOKING_TO_CONFIRM: &str = "confirm";

/// The state Today's row of a booking names once its day has passed with nobody starting the
/// inspection ([`crate::bookings::Booking::is_missed`]): judged on the day Today is read, not
/// stored, as the agenda is kept from one day to the next.
pub const BOOKING_MISSED: &str = "missed";

/// Bumped whenever what an agenda holds or how it is judged changes, so agendas stored by an older
/// build are recomputed rather than trusted (see [`Agenda::key`]).
const VERSION: u32 = 20;

/// Receipts and deductions waiting for a second person's confirmation, oldest first.
fn to_confirm(c: &Commercial) -> Vec<Entry> {
    let cur = c.currency.as_str();
    let receipts = c
        .counted_receipts()
        .filter(|(_, r)| r.confirmed_by.is_none())
        .map(|(id, r)| ("receipt", id, r.amount, r.recorded_by.as_str(), r.recorded));
    let deductions = crate::deductions::counted(c)
        .filter(|(_, d)| !d.is_confirmed())
        .map(|(id, d)| ("deduction", id, d.amount, d.who.as_str(), d.recorded));
    let mut out: Vec<Entry> = receipts
        .chain(deductions)
        .map(|(kind, id, amount, who, day)| {
            entry(id, &format!("{kind} · {cur} {amount} · {who}"), day)
        })
        .collect();
    crate::sorting::sort_by_key(&mut out, |e| (e.due, e.record.clone()));
    out
}

/// The POs whose supplier owes money back, labelled with the PO and the amount, dated by the
/// latest payment beyond one of its charges (none when only credits are owed back).
fn owed_back(order: &Order, c: &Commercial) -> Vec<Entry> {
    let over = c.overpaid();
    c.owed_back()
        .into_iter()
        .map(|(po, owed)| {
            let name = order
                .purchase_orders
                .get(po)
                .map(|p| p.label())
                .unwrap_or_default();
            let label = format!("{name} · {} {owed}", c.po_currency(po));
            let day = over
                .iter()
                .filter(|o| o.purchase_order == po)
                .flat_map(|o| o.payments.iter().filter_map(|(_, p)| p.date))
                .max();
            entry(po, &label, day)
        })
        .collect()
}

/// A dated record of the order: an open milestone, inspection, PO, sample or complaint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(rename = "i")]
    pub record: String,
    #[serde(rename = "l")]
    pub label: String,
    #[serde(rename = "d")]
    pub due: Option<Day>,
}

/// An open milestone with a due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    #[serde(rename = "i")]
    pub record: String,
    #[serde(rename = "l")]
    pub label: String,
    #[serde(rename = "d")]
    pub due: Day,
    /// Planned on or before ex-factory and not the ex-factory milestone itself: it counts for the
    /// order's risk.
    #[serde(rename = "x", default)]
    pub before_ex_factory: bool,
}

/// Money awaited from the buyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Awaited {
    #[serde(rename = "d")]
    pub due: Option<Day>,
    /// The goods are ready or gone: the balance is listed whatever its due date.
    #[serde(rename = "s", default)]
    pub goods_ready: bool,
}

/// The sewing plan and what was sewn, enough to judge "behind plan" on any day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sewing {
    #[serde(rename = "p")]
    pub planned: u64,
    /// The stage's window ([`production::stage_window`]); `None` when there are no dates.
    #[serde(rename = "w")]
    pub window: Option<(Day, Day)>,
    /// Dated sewing reports (day, pieces).
    #[serde(rename = "r", default)]
    pub reports: Vec<(Day, u64)>,
}

impl Sewing {
    fn done_by(&self, day: Day) -> u64 {
        self.reports
            .iter()
            .filter(|(d, _)| *d <= day)
            .map(|(_, q)| q)
            .sum()
    }

    /// [`production::expected_by`] on the stored window.
    fn expected_by(&self, day: Day) -> Option<u64> {
        Some(production::linear(self.planned, self.window?, day))
    }
}

/// What the order's risk of missing ex-factory is judged on; present only while the order is
/// open, not shipped, and has an ex-factory date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Risk {
    #[serde(rename = "x")]
    pub ex_factory: Day,
    #[serde(rename = "f", default)]
    pub final_passed: bool,
    /// Present when the order has pieces to plan.
    #[serde(rename = "s", default)]
    pub sewing: Option<Sewing>,
}

/// What the buyer still owes on one order (应收账款), for the receivables book across orders:
/// the currency, what the order is owed in all and what was received (confirmed), and the
/// deposit and the balance still open, each with its due day. Money, so kept in the agenda,
/// made where the books are. Amounts in ten-thousandths of the currency.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ReceivableFact {
    #[serde(rename = "c")]
    pub currency: String,
    #[serde(rename = "o")]
    pub owed: i64,
    #[serde(rename = "r")]
    pub received: i64,
    #[serde(rename = "p", default)]
    pub open: Vec<(i64, Option<Day>)>,
}

impl ReceivableFact {
    /// The order's receivable, when its books hold one: `None` for an order owed nothing.
    pub fn of(order: &Order, c: &Commercial) -> Option<ReceivableFact> {
        let owed = c.owed(order);
        let open: Vec<(i64, Option<Day>)> = c
            .open_receivables(order)
            .into_iter()
            .filter(|(p, _)| *p > Price::ZERO)
            .map(|(p, d)| (p.ten_thousandths(), d))
            .collect();
        (owed > Price::ZERO || !open.is_empty()).then(|| ReceivableFact {
            currency: c.currency.clone(),
            owed: owed.ten_thousandths(),
            received: c.received().ten_thousandths(),
            open,
        })
    }

    fn parts(&self) -> Vec<(Price, Option<Day>)> {
        self.open
            .iter()
            .map(|(p, d)| (Price::from_ten_thousandths(*p), *d))
            .collect()
    }

    /// What is still open, by age on `now`.
    pub fn aging(&self, now: Day) -> Aging {
        Aging::of(&self.parts(), now)
    }

    /// Days past the earliest due day still open on `now` (0 or less: nothing overdue).
    pub fn days_overdue(&self, now: Day) -> i64 {
        self.open
            .iter()
            .filter_map(|(_, d)| d.map(|d| d.days_until(now)))
            .max()
            .unwrap_or(0)
    }
}

/// One order's agenda. See the module documentation.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Agenda {
    /// The rules and build it was made under ([`Agenda::key`]).
    #[serde(rename = "k")]
    pub key: String,
    /// The customer PO (the style while the order has none), naming the order in money and
    /// decision rows.
    #[serde(rename = "po", default)]
    pub customer_po: String,
    /// Cancelled or closed: nothing but decisions is listed.
    #[serde(rename = "c", default)]
    pub settled: bool,
    /// The order is in a state no rule allows; the reader loads it to say why.
    #[serde(rename = "n", default)]
    pub needs_decision: bool,
    #[serde(rename = "m", default)]
    pub milestones: Vec<Step>,
    /// Inspections not completed, by scheduled day.
    #[serde(rename = "q", default)]
    pub inspections: Vec<Entry>,
    /// Purchase orders not complete, by due day.
    #[serde(rename = "p", default)]
    pub purchase_orders: Vec<Entry>,
    /// Purchase orders marked urgent and not in full (紧急物料), by the day the supplier last
    /// promised, else their due day.
    #[serde(rename = "u", default, skip_serializing_if = "Vec::is_empty")]
    pub urgent: Vec<Entry>,
    /// The latest round of each sample kind while its reply is pending, by reply due day.
    #[serde(rename = "s", default)]
    pub samples: Vec<Entry>,
    /// Open complaints, by the day they were opened.
    #[serde(rename = "o", default)]
    pub complaints: Vec<Entry>,
    #[serde(rename = "dp", default)]
    pub deposit: Option<Awaited>,
    #[serde(rename = "bl", default)]
    pub balance: Option<Awaited>,
    #[serde(rename = "r", default)]
    pub risk: Option<Risk>,
    /// The books hold a price someone other than the order's creator wrote, not yet confirmed
    /// ([`crate::commercial::PriceCheck`]); listed even once the order is closed, as money is.
    #[serde(rename = "pc", default)]
    pub prices_to_check: bool,
    /// The books are on this device and do not read (a peer's change broke them): nothing of
    /// the money is in this agenda, and Today says so until they are put back; listed even once
    /// the order is closed, as money is.
    #[serde(rename = "bu", default, skip_serializing_if = "std::ops::Not::not")]
    pub books_unread: bool,
    /// Payment requests to suppliers waiting for a decision (付款申请), by the day asked;
    /// listed even once the order is closed, as money is.
    #[serde(rename = "pr", default)]
    pub pay_requests: Vec<Entry>,
    /// The supplier charges with a due day and when each was paid off, for the KPI "suppliers
    /// paid on time" (Reports reads it here: it is money, made where the books are).
    #[serde(rename = "pf", default, skip_serializing_if = "Vec::is_empty")]
    pub paid: Vec<crate::report_facts::PaidFact>,
    /// Supplier charges not yet paid off, by due day (付款跟进): what is still owed of each,
    /// named by its PO; listed even once the order is closed, as money is.
    #[serde(rename = "pd", default, skip_serializing_if = "Vec::is_empty")]
    pub payables: Vec<Entry>,
    /// Purchase orders whose supplier owes money back (退款跟进), named with how much, dated by
    /// the latest payment beyond a charge; listed even once the order is closed, as money is.
    #[serde(rename = "ob", default, skip_serializing_if = "Vec::is_empty")]
    pub owed_back: Vec<Entry>,
    /// Transit incidents not yet settled (运输异常), by the day they happened; listed even once
    /// the order is closed, as a claim outlives it.
    #[serde(rename = "ti", default, skip_serializing_if = "Vec::is_empty")]
    pub incidents: Vec<Entry>,
    /// Claims whose incident was settled with money still to come back (索赔款待收回), labelled
    /// with what is outstanding, dated by the day the claim was lodged; listed even once the
    /// order is closed, as money is. An incident still open is listed with the incidents.
    #[serde(rename = "cm", default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Entry>,
    /// Inspections booked ahead and not yet held (验货预约), labelled "kind · inspector · state ·
    /// who inspects" (state "confirm" while someone else has not confirmed the day), by their day;
    /// not for a settled order.
    #[serde(rename = "ib", default, skip_serializing_if = "Vec::is_empty")]
    pub bookings: Vec<Entry>,
    /// Quotes sent to the buyer and not answered (报价待回复), labelled "round · price", dated by
    /// the day they stop holding, else the day they were sent; not for a settled order.
    #[serde(rename = "qw", default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Entry>,
    /// Pieces the buyer sent back to be reworked or replaced and not sent again (不良品退货),
    /// labelled "pieces · disposition", by the day they came back; listed even once the order
    /// is closed, as the buyer is still owed them.
    #[serde(rename = "gr", default, skip_serializing_if = "Vec::is_empty")]
    pub returns: Vec<Entry>,
    /// Money recorded that waits for someone other than who recorded it (到账确认): receipts
    /// and the buyer's deductions, labelled "receipt|deduction · currency amount · recorder",
    /// by the day recorded; listed even once the order is closed, as money is. A twin or a
    /// voided one waits for nothing.
    #[serde(rename = "mc", default, skip_serializing_if = "Vec::is_empty")]
    pub to_confirm: Vec<Entry>,
    /// What the buyer still owes ([`ReceivableFact`]); none without the books, for a cancelled
    /// order, or when nothing is owed.
    #[serde(rename = "ar", default, skip_serializing_if = "Option::is_none")]
    pub receivable: Option<ReceivableFact>,
    /// The decisions themselves, when computed from the document (never stored).
    #[serde(skip)]
    pub decisions: Vec<Violation>,
}

impl Agenda {
    /// The key an agenda made now under `gates` carries; a stored agenda with another key is stale.
    pub fn key(gates: &Gates) -> String {
        let digest = Sha256::digest(format!("{VERSION}:{gates:?}").as_bytes());
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The agenda of `order` whose books are on this device and do not read: the order's own
    /// dates and decisions, no money, and the books said to be unreadable.
    pub fn books_unread(order: &Order, gates: &Gates) -> Agenda {
        Agenda {
            books_unread: true,
            ..Agenda::of(order, None, gates)
        }
    }

    /// The agenda of `order`, with its commercial document when this device has it.
    pub fn of(order: &Order, commercial: Option<&Commercial>, gates: &Gates) -> Agenda {
        let decisions = crate::lifecycle::violations(order, commercial, gates);
        let mut a = Agenda {
            key: Agenda::key(gates),
            customer_po: order.name().to_string(),
            settled: matches!(order.status, OrderStatus::Cancelled | OrderStatus::Closed),
            needs_decision: !decisions.is_empty(),
            decisions,
            prices_to_check: commercial.is_some_and(Commercial::has_prices_to_check),
            ..Agenda::default()
        };
        let open_incidents = crate::shipment::incidents::open(order);
        if let Some(c) = commercial {
            for (id, r) in c.requests_waiting() {
                let label = format!(
                    "{} {} · {}",
                    c.payable_currency(&r.payable),
                    r.amount,
                    r.requested_by
                );
                a.pay_requests.push(entry(id, &label, r.requested));
            }
            a.paid = c.paid_facts();
            for (id, p) in c.payables.iter().filter(|(_, p)| p.is_charge()) {
                let owed = c.payable_outstanding(id);
                if p.due.is_none() || owed == crate::money::Price::ZERO {
                    continue;
                }
                // A charge raised by hand has no PO to name: its kind and what it is for do.
                let po = if p.is_by_hand() {
                    format!("{} · {}", p.charge_kind.code(), p.note)
                } else {
                    order
                        .purchase_orders
                        .get(&p.purchase_order)
                        .map(|po| po.label())
                        .unwrap_or_default()
                };
                let label = format!("{po} · {} {owed}", c.payable_currency(id));
                a.payables.push(entry(&p.purchase_order, &label, p.due));
            }
            a.owed_back = owed_back(order, c);
            a.to_confirm = to_confirm(c);
            for (incident, claim) in &c.claims {
                let owed = crate::claims::outstanding(c, incident);
                if owed > Price::ZERO && !open_incidents.iter().any(|(_, id, _)| *id == incident) {
                    let label = format!("{} {owed}", claim.currency);
                    a.claims.push(entry(incident, &label, claim.day));
                }
            }
        }
        for (_, id, i) in open_incidents {
            let label = format!("{} · {}", i.kind.code(), i.note);
            a.incidents.push(entry(id, &label, i.day));
        }
        for (id, r) in crate::goods_returns::awaiting(order) {
            let label = format!("{} · {}", r.qty, r.disposition.code());
            a.returns.push(entry(id, &label, r.received));
        }
        if a.settled {
            return a;
        }
        a.milestones = steps(order);
        for (id, i) in &order.inspections {
            if !i.completed && i.scheduled.is_some() {
                a.inspections.push(entry(id, i.kind.code(), i.scheduled));
            }
        }
        for (id, b) in crate::bookings::open(order) {
            let state = match b.state() {
                crate::bookings::BookingState::ToConfirm => BOOKING_TO_CONFIRM,
                _ => "booked",
            };
            let label = format!(
                "{} · {} · {state} · {}",
                b.kind.code(),
                b.by.code(),
                b.agency
            );
            a.bookings.push(entry(id, &label, b.day));
        }
        for (id, po) in &order.purchase_orders {
            if po.due.is_some() && po.is_open() {
                a.purchase_orders.push(entry(id, &po.label(), po.due));
            }
            if let Some(u) = po.urgent.as_ref().filter(|_| po.is_open()) {
                let label = format!("{} · {}", po.label(), u.reason);
                a.urgent.push(entry(id, &label, po.promised().or(po.due)));
            }
        }
        for (id, s) in &order.samples {
            if s.result == crate::samples::SampleResult::Pending
                && s.reply_due.is_some()
                && crate::samples::is_latest(order, id)
            {
                let label = format!("{} #{}", s.kind.code(), s.round);
                a.samples.push(entry(id, &label, s.reply_due));
            }
        }
        for (id, c) in &order.complaints {
            if c.is_open() {
                a.complaints.push(entry(id, &c.description, c.opened));
            }
        }
        if let Some(c) = commercial {
            // Judged on no day: a quote answered or withdrawn leaves the list, an expired one
            // stays (it needs chasing or a new round).
            for (round, id, q) in crate::quotes::waiting(c) {
                let label = format!("{round} · {} {}", q.currency, q.price);
                a.quotes.push(entry(id, &label, q.valid_until.or(q.sent)));
            }
            let r = &c.receivables;
            if order.status.is_open() && r.deposit.amount.is_some() && !c.deposit_confirmed(order) {
                a.deposit = Some(Awaited {
                    due: r.deposit.due,
                    goods_ready: false,
                });
            }
            if r.balance.amount.is_some() && !c.balance_confirmed_for(order) {
                a.balance = Some(Awaited {
                    due: r.balance.due,
                    goods_ready: matches!(
                        order.status,
                        OrderStatus::ReadyToShip | OrderStatus::Shipped | OrderStatus::Delivered
                    ),
                });
            }
        }
        a.risk = risk_of(order);
        a.receivable = commercial
            .filter(|_| order.status != OrderStatus::Cancelled)
            .and_then(|c| ReceivableFact::of(order, c));
        a
    }

    /// The order's part of the today view on `now`, listed under `order` (its document id).
    /// Decisions are listed with their details only when this agenda was computed from the
    /// document ([`Agenda::decisions`]); a stored agenda only says [`Agenda::needs_decision`].
    pub fn today(&self, order: &str, now: Day, at_risk_days: u32) -> Today {
        let mut t = Today::default();
        if !self.decisions.is_empty() {
            t.needs_decision.push(NeedsDecision {
                order: order.to_string(),
                label: self.customer_po.clone(),
                violations: self.decisions.clone(),
            });
        }
        let whole = || TodayItem {
            order: order.to_string(),
            record: None,
            label: self.customer_po.clone(),
            due: None,
        };
        if self.prices_to_check {
            t.prices_to_check.push(whole());
        }
        if self.books_unread {
            t.books_unread.push(whole());
        }
        let item = |e: &Entry| TodayItem {
            order: order.to_string(),
            record: Some(e.record.clone()),
            label: e.label.clone(),
            due: e.due,
        };
        t.pay_requests.extend(self.pay_requests.iter().map(item));
        t.owed_back.extend(self.owed_back.iter().map(item));
        t.transit_incidents.extend(self.incidents.iter().map(item));
        t.claims_outstanding.extend(self.claims.iter().map(item));
        t.returns_to_resend.extend(self.returns.iter().map(item));
        t.money_to_confirm.extend(self.to_confirm.iter().map(item));
        t.payables_due.extend(
            self.payables
                .iter()
                .filter(|e| e.due.is_some_and(|d| now.days_until(d) < 7))
                .map(item),
        );
        if self.settled {
            return t;
        }
        for m in &self.milestones {
            let left = now.days_until(m.due);
            let to = if left < 0 {
                &mut t.late_milestones
            } else if left < 7 {
                &mut t.due_this_week
            } else {
                continue;
            };
            to.push(TodayItem {
                order: order.to_string(),
                record: Some(m.record.clone()),
                label: m.label.clone(),
                due: Some(m.due),
            });
        }
        let on = |e: &&Entry, f: fn(Day, Day) -> bool| e.due.is_some_and(|d| f(now, d));
        t.inspections_today.extend(
            self.inspections
                .iter()
                .filter(|e| on(e, |now, d| d == now))
                .map(item),
        );
        // Within the week, or any day while someone else has yet to confirm it: that is chased.
        t.inspections_booked.extend(
            self.bookings
                .iter()
                .filter(|e| {
                    e.label.split(" · ").nth(2) == Some(BOOKING_TO_CONFIRM)
                        || on(e, |now, d| now.days_until(d) < 7)
                })
                .map(|e| {
                    let mut it = item(e);
                    if on(&e, |now, d| d < now) {
                        let mut parts: Vec<&str> = e.label.splitn(4, " · ").collect();
                        if let Some(state) = parts.get_mut(2) {
                            *state = BOOKING_MISSED;
                            it.label = parts.join(" · ");
                        }
                    }
                    it
                }),
        );
        t.urgent_materials.extend(self.urgent.iter().map(item));
        t.pos_overdue.extend(
            self.purchase_orders
                .iter()
                .filter(|e| on(e, |now, d| now > d))
                .map(item),
        );
        t.sample_replies_overdue.extend(
            self.samples
                .iter()
                .filter(|e| on(e, |now, d| now > d))
                .map(item),
        );
        t.open_complaints.extend(self.complaints.iter().map(item));
        t.quotes_waiting.extend(self.quotes.iter().map(item));
        let money = |due: Option<Day>| TodayItem {
            order: order.to_string(),
            record: None,
            label: self.customer_po.clone(),
            due,
        };
        if let Some(d) = &self.deposit {
            t.deposits_awaited.push(money(d.due));
        }
        if let Some(b) = &self.balance {
            // Listed on its own terms, even while the deposit is also unpaid.
            if b.goods_ready || b.due.is_some_and(|d| now.days_until(d) < 7) {
                t.balances_awaited.push(money(b.due));
            }
        }
        let mut reasons = self.risk_reasons(now, at_risk_days);
        if !reasons.is_empty() {
            let more = reasons.len().saturating_sub(SHOWN_REASONS);
            reasons.truncate(SHOWN_REASONS);
            t.at_risk.push(AtRisk {
                order: order.to_string(),
                reasons,
                more,
            });
        }
        t
    }

    /// Why the order may miss its ex-factory date on `now`, most telling first (see
    /// [`crate::reports::risk_reasons`]).
    pub fn risk_reasons(&self, now: Day, at_risk_days: u32) -> Vec<RiskReason> {
        let mut why = Vec::new();
        let Some(r) = &self.risk else {
            return why;
        };
        let xf = r.ex_factory;
        if now > xf {
            why.push(RiskReason::ExFactoryPassed { ex_factory: xf });
        }
        if let Some(s) = &r.sewing {
            let done = s.done_by(now);
            let expected = s.expected_by(now);
            let behind = expected.map_or(0, |e| e.saturating_sub(done));
            if behind * 10 > s.planned {
                why.push(RiskReason::SewingBehind {
                    done,
                    expected: expected.unwrap_or(0),
                });
            }
        }
        let mut late = Vec::new();
        let mut delayed = Vec::new();
        for m in self.milestones.iter().filter(|m| m.before_ex_factory) {
            if m.due < now {
                late.push((m.due, m.label.clone()));
            } else if m.due > xf {
                delayed.push((m.due, m.label.clone()));
            }
        }
        sort(&mut late);
        sort(&mut delayed);
        if let Some((due, name)) = late.first().cloned() {
            why.push(RiskReason::MilestonesLate {
                name,
                due: Some(due),
                more: late.len() as u32 - 1,
            });
        }
        if now.days_until(xf) <= i64::from(at_risk_days) && !r.final_passed {
            why.push(RiskReason::FinalNotPassed { ex_factory: xf });
        }
        if let Some((due, name)) = delayed.first().cloned() {
            why.push(RiskReason::DelayedPastExFactory {
                name,
                due: Some(due),
                more: delayed.len() as u32 - 1,
            });
        }
        why
    }
}

fn entry(record: &str, label: &str, due: Option<Day>) -> Entry {
    Entry {
        record: record.to_string(),
        label: label.to_string(),
        due,
    }
}

/// The open milestones with a due date, in the order's milestone order.
fn steps(order: &Order) -> Vec<Step> {
    order
        .milestones
        .iter()
        // Payment is followed by the money due, from the books, not by a milestone.
        .filter(|(_, m)| m.actual.is_none() && !crate::tna::follows_payment(m))
        .filter_map(|(id, m)| {
            Some(Step {
                record: id.clone(),
                label: m.name.clone(),
                due: m.due()?,
                before_ex_factory: m.code != "ex_factory"
                    && m.planned
                        .zip(order.ex_factory)
                        .is_some_and(|(p, xf)| p <= xf),
            })
        })
        .collect()
}

/// The facts of the order's risk; `None` when it cannot be at risk.
pub(crate) fn risk_of(order: &Order) -> Option<Risk> {
    if !order.status.is_open()
        || matches!(order.status, OrderStatus::Shipped)
        || order.shipped_on().is_some()
    {
        return None;
    }
    let ex_factory = order.ex_factory?;
    let planned = order.quantities.total();
    let sewing = (planned > 0).then(|| Sewing {
        planned,
        window: production::stage_window(order, &Stage::Sewing),
        reports: production::live(order)
            .map(|(_, r)| r)
            .filter(|r| r.stage == Stage::Sewing)
            .filter_map(|r| Some((r.date?, r.qty)))
            .collect(),
    });
    Some(Risk {
        ex_factory,
        final_passed: crate::inspection::final_passed(order),
        sewing,
    })
}

/// The agenda parts risk is judged on, without the rest (for screens that show one order's risk).
pub(crate) fn risk_only(order: &Order) -> Agenda {
    Agenda {
        milestones: steps(order),
        risk: risk_of(order),
        ..Agenda::default()
    }
}
