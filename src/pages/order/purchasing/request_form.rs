//! Asking to pay one of a card's charges (付款申请: a PO's, or one raised by hand): which, how
//! much — all that may still be asked for when left empty — and what for.

use gendan_domain::pay_requests::Ask;
use gendan_domain::Price;
use leptos::prelude::*;

use super::super::ctx::{who, OrderCtx};
use super::super::payment_form::Charges;
use super::pay_requests::requestable;
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;
use crate::state::kept_input::kept_text;

/// Asking to pay one of the card's charges: which (when there is a choice), how much (what may
/// still be asked for unless changed) and what for.
#[component]
pub fn RequestForm(ctx: OrderCtx, po: StoredValue<Charges>) -> impl IntoView {
    let i18n = use_i18n();
    let key = |field: &str| format!("{}/request-{field}", po.with_value(|c| c.key()));
    let payable = kept_text(&key("payable"), String::new);
    let amount = kept_text(&key("amount"), String::new);
    let note = kept_text(&key("note"), String::new);
    let error = RwSignal::new(None::<String>);
    let open = move || requestable(ctx, &po.get_value());
    let ask = submit_action(
        error,
        move |(payable, amount, note): (String, Price, String)| {
            let me = who();
            let day = platform::today();
            ctx.edit_commercial(move |c| {
                let ask = Ask {
                    payable: &payable,
                    amount,
                    who: &me,
                    day,
                    note: &note,
                };
                c.request_payment(&platform::new_record_id(), ask)
            })
        },
        move |()| {
            amount.set(String::new());
            note.set(String::new());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = payable.get_untracked();
        let Some((pid, room, _)) = open()
            .into_iter()
            .find(|(k, _, _)| chosen.is_empty() || *k == chosen)
        else {
            return;
        };
        // An empty amount asks for all that may still be asked for.
        let typed_amount = amount.get_untracked();
        let a = if typed_amount.trim().is_empty() {
            room
        } else {
            match typed::or_say(error, typed::price(i18n, &typed_amount)) {
                Some(a) => a,
                None => return,
            }
        };
        ask.dispatch((pid, a, note.get_untracked()));
    };
    let select_id = StoredValue::new(unique_id("request-payable"));
    view! {
        <Show when=move || !open().is_empty()>
            <form class="inline-form" on:submit=submit novalidate data-testid="request-form">
                <Show when=move || po.with_value(Charges::several)>
                    <div class="field">
                        <label for=select_id.get_value()>{move || i18n.t(K::PoPayables)}</label>
                        <select id=select_id.get_value() data-testid="request-payable" on:change=move |ev| payable.set(event_target_value(&ev))>
                            {move || open().into_iter().map(|(k, room, cur)| {
                                let k2 = k.clone();
                                view! { <option value=k selected=move || payable.get() == k2>{format!("{cur} {room}")}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                <TextInput label=K::RequestAmount value=amount inputmode="decimal" testid="request-amount"/>
                <TextInput label=K::RequestNote value=note testid="request-note"/>
                <button type="submit" data-testid="request-payment">{move || i18n.t(K::RequestPayment)}</button>
                <ActionError error=error testid="request-error"/>
            </form>
        </Show>
    }
}
