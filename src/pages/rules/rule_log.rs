//! The rules' change log (规则变更记录), latest first: who changed which rule, when, from what
//! to what and why (`gendan_domain::rule_log`), so a gate switched off for an afternoon and back
//! on stays visible to the whole team.

use gendan_domain::rule_log::{
    GateRule, RuleChange, AT_RISK_RULE, LEAST_DEPOSIT_RULE, ORIGIN_RULE, OVER_ALLOWANCE_RULE,
    SAMPLE_RULE, SHORT_ALLOWANCE_RULE,
};
use gendan_domain::samples::SampleKind;
use leptos::prelude::*;

use crate::i18n::{fill, sample_kind_text, use_i18n, Lang, K};
use crate::pages::parties::Ws;
use crate::pages::typed;

/// A logged change in words: the rule's name and its values before and after.
pub(crate) fn said(lang: Lang, c: &RuleChange) -> (String, String, String) {
    let switch = |v: &str| match v {
        "on" => K::RuleOn.text(lang).to_string(),
        "off" => K::RuleOff.text(lang).to_string(),
        other => other.to_string(),
    };
    if c.rule == LEAST_DEPOSIT_RULE {
        let pct = |v: &str| {
            v.parse().map_or_else(
                |_| v.to_string(),
                |bp| format!("{} %", typed::bp_as_percent(bp)),
            )
        };
        return (
            K::RuleLeastDepositShort.text(lang).to_string(),
            pct(&c.from),
            pct(&c.to),
        );
    }
    let allowance = match c.rule.as_str() {
        SHORT_ALLOWANCE_RULE => Some(K::ShortShipAllowance),
        OVER_ALLOWANCE_RULE => Some(K::OverShipAllowance),
        _ => None,
    };
    if let Some(k) = allowance {
        let pct = |v: &str| {
            v.parse().map_or_else(
                |_| v.to_string(),
                |p| format!("{} %", typed::permille_as_percent(p)),
            )
        };
        return (k.text(lang).to_string(), pct(&c.from), pct(&c.to));
    }
    if c.rule == AT_RISK_RULE {
        return (
            K::RuleRiskDays.text(lang).to_string(),
            c.from.clone(),
            c.to.clone(),
        );
    }
    if c.rule == ORIGIN_RULE {
        return (
            K::RuleCertificateOfOrigin.text(lang).to_string(),
            switch(&c.from),
            switch(&c.to),
        );
    }
    let name = match (
        c.rule.strip_prefix(SAMPLE_RULE),
        GateRule::from_code(&c.rule),
    ) {
        (Some(kind), _) => sample_kind_text(lang, &SampleKind::from_code(kind)),
        (None, Some(g)) => super::gate_label(g).text(lang).to_string(),
        // A rule of a newer version: its code.
        (None, None) => c.rule.clone(),
    };
    (name, switch(&c.from), switch(&c.to))
}

#[component]
pub fn RuleLog(ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        ws.with(|w| {
            w.settings
                .rule_log()
                .into_iter()
                .map(|(id, c)| (id.clone(), c.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || !rows().is_empty()>
            <h4>{move || i18n.t(K::RuleLogTitle)}</h4>
            // A logged change is never edited, so its id is its key.
            <ul class="log" data-testid="rule-changes">
                <For each=rows key=|(id, _)| id.clone() let:row>
                    {
                        let (_, c) = row;
                        let text = move || {
                            let lang = i18n.0.get();
                            let (rule, from, to) = said(lang, &c);
                            let day = c.day.map(|d| d.to_string()).unwrap_or_default();
                            let mut t = fill(
                                K::RuleLogRow.text(lang),
                                &[("day", &day), ("who", &c.who), ("rule", &rule), ("from", &from), ("to", &to)],
                            );
                            if !c.reason.is_empty() {
                                t.push_str(&format!(" · {}", c.reason));
                            }
                            t
                        };
                        view! { <li data-testid="rule-change">{text}</li> }
                    }
                </For>
            </ul>
        </Show>
    }
}
