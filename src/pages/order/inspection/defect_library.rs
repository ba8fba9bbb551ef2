//! The workspace's defect library as big steppers: a tap counts one more (or one fewer) of a
//! defect; below, each defect found with its photos.

use std::rc::Rc;

use gendan_domain::inspection::{Defect, DefectClass, Inspection};
use leptos::prelude::*;

use super::super::ctx::{code_text, OrderCtx};
use super::defect_photos::DefectPhotos;
use super::{inspection_action, is_completed};
use crate::components::action_error::ActionError;
use crate::i18n::{use_i18n, Lang, K};
use crate::platform;

#[component]
pub fn DefectLibrary(
    ctx: OrderCtx,
    iid: StoredValue<String>,
    insp: Memo<Option<Inspection>>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edit = inspection_action(ctx, iid, error);
    let tap = move |code: String, class: DefectClass, delta: i32| {
        edit.dispatch_local(Rc::new(move |i| {
            let existing = i
                .defects
                .iter()
                .find(|(_, d)| d.code == code && d.class == class)
                .map(|(k, _)| k.clone());
            match existing {
                Some(k) => {
                    let d = i.defects.get_mut(&k).expect("found above");
                    d.count = if delta < 0 {
                        d.count.saturating_sub(1)
                    } else {
                        d.count.saturating_add(1)
                    };
                }
                None if delta > 0 => {
                    i.defects.insert(
                        platform::new_record_id(),
                        Defect {
                            code: code.clone(),
                            class: class.clone(),
                            count: 1,
                            ..Defect::default()
                        },
                    );
                }
                None => {}
            }
            Ok(())
        }));
    };
    let completed = move || is_completed(insp);
    let name_in = |lang: Lang, d: &gendan_domain::workspace::DefectType| {
        if lang == Lang::Zh {
            d.zh.clone()
        } else {
            d.en.clone()
        }
    };
    let library = move || {
        let lang = i18n.0.get();
        ctx.workspace.with(|w| {
            let mut v: Vec<_> = w
                .defects
                .values()
                .map(|d| (d.code.clone(), name_in(lang, d), d.default_class.clone()))
                .collect();
            v.sort();
            v
        })
    };
    let count_of = move |code: &str, class: &DefectClass| {
        insp.with(|i| {
            i.as_ref().map_or(0, |i| {
                i.defects
                    .values()
                    .filter(|d| d.code == code && &d.class == class)
                    .map(|d| d.count)
                    .sum::<u32>()
            })
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
    view! {
        <section class="card section" data-testid="defect-library">
            <h3>{move || i18n.t(K::Defects)}</h3>
            <ActionError error=error testid="inspection-error"/>
            <ul class="defect-list">
                {move || library().into_iter().map(|(code, name, class)| {
                    let (c1, c2) = (code.clone(), code.clone());
                    let (k1, k2, k3) = (class.clone(), class.clone(), class.clone());
                    let cnt_code = code.clone();
                    view! {
                        <li class="defect-row" data-testid="defect-type" data-code=code.clone()>
                            <span class="defect-name">{name}
                                <span class=format!("badge {}", class.code())>{code_text(i18n, class.code())}</span></span>
                            <span class="stepper">
                                <button type="button" class="step" aria-label=move || i18n.t(K::Fewer) data-testid="defect-minus"
                                    disabled=completed on:click=move |_| tap(c1.clone(), k1.clone(), -1)>"−"</button>
                                <span class="count" data-testid="defect-count">{move || count_of(&cnt_code, &k3)}</span>
                                <button type="button" class="step" aria-label=move || i18n.t(K::More) data-testid="defect-plus"
                                    disabled=completed on:click=move |_| tap(c2.clone(), k2.clone(), 1)>"+"</button>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h4>{move || i18n.t(K::Photos)}</h4>
            <ul class="found-defects">
                <For each=move || insp.with(|i| i.as_ref().map(|i| i.defects.iter().filter(|(_, d)| d.count > 0).map(|(k, d)| (k.clone(), d.clone())).collect::<Vec<_>>()).unwrap_or_default())
                    key=|(k, d)| (k.clone(), d.count, d.photos.len())
                    let:row>
                    <DefectPhotos ctx=ctx iid=iid defect_id=row.0.clone() name=name_of(&row.1.code) defect=row.1.clone()/>
                </For>
            </ul>
        </section>
    }
}
