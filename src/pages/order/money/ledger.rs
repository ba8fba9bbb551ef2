//! What the commercial document says: receivables against receipts, then the receipts
//! ([`super::receipts`]) and the payables raised from purchase orders (charges raised by hand
//! follow in [`super::other_charges`]).

use gendan_domain::Price;
use leptos::prelude::*;

use super::super::ctx::{day_text, OrderCtx};
use crate::i18n::{fill, use_i18n, K};

#[component]
pub fn Ledger(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let cur = move || {
        ctx.commercial
            .with(|c| c.as_ref().map(|c| c.currency.clone()).unwrap_or_default())
    };
    let money = move |p: Option<Price>| {
        p.map(|p| format!("{} {p}", cur()))
            .unwrap_or_else(|| "—".into())
    };
    let tick = |b: bool| if b { "✓" } else { "✗" };

    move || {
        ctx.commercial.get().map(|c| {
        let dep_ok = ctx.order.with(|o| c.deposit_confirmed(o));
        // Terms below the team's least deposit: the tick would read as "released".
        let least = ctx.workspace.with(|w| w.settings.gates.min_deposit_bp);
        let below = ctx
            .order
            .with(|o| crate::pages::order::ctx::below_least_deposit(i18n, o, &c, least))
            .map(|text| view! { <p class="gate-note warn-note" data-testid="deposit-below-least">{text}</p> });
        // Quantities or prices changed since the plan: the gates already judge the order as
        // it is, so the ledger says why its deposit line no longer matches.
        let stale = ctx.order.with(|o| c.plan_out_of_date(o)).map(|now| {
            let text = fill(
                i18n.t(K::PlanOutOfDate),
                &[("now", &money(Some(now))), ("planned", &money(Some(c.receivable())))],
            );
            view! { <p class="gate-note warn-note" data-testid="plan-out-of-date">{text}</p> }
        });
        // Once goods shipped, the balance follows their value (`Commercial::balance_due`).
        let (bal_ok, due) = ctx.order.with(|o| (c.balance_confirmed_for(o), c.balance_due(o)));
        // What the buyer kept back for complaints settles the balance beside the receipts.
        let deducted = gendan_domain::deductions::deducted(&c);
        // A payable raised from a purchase order names it and its supplier; charges raised by
        // hand are listed below with who raised them and what for (`super::other_charges`).
        let payables: Vec<_> = c.payables.iter().filter(|(_, p)| !p.is_by_hand()).map(|(k, p)| {
            let po = ctx.order.with_untracked(|o| o.purchase_orders.get(&p.purchase_order).map(|po| po.label()));
            let supplier = ctx.workspace.with_untracked(|w| crate::pages::parties::party_label(w, &p.supplier, crate::i18n::use_i18n().0.get_untracked()));
            let pcur = c.payable_currency(k).to_string();
            (pcur, p.clone(), c.payable_outstanding(k), po, supplier)
        }).collect();
        // Each change of the deposit share once planned, with who and why.
        let terms = c.terms_log().into_iter().map(|(_, t)| {
            let text = fill(i18n.t(K::TermsChangeRow), &[
                ("from", &format!("{} %", crate::pages::typed::bp_as_percent(t.from_bp))),
                ("to", &format!("{} %", crate::pages::typed::bp_as_percent(t.to_bp))),
                ("who", &t.who),
                ("day", &day_text(t.day)),
                ("why", &t.reason),
            ]);
            view! { <li data-testid="terms-change">{text}</li> }
        }).collect_view();
        // Two first plans made on two devices offline: the higher share stands until someone
        // plans again (`Commercial::deposit_share_bp`).
        let apart = c.first_plans_apart().map(|(low, high)| {
            let pct = |bp| format!("{} %", crate::pages::typed::bp_as_percent(bp));
            let text = fill(i18n.t(K::FirstPlansApart), &[("low", &pct(low)), ("high", &pct(high))]);
            view! { <p class="warn-note" data-testid="first-plans-apart">{text}</p> }
        });
        view! {
            {stale}
            {below}
            <dl class="facts">
                <dt>{move || i18n.t(K::Deposit)}</dt>
                <dd data-testid="deposit-line">{money(c.receivables.deposit.amount)}" · "{day_text(c.receivables.deposit.due)}" "
                    <span class=if dep_ok { "ok" } else { "bad" } data-testid="deposit-confirmed" data-ok=dep_ok.to_string()>{tick(dep_ok)}</span></dd>
                <dt>{move || i18n.t(K::Balance)}</dt>
                <dd data-testid="balance-line">{money(c.receivables.balance.amount)}" · "{day_text(c.receivables.balance.due)}" "
                    <span class=if bal_ok { "ok" } else { "bad" } data-testid="balance-confirmed" data-ok=bal_ok.to_string()>{tick(bal_ok)}</span></dd>
                <dt>{move || i18n.t(K::Received)}</dt><dd data-testid="received">{money(Some(c.received()))}</dd>
                {(deducted > Price::ZERO).then(|| view! {
                    <dt>{move || i18n.t(K::Deducted)}</dt><dd data-testid="deducted">{money(Some(deducted))}</dd>
                })}
                <dt>{move || i18n.t(K::Outstanding)}</dt><dd data-testid="outstanding">{money(Some(due))}</dd>
            </dl>
            {apart}
            <ul class="log small" data-testid="terms-changes">{terms}</ul>
            <h4>{move || i18n.t(K::Payables)}</h4>
            <ul class="log" data-testid="payables">
                {payables.into_iter().map(|(pcur, p, out, po, supplier)| view! {
                    <li data-testid="payable" data-credit=p.is_credit().to_string()>{format!("{supplier} · {}{} {} · {} · ", if p.is_credit() { "−" } else { "" }, pcur, p.amount, day_text(p.due))}
                        {move || i18n.t(K::Unpaid)}{format!(" {out}")}
                        {po.map(|label| view! { <span class="muted">" · "{move || i18n.t(K::ForPo)}" "{label.clone()}</span> })}</li>
                }).collect_view()}
            </ul>
        }
    })
    }
}

