//! Adds one measured point with its values, kept in the order typed; refused by the domain once
//! the inspection is finished.

use gendan_domain::inspection::Measurement;
use gendan_domain::Milli;
use leptos::prelude::*;

use super::{with_insp, OpenInspection};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, I18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;

/// Values separated by spaces or semicolons, in the order typed; a comma after a value separates
/// too ("52.5, 51"), while a comma inside one is a decimal comma ("52,5"), so neither is misread
/// as two values.
fn read_values(i18n: I18n, text: &str) -> Result<Vec<Milli>, String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ';' | '；'))
        .map(|s| s.trim_end_matches([',', '，']))
        .filter(|s| !s.is_empty())
        .map(|s| typed::milli(i18n, s))
        .collect()
}

#[component]
pub fn MeasurementForm(open: OpenInspection) -> impl IntoView {
    let i18n = use_i18n();
    let [point, size, spec, tol, values] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let error = RwSignal::new(None::<String>);
    let add = submit_action(
        error,
        move |(m, vals): (Measurement, Vec<Milli>)| {
            let (iid, id) = (open.iid.get_value(), platform::new_record_id());
            open.ctx
                .edit(move |o| with_insp(o, &iid, |i| i.add_measurement(&id, m, &vals)))
        },
        move |()| {
            point.set(String::new());
            values.set(String::new());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = typed::milli(i18n, &spec.get_untracked()).and_then(|sp| {
            let t = typed::milli(i18n, &tol.get_untracked())?;
            Ok((sp, t, read_values(i18n, &values.get_untracked())?))
        });
        let Some((sp, t, vals)) = typed::or_say(error, parsed) else {
            return;
        };
        let m = Measurement {
            point: point.get_untracked(),
            size: size.get_untracked().trim().to_string(),
            spec: sp,
            tolerance: t,
            ..Measurement::default()
        };
        add.dispatch((m, vals));
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <TextInput label=K::MeasurePoint value=point testid="m-point"/>
            <TextInput label=K::Size value=size testid="m-size"/>
            <TextInput label=K::Spec value=spec inputmode="decimal" testid="m-spec"/>
            <TextInput label=K::Tolerance value=tol inputmode="decimal" testid="m-tol"/>
            <TextInput label=K::MeasuredValues value=values testid="m-values"/>
            <button type="submit" data-testid="m-add">{move || i18n.t(K::AddMeasurement)}</button>
            <ActionError error=error/>
        </form>
    }
}
