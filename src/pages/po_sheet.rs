//! 采购单 printed for its supplier at `#/orders/<id>/po/<po id>`: one purchase order on A4 with
//! bilingual labels, like the order's other documents. What it holds is the domain's
//! ([`gendan_domain::po_sheet`]: never the buyer, the customer's PO or the order's selling
//! price); this page lays it out with the parties' names and addresses from the workspace.

use gendan_domain::po_sheet::PoSheet;
use gendan_domain::{Commercial, Order, Workspace};
use leptos::prelude::*;

use crate::i18n::{item_kind_text, use_i18n, Lang, K};
use crate::listing::fmt_price;
use crate::pages::documents::{bi, kv_row, print_page, today_both, with_address};
use crate::state::store::use_store;
use crate::Route;

/// What the page prints, read once: the order, its books when here, the workspace.
type Loaded = Result<(Order, Option<Commercial>, Workspace), String>;

#[component]
pub fn PoSheetPage(order_id: String, po_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let oid = order_id.clone();
    let loaded = LocalResource::new(move || {
        let oid = oid.clone();
        async move {
            let Some(repo) = store.repo() else {
                return Err::<_, String>(String::new());
            };
            let o = repo.order(&oid).await.map_err(|e| e.to_string())?;
            let c = repo.commercial(&oid).await.ok().flatten();
            Ok((o, c, repo.workspace_value().unwrap_or_default()))
        }
    });
    let print = move |_| print_page();
    let back = Route::OrderSection(order_id, "purchasing".into()).href();
    view! {
        <section class="page document-page">
            <div class="no-print doc-tools">
                <a class="back" href=back>{move || i18n.t(K::BackToOrder)}</a>
                <button class="primary" on:click=print data-testid="print">{move || i18n.t(K::PrintDoc)}</button>
            </div>
            <Suspense fallback=move || view! { <p class="muted">{move || i18n.t(K::Loading)}</p> }>
                {move || loaded.get().map(|r: Loaded| match r {
                    Err(e) => view! { <p class="card error" role="alert">{i18n.t(K::OrderNotFound)}" "{e}</p> }.into_any(),
                    Ok((o, c, w)) => match PoSheet::of(&o, &po_id, c.as_ref()) {
                        Some(s) => sheet(&s, &w).into_any(),
                        None => view! { <p class="card error" role="alert" data-testid="po-sheet-missing">{i18n.t(K::PoSheetNotFound)}</p> }.into_any(),
                    },
                })}
            </Suspense>
        </section>
    }
}

