//! Shipments: the forwarder booking, the vessel or flight, the container, the numbers on the
//! packing list, and the export documents checklist.
//!
//! An order may ship in several lots, so shipments are records keyed by id. The documents checklist
//! is a map keyed by document kind, so the person drafting the packing list and the one sending the
//! certificate of origin never overwrite each other's status.
//!
//! What a shipment carries is its own colour × size matrix: built from its carton lines
//! ([`crate::packing`]) when it has any, else as entered. Shipments recorded before carton lines
//! existed keep their typed cartons, pieces, weights and CBM and show them as "legacy totals"
//! ([`FigureSource::Legacy`]) until carton lines are added; nothing new is typed into them.
//!
//! Once a shipment has left, what it carries changes only with a reason, logged on it
//! ([`changes`]).

pub mod changes;
pub mod incidents;

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::loading::LoadedCarton;
use crate::measure::Milli;
use crate::packing::{self, CartonLine};
use crate::records::RecordMap;

crate::code_enum! {
    pub enum ShipMode default Sea {
        Sea = "sea",
        Air = "air",
        Rail = "rail",
        Courier = "courier",
        Truck = "truck",
    }
}

crate::code_enum! {
    pub enum DocKind default CommercialInvoice {
        CommercialInvoice = "commercial_invoice",
        PackingList = "packing_list",
        /// Bill of lading, or air waybill for air shipments.
        BillOfLading = "bill_of_lading",
        CertificateOfOrigin = "certificate_of_origin",
        /// 报关单
        CustomsDeclaration = "customs_declaration",
        InspectionCertificate = "inspection_certificate",
        /// Needed when the seller insures the goods: CIF and CIP ([`DocNeeds`]).
        InsuranceCertificate = "insurance_certificate",
    }
}

