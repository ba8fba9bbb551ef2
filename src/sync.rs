//! Sync with the relay: one WebSocket speaking the automerge-repo protocol (`gendan-sync`),
//! opened when the browser is online and settings name a relay and a token, reopened with
//! backoff when it drops. Incoming changes are written to IndexedDB before anything is sent
//! back; local commits are pushed as soon as they are on disk. Photos and files go beside the
//! protocol, over HTTP to the relay's blob store (`blobs.rs`).

pub(crate) mod blobs;
mod client;
pub(crate) mod settings;

pub(crate) use client::{SyncClient, SyncStatus};
