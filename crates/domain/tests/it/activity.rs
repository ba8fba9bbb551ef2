//! Typed events from before/after pairs: each kind of event is found, two devices' changes of the
//! same day both appear after a merge, the team's settings are one line, nothing names a field
//! path, and the order history reads each change against its own parents.

use crate::common::*;
use automerge::AutoCommit;
use gendan_domain::activity::{money_events, order_events, Event, PaymentKind};
use gendan_domain::commercial::{Commercial, Payment, Receipt};
use gendan_domain::complaints::{Complaint, ComplaintStatus, Severity};
use gendan_domain::document::{self, Author};
use gendan_domain::inspection::{Aqls, Defect, DefectClass, Inspection, InspectionKind, Verdict};
use gendan_domain::production::{ProductionReport, Stage};
use gendan_domain::purchasing::{Confirmation, Delivery, PurchaseOrder};
use gendan_domain::reports::{self, RiskReason};
use gendan_domain::samples::{SampleKind, SampleResult};
use gendan_domain::shipment::Shipment;
use gendan_domain::workspace::Workspace;
use gendan_domain::{DocError, Order, OrderStatus, Price};

const DAY_MS: i64 = 86_400_000;

fn ms(d: &str) -> i64 {
    day("1970-01-01").days_until(day(d)) * DAY_MS
}

fn at<T: gendan_domain::document::Root>(
    doc: &mut AutoCommit,
    who: &str,
    at_ms: i64,
    f: impl FnOnce(&mut T),
) {
    let a = Author {
        name: who.into(),
        device: format!("{who}-phone"),
    };
    document::commit::<T, (), DocError>(doc, &a, at_ms, |v| {
        f(v);
        Ok(())
    })
    .unwrap();
}

fn events(f: impl FnOnce(&mut Order)) -> Vec<Event> {
    let before = full_order();
    let mut after = before.clone();
    f(&mut after);
    order_events(Some(&before), &after)
}

fn price(s: &str) -> Price {
    s.parse().unwrap()
}

