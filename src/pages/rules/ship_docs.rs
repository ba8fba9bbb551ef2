//! The workspace's export-documents rule: whether every shipment's checklist asks for a
//! certificate of origin (some buyers and markets need one for the duty rate, others never). The
//! insurance certificate follows the order's Incoterm (CIF, CIP) and needs no rule.

use gendan_domain::rule_log::RuleEdit;
use leptos::prelude::*;

use super::{toggled, RuleInput};
use crate::i18n::{use_i18n, K};

/// Dropping the certificate from every checklist loosens a rule: it needs the screen's reason
/// and is logged.
#[component]
pub fn ShipDocRules(input: RuleInput) -> impl IntoView {
    let i18n = use_i18n();
    let ws = input.ws;
    view! {
        <fieldset class="checks" data-testid="ship-doc-rules">
            <legend>{move || i18n.t(K::ShipDocRules)}</legend>
            <label class="check-row">
                <input type="checkbox" id="rule-certificate-of-origin" data-testid="rule-certificate-of-origin"
                    prop:checked=move || ws.with(|w| w.settings.certificate_of_origin)
                    on:change=move |ev| toggled(&ev, i18n, input, RuleEdit::CertificateOfOrigin)/>
                <span>{move || i18n.t(K::RuleCertificateOfOrigin)}</span>
            </label>
            <p class="muted small">{move || i18n.t(K::ShipDocRulesHelp)}</p>
        </fieldset>
    }
}
