//! Purchasing (采购/物料跟进): the fabric, trims and subcontract work bought for the order — each PO
//! with its supplier from the workspace's parties, the two confirmations the house rules ask for
//! (传真确认 + 电话确认), partial deliveries with their incoming inspection, late POs in red and the
//! on-time status; and, where this device holds the order's money, the payables raised per PO.
//!
//! Every rule (what a PO needs, lateness, what is owed) is the domain's (`purchasing`,
//! `Commercial::add_payable_for_po`); this screen parses what is typed and shows what is derived.

mod close_short;
mod confirm_form;
mod deliveries;
mod delivery_form;
mod follow_ups;
mod pay_request_row;
pub(super) mod pay_requests;
mod po_card;
mod po_change;
mod po_facts;
mod po_form;
mod po_payables;
mod po_refunds;
mod refund_form;
mod request_form;
mod suspended;

use gendan_domain::order::{Field, Issue};
use gendan_domain::purchasing::{self, PoProgress};
use gendan_domain::Milli;
use leptos::prelude::*;

use super::ctx::OrderCtx;
use crate::i18n::{use_i18n, K};
use crate::platform;
use po_card::PoCard;

fn progress_key(p: PoProgress) -> (&'static str, K) {
    match p {
        PoProgress::Unconfirmed => ("unconfirmed", K::PoUnconfirmed),
        PoProgress::Confirmed => ("confirmed", K::PoConfirmed),
        PoProgress::Partial => ("partial", K::PoPartial),
        PoProgress::Complete => ("complete", K::PoComplete),
        PoProgress::Cancelled => ("cancelled", K::PoCancelledTag),
    }
}

use crate::i18n::incoming_key;

/// Parses a quantity (strictly: see `gendan_domain::number`), naming the input when it is not one.
fn parse_qty(text: &str, field: Field) -> Result<Milli, (Field, Issue)> {
    text.parse::<Milli>().map_err(|e| (field, Issue::from(e)))
}