#[cfg(test)]
mod tests {
    //! The ledger over an order grown after its plan: it says so, and its deposit is not in.
    use super::*;
    use crate::i18n::{I18n, Lang};
    use crate::screen_tests::{mount, text_of};
    use crate::state::store::provide_store;
    use crate::storage::tests::order;
    use gendan_domain::commercial::{Commercial, Receipt};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    fn deposit_ok() -> Option<String> {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector("[data-testid=deposit-confirmed]")
                    .ok()
                    .flatten()
            })
            .and_then(|e| e.get_attribute("data-ok"))
    }

    /// Ten pieces planned at USD 2 with 30 % down, the USD 6 deposit paid: the ledger shows
    /// it in. The order grown to a hundred pieces is worth USD 200: the ledger says the plan
    /// was made on USD 20 and the deposit is no longer in.
    #[wasm_bindgen_test]
    async fn an_order_grown_after_its_plan_says_so_and_its_deposit_is_not_in() {
        let app = Owner::new();
        app.with(|| {
            provide_context(I18n(RwSignal::new(Lang::En)));
            provide_store();
        });
        let small = order("PO-GROWN");
        let mut books = Commercial::new("PO-GROWN", "USD");
        books.unit_price = "2".parse().ok();
        books.terms.deposit_bp = 3_000;
        books.plan_receivables(&small).expect("planned");
        books.receipts.insert(
            "r1".into(),
            Receipt {
                amount: "6".parse().expect("an amount"),
                confirmed_by: Some("finance".into()),
                ..Receipt::default()
            },
        );
        let ctx = app.with(|| OrderCtx::new("PO-GROWN".into()));
        ctx.order.set(small.clone());
        ctx.commercial.set(Some(books));
        let screen = mount(&app, move || view! { <Ledger ctx=ctx/> });
        assert_eq!(text_of("plan-out-of-date"), None);
        assert_eq!(deposit_ok().as_deref(), Some("true"));

        let mut grown = small;
        grown.quantities.set_qty("c", "s", 100);
        ctx.order.set(grown);
        for _ in 0..100 {
            if text_of("plan-out-of-date").is_some() {
                break;
            }
            crate::platform::sleep_ms(20).await;
        }
        let text = text_of("plan-out-of-date").expect("said");
        assert!(
            text.contains("USD 200.00") && text.contains("USD 20.00"),
            "{text}"
        );
        assert_eq!(deposit_ok().as_deref(), Some("false"));
        screen.leave();
    }

    /// Two first plans merged from two devices (30 % and 10 %), a tenth received: the ledger
    /// says the two shares and which stands, and the deposit is not in.
    #[wasm_bindgen_test]
    async fn two_first_plans_made_apart_are_said_and_the_higher_stands() {
        let app = Owner::new();
        app.with(|| {
            provide_context(I18n(RwSignal::new(Lang::En)));
            provide_store();
        });
        let o = order("PO-APART");
        let mut books = Commercial::new("PO-APART", "USD");
        books.unit_price = "2".parse().ok();
        // What the merge leaves: the lower share kept, both first plans on record.
        books.terms.deposit_bp = 1_000;
        books.plan_receivables(&o).expect("planned");
        books.first_plans.insert("a0".into(), 3_000);
        books.first_plans.insert("b0".into(), 1_000);
        let tenth = books.receivable().share_bp(1_000).expect("a tenth");
        books.receipts.insert(
            "r1".into(),
            Receipt {
                amount: tenth,
                confirmed_by: Some("finance".into()),
                ..Receipt::default()
            },
        );
        let ctx = app.with(|| OrderCtx::new("PO-APART".into()));
        ctx.order.set(o);
        ctx.commercial.set(Some(books));
        let screen = mount(&app, move || view! { <Ledger ctx=ctx/> });
        let text = text_of("first-plans-apart").expect("said");
        assert!(
            text.contains("10 % and 30 %") && text.contains("30 % stands"),
            "{text}"
        );
        assert_eq!(deposit_ok().as_deref(), Some("false"));
        screen.leave();
    }
}
