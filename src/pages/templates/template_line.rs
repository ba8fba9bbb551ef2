//! One milestone of a template as a table row: name, anchor, offset and the record that completes
//! it (its link), each saved on change.

use gendan_domain::links::Link;
use gendan_domain::tna::{Anchor, MilestoneTemplate};
use leptos::prelude::*;

use crate::i18n::{link_key, use_i18n, I18n, K};
use crate::pages::parties::{edit_ws, Ws};
use crate::pages::typed;

#[component]
pub fn TemplateLine(ws: Ws, tid: String, lid: String, m: MilestoneTemplate) -> impl IntoView {
    let i18n = use_i18n();
    let (t1, t2, t3, t4, t5) = (tid.clone(), tid.clone(), tid.clone(), tid.clone(), tid);
    let (l1, l2, l3, l4, l5) = (
        lid.clone(),
        lid.clone(),
        lid.clone(),
        lid.clone(),
        lid.clone(),
    );
    let link_id = format!("tpl-{lid}-link");
    let link = Link::from_code(&m.code);
    let name_id = format!("tpl-{lid}-name");
    let anchor_id = format!("tpl-{lid}-anchor");
    let off_id = format!("tpl-{lid}-offset");
    let is_xf = m.anchor == Anchor::ExFactory;
    view! {
        <tr data-testid="template-line">
            <td>
                <label class="visually-hidden" for=name_id.clone()>{move || i18n.t(K::MilestoneCol)}</label>
                <input id=name_id value={let n = m.name.clone(); move || crate::i18n::milestone_name(i18n.0.get(), &n)} on:change=move |ev| {
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
                    if let Ok(v) = typed::signed_whole(i18n, &event_target_value(&ev)) {
                        let (t, l) = (t3.clone(), l3.clone());
                        edit_ws(ws, move |w| { if let Some(m) = w.templates.get_mut(&t).and_then(|t| t.milestones.get_mut(&l)) { m.offset_days = v; } Ok(()) });
                    }
                }/>
            </td>
            <td>
                <label class="visually-hidden" for=link_id.clone()>{move || i18n.t(K::TplLink)}</label>
                <select id=link_id data-testid="template-link" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let (t, l) = (t5.clone(), l5.clone());
                    edit_ws(ws, move |w| { if let Some(m) = w.templates.get_mut(&t).and_then(|t| t.milestones.get_mut(&l)) { m.code = v; } Ok(()) });
                }>
                    {link_options(i18n, &link)}
                </select>
            </td>
            <td>
                <button class="icon" aria-label=move || i18n.t(K::Remove) on:click=move |_| {
                    let (t, l) = (t4.clone(), l4.clone());
                    edit_ws(ws, move |w| { if let Some(t) = w.templates.get_mut(&t) { t.milestones.remove(&l); } Ok(()) });
                }>"✕"</button>
            </td>
        </tr>
    }
}

/// The choices of link, the current one selected; a code this build does not know stays
/// selectable as itself so saving another field never drops it.
fn link_options(i18n: I18n, current: &Link) -> impl IntoView {
    let mut links: Vec<Link> = Link::KNOWN.to_vec();
    if let Link::Other(code) = current {
        links.push(Link::Other(code.clone()));
    }
    links
        .into_iter()
        .map(|l| {
            let selected = &l == current;
            let code = l.code().to_string();
            let label = match &l {
                Link::Other(c) => c.clone(),
                known => link_key(known)
                    .map(|k| i18n.t(k).to_string())
                    .unwrap_or_default(),
            };
            view! { <option value=code selected=selected>{label}</option> }
        })
        .collect_view()
}
