//! 不良品退货 over real documents, tried from every side: pieces come back only under an open
//! complaint, on a day that has come, and never more than the complaint found defective (or
//! was ordered) however many returns are recorded; what is to be reworked or replaced is
//! followed on Today — closed orders too — until it is sent again, and the complaint is not
//! resolved or closed before, by this device or after a merge with one that recorded a return
//! offline; a return voided stays on the record and frees its pieces.

use crate::common::*;
use gendan_domain::agenda::Agenda;
use gendan_domain::complaints::{self, Complaint, ComplaintStatus};
use gendan_domain::goods_returns::{self, Disposition, NewReturn};
use gendan_domain::lifecycle::Gates;
use gendan_domain::order::{Field, Issue, OrderStatus};
use gendan_domain::{document, DomainError, Order};

/// The day the fixtures are read on (shared with `return_attacks`).
pub(crate) const TODAY: &str = "2026-07-10";

pub(crate) fn back(
    complaint: &'static str,
    qty: u64,
    on: &str,
    d: Disposition,
) -> NewReturn<'static> {
    NewReturn {
        complaint,
        qty,
        received: day(on),
        disposition: d,
        note: "carton 12",
        who: "Li",
        today: day(TODAY),
    }
}

/// An order with complaint "c" (60 pieces found defective) and "whole" (none counted).
pub(crate) fn with_complaints() -> Order {
    let mut o = full_order();
    o.complaints.clear();
    let c = |qty| Complaint {
        description: "open seams".into(),
        defective_qty: qty,
        ..Complaint::default()
    };
    complaints::open(&mut o, "c", c(60), day("2026-07-01")).unwrap();
    complaints::open(&mut o, "whole", c(0), day("2026-07-01")).unwrap();
    o
}

/// The rows Today lists as (return, label).
pub(crate) fn today(o: &Order) -> Vec<(String, String)> {
    Agenda::of(o, None, &Gates::default())
        .today("A", day(TODAY), 7)
        .returns_to_resend
        .into_iter()
        .map(|i| (i.record.unwrap_or_default(), i.label))
        .collect()
}

fn close(o: &mut Order, id: &str) -> Result<(), DomainError> {
    complaints::handle(
        o,
        id,
        ComplaintStatus::Closed,
        "Li",
        ("seam tension", "reworked and resent"),
        day(TODAY),
    )
}

#[test]
fn pieces_come_back_only_under_an_open_complaint_and_never_beyond_what_was_defective() {
    let mut o = with_complaints();
    assert!(matches!(
        goods_returns::record(&mut o, "r0", back("nope", 1, TODAY, Disposition::Rework)),
        Err(DomainError::NotFound { .. })
    ));
    refused(
        goods_returns::record(&mut o, "r0", back("c", 0, TODAY, Disposition::Rework)),
        Field::ReturnQty,
        Issue::NotPositive,
    );
    refused(
        goods_returns::record(
            &mut o,
            "r0",
            back("c", 5, "2026-07-11", Disposition::Rework),
        ),
        Field::ReturnDay,
        Issue::InFuture,
    );
    goods_returns::record(
        &mut o,
        "r1",
        back("c", 40, "2026-07-05", Disposition::Rework),
    )
    .unwrap();
    // A second return counts with the first: 20 more at most.
    refused(
        goods_returns::record(&mut o, "r2", back("c", 21, TODAY, Disposition::Replace)),
        Field::ReturnQty,
        Issue::AtMost(20),
    );
    goods_returns::record(&mut o, "r2", back("c", 20, TODAY, Disposition::Scrap)).unwrap();
    assert_eq!(goods_returns::returned_on(&o, "c"), 60);
    // A complaint that counted no pieces takes back at most what was ordered.
    refused(
        goods_returns::record(&mut o, "w", back("whole", 1001, TODAY, Disposition::Rework)),
        Field::ReturnQty,
        Issue::AtMost(1000),
    );
    // Voided, a return stays on the record and its pieces may come back again.
    assert!(matches!(
        goods_returns::void(&mut o, "r2", "Li", " "),
        Err(DomainError::ReasonRequired)
    ));
    goods_returns::void(&mut o, "r2", "Li", "typed on the wrong complaint").unwrap();
    assert_eq!(
        o.goods_returns["r2"].voided,
        "Li — typed on the wrong complaint"
    );
    assert_eq!(goods_returns::returned_on(&o, "c"), 40);
    goods_returns::record(&mut o, "r3", back("c", 20, TODAY, Disposition::Replace)).unwrap();
    // A closed complaint takes no more.
    close(&mut o, "whole").unwrap();
    refused(
        goods_returns::record(&mut o, "w", back("whole", 1, TODAY, Disposition::Rework)),
        Field::ReturnQty,
        Issue::ComplaintNotOpen,
    );
}

