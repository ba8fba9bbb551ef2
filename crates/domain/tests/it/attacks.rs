//! Attacks on the newest rules over real documents: each test takes a path around one rule — a
//! status route the rule's own tests do not walk, two devices' edits merged, a value a person
//! could type, data an older build left — and fails if the rule were missing. The rules: an
//! order ever confirmed keeps the buyer's PO; only the latest approved round of a kind is sealed,
//! once, and a later round or a disagreeing reply makes the seal stop counting; someone else's
//! booking is booked only while confirmed for its day, a passed day is missed, and an inspection
//! takes up only a booking whose day has come; Today lists a claim's money until it is back.

use crate::common::*;
use automerge::AutoCommit;
use gendan_domain::agenda::Agenda;
use gendan_domain::bookings::{self, BookingState, Inspector, NewBooking};
use gendan_domain::claims::{self, Recovering};
use gendan_domain::commercial::Commercial;
use gendan_domain::inspection::{self, Inspection, InspectionKind};
use gendan_domain::lifecycle::{self, start, transition, Gates};
use gendan_domain::problem::{Field, Issue, Problem};
use gendan_domain::qty_revision::{save_header, Reviser};
use gendan_domain::samples::{self, Sample, SampleKind, SampleResult, Seal};
use gendan_domain::shipment::incidents::{self, Incident, IncidentKind};
use gendan_domain::shipment::Shipment;
use gendan_domain::{document, DomainError, Order, OrderStatus, Price};

// ---- shared ----------------------------------------------------------------------------------

#[track_caller]
fn refused_for_po(r: Result<(), DomainError>) {
    refused(r, Field::CustomerPo, Issue::Required);
}

/// One commit on `doc` by `who`, which must succeed.
fn on(doc: &mut AutoCommit, who: &str, f: impl FnOnce(&mut Order) -> Result<(), DomainError>) {
    document::commit::<Order, (), DomainError>(doc, &author(who), 1_000, f).unwrap();
}

// ---- 1. an order ever confirmed keeps the buyer's PO -----------------------------------------

fn in_development() -> Order {
    let mut o = Order::new();
    o.customer = "Nordic Wear".into();
    o.style_no = "NW-DEV-7".into();
    o.ex_factory = Some(day("2026-09-01"));
    o
}

fn to(o: &mut Order, s: OrderStatus, at: i64) -> Result<(), DomainError> {
    let why = (s == OrderStatus::Cancelled).then_some("buyer dropped the style");
    transition(o, None, s, &Gates::none(), "li", at, why)
}

/// The form's path: only the PO changed from what the form opened with.
fn clear_po(current: &mut Order) -> Result<(), DomainError> {
    let base = current.clone();
    let mut edited = current.clone();
    edited.customer_po = String::new();
    let by = Reviser {
        who: "li",
        today: day("2026-05-02"),
        reason: "",
        change_id: "ch1",
    };
    save_header(&base, &edited, current, by)
}

#[test]
fn a_po_of_full_width_or_non_breaking_spaces_is_no_po_and_the_style_still_names_the_order() {
    // What a Chinese input method or a paste from a spreadsheet or web page leaves in the
    // field: white space, zero-width spaces and joiners, a byte-order mark.
    for blank in [
        "\u{3000}",
        "\u{a0}\u{a0}",
        " \t\u{3000} ",
        "\u{200B}",
        "\u{FEFF}\u{200B} ",
        "\u{2060}\u{200D}",
    ] {
        let mut o = in_development();
        o.customer_po = blank.into();
        assert_eq!(o.name(), "NW-DEV-7", "{blank:?} names nothing");
        refused_for_po(to(&mut o, OrderStatus::Confirmed, 10));
        let mut new = o.clone();
        new.status = OrderStatus::Confirmed;
        refused_for_po(start(&mut new, None, &Gates::none(), "li", 10));
        // Once confirmed, typing such a PO over the real one is clearing it.
        let mut ordered = in_development();
        ordered.customer_po = "PO-55".into();
        to(&mut ordered, OrderStatus::Confirmed, 10).unwrap();
        let base = ordered.clone();
        let mut edited = ordered.clone();
        edited.customer_po = blank.into();
        let by = Reviser {
            who: "li",
            today: day("2026-05-02"),
            reason: "",
            change_id: "ch1",
        };
        refused_for_po(save_header(&base, &edited, &mut ordered, by));
        assert_eq!(ordered.customer_po, "PO-55");
    }
}

