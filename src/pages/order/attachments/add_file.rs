//! Adding a file: pick its kind and what it belongs to, then a file (or, on a phone, a photo).
//! Pictures are downscaled like inspection photos; other files are kept as they are. A file over
//! its limit is refused before a byte is read or stored, so nothing else changes.

use gendan_domain::attachments::{self, AttachedKind, Attachment, AttachmentKind, Home};
use gendan_domain::DomainError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::ctx::{rule_text, who, OrderCtx};
use super::belongs::{self, BelongsSelect};
use super::kind_select::KindSelect;
use crate::components::action_error::ActionError;
use crate::components::text_input::unique_id;
use crate::i18n::{use_i18n, I18n, K};
use crate::platform;
use crate::state::store::{use_store, Store};

/// "IMG_2231.HEIC" kept as a JPEG is named "IMG_2231.jpg".
fn jpeg_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    format!("{stem}.jpg")
}

/// Stores the picked file's bytes (downscaled when a picture) and records it in the document
/// its kind belongs to; a refusal comes back in words.
/// Stores `file` and records it on the order `order_id` (read by the caller before any await:
/// this finishes even after the screen is gone, when the screen's values are disposed).
async fn keep(
    (ctx, order_id): (OrderCtx, String),
    store: Store,
    i18n: I18n,
    file: web_sys::File,
    mut att: Attachment,
) -> Result<(), String> {
    let lang = i18n.0.get_untracked();
    let said = |e: DomainError| rule_text(lang, &e);
    let picked_mime = file.type_();
    let shrunk = if attachments::is_image(&picked_mime) {
        crate::photo::downscale(&file).await.ok()
    } else {
        None
    };
    let bytes = match shrunk {
        Some((jpeg, _, _)) => {
            att.name = jpeg_name(&file.name());
            att.mime = "image/jpeg".into();
            jpeg
        }
        None => {
            // Refused before reading: a 200 MB video never reaches memory.
            attachments::check_size(&picked_mime, file.size() as u64).map_err(said)?;
            let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
                .await
                .map_err(|_| i18n.t(K::AttDamaged).to_string())?;
            js_sys::Uint8Array::new(&buffer).to_vec()
        }
    };
    att.size = bytes.len() as u64;
    attachments::check_size(&att.mime, att.size).map_err(said)?;
    let repo = store
        .repo()
        .ok_or_else(|| i18n.t(K::StorageFailed).to_string())?;
    let home = att.home();
    let stored = match home {
        Home::Order => store.track(repo.put_blob(&bytes)).await,
        Home::Commercial => store.track(repo.put_blob_office(&bytes)).await,
    };
    att.blob = stored.map_err(|e| e.to_string())?;
    let id = platform::new_record_id();
    let done = match home {
        Home::Order => {
            ctx.edit_order(order_id, move |o| o.add_attachment(&id, att))
                .await
        }
        Home::Commercial => {
            ctx.edit_commercial_of(order_id, move |c| c.add_attachment(&id, att))
                .await
        }
    };
    done.map_err(|f| f.text)
}

