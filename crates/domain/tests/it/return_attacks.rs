//! Attacks on 不良品退货 (goods_returns.rs): each test takes one path around a rule — two
//! devices editing one return or its complaint offline and merging, values a person could
//! type at the edges, a document an older build wrote (no returns map yet) or a code this
//! build does not know, and the complaint's and the order's status routes — and checks the
//! rule still holds: a return names an open complaint, a day that has come and pieces within
//! what the complaint found defective; what is to be sent again is followed on Today until
//! sent and holds the complaint open; a void keeps the return on the record with who and why;
//! sending again is dated between the day the pieces came back and today, once.

use crate::common::*;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ReadDoc, Value, ROOT};
use gendan_domain::activity::{order_events, Event};
use gendan_domain::agenda::Agenda;
use gendan_domain::complaints::{self, ComplaintStatus};
use gendan_domain::goods_returns::{self, Disposition};
use gendan_domain::lifecycle::Gates;
use gendan_domain::order::{Field, Issue, OrderStatus};
use gendan_domain::report_facts::ReportFacts;
use gendan_domain::{document, DomainError, Order};

use crate::goods_returns::{back, today, with_complaints, TODAY};

/// The map return `id` is stored in, to write into it as another build would.
fn return_map(a: &AutoCommit, id: &str) -> automerge::ObjId {
    let map = |parent: &automerge::ObjId, key: &str| match a.get(parent, key).unwrap() {
        Some((Value::Object(ObjType::Map), obj)) => obj,
        other => panic!("{key}: {other:?}"),
    };
    map(&map(&ROOT, "goods_returns"), id)
}

fn row(id: &str, label: &str) -> (String, String) {
    (id.to_string(), label.to_string())
}

fn close(o: &mut Order, id: &str) -> Result<(), DomainError> {
    to(o, id, ComplaintStatus::Closed)
}

fn to(o: &mut Order, id: &str, status: ComplaintStatus) -> Result<(), DomainError> {
    complaints::handle(
        o,
        id,
        status,
        "Li",
        ("seam tension", "reworked and resent"),
        day(TODAY),
    )
}

fn resend(o: &mut Order, id: &str, on: &str, who: &str) -> Result<(), DomainError> {
    goods_returns::resend(o, id, day(on), (who, "SF 1", day(TODAY)))
}

/// Runs a domain edit through the document, as the app does.
fn commit(
    doc: &mut AutoCommit,
    who: &str,
    f: impl FnOnce(&mut Order) -> Result<(), DomainError>,
) -> Result<(), DomainError> {
    document::commit::<Order, (), DomainError>(doc, &author(who), 1_000, f)
}

/// The two replicas of an order holding return "r1" (40 pieces of "c" to rework, back on
/// 2026-07-05).
fn pair_with_r1() -> (AutoCommit, AutoCommit) {
    let mut o = with_complaints();
    goods_returns::record(
        &mut o,
        "r1",
        back("c", 40, "2026-07-05", Disposition::Rework),
    )
    .unwrap();
    pair(&o)
}

/// (returned, to resend) of complaint `id` in the complaints ledger.
fn ledger(o: &Order, id: &str) -> (u64, u64) {
    let f = ReportFacts::of(o)
        .complaint_list
        .into_iter()
        .find(|f| f.id == id)
        .expect("complaint listed");
    (f.returned, f.to_resend)
}

// ---- two devices ----

#[test]
fn a_return_voided_on_one_device_while_another_sent_it_again_is_neither_followed_nor_counted() {
    let (mut a, mut b) = pair_with_r1();
    commit(&mut a, "li", |o| {
        goods_returns::void(o, "r1", "Li", "typed on the wrong order")
    })
    .unwrap();
    let voided: Order = document::read(&a).unwrap();
    commit(&mut b, "wang", |o| resend(o, "r1", "2026-07-08", "Wang")).unwrap();
    let mut o: Order = merged(&mut a, &mut b);
    let r = &o.goods_returns["r1"];
    assert_eq!(r.voided, "Li — typed on the wrong order");
    assert!(r.resent.is_some(), "the resend is kept on the record too");
    assert_eq!(goods_returns::returned_on(&o, "c"), 0, "voided ones aside");
    assert!(today(&o).is_empty());
    assert_eq!(ledger(&o, "c"), (0, 0));
    // The device that voided it reads no news of goods sent for a return it voided.
    assert_eq!(
        order_events(Some(&voided), &o),
        vec![Event::OtherChanges { count: 1 }]
    );
    // The 40 pieces are free again, and nothing holds the complaint.
    goods_returns::record(&mut o, "r2", back("c", 60, TODAY, Disposition::Scrap)).unwrap();
    close(&mut o, "c").unwrap();
}

