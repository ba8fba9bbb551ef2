//! What is typed into a shipment's form, one signal a field, how it is read (dates, then figures,
//! the first refusal said) and how what was read is written onto the shipment.

use gendan_domain::shipment::{ShipMode, Shipment};
use gendan_domain::{Day, Milli};
use leptos::prelude::*;

use super::super::ctx::{day_text, parse_day};
use crate::i18n::{I18n, K};
use crate::pages::typed;

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
    pub cartons: RwSignal<String>,
    pub pieces: RwSignal<String>,
    pub gross: RwSignal<String>,
    pub net: RwSignal<String>,
    pub cbm: RwSignal<String>,
}

/// Cartons, pieces, gross kg, net kg and CBM as read from the form.
type Figures = (u64, u64, Milli, Milli, Milli);

/// The form as read: booking date, ETD, ETA and shipped date; the figures; the texts as typed.
pub struct Read {
    days: [Option<Day>; 3],
    pub shipped: Option<Day>,
    figures: Figures,
    texts: [String; 7],
    forwarder_party: String,
}

impl Read {
    /// Writes everything but the shipped date (which goes through the gates) onto the shipment.
    pub fn apply(&self, s: &mut Shipment) {
        let Read {
            days: [bd, e1, e2],
            figures: (c, p, g, n, v),
            texts,
            forwarder_party,
            ..
        } = self;
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
        s.cartons = *c;
        s.pieces = *p;
        s.gross_kg = *g;
        s.net_kg = *n;
        s.cbm = *v;
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
            cartons: RwSignal::new(s0.cartons.to_string()),
            pieces: RwSignal::new(s0.pieces.to_string()),
            gross: RwSignal::new(s0.gross_kg.to_string()),
            net: RwSignal::new(s0.net_kg.to_string()),
            cbm: RwSignal::new(s0.cbm.to_string()),
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
        let figures = self.figures(i18n)?;
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
            figures,
            texts,
            forwarder_party: self.forwarder_party.get_untracked(),
        })
    }

    fn figures(self, i18n: I18n) -> Result<Figures, String> {
        // Blank is zero; anything typed is read strictly, and the first refusal is said.
        let whole = |s: RwSignal<String>| {
            let t = s.get_untracked();
            if t.trim().is_empty() {
                Ok(0)
            } else {
                typed::whole(i18n, &t, u64::from(u32::MAX))
            }
        };
        let milli = |s: RwSignal<String>| {
            let t = s.get_untracked();
            if t.trim().is_empty() {
                Ok(Milli::default())
            } else {
                typed::milli(i18n, &t)
            }
        };
        Ok((
            whole(self.cartons)?,
            whole(self.pieces)?,
            milli(self.gross)?,
            milli(self.net)?,
            milli(self.cbm)?,
        ))
    }
}
