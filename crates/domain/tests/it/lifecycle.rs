//! The lifecycle over real documents: moves on two devices merged (each device allowed its own
//! move; the merge may combine them into a state neither allowed), which the domain must report
//! as "needs a decision" on both devices and on Today, and the form's path, which must not move
//! the status at all.

use crate::common::*;
use automerge::AutoCommit;
use gendan_domain::commercial::Receipt;
use gendan_domain::draft::apply_edits;
use gendan_domain::inspection::Inspection;
use gendan_domain::lifecycle::{
    keep_status, set_shipped_on, transition, violations, Gate, Gates, Violation,
};
use gendan_domain::reports::{self, OrderFacts};
use gendan_domain::samples::{Sample, SampleKind, SampleResult};
use gendan_domain::workspace::Settings;
use gendan_domain::{document, DomainError, Order, OrderStatus};

fn move_on(doc: &mut AutoCommit, who: &str, f: impl FnOnce(&mut Order) -> Result<(), DomainError>) {
    document::commit::<Order, (), DomainError>(doc, &author(who), 1_000, f).unwrap();
}

fn confirmed() -> Order {
    let mut o = full_order();
    o.status = OrderStatus::Confirmed;
    o
}

#[test]
fn an_override_on_one_device_and_a_cancel_on_another_need_a_decision() {
    let g = Gates::default();
    let c = commercial(); // deposit not confirmed
    let (mut a, mut b) = pair(&confirmed());
    move_on(&mut a, "li", |o| {
        transition(
            o,
            Some(&c),
            OrderStatus::InProduction,
            &g,
            "li",
            10,
            Some("LC opened"),
        )
    });
    move_on(&mut b, "wang", |o| {
        transition(
            o,
            Some(&c),
            OrderStatus::Cancelled,
            &g,
            "wang",
            11,
            Some("buyer withdrew"),
        )
    });
    let o: Order = merged(&mut a, &mut b);
    let v = violations(&o, Some(&c), &g);
    assert!(
        v.iter()
            .any(|v| matches!(v, Violation::ConcurrentMoves { moves, .. } if moves.len() == 2)),
        "{:?} → {v:?}",
        o.status
    );
    // Today lists it, even though the order may now be cancelled
    let facts = [OrderFacts {
        id: "A",
        order: &o,
        commercial: Some(&c),
    }];
    let t = reports::today(&facts, &Settings::default(), day("2026-05-20"));
    assert_eq!(t.needs_decision.len(), 1);
    assert_eq!(t.needs_decision[0].label, "PO-1");
    assert_eq!(t.needs_decision[0].violations, v);
    // settled on one device, settled everywhere
    move_on(&mut a, "li", |o| {
        keep_status(o, "li", 20, "buyer confirmed the cancel")
    });
    let o: Order = merged(&mut a, &mut b);
    assert!(violations(&o, Some(&c), &g).is_empty());
}

/// A cancel on one device and two moves on the other: the longer branch's last move carries the
/// highest number and usually wins the status, but it was made without seeing the cancel.
#[test]
fn a_cancel_lost_to_a_longer_branch_needs_a_decision() {
    let g = Gates::none();
    let (mut a, mut b) = pair(&confirmed());
    let mut c = a.fork().with_actor(automerge::ActorId::from([3u8; 16]));
    move_on(&mut a, "li", |o| {
        transition(
            o,
            None,
            OrderStatus::Cancelled,
            &g,
            "li",
            10,
            Some("buyer withdrew"),
        )
    });
    move_on(&mut b, "wang", |o| {
        transition(o, None, OrderStatus::InProduction, &g, "wang", 11, None)
    });
    move_on(&mut b, "wang", |o| {
        transition(o, None, OrderStatus::ReadyToShip, &g, "wang", 12, None)
    });
    c.merge(&mut b).unwrap();
    move_on(&mut c, "zhao", |o| keep_status(o, "zhao", 13, "kept"));
    let o: Order = merged(&mut a, &mut b);
    let v = violations(&o, None, &g);
    assert!(
        v.iter().any(|v| matches!(
            v,
            Violation::ConcurrentMoves { moves, .. }
                if moves.iter().any(|m| m.to == "cancelled") && moves.len() == 2
        )),
        "{:?} → {v:?}",
        o.status
    );
    // A decision made on the branch that never saw the cancel does not settle it.
    let o: Order = merged(&mut a, &mut c);
    assert!(
        violations(&o, None, &g)
            .iter()
            .any(|v| matches!(v, Violation::ConcurrentMoves { .. })),
        "a decision that never saw the cancel settled it"
    );
    // One made after seeing both does, on every device.
    move_on(&mut a, "li", |o| {
        keep_status(o, "li", 20, "buyer withdrew the cancel")
    });
    let o: Order = merged(&mut a, &mut b);
    assert!(
        violations(&o, None, &g).is_empty(),
        "{:?}",
        violations(&o, None, &g)
    );
}

