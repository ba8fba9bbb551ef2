//! 订单进展报告: what the buyer is told of the order's progress — the ex-factory date (and the
//! date first agreed when it moved: 调整交货期并及时通知客户), the samples awaiting or given their
//! reply, pieces made stage by stage, the final inspection passed, and each shipment with its
//! vessel, container, transport document, ETD and ETA (运输信息). Apart from the screens so that
//! what it leaves out is a rule, tested here: the buyer never reads which factory makes the goods
//! or who supplies them, what anything costs or is owed to a supplier, the team's exceptions and
//! their reasons, or a lot failed inside the house (the rework is the team's; the buyer hears
//! when the goods pass).

use crate::day::Day;
use crate::inspection::{self, Verdict};
use crate::order::{Order, OrderStatus};
use crate::production::{self, Stage};
use crate::sample_kind::SampleKind;
use crate::samples::{self, SampleResult};
use crate::shipment::ShipMode;

/// Where the latest round of one kind of sample stands, as the buyer knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SampleState {
    /// Not sent yet.
    Preparing,
    /// Sent on the day (when known), waiting for the buyer's reply.
    Sent(Option<Day>),
    /// Approved on the day (when known).
    Approved(Option<Day>),
    /// The buyer rejected it, or asked for another round: the next round is being made.
    NextRound,
}

/// The latest round of one kind of sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleNews {
    pub kind: SampleKind,
    pub round: u32,
    pub state: SampleState,
}

/// One shipment as the buyer follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipmentNews {
    pub mode: ShipMode,
    pub vessel_or_flight: String,
    pub container_no: String,
    pub transport_doc_no: String,
    pub etd: Option<Day>,
    pub eta: Option<Day>,
    /// The day the goods left, once they did.
    pub shipped_on: Option<Day>,
    /// The day they reached the buyer, once recorded.
    pub arrived_on: Option<Day>,
    pub pieces: u64,
}

/// The order's progress for its buyer ([`BuyerUpdate::of`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuyerUpdate {
    pub customer_po: String,
    pub style_no: String,
    pub status: OrderStatus,
    pub ordered: u64,
    pub ex_factory: Option<Day>,
    /// The date first agreed, when the one now is another: the buyer is told it moved.
    pub first_agreed: Option<Day>,
    pub samples: Vec<SampleNews>,
    /// Pieces done per stage, in the stages' order; stages with nothing reported are left out.
    pub production: Vec<(Stage, u64)>,
    /// The day the final inspection passed, when the goods' latest final lot passed.
    pub final_passed: Option<Option<Day>>,
    /// Shipments booked or gone, by day (ETD, else the day they left).
    pub shipments: Vec<ShipmentNews>,
    /// Pieces the shipments carry in total.
    pub shipped: u64,
}

impl BuyerUpdate {
    /// What the buyer is told of `order` (see the module documentation for what is left out).
    pub fn of(order: &Order) -> BuyerUpdate {
        let agreed = order.confirmed_ex_factory;
        BuyerUpdate {
            customer_po: order.customer_po.trim().to_string(),
            style_no: order.style_no.trim().to_string(),
            status: order.status,
            ordered: order.quantities.total(),
            ex_factory: order.ex_factory,
            first_agreed: agreed.filter(|a| Some(*a) != order.ex_factory),
            samples: sample_news(order),
            production: Stage::KNOWN
                .iter()
                .map(|s| (s.clone(), production::stage_total(order, s)))
                .filter(|(_, done)| *done > 0)
                .collect(),
            final_passed: inspection::latest_final(order)
                .filter(|(_, i)| matches!(i.verdict(), Ok(Verdict::Pass)))
                .map(|(_, i)| i.date),
            shipments: shipment_news(order),
            shipped: crate::shipped::shipped_total(order),
        }
    }

    /// Whether the order is past what the buyer follows stage by stage: cancelled, or closed.
    pub fn settled(&self) -> bool {
        matches!(self.status, OrderStatus::Cancelled | OrderStatus::Closed)
    }
}

/// The latest round of each kind the order has samples of, in the kinds' order. Replies recorded
/// apart that disagree are waiting for the buyer's word again, not approved.
fn sample_news(order: &Order) -> Vec<SampleNews> {
    samples::latest_of_each_kind(order)
        .into_iter()
        .map(|(_, s)| {
            let state = if s.is_approved() {
                SampleState::Approved(s.approved.or(s.replied))
            } else if s.sent.is_none() {
                SampleState::Preparing
            } else if s.reply_conflict().is_empty()
                && matches!(s.result, SampleResult::Rejected | SampleResult::Resubmit)
            {
                SampleState::NextRound
            } else {
                SampleState::Sent(s.sent)
            };
            SampleNews {
                kind: s.kind.clone(),
                round: s.round,
                state,
            }
        })
        .collect()
}

/// Shipments with anything the buyer follows (a day, a vessel, a container, a document, pieces),
/// by ETD, else the day they left, then by id.
fn shipment_news(order: &Order) -> Vec<ShipmentNews> {
    let mut v: Vec<(&String, ShipmentNews)> = order
        .shipments
        .iter()
        .map(|(id, s)| {
            (
                id,
                ShipmentNews {
                    mode: s.mode.clone(),
                    vessel_or_flight: s.vessel_or_flight.trim().to_string(),
                    container_no: s.container_no.trim().to_string(),
                    transport_doc_no: s.transport_doc_no.trim().to_string(),
                    etd: s.etd,
                    eta: s.eta,
                    shipped_on: s.shipped_on,
                    arrived_on: s.arrived.as_ref().and_then(|a| a.on),
                    pieces: s.shipped_pieces(),
                },
            )
        })
        .filter(|(_, n)| {
            n.etd.is_some()
                || n.shipped_on.is_some()
                || n.pieces > 0
                || !n.vessel_or_flight.is_empty()
                || !n.container_no.is_empty()
                || !n.transport_doc_no.is_empty()
        })
        .collect();
    crate::sorting::sort_by_key(&mut v, |(id, n)| {
        (
            n.etd.or(n.shipped_on).is_none(),
            n.etd.or(n.shipped_on),
            (*id).clone(),
        )
    });
    v.into_iter().map(|(_, n)| n).collect()
}
