//! The sampling plan as printed: lot, level, severity, the code letter of ISO 2859-1 Table I and
//! the sample, then each defect class's AQL, plan letter, sample, found, Ac and Re.

use gendan_domain::qc_report::QcReport;
use leptos::prelude::*;

use super::sheet::kv;
use crate::components::side_scroll::SideScroll;
use crate::i18n::{Lang, K};
use crate::pages::order::ctx::code_text_in;

pub(super) fn plan(lang: Lang, r: &QcReport) -> impl IntoView {
    let letter = r
        .code_letter
        .map(String::from)
        .unwrap_or_else(|| "—".into());
    let rows = r
        .classes
        .iter()
        .map(|c| {
            let code = c.class.code().to_string();
            let result = if c.rejects { K::QrClassRejects } else { K::QrClassOk };
            view! {
                <tr data-testid=format!("qc-class-{code}") class:reject=c.rejects>
                    <th scope="row">{code_text_in(lang, &code)}</th>
                    <td class="num">{c.aql.clone()}</td>
                    <td class="num">{c.used_letter.map(String::from).unwrap_or_else(|| "—".into())}</td>
                    <td class="num">{c.sample_size}</td>
                    <td class="num" data-testid="qc-found">{c.found}</td>
                    <td class="num" data-testid="qc-ac">{c.accept}</td>
                    <td class="num" data-testid="qc-re">{c.reject}</td>
                    <td>{result.text(lang)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="qc-block" data-testid="qc-plan">
            <h2>{K::SamplingPlan.text(lang)}</h2>
            <div class="doc-parties">
                {kv(lang, K::LotSize, r.lot_size.to_string(), "qc-lot")}
                {kv(lang, K::InspectionLevel, r.level.code().to_string(), "qc-level")}
                {kv(lang, K::Stringency, code_text_in(lang, r.stringency.code()), "qc-severity")}
                {kv(lang, K::QrCodeLetter, letter, "qc-code-letter")}
                {kv(lang, K::QrSampleSize, r.sample_size.to_string(), "qc-sample-size")}
            </div>
            {r.full_inspection.then(|| view! { <p class="small" data-testid="qc-full">{K::QrFullInspection.text(lang)}</p> })}
            <SideScroll><table class="doc-table qc-plan-table">
                <thead><tr>
                    <th scope="col">{K::QrClassCol.text(lang)}</th>
                    <th scope="col" class="num">{K::QrAqlCol.text(lang)}</th>
                    <th scope="col" class="num">{K::QrPlanLetterCol.text(lang)}</th>
                    <th scope="col" class="num">{K::QrSampleSize.text(lang)}</th>
                    <th scope="col" class="num">{K::QrFoundCol.text(lang)}</th>
                    <th scope="col" class="num">{K::QrAcCol.text(lang)}</th>
                    <th scope="col" class="num">{K::QrReCol.text(lang)}</th>
                    <th scope="col">{K::QrResult.text(lang)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></SideScroll>
        </section>
    }
}
