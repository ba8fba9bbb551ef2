//! Moving an order through its lifecycle, with the house rules as gates: production is released
//! only after the deposit is confirmed (订金到账后下达生产订单) and the required samples are
//! approved; goods ship only after the balance is confirmed (全款到账后安排出货) and the final
//! inspection passed (查货合格后通知出货).
//!
//! Each gate can be switched off per workspace ([`Gates`], in the workspace settings). A closed
//! gate can be passed only with a reason, which is logged in the order as a record keyed by time,
//! gate and person — two people overriding concurrently both stay on record.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::commercial::Commercial;
use crate::day::Day;
use crate::error::DomainError;
use crate::inspection;
use crate::order::{Order, OrderStatus};
use crate::samples::{self, SampleKind};

/// A rule that must hold before a transition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Gate {
    /// Release to production needs the deposit confirmed.
    Deposit,
    /// Shipping needs the balance confirmed.
    Balance,
    /// Shipping needs the latest final inspection passed.
    FinalInspection,
    /// Release to production needs the latest round of this sample kind approved.
    SampleApproval(SampleKind),
}

impl Gate {
    /// The code stored in override records: "deposit", "balance", "final_inspection", "sample:pp".
    pub fn code(&self) -> String {
        match self {
            Gate::Deposit => "deposit".into(),
            Gate::Balance => "balance".into(),
            Gate::FinalInspection => "final_inspection".into(),
            Gate::SampleApproval(k) => format!("sample:{}", k.code()),
        }
    }

    /// What is missing, in words.
    pub fn describe(&self) -> String {
        match self {
            Gate::Deposit => {
                "deposit not confirmed (订金未到账): production cannot be released".into()
            }
            Gate::Balance => "balance not confirmed (余款未到账): the goods cannot ship".into(),
            Gate::FinalInspection => {
                "final inspection not passed (尾期验货未合格): the goods cannot ship".into()
            }
            Gate::SampleApproval(k) => {
                format!(
                    "{} sample not approved: production cannot be released",
                    k.code()
                )
            }
        }
    }
}

fn yes() -> bool {
    true
}

fn default_required_samples() -> BTreeMap<String, bool> {
    BTreeMap::from([(SampleKind::PreProduction.code().to_string(), true)])
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
    pub required_samples: BTreeMap<String, bool>,
}

impl Default for Gates {
    fn default() -> Self {
        Gates {
            deposit_before_production: true,
            samples_before_production: true,
            balance_before_shipping: true,
            final_inspection_before_shipping: true,
            required_samples: default_required_samples(),
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
            required_samples: BTreeMap::new(),
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
}

crate::record_fields!(GateOverride;
    gate: String,
    reason: String,
    who: String,
    at_ms: i64,
    to: String,
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

/// The gates that are closed for moving `order` to `next`.
pub fn closed_gates(
    order: &Order,
    commercial: Option<&Commercial>,
    next: OrderStatus,
    gates: &Gates,
) -> Vec<Gate> {
    let mut out = Vec::new();
    match next {
        OrderStatus::InProduction => {
            if gates.deposit_before_production && !commercial.is_some_and(|c| c.deposit_confirmed())
            {
                out.push(Gate::Deposit);
            }
            out.extend(
                samples_missing(order, gates)
                    .into_iter()
                    .map(Gate::SampleApproval),
            );
        }
        OrderStatus::Shipped => {
            if gates.balance_before_shipping && !commercial.is_some_and(|c| c.balance_confirmed()) {
                out.push(Gate::Balance);
            }
            if gates.final_inspection_before_shipping && !inspection::final_passed(order) {
                out.push(Gate::FinalInspection);
            }
        }
        _ => {}
    }
    out
}

/// Moves the order to `next` if the lifecycle allows it and every enforced gate is open. A closed
/// gate is passed only with a non-empty `override_reason`, logged once per gate in
/// `order.gate_overrides` under the key `"{now_ms}:{gate}:{who}"`.
pub fn transition(
    order: &mut Order,
    commercial: Option<&Commercial>,
    next: OrderStatus,
    gates: &Gates,
    who: &str,
    now_ms: i64,
    override_reason: Option<&str>,
) -> Result<(), DomainError> {
    let from = order.status;
    if !from.can_become(next) {
        return Err(DomainError::transition(from, next));
    }
    if from == next {
        return Ok(());
    }
    let closed = closed_gates(order, commercial, next, gates);
    if !closed.is_empty() {
        let reason = match override_reason.map(str::trim) {
            None => return Err(DomainError::GateClosed { gates: closed }),
            Some("") => return Err(DomainError::OverrideWithoutReason { gates: closed }),
            Some(r) => r,
        };
        for gate in &closed {
            order.gate_overrides.insert(
                format!("{now_ms}:{}:{who}", gate.code()),
                GateOverride {
                    gate: gate.code(),
                    reason: reason.to_string(),
                    who: who.to_string(),
                    at_ms: now_ms,
                    to: next.code().to_string(),
                },
            );
        }
    }
    order.status = next;
    Ok(())
}

/// Records the day the goods left when an order is marked shipped and nothing dates it yet:
/// booked shipments without a date get `today`, and so does the "ex_factory" milestone when it
/// has no actual date. Dates already recorded are kept (a merchandiser marking the status late
/// must not move the real shipping day), so on-time delivery is measured on the real day.
pub fn record_shipped(order: &mut Order, today: Day) {
    for s in order.shipments.values_mut() {
        if s.shipped_on.is_none() {
            s.shipped_on = Some(today);
        }
    }
    for m in order.milestones.values_mut() {
        if m.code == "ex_factory" && m.actual.is_none() {
            m.actual = Some(today);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commercial::Receipt;
    use crate::inspection::Inspection;
    use crate::samples::{Sample, SampleResult};

    fn order() -> (Order, Commercial) {
        let mut o = Order::new();
        o.status = OrderStatus::Confirmed;
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
        bare.ex_factory = Some(day("2026-05-15"));
        record_shipped(&mut bare, day("2026-05-20"));
        assert_eq!(
            bare.shipped_on_time(),
            None,
            "nothing booked, nothing to date"
        );
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
        let text = e.to_string();
        assert!(
            text.contains("deposit") && text.contains("pp sample"),
            "{text}"
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
        assert!(e.to_string().contains("fit sample"), "{e}");
    }
}
