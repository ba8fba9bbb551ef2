//! Shipments: the forwarder booking, the vessel or flight, the container, the numbers on the
//! packing list, and the export documents checklist.
//!
//! An order may ship in several lots, so shipments are records keyed by id. The documents checklist
//! is a map keyed by document kind, so the person drafting the packing list and the one sending the
//! certificate of origin never overwrite each other's status.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::measure::Milli;

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
    pub cartons: u64,
    /// Pieces in this shipment.
    #[autosurgeon(missing = "Default::default")]
    pub pieces: u64,
    /// Kilograms, exact to the gram.
    pub gross_kg: Milli,
    pub net_kg: Milli,
    /// Cubic metres, exact to the litre.
    pub cbm: Milli,
    pub documents: BTreeMap<String, DocStatus>,
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
    documents: BTreeMap<String, DocStatus>,
);

impl Shipment {
    /// Status of one document; a kind never touched is not started.
    pub fn document(&self, kind: &DocKind) -> DocStatus {
        self.documents.get(kind.code()).cloned().unwrap_or_default()
    }

    pub fn set_document(&mut self, kind: &DocKind, status: DocStatus) {
        self.documents.insert(kind.code().to_string(), status);
    }

    /// The checklist: every standard document with its status, in the standard order.
    pub fn checklist(&self) -> Vec<(DocKind, DocStatus)> {
        DocKind::KNOWN
            .iter()
            .map(|k| (k.clone(), self.document(k)))
            .collect()
    }

    /// Standard documents not yet approved.
    pub fn documents_pending(&self) -> Vec<DocKind> {
        self.checklist()
            .into_iter()
            .filter(|(_, s)| *s != DocStatus::Approved)
            .map(|(k, _)| k)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checklist_defaults_to_not_started() {
        let mut s = Shipment::default();
        assert_eq!(s.documents_pending().len(), 6);
        s.set_document(&DocKind::PackingList, DocStatus::Approved);
        assert_eq!(s.document(&DocKind::PackingList), DocStatus::Approved);
        assert_eq!(s.documents_pending().len(), 5);
        assert_eq!(
            s.document(&DocKind::CustomsDeclaration),
            DocStatus::NotStarted
        );
    }
}
