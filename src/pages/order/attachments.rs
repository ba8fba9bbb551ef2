//! Files kept with an order (tech packs, PO scans, test reports, B/L copies; contracts and
//! invoices on office devices): added from the device's files or camera, listed newest first,
//! opened, shared or removed. Records come from the order document and, where this device holds
//! it, the commercial one ([`gendan_domain::attachments`] says which kind lives where); the
//! bytes are blobs on the device, fetched from the relay when missing. One piece per file
//! under `attachments/`.

mod add_file;
mod belongs;
mod deliver;
mod file_row;
mod kind_select;

use gendan_domain::attachments::{self, Attachment, AttachmentKind, Home, MAX_FILE_BYTES};
use leptos::prelude::*;

use super::ctx::OrderCtx;
use crate::i18n::{fill, megabytes, use_i18n, Lang, K};
use add_file::AddFile;
use file_row::FileRow;
use gendan_domain::sorting::sort_by;

/// The words for a kind of file; a kind from a newer version shows its code.
pub(super) fn kind_text(lang: Lang, kind: &AttachmentKind) -> String {
    let k = match kind {
        AttachmentKind::TechPack => K::AttKindTechPack,
        AttachmentKind::PoScan => K::AttKindPoScan,
        AttachmentKind::Contract => K::AttKindContract,
        AttachmentKind::TestReport => K::AttKindTestReport,
        AttachmentKind::BillOfLading => K::AttKindBl,
        AttachmentKind::Invoice => K::AttKindInvoice,
        AttachmentKind::Costing => K::AttKindCosting,
        AttachmentKind::SupplierPo => K::AttKindSupplierPo,
        AttachmentKind::Misc => K::AttKindOther,
        AttachmentKind::Other(code) => return code.clone(),
    };
    k.text(lang).to_string()
}

/// A size as people read it: bytes under a kilobyte, then KB, then MB with one decimal.
pub(super) fn size_text(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{} MB", megabytes(b)),
    }
}

/// One file shown: its id, its record, and the document holding it.
pub(super) type Listed = (String, Attachment, Home);

#[component]
pub fn AttachmentsSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let files = move || {
        let mut v: Vec<Listed> = ctx.order.with(|o| {
            attachments::live(&o.attachments)
                .into_iter()
                .map(|(id, a)| (id.clone(), a.clone(), Home::Order))
                .collect()
        });
        ctx.commercial.with(|c| {
            if let Some(c) = c {
                v.extend(
                    attachments::live(&c.attachments)
                        .into_iter()
                        .map(|(id, a)| (id.clone(), a.clone(), Home::Commercial)),
                );
            }
        });
        sort_by(&mut v, |a, b| {
            b.1.added_at_ms.cmp(&a.1.added_at_ms).then(a.0.cmp(&b.0))
        });
        v
    };
    let empty = move || files().is_empty();
    view! {
        <section class="card section" data-testid="attachments-section">
            <h3>{move || i18n.t(K::SecFiles)}</h3>
            <Show when=empty>
                <p class="muted" data-testid="attach-none">{move || i18n.t(K::AttNone)}</p>
            </Show>
            <ul class="attach-list">
                // By id and document: a file kept in the office after all leaves the order's
                // list for the books' under the same id, and its row is drawn anew.
                <For each=files key=|f| (f.0.clone(), f.2) let:file>
                    <FileRow ctx=ctx file=file/>
                </For>
            </ul>
            <AddFile ctx=ctx/>
            <p class="muted hint">
                {move || fill(i18n.t(K::AttLimits), &[("file", &megabytes(MAX_FILE_BYTES))])}
            </p>
            <Show when=move || ctx.commercial_elsewhere.get()>
                <p class="muted hint" data-testid="attach-office-hint">{move || i18n.t(K::AttOfficeHint)}</p>
            </Show>
        </section>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::size_text;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_text(0), "0 B");
        assert_eq!(size_text(1023), "1023 B");
        assert_eq!(size_text(1024), "1 KB");
        assert_eq!(size_text(340 * 1024 + 1), "341 KB");
        assert_eq!(size_text(5 * 1024 * 1024), "5 MB");
        assert_eq!(size_text(20 * 1024 * 1024 + 100 * 1024), "20.1 MB");
    }
}