/// Shipped here, cancelled and "kept" there without ever seeing the shipping: still left
/// shipped, to decide.
#[test]
fn a_decision_that_never_saw_the_shipping_does_not_settle_it() {
    let g = Gates::none();
    let (mut a, mut b) = shipped_here_cancelled_there(&g);
    move_on(&mut b, "wang", |o| keep_status(o, "wang", 12, "kept"));
    let o: Order = merged(&mut a, &mut b);
    let v = violations(&o, None, &g);
    assert!(
        v.iter()
            .any(|v| matches!(v, Violation::ConcurrentMoves { .. })),
        "{v:?}"
    );
    if o.status == OrderStatus::Cancelled {
        assert!(v.contains(&Violation::LeftShipped {
            status: OrderStatus::Cancelled
        }));
    }
}

#[test]
fn shipped_on_one_device_and_cancelled_on_another_is_never_silent() {
    let g = Gates::none();
    let mut base = confirmed();
    base.status = OrderStatus::ReadyToShip;
    let (mut a, mut b) = pair(&base);
    move_on(&mut a, "li", |o| {
        set_shipped_on(
            o,
            None,
            "sh1",
            Some(day("2026-05-20")),
            &g,
            "li",
            10,
            day("2030-01-01"),
            None,
        )
    });
    move_on(&mut b, "wang", |o| {
        transition(
            o,
            None,
            OrderStatus::Cancelled,
            &g,
            "wang",
            11,
            Some("buyer withdrew"),
        )
    });
    let o: Order = merged(&mut a, &mut b);
    let v = violations(&o, None, &g);
    assert!(!v.is_empty(), "{:?}", o.status);
    if o.status == OrderStatus::Cancelled {
        assert!(v.contains(&Violation::LeftShipped {
            status: OrderStatus::Cancelled
        }));
        assert!(v.contains(&Violation::ShippedDateNotShipped {
            shipment: "sh1".into(),
            day: day("2026-05-20")
        }));
    }
}

#[test]
fn a_gate_met_on_one_device_and_undone_on_another_is_reported() {
    let mut g = Gates::none();
    g.samples_before_production = true;
    g.required_samples = Gates::default().required_samples;
    let mut base = confirmed();
    base.samples.get_mut("s1").unwrap().result = SampleResult::Approved;
    let (mut a, mut b) = pair(&base);
    move_on(&mut a, "li", |o| {
        transition(o, None, OrderStatus::InProduction, &g, "li", 10, None)
    });
    // meanwhile the buyer asks for another PP sample round
    edit::<Order>(&mut b, "wang", |o| {
        o.samples.insert(
            "s2".into(),
            Sample {
                kind: SampleKind::PreProduction,
                round: 2,
                ..Sample::default()
            },
        );
    });
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(o.status, OrderStatus::InProduction);
    assert_eq!(
        violations(&o, None, &g),
        [Violation::GateNotMet {
            status: OrderStatus::InProduction,
            gate: Gate::SampleApproval(SampleKind::PreProduction)
        }]
    );
}

#[test]
fn a_receipt_confirmed_on_another_device_settles_a_gate() {
    let g = Gates::default();
    let mut c = commercial();
    let mut o = confirmed();
    o.status = OrderStatus::InProduction;
    o.samples.get_mut("s1").unwrap().result = SampleResult::Approved;
    assert_eq!(violations(&o, Some(&c), &g).len(), 1);
    c.receipts.insert(
        "r1".into(),
        Receipt {
            amount: "300".parse().unwrap(),
            confirmed_by: Some("fin".into()),
            ..Receipt::default()
        },
    );
    assert!(violations(&o, Some(&c), &g).is_empty());
}

#[test]
fn the_form_never_moves_the_status() {
    let base = confirmed();
    let mut edited = base.clone();
    edited.status = OrderStatus::ReadyToShip;
    edited.description = "new text".into();
    let mut current = base.clone();
    apply_edits(&base, &edited, &mut current);
    assert_eq!(current.description, "new text");
    assert_eq!(current.status, OrderStatus::Confirmed);
    assert!(current.status_log.is_empty());
}

