//! 订单确认 on the overview: the buyer's order confirmed in writing, then checked by phone — each
//! shown with its day, who and with whom once recorded, else a short form. The rules (the day,
//! the written order first) are the domain's (`gendan_domain::buyer_confirm`).

use gendan_domain::buyer_confirm;
use gendan_domain::order::{Field, Issue};
use gendan_domain::purchasing::{ConfirmChannel, Confirmation};
use leptos::prelude::*;

use super::ctx::{day_text, field_error, parse_day, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;

fn channel_key(c: &ConfirmChannel) -> K {
    match c {
        ConfirmChannel::Written => K::BuyerWritten,
        _ => K::BuyerPhone,
    }
}

/// The row's test ids: the row, its day, with whom, the button and the error line.
fn ids(c: &ConfirmChannel) -> [&'static str; 5] {
    match c {
        ConfirmChannel::Written => [
            "buyer-written",
            "buyer-written-on",
            "buyer-written-with",
            "buyer-written-record",
            "buyer-written-error",
        ],
        _ => [
            "buyer-phone",
            "buyer-phone-on",
            "buyer-phone-with",
            "buyer-phone-record",
            "buyer-phone-error",
        ],
    }
}

/// Both channels, each said or asked for.
#[component]
pub fn BuyerConfirm(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let done = move || ctx.order.with(buyer_confirm::stands);
    view! {
        <section class="card buyer-confirm" data-testid="buyer-confirm" data-confirmed=move || done().to_string()>
            <h3>{move || i18n.t(K::SecBuyerConfirm)}</h3>
            <Show when=move || !done()>
                <p class="muted small">{move || i18n.t(K::BuyerConfirmHelp)}</p>
            </Show>
            <ChannelRow ctx=ctx channel=ConfirmChannel::Written/>
            <ChannelRow ctx=ctx channel=ConfirmChannel::Phone/>
        </section>
    }
}

/// One channel: the confirmation recorded, or the form that records it.
#[component]
fn ChannelRow(ctx: OrderCtx, channel: ConfirmChannel) -> impl IntoView {
    let i18n = use_i18n();
    let [row_id, on_id, with_id, button_id, error_id] = ids(&channel);
    let key = channel_key(&channel);
    let kept = {
        let channel = channel.clone();
        move || {
            ctx.order.with(|o| match channel {
                ConfirmChannel::Written => o.buyer_written.clone(),
                _ => o.buyer_phone.clone(),
            })
        }
    };
    let on = RwSignal::new(platform::today().to_string());
    let with = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let record = submit_action(
        error,
        {
            let channel = channel.clone();
            move |c: Confirmation| {
                let channel = channel.clone();
                ctx.edit(move |o| buyer_confirm::confirm(o, &channel, c, platform::today()))
            }
        },
        move |()| with.set(String::new()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(day) = parse_day(&on.get_untracked()) else {
            error.set(Some(field_error(
                i18n,
                Field::ConfirmedDate,
                Issue::NotADate,
            )));
            return;
        };
        record.dispatch(Confirmation {
            by: who(),
            counterpart: with.get_untracked(),
            on: day,
            // Kept by `buyer_confirm::confirm`: the goods the order holds when it is recorded.
            ..Confirmation::default()
        });
    };
    // Kept, but of goods the order no longer holds (colours or quantities changed before the
    // release): said, and asked again.
    let stale = {
        let kept = kept.clone();
        move || kept().is_some_and(|c| ctx.order.with(|o| buyer_confirm::asks_again(o, &c)))
    };
    view! {
        {move || match kept().filter(|_| !stale()) {
            Some(c) => {
                let (day, by, counterpart) = (day_text(c.on), c.by, c.counterpart);
                view! {
                    <p data-testid=row_id data-done="true">
                        {move || fill(i18n.t(K::BuyerConfirmedRow), &[
                            ("channel", i18n.t(key)),
                            ("day", &day),
                            ("who", &by),
                            ("counterpart", &counterpart),
                        ])}
                    </p>
                }
                .into_any()
            }
            // The buyer's word is the office's to record: a factory's phone is told so.
            None if crate::sync::settings::SyncSettings::is_factory_device() => view! {
                <p data-testid=row_id data-done="false">
                    <strong>{move || i18n.t(key)}</strong>" "
                    <span class="notice" data-testid="office-decides">{move || i18n.t(K::FactoryOfficeDecides)}</span>
                </p>
            }
            .into_any(),
            None => view! {
                <form class="inline-form" data-testid=row_id data-done="false" on:submit=submit novalidate>
                    <strong>{move || i18n.t(key)}</strong>
                    <Show when=stale.clone()>
                        <span class="notice small" data-testid="buyer-confirm-stale">{move || i18n.t(K::BuyerConfirmStale)}</span>
                    </Show>
                    <TextInput label=K::ConfirmedDate value=on kind="date" testid=on_id/>
                    <TextInput label=K::BuyerCounterpart value=with testid=with_id/>
                    <button type="submit" data-testid=button_id>{move || i18n.t(K::RecordConfirmation)}</button>
                </form>
            }
            .into_any(),
        }}
        <ActionError error=error testid=error_id/>
    }
}

#[cfg(test)]
mod tests {
    //! The buyer's order confirmed on the overview: the phone check before the written order is
    //! refused in words; in order, both are kept and said.
    use super::*;
    use crate::i18n::Lang;
    use crate::screen_tests::{click, loaded_order, mount, text_of, type_into, until};
    use crate::storage::agenda_tests::author;
    use crate::storage::tests::order;
    use crate::storage::Repo;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    fn done(id: &str) -> bool {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| {
                d.query_selector(&format!("[data-testid={id}][data-done=true]"))
                    .ok()
                    .flatten()
            })
            .is_some()
    }

    #[wasm_bindgen_test]
    async fn the_buyers_order_is_confirmed_in_writing_then_by_phone() {
        let app = Owner::new();
        let name = format!("gendan-test-buyer-confirm-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = repo
            .create_order(&order("PO-BUYER-OK"))
            .await
            .expect("created");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(&app, move || view! { <BuyerConfirm ctx=ctx/> });
        type_into("buyer-phone-with", "Anna");
        click("buyer-phone-record");
        until(|| text_of("buyer-phone-error").is_some()).await;
        let said = text_of("buyer-phone-error").unwrap_or_default();
        assert!(said.contains(K::ErrWrittenFirst.text(Lang::En)), "{said}");
        assert!(repo.order(&id).await.expect("reads").buyer_phone.is_none());

        type_into("buyer-written-with", "Anna");
        click("buyer-written-record");
        until(|| done("buyer-written")).await;
        click("buyer-phone-record");
        until(|| done("buyer-phone")).await;
        let saved = repo.order(&id).await.expect("reads");
        assert_eq!(
            saved.buyer_written.map(|c| c.counterpart).as_deref(),
            Some("Anna")
        );
        assert!(buyer_confirm::is_confirmed(
            &repo.order(&id).await.expect("reads")
        ));
        let row = text_of("buyer-phone").unwrap_or_default();
        assert!(row.contains("Phone check") && row.contains("Anna"), "{row}");
        screen.leave();
    }

    /// The buyer's word is the office's to record: a factory's phone shows each channel still
    /// waiting and that the office records it, with no form to record it there.
    #[wasm_bindgen_test]
    async fn a_factorys_phone_records_no_buyer_confirmation() {
        let app = Owner::new();
        let name = format!(
            "gendan-test-buyer-confirm-factory-{}",
            js_sys::Math::random()
        );
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = repo
            .create_order(&order("PO-BUYER-FACTORY"))
            .await
            .expect("created");
        let ctx = loaded_order(&app, &repo, &id).await;
        let factory = crate::screen_tests::AsFactoryPhone::new();
        let screen = mount(&app, move || view! { <BuyerConfirm ctx=ctx/> });
        drop(factory);
        assert!(text_of("buyer-written").is_some_and(|t| t.contains("office decides")));
        assert!(text_of("buyer-written-record").is_none());
        assert!(text_of("buyer-phone-record").is_none());
        assert!(!done("buyer-written"));
        screen.leave();
    }

    /// Colours or quantities changed after both confirmations (not yet released): each channel
    /// says it confirmed other goods and asks again; recorded again both ways, it stands.
    #[wasm_bindgen_test]
    async fn a_confirmation_of_other_goods_is_asked_again() {
        let app = Owner::new();
        let name = format!("gendan-test-buyer-confirm-stale-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = repo
            .create_order(&order("PO-BUYER-STALE"))
            .await
            .expect("created");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(&app, move || view! { <BuyerConfirm ctx=ctx/> });
        type_into("buyer-written-with", "Anna");
        click("buyer-written-record");
        until(|| done("buyer-written")).await;
        click("buyer-phone-record");
        until(|| done("buyer-phone")).await;
        assert!(text_of("buyer-confirm-stale").is_none());
        ctx.edit(|o| {
            let cell = o
                .quantities
                .cells
                .keys()
                .next()
                .cloned()
                .unwrap_or_default();
            o.quantities.cells.insert(cell, 9_999);
            Ok(())
        })
        .await
        .expect("more pieces");
        until(|| !done("buyer-written")).await;
        assert!(text_of("buyer-confirm-stale").is_some_and(|t| t.contains("confirm again")));
        assert!(!buyer_confirm::stands(
            &repo.order(&id).await.expect("reads")
        ));
        type_into("buyer-written-with", "Anna");
        click("buyer-written-record");
        until(|| done("buyer-written")).await;
        click("buyer-phone-record");
        until(|| done("buyer-phone")).await;
        assert!(buyer_confirm::stands(
            &repo.order(&id).await.expect("reads")
        ));
        screen.leave();
    }
}
