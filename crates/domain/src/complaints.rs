//! Complaints (投诉) and the communication log: what went wrong and who is fixing it, and every
//! call, e-mail, fax, WeChat message, visit and meeting worth remembering about an order.
//!
//! Both are records keyed by id: several people log calls about one order on the same day.

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;

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
