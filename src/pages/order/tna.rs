//! Time & Action: apply a workspace template, follow milestones planned against actual (late in
//! red, at risk in amber, judged on today's date), record actual dates and write delay reports.
//!
//! Its parts live under `tna/`: the template picker, the ex-factory change, one compact row per
//! milestone (name, the day that matters, status) that opens to its dates, actual-day entry and
//! delay form, and the warning for milestones due before one they follow. One row is open at a
//! time, so twelve milestones fit on a phone's screen or two.

mod delay_form;
mod ex_factory;
mod milestone_details;
mod milestone_row;
mod out_of_order;
mod payment_in_plan;
mod template_picker;

use gendan_domain::tna;
use leptos::prelude::*;

use super::ctx::OrderCtx;
use crate::components::action_error::ActionError;
use crate::components::fold::OpenRow;
use crate::i18n::{use_i18n, K};
use crate::platform;
use ex_factory::ExFactoryChange;
use milestone_row::MilestoneRow;
use out_of_order::OutOfOrderWarnings;
use payment_in_plan::PaymentInPlan;
use template_picker::TemplatePicker;

#[component]
pub fn TnaSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    // One error line for the template and the ex-factory change.
    let error = RwSignal::new(None::<String>);
    let open: OpenRow = RwSignal::new(None);
    let ids = move || {
        ctx.order.with(|o| {
            tna::in_order(o)
                .into_iter()
                // Payment is money, followed in Money; an older build's line is offered out.
                .filter(|(_, m)| !tna::follows_payment(m))
                .map(|(id, _)| id.clone())
                .collect::<Vec<_>>()
        })
    };
    // A row reads its milestone by id and is built again only when what it shows changed.
    let row = move |id: &str| {
        let risk = ctx.workspace.with(|w| w.settings.at_risk_days);
        let now = platform::today();
        ctx.order.with(|o| {
            o.milestones
                .get(id)
                .map(|m| (m.clone(), m.status(now, risk)))
        })
    };
    view! {
        <section class="card section" data-testid="tna-section">
            <h3>{move || i18n.t(K::SecTna)}</h3>
            <TemplatePicker ctx=ctx error=error/>
            <ExFactoryChange ctx=ctx error=error/>
            <ActionError error=error testid="tna-error"/>
            <Show when=move || ctx.order.with(|o| o.milestones.is_empty())>
                <p class="muted">{move || i18n.t(K::NoMilestones)}</p>
            </Show>
            <PaymentInPlan ctx=ctx error=error/>
            <OutOfOrderWarnings ctx=ctx/>
            <ul class="milestones" data-testid="milestones">
                <For each=ids key=|id| id.clone() let:id>
                    {
                        let shown = Memo::new({
                            let id = id.clone();
                            move |_| row(&id)
                        });
                        move || shown.get().map(|(m, status)| view! {
                            <MilestoneRow ctx=ctx id=id.clone() m=m status=status open=open/>
                        })
                    }
                </For>
            </ul>
        </section>
    }
}
