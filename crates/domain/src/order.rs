//! The order document: header, colour × size quantity matrix, dates, parties and status, with its
//! rules — and no price or amount of any kind.
//!
//! One Automerge document holds one order. Colours, sizes and cells are maps keyed by random ids so
//! that two devices adding a colour at once both keep theirs; totals are always derived, never stored.
//! The same holds for every record kind an order carries (milestones, samples, purchase orders,
//! production reports, inspections, shipments, complaints, the communication log, gate overrides):
//! each is a map keyed by a random id, defined in its own module. Fields added after schema 1
//! hydrate with defaults, so older documents open unchanged. Money (prices per colour, receipts,
//! payables, supplier PO prices, the currency) lives only in a separate
//! [`crate::commercial::Commercial`] document linked by id, so an order can be shared with a factory
//! without its prices. Documents written before schema 3 held prices; [`crate::migration`] copies
//! them into a successor document that never did.

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::document::Root;
use crate::ids::RecordId;
use crate::records::RecordMap;
use crate::sorting::sort_by;

// Every record kind reports problems; the screens name them from here, where they started.
pub use crate::problem::{Field, Issue, Problem};

/// The schema version this build writes. Older documents hydrate with defaults for what they lack.
pub const ORDER_SCHEMA: u64 = 3;

/// Largest quantity one cell may hold; beyond this a typo is far likelier than a real order.
pub const MAX_CELL_QTY: u64 = 10_000_000;

fn schema_default() -> u64 {
    ORDER_SCHEMA
}

/// Where an order stands. Transitions are checked by [`OrderStatus::can_become`].
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Reconcile,
    Hydrate,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum OrderStatus {
    #[default]
    Draft,
    Confirmed,
    InProduction,
    ReadyToShip,
    Shipped,
    Delivered,
    Closed,
    OnHold,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 9] = [
        OrderStatus::Draft,
        OrderStatus::Confirmed,
        OrderStatus::InProduction,
        OrderStatus::ReadyToShip,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Closed,
        OrderStatus::OnHold,
        OrderStatus::Cancelled,
    ];

    /// Stable text key, used in summaries and for translation lookups.
    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::Draft => "draft",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::InProduction => "in_production",
            OrderStatus::ReadyToShip => "ready_to_ship",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Closed => "closed",
            OrderStatus::OnHold => "on_hold",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The lifecycle moves forward one step at a time; any order not yet shipped may be put on
    /// hold or cancelled; a held order resumes where it can (`lifecycle::can_move` narrows that
    /// to the status it left). Gates (deposit, balance, inspection) are
    /// checked on top of this by the caller that knows the money and the inspections.
    pub fn can_become(self, next: OrderStatus) -> bool {
        use OrderStatus::*;
        if self == next {
            return true;
        }
        match (self, next) {
            (Closed | Cancelled, _) => false,
            (_, Cancelled) => !matches!(self, Shipped | Delivered),
            // After shipping the order only moves forward (a correction is `lifecycle::reopen`).
            (Shipped | Delivered, OnHold) => false,
            (_, OnHold) => true,
            (OnHold, n) => matches!(n, Draft | Confirmed | InProduction | ReadyToShip),
            (Draft, Confirmed)
            | (Confirmed, InProduction)
            | (InProduction, ReadyToShip)
            | (ReadyToShip, Shipped)
            | (Shipped, Delivered)
            | (Delivered, Closed) => true,
            // A confirmed order may go back to draft while nothing has been produced.
            (Confirmed, Draft) => true,
            _ => false,
        }
    }

    /// A status the buyer's order stands behind: confirmed and every one after it. Draft, on
    /// hold and cancelled say nothing either way (a development may be held or dropped).
    pub fn is_ordered(self) -> bool {
        !matches!(
            self,
            OrderStatus::Draft | OrderStatus::OnHold | OrderStatus::Cancelled
        )
    }

    pub fn is_open(self) -> bool {
        !matches!(
            self,
            OrderStatus::Closed | OrderStatus::Cancelled | OrderStatus::Delivered
        )
    }
}

