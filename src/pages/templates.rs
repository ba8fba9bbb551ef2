//! T&A templates (milestones with their anchor and offset in days) and the defect library, both
//! in the workspace document. Each change is saved as it is made. A new template starts empty or
//! as a copy of an existing one (most customers' calendars are variations of one house calendar).
//! On a phone each template line is a compact row that opens to its fields (one open at a time,
//! kept open across the rebuild an edit causes), and the rules fold behind their heading.

mod defect_library;
mod new_template;
mod template_card;
mod template_line;

use gendan_domain::inspection::DefectClass;
use leptos::prelude::*;

use crate::components::fold::OpenRow;
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
    let open: OpenRow = RwSignal::new(None);
    let templates = move || {
        ws.with(|w| {
            w.templates
                .iter()
                .map(|(tid, t)| view! { <template_card::TemplateCard ws=ws tid=tid.clone() t=t.clone() open=open/> })
                .collect_view()
        })
    };
    view! {
        <section class="page templates">
            <crate::components::team_restore::TeamRestore ws=ws/>
            <h2>{move || i18n.t(K::TemplatesTitle)}</h2>
            <details class="fold-section rules-fold" data-testid="rules-fold">
                <summary>{move || i18n.t(K::RulesTitle)}</summary>
                <crate::pages::rules::WorkspaceRules ws=ws/>
            </details>
            {templates}
            <new_template::NewTemplate ws=ws/>
            <defect_library::DefectLibraryCard ws=ws/>
        </section>
    }
}
