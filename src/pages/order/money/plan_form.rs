//! Plans deposit and balance receivable from a deposit percentage and the order's amount.

use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::edit_action;
use crate::pages::typed;

#[component]
pub fn PlanForm(ctx: OrderCtx, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let deposit_pct = RwSignal::new("30".to_string());
    let plan = edit_action(error, move |bp: u32| {
        let order = ctx.order.get_untracked();
        ctx.edit_commercial(move |c| {
            c.terms.deposit_bp = bp;
            // The plan needs the order's value: a confirmed price for every colour ordered.
            c.plan_receivables(&order)
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match typed::percent_bp(i18n, &deposit_pct.get_untracked()) {
            Ok(bp) => {
                plan.dispatch(bp);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <TextInput label=K::DepositPercent value=deposit_pct testid="deposit-pct" inputmode="decimal"/>
            <button type="submit" data-testid="plan-receivables">{move || i18n.t(K::PlanReceivables)}</button>
        </form>
    }
}
