//! The form that adds a purchase order: supplier, item, quantity, tolerance, price (where this
//! device holds the money) and the day it is needed. Its two pickers are under `po_form/`.

mod item_select;
mod supplier_select;

use gendan_domain::order::{Field, Issue};
use gendan_domain::purchasing::{self, ItemKind, PurchaseOrder};
use gendan_domain::{Day, Milli, Price};
use leptos::prelude::*;

use super::super::ctx::{field_error, parse_day, Failure, OrderCtx};
use super::parse_qty;
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;
use crate::Route;
use item_select::ItemSelect;
use supplier_select::{supplier_choices, SupplierSelect};

#[component]
pub fn PoForm(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let supplier = RwSignal::new(String::new());
    let item = RwSignal::new(ItemKind::Fabric.code().to_string());
    let po_no = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let qty = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    // Over-delivery tolerance in percent (3 = 3 %): accepted goods beyond it are not paid.
    let tolerance = RwSignal::new(String::new());
    let price = RwSignal::new(String::new());
    // A PO's currency is its own (an RMB fabric PO on a USD order); blank means the order's.
    let po_currency = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    // What was typed stays when the edit is refused, so it can be corrected.
    let add = submit_action(
        error,
        move |(po, p, cur): (PurchaseOrder, Option<Price>, String)| add_po(ctx, po, p, cur),
        move |()| {
            for s in [po_no, description, qty, price, po_currency] {
                s.set(String::new());
            }
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = parse_po(
            &qty.get_untracked(),
            &price.get_untracked(),
            &due.get_untracked(),
            &po_currency.get_untracked(),
            &tolerance.get_untracked(),
        );
        let (q, p, d, cur, tol) = match parsed {
            Ok(v) => v,
            Err((field, issue)) => {
                error.set(Some(field_error(i18n, field, issue)));
                return;
            }
        };
        let po = PurchaseOrder {
            po_no: po_no.get_untracked().trim().to_string(),
            supplier: supplier.get_untracked(),
            item: ItemKind::from_code(&item.get_untracked()),
            description: description.get_untracked().trim().to_string(),
            qty: q,
            unit: unit.get_untracked().trim().to_string(),
            due: d,
            tolerance_bp: tol,
            ..PurchaseOrder::default()
        };
        add.dispatch((po, p, cur));
    };

    let suppliers = move || supplier_choices(ctx, i18n.0.get());
    view! {
        <form class="record-form" on:submit=submit novalidate>
            <h4>{move || i18n.t(K::AddPo)}</h4>
            <Show when=move || suppliers().is_empty()>
                <p class="gate-note warn-note" data-testid="po-no-suppliers">
                    {move || i18n.t(K::NoSuppliers)}" "
                    <a href=Route::Parties.href()>{move || i18n.t(K::PartiesTitle)}</a>
                </p>
            </Show>
            <div class="grid">
                <SupplierSelect ctx=ctx value=supplier/>
                <ItemSelect value=item/>
                <TextInput label=K::PoNo value=po_no testid="po-no"/>
                <TextInput label=K::Description value=description testid="po-description" factory_reads=true/>
                <TextInput label=K::PoQty value=qty inputmode="decimal" testid="po-qty"/>
                <TextInput label=K::Unit value=unit testid="po-unit"/>
                <TextInput label=K::PoTolerance value=tolerance inputmode="decimal" testid="po-tolerance"/>
                <Show when=move || !ctx.commercial_elsewhere.get()>
                    <TextInput label=K::UnitPrice value=price inputmode="decimal" testid="po-price"/>
                    <TextInput label=K::Currency value=po_currency testid="po-currency"/>
                </Show>
                <TextInput label=K::RequiredDate value=due kind="date" testid="po-due"/>
            </div>
            <ActionError error=error testid="po-error"/>
            <button type="submit" class="primary" data-testid="add-po">{move || i18n.t(K::AddPo)}</button>
        </form>
    }
}

/// Quantity, price, day needed, currency and tolerance, as [`parse_po`] reads them.
type Figures = (Milli, Option<Price>, Option<Day>, String, u32);

/// What the form's figures say, or the field that is wrong: quantity, price (blank: none), the
/// day needed, the PO's own currency (blank: the order's) and the tolerance in percent.
fn parse_po(
    qty: &str,
    price: &str,
    due: &str,
    currency: &str,
    tolerance: &str,
) -> Result<Figures, (Field, Issue)> {
    let q = parse_qty(qty, Field::Qty)?;
    let p = match price.trim() {
        "" => None,
        t => Some(
            t.parse::<Price>()
                .map_err(|e| (Field::UnitPrice, Issue::from(e)))?,
        ),
    };
    let d = parse_day(due).map_err(|_| (Field::RequiredDate, Issue::NotADate))?;
    let cur = currency.trim().to_uppercase();
    if !cur.is_empty() && (cur.len() != 3 || !cur.chars().all(|c| c.is_ascii_uppercase())) {
        return Err((Field::Currency, Issue::NotACurrency));
    }
    let tol = match tolerance.trim() {
        "" => 0,
        t => {
            let p = t
                .parse::<Price>()
                .map_err(|e| (Field::PoTolerance, Issue::from(e)))?;
            // Percent with two decimals (2.55 % = 255 basis points); finer is refused, not cut.
            if p.ten_thousandths() % 100 != 0 {
                return Err((Field::PoTolerance, Issue::TooPrecise));
            }
            u32::try_from(p.ten_thousandths() / 100)
                .map_err(|_| (Field::PoTolerance, Issue::Negative))?
        }
    };
    Ok((q, p, d, cur, tol))
}

/// Adds the PO to the order document, which a factory may receive, and its price only to the
/// commercial document.
async fn add_po(
    ctx: OrderCtx,
    po: PurchaseOrder,
    price: Option<Price>,
    currency: String,
) -> Result<(), Failure> {
    let po_id = platform::new_record_id();
    let pid = po_id.clone();
    // The price is written after an await: the order's id is read first, the page may be left.
    let oid = ctx.id();
    let standing = ctx.standing_of(&po.supplier);
    ctx.edit_order(oid.clone(), move |o| {
        purchasing::add(o, &pid, po, &standing)
    })
    .await?;
    if price.is_some() || !currency.is_empty() {
        ctx.edit_commercial_of(oid, move |c| {
            c.set_po_price(&po_id, price, &currency);
            Ok(())
        })
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! A supplier suspended after the form was drawn (in another tab, or merged in) gets no PO:
    //! the form reads the standing as the device holds it when the PO is placed.
    use super::*;
    use crate::screen_tests::{choose, click, loaded_order, mount, text_of, type_into, until};
    use crate::storage::agenda_tests::repo_with_order;
    use gendan_domain::standing::{self, By, Standing};
    use gendan_domain::workspace::{Party, PartyKind};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_supplier_suspended_since_the_form_was_drawn_gets_no_po() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("po-form-suspended", "PO-FORM").await;
        repo.edit_workspace(|w| {
            let mill = Party {
                kind: PartyKind::Supplier,
                name: "Shaoxing Dyeing".into(),
                ..Party::default()
            };
            w.parties.insert("mill".into(), mill);
            Ok(())
        })
        .await
        .expect("a supplier");
        let ctx = loaded_order(&app, &repo, &id).await;
        let before = ctx.order.with_untracked(|o| o.purchase_orders.len());
        let screen = mount(&app, move || view! { <PoForm ctx=ctx/> });
        // Suspended elsewhere: the form's own copy of the workspace has not heard.
        repo.edit_workspace(|w| {
            let by = By {
                who: "Li",
                today: platform::today(),
                reason: "three lots off shade",
                change_id: "s1",
            };
            let mill = w.parties.get_mut("mill").expect("the mill");
            standing::set(mill, Standing::Suspended, by)
        })
        .await
        .expect("suspended");
        choose("po-supplier", "mill");
        type_into("po-description", "Jersey");
        type_into("po-qty", "1200");
        type_into("po-unit", "m");
        type_into("po-due", "2026-06-01");
        click("add-po");
        until(|| text_of("po-error").is_some_and(|t| !t.is_empty())).await;
        let said = text_of("po-error").unwrap_or_default();
        assert!(said.contains("suspended"), "{said}");
        let stored = repo.order(&id).await.expect("read");
        assert_eq!(stored.purchase_orders.len(), before, "no PO placed");
        screen.leave();
    }
}
