//! 采购单: a purchase order as the supplier reads it, printed or sent as a PDF — what to make,
//! how much within what tolerance, by when, where to deliver, and at what price when the books
//! are on this device. Apart from the screen so that what it leaves out is a rule, tested here:
//! a supplier never reads who the goods are finally for (the buyer, the customer's PO), what the
//! order sells for, or the team's reasons for a change; it reads the quantity and day agreed now.

use crate::commercial::Commercial;
use crate::day::Day;
use crate::measure::Milli;
use crate::money::Price;
use crate::order::Order;
use crate::purchasing::ItemKind;

/// The supplier's price of the PO, when this device holds the books and the price is not still
/// to be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetPrice {
    pub currency: String,
    pub unit_price: Price,
    /// Quantity × price; `None` when it does not fit.
    pub amount: Option<Price>,
}

/// One purchase order as printed ([`PoSheet::of`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoSheet {
    pub po_no: String,
    /// The supplier's party id.
    pub supplier: String,
    pub item: ItemKind,
    pub description: String,
    pub spec: String,
    pub qty: Milli,
    pub unit: String,
    /// Over or short delivery accepted, in basis points (300: ± 3 %).
    pub tolerance_bp: u32,
    /// The day agreed now (a revision moves it; the first day is the team's measure, not the
    /// supplier's instruction).
    pub due: Option<Day>,
    /// Our style number: what the supplier's goods are labelled with at the factory.
    pub style_no: String,
    /// Where the goods go: the order's factory (party id), when one is named.
    pub deliver_to: Option<String>,
    pub price: Option<SheetPrice>,
    /// Cancelled: printed so, for the supplier's file, not to be made.
    pub cancelled: bool,
}

impl PoSheet {
    /// PO `po_id` of `order` as its supplier reads it, priced from `commercial` when given;
    /// `None` when the order has no such PO.
    pub fn of(order: &Order, po_id: &str, commercial: Option<&Commercial>) -> Option<PoSheet> {
        let po = order.purchase_orders.get(po_id)?;
        let price = commercial.and_then(|c| {
            let unit_price = c.po_price(po_id)?;
            Some(SheetPrice {
                currency: c.po_currency(po_id).trim().to_string(),
                unit_price,
                amount: po.value(unit_price),
            })
        });
        Some(PoSheet {
            po_no: po.po_no.trim().to_string(),
            supplier: po.supplier.trim().to_string(),
            item: po.item.clone(),
            description: po.description.trim().to_string(),
            spec: po.spec.trim().to_string(),
            qty: po.qty,
            unit: po.unit.trim().to_string(),
            tolerance_bp: po.tolerance_bp,
            due: po.due,
            style_no: order.style_no.trim().to_string(),
            deliver_to: order.named_factory().map(str::to_string),
            price,
            cancelled: po.cancelled.is_some(),
        })
    }
}
