//! Exports one order as a bundle file (to hand to a device that cannot sync), named after its PO,
//! with its photos and files when chosen (their size shown first).

use gendan_domain::Order;
use leptos::prelude::*;
use leptos::task::spawn_local;

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
    let id = StoredValue::new(id);
    // Fire and forget: the download is the only outcome, nothing on screen waits for it.
    let export = move |_| {
        let order_id = id.get_value();
        spawn_local(async move {
            let Some(repo) = store.repo() else { return };
            let po = base.with_untracked(|b| b.customer_po.clone());
            if let Ok(bytes) = repo
                .export_bundle(
                    Some(vec![order_id]),
                    &crate::prefs::device_id(),
                    with_files.get_untracked(),
                )
                .await
            {
                crate::files::download(
                    &crate::files::stamped_name(&format!("gendan-{}", file_safe(&po))),
                    "application/octet-stream",
                    &bytes,
                );
            }
        });
    };
    view! {
        <div class="export-order">
            <FilesOption orders=orders with_files=with_files/>
            <button type="button" data-testid="export-order" on:click=export>
                {move || i18n.t(K::ExportOrder)}
            </button>
        </div>
    }
}
