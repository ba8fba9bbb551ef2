//! The inspection report (验货报告): one inspection as the document a buyer's QC desk expects —
//! order, style, lot, ISO 2859-1 code letter and plan, severity, result, defects by class against
//! the accept and reject numbers, measurements against spec and tolerance, photos with captions,
//! inspector and date, and the re-inspection chain — in the chosen language, laid out for A4
//! (no app chrome in print, tables scrolling sideways at 360 px) and shared as text.
//!
//! Every figure comes from `gendan_domain::qc_report::report`; the parts of the sheet live under
//! `qc_report/`.

mod defects;
mod measures;
mod photos;
mod plan;
mod sheet;
pub(crate) mod summary;

use gendan_domain::qc_report::{report, QcReport};
use leptos::prelude::*;

use crate::components::share_text::ShareText;
use crate::i18n::{use_i18n, K};
use crate::pages::order::ctx::OrderCtx;
use crate::Route;
use sheet::ReportSheet;
use summary::{summary_text, Heading};

#[component]
pub fn QcReportPage(order_id: String, inspection_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = OrderCtx::new(order_id.clone());
    let loaded = LocalResource::new(move || ctx.load());
    let iid = StoredValue::new(inspection_id.clone());
    let report = Memo::new(move |_| {
        ctx.order
            .with(|o| report(o, &iid.get_value()).map_err(|e| e.to_string()))
    });
    let text = Signal::derive(move || {
        let lang = i18n.0.get();
        report.with(|r| {
            r.as_ref()
                .map(|r: &QcReport| {
                    ctx.order.with(|o| {
                        ctx.workspace
                            .with(|w| summary_text(lang, &Heading::of(lang, o, w, r), r, w))
                    })
                })
                .unwrap_or_default()
        })
    });
    let print = move |_| crate::pages::documents::print_page();
    let back = Route::Inspection(order_id, inspection_id).href();
    view! {
        <section class="page document-page qc-report-page">
            <div class="no-print doc-tools">
                <a class="back" href=back data-testid="qc-back">{move || format!("← {}", i18n.t(K::QrBack))}</a>
                <button class="primary" on:click=print data-testid="qc-print">{move || i18n.t(K::QrPrint)}</button>
                <ShareText text=text title=K::QrTitle prefix="qc" copied=K::QrCopied/>
            </div>
            <Suspense fallback=move || view! { <p class="muted">{i18n.t(K::Loading)}</p> }>
                {move || loaded.get().map(|res| match res {
                    Err(e) => view! { <p class="card error" role="alert">{i18n.t(K::OrderNotFound)}" "{e}</p> }.into_any(),
                    Ok(()) => match report.get() {
                        Err(_) => view! { <p class="card error" role="alert">{i18n.t(K::InspectionNotFound)}</p> }.into_any(),
                        Ok(r) => view! { <ReportSheet ctx=ctx report=r/> }.into_any(),
                    },
                })}
            </Suspense>
        </section>
    }
}
