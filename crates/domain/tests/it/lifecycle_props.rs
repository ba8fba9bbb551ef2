//! Property: three replicas of an order and its commercial document take random steps — status
//! moves (with and without an override reason), reopenings, settling a "needs a decision",
//! receipts, sample rounds, final inspections of random lot sizes and verdicts, shipments and
//! shipped dates — and merge with each other in random orders. After every step on every replica
//! and once everyone has merged everything:
//!
//! - the gates the order's status needs are the ones worked out from the records (an oracle
//!   written here, not in `lifecycle.rs`), and each is met, overridden (logged), or reported by
//!   `lifecycle::violations` ("needs a decision");
//! - a shipped date on an order not shipped, a status the log does not explain, concurrent moves
//!   and an order back from shipped without a logged reopening are all reported; moves made
//!   without seeing each other stay reported until a log entry written by a device that had seen
//!   both follows (what each entry's writer had seen is recorded here, not read from the log);
//! - on one device without merges, the rules hold by construction: a step into a gated status
//!   leaves no gate unmet, a held order returns only where it left, a shipped order goes back
//!   only by `reopen`, and nothing but a gate undone by a later record is ever reported;
//! - all replicas converge to the same order and commercial document.
//!
//! Cases default to 2,000; set `GENDAN_LIFECYCLE_CASES` to run more or fewer.

use std::collections::{BTreeSet, HashMap};

use crate::common::*;
use automerge::{ActorId, AutoCommit};
use gendan_domain::commercial::{Commercial, Receipt};
use gendan_domain::document::Root;
use gendan_domain::inspection::{Defect, DefectClass, Inspection, Verdict};
use gendan_domain::lifecycle::{
    self, closed_gates, is_shipped, overridden, unmet_gates, violations, ChangeKind, Gate, Gates,
    Violation,
};
use gendan_domain::money::Price;
use gendan_domain::samples::{Sample, SampleKind, SampleResult};
use gendan_domain::shipment::changes::{self, ChangeNote};
use gendan_domain::shipment::Shipment;
use gendan_domain::{document, DomainError, Order, OrderStatus};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

fn cases() -> u32 {
    std::env::var("GENDAN_LIFECYCLE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

#[derive(Debug, Clone)]
enum Op {
    /// To `OrderStatus::ALL[i]`; with an override reason or not.
    Move(usize, bool),
    Reopen,
    /// Settle the first "needs a decision" this replica sees, the way the screen offers.
    Settle,
    Deposit,
    Balance,
    ApprovePp,
    NewPpRound,
    /// A completed final inspection: lot size index, passed.
    Final(usize, bool),
    AddShipment(bool),
    /// Date (or clear) the first shipment; with an override reason or not.
    ShipDate(bool, bool),
    Merge(usize),
}

const LOTS: [u32; 4] = [0, 50, 980, 1000];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => ((0usize..9), any::<bool>()).prop_map(|(i, o)| Op::Move(i, o)),
        1 => Just(Op::Reopen),
        1 => Just(Op::Settle),
        1 => Just(Op::Deposit),
        1 => Just(Op::Balance),
        1 => Just(Op::ApprovePp),
        1 => Just(Op::NewPpRound),
        2 => ((0usize..4), any::<bool>()).prop_map(|(l, p)| Op::Final(l, p)),
        1 => any::<bool>().prop_map(Op::AddShipment),
        2 => (any::<bool>(), any::<bool>()).prop_map(|(d, o)| Op::ShipDate(d, o)),
        3 => (0usize..3).prop_map(Op::Merge),
    ]
}

fn base() -> Order {
    let mut o = Order::new();
    o.customer_po = "PO-L".into();
    o.status = OrderStatus::Confirmed;
    o.ex_factory = "2026-06-01".parse().ok();
    o.commercial = Some("money".into());
    o.quantities.add_colour("c".into(), "Black");
    o.quantities.add_size("m".into(), "M");
    o.quantities.set_qty("c", "m", 1000);
    o.samples.insert(
        "pp1".into(),
        Sample {
            kind: SampleKind::PreProduction,
            round: 1,
            ..Sample::default()
        },
    );
    o
}

fn money() -> Commercial {
    let mut c = Commercial::new("order", "USD");
    c.receivables.deposit.amount = "300".parse().ok();
    c.receivables.balance.amount = "700".parse().ok();
    c
}

