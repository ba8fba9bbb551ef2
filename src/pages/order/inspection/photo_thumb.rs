//! One photo's thumbnail: from this device, or fetched from the relay when a document names a
//! photo taken on another device (or one whose local copy was dropped to free space); says why
//! when it cannot be shown, offers to try again, and tries again when the browser comes online.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{use_i18n, K};
use crate::state::store::use_store;
use crate::sync::blobs::FetchError;

/// What a thumbnail shows: the photo, or why it is not here yet.
#[derive(Clone, PartialEq)]
enum Thumb {
    Loading,
    Shown(String),
    Missing(K),
}

fn fetch_problem(e: &FetchError) -> K {
    match e {
        FetchError::NoRelay => K::PhotoNoRelay,
        FetchError::Unreachable => K::PhotoUnreachable,
        FetchError::NotOnRelay => K::PhotoNotUploaded,
        FetchError::Refused => K::PhotoRefused,
        FetchError::Damaged(_) => K::PhotoDamaged,
    }
}

/// Shows a photo from this device, or fetches it from the relay when a document names a photo
/// taken on another device.
#[component]
pub fn PhotoThumb(hash: String) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let thumb = RwSignal::new(Thumb::Loading);
    let load = {
        let h = hash.clone();
        move || {
            let h = h.clone();
            thumb.set(Thumb::Loading);
            // Background read: a retry re-runs it on tap, which a LocalResource keyed on the hash would not.
            spawn_local(async move {
                let Some(repo) = store.repo() else { return };
                let bytes = match repo.get_blob(&h).await {
                    Ok(Some(bytes)) => Ok(bytes),
                    Ok(None) | Err(_) => crate::sync::blobs::fetch(&repo, &h).await,
                };
                let next = match bytes {
                    Ok(bytes) => match crate::photo::object_url(&bytes, "image/jpeg") {
                        Some(u) => Thumb::Shown(u),
                        None => Thumb::Missing(K::PhotoDamaged),
                    },
                    // Dropped here to free space: the relay has it, this device is just offline.
                    Err(FetchError::Unreachable | FetchError::NoRelay)
                        if repo.blob_known_on_relay(&h).await.unwrap_or(false) =>
                    {
                        Thumb::Missing(K::PhotoOnRelay)
                    }
                    Err(e) => Thumb::Missing(fetch_problem(&e)),
                };
                thumb.set(next);
            });
        }
    };
    load();
    let retry = load.clone();
    let online = window_event_listener(leptos::ev::online, move |_| {
        if matches!(thumb.get_untracked(), Thumb::Missing(_)) {
            retry();
        }
    });
    on_cleanup(move || online.remove());
    on_cleanup(move || {
        if let Thumb::Shown(u) = thumb.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    });
    view! {
        {move || match thumb.get() {
            Thumb::Shown(u) => view! { <img class="thumb" src=u alt=move || i18n.t(K::PhotoAlt) data-testid="photo" data-hash=hash.clone()/> }.into_any(),
            Thumb::Loading => view! { <span class="thumb missing" data-testid="photo-loading">{move || i18n.t(K::PhotoFetching)}</span> }.into_any(),
            Thumb::Missing(why) => {
                let load = load.clone();
                view! {
                    <div class="photo-missing" data-testid="photo-missing" role="status">
                        <span>{move || i18n.t(why)}</span>
                        <button type="button" data-testid="photo-retry" on:click=move |_| load()>{move || i18n.t(K::TryAgain)}</button>
                    </div>
                }.into_any()
            }
        }}
    }
}