/// A colour or a size: a name and a rank for ordering. Ranks may tie after concurrent adds; ties
/// break on the id, the same on every device.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Line {
    pub name: String,
    pub rank: i64,
}

/// The colour × size quantity matrix.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct QuantityMatrix {
    pub colours: RecordMap<Line>,
    pub sizes: RecordMap<Line>,
    /// Keyed by `"{colour_id}:{size_id}"`; a missing cell is zero.
    pub cells: RecordMap<u64>,
}

pub fn cell_key(colour: &str, size: &str) -> String {
    format!("{colour}:{size}")
}

impl QuantityMatrix {
    fn sorted(lines: &RecordMap<Line>) -> Vec<(RecordId, &Line)> {
        let mut v: Vec<_> = lines
            .iter()
            .map(|(k, l)| (RecordId::from(k.as_str()), l))
            .collect();
        sort_by(&mut v, |a, b| {
            a.1.rank.cmp(&b.1.rank).then_with(|| a.0.cmp(&b.0))
        });
        v
    }

    pub fn colours_in_order(&self) -> Vec<(RecordId, &Line)> {
        Self::sorted(&self.colours)
    }

    pub fn sizes_in_order(&self) -> Vec<(RecordId, &Line)> {
        Self::sorted(&self.sizes)
    }

    fn next_rank(lines: &RecordMap<Line>) -> i64 {
        lines.values().map(|l| l.rank).max().map_or(0, |r| r + 1)
    }

    pub fn add_colour(&mut self, id: RecordId, name: &str) {
        let rank = Self::next_rank(&self.colours);
        self.colours.insert(
            id.to_string(),
            Line {
                name: name.trim().to_string(),
                rank,
            },
        );
    }

    pub fn add_size(&mut self, id: RecordId, name: &str) {
        let rank = Self::next_rank(&self.sizes);
        self.sizes.insert(
            id.to_string(),
            Line {
                name: name.trim().to_string(),
                rank,
            },
        );
    }

    /// Removing a colour drops its cells too, so no orphan quantity inflates the totals.
    pub fn remove_colour(&mut self, id: &str) {
        self.colours.remove(id);
        let prefix = format!("{id}:");
        self.cells.retain(|k, _| !k.starts_with(&prefix));
    }

    pub fn remove_size(&mut self, id: &str) {
        self.sizes.remove(id);
        let suffix = format!(":{id}");
        self.cells.retain(|k, _| !k.ends_with(&suffix));
    }

    pub fn qty(&self, colour: &str, size: &str) -> u64 {
        self.cells
            .get(&cell_key(colour, size))
            .copied()
            .unwrap_or(0)
    }

    pub fn set_qty(&mut self, colour: &str, size: &str, qty: u64) {
        let key = cell_key(colour, size);
        if qty == 0 {
            self.cells.remove(&key);
        } else {
            self.cells.insert(key, qty);
        }
    }

    /// Only cells whose colour and size both still exist count: a cell a peer filled in while
    /// another removed its colour must not haunt the total.
    fn live_cells(&self) -> impl Iterator<Item = (&str, &str, u64)> + '_ {
        self.cells.iter().filter_map(|(k, q)| {
            let (c, s) = k.split_once(':')?;
            (self.colours.contains_key(c) && self.sizes.contains_key(s)).then_some((c, s, *q))
        })
    }

    pub fn colour_total(&self, colour: &str) -> u64 {
        self.live_cells()
            .filter(|(c, _, _)| *c == colour)
            .map(|(_, _, q)| q)
            .sum()
    }

    pub fn size_total(&self, size: &str) -> u64 {
        self.live_cells()
            .filter(|(_, s, _)| *s == size)
            .map(|(_, _, q)| q)
            .sum()
    }

    pub fn total(&self) -> u64 {
        self.live_cells().map(|(_, _, q)| q).sum()
    }
}