/// Where a case starts, reached through the domain's own moves (so short runs of steps still
/// reach shipping, reopening and hold): confirmed; in production (deposit paid, PP sample
/// approved); ready to ship (and a passed final lot of 1,000, balance still open).
fn start_values(at: usize) -> (Order, Commercial) {
    let g = Gates::default();
    let (mut o, mut c) = (base(), money());
    if at >= 1 {
        c.receipts.insert("dep".into(), receipt("300"));
        o.samples.get_mut("pp1").unwrap().result = SampleResult::Approved;
        lifecycle::transition(
            &mut o,
            Some(&c),
            OrderStatus::InProduction,
            &g,
            "li",
            1,
            None,
        )
        .unwrap();
    }
    if at >= 2 {
        let mut i = Inspection {
            lot_size: 1000,
            ..Inspection::default()
        };
        i.complete(gendan_domain::Day::from_ymd(2026, 4, 30).unwrap())
            .unwrap();
        o.inspections.insert("fri".into(), i);
        lifecycle::transition(
            &mut o,
            Some(&c),
            OrderStatus::ReadyToShip,
            &g,
            "li",
            2,
            None,
        )
        .unwrap();
    }
    (o, c)
}

/// The documents a case starts from, made once per thread (creating them is a good part of a
/// case's time in a debug build).
fn start_docs(at: usize) -> (AutoCommit, AutoCommit) {
    thread_local! {
        static DOCS: Vec<(AutoCommit, AutoCommit)> = (0..3)
            .map(|at| {
                let (o, c) = start_values(at);
                (
                    document::create([1; 16], &author("li"), 1, &o).unwrap(),
                    document::create([2; 16], &author("li"), 1, &c).unwrap(),
                )
            })
            .collect();
    }
    DOCS.with(|d| d[at].clone())
}

struct Replica {
    order_doc: AutoCommit,
    money_doc: AutoCommit,
    order: Order,
    money: Commercial,
    /// Has received another replica's changes.
    merged: bool,
}

fn receipt(amount: &str) -> Receipt {
    Receipt {
        amount: amount.parse().unwrap(),
        confirmed_by: Some("fin".into()),
        ..Receipt::default()
    }
}

