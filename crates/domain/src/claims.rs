//! 索赔金额: the money a transit claim asks of the carrier, forwarder or insurer and what it
//! recovered. The incident itself (what happened, pieces, with whom the claim is) is on the
//! order's shipment, which a factory may hold; its money is here, in the commercial document,
//! keyed by the incident's id, so it reaches no factory.
//!
//! What a merchandiser relies on when finance asks "how much is still to come back":
//! - a claim names an incident of the order and an amount, in an ISO currency (the books' by
//!   default); revising it never goes below what was already recovered;
//! - a recovery is money that came in against a claim, dated by today at the latest, and never
//!   beyond what is still outstanding on one device; two devices recording recoveries offline
//!   keep both (random ids), and what came back beyond the claim is shown, never hidden;
//! - a recovery entered by mistake is voided with who and why and stays in the books.

use autosurgeon::{Hydrate, Reconcile};

use crate::commercial::Commercial;
use crate::day::Day;
use crate::error::{problem, DomainError};
use crate::money::Price;
use crate::order::Order;
use crate::problem::{Field, Issue};

/// What a claim asks: the amount, its currency, who lodged it (or last revised it) and the day.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Reconcile, Hydrate)]
pub struct Claim {
    pub amount: Price,
    pub currency: String,
    pub who: String,
    pub day: Option<Day>,
}

crate::record_fields!(Claim;
    amount: Price,
    currency: String,
    who: String,
    day: Option<Day>,
);

/// Money that came back on a claim: for which incident, how much (in the claim's currency), the
/// day it came, who recorded it and when, a note (the payer's reference), and "who — why" when
/// voided.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Reconcile, Hydrate)]
pub struct Recovery {
    pub incident: String,
    pub amount: Price,
    pub date: Option<Day>,
    pub who: String,
    pub recorded: Option<Day>,
    pub note: String,
    pub voided: Option<String>,
}

crate::record_fields!(Recovery;
    incident: String,
    amount: Price,
    date: Option<Day>,
    who: String,
    recorded: Option<Day>,
    note: String,
    voided: Option<String>,
);

fn incident_exists(order: &Order, incident: &str) -> bool {
    order
        .shipments
        .values()
        .any(|s| s.incidents.contains_key(incident))
}

/// What the live recoveries of an incident's claim come to.
pub fn recovered(c: &Commercial, incident: &str) -> Price {
    Price::sum(
        c.recoveries
            .values()
            .filter(|r| r.incident == incident && r.voided.is_none())
            .map(|r| r.amount),
    )
    .unwrap_or(Price::ZERO)
}

/// What the claim still expects back (none once recovered in full, or without a claim).
pub fn outstanding(c: &Commercial, incident: &str) -> Price {
    c.claims.get(incident).map_or(Price::ZERO, |cl| {
        cl.amount.saturating_sub(recovered(c, incident))
    })
}

/// What came back beyond the claim (two devices' recoveries merged, say): shown, not hidden.
pub fn beyond(c: &Commercial, incident: &str) -> Price {
    c.claims.get(incident).map_or(Price::ZERO, |cl| {
        recovered(c, incident).saturating_sub(cl.amount)
    })
}

/// Lodges (or revises) the claim of `incident`, an incident on one of `order`'s shipments: the
/// amount asked in `currency` (empty: the books'). Refused for nothing asked, a currency that is
/// not an ISO code, and an amount below what was already recovered on it.
pub fn lodge(
    c: &mut Commercial,
    order: &Order,
    incident: &str,
    (amount, currency): (Price, &str),
    (who, today): (&str, Day),
) -> Result<(), DomainError> {
    if !incident_exists(order, incident) {
        return Err(DomainError::not_found("incident", incident));
    }
    if amount <= Price::ZERO {
        return Err(problem(Field::ClaimAmount, Issue::NotPositive));
    }
    let currency = match (currency.trim(), c.claims.get(incident)) {
        // A revision keeps the currency the money came back in.
        ("", Some(old)) => old.currency.clone(),
        ("", None) if !c.currency.trim().is_empty() => c.currency.trim().to_string(),
        ("", None) => return Err(problem(Field::Currency, Issue::Required)),
        (typed, _) => crate::commercial::currency_code(typed)
            .ok_or_else(|| problem(Field::Currency, Issue::NotACurrency))?,
    };
    let back = recovered(c, incident);
    if let Some(old) = c.claims.get(incident) {
        if currency != old.currency && back > Price::ZERO {
            return Err(problem(
                Field::Currency,
                Issue::CurrencyInUse(old.currency.clone()),
            ));
        }
    }
    if amount < back {
        return Err(problem(Field::ClaimAmount, Issue::BelowRecovered(back)));
    }
    c.claims.insert(
        incident.to_string(),
        Claim {
            amount,
            currency,
            who: who.trim().to_string(),
            day: Some(today),
        },
    );
    Ok(())
}

/// Money that came back as typed: for which incident, the amount, the day it came, a note, who
/// records it and the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovering<'a> {
    pub incident: &'a str,
    pub amount: Price,
    pub date: Day,
    pub note: &'a str,
    pub who: &'a str,
    pub today: Day,
}

/// Records money recovered on a lodged claim. Refused without a claim, for nothing, for a day
/// still to come, and beyond what the claim still expects (the most it may be is said).
pub fn recover(c: &mut Commercial, id: &str, r: Recovering<'_>) -> Result<(), DomainError> {
    if !c.claims.contains_key(r.incident) {
        return Err(problem(Field::ClaimAmount, Issue::Required));
    }
    if r.amount <= Price::ZERO {
        return Err(problem(Field::RecoveryAmount, Issue::NotPositive));
    }
    if r.date > r.today {
        return Err(problem(Field::RecoveryDate, Issue::InFuture));
    }
    let left = outstanding(c, r.incident);
    if r.amount > left {
        return Err(problem(Field::RecoveryAmount, Issue::MoreThanOwed(left)));
    }
    c.recoveries.insert(
        id.to_string(),
        Recovery {
            incident: r.incident.to_string(),
            amount: r.amount,
            date: Some(r.date),
            who: r.who.trim().to_string(),
            recorded: Some(r.today),
            note: r.note.trim().to_string(),
            voided: None,
        },
    );
    Ok(())
}

/// Voids a recovery recorded by mistake, saying who and why; it then counts for nothing and
/// stays in the books.
pub fn void_recovery(
    c: &mut Commercial,
    id: &str,
    who: &str,
    reason: &str,
) -> Result<(), DomainError> {
    let said = crate::error::signed_reason(who, reason)?;
    let r = c
        .recoveries
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("recovery", id))?;
    if r.voided.is_none() {
        r.voided = Some(said);
    }
    Ok(())
}

/// An incident's recoveries, oldest first (by the day the money came, then id).
pub fn recoveries_of<'a>(c: &'a Commercial, incident: &str) -> Vec<(&'a String, &'a Recovery)> {
    let mut out: Vec<_> = c
        .recoveries
        .iter()
        .filter(|(_, r)| r.incident == incident)
        .collect();
    crate::sorting::sort_by_key(&mut out, |(id, r)| (r.date, (*id).clone()));
    out
}
