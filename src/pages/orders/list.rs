//! The list itself: only the rows in view are rendered — fixed-height rows inside a spacer as tall
//! as the whole list — so 10,000 orders scroll as lightly as ten.

use leptos::html;
use leptos::prelude::*;

use super::row::OrderRow;
use super::{OVERSCAN, ROW_HEIGHT};
use crate::listing::{self, PartyNames};
use crate::state::store::use_store;

#[component]
pub fn OrderList(
    /// The summaries shown, in order (indexes into the app's list).
    shown: Memo<Vec<usize>>,
    names: Memo<PartyNames>,
    today: String,
) -> impl IntoView {
    let store = use_store();
    // The window: what part of the list is on screen, from the page's scroll position.
    let list_ref = NodeRef::<html::Div>::new();
    let viewport = RwSignal::new((0.0f64, 800.0f64));
    // Also runs from an animation frame, which may come after this list was disposed (the
    // user moved on): then it does nothing rather than read a disposed signal and panic.
    let measure = move || {
        let Some(Some(el)) = list_ref.try_get_untracked() else {
            return;
        };
        let Some(w) = web_sys::window() else { return };
        let top = f64::from(el.offset_top()) - w.scroll_y().unwrap_or(0.0);
        let h = w
            .inner_height()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(800.0);
        let next = (-top, h);
        if viewport.try_get_untracked().is_some_and(|was| was != next) {
            viewport.set(next);
        }
    };
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| measure());
    let on_resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
    Effect::new(move |_| {
        shown.track();
        list_ref.track();
        request_animation_frame(measure);
    });
    let range = Memo::new(move |_| {
        let (top, h) = viewport.get();
        listing::window(shown.with(|s| s.len()), ROW_HEIGHT, top, h, OVERSCAN)
    });
    let visible = Memo::new(move |_| {
        let (start, end) = range.get();
        shown.with(|idx| {
            store.summaries.with(|all| {
                idx[start..end]
                    .iter()
                    .filter_map(|&i| all.get(i).cloned())
                    .collect::<Vec<_>>()
            })
        })
    });

    view! {
        <div class="order-window" node_ref=list_ref data-testid="order-list"
            style=move || format!("height:{}px", shown.with(|s| s.len()) as f64 * ROW_HEIGHT)>
            <ul class="order-list" style=move || format!("transform:translateY({}px)", range.get().0 as f64 * ROW_HEIGHT)>
                <For each=move || visible.get() key=|s| (s.id.clone(), s.updated_ms.to_bits(), s.damaged) let:s>
                    <OrderRow names=names s=s today=today.clone()/>
                </For>
            </ul>
        </div>
    }
}
