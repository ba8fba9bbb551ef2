//! The question asked before packing beyond the order plus its allowance, with the figures, and
//! the buttons that record it anyway or drop it.

use gendan_domain::order::Issue;
use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, K};

#[component]
pub fn OverAsk(
    /// The domain's refusal being asked about; `None` hides the question.
    ask: RwSignal<Option<Issue>>,
    /// Records it anyway.
    confirm: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || match ask.get() {
        Some(Issue::OverShipment {
            packed,
            allowed,
            ordered,
            colour,
        }) => fill(
            i18n.t(if colour.is_empty() {
                K::OverShipAsk
            } else {
                K::OverShipAskColour
            }),
            &[
                ("packed", &packed.to_string()),
                ("allowed", &allowed.to_string()),
                ("ordered", &ordered.to_string()),
                ("colour", &colour),
            ],
        ),
        _ => String::new(),
    };
    view! {
        <Show when=move || ask.with(Option::is_some)>
            <div class="card warn" role="alertdialog" data-testid="over-ask">
                <p data-testid="over-ask-text">{text}</p>
                <button type="button" class="warn" data-testid="over-confirm" on:click=move |_| confirm.run(())>
                    {move || i18n.t(K::PackAnyway)}</button>
                <button type="button" data-testid="over-cancel" on:click=move |_| ask.set(None)>
                    {move || i18n.t(K::Cancel)}</button>
            </div>
        </Show>
    }
}
