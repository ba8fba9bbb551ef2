//! An order's quantities once goods left (改单记录). Whether an order shipped complete and on
//! time is judged against what was ordered ([`crate::shipped`]), so lowering the order to what a
//! short shipment carried made it "complete" with no trace: the on-time delivery KPI, and the
//! balance a buyer is asked for, moved without a word. Once any shipment has left, the order
//! form's save ([`save_header`]) changes the quantities only with a reason, logged with who,
//! when and the totals before → after; so does a cut of them once the order was released to
//! production ([`needs_reason`]).
//!
//! Offline, a device that did not yet know the goods had left is not refused: when the first
//! shipment leaves, the order's quantities are recorded ([`Order::ordered_as_shipped`]), and a
//! merge that brings quantities differing from the record (with no logged change to account for
//! them) is a decision the order waits for ([`unlogged`], `lifecycle::Violation`), settled by
//! accepting the quantities as they are with a reason ([`accept`]). So is a cut below the total
//! recorded at release ([`Order::ordered_at_release`], [`cut_unlogged`]) by a device that did
//! not know of the release.

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::error::DomainError;
use crate::order::{Order, QuantityMatrix};
use crate::records::RecordMap;

/// A change of the ordered quantities after goods left: the totals before and after, who, the
/// day and why; `accepted` when it accepted quantities a merge brought ([`accept`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct QuantityChange {
    pub from: u64,
    pub to: u64,
    pub who: String,
    pub day: Option<Day>,
    pub reason: String,
    pub accepted: bool,
}

crate::record_fields!(QuantityChange;
    from: u64,
    to: u64,
    who: String,
    day: Option<Day>,
    reason: String,
    accepted: bool,
);

/// Who saves, the day, why, and the record id of the change in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reviser<'a> {
    pub who: &'a str,
    pub today: Day,
    pub reason: &'a str,
    pub change_id: &'a str,
}

/// The cells that count: those of live colours and sizes, zeros left out (a missing cell is
/// zero), so renaming a line or typing a 0 is not a change of what was ordered.
pub fn ordered_cells(q: &QuantityMatrix) -> RecordMap<u64> {
    let mut out = RecordMap::new();
    for (k, v) in q.cells.iter() {
        let live = k
            .split_once(':')
            .is_some_and(|(c, s)| q.colours.contains_key(c) && q.sizes.contains_key(s));
        if live && *v > 0 {
            out.insert(k.clone(), *v);
        }
    }
    out
}

fn total(cells: &RecordMap<u64>) -> u64 {
    cells.values().fold(0u64, |a, v| a.saturating_add(*v))
}

/// Whether goods of the order have left: a shipment is dated, or one was when the quantities
/// were recorded (a reopened order keeps its record).
pub fn goods_left(order: &Order) -> bool {
    order.ordered_as_shipped.is_some() || order.shipments.values().any(|s| s.shipped_on.is_some())
}

/// Records what was ordered when the first shipment leaves; called wherever a shipment is dated.
pub fn record_when_shipped(order: &mut Order) {
    if order.ordered_as_shipped.is_none() {
        order.ordered_as_shipped = Some(ordered_cells(&order.quantities));
    }
}

/// Whether saving `next` over `current` changes the quantities in a way that needs a reason:
/// any change once goods left ([`goods_left`]), and a cut of the total once the order was
/// released to production (`lifecycle::ever_released`): on-time delivery is judged against
/// what was ordered, so an order cut to what is ready the day before it ships counted complete
/// and on time, its remainder moved to a new order with a new date.
pub fn needs_reason(current: &Order, next: &Order) -> bool {
    let (was, now) = (
        ordered_cells(&current.quantities),
        ordered_cells(&next.quantities),
    );
    (goods_left(current) && was != now)
        || (crate::lifecycle::ever_released(current) && total(&now) < total(&was))
}

