//! Sync with the relay and with nearby devices, both speaking the automerge-repo protocol
//! (`gendan-sync`) through one shared [`session::Session`]:
//! - `client`: one WebSocket to the relay, opened when the browser is online and settings name a
//!   relay and a token, reopened with backoff when it drops;
//! - `peer`: a WebRTC data channel to a device nearby, opened by exchanging two codes
//!   (`signal`), with no server at all; frames are cut into pieces for the channel (`pieces`).
//!
//! Incoming changes are written to IndexedDB before anything is sent back; local commits are
//! pushed as soon as they are on disk.
//! `relay_signal`: the same codes passed through the relay when both devices reach one.
//! Photos and files go beside the protocol, over HTTP to the relay's blob store (`blobs`).

pub(crate) mod blob_swap;
pub(crate) mod blobs;
mod catch_up;
mod client;
pub(crate) mod link_proof;
pub(crate) mod peer;
pub(crate) mod peer_bundle;
#[cfg(all(test, target_arch = "wasm32"))]
mod peer_bundle_tests;
pub(crate) mod peer_meeting;
pub(crate) mod pieces;
mod relay_http;
pub(crate) mod relay_signal;
pub(crate) mod session;
#[cfg(all(test, target_arch = "wasm32"))]
mod session_tests;
pub(crate) mod settings;
pub(crate) mod shared_links;
pub(crate) mod signal;
pub(crate) mod team_proof;
mod throttle;
pub(crate) mod token_scope;

pub(crate) use client::{SyncClient, SyncStatus};
