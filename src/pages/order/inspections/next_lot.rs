//! The stringency the next final lot at this factory will get; when acceptance there is
//! discontinued, the corrective action that lifts it is recorded here.

use gendan_domain::inspection::{record_corrective_action, CorrectiveAction};
use leptos::prelude::*;

use super::super::ctx::{code_text, who, OrderCtx};
use super::factory_lots::{acceptance, FactoryLots};
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;

#[component]
pub fn NextFinalLot(
    ctx: OrderCtx,
    /// The factory's final lots in other orders.
    others: FactoryLots,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let corrective = RwSignal::new(String::new());
    let record_corrective = submit_action(
        error,
        move |a: CorrectiveAction| {
            ctx.edit_workspace(move |w| {
                record_corrective_action(&mut w.corrective_actions, &platform::new_record_id(), a)
            })
        },
        move |()| corrective.set(String::new()),
    );
    let correct = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let a = CorrectiveAction {
            factory: ctx
                .order
                .with_untracked(|o| o.named_factory().unwrap_or_default().to_string()),
            by: who(),
            on: Some(platform::today()),
            action: corrective.get_untracked().trim().to_string(),
        };
        record_corrective.dispatch(a);
    };
    view! {
        {move || {
            let oid = ctx.id();
            let factory = ctx.order.with(|o| o.named_factory().unwrap_or_default().to_string());
            if factory.is_empty() {
                // No final lot starts until the order names its factory: said before anyone
                // fills in the form.
                return view! {
                    <p class="muted" data-testid="next-stringency-no-factory">{move || i18n.t(K::ErrNoFactoryNamed)}</p>
                }
                .into_any();
            }
            let next = others.with(|rest| ctx.workspace.with(|w| ctx.order.with(|o| {
                acceptance(&oid, o, &factory, rest.as_deref().unwrap_or_default(), w)
            })));
            let warn = next.discontinued;
            view! {
                <p class:muted=!warn class:error-text=warn data-testid="next-stringency" data-stringency=next.stringency.code().to_string()>
                    {move || i18n.t(K::NextFinalLot)}" "
                    <strong>{code_text(i18n, next.stringency.code())}</strong>
                    {warn.then(|| view! { " — " {move || i18n.t(K::AcceptanceDiscontinued)} })}
                </p>
                {warn.then(|| view! {
                    <form class="inline-form" on:submit=correct novalidate>
                        <TextInput label=K::CorrectiveAction value=corrective testid="corrective-action"/>
                        <button type="submit" data-testid="record-corrective-action">{move || i18n.t(K::RecordCorrectiveAction)}</button>
                    </form>
                })}
            }
            .into_any()
        }}
    }
}