/// Applies a non-merge step through the domain's functions; a refusal changes nothing.
fn step(r: &mut Replica, who: usize, n: usize, op: &Op, g: &Gates) {
    let name = format!("u{who}");
    let id = format!("r{who}-{n}");
    let now = (n as i64) * 1_000 + who as i64;
    let c = r.money.clone();
    // What `document::commit` does, minus the hydration before the edit: the replica keeps the
    // value its document holds (read again after every merge), which halves a step's time in a
    // debug build. Documents made by this version have every map, so there is nothing to heal.
    let order_edit = |r: &mut Replica, f: &dyn Fn(&mut Order) -> Result<(), DomainError>| {
        let mut o = r.order.clone();
        if f(&mut o).is_ok() && o != r.order {
            Order::reconcile_changes(&mut r.order_doc, &r.order, &o).unwrap();
            r.order_doc.commit();
            r.order = o;
        }
    };
    let money_edit = |r: &mut Replica, amount: &str| {
        let mut c = r.money.clone();
        c.receipts.insert(id.clone(), receipt(amount));
        Commercial::reconcile_changes(&mut r.money_doc, &r.money, &c).unwrap();
        r.money_doc.commit();
        r.money = c;
    };
    let why = |o: bool| o.then_some("agreed with the buyer");
    let today = gendan_domain::Day::from_ymd(2026, 6, 1 + (n % 28) as u32).unwrap();
    // Clearing a shipped date is said with a reason, logged on the shipment; none is refused.
    let note = |reason: &'static str| ChangeNote {
        id: &id,
        who: &name,
        day: today,
        reason,
    };
    match op {
        Op::Move(i, o) => order_edit(r, &|ord| {
            lifecycle::transition(ord, Some(&c), OrderStatus::ALL[*i], g, &name, now, why(*o))
        }),
        Op::Reopen => order_edit(r, &|ord| {
            lifecycle::reopen(ord, &name, now, today, "correction").map(|_| ())
        }),
        Op::Settle => order_edit(
            r,
            &|ord| match violations(ord, Some(&c), g).into_iter().next() {
                Some(Violation::GateNotMet { gate, .. }) => {
                    lifecycle::override_gate(ord, Some(&c), &gate, &name, now, "accepted")
                }
                Some(Violation::ShippedDateNotShipped { shipment, .. }) => {
                    changes::unship(ord, &shipment, &note("not left after all"))
                }
                Some(_) => lifecycle::keep_status(ord, &name, now, "kept"),
                None => Ok(()),
            },
        ),
        Op::Deposit => money_edit(r, "300"),
        Op::Balance => money_edit(r, "700"),
        Op::ApprovePp => order_edit(r, &|ord| {
            if let Some((k, _)) = gendan_domain::samples::latest(ord, &SampleKind::PreProduction) {
                let k = k.clone();
                ord.samples.get_mut(&k).unwrap().result = SampleResult::Approved;
            }
            Ok(())
        }),
        Op::NewPpRound => order_edit(r, &|ord| {
            let round = gendan_domain::samples::next_round(ord, &SampleKind::PreProduction);
            ord.samples.insert(
                id.clone(),
                Sample {
                    kind: SampleKind::PreProduction,
                    round,
                    ..Sample::default()
                },
            );
            Ok(())
        }),
        Op::Final(lot, pass) => order_edit(r, &|ord| {
            let mut i = Inspection {
                lot_size: LOTS[*lot],
                date: gendan_domain::Day::from_ymd(2026, 5, 1 + (n % 28) as u32),
                ..Inspection::default()
            };
            if !*pass {
                i.defects.insert(
                    "d".into(),
                    Defect {
                        class: DefectClass::Critical,
                        count: 1,
                        ..Defect::default()
                    },
                );
            }
            // a lot of 0 cannot be completed: the step is refused
            i.complete(i.date.unwrap())?;
            ord.inspections.insert(id.clone(), i);
            Ok(())
        }),
        Op::AddShipment(full) => order_edit(r, &|ord| {
            ord.shipments.insert(
                id.clone(),
                Shipment {
                    pieces: if *full { 1000 } else { 500 },
                    ..Shipment::default()
                },
            );
            Ok(())
        }),
        Op::ShipDate(dated, o) => order_edit(r, &|ord| {
            let Some(first) = ord.shipments.keys().next().cloned() else {
                return Ok(());
            };
            if !*dated {
                return changes::unship(ord, &first, &note(why(*o).unwrap_or("")));
            }
            lifecycle::set_shipped_on(
                ord,
                Some(&c),
                &first,
                Some(today),
                g,
                &name,
                now,
                today,
                why(*o),
            )
        }),
        Op::Merge(_) => unreachable!(),
    }
}

/// Merges `from`'s documents into `to`'s; with `read`, the replica's values follow.
fn merge_into(reps: &mut [Replica], to: usize, from: usize, read: bool) {
    if to == from {
        return;
    }
    let (lo, hi) = reps.split_at_mut(to.max(from));
    let (a, b) = (&mut lo[to.min(from)], &mut hi[0]);
    let (dst, src) = if to < from { (a, b) } else { (b, a) };
    // Hydrating is the costly part of a step: read again only what the merge changed.
    let heads = (dst.order_doc.get_heads(), dst.money_doc.get_heads());
    dst.order_doc.merge(&mut src.order_doc).unwrap();
    dst.money_doc.merge(&mut src.money_doc).unwrap();
    dst.merged = true;
    if !read {
        return;
    }
    if dst.order_doc.get_heads() != heads.0 {
        dst.order = document::read(&dst.order_doc).unwrap();
    }
    if dst.money_doc.get_heads() != heads.1 {
        dst.money = document::read(&dst.money_doc).unwrap();
    }
}

