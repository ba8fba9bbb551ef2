//! Moving an order through its lifecycle, with the house rules as gates: production is released
//! only after the deposit is confirmed (订金到账后下达生产订单) and the required samples are
//! approved; goods ship only after the balance is confirmed (全款到账后安排出货) and the final
//! inspection passed (查货合格后通知出货) on a lot that is the goods presented.
//!
//! Each gate can be switched off per workspace ([`Gates`], in the workspace settings). A closed
//! gate can be passed only with a reason, which is logged in the order as a record keyed by time,
//! gate and person — two people overriding concurrently both stay on record.
//!
//! The rules hold on every path into a gated status because every path goes through
//! [`transition`]: the status buttons, resuming from hold, a new order's first status
//! ([`start`]), and a shipped date typed on a shipment ([`set_shipped_on`] — recording the day the
//! goods left *is* shipping; a later shipment of an order that already shipped still needs its
//! own passed final lot, [`crate::inspection::final_gates`]). Each move is logged in
//! `order.status_log` with a sequence number one above the highest the device saw, so moves two
//! devices made concurrently share a number and are found after the merge. Merges can still combine moves no single device allowed;
//! [`violations`] finds every such state so the screens show it as "needs a decision", and
//! [`override_gate`] / [`keep_status`] / [`reopen`] are the logged ways to settle one.

use crate::records::RecordMap;
use crate::sorting::{sort_dedup, CollectSet};
use std::collections::{BTreeMap, BTreeSet};

use autosurgeon::{Hydrate, Reconcile};

use crate::commercial::Commercial;
use crate::day::Day;
use crate::error::DomainError;
use crate::inspection;
use crate::order::{Field, Issue, Order, OrderStatus, Problem};
use crate::samples::{self, SampleKind};

// The gates are named with the rules that apply them, where the screens look for them.
pub use crate::gate::Gate;

fn yes() -> bool {
    true
}

fn default_required_samples() -> RecordMap<bool> {
    RecordMap::from([(SampleKind::PreProduction.code().to_string(), true)])
}

/// How far (per mille of the order's total) a final lot may fall short of the order when no
/// shipment says what ships: the usual short-shipment allowance in garment contracts, 3 %.
pub const DEFAULT_SHORT_SHIP_PERMILLE: u32 = 30;

fn default_short_ship() -> u32 {
    DEFAULT_SHORT_SHIP_PERMILLE
}

/// Which gates a workspace enforces. All on by default; PP sample approval gates production.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Gates {
    #[autosurgeon(missing = "yes")]
    pub deposit_before_production: bool,
    #[autosurgeon(missing = "yes")]
    pub samples_before_production: bool,
    #[autosurgeon(missing = "yes")]
    pub balance_before_shipping: bool,
    #[autosurgeon(missing = "yes")]
    pub final_inspection_before_shipping: bool,
    /// Sample kind code → required for production release.
    #[autosurgeon(missing = "default_required_samples")]
    pub required_samples: RecordMap<bool>,
    /// The short-shipment allowance a final lot is judged with when no shipment gives its pieces
    /// ([`DEFAULT_SHORT_SHIP_PERMILLE`] unless the workspace sets another).
    #[autosurgeon(missing = "default_short_ship")]
    pub short_ship_permille: u32,
    /// Money leaves for a supplier only against a payment request someone other than its
    /// asker approved ([`crate::pay_requests`]). Off unless the team turns it on: a team of
    /// one cannot approve its own requests.
    #[autosurgeon(missing = "Default::default")]
    pub payments_need_approval: bool,
    /// The day approval was switched on (the caller's today): a payment naming no request and
    /// dated from then on was made by a device that did not yet know the rule, or around it,
    /// and is shown as such ([`crate::commercial::Commercial::paid_without_request`]); those
    /// from before stand as they were made.
    #[autosurgeon(missing = "Default::default")]
    pub payments_need_approval_since: Option<crate::day::Day>,
    /// The least deposit the team accepts before production, in basis points of the order's
    /// value (3000: 30 %); 0 for none. The terms of one order are typed on the money screen,
    /// so without it a deposit of 0.01 % agreed there, and received, opened the gate: an order
    /// whose terms ask less is released only with a logged reason.
    #[autosurgeon(missing = "Default::default")]
    pub min_deposit_bp: u32,
    /// Every stretch of days approval was on, keyed by the id of the change that switched it
    /// on, so switching it off does not forget payments made around it
    /// ([`Gates::approval_periods`], [`crate::rule_log`]).
    #[autosurgeon(missing = "Default::default")]
    pub approval_periods: RecordMap<crate::rule_log::ApprovalPeriod>,
    /// Release to production needs the buyer's order confirmed in writing and by phone
    /// ([`Gate::BuyerConfirmed`]). Off unless the team turns it on: orders released before it
    /// existed were never asked, and would all stand as needing a decision.
    #[autosurgeon(missing = "Default::default")]
    pub buyer_confirmed_before_production: bool,
    /// The day the buyer-confirmation rule was last switched on (the caller's today): an order
    /// released to production before it was never asked, and is not judged by it
    /// ([`violations`]); a move from then on is.
    #[autosurgeon(missing = "Default::default")]
    pub buyer_confirmed_since: Option<crate::day::Day>,
    /// Every stretch of days the buyer-confirmation rule was on, keyed by the id of the change
    /// that switched it on ([`Gates::buyer_confirmed_periods`]): a release made while it was on
    /// is judged by it even after it was switched off and on again.
    #[autosurgeon(missing = "Default::default")]
    pub buyer_confirmation_periods: RecordMap<crate::rule_log::ApprovalPeriod>,
}

impl Default for Gates {
    fn default() -> Self {
        Gates {
            deposit_before_production: true,
            samples_before_production: true,
            balance_before_shipping: true,
            final_inspection_before_shipping: true,
            required_samples: default_required_samples(),
            short_ship_permille: DEFAULT_SHORT_SHIP_PERMILLE,
            payments_need_approval: false,
            payments_need_approval_since: None,
            min_deposit_bp: 0,
            approval_periods: RecordMap::new(),
            buyer_confirmed_before_production: false,
            buyer_confirmed_since: None,
            buyer_confirmation_periods: RecordMap::new(),
        }
    }
}

impl Gates {
    /// Every gate off.
    pub fn none() -> Gates {
        Gates {
            deposit_before_production: false,
            samples_before_production: false,
            balance_before_shipping: false,
            final_inspection_before_shipping: false,
            required_samples: RecordMap::new(),
            short_ship_permille: DEFAULT_SHORT_SHIP_PERMILLE,
            payments_need_approval: false,
            payments_need_approval_since: None,
            min_deposit_bp: 0,
            approval_periods: RecordMap::new(),
            buyer_confirmed_before_production: false,
            buyer_confirmed_since: None,
            buyer_confirmation_periods: RecordMap::new(),
        }
    }
}

/// A gate passed by override.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct GateOverride {
    /// [`Gate::code`].
    pub gate: String,
    pub reason: String,
    pub who: String,
    pub at_ms: i64,
    /// The status the order moved to.
    pub to: String,
    /// A money gate waived on a device that held no books for an order that linked none (one
    /// from before orders linked their books at creation, received by a factory before any
    /// money was entered). Such a device judged the money as "none", not as "elsewhere", so a
    /// device holding the books does not count the waiver: it asks for a decision of its own.
    #[autosurgeon(missing = "Default::default")]
    pub without_books: bool,
    /// What it covered, in pieces ([`crate::waiver_cover`]): the order's for the deposit and
    /// the whole order's balance or final inspection, a shipment's for its own, the pieces
    /// short for a final lot. A gate asking more later is not covered. `None` where nothing
    /// measures the gate, and in older builds' waivers.
    #[autosurgeon(missing = "Default::default")]
    pub covered: Option<i64>,
    /// For a shipping gate, how many times the goods it covered had come back when it was made
    /// ([`crate::waiver_cover::round`]): goods that leave again are judged anew.
    #[autosurgeon(missing = "Default::default")]
    pub round: Option<u64>,
}

crate::record_fields!(GateOverride;
    gate: String,
    reason: String,
    who: String,
    at_ms: i64,
    to: String,
    without_books: bool,
    covered: Option<i64>,
    round: Option<u64>,
);

crate::code_enum! {
    /// What a [`StatusChange`] was.
    pub enum ChangeKind default Move {
        /// An ordinary move through [`transition`].
        Move = "move",
        /// A step back after shipping ([`reopen`]), with its reason.
        Reopen = "reopen",
        /// Someone settled a "needs a decision" by keeping the status ([`keep_status`]).
        Decision = "decision",
    }
}

/// One entry of the status log.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct StatusChange {
    /// One above the highest number this device saw: moves made concurrently share a number.
    pub seq: u64,
    /// [`OrderStatus::code`]s.
    pub from: String,
    pub to: String,
    pub kind: ChangeKind,
    pub who: String,
    pub at_ms: i64,
    /// The override, reopening or decision reason ("" for a plain move).
    pub reason: String,
    /// How many entries the log held when this one was written, so a merge shows which entries
    /// were written without seeing the others (`None` in entries from before it was kept).
    #[autosurgeon(missing = "Default::default")]
    pub seen: Option<u64>,
}

crate::record_fields!(StatusChange;
    seq: u64,
    from: String,
    to: String,
    kind: ChangeKind,
    who: String,
    at_ms: i64,
    reason: String,
    seen: Option<u64>,
);

