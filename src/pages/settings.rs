//! Settings: language, who is editing, this device, storage use, and records set aside as damaged.
//!
//! Each part is its own component under `settings/`; this page only lays them out in order.

mod invite;
mod profile;
mod quarantine;
mod relay;
mod storage;
mod team_key;
mod transfer;

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use invite::InviteLink;
use profile::Profile;
use quarantine::Quarantine;
use relay::RelayForm;
use storage::StorageUse;
use team_key::TeamKey;
use transfer::Transfer;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page settings">
            <h2>{move || i18n.t(K::NavSettings)}</h2>
            <Profile/>

            <StorageUse/>

            <Quarantine/>
            <RelayForm/>
            <InviteLink/>
            <TeamKey/>

            <Transfer/>
            <p class="muted">{move || format!("{} {}", i18n.t(K::Version), env!("CARGO_PKG_VERSION"))}</p>
        </section>
    }
}