/// The gates the order at `status` needs and does not meet, worked out from the records here
/// rather than by the lifecycle module (all gates on, PP sample required, 3 % short allowance).
fn oracle(o: &Order, c: &Commercial, status: OrderStatus) -> Vec<Gate> {
    use OrderStatus::*;
    let mut out = Vec::new();
    match status {
        InProduction | ReadyToShip => {
            // A deposit of nothing opens nothing (only an override does).
            let deposit = c.receivables.deposit.amount;
            if !deposit.is_some_and(|d| d > Price::ZERO && c.received() >= d) {
                out.push(Gate::Deposit);
            }
            let latest_pp = o
                .samples
                .iter()
                .filter(|(_, s)| s.kind == SampleKind::PreProduction)
                .max_by(|a, b| (a.1.round, a.1.sent, a.0).cmp(&(b.1.round, b.1.sent, b.0)));
            if latest_pp.is_none_or(|(_, s)| s.result != SampleResult::Approved) {
                out.push(Gate::SampleApproval(SampleKind::PreProduction));
            }
        }
        Shipped | Delivered | Closed => {
            if !(c.receivable() > Price::ZERO && c.balance_confirmed()) {
                out.push(Gate::Balance);
            }
            // every final here is an original inspection, none re-inspected nor started over
            // with a reason: the latest by (day, id) decides, and any failed lot leaves the
            // goods' verdict open whatever passed after it
            let completed = || o.inspections.iter().filter(|(_, i)| i.completed);
            let last = completed().max_by(|a, b| (a.1.date, a.0).cmp(&(b.1.date, b.0)));
            let any_failed = completed().any(|(_, i)| i.verdict().ok() == Some(Verdict::Fail));
            match last {
                Some((_, i)) if i.verdict().ok() == Some(Verdict::Pass) && !any_failed => {
                    let carried: u64 = o.shipments.values().map(|s| s.pieces).sum();
                    // 1,000 pieces ordered, 3 % allowance: 970
                    let needed = if carried > 0 { carried } else { 970 };
                    if u64::from(i.lot_size) < needed {
                        out.push(Gate::FinalLot {
                            lot: i.lot_size,
                            needed,
                            shipment: None,
                        });
                    }
                }
                _ => out.push(Gate::FinalInspection),
            }
        }
        _ => {}
    }
    out
}

/// For each status log entry (by key), the entries its writer's order held when it was written.
type Knew = HashMap<String, BTreeSet<String>>;

/// What must hold in any state any replica reaches.
fn invariants(
    o: &Order,
    c: &Commercial,
    g: &Gates,
    merged: bool,
    knew: &Knew,
) -> Result<(), TestCaseError> {
    let v = violations(o, Some(c), g);
    // Two moves sharing a number towards different statuses, whose writers had not seen each
    // other, are a decision to make until an entry whose writer had seen both is in the log.
    let log: Vec<(&String, &lifecycle::StatusChange)> = o.status_log.iter().collect();
    for (ka, a) in &log {
        for (kb, b) in &log {
            let unseen = |x: &String, y: &String| knew.get(x).is_some_and(|k| !k.contains(y));
            if ka < kb && a.seq == b.seq && a.to != b.to && unseen(ka, kb) && unseen(kb, ka) {
                let settled = log.iter().any(|(kc, _)| {
                    knew.get(*kc)
                        .is_some_and(|k| k.contains(*ka) && k.contains(*kb))
                });
                prop_assert!(
                    settled
                        || v.iter().any(|x| matches!(
                            x,
                            Violation::ConcurrentMoves { moves, .. }
                                if moves.contains(a) && moves.contains(b)
                        )),
                    "{:?} and {:?} unseen by each other, unreported: {:?}",
                    a,
                    b,
                    v
                );
            }
        }
    }
    let status = o.status;
    prop_assert_eq!(closed_gates(o, Some(c), status, g), oracle(o, c, status));
    for gate in closed_gates(o, Some(c), status, g) {
        prop_assert!(
            overridden(o, &gate)
                || v.contains(&Violation::GateNotMet {
                    status,
                    gate: gate.clone()
                }),
            "{status:?}: {gate:?} neither met, overridden nor reported: {v:?}"
        );
    }
    if !is_shipped(status) {
        for (id, s) in &o.shipments {
            if let Some(day) = s.shipped_on {
                let dated = Violation::ShippedDateNotShipped {
                    shipment: id.clone(),
                    day,
                };
                prop_assert!(v.contains(&dated), "shipment {id} dated while {status:?}");
            }
        }
    }
    if let Some(top) = o.status_log.values().map(|c| c.seq).max() {
        let reached: BTreeSet<&str> = o
            .status_log
            .values()
            .filter(|c| c.seq == top)
            .map(|c| c.to.as_str())
            .collect();
        if reached.len() != 1 || !reached.contains(status.code()) {
            prop_assert!(
                v.iter().any(|x| matches!(
                    x,
                    Violation::ConcurrentMoves { .. } | Violation::StatusNotLogged { .. }
                )),
                "{status:?} vs log {reached:?}: {v:?}"
            );
        }
        let shipped_at = o
            .status_log
            .values()
            .filter(|c| OrderStatus::from_code(&c.to).is_some_and(is_shipped))
            .map(|c| c.seq)
            .max();
        let settled_at = o
            .status_log
            .values()
            .filter(|c| c.kind != ChangeKind::Move)
            .map(|c| c.seq)
            .max();
        if !is_shipped(status) && shipped_at.is_some_and(|s| settled_at.is_none_or(|d| d <= s)) {
            let left = Violation::LeftShipped { status };
            prop_assert!(v.contains(&left), "back from shipped unreported: {:?}", v);
        }
    }
    if !merged {
        prop_assert!(
            v.iter().all(|x| matches!(x, Violation::GateNotMet { .. })),
            "one device alone reached {v:?}"
        );
    }
    Ok(())
}

