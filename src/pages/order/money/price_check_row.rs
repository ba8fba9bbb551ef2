//! One price to check: what was copied, who wrote it on which device and when, and the price to
//! confirm (as copied, or corrected). Confirming writes the price and settles the check in one
//! edit of the books, so no device ever sees the price used while still to be checked.

use gendan_domain::commercial::PriceCheck;
use gendan_domain::{DomainError, Price};
use leptos::prelude::*;

use super::super::ctx::{time_text, OrderCtx};
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::edit_action;
use crate::pages::typed;

#[component]
pub fn PriceCheckRow(
    ctx: OrderCtx,
    error: RwSignal<Option<String>>,
    /// The purchase order whose price this is; `None`: the order's customer price.
    po: Option<String>,
    check: PriceCheck,
) -> impl IntoView {
    let i18n = use_i18n();
    let typed_price = RwSignal::new(check.price.map(|p| p.to_string()).unwrap_or_default());
    let which = po.clone();
    let confirm = edit_action(error, move |price: Price| {
        let which = which.clone();
        ctx.edit_commercial(move |c| {
            match &which {
                None => c.confirm_unit_price(price),
                Some(id) => c.confirm_po_price(id, price),
            }
            Ok::<_, DomainError>(())
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(p) = typed::or_say(error, typed::price(i18n, &typed_price.get_untracked())) {
            confirm.dispatch(p);
        }
    };
    let subject = move || match &po {
        None => i18n.t(K::UnitPrice).to_string(),
        Some(id) => {
            let label = ctx.order.with(|o| {
                o.purchase_orders
                    .get(id)
                    .map(|p| p.label())
                    .unwrap_or_else(|| id.clone())
            });
            fill(i18n.t(K::PriceCheckPo), &[("po", &label)])
        }
    };
    let copied = check
        .price
        .map(|p| format!("{} {p}", check.currency))
        .unwrap_or_else(|| check.currency.clone());
    let by = (
        check.written_by.clone(),
        check.device.clone(),
        check.written_ms,
    );
    let written = move || {
        let (name, device, ms) = &by;
        if name.is_empty() && device.is_empty() {
            return i18n.t(K::PriceCheckNobody).to_string();
        }
        fill(
            i18n.t(K::PriceCheckBy),
            &[
                ("name", name),
                ("device", device),
                ("time", &time_text(*ms)),
            ],
        )
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate data-testid="price-check">
            <p>
                <strong>{subject}</strong>" "
                <span data-testid="price-check-copied">{move || fill(i18n.t(K::PriceCheckCopied), &[("price", &copied)])}</span>
            </p>
            <p class="muted" data-testid="price-check-by">{written}</p>
            <TextInput label=K::UnitPrice value=typed_price testid="price-check-price" inputmode="decimal"/>
            <button type="submit" data-testid="price-check-confirm">{move || i18n.t(K::ConfirmPrice)}</button>
        </form>
    }
}
