//! 采购变更 and cancelling a PO, folded under the card: a new quantity and due day with the
//! reason (`purchasing::revise`, logged; the first due day is still judged), or cancelling it
//! with the reason while no goods came (`purchasing::cancel`). Both are said in the daily report.

use gendan_domain::order::{Field, Issue};
use gendan_domain::purchasing::{self, Revised};
use leptos::prelude::*;

use super::super::ctx::{day_text, field_error, parse_day, who, OrderCtx};
use super::parse_qty;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;
use crate::state::kept_input::kept_text;

#[component]
pub fn PoChange(
    ctx: OrderCtx,
    po_id: String,
    /// Whether it may still be cancelled: no goods came against it.
    cancellable: bool,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(po_id);
    let (qty, due) = ctx.order.with_untracked(|o| {
        o.purchase_orders
            .get(&id.get_value())
            .map(|p| (p.qty.to_string(), day_text(p.due)))
            .unwrap_or_default()
    });
    // The quantity and due day agreed now are offered again whenever they changed.
    let key = |field: &str| format!("po:{}/change-{field}", id.get_value());
    let (qty, due, reason) = (
        kept_text(&key(&format!("qty@{qty}")), || qty.clone()),
        kept_text(&key(&format!("due@{due}")), || due.clone()),
        kept_text(&key("reason"), String::new),
    );
    let revise = submit_action(
        error,
        move |to: Revised| {
            let (po, why, me) = (id.get_value(), reason.get_untracked(), who());
            let change = platform::new_record_id();
            let supplier = ctx
                .order
                .with_untracked(|o| o.purchase_orders.get(&po).map(|p| p.supplier.clone()))
                .unwrap_or_default();
            let standing = ctx.standing_of(&supplier);
            ctx.edit(move |o| {
                let by = (me.as_str(), platform::today(), why.as_str());
                purchasing::revise(o, &po, &change, to, &standing, by)
            })
        },
        move |()| reason.set(String::new()),
    );
    let cancel = submit_action(
        error,
        move |()| {
            let (po, why, me) = (id.get_value(), reason.get_untracked(), who());
            ctx.edit(move |o| purchasing::cancel(o, &po, (&me, platform::today(), &why)))
        },
        move |()| reason.set(String::new()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(q) = parse_qty(&qty.get_untracked(), Field::Qty) else {
            error.set(Some(field_error(i18n, Field::Qty, Issue::NotANumber)));
            return;
        };
        let Ok(d) = parse_day(&due.get_untracked()) else {
            error.set(Some(field_error(
                i18n,
                Field::RequiredDate,
                Issue::NotADate,
            )));
            return;
        };
        revise.dispatch(Revised { qty: q, due: d });
    };
    view! {
        <details class="po-change" data-testid="po-change">
            <summary>{move || i18n.t(K::PoRevise)}</summary>
            <form class="inline-form" on:submit=submit novalidate>
                <TextInput label=K::PoQty value=qty inputmode="decimal" testid="po-revise-qty"/>
                <TextInput label=K::RequiredDate value=due kind="date" testid="po-revise-due"/>
                <TextInput label=K::PoRevisionReason value=reason testid="po-revise-reason" factory_reads=true/>
                <button type="submit" data-testid="po-revise">{move || i18n.t(K::PoSaveRevision)}</button>
                {cancellable.then(|| view! {
                    <button type="button" class="warn" data-testid="po-cancel"
                        on:click=move |_| { cancel.dispatch(()); }>{move || i18n.t(K::PoCancel)}</button>
                })}
            </form>
        </details>
    }
}

#[cfg(test)]
mod tests {
    //! A PO kept open with a suspended supplier is not raised from its card (more of it is new
    //! work), while lowering it is still a change like any other.
    use super::*;
    use crate::components::action_error::ActionError;
    use crate::screen_tests::{click, loaded_order, mount, text_of, type_into, until};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_po_with_a_suspended_supplier_is_lowered_but_not_raised() {
        let app = Owner::new();
        let (repo, id) = super::super::order_with_a_suspended_mill("po-change-suspended").await;
        let ctx = loaded_order(&app, &repo, &id).await;
        let error = app.with(|| RwSignal::new(None::<String>));
        let screen = mount(&app, move || {
            view! {
                <PoChange ctx=ctx po_id="pq".to_string() cancellable=true error=error/>
                <ActionError error=error testid="po-card-error"/>
            }
        });
        type_into("po-revise-qty", "3000");
        type_into("po-revise-reason", "buyer added a colour");
        click("po-revise");
        until(|| text_of("po-card-error").is_some_and(|t| !t.is_empty())).await;
        let said = text_of("po-card-error").unwrap_or_default();
        assert!(said.contains("suspended"), "{said}");
        let stored = repo.order(&id).await.expect("read");
        assert_eq!(stored.purchase_orders["pq"].qty.to_string(), "1000");

        type_into("po-revise-qty", "600");
        type_into("po-revise-reason", "only what is dyed");
        click("po-revise");
        until(|| {
            ctx.order
                .with_untracked(|o| o.purchase_orders["pq"].qty.to_string() == "600")
        })
        .await;
        screen.leave();
    }

    /// The revision reason goes onto the order, which the supplier's factory reads: an amount
    /// typed in it is said under it, pieces are not.
    #[wasm_bindgen_test]
    async fn an_amount_in_the_revision_reason_is_said() {
        let app = Owner::new();
        let (repo, id) = super::super::order_with_a_suspended_mill("po-change-money-words").await;
        let ctx = loaded_order(&app, &repo, &id).await;
        let error = app.with(|| RwSignal::new(None::<String>));
        let screen = mount(&app, move || {
            view! { <PoChange ctx=ctx po_id="pq".to_string() cancellable=true error=error/> }
        });
        assert!(text_of("money-words").is_none());
        type_into("po-revise-reason", "supplier asks USD 2,400 more");
        until(|| text_of("money-words").is_some()).await;
        assert!(text_of("money-words").is_some_and(|t| t.contains("the factory reads")));
        type_into("po-revise-reason", "12 cartons short");
        until(|| text_of("money-words").is_none()).await;
        assert!(text_of("money-words").is_none());
        screen.leave();
    }
}
