//! One kept file: name, kind, size, what it belongs to, who added it and when; open (saved from
//! this device, fetched first when only another device had it), share, and remove after asking.

use gendan_domain::attachments::Home;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::ctx::{time_text, who, OrderCtx};
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
                <button type="button" class="link" data-testid="attach-remove" on:click=move |_| asking.set(true)>
                    {move || i18n.t(K::AttRemove)}</button>
            </div>
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
