//! 运输异常与索赔: what went wrong with a shipment once it left — held up, damaged, short or
//! lost — and the claim that follows it with the carrier, forwarder or insurer until it is
//! settled. Kept on the shipment, keyed by random id so two devices' reports both stay; the
//! money a claim recovers is the books' business, not the order's (a factory may hold the
//! order), so an incident carries words and pieces only.

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::error::DomainError;
use crate::order::{Field, Issue, Order, Problem};

crate::code_enum! {
    pub enum IncidentKind default Delay {
        /// 延误: held at port, rolled to a later vessel.
        Delay = "delay",
        /// 破损: goods damaged in transit.
        Damage = "damage",
        /// 短少: fewer pieces arrived than left.
        Shortage = "shortage",
        /// 丢失: cartons or the whole shipment lost.
        Loss = "loss",
    }
}

impl IncidentKind {
    /// Whether the incident is about pieces (all but a delay).
    pub fn counts_pieces(&self) -> bool {
        !matches!(self, IncidentKind::Delay)
    }
}

/// How an incident ended: who closed it, the day and how (paid, refused, written off).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Reconcile, Hydrate)]
pub struct Settled {
    pub who: String,
    pub day: Option<Day>,
    pub note: String,
}

crate::record_fields!(Settled;
    who: String,
    day: Option<Day>,
    note: String,
);

#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Reconcile, Hydrate)]
pub struct Incident {
    pub kind: IncidentKind,
    pub day: Option<Day>,
    /// Pieces damaged, short or lost (0 for a delay).
    pub pieces: u64,
    /// What happened.
    pub note: String,
    /// With whom the claim is filed and its reference ("" while none is).
    pub claim: String,
    pub who: String,
    pub settled: Option<Settled>,
}

crate::record_fields!(Incident;
    kind: IncidentKind,
    day: Option<Day>,
    pieces: u64,
    note: String,
    claim: String,
    who: String,
    settled: Option<Settled>,
);

impl Incident {
    pub fn is_open(&self) -> bool {
        self.settled.is_none()
    }
}

fn bad(field: Field, issue: Issue) -> DomainError {
    DomainError::Problem(Problem::new(field, issue))
}

/// Reports incident `id` on shipment `sid`: only once it left, dated from the day it left to
/// `today`, saying what happened; damage, shortage and loss name the pieces, at most what the
/// shipment carried. Reported again, it is corrected (the settlement stays).
pub fn report(
    order: &mut Order,
    sid: &str,
    id: &str,
    mut inc: Incident,
    today: Day,
) -> Result<(), DomainError> {
    let s = order
        .shipments
        .get_mut(sid)
        .ok_or_else(|| DomainError::not_found("shipment", sid))?;
    let left = s
        .shipped_on
        .ok_or_else(|| bad(Field::IncidentDay, Issue::NotLeftYet))?;
    let day = inc
        .day
        .ok_or_else(|| bad(Field::IncidentDay, Issue::Required))?;
    if day > today {
        return Err(bad(Field::IncidentDay, Issue::InFuture));
    }
    if day < left {
        return Err(bad(Field::IncidentDay, Issue::BeforeLeft));
    }
    if inc.note.trim().is_empty() {
        return Err(bad(Field::IncidentNote, Issue::Required));
    }
    if inc.kind.counts_pieces() {
        if inc.pieces == 0 {
            return Err(bad(Field::IncidentPieces, Issue::NotPositive));
        }
        let carried = s.figures().pieces;
        if carried > 0 && inc.pieces > carried {
            return Err(bad(Field::IncidentPieces, Issue::TooLarge));
        }
    } else {
        inc.pieces = 0;
    }
    inc.note = inc.note.trim().to_string();
    inc.claim = inc.claim.trim().to_string();
    inc.who = inc.who.trim().to_string();
    inc.settled = s.incidents.get(id).and_then(|i| i.settled.clone());
    s.incidents.insert(id.to_string(), inc);
    Ok(())
}

/// Settles incident `id` of shipment `sid`: how it ended is required, on a day from the
/// incident's to `today`. Settled once; settling again changes nothing.
pub fn settle(
    order: &mut Order,
    sid: &str,
    id: &str,
    (who, today, note): (&str, Day, &str),
) -> Result<(), DomainError> {
    let inc = order
        .shipments
        .get_mut(sid)
        .and_then(|s| s.incidents.get_mut(id))
        .ok_or_else(|| DomainError::not_found("incident", id))?;
    if inc.settled.is_some() {
        return Ok(());
    }
    if note.trim().is_empty() {
        return Err(bad(Field::IncidentSettlement, Issue::Required));
    }
    if inc.day.is_some_and(|d| today < d) {
        return Err(bad(Field::IncidentSettlement, Issue::BeforeReported));
    }
    inc.settled = Some(Settled {
        who: who.trim().to_string(),
        day: Some(today),
        note: note.trim().to_string(),
    });
    Ok(())
}

/// Every incident still open, as (shipment id, incident id, incident), oldest first.
pub fn open(order: &Order) -> Vec<(&String, &String, &Incident)> {
    let mut out: Vec<_> = order
        .shipments
        .iter()
        .flat_map(|(sid, s)| s.incidents.iter().map(move |(id, i)| (sid, id, i)))
        .filter(|(_, _, i)| i.is_open())
        .collect();
    crate::sorting::sort_by_key(&mut out, |(sid, id, i)| {
        (i.day, (*sid).clone(), (*id).clone())
    });
    out
}
