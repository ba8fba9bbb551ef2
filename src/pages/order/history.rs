//! History: who changed the order, when, and what each change did, in the same words as the
//! daily report, read from the order document's own change history and, where the order's books
//! are on this device, theirs (the money, the office's notes of calls).

use leptos::prelude::*;

use super::ctx::{time_text, OrderCtx};
use crate::i18n::{author_name, use_i18n, K};
use crate::pages::reports::event_text;
use crate::state::store::use_store;

#[component]
pub fn HistorySection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    // Re-read whenever the order changes here; the list stays up while it is read again.
    let history = LocalResource::new(move || {
        ctx.order.track();
        let id = ctx.id();
        async move {
            let repo = store.repo()?;
            let mut h = repo.order_history(&id).await.ok()?;
            h.reverse();
            Some(h)
        }
    });
    let entries = move || history.get().flatten().unwrap_or_default();
    view! {
        <section class="card section" data-testid="history-section">
            <h3>{move || i18n.t(K::SecHistory)}</h3>
            <ul class="log history">
                {move || {
                    let lang = i18n.0.get();
                    entries().into_iter().map(|e| {
                        let name = author_name(lang, &e.author.name);
                        let what = if e.events.is_empty() {
                            view! { <li class="muted">{K::EvNothingVisible.text(lang)}</li> }.into_any()
                        } else {
                            let party = |id: &str| ctx.workspace.with_untracked(|w| crate::pages::parties::party_label(w, id, lang));
                            e.events.iter().map(|ev| {
                                let class = if ev.is_exception() { "exception" } else { "" };
                                view! { <li class=class>{event_text(lang, ev, &party)}</li> }
                            }).collect_view().into_any()
                        };
                        view! {
                            <li data-testid="history-entry">
                                <span class="muted">{time_text(e.time_ms)}</span>" · "<strong>{name}</strong>
                                <ul class="history-events">{what}</ul>
                            </li>
                        }
                    }).collect_view()
                }}
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    //! The office's history of an order over a real repo lists what its books say beside the
    //! order's own changes: a note of a call kept in the books is there.
    use super::*;
    use crate::screen_tests::{loaded_order, mount, text_of, until};
    use crate::storage::agenda_tests::repo_with_order;
    use gendan_domain::complaints::{Channel, Communication};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_note_kept_in_the_books_is_in_the_orders_history() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("history-books", "PO-HISTORY").await;
        repo.edit_commercial(&id, |c| {
            c.communications.insert(
                "c-fob".into(),
                Communication {
                    channel: Channel::Call,
                    who: "Li".into(),
                    with_whom: "Buyer Tom".into(),
                    summary: "FOB down to 4.10".into(),
                    at_ms: 1,
                },
            );
            Ok(())
        })
        .await
        .expect("noted in the books");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(&app, move || view! { <HistorySection ctx=ctx/> });
        until(|| text_of("history-section").is_some_and(|t| t.contains("FOB down to 4.10"))).await;
        let text = text_of("history-section").unwrap_or_default();
        assert!(text.contains("FOB down to 4.10"), "{text}");
        assert!(text.contains("Buyer Tom"), "{text}");
        screen.leave();
    }
}
