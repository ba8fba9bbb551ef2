//! Joining a workspace from an invite link: store the relay and token, adopt the shared
//! workspace document, start syncing, and go to the orders.
//!
//! A link can come from anyone, so a device that already holds orders or syncs elsewhere asks
//! first, naming the relay its orders would go to: opening a link must never hand this device's
//! orders (and the money its office keeps with them) to a relay the user did not choose. A fresh
//! device, with nothing to send, joins at once. A factory's phone holding the orders one team
//! shared refuses another team's link outright: it works for one team at a time. An office's
//! device refuses a factory's link: it would become a factory's phone.

use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::order::ctx::Failure;
use crate::state::store::use_store;
use crate::state::sync::use_sync;
use crate::storage::StoreError;
use crate::sync::settings::{Invite, SyncSettings};
use crate::sync::token_scope;
use crate::{navigate, Route};
use leptos::task::spawn_local;

#[component]
pub fn JoinPage(query: String) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let holds_orders = store.repo().is_some_and(|r| !r.summaries().is_empty());
    let own_workspace = store.repo().map(|r| r.workspace_id());
    match Invite::parse(&query) {
        Some(invite) if crosses_teams(&invite, SyncSettings::factory_team().as_deref(), holds_orders) => {
            view! {
                <section class="page">
                    <p class="card error" role="alert" data-testid="join-other-team">{move || i18n.t(K::JoinOtherTeam)}</p>
                </section>
            }
            .into_any()
        }
        Some(invite) if office_as_factory(&invite, SyncSettings::is_factory_device(), own_workspace.as_deref()) => {
            view! {
                <section class="page">
                    <p class="card error" role="alert" data-testid="join-office-as-factory">{move || i18n.t(K::JoinOfficeAsFactory)}</p>
                </section>
            }
            .into_any()
        }
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

/// Whether the relay says the newer link reaches every order the phone's current link still
/// reaches (none when that one was stopped): then nothing the phone follows is dropped, and it
/// is not asked. A link from the chat's history reaching fewer, or a relay not reached, asks.
async fn newer_link_covers(invite: &Invite, current: &SyncSettings) -> bool {
    let new = SyncSettings {
        relay: invite.relay.clone(),
        token: invite.token.clone(),
        ..SyncSettings::default()
    };
    let ask = async {
        let now = token_scope::reaches_on_a_relay(current).await?;
        let new = token_scope::reaches_on_a_relay(&new).await?;
        Some(!new.is_empty() && now.iter().all(|d| new.contains(d)))
    };
    // A relay that does not answer within the bound leaves the question to the person.
    crate::platform::within(10_000, ask)
        .await
        .flatten()
        .unwrap_or(false)
}

/// Whether `invite` is a factory's link naming `factory_team`, this phone's team, for the relay
/// its `settings` sync with: the office made it to replace the one before, and the phone takes
/// it without asking when it drops nothing the phone follows ([`newer_link_covers`]).
fn newer_link_of_own_team(
    invite: &Invite,
    settings: Option<&SyncSettings>,
    factory_team: Option<&str>,
) -> bool {
    !invite.docs.is_empty()
        && factory_team.is_some_and(|t| invite.team.as_deref() == Some(t))
        && settings.is_some_and(|s| s.is_factory() && s.relay == invite.relay)
}

/// Whether the invite is another team's while this device is a factory's phone holding the
/// orders its team shared: joining would hand them over (a workspace joined folds them in) or
/// leave them beside the other team's, met by that team's devices nearby. A phone works for one
/// team at a time; a link that names no team (from before) cannot be told apart.
fn crosses_teams(invite: &Invite, factory_team: Option<&str>, holds_orders: bool) -> bool {
    let Some(team) = factory_team else {
        return false;
    };
    holds_orders
        && invite
            .workspace
            .as_ref()
            .or(invite.team.as_ref())
            .is_some_and(|other| other != team)
}

/// Whether the link is a factory's (scoped to some orders, naming its team) and this device is
/// one of that team's own: it holds the team's workspace, which a factory's phone holds only
/// if an older build had it join its office nearby (and then it is a factory's by its role,
/// `factory_device`). Taking the link would make the
/// device a factory's phone, whose notes and waivers stay on the orders the factory reads (an
/// office checking the link it just made for the factory would start writing its words there),
/// whether or not it ever synced. A link from before `team=` cannot be told apart.
fn office_as_factory(invite: &Invite, factory_device: bool, own_workspace: Option<&str>) -> bool {
    !invite.docs.is_empty()
        && !factory_device
        && own_workspace.is_some_and(|w| invite.team.as_deref() == Some(w))
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
            if invite.docs.is_empty() {
                // A team invite: the device is the team's, whatever it was before.
                SyncSettings::joined_team();
            }
            if let Some(client) = sync.client.with_value(|c| c.clone()) {
                client.configure(Some(SyncSettings {
                    relay: invite.relay,
                    token: invite.token,
                    docs: invite.docs,
                    team: invite.team,
                }));
            }
            Ok(())
        },
        |()| navigate(&Route::Orders),
    );
    let started = RwSignal::new(!ask);
    let current = SyncSettings::load();
    let newer = ask
        && newer_link_of_own_team(
            &invite,
            current.as_ref(),
            SyncSettings::factory_team().as_deref(),
        );
    // Asked only once the relay said whether the newer link drops anything.
    let checking = RwSignal::new(newer);
    if !ask {
        join.dispatch(invite.clone());
    } else if let (true, Some(current)) = (newer, current) {
        let invite = invite.clone();
        spawn_local(async move {
            let covers = newer_link_covers(&invite, &current).await;
            checking.set(false);
            if covers {
                started.set(true);
                join.dispatch(invite);
            }
        });
    }
    let confirm = move |_| {
        started.set(true);
        join.dispatch(invite.clone());
    };
    view! {
        <section class="page">
            <Show when=move || !started.get() && !checking.get()>
                <div class="card" data-testid="join-ask">
                    <p>{let relay = relay.clone(); move || fill(i18n.t(K::JoinAsk), &[("relay", &relay)])}</p>
                    <div class="actions">
                        <button type="button" class="primary" data-testid="join-confirm" on:click=confirm.clone()>{move || i18n.t(K::JoinConfirm)}</button>
                        <button type="button" data-testid="join-cancel" on:click=move |_| navigate(&Route::Orders)>{move || i18n.t(K::Cancel)}</button>
                    </div>
                </div>
            </Show>
            <Show when=move || (started.get() || checking.get()) && error.get().is_none()>
                <p class="muted" data-testid="joining">{move || i18n.t(K::Joining)}</p>
            </Show>
            {move || error.get().map(|e| view! { <p class="card error" role="alert" data-testid="join-failed">{e}</p> })}
        </section>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;

    fn invite(workspace: Option<&str>, team: Option<&str>) -> Invite {
        Invite {
            relay: "ws://h/sync".into(),
            token: "t2".into(),
            workspace: workspace.map(str::to_string),
            docs: if workspace.is_some() {
                vec![]
            } else {
                vec!["d2".into()]
            },
            team: team.map(str::to_string),
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_factorys_phone_holding_one_teams_orders_refuses_another_teams_link() {
        let f = Some("A");
        assert!(crosses_teams(&invite(None, Some("B")), f, true));
        assert!(
            crosses_teams(&invite(Some("B"), None), f, true),
            "joining B's workspace"
        );
        assert!(
            !crosses_teams(&invite(None, Some("A")), f, true),
            "its own team"
        );
        assert!(!crosses_teams(&invite(Some("A"), None), f, true));
        assert!(
            !crosses_teams(&invite(None, None), f, true),
            "a link from before"
        );
        assert!(
            !crosses_teams(&invite(None, Some("B")), f, false),
            "nothing held"
        );
        // A team device, or a factory's phone whose team is not known yet.
        assert!(!crosses_teams(&invite(None, Some("B")), None, true));
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn an_offices_device_refuses_a_factorys_link() {
        let factory_link = invite(None, Some("A"));
        assert!(
            office_as_factory(&factory_link, false, Some("A")),
            "an office device that never synced, or stopped"
        );
        assert!(
            !office_as_factory(&factory_link, false, Some("F")),
            "a device of its own (the factory's phone to be, or one whose token was typed again)"
        );
        assert!(
            !office_as_factory(&factory_link, true, Some("A")),
            "a factory's phone that met its office nearby takes its team's next link, even after it stopped syncing"
        );
        assert!(
            !office_as_factory(&invite(Some("A"), None), false, Some("A")),
            "a team link is not a factory's"
        );
        assert!(
            !office_as_factory(&invite(None, None), false, Some("A")),
            "a link from before names no team"
        );
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_factorys_phone_takes_a_newer_link_of_its_team_without_asking() {
        let link = invite(None, Some("A"));
        let syncing = SyncSettings {
            relay: "ws://h/sync".into(),
            token: "t1".into(),
            docs: vec!["d1".into()],
            team: Some("A".into()),
        };
        assert!(newer_link_of_own_team(&link, Some(&syncing), Some("A")));
        assert!(
            !newer_link_of_own_team(&invite(None, Some("B")), Some(&syncing), Some("A")),
            "another team's"
        );
        assert!(
            !newer_link_of_own_team(&invite(Some("A"), None), Some(&syncing), Some("A")),
            "a team invite"
        );
        let other_relay = SyncSettings {
            relay: "ws://elsewhere/sync".into(),
            ..syncing.clone()
        };
        assert!(
            !newer_link_of_own_team(&link, Some(&other_relay), Some("A")),
            "another relay"
        );
        let office = SyncSettings {
            docs: vec![],
            team: None,
            ..syncing.clone()
        };
        assert!(
            !newer_link_of_own_team(&link, Some(&office), None),
            "an office's device"
        );
        assert!(
            !newer_link_of_own_team(&link, None, Some("A")),
            "not syncing"
        );
        assert!(
            !newer_link_of_own_team(&invite(None, None), Some(&syncing), Some("A")),
            "a link from before"
        );
    }
}
