//! Files in and out of the browser: offering bytes as a download and reading a picked file.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Offers bytes as a file download through a temporary object URL.
pub fn download(name: &str, mime: &str, bytes: &[u8]) {
    let array = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes).into());
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&array, &props) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(a) = doc.create_element("a") {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The bytes of the first file picked in an `<input type="file">`.
pub async fn read_picked(input: &web_sys::HtmlInputElement) -> Option<Vec<u8>> {
    let file = input.files()?.get(0)?;
    let buffer = JsFuture::from(file.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The file just picked in the `<input type="file">` an event came from, taken out of the input
/// so that picking the same file again fires another `change`.
pub fn take_picked(ev: &web_sys::Event) -> Option<web_sys::File> {
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let file = input.files().and_then(|f| f.get(0));
    input.set_value("");
    file
}

/// `gendan-20261126-1530.gendan` style names, from the local clock.
pub fn stamped_name(prefix: &str) -> String {
    format!("{prefix}-{}.gendan", crate::platform::local_stamp())
}
