//! A compact row that opens in place: a `<details>` whose open state lives in a signal shared by
//! its list, so a row rebuilt after an edit stays open and opening one row closes the others.
//! `<summary>` gives keyboard and touch use and the expanded state for screen readers.

use leptos::prelude::*;

/// Which row of a list is open, by the key each row is given; `None`: all closed.
pub type OpenRow = RwSignal<Option<String>>;

/// Whether the row `key` is open, for `prop:open` on its `<details>`.
pub fn is_open(open: OpenRow, key: String) -> Signal<bool> {
    Signal::derive(move || open.with(|o| o.as_deref() == Some(key.as_str())))
}

/// The `<details>`' `toggle` handler: a row opened by hand becomes the open one; a row closed by
/// hand closes the list, but a row closed because another opened leaves the other open.
pub fn on_toggle(open: OpenRow, key: String) -> impl Fn(leptos::ev::Event) + Clone + 'static {
    move |ev| {
        let now_open = event_target::<web_sys::Element>(&ev).has_attribute("open");
        if now_open {
            if open.with_untracked(|o| o.as_deref() != Some(key.as_str())) {
                open.set(Some(key.clone()));
            }
        } else if open.with_untracked(|o| o.as_deref() == Some(key.as_str())) {
            open.set(None);
        }
    }
}
