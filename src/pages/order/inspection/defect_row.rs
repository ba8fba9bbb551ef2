//! One defect type of the library as a stepper: a tap counts one more or one fewer, through the
//! domain's `tap_defect`, which refuses it once the inspection is finished.

use std::rc::Rc;

use gendan_domain::inspection::DefectClass;
use leptos::prelude::*;

use super::super::ctx::code_text;
use super::OpenInspection;
use crate::i18n::{use_i18n, K};
use crate::platform;

#[component]
pub fn DefectRow(
    open: OpenInspection,
    error: RwSignal<Option<String>>,
    code: String,
    name: String,
    class: DefectClass,
) -> impl IntoView {
    let i18n = use_i18n();
    let edit = open.action(error);
    let key = StoredValue::new((code.clone(), class.clone()));
    let tap = move |delta: i32| {
        let (code, class) = key.get_value();
        let new_id = platform::new_record_id();
        edit.dispatch(Rc::new(move |i| {
            i.tap_defect(&code, &class, delta, &new_id)
        }));
    };
    let count = move || {
        let (code, class) = key.get_value();
        open.insp.with(|i| {
            i.as_ref().map_or(0, |i| {
                i.defects
                    .values()
                    .filter(|d| d.code == code && d.class == class)
                    .map(|d| d.count)
                    .sum::<u32>()
            })
        })
    };
    let completed = move || open.completed();
    view! {
        <li class="defect-row" data-testid="defect-type" data-code=code>
            <span class="defect-name">{name}
                <span class=format!("badge {}", class.code())>{code_text(i18n, class.code())}</span></span>
            <span class="stepper">
                <button type="button" class="step" aria-label=move || i18n.t(K::Fewer) data-testid="defect-minus"
                    disabled=completed on:click=move |_| tap(-1)>"−"</button>
                <span class="count" data-testid="defect-count">{count}</span>
                <button type="button" class="step" aria-label=move || i18n.t(K::More) data-testid="defect-plus"
                    disabled=completed on:click=move |_| tap(1)>"+"</button>
            </span>
        </li>
    }
}
