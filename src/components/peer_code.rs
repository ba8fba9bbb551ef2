//! This device's connection code for a nearby device: a QR code to scan and the same text to
//! copy (for a device without a camera, or to send through a chat app).

use leptos::prelude::*;

use crate::components::qr_code::QrCode;
use crate::i18n::{use_i18n, K};
use crate::platform::copy_text;

#[component]
pub fn PeerCode(code: String, title: K) -> impl IntoView {
    let i18n = use_i18n();
    let copy_action = Action::new_local(|t: &String| {
        let t = t.clone();
        async move { copy_text(&t).await }
    });
    let copied = move || copy_action.value().get() == Some(true);
    let text = Signal::derive({
        let code = code.clone();
        move || Some(code.clone())
    });
    let to_copy = code.clone();
    view! {
        <div class="peer-code card">
            <h3>{move || i18n.t(title)}</h3>
            <QrCode text=text label=Signal::derive(move || i18n.t(K::NearbyCode).to_string())/>
            <textarea readonly rows="4" class="code-text" data-testid="nearby-my-code"
                aria-label=move || i18n.t(K::NearbyCode) prop:value=code
                on:focus=move |ev| {
                    // One tap selects the whole code, ready to copy by hand.
                    let el: web_sys::HtmlTextAreaElement = event_target(&ev);
                    el.select();
                }></textarea>
            <div class="actions">
                <button type="button" data-testid="nearby-copy" on:click=move |_| { copy_action.dispatch(to_copy.clone()); }>
                    {move || if copied() { i18n.t(K::NearbyCopied) } else { i18n.t(K::NearbyCopy) }}
                </button>
            </div>
        </div>
    }
}