#[component]
pub fn AddFile(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let kind = RwSignal::new(AttachmentKind::TechPack.code().to_string());
    let belongs_to = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (file_id, camera_id) = (unique_id("attach"), unique_id("attach-cam"));
    // A file filed under a supplier's PO is most often its PO or proforma invoice, and one
    // under a shipment its commercial invoice or priced packing list, with the office's prices:
    // where the books are, the kind left at its default becomes that (office only), so a
    // priced sheet is not filed as a tech pack the factory reads.
    let for_a_record = move |to: String| {
        let priced = match belongs::parse(&to).map(|t| t.kind) {
            Some(AttachedKind::PurchaseOrder) => Some(AttachmentKind::SupplierPo),
            Some(AttachedKind::Shipment) => Some(AttachmentKind::Invoice),
            _ => None,
        };
        let untouched = kind.get_untracked() == AttachmentKind::TechPack.code();
        if let Some(priced) =
            priced.filter(|_| untouched && !ctx.commercial_elsewhere.get_untracked())
        {
            kind.set(priced.code().to_string());
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(file) = crate::files::take_picked(&ev) else {
            return;
        };
        let att = Attachment {
            name: file.name(),
            mime: file.type_(),
            kind: AttachmentKind::from_code(&kind.get_untracked()),
            belongs_to: belongs::parse(&belongs_to.get_untracked()),
            added_by: who(),
            added_at_ms: platform::now_ms() as i64,
            ..Attachment::default()
        };
        busy.set(true);
        // Background work: the file is stored and recorded even if the person moves on; `busy`
        // and the error line follow it while the view lives.
        let order_id = ctx.id();
        spawn_local(async move {
            let out = keep((ctx, order_id), store, i18n, file, att).await;
            error.set(out.err().map(|e| format!("{} {e}", i18n.t(K::AttFailed))));
            busy.set(false);
        });
    };
    view! {
        <div class="attach-add inline-form">
            <KindSelect ctx=ctx value=kind/>
            <BelongsSelect ctx=ctx value=belongs_to on_change=Callback::new(for_a_record)/>
            <div class="attach-pickers">
                <label class="button" for=file_id.clone() data-testid="attach-pick">
                    {move || if busy.get() { i18n.t(K::AttAdding) } else { i18n.t(K::AttAddFile) }}
                </label>
                <input id=file_id class="visually-hidden" type="file" data-testid="attach-input" on:change=on_pick/>
                <label class="button attach-camera" for=camera_id.clone()>{move || i18n.t(K::AttTakePhoto)}</label>
                <input id=camera_id class="visually-hidden" type="file" accept="image/*" capture="environment"
                    data-testid="attach-camera" on:change=on_pick/>
            </div>
            <ActionError error=error testid="attach-error"/>
        </div>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::jpeg_name;
    use super::*;
    use crate::screen_tests::{choose, chosen, loaded_order, mount, until};
    use crate::storage::agenda_tests::repo_with_order;

    /// A file filed under a supplier's PO takes the office-only kind "supplier's PO or
    /// proforma" while the kind was left at its default, so a priced sheet is not filed where
    /// the factory reads it; a kind chosen on purpose stays.
    #[wasm_bindgen_test::wasm_bindgen_test]
    async fn a_file_under_a_supplier_po_is_kept_in_the_office_by_default() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("attach-po", "PO-ATTACH").await;
        repo.edit_order(&id, |o| {
            o.purchase_orders.insert(
                "po-1".into(),
                gendan_domain::purchasing::PurchaseOrder {
                    po_no: "FAB-1".into(),
                    ..Default::default()
                },
            );
            Ok(())
        })
        .await
        .expect("a PO");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(&app, move || view! { <AddFile ctx=ctx/> });
        until(|| chosen("attach-kind").is_some()).await;
        assert_eq!(chosen("attach-kind").as_deref(), Some("tech_pack"));
        choose("attach-for", "purchase_order:po-1");
        until(|| chosen("attach-kind").as_deref() == Some("supplier_po")).await;
        assert_eq!(chosen("attach-kind").as_deref(), Some("supplier_po"));
        choose("attach-kind", "test_report");
        choose("attach-for", "");
        choose("attach-for", "purchase_order:po-1");
        assert_eq!(chosen("attach-kind").as_deref(), Some("test_report"));
        screen.leave();
    }

    /// A file filed under a shipment is most often its commercial invoice or a priced packing
    /// list: left at its default kind, it becomes the office's invoice.
    #[wasm_bindgen_test::wasm_bindgen_test]
    async fn a_file_under_a_shipment_is_kept_in_the_office_by_default() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("attach-ship", "PO-ATTACH-SHIP").await;
        repo.edit_order(&id, |o| {
            o.shipments
                .insert("s-1".into(), gendan_domain::shipment::Shipment::default());
            Ok(())
        })
        .await
        .expect("a shipment");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(&app, move || view! { <AddFile ctx=ctx/> });
        until(|| chosen("attach-kind").is_some()).await;
        assert_eq!(chosen("attach-kind").as_deref(), Some("tech_pack"));
        choose("attach-for", "shipment:s-1");
        until(|| chosen("attach-kind").as_deref() == Some("invoice")).await;
        assert_eq!(chosen("attach-kind").as_deref(), Some("invoice"));
        screen.leave();
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_downscaled_picture_is_named_as_the_jpeg_it_became() {
        assert_eq!(jpeg_name("IMG_2231.HEIC"), "IMG_2231.jpg");
        assert_eq!(jpeg_name("scan.v2.png"), "scan.v2.jpg");
        assert_eq!(jpeg_name("photo"), "photo.jpg");
    }
}