/// What one device's step may do to the status (no merge involved).
fn one_step_rules(
    before: &Order,
    after: &Order,
    op: &Op,
    c: &Commercial,
    g: &Gates,
) -> Result<(), TestCaseError> {
    if before.status == after.status {
        return Ok(());
    }
    let to = after.status;
    if !matches!(op, Op::Reopen) {
        prop_assert!(
            unmet_gates(after, Some(c), to, g).is_empty(),
            "{:?} → {to:?} by {op:?} left {:?}",
            before.status,
            unmet_gates(after, Some(c), to, g)
        );
    }
    if before.status == OrderStatus::OnHold {
        if let Some(h) = before.held_from {
            prop_assert!(
                to == h || to == OrderStatus::Cancelled,
                "held from {h:?}, resumed to {to:?}"
            );
        }
    }
    if is_shipped(before.status) && !is_shipped(to) {
        prop_assert!(
            matches!(op, Op::Reopen),
            "{:?} → {to:?} by {op:?}",
            before.status
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn every_reachable_state_is_gated_overridden_or_needs_a_decision_and_replicas_converge(
        ops in prop::collection::vec((0usize..3, op()), 1..6),
        order in Just([0usize, 1, 2]).prop_shuffle(),
        at in 0usize..3,
    ) {
        let g = Gates::default();
        let (o0, m0) = start_docs(at);
        let (o, c) = start_values(at);
        let mut reps: Vec<Replica> = (0..3u8)
            .map(|i| Replica {
                order_doc: o0.clone().with_actor(ActorId::from([i + 1; 16])),
                money_doc: m0.clone().with_actor(ActorId::from([i + 1; 16])),
                order: o.clone(),
                money: c.clone(),
                merged: false,
            })
            .collect();
        let mut knew = Knew::new();
        for (n, (who, op)) in ops.iter().enumerate() {
            if let Op::Merge(from) = op {
                merge_into(&mut reps, *who, *from, true);
            } else {
                let before = reps[*who].order.clone();
                step(&mut reps[*who], *who, n, op, &g);
                let r = &reps[*who];
                one_step_rules(&before, &r.order, op, &r.money, &g)?;
                let held: BTreeSet<String> = before.status_log.keys().cloned().collect();
                for key in r.order.status_log.keys().filter(|k| !held.contains(*k)) {
                    knew.insert(key.clone(), held.clone());
                }
            }
            let r = &reps[*who];
            invariants(&r.order, &r.money, &g, r.merged, &knew)?;
        }
        let [p, q, s] = order;
        for (to, from) in [(p, q), (p, s), (q, p), (s, p)] {
            merge_into(&mut reps, to, from, false);
        }
        // Every replica holds the same changes (equal heads), so it is the same document and
        // hydrates to the same values; reading one is enough (hydrating is most of a case's time).
        let mut heads: Vec<_> = reps
            .iter_mut()
            .map(|r| (r.order_doc.get_heads(), r.money_doc.get_heads()))
            .collect();
        for h in &mut heads {
            h.0.sort();
            h.1.sort();
        }
        prop_assert_eq!(&heads[0], &heads[1]);
        prop_assert_eq!(&heads[0], &heads[2]);
        let r = &mut reps[0];
        r.order = document::read(&r.order_doc).unwrap();
        r.money = document::read(&r.money_doc).unwrap();
        invariants(&r.order, &r.money, &g, true, &knew)?;
    }
}
