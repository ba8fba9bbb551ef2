//! Small per-device preferences in `localStorage` (through `gloo-storage`): language, the user's
//! name and this device's id. Documents never live here; only these few keys do.

use gloo_storage::{LocalStorage, Storage};

use crate::i18n::Lang;

const LANG: &str = "gendan.lang";
const NAME: &str = "gendan.name";
const DEVICE: &str = "gendan.device";

/// The saved language, else the browser's.
pub fn language() -> Lang {
    if let Ok(code) = LocalStorage::get::<String>(LANG) {
        return Lang::from_code(&code);
    }
    let browser = web_sys::window()
        .and_then(|w| w.navigator().language())
        .unwrap_or_default();
    Lang::from_code(&browser)
}

pub fn set_language(lang: Lang) {
    // A preference that cannot be saved only means the browser default applies next time.
    let _ = LocalStorage::set(LANG, lang.code());
}

pub fn user_name() -> String {
    LocalStorage::get::<String>(NAME).unwrap_or_default()
}

pub fn set_user_name(name: &str) {
    let _ = LocalStorage::set(NAME, name.trim());
}

/// A short random id for this browser profile, minted once.
pub fn device_id() -> String {
    if let Ok(id) = LocalStorage::get::<String>(DEVICE) {
        if !id.is_empty() {
            return id;
        }
    }
    let id = format!("dev-{}", hex::encode(crate::platform::random_bytes::<4>()));
    let _ = LocalStorage::set(DEVICE, &id);
    id
}

/// Who writes this device's changes. The name is the person's (asked on first start by
/// `components::first_run`), never the device id: that goes in `device` only.
pub fn author() -> gendan_domain::Author {
    gendan_domain::Author {
        name: user_name(),
        device: device_id(),
    }
}
