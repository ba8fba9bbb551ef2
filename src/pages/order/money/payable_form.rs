//! Raises a charge outside any purchase order (其他费用: freight, courier, a lab's fee) to one
//! of the workspace's parties, with what it is for, through `Commercial::add_other_charge`;
//! its own error line (it is a separate form on screen). A PO's charges come from 对账 on its
//! card instead. The rules — a party, not a typed name; a note; paid only against a request
//! someone other than the raiser approved — are `gendan_domain::other_charges`.

use gendan_domain::other_charges::{ChargeKind, OtherCharge};
use gendan_domain::workspace::PartyKind;
use gendan_domain::{Day, Price};
use leptos::prelude::*;

use super::super::ctx::{parse_day, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;

pub(super) use crate::i18n::charge_kind_key;

/// What the form sends: the party, the kind's code, the amount, the due day and the note.
type Typed = (String, String, Price, Option<Day>, String);

#[component]
pub fn PayableForm(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let supplier = RwSignal::new(String::new());
    let kind = RwSignal::new(ChargeKind::Freight.code().to_string());
    let amount = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Anyone the team pays: every party but the customers.
    let parties = move || {
        ctx.workspace.with(|w| {
            w.parties
                .iter()
                .filter(|(_, p)| p.kind != PartyKind::Customer)
                .map(|(id, p)| (id.clone(), p.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let add = submit_action(
        error,
        move |(supplier, kind, amount, due, note): Typed| {
            let ws = ctx.workspace.get_untracked();
            let me = who();
            ctx.edit_commercial(move |c| {
                let charge = OtherCharge {
                    supplier_party_id: &supplier,
                    kind: ChargeKind::from_code(&kind),
                    amount,
                    currency: "",
                    due,
                    note: &note,
                    who: &me,
                    today: platform::today(),
                };
                c.add_other_charge(&platform::new_record_id(), charge, &ws)
            })
        },
        move |()| {
            amount.set(String::new());
            note.set(String::new());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(a) = typed::or_say(error, typed::price(i18n, &amount.get_untracked())) else {
            return;
        };
        let Ok(d) = parse_day(&due.get_untracked()) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        add.dispatch((
            supplier.get_untracked(),
            kind.get_untracked(),
            a,
            d,
            note.get_untracked(),
        ));
    };
    let supplier_id = unique_id("payable-supplier");
    let kind_id = unique_id("payable-kind");
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <div class="field">
                <label for=supplier_id.clone()>{move || i18n.t(K::ChargePaidTo)}</label>
                <select id=supplier_id data-testid="payable-supplier" on:change=move |ev| supplier.set(event_target_value(&ev))>
                    <option value="" selected=move || supplier.with(String::is_empty)>"—"</option>
                    {move || parties().into_iter().map(|(id, name)| {
                        let is = id.clone();
                        view! { <option value=id selected=move || supplier.get() == is>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=kind_id.clone()>{move || i18n.t(K::ChargeKindLabel)}</label>
                <select id=kind_id data-testid="payable-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {ChargeKind::KNOWN.iter().filter_map(|k| {
                        let key = charge_kind_key(k)?;
                        let code = k.code().to_string();
                        let is = code.clone();
                        Some(view! { <option value=code selected=move || kind.get() == is>{move || i18n.t(key)}</option> })
                    }).collect_view()}
                </select>
            </div>
            <TextInput label=K::PayableAmount value=amount testid="payable-amount" inputmode="decimal"/>
            <TextInput label=K::DueDate value=due testid="payable-due" kind="date"/>
            <TextInput label=K::ChargeNote value=note testid="payable-note"/>
            <button type="submit" data-testid="add-payable">{move || i18n.t(K::AddPayable)}</button>
        </form>
        <ActionError error=error testid="payable-error"/>
    }
}
