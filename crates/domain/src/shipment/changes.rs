//! What a shipment carries, once it has left, changes only with a reason, logged on the shipment.
//!
//! The carton lines and hand-entered pieces of a shipment are its shipped value
//! (`commercial::shipped_value`), which opens the balance gate and the final gates: shrinking them
//! after the goods left would change what the customer owes, and open or close gates, with no
//! trace. So the screens change them only through this module. Before a shipment leaves
//! ([`Shipment::shipped_on`] unset), [`set_carton_line`], [`remove_carton_line`] and
//! [`set_quantities`] are plain edits. Once it has left, each is refused without a reason
//! ([`DomainError::ReasonRequired`]) and otherwise logged in [`Shipment::changes`] — keyed by a
//! record id the caller passes, so two devices' corrections both stay — with who, the day, why,
//! and what changed as before → after pieces per cell (and the carton line as it was and
//! became). An edit that changes nothing is neither refused nor logged.
//!
//! Clearing the shipped date is such a change too ([`unship`]): done freely it would open the
//! lock for a silent edit followed by a new date. So is moving it ([`redate`]): on-time delivery
//! is judged on that day (`shipped::Delivery`), and a late shipment re-dated to the confirmed
//! ex-factory day counted on time with no trace. `lifecycle::set_shipped_on` refuses to clear
//! one, and reopening a shipped order (`lifecycle::reopen`, itself logged with its reason) logs
//! each shipment it un-dates here as well.
//!
//! Merges. A device that had not yet heard that a shipment left cannot be refused: its edit was
//! fine where and when it was made. So every path that dates a shipment records what it carried
//! then ([`Shipment::as_shipped`], [`mark_shipped`]), and every logged change keeps that record in
//! step, line by line and cell by cell. After a merge, a difference between the record and the
//! shipment's lines and cells is a change nobody gave a reason for ([`unlogged`]); the screen says
//! it until someone accepts it with a reason ([`accept_unlogged`]), which logs it as any other
//! change and brings the record in step. Because the record is kept per line and per cell, two
//! devices' logged corrections of different lines merge without a false alarm; two logged
//! corrections of the same line made concurrently may leave a difference, which is then said
//! and accepted once. A shipment dated before this record existed has none: it is locked all the
//! same, and its record starts at its first logged change.

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::error::DomainError;
use crate::order::Order;
use crate::packing::CartonLine;
use crate::records::RecordMap;
use crate::shipment::{ShipFigures, Shipment};

/// What a shipment carried when it left, kept in step by every logged change since.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct AsShipped {
    pub carton_lines: RecordMap<CartonLine>,
    pub quantities: RecordMap<u64>,
}

impl AsShipped {
    /// What `s` carries now.
    fn of(s: &Shipment) -> AsShipped {
        AsShipped {
            carton_lines: s.carton_lines.clone(),
            quantities: s.quantities.clone(),
        }
    }
}

crate::code_enum! {
    /// What a logged change to a shipment that had left did.
    pub enum ChangeKind default Quantities {
        LineAdded = "line_added",
        LineEdited = "line_edited",
        LineRemoved = "line_removed",
        /// Hand-entered pieces per cell.
        Quantities = "quantities",
        /// The shipped date cleared: the goods did not leave after all.
        Unshipped = "unshipped",
        /// Un-dated by reopening the order (`lifecycle::reopen`).
        Reopened = "reopened",
        /// The shipped date moved to another day ([`redate`]).
        Redated = "redated",
        /// A change made on a device that did not yet know the shipment had left, found after
        /// the merge and accepted with a reason ([`accept_unlogged`]).
        Accepted = "accepted",
    }
}

/// A count before and after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Delta {
    pub before: u64,
    pub after: u64,
}

/// One logged change to what a shipment that had left carries.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct ShipChange {
    pub kind: ChangeKind,
    pub who: String,
    pub day: Option<Day>,
    pub reason: String,
    /// Pieces before → after, by `"{colour}:{size}"`, for the cells whose pieces changed.
    pub cells: RecordMap<Delta>,
    /// Cartons before → after.
    pub cartons: Delta,
    /// The carton line as it was and as it became (a line edited, added or removed).
    pub line_before: Option<CartonLine>,
    pub line_after: Option<CartonLine>,
    /// The day the shipment had left, when the change cleared or moved it.
    pub shipped_on: Option<Day>,
    /// The day it was moved to ([`ChangeKind::Redated`]).
    #[autosurgeon(missing = "Default::default")]
    pub redated_to: Option<Day>,
}

