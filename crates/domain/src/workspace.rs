//! The workspace document: which order documents belong to this team, and team-wide settings.
//!
//! Orders are listed in a map keyed by document id, so two devices creating orders offline both
//! end up listed after they merge.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::document::Root;
use crate::order::Order;

pub const WORKSPACE_SCHEMA: u64 = 1;

fn schema_default() -> u64 {
    WORKSPACE_SCHEMA
}

/// An entry in the workspace's order list.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct OrderRef {
    /// When the order was created, milliseconds since the Unix epoch.
    pub created_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Workspace {
    #[autosurgeon(missing = "schema_default")]
    pub schema: u64,
    pub name: String,
    /// Keyed by the order document's id (base58check text).
    pub orders: BTreeMap<String, OrderRef>,
}

impl Root for Workspace {
    const KIND: &'static str = "workspace";

    fn blame(doc: &automerge::AutoCommit) -> Option<crate::document::DocError> {
        crate::blame_fields!(doc; name: String, orders: BTreeMap<String, OrderRef>)
    }
}

impl Root for Order {
    const KIND: &'static str = "order";

    fn blame(doc: &automerge::AutoCommit) -> Option<crate::document::DocError> {
        use crate::day::Day;
        use crate::money::Price;
        use crate::order::{OrderStatus, QuantityMatrix};
        crate::blame_fields!(doc;
            customer_po: String,
            customer: String,
            style_no: String,
            description: String,
            quantities: QuantityMatrix,
            unit_price: Option<Price>,
            currency: String,
            order_date: Option<Day>,
            ex_factory: Option<Day>,
            status: OrderStatus,
        )
    }
}
