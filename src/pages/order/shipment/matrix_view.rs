//! A colour × size table of figures, read only: a shipment's pieces, or the order's balance. The
//! order's colours and sizes give the rows and columns (in their order), so every table of the
//! order lines up with its matrix; the caller says what each cell shows.

use std::rc::Rc;

use gendan_domain::order::{cell_key, QuantityMatrix};
use leptos::prelude::*;

use crate::i18n::{use_i18n, K};

/// The text of one cell, given its `"{colour}:{size}"` key.
pub type CellText = Rc<dyn Fn(&str) -> String>;

#[component]
pub fn MatrixView(
    /// The order's matrix (for its colours and sizes).
    matrix: QuantityMatrix,
    cell: CellText,
    /// The row totals' and the grand total's text, by colour id ("" for the grand total).
    total: CellText,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let sizes: Vec<(String, String)> = matrix
        .sizes_in_order()
        .into_iter()
        .map(|(id, l)| (id.to_string(), l.name.clone()))
        .collect();
    let head = sizes
        .iter()
        .map(|(_, n)| view! { <th scope="col">{n.clone()}</th> })
        .collect_view();
    let rows = matrix
        .colours_in_order()
        .into_iter()
        .map(|(cid, line)| {
            let cid = cid.to_string();
            let tds = sizes
                .iter()
                .map(|(sid, _)| {
                    let key = cell_key(&cid, sid);
                    view! { <td class="num" data-testid=format!("{testid}-cell") data-cell=key.clone()>{cell(&key)}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{line.name.clone()}</th>
                    {tds}
                    <td class="num total">{total(&cid)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="matrix-scroll">
            <table class="matrix read-only" data-testid=testid>
                <thead>
                    <tr>
                        <th scope="col">{move || format!("{} \\ {}", i18n.t(K::Colour), i18n.t(K::Size))}</th>
                        {head}
                        <th scope="col">{move || i18n.t(K::Total)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{move || i18n.t(K::Total)}</th>
                        <td class="num total" colspan=sizes.len() + 1 data-testid=format!("{testid}-total")>{total("")}</td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}