#[test]
fn two_devices_sending_one_return_again_on_different_days_keep_one_whole_resend() {
    let (mut a, mut b) = pair_with_r1();
    commit(&mut a, "li", |o| resend(o, "r1", "2026-07-06", "Li")).unwrap();
    commit(&mut b, "wang", |o| resend(o, "r1", "2026-07-09", "Wang")).unwrap();
    let mut o: Order = merged(&mut a, &mut b);
    let sent = o.goods_returns["r1"].resent.clone().unwrap();
    // One device's resend wins whole: never Li's day with Wang's name.
    assert!(
        [
            (Some(day("2026-07-06")), "Li"),
            (Some(day("2026-07-09")), "Wang")
        ]
        .contains(&(sent.day, sent.who.as_str())),
        "{sent:?}"
    );
    assert!(today(&o).is_empty());
    refused(
        resend(&mut o, "r1", TODAY, "Li"),
        Field::ResentDay,
        Issue::NothingToResend,
    );
    close(&mut o, "c").unwrap();
}

#[test]
fn a_disposition_changed_on_one_device_while_another_sent_the_pieces_keeps_the_resend() {
    let (mut a, mut b) = pair_with_r1();
    commit(&mut a, "li", |o| resend(o, "r1", "2026-07-08", "Li")).unwrap();
    edit::<Order>(&mut b, "wang", |o| {
        o.goods_returns.get_mut("r1").unwrap().disposition = Disposition::Replace;
    });
    let o: Order = merged(&mut a, &mut b);
    let r = &o.goods_returns["r1"];
    assert_eq!(r.disposition, Disposition::Replace);
    assert_eq!(r.resent.as_ref().unwrap().day, Some(day("2026-07-08")));
    assert!(today(&o).is_empty(), "sent is sent, whatever it is called");
}

#[test]
fn scrapped_pieces_turned_to_replace_on_another_device_are_followed_and_hold_the_complaint() {
    let mut o = with_complaints();
    goods_returns::record(
        &mut o,
        "r1",
        back("c", 40, "2026-07-05", Disposition::Scrap),
    )
    .unwrap();
    let (mut a, mut b) = pair(&o);
    // Li, seeing nothing owed, resolves the complaint; Wang hears the buyer wants new pieces.
    commit(&mut a, "li", |o| to(o, "c", ComplaintStatus::Resolved)).unwrap();
    edit::<Order>(&mut b, "wang", |o| {
        o.goods_returns.get_mut("r1").unwrap().disposition = Disposition::Replace;
    });
    let mut o: Order = merged(&mut a, &mut b);
    assert_eq!(o.complaints["c"].status, ComplaintStatus::Resolved);
    assert_eq!(today(&o), vec![row("r1", "40 · replace")]);
    assert_eq!(ledger(&o, "c"), (40, 40));
    // Resolved to closed, or resolved again with better words, waits for the pieces.
    refused(
        close(&mut o, "c"),
        Field::Resolution,
        Issue::ReturnsToResend,
    );
    refused(
        to(&mut o, "c", ComplaintStatus::Resolved),
        Field::Resolution,
        Issue::ReturnsToResend,
    );
    resend(&mut o, "r1", TODAY, "Li").unwrap();
    close(&mut o, "c").unwrap();
}

#[test]
fn a_return_recorded_offline_against_a_complaint_removed_elsewhere_is_still_followed() {
    let o = with_complaints();
    let (mut a, mut b) = pair(&o);
    edit::<Order>(&mut a, "li", |o| {
        o.complaints.remove("c");
    });
    commit(&mut b, "wang", |o| {
        goods_returns::record(o, "r1", back("c", 30, "2026-07-05", Disposition::Rework))
    })
    .unwrap();
    let mut o: Order = merged(&mut a, &mut b);
    assert!(!o.complaints.contains_key("c"));
    // The buyer is owed the pieces whatever became of the complaint.
    assert_eq!(today(&o), vec![row("r1", "30 · rework")]);
    assert_eq!(goods_returns::of_complaint(&o, "c").len(), 1);
    // No new return can name the missing complaint.
    assert!(matches!(
        goods_returns::record(&mut o, "r2", back("c", 1, TODAY, Disposition::Rework)),
        Err(DomainError::NotFound { .. })
    ));
    resend(&mut o, "r1", TODAY, "Li").unwrap();
    assert!(today(&o).is_empty());
}

