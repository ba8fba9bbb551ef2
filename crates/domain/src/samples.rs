//! Samples (打板/样品): what was sent to the buyer, in which round, how it travelled and what the
//! buyer said.
//!
//! Each submission is its own record in a map keyed by id, so a second round never overwrites the
//! first and two people logging samples offline both keep theirs. Whether the required approvals
//! are in is derived here for the production gate, and so is whether the buyer's reply is overdue
//! (judged on a `today` the caller passes: the domain reads no clock).

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::error::DomainError;
use crate::order::Order;
use crate::problem::{Field, Issue, Problem};
use crate::records::RecordMap;
use crate::sorting::sort_by;

// A sample's kind is named with the samples, where the screens look for it.
pub use crate::sample_kind::SampleKind;

crate::code_enum! {
    pub enum SampleResult default Pending {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
        /// Not rejected outright, but the buyer wants another round with corrections.
        Resubmit = "resubmit",
    }
}

impl SampleResult {
    /// The buyer's reply asks for another round.
    pub fn needs_new_round(&self) -> bool {
        matches!(self, SampleResult::Rejected | SampleResult::Resubmit)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Sample {
    pub kind: SampleKind,
    /// 1 for the first submission, 2 for the resubmission after comments…
    pub round: u32,
    pub sent: Option<Day>,
    pub courier: String,
    pub tracking_no: String,
    pub result: SampleResult,
    /// The buyer's comments (why rejected, what to correct).
    pub comments: String,
    pub approved: Option<Day>,
    // ---- added with the samples screen; older records hydrate with defaults ----
    /// When the buyer's reply is expected (客户回复期限).
    #[autosurgeon(missing = "Default::default")]
    pub reply_due: Option<Day>,
    /// Our own remarks on the submission (what was sent, which fabric lot…).
    #[autosurgeon(missing = "Default::default")]
    pub remarks: String,
    /// The day the buyer's reply (any result) was recorded.
    #[autosurgeon(missing = "Default::default")]
    pub replied: Option<Day>,
    /// Who recorded the buyer's reply.
    #[autosurgeon(missing = "Default::default")]
    pub replied_by: String,
    /// Every reply recorded, keyed by random id: two devices recording different replies offline
    /// would otherwise merge field by field into one neither recorded (the result of one, the
    /// comments of the other), so the disagreement is kept and said ([`Sample::reply_conflict`]).
    #[autosurgeon(missing = "Default::default")]
    pub replies: RecordMap<Reply>,
    /// Sealed as the reference production and inspections are judged against (锁板/封样), and
    /// where it is kept ([`seal`]).
    #[autosurgeon(missing = "Default::default")]
    pub sealed: Option<Seal>,
}

/// A sample sealed as the reference (锁板/封样): who sealed it, the day, and where the sealed
/// piece is kept (the sample room's shelf, the factory's QC office) so an inspector finds it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Seal {
    pub who: String,
    pub day: Option<Day>,
    pub kept_at: String,
}

crate::record_fields!(Seal;
    who: String,
    day: Option<Day>,
    kept_at: String,
);

/// One buyer's reply as recorded: what, the day, who, and whether a later recording on a device
/// that had seen it replaced it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Reply {
    pub result: SampleResult,
    pub comments: String,
    pub on: Option<Day>,
    pub who: String,
    pub superseded: bool,
}

crate::record_fields!(Reply;
    result: SampleResult,
    comments: String,
    on: Option<Day>,
    who: String,
    superseded: bool,
);

impl Sample {
    /// Approved by the buyer, and not contradicted by a reply recorded elsewhere.
    pub fn is_approved(&self) -> bool {
        self.result == SampleResult::Approved && self.reply_conflict().is_empty()
    }

