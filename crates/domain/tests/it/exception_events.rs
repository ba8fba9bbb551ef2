//! The daily report and the order history name every exception — a gate waived, the factory
//! moved after its inspections, the allowance widened, a decided incoming result changed, a
//! shipped shipment changed (logged, or found after a merge), the deposit share lowered, a
//! receipt or charge voided or said to be separate, a rule switched off — with who and why,
//! through the domain's own paths, also when two devices made them offline; none of them is
//! counted among "other changes", and none reaches the text pasted into a factory's chat.

use crate::common::*;
use automerge::AutoCommit;
use gendan_domain::activity::{money_events, order_events, workspace_events, Event};
use gendan_domain::commercial::Commercial;
use gendan_domain::document::{self, Author};
use gendan_domain::factory_change::{set_factory, Move};
use gendan_domain::gate::Gate;
use gendan_domain::inspection::{Inspection, InspectionKind};
use gendan_domain::lifecycle;
use gendan_domain::order::cell_key;
use gendan_domain::other_charges::{ChargeKind, OtherCharge};
use gendan_domain::purchasing::{self, Delivery, IncomingResult, Judge};
use gendan_domain::receipts::Takings;
use gendan_domain::reports::{self, DailyReport};
use gendan_domain::rule_log::{Change, GateRule, RuleEdit};
use gendan_domain::shipment::changes::{
    mark_shipped, redate, set_quantities, ChangeKind, ChangeNote,
};
use gendan_domain::shipment::Shipment;
use gendan_domain::shipped::{set_allowance, AllowanceBy, Tolerance};
use gendan_domain::standing::Standing;
use gendan_domain::terms::Planner;
use gendan_domain::workspace::{Party, PartyKind, Workspace};
use gendan_domain::{DomainError, Order, Price, RecordMap};

const DAY_MS: i64 = 86_400_000;

fn ms(d: &str) -> i64 {
    day("1970-01-01").days_until(day(d)) * DAY_MS
}

fn price(s: &str) -> Price {
    s.parse().unwrap()
}

fn exceptions(ev: &[Event]) -> Vec<&Event> {
    ev.iter().filter(|e| e.is_exception()).collect()
}

fn no_other(ev: &[Event]) {
    assert!(
        !ev.iter().any(|e| matches!(e, Event::OtherChanges { .. })),
        "said, not counted: {ev:?}"
    );
}

/// `full_order` with goods inspected at its factory, a delivery of fabric accepted, and a
/// shipment of 300 pieces entered by hand that has left.
fn order() -> Order {
    let mut o = full_order();
    o.factory = Some("f1".into());
    o.inspections.insert(
        "i2".into(),
        Inspection {
            kind: InspectionKind::Final,
            factory: "f1".into(),
            ..Inspection::default()
        },
    );
    purchasing::record_delivery(
        &mut o,
        "po1",
        "d1",
        Delivery {
            date: Some(day("2026-05-02")),
            qty: "100".parse().unwrap(),
            received_by: "li".into(),
            inspection: IncomingResult::Accepted,
            ..Delivery::default()
        },
        day("2026-05-02"),
    )
    .unwrap();
    let mut s = Shipment {
        quantities: RecordMap::from([(cell_key("black", "m"), 300)]),
        ..Shipment::default()
    };
    mark_shipped(&mut s, day("2026-05-20"));
    o.shipments.insert("sh1".into(), s);
    o
}

/// Li moves the order to factory f2 after goods were inspected at f1, with a reason.
fn move_factory(o: &mut Order) -> Result<(), DomainError> {
    let by = Move {
        who: "li",
        today: day("2026-05-21"),
        reason: "line moved after the fire",
        change_id: "c1",
    };
    set_factory(o, Some("f2".into()), &Standing::Approved, by)
}

fn note<'a>(id: &'a str, reason: &'a str) -> ChangeNote<'a> {
    ChangeNote {
        id,
        who: "li",
        day: day("2026-05-21"),
        reason,
    }
}

