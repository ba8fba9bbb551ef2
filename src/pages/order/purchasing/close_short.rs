//! 短交结案: closes a PO that will not be delivered in full, accepting what arrived, with the
//! reason (`purchasing::close_short`, logged and said as an exception of the day).

use gendan_domain::purchasing;
use leptos::prelude::*;

use super::super::ctx::{who, OrderCtx};
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::edit_action;
use crate::platform;
use crate::state::kept_input::kept_text;

#[component]
pub fn CloseShort(ctx: OrderCtx, po_id: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let reason = kept_text(&format!("po:{po_id}/close-reason"), String::new);
    let close = edit_action(error, move |why: String| {
        let id = po_id.clone();
        ctx.edit(move |o| purchasing::close_short(o, &id, (&who(), platform::today(), &why)))
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        close.dispatch(reason.get_untracked());
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <TextInput label=K::PoCloseReason value=reason testid="po-close-reason" factory_reads=true/>
            <button type="submit" data-testid="po-close-short">{move || i18n.t(K::PoCloseShort)}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    //! Closing a PO short on its card: refused in words without a reason, then kept with it.
    use super::*;
    use crate::components::action_error::ActionError;
    use crate::i18n::Lang;
    use crate::screen_tests::{click, loaded_order, mount, text_of, type_into, until};
    use crate::storage::agenda_tests::author;
    use crate::storage::tests::order;
    use crate::storage::Repo;
    use gendan_domain::purchasing::PurchaseOrder;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_po_is_closed_short_only_with_a_reason() {
        let app = Owner::new();
        let name = format!("gendan-test-close-short-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = repo
            .create_order(&order("PO-SHORT"))
            .await
            .expect("created");
        repo.edit_order(&id, |o| {
            o.purchase_orders.insert(
                "pq".into(),
                PurchaseOrder {
                    po_no: "F-9".into(),
                    qty: "1000".parse().expect("a quantity"),
                    ..PurchaseOrder::default()
                },
            );
            Ok(())
        })
        .await
        .expect("a PO");
        let ctx = loaded_order(&app, &repo, &id).await;
        let error = app.with(|| RwSignal::new(None::<String>));
        let screen = mount(&app, move || {
            view! {
                <CloseShort ctx=ctx po_id="pq".to_string() error=error/>
                <ActionError error=error testid="po-card-error"/>
            }
        });
        click("po-close-short");
        until(|| text_of("po-card-error").is_some_and(|t| !t.is_empty())).await;
        let said = text_of("po-card-error").unwrap_or_default();
        assert!(said.contains(K::ErrRequired.text(Lang::En)), "{said}");
        let saved = repo.order(&id).await.expect("reads");
        assert!(saved.purchase_orders["pq"].closed.is_none());

        type_into("po-close-reason", "mill stopped the quality");
        click("po-close-short");
        let mut closed = None;
        for _ in 0..100 {
            let saved = repo.order(&id).await.expect("reads");
            closed = saved.purchase_orders["pq"].closed.clone();
            if closed.is_some() {
                break;
            }
            crate::platform::sleep_ms(20).await;
        }
        let closed = closed.expect("closed short");
        assert_eq!(closed.reason, "mill stopped the quality");
        screen.leave();
    }
}
