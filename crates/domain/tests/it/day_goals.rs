//! 每天3电3计6审: the day's calls, plans and reviews are counted from the daily report's events —
//! on one device and after two devices' days merge —, the same note twice counts once, a rule
//! stepped around counts for nothing, another day's work is not this day's, a factory's copy hears
//! no call, and the team's goals are read with defaults, bounded, and set strictly.

use crate::common::*;
use automerge::{transaction::Transactable, AutoCommit, ReadDoc, ROOT};
use gendan_domain::activity::Event;
use gendan_domain::complaints::{Channel, Communication};
use gendan_domain::day_goals::{DayGoals, GoalKind, Tally, MAX_GOAL};
use gendan_domain::document::{self, Author};
use gendan_domain::problem::{Field, Issue};
use gendan_domain::purchasing::{self, FollowUp};
use gendan_domain::reports::{self, DailyReport};
use gendan_domain::samples::SampleResult;
use gendan_domain::workspace::Workspace;
use gendan_domain::{DocError, DomainError, Order};

const DAY_MS: i64 = 86_400_000;

fn ms(d: &str) -> i64 {
    day("1970-01-01").days_until(day(d)) * DAY_MS
}

fn on(doc: &mut AutoCommit, who: &str, d: &str, f: impl FnOnce(&mut Order)) {
    let a = Author {
        name: who.into(),
        device: format!("{who}-phone"),
    };
    document::commit::<Order, (), DocError>(doc, &a, ms(d) + 3_600_000, |o| {
        f(o);
        Ok(())
    })
    .unwrap();
}

fn call(with: &str, summary: &str) -> Communication {
    Communication {
        channel: Channel::Call,
        who: "li".into(),
        with_whom: with.into(),
        at_ms: ms("2026-05-02"),
        summary: summary.into(),
    }
}

/// The supplier of PO "po1" chased on 2 May.
fn chase(o: &mut Order, note: &str, promised: Option<gendan_domain::Day>) {
    let f = FollowUp {
        day: Some(day("2026-05-02")),
        who: "li".into(),
        note: note.into(),
        promised,
    };
    purchasing::follow_up(o, "po1", "f1", f, day("2026-05-02")).unwrap();
}

fn tally_on(doc: &mut AutoCommit, d: &str) -> Tally {
    let report = DailyReport {
        day: day(d),
        documents: reports::order_day(doc, None, &Default::default(), day(d), 0)
            .map(|a| vec![("o1".to_string(), a)])
            .unwrap_or_default(),
    };
    Tally::of(&report)
}

