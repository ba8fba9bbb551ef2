//! One shipment as a compact row — number, mode and day, pieces, cartons, loaded / total and
//! whether it has left — that opens on a tap (`components::fold`) into its form, its figures, its
//! pieces entered by hand or its carton lines, loading, shipping marks and documents checklist,
//! which share the card's error line and its one way to commit an edit. Once it has left, the
//! card asks once for the reason a change to it is logged with (`changes.rs`), which its forms
//! share, and shows its log of changes.

use gendan_domain::loading::Progress;
use gendan_domain::shipment::changes;
use leptos::prelude::*;

use super::super::ctx::{code_text, day_text, OrderCtx, OrderEdit};
use super::arrival::ShipArrival;
use super::cartons::CartonLines;
use super::changes::{ShipChangeLog, ShipChangeReason};
use super::checklist::DocChecklist;
use super::figures::ShipmentFigures;
use super::form::ShipmentForm;
use super::incidents::ShipIncidents;
use super::loading::CartonLoading;
use super::marks::ShippingMarks;
use super::qty_form::ShipQtyForm;
use crate::components::fold::{is_open, on_toggle, OpenRow};
use crate::i18n::{fill, use_i18n, K};
use crate::listing::fmt_int;
use crate::pages::action::submit_action;

/// What the compact row shows.
#[derive(Clone, PartialEq, Default)]
struct Row {
    no: usize,
    mode: String,
    day: String,
    left: Option<String>,
    arrived: Option<String>,
    pieces: u64,
    cartons: u64,
    loading: Progress,
    /// Changed after it left by a device that did not know ([`changes::unlogged`]).
    unlogged: bool,
}

#[component]
pub fn ShipmentCard(ctx: OrderCtx, id: String, open: OpenRow) -> impl IntoView {
    let i18n = use_i18n();
    let sid = StoredValue::new(id.clone());
    let error = RwSignal::new(None::<String>);
    // Why a shipment that has left changes: asked once, used by every form below, and emptied
    // once an edit is saved, so a later change is never logged with an earlier one's reason.
    let reason = RwSignal::new(String::new());
    // Every change to this shipment goes through the order's one commit path.
    let edit = submit_action(
        error,
        move |f: OrderEdit| ctx.edit(move |o| f(o)),
        move |()| reason.set(String::new()),
    );
    let marks = RwSignal::new(false);
    let row = Memo::new(move |_| {
        ctx.order.with(|o| {
            let id = sid.get_value();
            let s = o.shipments.get(&id)?;
            let f = s.figures();
            Some(Row {
                no: crate::pages::documents::shipment_figures::in_order(o)
                    .iter()
                    .position(|(k, _)| *k == id)
                    .map_or(0, |i| i + 1),
                mode: s.mode.code().to_string(),
                day: day_text(s.shipped_on.or(s.etd)),
                left: s.shipped_on.map(|d| d.to_string()),
                arrived: s.arrived.as_ref().map(|a| day_text(a.on)),
                pieces: f.pieces,
                cartons: f.cartons,
                loading: s.loading(),
                unlogged: changes::unlogged(s).is_some(),
            })
        })
    });
    let r = move || row.get().unwrap_or_default();
    let name = move || {
        let r = r();
        let no = fill(i18n.t(K::ShipmentNo), &[("n", &r.no.to_string())]);
        // No day yet (neither shipped nor an ETD): no dangling separator.
        let mut parts = vec![no, code_text(i18n, &r.mode)];
        if !r.day.is_empty() {
            parts.push(r.day);
        }
        parts.join(" · ")
    };
    let (shown, toggle) = (is_open(open, id.clone()), on_toggle(open, id));
    view! {
        <li class="shipment" data-testid="shipment">
            <details class="fold" prop:open=shown on:toggle=toggle>
                <summary class="fold-row ship-row" data-testid="ship-toggle">
                    <span class="fold-name">{name}</span>
                    <span class="ship-sum" data-testid="ship-sum-pcs">{move || format!("{} {}", fmt_int(r().pieces), i18n.t(K::Pieces))}</span>
                    <span class="ship-sum" data-testid="ship-sum-cartons">{move || fill(i18n.t(K::ShipCartonsShort), &[("n", &fmt_int(r().cartons))])}</span>
                    <span class="ship-sum" data-testid="ship-sum-loaded">{move || {
                        let p = r().loading;
                        fill(i18n.t(K::LoadedShort), &[("n", &fmt_int(p.loaded)), ("total", &fmt_int(p.total))])
                    }}</span>
                    <span class=move || if r().left.is_some() { "badge done" } else { "badge" } data-testid="ship-sum-status">{move || match (r().arrived, r().left) {
                        (Some(d), _) => fill(i18n.t(K::ShipArrivedOn), &[("day", &d)]),
                        (None, Some(d)) => fill(i18n.t(K::ShipLeftOn), &[("day", &d)]),
                        (None, None) => i18n.t(K::NotShippedYet).to_string(),
                    }}</span>
                    <Show when=move || r().unlogged>
                        <span class="badge at-risk" data-testid="ship-sum-unlogged">{move || i18n.t(K::ShipSumUnlogged)}</span>
                    </Show>
                </summary>
                <div class="fold-body">
                    <ShipChangeReason ctx=ctx sid=sid reason=reason error=error edit=edit/>
                    <ShipmentForm ctx=ctx sid=sid change_reason=reason error=error edit=edit/>
                    <ShipArrival ctx=ctx sid=sid error=error edit=edit/>
                    <ShipIncidents ctx=ctx sid=sid error=error edit=edit/>
                    <ShipmentFigures ctx=ctx sid=sid/>
                    <ShipQtyForm ctx=ctx sid=sid reason=reason error=error edit=edit/>
                    <CartonLines ctx=ctx sid=sid reason=reason error=error edit=edit/>
                    <ShipChangeLog ctx=ctx sid=sid/>
                    <CartonLoading ctx=ctx sid=sid edit=edit/>
                    <button type="button" data-testid="marks-open" on:click=move |_| marks.set(true)>{move || i18n.t(K::MarksOpen)}</button>
                    <DocChecklist ctx=ctx sid=sid edit=edit/>
                </div>
            </details>
            <Show when=move || marks.get()>
                <ShippingMarks ctx=ctx sid=sid shown=marks/>
            </Show>
        </li>
    }
}
