//! 锁板/封样 over real documents, tried from every side: only the latest round of a kind, approved
//! with no disagreeing reply, is sealed as the reference, once, saying where the piece is kept;
//! a later round or a reply recorded on another device that disagrees makes the seal stale, so
//! the QC report and the production sheet stop naming it; recorded again as approved, it holds
//! again.

use crate::common::*;
use gendan_domain::order::{Field, Issue};
use gendan_domain::qc_report;
use gendan_domain::samples::{self, Sample, SampleKind, SampleResult};
use gendan_domain::{document, production_sheet, DomainError, Order};

fn sample(o: &mut Order, id: &str) {
    let s = Sample {
        kind: SampleKind::PreProduction,
        sent: Some(day("2026-04-01")),
        ..Sample::default()
    };
    samples::add(o, id, s, day("2026-04-01")).unwrap();
}

fn reply(o: &mut Order, id: &str, r: SampleResult, by: (&str, &str)) -> Result<(), DomainError> {
    let why = if r.needs_new_round() {
        "collar too wide"
    } else {
        ""
    };
    samples::record_reply_by(o, id, r, why, day("2026-04-05"), day("2026-04-05"), by)
}

fn seal(o: &mut Order, id: &str, kept_at: &str) -> Result<(), DomainError> {
    samples::seal(o, id, ("Li", day("2026-04-06"), kept_at))
}

#[track_caller]
fn refused(r: Result<(), DomainError>, issue: Issue) {
    match r {
        Err(DomainError::Problem(p)) if p.field == Field::SealKeptAt && p.issue == issue => {}
        other => panic!("expected {issue:?}, got {other:?}"),
    }
}

/// An order without the fixture's sample, and one PP round sent.
fn with_pp() -> Order {
    let mut o = full_order();
    o.samples.clear();
    sample(&mut o, "pp1");
    o
}

fn refs(o: &Order) -> Vec<(String, u32, String)> {
    samples::sealed_refs(o)
        .into_iter()
        .map(|r| (r.kind.code().to_string(), r.round, r.seal.kept_at))
        .collect()
}

#[test]
fn only_the_latest_approved_round_is_sealed_once_and_where_it_is_kept() {
    let mut o = with_pp();
    refused(seal(&mut o, "pp1", "shelf A-3"), Issue::NotApprovedToSeal);
    reply(&mut o, "pp1", SampleResult::Rejected, ("Li", "r1")).unwrap();
    refused(seal(&mut o, "pp1", "shelf A-3"), Issue::NotApprovedToSeal);
    sample(&mut o, "pp2");
    reply(&mut o, "pp2", SampleResult::Approved, ("Li", "r2")).unwrap();
    // The rejected first round is not what the goods must match.
    refused(seal(&mut o, "pp1", "shelf A-3"), Issue::NotApprovedToSeal);
    refused(seal(&mut o, "pp2", "  "), Issue::Required);
    assert!(samples::references(&o).is_empty());
    seal(&mut o, "pp2", " shelf A-3 ").unwrap();
    refused(seal(&mut o, "pp2", "QC office"), Issue::AlreadySealed);
    assert_eq!(refs(&o), vec![("pp".into(), 2, "shelf A-3".into())]);
    let seal = o.samples["pp2"].sealed.clone().unwrap();
    assert_eq!(
        (seal.who.as_str(), seal.day),
        ("Li", Some(day("2026-04-06")))
    );
    // What the inspector and the factory read.
    let report = qc_report::report(&o, "i1").unwrap();
    assert_eq!(report.references.len(), 1);
    assert_eq!(report.references[0].seal.kept_at, "shelf A-3");
    let sheet = production_sheet::ProductionSheet::of(&o, (0, 0));
    let pp = sheet.samples.iter().find(|s| s.round == 2).unwrap();
    assert_eq!(pp.sealed_at.as_deref(), Some("shelf A-3"));
}

#[test]
fn a_later_round_makes_the_seal_stale_everywhere() {
    let mut o = with_pp();
    reply(&mut o, "pp1", SampleResult::Approved, ("Li", "r1")).unwrap();
    seal(&mut o, "pp1", "shelf A-3").unwrap();
    // The buyer changes the trim: a new PP round is made.
    sample(&mut o, "pp2");
    assert!(refs(&o).is_empty());
    assert!(
        o.samples["pp1"].sealed.is_some() && !samples::seal_holds(&o, "pp1"),
        "stale"
    );
    let sheet = production_sheet::ProductionSheet::of(&o, (0, 0));
    assert!(sheet.samples.iter().all(|s| s.sealed_at.is_none()));
    reply(&mut o, "pp2", SampleResult::Approved, ("Li", "r2")).unwrap();
    seal(&mut o, "pp2", "shelf B-1").unwrap();
    assert_eq!(refs(&o), vec![("pp".into(), 2, "shelf B-1".into())]);
}

#[test]
fn a_seal_merged_with_a_disagreeing_reply_holds_only_once_the_reply_is_recorded_again() {
    let mut o = with_pp();
    reply(&mut o, "pp1", SampleResult::Approved, ("Li", "r1")).unwrap();
    let (mut a, mut b) = pair(&o);
    // Offline: one device seals the approved round, the other records the buyer rejecting it.
    document::commit::<Order, (), DomainError>(&mut a, &author("li"), 1_000, |o| {
        seal(o, "pp1", "shelf A-3")
    })
    .unwrap();
    document::commit::<Order, (), DomainError>(&mut b, &author("wang"), 1_000, |o| {
        reply(o, "pp1", SampleResult::Rejected, ("Wang", "r2"))
    })
    .unwrap();
    let mut o: Order = merged(&mut a, &mut b);
    assert!(o.samples["pp1"].sealed.is_some(), "the seal is kept");
    assert!(
        refs(&o).is_empty(),
        "but is no reference while the replies disagree"
    );
    assert!(!samples::seal_holds(&o, "pp1"), "stale");
    // Sealing again is refused until the reply is settled; recorded again, the seal holds.
    refused(seal(&mut o, "pp1", "QC office"), Issue::AlreadySealed);
    reply(&mut o, "pp1", SampleResult::Approved, ("Li", "r3")).unwrap();
    assert_eq!(refs(&o), vec![("pp".into(), 1, "shelf A-3".into())]);
    assert!(samples::seal_holds(&o, "pp1"));
}
