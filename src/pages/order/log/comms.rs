//! The communication log, newest first, and the form that adds a note of a call, mail or visit.

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
    let add = submit_action(
        error,
        move |m: Communication| {
            ctx.edit(move |o| {
                o.communications.insert(platform::new_record_id(), m);
                Ok::<_, DomainError>(())
            })
        },
        move |()| summary.set(String::new()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if summary.get_untracked().trim().is_empty() {
            error.set(Some(i18n.t(K::ErrRequired).to_string()));
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
    let notes = move || {
        ctx.order.with(|o| {
            let mut v: Vec<_> = o.communications.values().cloned().collect();
            sort_by_key(&mut v, |b| std::cmp::Reverse(b.at_ms));
            v
        })
    };
    let codes = Channel::KNOWN
        .iter()
        .map(|c| c.code().to_string())
        .collect();
    view! {
        <section class="card section" data-testid="comms-section">
            <h3>{move || i18n.t(K::CommLog)}</h3>
            <ul class="log">
                {move || notes().into_iter().map(|m| view! {
                    <li data-testid="comm">
                        <span class="muted">{format!("{} · {} · ", time_text(m.at_ms), m.who)}{code_text(i18n, m.channel.code())}</span>
                        <br/>{format!("{} — {}", m.with_whom, m.summary)}
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
