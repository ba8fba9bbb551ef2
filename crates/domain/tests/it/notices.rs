//! 传播信息 over real documents, tried from every side: a notice goes only into an open order
//! its factory makes, is read as one notice however many orders carry it, is acknowledged once
//! per person (case, spacing and full width aside) on any copy and any device, survives merges
//! with acknowledgements and a withdrawal made offline, and a copy left in an order another
//! factory makes now is not shown as that notice's.

use crate::common::*;
use automerge::transaction::Transactable;
use automerge::ReadDoc;
use gendan_domain::notices::{self, Copy, NoticeFacts, NoticeKind, Posting};
use gendan_domain::order::{Field, Issue};
use gendan_domain::report_facts::ReportFacts;
use gendan_domain::{document, DomainError, Order, OrderStatus};

const TODAY: &str = "2026-07-10";

fn posting(party: &'static str) -> Posting<'static> {
    Posting {
        kind: NoticeKind::Notice,
        party,
        title: "  Power cut on Saturday  ",
        body: "No sewing 8:00-12:00.",
        who: "Li",
        today: day(TODAY),
    }
}

/// An order factory "f1" makes, in production.
fn made_by(factory: &str) -> Order {
    let mut o = full_order();
    o.factory = Some(factory.into());
    o.status = OrderStatus::InProduction;
    o
}

fn copies(orders: &[(&str, &Order)]) -> Vec<Copy> {
    orders
        .iter()
        .flat_map(|(id, o)| {
            let facts = ReportFacts::of(o);
            facts.notices.into_iter().map(move |n| Copy {
                order: id.to_string(),
                order_name: o.customer_po.clone(),
                order_factory: o.factory.clone().unwrap_or_default(),
                notice: n,
            })
        })
        .collect()
}

#[test]
fn a_notice_goes_only_into_an_open_order_its_factory_makes() {
    let mut o = made_by("f1");
    notices::post(&mut o, "n1", posting("f1")).unwrap();
    let n = &o.notices["n1"];
    assert_eq!(n.title, "Power cut on Saturday");
    assert_eq!((n.who.as_str(), n.posted), ("Li", Some(day(TODAY))));

    let mut other = made_by("f2");
    refused(
        notices::post(&mut other, "n1", posting("f1")),
        Field::NoticeFactory,
        Issue::NotThisOrdersFactory,
    );
    let mut none = made_by("f1");
    none.factory = None;
    refused(
        notices::post(&mut none, "n1", posting("f1")),
        Field::NoticeFactory,
        Issue::NotThisOrdersFactory,
    );
    for status in [
        OrderStatus::Closed,
        OrderStatus::Cancelled,
        OrderStatus::Delivered,
    ] {
        let mut done = made_by("f1");
        done.status = status;
        refused(
            notices::post(&mut done, "n1", posting("f1")),
            Field::NoticeFactory,
            Issue::NotThisOrdersFactory,
        );
        assert!(done.notices.is_empty());
    }
    refused(
        notices::post(&mut made_by("f1"), "n1", posting("")),
        Field::NoticeFactory,
        Issue::Required,
    );
}

#[test]
fn a_notice_needs_a_title_and_a_sender_a_fresh_id_and_no_pasted_book() {
    let mut o = made_by("f1");
    let blank = Posting {
        title: "  ",
        ..posting("f1")
    };
    refused(
        notices::post(&mut o, "n1", blank),
        Field::NoticeTitle,
        Issue::Required,
    );
    let nobody = Posting {
        who: " ",
        ..posting("f1")
    };
    refused(
        notices::post(&mut o, "n1", nobody),
        Field::NoticeFrom,
        Issue::Required,
    );
    let long_title = "标".repeat(notices::MAX_TITLE + 1);
    refused(
        notices::post(
            &mut o,
            "n1",
            Posting {
                title: &long_title,
                ..posting("f1")
            },
        ),
        Field::NoticeTitle,
        Issue::TooLarge,
    );
    let long_body = "x".repeat(notices::MAX_BODY + 1);
    refused(
        notices::post(
            &mut o,
            "n1",
            Posting {
                body: &long_body,
                ..posting("f1")
            },
        ),
        Field::NoticeBody,
        Issue::TooLarge,
    );
    // At the limit, counted in characters (not bytes), it goes.
    let just = "标".repeat(notices::MAX_TITLE);
    let mut other = made_by("f1");
    notices::post(
        &mut other,
        "n1",
        Posting {
            title: &just,
            ..posting("f1")
        },
    )
    .unwrap();
    notices::post(&mut o, "n1", posting("f1")).unwrap();
    notices::acknowledge(&mut o, "n1", "Wang", "", day(TODAY)).unwrap();
    // The same id again would drop the acknowledgement under another text.
    let again = Posting {
        title: "Something else",
        ..posting("f1")
    };
    refused(
        notices::post(&mut o, "n1", again),
        Field::NoticeTitle,
        Issue::Duplicate("n1".into()),
    );
    assert_eq!(o.notices["n1"].acks.len(), 1);
}

#[test]
fn each_person_acknowledges_once_however_the_name_is_typed() {
    let mut o = made_by("f1");
    notices::post(&mut o, "n1", posting("f1")).unwrap();
    notices::acknowledge(&mut o, "n1", "Wang Fang", "", day("2026-07-10")).unwrap();
    notices::acknowledge(&mut o, "n1", "ＷＡＮＧ fang ", "", day("2026-07-11")).unwrap();
    let acks = &o.notices["n1"].acks;
    assert_eq!(acks.len(), 1);
    assert_eq!(acks.values().next().unwrap().day, Some(day("2026-07-10")));
    refused(
        notices::acknowledge(&mut o, "n1", " \u{200b} ", "", day(TODAY)),
        Field::NoticeReader,
        Issue::Required,
    );
    assert!(matches!(
        notices::acknowledge(&mut o, "nope", "Zhao", "", day(TODAY)),
        Err(DomainError::NotFound { .. })
    ));
}

#[test]
fn a_withdrawn_notice_stays_and_is_no_longer_acknowledged() {
    let mut o = made_by("f1");
    notices::post(&mut o, "n1", posting("f1")).unwrap();
    assert!(matches!(
        notices::withdraw(&mut o, "n1", "Li", " ", day(TODAY)),
        Err(DomainError::ReasonRequired)
    ));
    notices::withdraw(&mut o, "n1", "Li", "wrong factory", day("2026-07-12")).unwrap();
    notices::withdraw(&mut o, "n1", "Chen", "again", day("2026-07-13")).unwrap();
    assert_eq!(o.notices["n1"].withdrawn, "Li — wrong factory");
    assert_eq!(o.notices["n1"].withdrawn_on, Some(day("2026-07-12")));
    assert!(matches!(
        notices::acknowledge(&mut o, "n1", "Wang", "", day(TODAY)),
        Err(DomainError::NoticeWithdrawn)
    ));
    let board = notices::board(&copies(&[("o1", &o)]));
    assert_eq!(board.len(), 1);
    assert_eq!(board[0].withdrawn.as_deref(), Some("Li — wrong factory"));
    assert_eq!(board[0].withdrawn_on, Some(day("2026-07-12")));
    assert_eq!(notices::unacknowledged(&board), 0);
}

/// One notice sent to two factories at once carries one id: each factory's copies are a notice
/// of its own, so a reading recorded for one factory is neither shown as the other's, nor
/// counted for it, nor said in the other's daily news.
#[test]
fn a_notice_sent_to_two_factories_is_read_by_each_apart() {
    let (mut a, mut b, mut a2) = (made_by("f1"), made_by("f2"), made_by("f1"));
    b.customer_po = "PO-B".into();
    a2.customer_po = "PO-A2".into();
    notices::post(&mut a, "n1", posting("f1")).unwrap();
    notices::post(&mut a2, "n1", posting("f1")).unwrap();
    notices::post(&mut b, "n1", posting("f2")).unwrap();
    let all = |a: &Order, a2: &Order, b: &Order| {
        notices::board(&copies(&[("o1", a), ("o2", b), ("o3", a2)]))
    };
    let board = all(&a, &a2, &b);
    assert_eq!(board.len(), 2, "one notice per factory");
    assert_eq!(notices::unacknowledged(&board), 2);
    let of = |board: &[notices::BoardNotice], f: &str| {
        board
            .iter()
            .find(|n| n.notice.party == f)
            .cloned()
            .expect("the factory's notice")
    };
    let orders = |n: &notices::BoardNotice| {
        n.orders
            .iter()
            .map(|(id, _)| id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(orders(&of(&board, "f1")), vec!["o1", "o3"]);
    assert_eq!(orders(&of(&board, "f2")), vec!["o2"]);
    assert_ne!(of(&board, "f1").key(), of(&board, "f2").key());

    // Factory 2's reader, recorded on its order only.
    notices::acknowledge(&mut b, "n1", "Zhang", "by WeChat", day("2026-07-11")).unwrap();
    let board = all(&a, &a2, &b);
    assert!(of(&board, "f2").is_acknowledged());
    assert!(
        !of(&board, "f1").is_acknowledged(),
        "factory 1 has not read it"
    );
    assert_eq!(notices::unacknowledged(&board), 1);
    let news = notices::news_on(&board, day("2026-07-11"));
    assert_eq!(news.len(), 1);
    assert_eq!(news[0].0.notice.party, "f2");
}

#[test]
fn copies_in_several_orders_read_as_one_notice_acknowledged_on_any() {
    let (mut a, mut b) = (made_by("f1"), made_by("f1"));
    b.customer_po = "PO-2".into();
    for o in [&mut a, &mut b] {
        notices::post(o, "n1", posting("f1")).unwrap();
    }
    let board = notices::board(&copies(&[("o1", &a), ("o2", &b)]));
    assert_eq!(board.len(), 1);
    assert_eq!(
        board[0].orders,
        vec![
            ("o1".to_string(), "PO-1".to_string()),
            ("o2".to_string(), "PO-2".to_string())
        ]
    );
    assert_eq!(notices::unacknowledged(&board), 1);
    notices::acknowledge(&mut b, "n1", "Wang", "", day("2026-07-12")).unwrap();
    notices::acknowledge(&mut a, "n1", "wang", "by phone", day("2026-07-11")).unwrap();
    notices::acknowledge(&mut a, "n1", "Zhao", "", day("2026-07-12")).unwrap();
    let board = notices::board(&copies(&[("o1", &a), ("o2", &b)]));
    let acks: Vec<_> = board[0]
        .acks
        .iter()
        .map(|a| (a.who.as_str(), a.day, a.note.as_str()))
        .collect();
    assert_eq!(
        acks,
        vec![
            ("wang", Some(day("2026-07-11")), "by phone"),
            ("Zhao", Some(day("2026-07-12")), "")
        ]
    );
    assert_eq!(notices::unacknowledged(&board), 0);
}

#[test]
fn a_copy_in_an_order_another_factory_makes_now_is_not_shown() {
    let mut a = made_by("f1");
    notices::post(&mut a, "n1", posting("f1")).unwrap();
    let mut moved = a.clone();
    moved.factory = Some("f2".into());
    assert!(notices::board(&copies(&[("o1", &moved)])).is_empty());
    // Nor does it cross the other way: a notice for f2 found in f1's order (another build).
    let mut spoiled = made_by("f1");
    spoiled.notices.insert(
        "n2".into(),
        gendan_domain::notices::Notice {
            party: "f2".into(),
            title: "For f2".into(),
            ..Default::default()
        },
    );
    assert!(notices::board(&copies(&[("o1", &spoiled)])).is_empty());
}

#[test]
fn newest_first_and_the_same_text_on_every_device() {
    let mut o = made_by("f1");
    notices::post(&mut o, "old", posting("f1")).unwrap();
    let later = Posting {
        kind: NoticeKind::Minutes,
        title: "Quality meeting",
        today: day("2026-07-12"),
        ..posting("f1")
    };
    notices::post(&mut o, "new", later).unwrap();
    let board = notices::board(&copies(&[("o1", &o)]));
    let ids: Vec<_> = board.iter().map(|b| b.notice.id.as_str()).collect();
    assert_eq!(ids, ["new", "old"]);
    assert_eq!(board[0].notice.kind(), NoticeKind::Minutes);
    // Copies that differ (another build edited one): the first order's by id is read, whichever
    // order they are gathered in.
    let mut b = o.clone();
    b.notices.get_mut("new").unwrap().title = "Edited".into();
    let one = notices::board(&copies(&[("o1", &o), ("o2", &b)]));
    let two = notices::board(&copies(&[("o2", &b), ("o1", &o)]));
    assert_eq!(one, two);
    assert_eq!(one[0].notice.title, "Quality meeting");
    // ... and the copy that says otherwise is named, so the office knows the text was changed.
    assert_eq!(one[0].differs, vec![("o2".to_string(), "PO-1".to_string())]);
    assert!(one[1].differs.is_empty());
}

#[test]
fn a_copy_a_factory_changed_after_it_was_sent_is_named_on_every_device_after_the_merge() {
    let (mut a, mut b) = (made_by("f1"), made_by("f1"));
    b.customer_po = "PO-2".into();
    for o in [&mut a, &mut b] {
        notices::post(o, "n1", posting("f1")).unwrap();
    }
    // The factory's phone holds both orders and rewrites one copy's text offline.
    let (mut office, mut factory) = pair(&b);
    edit::<Order>(&mut factory, "wang", |o| {
        o.notices.get_mut("n1").unwrap().body = "Sewing as usual on Saturday.".into()
    });
    let b: Order = merged(&mut office, &mut factory);
    let board = notices::board(&copies(&[("o1", &a), ("o2", &b)]));
    assert_eq!(board[0].notice.body, "No sewing 8:00-12:00.");
    assert_eq!(
        board[0].differs,
        vec![("o2".to_string(), "PO-2".to_string())]
    );
    // Whichever copy is first by id, the other is named: the one changed or the one it left.
    let board = notices::board(&copies(&[("o0", &b), ("o1", &a)]));
    assert_eq!(board[0].notice.body, "Sewing as usual on Saturday.");
    assert_eq!(
        board[0].differs,
        vec![("o1".to_string(), "PO-1".to_string())]
    );
}

#[test]
fn acknowledgements_and_a_withdrawal_made_offline_all_survive_the_merge() {
    let mut o = made_by("f1");
    notices::post(&mut o, "n1", posting("f1")).unwrap();
    let (mut office, mut factory) = pair(&o);
    let mut third = factory
        .fork()
        .with_actor(automerge::ActorId::from([3u8; 16]));
    edit::<Order>(&mut factory, "wang", |o| {
        notices::acknowledge(o, "n1", "Wang", "", day("2026-07-11")).unwrap()
    });
    edit::<Order>(&mut third, "zhao", |o| {
        notices::acknowledge(o, "n1", "Zhao", "", day("2026-07-11")).unwrap()
    });
    edit::<Order>(&mut office, "li", |o| {
        notices::withdraw(o, "n1", "Li", "sent twice", day("2026-07-11")).unwrap()
    });
    factory.merge(&mut third).unwrap();
    let merged: Order = merged(&mut office, &mut factory);
    let n = &merged.notices["n1"];
    assert_eq!(n.acks.len(), 2);
    assert!(n.is_withdrawn());
    let board = notices::board(&copies(&[("o1", &merged)]));
    assert_eq!(
        board[0].acks.len(),
        2,
        "who read it before it was withdrawn stays"
    );
    assert!(board[0].withdrawn.is_some());
}

#[test]
fn the_same_person_on_two_devices_is_one_acknowledgement_after_the_merge() {
    let mut o = made_by("f1");
    notices::post(&mut o, "n1", posting("f1")).unwrap();
    let (mut a, mut b) = pair(&o);
    edit::<Order>(&mut a, "wang", |o| {
        notices::acknowledge(o, "n1", "Wang", "", day("2026-07-12")).unwrap()
    });
    edit::<Order>(&mut b, "wang", |o| {
        notices::acknowledge(o, "n1", "wang", "", day("2026-07-11")).unwrap()
    });
    let merged: Order = merged(&mut a, &mut b);
    assert_eq!(merged.notices["n1"].acks.len(), 1);
}

#[test]
fn the_facts_carry_the_notices_and_read_back() {
    let mut o = made_by("f1");
    notices::post(&mut o, "n1", posting("f1")).unwrap();
    notices::acknowledge(&mut o, "n1", "Wang", "", day(TODAY)).unwrap();
    let facts = ReportFacts::of(&o);
    assert!(facts.is_current());
    let json = serde_json::to_string(&facts).unwrap();
    let back: ReportFacts = serde_json::from_str(&json).unwrap();
    assert_eq!(back.notices, facts.notices);
    assert_eq!(back.notices[0].acks[0].who, "Wang");
    // Facts from before notices read as none.
    let before: ReportFacts = serde_json::from_str(r#"{"v":7}"#).unwrap();
    assert!(before.notices.is_empty() && !before.is_current());
    let partial: NoticeFacts = serde_json::from_str(r#"{"i":"n1"}"#).unwrap();
    assert_eq!(partial.kind(), NoticeKind::Notice);
}

#[test]
fn a_notice_another_build_wrote_short_still_reads_and_a_wrong_field_is_named() {
    let mut o = made_by("f1");
    notices::post(&mut o, "n1", posting("f1")).unwrap();
    let mut doc = document::create([1; 16], &author("li"), 1, &o).unwrap();
    let (_, map) = doc.get(automerge::ROOT, "notices").unwrap().unwrap();
    let short = doc
        .put_object(&map, "short", automerge::ObjType::Map)
        .unwrap();
    doc.put(&short, "title", "Only a title").unwrap();
    let read: Order = document::read(&doc).unwrap();
    assert_eq!(read.notices["short"].title, "Only a title");
    assert!(read.notices["short"].party.is_empty());
    assert!(notices::board(&copies(&[("o1", &read)]))
        .iter()
        .all(|b| b.notice.id != "short"));

    let (_, n1) = doc.get(&map, "n1").unwrap().unwrap();
    doc.put(&n1, "title", 42_i64).unwrap();
    let said = document::read::<Order>(&doc).unwrap_err().to_string();
    assert!(said.contains("notices.n1.title"), "{said}");
}

#[test]
fn the_daily_report_hears_what_was_sent_and_read_that_day_and_nothing_withdrawn() {
    let mut o = made_by("f1");
    notices::post(&mut o, "n1", posting("f1")).unwrap();
    let other = Posting {
        title: "Sent by mistake",
        ..posting("f1")
    };
    notices::post(&mut o, "n2", other).unwrap();
    notices::withdraw(&mut o, "n2", "Li", "wrong text", day(TODAY)).unwrap();
    notices::acknowledge(&mut o, "n1", "Wang", "", day(TODAY)).unwrap();
    notices::acknowledge(&mut o, "n1", "Zhao", "by phone", day("2026-07-11")).unwrap();
    let board = notices::board(&copies(&[("o1", &o)]));
    let today: Vec<_> = notices::news_on(&board, day(TODAY))
        .into_iter()
        .map(|(b, n)| (b.notice.id.clone(), n))
        .collect();
    assert_eq!(
        today,
        vec![
            ("n1".to_string(), notices::DayNews::Sent),
            (
                "n1".to_string(),
                notices::DayNews::Read {
                    who: "Wang".into(),
                    note: String::new()
                }
            ),
        ]
    );
    let next: Vec<_> = notices::news_on(&board, day("2026-07-11"))
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    assert_eq!(
        next,
        vec![notices::DayNews::Read {
            who: "Zhao".into(),
            note: "by phone".into()
        }]
    );
    assert!(notices::news_on(&board, day("2026-07-12")).is_empty());

    // Withdrawn on a later day: that day's report says so (the factory may have read it); the
    // day it was sent no longer says it was sent.
    notices::withdraw(&mut o, "n1", "Li", "meeting moved", day("2026-07-12")).unwrap();
    let board = notices::board(&copies(&[("o1", &o)]));
    let later: Vec<_> = notices::news_on(&board, day("2026-07-12"))
        .into_iter()
        .map(|(b, n)| (b.notice.id.clone(), n))
        .collect();
    assert_eq!(
        later,
        vec![(
            "n1".to_string(),
            notices::DayNews::Withdrawn {
                said: "Li — meeting moved".into()
            }
        )]
    );
    assert!(notices::news_on(&board, day(TODAY)).is_empty());
    // A withdrawal from a build that kept no day is news on no day.
    o.notices.get_mut("n1").unwrap().withdrawn_on = None;
    let board = notices::board(&copies(&[("o1", &o)]));
    assert!(notices::news_on(&board, day("2026-07-12")).is_empty());
}
