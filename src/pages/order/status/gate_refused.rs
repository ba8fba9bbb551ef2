//! What a refused move opens: the gates that refused it and a reason to override them with, which
//! moves the order on (the override is logged with who and when).

use gendan_domain::OrderStatus;
use leptos::prelude::*;

use crate::i18n::{status_key, use_i18n, K};

#[component]
pub fn GateRefused(
    /// The status the refused move was going to.
    next: OrderStatus,
    /// The refusing gates, named in the user's language.
    names: Vec<String>,
    reason: RwSignal<String>,
    busy: Signal<bool>,
    /// Moves the order, with the override reason.
    move_to: Callback<(OrderStatus, Option<String>)>,
    /// No refusing gate is the deposit or the balance, so the reason stays on the order, which
    /// the factory reads (a money gate's waiver takes it to the books, `money_waivers`): an
    /// amount in it is said.
    #[prop(optional)]
    factory_reads: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    // A factory's phone sets none of the team's rules aside: the office decides.
    let decides = (!crate::sync::settings::SyncSettings::is_factory_device()).then(|| view! {
        <div class="field">
            <label for="override-reason">{move || i18n.t(K::OverrideReason)}</label>
            <textarea id="override-reason" data-testid="override-reason" rows="2"
                prop:value=move || reason.get()
                on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
            {factory_reads.then(|| view! { <crate::components::money_words_hint::MoneyWordsHint text=reason/> })}
        </div>
        <button type="button" class="warn" data-testid="override" disabled=move || busy.get()
            on:click=move |_| move_to.run((next, Some(reason.get_untracked())))>
            {move || format!("{} → {}", i18n.t(K::OverrideAndMove), i18n.t(status_key(next)))}
        </button>
    });
    let office = decides.is_none().then(|| view! {
        <p class="notice" data-testid="office-decides">{move || i18n.t(K::FactoryOfficeDecides)}</p>
    });
    view! {
        <div class="override" data-testid="gate-refused">
            <p><strong>{move || i18n.t(K::GateRefusedTitle)}</strong></p>
            <ul>{names.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
            {decides}
            {office}
        </div>
    }
}

#[cfg(test)]
mod tests {
    //! The override reason says an amount only where it stays on the order: a money gate's
    //! waiver takes it to the books.
    use super::*;
    use crate::screen_tests::{mount, text_of, type_into, until};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn an_amount_in_an_override_the_factory_reads_is_said() {
        let app = Owner::new();
        let reason = app.with(|| RwSignal::new(String::new()));
        let screen = mount(&app, move || {
            view! {
                <GateRefused next=OrderStatus::InProduction names=vec!["PP sample".into()] reason=reason
                    busy=Signal::derive(|| false) move_to=Callback::new(|_| ()) factory_reads=true/>
            }
        });
        type_into("override-reason", "buyer pays USD 2,400 extra for the PP");
        until(|| text_of("money-words").is_some()).await;
        assert!(text_of("money-words").is_some_and(|t| t.contains("the factory reads")));
        type_into("override-reason", "12 cartons approved by mail");
        until(|| text_of("money-words").is_none()).await;
        assert!(text_of("money-words").is_none());
        screen.leave();

        // A money gate refused: the reason goes to the books, nothing is said.
        let app = Owner::new();
        let reason = app.with(|| RwSignal::new(String::new()));
        let screen = mount(&app, move || {
            view! {
                <GateRefused next=OrderStatus::InProduction names=vec!["Deposit".into()] reason=reason
                    busy=Signal::derive(|| false) move_to=Callback::new(|_| ())/>
            }
        });
        type_into("override-reason", "USD 2,400 arrives Monday");
        crate::platform::sleep_ms(60).await;
        assert!(text_of("money-words").is_none());
        screen.leave();
    }

    /// On a factory's phone no rule is set aside: the gates are named, the office is said to
    /// decide, and there is no reason to type nor button to move past them.
    #[wasm_bindgen_test]
    fn a_factorys_phone_sets_no_rule_aside() {
        let app = Owner::new();
        let reason = app.with(|| RwSignal::new(String::new()));
        let factory = crate::screen_tests::AsFactoryPhone::new();
        let screen = mount(&app, move || {
            view! {
                <GateRefused next=OrderStatus::InProduction names=vec!["PP sample".into()] reason=reason
                    busy=Signal::derive(|| false) move_to=Callback::new(|_| ()) factory_reads=true/>
            }
        });
        drop(factory);
        assert!(text_of("gate-refused").is_some_and(|t| t.contains("PP sample")));
        assert!(text_of("office-decides").is_some_and(|t| t.contains("office decides")));
        assert!(text_of("override").is_none());
        assert!(text_of("override-reason").is_none());
        screen.leave();
        // The office's device is offered the override.
        let screen = mount(&app, move || {
            view! {
                <GateRefused next=OrderStatus::InProduction names=vec!["PP sample".into()] reason=reason
                    busy=Signal::derive(|| false) move_to=Callback::new(|_| ())/>
            }
        });
        assert!(text_of("override").is_some());
        assert!(text_of("office-decides").is_none());
        screen.leave();
    }
}