    /// The replies recorded on devices that had not seen each other's, when they disagree (in
    /// result or comments): the merged sample is not taken as approved until someone records the
    /// buyer's reply again. Empty when they agree or there is at most one.
    pub fn reply_conflict(&self) -> Vec<(&String, &Reply)> {
        let mut live: Vec<_> = self.replies.iter().filter(|(_, r)| !r.superseded).collect();
        crate::sorting::sort_by_key(&mut live, |(id, r)| (r.on, (*id).clone()));
        let differs = live
            .windows(2)
            .any(|w| (&w[0].1.result, &w[0].1.comments) != (&w[1].1.result, &w[1].1.comments));
        if differs {
            live
        } else {
            Vec::new()
        }
    }

    /// Whether this round may stand as the reference (锁板): the latest of its kind (`latest`, which
    /// the order knows) and approved with no disagreeing reply. What may be sealed, and what a
    /// seal needs to hold.
    pub fn may_be_reference(&self, latest: bool) -> bool {
        latest && self.is_approved()
    }

    /// Still waiting for the buyer after the expected reply date (the day itself is not late).
    pub fn is_reply_overdue(&self, today: Day) -> bool {
        self.result == SampleResult::Pending && self.reply_due.is_some_and(|d| today > d)
    }

    /// The rules a new submission must satisfy: a reply cannot be expected before it was sent,
    /// and nothing is sent in the future.
    pub fn problems(&self, today: Day) -> Vec<Problem> {
        let mut out = Vec::new();
        if self.sent.is_some_and(|s| s > today) {
            out.push(Problem::new(Field::SentDate, Issue::InFuture));
        }
        if let (Some(sent), Some(due)) = (self.sent, self.reply_due) {
            if due < sent {
                out.push(Problem::new(Field::ReplyDue, Issue::BeforeSent));
            }
        }
        out
    }
}

crate::record_fields!(Sample;
    kind: SampleKind,
    round: u32,
    sent: Option<Day>,
    courier: String,
    tracking_no: String,
    result: SampleResult,
    comments: String,
    approved: Option<Day>,
    reply_due: Option<Day>,
    remarks: String,
    replied: Option<Day>,
    replied_by: String,
    replies: RecordMap<Reply>,
    sealed: Option<Seal>,
);

/// The order in which samples are listed: by kind as the workflow runs (lab dip before PP), then
/// by round, so each kind's history reads top to bottom.
fn kind_rank(kind: &SampleKind) -> usize {
    SampleKind::KNOWN
        .iter()
        .position(|k| k == kind)
        .unwrap_or(SampleKind::KNOWN.len())
}

/// Every sample, in the order the screen lists them (kind, round, sent, id).
pub fn in_order(order: &Order) -> Vec<(&String, &Sample)> {
    let mut v: Vec<_> = order.samples.iter().collect();
    sort_by(&mut v, |a, b| {
        (
            kind_rank(&a.1.kind),
            a.1.kind.code(),
            a.1.round,
            a.1.sent,
            a.0,
        )
            .cmp(&(
                kind_rank(&b.1.kind),
                b.1.kind.code(),
                b.1.round,
                b.1.sent,
                b.0,
            ))
    });
    v
}

/// The latest round of `kind` (highest round, then latest sent, then id — the same on every
/// replica even after two devices logged the same round).
pub fn latest<'a>(order: &'a Order, kind: &SampleKind) -> Option<(&'a String, &'a Sample)> {
    order
        .samples
        .iter()
        .filter(|(_, s)| &s.kind == kind)
        .max_by(|a, b| (a.1.round, a.1.sent, a.0).cmp(&(b.1.round, b.1.sent, b.0)))
}

/// The latest round of each kind the order has samples of, in the kinds' order
/// ([`in_order`]): what a sheet or an update says of the samples.
pub fn latest_of_each_kind(order: &Order) -> Vec<(&String, &Sample)> {
    let mut kinds: Vec<&SampleKind> = Vec::new();
    for (_, s) in in_order(order) {
        if !kinds.contains(&&s.kind) {
            kinds.push(&s.kind);
        }
    }
    kinds.into_iter().filter_map(|k| latest(order, k)).collect()
}