crate::code_enum! {
    /// Incoterms 2020, plus the older terms buyers still write.
    pub enum Incoterm default Fob {
        Exw = "EXW",
        Fca = "FCA",
        Fas = "FAS",
        Fob = "FOB",
        Cfr = "CFR",
        Cif = "CIF",
        Cpt = "CPT",
        Cip = "CIP",
        Dap = "DAP",
        Dpu = "DPU",
        Ddp = "DDP",
    }
}

/// The PO number naming an order, or its style number while it has none (an order in
/// development); summaries and indexes that keep both fields name the order with this too.
pub fn order_name<'a>(customer_po: &'a str, style_no: &'a str) -> &'a str {
    match tidy(customer_po) {
        "" => tidy(style_no),
        po => po,
    }
}

/// `s` without the blanks around it: white space, and the invisible characters a copy from a
/// web page, a PDF or a spreadsheet brings along (zero-width spaces and joiners, the byte-order
/// mark), which would otherwise make an empty PO look typed.
pub fn tidy(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
            )
    })
}

/// One customer order.
#[derive(Debug, Clone, PartialEq, Default, Reconcile, Hydrate)]
pub struct Order {
    #[autosurgeon(missing = "schema_default")]
    pub schema: u64,
    pub customer_po: String,
    pub customer: String,
    pub style_no: String,
    pub description: String,
    pub quantities: QuantityMatrix,
    pub order_date: Option<Day>,
    pub ex_factory: Option<Day>,
    pub status: OrderStatus,
    // ---- schema 2 ----
    #[autosurgeon(missing = "Default::default")]
    pub incoterm: Option<Incoterm>,
    #[autosurgeon(missing = "Default::default")]
    pub port_of_loading: String,
    #[autosurgeon(missing = "Default::default")]
    pub destination: String,
    #[autosurgeon(missing = "Default::default")]
    pub ship_mode: Option<crate::shipment::ShipMode>,
    #[autosurgeon(missing = "Default::default")]
    pub etd: Option<Day>,
    #[autosurgeon(missing = "Default::default")]
    pub eta: Option<Day>,
    /// Party id of the factory making the order.
    #[autosurgeon(missing = "Default::default")]
    pub factory: Option<String>,
    /// Person id (or name) of the merchandiser in charge.
    #[autosurgeon(missing = "Default::default")]
    pub merchandiser: Option<String>,
    /// Document id of the order's [`crate::commercial::Commercial`] document.
    #[autosurgeon(missing = "Default::default")]
    pub commercial: Option<String>,
    #[autosurgeon(missing = "Default::default")]
    pub milestones: RecordMap<crate::tna::Milestone>,
    #[autosurgeon(missing = "Default::default")]
    pub samples: RecordMap<crate::samples::Sample>,
    #[autosurgeon(missing = "Default::default")]
    pub purchase_orders: RecordMap<crate::purchasing::PurchaseOrder>,
    #[autosurgeon(missing = "Default::default")]
    pub production: RecordMap<crate::production::ProductionReport>,
    #[autosurgeon(missing = "Default::default")]
    pub inspections: RecordMap<crate::inspection::Inspection>,
    /// Inspections booked ahead (验货预约), ours or the buyer's QC's ([`crate::bookings`]).
    #[autosurgeon(missing = "Default::default")]
    pub inspection_bookings: RecordMap<crate::bookings::Booking>,
    #[autosurgeon(missing = "Default::default")]
    pub shipments: RecordMap<crate::shipment::Shipment>,
    #[autosurgeon(missing = "Default::default")]
    pub complaints: RecordMap<crate::complaints::Complaint>,
    #[autosurgeon(missing = "Default::default")]
    pub communications: RecordMap<crate::complaints::Communication>,
    /// Defective pieces the buyer sent back under a complaint (不良品退货,
    /// [`crate::goods_returns`]).
    #[autosurgeon(missing = "Default::default")]
    pub goods_returns: RecordMap<crate::goods_returns::GoodsReturn>,
    /// Every gate passed by override, with the reason, who and when.
    #[autosurgeon(missing = "Default::default")]
    pub gate_overrides: RecordMap<crate::lifecycle::GateOverride>,
    // ---- schema 3 ----
    /// The document this order was migrated from when that one's history held prices
    /// ([`crate::migration`]); the old document stays in the office.
    #[autosurgeon(missing = "Default::default")]
    pub migrated_from: Option<crate::migration::Predecessor>,
    /// The status the order left when it was put on hold: it returns only there.
    #[autosurgeon(missing = "Default::default")]
    pub held_from: Option<OrderStatus>,
    /// Every status move, reopening and decision, keyed by `"{seq:06}:{at_ms}:{who}"`.
    #[autosurgeon(missing = "Default::default")]
    pub status_log: RecordMap<crate::lifecycle::StatusChange>,
    /// The ex-factory date first confirmed to the customer, kept when the date moves: on-time
    /// delivery is measured against it ([`crate::tna::change_ex_factory`]).
    #[autosurgeon(missing = "Default::default")]
    pub confirmed_ex_factory: Option<Day>,
    /// Every change of the ex-factory date, with who, when and why.
    #[autosurgeon(missing = "Default::default")]
    pub ex_factory_changes: RecordMap<crate::tna::ExFactoryChange>,
    /// Each change of the factory after goods were inspected there, with who, when and why
    /// ([`crate::factory_change`]).
    #[autosurgeon(missing = "Default::default")]
    pub factory_changes: RecordMap<crate::factory_change::FactoryChange>,
    /// Each widening of the order's own shipment allowance, with who, when and why
    /// ([`crate::shipped::set_allowance`]).
    #[autosurgeon(missing = "Default::default")]
    pub tolerance_changes: RecordMap<crate::shipped::ToleranceChange>,
    /// Each change of the ordered quantities after goods left, with who, when and why
    /// ([`crate::qty_revision`]).
    #[autosurgeon(missing = "Default::default")]
    pub quantity_changes: RecordMap<crate::qty_revision::QuantityChange>,
    /// The ordered cells when the first shipment left, kept in step by each logged change: a
    /// merge bringing other quantities is a decision to take ([`crate::qty_revision::unlogged`]).
    #[autosurgeon(missing = "Default::default")]
    pub ordered_as_shipped: Option<RecordMap<u64>>,
    /// The ordered cells when the order was released to production, kept in step by each
    /// logged change: a merge bringing a cut below them with no reason is a decision to take
    /// ([`crate::qty_revision::cut_unlogged`]). Cells, not a total, so logged cuts of two
    /// cells on two devices merge as they were logged. `None` before release, and for orders
    /// released by older builds.
    #[autosurgeon(missing = "Default::default")]
    pub ordered_at_release: Option<RecordMap<u64>>,
    /// The factory (party id, "" for none) when the first shipment left, kept in step by each
    /// change made knowing it: a merge bringing another factory is a decision to take
    /// ([`crate::factory_change::unlogged`]).
    #[autosurgeon(missing = "Default::default")]
    pub factory_as_shipped: Option<String>,
    /// The buyer's order confirmed in writing, then checked by phone ([`crate::buyer_confirm`]).
    #[autosurgeon(missing = "Default::default")]
    pub buyer_written: Option<crate::purchasing::Confirmation>,
    #[autosurgeon(missing = "Default::default")]
    pub buyer_phone: Option<crate::purchasing::Confirmation>,
    /// Party id of the customer when it was picked from the workspace's parties (`customer`
    /// keeps its name, so the order still reads right if the party is removed).
    #[autosurgeon(missing = "Default::default")]
    pub customer_party: Option<String>,
    /// This order's short/over shipment allowance; `None` follows the workspace's
    /// ([`crate::shipped::allowance`]).
    #[autosurgeon(missing = "Default::default")]
    pub ship_tolerance: Option<crate::shipped::Tolerance>,
    /// Marked fully shipped, with the reason when the quantity was outside the allowance.
    #[autosurgeon(missing = "Default::default")]
    pub ship_complete: Option<crate::shipped::ShipComplete>,
    /// Notices and meeting minutes carried to the order's factory ([`crate::notices`]).
    #[autosurgeon(missing = "Default::default")]
    pub notices: RecordMap<crate::notices::Notice>,
    /// Files kept with the order, but contracts and invoices ([`crate::attachments`]).
    #[autosurgeon(missing = "Default::default")]
    pub attachments: RecordMap<crate::attachments::Attachment>,
}

