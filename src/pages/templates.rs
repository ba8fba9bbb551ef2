//! T&A templates (milestones with their anchor and offset in days) and the defect library, both
//! in the workspace document. Each change is saved as it is made. A new template starts empty or
//! as a copy of an existing one (most customers' calendars are variations of one house calendar).

mod defect_library;
mod new_template;
mod template_card;
mod template_line;

use gendan_domain::inspection::DefectClass;
use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::pages::parties::workspace_signal;

fn class_key(c: &DefectClass) -> K {
    match c {
        DefectClass::Critical => K::LibClassCritical,
        DefectClass::Major => K::LibClassMajor,
        _ => K::LibClassMinor,
    }
}

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let ws = workspace_signal();
    let templates = move || {
        ws.with(|w| {
            w.templates
                .iter()
                .map(|(tid, t)| view! { <template_card::TemplateCard ws=ws tid=tid.clone() t=t.clone()/> })
                .collect_view()
        })
    };
    view! {
        <section class="page templates">
            <h2>{move || i18n.t(K::TemplatesTitle)}</h2>
            <crate::pages::rules::WorkspaceRules ws=ws/>
            {templates}
            <new_template::NewTemplate ws=ws/>
            <defect_library::DefectLibraryCard ws=ws/>
        </section>
    }
}
