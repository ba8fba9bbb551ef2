//! Documents out: quotation (`quotation.rs`, the latest round quoted to the buyer), proforma invoice, commercial invoice, packing list and production sheet
//! (`production_sheet.rs`, for the factory, without money) for one order, laid out for A4 and
//! printed from the browser. Labels are bilingual (English and Chinese) as export
//! documents usually are. Prices come from the commercial document when this device has it, else
//! from the order's unit price. At 360 px the item tables scroll sideways with a visible hint;
//! printed, they open to their full width on A4.
//!
//! The commercial invoice and the packing list print one shipment, picked on the page
//! (`shipment_pick.rs`): its quantities, cartons, weights and CBM (`shipment_figures.rs`), its
//! booking with the freight terms and cost; the picked shipment downloads as a CSV
//! (`shipment_csv.rs`, `csv_button.rs`).

mod csv_button;
mod production_sheet;
mod quotation;
pub(crate) mod shipment_csv;
pub(crate) mod shipment_figures;
mod shipment_pick;

use gendan_domain::{Commercial, Milli, Order, Price, Workspace};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::side_scroll::SideScroll;
use crate::i18n::{use_i18n, Lang, K};
use crate::listing::{fmt_day, fmt_int, fmt_price};
use crate::platform;
use crate::state::store::use_store;
use crate::{DocKind, Route};
use csv_button::ShipmentCsv;
use shipment_pick::ShipmentPick;

/// "Proforma Invoice 形式发票".
pub(crate) fn bi(k: K) -> String {
    format!("{} {}", k.text(Lang::En), k.text(Lang::Zh))
}

/// A labelled value of a printed document, left out when there is nothing to say.
pub(crate) fn kv_row(k: K, v: String, id: &'static str) -> Option<impl IntoView> {
    (!v.trim().is_empty()).then(|| {
        view! { <div class="kv"><span class="k">{bi(k)}</span><span class="v" data-testid=id>{v}</span></div> }
    })
}

/// Today in both languages, as a printed document is dated.
pub(crate) fn today_both() -> String {
    let today = platform::today().to_string();
    format!(
        "{} / {}",
        fmt_day(Lang::En, &today),
        fmt_day(Lang::Zh, &today)
    )
}

/// Opens the browser's print dialog (a document is saved as PDF from there).
pub(crate) fn print_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

fn title_key(kind: DocKind) -> K {
    match kind {
        DocKind::Proforma => K::ProformaInvoice,
        DocKind::Invoice => K::CommercialInvoice,
        DocKind::Packing => K::PackingList,
        DocKind::Production => K::ProductionSheet,
        DocKind::Quotation => K::QuotationDoc,
    }
}

/// One invoice line: colour, pieces, unit price, amount.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub colour: String,
    pub pieces: u64,
    pub price: Option<Price>,
    pub amount: Option<Price>,
}

/// Invoice lines by colour, priced from the commercial document when there is one.
pub(crate) fn lines(o: &Order, c: Option<&Commercial>) -> Vec<Line> {
    o.quantities
        .colours_in_order()
        .into_iter()
        .map(|(id, line)| {
            let pieces = o.quantities.colour_total(id.as_str());
            let price = c.and_then(|c| c.price_of(id.as_str()));
            Line {
                colour: line.name.clone(),
                pieces,
                price,
                amount: price.and_then(|p| p.times(pieces)),
            }
        })
        .collect()
}

