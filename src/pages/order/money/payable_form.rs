//! Adds a payable owed to a supplier, with its own error line (it is a separate form on screen).

use gendan_domain::commercial::Payable;
use gendan_domain::DomainError;
use leptos::prelude::*;

use super::super::ctx::{parse_day, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;

#[component]
pub fn PayableForm(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let supplier = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = submit_action(
        error,
        move |(supplier, amount, due)| {
            ctx.edit_commercial(move |c| {
                c.payables.insert(
                    platform::new_record_id(),
                    Payable {
                        supplier,
                        amount,
                        due,
                        ..Payable::default()
                    },
                );
                Ok::<_, DomainError>(())
            })
        },
        move |()| amount.set(String::new()),
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
        add.dispatch((supplier.get_untracked(), a, d));
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <TextInput label=K::Supplier value=supplier testid="payable-supplier"/>
            <TextInput label=K::PayableAmount value=amount testid="payable-amount" inputmode="decimal"/>
            <TextInput label=K::DueDate value=due testid="payable-due" kind="date"/>
            <button type="submit" data-testid="add-payable">{move || i18n.t(K::AddPayable)}</button>
        </form>
        <ActionError error=error/>
    }
}