#[test]
fn a_new_order_started_on_hold_resumes_only_as_a_draft_and_is_confirmed_only_with_its_po() {
    let g = Gates::none();
    let mut o = in_development();
    o.status = OrderStatus::OnHold;
    start(&mut o, None, &g, "li", 10).unwrap();
    assert_eq!(
        (o.status, o.held_from),
        (OrderStatus::OnHold, Some(OrderStatus::Draft))
    );
    assert!(!o.needs_po(), "a development held is not an order");
    // It returns only to where it left; a hold whose record a merge lost falls back on the log,
    // which says draft too.
    assert!(to(&mut o, OrderStatus::Confirmed, 11).is_err());
    let mut lost = o.clone();
    lost.held_from = None;
    assert_eq!(lifecycle::held_from(&lost), Some(OrderStatus::Draft));
    assert!(to(&mut lost, OrderStatus::Confirmed, 11).is_err());
    to(&mut o, OrderStatus::Draft, 12).unwrap();
    refused_for_po(to(&mut o, OrderStatus::Confirmed, 13));
    o.customer_po = "PO-55".into();
    to(&mut o, OrderStatus::Confirmed, 14).unwrap();
}

#[test]
fn an_order_held_from_production_keeps_its_po_even_once_the_hold_forgets_where_it_came_from() {
    let mut o = in_development();
    o.customer_po = "PO-55".into();
    to(&mut o, OrderStatus::Confirmed, 10).unwrap();
    to(&mut o, OrderStatus::InProduction, 11).unwrap();
    to(&mut o, OrderStatus::OnHold, 12).unwrap();
    refused_for_po(clear_po(&mut o));
    // A merge that lost the hold's record (a concurrent move wrote over it): the log still says
    // the buyer ordered.
    o.held_from = None;
    refused_for_po(clear_po(&mut o));
    to(&mut o, OrderStatus::Cancelled, 13).unwrap();
    refused_for_po(clear_po(&mut o));
    assert_eq!(o.customer_po, "PO-55");
}

#[test]
fn an_older_order_confirmed_before_the_status_log_was_kept_still_keeps_its_po() {
    // An older build kept no log: the status alone says the buyer ordered.
    for status in [
        OrderStatus::Confirmed,
        OrderStatus::InProduction,
        OrderStatus::ReadyToShip,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Closed,
    ] {
        let mut o = full_order();
        o.status = status;
        assert!(o.status_log.is_empty());
        assert!(o.needs_po(), "{status:?}");
        refused_for_po(clear_po(&mut o));
        assert_eq!(o.customer_po, "PO-1");
    }
}

#[test]
fn a_confirmation_undone_on_another_device_keeps_the_po_required_after_the_merge() {
    let mut typed = in_development();
    typed.customer_po = "PO-55".into();
    let (mut a, mut b) = pair(&typed);
    // Offline: one device clears the PO of what it still sees as a development; the other
    // confirms the order, then steps it back to draft (the buyer's PO came a day early).
    on(&mut a, "li", clear_po);
    on(&mut b, "wang", |o| {
        to(o, OrderStatus::Confirmed, 10)?;
        to(o, OrderStatus::Draft, 11)
    });
    let mut o: Order = merged(&mut a, &mut b);
    assert_eq!((o.status, o.customer_po.as_str()), (OrderStatus::Draft, ""));
    assert!(o.needs_po(), "the log says the buyer ordered");
    assert!(o
        .problems()
        .contains(&Problem::new(Field::CustomerPo, Issue::Required)));
    // Nothing moves it on, by any route, until the PO is back.
    refused_for_po(to(&mut o.clone(), OrderStatus::Confirmed, 12));
    let base = o.clone();
    let mut edited = o.clone();
    edited.description = "knit polo".into();
    let by = Reviser {
        who: "li",
        today: day("2026-05-02"),
        reason: "",
        change_id: "ch1",
    };
    refused_for_po(save_header(&base, &edited, &mut o, by));
}