#[component]
pub fn PurchasingSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    // Each card is drawn again when its PO changes; what its forms hold is kept here.
    crate::state::kept_input::provide_kept_input();
    let summary = move || {
        ctx.order
            .with(|o| purchasing::on_time_summary(o, platform::today()))
    };
    let ids = move || {
        ctx.order.with(|o| {
            purchasing::in_order(o)
                .into_iter()
                .map(|(id, _)| id.clone())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card section" data-testid="purchasing-section">
            <h3>{move || i18n.t(K::SecPurchasing)}</h3>
            {move || {
                let (late, on_time, decided) = summary();
                let any_late = late > 0;
                view! {
                    <p data-testid="po-summary" data-late=late.to_string()>
                        <span class:late-text=any_late>{late}" "{move || i18n.t(K::PoLateNow)}</span>
                        " · "{move || i18n.t(K::PoOnTimeRate)}" "{format!("{on_time}/{decided}")}
                    </p>
                }
            }}
            <Show when=move || ctx.order.with(|o| o.purchase_orders.is_empty())>
                <p class="muted">{move || i18n.t(K::NoPos)}</p>
            </Show>
            <ul class="records" data-testid="pos">
                <For each=ids key=|id| id.clone() let:id>
                    {
                        // The card reads its PO by id and is built again only when the PO changed.
                        let shown = Memo::new({
                            let id = id.clone();
                            move |_| ctx.order.with(|o| o.purchase_orders.get(&id).cloned())
                        });
                        move || shown.get().map(|po| view! { <PoCard ctx=ctx id=id.clone() po=po/> })
                    }
                </For>
            </ul>
            <po_form::PoForm ctx=ctx/>
        </section>
    }
}

/// Shared by the PO card's tests: an order with PO "pq" (F-9, 1,000) to the supplier "mill"
/// (Shaoxing Dyeing), suspended for "three lots off shade" under the change "s1".
#[cfg(test)]
pub(super) async fn order_with_a_suspended_mill(test: &str) -> (crate::storage::Repo, String) {
    use gendan_domain::purchasing::PurchaseOrder;
    use gendan_domain::standing::{self, By, Standing};
    use gendan_domain::workspace::{Party, PartyKind};
    let (repo, id) = crate::storage::agenda_tests::repo_with_order(test, "PO-MILL").await;
    repo.edit_workspace(|w| {
        let mut mill = Party {
            kind: PartyKind::Supplier,
            name: "Shaoxing Dyeing".into(),
            ..Party::default()
        };
        let by = By {
            who: "Li",
            today: platform::today(),
            reason: "three lots off shade",
            change_id: "s1",
        };
        standing::set(&mut mill, Standing::Suspended, by)?;
        w.parties.insert("mill".into(), mill);
        Ok(())
    })
    .await
    .expect("suspended");
    repo.edit_order(&id, |o| {
        o.purchase_orders.insert(
            "pq".into(),
            PurchaseOrder {
                po_no: "F-9".into(),
                supplier: "mill".into(),
                qty: "1000".parse().expect("a quantity"),
                ..PurchaseOrder::default()
            },
        );
        Ok(())
    })
    .await
    .expect("a PO placed on a device that had not heard");
    (repo, id)
}

#[cfg(test)]
mod tests {
    //! A PO's card is drawn again when its PO changes; half-typed input in its forms stays.
    use super::*;
    use crate::screen_tests::{loaded_order, mount, text_of, type_into, until, value_of};
    use crate::storage::agenda_tests::author;
    use crate::storage::tests::order;
    use crate::storage::Repo;
    use gendan_domain::purchasing::{Delivery, PurchaseOrder};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    /// Typed into the card, then the PO changes (here a delivery saved; a merge does the same):
    /// the card is drawn anew with what was typed still there, and the quantity offered for the
    /// next delivery is what is still to come now.
    #[wasm_bindgen_test]
    async fn half_typed_input_survives_the_card_being_drawn_again() {
        let app = Owner::new();
        let name = format!("gendan-test-po-card-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = repo.create_order(&order("PO-CARD")).await.expect("created");
        repo.edit_order(&id, |o| {
            o.purchase_orders.insert(
                "pq".into(),
                PurchaseOrder {
                    po_no: "F-9".into(),
                    qty: "1000".parse().expect("a quantity"),
                    ..PurchaseOrder::default()
                },
            );
            Ok(())
        })
        .await
        .expect("a PO");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(&app, move || view! { <PurchasingSection ctx=ctx/> });
        until(|| value_of("del-qty").as_deref() == Some("1000")).await;
        assert_eq!(
            value_of("del-qty").as_deref(),
            Some("1000"),
            "what is to come"
        );
        type_into("po-close-reason", "mill stopped the qual");
        type_into("del-note", "roll 3 of");
        type_into("fu-note", "called Mr W");
        // Another delivery saved (by this card's other form, or merged): the PO changes.
        ctx.edit(|o| {
            purchasing::record_delivery(
                o,
                "pq",
                "d1",
                Delivery {
                    date: Some(platform::today()),
                    qty: "400".parse().expect("a quantity"),
                    received_by: "wang".into(),
                    ..Delivery::default()
                },
                platform::today(),
            )
        })
        .await
        .expect("a delivery");
        until(|| text_of("deliveries").is_some_and(|t| t.contains("400"))).await;
        until(|| value_of("del-qty").as_deref() == Some("600")).await;
        assert_eq!(
            value_of("po-close-reason").as_deref(),
            Some("mill stopped the qual")
        );
        assert_eq!(value_of("del-note").as_deref(), Some("roll 3 of"));
        assert_eq!(value_of("fu-note").as_deref(), Some("called Mr W"));
        assert_eq!(value_of("del-qty").as_deref(), Some("600"), "still to come");
        screen.leave();
    }
}