/// The sample kinds the workspace requires approved before production whose latest round is not
/// approved yet (empty when the gate is switched off). The samples screen shows the same list the
/// status change would refuse on.
pub fn samples_missing(order: &Order, gates: &Gates) -> Vec<SampleKind> {
    if !gates.samples_before_production {
        return Vec::new();
    }
    gates
        .required_samples
        .iter()
        .filter(|(_, required)| **required)
        .map(|(code, _)| SampleKind::from_code(code))
        .filter(|kind| !samples::kind_approved(order, kind))
        .collect()
}

/// Statuses that mean the goods have left: from here the order only moves forward.
pub fn is_shipped(status: OrderStatus) -> bool {
    matches!(
        status,
        OrderStatus::Shipped | OrderStatus::Delivered | OrderStatus::Closed
    )
}

/// The gates that are closed (not satisfied) for the order being at `status`. Production gates
/// hold for every status of the production stage (in production and ready to ship), so no route
/// into it — resuming from hold included — skips them; shipping gates hold for every shipped
/// status. `money_known` false skips the deposit and balance gates (a device without the order's
/// commercial document cannot judge them).
fn gates_for(
    order: &Order,
    commercial: Option<&Commercial>,
    status: OrderStatus,
    gates: &Gates,
    money_known: bool,
    shipping: &[&str],
) -> Vec<Gate> {
    let mut out = Vec::new();
    match status {
        OrderStatus::InProduction | OrderStatus::ReadyToShip => {
            if money_gate_closed(
                gates.deposit_before_production,
                money_known,
                commercial,
                |c| c.deposit_opens_gate_for(order, gates.min_deposit_bp),
            ) {
                out.push(Gate::Deposit);
            }
            out.extend(
                samples_missing(order, gates)
                    .into_iter()
                    .map(Gate::SampleApproval),
            );
            if gates.buyer_confirmed_before_production && !crate::buyer_confirm::stands(order) {
                out.push(Gate::BuyerConfirmed);
            }
        }
        s if is_shipped(s) => {
            // Once the shipments carry what ships, the balance is their value.
            if money_gate_closed(
                gates.balance_before_shipping,
                money_known,
                commercial,
                |c| c.balance_opens_gate_for(order),
            ) {
                out.push(Gate::Balance);
            }
            if gates.final_inspection_before_shipping {
                out.extend(inspection::final_gates(
                    order,
                    gates.short_ship_permille,
                    shipping,
                ));
            }
        }
        _ => {}
    }
    out
}

fn all_shipments(order: &Order) -> Vec<&str> {
    order.shipments.keys().map(String::as_str).collect()
}

/// The shipments a status move is judged on: moving an order that has not shipped ships every
/// shipment (the status buttons date each one without a day, [`record_shipped`]); a move between
/// shipped statuses judges those that left ([`shipments_gone`]).
fn shipping_for_move(order: &Order) -> Vec<&str> {
    if is_shipped(order.status) {
        shipments_gone(order)
    } else {
        all_shipments(order)
    }
}

/// The shipments that have left, judged at a shipped status: those with a shipped day, or every
/// one when none has a day (an order marked shipped before shipments were dated).
fn shipments_gone(order: &Order) -> Vec<&str> {
    let dated: Vec<&str> = order
        .shipments
        .iter()
        .filter(|(_, s)| s.shipped_on.is_some())
        .map(|(id, _)| id.as_str())
        .collect();
    if dated.is_empty() {
        all_shipments(order)
    } else {
        dated
    }
}

/// A money gate (deposit, balance) is closed when it is switched on, this device can judge it
/// (it holds the order's commercial document) and the money is not confirmed.
fn money_gate_closed(
    on: bool,
    money_known: bool,
    commercial: Option<&Commercial>,
    confirmed: impl Fn(&Commercial) -> bool,
) -> bool {
    on && money_known && !commercial.is_some_and(confirmed)
}

/// The gates that are closed for moving `order` to `next` (whether or not they were overridden
/// before).
pub fn closed_gates(
    order: &Order,
    commercial: Option<&Commercial>,
    next: OrderStatus,
    gates: &Gates,
) -> Vec<Gate> {
    gates_for(
        order,
        commercial,
        next,
        gates,
        money_known(order, commercial),
        &shipping_for_move(order),
    )
}

/// Whether a move of the order into production (or straight to ready) was logged while the
/// buyer-confirmation rule was on (`periods`, [`Gates::buyer_confirmed_periods`]). The log keeps
/// UTC milliseconds and the periods local days, so a move a day either side of a period is
/// judged by it: a release is spared only when it was logged more than a day outside every
/// period. An order whose log holds no release (an older build's) is spared.
fn released_while_on(
    order: &Order,
    periods: &[(crate::day::Day, Option<crate::day::Day>)],
) -> bool {
    order
        .status_log
        .values()
        // A reopening back to ready to ship releases nothing: no gate was asked of it.
        .filter(|c| {
            c.kind == ChangeKind::Move
                && (c.to == OrderStatus::InProduction.code()
                    || c.to == OrderStatus::ReadyToShip.code())
        })
        .filter_map(|c| crate::day::Day::from_unix_days(c.at_ms.div_euclid(86_400_000)))
        .any(|utc| {
            periods.iter().any(|(from, to)| {
                utc.add_days(1).is_some_and(|d| d >= *from)
                    && to.is_none_or(|t| utc.add_days(-1).is_some_and(|d| d <= t))
            })
        })
}

/// Whether this device can judge the money gates: it holds the order's commercial document, or
/// the order links none (no money was ever entered, so none was received). A device without the
/// money (a factory's, an office phone the money has not reached) neither asks for them nor
/// waives them; the devices that hold it report them after the move ([`violations`]).
fn money_known(order: &Order, commercial: Option<&Commercial>) -> bool {
    commercial.is_some() || order.commercial.is_none()
}

fn is_money_gate(gate: &Gate) -> bool {
    matches!(gate, Gate::Deposit | Gate::Balance)
}

/// True when the order's log holds an override of this gate: a gate waived once stays waived for
/// the order (resuming from hold does not ask again). The final inspection and the balance are
/// judged for the shipments a move ships ([`shipping_for_move`]) and waived shipment by shipment.
pub fn overridden(order: &Order, gate: &Gate) -> bool {
    overridden_for(order, gate, &shipping_for_move(order), true, None)
}

/// The code a waived final inspection is logged under for one shipment.
fn final_inspection_for(shipment: &str) -> String {
    shipment_gate(&Gate::FinalInspection, shipment)
}

/// The code a gate waived for one shipment is logged under: the final inspection, and the
/// balance, which each shipment that leaves adds to (what its goods are worth).
fn shipment_gate(gate: &Gate, shipment: &str) -> String {
    format!("{}:{shipment}", gate.code())
}

/// Whether a logged override covers `gate` for shipping `shipping`. The final inspection or the
/// balance waived for a shipment covers that shipment only, so a later shipment is judged on its
/// own lot and on the money for everything shipped by then; one waived for the whole order (an
/// order shipped without shipment records, or an override older builds logged) covers every
/// shipment judged with the order, unless `order_wide` is false: a later shipment leaving is a
/// new shipping, which such an override never saw. Judged where the `books` are, a money gate
/// waived on a device without them ([`GateOverride::without_books`]) does not count, and the
/// money gates waived where the books were, kept in them ([`crate::money_waivers`]), do.
fn overridden_for(
    order: &Order,
    gate: &Gate,
    shipping: &[&str],
    order_wide: bool,
    books: Option<&Commercial>,
) -> bool {
    let logged = |code: &str| {
        let counts =
            |o: &GateOverride| o.gate == code && crate::waiver_cover::covers(order, o, gate);
        order
            .gate_overrides
            .values()
            .any(|o| counts(o) && !(books.is_some() && o.without_books))
            || books.is_some_and(|b| b.gate_waivers.values().any(counts))
    };
    match gate {
        Gate::FinalInspection | Gate::Balance if !shipping.is_empty() => {
            (order_wide && logged(&gate.code()))
                || shipping.iter().all(|s| logged(&shipment_gate(gate, s)))
        }
        // No passed lot covers the shipment, now that some other shipment has one: what its
        // waived final inspection waived.
        Gate::FinalLot {
            lot: 0,
            shipment: Some(s),
            ..
        } => logged(&gate.code()) || logged(&final_inspection_for(s)),
        _ => logged(&gate.code()),
    }
}

/// The closed gates for `next` that no logged override covers: what [`transition`] refuses on.
pub fn unmet_gates(
    order: &Order,
    commercial: Option<&Commercial>,
    next: OrderStatus,
    gates: &Gates,
) -> Vec<Gate> {
    unmet_shipping(order, commercial, next, gates, &shipping_for_move(order))
}

fn unmet_shipping(
    order: &Order,
    commercial: Option<&Commercial>,
    next: OrderStatus,
    gates: &Gates,
    shipping: &[&str],
) -> Vec<Gate> {
    let money = money_known(order, commercial);
    gates_for(order, commercial, next, gates, money, shipping)
        .into_iter()
        .filter(|g| !overridden_for(order, g, shipping, true, commercial))
        .collect()
}

/// The status a held order left: the one recorded with the hold or, when none is (a hold
/// written before it was kept, or whose record a merge lost to a concurrent move), the `from`
/// of the latest logged move to on hold. A shipped status there cannot be a move's (nothing
/// ships into a hold) and is not believed.
pub fn held_from(order: &Order) -> Option<OrderStatus> {
    order.held_from.or_else(|| {
        order
            .status_log
            .values()
            .filter(|c| c.to == OrderStatus::OnHold.code())
            .max_by_key(|c| (c.seq, c.at_ms))
            .and_then(|c| OrderStatus::from_code(&c.from))
            .filter(|s| !is_shipped(*s) && *s != OrderStatus::OnHold)
    })
}

