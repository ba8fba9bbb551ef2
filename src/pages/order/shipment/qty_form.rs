//! A shipment's pieces by colour × size, entered by hand while it has no carton lines (a
//! shipment counted off the line, or packed by a subcontractor). Cells are read strictly
//! (`pages::typed`) and only changed cells are written, so two devices entering different cells
//! merge. Once carton lines exist, the matrix comes from them and this form gives way to a note;
//! the read-only matrix is in `figures.rs`. On a shipment that has left a change needs the card's
//! reason and is logged (`changes.rs`).

use gendan_domain::sorting::CollectMap;
use std::collections::BTreeMap;
use std::rc::Rc;

use gendan_domain::order::{cell_key, MAX_CELL_QTY};
use gendan_domain::shipment::changes::set_quantities;
use leptos::prelude::*;

use crate::pages::action::Submit;

use super::super::ctx::{OrderCtx, OrderEdit};
use super::changes::said;
use crate::i18n::{use_i18n, K};
use crate::pages::typed;

#[component]
pub fn ShipQtyForm(
    ctx: OrderCtx,
    sid: StoredValue<String>,
    /// Why a shipment that has left changes (asked on the card).
    reason: RwSignal<String>,
    error: RwSignal<Option<String>>,
    edit: Submit<OrderEdit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let has_lines = Memo::new(move |_| {
        ctx.order.with(|o| {
            o.shipments
                .get(&sid.get_value())
                .is_some_and(|s| !s.carton_lines.is_empty())
        })
    });
    let cells = RwSignal::new(ctx.order.with_untracked(|o| {
        o.shipments
            .get(&sid.get_value())
            .map(|s| {
                s.quantities
                    .iter()
                    .filter(|(_, q)| **q > 0)
                    .map(|(k, q)| (k.clone(), q.to_string()))
                    .collect_map()
            })
            .unwrap_or_default()
    }));
    let m = ctx.order.with_untracked(|o| o.quantities.clone());
    let sizes: Vec<(String, String)> = m
        .sizes_in_order()
        .into_iter()
        .map(|(id, l)| (id.to_string(), l.name.clone()))
        .collect();
    let colours: Vec<(String, String)> = m
        .colours_in_order()
        .into_iter()
        .map(|(id, l)| (id.to_string(), l.name.clone()))
        .collect();
    let names: BTreeMap<String, String> = colours
        .iter()
        .flat_map(|(c, cn)| {
            sizes
                .iter()
                .map(move |(s, sn)| (cell_key(c, s), format!("{cn} {sn}")))
        })
        .collect_map();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut read: Vec<(String, Option<u64>)> = Vec::new();
        for (k, text) in cells.get_untracked() {
            if text.trim().is_empty() {
                read.push((k, None));
                continue;
            }
            let label = names.get(&k).cloned().unwrap_or_default();
            let Some(q) = typed::or_say(
                error,
                typed::whole(i18n, &text, MAX_CELL_QTY).map_err(|e| format!("{label}: {e}")),
            ) else {
                return;
            };
            read.push((k, Some(q)));
        }
        let Some(note) = said(ctx, sid, reason, error, i18n) else {
            return;
        };
        error.set(None);
        let id = sid.get_value();
        // Only cells that changed are written (`set_quantities`): another device's cells stay.
        edit.dispatch(Rc::new(move |o| {
            set_quantities(o, &id, &read, &note.note())
        }));
    };
    let head = sizes
        .iter()
        .map(|(_, n)| view! { <th scope="col">{n.clone()}</th> })
        .collect_view();
    let rows = colours
        .iter()
        .map(|(cid, cname)| {
            let tds = sizes
                .iter()
                .map(|(s, sname)| {
                    let key = cell_key(cid, s);
                    let (k1, k2) = (key.clone(), key.clone());
                    view! {
                        <td>
                            <input class="qty" inputmode="numeric" aria-label=format!("{cname} {sname}")
                                data-testid="sq-cell" data-cell=key
                                prop:value=move || cells.with(|c| c.get(&k1).cloned().unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); cells.update(|c| { c.insert(k2.clone(), v); }); }/>
                        </td>
                    }
                })
                .collect_view();
            view! { <tr><th scope="row">{cname.clone()}</th>{tds}</tr> }
        })
        .collect_view();
    view! {
        <p class="muted" data-testid="ship-qty-from-cartons" prop:hidden=move || !has_lines.get()>{move || i18n.t(K::ShipQtyFromCartonsNote)}</p>
        <form class="ship-qty" data-testid="ship-qty-form" on:submit=save novalidate prop:hidden=move || has_lines.get()>
            <h5>{move || i18n.t(K::EnteredQtyTitle)}</h5>
            <div class="matrix-scroll">
                <table class="matrix">
                    <thead><tr><th scope="col">{move || format!("{} \\ {}", i18n.t(K::Colour), i18n.t(K::Size))}</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <button type="submit" data-testid="sq-save">{move || i18n.t(K::SaveShipQty)}</button>
        </form>
    }
}
