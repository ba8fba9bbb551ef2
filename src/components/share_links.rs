//! The links an office device made on the relay for one order (`sync::shared_links`): make one
//! for the order's factory, see who holds one, stop one. A link made for a factory that no
//! longer makes the order is said so and offered to be stopped: its phone would otherwise keep
//! receiving the order (the new factory's name, dates and notices). A link's text is shown
//! once, when it is made: the relay keeps only its hash.

use leptos::prelude::*;

use crate::components::qr_code::QrCode;
use crate::i18n::{count, fill, use_i18n, Lang, K, ORDERS};
use crate::listing::{fmt_day, PartyNames};
use crate::pages::parties::workspace_signal;
use crate::state::store::use_store;
use crate::state::sync::use_sync;
use crate::sync::link_proof;
use crate::sync::settings::{Invite, SyncSettings};
use crate::sync::shared_links::{self, Link, LinkError};

fn error_text(lang: Lang, e: &LinkError) -> String {
    match e {
        LinkError::NotOffice => K::ShareLinksNotOffice.text(lang).to_string(),
        LinkError::OldRelay => K::ShareLinksOldRelay.text(lang).to_string(),
        LinkError::Full => K::ShareLinksFull.text(lang).to_string(),
        LinkError::TooMany => K::ShareLinksTooMany.text(lang).to_string(),
        LinkError::Unreached(why) => fill(K::ShareLinksUnreached.text(lang), &[("error", why)]),
        LinkError::Unreadable(status) => fill(
            K::ShareLinksUnreadable.text(lang),
            &[(
                "status",
                &status
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "200".into()),
            )],
        ),
        LinkError::BadAddress => K::ShareLinksBadAddress.text(lang).to_string(),
    }
}

/// What a link is made for.
#[derive(Debug, Clone)]
enum Make {
    /// The order's factory (this order and its other open ones).
    Fresh(Option<String>),
    /// A factory this order left, for the open orders it still makes here.
    Again(String),
}

/// The links the relay holds for one order, read with this device's settings: shared by the
/// card's summary (how many to stop) and the card itself.
#[derive(Clone, Copy)]
pub struct OrderLinks {
    /// The team's settings here; `None` on a factory's phone or without sync.
    settings: Memo<Option<SyncSettings>>,
    /// Bumped to read the list again.
    refresh: RwSignal<u32>,
    list: LocalResource<Option<Result<Vec<Link>, LinkError>>>,
}

impl OrderLinks {
    /// Reads the links of order `id` (again when the settings change, or after a change here).
    pub fn of(id: String) -> OrderLinks {
        let sync = use_sync();
        // A factory's phone makes no links (the relay would refuse its token anyway).
        let factory_device = SyncSettings::is_factory_device();
        // Read again when the status moves (sync set up or changed here), noticed only when the
        // settings themselves changed.
        let settings = Memo::new(move |_| {
            sync.status.track();
            sync.client
                .with_value(|c| c.as_ref().and_then(|c| c.settings()))
                .filter(|s| !s.is_factory() && !factory_device)
        });
        let refresh = RwSignal::new(0u32);
        let list = LocalResource::new(move || {
            refresh.track();
            let order = id.clone();
            let settings = settings.get();
            async move {
                // Any of the settings' relays answers (they serve one database); a link carries
                // them all.
                let s = settings?;
                Some(shared_links::list(&s, &order).await)
            }
        });
        OrderLinks {
            settings,
            refresh,
            list,
        }
    }

    fn listed(&self) -> Vec<Link> {
        self.list
            .get()
            .flatten()
            .and_then(Result::ok)
            .unwrap_or_default()
    }

    /// How many links reach the order for a factory other than `factory`, the one it names.
    pub fn stale(&self, factory: Option<&str>) -> usize {
        self.listed()
            .iter()
            .filter(|l| l.made_for_other(factory))
            .count()
    }

