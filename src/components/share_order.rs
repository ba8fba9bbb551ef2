//! Sharing orders with their factory: an invite that carries a token scoped to order documents
//! only, so the factory's device receives them and never their commercial documents.
//! An office device makes, lists and stops such links on the relay itself
//! (`components::share_links`); a token made by hand can still be pasted, for a relay that
//! predates that. The relay is asked what a pasted token reaches (`sync::token_scope`): the invite's own list
//! binds only this app, so a token that reaches more (the office's own, or one for several
//! orders) makes no link. The link names this team's workspace, which the factory's phone does
//! not join: it meets only this team's devices nearby (`sync::peer_meeting`).

use leptos::prelude::*;

use crate::components::qr_code::QrCode;
use crate::components::share_links::{OrderLinks, ShareLinks};
use crate::i18n::{count, fill, use_i18n, K, STALE_LINKS};
use crate::state::store::use_store;
use crate::state::sync::use_sync;
use crate::sync::settings::{default_relay, Invite, SyncSettings};
use crate::sync::token_scope::{self, Verdict};

#[component]
pub fn ShareOrder(
    id: String,
    /// The party the order names as its factory now.
    #[prop(into)]
    factory: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let store = use_store();
    let token = RwSignal::new(String::new());
    let links = OrderLinks::of(id.clone());
    let stale = Memo::new(move |_| factory.with(|f| links.stale(f.as_deref())));
    let command =
        format!("gendan-relay token create --workspace <team> --docs {id} --label factory");
    let relay = move || {
        sync.client
            .with_value(|c| c.as_ref().and_then(|c| c.settings()))
            .map(|s| s.relay)
            .unwrap_or_else(default_relay)
    };
    let links_for = id.clone();
    let order = id.clone();
    let verdict = LocalResource::new(move || {
        let t = token.get().trim().to_string();
        let order = order.clone();
        async move {
            if t.is_empty() {
                return None;
            }
            // Any of the relays answers for all (they serve one database); the link names all.
            let pasted = SyncSettings {
                relay: relay(),
                token: t.clone(),
                ..SyncSettings::default()
            };
            let verdict = token_scope::check_on_a_relay(&pasted, &order).await;
            if verdict == Verdict::Fits {
                // The office's list of links now holds this one too: a factory's phone proves
                // it nearby (`link_proof`).
                let office = sync
                    .client
                    .with_value(|c| c.as_ref().and_then(|c| c.settings()));
                if let (Some(repo), Some(s)) = (store.repo(), office.filter(|s| !s.is_factory())) {
                    crate::sync::link_proof::refresh_on_a_relay(&repo, &s).await;
                }
            }
            Some((verdict, t))
        }
    });
    // What the relay said of the token as it is typed now; `None` while it is being asked (or
    // when the answer is for a token typed before).
    let current = move || {
        let typed = token.get().trim().to_string();
        verdict
            .get()
            .flatten()
            .filter(|(_, checked)| *checked == typed)
            .map(|(v, _)| (v, typed))
    };
    // Only for the token the relay vouched for.
    let link = move || {
        let Some((Verdict::Fits, t)) = current() else {
            return None;
        };
        let origin = web_sys::window()?.location().origin().ok()?;
        Some(
            Invite {
                relay: relay(),
                token: t,
                workspace: None,
                docs: vec![id.clone()],
                // The factory's phone meets this team's devices only, nearby.
                team: store.repo().map(|r| r.workspace_id()),
            }
            .link(&origin),
        )
    };
    let refusal = move || {
        let lang = i18n.0.get();
        if token.with(|t| t.trim().is_empty()) {
            return None;
        }
        let text = match current() {
            None => K::ShareChecking.text(lang).to_string(),
            Some((Verdict::Fits, _)) => return None,
            Some((Verdict::Whole, _)) => K::ShareTokenWhole.text(lang).to_string(),
            Some((Verdict::Others, _)) => K::ShareTokenOthers.text(lang).to_string(),
            Some((Verdict::Unknown, _)) => K::ShareTokenUnknown.text(lang).to_string(),
            Some((Verdict::Unchecked(e), _)) => {
                fill(K::ShareTokenUnchecked.text(lang), &[("error", &e)])
            }
        };
        Some(text)
    };
    let link = Signal::derive(link);
    view! {
        <details class="share card" data-testid="share-order">
            <summary>
                {move || i18n.t(K::ShareWithFactory)}
                // Seen without opening the card: a link still reaching the order for a factory
                // that no longer makes it.
                <Show when=move || stale.get() != 0>
                    <span class="warn-text small" data-testid="share-stale-badge">
                        {move || format!(" · {}", count(i18n.0.get(), STALE_LINKS, stale.get()))}
                    </span>
                </Show>
            </summary>
            <p class="muted">{move || i18n.t(K::ShareHelp)}</p>
            <ShareLinks id=links_for factory=factory links=links team=store.repo().map(|r| r.workspace_id())/>
            <p class="muted small">{move || i18n.t(K::ShareByHand)}</p>
            <pre class="wrap"><code>{command}</code></pre>
            <div class="field">
                <label for="share-token">{move || i18n.t(K::ScopedToken)}</label>
                <input id="share-token" data-testid="share-token" autocomplete="off" prop:value=token
                    on:input=move |ev| token.set(event_target_value(&ev))/>
            </div>
            {move || refusal().map(|text| view! {
                <p class="error-text" role="status" data-testid="share-refused">{text}</p>
            })}
            <Show when=move || link.get().is_some()>
                <textarea readonly rows="3" data-testid="share-link" aria-label=move || i18n.t(K::ShareWithFactory)
                    prop:value=move || link.get().unwrap_or_default()></textarea>
                <QrCode text=link label=Signal::derive(move || i18n.t(K::ShareWithFactory).to_string())/>
            </Show>
        </details>
    }
}
