//! 生产制单: the production sheet a merchandiser issues to the factory and its departments — the
//! style, the colour × size quantities, the ex-factory date and shipment allowance, the materials
//! bought for it (what, how much, by when, how much is in), each sample's latest round with the
//! buyer's comments (the sheet is corrected as soon as a sample is approved: 批板后修正生产制单),
//! and the inspection standard. Apart from the screen so that what it leaves out is a rule,
//! tested here: the factory never reads prices, suppliers' terms or the team's reasons, and the
//! sheet reads the order as it is now (quantities and dates agreed now, cancelled POs left out).

use crate::day::Day;
use crate::inspection::Aqls;
use crate::measure::Milli;
use crate::order::Order;
use crate::purchasing::ItemKind;
use crate::sample_kind::SampleKind;
use crate::samples::{self, SampleResult};
use crate::shipped::Tolerance;

/// One material bought for the order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Material {
    pub item: ItemKind,
    pub po_no: String,
    pub description: String,
    pub spec: String,
    pub qty: Milli,
    pub unit: String,
    /// The day it is due in, as agreed now.
    pub due: Option<Day>,
    /// Accepted at incoming inspection so far: what the factory can cut from.
    pub in_house: Milli,
}

/// The latest round of one kind of sample, with what the buyer said of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleNote {
    pub kind: SampleKind,
    pub round: u32,
    /// Approved (and not contradicted by a reply recorded elsewhere).
    pub approved: bool,
    /// The buyer's reply, when one came: approved, rejected or another round asked.
    pub result: SampleResult,
    /// The buyer's comments on this round: what production must follow or correct.
    pub comments: String,
    /// Where the sealed piece is kept (锁板), when this round is sealed as the reference.
    pub sealed_at: Option<String>,
}

/// One row of the quantities: a colour with its pieces size by size, in the order's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColourRow {
    pub colour: String,
    pub pieces: Vec<u64>,
    pub total: u64,
}

/// The sheet ([`ProductionSheet::of`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductionSheet {
    pub style_no: String,
    pub description: String,
    /// The factory making it (party id), when named.
    pub factory: Option<String>,
    pub sizes: Vec<String>,
    pub colours: Vec<ColourRow>,
    pub size_totals: Vec<u64>,
    pub total: u64,
    pub ex_factory: Option<Day>,
    /// Short and over shipment accepted: the order's own allowance, else the team's.
    pub allowance: Tolerance,
    pub materials: Vec<Material>,
    pub samples: Vec<SampleNote>,
    /// The AQLs final lots are judged by (the usual ones when no lot set its own yet).
    pub aqls: Aqls,
}

impl ProductionSheet {
    /// The sheet of `order` under the team's shipment `allowance` `(short, over)` per mille.
    pub fn of(order: &Order, allowance: (u32, u32)) -> ProductionSheet {
        let q = &order.quantities;
        let sizes = q.sizes_in_order();
        let colours: Vec<ColourRow> = q
            .colours_in_order()
            .into_iter()
            .map(|(c, line)| ColourRow {
                colour: line.name.clone(),
                pieces: sizes
                    .iter()
                    .map(|(s, _)| q.qty(c.as_str(), s.as_str()))
                    .collect(),
                total: q.colour_total(c.as_str()),
            })
            .collect();
        let mut materials: Vec<(&String, Material)> = order
            .purchase_orders
            .iter()
            .filter(|(_, po)| po.cancelled.is_none())
            .map(|(id, po)| {
                (
                    id,
                    Material {
                        item: po.item.clone(),
                        po_no: po.po_no.trim().to_string(),
                        description: po.description.trim().to_string(),
                        spec: po.spec.trim().to_string(),
                        qty: po.qty,
                        unit: po.unit.trim().to_string(),
                        due: po.due,
                        in_house: po.accepted(),
                    },
                )
            })
            .collect();
        crate::sorting::sort_by_key(&mut materials, |(id, m)| {
            (m.due.is_none(), m.due, m.po_no.clone(), (*id).clone())
        });
        // The lot plan a final lot of this order last used, else the usual contract's.
        let aqls = crate::inspection::latest_final(order)
            .map(|(_, i)| i.aqls.clone())
            .unwrap_or_default();
        ProductionSheet {
            style_no: order.style_no.trim().to_string(),
            description: order.description.trim().to_string(),
            factory: order.named_factory().map(str::to_string),
            size_totals: sizes
                .iter()
                .map(|(s, _)| q.size_total(s.as_str()))
                .collect(),
            sizes: sizes.iter().map(|(_, l)| l.name.clone()).collect(),
            colours,
            total: q.total(),
            ex_factory: order.ex_factory,
            allowance: crate::shipped::allowance(order, allowance),
            materials: materials.into_iter().map(|(_, m)| m).collect(),
            samples: samples::latest_of_each_kind(order)
                .into_iter()
                .map(|(id, s)| SampleNote {
                    kind: s.kind.clone(),
                    round: s.round,
                    approved: s.is_approved(),
                    result: s.result.clone(),
                    comments: s.comments.trim().to_string(),
                    sealed_at: s
                        .sealed
                        .as_ref()
                        .filter(|_| samples::seal_holds(order, id))
                        .map(|seal| seal.kept_at.clone()),
                })
                .collect(),
            aqls,
        }
    }
}
