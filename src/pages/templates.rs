//! T&A templates (milestones with their anchor and offset in days) and the defect library, both
//! in the workspace document. Each change is saved as it is made.

use gendan_domain::inspection::DefectClass;
use gendan_domain::tna::{Anchor, MilestoneTemplate};
use gendan_domain::workspace::DefectType;
use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::pages::parties::{edit_ws, new_record_id, workspace_signal};

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
    let d_code = RwSignal::new(String::new());
    let d_zh = RwSignal::new(String::new());
    let d_en = RwSignal::new(String::new());
    let d_class = RwSignal::new(DefectClass::Major.code().to_string());
    let add_defect = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let code = d_code.get_untracked().trim().to_string();
        if code.is_empty() {
            return;
        }
        let d = DefectType {
            code: code.clone(),
            zh: d_zh.get_untracked().trim().into(),
            en: d_en.get_untracked().trim().into(),
            default_class: DefectClass::from_code(&d_class.get_untracked()),
        };
        edit_ws(ws, move |w| {
            w.defects.insert(code, d);
            Ok(())
        });
        for s in [d_code, d_zh, d_en] {
            s.set(String::new());
        }
    };

    let templates = move || {
        ws.with(|w| {
            w.templates
                .iter()
                .map(|(tid, t)| {
                    let mut lines: Vec<(String, MilestoneTemplate)> =
                        t.milestones.iter().map(|(k, m)| (k.clone(), m.clone())).collect();
                    lines.sort_by(|a, b| a.0.cmp(&b.0));
                    let tid_add = tid.clone();
                    let add_line = move |_| {
                        let tid = tid_add.clone();
                        let line = new_record_id();
                        edit_ws(ws, move |w| {
                            if let Some(t) = w.templates.get_mut(&tid) {
                                t.milestones.insert(
                                    format!("z{line}"),
                                    MilestoneTemplate {
                                        name: "New milestone 新节点".into(),
                                        anchor: Anchor::OrderDate,
                                        offset_days: 0,
                                        ..MilestoneTemplate::default()
                                    },
                                );
                            }
                            Ok(())
                        });
                    };
                    view! {
                        <section class="card" data-testid="template">
                            <h3>{t.name.clone()}</h3>
                            <div class="table-scroll">
                                <table class="data">
                                    <thead><tr>
                                        <th scope="col">{move || i18n.t(K::MilestoneCol)}</th>
                                        <th scope="col">{move || i18n.t(K::TplAnchor)}</th>
                                        <th scope="col">{move || i18n.t(K::OffsetDays)}</th>
                                        <th scope="col"><span class="visually-hidden">{move || i18n.t(K::Remove)}</span></th>
                                    </tr></thead>
                                    <tbody>
                                        {lines.into_iter().map(|(lid, m)| {
                                            let (t1, t2, t3, t4) = (tid.clone(), tid.clone(), tid.clone(), tid.clone());
                                            let (l1, l2, l3, l4) = (lid.clone(), lid.clone(), lid.clone(), lid.clone());
                                            let name_id = format!("tpl-{lid}-name");
                                            let anchor_id = format!("tpl-{lid}-anchor");
                                            let off_id = format!("tpl-{lid}-offset");
                                            let is_xf = m.anchor == Anchor::ExFactory;
                                            view! {
                                                <tr data-testid="template-line">
                                                    <td>
                                                        <label class="visually-hidden" for=name_id.clone()>{move || i18n.t(K::MilestoneCol)}</label>
                                                        <input id=name_id value=m.name.clone() on:change=move |ev| {
                                                            let v = event_target_value(&ev);
                                                            let (t, l) = (t1.clone(), l1.clone());
                                                            edit_ws(ws, move |w| { if let Some(m) = w.templates.get_mut(&t).and_then(|t| t.milestones.get_mut(&l)) { m.name = v; } Ok(()) });
                                                        }/>
                                                    </td>
                                                    <td>
                                                        <label class="visually-hidden" for=anchor_id.clone()>{move || i18n.t(K::TplAnchor)}</label>
                                                        <select id=anchor_id on:change=move |ev| {
                                                            let v = Anchor::from_code(&event_target_value(&ev));
                                                            let (t, l) = (t2.clone(), l2.clone());
                                                            edit_ws(ws, move |w| { if let Some(m) = w.templates.get_mut(&t).and_then(|t| t.milestones.get_mut(&l)) { m.anchor = v; } Ok(()) });
                                                        }>
                                                            <option value="order_date" selected=!is_xf>{move || i18n.t(K::OrderDate)}</option>
                                                            <option value="ex_factory" selected=is_xf>{move || i18n.t(K::ExFactory)}</option>
                                                        </select>
                                                    </td>
                                                    <td>
                                                        <label class="visually-hidden" for=off_id.clone()>{move || i18n.t(K::OffsetDays)}</label>
                                                        <input id=off_id class="num" type="number" inputmode="numeric" data-testid="template-offset" value=m.offset_days.to_string() on:change=move |ev| {
                                                            if let Ok(v) = event_target_value(&ev).trim().parse::<i64>() {
                                                                let (t, l) = (t3.clone(), l3.clone());
                                                                edit_ws(ws, move |w| { if let Some(m) = w.templates.get_mut(&t).and_then(|t| t.milestones.get_mut(&l)) { m.offset_days = v; } Ok(()) });
                                                            }
                                                        }/>
                                                    </td>
                                                    <td>
                                                        <button class="icon" aria-label=move || i18n.t(K::Remove) on:click=move |_| {
                                                            let (t, l) = (t4.clone(), l4.clone());
                                                            edit_ws(ws, move |w| { if let Some(t) = w.templates.get_mut(&t) { t.milestones.remove(&l); } Ok(()) });
                                                        }>"✕"</button>
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <button on:click=add_line data-testid="template-add-line">{move || i18n.t(K::AddMilestone)}</button>
                        </section>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <section class="page templates">
            <h2>{move || i18n.t(K::TemplatesTitle)}</h2>
            {templates}
            <section class="card">
                <h3>{move || i18n.t(K::DefectLibraryTitle)}</h3>
                <ul class="plain-list">
                    {move || ws.with(|w| w.defects.iter().map(|(code, d)| {
                        let lang = i18n.0.get();
                        let code = code.clone();
                        let label = format!("{} {}", K::Remove.text(lang), d.code);
                        view! {
                            <li class="party-row" data-testid="defect-row">
                                <div class="grow">
                                    <strong>{d.code.clone()}" "{d.zh.clone()}" / "{d.en.clone()}</strong>
                                    <div class="muted small">{class_key(&d.default_class).text(lang)}</div>
                                </div>
                                <button class="icon" aria-label=label on:click=move |_| {
                                    let code = code.clone();
                                    edit_ws(ws, move |w| { w.defects.remove(&code); Ok(()) });
                                }>"✕"</button>
                            </li>
                        }
                    }).collect_view())}
                </ul>
                <form on:submit=add_defect class="grid">
                    <div class="field"><label for="defect-code">{move || i18n.t(K::DefectCode)}</label>
                        <input id="defect-code" prop:value=d_code on:input=move |ev| d_code.set(event_target_value(&ev))/></div>
                    <div class="field"><label for="defect-zh">{move || i18n.t(K::NameZh)}</label>
                        <input id="defect-zh" prop:value=d_zh on:input=move |ev| d_zh.set(event_target_value(&ev))/></div>
                    <div class="field"><label for="defect-en">{move || i18n.t(K::NameEn)}</label>
                        <input id="defect-en" prop:value=d_en on:input=move |ev| d_en.set(event_target_value(&ev))/></div>
                    <div class="field"><label for="defect-class">{move || i18n.t(K::DefectClassLabel)}</label>
                        <select id="defect-class" on:change=move |ev| d_class.set(event_target_value(&ev))>
                            {DefectClass::KNOWN.iter().map(|c| {
                                let key = class_key(c);
                                view! { <option value=c.code() selected=*c == DefectClass::Major>{move || i18n.t(key)}</option> }
                            }).collect_view()}
                        </select></div>
                    <div class="actions"><button type="submit" class="primary">{move || i18n.t(K::AddItem)}</button></div>
                </form>
            </section>
        </section>
    }
}