#[test]
fn the_log_and_the_hold_survive_a_round_trip_and_old_orders_open() {
    let g = Gates::none();
    let (mut a, _) = pair(&confirmed());
    move_on(&mut a, "li", |o| {
        transition(o, None, OrderStatus::OnHold, &g, "li", 10, None)
    });
    let o = document::read::<Order>(&a).unwrap();
    assert_eq!(o.held_from, Some(OrderStatus::Confirmed));
    assert_eq!(o.status_log.len(), 1);
    // an order written before the log existed has none, and nothing to report about it
    let mut old = document::create([1; 16], &author("li"), 1, &confirmed()).unwrap();
    {
        use automerge::transaction::Transactable;
        old.delete(automerge::ROOT, "status_log").unwrap();
        old.delete(automerge::ROOT, "held_from").unwrap();
        old.commit();
    }
    let o = document::read::<Order>(&old).unwrap();
    assert!(o.status_log.is_empty() && o.held_from.is_none());
    assert!(violations(&o, None, &g).is_empty());
}

// The demonstrations, written against the API as it was before the lifecycle rules (so
// they compiled, ran and failed there; they pass now).

#[test]
fn demo_a_hold_cannot_skip_to_ready_to_ship() {
    let mut o = Order::new();
    o.status = OrderStatus::Confirmed;
    transition(
        &mut o,
        None,
        OrderStatus::OnHold,
        &Gates::default(),
        "li",
        1,
        None,
    )
    .unwrap();
    assert!(transition(
        &mut o,
        None,
        OrderStatus::ReadyToShip,
        &Gates::default(),
        "li",
        2,
        None
    )
    .is_err());
}
#[test]
fn demo_a_shipped_order_cannot_be_held_then_cancelled() {
    let mut o = Order::new();
    o.status = OrderStatus::Shipped;
    assert!(transition(
        &mut o,
        None,
        OrderStatus::OnHold,
        &Gates::none(),
        "li",
        1,
        None
    )
    .is_err());
}
#[test]
fn demo_a_final_lot_of_zero_does_not_pass_the_gate() {
    let mut g = Gates::none();
    g.final_inspection_before_shipping = true;
    let mut o = Order::new();
    o.status = OrderStatus::ReadyToShip;
    o.inspections.insert(
        "f".into(),
        Inspection {
            lot_size: 0,
            completed: true,
            ..Inspection::default()
        },
    );
    assert!(transition(&mut o, None, OrderStatus::Shipped, &g, "li", 1, None).is_err());
}
#[test]
fn demo_the_form_does_not_move_the_status() {
    let base = Order::new();
    let mut e = base.clone();
    e.status = OrderStatus::Confirmed;
    let mut cur = base.clone();
    gendan_domain::draft::apply_edits(&base, &e, &mut cur);
    assert_eq!(cur.status, OrderStatus::Draft);
}

/// An order ready to ship, shipped on device `a` and cancelled on device `b`, not yet merged.
fn shipped_here_cancelled_there(g: &Gates) -> (AutoCommit, AutoCommit) {
    let mut base = confirmed();
    base.status = OrderStatus::ReadyToShip;
    let (mut a, mut b) = pair(&base);
    move_on(&mut a, "li", |o| {
        transition(o, None, OrderStatus::Shipped, g, "li", 10, None)
    });
    move_on(&mut b, "wang", |o| {
        transition(
            o,
            None,
            OrderStatus::Cancelled,
            g,
            "wang",
            11,
            Some("buyer withdrew"),
        )
    });
    (a, b)
}

#[test]
fn today_lists_a_cancelled_order_that_had_shipped() {
    let g = Gates::none();
    let (mut a, mut b) = shipped_here_cancelled_there(&g);
    let mut o: Order = merged(&mut a, &mut b);
    // whichever status the merge kept, look at the cancelled outcome
    o.status = OrderStatus::Cancelled;
    let facts = [OrderFacts {
        id: "A",
        order: &o,
        commercial: None,
    }];
    let settings = Settings {
        gates: g.clone(),
        ..Settings::default()
    };
    let t = reports::today(&facts, &settings, day("2026-05-20"));
    assert_eq!(
        t.needs_decision.len(),
        1,
        "a cancelled order is still listed"
    );
    assert!(t.needs_decision[0]
        .violations
        .contains(&Violation::LeftShipped {
            status: OrderStatus::Cancelled
        }));
    assert!(
        t.late_milestones.is_empty(),
        "the other lists skip cancelled orders"
    );
}

