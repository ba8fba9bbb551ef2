//! What is typed into a shipment's form, one signal a field, how it is read (dates, the first
//! refusal said) and how what was read is written onto the shipment. Cartons, pieces, weights and
//! CBM are not typed here: they are derived from the carton lines (`cartons.rs`).

use gendan_domain::shipment::{FreightTerms, ShipMode, Shipment};
use gendan_domain::Day;
use leptos::prelude::*;

use super::super::ctx::{day_text, parse_day};
use crate::i18n::{I18n, K};

#[derive(Clone, Copy)]
pub struct Draft {
    /// The forwarder's party id when picked from the parties, else "".
    pub forwarder_party: RwSignal<String>,
    /// The forwarder's name: the picked party's, or as typed.
    pub forwarder: RwSignal<String>,
    pub booking_no: RwSignal<String>,
    pub booking_date: RwSignal<String>,
    pub mode: RwSignal<String>,
    pub vessel: RwSignal<String>,
    pub container: RwSignal<String>,
    pub ctype: RwSignal<String>,
    pub bl: RwSignal<String>,
    pub etd: RwSignal<String>,
    pub eta: RwSignal<String>,
    pub shipped: RwSignal<String>,
    /// [`FreightTerms`] code, "" while not said.
    pub freight_terms: RwSignal<String>,
}

/// The form as read: booking date, ETD, ETA and shipped date; the texts as typed.
pub struct Read {
    days: [Option<Day>; 3],
    pub shipped: Option<Day>,
    texts: [String; 7],
    forwarder_party: String,
    freight_terms: Option<FreightTerms>,
}

impl Read {
    /// Writes everything but the shipped date (which goes through the gates) onto the shipment.
    pub fn apply(&self, s: &mut Shipment) {
        let Read {
            days: [bd, e1, e2],
            texts,
            forwarder_party,
            freight_terms,
            ..
        } = self;
        s.booking.freight_terms = freight_terms.clone();
        s.booking.forwarder = forwarder_party.clone();
        s.booking.forwarder_name = texts[0].trim().to_string();
        s.booking.booking_no = texts[1].trim().to_string();
        s.booking.date = *bd;
        s.mode = ShipMode::from_code(&texts[2]);
        s.vessel_or_flight = texts[3].trim().to_string();
        s.container_no = texts[4].trim().to_string();
        s.container_type = texts[5].trim().to_string();
        s.transport_doc_no = texts[6].trim().to_string();
        s.etd = *e1;
        s.eta = *e2;
    }
}

impl Draft {
    /// The form filled from the shipment as it is.
    pub fn of(s0: &Shipment) -> Draft {
        let b = &s0.booking;
        // Before forwarders were picked from the parties, `forwarder` held the name as typed.
        let (party, name) = if b.forwarder_name.is_empty() {
            (String::new(), b.forwarder.clone())
        } else {
            (b.forwarder.clone(), b.forwarder_name.clone())
        };
        Draft {
            forwarder_party: RwSignal::new(party),
            forwarder: RwSignal::new(name),
            booking_no: RwSignal::new(s0.booking.booking_no.clone()),
            booking_date: RwSignal::new(day_text(s0.booking.date)),
            mode: RwSignal::new(s0.mode.code().to_string()),
            vessel: RwSignal::new(s0.vessel_or_flight.clone()),
            container: RwSignal::new(s0.container_no.clone()),
            ctype: RwSignal::new(s0.container_type.clone()),
            bl: RwSignal::new(s0.transport_doc_no.clone()),
            etd: RwSignal::new(day_text(s0.etd)),
            eta: RwSignal::new(day_text(s0.eta)),
            shipped: RwSignal::new(day_text(s0.shipped_on)),
            freight_terms: RwSignal::new(
                b.freight_terms
                    .as_ref()
                    .map(|t| t.code().to_string())
                    .unwrap_or_default(),
            ),
        }
    }

    /// The form read strictly, or the first refusal in the user's language.
    pub fn read(self, i18n: I18n) -> Result<Read, String> {
        let days = (
            parse_day(&self.booking_date.get_untracked()),
            parse_day(&self.etd.get_untracked()),
            parse_day(&self.eta.get_untracked()),
            parse_day(&self.shipped.get_untracked()),
        );
        let (Ok(bd), Ok(e1), Ok(e2), Ok(sh)) = days else {
            return Err(i18n.t(K::ErrNotDate).to_string());
        };
        let texts = [
            self.forwarder.get_untracked(),
            self.booking_no.get_untracked(),
            self.mode.get_untracked(),
            self.vessel.get_untracked(),
            self.container.get_untracked(),
            self.ctype.get_untracked(),
            self.bl.get_untracked(),
        ];
        Ok(Read {
            days: [bd, e1, e2],
            shipped: sh,
            texts,
            forwarder_party: self.forwarder_party.get_untracked(),
            freight_terms: Some(self.freight_terms.get_untracked())
                .filter(|c| !c.is_empty())
                .map(|c| FreightTerms::from_code(&c)),
        })
    }
}
