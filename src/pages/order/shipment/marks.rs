//! Shipping marks for one carton range of a shipment, printed on A4: for every carton a main mark
//! (buyer, PO, style, destination, "C/No. n of N" and the carton's QR code, which holds
//! `loading::barcode` — `PO/carton` — so the loading screen can scan it) and a side mark (what
//! the carton holds by colour and size, net and gross weight, outer measurement).
//!
//! The sheet is drawn over the app through a portal under `<body>`, so printing can hide
//! everything else (`style/order-sections.css`, "shipping marks") and the page holds only marks.

use gendan_domain::loading;
use gendan_domain::packing::{self, CartonLine};
use leptos::portal::Portal;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use super::cartons::holds;
use crate::components::qr_code::svg_markup;
use crate::i18n::{fill, use_i18n, K};
use gendan_domain::sorting::sort_by_key;

/// What a mark prints, read once from the order when the sheet opens.
#[derive(Clone, PartialEq)]
struct Heading {
    buyer: String,
    po: String,
    style: String,
    destination: String,
    total: u64,
}

#[component]
fn Mark(n: u32, h: Heading, line: CartonLine, holds: String) -> impl IntoView {
    let i18n = use_i18n();
    let code = loading::barcode(&h.po, n);
    let qr = svg_markup(&code).unwrap_or_default();
    let of = move || {
        fill(
            i18n.t(K::MarkCartonOf),
            &[("n", &n.to_string()), ("total", &h.total.to_string())],
        )
    };
    let sides = fill(
        i18n.t(K::CartonSize),
        &[
            ("l", &packing::cm_text(line.length_mm)),
            ("w", &packing::cm_text(line.width_mm)),
            ("h", &packing::cm_text(line.height_mm)),
        ],
    );
    let (net, gross) = (line.net_kg.to_string(), line.gross_kg.to_string());
    view! {
        <article class="mark-pair" data-testid="mark" data-carton=n>
            <section class="mark main-mark">
                <h4>{move || i18n.t(K::MainMark)}</h4>
                <div class="mark-qr" role="img" aria-label=fill(i18n.t(K::MarkBarcode), &[("code", &code)]) inner_html=qr></div>
                <p class="mark-buyer">{h.buyer.clone()}</p>
                <p>{move || i18n.t(K::MarkPo)}" "<strong data-testid="mark-po">{h.po.clone()}</strong></p>
                <p>{move || i18n.t(K::StyleNo)}" "{h.style.clone()}</p>
                <p>{move || i18n.t(K::Destination)}" "{h.destination.clone()}</p>
                <p class="mark-no" data-testid="mark-no">{of}</p>
            </section>
            <section class="mark side-mark">
                <h4>{move || i18n.t(K::SideMark)}</h4>
                <p>{move || i18n.t(K::MarkContents)}" "<span data-testid="mark-holds">{holds}</span></p>
                <p data-testid="mark-weights">{move || format!("{} · {}", fill(i18n.t(K::MarkNet), &[("kg", &net)]), fill(i18n.t(K::MarkGross), &[("kg", &gross)]))}</p>
                <p>{move || i18n.t(K::MarkMeas)}" "{sides}</p>
            </section>
        </article>
    }
}

/// The sheet itself: the range picked, its marks, and the tools (left out of the print).
#[component]
fn MarksSheet(
    h: Heading,
    lines: Vec<(CartonLine, String)>,
    shown: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let pick = RwSignal::new(0usize);
    let options = lines
        .iter()
        .enumerate()
        .map(|(i, (l, _))| {
            let r = fill(
                i18n.t(K::CartonRange),
                &[("from", &l.from.to_string()), ("to", &l.to.to_string())],
            );
            view! { <option value=i.to_string()>{r}</option> }
        })
        .collect_view();
    let empty = lines.is_empty();
    let marks = move || {
        let (l, text) = lines.get(pick.get())?.clone();
        let h = h.clone();
        Some(
            (l.from..=l.to)
                .map(|n| view! { <Mark n=n h=h.clone() line=l.clone() holds=text.clone()/> })
                .collect_view(),
        )
    };
    let print = move |_| {
        let _ = web_sys::window().map(|w| w.print());
    };
    view! {
        <div class="marks-sheet" data-testid="marks-sheet">
            <div class="marks-tools no-print">
                <h3>{move || i18n.t(K::MarksOpen)}</h3>
                <label>{move || i18n.t(K::MarksPick)}" "
                    <select data-testid="marks-range" on:change=move |ev| pick.set(event_target_value(&ev).parse().unwrap_or(0))>{options}</select>
                </label>
                <button type="button" data-testid="marks-print" on:click=print>{move || i18n.t(K::PrintDoc)}</button>
                <button type="button" data-testid="marks-close" on:click=move |_| shown.set(false)>{move || i18n.t(K::MarksClose)}</button>
            </div>
            {empty.then(|| view! { <p class="muted" data-testid="marks-none">{move || i18n.t(K::MarksNone)}</p> })}
            <div class="marks">{marks}</div>
        </div>
    }
}

#[component]
pub fn ShippingMarks(
    ctx: OrderCtx,
    sid: StoredValue<String>,
    shown: RwSignal<bool>,
) -> impl IntoView {
    // The shipment's carton lines in carton order, with what each carton holds in words.
    let (h, lines) = ctx.order.with_untracked(|o| {
        let s = o
            .shipments
            .get(&sid.get_value())
            .cloned()
            .unwrap_or_default();
        let buyer = ctx
            .workspace
            .with_untracked(|w| w.customer_name(o).to_string());
        let h = Heading {
            buyer,
            po: o.customer_po.clone(),
            style: o.style_no.clone(),
            destination: o.destination.clone(),
            total: s.figures().cartons,
        };
        let mut v: Vec<(CartonLine, String)> = s
            .carton_lines
            .values()
            .map(|l| (l.clone(), holds(o, l)))
            .collect();
        sort_by_key(&mut v, |(l, _)| (l.from, l.to));
        (h, v)
    });
    view! {
        <Portal>
            <MarksSheet h=h.clone() lines=lines.clone() shown=shown/>
        </Portal>
    }
}