#[component]
pub fn DocumentPage(id: String, kind: DocKind) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let data = RwSignal::new(None::<Result<(Order, Option<Commercial>, Workspace), String>>);
    // The shipment the invoice and packing list print; `None` is the last one that left.
    let pick = RwSignal::new(None::<String>);
    let oid = id.clone();
    // Background load of what the document prints; the page shows "loading" until then.
    spawn_local(async move {
        let Some(repo) = store.repo() else { return };
        let res = match repo.order(&oid).await {
            Ok(o) => {
                let c = repo.commercial(&oid).await.ok().flatten();
                let w = repo.workspace_value().unwrap_or_default();
                Ok((o, c, w))
            }
            Err(e) => Err(e.to_string()),
        };
        let _ = data.try_set(Some(res));
    });
    let print = move |_| print_page();
    let tabs = {
        let id = id.clone();
        DocKind::ALL
            .into_iter()
            .map(|k| {
                let key = title_key(k);
                view! {
                    <a class="button" class:primary=k == kind href=Route::Document(id.clone(), k).href()
                        aria-current=if k == kind { Some("page") } else { None }
                        data-testid=format!("doc-{}", k.code())>{move || i18n.t(key)}</a>
                }
            })
            .collect_view()
    };
    let back = Route::Order(id.clone()).href();
    view! {
        <section class="page document-page">
            <div class="no-print doc-tools">
                <a class="back" href=back>{move || i18n.t(K::BackToOrder)}</a>
                <div class="doc-tabs">{tabs}</div>
                <button class="primary" on:click=print data-testid="print">{move || i18n.t(K::PrintDoc)}</button>
            </div>
            {move || match data.get() {
                None => view! { <p class="muted">{i18n.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="card error">{i18n.t(K::OrderNotFound)}" "{e}</p> }.into_any(),
                Some(Ok((o, c, w))) if matches!(kind, DocKind::Proforma | DocKind::Production | DocKind::Quotation) => render(kind, &o, c.as_ref(), &w).into_any(),
                Some(Ok((o, c, w))) => {
                    let shown = shipment_figures::chosen(&o, pick.get().as_deref())
                        .map(|s| shipment_figures::as_shipped(&o, &s))
                        .unwrap_or_else(|| o.clone());
                    let has = !o.shipments.is_empty();
                    // The packing list goes to factories and forwarders: its file carries no
                    // money (prices and freight cost are the invoice's).
                    let money = (kind == DocKind::Invoice).then(|| c.clone()).flatten();
                    view! {
                        <ShipmentPick order=o.clone() pick=pick/>
                        {has.then(|| view! { <ShipmentCsv order=o.clone() commercial=money workspace=w.clone() pick=pick/> })}
                        {render(kind, &shown, c.as_ref(), &w)}
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Forwarder, vessel, container, B/L and ETD of each booked shipment, or nothing when none is booked.
fn shipping_block(o: &Order, w: &Workspace) -> Option<impl IntoView> {
    let rows: Vec<_> = o
        .shipments
        .values()
        .filter(|s| !s.vessel_or_flight.is_empty() || !s.transport_doc_no.is_empty() || !s.container_no.is_empty() || !s.booking.forwarder.is_empty() || !s.booking.forwarder_name.is_empty())
        .map(|s| {
            let kv = kv_row;
            let container = format!("{} {}", s.container_no, s.container_type).trim().to_string();
            view! {
                <div class="doc-parties" data-testid="doc-shipping">
                    {kv(K::Forwarder, forwarder(s, w), "doc-forwarder")}
                    {kv(K::DocVessel, s.vessel_or_flight.clone(), "doc-vessel")}
                    {kv(K::DocContainer, container, "doc-container")}
                    {kv(K::DocTransportNo, s.transport_doc_no.clone(), "doc-bl")}
                    {kv(K::DocEtd, s.etd.map(|d| d.to_string()).unwrap_or_default(), "doc-etd")}
                    {kv(K::FreightTerms, s.booking.freight_terms.as_ref().and_then(shipment_csv::terms_key).map(bi).unwrap_or_default(), "doc-freight-terms")}
                </div>
            }
        })
        .collect();
    (!rows.is_empty()).then(|| rows.into_iter().collect_view())
}

/// A party as a document names it: its current name and address when `id` is one of the
/// workspace's parties, else `kept` (the name the order kept, or "removed party").
pub(crate) fn with_address(kept: String, id: Option<&str>, w: &Workspace) -> String {
    match id.and_then(|id| w.parties.get(id)) {
        Some(p) if p.address.trim().is_empty() => p.name.clone(),
        Some(p) => format!("{}\n{}", p.name, p.address.trim()),
        None => kept,
    }
}

/// A shipment's forwarder in words: the party (name and address), else the name kept or typed.
fn forwarder(s: &gendan_domain::shipment::Shipment, w: &Workspace) -> String {
    let b = &s.booking;
    let kept = if b.forwarder_name.is_empty() {
        // Typed before forwarders were picked from the parties: the name itself.
        b.forwarder.clone()
    } else {
        b.forwarder_name.clone()
    };
    with_address(
        kept,
        Some(b.forwarder.as_str()).filter(|f| !f.is_empty()),
        w,
    )
}

fn render(kind: DocKind, o: &Order, c: Option<&Commercial>, w: &Workspace) -> AnyView {
    // For the factory: read from the order alone, never its books.
    if kind == DocKind::Production {
        return production_sheet::render(o, w).into_any();
    }
    if kind == DocKind::Quotation {
        return quotation::render(o, c, w);
    }
    let currency = c.map(|c| c.currency.clone()).unwrap_or_default();
    let number = format!(
        "{}-{}",
        match kind {
            DocKind::Proforma => "PI",
            DocKind::Invoice => "CI",
            DocKind::Packing => "PL",
            DocKind::Production => "PS",
            DocKind::Quotation => "QT",
        },
        o.name()
    );
    let date = today_both();
    let seller = if w.name.is_empty() {
        String::from("—")
    } else {
        w.name.clone()
    };
    let buyer = with_address(
        w.customer_name(o).to_string(),
        o.customer_party.as_deref(),
        w,
    );
    let factory = o
        .factory
        .as_deref()
        .filter(|f| !f.is_empty())
        .map(|f| with_address(bi(K::RemovedParty), Some(f), w))
        .unwrap_or_default();
    let ls = lines(o, c);
    let total_pcs: u64 = ls.iter().map(|l| l.pieces).sum();
    let total_amount = Price::sum(ls.iter().filter_map(|l| l.amount));
    let kv = |k: K, v: String| view! { <div class="kv"><span class="k">{bi(k)}</span><span class="v">{v}</span></div> };
    let head = view! {
        <header class="doc-head">
            <h1 data-testid="doc-title">{bi(title_key(kind))}</h1>
            <div class="doc-meta">
                {kv(K::DocNumber, number)}
                {kv(K::DocDate, date)}
                {kv(K::CustomerPo, o.customer_po.clone())}
            </div>
        </header>
        <div class="doc-parties">
            {kv(K::DocSeller, seller)}
            <div class="kv"><span class="k">{bi(K::DocBuyer)}</span><span class="v" data-testid="doc-buyer">{buyer}</span></div>
            {(!factory.is_empty()).then(|| view! {
                <div class="kv"><span class="k">{bi(K::FactoryCol)}</span><span class="v" data-testid="doc-factory">{factory.clone()}</span></div>
            })}
            {o.incoterm.as_ref().map(|i| kv(K::DocIncoterm, format!("{} {}", i.code().to_uppercase(), o.port_of_loading)))}
            {(!o.destination.is_empty()).then(|| kv(K::DocDestination, o.destination.clone()))}
            {o.ex_factory.map(|d| kv(K::ExFactory, d.to_string()))}
        </div>
    };
    // Shipping particulars belong on the commercial invoice and packing list (customs and the
    // buyer's bank read them there), not on a proforma, which precedes the booking.
    let shipping = (kind != DocKind::Proforma)
        .then(|| shipping_block(o, w))
        .flatten();
    let body = match kind {
        DocKind::Proforma | DocKind::Invoice => {
            let cur = currency.clone();
            let rows = ls
                .iter()
                .map(|l| {
                    let money = |p: Option<Price>| p.map(|p| fmt_price("", p)).unwrap_or_else(|| "—".into());
                    view! {
                        <tr data-testid="doc-line">
                            <td>{format!("{} {}", o.style_no, o.description).trim().to_string()}</td>
                            <td>{l.colour.clone()}</td>
                            <td class="num">{fmt_int(l.pieces)}</td>
                            <td class="num">{money(l.price)}</td>
                            <td class="num">{money(l.amount)}</td>
                        </tr>
                    }
                })
                .collect_view();
            let terms = c.map(|c| {
                let t = &c.terms;
                format!(
                    "{}% T/T deposit · balance {}",
                    t.deposit_bp as f64 / 100.0,
                    if t.balance_terms.is_empty() {
                        "T/T"
                    } else {
                        t.balance_terms.as_str()
                    }
                )
            });
            view! {
                <SideScroll><table class="doc-table">
                    <thead><tr>
                        <th scope="col">{bi(K::Description)}</th>
                        <th scope="col">{bi(K::Colour)}</th>
                        <th scope="col" class="num">{bi(K::PiecesCol)}</th>
                        <th scope="col" class="num">{format!("{} ({cur})", bi(K::UnitPrice))}</th>
                        <th scope="col" class="num">{format!("{} ({cur})", bi(K::DocLineAmount))}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot><tr>
                        <th scope="row" colspan="2">{bi(K::Total)}</th>
                        <td class="num">{fmt_int(total_pcs)}</td>
                        <td></td>
                        <td class="num" data-testid="doc-total">{total_amount.map(|p| fmt_price(&currency, p)).unwrap_or_else(|| "—".into())}</td>
                    </tr></tfoot>
                </table></SideScroll>
                {terms.map(|t| view! { <p class="small">{format!("{}: {t}", bi(K::DocPaymentTerms))}</p> })}
            }
            .into_any()
        }
        // (The production sheet returned above.)
        DocKind::Packing | DocKind::Production | DocKind::Quotation => {
            let sizes = o.quantities.sizes_in_order();
            let colours = o.quantities.colours_in_order();
            let head_cells = sizes
                .iter()
                .map(|(_, s)| view! { <th scope="col" class="num">{s.name.clone()}</th> })
                .collect_view();
            let rows = colours
                .iter()
                .map(|(cid, cl)| {
                    let cells = sizes
                        .iter()
                        .map(|(sid, _)| view! { <td class="num">{fmt_int(o.quantities.qty(cid.as_str(), sid.as_str()))}</td> })
                        .collect_view();
                    view! {
                        <tr data-testid="doc-line">
                            <th scope="row">{cl.name.clone()}</th>
                            {cells}
                            <td class="num">{fmt_int(o.quantities.colour_total(cid.as_str()))}</td>
                        </tr>
                    }
                })
                .collect_view();
            let foot = sizes
                .iter()
                .map(|(sid, _)| view! { <td class="num">{fmt_int(o.quantities.size_total(sid.as_str()))}</td> })
                .collect_view();
            let cartons: u64 = o.shipments.values().map(|s| s.cartons).sum();
            let total = |f: fn(&gendan_domain::shipment::Shipment) -> Milli| {
                o.shipments
                    .values()
                    .try_fold(Milli::default(), |a, s| a.checked_add(f(s)))
                    .filter(|m| m.thousandths() > 0)
            };
            let weights = [
                (K::DocGross, total(|s| s.gross_kg), "doc-gross"),
                (K::DocNet, total(|s| s.net_kg), "doc-net"),
                (K::DocCbm, total(|s| s.cbm), "doc-cbm"),
            ];
            view! {
                <SideScroll><table class="doc-table">
                    <thead><tr><th scope="col">{bi(K::Colour)}</th>{head_cells}<th scope="col" class="num">{bi(K::Total)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                    <tfoot><tr><th scope="row">{bi(K::Total)}</th>{foot}<td class="num" data-testid="doc-total">{fmt_int(total_pcs)}</td></tr></tfoot>
                </table></SideScroll>
                <div class="doc-parties">
                    {(cartons > 0).then(|| view! { <div class="kv"><span class="k">{bi(K::DocCartons)}</span><span class="v" data-testid="doc-cartons">{fmt_int(cartons)}</span></div> })}
                    {weights.into_iter().filter_map(|(k, v, id)| v.map(|v| view! {
                        <div class="kv"><span class="k">{bi(k)}</span><span class="v" data-testid=id>{v.to_string()}</span></div>
                    })).collect_view()}
                </div>
            }
            .into_any()
        }
    };
    view! {
        <article class="doc a4" data-testid="document">
            {head}
            {shipping}
            {body}
            <footer class="doc-sign">
                <div>{bi(K::DocSignature)}</div>
            </footer>
        </article>
    }
    .into_any()
}
