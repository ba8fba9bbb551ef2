//! Charges money back to a factory or supplier for one of the order's complaints, on one of its
//! purchase orders (the fault may be the sewing factory's or the mill's), in that PO's currency,
//! with what it is for. It says the most the chosen PO may still take before it is typed; the
//! rules are `gendan_domain::factory_debits`.

use gendan_domain::factory_debits::{self, Debiting};
use gendan_domain::Price;
use leptos::prelude::*;

use super::super::ctx::{who, OrderCtx};
use super::deductions::{chosen_or_first, complaint_choices};
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{fill, use_i18n, K};
use crate::listing::fmt_price;
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;

/// What the form sends: the complaint, the purchase order, the amount and what it is for.
type Typed = (String, String, Price, String);

#[component]
pub fn DebitForm(ctx: OrderCtx, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let complaint = RwSignal::new(String::new());
    let po = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let complaints = move || ctx.order.with(complaint_choices);
    // Purchase orders with a supplier: a debit goes to someone.
    let pos = move || {
        ctx.order.with(|o| {
            o.purchase_orders
                .iter()
                .filter(|(_, p)| !p.supplier.trim().is_empty())
                .map(|(id, p)| (id.clone(), p.label()))
                .collect::<Vec<_>>()
        })
    };
    let most = Memo::new(move |_| {
        let id = chosen_or_first(po.get(), || pos().into_iter().next().map(|(id, _)| id))?;
        ctx.commercial.with(|c| {
            let c = c.as_ref()?;
            let left = ctx.order.with(|o| factory_debits::room(c, o, &id))?;
            Some(fmt_price(c.po_currency(&id), left))
        })
    });
    let charge = submit_action(
        error,
        move |(complaint, po, amount, note): Typed| {
            let (me, today, order) = (who(), platform::today(), ctx.order.get_untracked());
            ctx.edit_commercial(move |c| {
                let d = Debiting {
                    complaint: &complaint,
                    purchase_order: &po,
                    amount,
                    note: &note,
                    who: &me,
                    today,
                };
                factory_debits::debit(c, &order, &platform::new_record_id(), d)
            })
        },
        move |()| {
            amount.set(String::new());
            note.set(String::new());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let first_complaint = || complaints().into_iter().next().map(|(id, _)| id);
        let first_po = || pos().into_iter().next().map(|(id, _)| id);
        let (Some(c), Some(p)) = (
            chosen_or_first(complaint.get_untracked(), first_complaint),
            chosen_or_first(po.get_untracked(), first_po),
        ) else {
            return;
        };
        let Some(a) = typed::or_say(error, typed::price(i18n, &amount.get_untracked())) else {
            return;
        };
        charge.dispatch((c, p, a, note.get_untracked()));
    };
    let (complaint_id, po_id) = (unique_id("debit-complaint"), unique_id("debit-po"));
    view! {
        <Show when=move || !pos().is_empty()>
            <form class="inline-form" on:submit=submit novalidate>
                <div class="field">
                    <label for=complaint_id.clone()>{move || i18n.t(K::DeductionComplaint)}</label>
                    <select id=complaint_id.clone() data-testid="debit-complaint" on:change=move |ev| complaint.set(event_target_value(&ev))>
                        {move || complaints().into_iter().map(|(id, name)| {
                            let is = id.clone();
                            view! { <option value=id selected=move || complaint.get() == is>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=po_id.clone()>{move || i18n.t(K::DebitPo)}</label>
                    <select id=po_id.clone() data-testid="debit-po" on:change=move |ev| po.set(event_target_value(&ev))>
                        {move || pos().into_iter().map(|(id, label)| {
                            let is = id.clone();
                            view! { <option value=id selected=move || po.get() == is>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <TextInput label=K::DebitAmountLabel value=amount testid="debit-amount" inputmode="decimal"/>
                <TextInput label=K::DebitNoteLabel value=note testid="debit-note"/>
                <p class="muted small" data-testid="debit-most">
                    {move || most.get().map(|max| fill(i18n.t(K::DebitMost), &[("max", &max)]))}
                </p>
                <button type="submit" data-testid="debit-record" disabled=move || charge.pending().get()>{move || i18n.t(K::DebitRecord)}</button>
            </form>
        </Show>
    }
}
