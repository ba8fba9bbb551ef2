//! 退款跟进 on a PO's card: a charge paid beyond its amount (the same invoice paid from two
//! devices offline) named with the payments that did it, the refunds the supplier sent with
//! voiding one entered twice, a warning when refunds exceed what was owed back, and the refund
//! form while anything is owed back. The rules are `gendan_domain::owed_back`.

use gendan_domain::commercial::{Commercial, Refund};
use gendan_domain::Price;
use leptos::prelude::*;

use super::super::ctx::{who, OrderCtx};
use super::refund_form::RefundForm;
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::edit_action;
use crate::state::kept_input::kept_text;

/// A charge of the PO paid beyond its amount, in words' parts: charged, paid, beyond, and each
/// payment as (amount, who, day).
type Over = (String, String, String, Vec<(String, String, String)>);

fn overpaid(c: &Commercial, po: &str) -> Vec<Over> {
    c.overpaid()
        .into_iter()
        .filter(|o| o.purchase_order == po)
        .map(|o| {
            let cur = c.payable_currency(o.payable);
            let money = |p: Price| format!("{cur} {p}");
            let payments = o
                .payments
                .iter()
                .map(|(_, p)| {
                    let day = p.date.map(|d| d.to_string()).unwrap_or_default();
                    (money(p.amount), p.paid_by.clone(), day)
                })
                .collect();
            (money(o.charged), money(o.paid), money(o.beyond()), payments)
        })
        .collect()
}

/// The PO's refunds, latest first, with their ids.
fn refunds(c: &Commercial, po: &str) -> Vec<(String, Refund)> {
    let mut out: Vec<_> = c
        .refunds_for(po)
        .into_iter()
        .map(|(id, r)| (id.clone(), r.clone()))
        .collect();
    gendan_domain::sorting::sort_by_key(&mut out, |(id, r)| {
        (std::cmp::Reverse(r.date), id.clone())
    });
    out
}

