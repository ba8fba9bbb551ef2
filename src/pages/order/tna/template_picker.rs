//! Applying a workspace T&A template to the order: its milestones, planned back from the
//! ex-factory date.

use gendan_domain::tna;
use gendan_domain::{DomainError, RecordId};
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use crate::components::text_input::unique_id;
use crate::i18n::{use_i18n, K};
use crate::pages::action::edit_action;
use crate::platform;

#[component]
pub fn TemplatePicker(
    ctx: OrderCtx,
    /// The section's error line.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let template = RwSignal::new(String::new());
    let apply_action = edit_action(error, move |t: tna::TnaTemplate| {
        ctx.edit(move |o| {
            tna::apply_template(o, &t, || {
                RecordId::from_random(platform::random_bytes::<8>())
            });
            Ok::<_, DomainError>(())
        })
    });
    let apply = move |_| {
        let key = template.get_untracked();
        let t = ctx.workspace.with_untracked(|w| {
            w.templates
                .get(&key)
                .or_else(|| w.templates.values().next())
                .cloned()
        });
        let Some(t) = t else {
            error.set(Some(i18n.t(K::NoTemplates).to_string()));
            return;
        };
        apply_action.dispatch(t);
    };
    let tid = unique_id("tpl");
    view! {
        <div class="inline-form">
            <div class="field">
                <label for=tid.clone()>{move || i18n.t(K::Template)}</label>
                <select id=tid data-testid="tna-template" on:change=move |ev| template.set(event_target_value(&ev))>
                    {move || ctx.workspace.with(|w| w.templates.iter().map(|(k, t)| (k.clone(), crate::i18n::template_name(i18n.0.get(), &t.name))).collect::<Vec<_>>())
                        .into_iter().map(|(k, name)| view! { <option value=k>{name}</option> }).collect_view()}
                </select>
            </div>
            <button type="button" data-testid="apply-template" on:click=apply>{move || i18n.t(K::ApplyTemplate)}</button>
        </div>
    }
}
