//! Says when this order's copy elsewhere (another device, the relay) could not be merged with
//! this device's: the order, or its books. Nothing is lost: each side keeps what it has, and
//! this device's copy no longer syncs with that peer, which is what the person must know.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::ctx::OrderCtx;
use crate::i18n::{fill, use_i18n, K};
use crate::state::store::use_store;

/// Why the order `id`, or its books (the commercial document `books`), did not merge, with what
/// to say of it; `unmerged` is [`crate::state::store::Store::unmerged`]. Today lists the orders
/// this finds something for.
pub(crate) fn why_unmerged(
    unmerged: &BTreeMap<String, String>,
    id: &str,
    books: Option<&str>,
) -> Option<(K, String)> {
    unmerged
        .get(id)
        .map(|why| (K::UnmergedOrder, why.clone()))
        .or_else(|| {
            let why = unmerged.get(books?)?;
            Some((K::UnmergedBooks, why.clone()))
        })
}

#[component]
pub fn Unmerged(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let id = ctx.id();
    let found = move || {
        ctx.order.with(|o| {
            store
                .unmerged
                .with(|u| why_unmerged(u, &id, o.commercial.as_deref()))
        })
    };
    move || {
        found().map(|(what, why)| {
            view! {
                <div class="card warn-note" role="alert" data-testid="unmerged">
                    <p>{move || i18n.t(what)}</p>
                    <p class="muted small">{move || fill(i18n.t(K::UnmergedWhy), &[("why", &why)])}</p>
                </div>
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screen_tests::{mount, text_of};
    use crate::state::store::provide_store;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn the_order_says_when_it_or_its_books_did_not_merge() {
        let app = Owner::new();
        let store = app.with(provide_store);
        let screen = mount(&app, || {
            let ctx = OrderCtx::new("order-1".into());
            ctx.order.update(|o| o.commercial = Some("books-1".into()));
            view! { <Unmerged ctx=ctx/> }
        });
        assert_eq!(text_of("unmerged"), None, "nothing to say");
        store.unmerged.update(|u| {
            u.insert("books-1".into(), "duplicate seq 1".into());
        });
        crate::platform::sleep_ms(0).await;
        let text = text_of("unmerged").expect("said");
        assert!(
            text.contains("books") && text.contains("duplicate seq 1"),
            "{text}"
        );
        store.unmerged.update(|u| {
            u.insert("order-1".into(), "duplicate seq 2".into());
        });
        crate::platform::sleep_ms(0).await;
        let text = text_of("unmerged").expect("said");
        assert!(
            text.contains("This order's copy") && text.contains("duplicate seq 2"),
            "{text}"
        );
        screen.leave();
    }
}