/// The sheet itself, on A4.
fn sheet(s: &PoSheet, w: &Workspace) -> impl IntoView {
    let date = today_both();
    let kv = kv_row;
    let us = if w.name.trim().is_empty() {
        "—".to_string()
    } else {
        w.name.clone()
    };
    let party = |id: &str| with_address(bi(K::RemovedParty), Some(id), w);
    let supplier = if s.supplier.is_empty() {
        String::new()
    } else {
        party(&s.supplier)
    };
    let deliver_to = s.deliver_to.as_deref().map(party).unwrap_or_default();
    let item = format!(
        "{} {}",
        item_kind_text(Lang::En, &s.item),
        item_kind_text(Lang::Zh, &s.item)
    );
    let qty = format!("{} {}", s.qty, s.unit).trim().to_string();
    let tolerance = if s.tolerance_bp > 0 {
        format!("± {} %", crate::pages::typed::bp_as_percent(s.tolerance_bp))
    } else {
        String::new()
    };
    let (price, amount) = match &s.price {
        Some(p) => (
            fmt_price(&p.currency, p.unit_price),
            p.amount
                .map(|a| fmt_price(&p.currency, a))
                .unwrap_or_else(|| "—".into()),
        ),
        None => (bi(K::PoSheetNoPrice), "—".into()),
    };
    view! {
        <article class="doc a4" data-testid="po-sheet">
            <header class="doc-head">
                <h1 data-testid="doc-title">{bi(K::PoSheetTitle)}</h1>
                <div class="doc-meta">
                    {kv(K::PoNo, s.po_no.clone(), "po-sheet-no")}
                    {kv(K::DocDate, date, "po-sheet-date")}
                </div>
            </header>
            {s.cancelled.then(|| view! { <p class="doc-cancelled" role="alert" data-testid="po-sheet-cancelled">{bi(K::PoSheetCancelled)}</p> })}
            <div class="doc-parties">
                {kv(K::DocBuyer, us, "po-sheet-buyer")}
                {kv(K::Supplier, supplier, "po-sheet-supplier")}
                {kv(K::PoSheetDeliverTo, deliver_to, "po-sheet-deliver-to")}
                {kv(K::PoSheetStyle, s.style_no.clone(), "po-sheet-style")}
            </div>
            <div class="doc-parties">
                {kv(K::ItemKindLabel, item, "po-sheet-item")}
                {kv(K::Description, s.description.clone(), "po-sheet-description")}
                {kv(K::PoSheetSpec, s.spec.clone(), "po-sheet-spec")}
                {kv(K::PoQty, qty, "po-sheet-qty")}
                {kv(K::PoSheetTolerance, tolerance, "po-sheet-tolerance")}
                {kv(K::UnitPrice, price, "po-sheet-price")}
                {kv(K::DocLineAmount, amount, "po-sheet-amount")}
                {kv(K::PoSheetDue, s.due.map(|d| d.to_string()).unwrap_or_default(), "po-sheet-due")}
            </div>
            <footer class="doc-sign">
                <div>{bi(K::DocSignature)}</div>
            </footer>
        </article>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    //! The sheet as a supplier's PDF would hold it, over an order whose buyer, customer PO and
    //! selling price must not show.
    use super::*;
    use crate::screen_tests::{mount, text_of};
    use gendan_domain::commercial::PoPrice;
    use gendan_domain::purchasing::PurchaseOrder;
    use gendan_domain::workspace::{Party, PartyKind};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_sheet_names_the_supplier_and_where_to_deliver_never_the_buyer_or_the_selling_price() {
        let mut o = Order::new();
        o.customer = "Nordic Wear".into();
        o.customer_po = "NW-SECRET-88".into();
        o.style_no = "ST-01".into();
        o.factory = Some("f".into());
        o.purchase_orders.insert(
            "po".into(),
            PurchaseOrder {
                po_no: "FAB-7".into(),
                supplier: "s".into(),
                description: "Cotton jersey".into(),
                qty: "1200".parse().expect("a quantity"),
                unit: "m".into(),
                tolerance_bp: 300,
                due: "2026-04-10".parse().ok(),
                ..PurchaseOrder::default()
            },
        );
        let mut c = Commercial::new("books", "USD");
        c.unit_price = "9.85".parse().ok();
        c.po_prices.insert(
            "po".into(),
            PoPrice {
                unit_price: "2.5".parse().ok(),
                currency: "CNY".into(),
            },
        );
        let mut w = Workspace {
            name: "Gendan Trading".into(),
            ..Workspace::default()
        };
        for (id, kind, name, address) in [
            ("s", PartyKind::Supplier, "Shaoxing Mill", "Keqiao"),
            ("f", PartyKind::Factory, "Ningbo Knit", "Yinzhou, Ningbo"),
        ] {
            w.parties.insert(
                id.into(),
                Party {
                    kind,
                    name: name.into(),
                    address: address.into(),
                    ..Party::default()
                },
            );
        }
        let s = PoSheet::of(&o, "po", Some(&c)).expect("the PO");
        let app = Owner::new();
        app.with(|| provide_context(crate::i18n::I18n(RwSignal::new(Lang::En))));
        let screen = mount(&app, move || sheet(&s, &w));
        let all = text_of("po-sheet").expect("drawn");
        for secret in ["Nordic Wear", "NW-SECRET-88", "9.85"] {
            assert!(!all.contains(secret), "{secret} in {all}");
        }
        assert!(text_of("po-sheet-supplier").is_some_and(|t| t.contains("Shaoxing Mill")));
        assert!(text_of("po-sheet-deliver-to").is_some_and(|t| t.contains("Yinzhou, Ningbo")));
        assert!(
            text_of("po-sheet-amount").is_some_and(|t| t.contains("3,000") || t.contains("3000"))
        );
        assert_eq!(text_of("po-sheet-tolerance").as_deref(), Some("± 3 %"));
        screen.leave();
    }
}
