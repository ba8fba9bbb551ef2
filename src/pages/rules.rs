//! The workspace's rules: which gates hold an order back (deposit — at least the team's least
//! deposit, `rules/least_deposit.rs` — and samples before production,
//! balance and final inspection before shipping, payments to suppliers only against approved
//! requests), which sample kinds must be approved, and how
//! many days ahead a milestone counts as at risk, the shipment allowances
//! (`rules/allowances.rs`), and which export documents every shipment needs
//! (`rules/ship_docs.rs`), and the day's goals the daily report counts (`rules/day_goals.rs`, a
//! measure rather than a gate: changed without a reason). A change that loosens a gate, a required sample or document, the least
//! deposit, a shipment allowance or the at-risk window needs a reason; every change is logged
//! with who and when (`rules/rule_log.rs`, `gendan_domain::rule_log`). Companies differ (a letter of credit replaces the deposit, a buyer
//! waives the size set), so these are the team's choice, synced with the workspace like
//! everything else in it.

mod allowances;
mod day_goals;
mod least_deposit;
mod rule_log;
pub(crate) use rule_log::said as rule_words;
mod ship_docs;

use gendan_domain::rule_log::{Change, GateRule, RuleEdit};
use gendan_domain::samples::SampleKind;
use leptos::prelude::*;

use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{sample_kind_text, use_i18n, K};
use crate::pages::order::ctx::who;
use crate::pages::parties::{edit_ws, Ws};
use crate::pages::typed;
use crate::platform;

fn gate_label(g: GateRule) -> K {
    match g {
        GateRule::Deposit => K::RuleDeposit,
        GateRule::Samples => K::RuleSamples,
        GateRule::Balance => K::RuleBalance,
        GateRule::FinalInspection => K::RuleFinalInspection,
        GateRule::PaymentApproval => K::RulePaymentApproval,
        GateRule::BuyerConfirmed => K::RuleBuyerConfirmed,
    }
}

/// The reason typed for the next rule change and the rules' error line, shared by every rule on
/// the screen.
#[derive(Clone, Copy)]
pub(crate) struct RuleInput {
    ws: Ws,
    reason: RwSignal<String>,
    error: RwSignal<Option<String>>,
}

impl RuleInput {
    /// Changes a rule through the domain, which logs it. A change that loosens the rule without
    /// a reason is refused here first, in words (the domain refuses it too), and `false` is
    /// returned so the control can show the rule as it still is.
    pub(crate) fn change(self, i18n: crate::i18n::I18n, edit: RuleEdit) -> bool {
        let why = self.reason.get_untracked();
        if self.ws.with_untracked(|w| edit.loosens(&w.settings)) && why.trim().is_empty() {
            self.error
                .set(Some(i18n.t(K::ErrRuleNeedsReason).to_string()));
            return false;
        }
        self.error.set(None);
        self.reason.set(String::new());
        let (me, today, id) = (who(), platform::today(), platform::new_record_id());
        edit_ws(self.ws, move |w| {
            let by = Change {
                id: &id,
                who: &me,
                today,
                reason: &why,
            };
            w.settings.change_rule(&edit, by).map(drop)
        });
        true
    }
}

/// A checkbox that changes a rule; refused, it shows the rule as it still is.
pub(crate) fn toggled(
    ev: &leptos::ev::Event,
    i18n: crate::i18n::I18n,
    input: RuleInput,
    edit: impl FnOnce(bool) -> RuleEdit,
) {
    let on = event_target_checked(ev);
    if !input.change(i18n, edit(on)) {
        event_target::<web_sys::HtmlInputElement>(ev).set_checked(!on);
    }
}

#[component]
pub fn WorkspaceRules(ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    let days = RwSignal::new(ws.with_untracked(|w| w.settings.at_risk_days.to_string()));
    let days_error = RwSignal::new(None::<String>);
    let input = RuleInput {
        ws,
        reason: RwSignal::new(String::new()),
        error: RwSignal::new(None),
    };
    let save_days = move |_| match typed::whole(i18n, &days.get_untracked(), 90) {
        Ok(d) => {
            let d = d as u32;
            days_error.set(None);
            // Fewer days warn later: a loosening, refused without the reason typed above; the
            // field then shows the rule as it still is.
            if !input.change(i18n, RuleEdit::AtRiskDays(d)) {
                days.set(ws.with_untracked(|w| w.settings.at_risk_days.to_string()));
            }
        }
        _ => days_error.set(Some(i18n.t(K::ErrRiskDays).to_string())),
    };
    let gates = GateRule::ALL
        .into_iter()
        .map(|g| {
            let id = format!("rule-{}", g.code());
            view! {
                <label class="check-row">
                    <input type="checkbox" id=id data-testid=format!("rule-{}", g.code())
                        prop:checked=move || ws.with(|w| g.get(&w.settings.gates))
                        on:change=move |ev| toggled(&ev, i18n, input, |on| RuleEdit::Gate(g, on))/>
                    <span>{move || i18n.t(gate_label(g))}</span>
                </label>
            }
        })
        .collect_view();
    let samples = SampleKind::KNOWN
        .iter()
        .map(|k| {
            let code = k.code().to_string();
            let id = format!("rule-sample-{code}");
            let (c1, c2) = (code.clone(), code.clone());
            let kind = k.clone();
            view! {
                <label class="check-row">
                    <input type="checkbox" id=id data-testid=format!("rule-sample-{code}")
                        prop:checked=move || ws.with(|w| w.settings.gates.required_samples.get(&c1).copied().unwrap_or(false))
                        on:change=move |ev| toggled(&ev, i18n, input, |on| RuleEdit::Sample(c2.clone(), on))/>
                    <span>{move || sample_kind_text(i18n.0.get(), &kind)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="workspace-rules">
            <h3>{move || i18n.t(K::RulesTitle)}</h3>
            <p class="muted small">{move || i18n.t(K::RulesHelp)}</p>
            <TextInput label=K::RuleReason value=input.reason testid="rule-reason"/>
            <ActionError error=input.error testid="rule-error"/>
            <fieldset class="checks">
                <legend>{move || i18n.t(K::RulesGates)}</legend>
                {gates}
            </fieldset>
            <least_deposit::LeastDeposit input=input/>
            <fieldset class="checks">
                <legend>{move || i18n.t(K::RulesSamples)}</legend>
                {samples}
            </fieldset>
            <div class="field">
                <label for="rule-risk-days">{move || i18n.t(K::RuleRiskDays)}</label>
                <input id="rule-risk-days" type="number" inputmode="numeric" min="0" max="90" class="num"
                    data-testid="rule-risk-days" prop:value=days
                    on:input=move |ev| days.set(event_target_value(&ev)) on:change=save_days/>
            </div>
            <ActionError error=days_error testid="rule-risk-error"/>
            <allowances::ShipAllowances input=input/>
            <ship_docs::ShipDocRules input=input/>
            <day_goals::DayGoalsRule ws=ws/>
            <rule_log::RuleLog ws=ws/>
        </section>
    }
}
