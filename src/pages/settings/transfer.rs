//! Moving everything by file: export the whole workspace as a bundle (with its photos and files
//! when chosen), import one, and say what the import changed.

use std::rc::Rc;

use leptos::prelude::*;

use crate::components::export_button::{BuildFile, ExportButton};
use crate::i18n::{count, fill, use_i18n, I18n, IMPORT_NEW, K};
use crate::pages::order::export_files::FilesOption;
use crate::prefs;
use crate::state::store::use_store;
use crate::storage::transfer::ImportReport;

fn describe(i18n: I18n, r: &ImportReport) -> String {
    let mut parts = vec![
        count(i18n.0.get(), IMPORT_NEW, r.new_orders),
        format!("{} {}", r.updated_orders, i18n.t(K::ImportUpdated)),
        format!("{} {}", r.unchanged_orders, i18n.t(K::ImportUnchanged)),
    ];
    if r.skipped > 0 {
        parts.push(format!("{} {}", r.skipped, i18n.t(K::ImportSkipped)));
    }
    if r.refused > 0 {
        parts.push(fill(
            i18n.t(K::ImportRefusedDocs),
            &[("n", &r.refused.to_string())],
        ));
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
    let export_all: BuildFile = Rc::new(move || {
        Box::pin(async move {
            let repo = store
                .repo()
                .ok_or_else(|| i18n.t(K::StorageFailed).to_string())?;
            let files = with_files.get_untracked();
            let bytes = repo
                .export_bundle(None, &prefs::device_id(), files)
                .await
                .map_err(|e| e.to_string())?;
            Ok((crate::files::stamped_name("gendan"), bytes))
        })
    });
    view! {
        <h3>{move || i18n.t(K::Transfer)}</h3>
        <p class="muted">{move || i18n.t(K::TransferHelp)}</p>
        <FilesOption orders=None with_files=with_files/>
        <div class="actions">
            <ExportButton label=K::ExportAll testid="export-all" make=export_all/>
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
