//! Orders whose copy elsewhere (another device, the relay) could not be merged with this
//! device's, the order itself or its books: listed on Today, since nobody would open the order
//! to find out. Each row opens the order, whose screen says what happened.

use leptos::prelude::*;

use super::section::{order_title, Names};
use super::SHOWN;
use crate::i18n::{use_i18n, K};
use crate::pages::order::why_unmerged;
use crate::state::store::use_store;
use crate::Route;

#[component]
pub(super) fn UnmergedSection(names: Names) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let orders = Memo::new(move |_| {
        store.unmerged.with(|u| {
            if u.is_empty() {
                return Vec::new();
            }
            store.summaries.with(|all| {
                all.iter()
                    .filter(|s| {
                        why_unmerged(
                            u,
                            &s.id,
                            Some(s.commercial.as_str()).filter(|c| !c.is_empty()),
                        )
                        .is_some()
                    })
                    .map(|s| s.id.clone())
                    .collect::<Vec<_>>()
            })
        })
    });
    view! {
        <Show when=move || orders.with(|o| !o.is_empty())>
            <section class="today-section card risk" data-testid="today-unmerged">
                <h3>
                    <span>{move || i18n.t(K::TodayUnmerged)}</span>
                    <span class="count">{move || orders.with(Vec::len)}</span>
                </h3>
                <ul class="today-list">
                    {move || names.with(|n| orders.get().into_iter().take(SHOWN).map(|id| {
                        let (po, sub) = order_title(n, &id);
                        view! {
                            <li>
                                <a class="today-row" href=Route::Order(id).href() data-testid="today-row">
                                    <span class="row-main"><strong>{po}</strong><span class="muted">{sub}</span></span>
                                </a>
                            </li>
                        }
                    }).collect_view())}
                </ul>
            </section>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::screen_tests::{mount, text_of};
    use crate::state::store::provide_store;
    use crate::storage::agenda_tests::author;
    use crate::storage::tests::order;
    use crate::storage::Repo;
    use std::collections::HashMap;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn today_lists_the_orders_whose_copy_or_books_did_not_merge() {
        let name = format!("gendan-test-today-unmerged-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let plain = repo.create_order(&order("PO-PLAIN")).await.unwrap();
        let twice = repo.create_order(&order("PO-TWICE")).await.unwrap();
        repo.edit_commercial(&plain, |c| {
            c.currency = "EUR".into();
            Ok(())
        })
        .await
        .unwrap();
        let app = Owner::new();
        let store = app.with(provide_store);
        store.opened(repo.clone());
        let names: HashMap<String, (String, String, String)> = [
            (
                plain.clone(),
                ("PO-PLAIN".into(), String::new(), String::new()),
            ),
            (
                twice.clone(),
                ("PO-TWICE".into(), String::new(), String::new()),
            ),
        ]
        .into();
        let screen = mount(&app, move || {
            let names = Memo::new(move |_| names.clone());
            view! { <UnmergedSection names=names/> }
        });
        assert_eq!(text_of("today-unmerged"), None, "nothing to list");
        repo.note_unmerged(&twice, "duplicate seq 1");
        let books = repo
            .order(&plain)
            .await
            .unwrap()
            .commercial
            .expect("linked");
        repo.note_unmerged(&books, "duplicate seq 2");
        store.refresh();
        crate::platform::sleep_ms(0).await;
        let text = text_of("today-unmerged").expect("listed");
        assert!(text.contains("PO-TWICE"), "the order itself: {text}");
        assert!(
            text.contains("PO-PLAIN"),
            "the order whose books did not merge: {text}"
        );
        screen.leave();
    }
}
