//! 到货确认 on a shipment that has left: the day it reached the buyer and what the buyer said
//! (damage, shortage — what a transit claim starts from), or the form that records it. The
//! rules (only after it left, not before that day nor in the future) are the domain's
//! (`gendan_domain::shipment::arrive`).

use std::rc::Rc;

use gendan_domain::order::{Field, Issue};
use gendan_domain::shipment::{arrive, Arrival};
use leptos::prelude::*;

use super::super::ctx::{day_text, field_error, parse_day, who, OrderCtx, OrderEdit};
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::Submit;
use crate::platform;

#[component]
pub fn ShipArrival(
    ctx: OrderCtx,
    sid: StoredValue<String>,
    error: RwSignal<Option<String>>,
    edit: Submit<OrderEdit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let left = move || {
        ctx.order
            .with(|o| o.shipments.get(&sid.get_value()).and_then(|s| s.shipped_on))
    };
    let arrived = move || {
        ctx.order.with(|o| {
            o.shipments
                .get(&sid.get_value())
                .and_then(|s| s.arrived.clone())
        })
    };
    let on = RwSignal::new(platform::today().to_string());
    let note = RwSignal::new(String::new());
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(day) = parse_day(&on.get_untracked()) else {
            error.set(Some(field_error(i18n, Field::ArrivedOn, Issue::NotADate)));
            return;
        };
        let a = Arrival {
            on: day,
            who: who(),
            note: note.get_untracked(),
        };
        let id = sid.get_value();
        edit.dispatch(Rc::new(move |o| {
            arrive(o, &id, a.clone(), platform::today())
        }));
    };
    view! {
        <Show when=move || left().is_some()>
            <div class="ship-arrival" data-testid="ship-arrival">
                <h4>{move || i18n.t(K::ArrivalTitle)}</h4>
                {move || match arrived() {
                    Some(a) => {
                        let (day, by, said) = (day_text(a.on), a.who, a.note);
                        view! {
                            <p data-testid="ship-arrived">{move || fill(i18n.t(K::ArrivedRow), &[("day", &day), ("who", &by)])}</p>
                            {(!said.is_empty()).then(|| view! { <p class="small" data-testid="ship-arrived-note">{said.clone()}</p> })}
                        }
                        .into_any()
                    }
                    None => view! {
                        <form class="inline-form" on:submit=record novalidate>
                            <TextInput label=K::ArrivedOn value=on kind="date" testid="ship-arrived-on"/>
                            <TextInput label=K::ArrivalNote value=note testid="ship-arrival-note" factory_reads=true/>
                            <button type="submit" data-testid="ship-record-arrival">{move || i18n.t(K::RecordArrival)}</button>
                        </form>
                    }
                    .into_any(),
                }}
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    //! Arrival asked only of a shipment that left, and kept with what the buyer said.
    use super::*;
    use crate::screen_tests::{click, loaded_order, mount, text_of, type_into, until};
    use crate::storage::agenda_tests::author;
    use crate::storage::tests::order;
    use crate::storage::Repo;
    use gendan_domain::shipment::Shipment;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_shipment_that_left_is_marked_arrived_with_what_the_buyer_said() {
        let app = Owner::new();
        let name = format!("gendan-test-arrival-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = repo
            .create_order(&order("PO-ARRIVE"))
            .await
            .expect("created");
        repo.edit_order(&id, |o| {
            o.shipments.insert("s1".into(), Shipment::default());
            Ok(())
        })
        .await
        .expect("a shipment");
        let ctx = loaded_order(&app, &repo, &id).await;
        let (sid, error) = app.with(|| {
            (
                StoredValue::new("s1".to_string()),
                RwSignal::new(None::<String>),
            )
        });
        let edit = app.with(|| ctx.edit_action(error));
        let screen = mount(&app, move || {
            view! { <ShipArrival ctx=ctx sid=sid error=error edit=edit/> }
        });
        crate::platform::sleep_ms(50).await;
        assert!(
            text_of("ship-arrival").is_none(),
            "not left: nothing to ask"
        );
        repo.edit_order(&id, |o| {
            if let Some(s) = o.shipments.get_mut("s1") {
                s.shipped_on = Some(platform::today());
            }
            Ok(())
        })
        .await
        .expect("left");
        ctx.load().await.expect("reloads");
        until(|| text_of("ship-arrival").is_some()).await;
        type_into("ship-arrival-note", "one carton wet");
        click("ship-record-arrival");
        until(|| text_of("ship-arrived").is_some()).await;
        let saved = repo.order(&id).await.expect("reads");
        let a = saved.shipments["s1"].arrived.clone().expect("arrived");
        assert_eq!(
            (a.on, a.note.as_str()),
            (Some(platform::today()), "one carton wet")
        );
        assert_eq!(
            text_of("ship-arrived-note").as_deref(),
            Some("one carton wet")
        );
        screen.leave();
    }
}
