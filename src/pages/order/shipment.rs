//! Shipment: booking with the forwarder, vessel or flight, container, B/L or AWB, dates, the
//! carton lines with the cartons, pieces, weights and CBM derived from them, and the documents
//! checklist with a status per document. A shipped date is shipping: it is saved through
//! `lifecycle::set_shipped_on`, with the status buttons' gates.
//!
//! Above the shipments: the order's allowance and ordered / shipped / balance per cell. Each
//! shipment is a [`card::ShipmentCard`], under `shipment/`: a compact row that opens on a tap, one
//! at a time, so a phone shows every shipment of the order at a glance.

mod arrival;
mod balance;
mod card;
mod carton_draft;
mod carton_form;
mod cartons;
mod changes;
mod checklist;
mod draft;
mod figures;
mod form;
mod freight;
mod incidents;
mod loading;
mod marks;
pub(crate) mod matrix_view;
mod qty_form;
pub(crate) mod tolerance;

use std::rc::Rc;

use gendan_domain::shipment::Shipment;
use gendan_domain::DomainError;
use leptos::prelude::*;

use super::ctx::OrderCtx;
use crate::components::action_error::ActionError;
use crate::components::fold::OpenRow;
use crate::i18n::{use_i18n, K};
use crate::platform;
use balance::ShipBalance;
use card::ShipmentCard;
pub(crate) use incidents::{incident_key, row_text as incident_text};
use tolerance::ToleranceForm;

#[component]
pub fn ShipmentSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let edit = ctx.edit_action(error);
    // One shipment open at a time; a new one opens, ready to fill in.
    let open: OpenRow = RwSignal::new(None);
    let add = move |_| {
        let id = platform::new_record_id();
        open.set(Some(id.clone()));
        edit.dispatch(Rc::new(move |o| {
            let s = Shipment {
                mode: o.ship_mode.clone().unwrap_or_default(),
                etd: o.etd,
                eta: o.eta,
                ..Shipment::default()
            };
            o.shipments.insert(id.clone(), s);
            Ok::<_, DomainError>(())
        }));
    };
    let ids = move || {
        ctx.order
            // Numbered and listed as every other screen does: by date, then by id.
            .with(|o| {
                crate::pages::documents::shipment_figures::in_order(o)
                    .into_iter()
                    .map(|(k, _)| k)
                    .collect::<Vec<_>>()
            })
    };
    view! {
        <section class="card section" data-testid="shipment-section">
            <h3>{move || i18n.t(K::SecShipment)}</h3>
            <ToleranceForm ctx=ctx/>
            <ShipBalance ctx=ctx/>
            <ul class="fold-list shipments">
                <For each=ids key=|id| id.clone() let:id>
                    <ShipmentCard ctx=ctx id=id open=open/>
                </For>
            </ul>
            <button type="button" data-testid="add-shipment" on:click=add>{move || i18n.t(K::AddShipment)}</button>
            <ActionError error=error/>
        </section>
    }
}
