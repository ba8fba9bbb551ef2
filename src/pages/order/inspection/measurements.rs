//! Garment measurements taken during the inspection: point, size, spec ± tolerance and the values
//! measured, with how many fall outside.

use gendan_domain::inspection::{Inspection, Measurement};
use gendan_domain::Milli;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use super::with_insp;
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;

#[component]
pub fn Measurements(
    ctx: OrderCtx,
    iid: StoredValue<String>,
    insp: Memo<Option<Inspection>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let point = RwSignal::new(String::new());
    let size = RwSignal::new(String::new());
    let spec = RwSignal::new(String::new());
    let tol = RwSignal::new(String::new());
    let values = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = submit_action(
        error,
        move |m: Measurement| {
            let id = iid.get_value();
            ctx.edit(move |o| {
                with_insp(o, &id, |i| {
                    i.measurements.insert(platform::new_record_id(), m);
                    Ok(())
                })
            })
        },
        move |()| {
            point.set(String::new());
            values.set(String::new());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = typed::milli(i18n, &spec.get_untracked())
            .and_then(|sp| typed::milli(i18n, &tol.get_untracked()).map(|t| (sp, t)));
        let (sp, t) = match parsed {
            Ok(v) => v,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        // Values are separated by spaces or semicolons, in the order typed; a comma after a
        // value separates too ("52.5, 51"), while a comma inside one is a decimal comma ("52,5"),
        // so neither is misread as two values.
        let vals: Result<Vec<Milli>, String> = values
            .get_untracked()
            .split(|c: char| c.is_whitespace() || matches!(c, ';' | '；'))
            .map(|s| s.trim_end_matches([',', '，']))
            .filter(|s| !s.is_empty())
            .map(|s| typed::milli(i18n, s))
            .collect();
        let vals = match vals {
            Ok(v) => v,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        if point.get_untracked().trim().is_empty() {
            error.set(Some(i18n.t(K::ErrRequired).to_string()));
            return;
        }
        let m = Measurement {
            point: point.get_untracked().trim().to_string(),
            size: size.get_untracked().trim().to_string(),
            spec: sp,
            tolerance: t,
            measured: vals
                .into_iter()
                .map(|v| (platform::new_record_id(), v))
                .collect(),
        };
        add.dispatch_local(m);
    };
    let rows = move || {
        insp.with(|i| {
            i.as_ref()
                .map(|i| i.measurements.values().cloned().collect::<Vec<_>>())
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
            <form class="inline-form" on:submit=submit novalidate>
                <TextInput label=K::MeasurePoint value=point testid="m-point"/>
                <TextInput label=K::Size value=size testid="m-size"/>
                <TextInput label=K::Spec value=spec inputmode="decimal" testid="m-spec"/>
                <TextInput label=K::Tolerance value=tol inputmode="decimal" testid="m-tol"/>
                <TextInput label=K::MeasuredValues value=values testid="m-values"/>
                <button type="submit" data-testid="m-add">{move || i18n.t(K::AddMeasurement)}</button>
            </form>
            <ActionError error=error/>
        </section>
    }
}
