//! How far the photos and files of a nearby connection have come: received (of those asked
//! for, with bytes), sent, dropped as damaged, and left for another time. Shown once any file
//! is under way or settled, under the documents' progress.

use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, I18n, K};
use crate::pages::order::export_files::size_text;
use crate::state::peers::use_peers;
use crate::sync::blob_swap::FileProgress;

fn lines(i18n: I18n, f: &FileProgress) -> Vec<String> {
    let mut out = Vec::new();
    if f.to_receive > 0 {
        out.push(fill(
            i18n.t(K::NearbyFilesIn),
            &[
                ("n", &f.received.to_string()),
                ("total", &f.to_receive.to_string()),
                ("done", &size_text(f.bytes_received)),
                ("size", &size_text(f.bytes_to_receive)),
            ],
        ));
    }
    if f.to_send > 0 {
        out.push(fill(
            i18n.t(K::NearbyFilesOut),
            &[
                ("n", &f.sent.to_string()),
                ("total", &f.to_send.to_string()),
            ],
        ));
    }
    if f.damaged > 0 {
        out.push(fill(
            i18n.t(K::NearbyFilesDamaged),
            &[("n", &f.damaged.to_string())],
        ));
    }
    if f.left > 0 {
        out.push(fill(
            i18n.t(K::NearbyFilesLeft),
            &[("n", &f.left.to_string())],
        ));
    }
    out
}

#[component]
pub fn FilesProgress() -> impl IntoView {
    let i18n = use_i18n();
    let peers = use_peers();
    let files = move || peers.status.get().map(|s| s.files).unwrap_or_default();
    view! {
        <div class="muted" role="status" data-testid="nearby-files"
            data-received=move || files().received.to_string()
            data-to-receive=move || files().to_receive.to_string()
            data-sent=move || files().sent.to_string()
            data-busy=move || files().busy.to_string()>
            {move || lines(i18n, &files()).into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
        </div>
    }
}
