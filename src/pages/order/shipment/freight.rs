//! A shipment's freight cost: an amount read strictly (`typed::price`) and the currency the
//! forwarder quoted, saved in the order's commercial document (money never goes into the order
//! document the factory and forwarder may read). Hidden on a device without the money.

use gendan_domain::Price;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;

#[component]
pub fn FreightCost(ctx: OrderCtx, sid: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let stored = ctx.commercial.with_untracked(|c| {
        c.as_ref()
            .and_then(|c| c.freight.get(&sid.get_value()))
            .map(|f| (f.amount.to_string(), f.currency.clone()))
    });
    let (a0, c0) = stored.unwrap_or_default();
    let amount = RwSignal::new(a0);
    let currency = RwSignal::new(c0);
    let error = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let save_action = submit_action(
        error,
        move |cost: Option<(Price, String)>| async move {
            let id = sid.get_value();
            ctx.edit_commercial(move |c| {
                c.set_freight(&id, cost.as_ref().map(|(p, cur)| (*p, cur.as_str())))
            })
            .await
        },
        move |_| saved.set(true),
    );
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let text = amount.get_untracked();
        let cost = if text.trim().is_empty() {
            None
        } else {
            match typed::or_say(error, typed::price(i18n, &text)) {
                Some(p) => Some((p, currency.get_untracked())),
                None => return,
            }
        };
        save_action.dispatch(cost);
    };
    view! {
        <Show when=move || !ctx.commercial_elsewhere.get()>
            <form class="freight" on:submit=save novalidate data-testid="freight-form">
                <div class="grid">
                    <TextInput label=K::FreightCost value=amount inputmode="decimal" testid="s-freight"/>
                    <TextInput label=K::FreightCurrency value=currency testid="s-freight-currency"/>
                </div>
                <ActionError error=error testid="freight-error"/>
                <button type="submit" data-testid="s-freight-save">{move || i18n.t(K::SaveFreight)}</button>
                <Show when=move || saved.get()>
                    <span class="muted small" data-testid="freight-saved">{move || i18n.t(K::SavedAt)}</span>
                </Show>
            </form>
        </Show>
    }
}
