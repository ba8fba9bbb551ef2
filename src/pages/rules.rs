//! The workspace's rules: which gates hold an order back (deposit — at least the team's least
//! deposit, `rules/least_deposit.rs` — and samples before production,
//! balance and final inspection before shipping, payments to suppliers only against approved
//! requests), which sample kinds must be approved, and how
//! many days ahead a milestone counts as at risk, the shipment allowances
//! (`rules/allowances.rs`), and which export documents every shipment needs
//! (`rules/ship_docs.rs`). Companies differ (a letter of credit replaces the deposit, a buyer
//! waives the size set), so these are the team's choice, synced with the workspace like
//! everything else in it.

mod allowances;
mod least_deposit;
mod ship_docs;

use gendan_domain::samples::SampleKind;
use gendan_domain::workspace::Workspace;
use leptos::prelude::*;

use crate::components::action_error::ActionError;
use crate::i18n::{sample_kind_text, use_i18n, K};
use crate::pages::parties::{edit_ws, Ws};
use crate::pages::typed;
use crate::platform;

/// Which switch of `Gates` a checkbox sets.
#[derive(Clone, Copy)]
enum GateSwitch {
    Deposit,
    Samples,
    Balance,
    FinalInspection,
    PaymentApproval,
}

impl GateSwitch {
    const ALL: [GateSwitch; 5] = [
        GateSwitch::Deposit,
        GateSwitch::Samples,
        GateSwitch::Balance,
        GateSwitch::FinalInspection,
        GateSwitch::PaymentApproval,
    ];

    fn code(self) -> &'static str {
        match self {
            GateSwitch::Deposit => "deposit",
            GateSwitch::Samples => "samples",
            GateSwitch::Balance => "balance",
            GateSwitch::FinalInspection => "final-inspection",
            GateSwitch::PaymentApproval => "payment-approval",
        }
    }

    fn label(self) -> K {
        match self {
            GateSwitch::Deposit => K::RuleDeposit,
            GateSwitch::Samples => K::RuleSamples,
            GateSwitch::Balance => K::RuleBalance,
            GateSwitch::FinalInspection => K::RuleFinalInspection,
            GateSwitch::PaymentApproval => K::RulePaymentApproval,
        }
    }

    fn get(self, w: &Workspace) -> bool {
        let g = &w.settings.gates;
        match self {
            GateSwitch::Deposit => g.deposit_before_production,
            GateSwitch::Samples => g.samples_before_production,
            GateSwitch::Balance => g.balance_before_shipping,
            GateSwitch::FinalInspection => g.final_inspection_before_shipping,
            GateSwitch::PaymentApproval => g.payments_need_approval,
        }
    }

    fn slot(self, w: &mut Workspace) -> &mut bool {
        let g = &mut w.settings.gates;
        match self {
            GateSwitch::Deposit => &mut g.deposit_before_production,
            GateSwitch::Samples => &mut g.samples_before_production,
            GateSwitch::Balance => &mut g.balance_before_shipping,
            GateSwitch::FinalInspection => &mut g.final_inspection_before_shipping,
            GateSwitch::PaymentApproval => &mut g.payments_need_approval,
        }
    }
}

#[component]
pub fn WorkspaceRules(ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    let days = RwSignal::new(ws.with_untracked(|w| w.settings.at_risk_days.to_string()));
    let days_error = RwSignal::new(None::<String>);
    let save_days = move |_| match typed::whole(i18n, &days.get_untracked(), 90) {
        Ok(d) => {
            let d = d as u32;
            days_error.set(None);
            edit_ws(ws, move |w| {
                w.settings.at_risk_days = d;
                Ok(())
            });
        }
        _ => days_error.set(Some(i18n.t(K::ErrRiskDays).to_string())),
    };
    let gates = GateSwitch::ALL
        .into_iter()
        .map(|g| {
            let id = format!("rule-{}", g.code());
            view! {
                <label class="check-row">
                    <input type="checkbox" id=id data-testid=format!("rule-{}", g.code())
                        prop:checked=move || ws.with(|w| g.get(w))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            edit_ws(ws, move |w| {
                                if matches!(g, GateSwitch::PaymentApproval) {
                                    // The day it starts is kept, so payments made around it
                                    // afterwards can be named.
                                    w.settings.gates.require_payment_approval(on, platform::today());
                                } else {
                                    *g.slot(w) = on;
                                }
                                Ok(())
                            });
                        }/>
                    <span>{move || i18n.t(g.label())}</span>
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
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            let code = c2.clone();
                            edit_ws(ws, move |w| {
                                w.settings.gates.required_samples.insert(code, on);
                                Ok(())
                            });
                        }/>
                    <span>{move || sample_kind_text(i18n.0.get(), &kind)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="workspace-rules">
            <h3>{move || i18n.t(K::RulesTitle)}</h3>
            <p class="muted small">{move || i18n.t(K::RulesHelp)}</p>
            <fieldset class="checks">
                <legend>{move || i18n.t(K::RulesGates)}</legend>
                {gates}
            </fieldset>
            <least_deposit::LeastDeposit ws=ws/>
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
            <allowances::ShipAllowances ws=ws/>
            <ship_docs::ShipDocRules ws=ws/>
        </section>
    }
}
