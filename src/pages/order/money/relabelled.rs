//! The order's prices a merge relabelled (`gendan_domain::relabelled`): a price set on one
//! device while another switched the books' currency reads in the new currency with nobody
//! having written it so. Said with who did each, on Money and beside the price; a person
//! confirms it in the currency shown, or types the right price, and every device takes that.

use leptos::prelude::*;

use crate::components::action_error::ActionError;
use crate::i18n::{author_name, fill, use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::order::ctx::{explain, OrderCtx};
use crate::state::store::use_store;

/// What a price of the books is of: the order's unit price, or a colour's own by its name.
pub(super) fn price_name(
    lang: crate::i18n::Lang,
    order: &gendan_domain::Order,
    colour: Option<&str>,
) -> String {
    match colour {
        None => K::UnitPrice.text(lang).to_string(),
        Some(c) => order
            .quantities
            .colours
            .get(c)
            .map_or_else(|| c.to_string(), |l| l.name.clone()),
    }
}

#[component]
pub(crate) fn PriceRelabelled(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let error = RwSignal::new(None::<String>);
    let confirm = submit_action(
        error,
        move |()| async move {
            let repo = store.repo().ok_or_else(Default::default)?;
            repo.confirm_relabelled(&ctx.id())
                .await
                .map(drop)
                .map_err(|e| explain(i18n, e))
        },
        move |()| ctx.reload(),
    );
    let lines = move || {
        let lang = i18n.0.get();
        let order = ctx.order.get();
        ctx.relabelled
            .get()
            .into_iter()
            .map(|r| {
                let what = price_name(lang, &order, r.colour.as_deref());
                let text = fill(
                    K::PriceRelabelled.text(lang),
                    &[
                        ("what", &what),
                        ("price", &r.price.to_string()),
                        ("currency", &r.currency),
                        ("by", &author_name(lang, &r.price_by.name)),
                        ("switcher", &author_name(lang, &r.currency_by.name)),
                    ],
                );
                view! { <li data-testid="price-relabelled-line">{text}</li> }
            })
            .collect_view()
    };
    view! {
        <Show when=move || ctx.relabelled.with(|r| !r.is_empty())>
            <div class="card error" role="alert" data-testid="price-relabelled">
                <ul class="log">{lines}</ul>
                <p class="muted small">{move || i18n.t(K::PriceRelabelledHelp)}</p>
                <button data-testid="price-relabelled-confirm" disabled=move || confirm.pending().get()
                    on:click=move |_| confirm.dispatch(())>
                    {move || fill(
                        i18n.t(K::PriceRelabelledConfirm),
                        &[("currency", &ctx.relabelled.with(|r| r.first().map(|r| r.currency.clone()).unwrap_or_default()))],
                    )}
                </button>
                <ActionError error=error testid="price-relabelled-error"/>
            </div>
        </Show>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use crate::i18n::{I18n, Lang};
    use crate::screen_tests::{click, mount, text_of};
    use crate::state::store::provide_store;
    use crate::storage::agenda_tests::author;
    use crate::storage::relabelled_tests::relabelled_order;
    use crate::storage::Repo;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    /// The order's price a merged switch relabelled is said with who set it and who switched,
    /// and one tap confirms it; the card goes and stays gone once the order is read again.
    #[wasm_bindgen_test]
    async fn a_relabelled_price_is_said_and_confirmed() {
        let app = Owner::new();
        let name = format!("gendan-test-relabelled-ui-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = relabelled_order(&repo, "PO-EUR").await;
        app.with(|| {
            provide_context(I18n(RwSignal::new(Lang::En)));
            provide_store().opened(repo.clone());
        });
        let ctx = app.with(|| OrderCtx::new(id.clone()));
        ctx.load().await.expect("loads");
        let screen = mount(&app, move || view! { <PriceRelabelled ctx=ctx/> });
        let text = text_of("price-relabelled").expect("shown");
        assert!(
            text.contains("Unit price 3.50 was set by")
                && text.contains("while Wu switched the currency to EUR")
                && text.contains("It is right in EUR"),
            "{text}"
        );
        click("price-relabelled-confirm");
        for _ in 0..100 {
            if text_of("price-relabelled").is_none() {
                break;
            }
            crate::platform::sleep_ms(20).await;
        }
        assert_eq!(text_of("price-relabelled"), None, "confirmed");
        ctx.load().await.expect("loads");
        assert!(ctx.relabelled.get_untracked().is_empty());
        screen.leave();
    }
}
