//! Complaints (投诉) and the communication log: what went wrong and who is fixing it, and every
//! call, e-mail, fax, WeChat message, visit and meeting worth remembering about an order.
//!
//! Both are records keyed by id: several people log calls about one order on the same day. A
//! complaint keeps the factory the order named when it was opened — the KPIs count it against
//! that factory, whichever the order names later — and may say how many pieces were defective
//! and which shipment they came in; it is resolved or closed only with its root cause and what
//! was done. No money is kept here: the order document reaches factories, so a claim's amount
//! belongs with the books.

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::error::DomainError;
use crate::problem::{Field, Issue, Problem};

crate::code_enum! {
    pub enum Severity default Minor {
        Minor = "minor",
        Major = "major",
        Critical = "critical",
    }
}

crate::code_enum! {
    pub enum ComplaintStatus default Open {
        Open = "open",
        InProgress = "in_progress",
        Resolved = "resolved",
        Closed = "closed",
    }
}

crate::code_enum! {
    pub enum Channel default Call {
        Call = "call",
        Email = "email",
        Fax = "fax",
        WeChat = "wechat",
        Visit = "visit",
        Meeting = "meeting",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Complaint {
    /// Who complained: the customer, a factory, an internal department (free text or party id).
    pub source: String,
    pub severity: Severity,
    pub owner: String,
    pub description: String,
    pub resolution: String,
    pub status: ComplaintStatus,
    pub opened: Option<Day>,
    pub closed: Option<Day>,
    /// The factory (party id) the order named when the complaint was opened.
    #[autosurgeon(missing = "Default::default")]
    pub factory: String,
    /// Pieces found defective (0: not counted).
    #[autosurgeon(missing = "Default::default")]
    pub defective_qty: u64,
    /// The shipment the goods came in (its record id; empty: not said).
    #[autosurgeon(missing = "Default::default")]
    pub shipment: String,
    /// Why it happened (原因分析), required to resolve or close it.
    #[autosurgeon(missing = "Default::default")]
    pub root_cause: String,
}

crate::record_fields!(Complaint;
    source: String,
    severity: Severity,
    owner: String,
    description: String,
    resolution: String,
    status: ComplaintStatus,
    opened: Option<Day>,
    closed: Option<Day>,
    factory: String,
    defective_qty: u64,
    shipment: String,
    root_cause: String,
);

/// Opens complaint `c` on the order under `id` on `today`: it needs a description; the pieces
/// found defective are at most what was ordered, and the shipment named is one of the order's.
/// The factory the order names now is kept with it.
pub fn open(
    order: &mut crate::order::Order,
    id: &str,
    mut c: Complaint,
    today: Day,
) -> Result<(), DomainError> {
    let problem = |field, issue| Err(DomainError::Problem(Problem::new(field, issue)));
    if c.description.trim().is_empty() {
        return problem(Field::Description, Issue::Required);
    }
    if c.defective_qty > order.quantities.total() {
        return problem(Field::DefectiveQty, Issue::TooLarge);
    }
    if !c.shipment.is_empty() && !order.shipments.contains_key(&c.shipment) {
        return Err(DomainError::not_found("shipment", &c.shipment));
    }
    c.description = c.description.trim().to_string();
    c.source = c.source.trim().to_string();
    c.factory = order.factory.clone().unwrap_or_default();
    c.opened = Some(today);
    c.status = ComplaintStatus::Open;
    order.complaints.insert(id.to_string(), c);
    Ok(())
}

/// Moves complaint `id` of the order along ([`Complaint::handle`]); it is resolved or closed
/// only once the pieces the buyer sent back to be reworked or replaced have gone again
/// ([`crate::goods_returns`]), as the buyer is still owed them.
pub fn handle(
    order: &mut crate::order::Order,
    id: &str,
    status: ComplaintStatus,
    owner: &str,
    (root_cause, resolution): (&str, &str),
    today: Day,
) -> Result<(), DomainError> {
    let done = status.is_done();
    let owed = crate::goods_returns::awaiting(order)
        .iter()
        .any(|(_, r)| r.complaint == id);
    if done && owed {
        return Err(DomainError::Problem(Problem::new(
            Field::Resolution,
            Issue::ReturnsToResend,
        )));
    }
    order
        .complaints
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("complaint", id))?
        .handle(status, owner, (root_cause, resolution), today)
}

crate::record_fields!(Communication;
    channel: Channel,
    who: String,
    with_whom: String,
    at_ms: i64,
    summary: String,
);

impl ComplaintStatus {
    /// Resolved or closed: asks for the root cause and the resolution first.
    pub fn is_done(&self) -> bool {
        matches!(self, ComplaintStatus::Resolved | ComplaintStatus::Closed)
    }
}

impl Complaint {
    /// Still being handled: not resolved or closed. A status a newer build wrote counts as
    /// open, so the complaint is not lost from Today (as the complaints ledger reads it too).
    pub fn is_open(&self) -> bool {
        !self.status.is_done()
    }

    /// Moves the complaint along: who owns it, why it happened, what was done, and its status.
    /// A complaint is only resolved or closed with its root cause and its resolution written
    /// down (the customer will ask both); closing dates it `today`, reopening clears that date.
    pub fn handle(
        &mut self,
        status: ComplaintStatus,
        owner: &str,
        (root_cause, resolution): (&str, &str),
        today: Day,
    ) -> Result<(), DomainError> {
        let done = status.is_done();
        for (field, text) in [
            (Field::RootCause, root_cause),
            (Field::Resolution, resolution),
        ] {
            if done && text.trim().is_empty() {
                return Err(DomainError::Problem(Problem::new(field, Issue::Required)));
            }
        }
        self.owner = owner.trim().to_string();
        self.root_cause = root_cause.trim().to_string();
        self.resolution = resolution.trim().to_string();
        self.closed = match status {
            ComplaintStatus::Closed => self.closed.or(Some(today)),
            _ => None,
        };
        self.status = status;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_complaint_closes_only_with_a_resolution_and_can_reopen() {
        let day = |s: &str| s.parse::<Day>().unwrap();
        let mut c = Complaint {
            description: "Colour shading between cartons".into(),
            opened: Some(day("2026-06-01")),
            ..Complaint::default()
        };
        c.handle(
            ComplaintStatus::InProgress,
            " Li Na ",
            ("", ""),
            day("2026-06-02"),
        )
        .unwrap();
        assert_eq!(c.owner, "Li Na");
        assert!(c.is_open());
        let err = c
            .handle(
                ComplaintStatus::Closed,
                "Li Na",
                ("dye lot mixed", "  "),
                day("2026-06-03"),
            )
            .unwrap_err();
        assert!(
            matches!(&err, DomainError::Problem(p) if p.field == Field::Resolution),
            "{err}"
        );
        assert_eq!(
            c.status,
            ComplaintStatus::InProgress,
            "a refused step changes nothing"
        );
        // The resolution without the root cause is refused too.
        let err = c
            .handle(
                ComplaintStatus::Resolved,
                "Li Na",
                (" ", "Re-dyed lot 3"),
                day("2026-06-04"),
            )
            .unwrap_err();
        assert!(
            matches!(&err, DomainError::Problem(p) if p.field == Field::RootCause),
            "{err}"
        );
        c.handle(
            ComplaintStatus::Closed,
            "Li Na",
            (
                "two dye lots mixed in cartons 3 and 7",
                "Re-dyed lot 3; shade band added to the inspection",
            ),
            day("2026-06-05"),
        )
        .unwrap();
        assert_eq!(c.root_cause, "two dye lots mixed in cartons 3 and 7");
        assert!(!c.is_open());
        assert_eq!(c.closed, Some(day("2026-06-05")));
        c.handle(
            ComplaintStatus::Closed,
            "Li Na",
            ("lots", "same"),
            day("2026-06-09"),
        )
        .unwrap();
        assert_eq!(
            c.closed,
            Some(day("2026-06-05")),
            "closing again keeps the day"
        );
        c.handle(
            ComplaintStatus::Open,
            "Li Na",
            ("lots", "same"),
            day("2026-06-10"),
        )
        .unwrap();
        assert_eq!(c.closed, None);
        assert!(c.is_open());
    }

    /// Opening one: a description, defective pieces at most what was ordered, a shipment of
    /// the order; the order's factory then is kept with it.
    #[test]
    fn a_complaint_opens_with_what_it_is_about_and_keeps_the_factory() {
        let day = |s: &str| s.parse::<Day>().unwrap();
        let mut o = crate::order::Order::new();
        o.quantities.add_colour("c".into(), "Black");
        o.quantities.add_size("m".into(), "M");
        o.quantities.set_qty("c", "m", 100);
        o.factory = Some("f1".into());
        o.shipments.insert("s1".into(), Default::default());
        let about = |qty: u64, shipment: &str, what: &str| Complaint {
            description: what.into(),
            defective_qty: qty,
            shipment: shipment.into(),
            status: ComplaintStatus::Closed,
            ..Complaint::default()
        };
        let field = |r: Result<(), DomainError>| match r {
            Err(DomainError::Problem(p)) => Some(p.field),
            _ => None,
        };
        let today = day("2026-06-01");
        assert_eq!(
            field(open(&mut o, "a", about(0, "", " "), today)),
            Some(Field::Description)
        );
        assert_eq!(
            field(open(&mut o, "a", about(101, "", "holes"), today)),
            Some(Field::DefectiveQty)
        );
        assert!(matches!(
            open(&mut o, "a", about(1, "s9", "holes"), today),
            Err(DomainError::NotFound { .. })
        ));
        assert!(o.complaints.is_empty());
        open(&mut o, "a", about(100, "s1", " holes "), today).unwrap();
        let c = &o.complaints["a"];
        assert_eq!(
            (
                c.factory.as_str(),
                c.description.as_str(),
                c.opened,
                &c.status
            ),
            ("f1", "holes", Some(today), &ComplaintStatus::Open)
        );
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Communication {
    pub channel: Channel,
    pub who: String,
    pub with_whom: String,
    /// When, milliseconds since the Unix epoch.
    pub at_ms: i64,
    pub summary: String,
}
