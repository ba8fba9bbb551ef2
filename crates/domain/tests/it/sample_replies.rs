//! The buyer's reply to a sample recorded differently on two devices offline: the merge keeps
//! both, says they disagree, and the sample does not release production until the reply is
//! recorded again; replies that agree, or a correction made after seeing the first, raise
//! nothing. Who recorded it is kept.

use crate::common::*;
use gendan_domain::order::Order;
use gendan_domain::samples::{self, Sample, SampleKind, SampleResult};

fn with_pp_sample() -> Order {
    let mut o = full_order();
    o.samples.clear();
    o.samples.insert(
        "s1".into(),
        Sample {
            kind: SampleKind::from_code("pp"),
            round: 1,
            sent: Some(day("2026-04-01")),
            ..Sample::default()
        },
    );
    o
}

fn reply(o: &mut Order, r: SampleResult, comments: &str, who: &str, entry: &str) {
    let on = day("2026-04-05");
    samples::record_reply_by(o, "s1", r, comments, on, on, (who, entry)).unwrap();
}

/// One device's recording of the reply.
type Step<'a> = &'a dyn Fn(&mut Order);

/// Tried both ways round, so whichever device's result the merge keeps, one of them is
/// "approved" in the merged fields: the disagreement must still hold the sample.
#[test]
fn replies_recorded_differently_on_two_devices_hold_the_sample_until_recorded_again() {
    let pp = SampleKind::from_code("pp");
    let approve = |o: &mut Order| reply(o, SampleResult::Approved, "", "li", "ra");
    let reject = |o: &mut Order| reply(o, SampleResult::Rejected, "shade too dark", "wang", "rb");
    let orders: [[Step; 2]; 2] = [[&approve, &reject], [&reject, &approve]];
    for [first, second] in orders {
        let (mut a, mut b) = pair(&with_pp_sample());
        edit(&mut a, "li", |o: &mut Order| first(o));
        edit(&mut b, "wang", |o: &mut Order| second(o));
        let mut m: Order = merged(&mut a, &mut b);
        let s = &m.samples["s1"];
        assert_eq!(s.reply_conflict().len(), 2, "both kept and said");
        assert!(!s.is_approved(), "a merge of two replies is no approval");
        assert!(!samples::kind_approved(&m, &pp));

        reply(&mut m, SampleResult::Approved, "", "zhou", "rc");
        let s = &m.samples["s1"];
        assert!(s.reply_conflict().is_empty());
        assert!(samples::kind_approved(&m, &pp));
        assert_eq!(s.replied_by, "zhou");
    }
}

#[test]
fn agreeing_replies_and_a_correction_seen_first_raise_nothing() {
    let (mut a, mut b) = pair(&with_pp_sample());
    edit(&mut a, "li", |o: &mut Order| {
        reply(o, SampleResult::Approved, "", "li", "ra")
    });
    edit(&mut b, "wang", |o: &mut Order| {
        reply(o, SampleResult::Approved, "", "wang", "rb")
    });
    let m: Order = merged(&mut a, &mut b);
    assert!(m.samples["s1"].reply_conflict().is_empty());
    assert!(m.samples["s1"].is_approved());

    let mut o = with_pp_sample();
    reply(&mut o, SampleResult::Approved, "", "li", "r1");
    reply(&mut o, SampleResult::Resubmit, "wrong trims", "li", "r2");
    assert!(o.samples["s1"].reply_conflict().is_empty());
    assert_eq!(o.samples["s1"].result, SampleResult::Resubmit);
}