crate::code_enum! {
    pub enum DocStatus default NotStarted {
        NotStarted = "not_started",
        Drafted = "drafted",
        Sent = "sent",
        Approved = "approved",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Booking {
    /// Party id of the forwarder.
    pub forwarder: String,
    /// The forwarder's name: the party's when picked from the parties (kept, so the shipment
    /// still reads right if the party is removed), or as typed when it is not one of them.
    #[autosurgeon(missing = "Default::default")]
    pub forwarder_name: String,
    pub booking_no: String,
    pub date: Option<Day>,
    /// Who pays the freight. The freight cost itself is money and lives in the commercial
    /// document ([`crate::commercial::Commercial::freight`]), never here.
    #[autosurgeon(missing = "Default::default")]
    pub freight_terms: Option<FreightTerms>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Shipment {
    pub booking: Booking,
    pub mode: ShipMode,
    /// Vessel and voyage ("MAERSK KOLKATA 612E") or flight ("CX 2091").
    pub vessel_or_flight: String,
    pub container_no: String,
    /// "20GP", "40HQ", "LCL"…
    pub container_type: String,
    /// B/L or AWB number.
    pub transport_doc_no: String,
    pub etd: Option<Day>,
    pub eta: Option<Day>,
    /// The day the goods actually left the factory (handed to the forwarder).
    #[autosurgeon(missing = "Default::default")]
    pub shipped_on: Option<Day>,
    /// Legacy: cartons as typed before carton lines ([`Shipment::figures`] reads it).
    #[autosurgeon(missing = "Default::default")]
    pub cartons: u64,
    /// Legacy: pieces as typed before the shipment had its own matrix.
    #[autosurgeon(missing = "Default::default")]
    pub pieces: u64,
    /// Legacy: kilograms as typed, exact to the gram.
    #[autosurgeon(missing = "Default::default")]
    pub gross_kg: Milli,
    #[autosurgeon(missing = "Default::default")]
    pub net_kg: Milli,
    /// Legacy: cubic metres as typed, exact to the litre.
    #[autosurgeon(missing = "Default::default")]
    pub cbm: Milli,
    pub documents: RecordMap<DocStatus>,
    /// Pieces entered per `"{colour_id}:{size_id}"` cell, used while the shipment has no carton
    /// lines. A map keyed as the order's matrix is, so two devices editing different cells merge.
    #[autosurgeon(missing = "Default::default")]
    pub quantities: RecordMap<u64>,
    /// The packing list, keyed by random ids: concurrent adds are both kept.
    #[autosurgeon(missing = "Default::default")]
    pub carton_lines: RecordMap<CartonLine>,
    // Loading (issue 14, ship-floor): cartons ticked as loaded, keyed by carton number, so two
    // devices ticking different cartons both keep theirs ([`crate::loading`]).
    #[autosurgeon(missing = "Default::default")]
    pub loaded: RecordMap<LoadedCarton>,
    /// What the shipment carried when it left, kept in step by every logged change since; a
    /// difference after a merge is a change made without a reason ([`changes::unlogged`]).
    #[autosurgeon(missing = "Default::default")]
    pub as_shipped: Option<changes::AsShipped>,
    /// Changes to what it carries after it left, each with who, day and why, keyed by random id
    /// so two devices' corrections both stay ([`changes`]).
    #[autosurgeon(missing = "Default::default")]
    pub changes: RecordMap<changes::ShipChange>,
    /// A shipped date typed on or before the order's ex-factory date but entered after it: it
    /// counts on time, so who entered it, the day and why are kept and said
    /// (`lifecycle::set_shipped_on`). The form puts the reason here; the domain fills the rest.
    #[autosurgeon(missing = "Default::default")]
    pub late_entry: Option<LateEntry>,
    /// The goods reached the buyer ([`arrive`]).
    #[autosurgeon(missing = "Default::default")]
    pub arrived: Option<Arrival>,
    /// 运输异常: delays, damage, shortage or loss once it left, each followed to its
    /// settlement ([`incidents`]), keyed by random id.
    #[autosurgeon(missing = "Default::default")]
    pub incidents: RecordMap<incidents::Incident>,
}

/// 到货确认: the goods reached the buyer — the day, who recorded it, and what was said (the
/// buyer's word, damage in transit to claim for).
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Arrival {
    pub on: Option<Day>,
    pub who: String,
    pub note: String,
}

crate::record_fields!(Arrival;
    on: Option<Day>,
    who: String,
    note: String,
);

/// Records that shipment `sid` arrived: only once it has left, not before the day it left nor in
/// the future. Recorded again, the day is corrected.
pub fn arrive(
    order: &mut crate::order::Order,
    sid: &str,
    mut a: Arrival,
    today: Day,
) -> Result<(), crate::error::DomainError> {
    use crate::order::{Field, Issue, Problem};
    let bad = |issue| crate::error::DomainError::Problem(Problem::new(Field::ArrivedOn, issue));
    let s = order
        .shipments
        .get_mut(sid)
        .ok_or_else(|| crate::error::DomainError::not_found("shipment", sid))?;
    let left = s.shipped_on.ok_or_else(|| bad(Issue::NotLeftYet))?;
    let on = a.on.ok_or_else(|| bad(Issue::Required))?;
    if on > today {
        return Err(bad(Issue::InFuture));
    }
    if on < left {
        return Err(bad(Issue::BeforeLeft));
    }
    a.who = a.who.trim().to_string();
    a.note = a.note.trim().to_string();
    s.arrived = Some(a);
    Ok(())
}

/// Who entered a date late, the day they did, and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct LateEntry {
    pub who: String,
    pub recorded: Option<Day>,
    pub reason: String,
}

/// Where a shipment's figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureSource {
    /// Derived from its carton lines.
    Cartons,
    /// Pieces entered per cell; cartons, weights and CBM as typed before carton lines (if ever).
    Entered,
    /// A shipment recorded before shipments had lines: every figure as it was typed.
    Legacy,
}

/// A shipment's figures, as the packing list and the order's balance read them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShipFigures {
    pub source: FigureSource,
    /// Pieces per `"{colour}:{size}"` cell (empty for a legacy shipment).
    pub cells: RecordMap<u64>,
    pub pieces: u64,
    pub cartons: u64,
    pub cbm: Milli,
    pub net_kg: Milli,
    pub gross_kg: Milli,
}

crate::record_fields!(Shipment;
    booking: Booking,
    mode: ShipMode,
    vessel_or_flight: String,
    container_no: String,
    container_type: String,
    transport_doc_no: String,
    etd: Option<Day>,
    eta: Option<Day>,
    shipped_on: Option<Day>,
    cartons: u64,
    pieces: u64,
    gross_kg: Milli,
    net_kg: Milli,
    cbm: Milli,
    documents: RecordMap<DocStatus>,
    quantities: RecordMap<u64>,
    carton_lines: RecordMap<CartonLine>,
    loaded: RecordMap<LoadedCarton>,
    as_shipped: Option<changes::AsShipped>,
    changes: RecordMap<changes::ShipChange>,
    late_entry: Option<LateEntry>,
    arrived: Option<Arrival>,
    incidents: RecordMap<incidents::Incident>,
);