#[test]
fn a_merged_order_confirmed_without_its_po_goes_no_further_forward() {
    let mut typed = in_development();
    typed.customer_po = "PO-55".into();
    let (mut a, mut b) = pair(&typed);
    on(&mut a, "li", clear_po);
    on(&mut b, "wang", |o| to(o, OrderStatus::Confirmed, 10));
    let mut o: Order = merged(&mut a, &mut b);
    assert_eq!(
        (o.status, o.customer_po.as_str()),
        (OrderStatus::Confirmed, "")
    );
    // Into production, or shipped by a day typed on a shipment: both are refused for the PO.
    refused_for_po(to(&mut o.clone(), OrderStatus::InProduction, 11));
    let mut shipping = o.clone();
    shipping.shipments.insert("s".into(), Shipment::default());
    let r = lifecycle::set_shipped_on(
        &mut shipping,
        None,
        "s",
        Some(day("2026-05-02")),
        &Gates::none(),
        "li",
        11,
        day("2030-01-01"),
        Some("urgent"),
    );
    assert!(r.is_err(), "a confirmed order does not ship: {r:?}");
    // A hold and a resume do not launder it either.
    to(&mut o, OrderStatus::OnHold, 12).unwrap();
    refused_for_po(to(&mut o, OrderStatus::Confirmed, 13));
    assert!(o.needs_po());
}

// ---- 2. sealed reference samples -------------------------------------------------------------

fn pp(o: &mut Order, id: &str) {
    let s = Sample {
        kind: SampleKind::PreProduction,
        sent: Some(day("2026-04-01")),
        ..Sample::default()
    };
    samples::add(o, id, s, day("2026-04-01")).unwrap();
}

fn approve(o: &mut Order, id: &str, by: (&str, &str)) {
    // After every round here was sent.
    let d = day("2026-04-12");
    samples::record_reply_by(o, id, SampleResult::Approved, "", d, d, by).unwrap();
}

fn seal(o: &mut Order, id: &str, kept_at: &str) -> Result<(), DomainError> {
    samples::seal(o, id, ("Li", day("2026-04-13"), kept_at))
}

fn kept_at(o: &Order) -> Vec<(u32, String)> {
    samples::sealed_refs(o)
        .into_iter()
        .map(|r| (r.round, r.seal.kept_at))
        .collect()
}

/// An order without the fixture's sample, with PP round 1 ("pp1") approved.
fn approved_pp() -> Order {
    let mut o = full_order();
    o.samples.clear();
    pp(&mut o, "pp1");
    approve(&mut o, "pp1", ("Li", "r1"));
    o
}

#[test]
fn a_seal_merged_with_a_later_round_made_on_another_device_stops_counting() {
    let o = approved_pp();
    let (mut a, mut b) = pair(&o);
    // Offline: one device seals round 1; the other sends round 2 (the buyer changed the trim).
    on(&mut a, "li", |o| seal(o, "pp1", "shelf A-3"));
    on(&mut b, "wang", |o| {
        let s = Sample {
            kind: SampleKind::PreProduction,
            sent: Some(day("2026-04-07")),
            ..Sample::default()
        };
        samples::add(o, "pp2", s, day("2026-04-07"))
    });
    let mut o: Order = merged(&mut a, &mut b);
    assert!(o.samples["pp1"].sealed.is_some(), "the seal is kept");
    assert!(!samples::seal_holds(&o, "pp1"), "round 2 replaced it");
    assert!(samples::references(&o).is_empty());
    // The old round is not sealed again, and the new one only once approved.
    refused(
        seal(&mut o, "pp2", "shelf A-3"),
        Field::SealKeptAt,
        Issue::NotApprovedToSeal,
    );
    approve(&mut o, "pp2", ("Li", "r2"));
    seal(&mut o, "pp2", "shelf B-1").unwrap();
    assert_eq!(kept_at(&o), vec![(2, "shelf B-1".to_string())]);
}

#[test]
fn two_devices_sealing_the_same_round_offline_leave_one_whole_seal() {
    let o = approved_pp();
    let (mut a, mut b) = pair(&o);
    on(&mut a, "li", |o| {
        samples::seal(o, "pp1", ("Li", day("2026-04-13"), "shelf A-3"))
    });
    on(&mut b, "wang", |o| {
        samples::seal(o, "pp1", ("Wang", day("2026-04-14"), "factory QC office"))
    });
    let mut o: Order = merged(&mut a, &mut b);
    let s = o.samples["pp1"].sealed.clone().unwrap();
    // One of the two as it was written, never who from one and where from the other.
    let li = Seal {
        who: "Li".into(),
        day: Some(day("2026-04-13")),
        kept_at: "shelf A-3".into(),
    };
    let wang = Seal {
        who: "Wang".into(),
        day: Some(day("2026-04-14")),
        kept_at: "factory QC office".into(),
    };
    assert!(s == li || s == wang, "a mix of two seals: {s:?}");
    assert_eq!(samples::references(&o).len(), 1, "sealed once");
    refused(
        seal(&mut o, "pp1", "shelf C-2"),
        Field::SealKeptAt,
        Issue::AlreadySealed,
    );
}