/// A factory's device shares the order but not its money: it cannot tell whether the deposit came,
/// so it is neither asked for the deposit nor able to waive it; the office, which holds the money,
/// sees the move as a decision to make until the deposit is confirmed or the office waives it.
#[test]
fn a_device_without_the_money_neither_asks_for_nor_waives_a_money_gate() {
    let g = Gates {
        deposit_before_production: true,
        ..Gates::none()
    };
    let c = commercial(); // deposit not confirmed
    let mut linked = confirmed();
    linked.commercial = Some("money-doc".into());
    let (mut office, mut factory) = pair(&linked);
    move_on(&mut factory, "factory", |o| {
        transition(o, None, OrderStatus::InProduction, &g, "factory", 10, None)
    });
    let mut waive = merged::<gendan_domain::Order>(&mut office, &mut factory);
    assert!(waive.gate_overrides.is_empty(), "nothing was waived");
    assert_eq!(
        violations(&waive, Some(&c), &g),
        [Violation::GateNotMet {
            status: OrderStatus::InProduction,
            gate: Gate::Deposit
        }]
    );
    assert!(
        violations(&waive, None, &g).is_empty(),
        "the factory cannot tell"
    );
    assert!(matches!(
        gendan_domain::lifecycle::override_gate(
            &mut waive,
            None,
            &Gate::Deposit,
            "factory",
            11,
            "paid, trust me"
        ),
        Err(DomainError::MoneyNotHere)
    ));
    gendan_domain::lifecycle::override_gate(
        &mut waive,
        Some(&c),
        &Gate::Deposit,
        "li",
        12,
        "LC at sight",
    )
    .unwrap();
    assert!(violations(&waive, Some(&c), &g).is_empty());
}

/// A factory reports cutting on its device while the office has the order confirmed, not
/// released (the deposit not in): the merged order needs a decision, on every device and on
/// Today. Moving the order into production through its gates settles it, and so does accepting
/// it with a reason; a report removed no longer counts.
#[test]
fn production_reported_before_release_needs_a_decision() {
    use gendan_domain::lifecycle::accept_early_production;
    use gendan_domain::production::{add_report, ProductionReport, Stage};
    let g = Gates::default();
    let c = commercial();
    let (mut factory, mut office) = pair(&confirmed());
    move_on(&mut factory, "factory", |o| {
        let report = ProductionReport {
            stage: Stage::Cutting,
            date: Some(day("2026-04-02")),
            qty: 500,
            ..ProductionReport::default()
        };
        add_report(o, "r1", report, 50, false)
    });
    move_on(&mut office, "li", |o| {
        o.style_no = "NW-2".into();
        Ok(())
    });
    let o: Order = merged(&mut factory, &mut office);
    let found = Violation::ProductionNotReleased {
        status: OrderStatus::Confirmed,
        pieces: 500,
        accepted: 0,
    };
    assert!(violations(&o, Some(&c), &g).contains(&found));
    let today = reports::today(
        &[OrderFacts {
            id: "A",
            order: &o,
            commercial: Some(&c),
        }],
        &Settings::default(),
        day("2026-04-03"),
    );
    assert_eq!(today.needs_decision.len(), 1);

    // Held, it still needs one; released through the gates (a logged override), it does not.
    let mut held = o.clone();
    transition(&mut held, Some(&c), OrderStatus::OnHold, &g, "li", 2, None).unwrap();
    assert!(violations(&held, Some(&c), &g)
        .iter()
        .any(|v| matches!(v, Violation::ProductionNotReleased { .. })));
    let mut released = o.clone();
    transition(
        &mut released,
        Some(&c),
        OrderStatus::InProduction,
        &g,
        "li",
        2,
        Some("deposit on its way, buyer's mail"),
    )
    .unwrap();
    assert!(!violations(&released, Some(&c), &g).contains(&found));

    // Accepted with a reason (not without one), it stands.
    let mut accepted = o.clone();
    assert!(accept_early_production(&mut accepted, "li", 3, " ").is_err());
    accept_early_production(&mut accepted, "li", 3, "pilot run for the fit sample").unwrap();
    assert!(violations(&accepted, Some(&c), &g).is_empty());
    // Removed, the report no longer counts.
    let mut removed = o;
    removed.production.get_mut("r1").unwrap().removed = true;
    assert!(violations(&removed, Some(&c), &g).is_empty());
}

