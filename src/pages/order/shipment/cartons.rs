//! A shipment's packing list: its carton lines in carton number order (range, packing, what one
//! carton holds, sides, CBM and weights), each editable and removable, carton numbers used twice
//! said, and the form to add the next range. On a shipment that has left, an edit or a removal
//! needs the card's reason and is logged (`changes.rs`).

use std::rc::Rc;

use gendan_domain::order::Order;
use gendan_domain::packing::{self, CartonLine, PackKind};
use gendan_domain::shipment::changes::remove_carton_line;
use leptos::prelude::*;

use crate::pages::action::Submit;

use super::super::ctx::{OrderCtx, OrderEdit};
use super::carton_draft::CartonDraft;
use super::carton_form::CartonForm;
use super::changes::said;
use crate::i18n::{fill, use_i18n, K};
use gendan_domain::sorting::sort_by_key;

/// What one carton holds, in words: "Navy S 6 · M 12 · L 6 (1:2:1)".
pub(super) fn holds(o: &Order, l: &CartonLine) -> String {
    let q = &o.quantities;
    let name = |map: &gendan_domain::RecordMap<gendan_domain::order::Line>, id: &str| {
        map.get(id)
            .map_or_else(|| "?".to_string(), |l| l.name.clone())
    };
    let mut colour = String::new();
    let mut parts = Vec::new();
    for (sid, _) in q.sizes_in_order() {
        for (k, n) in &l.per_carton {
            if let Some((c, s)) = k.split_once(':') {
                if s == sid.as_str() {
                    colour = name(&q.colours, c);
                    parts.push(format!("{} {n}", name(&q.sizes, s)));
                }
            }
        }
    }
    let ratio = if l.pack == PackKind::Ratio {
        let r: Vec<String> = l.ratio().values().map(u64::to_string).collect();
        format!(" ({})", r.join(":"))
    } else {
        String::new()
    };
    format!("{colour} {}{ratio}", parts.join(" · "))
}

#[component]
pub fn CartonLines(
    ctx: OrderCtx,
    sid: StoredValue<String>,
    /// Why a shipment that has left changes (asked on the card).
    reason: RwSignal<String>,
    error: RwSignal<Option<String>>,
    edit: Submit<OrderEdit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = CartonDraft::new();
    let next = ctx.order.with_untracked(|o| {
        o.shipments
            .get(&sid.get_value())
            .map_or(1, |s| packing::next_carton(&s.carton_lines))
    });
    d.clear(next);
    let lines = move || {
        ctx.order.with(|o| {
            let mut v: Vec<(String, CartonLine, String)> = o
                .shipments
                .get(&sid.get_value())
                .map(|s| {
                    s.carton_lines
                        .iter()
                        .map(|(k, l)| (k.clone(), l.clone(), holds(o, l)))
                        .collect()
                })
                .unwrap_or_default();
            sort_by_key(&mut v, |(k, l, _)| (l.from, k.clone()));
            v
        })
    };
    // Said by their carton numbers: a line's id means nothing to anyone.
    let overlaps = move || {
        ctx.order.with(|o| {
            let Some(s) = o.shipments.get(&sid.get_value()) else {
                return Vec::new();
            };
            let range = |id: &str| {
                s.carton_lines
                    .get(id)
                    .map_or_else(String::new, |l| format!("{}–{}", l.from, l.to))
            };
            packing::overlaps(&s.carton_lines)
                .into_iter()
                .map(|(a, b)| (range(&a), range(&b)))
                .collect::<Vec<_>>()
        })
    };
    let remove = move |lid: String| {
        let Some(note) = said(ctx, sid, reason, error, i18n) else {
            return;
        };
        let id = sid.get_value();
        edit.dispatch(Rc::new(move |o| {
            remove_carton_line(o, &id, &lid, &note.note())
        }));
    };
    view! {
        <h5>{move || i18n.t(K::CartonLinesTitle)}</h5>
        <ul class="carton-lines">
            <For each=lines key=|(k, l, h)| (k.clone(), l.clone(), h.clone()) let:row>
                {
                    let (lid, l, text) = row;
                    let (l2, lid2, lid3) = (l.clone(), lid.clone(), lid.clone());
                    let range = fill(i18n.t(K::CartonRange), &[("from", &l.from.to_string()), ("to", &l.to.to_string())]);
                    let sides = fill(i18n.t(K::CartonSize), &[("l", &packing::cm_text(l.length_mm)), ("w", &packing::cm_text(l.width_mm)), ("h", &packing::cm_text(l.height_mm))]);
                    view! {
                        <li data-testid="carton-line" data-from=l.from data-to=l.to>
                            <strong>{range}</strong>" · "<span data-testid="carton-holds">{text}</span>
                            <div class="muted">{format!("{sides} · {} m³ · {} / {} kg", l.carton_cbm(), l.net_kg, l.gross_kg)}</div>
                            <button type="button" data-testid="carton-edit" on:click=move |_| d.fill(&lid2, &l2)>{move || i18n.t(K::EditItem)}</button>
                            <button type="button" data-testid="carton-remove" on:click=move |_| remove(lid3.clone())>{move || i18n.t(K::Remove)}</button>
                        </li>
                    }
                }
            </For>
        </ul>
        {move || overlaps().into_iter().map(|(a, b)| {
            view! { <p class="warning" data-testid="carton-overlap">{fill(i18n.t(K::CartonOverlap), &[("a", &a), ("b", &b)])}</p> }
        }).collect_view()}
        <CartonForm ctx=ctx sid=sid d=d reason=reason error=error edit=edit/>
    }
}