#[test]
fn each_kind_of_order_change_is_one_typed_event() {
    assert_eq!(
        events(|o| {
            let s = o.samples.get_mut("s1").unwrap();
            s.round = 2;
            s.result = SampleResult::Approved;
        }),
        // the round changed too, which is part of the reply, not "other"
        [Event::SampleReplied {
            kind: SampleKind::PreProduction,
            round: 2,
            result: SampleResult::Approved
        }]
    );
    assert_eq!(
        events(|o| o.samples.get_mut("s1").unwrap().result = SampleResult::Rejected),
        [Event::SampleReplied {
            kind: SampleKind::PreProduction,
            round: 1,
            result: SampleResult::Rejected
        }]
    );
    assert_eq!(
        events(|o| o.samples.get_mut("s1").unwrap().sent = Some(day("2026-04-01"))),
        [Event::SampleSent {
            kind: SampleKind::PreProduction,
            round: 1
        }]
    );
    let e = events(|o| o.milestones.get_mut("m06").unwrap().actual = Some(day("2026-05-02")));
    assert!(
        matches!(&e[..], [Event::MilestoneDone { on, .. }] if *on == day("2026-05-02")),
        "{e:?}"
    );
    let e = events(|o| o.milestones.get_mut("m06").unwrap().planned = Some(day("2026-05-30")));
    assert!(
        matches!(&e[..], [Event::MilestoneMoved { to, .. }] if *to == Some(day("2026-05-30"))),
        "{e:?}"
    );
    assert_eq!(
        events(|o| {
            o.purchase_orders.insert(
                "po2".into(),
                PurchaseOrder {
                    po_no: "T-9".into(),
                    ..PurchaseOrder::default()
                },
            );
        }),
        [Event::PoPlaced {
            po_no: "T-9".into()
        }]
    );
    assert_eq!(
        events(|o| {
            let po = o.purchase_orders.get_mut("po1").unwrap();
            po.written_confirmation = Some(Confirmation::default());
            po.phone_confirmation = Some(Confirmation::default());
        }),
        [Event::PoConfirmed {
            po_no: "F-1".into()
        }]
    );
    assert_eq!(
        events(|o| {
            let po = o.purchase_orders.get_mut("po1").unwrap();
            po.unit = "m".into();
            po.deliveries.insert(
                "d1".into(),
                Delivery {
                    qty: "400".parse().unwrap(),
                    ..Delivery::default()
                },
            );
        }),
        [Event::PoDelivered {
            po_no: "F-1".into(),
            qty: "400".parse().unwrap(),
            unit: "m".into()
        }]
    );
    // two sewing reports of the day are one line with their sum
    assert_eq!(
        events(|o| {
            for (id, qty) in [("r2", 300), ("r3", 200)] {
                o.production.insert(
                    id.into(),
                    ProductionReport {
                        stage: Stage::Sewing,
                        qty,
                        ..ProductionReport::default()
                    },
                );
            }
        }),
        [Event::ProductionReported {
            stage: Stage::Sewing,
            qty: 500
        }]
    );
    assert_eq!(
        events(|o| {
            let i = o.inspections.get_mut("i1").unwrap();
            i.aqls = Aqls {
                critical: "0".into(),
                major: "2.5".into(),
                minor: "4.0".into(),
            };
            i.defects.insert(
                "d2".into(),
                Defect {
                    code: "D01".into(),
                    class: DefectClass::Major,
                    count: 40,
                    ..Defect::default()
                },
            );
            i.completed = true;
        }),
        [Event::InspectionFinished {
            kind: InspectionKind::Final,
            verdict: Verdict::Fail
        }]
    );
    assert_eq!(
        events(|o| {
            o.inspections.insert(
                "i2".into(),
                Inspection {
                    kind: InspectionKind::Reinspection,
                    reinspection_of: Some("i1".into()),
                    rework_note: "re-pressed".into(),
                    scheduled: Some(day("2026-05-20")),
                    ..Inspection::default()
                },
            );
        }),
        [Event::ReinspectionScheduled {
            on: Some(day("2026-05-20"))
        }]
    );
    assert_eq!(
        events(|o| o.shipments.get_mut("sh1").unwrap().shipped_on = Some(day("2026-06-01"))),
        [Event::ShipmentRecorded {
            shipped_on: Some(day("2026-06-01"))
        }]
    );
    assert_eq!(
        events(|o| {
            o.shipments.insert("sh2".into(), Shipment::default());
        }),
        [Event::ShipmentRecorded { shipped_on: None }]
    );
    assert_eq!(
        events(|o| o.status = OrderStatus::Confirmed),
        [Event::StatusMoved {
            from: OrderStatus::Draft,
            to: OrderStatus::Confirmed
        }]
    );
    assert_eq!(
        events(|o| {
            o.complaints.insert(
                "c2".into(),
                Complaint {
                    severity: Severity::Major,
                    ..Complaint::default()
                },
            );
        }),
        [Event::ComplaintOpened {
            severity: Severity::Major
        }]
    );
    assert_eq!(
        events(|o| o.complaints.get_mut("c1").unwrap().status = ComplaintStatus::Closed),
        [Event::ComplaintClosed]
    );
    assert_eq!(
        events(|o| o.quantities.set_qty("black", "m", 1200)),
        [Event::QuantityChanged {
            from: 1000,
            to: 1200
        }]
    );
    assert_eq!(
        events(|o| o.ex_factory = Some(day("2026-06-10"))),
        [Event::ExFactoryChanged {
            from: Some(day("2026-06-01")),
            to: Some(day("2026-06-10"))
        }]
    );
    // three things without an event of their own are counted, never named
    assert_eq!(
        events(|o| {
            o.description = "new".into();
            o.port_of_loading = "Ningbo".into();
            o.inspections.get_mut("i1").unwrap().remarks = "ok".into();
        }),
        [Event::OtherChanges { count: 3 }]
    );
    assert_eq!(events(|_| {}), []);
    let created = order_events(None, &full_order());
    assert_eq!(created[0], Event::OrderCreated { qty: 1000 });
}