/// Accepting early production accepts the pieces reported then, not the order: the same pieces
/// moving on to sewing ask nothing, but the factory cutting the rest before release, on its own
/// device while the office accepted the pilot on another, needs a decision again, and so does a
/// report corrected upwards.
#[test]
fn an_accepted_pilot_run_does_not_accept_the_whole_order() {
    use gendan_domain::lifecycle::accept_early_production;
    use gendan_domain::order::Field;
    use gendan_domain::production::{
        add_report, correct_report, remove_report, ChangeBy, ProductionReport, Stage,
    };
    let g = Gates::default();
    let c = commercial();
    let report = |stage: Stage, qty: u64| ProductionReport {
        stage,
        date: Some(day("2026-04-02")),
        qty,
        ..ProductionReport::default()
    };
    let beyond = |o: &Order| -> Vec<(u64, u64)> {
        violations(o, Some(&c), &g)
            .into_iter()
            .filter_map(|v| match v {
                Violation::ProductionNotReleased {
                    pieces, accepted, ..
                } => Some((pieces, accepted)),
                _ => None,
            })
            .collect()
    };
    let (mut factory, mut office) = pair(&confirmed());
    move_on(&mut factory, "factory", |o| {
        add_report(o, "r1", report(Stage::Cutting, 500), 50, false)
    });
    let pilot: Order = merged(&mut factory, &mut office);
    assert_eq!(beyond(&pilot), [(500, 0)]);
    move_on(&mut office, "li", |o| {
        accept_early_production(o, "li", 3, "pilot run for the fit sample")
    });
    let o: Order = document::read(&office).unwrap();
    assert!(beyond(&o).is_empty(), "the pilot is accepted");

    // The same 500 pieces sewn are no more pieces.
    let mut sewn = o.clone();
    add_report(&mut sewn, "r2", report(Stage::Sewing, 500), 50, false).unwrap();
    assert!(beyond(&sewn).is_empty(), "{:?}", beyond(&sewn));

    // Meanwhile the factory, not having seen the acceptance, cuts the rest.
    move_on(&mut factory, "factory", |o| {
        add_report(o, "r3", report(Stage::Cutting, 4_500), 50, false)
    });
    let merged_order: Order = merged(&mut factory, &mut office);
    assert_eq!(beyond(&merged_order), [(5_000, 500)]);
    // Held from confirmed, it still asks.
    let mut held = merged_order.clone();
    transition(&mut held, Some(&c), OrderStatus::OnHold, &g, "li", 4, None).unwrap();
    assert_eq!(beyond(&held), [(5_000, 500)]);
    // Accepting what is reported now settles it.
    let mut all = merged_order.clone();
    accept_early_production(&mut all, "li", 5, "buyer's mail: go ahead").unwrap();
    assert!(beyond(&all).is_empty());

    // A report corrected upwards is more pieces.
    let mut corrected = o.clone();
    let by = ChangeBy {
        change_id: "ch1",
        who: "factory",
        at_ms: 6,
        reason: "",
    };
    correct_report(&mut corrected, "r1", 900, day("2026-04-02"), by, 50, false).unwrap();
    assert_eq!(beyond(&corrected), [(900, 500)]);

    // Taking the reports away would make the question disappear: refused without a reason,
    // and with one it is an exception of the day, with who and why.
    let mut withdrawn = merged_order.clone();
    assert_eq!(beyond(&withdrawn), [(5_000, 500)]);
    let by = |reason| ChangeBy {
        change_id: "rm",
        who: "li",
        at_ms: 7,
        reason,
    };
    let refused = [
        remove_report(&mut withdrawn, "r3", by(" ")),
        correct_report(
            &mut withdrawn,
            "r3",
            0,
            day("2026-04-02"),
            by(""),
            50,
            false,
        ),
    ];
    for e in refused {
        assert!(
            matches!(&e, Err(DomainError::Problem(p)) if p.field == Field::ProductionReason),
            "{e:?}"
        );
    }
    assert_eq!(withdrawn, merged_order, "nothing changed");
    remove_report(&mut withdrawn, "r3", by("typed on the wrong order")).unwrap();
    assert!(beyond(&withdrawn).is_empty());
    let ev = gendan_domain::activity::order_events(Some(&merged_order), &withdrawn);
    assert!(
        ev.iter().any(|e| e.is_exception()
            && matches!(e, gendan_domain::activity::Event::ProductionWithdrawn { from: 4_500, to: 0, who, reason, .. }
                if who == "li" && reason == "typed on the wrong order")),
        "{ev:?}"
    );

    // Accepted on one device while the factory reports more on another: the merge asks again.
    let (mut a, mut b) = pair(&merged_order);
    move_on(&mut a, "li", |o| accept_early_production(o, "li", 7, "ok"));
    move_on(&mut b, "factory", |o| {
        add_report(o, "r4", report(Stage::Cutting, 1_000), 50, false)
    });
    let both: Order = merged(&mut a, &mut b);
    assert_eq!(beyond(&both), [(6_000, 5_000)]);
}

