//! Which shipments a final lot is: one box per shipment of the order ("Shipment 2 · 400 pcs").
//! Shipping one of them needs this lot passed and at least as big as the pieces of the shipments
//! ticked together (`inspection::final_gates`); none ticked, the lot stands for the whole order.
//! Locked with the other figures once the inspection is finished.

use std::rc::Rc;

use gendan_domain::inspection::{root_kind, InspectionKind};
use leptos::prelude::*;

use super::OpenInspection;
use crate::components::action_error::ActionError;
use crate::i18n::{fill, use_i18n, K};
use crate::listing::fmt_int;
use crate::pages::documents::shipment_figures::in_order;

#[component]
pub fn LotShipments(open: OpenInspection) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let edit = open.action(error);
    let is_final = move || {
        let i = open.current();
        open.ctx
            .order
            .with(|o| *root_kind(o, &i) == InspectionKind::Final)
    };
    let toggle = move |sid: String, on: bool| {
        let mut ids: Vec<String> = open
            .current()
            .shipment_ids()
            .filter(|i| *i != sid)
            .map(str::to_string)
            .collect();
        if on {
            ids.push(sid);
        }
        edit.dispatch(Rc::new(move |i| {
            i.set_shipments(ids.iter().map(String::as_str))
        }));
    };
    let rows = move || {
        let ticked: Vec<String> = open.current().shipment_ids().map(str::to_string).collect();
        open.ctx.order.with(|o| {
            in_order(o)
                .into_iter()
                .enumerate()
                .map(|(n, (id, s))| {
                    let label = format!(
                        "{} · {} {}",
                        fill(i18n.t(K::ShipmentNo), &[("n", &(n + 1).to_string())]),
                        fmt_int(s.shipped_pieces()),
                        i18n.t(K::Pieces)
                    );
                    (id.clone(), label, ticked.contains(&id))
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || is_final() && open.ctx.order.with(|o| !o.shipments.is_empty())>
            <fieldset class="checks lot-shipments" data-testid="lot-shipments">
                <legend>{move || i18n.t(K::LotShipments)}</legend>
                <p class="muted small">{move || i18n.t(K::LotShipmentsHelp)}</p>
                {move || rows().into_iter().map(|(id, label, on)| {
                    let sid = id.clone();
                    view! {
                        <label class="check-row">
                            <input type="checkbox" data-testid="lot-shipment" data-shipment=id
                                prop:checked=on disabled=move || open.completed()
                                on:change=move |ev| toggle(sid.clone(), event_target_checked(&ev))/>
                            {label}
                        </label>
                    }
                }).collect_view()}
                <ActionError error=error testid="lot-shipments-error"/>
            </fieldset>
        </Show>
    }
}
