//! The order's complaints, newest first, and the form that opens one.

use gendan_domain::complaints::{Complaint, Severity};
use gendan_domain::DomainError;
use leptos::prelude::*;

use super::super::complaint::ComplaintRow;
use super::super::ctx::{who, OrderCtx};
use super::code_select::CodeSelect;
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;
use gendan_domain::sorting::sort_by_key;

#[component]
pub fn ComplaintsSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let source = RwSignal::new(String::new());
    let severity = RwSignal::new(Severity::Minor.code().to_string());
    let description = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = submit_action(
        error,
        move |c: Complaint| {
            ctx.edit(move |o| {
                o.complaints.insert(platform::new_record_id(), c);
                Ok::<_, DomainError>(())
            })
        },
        move |()| description.set(String::new()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if description.get_untracked().trim().is_empty() {
            error.set(Some(i18n.t(K::ErrRequired).to_string()));
            return;
        }
        add.dispatch(Complaint {
            source: source.get_untracked(),
            severity: Severity::from_code(&severity.get_untracked()),
            owner: who(),
            description: description.get_untracked(),
            opened: Some(platform::today()),
            ..Complaint::default()
        });
    };
    let complaints = move || {
        ctx.order.with(|o| {
            let mut v: Vec<_> = o
                .complaints
                .iter()
                .map(|(k, c)| (k.clone(), c.clone()))
                .collect();
            sort_by_key(&mut v, |b| std::cmp::Reverse(b.1.opened));
            v
        })
    };
    let codes = Severity::KNOWN
        .iter()
        .map(|s| s.code().to_string())
        .collect();
    view! {
        <section class="card section" data-testid="complaints-section">
            <h3>{move || i18n.t(K::Complaints)}</h3>
            <ul class="log">
                {move || complaints().into_iter().map(|(id, c)| view! {
                    <ComplaintRow ctx=ctx id=id complaint=c/>
                }).collect_view()}
            </ul>
            <form class="inline-form" on:submit=submit novalidate>
                <TextInput label=K::ComplaintSource value=source testid="c-source"/>
                <CodeSelect label=K::Severity name="sev" codes=codes value=severity/>
                <TextInput label=K::Description value=description testid="c-description"/>
                <button type="submit" data-testid="add-complaint">{move || i18n.t(K::AddComplaint)}</button>
            </form>
            <ActionError error=error/>
        </section>
    }
}
