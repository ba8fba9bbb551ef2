//! A QR code drawn as inline SVG, so an invite can be scanned from one phone by another with no
//! network and no image files.

use leptos::prelude::*;
use qrcode::render::svg;
use qrcode::QrCode as Encoder;

/// SVG markup for `text`, or `None` when it is too long for a QR code.
pub fn svg_markup(text: &str) -> Option<String> {
    let code = Encoder::new(text.as_bytes()).ok()?;
    Some(
        code.render::<svg::Color>()
            .min_dimensions(240, 240)
            .quiet_zone(true)
            .build(),
    )
}

#[component]
pub fn QrCode(
    #[prop(into)] text: Signal<Option<String>>,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    view! {
        {move || text.get().and_then(|t| svg_markup(&t)).map(|markup| view! {
            <div class="qr" role="img" aria-label=label data-testid="qr-code" inner_html=markup></div>
        })}
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn invites_fit_in_a_qr_code() {
        let link = format!("http://192.168.1.20:8080/#/join?relay=ws%3A%2F%2F192.168.1.20%3A8080%2Fsync&token=gdn_{}&ws=2bJXkxEvbcMmSPCp9m5mvN4WZ3Ex", "e".repeat(48));
        let svg = super::svg_markup(&link).unwrap();
        assert!(svg.starts_with("<?xml") || svg.contains("<svg"));
        assert!(
            super::svg_markup(&"x".repeat(5000)).is_none(),
            "too long for any QR version"
        );
    }
}
