//! One order's photos and files on this device: PO, style, status, how many, how big, how many
//! exist only here (kept) or only on the relay, and freeing them when the order is closed.

use leptos::prelude::*;

use super::free_confirm::FreeConfirm;
use super::size_text;
use crate::i18n::{count, status_key, use_i18n, BLOB_FILES, BLOB_NOT_HERE, BLOB_ONLY_HERE, K};
use crate::storage::blob_usage::OrderUse;

#[component]
pub fn OrderUseRow(order: OrderUse, done: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let (files, bytes) = (order.blobs.len(), order.bytes_here());
    let (only_here, not_here) = (order.only_here(), order.not_here());
    let free_bytes = order.droppable_bytes();
    let status = status_key(order.status);
    let title = format!(
        "{} · {}",
        crate::listing::po_text(i18n.0.get_untracked(), &order.customer_po),
        order.style_no
    );
    let ids = vec![order.id.clone()];
    view! {
        <li class="card blob-order" data-testid="blob-order" data-order=order.id.clone()
            data-po=order.customer_po.clone() data-bytes=bytes.to_string()
            data-droppable=free_bytes.to_string() data-only-here=only_here.to_string() data-closed=order.closed().to_string()>
            <div class="blob-head">
                <strong class="wrap">{title}</strong>
                <span class="muted">{move || i18n.t(status)}</span>
            </div>
            <p>{move || format!("{} · {}", count(i18n.0.get(), BLOB_FILES, files), size_text(bytes))}</p>
            <Show when=move || { only_here > 0 }>
                <p class="muted" data-testid="blob-only-here">{move || count(i18n.0.get(), BLOB_ONLY_HERE, only_here)}</p>
            </Show>
            <Show when=move || { not_here > 0 }>
                <p class="muted" data-testid="blob-not-here">{move || count(i18n.0.get(), BLOB_NOT_HERE, not_here)}</p>
            </Show>
            <Show when=move || { free_bytes > 0 }>
                <FreeConfirm orders=ids.clone() bytes=free_bytes label=K::BlobFree testid="blob-free" done=done/>
            </Show>
        </li>
    }
}