/// True when the sample `id` is the latest round of its kind.
pub fn is_latest(order: &Order, id: &str) -> bool {
    order
        .samples
        .get(id)
        .and_then(|s| latest(order, &s.kind))
        .is_some_and(|(k, _)| k == id)
}

/// True when the latest round of `kind` (highest round, then latest sent) is approved.
pub fn kind_approved(order: &Order, kind: &SampleKind) -> bool {
    latest(order, kind).is_some_and(|(_, s)| s.is_approved())
}

/// The next round number for a kind: one past the highest recorded.
pub fn next_round(order: &Order, kind: &SampleKind) -> u32 {
    order
        .samples
        .values()
        .filter(|s| &s.kind == kind)
        .map(|s| s.round)
        .max()
        .unwrap_or(0)
        + 1
}

/// Adds a submission under `id` as the next round of its kind, after checking its dates. The
/// result starts pending whatever the caller passed: a reply is recorded with [`record_reply`].
/// Nor is it sealed or answered: a seal or replies passed in (a copy of the previous round) would
/// make the round a reference as soon as it is approved, never sealed through [`seal`].
pub fn add(order: &mut Order, id: &str, mut sample: Sample, today: Day) -> Result<(), DomainError> {
    if let Some(p) = sample.problems(today).into_iter().next() {
        return Err(DomainError::Problem(p));
    }
    sample.round = next_round(order, &sample.kind);
    sample.result = SampleResult::Pending;
    sample.approved = None;
    sample.replied = None;
    sample.replies.clear();
    sample.sealed = None;
    order.samples.insert(id.to_string(), sample);
    Ok(())
}

/// Records the buyer's reply to sample `id` on day `on`, by nobody in particular (see
/// [`record_reply_by`]).
pub fn record_reply(
    order: &mut Order,
    id: &str,
    result: SampleResult,
    comments: &str,
    on: Day,
    today: Day,
) -> Result<(), DomainError> {
    let entry = format!("{id}:{on}:{}", result.code());
    record_reply_by(order, id, result, comments, on, today, ("", &entry))
}

/// Records the buyer's reply to sample `id` on day `on`, by `by.0`, kept under the record id
/// `by.1`. A rejection or a request to resubmit must say why (the buyer's comments are what the
/// next round corrects); a reply cannot predate the sending nor lie in the future. The replies
/// this device knows are replaced by this one; one recorded elsewhere meanwhile stays beside it,
/// and if they disagree the sample is not approved until the reply is recorded again.
pub fn record_reply_by(
    order: &mut Order,
    id: &str,
    result: SampleResult,
    comments: &str,
    on: Day,
    today: Day,
    by: (&str, &str),
) -> Result<(), DomainError> {
    let s = order
        .samples
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("sample", id))?;
    let comments = comments.trim();
    if result.needs_new_round() && comments.is_empty() {
        return Err(DomainError::Problem(Problem::new(
            Field::Comments,
            Issue::Required,
        )));
    }
    if on > today {
        return Err(DomainError::Problem(Problem::new(
            Field::ReplyDate,
            Issue::InFuture,
        )));
    }
    if s.sent.is_some_and(|sent| on < sent) {
        return Err(DomainError::Problem(Problem::new(
            Field::ReplyDate,
            Issue::BeforeSent,
        )));
    }
    s.approved = (result == SampleResult::Approved).then_some(on);
    s.replied = (result != SampleResult::Pending).then_some(on);
    s.replied_by = by.0.trim().to_string();
    for r in s.replies.values_mut() {
        r.superseded = true;
    }
    s.replies.insert(
        by.1.to_string(),
        Reply {
            result: result.clone(),
            comments: comments.to_string(),
            on: Some(on),
            who: by.0.trim().to_string(),
            superseded: false,
        },
    );
    s.result = result;
    s.comments = comments.to_string();
    Ok(())
}

