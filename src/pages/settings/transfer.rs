//! Moving everything by file: export the whole workspace as a bundle (with its photos and files
//! when chosen), import one, and say what the import changed.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{fill, use_i18n, I18n, K};
use crate::pages::order::export_files::FilesOption;
use crate::prefs;
use crate::state::store::use_store;
use crate::storage::transfer::ImportReport;

fn describe(i18n: I18n, r: &ImportReport) -> String {
    let mut parts = vec![
        format!("{} {}", r.new_orders, i18n.t(K::ImportNew)),
        format!("{} {}", r.updated_orders, i18n.t(K::ImportUpdated)),
        format!("{} {}", r.unchanged_orders, i18n.t(K::ImportUnchanged)),
    ];
    if r.skipped > 0 {
        parts.push(format!("{} {}", r.skipped, i18n.t(K::ImportSkipped)));
    }
    if r.files > 0 {
        parts.push(fill(i18n.t(K::ImportFiles), &[("n", &r.files.to_string())]));
    }
    if r.files_damaged > 0 {
        parts.push(fill(
            i18n.t(K::ImportFilesDamaged),
            &[("n", &r.files_damaged.to_string())],
        ));
    }
    parts.join(", ")
}

#[component]
pub fn Transfer() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let import_result = RwSignal::new(None::<Result<ImportReport, String>>);
    let with_files = RwSignal::new(false);
    // Importing is a submit whose outcome the line under the buttons says.
    let import = Action::new_local(move |input: &web_sys::HtmlInputElement| {
        let input = input.clone();
        import_result.set(Some(Err(i18n.t(K::Importing).to_string())));
        async move {
            let Some(repo) = store.repo() else { return };
            let Some(bytes) = crate::files::read_picked(&input).await else {
                return;
            };
            input.set_value("");
            let res = store.track_import(i18n, repo.import_bundle(&bytes)).await;
            import_result.set(Some(res));
        }
    });
    view! {
        <h3>{move || i18n.t(K::Transfer)}</h3>
        <p class="muted">{move || i18n.t(K::TransferHelp)}</p>
        <FilesOption orders=None with_files=with_files/>
        <div class="actions">
            <button data-testid="export-all" on:click=move |_| {
                // Fire and forget: the download is the only outcome.
                spawn_local(async move {
                    let Some(repo) = store.repo() else { return };
                    let files = with_files.get_untracked();
                    if let Ok(bytes) = repo.export_bundle(None, &prefs::device_id(), files).await {
                        crate::files::download(&crate::files::stamped_name("gendan"), "application/octet-stream", &bytes);
                    }
                });
            }>{move || i18n.t(K::ExportAll)}</button>
            <label class="button">
                {move || i18n.t(K::ImportFile)}
                <input type="file" class="visually-hidden" data-testid="import-file" accept=".gendan,application/octet-stream"
                    on:change=move |ev| {
                        import.dispatch_local(event_target(&ev));
                    }/>
            </label>
        </div>
        <p data-testid="import-result" role="status">{move || match import_result.get() {
            None => String::new(),
            Some(Ok(r)) => describe(i18n, &r),
            Some(Err(e)) => e,
        }}</p>
    }
}
