//! The order header's inputs: PO, customer (picked from the parties, or typed), style, price, dates and (for a new order) the status
//! it starts in.

use gendan_domain::draft::OrderDraft;
use gendan_domain::order::Field;
use gendan_domain::workspace::PartyKind;
use gendan_domain::OrderStatus;
use leptos::prelude::*;

use super::form::OrderForm;
use crate::components::field::Field as LabeledInput;
use crate::i18n::{issue_text, status_key, use_i18n, K};
use crate::pages::parties::{workspace_signal, PartyPicker};
use crate::Route;

#[component]
pub fn HeaderFields(form: OrderForm, is_new: bool) -> impl IntoView {
    let i18n = use_i18n();
    let OrderForm {
        draft,
        base,
        problems,
        ctx,
        ..
    } = form;
    let error_for = move |f: Field| {
        Signal::derive(move || {
            problems.with(|ps| {
                ps.iter()
                    .find(|p| p.field == f)
                    .map(|p| issue_text(i18n.0.get(), &p.issue))
            })
        })
    };
    let text = move |get: fn(&OrderDraft) -> &String| {
        Signal::derive(move || draft.with(|d| get(d).clone()))
    };
    let set = move |put: fn(&mut OrderDraft, String)| {
        Callback::new(move |v: String| draft.update(|d| put(d, v)))
    };
    let ws = workspace_signal();
    let label = move |k: K| Signal::derive(move || i18n.t(k).to_string());
    // A draft the buyer never confirmed is a style in development: its PO may come later.
    let po_later = move || {
        draft.with(|d| d.status == OrderStatus::Draft) && !base.with(gendan_domain::Order::needs_po)
    };
    let po_label = Signal::derive(move || {
        i18n.t(if po_later() {
            K::CustomerPoLater
        } else {
            K::CustomerPo
        })
        .to_string()
    });
    view! {
        <div class="grid">
            <LabeledInput label=po_label testid="customer-po" value=text(|d| &d.customer_po)
                on_input=set(|d, v| d.customer_po = v) error=error_for(Field::CustomerPo)/>
            <PartyPicker kind=PartyKind::Customer label=K::Customer testid="customer-party"
                picked=Signal::derive(move || draft.with(|d| d.customer_party.clone().unwrap_or_default()))
                on_pick=Callback::new(move |p: Option<(String, String)>| draft.update(|d| match p {
                    Some((id, name)) => { d.customer_party = Some(id); d.customer = name; }
                    None => d.customer_party = None,
                }))/>
            // A name is typed when the customer is not among the parties (or was removed from them).
            <Show when=move || draft.with(|d| d.customer_party.as_ref().is_none_or(|id| ws.with(|w| w.party_name(id).is_none())))>
            <LabeledInput label=label(K::CustomerName) testid="customer" value=text(|d| &d.customer)
                on_input=set(|d, v| { d.customer = v; d.customer_party = None; }) error=error_for(Field::Customer)/>
            </Show>
            <LabeledInput label=label(K::StyleNo) testid="style-no" value=text(|d| &d.style_no)
                on_input=set(|d, v| d.style_no = v) error=error_for(Field::StyleNo)/>
            <LabeledInput label=label(K::Description) testid="description" value=text(|d| &d.description)
                on_input=set(|d, v| d.description = v) error=error_for(Field::Description)/>
            // A device without the order's money (a factory's) neither sees nor sets prices.
            <Show when=move || !ctx.is_some_and(|c| c.commercial_elsewhere.get())>
            <LabeledInput label=label(K::UnitPrice) testid="unit-price" inputmode="decimal" value=text(|d| &d.unit_price)
                on_input=set(|d, v| d.unit_price = v) error=error_for(Field::UnitPrice)/>
            <LabeledInput label=label(K::Currency) testid="currency" value=text(|d| &d.currency)
                on_input=set(|d, v| d.currency = v) error=error_for(Field::Currency)/>
            {ctx.map(|c| view! {
                <super::money::relabelled::PriceRelabelled ctx=c/>
                <super::money::price_competing::PriceCompeting ctx=c/>
            })}
            </Show>
            <LabeledInput label=label(K::OrderDate) testid="order-date" kind="date" value=text(|d| &d.order_date)
                on_input=set(|d, v| d.order_date = v) error=error_for(Field::OrderDate)/>
            // A saved order's ex-factory date moves only on the T&A screen, with a reason.
            <Show when=move || is_new fallback=move || {
                let tna = ctx.map(|c| Route::OrderSection(c.id(), "tna".into()).href()).unwrap_or_default();
                view! {
                    <div class="field" data-testid="ex-factory-fixed">
                        <span class="label">{move || i18n.t(K::ExFactory)}</span>
                        <span>{move || base.with(|b| b.ex_factory.map(|d| d.to_string()).unwrap_or_else(|| "—".into()))}</span>
                        <a href=tna>{move || i18n.t(K::ChangeExFactory)}</a>
                    </div>
                }
            }>
            <LabeledInput label=label(K::ExFactory) testid="ex-factory" kind="date" value=text(|d| &d.ex_factory)
                on_input=set(|d, v| d.ex_factory = v) error=error_for(Field::ExFactory)/>
            </Show>
            <Show when=move || is_new>
            <div class="field">
                <label for="f-status">{move || i18n.t(K::Status)}</label>
                <select id="f-status" data-testid="status"
                    on:change=move |ev| {
                        if let Some(s) = OrderStatus::from_code(&event_target_value(&ev)) {
                            draft.update(|d| d.status = s);
                        }
                    }>
                    {move || {
                        let from = base.with(|b| b.status);
                        let current = draft.with(|d| d.status);
                        OrderStatus::ALL.into_iter().filter(|s| from.can_become(*s)).map(|s| view! {
                            <option value=s.code() selected=s == current>{i18n.t(status_key(s))}</option>
                        }).collect_view()
                    }}
                </select>
            </div>
            </Show>
        </div>
    }
}
