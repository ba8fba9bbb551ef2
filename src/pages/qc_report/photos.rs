//! The defect photos with their captions: the caption written with the photo, else the defect it
//! shows and its class. Photos from another device are fetched as on the inspection screen.

use gendan_domain::qc_report::QcReport;
use gendan_domain::Workspace;
use leptos::prelude::*;

use super::summary::defect_name;
use crate::i18n::{Lang, K};
use crate::pages::order::ctx::code_text_in;
use crate::pages::order::inspection::photo_thumb::PhotoThumb;

pub(super) fn photos(lang: Lang, r: &QcReport, w: &Workspace) -> impl IntoView {
    let figures = r
        .photos
        .iter()
        .map(|p| {
            let shows = format!(
                "{} · {}",
                defect_name(lang, w, &p.defect_code),
                code_text_in(lang, p.class.code())
            );
            let caption = if p.caption.is_empty() {
                shows
            } else {
                format!("{} ({shows})", p.caption)
            };
            view! {
                <figure class="qc-photo" data-testid="qc-photo">
                    <PhotoThumb hash=p.hash.clone()/>
                    <figcaption data-testid="qc-caption">{caption}</figcaption>
                </figure>
            }
        })
        .collect_view();
    view! {
        <section class="qc-block" data-testid="qc-photos">
            <h2>{K::Photos.text(lang)}</h2>
            {if r.photos.is_empty() {
                view! { <p class="muted">{K::QrNoPhotos.text(lang)}</p> }.into_any()
            } else {
                view! { <div class="qc-photo-grid">{figures}</div> }.into_any()
            }}
        </section>
    }
}