#[test]
fn each_exception_on_an_order_is_said_with_who_and_why_and_not_as_another_change() {
    let before = order();
    let said = |f: &dyn Fn(&mut Order) -> Result<(), DomainError>| {
        let mut after = before.clone();
        f(&mut after).unwrap();
        let ev = order_events(Some(&before), &after);
        no_other(&ev);
        ev
    };

    let ev = said(&|o| move_factory(o));
    let [Event::FactoryMoved(c)] = ev.as_slice() else {
        panic!("{ev:?}")
    };
    assert_eq!(
        (
            c.from.as_str(),
            c.to.as_str(),
            c.who.as_str(),
            c.reason.as_str()
        ),
        ("f1", "f2", "li", "line moved after the fire")
    );
    assert!(ev[0].is_exception());

    let ev = said(&|o| {
        let by = AllowanceBy {
            who: "li",
            today: day("2026-05-21"),
            reason: "buyer accepts 8 % short",
            change_id: "t1",
        };
        let wider = Tolerance {
            short_permille: 80,
            over_permille: 50,
        };
        set_allowance(o, Some(wider), (30, 50), by)
    });
    let [Event::AllowanceWidened(c)] = ev.as_slice() else {
        panic!("{ev:?}")
    };
    assert_eq!(
        (c.to.short_permille, c.reason.as_str()),
        (80, "buyer accepts 8 % short")
    );

    let ev = said(&|o| {
        let by = Judge {
            who: "wang",
            today: day("2026-05-21"),
            reason: "shade band rechecked",
            change_id: "j1",
        };
        purchasing::inspect_delivery(o, "po1", "d1", IncomingResult::Rejected, "", by)
    });
    let [Event::IncomingResultChanged { po_no, change }] = ev.as_slice() else {
        panic!("{ev:?}")
    };
    assert_eq!(
        (
            po_no.as_str(),
            &change.from,
            &change.to,
            change.who.as_str()
        ),
        (
            "F-1",
            &IncomingResult::Accepted,
            &IncomingResult::Rejected,
            "wang"
        )
    );

    let ev = said(&|o| {
        set_quantities(
            o,
            "sh1",
            &[(cell_key("black", "m"), Some(280))],
            &note("q1", "recount at loading"),
        )
    });
    assert_eq!(
        ev,
        [Event::ShippedShipmentChanged {
            kind: ChangeKind::Quantities,
            shipped_on: None,
            redated_to: None,
            who: "li".into(),
            reason: "recount at loading".into()
        }]
    );

    // The shipped day moved (on-time delivery is judged on it): said with the day it had.
    let ev = said(&|o| {
        let was = o.shipments["sh1"].shipped_on.expect("shipped");
        let to = day("2026-05-01");
        assert_ne!(was, to);
        redate(o, "sh1", to, &note("r1", "forwarder's receipt says 1 May"))?;
        assert_eq!(o.shipments["sh1"].changes["r1"].shipped_on, Some(was));
        Ok(())
    });
    assert!(
        matches!(ev.as_slice(), [e @ Event::ShippedShipmentChanged {
            kind: ChangeKind::Redated,
            redated_to: Some(to),
            ..
        }] if e.is_exception() && *to == day("2026-05-01")),
        "{ev:?}"
    );

    // Marked fully shipped short of the allowance: said with the reason; within it, only said.
    let ev = said(&|o| {
        gendan_domain::shipped::mark_complete(
            o,
            Tolerance::default(),
            "buyer accepts 70 % short",
            "li",
            1,
        )
    });
    assert!(
        matches!(ev.as_slice(), [e @ Event::MarkedComplete { shipped: 300, .. }] if e.is_exception()),
        "{ev:?}"
    );

    // A gate waived to move the order: said beside the move itself.
    let mut after = before.clone();
    lifecycle::override_gate(
        &mut after,
        None,
        &Gate::FinalInspection,
        "zhou",
        ms("2026-05-21"),
        "buyer's QC passed it on site",
    )
    .unwrap();
    let ev = order_events(Some(&before), &after);
    no_other(&ev);
    let [Event::GateWaived {
        gate, who, reason, ..
    }] = ev.as_slice()
    else {
        panic!("{ev:?}")
    };
    assert_eq!(
        (gate.as_str(), who.as_str(), reason.as_str()),
        (
            "final_inspection:sh1",
            "zhou",
            "buyer's QC passed it on site"
        ),
        "the shipment that left is the one waived"
    );
}

fn workspace() -> Workspace {
    let mut w = Workspace::seeded("Team");
    w.parties.insert(
        "dhl".into(),
        Party {
            name: "DHL".into(),
            kind: PartyKind::Supplier,
            ..Party::default()
        },
    );
    w
}

/// Books with a planned 30 % deposit, a receipt confirmed, and a courier charge raised by hand.
fn books(o: &Order) -> Commercial {
    let mut c = commercial();
    c.unit_price = Some(price("3"));
    let by = Planner {
        who: "li",
        today: day("2026-05-01"),
        reason: "",
        change_id: "p0",
    };
    c.plan_with_deposit(o, 3_000, by).unwrap();
    let takings = Takings {
        amount: price("900"),
        date: day("2026-05-09"),
        reference: "TT-1",
        note: "",
        who: "li",
        today: day("2026-05-10"),
    };
    c.record_receipt("r1", takings).unwrap();
    c.confirm_receipt("r1", "finance").unwrap();
    c
}

