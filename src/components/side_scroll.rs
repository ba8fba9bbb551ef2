//! A table wider than the screen (a PI's five columns, a packing list's sizes) in its own
//! sideways scroller that says so: a line of text and a fade at the edge while more is to the
//! right, so nothing is cut off unseen at 360 px. In print the scroller opens to its full width.

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};

#[component]
pub fn SideScroll(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let node = NodeRef::<leptos::html::Div>::new();
    // Wider than its box at all (the hint), and more of it to the right now (the fade).
    let wider = RwSignal::new(false);
    let more = RwSignal::new(false);
    // Also runs from an animation frame, which may come after the page re-rendered and this
    // component was disposed (a shipment picked on a document): then it does nothing, where
    // reading a disposed signal would panic and stop the whole app.
    let measure = move || {
        let Some(Some(el)) = node.try_get_untracked() else {
            return;
        };
        let extra = el.scroll_width() - el.client_width();
        let (w, m) = (extra > 1, extra - el.scroll_left() > 1);
        if wider.try_get_untracked().is_some_and(|was| was != w) {
            wider.set(w);
        }
        if more.try_get_untracked().is_some_and(|was| was != m) {
            more.set(m);
        }
    };
    // Layout is the outside world here: measured once laid out and again when the window resizes.
    let on_resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || on_resize.remove());
    Effect::new(move |_| {
        node.track();
        request_animation_frame(measure);
    });
    view! {
        <p class="scroll-hint no-print" data-testid="scroll-hint" hidden=move || !wider.get()>
            {move || i18n.t(K::ScrollSideways)}
        </p>
        <div class="side-scroll" class:more=move || more.get()>
            <div class="side-scroll-box" data-testid="side-scroll" node_ref=node on:scroll=move |_| measure()>
                {children()}
            </div>
        </div>
    }
}
