//! A payment milestone an older build put on the order's plan (`tna::follows_payment`): said,
//! on the team's devices (not a factory's, invited to some orders only), with one tap to take
//! it out. The plan reaches the factory, so the line's dates told it the payment terms and when
//! the buyer paid; the line takes no day or delay report any more, and is hidden from the plan
//! everywhere.

use gendan_domain::tna;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use crate::i18n::{fill, milestone_name, use_i18n, K};
use crate::pages::action::edit_action;

#[component]
pub fn PaymentInPlan(
    ctx: OrderCtx,
    /// The section's error line.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let factory_device = crate::sync::settings::SyncSettings::is_factory_device();
    let names = move || {
        ctx.order.with(|o| {
            o.milestones
                .values()
                .filter(|m| tna::follows_payment(m))
                .map(|m| m.name.clone())
                .collect::<Vec<_>>()
        })
    };
    let take_out = edit_action(error, move |()| {
        ctx.edit(|o| {
            tna::take_out_payment(o);
            Ok(())
        })
    });
    let text = move || {
        let lang = i18n.0.get();
        let names: Vec<String> = names().iter().map(|n| milestone_name(lang, n)).collect();
        fill(K::PaymentInPlan.text(lang), &[("name", &names.join(", "))])
    };
    view! {
        <Show when=move || !factory_device && !names().is_empty()>
            <div class="card warn-note" role="status" data-testid="payment-in-plan">
                <p>{text}</p>
                <button type="button" data-testid="payment-take-out" disabled=move || take_out.pending().get()
                    on:click=move |_| take_out.dispatch(())>{move || i18n.t(K::PaymentTakeOut)}</button>
            </div>
        </Show>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::screen_tests::{click, loaded_order, mount, text_of, until};
    use crate::storage::agenda_tests::repo_with_order;
    use gendan_domain::tna::{Anchor, Milestone};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    /// An order an older build planned with its payment line: the card names it, a tap takes it
    /// out of the stored order, and the card goes; the line was never in the plan's rows.
    #[wasm_bindgen_test]
    async fn a_payment_line_from_an_older_build_is_said_and_taken_out() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("payment-in-plan", "PO-PAY").await;
        repo.edit_order(&id, |o| {
            o.milestones.insert(
                "m12".into(),
                Milestone {
                    name: tna::SEEDED_PAYMENT_NAME.into(),
                    code: "payment_due".into(),
                    anchor: Some(Anchor::ExFactory),
                    offset_days: 30,
                    ..Milestone::default()
                },
            );
            Ok(())
        })
        .await
        .expect("an older build's line");
        let ctx = loaded_order(&app, &repo, &id).await;
        let error = RwSignal::new(None::<String>);
        let screen = mount(&app, move || view! { <PaymentInPlan ctx=ctx error=error/> });
        let said = text_of("payment-in-plan").expect("said");
        assert!(
            said.contains("still holds “Balance payment due”") && said.contains("Money"),
            "{said}"
        );
        click("payment-take-out");
        until(|| text_of("payment-in-plan").is_none()).await;
        let stored = repo.order(&id).await.expect("read");
        assert!(!stored.milestones.values().any(tna::follows_payment));
        assert_eq!(error.get_untracked(), None);
        screen.leave();
    }
}
