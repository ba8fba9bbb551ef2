//! The first step: choose whether money goes too, then start, join by code, or start through the
//! relay; invitations from the relay and the last refusal show here too.

use leptos::prelude::*;

use super::flow::Flow;
use super::invites::RelayInvites;
use crate::components::code_entry::CodeEntry;
use crate::i18n::{use_i18n, K};

#[component]
pub fn StartCard(flow: Flow) -> impl IntoView {
    let i18n = use_i18n();
    let Flow {
        money,
        joining,
        busy,
        error,
        ..
    } = flow;
    let read_offer = Callback::new(move |text: String| flow.answer_offer(text, None));
    view! {
        <div class="card nearby-start">
            <label class="check">
                <input type="checkbox" data-testid="nearby-money" prop:checked=money
                    on:change=move |ev| money.set(event_target_checked(&ev))/>
                {move || i18n.t(K::NearbyMoney)}
            </label>
            <p class="muted small">{move || i18n.t(K::NearbyMoneyHelp)}</p>
            <div class="actions stack">
                <button type="button" class="primary" data-testid="nearby-start" disabled=move || busy.get() on:click=move |_| flow.start(false)>
                    {move || if busy.get() && !joining.get() { i18n.t(K::NearbyPreparing) } else { i18n.t(K::NearbyStart) }}
                </button>
                <button type="button" data-testid="nearby-join" on:click=move |_| { joining.set(true); error.set(None); }>
                    {move || i18n.t(K::NearbyJoin)}
                </button>
                <Show when=move || flow.relay_up()>
                    <button type="button" data-testid="nearby-relay-start" disabled=move || busy.get() on:click=move |_| flow.start(true)>
                        {move || i18n.t(K::NearbyViaRelay)}
                    </button>
                </Show>
            </div>
            <RelayInvites flow=flow/>
            <Show when=move || !joining.get() && error.with(|e| e.is_some())>
                <p class="error-text" role="alert" data-testid="nearby-error">{move || error.get().unwrap_or_default()}</p>
            </Show>
        </div>
        <Show when=move || joining.get()>
            <CodeEntry title=K::NearbyEnterOffer submit=K::NearbyNext on_code=read_offer error=error busy=busy/>
        </Show>
    }
}
