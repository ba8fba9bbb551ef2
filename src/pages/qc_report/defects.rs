//! The defects found, critical first, each named from the workspace's defect library in the
//! chosen language, with its class, count and note, and the total.

use gendan_domain::qc_report::QcReport;
use gendan_domain::Workspace;
use leptos::prelude::*;

use super::summary::defect_name;
use crate::components::side_scroll::SideScroll;
use crate::i18n::{Lang, K};
use crate::pages::order::ctx::code_text_in;

pub(super) fn defects(lang: Lang, r: &QcReport, w: &Workspace) -> impl IntoView {
    let body = if r.defects.is_empty() {
        view! { <p class="muted" data-testid="qc-no-defects">{K::QrNoDefects.text(lang)}</p> }
            .into_any()
    } else {
        let rows = r
            .defects
            .iter()
            .map(|d| {
                view! {
                    <tr data-testid="qc-defect" data-class=d.class.code().to_string()>
                        <th scope="row">{format!("{} · {}", d.code, defect_name(lang, w, &d.code))}</th>
                        <td>{code_text_in(lang, d.class.code())}</td>
                        <td class="num" data-testid="qc-defect-count">{d.count}</td>
                        <td>{d.note.clone()}</td>
                    </tr>
                }
            })
            .collect_view();
        let total = r.total_defects;
        view! {
            <SideScroll><table class="doc-table">
                <thead><tr>
                    <th scope="col">{K::QrDefectCol.text(lang)}</th>
                    <th scope="col">{K::QrClassCol.text(lang)}</th>
                    <th scope="col" class="num">{K::QrCountCol.text(lang)}</th>
                    <th scope="col">{K::QrNoteCol.text(lang)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
                <tfoot><tr>
                    <th scope="row" colspan="2">{K::QrTotalDefects.text(lang)}</th>
                    <td class="num" data-testid="qc-total-defects">{total}</td>
                    <td></td>
                </tr></tfoot>
            </table></SideScroll>
        }
        .into_any()
    };
    view! {
        <section class="qc-block" data-testid="qc-defects">
            <h2>{K::Defects.text(lang)}</h2>
            {body}
        </section>
    }
}