fn log(order: &mut Order, from: u64, by: Reviser<'_>, accepted: bool) {
    let cells = ordered_cells(&order.quantities);
    order.quantity_changes.insert(
        by.change_id.to_string(),
        QuantityChange {
            from,
            to: total(&cells),
            who: by.who.trim().to_string(),
            day: Some(by.today),
            reason: by.reason.trim().to_string(),
            accepted,
        },
    );
    // The records of what was ordered when goods left and at release move with a logged
    // change; before either there is none to keep in step (and keeping one would say goods
    // had left, or the order was released).
    if order.ordered_at_release.is_some() {
        order.ordered_at_release = Some(cells.clone());
    }
    if goods_left(order) {
        order.ordered_as_shipped = Some(cells);
    }
}

/// Records the ordered cells as the order is released; called by the move that releases it
/// (from a status before release), never by later moves: an order released by an older build
/// has no record, rather than one taken at a later move that a logged cut made meanwhile on
/// another device (which set none) would then contradict.
pub fn record_when_released(order: &mut Order) {
    if order.ordered_at_release.is_none() {
        order.ordered_at_release = Some(ordered_cells(&order.quantities));
    }
}

/// Cells cut below what was recorded at release, with no logged change to account for them:
/// a device that did not know the order was released cut them (no reason asked there), and
/// the merge kept the cut. Judged cell by cell (a raise of one cell does not hide a cut of
/// another): the totals recorded and now; `None` when nothing was cut, nothing was recorded,
/// or goods left (then [`unlogged`] judges every change).
pub fn cut_unlogged(order: &Order) -> Option<(u64, u64)> {
    let recorded = order.ordered_at_release.as_ref()?;
    if order.ordered_as_shipped.is_some() {
        return None;
    }
    let now = ordered_cells(&order.quantities);
    let cut = recorded
        .iter()
        .any(|(k, v)| now.get(k).copied().unwrap_or(0) < *v);
    cut.then(|| (total(recorded), total(&now)))
}

/// Saves the order form onto `current`: only what changed between `base` and `edited`
/// ([`crate::draft::apply_edits`]). Once goods left a change of the ordered quantities, and once
/// released a cut of them ([`needs_reason`]), is refused without a reason
/// ([`DomainError::ReasonRequired`]; the caller's commit then writes nothing) and logged with
/// one.
pub fn save_header(
    base: &Order,
    edited: &Order,
    current: &mut Order,
    by: Reviser<'_>,
) -> Result<(), DomainError> {
    let before = ordered_cells(&current.quantities);
    let mut next = current.clone();
    crate::draft::apply_edits(base, edited, &mut next);
    // The form judges the PO on its draft alone; whether the order was ever confirmed (so the
    // buyer's PO must stay) is known only from the order's own log.
    if crate::order::tidy(&next.customer_po).is_empty() && next.needs_po() {
        return Err(DomainError::Problem(crate::problem::Problem::new(
            crate::problem::Field::CustomerPo,
            crate::problem::Issue::Required,
        )));
    }
    if needs_reason(current, &next) {
        if by.reason.trim().is_empty() {
            return Err(DomainError::ReasonRequired);
        }
        log(&mut next, total(&before), by, false);
    }
    *current = next;
    Ok(())
}

/// Quantities that differ from what was recorded when goods left, with no logged change to
/// account for them (a device that did not know the goods had left, merged): the totals
/// recorded and now. `None` when they agree or nothing was recorded.
pub fn unlogged(order: &Order) -> Option<(u64, u64)> {
    let recorded = order.ordered_as_shipped.as_ref()?;
    let now = ordered_cells(&order.quantities);
    (recorded != &now).then(|| (total(recorded), total(&now)))
}

/// Accepts the quantities as they are now, with a reason, logged: settles [`unlogged`] and
/// [`cut_unlogged`].
pub fn accept(order: &mut Order, by: Reviser<'_>) -> Result<(), DomainError> {
    let Some((from, _)) = unlogged(order).or_else(|| cut_unlogged(order)) else {
        return Ok(());
    };
    if by.reason.trim().is_empty() {
        return Err(DomainError::ReasonRequired);
    }
    log(order, from, by, true);
    Ok(())
}
