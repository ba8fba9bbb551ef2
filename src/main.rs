//! Entry point of the browser app: install the panic hook, mount [`gendan::App`], and take down
//! the boot screen `index.html` shows while the app downloads.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(gendan::App);
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}