/// Whether the lifecycle lets the order move to `next` (gates aside): [`OrderStatus::can_become`],
/// and a held order returns only to the status it left ([`held_from`]) or is cancelled. A hold
/// whose origin is neither recorded nor logged may resume to any live pre-shipping status; the
/// gates still apply. An order whose goods ever left is never cancelled ([`ever_shipped`]).
pub fn can_move(order: &Order, next: OrderStatus) -> bool {
    let from = order.status;
    if !from.can_become(next) {
        return false;
    }
    if next == OrderStatus::Cancelled && ever_shipped(order) {
        return false;
    }
    if from == OrderStatus::OnHold && next != from {
        return match (held_from(order), next) {
            (Some(h), OrderStatus::Cancelled) => !is_shipped(h),
            (Some(h), n) => h == n,
            (None, _) => true,
        };
    }
    true
}

/// Whether goods of the order ever left: a shipment is dated, the quantities were recorded when
/// one left ([`crate::qty_revision::goods_left`], kept by a reopening), or the log has the order
/// shipped. Cancelled orders count in no KPI (`report_facts`), so reopening a shipped order and
/// cancelling it took a late shipment, its inspections and its complaints out of every measure.
pub fn ever_shipped(order: &Order) -> bool {
    crate::qty_revision::goods_left(order)
        || order
            .status_log
            .values()
            .any(|c| OrderStatus::from_code(&c.to).is_some_and(is_shipped))
}

/// Whether the order was ever released to production (or straight to ready): its status now,
/// or a move into either in its log.
pub fn ever_released(order: &Order) -> bool {
    is_released(order.status)
        || order
            .status_log
            .values()
            .any(|c| OrderStatus::from_code(&c.to).is_some_and(is_released))
}

/// Whether `s` is a status of an order released to production: in production, ready to ship
/// or any shipped status.
fn is_released(s: OrderStatus) -> bool {
    matches!(s, OrderStatus::InProduction | OrderStatus::ReadyToShip) || is_shipped(s)
}

/// The statuses the order may move to now, in lifecycle order (what the status buttons offer).
pub fn next_statuses(order: &Order) -> Vec<OrderStatus> {
    OrderStatus::ALL
        .into_iter()
        .filter(|s| *s != order.status && can_move(order, *s))
        .collect()
}

fn next_seq(order: &Order) -> u64 {
    order.status_log.values().map(|c| c.seq).max().unwrap_or(0) + 1
}

fn log_change(
    order: &mut Order,
    to: OrderStatus,
    kind: ChangeKind,
    who: &str,
    now_ms: i64,
    reason: &str,
) {
    let seq = next_seq(order);
    let seen = Some(order.status_log.len() as u64);
    order.status_log.insert(
        format!("{seq:06}:{now_ms}:{who}"),
        StatusChange {
            seq,
            from: order.status.code().to_string(),
            to: to.code().to_string(),
            kind,
            who: who.to_string(),
            at_ms: now_ms,
            reason: reason.to_string(),
            seen,
        },
    );
}

fn reason_given(reason: Option<&str>) -> Option<&str> {
    reason.map(str::trim).filter(|r| !r.is_empty())
}

/// Moves the order to `next` if the lifecycle allows it ([`can_move`]) and every enforced gate
/// is open or was overridden before. Cancelling needs `override_reason` as its reason
/// ([`DomainError::ReasonRequired`]). A closed gate is passed only with a non-empty
/// `override_reason`, logged once per gate in `order.gate_overrides` under the key
/// `"{now_ms}:{gate}:{who}"`. The move is logged in `order.status_log`; putting an order on hold
/// records the status it left.
pub fn transition(
    order: &mut Order,
    commercial: Option<&Commercial>,
    next: OrderStatus,
    gates: &Gates,
    who: &str,
    now_ms: i64,
    override_reason: Option<&str>,
) -> Result<(), DomainError> {
    let shipping: Vec<String> = shipping_for_move(order)
        .into_iter()
        .map(str::to_string)
        .collect();
    move_shipping(
        order,
        commercial,
        next,
        gates,
        (who, now_ms, override_reason),
        &shipping,
    )
}

/// [`transition`] when the move ships only `shipping` (a shipped day typed on one shipment).
fn move_shipping(
    order: &mut Order,
    commercial: Option<&Commercial>,
    next: OrderStatus,
    gates: &Gates,
    (who, now_ms, override_reason): (&str, i64, Option<&str>),
    shipping: &[String],
) -> Result<(), DomainError> {
    let from = order.status;
    if from == next {
        return Ok(());
    }
    if !can_move(order, next) {
        return Err(DomainError::Transition {
            from: from.code(),
            to: next.code(),
        });
    }
    if next.is_ordered() {
        let required = |field| Err(DomainError::Problem(Problem::new(field, Issue::Required)));
        // Confirming is the buyer having ordered: an order in development (samples, quotes)
        // moves on only once it carries the buyer's PO number, whatever route it takes (from
        // draft, from a hold, as a new order's first status).
        if crate::order::tidy(&order.customer_po).is_empty() {
            return required(Field::CustomerPo);
        }
        // On-time delivery is judged against the first ex-factory date an order had once
        // confirmed (`Order::confirmed_ex_factory`): an order confirmed without one could be
        // given its shipped day afterwards and count on time. Confirming an order is confirming
        // its date.
        if order.ex_factory.is_none() {
            return required(Field::ExFactory);
        }
    }
    // A cancelled order counts for no KPI — its lateness, complaints and failed lots all drop
    // out — so cancelling says why, kept in the status log and said in the daily report.
    if next == OrderStatus::Cancelled && reason_given(override_reason).is_none() {
        return Err(DomainError::ReasonRequired);
    }
    let ids: Vec<&str> = shipping.iter().map(String::as_str).collect();
    let closed = unmet_shipping(order, commercial, next, gates, &ids);
    let mut logged_reason = reason_given(override_reason)
        .filter(|_| next == OrderStatus::Cancelled)
        .unwrap_or_default();
    if !closed.is_empty() {
        let reason = match override_reason.map(str::trim) {
            None => return Err(DomainError::GateClosed { gates: closed }),
            Some("") => return Err(DomainError::OverrideWithoutReason { gates: closed }),
            Some(r) => r,
        };
        for gate in &closed {
            let waiving = Waiving {
                who,
                now_ms,
                to: next,
                books: commercial.is_some(),
            };
            log_override(order, gate, reason, waiving, &ids);
        }
        logged_reason = reason;
    }
    let was = match from {
        OrderStatus::OnHold => order.held_from.unwrap_or(from),
        _ => from,
    };
    log_change(order, next, ChangeKind::Move, who, now_ms, logged_reason);
    order.held_from = (next == OrderStatus::OnHold).then_some(from);
    order.status = next;
    // The move that releases the order: from a status before release (an order on hold was
    // where it was held from; an older build's released order is not recorded at a later
    // move).
    if is_released(next) && !is_released(was) {
        crate::qty_revision::record_when_released(order);
    }
    Ok(())
}

/// A new order's first status: it starts as a draft and reaches the status the form chose through
/// [`transition`], so even the first status is checked and logged.
pub fn start(
    order: &mut Order,
    commercial: Option<&Commercial>,
    gates: &Gates,
    who: &str,
    now_ms: i64,
) -> Result<(), DomainError> {
    let wanted = order.status;
    order.status = OrderStatus::Draft;
    order.held_from = None;
    transition(order, commercial, wanted, gates, who, now_ms, None)
}

/// The one way back after shipping: a correction (wrong status, goods returned to the factory)
/// steps back one status — shipped → ready to ship, delivered → shipped, closed → delivered —
/// with a reason, logged. Stepping back from shipped removes the shipments' shipped dates, since
/// a shipped date is shipping; each shipment un-dated logs it, with the reason, on its own change
/// log ([`crate::shipment::changes`]) under `"{now_ms}:reopen:{who}"` and `today`. Returns the
/// status reached.
pub fn reopen(
    order: &mut Order,
    who: &str,
    now_ms: i64,
    today: Day,
    reason: &str,
) -> Result<OrderStatus, DomainError> {
    let back = match order.status {
        OrderStatus::Shipped => OrderStatus::ReadyToShip,
        OrderStatus::Delivered => OrderStatus::Shipped,
        OrderStatus::Closed => OrderStatus::Delivered,
        other => return Err(DomainError::NotReopenable(other.code())),
    };
    let Some(reason) = reason_given(Some(reason)) else {
        return Err(DomainError::ReasonRequired);
    };
    log_change(order, back, ChangeKind::Reopen, who, now_ms, reason);
    if back == OrderStatus::ReadyToShip {
        // The goods did not leave: neither the shipments nor the ex-factory milestone keep the
        // day shipping gave them, or on-time delivery would count a shipment that never was.
        let key = format!("{now_ms}:reopen:{who}");
        for s in order.shipments.values_mut() {
            crate::shipment::changes::reopened(s, &key, who, today, reason);
        }
        for m in order.milestones.values_mut() {
            if m.code == "ex_factory" {
                m.actual = None;
            }
        }
    }
    order.status = back;
    order.held_from = None;
    Ok(back)
}

/// Logs a gate passed by override: keyed by time, gate and who, so two devices' overrides never
/// collide. The final inspection and the balance are logged once per shipment in `shipping`
/// ([`overridden_for`]). A money gate waived where no books are held is marked so
/// ([`GateOverride::without_books`]). Each record keeps what it covered
/// ([`crate::waiver_cover::stamp`]), judged on the order as it is before the move.
fn log_override(order: &mut Order, gate: &Gate, reason: &str, waiving: Waiving, shipping: &[&str]) {
    let codes = match gate {
        Gate::FinalInspection | Gate::Balance if !shipping.is_empty() => {
            shipping.iter().map(|s| shipment_gate(gate, s)).collect()
        }
        _ => vec![gate.code()],
    };
    let without_books = is_money_gate(gate) && !waiving.books;
    for code in codes {
        let mut record = GateOverride {
            gate: code,
            reason: reason.to_string(),
            who: waiving.who.to_string(),
            at_ms: waiving.now_ms,
            to: waiving.to.code().to_string(),
            without_books,
            ..GateOverride::default()
        };
        crate::waiver_cover::stamp(order, &mut record, gate);
        log_code(order, record);
    }
}