fn charge<'a>(amount: &str) -> OtherCharge<'a> {
    OtherCharge {
        supplier_party_id: "dhl",
        kind: ChargeKind::Courier,
        amount: price(amount),
        currency: "CNY",
        due: None,
        note: "AWB 1234 samples to buyer",
        who: "li",
        today: day("2026-05-21"),
    }
}

#[test]
fn each_exception_in_the_books_is_said_with_who_and_why_and_a_charge_by_hand_is_named() {
    let o = full_order();
    let before = {
        let mut c = books(&o);
        c.add_other_charge("x1", charge("120"), &workspace())
            .unwrap();
        c
    };
    let said = |f: &dyn Fn(&mut Commercial) -> Result<(), DomainError>| {
        let mut after = before.clone();
        f(&mut after).unwrap();
        let ev = money_events(Some(&before), &after, &Default::default());
        no_other(&ev);
        assert!(ev.iter().all(Event::is_money), "{ev:?}");
        ev
    };

    let ev = said(&|c| c.void_receipt("r1", "zhou", "bounced"));
    let [Event::ReceiptVoided {
        amount, said: who, ..
    }] = ev.as_slice()
    else {
        panic!("{ev:?}")
    };
    assert_eq!(*amount, price("900"));
    assert!(who.contains("zhou") && who.contains("bounced"), "{who}");

    // Entered and voided the same day: said once, by the void.
    let ev = said(&|c| {
        let takings = Takings {
            amount: price("100"),
            date: day("2026-05-21"),
            reference: "",
            note: "",
            who: "li",
            today: day("2026-05-21"),
        };
        c.record_receipt("r2", takings)?;
        c.void_receipt("r2", "li", "typed twice")
    });
    assert!(
        matches!(ev.as_slice(), [Event::ReceiptVoided { amount, .. }] if amount == &price("100")),
        "{ev:?}"
    );

    let ev = said(&|c| c.void_charge("x1", "zhou", "billed to the buyer"));
    assert!(
        matches!(ev.as_slice(), [Event::ChargeVoided { amount, currency, said }]
            if amount == &price("120") && currency == "CNY" && said.contains("billed to the buyer")),
        "{ev:?}"
    );

    let ev = said(&|c| c.add_other_charge("x2", charge("80"), &workspace()));
    assert_eq!(
        ev,
        [Event::ChargeRaised {
            kind: ChargeKind::Courier,
            amount: price("80"),
            currency: "CNY".into()
        }]
    );
    assert!(
        !ev[0].is_exception(),
        "raising a charge is the job, not an exception"
    );

    // The deposit lowered is an exception; raised, it is only said.
    let o = &o;
    let plan = |bp: u32, reason: &'static str| {
        move |c: &mut Commercial| {
            let by = Planner {
                who: "li",
                today: day("2026-05-21"),
                reason,
                change_id: "p1",
            };
            c.plan_with_deposit(o, bp, by)
        }
    };
    let ev = said(&plan(2_000, "long-standing buyer"));
    let [e @ Event::DepositTermsChanged(c)] = ev.as_slice() else {
        panic!("{ev:?}")
    };
    assert_eq!(
        (c.from_bp, c.to_bp, c.reason.as_str()),
        (3_000, 2_000, "long-standing buyer")
    );
    assert!(e.is_exception());
    let ev = said(&plan(4_000, ""));
    assert!(matches!(ev.as_slice(), [e @ Event::DepositTermsChanged(_)] if !e.is_exception()));
}

fn commit<T: gendan_domain::document::Root>(
    doc: &mut AutoCommit,
    who: &str,
    at: &str,
    f: impl FnOnce(&mut T) -> Result<(), DomainError>,
) {
    let a = Author {
        name: who.into(),
        device: format!("{who}-phone"),
    };
    document::commit::<T, (), DomainError>(doc, &a, ms(at) + 3_600_000, f).unwrap();
}

