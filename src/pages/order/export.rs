//! Exports one order as a bundle file (to hand to a device that cannot sync), named after its PO,
//! with its photos and files when chosen (their size shown first).

use gendan_domain::Order;
use std::rc::Rc;

use leptos::prelude::*;

use crate::components::export_button::{BuildFile, ExportButton};
use crate::i18n::{use_i18n, K};
use crate::state::store::use_store;

use super::export_files::FilesOption;

/// The PO made safe for a file name.
fn file_safe(po: &str) -> String {
    po.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[component]
pub fn ExportOrder(id: String, base: RwSignal<Order>) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let with_files = RwSignal::new(false);
    let orders = Some(vec![id.clone()]);
    let build: BuildFile = Rc::new(move || {
        let order_id = id.clone();
        Box::pin(async move {
            let repo = store
                .repo()
                .ok_or_else(|| i18n.t(K::StorageFailed).to_string())?;
            let po = base.with_untracked(|b| b.customer_po.clone());
            let bytes = repo
                .export_bundle(
                    Some(vec![order_id]),
                    &crate::prefs::device_id(),
                    with_files.get_untracked(),
                )
                .await
                .map_err(|e| e.to_string())?;
            let name = crate::files::stamped_name(&format!("gendan-{}", file_safe(&po)));
            Ok((name, bytes))
        })
    });
    view! {
        <div class="export-order">
            <FilesOption orders=orders with_files=with_files/>
            <ExportButton label=K::ExportOrder testid="export-order" make=build/>
        </div>
    }
}