#[test]
fn a_reply_asking_for_another_round_after_the_seal_stops_it_counting_on_the_same_device() {
    let mut o = approved_pp();
    seal(&mut o, "pp1", "shelf A-3").unwrap();
    let d = day("2026-04-14");
    samples::record_reply_by(
        &mut o,
        "pp1",
        SampleResult::Resubmit,
        "shade off",
        d,
        d,
        ("Li", "r2"),
    )
    .unwrap();
    assert!(!samples::seal_holds(&o, "pp1"));
    assert!(samples::sealed_refs(&o).is_empty());
}

#[test]
fn a_new_round_of_another_kind_leaves_the_seal_standing() {
    let mut o = approved_pp();
    seal(&mut o, "pp1", "shelf A-3").unwrap();
    // A shipping sample (round 1 of its own kind) and a second fit round say nothing of the PP.
    for (id, kind) in [("sh1", SampleKind::Shipping), ("fit1", SampleKind::Fit)] {
        let s = Sample {
            kind,
            sent: Some(day("2026-04-07")),
            ..Sample::default()
        };
        samples::add(&mut o, id, s, day("2026-04-07")).unwrap();
    }
    assert!(samples::seal_holds(&o, "pp1"));
    assert_eq!(kept_at(&o), vec![(1, "shelf A-3".to_string())]);
}

/// `samples::add` used to keep a seal (and replies) the caller passed in: a round added already
/// "sealed" — a copy of the previous round, say — became a reference the moment the buyer
/// approved it, never sealed through `samples::seal`, dated before its approval, with a place
/// nobody typed for it. A new round starts unsealed, with no reply, as it starts pending.
#[test]
fn a_round_added_with_a_seal_already_on_it_is_not_sealed_until_sealed() {
    let mut o = approved_pp();
    seal(&mut o, "pp1", "shelf A-3").unwrap();
    // The next round, made from a copy of the sealed one.
    let mut copy = o.samples["pp1"].clone();
    copy.sent = Some(day("2026-04-10"));
    samples::add(&mut o, "pp2", copy, day("2026-04-10")).unwrap();
    let pp2 = &o.samples["pp2"];
    assert_eq!((pp2.round, &pp2.result), (2, &SampleResult::Pending));
    assert_eq!(pp2.sealed, None, "a new round is not sealed");
    assert!(pp2.replies.is_empty(), "nor answered");
    approve(&mut o, "pp2", ("Li", "r2"));
    assert!(
        samples::references(&o).is_empty(),
        "approved, round 2 is sealed only through seal"
    );
    seal(&mut o, "pp2", "shelf B-1").unwrap();
    assert_eq!(kept_at(&o), vec![(2, "shelf B-1".to_string())]);
}

// ---- 3. inspection bookings ------------------------------------------------------------------

const TODAY: &str = "2026-05-01";

