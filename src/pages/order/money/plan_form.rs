//! Plans deposit and balance receivable from a deposit percentage and the order's amount. Once
//! planned, a smaller share needs the reason typed beside it, and every change of the share is
//! logged (`gendan_domain::terms`).

use gendan_domain::terms::Planner;
use leptos::prelude::*;

use super::super::ctx::{who, OrderCtx};
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::edit_action;
use crate::pages::typed;

#[component]
pub fn PlanForm(ctx: OrderCtx, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let deposit_pct = RwSignal::new("30".to_string());
    let reason = RwSignal::new(String::new());
    let planned = move || {
        ctx.commercial
            .with(|c| c.as_ref().is_some_and(|c| c.is_planned()))
    };
    let plan = edit_action(error, move |bp: u32| {
        let order = ctx.order.get_untracked();
        let (why, me, id) = (
            reason.get_untracked(),
            who(),
            crate::platform::new_record_id(),
        );
        async move {
            let out = ctx
                .edit_commercial(move |c| {
                    let by = Planner {
                        who: &me,
                        today: crate::platform::today(),
                        reason: &why,
                        change_id: &id,
                    };
                    // The plan needs the order's value: a confirmed price for every colour ordered.
                    c.plan_with_deposit(&order, bp, by)
                })
                .await;
            if out.is_ok() {
                let _ = reason.try_set(String::new());
            }
            out
        }
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
            <Show when=planned>
                <TextInput label=K::TermsReason value=reason testid="deposit-reason"/>
            </Show>
            <button type="submit" data-testid="plan-receivables">{move || i18n.t(K::PlanReceivables)}</button>
        </form>
    }
}
