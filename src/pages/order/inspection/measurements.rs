//! Garment measurements taken during the inspection: point, size, spec ± tolerance and the values
//! measured, with how many fall outside — listed in the order they were typed.

use leptos::prelude::*;

use super::measurement_form::MeasurementForm;
use super::OpenInspection;
use crate::i18n::{use_i18n, K};

#[component]
pub fn Measurements(open: OpenInspection) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        open.insp.with(|i| {
            i.as_ref()
                .map(|i| {
                    i.measurements_in_order()
                        .into_iter()
                        .map(|(_, m)| m.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <section class="card section" data-testid="measurements">
            <h3>{move || i18n.t(K::Measurements)}</h3>
            <ul class="log">
                {move || rows().into_iter().map(|m| {
                    let out = m.out_of_tolerance();
                    let vals = m.measured.values().map(|v| v.to_string()).collect::<Vec<_>>().join(", ");
                    view! {
                        <li class:bad={out > 0} data-testid="measurement">
                            {format!("{} {} · {} ± {} · {vals} · ", m.point, m.size, m.spec, m.tolerance)}
                            {move || i18n.t(K::OutOfTolerance)}{format!(": {out}")}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <MeasurementForm open=open/>
        </section>
    }
}