#[test]
fn money_events_say_which_receivable_a_confirmed_receipt_pays() {
    let before = commercial(); // deposit 300, balance 700, 100 recorded unconfirmed
    let mut after = before.clone();
    after.receipts.get_mut("r0").unwrap().confirmed_by = Some("finance".into());
    after.receipts.insert(
        "r1".into(),
        Receipt {
            amount: price("250"),
            date: Some(day("2026-05-02")),
            confirmed_by: Some("finance".into()),
            ..Receipt::default()
        },
    );
    after.receipts.insert(
        "r2".into(),
        Receipt {
            amount: price("50"),
            ..Receipt::default()
        },
    );
    after.unit_price = Some(price("3.85"));
    after.payments.insert(
        "p1".into(),
        Payment {
            amount: price("120"),
            currency: "CNY".into(),
            ..Payment::default()
        },
    );
    let e = money_events(Some(&before), &after, &Default::default());
    let usd = |a: &str| (price(a), "USD".to_string());
    assert!(e.contains(&Event::PriceChanged {
        currency: "USD".into(),
        from: None,
        to: Some(price("3.85"))
    }));
    // 100 pays the deposit (nothing confirmed before), then 250: 100 < 300, still the deposit
    let (a, c) = usd("100");
    assert!(e.contains(&Event::PaymentReceived {
        kind: PaymentKind::Deposit,
        amount: a,
        currency: c
    }));
    let (a, c) = usd("50");
    assert!(e.contains(&Event::PaymentRecorded {
        amount: a,
        currency: c
    }));
    assert!(e.contains(&Event::SupplierPaid {
        amount: price("120"),
        currency: "CNY".into()
    }));
    // with the deposit covered, the next confirmed receipt pays the balance
    let mut later = after.clone();
    later.receipts.get_mut("r2").unwrap().confirmed_by = Some("finance".into());
    assert_eq!(
        money_events(Some(&after), &later, &Default::default()),
        [Event::PaymentReceived {
            kind: PaymentKind::Balance,
            amount: price("50"),
            currency: "USD".into()
        }]
    );
}

#[test]
fn two_devices_changes_of_the_same_day_both_appear_after_a_merge() {
    let mut a = document::create([1; 16], &author("li"), ms("2026-05-01"), &full_order()).unwrap();
    let mut b = a.fork().with_actor(automerge::ActorId::from([2u8; 16]));
    at::<Order>(&mut a, "li", ms("2026-05-02") + 1_000, |o| {
        o.samples.get_mut("s1").unwrap().result = SampleResult::Approved
    });
    at::<Order>(&mut b, "qc", ms("2026-05-02") + 2_000, |o| {
        o.inspections.get_mut("i1").unwrap().completed = true
    });
    a.merge(&mut b).unwrap();
    let act = reports::order_day(&mut a, None, &Default::default(), day("2026-05-02"), 0).unwrap();
    assert_eq!(act.authors.iter().collect::<Vec<_>>(), ["li", "qc"]);
    assert!(
        act.events.iter().any(|e| matches!(
            e,
            Event::SampleReplied {
                result: SampleResult::Approved,
                ..
            }
        )),
        "{:?}",
        act.events
    );
    assert!(
        act.events
            .iter()
            .any(|e| matches!(e, Event::InspectionFinished { .. })),
        "{:?}",
        act.events
    );
    // the day before is the state both started from: nothing of the 2nd leaks into the 1st
    let first =
        reports::order_day(&mut a, None, &Default::default(), day("2026-05-01"), 0).unwrap();
    assert!(matches!(first.events[0], Event::OrderCreated { .. }));
    assert!(!first
        .events
        .iter()
        .any(|e| matches!(e, Event::SampleReplied { .. })));

    // the order history reads the concurrent change against its own parents
    let h = reports::order_history(&mut a);
    assert_eq!(h.len(), 3);
    assert!(matches!(h[0].events[0], Event::OrderCreated { .. }));
    assert_eq!(h[1].author.name, "li");
    assert!(matches!(&h[1].events[..], [Event::SampleReplied { .. }]));
    assert_eq!(h[2].author.name, "qc");
    assert!(
        matches!(&h[2].events[..], [Event::InspectionFinished { .. }]),
        "{:?}",
        h[2].events
    );
}

