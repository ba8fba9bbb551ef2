//! "Sync with a nearby device" (`#/nearby`): two devices on the same network exchange two codes
//! and sync directly over WebRTC, with no relay and no internet.
//!
//! The steps follow the connection's phase ([`crate::sync::peer::Phase`]): choose a role (and
//! whether money goes too), show this device's code, read the other's, then who and how far.
//! The connection lives in [`crate::state::peers::PeerState`], so leaving this screen does not end it.
//!
//! When both devices reach the relay, the codes can travel through it instead
//! ([`crate::sync::relay_signal`]): one device invites, every other device of the workspace sees
//! the invitation here and may accept; the data then flows device to device.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::code_entry::CodeEntry;
use crate::components::peer_code::PeerCode;
use crate::components::peer_status::PeerStatusPanel;
use crate::i18n::{use_i18n, I18n, K};
use crate::platform;
use crate::state::peers::use_peers;
use crate::state::peers::PeerState;
use crate::state::store::use_store;
use crate::state::sync::use_sync;
use crate::state::sync::SyncState;
use crate::sync::peer::{Ended, PeerError, PeerLink, Phase};
use crate::sync::relay_signal::Signal;
use crate::sync::signal::{CodeError, CodeKind};
use crate::sync::SyncStatus;

/// An invitation another device sent through the relay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RelayInvite {
    pub nonce: String,
    pub from: String,
    pub code: String,
}

/// A signal from the relay: an invitation is kept to be shown; an answer to this device's own
/// invitation completes the connection.
pub(crate) fn on_relay_signal(peers: PeerState, data: &[u8]) {
    match Signal::decode(data) {
        Some(Signal::Offer { nonce, from, code }) => {
            if peers.relay_offer.get_untracked().as_deref() == Some(nonce.as_str()) {
                return;
            }
            peers.relay_invites.update(|v| {
                if !v.iter().any(|i| i.nonce == nonce) {
                    v.push(RelayInvite { nonce, from, code });
                }
            });
        }
        Some(Signal::Answer { nonce, code }) => {
            if peers.relay_offer.get_untracked().as_deref() != Some(nonce.as_str()) {
                return;
            }
            peers.relay_offer.set(None);
            if let Some(link) = peers.link.with_value(|p| p.clone()) {
                spawn_local(async move {
                    if let Err(e) = link.accept_answer(&code).await {
                        crate::platform::warn(&format!("answer through the relay refused: {e}"));
                    }
                });
            }
        }
        None => {}
    }
}

fn send_signal(sync: SyncState, s: &Signal) -> bool {
    sync.client
        .with_value(|c| c.clone())
        .is_some_and(|c| c.send_signal(s.encode()))
}

/// A refused code or a failed start, in the user's language.
fn error_text(i18n: I18n, e: &PeerError) -> String {
    match e {
        PeerError::Code(CodeError::Empty) => i18n.t(K::CodeEmpty).into(),
        PeerError::Code(CodeError::NotACode) => i18n.t(K::CodeNotACode).into(),
        PeerError::Code(CodeError::NewerVersion) => i18n.t(K::CodeNewer).into(),
        PeerError::Code(CodeError::WrongKind {
            expected: CodeKind::Offer,
            ..
        }) => i18n.t(K::CodeWantOffer).into(),
        PeerError::Code(CodeError::WrongKind { .. }) => i18n.t(K::CodeWantAnswer).into(),
        PeerError::Code(CodeError::Damaged) => i18n.t(K::CodeDamaged).into(),
        PeerError::Code(CodeError::Sdp(_)) => i18n.t(K::CodeNoNetwork).into(),
        other => format!("{} {other}", i18n.t(K::NearbyFailed)),
    }
}

fn ended_text(i18n: I18n, e: &Ended) -> String {
    match e {
        Ended::Here => i18n.t(K::NearbyEndedHere).into(),
        Ended::There => i18n.t(K::NearbyEndedThere).into(),
        Ended::Unreachable => i18n.t(K::NearbyUnreachable).into(),
        Ended::Lost => i18n.t(K::NearbyLost).into(),
        Ended::Failed(why) => format!("{} {why}", i18n.t(K::NearbyFailed)),
    }
}