/// Seals sample `id` as the reference (锁板): by `who` on `today`, kept at `kept_at`. Only the
/// latest round of its kind, approved with no disagreeing reply, is sealed — an older round or
/// one the buyer did not approve is not what the goods must match — and only once.
pub fn seal(
    order: &mut Order,
    id: &str,
    (who, today, kept_at): (&str, Day, &str),
) -> Result<(), DomainError> {
    let latest = is_latest(order, id);
    let s = order
        .samples
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("sample", id))?;
    if s.sealed.is_some() {
        return Err(DomainError::Problem(Problem::new(
            Field::SealKeptAt,
            Issue::AlreadySealed,
        )));
    }
    if !s.may_be_reference(latest) {
        return Err(DomainError::Problem(Problem::new(
            Field::SealKeptAt,
            Issue::NotApprovedToSeal,
        )));
    }
    let kept_at = kept_at.trim();
    if kept_at.is_empty() {
        return Err(DomainError::Problem(Problem::new(
            Field::SealKeptAt,
            Issue::Required,
        )));
    }
    s.sealed = Some(Seal {
        who: who.trim().to_string(),
        day: Some(today),
        kept_at: kept_at.to_string(),
    });
    Ok(())
}

/// Whether sample `id`'s seal still stands ([`Sample::may_be_reference`]). A seal put on a round
/// a later one replaced, or whose approval a merge put in doubt, is no reference: said on the
/// sample, and left out of what inspections and sheets name.
pub fn seal_holds(order: &Order, id: &str) -> bool {
    order
        .samples
        .get(id)
        .is_some_and(|s| s.sealed.is_some() && s.may_be_reference(is_latest(order, id)))
}

/// The sealed references that hold, in the samples' order: what an inspection is judged
/// against, and what the inspector is told to fetch.
pub fn references(order: &Order) -> Vec<(&String, &Sample)> {
    in_order(order)
        .into_iter()
        .filter(|(id, _)| seal_holds(order, id))
        .collect()
}

/// A sealed reference as a report or sheet names it: which sample, and where the piece is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedRef {
    pub kind: SampleKind,
    pub round: u32,
    pub seal: Seal,
}

/// [`references`] as reports and sheets name them.
pub fn sealed_refs(order: &Order) -> Vec<SealedRef> {
    references(order)
        .into_iter()
        .filter_map(|(_, s)| {
            Some(SealedRef {
                kind: s.kind.clone(),
                round: s.round,
                seal: s.sealed.clone()?,
            })
        })
        .collect()
}