/// Who waives, when, into which status, and whether the books are held where it is done.
#[derive(Clone, Copy)]
struct Waiving<'a> {
    who: &'a str,
    now_ms: i64,
    to: OrderStatus,
    books: bool,
}

/// Records one override (a gate's, or [`EARLY_PRODUCTION`]), keyed by time, code and who.
fn log_code(order: &mut Order, record: GateOverride) {
    let key = format!("{}:{}:{}", record.at_ms, record.gate, record.who);
    order.gate_overrides.insert(key, record);
}

/// The waivers of a money gate that a device without books recorded and that this device,
/// holding them, does not count: the needs-a-decision banner names them beside the gate.
pub fn waived_without_books<'a>(order: &'a Order, gate: &Gate) -> Vec<&'a GateOverride> {
    order
        .gate_overrides
        .values()
        .filter(|o| o.without_books && logged_for(&o.gate, gate))
        .collect()
}

/// Whether an override logged under `code` is of `gate`: for the order, or for one of its
/// shipments ("balance:s1" is the balance's).
pub(crate) fn logged_for(code: &str, gate: &Gate) -> bool {
    let of = gate.code();
    code.strip_prefix(of.as_str())
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(':'))
}

/// Records, corrects or clears the day a shipment left. Recording a day on an order that has not
/// shipped is shipping it: the order moves to shipped through [`transition`] (same gates, same
/// override), so a date typed on a shipment of an order in production is refused. A date once
/// recorded is neither cleared nor moved here ([`DomainError::ReasonRequired`]): on-time delivery
/// is judged on it, and an undated shipment's goods change freely, so both are said with a
/// reason and logged on the shipment ([`crate::shipment::changes::unship`],
/// [`crate::shipment::changes::redate`]) before this is called with the day it then has. A day
/// after `today` (the caller's) is refused ([`Issue::InFuture`]).
#[allow(clippy::too_many_arguments)]
pub fn set_shipped_on(
    order: &mut Order,
    commercial: Option<&Commercial>,
    shipment: &str,
    day: Option<Day>,
    gates: &Gates,
    who: &str,
    now_ms: i64,
    today: Day,
    override_reason: Option<&str>,
) -> Result<(), DomainError> {
    let current = order
        .shipments
        .get(shipment)
        .ok_or_else(|| DomainError::not_found("shipment", shipment))?
        .shipped_on;
    if current == day {
        return Ok(());
    }
    // Goods leave on the day they leave: a day still to come, typed with the gates met, would
    // count the order on time however late it really goes.
    if day.is_some_and(|d| d > today) {
        return Err(DomainError::Problem(Problem::new(
            Field::ShippedOn,
            Issue::InFuture,
        )));
    }
    let Some(day) = day.filter(|_| current.is_none()) else {
        return Err(DomainError::ReasonRequired);
    };
    // What ships is this shipment, with any that already left (there are none on an order
    // that has not shipped, unless a merge brought them: they are judged again).
    let mut shipping: Vec<String> = order
        .shipments
        .iter()
        .filter(|(id, s)| s.shipped_on.is_some() && id.as_str() != shipment)
        .map(|(id, _)| id.clone())
        .collect();
    shipping.push(shipment.to_string());
    if !is_shipped(order.status) {
        move_shipping(
            order,
            commercial,
            OrderStatus::Shipped,
            gates,
            (who, now_ms, override_reason),
            &shipping,
        )?;
    } else if current.is_none() {
        // A later shipment of an order that already shipped leaves on its own final lot, and
        // with the balance of everything shipped by then received (where the money is): a
        // balance waived for an earlier shipment never saw this one's goods.
        let money = money_known(order, commercial);
        let closed: Vec<Gate> = gates_for(
            order,
            commercial,
            OrderStatus::Shipped,
            gates,
            money,
            &[shipment],
        )
        .into_iter()
        .filter(|g| !overridden_for(order, g, &[shipment], false, commercial))
        .collect();
        if !closed.is_empty() {
            let reason = match override_reason.map(str::trim) {
                None => return Err(DomainError::GateClosed { gates: closed }),
                Some("") => return Err(DomainError::OverrideWithoutReason { gates: closed }),
                Some(r) => r.to_string(),
            };
            let status = order.status;
            for gate in &closed {
                let waiving = Waiving {
                    who,
                    now_ms,
                    to: status,
                    books: commercial.is_some(),
                };
                log_override(order, gate, &reason, waiving, &[shipment]);
            }
        }
    }
    // Asked once the gates let it ship: what stops the goods is said first.
    late_entry(order, shipment, day, who, now_ms)?;
    if let Some(s) = order.shipments.get_mut(shipment) {
        crate::shipment::changes::mark_shipped(s, day);
        crate::qty_revision::record_when_shipped(order);
        crate::factory_change::record_when_shipped(order);
    }
    Ok(())
}

/// A first shipped date typed on or before the ex-factory date on-time delivery is judged by,
/// entered after that date, counts on time: refused unless the shipment carries the reason
/// ([`crate::shipment::Shipment::late_entry`], put there by the form), then kept with who and
/// the day it was entered. Any other date leaves no late entry. The day is read from `now_ms`
/// in UTC: a few hours' lag can only ask less.
fn late_entry(
    order: &mut Order,
    shipment: &str,
    day: Day,
    who: &str,
    now_ms: i64,
) -> Result<(), DomainError> {
    let judged_by = order.confirmed_ex_factory.or(order.ex_factory);
    let today = crate::reports::day_of(now_ms, 0);
    let late = crate::day::backdated(Some(day), judged_by, today);
    let Some(s) = order.shipments.get_mut(shipment) else {
        return Err(DomainError::not_found("shipment", shipment));
    };
    let reason = s
        .late_entry
        .take()
        .map(|l| l.reason.trim().to_string())
        .unwrap_or_default();
    if !late {
        return Ok(());
    }
    if reason.is_empty() {
        return Err(DomainError::Problem(Problem::new(
            Field::ShippedOn,
            Issue::EnteredAfterDue,
        )));
    }
    s.late_entry = Some(crate::shipment::LateEntry {
        who: who.trim().to_string(),
        recorded: today,
        reason,
    });
    Ok(())
}

/// Records the day the goods left when an order is marked shipped and nothing dates it yet:
/// booked shipments without a date get `today`, and so does the "ex_factory" milestone when it
/// has no actual date. Dates already recorded are kept (a merchandiser marking the status late
/// must not move the real shipping day), so on-time delivery is measured on the real day.
pub fn record_shipped(order: &mut Order, today: Day) {
    for s in order.shipments.values_mut() {
        if s.shipped_on.is_none() {
            crate::shipment::changes::mark_shipped(s, today);
        }
    }
    crate::qty_revision::record_when_shipped(order);
    crate::factory_change::record_when_shipped(order);
    for m in order.milestones.values_mut() {
        if m.code == "ex_factory" && m.actual.is_none() {
            m.actual = Some(today);
        }
    }
}

/// A state of the order no single rule-abiding device produces — usually two devices' moves
/// combined by a merge — that someone has to settle ("needs a decision").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Violation {
    /// The order is at `status`, which needs `gate`, and the gate is neither met nor overridden.
    /// Settled by [`override_gate`] or by moving the order back through an allowed route.
    GateNotMet { status: OrderStatus, gate: Gate },
    /// A shipment carries a shipped date while the order has not shipped. Settled by shipping the
    /// order or clearing the date with a reason ([`crate::shipment::changes::unship`]).
    ShippedDateNotShipped { shipment: String, day: Day },
    /// Devices moved the status concurrently to different statuses; the merge kept one of them.
    /// Settled by [`keep_status`] or by a further move.
    ConcurrentMoves {
        status: OrderStatus,
        moves: Vec<StatusChange>,
    },
    /// The status is not the one the latest logged move reached (another device's concurrent,
    /// older move won the merge). Settled like [`Violation::ConcurrentMoves`].
    StatusNotLogged { status: OrderStatus, logged: String },
    /// The order shipped and is now back before shipping without a logged reopening (for
    /// example cancelled on one device while shipped on another). Settled by [`keep_status`].
    LeftShipped { status: OrderStatus },
    /// Production was reported (`pieces`, the most any stage reported) while the order is not
    /// released to production: a factory started, or a report was typed, before the deposit
    /// and sample gates were passed. `accepted` is the most pieces an earlier decision accepted
    /// (0 when none did): a pilot run accepted is not the whole order. Settled by moving the
    /// order into production through its gates, or by accepting what is reported now with a
    /// reason ([`accept_early_production`]).
    ProductionNotReleased {
        status: OrderStatus,
        pieces: u64,
        accepted: u64,
    },
    /// A shipment that left on `day` no longer carries what it carried then: it was changed on
    /// a device that did not yet know it had left, and the merge kept the change without a
    /// reason ([`crate::shipment::changes::unlogged`]). Settled by accepting the change with a
    /// reason ([`crate::shipment::changes::accept_unlogged`]) or by correcting the shipment back.
    ShippedChangedUnlogged { shipment: String, day: Day },
    /// The ordered quantities (totals `recorded` → `now`) differ from what was recorded when
    /// goods left, with no logged change: a device that did not know they had left changed
    /// them. Settled by accepting them with a reason ([`crate::qty_revision::accept`]).
    QuantitiesChangedUnlogged { recorded: u64, now: u64 },
    /// The ordered total (`recorded` at release → `now`) was cut after the order was released
    /// to production, with no logged reason: a device that did not know of the release cut
    /// it. Settled by accepting it with a reason ([`crate::qty_revision::accept`]).
    QuantitiesCutUnlogged { recorded: u64, now: u64 },
    /// The order's factory (party ids, "" for none) is not the one recorded when goods left, with
    /// no logged change: a device that did not know they had left moved it, and on-time delivery
    /// would be credited to the new factory with no trace. Settled by accepting the factory with
    /// a reason ([`crate::factory_change::accept`]) or by setting it back.
    FactoryChangedUnlogged { recorded: String, now: String },
}