impl Order {
    /// The factory the order names (party id, trimmed), `None` when none is named.
    pub fn named_factory(&self) -> Option<&str> {
        self.factory
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
    }

    /// The factory a lot or complaint stored with `stamped` counts at: its own (trimmed), else
    /// — recorded without one, by an older build — the factory the order names. `None` when
    /// neither names one. Every reader that credits a factory (Reports, the switching rules,
    /// the factory-change rule) asks this, so they never disagree.
    pub fn credited_factory<'a>(&'a self, stamped: &'a str) -> Option<&'a str> {
        match stamped.trim() {
            "" => self.named_factory(),
            s => Some(s),
        }
    }

    pub fn new() -> Order {
        Order {
            schema: ORDER_SCHEMA,
            ..Order::default()
        }
    }

    /// The day the goods left the factory: the earliest shipment's `shipped_on`, else, once the
    /// order has shipped, the actual date of the "ex_factory" milestone (the day shipping gave
    /// it, [`crate::lifecycle::record_shipped`]; a day on it before shipping, from an older build
    /// or a merge, is not shipping), else the day of the first move to a shipped status in the
    /// log (UTC): an order shipped with neither still counts in on-time delivery.
    pub fn shipped_on(&self) -> Option<Day> {
        self.shipments
            .values()
            .filter_map(|s| s.shipped_on)
            .min()
            .or_else(|| {
                self.milestones
                    .values()
                    .filter(|m| m.code == "ex_factory")
                    .filter_map(|m| m.actual)
                    .min()
                    .filter(|_| crate::lifecycle::is_shipped(self.status))
            })
            .or_else(|| {
                self.status_log
                    .values()
                    .filter(|c| {
                        OrderStatus::from_code(&c.to).is_some_and(crate::lifecycle::is_shipped)
                    })
                    .map(|c| c.at_ms)
                    .min()
                    .and_then(|ms| crate::reports::day_of(ms, 0))
                    .filter(|_| crate::lifecycle::is_shipped(self.status))
            })
    }

