//! The order's receipts (收款记录), oldest first: who recorded each, who confirmed it, and what
//! is still to do — confirm (by someone else than who recorded it), void with a reason, or, for
//! a receipt that looks like another entered twice, say why it is money of its own. The rules
//! are `gendan_domain::receipts`; this screen only asks.

use gendan_domain::commercial::{Commercial, Receipt};
use gendan_domain::role::same_person;
use leptos::prelude::*;

use super::super::ctx::{day_text, who, OrderCtx};
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::edit_action;

/// What may still be done with a receipt.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Act {
    Confirm,
    Void,
    Separate,
}

/// One receipt as shown: its id, the record, and the receipt it repeats (amount, day, who).
type Row = (String, Receipt, Option<(String, String, String)>);

fn rows(c: &Commercial) -> Vec<Row> {
    let twins = c.receipt_twins();
    let mut out: Vec<Row> = c
        .receipts
        .iter()
        .map(|(id, r)| {
            let of = twins.get(id).and_then(|of| c.receipts.get(of)).map(|o| {
                (
                    format!("{} {}", c.currency, o.amount),
                    day_text(o.date),
                    o.recorded_by.clone(),
                )
            });
            (id.clone(), r.clone(), of)
        })
        .collect();
    gendan_domain::sorting::sort_by_key(&mut out, |(id, r, _)| (r.date, r.recorded, id.clone()));
    out
}

