//! Adds a template, empty or as a copy of an existing one (most customers' calendars are
//! variations of one house calendar); names must be unique.

use gendan_domain::tna::TnaTemplate;
use leptos::prelude::*;

use crate::components::action_error::ActionError;
use crate::i18n::{use_i18n, K};
use crate::pages::parties::{edit_ws, Ws};
use crate::platform;

#[component]
pub fn NewTemplate(ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
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
        let id = platform::new_record_id();
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
    view! {
    <section class="card">
        <h3>{move || i18n.t(K::NewTemplate)}</h3>
        <form on:submit=add_template class="grid" novalidate>
            <div class="field"><label for="new-template-name">{move || i18n.t(K::TemplateName)}</label>
                <input id="new-template-name" data-testid="new-template-name" prop:value=t_name on:input=move |ev| t_name.set(event_target_value(&ev))/></div>
            <div class="field"><label for="new-template-from">{move || i18n.t(K::TemplateStartFrom)}</label>
                <select id="new-template-from" data-testid="new-template-from" on:change=move |ev| t_from.set(event_target_value(&ev))>
                    <option value="" selected=true>{move || i18n.t(K::TemplateEmpty)}</option>
                    {move || ws.with(|w| w.templates.iter().map(|(k, t)| view! { <option value=k.clone()>{crate::i18n::template_name(i18n.0.get(), &t.name)}</option> }).collect_view())}
                </select></div>
            <div class="actions"><button type="submit" class="primary" data-testid="add-template">{move || i18n.t(K::AddItem)}</button></div>
        </form>
        <ActionError error=t_error testid="template-error"/>
    </section>
    }
}