#[test]
fn a_defective_count_lowered_on_another_device_caps_later_returns_at_the_lower_count() {
    let o = with_complaints();
    let (mut a, mut b) = pair(&o);
    edit::<Order>(&mut a, "li", |o| {
        o.complaints.get_mut("c").unwrap().defective_qty = 20;
    });
    commit(&mut b, "wang", |o| {
        goods_returns::record(o, "r1", back("c", 40, TODAY, Disposition::Rework))
    })
    .unwrap();
    let mut o: Order = merged(&mut a, &mut b);
    // The 40 recorded stay (a record is never lost); no more comes back.
    assert_eq!(goods_returns::returned_on(&o, "c"), 40);
    refused(
        goods_returns::record(&mut o, "r2", back("c", 1, TODAY, Disposition::Rework)),
        Field::ReturnQty,
        Issue::AtMost(0),
    );
    // Voided, the 40 free the lower count only.
    goods_returns::void(&mut o, "r1", "Li", "counted before the recount").unwrap();
    refused(
        goods_returns::record(&mut o, "r2", back("c", 21, TODAY, Disposition::Rework)),
        Field::ReturnQty,
        Issue::AtMost(20),
    );
    goods_returns::record(&mut o, "r2", back("c", 20, TODAY, Disposition::Rework)).unwrap();
}

#[test]
fn a_void_on_one_device_and_a_return_on_another_count_only_what_is_live() {
    let (mut a, mut b) = pair_with_r1();
    // Li voids the 40 and records them again under the right complaint; Wang records the
    // last 20 he saw room for.
    commit(&mut a, "li", |o| {
        goods_returns::void(o, "r1", "Li", "wrong complaint")?;
        goods_returns::record(o, "w1", back("whole", 40, TODAY, Disposition::Rework))
    })
    .unwrap();
    commit(&mut b, "wang", |o| {
        goods_returns::record(o, "r2", back("c", 20, TODAY, Disposition::Replace))
    })
    .unwrap();
    let mut o: Order = merged(&mut a, &mut b);
    assert_eq!(goods_returns::returned_on(&o, "c"), 20);
    assert_eq!(goods_returns::returned_on(&o, "whole"), 40);
    assert_eq!(
        today(&o),
        vec![row("r2", "20 · replace"), row("w1", "40 · rework")]
    );
    refused(
        goods_returns::record(&mut o, "r3", back("c", 41, TODAY, Disposition::Scrap)),
        Field::ReturnQty,
        Issue::AtMost(40),
    );
    // The voided one stays on the record, listed with its complaint.
    assert_eq!(goods_returns::of_complaint(&o, "c").len(), 2);
}

#[test]
fn two_devices_voiding_one_return_keep_one_whole_reason_and_it_stays_void() {
    let (mut a, mut b) = pair_with_r1();
    commit(&mut a, "li", |o| {
        goods_returns::void(o, "r1", "Li", "counted twice")
    })
    .unwrap();
    commit(&mut b, "wang", |o| {
        goods_returns::void(o, "r1", "Wang", "wrong complaint")
    })
    .unwrap();
    let mut o: Order = merged(&mut a, &mut b);
    let said = o.goods_returns["r1"].voided.clone();
    assert!(
        ["Li — counted twice", "Wang — wrong complaint"].contains(&said.as_str()),
        "{said}"
    );
    assert_eq!(goods_returns::returned_on(&o, "c"), 0);
    assert!(today(&o).is_empty());
    refused(
        resend(&mut o, "r1", TODAY, "Li"),
        Field::ReturnQty,
        Issue::Cancelled,
    );
}

// ---- documents other builds wrote ----

/// A document of `o` as a build before returns wrote it: no `goods_returns` map.
fn older_pair(o: &Order) -> (AutoCommit, AutoCommit) {
    let mut a = document::create([1; 16], &author("li"), 1, o).unwrap();
    a.delete(ROOT, "goods_returns").unwrap();
    a.commit();
    let b = a.fork().with_actor(automerge::ActorId::from([2u8; 16]));
    (a, b)
}