    /// After a link was made or stopped with `s`: the office's list of links, which a factory's
    /// phone proves nearby, follows, and the order's list is read again.
    async fn changed(&self, repo: Option<crate::storage::Repo>, s: &SyncSettings) {
        if let Some(repo) = repo {
            link_proof::refresh_on_a_relay(&repo, s).await;
        }
        self.refresh.update(|n| *n += 1);
    }
}

#[component]
pub fn ShareLinks(
    id: String,
    /// The party the order names as its factory now.
    #[prop(into)]
    factory: Signal<Option<String>>,
    /// The team's workspace, named in the link (the phone meets only its devices nearby).
    team: Option<String>,
    links: OrderLinks,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let ws = workspace_signal();
    let names = Memo::new(move |_| ws.with(|w| PartyNames::of(w, i18n.0.get())));
    let factory_device = SyncSettings::is_factory_device();
    let settings = links.settings;
    let settings_now = move || settings.get_untracked();
    let settings = move || settings.get();
    let error = RwSignal::new(None::<LinkError>);
    // A factory whose link was stopped because this order left it, while it still makes others.
    let again = RwSignal::new(None::<String>);
    // The link just made: (its id, the link to send).
    let made = RwSignal::new(None::<(String, String)>);
    let order = id.clone();
    // Made for the order's factory (`Fresh`), or again for a factory whose link was stopped
    // when an order left it (`Again`): the orders it still makes here.
    let make = Action::new_local(move |ask: &Make| {
        let team = team.clone();
        let (factory, orders) = match ask {
            Make::Fresh(factory) => (
                factory.clone(),
                store
                    .repo()
                    .map(|r| shared_links::orders_for(&order, factory.as_deref(), &r.summaries()))
                    .unwrap_or_else(|| vec![order.clone()]),
            ),
            Make::Again(factory) => (
                Some(factory.clone()),
                store
                    .repo()
                    .map(|r| shared_links::factory_orders(factory, &r.summaries()))
                    .unwrap_or_default(),
            ),
        };
        if matches!(ask, Make::Again(_)) {
            again.set(None);
        }
        let settings = settings_now();
        async move {
            let Some(s) = settings.filter(|_| !orders.is_empty()) else {
                return;
            };
            match shared_links::make(&s, &orders, factory.as_deref()).await {
                Ok((link_id, token)) => {
                    let origin = web_sys::window()
                        .and_then(|w| w.location().origin().ok())
                        .unwrap_or_default();
                    let link = Invite {
                        relay: s.relay.clone(),
                        token,
                        workspace: None,
                        docs: orders,
                        team,
                    }
                    .link(&origin);
                    error.set(None);
                    made.set(Some((link_id, link)));
                }
                Err(e) => error.set(Some(e)),
            }
            links.changed(store.repo(), &s).await;
        }
    });
    let stop = Action::new_local(move |(link_id, left): &(String, Option<String>)| {
        let (link_id, left) = (link_id.clone(), left.clone());
        let settings = settings_now();
        async move {
            let Some(s) = settings else { return };
            match shared_links::stop(&s, &link_id).await {
                Ok(()) => {
                    error.set(None);
                    // The factory the order left loses its other orders' link too: offer a new one.
                    again.set(left.filter(|f| {
                        store.repo().is_some_and(|r| {
                            !shared_links::factory_orders(f, &r.summaries()).is_empty()
                        })
                    }));
                    if made.with_untracked(|m| m.as_ref().is_some_and(|(id, _)| *id == link_id)) {
                        made.set(None);
                    }
                }
                Err(e) => error.set(Some(e)),
            }
            links.changed(store.repo(), &s).await;
        }
    });
    let busy = move || make.pending().get() || stop.pending().get();
    let listed = move || links.listed();
    let list_error = move || links.list.get().flatten().and_then(Result::err);
    let who = move |link: &Link| match (&link.factory, &link.label) {
        (Some(f), _) => names.with(|n| n.party(f)),
        (None, Some(l)) if !l.starts_with("factory:") => l.clone(),
        _ => i18n.t(K::ShareLinkNoFactory).to_string(),
    };
    let stale = move |link: &Link| factory.with(|f| link.made_for_other(f.as_deref()));
    let make_label = move || match factory.get() {
        Some(f) => fill(
            i18n.t(K::ShareMakeLinkFor),
            &[("factory", &names.with(|n| n.party(&f)))],
        ),
        None => i18n.t(K::ShareMakeLink).to_string(),
    };
    let made_link = Signal::derive(move || made.get().map(|(_, link)| link));
    view! {
        <Show when=move || settings().is_some()
            fallback=move || (!factory_device).then(|| view! {
                <p class="muted" data-testid="share-links-off">{move || i18n.t(K::ShareLinksNeedRelay)}</p>
            })>
            <div class="share-links" data-testid="share-links">
                <For each=listed key=|l: &Link| l.id.clone() let:link>
                    {
                        let link_id = link.id.clone();
                        let made_on = link.made.map(|d| d.to_string()).unwrap_or_default();
                        let row = link.clone();
                        view! {
                            <div class="share-link" class:warn={let row = row.clone(); move || stale(&row)} data-testid="share-link-row">
                                <span>
                                    {let link = link.clone(); move || who(&link)}
                                    " · "
                                    {let n = link.orders; move || count(i18n.0.get(), ORDERS, n)}
                                    " · "
                                    {let made_on = made_on.clone(); move || fmt_day(i18n.0.get(), &made_on)}
                                </span>
                                <button type="button" data-testid="share-link-stop" disabled=busy
                                    on:click={
                                        let row = row.clone();
                                        move |_| {
                                            // Its factory's other orders lose the link too.
                                            let left = (stale(&row) && row.orders > 1)
                                                .then(|| row.factory.clone())
                                                .flatten();
                                            stop.dispatch_local((link_id.clone(), left));
                                        }
                                    }>
                                    {move || i18n.t(K::ShareLinkStop)}
                                </button>
                                <Show when={let link = link.clone(); move || stale(&link)}>
                                    <p class="warn-text small" data-testid="share-link-stale">{
                                        let link = link.clone();
                                        move || {
                                            let orders = count(i18n.0.get(), ORDERS, link.orders);
                                            fill(
                                                i18n.t(K::ShareLinkOtherFactory),
                                                &[("factory", &who(&link)), ("orders", &orders)],
                                            )
                                        }
                                    }</p>
                                </Show>
                            </div>
                        }
                    }
                </For>
                <Show when=move || links.list.get().flatten().is_some_and(|l| l.is_ok_and(|l| l.is_empty()))>
                    <p class="muted small" data-testid="share-links-none">{move || i18n.t(K::ShareLinksNone)}</p>
                </Show>
                <button type="button" class="primary" data-testid="share-make-link" disabled=busy
                    on:click=move |_| { make.dispatch_local(Make::Fresh(factory.get_untracked())); }>
                    {make_label}
                </button>
                {move || again.get().map(|f| {
                    let label = fill(i18n.t(K::ShareRemakeFor), &[("factory", &names.with(|n| n.party(&f)))]);
                    view! {
                        <button type="button" data-testid="share-remake-link" disabled=busy
                            on:click=move |_| { make.dispatch_local(Make::Again(f.clone())); }>
                            {label}
                        </button>
                    }
                })}
                {move || error.get().or_else(list_error).map(|e| view! {
                    <p class="error-text" role="alert" data-testid="share-links-error">{move || error_text(i18n.0.get(), &e)}</p>
                })}
                <Show when=move || made.with(Option::is_some)>
                    <p class="muted small">{move || i18n.t(K::ShareLinkOnce)}</p>
                    <textarea readonly rows="3" data-testid="share-made-link" aria-label=move || i18n.t(K::ShareWithFactory)
                        prop:value=move || made_link.get().unwrap_or_default()></textarea>
                    <QrCode text=made_link label=Signal::derive(move || i18n.t(K::ShareWithFactory).to_string())/>
                </Show>
            </div>
        </Show>
    }
}
