//! The relay connection as the screens see it: the client (set once storage is open), its status
//! for the sync chip, and the photo uploader with how many photos wait for the relay.

use leptos::prelude::*;

use crate::sync::blobs::BlobUploader;
use crate::sync::{SyncClient, SyncStatus};

#[derive(Clone, Copy)]
pub(crate) struct SyncState {
    pub client: StoredValue<Option<SyncClient>, LocalStorage>,
    pub status: RwSignal<SyncStatus>,
    /// Photos made here that the relay does not have yet.
    pub blobs_waiting: RwSignal<usize>,
    /// The relay refused the last photo for want of room (its quota for this workspace).
    pub relay_full: RwSignal<bool>,
    pub uploader: StoredValue<Option<BlobUploader>, LocalStorage>,
}

pub(crate) fn provide_sync() -> SyncState {
    let sync = SyncState {
        client: StoredValue::new_local(None),
        status: RwSignal::new(SyncStatus::Off),
        blobs_waiting: RwSignal::new(0),
        relay_full: RwSignal::new(false),
        uploader: StoredValue::new_local(None),
    };
    provide_context(sync);
    sync
}

pub(crate) fn use_sync() -> SyncState {
    expect_context::<SyncState>()
}