/// Also: a day when only the books changed still says whose day it was — the factory the
/// order named at that day's end, not one it was moved to later.
#[test]
fn the_money_of_the_day_is_read_from_the_commercial_document() {
    let mut o = full_order();
    o.factory = Some(" fa ".into());
    let mut order = document::create([1; 16], &author("li"), ms("2026-05-01"), &o).unwrap();
    at::<Order>(&mut order, "li", ms("2026-05-03"), |o| {
        o.factory = Some("fb".into())
    });
    let mut money =
        document::create([3; 16], &author("li"), ms("2026-05-01"), &commercial()).unwrap();
    at::<Commercial>(&mut money, "finance", ms("2026-05-02") + 5, |c| {
        c.receipts.get_mut("r0").unwrap().confirmed_by = Some("finance".into())
    });
    let act = reports::order_day(
        &mut order,
        Some(&mut money),
        &Default::default(),
        day("2026-05-02"),
        0,
    )
    .unwrap();
    assert_eq!(act.authors.iter().collect::<Vec<_>>(), ["finance"]);
    assert_eq!(
        act.events,
        [Event::PaymentReceived {
            kind: PaymentKind::Deposit,
            amount: price("100"),
            currency: "USD".into()
        }]
    );
    assert_eq!((&*act.factory_before, &*act.factory_after), ("fa", "fa"));
}

/// The books' changes that have no event of their own (a PO price, a colour's price) are
/// counted among the order's "other changes" in the team's report; a factory's copy neither
/// counts them nor names who made only those. A day when only the books moved is not in the
/// factory's copy at all.
#[test]
fn the_books_unnamed_changes_stay_out_of_the_factorys_copy() {
    let mut o = full_order();
    o.factory = Some("fa".into());
    let mut order = document::create([1; 16], &author("li"), ms("2026-05-01"), &o).unwrap();
    let mut money =
        document::create([3; 16], &author("li"), ms("2026-05-01"), &commercial()).unwrap();
    let price = |c: &mut Commercial, colour: &str, p: &str| {
        c.colour_prices.insert(colour.into(), price(p));
    };
    at::<Commercial>(&mut money, "finance", ms("2026-05-02") + 5, |c| {
        price(c, "black", "3.60")
    });
    let day_of = |order: &mut AutoCommit, money: &mut AutoCommit, d: &str| {
        let act = reports::order_day(order, Some(money), &Default::default(), day(d), 0).unwrap();
        reports::DailyReport {
            day: day(d),
            documents: vec![("o".into(), act)],
        }
    };
    let only_books = day_of(&mut order, &mut money, "2026-05-02");
    assert_eq!(
        only_books.documents[0].1.events,
        [Event::OtherChanges { count: 1 }],
        "the team hears of it"
    );
    assert!(only_books.for_one_factory("fa").report.documents.is_empty());
    assert!(only_books.for_factory().documents.is_empty());

    // Both moved: the factory hears of the order's change, by its author, and no more.
    at::<Order>(&mut order, "li", ms("2026-05-03") + 5, |o| {
        o.description = "Knitted polo, 2 colours".into()
    });
    at::<Commercial>(&mut money, "finance", ms("2026-05-03") + 9, |c| {
        price(c, "black", "3.70");
        price(c, "white", "3.50");
    });
    let both = day_of(&mut order, &mut money, "2026-05-03");
    let team = &both.documents[0].1;
    let copy = both.for_one_factory("fa").report.documents;
    let factory = &copy[0].1;
    let others = |events: &[Event]| {
        events
            .iter()
            .filter_map(|e| match e {
                Event::OtherChanges { count } => Some(*count),
                _ => None,
            })
            .sum::<u32>()
    };
    assert_eq!(
        others(&team.events),
        others(&factory.events) + 2,
        "{team:?}"
    );
    assert!(team.authors.contains("finance"));
    assert_eq!(factory.authors.iter().collect::<Vec<_>>(), ["li"]);
    assert!(factory.events.iter().all(|e| e.for_factory()));
}

#[test]
fn any_number_of_team_settings_changes_is_one_line() {
    let mut ws = document::create(
        [4; 16],
        &author("li"),
        ms("2026-05-01"),
        &Workspace::seeded("Team"),
    )
    .unwrap();
    for n in 0..20 {
        at::<Workspace>(&mut ws, "li", ms("2026-05-02") + n, |w| {
            w.settings.at_risk_days = n as u32;
            w.name = format!("Team {n}");
            w.settings.gates.deposit_before_production = n % 2 == 0;
        });
    }
    let act = reports::workspace_day(&mut ws, day("2026-05-02"), 0).unwrap();
    assert_eq!(act.events, [Event::TeamSettingsChanged]);
    assert!(reports::workspace_day(&mut ws, day("2026-05-03"), 0).is_none());
}

