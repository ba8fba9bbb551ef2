//! T&A templates (milestones with their anchor and offset in days) and the defect library, both
//! in the workspace document. Each change is saved as it is made. A new template starts empty or
//! as a copy of an existing one (most customers' calendars are variations of one house calendar).

use gendan_domain::inspection::DefectClass;
use gendan_domain::tna::{Anchor, MilestoneTemplate, TnaTemplate};
use gendan_domain::workspace::DefectType;
use leptos::prelude::*;

use crate::components::action_error::ActionError;
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
    let d_error = RwSignal::new(None::<String>);
    let t_name = RwSignal::new(String::new());
    let t_from = RwSignal::new(String::new());
    let t_error = RwSignal::new(None::<String>);
    let add_template = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = t_name.get_untracked().trim().to_string();
        if name.is_empty() {
            t_error.set(Some(i18n.t(K::ErrTemplateName).to_string()));
            return;
        }
        if ws.with_untracked(|w| w.templates.values().any(|t| t.name.trim() == name)) {
            t_error.set(Some(i18n.t(K::ErrTemplateExists).to_string()));
            return;
        }
        t_error.set(None);
        let from = t_from.get_untracked();
        let id = new_record_id();
        edit_ws(ws, move |w| {
            let milestones = w
                .templates
                .get(&from)
                .map(|t| t.milestones.clone())
                .unwrap_or_default();
            w.templates.insert(id, TnaTemplate { name, milestones });
            Ok(())
        });
        t_name.set(String::new());
    };
    let add_defect = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let code = d_code.get_untracked().trim().to_string();
        if code.is_empty() {
            d_error.set(Some(i18n.t(K::ErrDefectCode).to_string()));
            return;
        }
        if ws.with_untracked(|w| w.defects.contains_key(&code)) {
            d_error.set(Some(i18n.t(K::ErrDefectExists).to_string()));
            return;
        }
        d_error.set(None);
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
                    let (tid_name, tid_del) = (tid.clone(), tid.clone());
                    let tpl_name = t.name.clone();
                    let name_input = format!("tpl-{tid}-title");
                    let rename = move |ev: leptos::ev::Event| {
                        let v = event_target_value(&ev).trim().to_string();
                        if v.is_empty() {
                            return;
                        }
                        let t = tid_name.clone();
                        edit_ws(ws, move |w| { if let Some(t) = w.templates.get_mut(&t) { t.name = v; } Ok(()) });
                    };
                    let remove = move |_| {
                        let ok = web_sys::window()
                            .and_then(|w| w.confirm_with_message(&format!("{} {tpl_name}?", i18n.t(K::ConfirmRemoveTemplate))).ok())
                            .unwrap_or(false);
                        if ok {
                            let t = tid_del.clone();
                            edit_ws(ws, move |w| { w.templates.remove(&t); Ok(()) });
                        }
                    };
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
                            <div class="page-head">
                                <div class="field grow">
                                    <label for=name_input.clone()>{move || i18n.t(K::TemplateName)}</label>
                                    <input id=name_input data-testid="template-name" value=t.name.clone() on:change=rename/>
                                </div>
                                <button type="button" data-testid="template-remove" on:click=remove>{move || i18n.t(K::RemoveTemplate)}</button>
                            </div>
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
            <crate::pages::rules::WorkspaceRules ws=ws/>
            {templates}
            <section class="card">
                <h3>{move || i18n.t(K::NewTemplate)}</h3>
                <form on:submit=add_template class="grid" novalidate>
                    <div class="field"><label for="new-template-name">{move || i18n.t(K::TemplateName)}</label>
                        <input id="new-template-name" data-testid="new-template-name" prop:value=t_name on:input=move |ev| t_name.set(event_target_value(&ev))/></div>
                    <div class="field"><label for="new-template-from">{move || i18n.t(K::TemplateStartFrom)}</label>
                        <select id="new-template-from" data-testid="new-template-from" on:change=move |ev| t_from.set(event_target_value(&ev))>
                            <option value="" selected=true>{move || i18n.t(K::TemplateEmpty)}</option>
                            {move || ws.with(|w| w.templates.iter().map(|(k, t)| view! { <option value=k.clone()>{t.name.clone()}</option> }).collect_view())}
                        </select></div>
                    <div class="actions"><button type="submit" class="primary" data-testid="add-template">{move || i18n.t(K::AddItem)}</button></div>
                </form>
                <ActionError error=t_error testid="template-error"/>
            </section>
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
                <form on:submit=add_defect class="grid" novalidate>
                    <div class="field"><label for="defect-code">{move || i18n.t(K::DefectCode)}</label>
                        <input id="defect-code" data-testid="defect-code" prop:value=d_code on:input=move |ev| d_code.set(event_target_value(&ev))/></div>
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
                    <div class="actions"><button type="submit" class="primary" data-testid="add-defect">{move || i18n.t(K::AddItem)}</button></div>
                </form>
                <ActionError error=d_error testid="defect-error"/>
            </section>
        </section>
    }
}