/// The books of order "o1", made on 1 May, and Li as the author of what is written in them.
fn books_of_o1() -> (AutoCommit, Author) {
    let books = document::create(
        [2; 16],
        &author("li"),
        ms("2026-05-01"),
        &gendan_domain::Commercial {
            order: "o1".into(),
            currency: "USD".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let a = Author {
        name: "li".into(),
        device: "li-phone".into(),
    };
    (books, a)
}

fn new_doc() -> AutoCommit {
    document::create([1; 16], &author("li"), ms("2026-05-01"), &full_order()).unwrap()
}

#[test]
fn a_days_calls_plans_and_reviews_are_counted_from_what_was_done() {
    let mut doc = new_doc();
    on(&mut doc, "li", "2026-05-02", |o| {
        o.communications
            .insert("c-call".into(), call("Wang", "cutting Monday"));
        // A mail is a contact but not a call.
        o.communications.insert(
            "c-mail".into(),
            Communication {
                channel: Channel::Email,
                ..call("Wang", "sent the spec")
            },
        );
        chase(o, "fabric ships Friday", Some(day("2026-05-08")));
        let m = o.milestones.get_mut("m03").unwrap();
        m.planned = m.planned.and_then(|d| d.add_days(3));
        let i = o.inspections.get_mut("i1").unwrap();
        i.scheduled = Some(day("2026-05-20"));
        o.samples.get_mut("s1").unwrap().result = SampleResult::Approved;
    });
    let t = tally_on(&mut doc, "2026-05-02");
    assert_eq!(
        (t.calls, t.plans, t.reviews),
        (2, 2, 1),
        "a call and a chase; a milestone moved and an inspection set; a sample answered"
    );
    let goals = DayGoals::default();
    assert_eq!((goals.calls, goals.plans, goals.reviews), (3, 3, 6));
    assert_eq!(t.short_of(&goals, GoalKind::Call), 1);
    assert_eq!(t.short_of(&goals, GoalKind::Review), 5);
    assert!(!t.met(&goals));
    assert!(t.met(&DayGoals {
        calls: 2,
        plans: 1,
        reviews: 0
    }));
    // The day's report says the call and the chase in words, not as "other changes".
    let act =
        reports::order_day(&mut doc, None, &Default::default(), day("2026-05-02"), 0).unwrap();
    assert!(act.events.contains(&Event::Contacted {
        channel: Channel::Call,
        with_whom: "Wang".into(),
        summary: "cutting Monday".into(),
    }));
    assert!(act.events.contains(&Event::SupplierChased {
        po_no: "F-1".into(),
        note: "fabric ships Friday".into(),
        promised: Some(day("2026-05-08")),
    }));
    assert!(
        !act.events
            .iter()
            .any(|e| matches!(e, Event::OtherChanges { .. })),
        "{:?}",
        act.events
    );
    // Another day's work is not this day's.
    on(&mut doc, "li", "2026-05-03", |o| {
        o.communications
            .insert("c-next".into(), call("Zhao", "trims"));
    });
    assert_eq!(tally_on(&mut doc, "2026-05-02").calls, 2);
    assert_eq!(tally_on(&mut doc, "2026-05-03").calls, 1);
}

#[test]
fn the_same_call_noted_twice_counts_once_and_a_rule_stepped_around_counts_for_nothing() {
    let mut doc = new_doc();
    on(&mut doc, "li", "2026-05-02", |o| {
        o.communications
            .insert("a".into(), call("Wang", "cutting Monday"));
        o.communications
            .insert("b".into(), call("Wang", "cutting Monday"));
        o.communications
            .insert("c".into(), call("Wang", "sewing Friday"));
    });
    assert_eq!(tally_on(&mut doc, "2026-05-02").calls, 2);

    // Exceptions and plans without a day are no work done.
    for e in [
        Event::GateWaived {
            gate: "deposit".into(),
            to: "in_production".into(),
            who: "li".into(),
            reason: "buyer is good for it".into(),
        },
        Event::InspectionScheduled {
            kind: gendan_domain::inspection::InspectionKind::Final,
            on: None,
        },
        Event::ExFactoryChanged {
            from: Some(day("2026-06-01")),
            to: None,
        },
        Event::Contacted {
            channel: Channel::WeChat,
            with_whom: "Wang".into(),
            summary: "ok".into(),
        },
        Event::OtherChanges { count: 9 },
    ] {
        assert_eq!(GoalKind::of(&e), None, "{e:?}");
    }
}

#[test]
fn two_devices_calls_of_one_day_both_count_after_they_merge() {
    let mut a = new_doc();
    let mut b = a.fork().with_actor(automerge::ActorId::from([2u8; 16]));
    on(&mut a, "li", "2026-05-02", |o| {
        o.communications
            .insert("on-a".into(), call("Wang", "cutting"));
    });
    on(&mut b, "qc", "2026-05-02", |o| {
        o.communications
            .insert("on-b".into(), call("Zhao", "trims late"));
        o.inspections.get_mut("i1").unwrap().scheduled = Some(day("2026-05-21"));
    });
    assert_eq!(tally_on(&mut a, "2026-05-02").calls, 1);
    a.merge(&mut b).unwrap();
    let t = tally_on(&mut a, "2026-05-02");
    assert_eq!((t.calls, t.plans), (2, 1));
}

#[test]
fn a_factorys_copy_hears_no_call_and_no_chase() {
    let mut doc = new_doc();
    on(&mut doc, "li", "2026-05-02", |o| {
        o.communications
            .insert("c".into(), call("buyer", "price is firm"));
        chase(o, "mill is behind", None);
    });
    let act =
        reports::order_day(&mut doc, None, &Default::default(), day("2026-05-02"), 0).unwrap();
    let report = DailyReport {
        day: day("2026-05-02"),
        documents: vec![("o1".into(), act)],
    };
    assert_eq!(Tally::of(&report).calls, 2);
    let copy = report.for_factory();
    assert!(copy.documents.iter().all(|(_, a)| !a
        .events
        .iter()
        .any(|e| matches!(e, Event::Contacted { .. } | Event::SupplierChased { .. }))));
}

#[test]
fn the_teams_goals_read_with_defaults_are_bounded_and_set_strictly() {
    // A workspace written before goals existed reads 3 calls, 3 plans, 6 reviews.
    let mut doc = document::create([3; 16], &author("li"), 0, &Workspace::default()).unwrap();
    let settings = match doc.get(ROOT, "settings").unwrap() {
        Some((_, id)) => id,
        None => panic!("no settings"),
    };
    doc.delete(&settings, "day_goals").unwrap();
    doc.commit();
    let w: Workspace = document::read(&doc).unwrap();
    assert_eq!(w.settings.day_goals, DayGoals::default());

    // One goal missing of three, and one typed far beyond a day's work by hand.
    let goals = doc
        .put_object(&settings, "day_goals", automerge::ObjType::Map)
        .unwrap();
    doc.put(&goals, "calls", 900u64).unwrap();
    doc.put(&goals, "plans", 4u64).unwrap();
    doc.commit();
    let w: Workspace = document::read(&doc).unwrap();
    assert_eq!(
        w.settings.day_goals,
        DayGoals {
            calls: 900,
            plans: 4,
            reviews: 6
        }
    );
    assert_eq!(w.settings.day_goals.bounded().calls, MAX_GOAL);

    let mut g = DayGoals::default();
    assert!(matches!(
        g.set(GoalKind::Review, MAX_GOAL + 1),
        Err(DomainError::Problem(p)) if p.field == Field::DayGoal && p.issue == Issue::TooLarge
    ));
    assert_eq!(g.reviews, 6, "a refused goal leaves the goal as it was");
    g.set(GoalKind::Plan, 0).unwrap();
    assert_eq!(g.plans, 0);

    // Two devices each setting one goal keep both.
    let (mut a, mut b) = pair(&Workspace::default());
    edit::<Workspace>(&mut a, "li", |w| {
        w.settings.day_goals.set(GoalKind::Call, 5).unwrap()
    });
    edit::<Workspace>(&mut b, "wu", |w| {
        w.settings.day_goals.set(GoalKind::Review, 8).unwrap()
    });
    let w: Workspace = merged(&mut a, &mut b);
    assert_eq!(
        w.settings.day_goals,
        DayGoals {
            calls: 5,
            plans: 3,
            reviews: 8
        }
    );
}

/// The office's notes are kept in the books: a call noted there counts toward the day's calls
/// and is said in words, as one on the order is, and stays out of the factory's text.
/// The office notes its call with Buyer Tom in the books on 2 May.
fn call_in_books(books: &mut AutoCommit, a: &Author) {
    document::commit::<gendan_domain::Commercial, (), DocError>(
        books,
        a,
        ms("2026-05-02") + 3_600_000,
        |c| {
            c.communications
                .insert("c-call".into(), call("Buyer Tom", "FOB down to 4.10"));
            Ok(())
        },
    )
    .unwrap();
}

#[test]
fn a_call_noted_in_the_books_counts_and_is_said() {
    let mut doc = new_doc();
    let (mut books, a) = books_of_o1();
    call_in_books(&mut books, &a);
    let act = reports::order_day(
        &mut doc,
        Some(&mut books),
        &Default::default(),
        day("2026-05-02"),
        0,
    )
    .expect("the books moved that day");
    let said = Event::Contacted {
        channel: Channel::Call,
        with_whom: "Buyer Tom".into(),
        summary: "FOB down to 4.10".into(),
    };
    assert!(act.events.contains(&said), "{:?}", act.events);
    assert!(!said.for_factory());
    let report = DailyReport {
        day: day("2026-05-02"),
        documents: vec![("o1".to_string(), act)],
    };
    assert_eq!(Tally::of(&report).calls, 1);
}

/// A call an older build noted on the order on 2 May, moved to the books by the office on
/// 3 May ("keep in the books only"), is not a call of 3 May: not said again, not counted.
#[test]
fn a_note_moved_from_the_order_to_the_books_is_not_a_call_of_that_day() {
    use gendan_domain::Commercial;
    let mut doc = new_doc();
    on(&mut doc, "li", "2026-05-02", |o| {
        o.communications
            .insert("c-call".into(), call("Buyer Tom", "FOB down to 4.10"));
    });
    let (mut books, a) = books_of_o1();
    let note = call("Buyer Tom", "FOB down to 4.10");
    document::commit::<Commercial, (), DocError>(
        &mut books,
        &a,
        ms("2026-05-03") + 3_600_000,
        |c| {
            c.communications.insert("c-call".into(), note);
            Ok(())
        },
    )
    .unwrap();
    // The books took it; whether the order let it go the same day or not yet, it is old news.
    for let_go in [false, true] {
        let mut order = doc.fork();
        if let_go {
            on(&mut order, "li", "2026-05-03", |o| {
                o.communications.remove("c-call");
            });
        }
        let act = reports::order_day(
            &mut order,
            Some(&mut books),
            &Default::default(),
            day("2026-05-03"),
            0,
        )
        .expect("the books moved that day");
        assert!(
            !act.events
                .iter()
                .any(|e| matches!(e, Event::Contacted { .. })),
            "{:?}",
            act.events
        );
        let report = DailyReport {
            day: day("2026-05-03"),
            documents: vec![("o1".to_string(), act)],
        };
        assert_eq!(Tally::of(&report).calls, 0);
        // Nor anything for the factory: the note leaving its copy of the order is the office's.
        assert_eq!(report.for_factory().documents, [], "let go: {let_go}");
    }
}

/// The books' history lists the changes that say something, in the daily report's words: the
/// books made (nothing to say) are left out, the call noted is there with who and when.
#[test]
fn the_books_history_lists_the_call_noted_there() {
    let (mut books, a) = books_of_o1();
    call_in_books(&mut books, &a);
    let h = reports::books_history(&mut books, &Default::default(), &Default::default());
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!(h[0].author.name, "li");
    assert_eq!(h[0].time_ms, ms("2026-05-02") + 3_600_000);
    assert_eq!(
        h[0].events,
        [Event::Contacted {
            channel: Channel::Call,
            with_whom: "Buyer Tom".into(),
            summary: "FOB down to 4.10".into(),
        }]
    );
    // Had the order held it first (the office moved it), it is listed where it was made.
    let taken = reports::TakenFromOrder {
        notes: ["c-call".to_string()].into_iter().collect(),
        ..Default::default()
    };
    let moved = reports::books_history(&mut books, &Default::default(), &taken);
    assert!(moved.is_empty(), "{moved:?}");
}
