//! Sharing one order with its factory: an invite that carries a token scoped to the order's
//! document only, so the factory's device receives the order and never its commercial document.

use leptos::prelude::*;

use crate::components::qr_code::QrCode;
use crate::i18n::{use_i18n, K};
use crate::state::sync::use_sync;
use crate::sync::settings::{default_relay, Invite};

#[component]
pub fn ShareOrder(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let token = RwSignal::new(String::new());
    let command =
        format!("gendan-relay token create --workspace <team> --docs {id} --label factory");
    let link = move || {
        let t = token.get().trim().to_string();
        if t.is_empty() {
            return None;
        }
        let relay = sync
            .client
            .with_value(|c| c.as_ref().and_then(|c| c.settings()))
            .map(|s| s.relay)
            .unwrap_or_else(default_relay);
        let origin = web_sys::window()?.location().origin().ok()?;
        Some(
            Invite {
                relay,
                token: t,
                workspace: None,
                docs: vec![id.clone()],
            }
            .link(&origin),
        )
    };
    let link = Signal::derive(link);
    view! {
        <details class="share card" data-testid="share-order">
            <summary>{move || i18n.t(K::ShareWithFactory)}</summary>
            <p class="muted">{move || i18n.t(K::ShareHelp)}</p>
            <pre class="wrap"><code>{command}</code></pre>
            <div class="field">
                <label for="share-token">{move || i18n.t(K::ScopedToken)}</label>
                <input id="share-token" data-testid="share-token" autocomplete="off" prop:value=token
                    on:input=move |ev| token.set(event_target_value(&ev))/>
            </div>
            <Show when=move || link.get().is_some()>
                <textarea readonly rows="3" data-testid="share-link" aria-label=move || i18n.t(K::ShareWithFactory)
                    prop:value=move || link.get().unwrap_or_default()></textarea>
                <QrCode text=link label=Signal::derive(move || i18n.t(K::ShareWithFactory).to_string())/>
            </Show>
        </details>
    }
}
