//! The order at a glance, first on a phone: PO, customer, style, total quantity, ex-factory
//! date, status and the next milestone due, so the sections start near the top of the screen.

use gendan_domain::tna;
use leptos::prelude::*;

use super::ctx::{day_text, OrderCtx};
use crate::i18n::{milestone_name, status_key, use_i18n, K};

#[component]
pub fn OrderSummary(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let head = move || {
        ctx.order.with(|o| {
            // The customer party's current name, so a rename in Parties shows here too.
            let customer = ctx.workspace.with(|w| w.customer_name(o).to_string());
            let names = [customer.as_str(), o.style_no.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            (
                crate::listing::po_text(i18n.0.get(), &o.customer_po),
                names,
                o.quantities.total(),
                o.ex_factory,
                o.status,
            )
        })
    };
    // The earliest milestone not done yet, by its due day.
    let next_due = move || {
        ctx.order.with(|o| {
            tna::in_order(o)
                .into_iter()
                .map(|(_, m)| m)
                .find(|m| m.actual.is_none() && m.due().is_some())
                .map(|m| {
                    let name = milestone_name(i18n.0.get(), &m.name);
                    format!("{name} {}", day_text(m.due()))
                })
        })
    };
    view! {
        <header class="order-summary" data-testid="order-summary">
            {move || {
                let (po, names, total, xf, status) = head();
                view! {
                    <div class="summary-line">
                        <strong class="summary-po">{po}</strong>
                        <span class="badge">{i18n.t(status_key(status))}</span>
                    </div>
                    <div class="summary-line muted small">
                        <span>{names}</span>
                        <span>{format!("{} {total}", i18n.t(K::Total))}</span>
                        <span>{format!("{} {}", i18n.t(K::ExFactory), day_text(xf))}</span>
                    </div>
                }
            }}
            {move || next_due().map(|due| view! {
                <div class="summary-line small" data-testid="summary-next">
                    {format!("{}: {due}", i18n.t(K::NextDueCol))}
                </div>
            })}
        </header>
    }
}
