//! 验货预约 over real documents, tried from every side: an inspection the buyer's QC or a third
//! party runs is booked only once they confirm that very day; a move (here, or merged from a
//! device that moved it offline while another recorded the confirmation) leaves it to confirm
//! again; our own QC's booking needs no one's confirmation; moves and cancellations say who and
//! why; the inspection started once the day came takes the booking up, never one still to come;
//! and Today lists what is to confirm, and the week's bookings.

use crate::common::*;
use gendan_domain::agenda::Agenda;
use gendan_domain::bookings::{self, BookingState, Inspector, NewBooking};
use gendan_domain::inspection::{self, Inspection, InspectionKind};
use gendan_domain::lifecycle::Gates;
use gendan_domain::order::{Field, Issue};
use gendan_domain::{document, DomainError, Order};

const TODAY: &str = "2026-05-01";

fn new(by: Inspector, agency: &'static str, on: &str) -> NewBooking<'static> {
    NewBooking {
        kind: InspectionKind::Final,
        day: day(on),
        by,
        agency,
        note: "bring the sealed PP sample",
        who: "Li",
        today: day(TODAY),
    }
}

fn state(o: &Order, id: &str) -> BookingState {
    o.inspection_bookings[id].state()
}

/// The rows Today lists on `on` as (booking, label).
fn today(o: &Order, on: &str) -> Vec<(String, String)> {
    Agenda::of(o, None, &Gates::default())
        .today("A", day(on), 7)
        .inspections_booked
        .into_iter()
        .map(|i| (i.record.unwrap_or_default(), i.label))
        .collect()
}

#[test]
fn someone_else_s_inspection_is_booked_once_they_confirm_that_very_day() {
    let mut o = full_order();
    refused(
        bookings::book(&mut o, "b1", new(Inspector::Buyer, " ", "2026-05-20")),
        Field::BookingAgency,
        Issue::Required,
    );
    refused(
        bookings::book(&mut o, "b1", new(Inspector::Buyer, "Li Na", "2026-04-30")),
        Field::BookingDay,
        Issue::InPast,
    );
    bookings::book(&mut o, "b1", new(Inspector::Buyer, "Li Na", "2026-05-20")).unwrap();
    assert_eq!(state(&o, "b1"), BookingState::ToConfirm);
    // Still to confirm: listed on Today though it is weeks away.
    assert_eq!(
        today(&o, TODAY),
        vec![("b1".into(), "final · buyer · confirm · Li Na".into())]
    );
    bookings::confirm(&mut o, "b1", "Li", day("2026-05-02")).unwrap();
    assert_eq!(state(&o, "b1"), BookingState::Booked);
    assert!(
        today(&o, TODAY).is_empty(),
        "confirmed, it waits for its week"
    );
    // The state is read where the label puts it, not found in a name typed after it.
    let mut odd = o.clone();
    odd.inspection_bookings.get_mut("b1").unwrap().agency = "QC · confirm · desk".into();
    assert!(today(&odd, TODAY).is_empty());
    assert_eq!(
        today(&o, "2026-05-15"),
        vec![("b1".into(), "final · buyer · booked · Li Na".into())]
    );
    // The factory is late: the day moves, with who and why, and is to confirm again.
    assert!(matches!(
        bookings::reschedule(&mut o, "b1", day("2026-05-25"), ("Li", " ", day(TODAY))),
        Err(DomainError::ReasonRequired)
    ));
    refused(
        bookings::reschedule(&mut o, "b1", day("2026-04-01"), ("Li", "late", day(TODAY))),
        Field::BookingDay,
        Issue::InPast,
    );
    let why = ("Li", "packing two days late", day(TODAY));
    bookings::reschedule(&mut o, "b1", day("2026-05-25"), why).unwrap();
    let b = &o.inspection_bookings["b1"];
    assert_eq!(b.state(), BookingState::ToConfirm);
    assert_eq!(b.confirmed_another_day(), Some(day("2026-05-20")));
    assert_eq!(
        b.moves,
        vec!["2026-05-20 → 2026-05-25: Li — packing two days late"]
    );
    bookings::confirm(&mut o, "b1", "Li", day(TODAY)).unwrap();
    assert_eq!(state(&o, "b1"), BookingState::Booked);

    // Our own QC's booking is booked as made.
    bookings::book(&mut o, "b2", new(Inspector::Own, "", "2026-05-03")).unwrap();
    assert_eq!(state(&o, "b2"), BookingState::Booked);
    refused(
        bookings::confirm(&mut o, "b2", "Li", day(TODAY)),
        Field::BookingDay,
        Issue::OwnNeedsNoConfirmation,
    );
    // Called off with who and why; then nothing more is done to it.
    assert!(matches!(
        bookings::cancel(&mut o, "b2", "Li", ""),
        Err(DomainError::ReasonRequired)
    ));
    bookings::cancel(&mut o, "b2", "Li", "merged into the final").unwrap();
    assert_eq!(state(&o, "b2"), BookingState::Cancelled);
    refused(
        bookings::reschedule(&mut o, "b2", day("2026-05-04"), why),
        Field::BookingDay,
        Issue::BookingClosed,
    );
}

#[test]
fn a_move_merged_with_a_confirmation_for_the_old_day_is_to_confirm_again() {
    for confirm_first in [true, false] {
        let mut o = full_order();
        bookings::book(
            &mut o,
            "b1",
            new(Inspector::ThirdParty, "SGS Ningbo", "2026-05-20"),
        )
        .unwrap();
        let (mut a, mut b) = pair(&o);
        // Offline: one device records SGS's confirmation of the 20th, the other moves it.
        let confirm = |doc: &mut automerge::AutoCommit| {
            document::commit::<Order, (), DomainError>(doc, &author("li"), 1_000, |o| {
                bookings::confirm(o, "b1", "Li", day(TODAY))
            })
            .unwrap()
        };
        let moved = |doc: &mut automerge::AutoCommit| {
            document::commit::<Order, (), DomainError>(doc, &author("wang"), 1_000, |o| {
                let why = ("Wang", "fabric late", day(TODAY));
                bookings::reschedule(o, "b1", day("2026-05-27"), why)
            })
            .unwrap()
        };
        if confirm_first {
            confirm(&mut a);
            moved(&mut b);
        } else {
            moved(&mut b);
            confirm(&mut a);
        }
        let o: Order = merged(&mut a, &mut b);
        let b1 = &o.inspection_bookings["b1"];
        assert_eq!(b1.day, Some(day("2026-05-27")));
        assert_eq!(
            b1.state(),
            BookingState::ToConfirm,
            "SGS said yes to the 20th only"
        );
        assert_eq!(b1.confirmed_another_day(), Some(day("2026-05-20")));
    }
}

#[test]
fn the_inspection_started_takes_up_the_earliest_booking_of_its_kind() {
    let mut o = full_order();
    o.inspections.clear();
    bookings::book(&mut o, "late", new(Inspector::Own, "", "2026-05-08")).unwrap();
    bookings::book(
        &mut o,
        "early",
        new(Inspector::Buyer, "Li Na", "2026-05-02"),
    )
    .unwrap();
    let mut inline = new(Inspector::Own, "", "2026-05-02");
    inline.kind = InspectionKind::Inline;
    bookings::book(&mut o, "inline", inline).unwrap();
    let lot = |kind: InspectionKind, on: &str| Inspection {
        kind,
        lot_size: 1000,
        scheduled: Some(day(on)),
        ..Inspection::default()
    };
    o.factory = Some("f1".into());
    // An unplanned inline check the day before takes no booking of a day still to come.
    inspection::start(
        &mut o,
        "i8",
        lot(InspectionKind::Inline, "2026-05-01"),
        "",
        (30, 50),
    )
    .unwrap();
    assert_eq!(state(&o, "inline"), BookingState::Booked);
    inspection::start(
        &mut o,
        "i9",
        lot(InspectionKind::Final, "2026-05-02"),
        "",
        (30, 50),
    )
    .unwrap();
    assert_eq!(state(&o, "early"), BookingState::Done);
    assert_eq!(
        o.inspection_bookings["early"].started.as_deref(),
        Some("i9")
    );
    assert_eq!(state(&o, "late"), BookingState::Booked);
    assert_eq!(state(&o, "inline"), BookingState::Booked);
    let listed: Vec<String> = today(&o, "2026-05-02")
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(listed, vec!["inline".to_string(), "late".to_string()]);
    refused(
        bookings::confirm(&mut o, "early", "Li", day("2026-05-02")),
        Field::BookingDay,
        Issue::BookingClosed,
    );
}

#[test]
fn a_booking_whose_day_passed_with_no_inspection_is_missed_until_moved_held_or_called_off() {
    let mut o = full_order();
    o.inspections.clear();
    o.factory = Some("f1".into());
    bookings::book(&mut o, "own", new(Inspector::Own, "", "2026-05-04")).unwrap();
    bookings::book(
        &mut o,
        "buyer",
        new(Inspector::Buyer, "Li Na", "2026-05-04"),
    )
    .unwrap();
    bookings::book(&mut o, "gone", new(Inspector::Own, "", "2026-05-04")).unwrap();
    bookings::cancel(&mut o, "gone", "Li", "the buyer moved the order").unwrap();
    let missed = |o: &Order, on: &str| -> Vec<String> {
        bookings::in_order(o)
            .into_iter()
            .filter(|(_, b)| b.is_missed(day(on)))
            .map(|(id, _)| id.clone())
            .collect()
    };
    // On its day it is still to be held, not missed.
    assert!(missed(&o, "2026-05-04").is_empty());
    // The day after, both open ones are missed, confirmed or not; the cancelled one is not.
    assert_eq!(missed(&o, "2026-05-05"), vec!["buyer", "own"]);
    // Today keeps them, dated the day that passed and said missed, until someone acts.
    let row = |id: &str, label: &str| (id.to_string(), label.to_string());
    assert_eq!(
        today(&o, "2026-05-04"),
        vec![
            row("buyer", "final · buyer · confirm · Li Na"),
            row("own", "final · own · booked · "),
        ]
    );
    assert_eq!(
        today(&o, "2026-05-05"),
        vec![
            row("buyer", "final · buyer · missed · Li Na"),
            row("own", "final · own · missed · "),
        ]
    );
    // A day that passed is not confirmed after the fact.
    refused(
        bookings::confirm(&mut o, "buyer", "Li", day("2026-05-05")),
        Field::BookingDay,
        Issue::InPast,
    );
    // A move is refused into the past and puts it right for a coming day.
    refused(
        bookings::reschedule(
            &mut o,
            "buyer",
            day("2026-05-03"),
            ("Li", "factory late", day("2026-05-05")),
        ),
        Field::BookingDay,
        Issue::InPast,
    );
    bookings::reschedule(
        &mut o,
        "buyer",
        day("2026-05-07"),
        ("Li", "factory late", day("2026-05-05")),
    )
    .unwrap();
    assert_eq!(missed(&o, "2026-05-05"), vec!["own"]);
    // An inspection held late takes the missed booking up.
    let lot = Inspection {
        kind: InspectionKind::Final,
        lot_size: 1000,
        scheduled: Some(day("2026-05-05")),
        ..Inspection::default()
    };
    inspection::start(&mut o, "i1", lot, "", (30, 50)).unwrap();
    assert_eq!(state(&o, "own"), BookingState::Done);
    assert!(missed(&o, "2026-05-05").is_empty());
    // A booking made on another device and missed is missed here once merged.
    let (mut a, mut b) = pair(&o);
    document::commit::<Order, (), DomainError>(&mut b, &author("wang"), 1_000, |o| {
        bookings::book(o, "theirs", new(Inspector::Own, "", "2026-05-06"))
    })
    .unwrap();
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(missed(&o, "2026-05-07"), vec!["theirs"]);
}