/// How two states of a shipment's goods differ, per cell and in cartons.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diff {
    /// Pieces before → after, for the cells whose pieces differ.
    pub cells: RecordMap<Delta>,
    pub cartons: Delta,
    /// Carton lines that differ (added, removed or changed), by id.
    pub lines: Vec<String>,
}

/// Who makes a change, on which day (the caller's today), why, and the id it is logged under
/// if the shipment has left. Before it left the note is not used and the reason may be empty.
#[derive(Debug, Clone, Copy)]
pub struct ChangeNote<'a> {
    pub id: &'a str,
    pub who: &'a str,
    pub day: Day,
    pub reason: &'a str,
}

impl Shipment {
    /// The changes logged since the shipment left, oldest first (by day, then id).
    pub fn changes_in_order(&self) -> Vec<(&String, &ShipChange)> {
        let mut v: Vec<_> = self.changes.iter().collect();
        crate::sorting::sort_by_key(&mut v, |(k, c)| (c.day, (*k).clone()));
        v
    }
}

/// Dates a shipment as left on `day`. The first time (it had no date), what it carries is
/// recorded as [`Shipment::as_shipped`]; correcting the day keeps the record.
pub fn mark_shipped(s: &mut Shipment, day: Day) {
    if s.shipped_on.is_none() {
        s.as_shipped = Some(AsShipped::of(s));
    }
    s.shipped_on = Some(day);
}

/// Puts carton line `line_id` (new or edited) on shipment `shipment`; checked as the packing list
/// checks a line ([`CartonLine::problems`]). After the shipment left, only with a reason, logged.
pub fn set_carton_line(
    order: &mut Order,
    shipment: &str,
    line_id: &str,
    line: CartonLine,
    note: &ChangeNote,
) -> Result<(), DomainError> {
    if let Some(p) = line.problems().into_iter().next() {
        return Err(DomainError::Problem(p));
    }
    let before = shipment_mut(order, shipment)?
        .carton_lines
        .get(line_id)
        .cloned();
    let kind = if before.is_some() {
        ChangeKind::LineEdited
    } else {
        ChangeKind::LineAdded
    };
    let after = Some(line.clone());
    change(order, shipment, note, (kind, before, after), |s| {
        s.carton_lines.insert(line_id.to_string(), line);
    })
}

/// Takes carton line `line_id` off shipment `shipment` (a line already gone is nothing to do).
/// After the shipment left, only with a reason, logged.
pub fn remove_carton_line(
    order: &mut Order,
    shipment: &str,
    line_id: &str,
    note: &ChangeNote,
) -> Result<(), DomainError> {
    let before = shipment_mut(order, shipment)?
        .carton_lines
        .get(line_id)
        .cloned();
    let what = (ChangeKind::LineRemoved, before, None);
    change(order, shipment, note, what, |s| {
        s.carton_lines.remove(line_id);
    })
}

/// Sets the hand-entered pieces of the cells in `cells` (`"{colour}:{size}"` → pieces, `None`
/// to clear the cell); cells not named are left as they are, so another device's cells stay.
/// After the shipment left, only with a reason, logged.
pub fn set_quantities(
    order: &mut Order,
    shipment: &str,
    cells: &[(String, Option<u64>)],
    note: &ChangeNote,
) -> Result<(), DomainError> {
    let what = (ChangeKind::Quantities, None, None);
    change(order, shipment, note, what, |s| {
        for (k, q) in cells {
            match q {
                None => {
                    s.quantities.remove(k);
                }
                Some(q) if s.quantities.get(k) != Some(q) => {
                    s.quantities.insert(k.clone(), *q);
                }
                Some(_) => {}
            }
        }
    })
}

/// Clears the day shipment `shipment` left: the goods did not leave after all. Only with a
/// reason, logged; a shipment not dated is nothing to do. Its record of what it carried goes
/// with the date: dating it again records anew.
pub fn unship(order: &mut Order, shipment: &str, note: &ChangeNote) -> Result<(), DomainError> {
    let s = shipment_mut(order, shipment)?;
    if s.shipped_on.is_none() {
        return Ok(());
    }
    let reason = given(note.reason)?;
    log_unshipped(
        s,
        note.id,
        ChangeKind::Unshipped,
        note.who,
        note.day,
        reason,
    );
    Ok(())
}

