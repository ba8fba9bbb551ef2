//! The factory making an order changed only with a reason once its goods were inspected there
//! (换厂记录). Final lots are judged by the switching rules of the order's factory (ISO 2859-1:
//! tightened after lots not accepted, acceptance discontinued after five on tightened), so
//! pointing the order at another factory — or at none — gave its next lot a clean history with
//! no trace. The order's on-time delivery and complaints are also credited to the factory it
//! names, so once the goods left or a customer complained, moving it would hand a late or
//! complained-about order to another factory's score (or to none). [`set_factory`] is the one
//! way the screens change it: free while none of that happened (the order is still being
//! placed), afterwards with a reason, logged with who, when, from and to.

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::error::DomainError;
use crate::order::Order;

/// A change of the order's factory after inspections there: from and to (party ids; empty for
/// none), who, the day and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct FactoryChange {
    pub from: String,
    pub to: String,
    pub who: String,
    pub day: Option<Day>,
    pub reason: String,
}

crate::record_fields!(FactoryChange;
    from: String,
    to: String,
    who: String,
    day: Option<Day>,
    reason: String,
);

/// Who changes the factory, the day, why and the record id of the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move<'a> {
    pub who: &'a str,
    pub today: Day,
    pub reason: &'a str,
    pub change_id: &'a str,
}

/// Whether the order's goods were inspected at its factory: then moving it needs a reason. A lot
/// recorded without its factory (started while the order named none, or by an older build)
/// counts at the factory the order names, as Reports credit it.
fn inspected_at_factory(order: &Order) -> bool {
    order.named_factory().is_some_and(|f| {
        order
            .inspections
            .values()
            .any(|i| order.credited_factory(&i.factory) == Some(f))
    })
}

/// Whether changing the order's factory needs a reason: goods were inspected at it, goods ever
/// left, or a complaint was recorded — each is a measure a factory is scored on. Also when the
/// order names no factory: naming one after the goods left (or a complaint) hands it that
/// order's delivery and complaints.
pub fn needs_reason(order: &Order) -> bool {
    inspected_at_factory(order)
        || crate::lifecycle::ever_shipped(order)
        || !order.complaints.is_empty()
}

/// Whether moving the order to `to` needs a reason: not when it names `to` already, nor when
/// `to` is the factory recorded when the goods left while a move nobody knew of is unsettled
/// (setting it back restores the record); otherwise as [`needs_reason`] says.
pub fn asks_reason(order: &Order, to: Option<&str>) -> bool {
    let to = to.map(str::trim).filter(|t| !t.is_empty());
    if to == order.named_factory() || back_to_shipped(order, to) {
        return false;
    }
    needs_reason(order)
}

fn back_to_shipped(order: &Order, to: Option<&str>) -> bool {
    unlogged(order).is_some_and(|(recorded, _)| recorded == to.unwrap_or_default())
}