#[test]
fn what_is_to_be_sent_again_is_followed_until_sent_and_holds_the_complaint_open() {
    let mut o = with_complaints();
    goods_returns::record(
        &mut o,
        "r1",
        back("c", 40, "2026-07-05", Disposition::Rework),
    )
    .unwrap();
    goods_returns::record(
        &mut o,
        "r2",
        back("c", 10, "2026-07-06", Disposition::Scrap),
    )
    .unwrap();
    goods_returns::record(
        &mut o,
        "r3",
        back("c", 10, "2026-07-07", Disposition::Replace),
    )
    .unwrap();
    assert_eq!(
        today(&o),
        vec![
            ("r1".to_string(), "40 · rework".to_string()),
            ("r3".to_string(), "10 · replace".to_string()),
        ]
    );
    refused(
        close(&mut o, "c"),
        Field::Resolution,
        Issue::ReturnsToResend,
    );
    refused(
        complaints::handle(
            &mut o,
            "c",
            ComplaintStatus::Resolved,
            "Li",
            ("a", "b"),
            day(TODAY),
        ),
        Field::Resolution,
        Issue::ReturnsToResend,
    );
    // Moving it along short of resolved is fine.
    complaints::handle(
        &mut o,
        "c",
        ComplaintStatus::InProgress,
        "Li",
        ("", ""),
        day(TODAY),
    )
    .unwrap();
    // Scrapped pieces are not sent; sending is not before they came back, nor ahead of today.
    refused(
        goods_returns::resend(&mut o, "r2", day(TODAY), ("Li", "", day(TODAY))),
        Field::ResentDay,
        Issue::NothingToResend,
    );
    refused(
        goods_returns::resend(&mut o, "r1", day("2026-07-04"), ("Li", "", day(TODAY))),
        Field::ResentDay,
        Issue::BeforeArrival,
    );
    refused(
        goods_returns::resend(&mut o, "r1", day("2026-07-11"), ("Li", "", day(TODAY))),
        Field::ResentDay,
        Issue::InFuture,
    );
    goods_returns::resend(
        &mut o,
        "r1",
        day("2026-07-09"),
        ("Li", "SF 123", day(TODAY)),
    )
    .unwrap();
    refused(
        goods_returns::resend(&mut o, "r1", day(TODAY), ("Li", "", day(TODAY))),
        Field::ResentDay,
        Issue::NothingToResend,
    );
    // A closed order still owes the buyer its replacement pieces.
    o.status = OrderStatus::Closed;
    assert_eq!(
        today(&o),
        vec![("r3".to_string(), "10 · replace".to_string())]
    );
    refused(
        close(&mut o, "c"),
        Field::Resolution,
        Issue::ReturnsToResend,
    );
    goods_returns::resend(&mut o, "r3", day(TODAY), ("Li", "", day(TODAY))).unwrap();
    assert!(today(&o).is_empty());
    close(&mut o, "c").unwrap();
}

