//! 验货预约 on the QC tab: every booked inspection by day — ours, the buyer's QC's or a third
//! party's — with where each stands, and the form that books one.

use gendan_domain::bookings;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use super::book_form::BookForm;
use super::booking_row::{BookingRow, Typed};
use crate::components::fold::OpenRow;
use crate::i18n::{use_i18n, K};

#[component]
pub fn Bookings(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let ids = move || {
        ctx.order.with(|o| {
            bookings::in_order(o)
                .into_iter()
                .map(|(id, _)| id.clone())
                .collect::<Vec<_>>()
        })
    };
    // A booking whose day went by unstarted opens with its fold open, to be moved.
    let today = crate::platform::today();
    let open: OpenRow = RwSignal::new(ctx.order.with_untracked(|o| {
        bookings::in_order(o)
            .into_iter()
            .find(|(_, b)| b.is_missed(today))
            .map(|(id, _)| id.clone())
    }));
    view! {
        <div class="bookings" data-testid="bookings">
            <h4>{move || i18n.t(K::BookingsTitle)}</h4>
            <Show when=move || ctx.order.with(|o| o.inspection_bookings.is_empty())>
                <p class="muted small">{move || i18n.t(K::NoBookings)}</p>
            </Show>
            <ul class="records">
                <For each=ids key=|id| id.clone() let:id>
                    {
                        // A row is built again only when its booking changed; what is typed in
                        // its fold, and whether the fold is open, outlive that (a peer's change
                        // arriving as someone types keeps what they typed).
                        let shown = Memo::new({
                            let id = id.clone();
                            move |_| ctx.order.with(|o| o.inspection_bookings.get(&id).cloned())
                        });
                        let typed = Typed::new(shown.with_untracked(|b| {
                            b.as_ref().and_then(|b| b.day).map(|d| d.to_string()).unwrap_or_default()
                        }));
                        move || shown.get().map(|b| view! { <BookingRow ctx=ctx id=id.clone() b=b open=open typed=typed/> })
                    }
                </For>
            </ul>
            <BookForm ctx=ctx/>
        </div>
    }
}

#[cfg(test)]
mod tests {
    //! The list over a real repo: a row built again because its booking changed elsewhere keeps
    //! its fold open and what was typed in it.
    use super::*;
    use crate::screen_tests::{click, fold_open, loaded_order, mount, type_into, until, value_of};
    use crate::storage::agenda_tests::repo_with_order;
    use gendan_domain::bookings::{Inspector, NewBooking};
    use gendan_domain::inspection::InspectionKind;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_row_built_again_keeps_its_fold_open_and_what_was_typed() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("bookings-typed", "PO-TYPED").await;
        let today = crate::platform::today();
        repo.edit_order(&id, move |o| {
            bookings::book(
                o,
                "b1",
                NewBooking {
                    kind: InspectionKind::Final,
                    day: today.add_days(20).expect("a day"),
                    by: Inspector::Buyer,
                    agency: "Li Na",
                    note: "",
                    who: "Li",
                    today,
                },
            )
        })
        .await
        .expect("booked");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(&app, move || view! { <Bookings ctx=ctx/> });
        until(|| value_of("booking-why").is_some()).await;
        assert!(!fold_open("booking-more"));
        click("booking-more");
        until(|| fold_open("booking-more")).await;
        type_into("booking-why", "packing two days late");

        // The buyer's QC confirms, noted on another device; the change arrives and the row is
        // built again with the booking confirmed.
        repo.edit_order(&id, move |o| bookings::confirm(o, "b1", "Zhou", today))
            .await
            .expect("confirmed elsewhere");
        ctx.load().await.expect("reloads");
        until(|| crate::screen_tests::text_of("booking-confirmed").is_some()).await;
        assert!(fold_open("booking-more"), "the fold stays open");
        assert_eq!(
            value_of("booking-why").as_deref(),
            Some("packing two days late"),
            "what was typed stays"
        );
        // Moved on another device: the day field, untouched here, says the new day.
        let later = today.add_days(23).expect("a day");
        repo.edit_order(&id, move |o| {
            bookings::reschedule(o, "b1", later, ("Zhou", "their QC is busy", today))
        })
        .await
        .expect("moved elsewhere");
        ctx.load().await.expect("reloads");
        until(|| value_of("booking-day") == Some(later.to_string())).await;
        assert_eq!(value_of("booking-day"), Some(later.to_string()));
        assert_eq!(
            value_of("booking-why").as_deref(),
            Some("packing two days late")
        );
        // Confirmed here, by the button outside the fold: the fold is left as it was.
        click("booking-confirm");
        until(|| crate::screen_tests::text_of("booking-confirmed").is_some()).await;
        crate::platform::sleep_ms(50).await;
        assert!(
            fold_open("booking-more"),
            "a confirmation does not close the fold"
        );
        screen.leave();
    }
}