#[test]
fn two_devices_exceptions_made_offline_are_both_in_the_day_and_none_reaches_the_factory() {
    let o = order();
    let (mut a, mut b) = pair(&o);
    let c = books(&o);
    let (mut ca, mut cb) = pair(&c);
    // Li, offline, moves the factory and voids the receipt; Wang, offline, waives the final
    // inspection.
    commit::<Order>(&mut a, "li", "2026-05-21", move_factory);
    commit::<Commercial>(&mut ca, "li", "2026-05-21", |c| {
        c.void_receipt("r1", "li", "entered twice")
    });
    commit::<Order>(&mut b, "wang", "2026-05-21", |o| {
        lifecycle::override_gate(o, None, &Gate::FinalInspection, "wang", 0, "QC on site")
    });
    a.merge(&mut b).unwrap();
    ca.merge(&mut cb).unwrap();

    let act = reports::order_day(
        &mut a,
        Some(&mut ca),
        &Default::default(),
        day("2026-05-21"),
        0,
    )
    .unwrap();
    let said = exceptions(&act.events);
    assert!(
        said.iter()
            .any(|e| matches!(e, Event::FactoryMoved(c) if c.who == "li")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|e| matches!(e, Event::GateWaived { who, .. } if who == "wang")),
        "{said:?}"
    );
    assert!(
        said.iter().any(
            |e| matches!(e, Event::ReceiptVoided { said, .. } if said.contains("entered twice"))
        ),
        "{said:?}"
    );
    assert_eq!(
        act.authors.iter().map(String::as_str).collect::<Vec<_>>(),
        ["li", "wang"]
    );

    let report = DailyReport {
        day: day("2026-05-21"),
        documents: vec![("o".into(), act)],
    };
    let plain = report.for_factory();
    assert!(
        plain
            .documents
            .iter()
            .flat_map(|(_, a)| &a.events)
            .all(|e| !e.is_exception() && !e.is_money()),
        "{plain:?}"
    );
}

#[test]
fn a_shipped_shipment_changed_where_nobody_knew_it_left_is_said_once_found() {
    let mut o = order();
    // The shipment is packed but not yet shipped on either device.
    let s = o.shipments.get_mut("sh1").expect("the shipment");
    s.shipped_on = None;
    s.as_shipped = None;
    let (mut a, mut b) = pair(&o);
    commit::<Order>(&mut a, "li", "2026-05-20", |o| {
        mark_shipped(o.shipments.get_mut("sh1").expect("it"), day("2026-05-20"));
        Ok(())
    });
    commit::<Order>(&mut b, "wang", "2026-05-20", |o| {
        set_quantities(
            o,
            "sh1",
            &[(cell_key("black", "m"), Some(250))],
            &note("q1", ""),
        )
    });
    let seen: Order = document::read(&a).unwrap();
    let all: Order = merged(&mut a, &mut b);
    let ev = order_events(Some(&seen), &all);
    assert!(ev.contains(&Event::ShippedShipmentDiffers), "{ev:?}");
    assert!(Event::ShippedShipmentDiffers.is_exception());
    // Once said it is not said again by the next change.
    assert!(!order_events(Some(&all), &all).contains(&Event::ShippedShipmentDiffers));
}

#[test]
fn a_rule_switched_off_is_an_exception_with_its_reason_a_rule_switched_on_is_only_said() {
    let ws = Workspace::seeded("Team");
    let mut doc = document::create([4; 16], &author("li"), ms("2026-06-01"), &ws).unwrap();
    let by = |id: &'static str, reason: &'static str| Change {
        id,
        who: "zhou",
        today: day("2026-06-02"),
        reason,
    };
    commit::<Workspace>(&mut doc, "zhou", "2026-06-02", |w| {
        w.settings
            .change_rule(
                &RuleEdit::Gate(GateRule::Deposit, false),
                by("g1", "buyer's L/C"),
            )
            .map(|_| ())
    });
    let act = reports::workspace_day(&mut doc, day("2026-06-02"), 0).unwrap();
    let [e @ Event::RuleChanged(c)] = act.events.as_slice() else {
        panic!("{:?}", act.events)
    };
    assert!(e.is_exception() && !e.for_factory());
    assert_eq!(
        (c.from.as_str(), c.to.as_str(), c.reason.as_str()),
        ("on", "off", "buyer's L/C")
    );

    // The next day: switched on again (not an exception) and the team renamed (one more line).
    commit::<Workspace>(&mut doc, "zhou", "2026-06-03", |w| {
        w.name = "Team B".into();
        w.settings
            .change_rule(&RuleEdit::Gate(GateRule::Deposit, true), by("g2", ""))
            .map(|_| ())
    });
    let act = reports::workspace_day(&mut doc, day("2026-06-03"), 0).unwrap();
    assert!(
        matches!(act.events.as_slice(), [e @ Event::RuleChanged(_), Event::TeamSettingsChanged] if !e.is_exception()),
        "{:?}",
        act.events
    );
    // A workspace that did not exist before is one line.
    assert_eq!(workspace_events(None, &ws), [Event::TeamSettingsChanged]);
}

