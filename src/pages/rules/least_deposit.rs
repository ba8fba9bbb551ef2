//! The team's least deposit before production, as a percentage of the order's value with up to
//! two decimals ("30", "0" for none): terms typed on an order's money screen that ask less do
//! not release production without a logged reason (`Gates::min_deposit_bp`). Lowering it is
//! loosening a rule: it needs the reason typed above the rules, and is logged.

use gendan_domain::rule_log::RuleEdit;
use leptos::prelude::*;

use super::RuleInput;
use crate::components::action_error::ActionError;
use crate::i18n::{use_i18n, K};
use crate::pages::typed;

#[component]
pub fn LeastDeposit(input: RuleInput) -> impl IntoView {
    let i18n = use_i18n();
    let ws = input.ws;
    let now = move || ws.with_untracked(|w| typed::bp_as_percent(w.settings.gates.min_deposit_bp));
    let text = RwSignal::new(now());
    let error = RwSignal::new(None::<String>);
    let save = move |_| match typed::percent_bp(i18n, &text.get_untracked()) {
        Ok(bp) => {
            error.set(None);
            // Refused (lowered without a reason): the field shows the rule as it still is.
            let shown = if input.change(i18n, RuleEdit::LeastDeposit(bp)) {
                typed::bp_as_percent(bp)
            } else {
                now()
            };
            text.set(shown);
        }
        // What was typed stays, to be corrected.
        Err(e) => error.set(Some(e)),
    };
    view! {
        <div class="field">
            <label for="rule-least-deposit">{move || i18n.t(K::RuleLeastDeposit)}</label>
            <input id="rule-least-deposit" inputmode="decimal" class="num"
                data-testid="rule-least-deposit" prop:value=text
                on:input=move |ev| text.set(event_target_value(&ev)) on:change=save/>
        </div>
        <ActionError error=error testid="rule-least-deposit-error"/>
    }
}
