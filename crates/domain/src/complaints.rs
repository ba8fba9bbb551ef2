//! Complaints (投诉) and the communication log: what went wrong and who is fixing it, and every
//! call, e-mail, fax, WeChat message, visit and meeting worth remembering about an order.
//!
//! Both are records keyed by id: several people log calls about one order on the same day.

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
);

crate::record_fields!(Communication;
    channel: Channel,
    who: String,
    with_whom: String,
    at_ms: i64,
    summary: String,
);

impl Complaint {
    pub fn is_open(&self) -> bool {
        matches!(
            self.status,
            ComplaintStatus::Open | ComplaintStatus::InProgress
        )
    }

    /// Moves the complaint along: who owns it, what was found and done, and its status. A
    /// complaint is only resolved or closed with a resolution written down (the customer will
    /// ask what was done); closing dates it `today`, reopening clears that date.
    pub fn handle(
        &mut self,
        status: ComplaintStatus,
        owner: &str,
        resolution: &str,
        today: Day,
    ) -> Result<(), DomainError> {
        let done = matches!(status, ComplaintStatus::Resolved | ComplaintStatus::Closed);
        if done && resolution.trim().is_empty() {
            return Err(DomainError::Problem(Problem::new(
                Field::Resolution,
                Issue::Required,
            )));
        }
        self.owner = owner.trim().to_string();
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
            "",
            day("2026-06-02"),
        )
        .unwrap();
        assert_eq!(c.owner, "Li Na");
        assert!(c.is_open());
        let err = c
            .handle(ComplaintStatus::Closed, "Li Na", "  ", day("2026-06-03"))
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
        c.handle(
            ComplaintStatus::Closed,
            "Li Na",
            "Re-dyed lot 3; shade band added to the inspection",
            day("2026-06-05"),
        )
        .unwrap();
        assert!(!c.is_open());
        assert_eq!(c.closed, Some(day("2026-06-05")));
        c.handle(ComplaintStatus::Closed, "Li Na", "same", day("2026-06-09"))
            .unwrap();
        assert_eq!(
            c.closed,
            Some(day("2026-06-05")),
            "closing again keeps the day"
        );
        c.handle(ComplaintStatus::Open, "Li Na", "same", day("2026-06-10"))
            .unwrap();
        assert_eq!(c.closed, None);
        assert!(c.is_open());
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
