//! Browser tests' stand-in for the router: a component mounted into the page under its own
//! owner, and left the way a screen is left (its values disposed, its nodes removed), so
//! background work that outlives a screen can be tried.

use leptos::mount::UnmountHandle;
use leptos::prelude::*;
use leptos::tachys::view::Mountable;

use crate::i18n::{I18n, Lang};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

static PANICKED: AtomicBool = AtomicBool::new(false);
static WATCH: Once = Once::new();

/// Whether anything panicked since the first screen was mounted. A panic in background work
/// does not fail the test that started it (it is not the test's own future), and it stops the
/// app: a test that leaves a screen asserts on this.
pub(crate) fn panicked() -> bool {
    PANICKED.load(Ordering::SeqCst)
}

/// A mounted screen; [`Screen::leave`] is what navigating away does to it.
pub(crate) struct Screen<M: Mountable> {
    owner: Owner,
    _view: UnmountHandle<M>,
    /// Held: an owner dropped cleans up its children, which would leave the screen at once.
    _parent: Owner,
}

impl<M: Mountable> Screen<M> {
    pub(crate) fn leave(self) {
        self.owner.cleanup();
    }
}

/// Mounts `view` into the page's body, in English, under `parent` (an owner that provides the
/// app's contexts, such as the store, when the screen needs them).
pub(crate) fn mount<N: IntoView + 'static>(
    parent: &Owner,
    view: impl FnOnce() -> N + 'static,
) -> Screen<impl Mountable> {
    let body = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
        .expect("a page");
    WATCH.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            PANICKED.store(true, Ordering::SeqCst);
            console_error_panic_hook::hook(info);
        }))
    });
    let owner = parent.with(Owner::new);
    let handle = owner.with(|| {
        if use_context::<I18n>().is_none() {
            provide_context(I18n(RwSignal::new(Lang::En)));
        }
        leptos::mount::mount_to(body, view)
    });
    Screen {
        owner,
        _view: handle,
        _parent: parent.clone(),
    }
}

/// The first element on the page with `data-testid` `id`.
fn element(id: &str) -> Option<web_sys::Element> {
    web_sys::window().and_then(|w| w.document()).and_then(|d| {
        d.query_selector(&format!("[data-testid={id}]"))
            .ok()
            .flatten()
    })
}

/// The attribute `attr` of each child of the first element with `data-testid` `id` that has it:
/// the states of a list's rows.
pub(crate) fn child_attributes(id: &str, attr: &str) -> Vec<String> {
    let Some(list) = element(id) else {
        return Vec::new();
    };
    let items = list.children();
    (0..items.length())
        .filter_map(|i| items.item(i))
        .filter_map(|e| e.get_attribute(attr))
        .collect()
}

/// Clicks the first element with `data-testid` `id`.
pub(crate) fn click(id: &str) {
    use wasm_bindgen::JsCast;
    element(id)
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
        .unwrap_or_else(|| panic!("no element {id}"))
        .click();
}

/// Whether the fold whose `<summary>` has `data-testid` `id` (the first) is open.
pub(crate) fn fold_open(id: &str) -> bool {
    element(id)
        .and_then(|summary| summary.parent_element())
        .is_some_and(|details| details.has_attribute("open"))
}

/// Types `text` into the first text area or input with `data-testid` `id`, as a person would:
/// the value, then the `input` event the screens listen to.
pub(crate) fn type_into(id: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let field = element(id).unwrap_or_else(|| panic!("no field {id}"));
    match field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        Some(area) => area.set_value(text),
        None => field
            .dyn_ref::<web_sys::HtmlInputElement>()
            .unwrap_or_else(|| panic!("{id} is neither a text area nor an input"))
            .set_value(text),
    }
    let input = web_sys::Event::new("input").expect("an event");
    let _ = field.dispatch_event(&input);
}

/// Chooses `value` in the first select with `data-testid` `id`, as a person would: the value,
/// then the `change` event the screens listen to.
pub(crate) fn choose(id: &str, value: &str) {
    use wasm_bindgen::JsCast;
    let select = element(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .unwrap_or_else(|| panic!("no select {id}"));
    select.set_value(value);
    let change = web_sys::Event::new("change").expect("an event");
    let _ = select.dispatch_event(&change);
}

/// The value chosen in the first select with `data-testid` `id`, when there is one.
pub(crate) fn chosen(id: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    element(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .map(|s| s.value())
}

/// The value of the first input with `data-testid` `id`, when there is one.
pub(crate) fn value_of(id: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    element(id)
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
}

/// The text of the first element with `data-testid` `id`, when there is one.
pub(crate) fn text_of(id: &str) -> Option<String> {
    element(id).and_then(|e| e.text_content())
}

/// Waits until `check` holds, three seconds at most: what a screen shows after an edit is saved
/// arrives a few ticks later.
pub(crate) async fn until(check: impl Fn() -> bool) {
    for _ in 0..150 {
        if check() {
            return;
        }
        crate::platform::sleep_ms(20).await;
    }
}

/// The order `id` of `repo` as its screen holds it, under `app`, which gets the English text and
/// the store opened on `repo` (what the app provides before any screen).
pub(crate) async fn loaded_order(
    app: &Owner,
    repo: &crate::storage::Repo,
    id: &str,
) -> crate::pages::order::ctx::OrderCtx {
    app.with(|| {
        provide_context(I18n(RwSignal::new(Lang::En)));
        crate::state::store::provide_store().opened(repo.clone());
    });
    let ctx = app.with(|| crate::pages::order::ctx::OrderCtx::new(id.to_string()));
    ctx.load().await.expect("the order loads");
    ctx
}

/// This device taken for a factory's phone (its role kept as a shared link keeps it) until
/// dropped: screens that leave the team's decisions to the office are tried as a factory sees
/// them.
pub(crate) struct AsFactoryPhone;

impl AsFactoryPhone {
    pub(crate) fn new() -> Self {
        use gloo_storage::{LocalStorage, Storage};
        LocalStorage::set(
            "gendan.role",
            serde_json::json!({ "team": null, "token": "gdn_factory" }),
        )
        .expect("a factory's role kept");
        AsFactoryPhone
    }
}

impl Drop for AsFactoryPhone {
    fn drop(&mut self) {
        use gloo_storage::{LocalStorage, Storage};
        LocalStorage::delete("gendan.role");
    }
}