/// Keeps a new connection in the app state, replacing (and closing) any earlier one.
fn keep(peers: PeerState, link: PeerLink) {
    if let Some(old) = peers.link.with_value(|p| p.clone()) {
        old.close();
    }
    peers.status.set(Some(link.status()));
    peers.link.set_value(Some(link));
}

#[component]
pub fn NearbyPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let sync = use_sync();
    let peers = use_peers();
    let money = RwSignal::new(false);
    let joining = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let link = move || {
        peers.status.track();
        peers.link.with_value(|p| p.clone())
    };
    let phase = move || peers.status.get().map(|s| s.phase);

    // Starts as the offerer; through the relay, the offer code also goes out as an invitation.
    let start = move |via_relay: bool| {
        let Some(repo) = store.repo() else { return };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let res = PeerLink::offer(
                repo,
                money.get_untracked(),
                move |s| peers.status.set(Some(s)),
                move |ids| store.remote_changed(ids),
            )
            .await;
            busy.set(false);
            match res {
                Ok((link, code)) => {
                    keep(peers, link);
                    if via_relay {
                        let nonce = hex::encode(platform::random_bytes::<8>());
                        let signal = Signal::Offer {
                            nonce: nonce.clone(),
                            from: crate::sync::peer::local_name(),
                            code,
                        };
                        peers.relay_offer.set(Some(nonce));
                        if !send_signal(sync, &signal) {
                            peers.relay_offer.set(None);
                            error.set(Some(i18n.t(K::NearbyRelayDown).into()));
                        }
                    }
                }
                Err(e) => error.set(Some(error_text(i18n, &e))),
            }
        });
    };
    let relay_up = move || {
        matches!(
            sync.status.get(),
            SyncStatus::Syncing { .. } | SyncStatus::Synced { .. }
        )
    };
    // Answers an offer, typed or scanned, or (with its nonce) an invitation from the relay,
    // whose answer then goes back the same way.
    let answer_offer = move |text: String, relay_nonce: Option<String>| {
        let Some(repo) = store.repo() else { return };
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let res = PeerLink::answer(
                repo,
                money.get_untracked(),
                &text,
                move |s| peers.status.set(Some(s)),
                move |ids| store.remote_changed(ids),
            )
            .await;
            busy.set(false);
            match res {
                Ok((link, code)) => {
                    joining.set(false);
                    keep(peers, link);
                    if let Some(nonce) = relay_nonce {
                        if !send_signal(sync, &Signal::Answer { nonce, code }) {
                            error.set(Some(i18n.t(K::NearbyRelayDown).into()));
                        }
                    }
                }
                Err(e) => error.set(Some(error_text(i18n, &e))),
            }
        });
    };
    let accept = move |invite: RelayInvite| {
        peers
            .relay_invites
            .update(|v| v.retain(|i| i.nonce != invite.nonce));
        answer_offer(invite.code, Some(invite.nonce));
    };
    let read_offer = Callback::new(move |text: String| answer_offer(text, None));
    let read_answer = Callback::new(move |text: String| {
        let Some(link) = peers.link.with_value(|p| p.clone()) else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let res = link.accept_answer(&text).await;
            busy.set(false);
            if let Err(e) = res {
                error.set(Some(error_text(i18n, &e)));
            }
        });
    });
    let again = move |_| {
        peers.link.set_value(None);
        peers.status.set(None);
        joining.set(false);
        error.set(None);
    };

    let choose = move || {
        view! {
            <div class="card nearby-start">
                <label class="check">
                    <input type="checkbox" data-testid="nearby-money" prop:checked=money
                        on:change=move |ev| money.set(event_target_checked(&ev))/>
                    {move || i18n.t(K::NearbyMoney)}
                </label>
                <p class="muted small">{move || i18n.t(K::NearbyMoneyHelp)}</p>
                <div class="actions stack">
                    <button type="button" class="primary" data-testid="nearby-start" disabled=move || busy.get() on:click=move |_| start(false)>
                        {move || if busy.get() && !joining.get() { i18n.t(K::NearbyPreparing) } else { i18n.t(K::NearbyStart) }}
                    </button>
                    <button type="button" data-testid="nearby-join" on:click=move |_| { joining.set(true); error.set(None); }>
                        {move || i18n.t(K::NearbyJoin)}
                    </button>
                    <Show when=relay_up>
                        <button type="button" data-testid="nearby-relay-start" disabled=move || busy.get() on:click=move |_| start(true)>
                            {move || i18n.t(K::NearbyViaRelay)}
                        </button>
                    </Show>
                </div>
                <Show when=move || peers.relay_invites.with(|v| !v.is_empty())>
                    <h3>{move || i18n.t(K::NearbyInvites)}</h3>
                    <ul class="plain-list">
                        {move || peers.relay_invites.get().into_iter().map(|inv| {
                            let from = inv.from.clone();
                            view! {
                                <li class="party-row" data-testid="nearby-invite">
                                    <span class="grow"><strong>{from}</strong>" "{move || i18n.t(K::NearbyInviteFrom)}</span>
                                    <button type="button" class="primary" data-testid="nearby-accept" disabled=move || busy.get()
                                        on:click=move |_| accept(inv.clone())>{move || i18n.t(K::NearbyAccept)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </Show>
                <Show when=move || !joining.get() && error.with(|e| e.is_some())>
                    <p class="error-text" role="alert" data-testid="nearby-error">{move || error.get().unwrap_or_default()}</p>
                </Show>
            </div>
            <Show when=move || joining.get()>
                <CodeEntry title=K::NearbyEnterOffer submit=K::NearbyNext on_code=read_offer error=error busy=busy.into()/>
            </Show>
        }
    };

    view! {
        <section class="page nearby">
            <a class="back" href=crate::Route::More.href()>"‹ "{move || i18n.t(K::NavMore)}</a>
            <h2>{move || i18n.t(K::NearbyTitle)}</h2>
            <p class="muted">{move || i18n.t(K::NearbyHelp)}</p>
            {move || {
                let link = link();
                match (phase(), link) {
                    (None, _) | (_, None) => choose().into_any(),
                    (Some(Phase::WaitingForAnswer), Some(l)) => view! {
                        <Show when=move || peers.relay_offer.with(|o| o.is_some())>
                            <p class="notice" data-testid="nearby-relay-waiting">{move || i18n.t(K::NearbyRelayWaiting)}</p>
                        </Show>
                        <PeerCode code=l.code() title=K::NearbyYourOffer/>
                        <CodeEntry title=K::NearbyEnterAnswer submit=K::NearbyConnect on_code=read_answer error=error busy=busy.into()/>
                        <div class="actions">
                            <button type="button" data-testid="nearby-cancel" on:click=move |_| l.close()>{move || i18n.t(K::NearbyClose)}</button>
                        </div>
                    }.into_any(),
                    (Some(Phase::Connecting), Some(l)) if !l.is_offerer() => {
                        let joins = l.joins_other_workspace();
                        view! {
                            <PeerCode code=l.code() title=K::NearbyYourAnswer/>
                            <Show when=move || joins>
                                <p class="notice" data-testid="nearby-joins">{move || i18n.t(K::NearbyJoinsWorkspace)}</p>
                            </Show>
                            <PeerStatusPanel/>
                        }.into_any()
                    }
                    (Some(Phase::Closed(e)), _) => view! {
                        <div class="card">
                            <p role="status" data-testid="nearby-ended">{ended_text(i18n, &e)}</p>
                            <div class="actions">
                                <button type="button" class="primary" data-testid="nearby-again" on:click=again>{move || i18n.t(K::NearbyAgain)}</button>
                            </div>
                        </div>
                    }.into_any(),
                    (Some(_), Some(_)) => view! { <PeerStatusPanel/> }.into_any(),
                }
            }}
        </section>
    }
}
