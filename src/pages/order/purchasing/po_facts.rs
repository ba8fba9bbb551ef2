//! What a PO says and how it stands: supplier, quantity, value, due day and lateness, received,
//! over-delivered and outstanding quantities, what waits for incoming inspection (it completes
//! nothing until judged), its two confirmations, who closed it short or cancelled it, and each
//! change of its quantity or due day (the first due day is still the one judged).

use gendan_domain::purchasing::{Confirmation, PurchaseOrder};
use leptos::prelude::*;

use super::super::ctx::{day_text, OrderCtx};
use crate::i18n::{fill, item_kind_text, use_i18n, K};
use crate::platform;

#[component]
pub fn PoFacts(ctx: OrderCtx, po_id: String, po: PurchaseOrder) -> impl IntoView {
    let i18n = use_i18n();
    let now = platform::today();
    let late = po.is_overdue(now);
    let on_time = po.on_time(now);
    let complete = po.is_complete();
    let supplier = ctx.workspace.with_untracked(|w| {
        crate::pages::parties::party_label(w, &po.supplier, i18n.0.get_untracked())
    });
    // Worded inside the view, so a change of language rewords it.
    let closed = po.closed.clone().map(|c| {
        let day = day_text(c.day);
        move || {
            fill(
                i18n.t(K::PoClosedShort),
                &[("day", &day), ("who", &c.who), ("why", &c.reason)],
            )
        }
    });
    let cancelled = po.cancelled.clone().map(|c| {
        let day = day_text(c.day);
        move || {
            fill(
                i18n.t(K::PoCancelledRow),
                &[("day", &day), ("who", &c.who), ("why", &c.reason)],
            )
        }
    });
    let mut revisions: Vec<_> = po
        .revisions
        .iter()
        .map(|(k, r)| (k.clone(), r.clone()))
        .collect();
    gendan_domain::sorting::sort_by_key(&mut revisions, |(k, r)| (r.day, k.clone()));
    let revisions = revisions
        .into_iter()
        .map(|(_, r)| {
            let unit = po.unit.clone();
            let text = move || {
                fill(
                    i18n.t(K::PoRevisionRow),
                    &[
                        ("day", &day_text(r.day)),
                        ("who", &r.who),
                        ("qty_from", &r.qty_from.to_string()),
                        ("qty_to", &r.qty_to.to_string()),
                        ("unit", &unit),
                        ("due_from", &day_text(r.due_from)),
                        ("due_to", &day_text(r.due_to)),
                        ("why", &r.reason),
                    ],
                )
            };
            view! { <li data-testid="po-revision">{text}</li> }
        })
        .collect_view();
    // Moved since it was placed: the rate still judges the first due day.
    let first_due = po
        .first_due
        .filter(|f| Some(*f) != po.due)
        .map(|f| move || fill(i18n.t(K::PoFirstDue), &[("day", &day_text(Some(f)))]));
    let item = po.item.clone();
    let unit = po.unit.clone();
    // Price, value and currency come from the commercial document, when this device has it.
    let po_for_value = po.clone();
    let value = move || {
        ctx.commercial.with(|c| {
            let c = c.as_ref()?;
            let price = c.po_price(&po_id)?;
            let cur = c.po_currency(&po_id);
            let a = po_for_value.value(price)?;
            Some(format!("{} × {cur} {price} = {cur} {a}", po_for_value.qty))
        })
    };
    let confirm_line = |c: Option<&Confirmation>| {
        match c {
        Some(c) => view! {
            <span class="ok">"✓ "{day_text(c.on)}{(!c.counterpart.is_empty()).then(|| format!(" · {}", c.counterpart))}</span>
        }
        .into_any(),
        None => view! { <span class="bad">{move || i18n.t(K::NotYet)}</span> }.into_any(),
    }
    };
    view! {
        <dl class="facts">
            <dt>{move || i18n.t(K::Supplier)}</dt><dd data-testid="po-supplier-name">{supplier}" · "{move || item_kind_text(i18n.0.get(), &item)}</dd>
            <dt>{move || i18n.t(K::PoQty)}</dt><dd>{format!("{} {unit}", po.qty)}</dd>
            {move || value().map(|v| view! { <dt>{move || i18n.t(K::PoValue)}</dt><dd data-testid="po-value">{v}</dd> })}
            <dt>{move || i18n.t(K::RequiredDate)}</dt>
            <dd class:late-text=late data-testid="po-due">{day_text(po.due)}
                {first_due.map(|t| view! { " "<span class="muted small" data-testid="po-first-due">{move || format!("({})", t())}</span> })}
                {on_time.map(|ok| view! {
                    " "<span class=if ok { "ok" } else { "bad" } data-testid="po-on-time" data-ok=ok.to_string()>
                        {move || i18n.t(if ok { K::PoOnTime } else if complete { K::PoDeliveredLate } else { K::PoLate })}
                    </span>
                })}
            </dd>
            <dt>{move || i18n.t(K::PoReceived)}</dt><dd data-testid="po-received">{format!("{} {}", po.received(), po.unit)}</dd>
            {(po.over_delivery().thousandths() > 0).then(|| view! {
                <dt>{move || i18n.t(K::PoOverDelivered)}</dt>
                <dd class="bad" data-testid="po-over-delivered">{format!("{} {}", po.over_delivery(), po.unit)}</dd>
            })}
            <dt>{move || i18n.t(K::PoOutstanding)}</dt><dd data-testid="po-outstanding">{format!("{} {}", po.outstanding(), po.unit)}</dd>
            {(po.awaiting_inspection().thousandths() > 0).then(|| view! {
                <dt>{move || i18n.t(K::PoAwaitingInspection)}</dt>
                <dd class="warn-note" data-testid="po-awaiting-inspection">{format!("{} {}", po.awaiting_inspection(), po.unit)}</dd>
            })}
            <dt>{move || i18n.t(K::ConfirmWritten)}</dt><dd data-testid="po-written">{confirm_line(po.written_confirmation.as_ref())}</dd>
            <dt>{move || i18n.t(K::ConfirmPhone)}</dt><dd data-testid="po-phone">{confirm_line(po.phone_confirmation.as_ref())}</dd>
            {closed.map(|t| view! {
                <dt>{move || i18n.t(K::PoCloseShort)}</dt><dd class="warn-note" data-testid="po-closed">{t}</dd>
            })}
            {cancelled.map(|t| view! {
                <dt>{move || i18n.t(K::PoCancelledTag)}</dt><dd class="warn-note" data-testid="po-cancelled">{t}</dd>
            })}
        </dl>
        <ul class="log small" data-testid="po-revisions">{revisions}</ul>
    }
}