/// An acceptance written before acceptances counted pieces (the bare code) accepted whatever
/// is reported; a count no build writes accepts nothing.
#[test]
fn an_acceptance_without_pieces_accepts_all_and_a_garbled_one_nothing() {
    use gendan_domain::lifecycle::GateOverride;
    use gendan_domain::production::{ProductionReport, Stage};
    let g = Gates::default();
    let c = commercial();
    let mut o = confirmed();
    o.production.insert(
        "r1".into(),
        ProductionReport {
            stage: Stage::Cutting,
            qty: 5_000,
            ..ProductionReport::default()
        },
    );
    let with = |code: &str| {
        let mut o = o.clone();
        o.gate_overrides.insert(
            format!("1:{code}:li"),
            GateOverride {
                gate: code.into(),
                reason: "pilot".into(),
                who: "li".into(),
                at_ms: 1,
                to: "confirmed".into(),
                ..Default::default()
            },
        );
        violations(&o, Some(&c), &g)
    };
    assert!(with("early_production").is_empty());
    assert!(matches!(
        with("early_production:lots")[..],
        [Violation::ProductionNotReleased {
            pieces: 5_000,
            accepted: 0,
            ..
        }]
    ));
    assert!(matches!(
        with("early_production:500")[..],
        [Violation::ProductionNotReleased {
            pieces: 5_000,
            accepted: 500,
            ..
        }]
    ));
}

/// The deposit gate judges the order as it is now: a deposit planned and paid on a hundred
/// pieces does not release ten thousand, whether the order grew on this device before the move
/// or on another device while this one released it; the merged order needs a decision and
/// Today asks for the deposit. Collecting the deposit of the growth settles it, and so does
/// waiving it with a reason; shipping on the small plan's balance is refused.
#[test]
fn a_deposit_paid_on_a_small_order_does_not_release_it_grown() {
    use gendan_domain::lifecycle::override_gate;
    let g = Gates {
        samples_before_production: false,
        final_inspection_before_shipping: false,
        ..Gates::default()
    };
    let amount = |s: &str| s.parse().unwrap();
    let confirmed_receipt = |a: &str| Receipt {
        amount: amount(a),
        confirmed_by: Some("finance".into()),
        ..Receipt::default()
    };
    let mut small = confirmed();
    small.quantities.set_qty("black", "m", 100);
    let mut c = gendan_domain::Commercial::new("order-doc", "USD");
    c.unit_price = Some(amount("2"));
    c.terms.deposit_bp = 3_000;
    c.plan_receivables(&small).unwrap();
    c.receipts.insert("r1".into(), confirmed_receipt("60"));
    let grow = |o: &mut Order| {
        o.quantities.set_qty("black", "m", 10_000);
        Ok(())
    };

    // Grown on this device, the move is refused.
    let mut grown = small.clone();
    grow(&mut grown).unwrap();
    let refused = transition(
        &mut grown,
        Some(&c),
        OrderStatus::InProduction,
        &g,
        "li",
        1,
        None,
    );
    assert!(
        matches!(&refused, Err(DomainError::GateClosed { gates }) if gates == &[Gate::Deposit]),
        "{refused:?}"
    );

    // Released small on one device while another grows it: the merge needs a decision.
    let (mut a, mut b) = pair(&small);
    move_on(&mut a, "li", |o| {
        transition(o, Some(&c), OrderStatus::InProduction, &g, "li", 2, None)
    });
    move_on(&mut b, "wang", grow);
    let m: Order = merged(&mut a, &mut b);
    assert_eq!(m.status, OrderStatus::InProduction);
    let found = Violation::GateNotMet {
        status: OrderStatus::InProduction,
        gate: Gate::Deposit,
    };
    assert!(violations(&m, Some(&c), &g).contains(&found));
    let facts = [OrderFacts {
        id: "A",
        order: &m,
        commercial: Some(&c),
    }];
    let today = reports::today(&facts, &Settings::default(), day("2026-04-03"));
    assert_eq!(today.needs_decision.len(), 1);
    assert_eq!(today.deposits_awaited.len(), 1);

    // The deposit of the growth collected settles it.
    let mut paid = c.clone();
    paid.plan_receivables(&m).unwrap();
    paid.receipts.insert("r2".into(), confirmed_receipt("5940"));
    assert!(violations(&m, Some(&paid), &g).is_empty());
    // So does waiving it with a reason.
    let mut waived = m.clone();
    override_gate(
        &mut waived,
        Some(&c),
        &Gate::Deposit,
        "li",
        3,
        "buyer pays the increase with the balance",
    )
    .unwrap();
    assert!(violations(&waived, Some(&c), &g).is_empty());

    // The small plan's balance paid does not ship the grown order.
    let mut ship = waived;
    let mut small_paid = c.clone();
    small_paid
        .receipts
        .insert("r2".into(), confirmed_receipt("140"));
    transition(
        &mut ship,
        Some(&small_paid),
        OrderStatus::ReadyToShip,
        &g,
        "li",
        4,
        None,
    )
    .unwrap();
    let refused = transition(
        &mut ship,
        Some(&small_paid),
        OrderStatus::Shipped,
        &g,
        "li",
        4,
        None,
    );
    assert!(
        matches!(&refused, Err(DomainError::GateClosed { gates }) if gates.contains(&Gate::Balance)),
        "{refused:?}"
    );
}

