//! 合格供应商: whether the team still gives work to a supplier, subcontractor or factory —
//! approved, on trial, or suspended — and what a suspension means for the orders. The standing
//! is read from a log of changes, each with who, the day and why, so two devices changing it
//! offline both stay on record and agree afterwards on which one stands. A suspended party gets
//! no new PO and no order moved to it; each PO still open with it is decided again — kept with a
//! reason, or cancelled or closed short — since a device that did not know of the suspension may
//! have placed it, and one that did must still say what becomes of the work under way.

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::error::DomainError;
use crate::order::Order;
use crate::purchasing::PurchaseOrder;
use crate::workspace::Party;

crate::code_enum! {
    pub enum Standing default Approved {
        /// 合格: the team gives it work. Every party starts so, as every party did before
        /// standings were kept.
        Approved = "approved",
        /// 试用: work goes to it while the team weighs it; screens say so beside its name.
        Trial = "trial",
        /// 暂停: no new work goes to it until it is reinstated.
        Suspended = "suspended",
    }
}

/// One change of a party's standing. `seq` orders the changes one device made (one more than
/// the highest it knew); changes two devices made not knowing of each other share a `seq` and
/// are ordered by day, then by id, the same way on every device.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Reconcile, Hydrate)]
pub struct StandingChange {
    pub to: Standing,
    pub seq: u64,
    pub who: String,
    pub day: Option<Day>,
    pub reason: String,
}

crate::record_fields!(StandingChange;
    to: Standing,
    seq: u64,
    who: String,
    day: Option<Day>,
    reason: String,
);

/// Who changes a standing (or keeps a PO), the day, why and the record id the change is kept
/// under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct By<'a> {
    pub who: &'a str,
    pub today: Day,
    pub reason: &'a str,
    pub change_id: &'a str,
}

/// A PO kept open with a supplier under one suspension (the change id that suspended it): who,
/// the day and why. A later suspension asks again.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct KeptSuspended {
    pub suspension: String,
    pub who: String,
    pub day: Option<Day>,
    pub reason: String,
}

crate::record_fields!(KeptSuspended;
    suspension: String,
    who: String,
    day: Option<Day>,
    reason: String,
);

/// Where a change stands in the log: by `seq`, then day, then id (one order on every device).
fn log_order<'a>((id, c): &(&'a String, &StandingChange)) -> (u64, Option<Day>, &'a String) {
    (c.seq, c.day, id)
}

impl Party {
    /// The change that stands (the latest in [`log_order`]), with its id.
    pub fn standing_change(&self) -> Option<(&String, &StandingChange)> {
        self.standing_changes.iter().max_by_key(log_order)
    }

    pub fn standing(&self) -> Standing {
        self.standing_change()
            .map_or(Standing::Approved, |(_, c)| c.to.clone())
    }

    /// The changes, oldest first.
    pub fn standing_log(&self) -> Vec<(&String, &StandingChange)> {
        let mut log: Vec<_> = self.standing_changes.iter().collect();
        crate::sorting::sort_by_key(&mut log, log_order);
        log
    }

    /// The change that suspended the party, with its id, while it is suspended.
    pub fn suspension(&self) -> Option<(&String, &StandingChange)> {
        self.standing_change()
            .filter(|(_, c)| c.to == Standing::Suspended)
    }
}

/// Changes `party`'s standing to `to`, logged with a reason (refused without one: the next
/// merchandiser to read the list must see why a supplier was suspended, reinstated or
/// approved). Setting the standing it has already changes nothing.
pub fn set(party: &mut Party, to: Standing, by: By<'_>) -> Result<(), DomainError> {
    if party.standing() == to {
        return Ok(());
    }
    let reason = by.reason.trim();
    if reason.is_empty() {
        return Err(DomainError::ReasonRequired);
    }
    let seq = party
        .standing_changes
        .values()
        .map(|c| c.seq)
        .max()
        .map_or(1, |s| s + 1);
    party.standing_changes.insert(
        by.change_id.to_string(),
        StandingChange {
            to,
            seq,
            who: by.who.trim().to_string(),
            day: Some(by.today),
            reason: reason.to_string(),
        },
    );
    Ok(())
}

/// Whether new work may go to a party of this standing: refused while it is suspended.
pub fn may_take_work(standing: &Standing) -> Result<(), DomainError> {
    match standing {
        Standing::Suspended => Err(DomainError::Suspended),
        _ => Ok(()),
    }
}

