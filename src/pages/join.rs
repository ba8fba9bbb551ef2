//! Joining a workspace from an invite link: store the relay and token, adopt the shared
//! workspace document, start syncing, and go to the orders.
//!
//! A link can come from anyone, so a device that already holds orders or syncs elsewhere asks
//! first, naming the relay its orders would go to: opening a link must never hand this device's
//! orders (and the money its office keeps with them) to a relay the user did not choose. A fresh
//! device, with nothing to send, joins at once.

use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::order::ctx::Failure;
use crate::state::store::use_store;
use crate::state::sync::use_sync;
use crate::storage::StoreError;
use crate::sync::settings::{Invite, SyncSettings};
use crate::{navigate, Route};

#[component]
pub fn JoinPage(query: String) -> impl IntoView {
    let i18n = use_i18n();
    match Invite::parse(&query) {
        Some(invite) => view! { <JoinInvite invite=invite/> }.into_any(),
        None => view! {
            <section class="page">
                <p class="card error" role="alert" data-testid="join-invalid">{move || i18n.t(K::InviteInvalid)}</p>
            </section>
        }
        .into_any(),
    }
}

/// Whether joining would send something this device already has to the invite's relay: it holds
/// orders, or it syncs with another relay or token.
fn must_ask(invite: &Invite, holds_orders: bool) -> bool {
    let elsewhere =
        SyncSettings::load().is_some_and(|s| s.relay != invite.relay || s.token != invite.token);
    holds_orders || elsewhere
}

#[component]
fn JoinInvite(invite: Invite) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let sync = use_sync();
    let error = RwSignal::new(None::<String>);
    let relay = invite.relay.clone();
    let holds_orders = store.repo().is_some_and(|r| !r.summaries().is_empty());
    let ask = must_ask(&invite, holds_orders);
    let join = submit_action(
        error,
        move |invite: Invite| async move {
            let lang = i18n.0.get_untracked();
            let Some(repo) = store.repo() else {
                return Ok(());
            };
            if let Some(ws) = &invite.workspace {
                repo.adopt_workspace(ws).await.map_err(|e| Failure {
                    text: match e {
                        StoreError::NotAWorkspace(_) => {
                            K::InviteNotWorkspace.text(lang).to_string()
                        }
                        other => fill(K::JoinFailed.text(lang), &[("error", &other.to_string())]),
                    },
                    ..Failure::default()
                })?;
            }
            if let Some(client) = sync.client.with_value(|c| c.clone()) {
                client.configure(Some(SyncSettings {
                    relay: invite.relay,
                    token: invite.token,
                    docs: invite.docs,
                }));
            }
            Ok(())
        },
        |()| navigate(&Route::Orders),
    );
    let started = RwSignal::new(!ask);
    if !ask {
        join.dispatch(invite.clone());
    }
    let confirm = move |_| {
        started.set(true);
        join.dispatch(invite.clone());
    };
    view! {
        <section class="page">
            <Show when=move || !started.get()>
                <div class="card" data-testid="join-ask">
                    <p>{let relay = relay.clone(); move || fill(i18n.t(K::JoinAsk), &[("relay", &relay)])}</p>
                    <div class="actions">
                        <button type="button" class="primary" data-testid="join-confirm" on:click=confirm.clone()>{move || i18n.t(K::JoinConfirm)}</button>
                        <button type="button" data-testid="join-cancel" on:click=move |_| navigate(&Route::Orders)>{move || i18n.t(K::Cancel)}</button>
                    </div>
                </div>
            </Show>
            <Show when=move || started.get() && error.get().is_none()>
                <p class="muted" data-testid="joining">{move || i18n.t(K::Joining)}</p>
            </Show>
            {move || error.get().map(|e| view! { <p class="card error" role="alert" data-testid="join-failed">{e}</p> })}
        </section>
    }
}