/// Moves the day shipment `shipment` left to `day`: only with a reason, logged with the day it
/// had (what it carried stays recorded as it was). A shipment not dated yet is dated by
/// shipping it (`lifecycle::set_shipped_on`, through the gates), not here. A day after the
/// note's (today) is refused.
pub fn redate(
    order: &mut Order,
    shipment: &str,
    day: Day,
    note: &ChangeNote,
) -> Result<(), DomainError> {
    let s = shipment_mut(order, shipment)?;
    let Some(was) = s.shipped_on.filter(|was| *was != day) else {
        return Ok(());
    };
    // A later day than the one it is moved on is no day the goods left (`note.day` is today).
    if day > note.day {
        return Err(DomainError::Problem(crate::order::Problem::new(
            crate::order::Field::ShippedOn,
            crate::order::Issue::InFuture,
        )));
    }
    let reason = given(note.reason)?;
    let cartons = s.figures().cartons;
    s.changes.insert(
        note.id.to_string(),
        ShipChange {
            kind: ChangeKind::Redated,
            who: note.who.to_string(),
            day: Some(note.day),
            reason: reason.to_string(),
            cartons: Delta {
                before: cartons,
                after: cartons,
            },
            shipped_on: Some(was),
            redated_to: Some(day),
            ..ShipChange::default()
        },
    );
    s.shipped_on = Some(day);
    Ok(())
}

/// Logs `s` un-dated by a reopening of the order (which checked and logged its reason) under
/// `key`, and clears its date and record.
pub(crate) fn reopened(s: &mut Shipment, key: &str, who: &str, day: Day, reason: &str) {
    if s.shipped_on.is_some() {
        log_unshipped(s, key, ChangeKind::Reopened, who, day, reason);
    }
}

fn log_unshipped(s: &mut Shipment, key: &str, kind: ChangeKind, who: &str, day: Day, why: &str) {
    let cartons = s.figures().cartons;
    let entry = ShipChange {
        kind,
        who: who.to_string(),
        day: Some(day),
        reason: why.to_string(),
        cartons: Delta {
            before: cartons,
            after: cartons,
        },
        shipped_on: s.shipped_on,
        ..ShipChange::default()
    };
    s.changes.insert(key.to_string(), entry);
    s.shipped_on = None;
    s.as_shipped = None;
}

/// How what shipment `s` carries differs from what it carried when it left, as far as no logged
/// change explains: `None` when it has not left, has no record (dated before records were
/// kept), or carries what the record says.
pub fn unlogged(s: &Shipment) -> Option<Diff> {
    s.shipped_on?;
    let rec = s.as_shipped.as_ref()?;
    if same_goods(&rec.carton_lines, &rec.quantities, s) {
        return None;
    }
    let mut d = diff(&figures_with(s, rec), &s.figures());
    d.lines = differing(&rec.carton_lines, &s.carton_lines);
    Some(d)
}

/// Accepts, with a reason, what shipment `shipment` carries now though no logged change
/// explains it ([`unlogged`]; an edit made on a device that did not yet know the shipment had
/// left): logs it as before → after and brings the record in step. Nothing to accept is nothing
/// to do.
pub fn accept_unlogged(
    order: &mut Order,
    shipment: &str,
    note: &ChangeNote,
) -> Result<(), DomainError> {
    let s = shipment_mut(order, shipment)?;
    let Some(d) = unlogged(s) else {
        return Ok(());
    };
    let reason = given(note.reason)?;
    let entry = ShipChange {
        kind: ChangeKind::Accepted,
        who: note.who.to_string(),
        day: Some(note.day),
        reason: reason.to_string(),
        cells: d.cells,
        cartons: d.cartons,
        ..ShipChange::default()
    };
    s.changes.insert(note.id.to_string(), entry);
    // Writing a value a field already holds makes no operation: only what differed is written.
    s.as_shipped = Some(AsShipped::of(s));
    Ok(())
}

fn shipment_mut<'a>(order: &'a mut Order, id: &str) -> Result<&'a mut Shipment, DomainError> {
    order
        .shipments
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("shipment", id))
}

