//! One T&A template: its name, its milestones as compact rows and adding or removing them;
//! removing the whole template asks first.

use gendan_domain::tna::{Anchor, MilestoneTemplate, TnaTemplate};
use leptos::prelude::*;

use super::template_line::TemplateLine;
use crate::components::fold::OpenRow;
use crate::i18n::{use_i18n, K};
use crate::pages::parties::{edit_ws, Ws};
use crate::platform;
use gendan_domain::sorting::sort_by;

#[component]
pub fn TemplateCard(
    ws: Ws,
    tid: String,
    t: TnaTemplate,
    /// The page's open line.
    open: OpenRow,
) -> impl IntoView {
    let i18n = use_i18n();
    let mut lines: Vec<(String, MilestoneTemplate)> = t
        .milestones
        .iter()
        .map(|(k, m)| (k.clone(), m.clone()))
        .collect();
    sort_by(&mut lines, |a, b| a.0.cmp(&b.0));
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
        edit_ws(ws, move |w| {
            if let Some(t) = w.templates.get_mut(&t) {
                t.name = v;
            }
            Ok(())
        });
    };
    let remove = move |_| {
        let ok = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(&format!("{} {tpl_name}?", i18n.t(K::ConfirmRemoveTemplate)))
                    .ok()
            })
            .unwrap_or(false);
        if ok {
            let t = tid_del.clone();
            edit_ws(ws, move |w| {
                w.templates.remove(&t);
                Ok(())
            });
        }
    };
    let add_line = move |_| {
        let tid = tid_add.clone();
        let line = platform::new_record_id();
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
                    <input id=name_input data-testid="template-name" value={let n = t.name.clone(); move || crate::i18n::template_name(i18n.0.get(), &n)} on:change=rename/>
                </div>
                <button type="button" data-testid="template-remove" on:click=remove>{move || i18n.t(K::RemoveTemplate)}</button>
            </div>
            <ul class="fold-list" data-testid="template-lines">
                {lines.into_iter().map(|(lid, m)| view! { <TemplateLine ws=ws tid=tid.clone() lid=lid m=m open=open/> }).collect_view()}
            </ul>
            <button on:click=add_line data-testid="template-add-line">{move || i18n.t(K::AddMilestone)}</button>
        </section>
    }
}
