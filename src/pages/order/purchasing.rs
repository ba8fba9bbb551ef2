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
