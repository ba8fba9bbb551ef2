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

/// Whether the order's goods were inspected at its factory: then moving it needs a reason.
fn inspected_at_factory(order: &Order) -> bool {
    order
        .factory
        .as_deref()
        .is_some_and(|f| order.inspections.values().any(|i| i.factory == f))
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
/// so ([`DomainError::ReasonRequired`]); such a change is logged.
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
    order.factory = to;
    Ok(())
}
