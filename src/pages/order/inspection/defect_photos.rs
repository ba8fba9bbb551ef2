//! The photos of one defect found: taken with the phone's camera, downscaled here, stored by
//! content hash and named in the inspection.

use gendan_domain::inspection::Defect;
use gendan_domain::DomainError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::ctx::OrderCtx;
use super::photo_thumb::PhotoThumb;
use super::with_insp;
use crate::components::action_error::ActionError;
use crate::components::text_input::unique_id;
use crate::i18n::{use_i18n, K};
use crate::state::store::use_store;

#[component]
pub fn DefectPhotos(
    ctx: OrderCtx,
    iid: StoredValue<String>,
    defect_id: String,
    name: String,
    defect: Defect,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let input_id = unique_id("photo");
    let did = StoredValue::new(defect_id);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(file) = crate::files::take_picked(&ev) else {
            return;
        };
        busy.set(true);
        // Read now: after the awaits below the screen (and these values) may be gone.
        let (order_id, i, d) = (ctx.id(), iid.get_value(), did.get_value());
        // Background work: the photo is downscaled, stored and committed even if the inspector
        // moves on before it finishes; `busy` and the error line follow it while the view lives.
        spawn_local(async move {
            let out = async {
                let (bytes, _, _) = crate::photo::downscale(&file).await?;
                let repo = store.repo().ok_or("storage is not open")?;
                let hash = store
                    .track(repo.put_blob(&bytes))
                    .await
                    .map_err(|e| e.to_string())?;
                ctx.edit_order(order_id, move |o| {
                    with_insp(o, &i, |insp| {
                        let def = insp
                            .defects
                            .get_mut(&d)
                            .ok_or_else(|| DomainError::not_found("defect", &d))?;
                        def.add_photo(&hash, "")
                    })
                })
                .await
                .map_err(|f| f.text)
            }
            .await;
            error.set(out.err().map(|e| format!("{} {e}", i18n.t(K::PhotoFailed))));
            busy.set(false);
        });
    };
    let photos: Vec<String> = defect.photos.keys().cloned().collect();
    view! {
        <li class="defect-photos" data-testid="defect-record">
            <div class="defect-name">{name}" × "{defect.count}</div>
            <div class="thumbs">
                {photos.into_iter().map(|h| view! { <PhotoThumb hash=h/> }).collect_view()}
            </div>
            <label class="button photo-button" for=input_id.clone()>
                {move || if busy.get() { i18n.t(K::Saving) } else { i18n.t(K::AddPhoto) }}
            </label>
            <input id=input_id class="visually-hidden" type="file" accept="image/*" capture="environment"
                data-testid="photo-input" on:change=on_pick/>
            <ActionError error=error testid="photo-error"/>
        </li>
    }
}