/// The suspension a PO still open with `supplier` waits on a decision for: the supplier is
/// suspended, the PO is neither in, closed nor cancelled, and it was not kept under this
/// suspension. `None` when nothing is to decide.
pub fn undecided<'p>(
    po: &PurchaseOrder,
    supplier: Option<&'p Party>,
) -> Option<(&'p String, &'p StandingChange)> {
    let kept = po
        .kept_suspended
        .as_ref()
        .map_or("", |k| k.suspension.as_str());
    po.is_open().then(|| waits(supplier, kept)).flatten()
}

/// The suspension an open PO with `supplier`, kept under the suspension `kept` ("" for none),
/// waits on a decision for — [`undecided`] for what the order summaries carry ([`open_pos`]).
pub fn waits<'p>(
    supplier: Option<&'p Party>,
    kept: &str,
) -> Option<(&'p String, &'p StandingChange)> {
    supplier?.suspension().filter(|(id, _)| id.as_str() != kept)
}

/// Each PO of the order still open, as (supplier, the suspension it was kept under or ""): what
/// Today needs to find the POs a suspension left waiting without loading every order.
pub fn open_pos(order: &Order) -> Vec<(String, String)> {
    order
        .purchase_orders
        .values()
        .filter(|po| po.is_open())
        .map(|po| {
            let kept = po.kept_suspended.as_ref().map(|k| k.suspension.clone());
            (po.supplier.trim().to_string(), kept.unwrap_or_default())
        })
        .collect()
}

/// Keeps the PO `po` open with its suspended supplier, with a reason (the goods are half made,
/// no other mill has the dye lot). Refused without one; nothing changes when nothing is to
/// decide (the supplier was reinstated meanwhile, or the PO kept on another device).
pub fn keep_po(
    order: &mut Order,
    po: &str,
    supplier: Option<&Party>,
    by: By<'_>,
) -> Result<(), DomainError> {
    let p = order
        .purchase_orders
        .get_mut(po)
        .ok_or_else(|| DomainError::not_found("purchase order", po))?;
    let Some((suspension, _)) = undecided(p, supplier) else {
        return Ok(());
    };
    let reason = by.reason.trim();
    if reason.is_empty() {
        return Err(DomainError::ReasonRequired);
    }
    p.kept_suspended = Some(KeptSuspended {
        suspension: suspension.clone(),
        who: by.who.trim().to_string(),
        day: Some(by.today),
        reason: reason.to_string(),
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by<'a>(reason: &'a str, id: &'a str, day: u32) -> By<'a> {
        By {
            who: "Li",
            today: Day::from_ymd(2026, 5, day).unwrap(),
            reason,
            change_id: id,
        }
    }

    #[test]
    fn a_standing_changes_only_with_a_reason_and_the_latest_change_stands() {
        let mut p = Party::default();
        assert_eq!(
            p.standing(),
            Standing::Approved,
            "every party starts approved"
        );
        assert!(matches!(
            set(&mut p, Standing::Suspended, by(" ", "a", 1)),
            Err(DomainError::ReasonRequired)
        ));
        assert_eq!(p.standing(), Standing::Approved);
        set(
            &mut p,
            Standing::Suspended,
            by("dye lots off shade twice", "z", 1),
        )
        .unwrap();
        // Reinstated the same day under a smaller id: the later change stands, not the id.
        set(&mut p, Standing::Trial, by("new dye house audited", "a", 1)).unwrap();
        assert_eq!(p.standing(), Standing::Trial);
        set(&mut p, Standing::Trial, by("", "b", 2)).unwrap();
        assert_eq!(p.standing_log().len(), 2, "no change, nothing logged");
    }

    #[test]
    fn two_devices_changing_a_standing_offline_agree_on_the_one_that_stands() {
        let mut base = Party::default();
        set(&mut base, Standing::Trial, by("new mill", "t", 1)).unwrap();
        let (mut a, mut b) = (base.clone(), base.clone());
        set(&mut a, Standing::Suspended, by("late twice", "s", 3)).unwrap();
        set(&mut b, Standing::Approved, by("three good lots", "p", 2)).unwrap();
        // What a merge of the two logs holds, in either order.
        let mut merged = a.clone();
        merged
            .standing_changes
            .insert("p".into(), b.standing_changes.get("p").unwrap().clone());
        let mut other = b.clone();
        other
            .standing_changes
            .insert("s".into(), a.standing_changes.get("s").unwrap().clone());
        assert_eq!(
            merged.standing(),
            Standing::Suspended,
            "the later day stands"
        );
        assert_eq!(other.standing(), merged.standing());
        assert_eq!(merged.standing_log().len(), 3, "both stay on record");
    }
}
