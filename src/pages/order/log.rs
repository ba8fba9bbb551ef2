//! Complaints (source, severity, status through to resolution) and the communication log (calls,
//! mails, WeChat, visits: who talked with whom about what).

use gendan_domain::complaints::{Channel, Communication, Complaint, Severity};
use gendan_domain::DomainError;
use leptos::prelude::*;

use super::complaint::ComplaintRow;
use super::ctx::{code_text, time_text, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;

#[component]
pub fn LogSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let source = RwSignal::new(String::new());
    let severity = RwSignal::new(Severity::Minor.code().to_string());
    let description = RwSignal::new(String::new());
    let c_error = RwSignal::new(None::<String>);
    let channel = RwSignal::new(Channel::Call.code().to_string());
    let with_whom = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    let m_error = RwSignal::new(None::<String>);

    let complaint_action = submit_action(
        c_error,
        move |c: Complaint| {
            ctx.edit(move |o| {
                o.complaints.insert(platform::new_record_id(), c);
                Ok::<_, DomainError>(())
            })
        },
        move |()| description.set(String::new()),
    );
    let add_complaint = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if description.get_untracked().trim().is_empty() {
            c_error.set(Some(i18n.t(K::ErrRequired).to_string()));
            return;
        }
        let c = Complaint {
            source: source.get_untracked(),
            severity: Severity::from_code(&severity.get_untracked()),
            owner: who(),
            description: description.get_untracked(),
            opened: Some(platform::today()),
            ..Complaint::default()
        };
        complaint_action.dispatch_local(c);
    };
    let note_action = submit_action(
        m_error,
        move |m: Communication| {
            ctx.edit(move |o| {
                o.communications.insert(platform::new_record_id(), m);
                Ok::<_, DomainError>(())
            })
        },
        move |()| summary.set(String::new()),
    );
    let add_note = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if summary.get_untracked().trim().is_empty() {
            m_error.set(Some(i18n.t(K::ErrRequired).to_string()));
            return;
        }
        let m = Communication {
            channel: Channel::from_code(&channel.get_untracked()),
            who: who(),
            with_whom: with_whom.get_untracked(),
            at_ms: (platform::now_ms() as i64),
            summary: summary.get_untracked(),
        };
        note_action.dispatch_local(m);
    };
    let complaints = move || {
        ctx.order.with(|o| {
            let mut v: Vec<_> = o
                .complaints
                .iter()
                .map(|(k, c)| (k.clone(), c.clone()))
                .collect();
            v.sort_by_key(|b| std::cmp::Reverse(b.1.opened));
            v
        })
    };
    let notes = move || {
        ctx.order.with(|o| {
            let mut v: Vec<_> = o.communications.values().cloned().collect();
            v.sort_by_key(|b| std::cmp::Reverse(b.at_ms));
            v
        })
    };
    let sev_id = unique_id("sev");
    let ch_id = unique_id("chan");
    view! {
        <section class="card section" data-testid="complaints-section">
            <h3>{move || i18n.t(K::Complaints)}</h3>
            <ul class="log">
                {move || complaints().into_iter().map(|(id, c)| view! {
                    <ComplaintRow ctx=ctx id=id complaint=c/>
                }).collect_view()}
            </ul>
            <form class="inline-form" on:submit=add_complaint novalidate>
                <TextInput label=K::ComplaintSource value=source testid="c-source"/>
                <div class="field">
                    <label for=sev_id.clone()>{move || i18n.t(K::Severity)}</label>
                    <select id=sev_id on:change=move |ev| severity.set(event_target_value(&ev))>
                        {Severity::KNOWN.iter().map(|s| {
                            let c = s.code().to_string();
                            let c2 = c.clone();
                            view! { <option value=c.clone() selected=move || severity.get() == c2>{code_text(i18n, &c)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <TextInput label=K::Description value=description testid="c-description"/>
                <button type="submit" data-testid="add-complaint">{move || i18n.t(K::AddComplaint)}</button>
            </form>
            <ActionError error=c_error/>
        </section>
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
            <form class="inline-form" on:submit=add_note novalidate>
                <div class="field">
                    <label for=ch_id.clone()>{move || i18n.t(K::Channel)}</label>
                    <select id=ch_id on:change=move |ev| channel.set(event_target_value(&ev))>
                        {Channel::KNOWN.iter().map(|s| {
                            let c = s.code().to_string();
                            let c2 = c.clone();
                            view! { <option value=c.clone() selected=move || channel.get() == c2>{code_text(i18n, &c)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <TextInput label=K::WithWhom value=with_whom testid="m-with"/>
                <TextInput label=K::Summary value=summary testid="m-summary"/>
                <button type="submit" data-testid="add-comm">{move || i18n.t(K::AddNote)}</button>
            </form>
            <ActionError error=m_error/>
        </section>
    }
}