#[component]
pub fn ReceiptList(ctx: OrderCtx, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = RwSignal::new(String::new());
    let act = edit_action(error, move |(id, act): (String, Act)| {
        let why = reason.get_untracked();
        let me = who();
        async move {
            let out = ctx
                .edit_commercial(move |c| match act {
                    Act::Confirm => c.confirm_receipt(&id, &me),
                    Act::Void => c.void_receipt(&id, &me, &why),
                    Act::Separate => c.mark_receipt_separate(&id, &me, &why),
                })
                .await;
            // The list may be gone by the time the change is saved.
            if out.is_ok() && act != Act::Confirm {
                let _ = reason.try_set(String::new());
            }
            out
        }
    });
    let list = move || {
        ctx.commercial
            .with(|c| c.as_ref().map(rows).unwrap_or_default())
    };
    let button = move |id: String, a: Act, key: K, testid: &'static str| {
        view! {
            <button type="button" class=if a == Act::Confirm { "" } else { "warn" } data-testid=testid
                disabled=move || act.pending().get()
                on:click=move |_| { act.dispatch((id.clone(), a)); }>
                {move || i18n.t(key)}
            </button>
        }
    };
    let row = move |(id, r, twin): Row| {
        let books = ctx
            .commercial
            .with_untracked(|c| c.as_ref().map(|c| c.currency.clone()))
            .unwrap_or_default();
        // In the currency it was recorded in: one the books are no longer kept in is said so.
        let cur = match r.currency.trim() {
            "" => books,
            own => own.to_string(),
        };
        let by = if r.recorded_by.is_empty() {
            "—".to_string()
        } else {
            r.recorded_by.clone()
        };
        let (day, amount) = (day_text(r.date), format!("{cur} {}", r.amount));
        // Worded inside the view, so a change of language rewords it.
        let said = move || {
            fill(
                i18n.t(K::ReceiptRow),
                &[("day", &day), ("amount", &amount), ("who", &by)],
            )
        };
        let extra: String = [r.reference.as_str(), r.note.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| format!(" · {s}"))
            .collect();
        let live = r.voided.is_none();
        let state = match (&r.voided, &r.confirmed_by, &twin) {
            (Some(why), _, _) => {
                let why = why.clone();
                view! { <span class="bad">{move || fill(i18n.t(K::ReceiptVoided), &[("why", &why)])}</span> }.into_any()
            }
            (None, _, Some((amount, day, of))) => {
                let (amount, day, of) = (amount.clone(), day.clone(), of.clone());
                view! {
                    <span class="bad" data-testid="receipt-twin">
                        {move || fill(i18n.t(K::ReceiptTwin), &[("amount", &amount), ("day", &day), ("who", &of)])}
                    </span>" "
                    {button(id.clone(), Act::Separate, K::MarkSeparate, "receipt-separate")}
                }
                .into_any()
            }
            (None, Some(by), None) => {
                let by = by.clone();
                view! { <span class="ok">{move || i18n.t(K::ConfirmedBy)}" "{by.clone()}</span> }
                    .into_any()
            }
            (None, None, None) => {
                let awaits = r.recorded_by.clone();
                let mine = same_person(&awaits, &who());
                view! {
                    {mine.then(|| view! {
                        <span class="muted" data-testid="receipt-awaits">{move || fill(i18n.t(K::ReceiptAwaits), &[("who", &awaits)])}</span>" "
                    })}
                    {button(id.clone(), Act::Confirm, K::ConfirmReceipt, "confirm-receipt")}
                }
                .into_any()
            }
        };
        let separate = r.separate.clone().map(|why| {
            view! { " · "<span class="muted">{move || fill(i18n.t(K::ReceiptSeparate), &[("why", &why)])}</span> }
        });
        view! {
            <li data-testid="receipt" data-voided=(!live).to_string() data-twin=twin.is_some().to_string()>
                <span class=if live { "" } else { "struck" }>{said}{extra}</span>" "
                {state}
                {separate}
                {live.then(|| view! { " "{button(id.clone(), Act::Void, K::VoidRefund, "void-receipt")} })}
            </li>
        }
    };
    view! {
        <h4>{move || i18n.t(K::Receipts)}</h4>
        <ul class="log" data-testid="receipts">
            {move || list().into_iter().map(row).collect_view()}
        </ul>
        <Show when=move || list().iter().any(|(_, r, _)| r.voided.is_none())>
            <TextInput label=K::ReceiptReason value=reason testid="receipt-reason"/>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    //! Receipts on the money screen over a real repo: money recorded by Li is not confirmed by
    //! Li (refused in words, nothing written), is by Zhou; the same transfer merged in from
    //! another device is named as a twin and counts once; a void needs a reason.
    use super::*;
    use crate::i18n::Lang;
    use crate::screen_tests::{click, loaded_order, mount, text_of, type_into, until};
    use crate::storage::agenda_tests::repo_with_order;
    use gendan_domain::Price;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn money_is_confirmed_by_someone_else_counted_once_and_voided_with_a_reason() {
        let before = crate::prefs::user_name();
        crate::prefs::set_user_name("Li");
        let app = Owner::new();
        let (repo, id) = repo_with_order("receipts", "PO-RECEIPT").await;
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(
            &app,
            move || view! { <super::super::MoneySection ctx=ctx/> },
        );

        type_into("receipt-amount", "300");
        type_into("receipt-ref", "TT-881");
        click("record-receipt");
        until(|| text_of("receipt-awaits").is_some()).await;
        let awaits = text_of("receipt-awaits").expect("said");
        assert!(awaits.contains("someone other than Li"), "{awaits}");

        click("confirm-receipt");
        until(|| text_of("money-error").is_some_and(|t| !t.is_empty())).await;
        assert_eq!(
            text_of("money-error").as_deref(),
            Some(K::ErrOwnReceipt.text(Lang::En))
        );
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert_eq!(books.received(), Price::ZERO);

        crate::prefs::set_user_name("Zhou");
        click("confirm-receipt");
        until(|| text_of("confirm-receipt").is_none()).await;
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        let (_, r) = books.receipts.iter().next().expect("one receipt");
        assert_eq!(
            (
                r.recorded_by.as_str(),
                r.confirmed_by.as_deref(),
                r.reference.as_str()
            ),
            ("Li", Some("Zhou"), "TT-881")
        );

        // The same transfer, entered and confirmed on another device without its reference.
        repo.edit_commercial(&id, |c| {
            let mut again = c.receipts.values().next().cloned().unwrap_or_default();
            again.reference = String::new();
            again.recorded_by = "Wang".into();
            again.confirmed_by = Some("Zhao".into());
            // Entered a day later there: Li's entry stands and this one is its twin.
            again.recorded = again.recorded.and_then(|d| d.add_days(1));
            c.receipts.insert("again".into(), again);
            Ok(())
        })
        .await
        .expect("merged");
        ctx.load().await.expect("reloads");
        until(|| text_of("receipt-twin").is_some()).await;
        let twin = text_of("receipt-twin").expect("named");
        assert!(
            twin.contains("USD 300.00") && twin.contains("by Li"),
            "{twin}"
        );
        assert_eq!(text_of("received").as_deref(), Some("USD 300.00"));

        click("void-receipt");
        until(|| text_of("money-error").is_some_and(|t| t == K::ErrReasonRequired.text(Lang::En)))
            .await;
        assert_eq!(
            text_of("money-error").as_deref(),
            Some(K::ErrReasonRequired.text(Lang::En))
        );
        // The first void button is the first receipt's (oldest, then by entry): Li's.
        type_into("receipt-reason", "entered twice");
        click("void-receipt");
        until(|| text_of("receipts").is_some_and(|t| t.contains("voided by"))).await;
        assert!(text_of("receipt-twin").is_none(), "the other stands alone");
        assert_eq!(text_of("received").as_deref(), Some("USD 300.00"));
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        let voided: Vec<_> = books
            .receipts
            .values()
            .filter_map(|r| r.voided.clone())
            .collect();
        assert_eq!(voided, vec!["Zhou — entered twice".to_string()]);

        screen.leave();
        crate::prefs::set_user_name(&before);
    }

    /// A receipt merged in from a device that recorded it in USD while this one switched the
    /// books to EUR: shown in USD, said to count for nothing, and not counted as received.
    #[wasm_bindgen_test]
    async fn money_recorded_in_a_currency_the_books_left_is_named_and_not_counted() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("receipts-currency", "PO-CUR").await;
        repo.edit_commercial(&id, |c| {
            c.currency = "EUR".into();
            c.receipts.insert(
                "r1".into(),
                Receipt {
                    amount: "700".parse().expect("an amount"),
                    recorded_by: "Wang".into(),
                    confirmed_by: Some("Zhao".into()),
                    currency: "USD".into(),
                    ..Receipt::default()
                },
            );
            Ok(())
        })
        .await
        .expect("merged in");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(
            &app,
            move || view! { <super::super::MoneySection ctx=ctx/> },
        );
        until(|| text_of("other-currency-money").is_some()).await;
        let said = text_of("other-currency-money").expect("named");
        assert!(
            said.contains("USD 700.00") && said.contains("counts for nothing"),
            "{said}"
        );
        assert!(text_of("receipts").is_some_and(|t| t.contains("USD 700")));
        assert_eq!(text_of("received").as_deref(), Some("EUR 0.00"));
        screen.leave();
    }
}