/// The reason trimmed, or the refusal when there is none.
fn given(reason: &str) -> Result<&str, DomainError> {
    match reason.trim() {
        "" => Err(DomainError::ReasonRequired),
        r => Ok(r),
    }
}

/// Applies `edit` to shipment `id`: as it is before the shipment left; after, refused without
/// a reason (leaving the order as it was) and otherwise logged with `what` (the kind, and the
/// carton line before and after), the record of what it carried following the edit.
fn change(
    order: &mut Order,
    id: &str,
    note: &ChangeNote,
    (kind, line_before, line_after): (ChangeKind, Option<CartonLine>, Option<CartonLine>),
    edit: impl FnOnce(&mut Shipment),
) -> Result<(), DomainError> {
    let s = shipment_mut(order, id)?;
    let mut next = s.clone();
    edit(&mut next);
    if s.shipped_on.is_some() && !same_goods(&s.carton_lines, &s.quantities, &next) {
        let reason = given(note.reason)?;
        // A shipment dated before records were kept starts its record here, as it was.
        let mut rec = s.as_shipped.clone().unwrap_or_else(|| AsShipped::of(s));
        follow(&mut rec.carton_lines, &s.carton_lines, &next.carton_lines);
        follow(&mut rec.quantities, &s.quantities, &next.quantities);
        next.as_shipped = Some(rec);
        let d = diff(&s.figures(), &next.figures());
        next.changes.insert(
            note.id.to_string(),
            ShipChange {
                kind,
                who: note.who.to_string(),
                day: Some(note.day),
                reason: reason.to_string(),
                cells: d.cells,
                cartons: d.cartons,
                line_before,
                line_after,
                ..ShipChange::default()
            },
        );
    }
    *s = next;
    Ok(())
}

/// Whether `s` carries `lines` and `cells`: the same carton lines, the same pieces per entered
/// cell (a cell of nothing is no cell).
fn same_goods(lines: &RecordMap<CartonLine>, cells: &RecordMap<u64>, s: &Shipment) -> bool {
    let entered = |m: &RecordMap<u64>| -> Vec<(String, u64)> {
        m.iter()
            .filter(|(_, q)| **q > 0)
            .map(|(k, q)| (k.clone(), *q))
            .collect()
    };
    *lines == s.carton_lines && entered(cells) == entered(&s.quantities)
}

/// Writes into `rec` each record that differs between `before` and `after`, as `after` has it:
/// the record follows only what this change touched, so a record another device changed
/// meanwhile keeps its difference.
fn follow<T: Clone + PartialEq>(
    rec: &mut RecordMap<T>,
    before: &RecordMap<T>,
    after: &RecordMap<T>,
) {
    for k in differing(before, after) {
        match after.get(&k) {
            Some(v) => {
                rec.insert(k, v.clone());
            }
            None => {
                rec.remove(&k);
            }
        }
    }
}

/// Ids whose records differ between `a` and `b` (in one only, or changed), in id order.
fn differing<T: PartialEq>(a: &RecordMap<T>, b: &RecordMap<T>) -> Vec<String> {
    let mut ids: Vec<String> = a
        .iter()
        .filter(|(k, v)| b.get(k) != Some(*v))
        .map(|(k, _)| k.clone())
        .chain(b.keys().filter(|k| !a.contains_key(k)).cloned())
        .collect();
    crate::sorting::sort_dedup(&mut ids);
    ids
}

/// The figures `s` would have carrying what `rec` recorded.
fn figures_with(s: &Shipment, rec: &AsShipped) -> ShipFigures {
    Shipment {
        carton_lines: rec.carton_lines.clone(),
        quantities: rec.quantities.clone(),
        ..s.clone()
    }
    .figures()
}

/// Pieces per cell and cartons, before → after, for what differs.
fn diff(before: &ShipFigures, after: &ShipFigures) -> Diff {
    let mut cells = RecordMap::new();
    for k in before.cells.keys().chain(after.cells.keys()) {
        let (b, a) = (
            before.cells.get(k).copied().unwrap_or(0),
            after.cells.get(k).copied().unwrap_or(0),
        );
        if a != b {
            cells.insert(
                k.clone(),
                Delta {
                    before: b,
                    after: a,
                },
            );
        }
    }
    Diff {
        cells,
        cartons: Delta {
            before: before.cartons,
            after: after.cartons,
        },
        lines: Vec::new(),
    }
}
