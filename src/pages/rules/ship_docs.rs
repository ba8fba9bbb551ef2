//! The workspace's export-documents rule: whether every shipment's checklist asks for a
//! certificate of origin (some buyers and markets need one for the duty rate, others never). The
//! insurance certificate follows the order's Incoterm (CIF, CIP) and needs no rule.

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::pages::parties::{edit_ws, Ws};

#[component]
pub fn ShipDocRules(ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="checks" data-testid="ship-doc-rules">
            <legend>{move || i18n.t(K::ShipDocRules)}</legend>
            <label class="check-row">
                <input type="checkbox" id="rule-certificate-of-origin" data-testid="rule-certificate-of-origin"
                    prop:checked=move || ws.with(|w| w.settings.certificate_of_origin)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        edit_ws(ws, move |w| {
                            w.settings.certificate_of_origin = on;
                            Ok(())
                        });
                    }/>
                <span>{move || i18n.t(K::RuleCertificateOfOrigin)}</span>
            </label>
            <p class="muted small">{move || i18n.t(K::ShipDocRulesHelp)}</p>
        </fieldset>
    }
}
