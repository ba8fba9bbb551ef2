//! Joining a workspace from an invite link: store the relay and token, adopt the shared
//! workspace document, start syncing, and go to the orders.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{use_i18n, K};
use crate::state::store::use_store;
use crate::state::sync::use_sync;
use crate::sync::settings::{Invite, SyncSettings};
use crate::{navigate, Route};

#[component]
pub fn JoinPage(query: String) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let sync = use_sync();
    let invite = Invite::parse(&query);
    let valid = invite.is_some();
    if let Some(invite) = invite {
        // Background on opening the invite link: the settings screen shows the outcome.
        spawn_local(async move {
            let Some(repo) = store.repo() else { return };
            if let Some(ws) = &invite.workspace {
                if let Err(e) = repo.adopt_workspace(ws).await {
                    crate::platform::warn(&format!("could not adopt the workspace: {e}"));
                    return;
                }
            }
            if let Some(client) = sync.client.with_value(|c| c.clone()) {
                client.configure(Some(SyncSettings {
                    relay: invite.relay,
                    token: invite.token,
                    docs: invite.docs,
                }));
            }
            navigate(&Route::Orders);
        });
    }
    view! {
        <section class="page">
            {move || if valid {
                view! { <p class="muted" data-testid="joining">{i18n.t(K::Joining)}</p> }.into_any()
            } else {
                view! { <p class="card error" role="alert" data-testid="join-invalid">{i18n.t(K::InviteInvalid)}</p> }.into_any()
            }}
        </section>
    }
}
