//! 验货预约: inspections booked ahead, by our QC, the buyer's QC (预约客户QC查货) or a third party
//! the buyer names, on a day. An inspection someone else runs is booked only once they confirm
//! that very day: a confirmation is kept with the day it was for, so moving the booking (here, or
//! on another device while offline) leaves it to confirm again instead of carrying an old "yes"
//! to a new day. Kept on the order, keyed by random id so two devices' bookings both stay; the
//! inspection started on the day takes the booking up ([`take_up`]).

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::error::DomainError;
use crate::inspection::InspectionKind;
use crate::order::{Field, Issue, Order, Problem};

crate::code_enum! {
    pub enum Inspector default Own {
        /// Our own QC.
        Own = "own",
        /// The buyer's QC (客户QC).
        Buyer = "buyer",
        /// A third party the buyer names (SGS, Intertek, BV…).
        ThirdParty = "third_party",
    }
}

impl Inspector {
    /// Someone outside the team inspects, who must confirm the day.
    pub fn is_external(&self) -> bool {
        !matches!(self, Inspector::Own)
    }
}

/// Who confirmed the inspection would happen, on which day they said so, and the day it was for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Confirmation {
    pub for_day: Option<Day>,
    pub who: String,
    pub on: Option<Day>,
}

crate::record_fields!(Confirmation;
    for_day: Option<Day>,
    who: String,
    on: Option<Day>,
);

/// One booked inspection.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Booking {
    pub kind: InspectionKind,
    pub day: Option<Day>,
    pub by: Inspector,
    /// Who inspects for them: the buyer's QC by name, or the agency.
    pub agency: String,
    pub note: String,
    /// Who booked it, and the day.
    pub who: String,
    pub made: Option<Day>,
    pub confirmed: Option<Confirmation>,
    /// Each move of the day, "day → day: who — why", oldest first.
    pub moves: Vec<String>,
    /// "who — why" once called off.
    pub cancelled: String,
    /// The inspection that took the booking up.
    pub started: Option<String>,
}

crate::record_fields!(Booking;
    kind: InspectionKind,
    day: Option<Day>,
    by: Inspector,
    agency: String,
    note: String,
    who: String,
    made: Option<Day>,
    confirmed: Option<Confirmation>,
    moves: Vec<String>,
    cancelled: String,
    started: Option<String>,
);

/// Where a booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookingState {
    /// Our own QC's, or confirmed by whoever inspects for the day it is on.
    Booked,
    /// Someone else inspects and has not confirmed this day (never, or another day before a
    /// move).
    ToConfirm,
    Cancelled,
    /// An inspection took it up.
    Done,
}

impl Booking {
    pub fn state(&self) -> BookingState {
        if !self.cancelled.is_empty() {
            BookingState::Cancelled
        } else if self.started.is_some() {
            BookingState::Done
        } else if self.by.is_external()
            && self
                .confirmed
                .as_ref()
                .is_none_or(|c| c.for_day != self.day)
        {
            BookingState::ToConfirm
        } else {
            BookingState::Booked
        }
    }

    /// Neither cancelled nor taken up.
    pub fn is_open(&self) -> bool {
        matches!(self.state(), BookingState::Booked | BookingState::ToConfirm)
    }

    /// Still open on `today` though its day has passed: nobody started the inspection, so the
    /// booking is moved to a new day or called off, not left to look booked.
    pub fn is_missed(&self, today: Day) -> bool {
        self.is_open() && self.day.is_some_and(|d| d < today)
    }

    /// A confirmation kept from before the booking moved: said, so nobody reads it as current.
    pub fn confirmed_another_day(&self) -> Option<Day> {
        self.confirmed
            .as_ref()
            .and_then(|c| c.for_day)
            .filter(|d| Some(*d) != self.day)
    }
}

/// A booking as typed: the kind, the day, who inspects (and their name when not us), a note,
/// who books it and today.
pub struct NewBooking<'a> {
    pub kind: InspectionKind,
    pub day: Day,
    pub by: Inspector,
    pub agency: &'a str,
    pub note: &'a str,
    pub who: &'a str,
    pub today: Day,
}

fn bad(field: Field, issue: Issue) -> DomainError {
    DomainError::Problem(Problem::new(field, issue))
}

fn open_mut<'a>(order: &'a mut Order, id: &str) -> Result<&'a mut Booking, DomainError> {
    let b = order
        .inspection_bookings
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("booking", id))?;
    if !b.is_open() {
        return Err(bad(Field::BookingDay, Issue::BookingClosed));
    }
    Ok(b)
}