impl Shipment {
    /// What this shipment carries: derived from its carton lines when it has any; else the
    /// entered matrix with the typed legacy cartons, weights and CBM; else every typed figure.
    pub fn figures(&self) -> ShipFigures {
        if !self.carton_lines.is_empty() {
            let t = packing::totals(self.carton_lines.values());
            return ShipFigures {
                source: FigureSource::Cartons,
                cells: t.cells,
                pieces: t.pieces,
                cartons: t.cartons,
                cbm: t.cbm,
                net_kg: t.net_kg,
                gross_kg: t.gross_kg,
            };
        }
        let cells: RecordMap<u64> = self
            .quantities
            .iter()
            .filter(|(_, q)| **q > 0)
            .map(|(k, q)| (k.clone(), *q))
            .collect();
        let (source, pieces) = if cells.is_empty() {
            (FigureSource::Legacy, self.pieces)
        } else {
            let pieces = cells.values().fold(0, |a: u64, q| a.saturating_add(*q));
            (FigureSource::Entered, pieces)
        };
        ShipFigures {
            source,
            cells,
            pieces,
            cartons: self.cartons,
            cbm: self.cbm,
            net_kg: self.net_kg,
            gross_kg: self.gross_kg,
        }
    }

    /// Pieces this shipment carries ([`Shipment::figures`]).
    pub fn shipped_pieces(&self) -> u64 {
        self.figures().pieces
    }

    /// Status of one document; a kind never touched is not started.
    pub fn document(&self, kind: &DocKind) -> DocStatus {
        self.documents.get(kind.code()).cloned().unwrap_or_default()
    }

    pub fn set_document(&mut self, kind: &DocKind, status: DocStatus) {
        self.documents.insert(kind.code().to_string(), status);
    }

    /// The checklist: the documents this shipment needs ([`DocNeeds::needs`]) with their status,
    /// in the standard order. A document someone already gave a status stays listed even when
    /// the order's terms or the workspace's rules no longer ask for it, so no recorded status is
    /// hidden.
    pub fn checklist(&self, needs: DocNeeds) -> Vec<(DocKind, DocStatus)> {
        DocKind::KNOWN
            .iter()
            .filter(|k| needs.needs(k) || self.documents.contains_key(k.code()))
            .map(|k| (k.clone(), self.document(k)))
            .collect()
    }

    /// Documents of the checklist not yet approved.
    pub fn documents_pending(&self, needs: DocNeeds) -> Vec<DocKind> {
        self.checklist(needs)
            .into_iter()
            .filter(|(_, s)| *s != DocStatus::Approved)
            .map(|(k, _)| k)
            .collect()
    }
}

// Booking freight and the documents a shipment needs (issue 14).

crate::code_enum! {
    /// Who pays the main carriage: the seller (prepaid, as on CFR/CIF/CPT/CIP/D-terms) or the
    /// buyer at destination (collect, as on EXW/FCA/FOB).
    pub enum FreightTerms default Prepaid {
        Prepaid = "prepaid",
        Collect = "collect",
    }
}

/// Which documents beyond the standard ones a shipment's checklist asks for: the insurance
/// certificate when the seller insures (CIF, CIP), the certificate of origin when the
/// workspace's rules ask for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocNeeds {
    pub insurance: bool,
    pub certificate_of_origin: bool,
}

impl DocNeeds {
    /// From the order's Incoterm and the workspace's certificate-of-origin rule.
    pub fn of(incoterm: Option<&crate::order::Incoterm>, certificate_of_origin: bool) -> DocNeeds {
        use crate::order::Incoterm;
        DocNeeds {
            insurance: matches!(incoterm, Some(Incoterm::Cif | Incoterm::Cip)),
            certificate_of_origin,
        }
    }

    /// Whether the checklist asks for `kind`; kinds a newer version adds are listed only once
    /// someone gives them a status.
    pub fn needs(&self, kind: &DocKind) -> bool {
        match kind {
            DocKind::InsuranceCertificate => self.insurance,
            DocKind::CertificateOfOrigin => self.certificate_of_origin,
            DocKind::Other(_) => false,
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checklist_defaults_to_not_started() {
        let mut s = Shipment::default();
        let needs = DocNeeds::of(None, true);
        assert_eq!(s.documents_pending(needs).len(), 6);
        s.set_document(&DocKind::PackingList, DocStatus::Approved);
        assert_eq!(s.document(&DocKind::PackingList), DocStatus::Approved);
        assert_eq!(s.documents_pending(needs).len(), 5);
        assert_eq!(
            s.document(&DocKind::CustomsDeclaration),
            DocStatus::NotStarted
        );
    }
}