/// The code an accepted early production is logged under in the order's overrides, followed by
/// the pieces it accepted (`early_production:500`). The bare code, written before the pieces
/// were, accepted whatever is reported.
pub const EARLY_PRODUCTION: &str = "early_production";

/// The pieces an override accepted, if it accepts early production.
fn early_pieces(code: &str) -> Option<u64> {
    if code == EARLY_PRODUCTION {
        return Some(u64::MAX);
    }
    let n = code.strip_prefix(EARLY_PRODUCTION)?.strip_prefix(':')?;
    // A count no build writes accepts nothing rather than everything.
    Some(n.parse().unwrap_or(0))
}

/// The pieces production reports so far: the most reported in any one stage, since the same
/// pieces are reported again as they move from cutting to sewing and on.
fn pieces_reported(order: &Order) -> u64 {
    let mut by_stage: BTreeMap<&str, u64> = BTreeMap::new();
    for (_, r) in crate::production::live(order) {
        let t = by_stage.entry(r.stage.code()).or_default();
        *t = t.saturating_add(r.qty);
    }
    by_stage.into_values().max().unwrap_or(0)
}

/// Whether the order was released to production: in production or beyond, or held from there.
fn released(order: &Order) -> bool {
    use OrderStatus::*;
    let from = |s: OrderStatus| matches!(s, InProduction | ReadyToShip) || is_shipped(s);
    match order.status {
        Draft | Confirmed => false,
        OnHold => held_from(order).is_some_and(from),
        Cancelled => true,
        s => from(s),
    }
}

/// Production reported on an order not released ([`Violation::ProductionNotReleased`]) while
/// release is gated (the deposit or the samples), beyond what was accepted (an acceptance
/// stands through a hold too, up to its pieces): the pieces reported and the pieces accepted.
/// A team that gates nothing before production breaks no rule by producing first.
fn production_before_release(order: &Order, gates: &Gates) -> Option<(u64, u64)> {
    let gated = gates.deposit_before_production || gates.samples_before_production;
    if !gated || released(order) {
        return None;
    }
    let accepted = order
        .gate_overrides
        .values()
        .filter_map(|o| early_pieces(&o.gate))
        .max()
        .unwrap_or(0);
    let pieces = pieces_reported(order);
    (pieces > accepted).then_some((pieces, accepted))
}

/// Every "needs a decision" of the order, in a stable order. Money gates are judged only when the
/// commercial document is here or the order has none (`commercial` is `None` and the order links
/// no document); a device without the money cannot tell.
///
/// The buyer's confirmation is judged only for an order released to production while its rule
/// was on ([`Gates::buyer_confirmed_periods`]): one released before, or while it was off, was
/// never asked; one released while it was on stays judged after it is switched off and on
/// again. A release the log does not hold (an older build's) counts as before.
pub fn violations(order: &Order, commercial: Option<&Commercial>, gates: &Gates) -> Vec<Violation> {
    let mut out = Vec::new();
    let status = order.status;
    let gone = shipments_gone(order);
    let money = money_known(order, commercial);
    for gate in gates_for(order, commercial, status, gates, money, &gone) {
        if gate == Gate::BuyerConfirmed
            && !released_while_on(order, &gates.buyer_confirmed_periods())
        {
            continue;
        }
        if !overridden_for(order, &gate, &gone, true, commercial) {
            out.push(Violation::GateNotMet { status, gate });
        }
    }
    if let Some((pieces, accepted)) = production_before_release(order, gates) {
        out.push(Violation::ProductionNotReleased {
            status,
            pieces,
            accepted,
        });
    }
    if let Some((recorded, now)) = crate::qty_revision::unlogged(order) {
        out.push(Violation::QuantitiesChangedUnlogged { recorded, now });
    }
    if let Some((recorded, now)) = crate::qty_revision::cut_unlogged(order) {
        out.push(Violation::QuantitiesCutUnlogged { recorded, now });
    }
    if let Some((recorded, now)) = crate::factory_change::unlogged(order) {
        out.push(Violation::FactoryChangedUnlogged { recorded, now });
    }
    for (id, s) in &order.shipments {
        if let (Some(day), Some(_)) = (s.shipped_on, crate::shipment::changes::unlogged(s)) {
            out.push(Violation::ShippedChangedUnlogged {
                shipment: id.clone(),
                day,
            });
        }
    }
    if !is_shipped(status) {
        for (id, s) in &order.shipments {
            if let Some(day) = s.shipped_on {
                out.push(Violation::ShippedDateNotShipped {
                    shipment: id.clone(),
                    day,
                });
            }
        }
    }
    let log: Vec<&StatusChange> = order.status_log.values().collect();
    let Some(top) = log.iter().map(|c| c.seq).max() else {
        return out;
    };
    // Entries sharing a number with different destinations are moves made without seeing each
    // other. Such a fork stays to decide until an entry written after seeing every entry before
    // it follows: a later move on one branch alone (a cancel here, two moves on there) saw
    // only its own branch, and the merge would otherwise lose the cancel without a word.
    let seeing: Vec<&StatusChange> = log.iter().copied().filter(|c| saw_all(&log, c)).collect();
    let settled_after = |seq: u64| seeing.iter().any(|c| c.seq > seq);
    let mut seqs: Vec<u64> = log.iter().map(|c| c.seq).collect();
    sort_dedup(&mut seqs);
    for seq in seqs {
        let moves: Vec<&StatusChange> = log.iter().copied().filter(|c| c.seq == seq).collect();
        let reached: BTreeSet<&str> = moves.iter().map(|c| c.to.as_str()).collect_set();
        if reached.len() > 1 && !settled_after(seq) {
            out.push(Violation::ConcurrentMoves {
                status,
                moves: moves.into_iter().cloned().collect(),
            });
        } else if seq == top {
            if let Some(to) = reached.first().filter(|to| **to != status.code()) {
                out.push(Violation::StatusNotLogged {
                    status,
                    logged: to.to_string(),
                });
            }
        }
    }
    if !is_shipped(status) {
        let shipped_at = log
            .iter()
            .filter(|c| OrderStatus::from_code(&c.to).is_some_and(is_shipped))
            .map(|c| c.seq)
            .max();
        // Only a reopening or decision that saw the shipping settles it.
        let settled_at = seeing
            .iter()
            .filter(|c| matches!(c.kind, ChangeKind::Reopen | ChangeKind::Decision))
            .map(|c| c.seq)
            .max();
        if shipped_at.is_some_and(|s| settled_at.is_none_or(|d| d <= s)) {
            out.push(Violation::LeftShipped { status });
        }
    }
    out
}

/// Whether `entry` was written after seeing every entry numbered below it: all of them existed
/// then, so it counted exactly those. An entry from before the count was kept is taken as having
/// seen them, as it was before.
fn saw_all(log: &[&StatusChange], entry: &StatusChange) -> bool {
    entry
        .seen
        .is_none_or(|n| n == log.iter().filter(|c| c.seq < entry.seq).count() as u64)
}

/// Settles a [`Violation::GateNotMet`]: logs an override of `gate` for the status the order is at,
/// with a reason (the same record a move with an override writes). A money gate is waived only
/// where the money is ([`DomainError::MoneyNotHere`]).
pub fn override_gate(
    order: &mut Order,
    commercial: Option<&Commercial>,
    gate: &Gate,
    who: &str,
    now_ms: i64,
    reason: &str,
) -> Result<(), DomainError> {
    if is_money_gate(gate) && !money_known(order, commercial) {
        return Err(DomainError::MoneyNotHere);
    }
    let Some(reason) = reason_given(Some(reason)) else {
        return Err(DomainError::OverrideWithoutReason {
            gates: vec![gate.clone()],
        });
    };
    let to = order.status;
    let gone: Vec<String> = shipments_gone(order)
        .into_iter()
        .map(str::to_string)
        .collect();
    let gone: Vec<&str> = gone.iter().map(String::as_str).collect();
    let waiving = Waiving {
        who,
        now_ms,
        to,
        books: commercial.is_some(),
    };
    log_override(order, gate, reason, waiving, &gone);
    Ok(())
}

/// Settles production reported before the order was released: someone decided that what is
/// reported now stands (a pilot run, production started on the buyer's word), logged with the
/// reason like a waived gate. It accepts the pieces reported now, no more: when the factory
/// goes on producing before release, the order needs a decision again.
pub fn accept_early_production(
    order: &mut Order,
    who: &str,
    now_ms: i64,
    reason: &str,
) -> Result<(), DomainError> {
    let Some(reason) = reason_given(Some(reason)) else {
        return Err(DomainError::ReasonRequired);
    };
    let to = order.status;
    let record = GateOverride {
        gate: format!("{EARLY_PRODUCTION}:{}", pieces_reported(order)),
        reason: reason.to_string(),
        who: who.to_string(),
        at_ms: now_ms,
        to: to.code().to_string(),
        ..GateOverride::default()
    };
    log_code(order, record);
    Ok(())
}