#[test]
fn a_return_recorded_offline_while_another_device_closed_the_complaint_is_still_followed() {
    let o = with_complaints();
    let (mut a, mut b) = pair(&o);
    document::commit::<Order, (), DomainError>(&mut a, &author("li"), 1_000, |o| close(o, "c"))
        .unwrap();
    document::commit::<Order, (), DomainError>(&mut b, &author("wang"), 1_000, |o| {
        goods_returns::record(o, "r1", back("c", 30, TODAY, Disposition::Rework))
    })
    .unwrap();
    let mut o: Order = merged(&mut a, &mut b);
    assert_eq!(o.complaints["c"].status, ComplaintStatus::Closed);
    // The buyer is owed the pieces whatever the complaint says: Today follows them.
    assert_eq!(
        today(&o),
        vec![("r1".to_string(), "30 · rework".to_string())]
    );
    // Closing it again waits for them; reopened, it takes no more than the 60 defective.
    refused(
        close(&mut o, "c"),
        Field::Resolution,
        Issue::ReturnsToResend,
    );
    complaints::handle(
        &mut o,
        "c",
        ComplaintStatus::Open,
        "Li",
        ("", ""),
        day(TODAY),
    )
    .unwrap();
    refused(
        goods_returns::record(&mut o, "r2", back("c", 31, TODAY, Disposition::Rework)),
        Field::ReturnQty,
        Issue::AtMost(30),
    );
    // Two devices each recording the last 30 offline keep both: the record is never lost,
    // and no more can come back after.
    let (mut a, mut b) = pair(&o);
    for (doc, id) in [(&mut a, "x"), (&mut b, "y")] {
        document::commit::<Order, (), DomainError>(doc, &author("li"), 1_000, |o| {
            goods_returns::record(o, id, back("c", 30, TODAY, Disposition::Scrap))
        })
        .unwrap();
    }
    let mut o: Order = merged(&mut a, &mut b);
    assert_eq!(goods_returns::returned_on(&o, "c"), 90);
    refused(
        goods_returns::record(&mut o, "z", back("c", 1, TODAY, Disposition::Scrap)),
        Field::ReturnQty,
        Issue::AtMost(0),
    );
}

#[test]
fn the_daily_report_says_pieces_sent_back_and_sent_again() {
    use gendan_domain::activity::{order_events, Event};
    let before = with_complaints();
    let mut after = before.clone();
    goods_returns::record(&mut after, "r1", back("c", 40, TODAY, Disposition::Replace)).unwrap();
    assert_eq!(
        order_events(Some(&before), &after),
        vec![Event::GoodsReturned {
            qty: 40,
            disposition: Disposition::Replace
        }]
    );
    let mut sent = after.clone();
    goods_returns::resend(&mut sent, "r1", day(TODAY), ("Li", "SF 1", day(TODAY))).unwrap();
    assert_eq!(
        order_events(Some(&after), &sent),
        vec![Event::GoodsResent { qty: 40 }]
    );
    // A void is a change, not news of goods.
    let mut voided = after.clone();
    goods_returns::void(&mut voided, "r1", "Li", "wrong complaint").unwrap();
    assert_eq!(
        order_events(Some(&after), &voided),
        vec![Event::OtherChanges { count: 1 }]
    );
}

#[test]
fn the_complaints_ledger_counts_pieces_sent_back_and_still_to_send() {
    use gendan_domain::report_facts::ReportFacts;
    let mut o = with_complaints();
    goods_returns::record(&mut o, "r1", back("c", 30, TODAY, Disposition::Rework)).unwrap();
    goods_returns::record(&mut o, "r2", back("c", 10, TODAY, Disposition::Scrap)).unwrap();
    goods_returns::record(&mut o, "r3", back("c", 5, TODAY, Disposition::Replace)).unwrap();
    goods_returns::void(&mut o, "r3", "Li", "counted twice").unwrap();
    let counts = |o: &Order| -> Vec<(String, u64, u64)> {
        let mut v: Vec<_> = ReportFacts::of(o)
            .complaint_list
            .into_iter()
            .map(|f| (f.id, f.returned, f.to_resend))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        counts(&o),
        vec![("c".to_string(), 40, 30), ("whole".to_string(), 0, 0)]
    );
    goods_returns::resend(&mut o, "r1", day(TODAY), ("Li", "", day(TODAY))).unwrap();
    assert_eq!(counts(&o)[0], ("c".to_string(), 40, 0));
}

#[test]
fn a_complaint_status_a_newer_build_wrote_stays_open_on_today_and_in_the_ledger() {
    use gendan_domain::report_facts::ReportFacts;
    let mut o = with_complaints();
    o.complaints.get_mut("c").unwrap().status = ComplaintStatus::Other("escalated".into());
    // Today's open complaints and the ledger agree: it is still being handled.
    let open = Agenda::of(&o, None, &Gates::default())
        .today("A", day(TODAY), 7)
        .open_complaints
        .into_iter()
        .filter_map(|i| i.record)
        .collect::<Vec<_>>();
    assert!(open.contains(&"c".to_string()), "{open:?}");
    let ledger = ReportFacts::of(&o).complaint_list;
    assert!(ledger.iter().find(|f| f.id == "c").unwrap().is_open());
    // And pieces still come back under it.
    goods_returns::record(&mut o, "r1", back("c", 10, TODAY, Disposition::Rework)).unwrap();
}
