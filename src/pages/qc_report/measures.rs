//! Measurements against spec and tolerance, in the order they were taken; each value outside the
//! tolerance is marked, and the count of those heads the table.

use gendan_domain::qc_report::QcReport;
use leptos::prelude::*;

use crate::components::side_scroll::SideScroll;
use crate::i18n::{fill, Lang, K};

pub(super) fn measures(lang: Lang, r: &QcReport) -> impl IntoView {
    let body = if r.measurements.is_empty() {
        view! { <p class="muted">{K::QrNoMeasurements.text(lang)}</p> }.into_any()
    } else {
        let rows = r
            .measurements
            .iter()
            .map(|m| {
                let values = m
                    .values
                    .iter()
                    .map(|v| view! { <span class="qc-value" class:out=v.out data-out=v.out.to_string()>{v.value.to_string()}</span> })
                    .collect_view();
                view! {
                    <tr data-testid="qc-measure" class:reject={m.out > 0}>
                        <th scope="row">{m.point.clone()}</th>
                        <td>{m.size.clone()}</td>
                        <td class="num">{m.spec.to_string()}</td>
                        <td class="num">{format!("± {}", m.tolerance)}</td>
                        <td class="qc-values">{values}</td>
                        <td class="num" data-testid="qc-measure-out">{m.out}</td>
                    </tr>
                }
            })
            .collect_view();
        let out = fill(
            K::QrMeasuredOut.text(lang),
            &[
                ("out", &r.measured_out.to_string()),
                ("n", &r.measured_count.to_string()),
            ],
        );
        view! {
            <p class="small" data-testid="qc-measured-out">{out}</p>
            <SideScroll><table class="doc-table">
                <thead><tr>
                    <th scope="col">{K::MeasurePoint.text(lang)}</th>
                    <th scope="col">{K::Size.text(lang)}</th>
                    <th scope="col" class="num">{K::Spec.text(lang)}</th>
                    <th scope="col" class="num">{K::Tolerance.text(lang)}</th>
                    <th scope="col">{K::QrMeasuredCol.text(lang)}</th>
                    <th scope="col" class="num">{K::QrOutCol.text(lang)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table></SideScroll>
        }
        .into_any()
    };
    view! {
        <section class="qc-block" data-testid="qc-measures">
            <h2>{K::Measurements.text(lang)}</h2>
            {body}
        </section>
    }
}