#[component]
pub fn PoRefunds(ctx: OrderCtx, po_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let reason = kept_text(&format!("po:{po_id}/refund-reason"), String::new);
    let po = StoredValue::new(po_id);
    let error = RwSignal::new(None::<String>);
    let books = move |f: fn(&Commercial, &str) -> Option<Price>| {
        ctx.commercial
            .with(|c| c.as_ref().and_then(|c| f(c, &po.get_value())))
            .unwrap_or(Price::ZERO)
    };
    let owed = Signal::derive(move || books(|c, po| Some(c.credit_balance(po))));
    let beyond = move || books(|c, po| Some(c.standing(po).refunded_beyond()));
    let currency = move || {
        ctx.commercial.with(|c| {
            c.as_ref()
                .map(|c| c.po_currency(&po.get_value()).to_string())
                .unwrap_or_default()
        })
    };
    let over = move || {
        ctx.commercial.with(|c| {
            c.as_ref()
                .map(|c| overpaid(c, &po.get_value()))
                .unwrap_or_default()
        })
    };
    let list = move || {
        ctx.commercial.with(|c| {
            c.as_ref()
                .map(|c| refunds(c, &po.get_value()))
                .unwrap_or_default()
        })
    };
    let void = edit_action(error, move |id: String| {
        let why = reason.get_untracked();
        let me = who();
        async move {
            let out = ctx
                .edit_commercial(move |c| c.void_refund(&id, &me, &why))
                .await;
            // The card may be gone by the time the void is saved.
            if out.is_ok() {
                let _ = reason.try_set(String::new());
            }
            out
        }
    });
    let over_text = move |(charged, paid, beyond, payments): Over| {
        let each: Vec<String> = payments
            .iter()
            .map(|(amount, who, day)| {
                fill(
                    i18n.t(K::OverpaidPayment),
                    &[("amount", amount), ("who", who), ("day", day)],
                )
            })
            .collect();
        fill(
            i18n.t(K::Overpaid),
            &[
                ("charged", &charged),
                ("paid", &paid),
                ("beyond", &beyond),
                ("payments", &each.join("; ")),
            ],
        )
    };
    let row = move |(id, r): (String, Refund)| {
        let money = format!("{} {}", r.currency, r.amount);
        let day = r.date.map(|d| d.to_string()).unwrap_or_default();
        let who = r.received_by.clone();
        let said = move || {
            fill(
                i18n.t(K::RefundRow),
                &[("amount", &money), ("day", &day), ("who", &who)],
            )
        };
        let note = (!r.note.is_empty()).then(|| format!(" · {}", r.note));
        let voided = r.voided.clone();
        let live = voided.is_none();
        view! {
            <li data-testid="po-refund" data-voided=(!live).to_string()>
                <span class=if live { "" } else { "struck" }>{said}{note}</span>
                {voided.map(|why| view! { " · "<span class="bad">{move || fill(i18n.t(K::RefundVoided), &[("why", &why)])}</span> })}
                {live.then(|| view! {
                    <button type="button" class="warn" data-testid="void-refund" disabled=move || void.pending().get()
                        on:click=move |_| void.dispatch(id.clone())>
                        {move || i18n.t(K::VoidRefund)}
                    </button>
                })}
            </li>
        }
    };
    view! {
        {move || over().into_iter().map(|o| {
            let text = over_text(o);
            view! { <p class="bad" data-testid="po-overpaid">{text}</p> }
        }).collect_view()}
        <Show when=move || { beyond() > Price::ZERO }>
            <p class="bad" data-testid="po-refunded-beyond">
                {move || fill(i18n.t(K::RefundedBeyond), &[("amount", &format!("{} {}", currency(), beyond()))])}
            </p>
        </Show>
        <Show when=move || !list().is_empty()>
            <h4>{move || i18n.t(K::Refunds)}</h4>
            <ul class="log" data-testid="po-refunds">
                {move || list().into_iter().map(row).collect_view()}
            </ul>
            <Show when=move || list().iter().any(|(_, r)| r.voided.is_none())>
                <TextInput label=K::VoidReason value=reason testid="void-reason"/>
            </Show>
            <ActionError error=error testid="refund-void-error"/>
        </Show>
        <Show when=move || { owed.get() > Price::ZERO }>
            <RefundForm ctx=ctx po=po owed=owed/>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    //! Money owed back on a PO's card over a real repo: an invoice paid twice is named with
    //! both payments; a refund beyond what is owed back is refused in words and records
    //! nothing; an empty amount records all of it and the form goes; a refund entered twice is
    //! named until one is voided, which needs a reason.
    use super::*;
    use crate::i18n::Lang;
    use crate::screen_tests::{click, loaded_order, mount, text_of, type_into, until};
    use crate::storage::agenda_tests::{owe_a_mill, repo_with_order};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    fn money(s: &str) -> Price {
        s.parse().expect("an amount")
    }

    #[wasm_bindgen_test]
    async fn an_invoice_paid_twice_is_named_refunded_and_a_second_refund_voided() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("refunds", "PO-REFUND").await;
        // Paid in full on two devices offline: the merge holds both payments.
        owe_a_mill(&repo, &id, &[("xa", "1000", "Li"), ("xb", "600", "Zhou")]).await;
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(&app, move || {
            view! { <PoRefunds ctx=ctx po_id="po1".to_string()/> }
        });
        let named = text_of("po-overpaid").expect("named");
        assert!(named.contains("USD 600.00 paid beyond it"), "{named}");
        assert!(
            named.contains("USD 1000.00 by Li") && named.contains("USD 600.00 by Zhou"),
            "{named}"
        );

        type_into("refund-amount", "700");
        click("record-refund");
        until(|| text_of("refund-error").is_some_and(|t| !t.is_empty())).await;
        assert_eq!(
            text_of("refund-error").as_deref(),
            Some("Amount refunded: More than the supplier owes back: at most 600.00")
        );
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert!(books.refunds.is_empty());

        type_into("refund-amount", "");
        type_into("refund-note", "slip 77");
        click("record-refund");
        until(|| text_of("refund-form").is_none()).await;
        assert!(
            text_of("refund-form").is_none(),
            "nothing more is owed back"
        );
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        let (_, r) = books.refunds.iter().next().expect("one refund");
        assert_eq!((r.amount, r.note.as_str()), (money("600"), "slip 77"));

        // The same refund entered on another device, merged in.
        repo.edit_commercial(&id, |c| {
            let mut again = c.refunds.values().next().cloned().unwrap_or_default();
            again.received_by = "Zhou".into();
            c.refunds.insert("again".into(), again);
            Ok(())
        })
        .await
        .expect("merged");
        ctx.load().await.expect("reloads");
        until(|| text_of("po-refunded-beyond").is_some()).await;
        let beyond = text_of("po-refunded-beyond").expect("named");
        assert!(beyond.contains("by USD 600.00"), "{beyond}");

        click("void-refund");
        until(|| text_of("refund-void-error").is_some_and(|t| !t.is_empty())).await;
        assert_eq!(
            text_of("refund-void-error").as_deref(),
            Some(K::ErrReasonRequired.text(Lang::En))
        );
        type_into("void-reason", "entered twice");
        click("void-refund");
        until(|| text_of("po-refunded-beyond").is_none()).await;
        assert!(text_of("po-refunded-beyond").is_none());
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        let voided: Vec<_> = books
            .refunds
            .values()
            .filter_map(|r| r.voided.clone())
            .collect();
        assert_eq!(voided.len(), 1, "{voided:?}");
        assert!(voided[0].ends_with("entered twice"), "{voided:?}");
        assert!(
            text_of("refund-form").is_none(),
            "voiding one of two owes nothing back"
        );
        screen.leave();
    }
}