/// An order from before orders linked their books, received by a factory before any money was
/// entered: the factory's device judges the money as "none", so it may waive the deposit to
/// start production. The office, which entered the terms meanwhile (or later), does not count
/// that waiver: the merged order needs its own decision, naming the factory's waiver. The
/// factory's own view, still without books, stays as it decided; the office's waiver settles
/// it, and a waiver logged on a device holding the books counts everywhere.
#[test]
fn a_deposit_waived_where_no_books_are_held_is_decided_again_where_they_are() {
    use gendan_domain::lifecycle::{override_gate, waived_without_books};
    let g = Gates {
        samples_before_production: false,
        ..Gates::default()
    };
    let mut old = confirmed();
    old.commercial = None;
    let mut books = gendan_domain::Commercial::new("order-doc", "USD");
    books.unit_price = Some("2".parse().unwrap());
    books.terms.deposit_bp = 3_000;

    let (mut factory, mut office) = pair(&old);
    move_on(&mut factory, "factory", |o| {
        transition(
            o,
            None,
            OrderStatus::InProduction,
            &g,
            "factory",
            1,
            Some("the boss said go"),
        )
    });
    books.plan_receivables(&old).unwrap();
    move_on(&mut office, "li", |o| {
        o.commercial = Some("order-doc".into());
        Ok(())
    });
    let m: Order = merged(&mut factory, &mut office);
    assert_eq!(m.status, OrderStatus::InProduction);
    let waiver = m
        .gate_overrides
        .values()
        .find(|w| w.gate == "deposit")
        .expect("the factory's waiver is kept");
    assert!(waiver.without_books);

    let found = Violation::GateNotMet {
        status: OrderStatus::InProduction,
        gate: Gate::Deposit,
    };
    assert!(violations(&m, Some(&books), &g).contains(&found));
    let named = waived_without_books(&m, &Gate::Deposit);
    assert_eq!(named.len(), 1);
    assert_eq!(named[0].who, "factory");

    // The factory's device, which never saw the books, judges as it did.
    let mut unlinked = m.clone();
    unlinked.commercial = None;
    assert!(!violations(&unlinked, None, &g).contains(&found));

    // The office decides with the books in hand: that waiver counts.
    let mut decided = m.clone();
    override_gate(
        &mut decided,
        Some(&books),
        &Gate::Deposit,
        "li",
        2,
        "buyer's letter of credit covers it",
    )
    .unwrap();
    assert!(violations(&decided, Some(&books), &g).is_empty());

    // Moving on the office device is asked again too: the factory's waiver does not open it.
    let mut held = m.clone();
    held.status = OrderStatus::Confirmed;
    assert!(matches!(
        transition(&mut held, Some(&books), OrderStatus::InProduction, &g, "li", 3, None),
        Err(DomainError::GateClosed { gates }) if gates == [Gate::Deposit]
    ));
}

