//! 向工厂扣款 on the money screen: what the team charges back to a factory or supplier for the
//! order's complaints, each as a credit on one of its purchase orders (to whom, on which PO,
//! for which complaint, who charged it and when), voided ones struck through with why, and the
//! form that charges one ([`super::debit_form`]). The credit then offsets what the PO still owes
//! and shows on its card with its standing; the rules are `gendan_domain::factory_debits`.
//! Drawn only when the order has a complaint.

use gendan_domain::commercial::Payable;
use gendan_domain::factory_debits;
use leptos::prelude::*;

use super::super::ctx::{day_text, who, OrderCtx};
use super::debit_form::DebitForm;
use super::deductions::complaint_name;
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, K};
use crate::listing::fmt_price;
use crate::pages::action::edit_action;
use crate::pages::parties::party_label;

#[component]
pub fn DebitList(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let void = edit_action(error, move |id: String| {
        let (me, why) = (who(), reason.get_untracked());
        async move {
            let out = ctx
                .edit_commercial(move |c| factory_debits::void(c, &id, &me, &why))
                .await;
            // The list may be gone by the time the change is saved.
            if out.is_ok() {
                let _ = reason.try_set(String::new());
            }
            out
        }
    });
    let list = move || {
        ctx.commercial.with(|c| {
            c.as_ref()
                .map(|c| {
                    let twins = factory_debits::twins(c);
                    factory_debits::listed(c)
                        .into_iter()
                        .map(|(id, p)| {
                            let twin = twins.contains_key(id);
                            (
                                id.clone(),
                                p.clone(),
                                c.payable_currency(id).to_string(),
                                twin,
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let row = move |(id, p, cur, twin): (String, Payable, String, bool)| {
        let lang = i18n.0.get_untracked();
        let supplier = ctx
            .workspace
            .with_untracked(|w| party_label(w, &p.supplier, lang));
        let (po, complaint) = ctx.order.with_untracked(|o| {
            let po = o
                .purchase_orders
                .get(&p.purchase_order)
                .map(|po| po.label())
                .unwrap_or_else(|| "—".into());
            (po, complaint_name(o, &p.complaint))
        });
        let (amount, day, by) = (
            fmt_price(&cur, p.amount),
            day_text(p.raised),
            p.raised_by.clone(),
        );
        let said = move || {
            fill(
                i18n.t(K::DebitRow),
                &[
                    ("amount", &amount),
                    ("supplier", &supplier),
                    ("po", &po),
                    ("complaint", &complaint),
                    ("who", &by),
                    ("day", &day),
                ],
            )
        };
        let note = (!p.note.is_empty()).then(|| format!(" · {}", p.note));
        let live = p.voided.is_none();
        let voided = p.voided.clone().map(|w| {
            view! { " "<span class="bad">{move || fill(i18n.t(K::RecoveryVoidedRow), &[("why", &w)])}</span> }
        });
        view! {
            <li data-testid="debit" data-voided=(!live).to_string() data-twin=twin.to_string()>
                <span class=if live && !twin { "" } else { "struck" }>{said}{note}</span>
                {voided}
                // The same chargeback entered on another device: it counts once.
                {twin.then(|| view! { " "<span class="bad" data-testid="debit-twin">{move || i18n.t(K::DebitTwin)}</span> })}
                {live.then(|| view! {
                    " "<button type="button" class="warn" data-testid="debit-void" disabled=move || void.pending().get()
                        on:click=move |_| { void.dispatch(id.clone()); }>
                        {move || i18n.t(K::RecoveryVoid)}
                    </button>
                })}
            </li>
        }
    };
    // Charged beyond a PO's value (two devices charging the same debit): said, never hidden.
    let beyond = move || {
        ctx.commercial.with(|c| {
            let Some(c) = c.as_ref() else {
                return Vec::new();
            };
            ctx.order.with(|o| {
                factory_debits::beyond(c, o)
                    .into_iter()
                    .map(|(po_id, over)| {
                        let po = o
                            .purchase_orders
                            .get(&po_id)
                            .map(|p| p.label())
                            .unwrap_or_default();
                        (po, fmt_price(c.po_currency(&po_id), over))
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let any_complaint = move || ctx.order.with(|o| !o.complaints.is_empty());
    view! {
        <Show when=any_complaint>
            <div class="debits" data-testid="debits">
                <h4>{move || i18n.t(K::DebitsTitle)}</h4>
                <ul class="log">{move || list().into_iter().map(row).collect_view()}</ul>
                {move || beyond().into_iter().map(|(po, amount)| view! {
                    <p class="warn-note" data-testid="debit-beyond">
                        {move || fill(i18n.t(K::DebitBeyond), &[("po", &po), ("amount", &amount)])}
                    </p>
                }).collect_view()}
                <Show when=move || list().iter().any(|(_, p, _, _)| p.voided.is_none())>
                    <TextInput label=K::RecoveryVoidReason value=reason testid="debit-void-reason"/>
                </Show>
                <DebitForm ctx=ctx error=error/>
                <ActionError error=error testid="debit-error"/>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    //! Charging a supplier back on the money screen over a real repo: the form says the most
    //! its PO may take, a debit without what it is for is refused in words with nothing
    //! written, one charged is listed and is a credit in the ledger, and a void needs why.
    use super::*;
    use crate::i18n::Lang;
    use crate::screen_tests::{click, loaded_order, mount, text_of, type_into, until};
    use crate::storage::agenda_tests::repo_with_order;
    use gendan_domain::commercial::PoPrice;
    use gendan_domain::complaints::Complaint;
    use gendan_domain::purchasing::PurchaseOrder;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_debit_says_what_it_is_for_stays_within_its_po_and_is_voided_with_why() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("debits", "PO-DEBIT").await;
        repo.edit_order(&id, |o| {
            let c = Complaint {
                description: "Open seams".into(),
                opened: Some(crate::platform::today()),
                ..Complaint::default()
            };
            o.complaints.insert("c1".into(), c);
            let po = PurchaseOrder {
                po_no: "CMT-9".into(),
                supplier: "factory-1".into(),
                qty: "1000".parse().expect("a quantity"),
                ..PurchaseOrder::default()
            };
            o.purchase_orders.insert("po1".into(), po);
            Ok(())
        })
        .await
        .expect("complaint and PO");
        repo.edit_commercial(&id, |c| {
            let price = PoPrice {
                unit_price: "20".parse().ok(),
                currency: "CNY".into(),
            };
            c.po_prices.insert("po1".into(), price);
            Ok(())
        })
        .await
        .expect("priced");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(
            &app,
            move || view! { <super::super::MoneySection ctx=ctx/> },
        );
        until(|| text_of("debit-most").is_some_and(|t| t.contains("CNY 20,000.00"))).await;

        type_into("debit-amount", "1500");
        click("debit-record");
        until(|| text_of("debit-error").is_some_and(|t| t.contains("What for"))).await;
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert!(books.payables.is_empty(), "nothing written");

        type_into("debit-note", "40 pcs open seams, rework at buyer's");
        click("debit-record");
        until(|| text_of("debit").is_some()).await;
        let row = text_of("debit").expect("listed");
        assert!(
            row.contains("CNY 1,500.00") && row.contains("CMT-9"),
            "{row}"
        );
        until(|| text_of("debit-most").is_some_and(|t| t.contains("CNY 18,500.00"))).await;
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        let (_, p) = books.payables.iter().next().expect("charged");
        assert!(p.is_debit() && p.complaint == "c1");

        click("debit-void");
        until(|| text_of("debit-error").is_some_and(|t| t == K::ErrReasonRequired.text(Lang::En)))
            .await;
        type_into("debit-void-reason", "factory disproved it");
        click("debit-void");
        until(|| text_of("debit-most").is_some_and(|t| t.contains("CNY 20,000.00"))).await;
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        let (_, p) = books.payables.iter().next().expect("kept");
        assert!(p
            .voided
            .as_deref()
            .is_some_and(|v| v.ends_with("factory disproved it")));

        // The same debit charged on two devices offline, merged: the later is named a twin and
        // counts once, so nothing is beyond the PO's value.
        repo.edit_commercial(&id, |c| {
            for key in ["da", "db"] {
                let mut d = c.payables.values().next().cloned().unwrap_or_default();
                d.voided = None;
                d.amount = "15000".parse().expect("an amount");
                c.payables.insert(key.into(), d);
            }
            Ok(())
        })
        .await
        .expect("merged");
        ctx.load().await.expect("reloads");
        until(|| text_of("debit-twin").is_some()).await;
        assert!(text_of("debit-twin").is_some_and(|t| t.contains("counts for nothing")));
        assert!(text_of("debit-beyond").is_none());
        // Two different debits that together pass the PO's value: said beyond it.
        repo.edit_commercial(&id, |c| {
            if let Some(d) = c.payables.get_mut("db") {
                d.amount = "12000".parse().expect("an amount");
            }
            Ok(())
        })
        .await
        .expect("merged");
        ctx.load().await.expect("reloads");
        until(|| text_of("debit-beyond").is_some()).await;
        let said = text_of("debit-beyond").expect("said");
        assert!(
            said.contains("CNY 7,000.00") && said.contains("CMT-9"),
            "{said}"
        );
        assert!(text_of("debit-twin").is_none());
        screen.leave();
    }
}
