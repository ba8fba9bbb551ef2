//! An opened inspection: its title and verdict, then set-up, plan, defects, measurements and the
//! finish, top to bottom in the order an inspector works.

use gendan_domain::inspection::Inspection;
use leptos::prelude::*;

use super::super::ctx::{code_text, rule_text, OrderCtx};
use super::super::inspections::verdict_key;
use super::defect_library::DefectLibrary;
use super::finish::FinishInspection;
use super::lot_shipments::LotShipments;
use super::measurements::Measurements;
use super::plan::SamplingPlan;
use super::setup_form::SetupForm;
use super::OpenInspection;
use crate::i18n::{use_i18n, K};
use crate::Route;

#[component]
pub fn InspectionBody(
    ctx: OrderCtx,
    iid: StoredValue<String>,
    insp: Memo<Option<Inspection>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = OpenInspection { ctx, iid, insp };
    let cur = move || open.current();
    let verdict = move || open.verdict();
    // Tapping defects and finishing share one error line.
    let error = RwSignal::new(None::<String>);
    view! {
        <h2>
            {move || code_text(i18n, cur().kind.code())}
            " · "
            {move || ctx.order.with(|o| format!("{} {}", crate::listing::po_text(i18n.0.get(), &o.customer_po), o.style_no))}
        </h2>
        {move || cur().reinspection_of.map(|_| view! {
            <p class="muted" data-testid="reinspection-of">{move || i18n.t(K::ReinspectionOf)}" · "
                <span data-testid="rework-note-shown">{move || cur().rework_note}</span></p>
        })}
        // What the goods are judged against (锁板), or that nothing is sealed yet.
        {move || {
            let lang = i18n.0.get();
            let refs = ctx.order.with(gendan_domain::samples::sealed_refs);
            match crate::i18n::seal_refs_text(lang, &refs) {
                None => view! { <p class="gate-note warn-note small" data-testid="insp-no-reference">{K::NoReference.text(lang)}</p> }.into_any(),
                Some(said) => view! {
                    <p class="small" data-testid="insp-reference">{format!("{}: {said}", K::QrReference.text(lang))}</p>
                }.into_any(),
            }
        }}
        <div class=move || format!("verdict big {}", verdict_key(verdict()).0) data-testid="verdict" data-verdict=move || verdict_key(verdict()).0>
            {move || i18n.t(verdict_key(verdict()).1)}
        </div>
        // Why there is no verdict (figures changed after finishing, a plan that cannot be drawn).
        {move || verdict().err().map(|e| view! {
            <p class="card error" role="alert" data-testid="verdict-problem">{rule_text(i18n.0.get(), &e)}</p>
        })}
        <p class="doc-links">
            <a class="button" href=move || Route::InspectionReport(ctx.id(), iid.get_value()).href() data-testid="qc-report-link">
                {move || i18n.t(K::QrOpen)}
            </a>
        </p>
        {move || open.completed().then(|| view! {
            <p class="muted" data-testid="figures-locked">{move || i18n.t(K::FiguresLocked)}</p>
        })}
        <SetupForm open=open/>
        <LotShipments open=open/>
        <SamplingPlan insp=insp/>
        <DefectLibrary open=open error=error/>
        <Measurements open=open/>
        <FinishInspection open=open error=error/>
    }
}
