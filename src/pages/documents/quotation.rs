//! 报价单 on A4 for the buyer: the latest round of quoting not withdrawn, from the order's
//! commercial document — the style and its colours, the pieces and delivery term it holds for,
//! the price per piece, how long it holds and what it includes — with bilingual labels like the
//! order's other documents. A device without the order's money (a factory's) prints nothing:
//! a quote is money.

use gendan_domain::quotes::{self, Quote};
use gendan_domain::{Commercial, Order, Workspace};
use leptos::prelude::*;

use super::{bi, kv_row, with_address};
use crate::components::side_scroll::SideScroll;
use crate::i18n::{use_i18n, Lang, K};
use crate::listing::{fmt_day, fmt_int, fmt_price};

/// The round the quotation prints: the latest not withdrawn, with its number.
pub(crate) fn printed(c: &Commercial) -> Option<(u32, Quote)> {
    quotes::rounds(c)
        .into_iter()
        .rev()
        .find(|(_, _, q)| q.withdrawn.is_none())
        .map(|(n, _, q)| (n, q.clone()))
}

fn both_days(d: Option<gendan_domain::Day>) -> String {
    d.map(|d| {
        let iso = d.to_string();
        format!("{} / {}", fmt_day(Lang::En, &iso), fmt_day(Lang::Zh, &iso))
    })
    .unwrap_or_default()
}

pub(super) fn render(o: &Order, c: Option<&Commercial>, w: &Workspace) -> AnyView {
    let i18n = use_i18n();
    let Some((round, q)) = c.and_then(printed) else {
        // Without the books this device knows no quote at all, rather than none made.
        let why = if c.is_some() {
            K::DocNoQuote
        } else {
            K::MoneyNotHere
        };
        return view! { <p class="card muted" data-testid="doc-no-quote">{move || i18n.t(why)}</p> }
            .into_any();
    };
    let kv = kv_row;
    let seller = if w.name.is_empty() {
        "—".to_string()
    } else {
        w.name.clone()
    };
    let buyer = with_address(
        w.customer_name(o).to_string(),
        o.customer_party.as_deref(),
        w,
    );
    let colours = o
        .quantities
        .colours_in_order()
        .into_iter()
        .map(|(_, l)| l.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let pieces = if q.pieces > 0 {
        q.pieces
    } else {
        o.quantities.total()
    };
    let term = format!("{} {}", q.incoterm, o.port_of_loading)
        .trim()
        .to_string();
    let price = fmt_price("", q.price);
    let cur = q.currency.clone();
    let what = format!("{} {}", o.style_no, o.description)
        .trim()
        .to_string();
    view! {
        <article class="doc a4" data-testid="document">
            <header class="doc-head">
                <h1 data-testid="doc-title">{bi(K::QuotationDoc)}</h1>
                <div class="doc-meta">
                    {kv(K::DocNumber, format!("QT-{}-{round}", o.name()), "doc-number")}
                    {kv(K::DocDate, both_days(q.made), "doc-date")}
                    {kv(K::DocQuoteRound, round.to_string(), "doc-round")}
                </div>
            </header>
            <div class="doc-parties">
                {kv(K::DocSeller, seller, "doc-seller")}
                <div class="kv"><span class="k">{bi(K::DocBuyer)}</span><span class="v" data-testid="doc-buyer">{buyer}</span></div>
                {kv(K::StyleNo, o.style_no.clone(), "doc-style")}
            </div>
            <SideScroll><table class="doc-table">
                <thead><tr>
                    <th scope="col">{bi(K::Description)}</th>
                    <th scope="col">{bi(K::Colour)}</th>
                    <th scope="col" class="num">{bi(K::PiecesCol)}</th>
                    <th scope="col">{bi(K::Incoterm)}</th>
                    <th scope="col" class="num">{format!("{} ({cur})", bi(K::UnitPrice))}</th>
                </tr></thead>
                <tbody>
                    <tr data-testid="doc-line">
                        <td>{what}</td>
                        <td>{colours}</td>
                        <td class="num">{fmt_int(pieces)}</td>
                        <td>{term}</td>
                        <td class="num" data-testid="doc-quote-price">{price}</td>
                    </tr>
                </tbody>
            </table></SideScroll>
            <div class="doc-parties">
                {kv(K::QuoteValidLabel, both_days(q.valid_until), "doc-valid")}
                {kv(K::QuoteNoteLabel, q.note.clone(), "doc-quote-note")}
            </div>
            <footer class="doc-sign">
                <div>{bi(K::DocSignature)}</div>
            </footer>
        </article>
    }
    .into_any()
}
