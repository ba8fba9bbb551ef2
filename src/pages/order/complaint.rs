//! One complaint and its handling: who owns it, why it happened, what was done, and its status;
//! with the pieces found defective, the shipment they came in and the factory the order named
//! when it was opened. The form opens in place so a merchandiser on a phone never loses the
//! list; closing asks for the root cause and the resolution first (the customer will ask both),
//! and what was typed stays on refusal.

use gendan_domain::complaints::{self, Complaint, ComplaintStatus};
use leptos::prelude::*;

use super::ctx::{code_text, day_text, OrderCtx};
use super::log::complaint_money::ComplaintMoney;
use super::log::returns::ComplaintReturns;
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;

const STATUSES: [ComplaintStatus; 4] = [
    ComplaintStatus::Open,
    ComplaintStatus::InProgress,
    ComplaintStatus::Resolved,
    ComplaintStatus::Closed,
];

#[component]
pub fn ComplaintRow(ctx: OrderCtx, id: String, complaint: Complaint) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let status = RwSignal::new(complaint.status.code().to_string());
    let owner = RwSignal::new(complaint.owner.clone());
    let resolution = RwSignal::new(complaint.resolution.clone());
    let root_cause = RwSignal::new(complaint.root_cause.clone());
    let error = RwSignal::new(None::<String>);
    let status_id = unique_id("c-status");
    let handle = submit_action(
        error,
        move |(id, next, who, (why, what)): (String, ComplaintStatus, String, (String, String))| {
            let day = platform::today();
            ctx.edit(move |o| complaints::handle(o, &id, next, &who, (&why, &what), day))
        },
        move |()| editing.set(false),
    );
    let save = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let next = ComplaintStatus::from_code(&status.get_untracked());
            let done = next.is_done();
            let (why, what) = (root_cause.get_untracked(), resolution.get_untracked());
            if done && (why.trim().is_empty() || what.trim().is_empty()) {
                error.set(Some(i18n.t(K::ErrResolutionNeeded).to_string()));
                return;
            }
            handle.dispatch((id.clone(), next, owner.get_untracked(), (why, what)));
        }
    };
    let c = complaint;
    let summary = format!("{} · {} · {}", day_text(c.opened), c.source, c.description);
    let closed = c.closed;
    // Worded inside the view, so a change of language rewords them.
    let facts = {
        let (qty, sid, factory) = (c.defective_qty, c.shipment.clone(), c.factory.clone());
        move || {
            let mut parts = Vec::new();
            if qty > 0 {
                parts.push(fill(
                    i18n.t(K::ComplaintFacts),
                    &[("qty", &qty.to_string())],
                ));
            }
            if let Some(n) = ctx.order.with(|o| {
                crate::pages::documents::shipment_figures::in_order(o)
                    .iter()
                    .position(|(k, _)| *k == sid)
            }) {
                parts.push(fill(i18n.t(K::ShipmentNo), &[("n", &(n + 1).to_string())]));
            }
            if !factory.is_empty() {
                let name = ctx
                    .workspace
                    .with(|w| crate::pages::parties::party_label(w, &factory, i18n.0.get()));
                parts.push(fill(i18n.t(K::ComplaintFactory), &[("factory", &name)]));
            }
            parts.join(" · ")
        }
    };
    view! {
        <li data-testid="complaint" data-status=c.status.code().to_string()>
            <span class=format!("badge {}", c.severity.code())>{code_text(i18n, c.severity.code())}</span>" "
            {summary}" "
            <span class="muted" data-testid="complaint-status">{code_text(i18n, c.status.code())}</span>
            {closed.map(|d| view! { " " <span class="muted">{day_text(Some(d))}</span> })}
            {(!c.owner.is_empty()).then(|| view! { <div class="muted small">{move || i18n.t(K::ComplaintOwner)}": "{c.owner.clone()}</div> })}
            <div class="muted small" data-testid="complaint-facts">{facts}</div>
            {(!c.root_cause.is_empty()).then(|| view! { <div class="small" data-testid="complaint-root-cause">{move || i18n.t(K::RootCause)}": "{c.root_cause.clone()}</div> })}
            {(!c.resolution.is_empty()).then(|| view! { <div class="small" data-testid="complaint-resolution">{move || i18n.t(K::Resolution)}": "{c.resolution.clone()}</div> })}
            <ComplaintMoney ctx=ctx complaint=id.clone()/>
            <ComplaintReturns ctx=ctx complaint=id.clone()/>
            <Show when=move || !editing.get()>
                <button type="button" data-testid="complaint-handle" on:click=move |_| editing.set(true)>{move || i18n.t(K::HandleComplaint)}</button>
            </Show>
            <Show when=move || editing.get()>
                <form class="inline-form" on:submit=save.clone() novalidate>
                    <div class="field">
                        <label for=status_id.clone()>{move || i18n.t(K::Status)}</label>
                        <select id=status_id.clone() data-testid="complaint-status-select" on:change=move |ev| status.set(event_target_value(&ev))>
                            {STATUSES.iter().map(|s| {
                                let code = s.code();
                                view! { <option value=code selected=move || status.get() == code>{code_text(i18n, code)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <TextInput label=K::ComplaintOwner value=owner testid="complaint-owner"/>
                    <TextInput label=K::RootCause value=root_cause testid="complaint-root-cause-input" factory_reads=true/>
                    <TextInput label=K::Resolution value=resolution testid="complaint-resolution-input" factory_reads=true/>
                    <button type="submit" class="primary" data-testid="complaint-save">{move || i18n.t(K::Save)}</button>
                    <button type="button" on:click=move |_| { error.set(None); editing.set(false); }>{move || i18n.t(K::Cancel)}</button>
                    <ActionError error=error testid="complaint-error"/>
                </form>
            </Show>
        </li>
    }
}
