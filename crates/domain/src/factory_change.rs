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

/// Whether moving the order off its factory needs a reason: goods were inspected there, goods
/// ever left, or a complaint was recorded — each is a measure the factory is scored on.
pub fn needs_reason(order: &Order) -> bool {
    order.factory.is_some()
        && (inspected_at_factory(order)
            || crate::lifecycle::ever_shipped(order)
            || !order.complaints.is_empty())
}

/// Sets the order's factory (`None`: none). Refused without a reason once [`needs_reason`] says
/// so ([`DomainError::ReasonRequired`]); such a change is logged. Lots and complaints stored
/// without a factory are stamped with the one being left.
pub fn set_factory(order: &mut Order, to: Option<String>, by: Move<'_>) -> Result<(), DomainError> {
    let to = to.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    if to == order.factory {
        return Ok(());
    }
    if needs_reason(order) {
        if by.reason.trim().is_empty() {
            return Err(DomainError::ReasonRequired);
        }
        order.factory_changes.insert(
            by.change_id.to_string(),
            FactoryChange {
                from: order.factory.clone().unwrap_or_default(),
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
    if order.factory_as_shipped.is_some() {
        order.factory_as_shipped = Some(to.clone().unwrap_or_default());
    }
    order.factory = to;
    Ok(())
}

/// Records the factory when the first shipment leaves; called wherever a shipment is dated.
pub fn record_when_shipped(order: &mut Order) {
    if order.factory_as_shipped.is_none() {
        order.factory_as_shipped = Some(order.factory.clone().unwrap_or_default());
    }
}

/// The factory recorded when goods left and the factory now (party ids, "" for none), when they
/// differ with no change made knowing it: a device that did not know the goods had left moved
/// the order freely, and the merge kept the move. `None` when they agree or nothing was
/// recorded (goods not left, or left under an older build).
pub fn unlogged(order: &Order) -> Option<(String, String)> {
    let recorded = order.factory_as_shipped.as_deref()?.trim();
    let now = order.named_factory().unwrap_or_default();
    (recorded != now).then(|| (recorded.to_string(), now.to_string()))
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
