//! One purchase order as a card: its state at a glance, its facts, and the forms that move it on
//! (confirm, deliver, close short, change or cancel, raise and pay payables), which share the
//! card's error line. A cancelled PO keeps its facts and money and takes no new goods.

use gendan_domain::purchasing::{Delivery, PurchaseOrder};
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use super::close_short::CloseShort;
use super::confirm_form::ConfirmForm;
use super::deliveries::Deliveries;
use super::delivery_form::DeliveryForm;
use super::follow_ups::FollowUps;
use super::po_change::PoChange;
use super::po_facts::PoFacts;
use super::po_payables::PoPayables;
use super::progress_key;
use super::suspended::SupplierStanding;
use crate::components::action_error::ActionError;
use crate::i18n::{use_i18n, K};
use crate::platform;
use crate::Route;

#[component]
pub fn PoCard(ctx: OrderCtx, id: String, po: PurchaseOrder) -> impl IntoView {
    let i18n = use_i18n();
    let late = po.is_overdue(platform::today());
    let (progress_class, progress_label) = progress_key(po.progress());
    let error = RwSignal::new(None::<String>);
    let deliveries: Vec<(String, Delivery)> = po
        .deliveries_in_order()
        .into_iter()
        .map(|(k, d)| (k.clone(), d.clone()))
        .collect();
    let confirmed = po.is_confirmed();
    let complete = po.is_complete();
    let open = po.is_open();
    let cancelled = po.cancelled.is_some();
    // Goods came (pending or accepted): it is closed short, not cancelled.
    let cancellable = !po.goods_came();
    let written_missing = po.written_confirmation.is_none();
    let outstanding = po.outstanding();
    let unit = po.unit.clone();
    let (po_no, label) = (po.po_no.clone(), po.label());
    let (confirm_id, deliveries_id, deliver_id, pay_id, chase_id, close_id) = (
        id.clone(),
        id.clone(),
        id.clone(),
        id.clone(),
        id.clone(),
        id.clone(),
    );
    let change_id = id.clone();
    let urgent = po.urgent.is_some() && !complete;
    let chased = po.clone();
    view! {
        <li class=format!("record po {progress_class}") class:late=late data-testid="po"
            data-late=late.to_string() data-progress=progress_class data-po=po_no>
            <div class="ms-head">
                <strong>{label}</strong>
                <span>
                    {urgent.then(|| view! { <span class="badge late" data-testid="po-urgent-badge">{move || i18n.t(K::PoUrgent)}</span> })}" "
                    {late.then(|| view! { <span class="badge late" data-testid="po-late">{move || i18n.t(K::PoLate)}</span> })}" "
                    <span class=format!("badge {progress_class}") data-testid="po-progress">{move || i18n.t(progress_label)}</span>
                </span>
            </div>
            <PoFacts ctx=ctx po_id=id.clone() po=po/>
            <SupplierStanding ctx=ctx po_id=id.clone() error=error/>
            <a class="button" href=Route::PoSheet(ctx.id(), id.clone()).href() data-testid="po-print">{move || i18n.t(K::PoSheetPrint)}</a>
            {(!confirmed && !cancelled).then(|| view! {
                <ConfirmForm ctx=ctx po_id=confirm_id written_missing=written_missing error=error/>
            })}
            <h4>{move || i18n.t(K::Deliveries)}</h4>
            <Deliveries ctx=ctx po_id=deliveries_id deliveries=deliveries unit=unit error=error/>
            {open.then(|| view! {
                <DeliveryForm ctx=ctx po_id=deliver_id outstanding=outstanding error=error/>
                <CloseShort ctx=ctx po_id=close_id error=error/>
            })}
            {(!cancelled).then(|| view! {
                <PoChange ctx=ctx po_id=change_id cancellable=cancellable error=error/>
            })}
            <FollowUps ctx=ctx po_id=chase_id po=chased error=error/>
            <Show when=move || !ctx.commercial_elsewhere.get()>
                <PoPayables ctx=ctx po_id=pay_id.clone() error=error/>
            </Show>
            <ActionError error=error testid="po-card-error"/>
        </li>
    }
}
