//! A shipment's figures as the packing list prints them — cartons, pieces, CBM, net and gross
//! weight — and its colour × size matrix, all derived (`Shipment::figures`): from its carton lines,
//! else from the pieces entered, else as typed on a shipment recorded before carton lines.

use std::rc::Rc;

use gendan_domain::shipment::FigureSource;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use super::matrix_view::MatrixView;
use crate::i18n::{use_i18n, K};
use crate::listing::fmt_int;

#[component]
pub fn ShipmentFigures(ctx: OrderCtx, sid: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let figures = Memo::new(move |_| {
        ctx.order
            .with(|o| o.shipments.get(&sid.get_value()).map(|s| s.figures()))
    });
    let title = move || {
        let k = match figures.get().map(|f| f.source) {
            Some(FigureSource::Cartons) => K::ShipTotalsDerived,
            Some(FigureSource::Entered) => K::ShipTotalsEntered,
            _ => K::ShipTotalsLegacy,
        };
        i18n.t(k)
    };
    let source = move || {
        figures.get().map_or("", |f| match f.source {
            FigureSource::Cartons => "cartons",
            FigureSource::Entered => "entered",
            FigureSource::Legacy => "legacy",
        })
    };
    let fig = move |f: fn(&gendan_domain::shipment::ShipFigures) -> String| {
        move || figures.get().map(|x| f(&x)).unwrap_or_default()
    };
    let matrix = move || {
        let f = figures.get()?;
        if f.cells.is_empty() {
            return None;
        }
        let m = ctx.order.with(|o| o.quantities.clone());
        let cells = Rc::new(f.cells);
        let c2 = cells.clone();
        let cell = Rc::new(move |k: &str| cells.get(k).map(|q| fmt_int(*q)).unwrap_or_default());
        let total = Rc::new(move |colour: &str| {
            let pre = format!("{colour}:");
            fmt_int(
                c2.iter()
                    .filter(|(k, _)| colour.is_empty() || k.starts_with(&pre))
                    .map(|(_, q)| q)
                    .sum(),
            )
        });
        Some(view! {
            <h5>{move || i18n.t(K::ShipMatrixTitle)}</h5>
            <MatrixView matrix=m cell=cell total=total testid="ship-matrix"/>
        })
    };
    view! {
        <div class="ship-figures" data-testid="ship-figures" data-source=source>
            <h5>{title}</h5>
            <dl class="facts">
                <dt>{move || i18n.t(K::Cartons)}</dt><dd data-testid="sf-cartons">{fig(|f| fmt_int(f.cartons))}</dd>
                <dt>{move || i18n.t(K::ShipPieces)}</dt><dd data-testid="sf-pieces">{fig(|f| fmt_int(f.pieces))}</dd>
                <dt>{move || i18n.t(K::Cbm)}</dt><dd data-testid="sf-cbm">{fig(|f| f.cbm.to_string())}</dd>
                <dt>{move || i18n.t(K::NetKg)}</dt><dd data-testid="sf-net">{fig(|f| f.net_kg.to_string())}</dd>
                <dt>{move || i18n.t(K::GrossKg)}</dt><dd data-testid="sf-gross">{fig(|f| f.gross_kg.to_string())}</dd>
            </dl>
            {matrix}
        </div>
    }
}