#[test]
fn an_order_from_before_returns_takes_a_first_return_on_two_devices_and_follows_both() {
    let (mut a, mut b) = older_pair(&with_complaints());
    assert!(document::read::<Order>(&a)
        .unwrap()
        .goods_returns
        .is_empty());
    // Each device creates the returns map offline with its own first return; Li's goes again.
    commit(&mut a, "li", |o| {
        goods_returns::record(o, "r1", back("c", 30, "2026-07-05", Disposition::Rework))?;
        resend(o, "r1", TODAY, "Li")
    })
    .unwrap();
    commit(&mut b, "wang", |o| {
        goods_returns::record(o, "r2", back("c", 20, "2026-07-06", Disposition::Replace))
    })
    .unwrap();
    a.merge(&mut b).unwrap();
    assert_eq!(
        a.get_all(ROOT, "goods_returns").unwrap().len(),
        2,
        "two maps"
    );
    // Closing on the merged document sees Wang's return, whichever map Automerge shows.
    refused(
        commit(&mut a, "li", |o| close(o, "c")),
        Field::Resolution,
        Issue::ReturnsToResend,
    );
    // Any edit keeps both, and Today follows the one still owed.
    edit::<Order>(&mut a, "li", |o| o.port_of_loading = "Ningbo".into());
    let o: Order = document::read(&a).unwrap();
    assert_eq!(goods_returns::returned_on(&o, "c"), 50);
    assert_eq!(today(&o), vec![row("r2", "20 · replace")]);
}

#[test]
fn a_disposition_this_build_does_not_know_is_followed_and_kept_through_an_edit() {
    let (mut a, _) = pair_with_r1();
    // A newer build wrote its own code for what becomes of the pieces.
    let r1 = return_map(&a, "r1");
    a.put(&r1, "disposition", "exchange").unwrap();
    a.commit();
    let o: Order = document::read(&a).unwrap();
    assert_eq!(
        o.goods_returns["r1"].disposition,
        Disposition::Other("exchange".into())
    );
    // Not known as scrap, so the buyer may be owed pieces: followed, and the complaint waits.
    assert_eq!(today(&o), vec![row("r1", "40 · exchange")]);
    refused(
        commit(&mut a, "li", |o| close(o, "c")),
        Field::Resolution,
        Issue::ReturnsToResend,
    );
    // Sending again here keeps the code as written.
    commit(&mut a, "li", |o| resend(o, "r1", TODAY, "Li")).unwrap();
    let o: Order = document::read(&a).unwrap();
    assert_eq!(
        o.goods_returns["r1"].disposition,
        Disposition::Other("exchange".into())
    );
    assert!(today(&o).is_empty());
}

#[test]
fn a_field_a_newer_build_wrote_on_a_return_survives_sending_it_again_here() {
    let (mut a, _) = pair_with_r1();
    let r1 = return_map(&a, "r1");
    a.put(&r1, "exchange_ref", "EX-7").unwrap();
    a.commit();
    commit(&mut a, "li", |o| resend(o, "r1", TODAY, "Li")).unwrap();
    let kept = a
        .get(&r1, "exchange_ref")
        .unwrap()
        .map(|(v, _)| v.to_string());
    assert_eq!(kept.as_deref(), Some("\"EX-7\""));
    let o: Order = document::read(&a).unwrap();
    assert_eq!(o.goods_returns["r1"].resent.as_ref().unwrap().who, "Li");
}

// ---- values a person could type ----

#[test]
fn pieces_typed_at_the_edges_are_refused_or_taken_exactly() {
    let mut o = with_complaints();
    refused(
        goods_returns::record(&mut o, "r", back("c", u64::MAX, TODAY, Disposition::Rework)),
        Field::ReturnQty,
        Issue::AtMost(60),
    );
    // Exactly the count, on exactly today, is taken.
    goods_returns::record(&mut o, "r1", back("c", 60, TODAY, Disposition::Rework)).unwrap();
    refused(
        goods_returns::record(&mut o, "r2", back("c", 1, TODAY, Disposition::Rework)),
        Field::ReturnQty,
        Issue::AtMost(0),
    );
    // An order with no quantities yet gives a complaint that counted none no room.
    let mut empty = with_complaints();
    empty.quantities = Default::default();
    refused(
        goods_returns::record(
            &mut empty,
            "w",
            back("whole", 1, TODAY, Disposition::Rework),
        ),
        Field::ReturnQty,
        Issue::AtMost(0),
    );
    // A refused return leaves nothing behind.
    assert!(empty.goods_returns.is_empty());
}

