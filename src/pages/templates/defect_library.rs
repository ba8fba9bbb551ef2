//! The workspace's defect library: the defect types inspectors tap, with their default class.

use gendan_domain::inspection::DefectClass;
use gendan_domain::workspace::DefectType;
use leptos::prelude::*;

use super::class_key;
use crate::components::action_error::ActionError;
use crate::i18n::{use_i18n, K};
use crate::pages::parties::{edit_ws, Ws};

#[component]
pub fn DefectLibraryCard(ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    let d_code = RwSignal::new(String::new());
    let d_zh = RwSignal::new(String::new());
    let d_en = RwSignal::new(String::new());
    let d_class = RwSignal::new(DefectClass::Major.code().to_string());
    let d_error = RwSignal::new(None::<String>);
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

    view! {
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
                            <strong>{d.code.clone()}" "{if lang == crate::i18n::Lang::Zh { d.zh.clone() } else { d.en.clone() }}</strong>
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
    }
}