/// Sets the order's factory (`None`: none), whose standing is `standing`. Refused without a
/// reason once [`needs_reason`] says so ([`DomainError::ReasonRequired`]); such a change is
/// logged. Refused to a suspended factory ([`DomainError::Suspended`]), unless it sets back the
/// factory the goods left (that restores the record; it gives no work). Lots and complaints
/// stored without a factory are stamped with the one being left.
pub fn set_factory(
    order: &mut Order,
    to: Option<String>,
    standing: &crate::standing::Standing,
    by: Move<'_>,
) -> Result<(), DomainError> {
    let to = to.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    if to == order.factory {
        return Ok(());
    }
    if to.is_some() && !back_to_shipped(order, to.as_deref()) {
        crate::standing::may_take_work(standing)?;
    }
    if asks_reason(order, to.as_deref()) {
        if by.reason.trim().is_empty() {
            return Err(DomainError::ReasonRequired);
        }
        // While a move nobody knew of is unsettled, the change is logged from the factory the
        // goods left — the move in between was never accepted, and logging from it would hide it.
        let from = unlogged(order).map_or_else(
            || order.named_factory().unwrap_or_default().to_string(),
            |(recorded, _)| recorded,
        );
        order.factory_changes.insert(
            by.change_id.to_string(),
            FactoryChange {
                from,
                to: to.clone().unwrap_or_default(),
                who: by.who.trim().to_string(),
                day: Some(by.today),
                reason: by.reason.trim().to_string(),
            },
        );
    }
    // Lots and complaints recorded without their factory count at the one the order names;
    // leaving it, they stay with it rather than follow the order to the next one.
    if let Some(left) = order.factory.clone() {
        for i in order.inspections.values_mut() {
            if i.factory.trim().is_empty() {
                i.factory = left.clone();
            }
        }
        for c in order.complaints.values_mut() {
            if c.factory.trim().is_empty() {
                c.factory = left.clone();
            }
        }
    }
    // Made knowing the goods left (it was asked for a reason then): the record follows.
    if as_shipped(order).is_some() {
        order.factory_as_shipped = Some(to.clone().unwrap_or_default());
    }
    order.factory = to;
    Ok(())
}

/// Records the factory when the first shipment leaves; called wherever a shipment is dated.
pub fn record_when_shipped(order: &mut Order) {
    if order.factory_as_shipped.is_none() {
        order.factory_as_shipped = Some(order.named_factory().unwrap_or_default().to_string());
    }
}

/// The factory recorded when the goods left ("" for none); `None` before they left. Goods that
/// left under a build that recorded nothing are read from the log: every move after they left
/// needed a reason, so the last logged move dated on or after that day says where the order
/// should be; with none, the factory named now (a move nobody logged is then invisible: nothing
/// recorded what came before it).
fn as_shipped(order: &Order) -> Option<String> {
    if let Some(f) = &order.factory_as_shipped {
        return Some(f.trim().to_string());
    }
    if !crate::lifecycle::ever_shipped(order) {
        return None;
    }
    let left = order.shipped_on();
    let last = order
        .factory_changes
        .values()
        .filter(|c| c.day.is_some() && left.is_some_and(|l| c.day >= Some(l)))
        .max_by_key(|c| c.day);
    Some(last.map_or_else(
        || order.named_factory().unwrap_or_default().to_string(),
        |c| c.to.trim().to_string(),
    ))
}

/// Records [`as_shipped`] for an order whose goods left under an older build, so a move a device
/// makes later without knowing the goods left needs a decision once merged. Called on every save
/// of an order; does nothing once recorded, or before the goods left.
pub fn fill_in_shipped(order: &mut Order) {
    if order.factory_as_shipped.is_none() {
        order.factory_as_shipped = as_shipped(order);
    }
}

/// The factory recorded when goods left and the factory now (party ids, "" for none), when they
/// differ with no change made knowing it: a device that did not know the goods had left moved
/// the order freely, and the merge kept the move. `None` when they agree or the goods have
/// not left ([`as_shipped`] reads an older build's order from its log).
pub fn unlogged(order: &Order) -> Option<(String, String)> {
    let recorded = as_shipped(order)?;
    let now = order.named_factory().unwrap_or_default();
    (recorded != now).then(|| (recorded, now.to_string()))
}

/// Accepts the factory as it is now, with a reason, logged as a change from the one recorded
/// when goods left: settles [`unlogged`].
pub fn accept(order: &mut Order, by: Move<'_>) -> Result<(), DomainError> {
    let Some((from, to)) = unlogged(order) else {
        return Ok(());
    };
    if by.reason.trim().is_empty() {
        return Err(DomainError::ReasonRequired);
    }
    order.factory_changes.insert(
        by.change_id.to_string(),
        FactoryChange {
            from,
            to: to.clone(),
            who: by.who.trim().to_string(),
            day: Some(by.today),
            reason: by.reason.trim().to_string(),
        },
    );
    order.factory_as_shipped = Some(to);
    Ok(())
}