#[test]
fn a_supplier_paid_around_the_approval_rule_is_an_exception_of_the_day() {
    use gendan_domain::commercial::{Payable, Payment};
    use gendan_domain::lifecycle::Gates;
    let mut before = commercial();
    before.payables.insert(
        "p1".into(),
        Payable {
            purchase_order: "po1".into(),
            supplier: "mill".into(),
            amount: price("500"),
            currency: "CNY".into(),
            ..Payable::default()
        },
    );
    // Made on a device the rule had not reached: no request named.
    let mut after = before.clone();
    after.payments.insert(
        "x1".into(),
        Payment {
            payable: "p1".into(),
            amount: price("500"),
            paid_by: "wang".into(),
            recorded: Some(day("2026-05-21")),
            ..Payment::default()
        },
    );
    let mut gates = Gates::default();
    gates.require_payment_approval(true, day("2026-05-01"), "g1");
    let ev = money_events(Some(&before), &after, &gates);
    assert_eq!(
        ev,
        [Event::PaidWithoutRequest {
            amount: price("500"),
            currency: "CNY".into(),
            who: "wang".into(),
            since: day("2026-05-01"),
        }]
    );
    assert!(ev[0].is_exception() && ev[0].is_money());
    // Without the rule it is a payment like any other.
    let ev = money_events(Some(&before), &after, &Gates::default());
    assert!(
        matches!(ev.as_slice(), [Event::SupplierPaid { .. }]),
        "{ev:?}"
    );
}

/// A finished final lot that failed, reopened and finished again as passed: the reopening is an
/// exception of the day with who and why, and the first-pass measure keeps the first verdict.
#[test]
fn a_reopened_inspection_is_said_and_first_pass_keeps_the_first_verdict() {
    use gendan_domain::inspection::{DefectClass, Verdict};
    use gendan_domain::report_facts::ReportFacts;
    let mut o = order();
    let mut lot = Inspection {
        kind: InspectionKind::Final,
        lot_size: 500,
        ..Inspection::default()
    };
    for _ in 0..4 {
        lot.tap_defect("D05", &DefectClass::Major, 1, "d1").unwrap();
    }
    lot.finish(day("2026-05-20"), "wang", 1, "l1").unwrap();
    assert_eq!(lot.verdict().unwrap(), Verdict::Fail);
    o.inspections.insert("fin".into(), lot);
    let failed = ReportFacts::of(&o).first_pass;

    let before = o.clone();
    let lot = o.inspections.get_mut("fin").unwrap();
    lot.reopen("counted twice", "wang", 2, "l2").unwrap();
    lot.tap_defect("D05", &DefectClass::Major, -1, "d1")
        .unwrap();
    lot.finish(day("2026-05-21"), "wang", 3, "l3").unwrap();
    assert_eq!(lot.verdict().unwrap(), Verdict::Pass);
    let ev = order_events(Some(&before), &o);
    assert!(
        ev.iter().any(|e| e.is_exception()
            && matches!(e, Event::InspectionReopened { who, reason, .. }
                if who == "wang" && reason == "counted twice")),
        "{ev:?}"
    );
    no_other(&ev);
    assert_eq!(ReportFacts::of(&o).first_pass, failed, "first verdict kept");
    assert_eq!((failed.num, failed.den), (0, 1));
}

/// A final lot started while a failed one waits for its re-inspection is an exception of the
/// day with the inspector and the reason.
#[test]
fn a_final_lot_started_beside_a_failed_one_is_said() {
    use gendan_domain::inspection::{self, DefectClass};
    let mut o = order();
    let mut failed = Inspection {
        kind: InspectionKind::Final,
        lot_size: 500,
        ..Inspection::default()
    };
    failed
        .tap_defect("D01", &DefectClass::Critical, 1, "d")
        .unwrap();
    failed.finish(day("2026-05-20"), "wang", 1, "l1").unwrap();
    o.inspections.insert("bad".into(), failed);
    let before = o.clone();
    let lot = Inspection {
        kind: InspectionKind::Final,
        inspector: "zhou".into(),
        lot_size: 300,
        ..Inspection::default()
    };
    inspection::start(&mut o, "new", lot, "second shipment's goods", (30, 50)).unwrap();
    let ev = order_events(Some(&before), &o);
    assert!(
        ev.iter().any(|e| e.is_exception()
            && matches!(e, Event::FinalStartedOver { who, reason }
                if who == "zhou" && reason == "second shipment's goods")),
        "{ev:?}"
    );
}
