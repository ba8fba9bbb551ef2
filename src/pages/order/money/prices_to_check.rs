//! The books' prices to check: prices an old order document held that someone other than the
//! order's creator wrote (a factory, perhaps on purpose), copied in by the migration and used for
//! nothing until a person here confirms each, as shown or corrected (`gendan_domain::commercial::
//! PriceCheck`). Shown first in Money, because the plan, the payables and the invoices refuse them.

use gendan_domain::commercial::{Commercial, PriceCheck};
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use super::price_check_row::PriceCheckRow;
use crate::i18n::{use_i18n, K};

/// One price to check: the order's customer price (`po` is `None`) or a purchase order's.
#[derive(Clone, PartialEq)]
pub(super) struct Row {
    pub po: Option<String>,
    pub check: PriceCheck,
}

impl Row {
    /// The PO id, or empty for the order's price. With the copied price and its time it keys the
    /// row, so a check another device's migration replaced shows its own price to confirm.
    fn key(&self) -> String {
        self.po.clone().unwrap_or_default()
    }
}

fn rows_of(c: &Commercial) -> Vec<Row> {
    let order = c
        .unit_price_check
        .clone()
        .map(|check| Row { po: None, check });
    order
        .into_iter()
        .chain(c.po_price_checks.iter().map(|(id, check)| Row {
            po: Some(id.clone()),
            check: check.clone(),
        }))
        .collect()
}

#[component]
pub fn PricesToCheck(ctx: OrderCtx, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = Memo::new(move |_| {
        ctx.commercial
            .with(|c| c.as_ref().map(rows_of).unwrap_or_default())
    });
    view! {
        <Show when=move || rows.with(|r| !r.is_empty())>
            <div class="notice" data-testid="prices-to-check">
                <h4>{move || i18n.t(K::PricesToCheck)}</h4>
                <p class="muted">{move || i18n.t(K::PricesToCheckWhy)}</p>
                <For each=move || rows.get() key=|r| (r.key(), r.check.written_ms, r.check.price.map(|p| p.ten_thousandths())) let:row>
                    <PriceCheckRow ctx=ctx error=error po=row.po check=row.check/>
                </For>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Lang};
    use crate::screen_tests::{click, mount, text_of};
    use crate::state::store::provide_store;
    use crate::storage::agenda_tests::author;
    use crate::storage::tests::order;
    use crate::storage::Repo;
    use gendan_domain::Price;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    /// A price a factory wrote into an old order is shown with who wrote it; the books refuse to
    /// plan from it (said in words); confirming it writes the price and settles the check in one
    /// edit, and the card goes.
    #[wasm_bindgen_test]
    async fn a_price_to_check_names_its_writer_blocks_the_plan_and_is_confirmed() {
        let app = Owner::new();
        let name = format!("gendan-test-price-check-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = repo
            .create_order(&order("PO-CHECK"))
            .await
            .expect("created");
        let planted = Price::from_ten_thousandths(100);
        let (books, ()) = repo
            .edit_commercial(&id, move |c| {
                c.currency = "USD".into();
                c.unit_price = Some(planted);
                c.unit_price_check = Some(PriceCheck {
                    price: Some(planted),
                    currency: "USD".into(),
                    written_by: "li".into(),
                    device: "factory-tablet".into(),
                    written_ms: 0,
                });
                Ok(())
            })
            .await
            .expect("the books are written");
        app.with(|| {
            provide_context(I18n(RwSignal::new(Lang::En)));
            provide_store().opened(repo.clone());
        });
        let error = RwSignal::new(None::<String>);
        let ctx = app.with(|| OrderCtx::new(id.clone()));
        ctx.order.set(order("PO-CHECK"));
        ctx.commercial.set(Some(books));
        let screen = mount(&app, move || view! { <PricesToCheck ctx=ctx error=error/> });
        let text = text_of("prices-to-check").expect("shown");
        assert!(
            text.contains("li") && text.contains("factory-tablet") && text.contains("USD 0.01"),
            "{text}"
        );

        let plan = order("PO-CHECK");
        let refused = ctx
            .edit_commercial(move |c| c.plan_receivables(&plan))
            .await
            .expect_err("no plan from a price to check");
        assert!(
            refused.text.contains(K::ErrPriceToCheck.text(Lang::En)),
            "{}",
            refused.text
        );

        click("price-check-confirm");
        for _ in 0..100 {
            if text_of("prices-to-check").is_none() {
                break;
            }
            crate::platform::sleep_ms(20).await;
        }
        assert_eq!(text_of("prices-to-check"), None, "settled");
        let saved = repo.commercial(&id).await.expect("reads").expect("linked");
        assert_eq!(saved.unit_price_check, None);
        assert_eq!(saved.unit_price, Some(planted), "confirmed as shown");
        screen.leave();
    }

    #[wasm_bindgen_test]
    fn the_order_price_comes_first_then_each_po() {
        let mut c = Commercial::new("o", "USD");
        c.po_price_checks
            .insert("po2".into(), PriceCheck::default());
        c.unit_price_check = Some(PriceCheck::default());
        let keys: Vec<String> = rows_of(&c).iter().map(Row::key).collect();
        assert_eq!(keys, ["", "po2"]);
    }
}