    /// Shipped on or before the ex-factory date; `None` until shipped or without a date.
    pub fn shipped_on_time(&self) -> Option<bool> {
        Some(self.shipped_on()? <= self.confirmed_ex_factory.or(self.ex_factory)?)
    }

    /// Whether the order must carry the buyer's PO number. An order still in development (打板,
    /// 报价, samples before the buyer orders) is a draft named by its style; it needs the PO to be
    /// confirmed ([`crate::lifecycle::transition`]), and once it was confirmed the PO stays, back
    /// in draft, on hold or cancelled too, since the buyer did order.
    pub fn needs_po(&self) -> bool {
        self.status.is_ordered()
            || self
                .status_log
                .values()
                .filter_map(|c| OrderStatus::from_code(&c.to))
                .any(OrderStatus::is_ordered)
    }

    /// What names the order on screens and in lists: the buyer's PO number, or the style number
    /// while the buyer has not ordered yet (an order in development, [`Order::needs_po`]).
    pub fn name(&self) -> &str {
        order_name(&self.customer_po, &self.style_no)
    }

    /// The rules a stored order must satisfy; the form reports the same problems before saving.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        if tidy(&self.customer_po).is_empty() && self.needs_po() {
            out.push(Problem::new(Field::CustomerPo, Issue::Required));
        }
        if self.customer.trim().is_empty() {
            out.push(Problem::new(Field::Customer, Issue::Required));
        }
        if self.style_no.trim().is_empty() {
            out.push(Problem::new(Field::StyleNo, Issue::Required));
        }
        if let (Some(o), Some(x)) = (self.order_date, self.ex_factory) {
            if x < o {
                out.push(Problem::new(Field::ExFactory, Issue::BeforeOrderDate));
            }
        }
        let q = &self.quantities;
        for lines in [(&q.colours, Field::Colours), (&q.sizes, Field::Sizes)] {
            let mut seen = std::collections::BTreeSet::new();
            for line in lines.0.values() {
                let name = line.name.trim().to_lowercase();
                if name.is_empty() {
                    out.push(Problem::new(lines.1.clone(), Issue::Required));
                } else if !seen.insert(name) {
                    out.push(Problem::new(
                        lines.1.clone(),
                        Issue::Duplicate(line.name.clone()),
                    ));
                }
            }
        }
        if q.cells.values().any(|&v| v > MAX_CELL_QTY) {
            out.push(Problem::new(Field::Quantities, Issue::TooLarge));
        }
        out
    }
}

