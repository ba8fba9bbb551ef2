//! One kept file: name, kind, size, what it belongs to, who added it and when; open (saved from
//! this device, fetched first when only another device had it), share, remove after asking, and
//! — a file of the order, where its books can be — keep it in the office after all (a priced
//! sheet filed as the factory's: the books take it and the relay stops serving it to links).

use gendan_domain::attachments::{AttachmentKind, Home};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::ctx::{explain, time_text, who, Failure, OrderCtx};
use super::kind_select::KindSelect;
use super::{belongs, deliver, kind_text, size_text, Listed};
use crate::components::action_error::ActionError;
use crate::i18n::{author_name, fill, use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;
use crate::state::store::use_store;

#[component]
pub fn FileRow(ctx: OrderCtx, file: Listed) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let (id, att, home) = file;
    let asking = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let rid = StoredValue::new(id);
    let remove = submit_action(
        error,
        move |()| {
            let (id, by, at) = (rid.get_value(), who(), platform::now_ms() as i64);
            async move {
                match home {
                    Home::Order => ctx.edit(move |o| o.remove_attachment(&id, &by, at)).await,
                    Home::Commercial => {
                        ctx.edit_commercial(move |c| c.remove_attachment(&id, &by, at))
                            .await
                    }
                }
            }
        },
        move |()| asking.set(false),
    );
    let keeping = RwSignal::new(false);
    let office_kind = RwSignal::new(AttachmentKind::Invoice.code().to_string());
    // The order's record takes the office's kind, the books (made now if the order has none)
    // take the record from the order, and the bytes are marked for the relay as the office's.
    let keep_office = submit_action(
        error,
        move |kind: String| {
            let id = rid.get_value();
            async move {
                let kind = AttachmentKind::from_code(&kind);
                ctx.edit(move |o| o.keep_in_office(&id, kind)).await?;
                ctx.edit_commercial(|_| Ok(())).await?;
                let repo = store.repo().ok_or_else(Failure::default)?;
                let moved = repo.tidy_office_records(&ctx.id()).await;
                ctx.reload();
                moved.map(|_| ()).map_err(|e| explain(i18n, e))
            }
        },
        move |()| keeping.set(false),
    );
    let may_keep_office = move || home == Home::Order && !ctx.commercial_elsewhere.get();
    let a = StoredValue::new(att.clone());
    // Background work: the bytes are read (or fetched) and handed to the browser.
    let deliver = move |share: bool| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let a = a.get_value();
            let out = match store.repo() {
                Some(repo) => deliver::bytes_of(&repo, &a.blob).await,
                None => Err(K::AttNoRelay),
            };
            match out {
                Ok(bytes) => {
                    let mime = deliver::mime_or_default(&a.mime);
                    if share {
                        deliver::share(&a.name, mime, &bytes).await;
                    } else {
                        crate::files::download(&a.name, mime, &bytes);
                    }
                }
                Err(k) => error.set(Some(i18n.t(k).to_string())),
            }
            busy.set(false);
        });
    };
    let belongs_to = att.belongs_to.clone();
    let meta = move || {
        let lang = i18n.0.get();
        let mut parts = vec![kind_text(lang, &att.kind), size_text(att.size)];
        if let Some(to) = &belongs_to {
            parts.push(ctx.order.with(|o| belongs::label(lang, o, to)));
        }
        parts.push(author_name(lang, &att.added_by));
        parts.push(time_text(att.added_at_ms));
        parts.join(" · ")
    };
    let name = a.with_value(|a| a.name.clone());
    let office = home == Home::Commercial;
    view! {
        <li class="attach-row" data-testid="attachment" data-hash=a.with_value(|a| a.blob.clone())>
            <div class="attach-name">
                <strong data-testid="attach-name">{name.clone()}</strong>
                {office.then(|| view! { <span class="badge" data-testid="attach-office">{move || i18n.t(K::AttOfficeBadge)}</span> })}
            </div>
            <div class="muted attach-meta" data-testid="attach-meta">{meta}</div>
            <div class="attach-actions">
                <button type="button" data-testid="attach-open" disabled=move || busy.get()
                    on:click=move |_| deliver(false)>
                    {move || if busy.get() { i18n.t(K::AttFetching) } else { i18n.t(K::AttOpen) }}</button>
                <button type="button" data-testid="attach-share" disabled=move || busy.get()
                    on:click=move |_| deliver(true)>{move || i18n.t(K::AttShare)}</button>
                <Show when=may_keep_office>
                    <button type="button" class="link" data-testid="attach-keep-office" on:click=move |_| keeping.set(true)>
                        {move || i18n.t(K::AttKeepOffice)}</button>
                </Show>
                <button type="button" class="link" data-testid="attach-remove" on:click=move |_| asking.set(true)>
                    {move || i18n.t(K::AttRemove)}</button>
            </div>
            <Show when=move || keeping.get() && may_keep_office()>
                <div class="attach-confirm" data-testid="attach-keep-office-ask">
                    <span>{move || a.with_value(|a| fill(i18n.t(K::AttKeepOfficeAsk), &[("name", &a.name)]))}</span>
                    <KindSelect ctx=ctx value=office_kind office_only=true testid="attach-office-kind"/>
                    <button type="button" class="warn" data-testid="attach-keep-office-confirm"
                        disabled=move || keep_office.pending().get()
                        on:click=move |_| { keep_office.dispatch(office_kind.get_untracked()); }>{move || i18n.t(K::AttKeepOfficeConfirm)}</button>
                    <button type="button" on:click=move |_| keeping.set(false)>{move || i18n.t(K::Cancel)}</button>
                </div>
            </Show>
            <Show when=move || asking.get()>
                <div class="attach-confirm">
                    <span>{let n = name.clone(); move || fill(i18n.t(K::AttConfirmRemove), &[("name", &n)])}</span>
                    <button type="button" class="warn" data-testid="attach-remove-confirm"
                        on:click=move |_| { remove.dispatch(()); }>{move || i18n.t(K::AttRemove)}</button>
                    <button type="button" on:click=move |_| asking.set(false)>{move || i18n.t(K::Cancel)}</button>
                </div>
            </Show>
            <ActionError error=error testid="attach-row-error"/>
        </li>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::super::AttachmentsSection;
    use super::*;
    use crate::screen_tests::{choose, click, loaded_order, mount, text_of, until};
    use crate::storage::agenda_tests::repo_with_order;
    use gendan_domain::attachments::Attachment;

    /// A price list filed as a tech pack, on the order the factory reads: kept in the office
    /// after all, its record leaves the order for the books (made for an order that had none),
    /// under the kind chosen, and its bytes are marked for the relay as the office's.
    #[wasm_bindgen_test::wasm_bindgen_test]
    async fn a_file_filed_as_the_factorys_is_kept_in_the_office_after_all() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("attach-keep-office", "PO-KEEP").await;
        let hash = repo.put_blob(b"FOB 4.10 per piece").await.expect("stored");
        repo.edit_order(&id, {
            let hash = hash.clone();
            move |o| {
                o.add_attachment(
                    "pl",
                    Attachment {
                        blob: hash,
                        name: "price-list.pdf".into(),
                        mime: "application/pdf".into(),
                        size: 18,
                        kind: AttachmentKind::TechPack,
                        added_by: "Li".into(),
                        added_at_ms: 1,
                        ..Attachment::default()
                    },
                )
            }
        })
        .await
        .expect("filed as a tech pack");
        assert!(!repo.upload_is_office(&hash).await.expect("mark read"));
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(&app, move || view! { <AttachmentsSection ctx=ctx/> });
        until(|| text_of("attach-keep-office").is_some()).await;
        assert!(text_of("attach-office").is_none());
        click("attach-keep-office");
        until(|| text_of("attach-keep-office-ask").is_some()).await;
        choose("attach-office-kind", "costing");
        click("attach-keep-office-confirm");
        until(|| text_of("attach-office").is_some()).await;

        let order = repo.order(&id).await.expect("order");
        assert!(
            !order.attachments.contains_key("pl"),
            "the factory's copy no longer names it"
        );
        let books = repo.commercial(&id).await.expect("books").expect("made");
        assert_eq!(books.attachments["pl"].kind, AttachmentKind::Costing);
        assert!(
            repo.upload_is_office(&hash).await.expect("mark read"),
            "the relay is asked to keep its bytes from factories"
        );
        until(|| text_of("attach-keep-office").is_none()).await;
        assert!(
            text_of("attach-keep-office").is_none(),
            "kept in the office: nothing to move"
        );
        screen.leave();
    }
}
