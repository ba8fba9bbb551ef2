//! The repository handle and what the screens render from it: order summaries, quarantined
//! records, whether storage is open, which documents a peer just changed, and the save state.
//!
//! Every write a screen makes goes through [`Store::track`] (or its variants), which keeps the
//! save indicator honest: "saving" until IndexedDB confirms, "pending" with the reason while
//! writes wait in memory, retried every two seconds until they land.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{I18n, K};
use crate::storage::repo::{EditError, Quarantined};
use crate::storage::transfer::{ImportError, ImportReport};
use crate::storage::{Repo, SaveState, StoreError, Summary};
use gendan_domain::sorting::sort_dedup;

#[derive(Clone, Copy)]
pub(crate) struct Store {
    pub repo: StoredValue<Option<Repo>, LocalStorage>,
    pub summaries: RwSignal<Vec<Summary>>,
    pub quarantined: RwSignal<Vec<Quarantined>>,
    /// Documents whose copy on another device or the relay did not merge with this one's.
    pub unmerged: RwSignal<std::collections::BTreeMap<String, String>>,
    pub save: RwSignal<SaveState>,
    /// `None` while storage opens; `Some(Err)` when it cannot.
    pub ready: RwSignal<Option<Result<(), String>>>,
    /// Documents changed by another tab or a peer, with a counter so every change is seen.
    pub remote_changes: RwSignal<(u64, Vec<String>)>,
    /// Documents a peer changed since the last refresh, while one is scheduled.
    pending_remote: StoredValue<Option<Vec<String>>, LocalStorage>,
}

/// Remote changes are gathered this long before the screens refresh: a fresh device receives
/// a thousand orders in as many frames, and refreshing the list for each one was quadratic.
const REMOTE_COALESCE_MS: u64 = 150;

/// Creates the store (empty until [`Store::opened`]) and provides it to the app.
pub(crate) fn provide_store() -> Store {
    let store = Store {
        repo: StoredValue::new_local(None),
        summaries: RwSignal::new(Vec::new()),
        quarantined: RwSignal::new(Vec::new()),
        unmerged: RwSignal::new(Default::default()),
        save: RwSignal::new(SaveState::Idle),
        ready: RwSignal::new(None),
        remote_changes: RwSignal::new((0, Vec::new())),
        pending_remote: StoredValue::new_local(None),
    };
    provide_context(store);
    store
}

pub(crate) fn use_store() -> Store {
    expect_context::<Store>()
}

impl Store {
    /// The repository, or `None` before storage opens — and once the app that held the store
    /// is gone: work still running then (a read or a save finishing after its screen was left)
    /// finds no repository instead of panicking.
    pub(crate) fn repo(&self) -> Option<Repo> {
        self.repo.try_with_value(|r| r.clone()).flatten()
    }

    /// Storage is open: screens may render.
    pub(crate) fn opened(&self, repo: Repo) {
        self.repo.set_value(Some(repo));
        self.refresh();
        self.ready.set(Some(Ok(())));
    }

    /// Documents a peer (another tab, the relay, a nearby device) changed: snapshots refresh and
    /// open screens hear which ones, once per [`REMOTE_COALESCE_MS`] however many arrive.
    pub(crate) fn remote_changed(&self, ids: Vec<String>) {
        let mut first = false;
        self.pending_remote.update_value(|pending| match pending {
            Some(waiting) => waiting.extend(ids),
            None => {
                *pending = Some(ids);
                first = true;
            }
        });
        if !first {
            return;
        }
        let store = *self;
        set_timeout(
            move || store.flush_remote(),
            std::time::Duration::from_millis(REMOTE_COALESCE_MS),
        );
    }

    /// Shows the remote changes gathered so far now. A sync status is reported only after
    /// this, so "synced" never shows beside screens that are behind what was received.
    pub(crate) fn flush_remote(&self) {
        let Some(mut ids) = self.pending_remote.try_update_value(Option::take).flatten() else {
            return;
        };
        sort_dedup(&mut ids);
        self.refresh();
        self.remote_changes.update(|(n, changed)| {
            *n += 1;
            *changed = ids;
        });
    }

    /// Refreshes the snapshots after a write.
    pub(crate) fn refresh(&self) {
        if let Some(repo) = self.repo() {
            self.summaries.set(repo.summaries());
            self.quarantined.set(repo.quarantined());
            let unmerged = repo.unmerged();
            if self.unmerged.with_untracked(|u| *u != unmerged) {
                self.unmerged.set(unmerged);
            }
        }
    }

    /// Runs a write and keeps the save indicator honest.
    pub(crate) async fn track<T>(
        &self,
        write: impl std::future::Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        self.save.set(SaveState::Saving);
        let out = write.await;
        self.after_write(out.as_ref().err());
        out
    }

    /// Runs an edit through the repo's general edit path: a refusal by a rule writes nothing and
    /// comes back for the screen to show next to the action; a storage failure is tracked like any
    /// other write.
    pub(crate) async fn track_edit<T>(
        &self,
        write: impl std::future::Future<Output = Result<T, EditError>>,
    ) -> Result<T, EditError> {
        self.save.set(SaveState::Saving);
        let out = write.await;
        let store_err = match &out {
            Err(EditError::Store(e)) => Some(e.clone()),
            _ => None,
        };
        self.after_write(store_err.as_ref());
        out
    }

    /// An import is a write like any other, but its refusal is the user's message, not a retry.
    pub(crate) async fn track_import(
        &self,
        i18n: I18n,
        import: impl std::future::Future<Output = Result<ImportReport, ImportError>>,
    ) -> Result<ImportReport, String> {
        self.save.set(SaveState::Saving);
        let out = import.await;
        let store_err = match &out {
            Err(ImportError::Store(e)) => Some(e.clone()),
            _ => None,
        };
        self.after_write(store_err.as_ref());
        out.map_err(|e| format!("{} {e}", i18n.t(K::ImportRefused)))
    }

    fn after_write(&self, err: Option<&StoreError>) {
        self.refresh();
        let Some(repo) = self.repo() else { return };
        let pending = repo.pending_count();
        if pending == 0 {
            self.save.set(SaveState::Saved(crate::platform::now_ms()));
            return;
        }
        let error = err.map(|e| e.to_string()).unwrap_or_default();
        let quota = matches!(err, Some(StoreError::Quota));
        self.save.set(SaveState::Pending {
            count: pending,
            error: if quota { "quota".into() } else { error },
        });
        let store = *self;
        set_timeout(
            move || {
                // A retry in the background: the save indicator reports the outcome.
                spawn_local(async move {
                    if let Some(repo) = store.repo() {
                        let res = repo.flush().await;
                        store.after_write(res.as_ref().err());
                    }
                });
            },
            std::time::Duration::from_secs(2),
        );
    }
}