/// Books an inspection under `id`: on today or later, and naming who inspects when it is not our
/// own QC (the buyer's QC person, or the agency).
pub fn book(order: &mut Order, id: &str, b: NewBooking<'_>) -> Result<(), DomainError> {
    if b.day < b.today {
        return Err(bad(Field::BookingDay, Issue::InPast));
    }
    let agency = b.agency.trim();
    if b.by.is_external() && agency.is_empty() {
        return Err(bad(Field::BookingAgency, Issue::Required));
    }
    order.inspection_bookings.insert(
        id.to_string(),
        Booking {
            kind: b.kind,
            day: Some(b.day),
            by: b.by,
            agency: agency.to_string(),
            note: b.note.trim().to_string(),
            who: b.who.trim().to_string(),
            made: Some(b.today),
            ..Booking::default()
        },
    );
    Ok(())
}

/// Records that whoever inspects confirmed the day the booking is on now, as `who` heard it on
/// `today`. Only for a booking someone else inspects, still open, and whose day has not passed:
/// a missed day is moved, not confirmed after the fact.
pub fn confirm(order: &mut Order, id: &str, who: &str, today: Day) -> Result<(), DomainError> {
    let b = open_mut(order, id)?;
    if !b.by.is_external() {
        return Err(bad(Field::BookingDay, Issue::OwnNeedsNoConfirmation));
    }
    if b.is_missed(today) {
        return Err(bad(Field::BookingDay, Issue::InPast));
    }
    b.confirmed = Some(Confirmation {
        for_day: b.day,
        who: who.trim().to_string(),
        on: Some(today),
    });
    Ok(())
}

/// Moves an open booking to `day` (today or later), saying why; a confirmation for the old day
/// stays kept but no longer counts ([`Booking::state`]).
pub fn reschedule(
    order: &mut Order,
    id: &str,
    day: Day,
    (who, reason, today): (&str, &str, Day),
) -> Result<(), DomainError> {
    let said = crate::error::signed_reason(who, reason)?;
    let b = open_mut(order, id)?;
    if day < today {
        return Err(bad(Field::BookingDay, Issue::InPast));
    }
    if b.day == Some(day) {
        return Ok(());
    }
    let from = b.day.map(|d| d.to_string()).unwrap_or_default();
    b.moves.push(format!("{from} → {day}: {said}"));
    b.day = Some(day);
    Ok(())
}

/// Calls an open booking off, saying who and why.
pub fn cancel(order: &mut Order, id: &str, who: &str, reason: &str) -> Result<(), DomainError> {
    let said = crate::error::signed_reason(who, reason)?;
    open_mut(order, id)?.cancelled = said;
    Ok(())
}

/// The inspection `inspection` of `kind` held on `on` takes up the open booking of that kind on
/// that day, else the one with the earliest day that has come (an inspection held late), so the
/// booking leaves what is still to come. A booking for a later day stays: an unplanned check
/// today is not the buyer's inspection next week. The day's own booking goes first: taking an
/// older missed one instead left the one held open, said missed the next day.
/// Called by [`crate::inspection::start`]; nothing happens when none is booked.
pub fn take_up(order: &mut Order, kind: &InspectionKind, inspection: &str, on: Option<Day>) {
    let Some(on) = on else { return };
    let come: Vec<(&String, &Booking)> = open(order)
        .into_iter()
        .filter(|(_, b)| &b.kind == kind && b.day.is_some_and(|d| d <= on))
        .collect();
    let first = come
        .iter()
        .find(|(_, b)| b.day == Some(on))
        .or(come.first())
        .map(|(id, _)| (*id).clone());
    if let Some(b) = first.and_then(|id| order.inspection_bookings.get_mut(&id)) {
        b.started = Some(inspection.to_string());
    }
}

/// The open bookings, by day then id.
pub fn open(order: &Order) -> Vec<(&String, &Booking)> {
    in_order(order)
        .into_iter()
        .filter(|(_, b)| b.is_open())
        .collect()
}

/// Every booking, by day then id: what the screen lists, closed ones too.
pub fn in_order(order: &Order) -> Vec<(&String, &Booking)> {
    let mut out: Vec<_> = order.inspection_bookings.iter().collect();
    crate::sorting::sort_by_key(&mut out, |(id, b)| (b.day, (*id).clone()));
    out
}