fn booking(by: Inspector, agency: &'static str, on_day: &str) -> NewBooking<'static> {
    NewBooking {
        kind: InspectionKind::Final,
        day: day(on_day),
        by,
        agency,
        note: "",
        who: "Li",
        today: day(TODAY),
    }
}

fn final_lot(on_day: &str) -> Inspection {
    Inspection {
        kind: InspectionKind::Final,
        lot_size: 1000,
        scheduled: Some(day(on_day)),
        ..Inspection::default()
    }
}

fn booked_today(o: &Order, on_day: &str) -> Vec<(String, String)> {
    Agenda::of(o, None, &Gates::default())
        .today("A", day(on_day), 7)
        .inspections_booked
        .into_iter()
        .map(|i| (i.record.unwrap_or_default(), i.label))
        .collect()
}

fn with_factory() -> Order {
    let mut o = full_order();
    o.inspections.clear();
    o.factory = Some("f1".into());
    o
}

/// `bookings::take_up` used to take the earliest open booking whose day had come: with one
/// booking missed (our QC never went on the 4th) and the buyer's QC confirmed for the 6th, the
/// final inspection the buyer's QC held on the 6th took up the missed booking of the 4th and left
/// theirs open — said "missed" on Today from the next day though it was held. The inspection now
/// takes up the booking of its own day when there is one, else the earliest whose day has come.
#[test]
fn an_inspection_held_on_a_booked_day_takes_up_that_day_s_booking_not_an_older_missed_one() {
    let mut o = with_factory();
    bookings::book(&mut o, "missed", booking(Inspector::Own, "", "2026-05-04")).unwrap();
    bookings::book(
        &mut o,
        "buyer",
        booking(Inspector::Buyer, "Li Na", "2026-05-06"),
    )
    .unwrap();
    bookings::confirm(&mut o, "buyer", "Li", day("2026-05-02")).unwrap();
    inspection::start(&mut o, "i1", final_lot("2026-05-06"), "", (30, 50)).unwrap();
    assert_eq!(o.inspection_bookings["buyer"].state(), BookingState::Done);
    assert_eq!(
        o.inspection_bookings["buyer"].started.as_deref(),
        Some("i1")
    );
    assert!(o.inspection_bookings["missed"].is_missed(day("2026-05-07")));
    assert_eq!(
        booked_today(&o, "2026-05-07"),
        vec![("missed".into(), "final · own · missed · ".into())],
        "the day that was not held is the one said missed"
    );
    // With no booking on its day, an inspection held late still takes up the missed one.
    inspection::start(&mut o, "i2", final_lot("2026-05-07"), "", (30, 50)).unwrap();
    assert_eq!(o.inspection_bookings["missed"].state(), BookingState::Done);
}

#[test]
fn an_inspection_of_another_kind_or_with_no_day_takes_up_no_booking() {
    let mut o = with_factory();
    bookings::book(&mut o, "b1", booking(Inspector::Own, "", TODAY)).unwrap();
    let mut inline = final_lot(TODAY);
    inline.kind = InspectionKind::Inline;
    inspection::start(&mut o, "i1", inline, "", (30, 50)).unwrap();
    let mut undated = final_lot(TODAY);
    undated.scheduled = None;
    inspection::start(&mut o, "i2", undated, "", (30, 50)).unwrap();
    assert_eq!(o.inspection_bookings["b1"].state(), BookingState::Booked);
    inspection::start(&mut o, "i3", final_lot(TODAY), "", (30, 50)).unwrap();
    assert_eq!(o.inspection_bookings["b1"].state(), BookingState::Done);
}

#[test]
fn a_booking_moved_back_to_a_missed_day_by_a_merge_is_not_confirmed_after_the_fact() {
    let mut o = with_factory();
    bookings::book(
        &mut o,
        "b1",
        booking(Inspector::ThirdParty, "SGS", "2026-05-04"),
    )
    .unwrap();
    let (mut a, mut b) = pair(&o);
    // Offline: one device moves the booking to the 8th; the other records SGS confirming the 4th.
    on(&mut a, "li", |o| {
        bookings::reschedule(o, "b1", day("2026-05-08"), ("Li", "late", day(TODAY)))
    });
    on(&mut b, "wang", |o| {
        bookings::confirm(o, "b1", "Wang", day(TODAY))
    });
    let mut o: Order = merged(&mut a, &mut b);
    let b1 = &o.inspection_bookings["b1"];
    assert_eq!(
        b1.state(),
        BookingState::ToConfirm,
        "SGS said yes to the 4th"
    );
    // The 8th passes with nobody asking SGS again: missed, and not confirmed afterwards.
    assert!(b1.is_missed(day("2026-05-09")));
    refused(
        bookings::confirm(&mut o, "b1", "Li", day("2026-05-09")),
        Field::BookingDay,
        Issue::InPast,
    );
    assert_eq!(
        booked_today(&o, "2026-05-09"),
        vec![("b1".into(), "final · third_party · missed · SGS".into())]
    );
}

#[test]
fn a_booking_called_off_on_one_device_and_confirmed_on_another_stays_called_off() {
    let mut o = with_factory();
    bookings::book(
        &mut o,
        "b1",
        booking(Inspector::Buyer, "Li Na", "2026-05-06"),
    )
    .unwrap();
    let (mut a, mut b) = pair(&o);
    on(&mut a, "li", |o| {
        bookings::cancel(o, "b1", "Li", "buyer moved to a pre-shipment audit")
    });
    on(&mut b, "wang", |o| {
        bookings::confirm(o, "b1", "Wang", day(TODAY))
    });
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(o.inspection_bookings["b1"].state(), BookingState::Cancelled);
    assert!(booked_today(&o, "2026-05-06").is_empty());
    assert!(!o.inspection_bookings["b1"].is_missed(day("2026-05-07")));
}

#[test]
fn a_booking_held_on_one_device_while_another_moved_it_is_done_and_never_missed() {
    let mut o = with_factory();
    bookings::book(&mut o, "b1", booking(Inspector::Own, "", "2026-05-04")).unwrap();
    let (mut a, mut b) = pair(&o);
    on(&mut a, "li", |o| {
        inspection::start(o, "i1", final_lot("2026-05-04"), "", (30, 50))
    });
    on(&mut b, "wang", |o| {
        bookings::reschedule(o, "b1", day("2026-05-05"), ("Wang", "QC busy", day(TODAY)))
    });
    let o: Order = merged(&mut a, &mut b);
    assert_eq!(o.inspection_bookings["b1"].state(), BookingState::Done);
    assert!(!o.inspection_bookings["b1"].is_missed(day("2026-05-09")));
    assert!(booked_today(&o, "2026-05-09").is_empty());
}

#[test]
fn a_confirmed_booking_that_passed_is_said_missed_not_booked_on_today() {
    let mut o = with_factory();
    bookings::book(
        &mut o,
        "b1",
        booking(Inspector::Buyer, "Li Na", "2026-05-04"),
    )
    .unwrap();
    bookings::confirm(&mut o, "b1", "Li", day(TODAY)).unwrap();
    // The agenda is made on save and read days later: the state is judged on the day read.
    let stored = Agenda::of(&o, None, &Gates::default());
    let kept: Agenda = serde_json::from_str(&serde_json::to_string(&stored).unwrap()).unwrap();
    let labels = |on_day: &str| -> Vec<String> {
        kept.today("A", day(on_day), 7)
            .inspections_booked
            .into_iter()
            .map(|i| i.label)
            .collect()
    };
    assert_eq!(labels("2026-05-04"), vec!["final · buyer · booked · Li Na"]);
    assert_eq!(labels("2026-05-05"), vec!["final · buyer · missed · Li Na"]);
    assert_eq!(
        labels("2026-06-30"),
        vec!["final · buyer · missed · Li Na"],
        "missed stays listed until someone acts"
    );
}

// ---- 4. claims on Today ----------------------------------------------------------------------

fn price(s: &str) -> Price {
    s.parse().unwrap()
}

/// An order whose shipment left on 06-01 with 40 pieces wet (incident "wet"), settled with the
/// insurer's word, and its claim of USD 480 lodged.
fn claimed() -> (Order, Commercial) {
    let mut o = crate::claims::damaged();
    incidents::settle(&mut o, "s", "wet", ("Li", day("2026-06-20"), "PICC agreed")).unwrap();
    let mut c = Commercial::new("order-doc", "USD");
    claims::lodge(
        &mut c,
        &o,
        "wet",
        (price("480"), ""),
        ("Li", day("2026-06-12")),
    )
    .unwrap();
    (o, c)
}

fn back(amount: &str) -> Recovering<'static> {
    Recovering {
        incident: "wet",
        amount: price(amount),
        date: day("2026-06-28"),
        note: "PICC transfer",
        who: "Li",
        today: day("2026-07-01"),
    }
}

