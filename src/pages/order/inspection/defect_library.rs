//! The workspace's defect library as big steppers (one [`DefectRow`] per defect type); below,
//! each defect found with its photos.

use gendan_domain::inspection::DefectClass;
use leptos::prelude::*;

use super::defect_photos::DefectPhotos;
use super::defect_row::DefectRow;
use super::OpenInspection;
use crate::components::action_error::ActionError;
use crate::i18n::{use_i18n, Lang, K};
use gendan_domain::sorting::sort;

/// A library entry's name in the chosen language.
fn name_in(lang: Lang, d: &gendan_domain::workspace::DefectType) -> String {
    if lang == Lang::Zh {
        d.zh.clone()
    } else {
        d.en.clone()
    }
}

#[component]
pub fn DefectLibrary(open: OpenInspection, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = open.ctx;
    let library = move || {
        let lang = i18n.0.get();
        ctx.workspace.with(|w| {
            let mut v: Vec<(String, String, DefectClass)> = w
                .defects
                .values()
                .map(|d| (d.code.clone(), name_in(lang, d), d.default_class.clone()))
                .collect();
            sort(&mut v);
            v
        })
    };
    let name_of = move |code: &str| {
        let lang = i18n.0.get();
        ctx.workspace.with(|w| {
            w.defects
                .values()
                .find(|d| d.code == code)
                .map(|d| name_in(lang, d))
                .unwrap_or_else(|| code.to_string())
        })
    };
    let found = move || {
        open.insp.with(|i| {
            i.as_ref()
                .map(|i| {
                    i.defects
                        .iter()
                        .filter(|(_, d)| d.count > 0)
                        .map(|(k, d)| (k.clone(), d.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <section class="card section" data-testid="defect-library">
            <h3>{move || i18n.t(K::Defects)}</h3>
            <ActionError error=error testid="inspection-error"/>
            <ul class="defect-list">
                {move || library().into_iter().map(|(code, name, class)| view! {
                    <DefectRow open=open error=error code=code name=name class=class/>
                }).collect_view()}
            </ul>
            <h4>{move || i18n.t(K::Photos)}</h4>
            <ul class="found-defects">
                <For each=found key=|(k, d)| (k.clone(), d.count, d.photos.len()) let:row>
                    <DefectPhotos ctx=ctx iid=open.iid defect_id=row.0.clone() name=name_of(&row.1.code) defect=row.1.clone()/>
                </For>
            </ul>
        </section>
    }
}
