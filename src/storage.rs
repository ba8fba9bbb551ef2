//! On-device storage: every document's bytes in IndexedDB, saved the way automerge-repo saves them
//! (incremental chunks per commit, compacted into snapshots), plus a small summary per order so the
//! list opens without loading every document.

pub(crate) mod agenda;
pub(crate) mod blob_usage;
pub(crate) mod blobs;
pub(crate) mod everything;
mod idb;
mod migrate;
mod office_records;
pub(crate) mod repo;
pub(crate) mod report_index;
mod scan;
pub(crate) mod sync_docs;
pub(crate) mod sync_states;
mod tabs;
pub(crate) mod transfer;
mod waivers;

use thiserror::Error;

pub(crate) use repo::{Repo, SaveState, Summary};
pub(crate) use scan::WORKSPACE_LABEL;

#[cfg(all(test, target_arch = "wasm32"))]
pub(crate) mod agenda_tests;
#[cfg(all(test, target_arch = "wasm32"))]
mod blob_tests;
#[cfg(all(test, target_arch = "wasm32"))]
mod blob_usage_tests;
#[cfg(all(test, target_arch = "wasm32"))]
mod check_tests;
#[cfg(all(test, target_arch = "wasm32"))]
mod everything_tests;
#[cfg(all(test, target_arch = "wasm32"))]
pub(crate) mod office_records_tests;
#[cfg(all(test, target_arch = "wasm32"))]
pub(crate) mod relabelled_tests;
#[cfg(all(test, target_arch = "wasm32"))]
mod report_index_tests;
#[cfg(all(test, target_arch = "wasm32"))]
pub(crate) mod restore_tests;
#[cfg(all(test, target_arch = "wasm32"))]
mod sync_state_tests;
#[cfg(all(test, target_arch = "wasm32"))]
pub(crate) mod tests;
#[cfg(all(test, target_arch = "wasm32"))]
mod unlinked_waiver_tests;
#[cfg(all(test, target_arch = "wasm32"))]
mod waiver_tests;

/// What can go wrong between the app and the browser's storage.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum StoreError {
    #[error("the device's storage is full: the change is kept in memory and will be saved when space is freed")]
    Quota,
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// A document this device was never sent (an order's books on a factory's phone): not
    /// damaged, elsewhere.
    #[error("document {0} is not on this device")]
    NotHere(String),
    #[error("the browser refused: {0}")]
    Browser(String),
    #[error("{0}")]
    Document(String),
    /// A workspace to join that this device holds as something else (an order, its money): a
    /// crafted invite or nearby code naming one would make it the workspace, shared as one.
    #[error("{0} is not a workspace: this device holds it as an order or an order's money; nothing was changed")]
    NotAWorkspace(String),
    /// An order whose money link names the order itself, another order or the workspace: a peer
    /// that may write the order (a factory) set it, so that the office's prices would be written
    /// into a document the factory reads. Nothing is read or written through it.
    #[error("the money link of order {0} points at a document that is not its money record; nothing was written")]
    MoneyLink(String),
    /// A money gate waived as if the order's books were held, while they do not read here: the
    /// waiver and why belong in them, not on the order the factory holds; nothing was written.
    #[error("order {order}: a waiver of the deposit or balance is kept with the order's books, which do not read on this device ({why}); nothing was written")]
    WaiverNeedsBooks { order: String, why: String },
}

impl From<gendan_domain::DocError> for StoreError {
    fn from(e: gendan_domain::DocError) -> Self {
        StoreError::Document(e.to_string())
    }
}