fn claim_rows(o: &Order, c: Option<&Commercial>) -> Vec<(String, String)> {
    Agenda::of(o, c, &Gates::default())
        .today("A", day("2026-07-01"), 7)
        .claims_outstanding
        .into_iter()
        .map(|i| (i.record.unwrap_or_default(), i.label))
        .collect()
}

#[test]
fn a_claim_s_money_is_listed_only_where_the_books_are() {
    let (o, c) = claimed();
    assert_eq!(
        claim_rows(&o, Some(&c)),
        vec![("wet".into(), "USD 480.00".into())]
    );
    assert!(
        claim_rows(&o, None).is_empty(),
        "a factory's copy says no money"
    );
}

#[test]
fn recoveries_merged_from_two_devices_beyond_the_claim_leave_nothing_listed_as_to_come_back() {
    let (o, c) = claimed();
    let (mut a, mut b) = pair(&c);
    let rec = |doc: &mut AutoCommit, who: &str, id: &'static str, amount: &'static str| {
        document::commit::<Commercial, (), DomainError>(doc, &author(who), 1_000, |c| {
            claims::recover(c, id, back(amount))
        })
        .unwrap()
    };
    rec(&mut a, "li", "r1", "300");
    rec(&mut b, "wang", "r2", "300");
    let c: Commercial = merged(&mut a, &mut b);
    assert_eq!(claims::outstanding(&c, "wet"), Price::ZERO);
    assert_eq!(claims::beyond(&c, "wet"), price("120"));
    assert!(claim_rows(&o, Some(&c)).is_empty());
    // One of them voided (recorded twice), the rest of the claim is to come back again.
    let mut c = c;
    claims::void_recovery(&mut c, "r2", "Wang", "same transfer twice").unwrap();
    assert_eq!(
        claim_rows(&o, Some(&c)),
        vec![("wet".into(), "USD 180.00".into())]
    );
}

