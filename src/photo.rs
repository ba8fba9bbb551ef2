//! Photos from the camera, made small on the device before they are stored: the longest side is
//! brought down to at most [`MAX_SIDE`] pixels and the picture re-encoded as JPEG, so an inspection
//! with dozens of photos stays a few megabytes and syncs over a weak network.

use futures::channel::oneshot;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The longest side of a stored photo, in pixels.
pub const MAX_SIDE: u32 = 1600;
const JPEG_QUALITY: f64 = 0.85;

/// The size a `width × height` picture is stored at: unchanged when it already fits in
/// `max × max`, otherwise scaled down keeping its proportions (never below 1 px).
pub fn fit_within(width: u32, height: u32, max: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= max || longest == 0 {
        return (width, height);
    }
    let scale = |v: u32| {
        ((u64::from(v) * u64::from(max) + u64::from(longest) / 2) / u64::from(longest)).max(1)
            as u32
    };
    (scale(width), scale(height))
}

fn err(v: JsValue) -> String {
    v.as_string()
        .or_else(|| {
            v.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| format!("{v:?}"))
}

/// Decodes an image (a picked file), downscales it per [`fit_within`] and returns JPEG bytes with
/// the stored size.
pub async fn downscale(image: &web_sys::Blob) -> Result<(Vec<u8>, u32, u32), String> {
    let window = web_sys::window().ok_or("no window")?;
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window.create_image_bitmap_with_blob(image).map_err(err)?)
            .await
            .map_err(err)?
            .unchecked_into();
    let (w, h) = fit_within(bitmap.width(), bitmap.height(), MAX_SIDE);
    let document = window.document().ok_or("no document")?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(err)?
        .unchecked_into();
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(err)?
        .ok_or("no 2d context")?
        .unchecked_into();
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, f64::from(w), f64::from(h))
        .map_err(err)?;
    bitmap.close();
    let (tx, rx) = oneshot::channel::<Option<web_sys::Blob>>();
    let cb = Closure::once(move |b: JsValue| {
        let _ = tx.send(b.dyn_into::<web_sys::Blob>().ok());
    });
    canvas
        .to_blob_with_type_and_encoder_options(
            cb.as_ref().unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(JPEG_QUALITY),
        )
        .map_err(err)?;
    let blob = rx
        .await
        .ok()
        .flatten()
        .ok_or("the browser could not encode the photo")?;
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(err)?;
    Ok((js_sys::Uint8Array::new(&buffer).to_vec(), w, h))
}

/// An object URL showing stored bytes as an image (revoke it when done).
pub fn object_url(bytes: &[u8], mime: &str) -> Option<String> {
    let array = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes).into());
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&array, &props).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::fit_within;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn the_longest_side_is_brought_to_the_limit() {
        assert_eq!(fit_within(4000, 3000, 1600), (1600, 1200));
        assert_eq!(fit_within(3000, 4000, 1600), (1200, 1600));
        assert_eq!(fit_within(1600, 900, 1600), (1600, 900));
        assert_eq!(fit_within(800, 600, 1600), (800, 600));
        assert_eq!(fit_within(10000, 10, 1600), (1600, 2));
        assert_eq!(fit_within(100000, 1, 1600), (1600, 1));
        assert_eq!(fit_within(0, 0, 1600), (0, 0));
    }
}
