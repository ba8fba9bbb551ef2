//! The "with photos and files" choice of a bundle export (one order's or everything's), showing
//! how many photos and files it adds and their size before anything is exported.

use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, K};
use crate::state::store::use_store;
use crate::storage::transfer::FilesInBundle;

/// A size as people read it: KB under a megabyte, else MB with one decimal.
pub(crate) fn size_text(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{} KB", bytes.div_ceil(1000))
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

fn files_text(i18n: crate::i18n::I18n, f: &FilesInBundle) -> String {
    let mut text = fill(
        i18n.t(K::ExportFilesSize),
        &[("n", &f.count.to_string()), ("size", &size_text(f.bytes))],
    );
    if f.missing > 0 {
        text.push_str(" · ");
        text.push_str(&fill(
            i18n.t(K::ExportFilesMissing),
            &[("n", &f.missing.to_string())],
        ));
    }
    text
}

/// The choice, and once ticked what it adds. `orders` as `Repo::export_bundle` takes them.
#[component]
pub fn FilesOption(orders: Option<Vec<String>>, with_files: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let orders = StoredValue::new(orders);
    // Counted only when ticked: it reads every referenced photo.
    let counted = LocalResource::new(move || {
        let on = with_files.get();
        async move {
            let repo = store.repo().filter(|_| on)?;
            Some(repo.bundle_files(orders.get_value()).await)
        }
    });
    view! {
        <label class="check">
            <input type="checkbox" data-testid="export-with-files" prop:checked=move || with_files.get()
                on:change=move |ev| with_files.set(event_target_checked(&ev))/>
            " "{move || i18n.t(K::ExportWithFiles)}
        </label>
        <Show when=move || with_files.get()>
            <Suspense fallback=move || view! { <p class="muted">{i18n.t(K::ExportFilesCounting)}</p> }>
                {move || counted.get().flatten().map(|f| view! {
                    <p class="muted" role="status" data-testid="export-files-size"
                        data-count=f.count.to_string() data-bytes=f.bytes.to_string()>
                        {move || files_text(i18n, &f)}
                    </p>
                })}
            </Suspense>
        </Show>
    }
}