#[test]
fn no_event_names_a_field_path_or_a_record_id() {
    let mut doc =
        document::create([1; 16], &author("li"), ms("2026-05-01"), &full_order()).unwrap();
    at::<Order>(&mut doc, "li", ms("2026-05-02"), |o| {
        o.milestones.get_mut("m06").unwrap().actual = Some(day("2026-05-02"));
        o.milestones.get_mut("m07").unwrap().planned = Some(day("2026-05-29"));
        o.gate_overrides.insert("g1".into(), Default::default());
        o.description = "x".into();
        o.inspections.get_mut("i1").unwrap().completed = true;
        o.communications.get_mut("k1").unwrap().summary = "called".into();
    });
    for e in reports::order_history(&mut doc)
        .into_iter()
        .flat_map(|h| h.events)
        .chain(
            reports::order_day(&mut doc, None, &Default::default(), day("2026-05-02"), 0)
                .unwrap()
                .events,
        )
    {
        let text = format!("{e:?}");
        for bad in [
            "milestones",
            "m06",
            "m07",
            "i1",
            "g1",
            "k1",
            "actual",
            "description",
        ] {
            assert!(!text.contains(bad), "{bad} in {text}");
        }
    }
}

#[test]
fn an_order_at_risk_gives_at_most_two_reasons_the_earliest_late_milestone_first() {
    let mut o = full_order();
    o.status = OrderStatus::InProduction;
    let now = day("2026-06-03"); // ex-factory 2026-06-01 has passed
    let all = reports::risk_reasons(&o, now, 3);
    assert!(
        matches!(all[0], RiskReason::ExFactoryPassed { .. }),
        "{all:?}"
    );
    let late = all
        .iter()
        .find_map(|r| match r {
            RiskReason::MilestonesLate { due, more, .. } => Some((*due, *more)),
            _ => None,
        })
        .expect("late milestones");
    let earliest = o
        .milestones
        .values()
        .filter(|m| m.actual.is_none() && m.code != "ex_factory")
        .filter_map(|m| m.due())
        .filter(|d| *d <= day("2026-06-01"))
        .min();
    assert_eq!(late.0, earliest);
    assert!(late.1 > 0, "several late milestones are one reason");
    let facts = [reports::OrderFacts {
        id: "A",
        order: &o,
        commercial: None,
    }];
    let t = reports::today(&facts, &Default::default(), now);
    assert_eq!(t.at_risk[0].reasons.len(), 2);
    assert_eq!(t.at_risk[0].more, all.len() - 2);
}

/// The buyer's confirmation is said once per channel, and never in a factory's copy (the team's
/// dealings with its buyer are not the factory's news); correcting its day is an other change.
#[test]
fn the_buyers_confirmation_is_said_once_per_channel_and_not_to_the_factory() {
    use gendan_domain::buyer_confirm::confirm;
    use gendan_domain::purchasing::{ConfirmChannel, Confirmation};
    let before = full_order();
    let mut after = before.clone();
    let c = |d: &str| Confirmation {
        by: "li".into(),
        counterpart: "Anna".into(),
        on: Some(day(d)),
        note: String::new(),
        goods: String::new(),
    };
    let today = day("2026-05-20");
    confirm(&mut after, &ConfirmChannel::Written, c("2026-05-10"), today).unwrap();
    confirm(&mut after, &ConfirmChannel::Phone, c("2026-05-11"), today).unwrap();
    let ev = order_events(Some(&before), &after);
    let said: Vec<_> = ev
        .iter()
        .filter(|e| matches!(e, Event::BuyerConfirmed { .. }))
        .collect();
    assert_eq!(
        said,
        [
            &Event::BuyerConfirmed {
                channel: ConfirmChannel::Written
            },
            &Event::BuyerConfirmed {
                channel: ConfirmChannel::Phone
            }
        ]
    );
    assert!(said.iter().all(|e| !e.for_factory()));
    let mut corrected = after.clone();
    confirm(
        &mut corrected,
        &ConfirmChannel::Phone,
        c("2026-05-12"),
        today,
    )
    .unwrap();
    assert_eq!(
        order_events(Some(&after), &corrected),
        [Event::OtherChanges { count: 1 }]
    );
}
