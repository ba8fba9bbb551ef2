//! The communication log, newest first, and the form that adds a note of a call, mail or visit.
//!
//! The office's notes are kept in the order's books, not on the order: "called the buyer, FOB
//! down to 4.10" is not the factory's to read, and the factory holds the order. A factory's
//! phone, which holds no books, keeps its own notes on the order, where older builds kept
//! everyone's; the log shows both.

use gendan_domain::complaints::{Channel, Communication};
use gendan_domain::DomainError;
use leptos::prelude::*;

use super::super::ctx::{code_text, time_text, who, OrderCtx};
use super::code_select::CodeSelect;
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;
use gendan_domain::sorting::sort_by_key;

#[component]
pub fn CommsSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let channel = RwSignal::new(Channel::Call.code().to_string());
    let with_whom = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Asked when a note is saved: the device may have joined or left meanwhile.
    let factory = crate::sync::settings::SyncSettings::is_factory_device;
    let add = submit_action(
        error,
        move |m: Communication| async move {
            let id = platform::new_record_id();
            if factory() {
                ctx.edit(move |o| {
                    o.communications.insert(id, m);
                    Ok::<_, DomainError>(())
                })
                .await
            } else {
                // Books are made for an order that has none, as its first money entry makes.
                ctx.edit_commercial(move |c| {
                    c.communications.insert(id, m);
                    Ok::<_, DomainError>(())
                })
                .await
            }
        },
        move |()| summary.set(String::new()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if summary.get_untracked().trim().is_empty() {
            error.set(Some(i18n.t(K::ErrRequired).to_string()));
            return;
        }
        if !factory() && ctx.commercial_elsewhere.get_untracked() {
            // Its books are not here (or do not read): the note would have nowhere to go but
            // the order. Nothing is written; what was typed stays in the form.
            error.set(Some(i18n.t(K::ErrNoteNeedsBooks).to_string()));
            return;
        }
        add.dispatch(Communication {
            channel: Channel::from_code(&channel.get_untracked()),
            who: who(),
            with_whom: with_whom.get_untracked(),
            at_ms: (platform::now_ms() as i64),
            summary: summary.get_untracked(),
        });
    };
    // Each note, and whether it is on the order (which the factory reads) rather than in the
    // books: the office sees which of its words the factory has.
    let notes = move || {
        let mut v: Vec<(Communication, bool)> = ctx.order.with(|o| {
            o.communications
                .values()
                .map(|m| (m.clone(), true))
                .collect()
        });
        ctx.commercial.with(|c| {
            if let Some(c) = c {
                v.extend(c.communications.values().map(|m| (m.clone(), false)));
            }
        });
        sort_by_key(&mut v, |(b, _)| std::cmp::Reverse(b.at_ms));
        v
    };
    let office = !factory();
    let codes = Channel::KNOWN
        .iter()
        .map(|c| c.code().to_string())
        .collect();
    view! {
        <section class="card section" data-testid="comms-section">
            <h3>{move || i18n.t(K::CommLog)}</h3>
            <ul class="log">
                {move || notes().into_iter().map(|(m, on_order)| view! {
                    <li data-testid="comm">
                        <span class="muted">{format!("{} · {} · ", time_text(m.at_ms), m.who)}{code_text(i18n, m.channel.code())}</span>
                        <br/>{format!("{} — {}", m.with_whom, m.summary)}
                        <Show when=move || office && on_order>
                            <br/><span class="muted" data-testid="comm-factory-reads">{move || i18n.t(K::CommFactoryReads)}</span>
                        </Show>
                    </li>
                }).collect_view()}
            </ul>
            <form class="inline-form" on:submit=submit novalidate>
                <CodeSelect label=K::Channel name="chan" codes=codes value=channel/>
                <TextInput label=K::WithWhom value=with_whom testid="m-with"/>
                <TextInput label=K::Summary value=summary testid="m-summary"/>
                <button type="submit" data-testid="add-comm">{move || i18n.t(K::AddNote)}</button>
            </form>
            <ActionError error=error/>
        </section>
    }
}
