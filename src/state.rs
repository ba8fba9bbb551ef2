//! The app-wide reactive state, as small contexts that each own one concern, so a component asks
//! for what it uses (`use_store()`, `use_sync()`…) instead of one bag of every signal:
//! - [`store`]: the repository handle and the snapshots the screens render, and the save state;
//! - [`sync`]: the relay connection, its status, and photos waiting for it;
//! - [`peers`]: a direct connection to a nearby device, and invitations through the relay;
//! - [`kept_input`]: typed input kept above parts of a screen that are drawn again.
//!
//! Where the app is and whether a form holds unsaved input is [`crate::route`]'s; whether a new
//! build waits is [`crate::pwa`]'s. [`crate::App`] provides them all once, at the root.

pub(crate) mod kept_input;
pub(crate) mod peers;
pub(crate) mod store;
pub(crate) mod sync;
