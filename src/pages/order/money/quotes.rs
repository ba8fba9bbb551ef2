//! 报价单 on the money screen: the rounds quoted to the buyer, oldest first, each with where it
//! stands; a note when the accepted price is not the order's (with the button that makes it
//! so) or when two devices each took an acceptance; the form for a new round; and the way to
//! the printable quotation. Quotes are money: they live in the commercial document only.

use gendan_domain::commercial::Commercial;
use gendan_domain::quotes::{self, Quote};
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use super::quote_form::QuoteForm;
use super::quote_row::QuoteRow;
use crate::components::action_error::ActionError;
use crate::i18n::{fill, use_i18n, K};
use crate::listing::fmt_price;
use crate::pages::action::edit_action;
use crate::{DocKind, Route};

type Row = (u32, String, Quote);

fn rows(c: &Commercial) -> Vec<Row> {
    quotes::rounds(c)
        .into_iter()
        .map(|(n, id, q)| (n, id.clone(), q.clone()))
        .collect()
}

/// What the books' price is against the one accepted quote, when they differ: the order's
/// price (empty when none) and the quote's.
fn differs(c: &Commercial) -> Option<(String, String)> {
    quotes::differs(c).map(|q| {
        let order = c
            .unit_price
            .map(|p| fmt_price(&c.currency, p))
            .unwrap_or_default();
        (order, fmt_price(&q.currency, q.price))
    })
}