#[test]
fn sending_again_on_the_day_the_pieces_came_back_or_today_is_taken_and_one_day_out_is_not() {
    let mut o = with_complaints();
    goods_returns::record(
        &mut o,
        "r1",
        back("c", 10, "2026-07-05", Disposition::Rework),
    )
    .unwrap();
    goods_returns::record(&mut o, "r2", back("c", 10, TODAY, Disposition::Replace)).unwrap();
    refused(
        resend(&mut o, "r1", "2026-07-04", "Li"),
        Field::ResentDay,
        Issue::BeforeArrival,
    );
    resend(&mut o, "r1", "2026-07-05", "  Li  ").unwrap();
    assert_eq!(o.goods_returns["r1"].resent.as_ref().unwrap().who, "Li");
    refused(
        resend(&mut o, "r2", "2026-07-11", "Li"),
        Field::ResentDay,
        Issue::InFuture,
    );
    resend(&mut o, "r2", TODAY, "Li").unwrap();
    // Once: a second resend keeps the first day.
    refused(
        resend(&mut o, "r1", TODAY, "Li"),
        Field::ResentDay,
        Issue::NothingToResend,
    );
    assert_eq!(
        o.goods_returns["r1"].resent.as_ref().unwrap().day,
        Some(day("2026-07-05"))
    );
}

#[test]
fn a_voided_return_is_not_sent_again_nor_voided_twice_and_keeps_its_first_reason() {
    let mut o = with_complaints();
    goods_returns::record(&mut o, "r1", back("c", 10, TODAY, Disposition::Rework)).unwrap();
    goods_returns::void(&mut o, "r1", " Li ", " counted twice ").unwrap();
    refused(
        resend(&mut o, "r1", TODAY, "Li"),
        Field::ReturnQty,
        Issue::Cancelled,
    );
    refused(
        goods_returns::void(&mut o, "r1", "Wang", "other reason"),
        Field::ReturnQty,
        Issue::Cancelled,
    );
    let r = &o.goods_returns["r1"];
    assert_eq!(r.voided, "Li — counted twice");
    assert_eq!((r.qty, r.resent.is_none()), (10, true), "stays as it was");
    assert!(today(&o).is_empty());
}

// ---- status routes ----

#[test]
fn a_complaint_closed_then_reopened_takes_only_what_is_left_and_waits_again() {
    let mut o = with_complaints();
    goods_returns::record(&mut o, "r1", back("c", 40, TODAY, Disposition::Rework)).unwrap();
    resend(&mut o, "r1", TODAY, "Li").unwrap();
    close(&mut o, "c").unwrap();
    refused(
        goods_returns::record(&mut o, "r2", back("c", 5, TODAY, Disposition::Rework)),
        Field::ReturnQty,
        Issue::ComplaintNotOpen,
    );
    to(&mut o, "c", ComplaintStatus::Open).unwrap();
    refused(
        goods_returns::record(&mut o, "r2", back("c", 21, TODAY, Disposition::Rework)),
        Field::ReturnQty,
        Issue::AtMost(20),
    );
    goods_returns::record(&mut o, "r2", back("c", 20, TODAY, Disposition::Replace)).unwrap();
    refused(
        to(&mut o, "c", ComplaintStatus::Resolved),
        Field::Resolution,
        Issue::ReturnsToResend,
    );
    assert_eq!(today(&o), vec![row("r2", "20 · replace")]);
    // The other complaint of the order is not held by this one's pieces.
    close(&mut o, "whole").unwrap();
}

#[test]
fn a_cancelled_order_still_follows_pieces_owed_and_holds_its_complaint() {
    let mut o = with_complaints();
    goods_returns::record(
        &mut o,
        "r1",
        back("c", 40, "2026-07-05", Disposition::Rework),
    )
    .unwrap();
    o.status = OrderStatus::Cancelled;
    assert_eq!(today(&o), vec![row("r1", "40 · rework")]);
    refused(
        close(&mut o, "c"),
        Field::Resolution,
        Issue::ReturnsToResend,
    );
    // The stored agenda carries them too: Today read from it, not the document, lists them.
    let stored = serde_json::to_string(&Agenda::of(&o, None, &Gates::default())).unwrap();
    let read: Agenda = serde_json::from_str(&stored).unwrap();
    assert_eq!(
        read.today("A", day(TODAY), 7).returns_to_resend.len(),
        1,
        "{stored}"
    );
    resend(&mut o, "r1", TODAY, "Li").unwrap();
    close(&mut o, "c").unwrap();
}

// ---- the daily report ----

#[test]
fn a_return_recorded_and_sent_again_between_two_reports_says_both() {
    let before = with_complaints();
    let mut after = before.clone();
    goods_returns::record(
        &mut after,
        "r1",
        back("c", 40, "2026-07-05", Disposition::Rework),
    )
    .unwrap();
    resend(&mut after, "r1", TODAY, "Li").unwrap();
    assert_eq!(
        order_events(Some(&before), &after),
        vec![
            Event::GoodsReturned {
                qty: 40,
                disposition: Disposition::Rework
            },
            Event::GoodsResent { qty: 40 },
        ]
    );
}
