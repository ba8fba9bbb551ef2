//! The report sheet: heading (order, style, customer, factory, inspector, date), the result, then
//! the plan, defects, measurements and photos, the re-inspection links and the signatures.

use gendan_domain::qc_report::QcReport;
use leptos::prelude::*;

use super::summary::{day_words, verdict_text, Heading};
use super::{defects, measures, photos, plan};
use crate::i18n::{fill, seal_refs_text, use_i18n, Lang, K};
use crate::listing::fmt_day;
use crate::pages::order::ctx::{code_text_in, OrderCtx};
use crate::Route;

/// A label and its value, as the documents print them.
pub(super) fn kv(lang: Lang, k: K, v: String, testid: &'static str) -> impl IntoView {
    view! { <div class="kv"><span class="k">{k.text(lang)}</span><span class="v" data-testid=testid>{v}</span></div> }
}

/// Links to the inspection this one repeats and to those that repeat it, each named by its day.
fn chain(ctx: OrderCtx, lang: Lang, r: &QcReport) -> impl IntoView {
    let day_of = move |id: &str| {
        ctx.order.with(|o| {
            o.inspections
                .get(id)
                .and_then(|i| i.date.or(i.scheduled))
                .map(|d| fmt_day(lang, &d.to_string()))
                .unwrap_or_else(|| K::QrNotInspected.text(lang).to_string())
        })
    };
    let link = move |id: &str, k: K, testid: &'static str| {
        let href = Route::InspectionReport(ctx.id(), id.to_string()).href();
        let words = fill(k.text(lang), &[("date", &day_of(id))]);
        view! { <p class="qc-link"><a href=href data-testid=testid>{words}</a></p> }
    };
    view! {
        {r.reinspection_of.as_deref().map(|id| link(id, K::QrReinspects, "qc-reinspects"))}
        {r.reinspected_by.iter().map(|id| link(id, K::QrReinspectedBy, "qc-reinspected-by")).collect_view()}
        {(!r.rework_note.trim().is_empty()).then(|| kv(lang, K::ReworkNote, r.rework_note.clone(), "qc-rework"))}
        {(!r.remarks.trim().is_empty()).then(|| kv(lang, K::Remarks, r.remarks.clone(), "qc-remarks"))}
    }
}

#[component]
pub fn ReportSheet(ctx: OrderCtx, report: QcReport) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let lang = i18n.0.get();
        let r = &report;
        let h = ctx
            .order
            .with(|o| ctx.workspace.with(|w| Heading::of(lang, o, w, r)));
        let (vclass, vwords) = verdict_text(lang, r);
        let w = ctx.workspace.get();
        view! {
            <article class="doc a4 qc-report" data-testid="qc-report">
                <header class="doc-head">
                    <h1 data-testid="qc-title">{K::QrTitle.text(lang)}</h1>
                    <p class="qc-kind" data-testid="qc-kind">{code_text_in(lang, r.kind.code())}</p>
                    <div class="doc-meta">
                        {kv(lang, K::CustomerPo, h.po.clone(), "qc-po")}
                        {kv(lang, K::StyleNo, format!("{} {}", h.style, h.description).trim().to_string(), "qc-style")}
                        {kv(lang, K::Customer, h.customer.clone(), "qc-customer")}
                        {h.factory.clone().map(|f| kv(lang, K::Factory, f, "qc-factory"))}
                        {kv(lang, K::QrInspector, r.inspector.clone(), "qc-inspector")}
                        {kv(lang, K::QrInspectedOn, day_words(lang, r), "qc-date")}
                        {kv(lang, K::QrReference, seal_refs_text(lang, &r.references).unwrap_or_else(|| K::NoReference.text(lang).to_string()), "qc-reference")}
                    </div>
                </header>
                <div class=format!("qc-verdict {vclass}") data-testid="qc-verdict" data-verdict=vclass>
                    <span class="k">{K::QrResult.text(lang)}</span>" "<strong>{vwords}</strong>
                </div>
                {plan::plan(lang, r)}
                {defects::defects(lang, r, &w)}
                {measures::measures(lang, r)}
                {photos::photos(lang, r, &w)}
                {chain(ctx, lang, r)}
                <footer class="doc-sign qc-sign">
                    <div>{K::QrSignInspector.text(lang)}</div>
                    <div>{K::QrSignFactory.text(lang)}</div>
                </footer>
            </article>
        }
    }
}
