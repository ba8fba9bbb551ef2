//! Settings: language, who is editing, this device, storage use, and records set aside as damaged.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::storage::transfer::ImportReport;
use crate::sync::settings::{default_relay, Invite, SyncSettings};

use crate::i18n::{use_i18n, Lang, K};
use crate::prefs;
use crate::pwa::{storage_report, StorageReport};
use crate::state::store::use_store;
use crate::state::sync::use_sync;

fn megabytes(b: f64) -> String {
    format!("{:.1} MB", b / 1_000_000.0)
}

fn describe(i18n: crate::i18n::I18n, r: &ImportReport) -> String {
    let mut parts = vec![
        format!("{} {}", r.new_orders, i18n.t(K::ImportNew)),
        format!("{} {}", r.updated_orders, i18n.t(K::ImportUpdated)),
        format!("{} {}", r.unchanged_orders, i18n.t(K::ImportUnchanged)),
    ];
    if r.skipped > 0 {
        parts.push(format!("{} {}", r.skipped, i18n.t(K::ImportSkipped)));
    }
    parts.join(", ")
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let sync = use_sync();
    let name = RwSignal::new(prefs::user_name());
    let report = RwSignal::new(None::<StorageReport>);
    let import_result = RwSignal::new(None::<Result<ImportReport, String>>);
    let current = sync
        .client
        .with_value(|c| c.as_ref().and_then(|c| c.settings()));
    let relay = RwSignal::new(
        current
            .as_ref()
            .map(|s| s.relay.clone())
            .unwrap_or_else(default_relay),
    );
    let token = RwSignal::new(current.map(|s| s.token).unwrap_or_default());
    let invite_link = move || {
        let _ = sync.status.get();
        let settings = sync
            .client
            .with_value(|c| c.as_ref().and_then(|c| c.settings()))?;
        // A device that only holds shared orders cannot invite others into a workspace.
        if !settings.docs.is_empty() {
            return None;
        }
        let workspace = store.repo()?.workspace_id();
        let origin = web_sys::window()?.location().origin().ok()?;
        Some(
            Invite {
                relay: settings.relay,
                token: settings.token,
                workspace: Some(workspace),
                docs: Vec::new(),
            }
            .link(&origin),
        )
    };
    spawn_local(async move { report.set(Some(storage_report().await)) });

    let set_lang = move |ev| {
        let lang = Lang::from_code(&event_target_value(&ev));
        prefs::set_language(lang);
        i18n.0.set(lang);
    };
    let set_name = move |ev| {
        let v = event_target_value(&ev);
        prefs::set_user_name(&v);
        name.set(v);
        if let Some(repo) = store.repo() {
            repo.set_author(prefs::author());
        }
    };

    view! {
        <section class="page settings">
            <h2>{move || i18n.t(K::NavSettings)}</h2>
            <div class="field">
                <label for="s-lang">{move || i18n.t(K::Language)}</label>
                <select id="s-lang" data-testid="lang-select" on:change=set_lang>
                    <option value="zh-CN" selected=move || i18n.0.get() == Lang::Zh>"简体中文"</option>
                    <option value="en" selected=move || i18n.0.get() == Lang::En>"English"</option>
                </select>
            </div>
            <div class="field">
                <label for="s-name">{move || i18n.t(K::YourName)}</label>
                <input id="s-name" data-testid="user-name" prop:value=name on:change=set_name/>
            </div>
            <p><span class="muted">{move || i18n.t(K::DeviceId)}": "</span><code>{prefs::device_id()}</code></p>

            <h3>{move || i18n.t(K::StorageUse)}</h3>
            <div data-testid="storage-report">
                {move || match report.get() {
                    None => i18n.t(K::Loading).to_string().into_any(),
                    Some(r) => {
                        let usage = match (r.used, r.quota) {
                            (Some(u), Some(q)) => format!("{} {} {} {}", megabytes(u), i18n.t(K::StorageUsed), i18n.t(K::StorageOf), megabytes(q)),
                            _ => i18n.t(K::StorageUnknown).to_string(),
                        };
                        let persisted = if r.persisted { i18n.t(K::StoragePersisted) } else { i18n.t(K::StorageNotPersisted) };
                        view! { <p>{usage}</p><p class="muted">{persisted}</p> }.into_any()
                    }
                }}
            </div>
            <Show when=move || store.repo().is_some_and(|r| r.pending_count() > 0) || matches!(store.save.get(), crate::storage::SaveState::Pending { .. })>
                <p class="error-text">{move || format!("{} {}", store.repo().map_or(0, |r| r.pending_count()), i18n.t(K::PendingWrites))}</p>
            </Show>

            <h3>{move || i18n.t(K::Quarantined)}</h3>
            <ul class="quarantine" data-testid="quarantine-list">
                <For each=move || store.quarantined.get() key=|q| q.id.clone() let:q>
                    {
                        let id = q.id.clone();
                        view! {
                            <li class="card" data-testid="quarantined">
                                <code class="wrap">{q.id.clone()}</code>
                                <p class="error-text">{q.error.clone()}</p>
                                <p class="muted">{format!("{} B", q.bytes)}</p>
                                <button on:click=move |_| {
                                    let id = id.clone();
                                    spawn_local(async move {
                                        if let Some(repo) = store.repo() {
                                            if let Ok(bytes) = repo.quarantined_bytes(&id).await {
                                                crate::files::download(&format!("gendan-{id}.automerge"), "application/octet-stream", &bytes);
                                            }
                                        }
                                    });
                                }>{move || i18n.t(K::DownloadBytes)}</button>
                            </li>
                        }
                    }
                </For>
            </ul>
            <Show when=move || store.quarantined.with(|q| q.is_empty())>
                <p class="muted">{move || i18n.t(K::NoneQuarantined)}</p>
            </Show>
            <h3>{move || i18n.t(K::SyncTitle)}</h3>
            <p data-testid="sync-status-text" role="status">{move || crate::components::sync_chip::describe(i18n, &sync.status.get())}</p>
            <Show when=move || { sync.blobs_waiting.get() > 0 }>
                <p data-testid="settings-photos-waiting">{move || format!("{} {}", sync.blobs_waiting.get(), i18n.t(K::PhotosWaiting))}</p>
            </Show>
            <form class="sync-form" on:submit=move |ev| {
                ev.prevent_default();
                let settings = SyncSettings { relay: relay.get_untracked().trim().to_string(), token: token.get_untracked().trim().to_string(), docs: Vec::new() };
                if let Some(client) = sync.client.with_value(|c| c.clone()) {
                    client.configure((!settings.relay.is_empty() && !settings.token.is_empty()).then_some(settings));
                }
            }>
                <div class="field">
                    <label for="s-relay">{move || i18n.t(K::RelayAddress)}</label>
                    <input id="s-relay" data-testid="relay-address" inputmode="url" prop:value=relay on:input=move |ev| relay.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="s-token">{move || i18n.t(K::AccessToken)}</label>
                    <input id="s-token" data-testid="relay-token" autocomplete="off" prop:value=token on:input=move |ev| token.set(event_target_value(&ev))/>
                </div>
                <div class="actions">
                    <button type="submit" class="primary" data-testid="sync-connect">{move || i18n.t(K::Connect)}</button>
                    <button type="button" data-testid="sync-stop" on:click=move |_| {
                        if let Some(client) = sync.client.with_value(|c| c.clone()) {
                            client.configure(None);
                        }
                    }>{move || i18n.t(K::StopSync)}</button>
                </div>
            </form>
            <Show when=move || invite_link().is_some()>
                <div class="field">
                    <label for="s-invite">{move || i18n.t(K::InviteLink)}</label>
                    <textarea id="s-invite" readonly data-testid="invite-link" rows="3" prop:value=move || invite_link().unwrap_or_default()></textarea>
                </div>
                <crate::components::qr_code::QrCode text=Signal::derive(invite_link) label=Signal::derive(move || i18n.t(K::InviteLink).to_string())/>
            </Show>

            <h3>{move || i18n.t(K::Transfer)}</h3>
            <p class="muted">{move || i18n.t(K::TransferHelp)}</p>
            <div class="actions">
                <button data-testid="export-all" on:click=move |_| {
                    spawn_local(async move {
                        let Some(repo) = store.repo() else { return };
                        if let Ok(bytes) = repo.export_bundle(None, &prefs::device_id()).await {
                            crate::files::download(&crate::files::stamped_name("gendan"), "application/octet-stream", &bytes);
                        }
                    });
                }>{move || i18n.t(K::ExportAll)}</button>
                <label class="button">
                    {move || i18n.t(K::ImportFile)}
                    <input type="file" class="visually-hidden" data-testid="import-file" accept=".gendan,application/octet-stream"
                        on:change=move |ev| {
                            let input: web_sys::HtmlInputElement = event_target(&ev);
                            import_result.set(Some(Err(i18n.t(K::Importing).to_string())));
                            spawn_local(async move {
                                let Some(repo) = store.repo() else { return };
                                let Some(bytes) = crate::files::read_picked(&input).await else { return };
                                input.set_value("");
                                let res = store.track_import(i18n, repo.import_bundle(&bytes)).await;
                                import_result.set(Some(res));
                            });
                        }/>
                </label>
            </div>
            <p data-testid="import-result" role="status">{move || match import_result.get() {
                None => String::new(),
                Some(Ok(r)) => describe(i18n, &r),
                Some(Err(e)) => e,
            }}</p>
            <p class="muted">{move || format!("{} {}", i18n.t(K::Version), env!("CARGO_PKG_VERSION"))}</p>
        </section>
    }
}
