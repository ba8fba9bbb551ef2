//! The order's prices two devices set at once (`gendan_domain::relabelled::competing`): one
//! value shows and the other would be kept only as a conflict nobody sees, as the order's
//! header conflicts leave money out. Each value is said with who set it, and a tap keeps one,
//! as a change every device holding the books takes.

use leptos::prelude::*;

use crate::components::action_error::ActionError;
use crate::i18n::{author_name, fill, use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::order::ctx::{explain, OrderCtx};
use crate::state::store::use_store;

#[component]
pub(crate) fn PriceCompeting(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let error = RwSignal::new(None::<String>);
    let keep = submit_action(
        error,
        move |(path, choice): (Vec<String>, usize)| async move {
            let repo = store.repo().ok_or_else(Default::default)?;
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            repo.keep_price(&ctx.id(), &path, choice)
                .await
                .map_err(|e| explain(i18n, e))
        },
        move |()| ctx.reload(),
    );
    let prices =
        move || {
            let lang = i18n.0.get();
            let order = ctx.order.get();
            ctx.competing
                .get()
                .into_iter()
                .map(|c| {
                    let what = super::relabelled::price_name(lang, &order, c.colour.as_deref());
                    let path: Vec<String> = c.path().iter().map(|s| s.to_string()).collect();
                    let buttons = c
                    .prices
                    .iter()
                    .enumerate()
                    .map(|(i, (price, by))| {
                        let label = fill(
                            K::PriceKeep.text(lang),
                            &[("price", &price.to_string()), ("by", &author_name(lang, &by.name))],
                        );
                        let path = path.clone();
                        view! {
                            <button data-testid="price-keep" disabled=move || keep.pending().get()
                                on:click=move |_| keep.dispatch((path.clone(), i))>{label}</button>
                        }
                    })
                    .collect_view();
                    view! {
                        <li data-testid="price-competing-line">
                            <p>{fill(K::PriceCompeting.text(lang), &[("what", &what)])}</p>
                            <div class="button-row">{buttons}</div>
                        </li>
                    }
                })
                .collect_view()
        };
    view! {
        <Show when=move || ctx.competing.with(|c| !c.is_empty())>
            <div class="card error" role="alert" data-testid="price-competing">
                <ul class="log">{prices}</ul>
                <ActionError error=error testid="price-competing-error"/>
            </div>
        </Show>
    }
}