/// Settles concurrent moves, a status the log does not explain, or an order that left shipped:
/// the status stays as it is and the decision is logged with its reason.
pub fn keep_status(
    order: &mut Order,
    who: &str,
    now_ms: i64,
    reason: &str,
) -> Result<(), DomainError> {
    let Some(reason) = reason_given(Some(reason)) else {
        return Err(DomainError::ReasonRequired);
    };
    let status = order.status;
    log_change(order, status, ChangeKind::Decision, who, now_ms, reason);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commercial::Receipt;
    use crate::inspection::Inspection;
    use crate::money::Price;
    use crate::samples::{Sample, SampleResult};

    /// Wang cancels the order at `at_ms`, with the buyer's reason.
    fn cancel_as_wang(o: &mut Order, at_ms: i64) {
        let g = Gates::none();
        transition(
            o,
            None,
            OrderStatus::Cancelled,
            &g,
            "wang",
            at_ms,
            Some("buyer withdrew"),
        )
        .unwrap();
    }

    fn order() -> (Order, Commercial) {
        let mut o = Order::new();
        o.customer_po = "PO-1".into();
        o.status = OrderStatus::Confirmed;
        o.ex_factory = "2026-06-01".parse().ok();
        let mut c = Commercial::new("x", "USD");
        c.receivables.deposit.amount = "300".parse().ok();
        c.receivables.balance.amount = "700".parse().ok();
        (o, c)
    }

    fn pay(c: &mut Commercial, id: &str, amount: &str) {
        c.receipts.insert(
            id.into(),
            Receipt {
                amount: amount.parse().unwrap(),
                confirmed_by: Some("fin".into()),
                ..Receipt::default()
            },
        );
    }

    #[test]
    fn shipping_dates_the_shipment_and_the_ex_factory_milestone_once() {
        use crate::shipment::Shipment;
        use crate::tna::Milestone;
        let day = |s: &str| s.parse::<Day>().unwrap();
        let mut o = Order::new();
        o.customer_po = "PO-1".into();
        o.ex_factory = Some(day("2026-05-15"));
        o.shipments.insert("s1".into(), Shipment::default());
        o.shipments.insert(
            "s0".into(),
            Shipment {
                shipped_on: Some(day("2026-05-10")),
                ..Shipment::default()
            },
        );
        o.milestones.insert(
            "m".into(),
            Milestone {
                code: "ex_factory".into(),
                ..Milestone::default()
            },
        );
        record_shipped(&mut o, day("2026-05-20"));
        assert_eq!(o.shipments["s1"].shipped_on, Some(day("2026-05-20")));
        assert_eq!(o.shipments["s0"].shipped_on, Some(day("2026-05-10")));
        assert_eq!(o.milestones["m"].actual, Some(day("2026-05-20")));
        assert_eq!(o.shipped_on(), Some(day("2026-05-10")));
        assert_eq!(o.shipped_on_time(), Some(true));
        record_shipped(&mut o, day("2026-06-01"));
        assert_eq!(o.milestones["m"].actual, Some(day("2026-05-20")));

        let mut bare = Order::new();
        bare.customer_po = "PO-1".into();
        bare.ex_factory = Some(day("2026-05-15"));
        record_shipped(&mut bare, day("2026-05-20"));
        assert_eq!(
            bare.shipped_on_time(),
            None,
            "nothing booked, nothing to date"
        );
    }

    #[test]
    fn money_owed_as_nothing_opens_no_money_gate_without_a_logged_reason() {
        // Planning 0 % (or valuing the order at nothing) used to open the deposit gate with no
        // log: typing 0 walked around "production only after the deposit is in".
        let g = Gates {
            samples_before_production: false,
            final_inspection_before_shipping: false,
            ..Gates::default()
        };
        let (mut o, mut c) = order();
        c.receivables.deposit.amount = Some(Price::ZERO);
        assert!(
            c.deposit_confirmed(&o),
            "nothing is owed: the ledger says so"
        );
        for status in [OrderStatus::InProduction, OrderStatus::ReadyToShip] {
            assert_eq!(closed_gates(&o, Some(&c), status, &g), [Gate::Deposit]);
        }
        let e = transition(
            &mut o,
            Some(&c),
            OrderStatus::InProduction,
            &g,
            "li",
            1,
            None,
        );
        assert!(
            matches!(&e, Err(DomainError::GateClosed { gates }) if gates == &[Gate::Deposit]),
            "{e:?}"
        );
        transition(
            &mut o,
            Some(&c),
            OrderStatus::InProduction,
            &g,
            "li",
            2,
            Some("L/C at sight"),
        )
        .unwrap();
        assert_eq!(o.gate_overrides["2:deposit:li"].reason, "L/C at sight");
        // A merge that put it there without the override is named.
        let (mut merged, _) = order();
        merged.status = OrderStatus::InProduction;
        assert!(violations(&merged, Some(&c), &g).iter().any(|v| matches!(
            v,
            Violation::GateNotMet {
                gate: Gate::Deposit,
                ..
            }
        )));
        // A deposit of something, paid, opens it as before.
        c.receivables.deposit.amount = "300".parse().ok();
        pay(&mut c, "r1", "300");
        assert!(closed_gates(&o, Some(&c), OrderStatus::InProduction, &g).is_empty());
        // Shipping an order worth nothing: the balance gate stays closed too.
        c.receivables.deposit.amount = Some(Price::ZERO);
        c.receivables.balance.amount = Some(Price::ZERO);
        c.receipts.clear();
        assert!(c.balance_confirmed());
        assert_eq!(
            closed_gates(&o, Some(&c), OrderStatus::Shipped, &g),
            [Gate::Balance]
        );
        c.receivables.balance.amount = "700".parse().ok();
        pay(&mut c, "r2", "700");
        assert!(closed_gates(&o, Some(&c), OrderStatus::Shipped, &g).is_empty());
    }

    #[test]
    fn production_waits_for_deposit_and_pp_sample() {
        let (mut o, mut c) = order();
        let g = Gates::default();
        let e = transition(
            &mut o,
            Some(&c),
            OrderStatus::InProduction,
            &g,
            "li",
            1,
            None,
        )
        .unwrap_err();
        assert!(
            matches!(&e, DomainError::GateClosed { gates } if gates.contains(&Gate::Deposit)
                && gates.contains(&Gate::SampleApproval(SampleKind::PreProduction))),
            "{e}"
        );
        assert!(matches!(&e, DomainError::GateClosed { gates } if gates.len() == 2));
        pay(&mut c, "r1", "300");
        o.samples.insert(
            "s".into(),
            Sample {
                kind: SampleKind::PreProduction,
                round: 1,
                result: SampleResult::Approved,
                ..Sample::default()
            },
        );
        transition(
            &mut o,
            Some(&c),
            OrderStatus::InProduction,
            &g,
            "li",
            2,
            None,
        )
        .unwrap();
        assert_eq!(o.status, OrderStatus::InProduction);
        assert!(o.gate_overrides.is_empty());
    }

    #[test]
    fn shipping_waits_for_balance_and_final_inspection() {
        let (mut o, mut c) = order();
        o.status = OrderStatus::ReadyToShip;
        let g = Gates::default();
        let e = transition(&mut o, Some(&c), OrderStatus::Shipped, &g, "li", 1, None).unwrap_err();
        assert!(
            matches!(&e, DomainError::GateClosed { gates } if gates == &[Gate::Balance, Gate::FinalInspection])
        );
        pay(&mut c, "r1", "1000");
        o.inspections.insert(
            "f".into(),
            Inspection {
                lot_size: 1000,
                completed: true,
                ..Inspection::default()
            },
        );
        transition(&mut o, Some(&c), OrderStatus::Shipped, &g, "li", 2, None).unwrap();
    }

    #[test]
    fn overriding_needs_a_reason_and_is_logged() {
        let (mut o, _) = order();
        let g = Gates::default();
        let e = transition(
            &mut o,
            None,
            OrderStatus::InProduction,
            &g,
            "li",
            1,
            Some("  "),
        );
        assert!(matches!(e, Err(DomainError::OverrideWithoutReason { .. })));
        assert_eq!(o.status, OrderStatus::Confirmed);
        transition(
            &mut o,
            None,
            OrderStatus::InProduction,
            &g,
            "li",
            7,
            Some("buyer's LC opened, deposit waived"),
        )
        .unwrap();
        assert_eq!(o.status, OrderStatus::InProduction);
        assert_eq!(o.gate_overrides.len(), 2);
        let log = &o.gate_overrides["7:deposit:li"];
        assert_eq!(log.reason, "buyer's LC opened, deposit waived");
        assert_eq!(log.to, "in_production");
    }

    fn ready(o: &mut Order) {
        o.status = OrderStatus::ReadyToShip;
        o.inspections.insert(
            "f".into(),
            Inspection {
                lot_size: 1000,
                completed: true,
                ..Inspection::default()
            },
        );
    }

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[test]
    fn on_hold_returns_only_to_the_status_it_left() {
        let g = Gates::default();
        for from in [OrderStatus::Draft, OrderStatus::Confirmed] {
            let (mut o, _) = order();
            o.status = from;
            transition(&mut o, None, OrderStatus::OnHold, &g, "li", 1, None).unwrap();
            assert_eq!(o.held_from, Some(from));
            for skip in [OrderStatus::ReadyToShip, OrderStatus::InProduction] {
                let e = transition(&mut o, None, skip, &g, "li", 2, Some("resume")).unwrap_err();
                assert!(
                    matches!(e, DomainError::Transition { .. }),
                    "{from:?} → {skip:?}: {e}"
                );
                assert_eq!(o.status, OrderStatus::OnHold);
            }
            assert_eq!(
                next_statuses(&o),
                [from, OrderStatus::Cancelled],
                "the buttons offer the same"
            );
            transition(&mut o, None, from, &g, "li", 3, None).unwrap();
            assert_eq!((o.status, o.held_from), (from, None));
        }
    }

    #[test]
    fn a_hold_without_its_origin_recorded_returns_where_the_log_says_it_left() {
        // Written before `held_from` was kept, or a merge kept the hold and lost its record to
        // a concurrent move: the log still says where the order was held from.
        let g = Gates::none();
        let (mut o, _) = order();
        o.status = OrderStatus::Confirmed;
        transition(&mut o, None, OrderStatus::InProduction, &g, "li", 1, None).unwrap();
        transition(&mut o, None, OrderStatus::OnHold, &g, "li", 2, None).unwrap();
        transition(&mut o, None, OrderStatus::InProduction, &g, "li", 3, None).unwrap();
        transition(&mut o, None, OrderStatus::ReadyToShip, &g, "li", 4, None).unwrap();
        transition(&mut o, None, OrderStatus::OnHold, &g, "li", 5, None).unwrap();
        o.held_from = None;
        assert_eq!(
            held_from(&o),
            Some(OrderStatus::ReadyToShip),
            "the latest hold"
        );
        assert_eq!(
            next_statuses(&o),
            [OrderStatus::ReadyToShip, OrderStatus::Cancelled]
        );
        for around in [
            OrderStatus::Draft,
            OrderStatus::Confirmed,
            OrderStatus::InProduction,
        ] {
            let e = transition(&mut o, None, around, &g, "li", 6, Some("why")).unwrap_err();
            assert!(
                matches!(e, DomainError::Transition { .. }),
                "{around:?}: {e}"
            );
        }
        transition(&mut o, None, OrderStatus::ReadyToShip, &g, "li", 7, None).unwrap();

        // A log entry no move could write (held from shipped) is not believed.
        let (mut o, _) = order();
        o.status = OrderStatus::OnHold;
        o.status_log.insert(
            "x".into(),
            StatusChange {
                seq: 1,
                from: OrderStatus::Shipped.code().into(),
                to: OrderStatus::OnHold.code().into(),
                kind: ChangeKind::Move,
                who: "li".into(),
                at_ms: 1,
                reason: String::new(),
                seen: None,
            },
        );
        assert_eq!(held_from(&o), None);
    }

    #[test]
    fn resuming_into_production_passes_the_production_gates() {
        let g = Gates::default();
        let (mut o, _) = order();
        // A hold recorded before the status it left was kept: it may resume anywhere before
        // shipping, but not around the gates.
        o.status = OrderStatus::OnHold;
        for to in [OrderStatus::InProduction, OrderStatus::ReadyToShip] {
            let e = transition(&mut o, None, to, &g, "li", 1, None).unwrap_err();
            assert!(
                matches!(&e, DomainError::GateClosed { gates } if gates.contains(&Gate::Deposit)),
                "{e}"
            );
        }
        // A gate overridden once stays overridden for the order: leaving for hold and coming
        // back does not ask again.
        let (mut o, _) = order();
        transition(
            &mut o,
            None,
            OrderStatus::InProduction,
            &g,
            "li",
            1,
            Some("LC"),
        )
        .unwrap();
        transition(&mut o, None, OrderStatus::OnHold, &g, "li", 2, None).unwrap();
        transition(&mut o, None, OrderStatus::InProduction, &g, "li", 3, None).unwrap();
        assert_eq!(o.gate_overrides.len(), 2);
    }

    #[test]
    fn after_shipping_the_order_only_moves_forward_or_is_reopened_with_a_reason() {
        let g = Gates::none();
        let (mut o, _) = order();
        ready(&mut o);
        o.shipments.insert(
            "s".into(),
            crate::shipment::Shipment {
                pieces: 1000,
                ..Default::default()
            },
        );
        o.milestones.insert(
            "xf".into(),
            crate::tna::Milestone {
                code: "ex_factory".into(),
                ..Default::default()
            },
        );
        transition(&mut o, None, OrderStatus::Shipped, &g, "li", 1, None).unwrap();
        record_shipped(&mut o, day("2026-05-20"));
        assert_eq!(o.milestones["xf"].actual, Some(day("2026-05-20")));
        for back in [
            OrderStatus::OnHold,
            OrderStatus::Cancelled,
            OrderStatus::Draft,
            OrderStatus::ReadyToShip,
        ] {
            let e = transition(&mut o, None, back, &g, "li", 2, Some("oops"));
            assert!(matches!(e, Err(DomainError::Transition { .. })), "{back:?}");
        }
        assert_eq!(next_statuses(&o), [OrderStatus::Delivered]);
        assert!(matches!(
            reopen(&mut o, "li", 3, day("2026-05-21"), " "),
            Err(DomainError::ReasonRequired)
        ));
        assert_eq!(o.status, OrderStatus::Shipped);
        assert_eq!(
            reopen(
                &mut o,
                "li",
                4,
                day("2026-05-21"),
                "container rolled to next vessel"
            )
            .unwrap(),
            OrderStatus::ReadyToShip
        );
        assert_eq!(o.shipments["s"].shipped_on, None, "not shipped, not dated");
        assert_eq!(
            o.milestones["xf"].actual, None,
            "nor its ex-factory milestone"
        );
        assert_eq!(
            o.shipped_on(),
            None,
            "on-time delivery has nothing to count"
        );
        let last = o.status_log.values().max_by_key(|c| c.seq).unwrap();
        assert_eq!(last.kind, ChangeKind::Reopen);
        assert_eq!(last.reason, "container rolled to next vessel");
        assert!(violations(&o, None, &g).is_empty());
        let (mut early, _) = order();
        assert!(matches!(
            reopen(&mut early, "li", 5, day("2026-05-21"), "why"),
            Err(DomainError::NotReopenable("confirmed"))
        ));
    }

    #[test]
    fn a_shipped_date_is_shipping() {
        let g = Gates::default();
        let (mut o, mut c) = order();
        o.status = OrderStatus::InProduction;
        o.shipments.insert(
            "s".into(),
            crate::shipment::Shipment {
                pieces: 1000,
                ..Default::default()
            },
        );
        let d = Some(day("2026-05-20"));
        let e = set_shipped_on(
            &mut o,
            Some(&c),
            "s",
            d,
            &g,
            "li",
            1,
            day("2030-01-01"),
            Some("x"),
        )
        .unwrap_err();
        assert!(matches!(e, DomainError::Transition { .. }), "{e}");
        assert_eq!(o.shipments["s"].shipped_on, None);
        assert_eq!(
            o.shipped_on_time(),
            None,
            "nothing for on-time delivery to count"
        );

        ready(&mut o);
        let e = set_shipped_on(
            &mut o,
            Some(&c),
            "s",
            d,
            &g,
            "li",
            2,
            day("2030-01-01"),
            None,
        )
        .unwrap_err();
        assert!(
            matches!(&e, DomainError::GateClosed { gates } if gates == &[Gate::Balance]),
            "{e}"
        );
        assert_eq!(o.shipments["s"].shipped_on, None);
        pay(&mut c, "r", "1000");
        set_shipped_on(
            &mut o,
            Some(&c),
            "s",
            d,
            &g,
            "li",
            3,
            day("2030-01-01"),
            None,
        )
        .unwrap();
        assert_eq!(o.status, OrderStatus::Shipped);
        assert_eq!(o.shipments["s"].shipped_on, d);
        // a day once recorded moves only with a reason, logged, and that is not shipping again
        let d2 = Some(day("2026-05-19"));
        let e = set_shipped_on(&mut o, None, "s", d2, &g, "li", 4, day("2030-01-01"), None)
            .unwrap_err();
        assert!(matches!(e, DomainError::ReasonRequired), "{e}");
        assert_eq!(o.shipments["s"].shipped_on, d);
        let note = |reason| crate::shipment::changes::ChangeNote {
            id: "c1",
            who: "li",
            day: day("2026-05-21"),
            reason,
        };
        let e = crate::shipment::changes::redate(&mut o, "s", day("2026-05-19"), &note(" "));
        assert!(matches!(e, Err(DomainError::ReasonRequired)));
        crate::shipment::changes::redate(&mut o, "s", day("2026-05-19"), &note("typo")).unwrap();
        set_shipped_on(&mut o, None, "s", d2, &g, "li", 4, day("2030-01-01"), None).unwrap();
        assert_eq!(o.shipments["s"].shipped_on, d2);
        assert_eq!(o.status_log.len(), 1);
        let c = &o.shipments["s"].changes["c1"];
        assert_eq!((c.shipped_on, c.redated_to), (d, d2));
        assert!(matches!(
            set_shipped_on(
                &mut o,
                None,
                "nope",
                d,
                &g,
                "li",
                5,
                day("2030-01-01"),
                None
            ),
            Err(DomainError::NotFound { .. })
        ));
    }

    #[test]
    fn a_final_lot_is_the_goods_presented() {
        let g = {
            let mut g = Gates::none();
            g.final_inspection_before_shipping = true;
            g
        };
        let (mut o, _) = order();
        o.quantities.add_colour("c".into(), "Black");
        o.quantities.add_size("m".into(), "M");
        o.quantities.set_qty("c", "m", 10_000);
        o.status = OrderStatus::ReadyToShip;
        let lot = |o: &mut Order, n: u32| {
            o.inspections.insert(
                "f".into(),
                Inspection {
                    lot_size: n,
                    completed: true,
                    ..Inspection::default()
                },
            );
        };
        for (n, needed) in [(0, 9_700), (50, 9_700), (9_699, 9_700)] {
            lot(&mut o, n);
            assert_eq!(
                closed_gates(&o, None, OrderStatus::Shipped, &g),
                [Gate::FinalLot {
                    lot: n,
                    needed,
                    shipment: None
                }],
                "lot {n}"
            );
        }
        lot(&mut o, 9_700);
        assert!(
            closed_gates(&o, None, OrderStatus::Shipped, &g).is_empty(),
            "3 % short is within the allowance"
        );
        // what the shipments carry, when they say
        o.shipments.insert(
            "s".into(),
            crate::shipment::Shipment {
                pieces: 9_900,
                ..Default::default()
            },
        );
        assert_eq!(
            closed_gates(&o, None, OrderStatus::Shipped, &g),
            [Gate::FinalLot {
                lot: 9_700,
                needed: 9_900,
                shipment: None
            }]
        );
        let e = transition(&mut o, None, OrderStatus::Shipped, &g, "li", 1, None).unwrap_err();
        assert!(
            matches!(&e, DomainError::GateClosed { gates }
                if gates == &[Gate::FinalLot { lot: 9_700, needed: 9_900, shipment: None }]),
            "{e}"
        );
        lot(&mut o, 9_900);
        transition(&mut o, None, OrderStatus::Shipped, &g, "li", 2, None).unwrap();
        // an empty order still needs a lot of something
        let mut bare = Order::new();
        bare.customer_po = "PO-1".into();
        bare.status = OrderStatus::ReadyToShip;
        lot(&mut bare, 0);
        assert_eq!(
            closed_gates(&bare, None, OrderStatus::Shipped, &g),
            [Gate::FinalLot {
                lot: 0,
                needed: 1,
                shipment: None
            }]
        );
        // and a lot of 0 cannot be completed at all
        let mut i = Inspection::default();
        let e = i.complete(day("2026-05-01")).unwrap_err();
        assert!(matches!(&e, DomainError::Problem(p) if p.field == crate::problem::Field::LotSize));
        assert!(!i.completed);
        i.lot_size = 500;
        i.complete(day("2026-05-01")).unwrap();
        assert!(i.completed);
    }

    #[test]
    fn every_move_is_logged_in_sequence_and_a_new_order_starts_through_the_gates() {
        let g = Gates::default();
        let mut o = Order::new();
        o.customer_po = "PO-1".into();
        o.status = OrderStatus::InProduction;
        assert!(matches!(
            start(&mut o, None, &g, "li", 1),
            Err(DomainError::Transition { .. })
        ));
        let mut o = Order::new();
        o.customer_po = "PO-1".into();
        o.status = OrderStatus::OnHold;
        start(&mut o, None, &g, "li", 1).unwrap();
        assert_eq!(o.held_from, Some(OrderStatus::Draft));
        transition(&mut o, None, OrderStatus::Draft, &g, "li", 2, None).unwrap();
        // Confirming an order confirms its ex-factory date: refused without one (on-time
        // delivery is judged against the first date it had once confirmed).
        let e = transition(&mut o, None, OrderStatus::Confirmed, &g, "wang", 3, None);
        assert!(
            matches!(&e, Err(DomainError::Problem(p)) if *p == Problem::new(Field::ExFactory, Issue::Required)),
            "{e:?}"
        );
        assert_eq!(o.status, OrderStatus::Draft);
        o.ex_factory = "2026-06-01".parse().ok();
        transition(&mut o, None, OrderStatus::Confirmed, &g, "wang", 3, None).unwrap();
        let log: Vec<_> = o
            .status_log
            .values()
            .map(|c| (c.seq, c.from.as_str(), c.to.as_str(), c.who.as_str()))
            .collect();
        assert_eq!(
            log,
            [
                (1, "draft", "on_hold", "li"),
                (2, "on_hold", "draft", "li"),
                (3, "draft", "confirmed", "wang")
            ]
        );
    }

    #[test]
    fn violations_name_what_no_rule_allows() {
        let g = Gates::default();
        let (mut o, c) = order();
        assert!(violations(&o, Some(&c), &g).is_empty());
        // a status reached around the gates (as a merge can)
        o.status = OrderStatus::InProduction;
        let v = violations(&o, Some(&c), &g);
        assert_eq!(
            v,
            [
                Violation::GateNotMet {
                    status: OrderStatus::InProduction,
                    gate: Gate::Deposit
                },
                Violation::GateNotMet {
                    status: OrderStatus::InProduction,
                    gate: Gate::SampleApproval(SampleKind::PreProduction)
                }
            ]
        );
        // a device without the money cannot judge the deposit, nor waive it: the office does
        o.commercial = Some("elsewhere".into());
        assert_eq!(violations(&o, None, &g).len(), 1);
        assert!(matches!(
            override_gate(&mut o, None, &Gate::Deposit, "li", 9, "LC at sight"),
            Err(DomainError::MoneyNotHere)
        ));
        assert!(o.gate_overrides.is_empty());
        assert_eq!(violations(&o, Some(&c), &g).len(), 2);
        override_gate(&mut o, Some(&c), &Gate::Deposit, "li", 9, "LC at sight").unwrap();
        assert!(matches!(
            override_gate(&mut o, Some(&c), &Gate::Deposit, "li", 9, ""),
            Err(DomainError::OverrideWithoutReason { .. })
        ));
        assert_eq!(violations(&o, Some(&c), &g).len(), 1);
        assert_eq!(o.gate_overrides["9:deposit:li"].to, "in_production");
        // a shipped date on an order not shipped
        o.shipments.insert(
            "s".into(),
            crate::shipment::Shipment {
                shipped_on: Some(day("2026-05-01")),
                ..Default::default()
            },
        );
        assert!(violations(&o, Some(&c), &Gates::none()).contains(
            &Violation::ShippedDateNotShipped {
                shipment: "s".into(),
                day: day("2026-05-01")
            }
        ));
    }

    #[test]
    fn the_log_tells_concurrent_moves_and_a_shipped_order_moved_back() {
        let g = Gates::none();
        let (base, _) = order();
        let mut a = base.clone();
        let mut b = base.clone();
        transition(&mut a, None, OrderStatus::InProduction, &g, "li", 1, None).unwrap();
        cancel_as_wang(&mut b, 2);
        // what a merge gives: both log entries, one status
        let mut m = a.clone();
        m.status_log.extend(b.status_log.clone());
        m.status = OrderStatus::Cancelled;
        let v = violations(&m, None, &g);
        assert!(
            matches!(&v[..], [Violation::ConcurrentMoves { status: OrderStatus::Cancelled, moves }] if moves.len() == 2),
            "{v:?}"
        );
        keep_status(&mut m, "li", 3, "buyer cancelled, stop the factory").unwrap();
        assert!(violations(&m, None, &g).is_empty());
        assert!(matches!(
            keep_status(&mut m, "li", 4, ""),
            Err(DomainError::ReasonRequired)
        ));

        // an older move winning the merge over a newer one
        let mut m = a.clone();
        transition(&mut m, None, OrderStatus::ReadyToShip, &g, "li", 5, None).unwrap();
        m.status = OrderStatus::Confirmed;
        assert_eq!(
            violations(&m, None, &g),
            [Violation::StatusNotLogged {
                status: OrderStatus::Confirmed,
                logged: "ready_to_ship".into()
            }]
        );

        // shipped on one device, cancelled on another
        let mut s = base.clone();
        s.status = OrderStatus::ReadyToShip;
        let mut x = s.clone();
        transition(&mut s, None, OrderStatus::Shipped, &g, "li", 6, None).unwrap();
        cancel_as_wang(&mut x, 7);
        s.status_log.extend(x.status_log);
        s.status = OrderStatus::Cancelled;
        let v = violations(&s, None, &g);
        assert!(
            v.contains(&Violation::LeftShipped {
                status: OrderStatus::Cancelled
            }),
            "{v:?}"
        );
        keep_status(&mut s, "li", 8, "goods returned, order cancelled").unwrap();
        assert!(violations(&s, None, &g).is_empty());
    }

    #[test]
    fn the_samples_screen_sees_the_same_missing_approvals_as_the_gate() {
        let (mut o, _) = order();
        let g = Gates::default();
        assert_eq!(samples_missing(&o, &g), [SampleKind::PreProduction]);
        assert!(samples_missing(&o, &Gates::none()).is_empty());
        o.samples.insert(
            "s".into(),
            Sample {
                kind: SampleKind::PreProduction,
                round: 1,
                result: SampleResult::Approved,
                ..Sample::default()
            },
        );
        assert!(samples_missing(&o, &g).is_empty());
        let mut fit = Gates::default();
        fit.required_samples.insert("fit".into(), true);
        fit.required_samples.insert("lab_dip".into(), false);
        assert_eq!(samples_missing(&o, &fit), [SampleKind::Fit]);
    }

    #[test]
    fn gates_can_be_switched_off_and_illegal_moves_are_refused() {
        let (mut o, _) = order();
        transition(
            &mut o,
            None,
            OrderStatus::InProduction,
            &Gates::none(),
            "li",
            1,
            None,
        )
        .unwrap();
        let e = transition(
            &mut o,
            None,
            OrderStatus::Closed,
            &Gates::none(),
            "li",
            1,
            None,
        );
        assert!(matches!(e, Err(DomainError::Transition { .. })));
        let mut g = Gates::none();
        g.samples_before_production = true;
        g.required_samples.insert("fit".into(), true);
        let (mut o, _) = order();
        let e = transition(&mut o, None, OrderStatus::InProduction, &g, "li", 1, None).unwrap_err();
        assert!(
            matches!(&e, DomainError::GateClosed { gates }
                if gates.contains(&Gate::SampleApproval(SampleKind::Fit))),
            "{e}"
        );
    }
}
