//! 验货预约 on the QC tab: every booked inspection by day — ours, the buyer's QC's or a third
//! party's — with where each stands, and the form that books one.

use gendan_domain::bookings;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use super::book_form::BookForm;
use super::booking_row::BookingRow;
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
    view! {
        <div class="bookings" data-testid="bookings">
            <h4>{move || i18n.t(K::BookingsTitle)}</h4>
            <Show when=move || ctx.order.with(|o| o.inspection_bookings.is_empty())>
                <p class="muted small">{move || i18n.t(K::NoBookings)}</p>
            </Show>
            <ul class="records">
                <For each=ids key=|id| id.clone() let:id>
                    {
                        // A row is built again only when its booking changed.
                        let shown = Memo::new({
                            let id = id.clone();
                            move |_| ctx.order.with(|o| o.inspection_bookings.get(&id).cloned())
                        });
                        move || shown.get().map(|b| view! { <BookingRow ctx=ctx id=id.clone() b=b/> })
                    }
                </For>
            </ul>
            <BookForm ctx=ctx/>
        </div>
    }
}