#[test]
fn a_claim_revised_up_after_its_money_came_back_is_listed_again_for_the_difference() {
    let (o, mut c) = claimed();
    claims::recover(&mut c, "r1", back("480")).unwrap();
    assert!(claim_rows(&o, Some(&c)).is_empty());
    claims::lodge(
        &mut c,
        &o,
        "wet",
        (price("530"), ""),
        ("Li", day("2026-07-01")),
    )
    .unwrap();
    assert_eq!(
        claim_rows(&o, Some(&c)),
        vec![("wet".into(), "USD 50.00".into())]
    );
}

#[test]
fn an_incident_reported_again_keeps_its_settlement_so_its_claim_stays_a_claim_not_an_incident() {
    let (mut o, c) = claimed();
    // The note corrected after settling: the incident is not reopened by it.
    let again = Incident {
        kind: IncidentKind::Damage,
        day: Some(day("2026-06-10")),
        pieces: 40,
        note: "4 cartons wet".into(),
        claim: "PICC 2026-118".into(),
        who: "li".into(),
        settled: None,
    };
    incidents::report(&mut o, "s", "wet", again, day("2026-07-01")).unwrap();
    let t = Agenda::of(&o, Some(&c), &Gates::default()).today("A", day("2026-07-01"), 7);
    assert!(t.transit_incidents.is_empty());
    assert_eq!(t.claims_outstanding.len(), 1);
}

/// Shipments another build wrote with pieces near the limit of a count must not wrap to a few:
/// the goods would be worth a dollar and a dollar received would open the balance gate.
#[test]
fn shipped_pieces_near_the_limit_never_value_the_goods_at_next_to_nothing() {
    let mut o = full_order();
    o.status = OrderStatus::ReadyToShip;
    let mut c = Commercial::new("order-doc", "USD");
    c.unit_price = "1".parse().ok();
    c.plan_receivables(&o).unwrap();
    for (id, pcs) in [("a", u64::MAX), ("b", 2)] {
        let mut s = Shipment::default();
        s.quantities.insert("black:m".into(), pcs);
        o.shipments.insert(id.into(), s);
    }
    // A carton line packing as many again.
    let mut s = Shipment::default();
    let line = gendan_domain::packing::CartonLine {
        from: 1,
        to: 2,
        per_carton: [("black:m".to_string(), u64::MAX)].into_iter().collect(),
        ..Default::default()
    };
    s.carton_lines.insert("l".into(), line);
    o.shipments.insert("c".into(), s);
    assert_eq!(gendan_domain::shipped::shipped_total(&o), u64::MAX);
    assert_eq!(
        gendan_domain::shipped::shipped_cells(&o)["black:m"],
        u64::MAX
    );
    c.receipts.insert(
        "r".into(),
        gendan_domain::commercial::Receipt {
            amount: "1".parse().unwrap(),
            recorded_by: "li".into(),
            confirmed_by: Some("finance".into()),
            ..Default::default()
        },
    );
    assert!(c.owed(&o) > "1".parse().unwrap(), "{:?}", c.owed(&o));
    assert!(!c.balance_opens_gate_for(&o));
}
