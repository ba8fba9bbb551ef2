//! One milestone of a template as a compact row (its name, when it falls — "Ex-factory −45
//! days" — and the record that completes it) that opens to its fields: name, anchor, offset and
//! link, each saved on change, and removing the line.

use gendan_domain::links::Link;
use gendan_domain::tna::{Anchor, MilestoneTemplate};
use leptos::prelude::*;

use crate::components::fold::{is_open, on_toggle, OpenRow};
use crate::i18n::{fill, link_key, milestone_name, use_i18n, I18n, Lang, K};
use crate::pages::parties::{edit_ws, Ws};
use crate::pages::typed;

#[component]
pub fn TemplateLine(
    ws: Ws,
    tid: String,
    lid: String,
    m: MilestoneTemplate,
    /// The page's open line (keyed by template and line: a copied template has the same lines).
    open: OpenRow,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = format!("{tid}/{lid}");
    let (shown, toggle) = (is_open(open, key.clone()), on_toggle(open, key));
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
        <li class="tpl-line" data-testid="template-line">
          <details class="fold" prop:open=shown on:toggle=toggle>
            <summary class="fold-row" data-testid="template-line-toggle">
                <span class="fold-main">
                    <span class="fold-name">{let name = m.name.clone(); move || milestone_name(i18n.0.get(), &name)}</span>
                    <span class="fold-sub">
                        <span>{let (a, o) = (m.anchor.clone(), m.offset_days); move || when_text(i18n.0.get(), &a, o)}</span>
                        {(link != Link::None && !link.is_money()).then(|| {
                            let l = link.clone();
                            view! { <span class="badge linked" data-testid="template-line-link">{move || link_text(i18n.0.get(), &l)}</span> }
                        })}
                        {link.is_money().then(|| view! {
                            <span class="warn-note small" data-testid="template-line-payment">{move || i18n.t(K::TemplatePaymentSkipped)}</span>
                        })}
                    </span>
                </span>
            </summary>
            <div class="fold-details tpl-fields">
            <div class="field">
                <label for=name_id.clone()>{move || i18n.t(K::MilestoneCol)}</label>
                <input id=name_id value={let n = m.name.clone(); move || milestone_name(i18n.0.get(), &n)} on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let (t, l) = (t1.clone(), l1.clone());
                    edit_ws(ws, move |w| { if let Some(m) = w.templates.get_mut(&t).and_then(|t| t.milestones.get_mut(&l)) { m.name = v; } Ok(()) });
                }/>
            </div>
            <div class="field">
                <label for=anchor_id.clone()>{move || i18n.t(K::TplAnchor)}</label>
                <select id=anchor_id on:change=move |ev| {
                    let v = Anchor::from_code(&event_target_value(&ev));
                    let (t, l) = (t2.clone(), l2.clone());
                    edit_ws(ws, move |w| { if let Some(m) = w.templates.get_mut(&t).and_then(|t| t.milestones.get_mut(&l)) { m.anchor = v; } Ok(()) });
                }>
                    <option value="order_date" selected=!is_xf>{move || i18n.t(K::OrderDate)}</option>
                    <option value="ex_factory" selected=is_xf>{move || i18n.t(K::ExFactory)}</option>
                </select>
            </div>
            <div class="field">
                <label for=off_id.clone()>{move || i18n.t(K::OffsetDays)}</label>
                <input id=off_id class="num" type="number" inputmode="numeric" data-testid="template-offset" value=m.offset_days.to_string() on:change=move |ev| {
                    if let Ok(v) = typed::signed_whole(i18n, &event_target_value(&ev)) {
                        let (t, l) = (t3.clone(), l3.clone());
                        edit_ws(ws, move |w| { if let Some(m) = w.templates.get_mut(&t).and_then(|t| t.milestones.get_mut(&l)) { m.offset_days = v; } Ok(()) });
                    }
                }/>
            </div>
            <div class="field">
                <label for=link_id.clone()>{move || i18n.t(K::TplLink)}</label>
                <select id=link_id data-testid="template-link" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let (t, l) = (t5.clone(), l5.clone());
                    edit_ws(ws, move |w| { if let Some(m) = w.templates.get_mut(&t).and_then(|t| t.milestones.get_mut(&l)) { m.code = v; } Ok(()) });
                }>
                    {link_options(i18n, &link)}
                </select>
            </div>
            <div class="actions">
                <button type="button" data-testid="template-line-remove" on:click=move |_| {
                    let (t, l) = (t4.clone(), l4.clone());
                    edit_ws(ws, move |w| { if let Some(t) = w.templates.get_mut(&t) { t.milestones.remove(&l); } Ok(()) });
                }>{move || i18n.t(K::Remove)}</button>
            </div>
            </div>
          </details>
        </li>
    }
}

/// The choices of link, the current one selected; a code this build does not know stays
/// selectable as itself so saving another field never drops it. Payment is offered only to a
/// line that has it already: no order takes such a line (`tna::follows_payment`).
fn link_options(i18n: I18n, current: &Link) -> impl IntoView {
    let mut links: Vec<Link> = Link::KNOWN
        .iter()
        .filter(|l| !l.is_money() || *l == current)
        .cloned()
        .collect();
    if let Link::Other(code) = current {
        links.push(Link::Other(code.clone()));
    }
    links
        .into_iter()
        .map(|l| {
            let selected = &l == current;
            let code = l.code().to_string();
            let label = link_text(i18n.0.get_untracked(), &l);
            view! { <option value=code selected=selected>{label}</option> }
        })
        .collect_view()
}

/// A link in words; a code this build does not know, as it is.
fn link_text(lang: Lang, l: &Link) -> String {
    match l {
        Link::Other(c) => c.clone(),
        known => link_key(known)
            .map(|k| k.text(lang).to_string())
            .unwrap_or_default(),
    }
}

/// When a line falls, "Ex-factory date −45 days" / "下单日期 +10 天".
fn when_text(lang: Lang, anchor: &Anchor, offset: i64) -> String {
    let name = match anchor {
        Anchor::ExFactory => K::ExFactory,
        _ => K::OrderDate,
    };
    let signed = match offset {
        0 => "0".to_string(),
        n if n > 0 => format!("+{n}"),
        n => format!("−{}", n.unsigned_abs()),
    };
    let key = if offset.abs() == 1 {
        K::TplWhenOne
    } else {
        K::TplWhen
    };
    fill(
        key.text(lang),
        &[("anchor", name.text(lang)), ("offset", &signed)],
    )
}
