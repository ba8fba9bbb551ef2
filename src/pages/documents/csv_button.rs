//! The picked shipment as a CSV file (`shipment_csv.rs`), named after the order and the
//! shipment's number ("PO-14-shipment-2.csv"), headed in the language on screen. Not printed.

use gendan_domain::{Commercial, Order, Workspace};
use leptos::prelude::*;

use super::shipment_csv::shipment_csv;
use super::shipment_figures::{chosen, in_order};
use crate::files;
use crate::i18n::{use_i18n, K};

#[component]
pub fn ShipmentCsv(
    order: Order,
    commercial: Option<Commercial>,
    workspace: Workspace,
    pick: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let data = StoredValue::new((order, commercial, workspace));
    let download = move |_| {
        data.with_value(|(o, c, w)| {
            let Some(sid) = chosen(o, pick.get_untracked().as_deref()) else {
                return;
            };
            let n = in_order(o)
                .iter()
                .position(|(id, _)| *id == sid)
                .map_or(0, |p| p + 1);
            if let Some(csv) = shipment_csv(i18n.0.get_untracked(), o, c.as_ref(), w, &sid) {
                let po = o.customer_po.trim();
                let name = if po.is_empty() {
                    format!("shipment-{n}.csv")
                } else {
                    format!("{po}-shipment-{n}.csv")
                };
                files::download(&name, "text/csv;charset=utf-8", csv.as_bytes());
            }
        });
    };
    view! {
        <button type="button" class="no-print" data-testid="shipment-csv" on:click=download>
            {move || i18n.t(K::DownloadShipmentCsv)}
        </button>
    }
}
