//! The order's header form (also the whole page for a new order): checks the draft, saves it,
//! and offers the choices between competing values, sharing and export of a saved order.

use gendan_domain::{qty_revision, Order};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::draft_notice::DraftNotice;
use super::export::ExportOrder;
use super::form::OrderForm;
use super::header_fields::HeaderFields;
use super::save::save_order;
use crate::components::action_error::ActionError;
use crate::components::quantity_matrix::QuantityMatrix;
use crate::components::save_status::SaveStatus;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::route::use_route;
use crate::state::store::use_store;

#[component]
pub fn HeaderForm(
    form: OrderForm,
    /// The saved order's id; `None` for a new order.
    id: Option<String>,
    /// Where the draft waits in `sessionStorage` until it is saved.
    draft_key: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let nav = use_route();
    let OrderForm {
        draft,
        problems,
        tried,
        refreshed,
        revision,
        ..
    } = form;
    let is_new = id.is_none();
    let save_id = id.clone();
    let notice_key = draft_key.clone();
    let save_action = Action::new_local(move |edited: &Order| {
        save_order(
            i18n,
            form,
            store,
            nav,
            save_id.clone(),
            draft_key.clone(),
            edited.clone(),
        )
    });
    let saving = save_action.pending();
    // Goods of the order have left: its quantities change only with a reason, logged; released
    // to production, a cut of them does (`qty_revision::needs_reason`).
    let left = move || !is_new && form.base.with(qty_revision::goods_left);
    let released = move || !is_new && form.base.with(gendan_domain::lifecycle::ever_released);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        match draft.get_untracked().to_order() {
            Ok(edited) => {
                problems.set(Vec::new());
                let needs = !is_new
                    && form
                        .base
                        .with_untracked(|b| qty_revision::needs_reason(b, &edited));
                if needs && form.reason.with_untracked(|r| r.trim().is_empty()) {
                    let said = if left() {
                        K::QtyNeedsReason
                    } else {
                        K::QtyCutNeedsReason
                    };
                    form.error.set(Some(i18n.t(said).to_string()));
                    return;
                }
                save_action.dispatch_local(edited);
            }
            Err(p) => problems.set(p),
        }
    };
    // After a choice between competing values, show the saved order.
    let reload_id = StoredValue::new(id.clone());
    let on_resolved = Callback::new(move |_: ()| {
        let Some(Some(order_id)) = reload_id.try_get_value() else {
            return;
        };
        // Background reload: the saved order after a choice between competing values.
        spawn_local(async move {
            let Some(repo) = store.repo() else { return };
            if let Ok(order) = repo.order(&order_id).await {
                form.follow(order);
                revision.update(|r| *r += 1);
            }
        });
    });
    let amount = move || {
        draft.with(|d| {
            let price: Option<gendan_domain::Price> = d.unit_price.parse().ok();
            price
                .and_then(|p| p.times(d.total()))
                .map(|a| format!("{} {a}", d.currency.trim().to_uppercase()))
        })
    };
    view! {
        <form class="order-form" on:submit=save novalidate data-testid="order-form" data-new=if is_new { "true" } else { "false" }>
            <h2>{move || if is_new { i18n.t(K::NavNew).to_string() } else { draft.with(|d| crate::listing::order_title(i18n.0.get(), &d.customer_po, &d.style_no)) }}</h2>
            {id.clone().map(|order_id| view! {
                <crate::components::conflicts::Conflicts id=order_id revision=revision.into() on_resolved=on_resolved/>
            })}
            <Show when=move || !problems.with(|p| p.is_empty())>
                <p class="card error" role="alert" data-testid="form-errors">{move || i18n.t(K::FixErrors)}</p>
            </Show>
            <DraftNotice form=form draft_key=notice_key.clone()/>
            <HeaderFields form=form is_new=is_new/>
            <QuantityMatrix draft=draft problems=problems.into()/>
            <Show when=move || left() || released()>
                <p class="muted small" data-testid="qty-locked">
                    {move || i18n.t(if left() { K::QtyLocked } else { K::QtyCutLocked })}
                </p>
                <TextInput label=K::QtyReason value=form.reason testid="qty-reason" factory_reads=true/>
            </Show>
            <ActionError error=form.error testid="order-save-error"/>
            <p class="amount" data-testid="amount">
                {move || amount().map(|a| format!("{}: {a}", i18n.t(K::Amount))).unwrap_or_default()}
            </p>
            <div class="actions sticky">
                <button type="submit" class="primary" data-testid="save" disabled=move || saving.get()>
                    {move || i18n.t(K::Save)}
                </button>
                <SaveStatus unsaved=form.differs/>
            </div>
            <Show when=move || refreshed.get()>
                <p class="muted" role="status" data-testid="refreshed">{move || i18n.t(K::ChangedElsewhere)}</p>
            </Show>
            {id.clone().map(|order_id| view! {
                <crate::components::share_order::ShareOrder id=order_id
                    factory=Signal::derive(move || form.base.with(|b| b.named_factory().map(str::to_string)))/>
            })}
            {id.map(|order_id| view! { <ExportOrder id=order_id base=form.base/> })}
        </form>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    //! The order form over a real repo, once goods of the order have left: a change of the
    //! quantities is refused in words without a reason and nothing is saved; with one it is
    //! saved and logged; the other fields still save without one.
    use super::*;
    use crate::i18n::{I18n, Lang};
    use crate::pages::order::ctx::OrderCtx;
    use crate::screen_tests::{click, mount, text_of, type_into, until};
    use crate::state::store::provide_store;
    use crate::storage::agenda_tests::author;
    use crate::storage::tests::order;
    use crate::storage::Repo;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    /// The order form over order `po` of a new repo, after `prepare` edited the stored order.
    async fn form_over(
        app: &Owner,
        test: &str,
        po: &str,
        prepare: impl FnOnce(&mut Order) + 'static,
    ) -> (
        Repo,
        String,
        OrderForm,
        crate::screen_tests::Screen<impl leptos::tachys::view::Mountable>,
    ) {
        let name = format!("gendan-test-{test}-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = repo.create_order(&order(po)).await.expect("created");
        repo.edit_order(&id, |o| {
            prepare(o);
            Ok(())
        })
        .await
        .expect("prepared");
        app.with(|| {
            let i18n = I18n(RwSignal::new(Lang::En));
            provide_context(i18n);
            provide_store().opened(repo.clone());
            crate::route::provide_route(i18n);
            crate::state::sync::provide_sync();
        });
        let ctx = app.with(|| OrderCtx::new(id.clone()));
        ctx.load().await.expect("the order loads");
        let form = app.with(|| OrderForm::new(Some(ctx)));
        form.follow(repo.order(&id).await.expect("reads"));
        let (key, form_id) = (format!("test-draft-{id}"), Some(id.clone()));
        let screen = mount(app, move || {
            view! { <HeaderForm form=form id=form_id.clone() draft_key=key.clone()/> }
        });
        (repo, id, form, screen)
    }

    /// The stored order once its quantities total `n` (a save is under way).
    async fn saved_with(repo: &Repo, id: &str, n: u64) -> Order {
        let mut saved = repo.order(id).await.expect("reads");
        for _ in 0..150 {
            if saved.quantities.total() == n {
                break;
            }
            crate::platform::sleep_ms(20).await;
            saved = repo.order(id).await.expect("reads");
        }
        saved
    }

    #[wasm_bindgen_test]
    async fn after_goods_left_the_quantities_change_only_with_a_reason() {
        let app = Owner::new();
        let (repo, id, form, screen) = form_over(&app, "qty-lock", "PO-QTY", |o| {
            gendan_domain::lifecycle::record_shipped(o, "2026-05-20".parse().expect("a day"));
        })
        .await;
        assert!(text_of("qty-locked").is_some(), "the lock is said");

        // Ten pieces become seven: refused in words, nothing saved.
        form.draft.update(|d| {
            d.cells.insert("c:s".into(), "7".into());
        });
        click("save");
        until(|| text_of("order-save-error").is_some_and(|t| t.contains("reason"))).await;
        let saved = repo.order(&id).await.expect("reads");
        assert_eq!(saved.quantities.total(), 10, "nothing saved");

        type_into("qty-reason", "buyer cut 3 pcs by mail");
        click("save");
        let saved = saved_with(&repo, &id, 7).await;
        assert_eq!(saved.quantities.total(), 7);
        let logged: Vec<_> = saved.quantity_changes.values().collect();
        assert!(
            matches!(logged.as_slice(), [c] if c.from == 10 && c.to == 7 && c.reason == "buyer cut 3 pcs by mail"),
            "{logged:?}"
        );
        until(|| text_of("order-save-error").is_none_or(|t| t.trim().is_empty())).await;
        assert!(text_of("order-save-error").is_none_or(|t| t.trim().is_empty()));
        screen.leave();
    }

    /// Released to production, a cut of the quantities is refused in words without a reason
    /// and saved and logged with one; growing them needs none.
    #[wasm_bindgen_test]
    async fn a_released_order_is_cut_only_with_a_reason() {
        let app = Owner::new();
        let (repo, id, form, screen) = form_over(&app, "qty-cut", "PO-CUT", |o| {
            o.status = gendan_domain::OrderStatus::InProduction;
            o.status_log.insert(
                "1".into(),
                gendan_domain::lifecycle::StatusChange {
                    seq: 1,
                    from: "confirmed".into(),
                    to: "in_production".into(),
                    ..Default::default()
                },
            );
        })
        .await;
        assert!(text_of("qty-locked").is_some_and(|t| t.contains("Released to production")));
        form.draft.update(|d| {
            d.cells.insert("c:s".into(), "4".into());
        });
        click("save");
        until(|| text_of("order-save-error").is_some_and(|t| t.contains("cutting"))).await;
        assert_eq!(repo.order(&id).await.expect("reads").quantities.total(), 10);

        type_into("qty-reason", "buyer cut 6 pcs by mail");
        click("save");
        let saved = saved_with(&repo, &id, 4).await;
        assert_eq!(saved.quantities.total(), 4);
        assert!(saved
            .quantity_changes
            .values()
            .any(|c| c.from == 10 && c.to == 4 && c.reason == "buyer cut 6 pcs by mail"));
        assert!(!gendan_domain::qty_revision::goods_left(&saved));
        screen.leave();
    }

    /// USD 300 received: the order form cannot switch the books to EUR (the receipt would read
    /// as EUR 300); the refusal is said on the form, which keeps what was typed, and the books
    /// keep their currency and price.
    #[wasm_bindgen_test]
    async fn the_books_currency_stays_once_money_is_received_in_it() {
        let app = Owner::new();
        let (repo, id) =
            crate::storage::agenda_tests::repo_with_order("currency-held", "PO-CUR").await;
        repo.edit_commercial(&id, |c| {
            c.set_unit_price(Some("4.80".parse().expect("a price")), "USD".into())?;
            let t = gendan_domain::receipts::Takings {
                amount: "300".parse().expect("an amount"),
                date: crate::platform::today(),
                reference: "TT-9",
                note: "",
                who: "Li",
                today: crate::platform::today(),
            };
            c.record_receipt("r1", t)
        })
        .await
        .expect("received");
        let ctx = crate::screen_tests::loaded_order(&app, &repo, &id).await;
        app.with(|| {
            let i18n = use_context::<I18n>().expect("provided");
            crate::route::provide_route(i18n);
            crate::state::sync::provide_sync();
        });
        let form = app.with(|| OrderForm::new(Some(ctx)));
        form.follow(repo.order(&id).await.expect("reads"));
        let (key, form_id) = (format!("test-draft-{id}"), Some(id.clone()));
        let screen = mount(&app, move || {
            view! { <HeaderForm form=form id=form_id.clone() draft_key=key.clone()/> }
        });
        type_into("currency", "EUR");
        type_into("unit-price", "4.40");
        click("save");
        until(|| text_of("order-save-error").is_some_and(|t| t.contains("USD"))).await;
        let said = text_of("order-save-error").expect("said");
        assert!(said.contains(K::Currency.text(Lang::En)), "{said}");
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert_eq!(
            (books.currency.as_str(), books.unit_price),
            ("USD", "4.80".parse().ok())
        );
        assert_eq!(
            form.draft.with_untracked(|d| d.currency.clone()),
            "EUR",
            "the input stays"
        );
        screen.leave();
    }
}
