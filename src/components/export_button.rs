//! The button that builds a bundle file and downloads it. Exporting thousands of orders takes
//! seconds and reads all of storage, so it says it is working, cannot be pressed twice meanwhile,
//! and says why when it fails instead of never downloading anything.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;

use crate::components::action_error::ActionError;
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::order::ctx::Failure;

/// Builds the file to download: its name and bytes, or why it could not be made.
pub type BuildFile =
    Rc<dyn Fn() -> Pin<Box<dyn Future<Output = Result<(String, Vec<u8>), String>>>>>;

#[component]
pub fn ExportButton(label: K, testid: &'static str, make: BuildFile) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let export = submit_action(
        error,
        move |()| {
            let file = make();
            async move {
                file.await.map_err(|reason| Failure {
                    text: fill(i18n.t(K::ExportFailed), &[("reason", &reason)]),
                    ..Failure::default()
                })
            }
        },
        |(name, bytes): (String, Vec<u8>)| {
            crate::files::download(&name, "application/octet-stream", &bytes)
        },
    );
    let pending = export.pending();
    view! {
        <button type="button" data-testid=testid disabled=move || pending.get()
            on:click=move |_| export.dispatch(())>
            {move || if pending.get() { i18n.t(K::Exporting) } else { i18n.t(label) }}
        </button>
        <ActionError error=error testid="export-error"/>
    }
}
