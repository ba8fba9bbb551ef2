//! Photos and files on this device: the total, each order's share (largest first), and freeing
//! every closed order's copies at once. Measured when shown and again after space was freed.

use leptos::prelude::*;

use super::free_confirm::FreeConfirm;
use super::order_row::OrderUseRow;
use super::size_text;
use crate::i18n::{count, fill, use_i18n, BLOB_FILES, K};
use crate::state::store::use_store;
use crate::storage::blob_usage::Usage;

#[component]
pub fn BlobUsage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let version = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<String>);
    let usage = LocalResource::new(move || {
        version.track();
        let repo = store.repo();
        async move {
            match repo {
                Some(r) => r.blob_usage().await.map_err(|e| e.to_string()),
                None => Ok(Usage::default()),
            }
        }
    });
    // Freeing ends here: say what happened and measure again.
    let done = Callback::new(move |said: String| {
        notice.set(Some(said));
        version.update(|v| *v += 1);
    });
    view! {
        <h3>{move || i18n.t(K::BlobsTitle)}</h3>
        <div class="blob-usage" data-testid="blob-usage">
            <Show when=move || notice.get().is_some()>
                <p class="card" role="status" data-testid="blob-freed">{move || notice.get()}</p>
            </Show>
            <Suspense fallback=move || view! { <p class="muted">{i18n.t(K::BlobsMeasuring)}</p> }>
                {move || usage.get().map(|u| match u {
                    Err(e) => view! { <p class="error-text" role="alert">{e}</p> }.into_any(),
                    Ok(u) => body(u, done).into_any(),
                })}
            </Suspense>
        </div>
    }
}

fn body(u: Usage, done: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let (_, all_bytes) = u.closed_droppable();
    let (total, files) = (u.total_bytes, u.blob_count);
    let orders = u.orders.clone();
    let empty = orders.is_empty();
    let damaged = u.damaged.clone();
    let closed: Vec<String> = u
        .orders
        .iter()
        .filter(|o| !o.droppable.is_empty())
        .map(|o| o.id.clone())
        .collect();
    view! {
        <p data-testid="blob-total" data-bytes=total.to_string()>
            {move || fill(i18n.t(K::BlobsTotal), &[("size", &size_text(total)), ("files", &count(i18n.0.get(), BLOB_FILES, files))])}
        </p>
        <p class="muted">{move || i18n.t(K::BlobsClosedHint)}</p>
        <Show when=move || { all_bytes > 0 }>
            <FreeConfirm orders=closed.clone() bytes=all_bytes label=K::BlobFreeAll testid="blob-free-all" done=done/>
        </Show>
        <Show when=move || empty>
            <p class="muted" data-testid="blob-none">{move || i18n.t(K::BlobsNone)}</p>
        </Show>
        <ul class="blob-orders">
            <For each=move || orders.clone() key=|o| (o.id.clone(), o.bytes_here(), o.droppable.len(), o.not_here()) let:o>
                <OrderUseRow order=o done=done/>
            </For>
        </ul>
        <Show when={let d = damaged.clone(); move || !d.is_empty()}>
            <p class="error-text">{move || i18n.t(K::BlobsDamaged)}</p>
            <ul>{damaged.iter().map(|d| view! { <li class="error-text wrap">{d.clone()}</li> }).collect_view()}</ul>
        </Show>
    }
}