/// Samples whose reply is overdue on `today`: only the latest round of each kind counts (an
/// older round nobody answered was superseded by the next one).
pub fn replies_overdue(order: &Order, today: Day) -> Vec<(&String, &Sample)> {
    order
        .samples
        .iter()
        .filter(|(id, s)| s.is_reply_overdue(today) && is_latest(order, id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn sent(kind: SampleKind, on: &str, due: &str) -> Sample {
        Sample {
            kind,
            sent: Some(day(on)),
            reply_due: Some(day(due)),
            ..Sample::default()
        }
    }

    #[test]
    fn rounds_number_themselves_and_a_rejection_needs_comments() {
        let today = day("2026-03-20");
        let mut o = Order::new();
        let pp = || sent(SampleKind::PreProduction, "2026-03-01", "2026-03-08");
        add(&mut o, "a", pp(), today).unwrap();
        assert_eq!(o.samples["a"].round, 1);
        let e = record_reply(&mut o, "a", SampleResult::Rejected, "  ", today, today).unwrap_err();
        assert!(matches!(
            e,
            DomainError::Problem(Problem {
                field: Field::Comments,
                issue: Issue::Required
            })
        ));
        assert_eq!(o.samples["a"].result, SampleResult::Pending);
        record_reply(
            &mut o,
            "a",
            SampleResult::Rejected,
            "shade too red",
            today,
            today,
        )
        .unwrap();
        assert!(o.samples["a"].result.needs_new_round());
        assert_eq!(o.samples["a"].replied, Some(today));
        add(&mut o, "b", pp(), today).unwrap();
        assert_eq!(o.samples["b"].round, 2);
        assert!(is_latest(&o, "b") && !is_latest(&o, "a"));
        record_reply(&mut o, "b", SampleResult::Approved, "", today, today).unwrap();
        assert!(kind_approved(&o, &SampleKind::PreProduction));
        assert_eq!(o.samples["b"].approved, Some(today));
        let ids: Vec<_> = in_order(&o).into_iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
    }

    #[test]
    fn dates_must_be_in_order() {
        let today = day("2026-03-20");
        let mut o = Order::new();
        let e = add(
            &mut o,
            "a",
            sent(SampleKind::Fit, "2026-03-10", "2026-03-09"),
            today,
        )
        .unwrap_err();
        assert!(matches!(
            e,
            DomainError::Problem(Problem {
                field: Field::ReplyDue,
                issue: Issue::BeforeSent
            })
        ));
        let e = add(
            &mut o,
            "a",
            sent(SampleKind::Fit, "2026-03-21", "2026-03-25"),
            today,
        )
        .unwrap_err();
        assert!(matches!(
            e,
            DomainError::Problem(Problem {
                field: Field::SentDate,
                issue: Issue::InFuture
            })
        ));
        assert!(o.samples.is_empty());
        add(
            &mut o,
            "a",
            sent(SampleKind::Fit, "2026-03-10", "2026-03-15"),
            today,
        )
        .unwrap();
        let e = record_reply(
            &mut o,
            "a",
            SampleResult::Approved,
            "",
            day("2026-03-09"),
            today,
        )
        .unwrap_err();
        assert!(matches!(
            e,
            DomainError::Problem(Problem {
                field: Field::ReplyDate,
                issue: Issue::BeforeSent
            })
        ));
        assert!(record_reply(&mut o, "zz", SampleResult::Approved, "", today, today).is_err());
    }

    #[test]
    fn only_the_latest_pending_round_is_overdue() {
        let mut o = Order::new();
        let t = day("2026-03-01");
        add(
            &mut o,
            "a",
            sent(SampleKind::LabDip, "2026-03-01", "2026-03-05"),
            t,
        )
        .unwrap();
        assert!(
            replies_overdue(&o, day("2026-03-05")).is_empty(),
            "the due day is not late"
        );
        assert_eq!(replies_overdue(&o, day("2026-03-06")).len(), 1);
        // A second round supersedes the unanswered first one.
        add(
            &mut o,
            "b",
            sent(SampleKind::LabDip, "2026-03-06", "2026-03-12"),
            day("2026-03-06"),
        )
        .unwrap();
        assert!(replies_overdue(&o, day("2026-03-07")).is_empty());
        let late = replies_overdue(&o, day("2026-03-13"));
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].0, "b");
        record_reply(
            &mut o,
            "b",
            SampleResult::Approved,
            "",
            day("2026-03-13"),
            day("2026-03-13"),
        )
        .unwrap();
        assert!(replies_overdue(&o, day("2026-03-20")).is_empty());
        // No expected date: never overdue.
        o.samples.insert("c".into(), Sample::default());
        assert!(!o.samples["c"].is_reply_overdue(day("2099-01-01")));
    }

    #[test]
    fn the_latest_round_decides() {
        let mut o = Order::new();
        assert!(!kind_approved(&o, &SampleKind::PreProduction));
        o.samples.insert(
            "a".into(),
            Sample {
                kind: SampleKind::PreProduction,
                round: 1,
                result: SampleResult::Rejected,
                ..Sample::default()
            },
        );
        assert_eq!(next_round(&o, &SampleKind::PreProduction), 2);
        assert!(!kind_approved(&o, &SampleKind::PreProduction));
        o.samples.insert(
            "b".into(),
            Sample {
                kind: SampleKind::PreProduction,
                round: 2,
                result: SampleResult::Approved,
                ..Sample::default()
            },
        );
        assert!(kind_approved(&o, &SampleKind::PreProduction));
        assert!(!kind_approved(&o, &SampleKind::Fit));
    }
}
