//! Says when this order's copy elsewhere (another device, the relay) could not be merged with
//! this device's: the order, or its books. Nothing is lost: each side keeps what it has, and
//! this device's copy no longer syncs with that peer, which is what the person must know.

use leptos::prelude::*;

use super::ctx::OrderCtx;
use crate::i18n::{fill, use_i18n, K};
use crate::state::store::use_store;

#[component]
pub fn Unmerged(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let id = ctx.id();
    // The order's own document, or its books (the commercial document it links).
    let found = move || {
        let books = ctx.order.with(|o| o.commercial.clone());
        store.unmerged.with(|u| {
            u.get(&id)
                .map(|why| (K::UnmergedOrder, why.clone()))
                .or_else(|| {
                    books
                        .and_then(|b| u.get(&b).cloned())
                        .map(|why| (K::UnmergedBooks, why))
                })
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
    use crate::screen_tests::mount;
    use crate::state::store::provide_store;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    fn shown() -> Option<String> {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[data-testid=unmerged]").ok().flatten())
            .and_then(|e| e.text_content())
    }

    #[wasm_bindgen_test]
    async fn the_order_says_when_it_or_its_books_did_not_merge() {
        let app = Owner::new();
        let store = app.with(provide_store);
        let screen = mount(&app, || {
            let ctx = OrderCtx::new("order-1".into());
            ctx.order.update(|o| o.commercial = Some("books-1".into()));
            view! { <Unmerged ctx=ctx/> }
        });
        assert_eq!(shown(), None, "nothing to say");
        store.unmerged.update(|u| {
            u.insert("books-1".into(), "duplicate seq 1".into());
        });
        crate::platform::sleep_ms(0).await;
        let text = shown().expect("said");
        assert!(
            text.contains("books") && text.contains("duplicate seq 1"),
            "{text}"
        );
        store.unmerged.update(|u| {
            u.insert("order-1".into(), "duplicate seq 2".into());
        });
        crate::platform::sleep_ms(0).await;
        let text = shown().expect("said");
        assert!(
            text.contains("This order's copy") && text.contains("duplicate seq 2"),
            "{text}"
        );
        screen.leave();
    }
}
