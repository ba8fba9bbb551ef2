//! 生产制单 on A4 for the factory and its departments: what
//! [`gendan_domain::production_sheet::ProductionSheet`] holds — never a price or the team's
//! reasons — laid out with bilingual labels like the order's other documents, the factory named
//! with its address from the workspace.

use gendan_domain::production_sheet::ProductionSheet;
use gendan_domain::{Order, Workspace};
use leptos::prelude::*;

use super::{bi, kv_row, today_both, with_address};
use crate::components::side_scroll::SideScroll;
use crate::i18n::{fill, item_kind_text, sample_kind_text, Lang, K};
use crate::listing::fmt_int;
use crate::pages::order::samples::result_key;
use crate::pages::reports::allowance_of;

/// Both languages' words for a text the i18n table gives per language.
fn both(f: impl Fn(Lang) -> String) -> String {
    format!("{} {}", f(Lang::En), f(Lang::Zh))
}

pub(super) fn render(o: &Order, w: &Workspace) -> impl IntoView {
    let s = ProductionSheet::of(o, allowance_of(Some(w)));
    let kv = kv_row;
    let factory = s
        .factory
        .as_deref()
        .map(|f| with_address(bi(K::RemovedParty), Some(f), w))
        .unwrap_or_default();
    let pm = crate::pages::typed::permille_as_percent;
    let allowance = format!(
        "−{} % / +{} %",
        pm(s.allowance.short_permille),
        pm(s.allowance.over_permille)
    );
    let head_cells = s
        .sizes
        .iter()
        .map(|n| view! { <th scope="col" class="num">{n.clone()}</th> })
        .collect_view();
    let rows = s
        .colours
        .iter()
        .map(|c| {
            let cells = c
                .pieces
                .iter()
                .map(|p| view! { <td class="num">{fmt_int(*p)}</td> })
                .collect_view();
            view! {
                <tr data-testid="ps-colour">
                    <th scope="row">{c.colour.clone()}</th>
                    {cells}
                    <td class="num">{fmt_int(c.total)}</td>
                </tr>
            }
        })
        .collect_view();
    let foot = s
        .size_totals
        .iter()
        .map(|t| view! { <td class="num">{fmt_int(*t)}</td> })
        .collect_view();
    let materials = s
        .materials
        .iter()
        .map(|m| {
            let what = format!(
                "{} · {} {}",
                both(|l| item_kind_text(l, &m.item)),
                m.description,
                m.spec
            );
            view! {
                <tr data-testid="ps-material">
                    <td>{m.po_no.clone()}</td>
                    <td>{what.trim().to_string()}</td>
                    <td class="num">{format!("{} {}", m.qty, m.unit).trim().to_string()}</td>
                    <td class="num">{format!("{} {}", m.in_house, m.unit).trim().to_string()}</td>
                    <td>{m.due.map(|d| d.to_string()).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let samples = s
        .samples
        .iter()
        .map(|n| {
            let (_, result) = result_key(&n.result);
            let comments = if n.comments.is_empty() {
                bi(K::PsNoComments)
            } else {
                n.comments.clone()
            };
            let kind = both(|l| sample_kind_text(l, &n.kind));
            view! {
                <li data-testid="ps-sample" data-approved=n.approved.to_string()>
                    <strong>{format!("{kind} #{}", n.round)}</strong>
                    {format!(" · {} · {comments}", bi(result))}
                    {n.sealed_at.as_ref().map(|place| view! {
                        <span data-testid="ps-sealed">{format!(" · {}", both(|l| fill(K::PsSealedAt.text(l), &[("place", place)])))}</span>
                    })}
                </li>
            }
        })
        .collect_view();
    let aql = format!(
        "{} {} · {} {} · {} {}",
        bi(K::AqlCritical),
        s.aqls.critical,
        bi(K::AqlMajor),
        s.aqls.major,
        bi(K::AqlMinor),
        s.aqls.minor
    );
    let has_materials = !s.materials.is_empty();
    let has_samples = !s.samples.is_empty();
    view! {
        <article class="doc a4" data-testid="document">
            <header class="doc-head">
                <h1 data-testid="doc-title">{bi(K::ProductionSheet)}</h1>
                <div class="doc-meta">
                    {kv(K::DocNumber, format!("PS-{}", s.style_no), "ps-number")}
                    {kv(K::DocDate, today_both(), "ps-date")}
                </div>
            </header>
            <div class="doc-parties">
                {kv(K::StyleNo, s.style_no.clone(), "ps-style")}
                {kv(K::Description, s.description.clone(), "ps-description")}
                {kv(K::FactoryCol, factory, "ps-factory")}
                {kv(K::ExFactory, s.ex_factory.map(|d| d.to_string()).unwrap_or_default(), "ps-ex-factory")}
                {kv(K::PsAllowance, allowance, "ps-allowance")}
            </div>
            <h2 class="doc-sub">{bi(K::PsQuantities)}</h2>
            <SideScroll><table class="doc-table">
                <thead><tr><th scope="col">{bi(K::Colour)}</th>{head_cells}<th scope="col" class="num">{bi(K::Total)}</th></tr></thead>
                <tbody>{rows}</tbody>
                <tfoot><tr><th scope="row">{bi(K::Total)}</th>{foot}<td class="num" data-testid="doc-total">{fmt_int(s.total)}</td></tr></tfoot>
            </table></SideScroll>
            {has_materials.then(|| view! {
                <h2 class="doc-sub">{bi(K::PsMaterials)}</h2>
                <SideScroll><table class="doc-table">
                    <thead><tr>
                        <th scope="col">{bi(K::PoNo)}</th>
                        <th scope="col">{bi(K::Description)}</th>
                        <th scope="col" class="num">{bi(K::PoQty)}</th>
                        <th scope="col" class="num">{bi(K::PsInHouse)}</th>
                        <th scope="col">{bi(K::RequiredDate)}</th>
                    </tr></thead>
                    <tbody>{materials}</tbody>
                </table></SideScroll>
            })}
            {has_samples.then(|| view! {
                <h2 class="doc-sub">{bi(K::PsSamples)}</h2>
                <ul class="doc-list">{samples}</ul>
            })}
            <h2 class="doc-sub">{bi(K::PsInspection)}</h2>
            <p data-testid="ps-aql">{aql}</p>
            <footer class="doc-sign">
                <div>{bi(K::DocSignature)}</div>
            </footer>
        </article>
    }
}
