//! Said under words the factory will read (a claim's settlement, why a PO closed short, why an
//! order was cancelled) when they name an amount of money: the order travels to every factory
//! sharing it and money belongs in the books, which none receives
//! (`gendan_domain::money_words`). A hint, not a refusal: a number by a currency is a strong
//! sign, never proof. Not on a factory's phone: its own words are its own business.

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::sync::settings::SyncSettings;

#[component]
pub fn MoneyWordsHint(
    /// The words as typed.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let office = !SyncSettings::is_factory_device();
    let shown = move || office && text.with(|t| gendan_domain::money_words::mentions_money(t));
    view! {
        <Show when=shown>
            <p class="warn-text small" role="status" data-testid="money-words">{move || i18n.t(K::FactoryReadsMoney)}</p>
        </Show>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::screen_tests::{mount, text_of, until};

    /// An amount in the words is said as it is typed; pieces and references are not.
    #[wasm_bindgen_test::wasm_bindgen_test]
    async fn an_amount_in_words_the_factory_reads_is_said() {
        let app = Owner::new();
        let text = app.with(|| RwSignal::new(String::from("12 cartons crushed")));
        let screen = mount(&app, move || view! { <MoneyWordsHint text=text/> });
        assert!(text_of("money-words").is_none());
        text.set("insurer paid USD 3,200".into());
        until(|| text_of("money-words").is_some()).await;
        assert!(text_of("money-words").is_some_and(|t| t.contains("the factory reads")));
        text.set("claim ref MSKU 1234567".into());
        until(|| text_of("money-words").is_none()).await;
        assert!(text_of("money-words").is_none());
        screen.leave();
    }
}