#[component]
pub fn QuoteList(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let list = move || {
        ctx.commercial
            .with(|c| c.as_ref().map(rows).unwrap_or_default())
    };
    let twice = move || {
        ctx.commercial
            .with(|c| c.as_ref().is_some_and(|c| quotes::accepted(c).len() > 1))
    };
    let apart = move || ctx.commercial.with(|c| c.as_ref().and_then(differs));
    let apply = edit_action(error, move |()| ctx.edit_commercial(quotes::apply_accepted));
    let print = Route::Document(ctx.id(), DocKind::Quotation).href();
    view! {
        <div class="quotes" data-testid="quotes">
            <h4>{move || i18n.t(K::QuotesTitle)}</h4>
            <Show when=twice>
                <p class="bad" data-testid="quotes-twice">{move || i18n.t(K::QuotesTwoAccepted)}</p>
            </Show>
            {move || apart().map(|(order, quote)| {
                let key = if order.is_empty() { K::QuoteNoPriceYet } else { K::QuotePriceDiffers };
                view! {
                    <p class="warn-note" data-testid="quote-differs">
                        {move || fill(i18n.t(key), &[("order", &order), ("quote", &quote)])}" "
                        <button type="button" data-testid="quote-apply" disabled=move || apply.pending().get()
                            on:click=move |_| apply.dispatch(())>{move || i18n.t(K::QuoteUsePrice)}</button>
                    </p>
                }
            })}
            <ul class="log" data-testid="quote-list">
                <For each=list key=|(round, id, q)| (*round, id.clone(), q.clone()) let:((round, id, q))>
                    <QuoteRow ctx=ctx error=error round=round id=id quote=q/>
                </For>
            </ul>
            <QuoteForm ctx=ctx error=error/>
            <ActionError error=error testid="quote-error"/>
            <Show when=move || !list().is_empty()>
                <a class="button" href=print.clone() data-testid="quote-print">{move || i18n.t(K::QuotePrint)}</a>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    //! Quoting on the money screen over a real repo: a quote is made, sent and accepted; an
    //! answer dated before it was sent is refused in words and nothing is written; the accepted
    //! price goes into the books only by the button; a new round waits while one stands
    //! accepted; a withdrawal needs its reason; and two acceptances merged from two devices are
    //! named, with no price to apply.
    use super::*;
    use crate::i18n::Lang;
    use crate::screen_tests::{click, loaded_order, mount, text_of, type_into, until};
    use crate::storage::agenda_tests::repo_with_order;
    use gendan_domain::Price;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    fn states() -> Vec<String> {
        crate::screen_tests::child_attributes("quote-list", "data-state")
    }

    #[wasm_bindgen_test]
    async fn a_quote_is_sent_answered_applied_and_withdrawn_by_the_rules() {
        let before = crate::prefs::user_name();
        crate::prefs::set_user_name("Li");
        let app = Owner::new();
        let (repo, id) = repo_with_order("quotes", "PO-QUOTE").await;
        repo.edit_commercial(&id, |c| {
            c.set_unit_price(Some("5.20".parse().expect("a price")), "USD".into())
        })
        .await
        .expect("priced");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(&app, move || view! { <QuoteList ctx=ctx/> });
        let today = crate::platform::today();
        let yesterday = today.add_days(-1).expect("a day").to_string();

        type_into("quote-price", "4.80");
        type_into("quote-note", "incl. hangtags");
        click("quote-make");
        until(|| states() == ["draft"]).await;
        click("quote-send");
        until(|| states() == ["sent"]).await;

        // Answered the day before it went out: refused, nothing written.
        type_into("quote-answered-on", &yesterday);
        click("quote-answer");
        until(|| text_of("quote-error").is_some_and(|t| !t.is_empty())).await;
        let said = text_of("quote-error").expect("said");
        assert!(
            said.contains(K::ErrBeforeQuoteSent.text(Lang::En)),
            "{said}"
        );
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert!(books.quotes.values().all(|q| q.answer.is_none()));

        type_into("quote-answered-on", &today.to_string());
        click("quote-answer");
        until(|| states() == ["accepted"]).await;
        let differs = text_of("quote-differs").expect("the prices differ");
        assert!(
            differs.contains("USD 5.20") && differs.contains("USD 4.80"),
            "{differs}"
        );
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert_eq!(
            books.unit_price,
            "5.20".parse::<Price>().ok(),
            "not applied by itself"
        );
        click("quote-apply");
        until(|| text_of("quote-differs").is_none()).await;
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert_eq!(books.unit_price, "4.80".parse::<Price>().ok());

        // A new round while one stands accepted.
        type_into("quote-price", "4.60");
        click("quote-make");
        until(|| {
            text_of("quote-error").is_some_and(|t| t.contains(K::ErrAnotherAccepted.text(Lang::En)))
        })
        .await;
        assert_eq!(states(), ["accepted"]);

        click("quote-withdraw");
        until(|| text_of("quote-error").is_some_and(|t| t == K::ErrReasonRequired.text(Lang::En)))
            .await;
        type_into("quote-withdraw-reason", "buyer reopened the price");
        click("quote-withdraw");
        until(|| states() == ["withdrawn"]).await;
        click("quote-make");
        until(|| states() == ["withdrawn", "draft"]).await;
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert_eq!(books.quotes.len(), 2);
        assert!(books
            .quotes
            .values()
            .any(|q| q.withdrawn.as_deref() == Some("Li — buyer reopened the price")));

        // Another device accepted the second round too, and a third device a copy of it.
        repo.edit_commercial(&id, |c| {
            let (rid, mut q) = quotes::rounds(c)
                .last()
                .map(|(_, id, q)| ((*id).clone(), (*q).clone()))
                .expect("a round");
            q.sent = Some(today);
            q.answer = Some(quotes::QuoteAnswer {
                reply: quotes::Reply::Accepted,
                day: Some(today),
                ..Default::default()
            });
            c.quotes.insert(rid, q.clone());
            c.quotes.insert("elsewhere".into(), q);
            Ok(())
        })
        .await
        .expect("merged");
        ctx.load().await.expect("reloads");
        until(|| text_of("quotes-twice").is_some()).await;
        assert!(text_of("quote-differs").is_none(), "no one price to apply");

        screen.leave();
        crate::prefs::set_user_name(&before);
    }
}
