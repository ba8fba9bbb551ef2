//! The workspace's shipment allowances, typed as a percentage with one decimal ("5", "2.5"): how
//! far packing may go beyond the order before the app asks, and how far a shipment may fall
//! short and still count as the order shipped. Each is saved on its own, so two devices setting
//! one each keep both. Widening one loosens a rule (every order without its own allowance, and
//! its final lot, passes with fewer pieces): it needs the screen's reason and is logged.

use gendan_domain::rule_log::RuleEdit;
use gendan_domain::workspace::{Allowance, MAX_SHIP_ALLOWANCE_PERMILLE};
use leptos::prelude::*;

use super::RuleInput;
use crate::components::action_error::ActionError;
use crate::i18n::{use_i18n, K};
use crate::pages::parties::Ws;
use crate::pages::typed;

/// One allowance's input: shows the stored value, saves what was typed once it is read.
#[component]
fn AllowanceInput(
    input: RuleInput,
    which: Allowance,
    label: K,
    /// `rule-{testid}` on the input.
    testid: &'static str,
    error_testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let ws: Ws = input.ws;
    let stored = move || {
        ws.with_untracked(|w| {
            let (short, over) = w.ship_allowance();
            let p = match which {
                Allowance::Short => short,
                Allowance::Over => over,
            };
            typed::permille_as_percent(u32::try_from(p).unwrap_or(u32::MAX))
        })
    };
    let text = RwSignal::new(stored());
    let error = RwSignal::new(None::<String>);
    let save = move |_| {
        let read = typed::percent_permille(
            i18n,
            &text.get_untracked(),
            MAX_SHIP_ALLOWANCE_PERMILLE,
            K::ErrAllowanceRange,
        );
        if let Some(p) = typed::or_say(error, read) {
            error.set(None);
            // Refused (widened without a reason): the allowance as it still is.
            if input.change(i18n, RuleEdit::Allowance(which, p)) {
                text.set(typed::permille_as_percent(p));
            } else {
                text.set(stored());
            }
        }
    };
    let id = format!("rule-{testid}");
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <input id=id inputmode="decimal" class="num" data-testid=format!("rule-{testid}")
                prop:value=text on:input=move |ev| text.set(event_target_value(&ev)) on:change=save/>
            <ActionError error=error testid=error_testid/>
        </div>
    }
}

#[component]
pub fn ShipAllowances(input: RuleInput) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="checks" data-testid="ship-allowances">
            <legend>{move || i18n.t(K::ShipAllowances)}</legend>
            <p class="muted small">{move || i18n.t(K::ShipAllowancesHelp)}</p>
            <AllowanceInput input=input which=Allowance::Over label=K::OverShipAllowance
                testid="over-ship" error_testid="rule-over-ship-error"/>
            <AllowanceInput input=input which=Allowance::Short label=K::ShortShipAllowance
                testid="short-ship" error_testid="rule-short-ship-error"/>
        </fieldset>
    }
}