/// The team's least deposit (`Gates::min_deposit_bp`): terms of 0.01 % typed on the money
/// screen, and that received, release nothing — not by the button, not resuming from hold, not
/// an order released before the rule was known, and not once merged with a terms change made
/// on another device — until the least deposit is received or the gate is waived with a reason. Without a
/// minimum the terms rule, as before.
#[test]
fn terms_below_the_teams_least_deposit_do_not_release_production() {
    let amount = |s: &str| s.parse().unwrap();
    let receipt = |a: &str| Receipt {
        amount: amount(a),
        confirmed_by: Some("finance".into()),
        ..Receipt::default()
    };
    let g = Gates {
        samples_before_production: false,
        final_inspection_before_shipping: false,
        min_deposit_bp: 3_000,
        ..Gates::default()
    };
    let mut o = confirmed();
    o.quantities.set_qty("black", "m", 1_000);
    let value = o.quantities.total();
    let mut c = gendan_domain::Commercial::new("order-doc", "USD");
    c.unit_price = Some(amount("10"));
    c.terms.deposit_bp = 1;
    c.plan_receivables(&o).unwrap();
    let tiny = c.deposit_required(&o).unwrap();
    assert!(tiny > gendan_domain::Price::ZERO);
    c.receipts.insert("r1".into(), receipt(&tiny.to_string()));
    assert!(c.deposit_confirmed(&o), "the terms' deposit is in");
    let floor = amount(&format!("{}", 3 * value));
    assert_eq!(c.deposit_floor(&o, g.min_deposit_bp), floor);
    assert_eq!(c.deposit_below_floor(&o, g.min_deposit_bp), Some(floor));
    let refused = |o: &mut Order, c: &gendan_domain::Commercial, to| {
        matches!(
            transition(o, Some(c), to, &g, "li", 2, None),
            Err(DomainError::GateClosed { gates }) if gates == [Gate::Deposit]
        )
    };
    assert!(refused(&mut o.clone(), &c, OrderStatus::InProduction));
    // Without a minimum the terms rule.
    let free = Gates {
        min_deposit_bp: 0,
        ..g.clone()
    };
    let mut released = o.clone();
    transition(
        &mut released,
        Some(&c),
        OrderStatus::InProduction,
        &free,
        "li",
        2,
        None,
    )
    .unwrap();
    // Released where the rule was not yet known, then judged under it: a decision.
    assert!(
        violations(&released, Some(&c), &g).contains(&Violation::GateNotMet {
            status: OrderStatus::InProduction,
            gate: Gate::Deposit,
        })
    );
    // Held and resumed, it is asked again.
    transition(
        &mut released,
        Some(&c),
        OrderStatus::OnHold,
        &g,
        "li",
        3,
        Some("fabric late"),
    )
    .unwrap();
    assert!(refused(
        &mut released.clone(),
        &c,
        OrderStatus::InProduction
    ));

    // Terms lowered on one device while the other released on the proper 30 %: merged, the
    // order needs a decision.
    let mut proper = c.clone();
    proper.terms.deposit_bp = 3_000;
    proper.plan_receivables(&o).unwrap();
    proper
        .receipts
        .insert("r1".into(), receipt(&floor.to_string()));
    let mut live = o.clone();
    transition(
        &mut live,
        Some(&proper),
        OrderStatus::InProduction,
        &g,
        "li",
        2,
        None,
    )
    .unwrap();
    let (mut a, mut b) = pair(&proper);
    edit::<gendan_domain::Commercial>(&mut a, "li", |c| {
        c.terms.deposit_bp = 1;
        c.plan_receivables(&o).unwrap();
        c.receipts.insert("r1".into(), receipt(&tiny.to_string()));
    });
    let both: gendan_domain::Commercial = merged(&mut a, &mut b);
    assert!(
        violations(&live, Some(&both), &g).contains(&Violation::GateNotMet {
            status: OrderStatus::InProduction,
            gate: Gate::Deposit,
        })
    );

    // The least deposit received releases it; so does a logged waiver.
    let mut paid = c.clone();
    paid.receipts
        .insert("r2".into(), receipt(&floor.to_string()));
    assert_eq!(paid.deposit_below_floor(&o, g.min_deposit_bp), None);
    transition(
        &mut o.clone(),
        Some(&paid),
        OrderStatus::InProduction,
        &g,
        "li",
        2,
        None,
    )
    .unwrap();
    let mut waived = o.clone();
    let why = Some("LC at sight replaces the deposit");
    transition(
        &mut waived,
        Some(&c),
        OrderStatus::InProduction,
        &g,
        "li",
        4,
        why,
    )
    .unwrap();
    assert!(violations(&waived, Some(&c), &g).is_empty());
}
