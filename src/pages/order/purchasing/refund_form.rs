//! Recording money a supplier sent back on a PO (退款): how much — all it owes back when left
//! empty — on which day and what proves it (the bank slip). Shown only while the supplier owes
//! something back; the rules are `gendan_domain::owed_back`.

use gendan_domain::commercial::Refund;
use gendan_domain::order::{Field, Issue};
use gendan_domain::Price;
use leptos::prelude::*;

use super::super::ctx::{field_error, parse_day, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;
use crate::state::kept_input::kept_text;

/// The refund form of one PO; `owed` is what the supplier owes back now.
#[component]
pub fn RefundForm(ctx: OrderCtx, po: StoredValue<String>, owed: Signal<Price>) -> impl IntoView {
    let i18n = use_i18n();
    let key = |field: &str| format!("po:{}/refund-{field}", po.get_value());
    let amount = kept_text(&key("amount"), String::new);
    let date = kept_text(&key("date"), || platform::today().to_string());
    let note = kept_text(&key("note"), String::new);
    let error = RwSignal::new(None::<String>);
    let record = submit_action(
        error,
        move |refund: Refund| {
            ctx.edit_commercial(move |c| c.record_refund(&platform::new_record_id(), refund))
        },
        move |()| {
            amount.set(String::new());
            note.set(String::new());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // An empty amount records all that is owed back.
        let typed_amount = amount.get_untracked();
        let a = if typed_amount.trim().is_empty() {
            owed.get_untracked()
        } else {
            match typed::or_say(error, typed::price(i18n, &typed_amount)) {
                Some(a) => a,
                None => return,
            }
        };
        let Ok(day) = parse_day(&date.get_untracked()) else {
            error.set(Some(field_error(i18n, Field::RefundDate, Issue::NotADate)));
            return;
        };
        record.dispatch(Refund {
            purchase_order: po.get_value(),
            amount: a,
            date: day,
            received_by: who(),
            note: note.get_untracked(),
            ..Refund::default()
        });
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate data-testid="refund-form">
            <TextInput label=K::RefundAmount value=amount inputmode="decimal" testid="refund-amount"/>
            <TextInput label=K::Date value=date kind="date" testid="refund-date"/>
            <TextInput label=K::RequestNote value=note testid="refund-note"/>
            <button type="submit" data-testid="record-refund" disabled=move || record.pending().get()>
                {move || i18n.t(K::RecordRefund)}
            </button>
            <ActionError error=error testid="refund-error"/>
        </form>
    }
}