impl Root for Order {
    const KIND: &'static str = "order";

    crate::reconcile_changed!(Order;
        fields: schema, customer_po, customer, style_no, description, quantities, order_date,
            ex_factory, status, incoterm, port_of_loading, destination, ship_mode, etd, eta,
            factory, merchandiser, commercial, migrated_from, held_from, confirmed_ex_factory,
            customer_party, ship_tolerance, ship_complete, ordered_as_shipped,
            ordered_at_release, factory_as_shipped, buyer_written, buyer_phone;
        maps: milestones, samples, purchase_orders, production, inspections,
            inspection_bookings, shipments,
            complaints, communications, goods_returns, gate_overrides, status_log, ex_factory_changes,
            factory_changes, tolerance_changes, quantity_changes,
            attachments, notices);

    fn blame(doc: &crate::reader::Reader) -> Option<crate::document::DocError> {
        use crate::complaints::{Communication, Complaint};
        use crate::day::Day;
        use crate::inspection::Inspection;
        use crate::lifecycle::{GateOverride, StatusChange};
        use crate::migration::Predecessor;
        use crate::production::ProductionReport;
        use crate::purchasing::PurchaseOrder;
        use crate::samples::Sample;
        use crate::shipment::{ShipMode, Shipment};
        use crate::tna::Milestone;
        crate::blame_fields!(doc;
            customer_po: String,
            customer: String,
            style_no: String,
            description: String,
            quantities: QuantityMatrix,
            order_date: Option<Day>,
            ex_factory: Option<Day>,
            status: OrderStatus,
        )
        .or_else(|| {
            crate::blame_optional!(doc;
                incoterm: Option<Incoterm>,
                port_of_loading: String,
                destination: String,
                ship_mode: Option<ShipMode>,
                etd: Option<Day>,
                eta: Option<Day>,
                factory: Option<String>,
                merchandiser: Option<String>,
                commercial: Option<String>,
                migrated_from: Option<Predecessor>,
                held_from: Option<OrderStatus>,
                confirmed_ex_factory: Option<Day>,
                customer_party: Option<String>,
                ship_tolerance: Option<crate::shipped::Tolerance>,
                ship_complete: Option<crate::shipped::ShipComplete>,
                ordered_as_shipped: Option<RecordMap<u64>>,
                ordered_at_release: Option<RecordMap<u64>>,
                factory_as_shipped: Option<String>,
                buyer_written: Option<crate::purchasing::Confirmation>,
                buyer_phone: Option<crate::purchasing::Confirmation>,
            )
        })
        .or_else(|| {
            crate::blame_records!(doc;
                milestones: Milestone,
                samples: Sample,
                purchase_orders: PurchaseOrder,
                production: ProductionReport,
                inspections: Inspection,
                inspection_bookings: crate::bookings::Booking,
                shipments: Shipment,
                complaints: Complaint,
                communications: Communication,
                goods_returns: crate::goods_returns::GoodsReturn,
                gate_overrides: GateOverride,
                status_log: StatusChange,
                ex_factory_changes: crate::tna::ExFactoryChange,
                factory_changes: crate::factory_change::FactoryChange,
                tolerance_changes: crate::shipped::ToleranceChange,
                quantity_changes: crate::qty_revision::QuantityChange,
                attachments: crate::attachments::Attachment,
                notices: crate::notices::Notice,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix() -> QuantityMatrix {
        let mut m = QuantityMatrix::default();
        m.add_colour("red".into(), "Red");
        m.add_colour("navy".into(), "Navy");
        m.add_size("s".into(), "S");
        m.add_size("m".into(), "M");
        m.set_qty("red", "s", 100);
        m.set_qty("red", "m", 150);
        m.set_qty("navy", "m", 50);
        m
    }

    #[test]
    fn totals_by_row_column_and_grand() {
        let m = matrix();
        assert_eq!(m.colour_total("red"), 250);
        assert_eq!(m.colour_total("navy"), 50);
        assert_eq!(m.size_total("m"), 200);
        assert_eq!(m.size_total("s"), 100);
        assert_eq!(m.total(), 300);
    }

    #[test]
    fn removing_a_colour_or_size_drops_its_quantities() {
        let mut m = matrix();
        m.remove_size("m");
        assert_eq!(m.total(), 100);
        m.remove_colour("red");
        assert_eq!(m.total(), 0);
        assert!(m.cells.is_empty());
    }

    #[test]
    fn orphan_cells_do_not_count() {
        let mut m = matrix();
        m.colours.remove("red");
        assert_eq!(m.total(), 50);
    }

    #[test]
    fn lines_keep_their_order() {
        let m = matrix();
        let names: Vec<_> = m
            .colours_in_order()
            .iter()
            .map(|(_, l)| l.name.clone())
            .collect();
        assert_eq!(names, ["Red", "Navy"]);
    }

    #[test]
    fn empty_order_names_every_required_field() {
        let mut o = Order::new();
        let fields = |o: &Order| {
            o.problems()
                .into_iter()
                .map(|p| p.field)
                .collect::<Vec<_>>()
        };
        // A draft may be a style in development, before the buyer's PO.
        assert_eq!(fields(&o), [Field::Customer, Field::StyleNo]);
        o.status = OrderStatus::Confirmed;
        assert_eq!(
            fields(&o),
            [Field::CustomerPo, Field::Customer, Field::StyleNo]
        );
    }

    #[test]
    fn ex_factory_before_order_date_is_refused() {
        let mut o = Order::new();
        o.customer_po = "PO-1".into();
        o.customer = "ACME".into();
        o.style_no = "ST-9".into();
        o.order_date = Day::from_ymd(2026, 5, 10);
        o.ex_factory = Day::from_ymd(2026, 5, 1);
        assert_eq!(
            o.problems(),
            [Problem::new(Field::ExFactory, Issue::BeforeOrderDate)]
        );
        o.ex_factory = Day::from_ymd(2026, 5, 10);
        assert!(o.problems().is_empty());
    }

    #[test]
    fn duplicate_colour_names_are_refused() {
        let mut o = Order::new();
        o.customer_po = "PO-1".into();
        o.customer = "ACME".into();
        o.style_no = "ST-9".into();
        o.quantities.add_colour("a".into(), "Red");
        o.quantities.add_colour("b".into(), "red ");
        assert_eq!(o.problems().len(), 1);
        assert_eq!(o.problems()[0].field, Field::Colours);
    }

    #[test]
    fn lifecycle_moves_one_step_and_can_hold_or_cancel() {
        use OrderStatus::*;
        assert!(Draft.can_become(Confirmed));
        assert!(!Draft.can_become(Shipped));
        assert!(InProduction.can_become(OnHold));
        assert!(OnHold.can_become(InProduction));
        assert!(!Shipped.can_become(Cancelled));
        assert!(!Shipped.can_become(OnHold), "after shipping only forward");
        assert!(!Delivered.can_become(OnHold));
        assert!(!Closed.can_become(Draft));
        assert!(!Cancelled.can_become(Confirmed));
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::from_code(s.code()), Some(s));
        }
    }
}
