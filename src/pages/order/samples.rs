//! Samples (打样/样品): every submission to the buyer by kind and round, the buyer's reply
//! (approved, rejected with comments, resubmit), replies overdue in red, and the sample gate on
//! production said here, before anyone tries to release the order and is refused.
//!
//! Rounds, dates and the gate are the domain's (`samples`, `lifecycle::samples_missing`); this
//! screen only parses what is typed and shows what the domain derives.

use gendan_domain::lifecycle;
use gendan_domain::order::{Field, Issue};
use gendan_domain::samples::{self, Sample, SampleKind, SampleResult};
use gendan_domain::Day;
use leptos::prelude::*;

use super::ctx::{day_text, field_error, parse_day, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{sample_kind_text, use_i18n, K};
use crate::pages::action::{edit_action, submit_action};
use crate::platform;

/// Where the add form sits, so "next round" can bring it into view.
const ADD_FORM: &str = "sample-add-form";

pub(crate) fn result_key(r: &SampleResult) -> (&'static str, K) {
    match r {
        SampleResult::Approved => ("approved", K::ResApproved),
        SampleResult::Rejected => ("rejected", K::ResRejected),
        SampleResult::Resubmit => ("resubmit", K::ResResubmit),
        _ => ("pending", K::ResPending),
    }
}

#[component]
pub fn SamplesSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(SampleKind::LabDip.code().to_string());
    let sent = RwSignal::new(platform::today().to_string());
    let reply_due = RwSignal::new(String::new());
    let courier = RwSignal::new(String::new());
    let tracking = RwSignal::new(String::new());
    let remarks = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    // What was typed stays when the edit is refused, so it can be corrected.
    let add = submit_action(
        error,
        move |sample: Sample| {
            ctx.edit(move |o| {
                samples::add(o, &platform::new_record_id(), sample, platform::today())
            })
        },
        move |()| {
            for s in [reply_due, courier, tracking, remarks] {
                s.set(String::new());
            }
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(sent_on) = parse_day(&sent.get_untracked()) else {
            error.set(Some(field_error(i18n, Field::SentDate, Issue::NotADate)));
            return;
        };
        let Ok(due) = parse_day(&reply_due.get_untracked()) else {
            error.set(Some(field_error(i18n, Field::ReplyDue, Issue::NotADate)));
            return;
        };
        let sample = Sample {
            kind: SampleKind::from_code(&kind.get_untracked()),
            sent: sent_on,
            reply_due: due,
            courier: courier.get_untracked().trim().to_string(),
            tracking_no: tracking.get_untracked().trim().to_string(),
            remarks: remarks.get_untracked().trim().to_string(),
            ..Sample::default()
        };
        add.dispatch_local(sample);
    };
    // "Add the next round" of a rejected sample: the form, set to that kind, brought into view.
    let next_round = Callback::new(move |k: SampleKind| {
        kind.set(k.code().to_string());
        sent.set(platform::today().to_string());
        error.set(None);
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(ADD_FORM))
        {
            el.scroll_into_view();
        }
    });

    let gate = move || {
        let gates = ctx.workspace.with(|w| w.settings.gates.clone());
        let applies =
            gates.samples_before_production && gates.required_samples.values().any(|r| *r);
        applies.then(|| ctx.order.with(|o| lifecycle::samples_missing(o, &gates)))
    };
    let ids = move || {
        ctx.order.with(|o| {
            samples::in_order(o)
                .into_iter()
                .map(|(id, _)| id.clone())
                .collect::<Vec<_>>()
        })
    };
    // A row reads its sample by id and is built again only when what it shows changed.
    let row = move |id: String| {
        let now = platform::today();
        ctx.order.with(|o| {
            o.samples.get(&id).map(|s| {
                (
                    s.clone(),
                    samples::is_latest(o, &id),
                    s.is_reply_overdue(now),
                )
            })
        })
    };
    let kid = unique_id("sample-kind");
    view! {
        <section class="card section" data-testid="samples-section">
            <h3>{move || i18n.t(K::SecSamples)}</h3>
            {move || gate().map(|missing| {
                let lang = i18n.0.get();
                if missing.is_empty() {
                    view! {
                        <p class="gate-note ok-note" data-testid="samples-gate" data-open="true">{i18n.t(K::SamplesGateOpen)}</p>
                    }.into_any()
                } else {
                    let names = missing.iter().map(|k| sample_kind_text(lang, k)).collect::<Vec<_>>().join(", ");
                    view! {
                        <p class="gate-note warn-note" data-testid="samples-gate" data-open="false">
                            {i18n.t(K::SamplesGateClosed)}" "<strong>{names}</strong>
                        </p>
                    }.into_any()
                }
            })}
            <Show when=move || ctx.order.with(|o| o.samples.is_empty())>
                <p class="muted">{move || i18n.t(K::NoSamples)}</p>
            </Show>
            <ul class="records" data-testid="samples">
                <For each=ids key=|id| id.clone() let:id>
                    {
                        let shown = Memo::new({
                            let id = id.clone();
                            move |_| row(id.clone())
                        });
                        move || shown.get().map(|(s, latest, late)| view! {
                            <SampleRow ctx=ctx id=id.clone() s=s latest=latest overdue=late on_next_round=next_round/>
                        })
                    }
                </For>
            </ul>
            <form class="record-form" id=ADD_FORM on:submit=submit novalidate>
                <h4>{move || i18n.t(K::AddSample)}</h4>
                <div class="grid">
                    <div class="field">
                        <label for=kid.clone()>{move || i18n.t(K::SampleKindLabel)}</label>
                        <select id=kid data-testid="sample-kind" prop:value=move || kind.get()
                            on:change=move |ev| kind.set(event_target_value(&ev))>
                            {SampleKind::KNOWN.iter().map(|k| {
                                let c = k.code().to_string();
                                let c2 = c.clone();
                                let k = k.clone();
                                view! {
                                    <option value=c selected=move || kind.get() == c2>{move || sample_kind_text(i18n.0.get(), &k)}</option>
                                }
                            }).collect_view()}
                        </select>
                    </div>
                    <TextInput label=K::SentDate value=sent kind="date" testid="sample-sent"/>
                    <TextInput label=K::ReplyDue value=reply_due kind="date" testid="sample-reply-due"/>
                    <TextInput label=K::Courier value=courier testid="sample-courier"/>
                    <TextInput label=K::TrackingNo value=tracking testid="sample-tracking"/>
                    <TextInput label=K::Remarks value=remarks testid="sample-remarks"/>
                </div>
                <ActionError error=error testid="sample-error"/>
                <button type="submit" class="primary" data-testid="add-sample">{move || i18n.t(K::AddSample)}</button>
            </form>
        </section>
    }
}

#[component]
fn SampleRow(
    ctx: OrderCtx,
    id: String,
    s: Sample,
    latest: bool,
    overdue: bool,
    on_next_round: Callback<SampleKind>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (class, label) = result_key(&s.result);
    let result = RwSignal::new(SampleResult::Approved.code().to_string());
    let comments = RwSignal::new(String::new());
    let on = RwSignal::new(platform::today().to_string());
    let error = RwSignal::new(None::<String>);
    let sid = StoredValue::new(id);
    let reply = edit_action(error, move |(r, text, day): (SampleResult, String, Day)| {
        let id = sid.get_value();
        ctx.edit(move |o| samples::record_reply(o, &id, r, &text, day, platform::today()))
    });
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(Some(day)) = parse_day(&on.get_untracked()) else {
            error.set(Some(field_error(i18n, Field::ReplyDate, Issue::NotADate)));
            return;
        };
        let r = SampleResult::from_code(&result.get_untracked());
        reply.dispatch_local((r, comments.get_untracked(), day));
    };
    let pending = s.result == SampleResult::Pending;
    let again = latest && s.result.needs_new_round();
    let kind = s.kind.clone();
    let kind_name = move || sample_kind_text(i18n.0.get(), &kind);
    let travel = [s.courier.clone(), s.tracking_no.clone()]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let rid = unique_id("reply-result");
    let next_kind = s.kind.clone();
    view! {
        <li class=format!("record sample {class}") class:late=overdue data-testid="sample"
            data-kind=s.kind.code().to_string() data-round=s.round.to_string() data-result=class
            data-overdue=overdue.to_string()>
            <div class="ms-head">
                <strong>{kind_name}" · "{move || i18n.t(K::Round)}" "{s.round}</strong>
                <span class=format!("badge {class}") data-testid="sample-result">{move || i18n.t(label)}</span>
            </div>
            <div class="ms-dates">
                <span>{move || i18n.t(K::SentDate)}": "{day_text(s.sent)}</span>
                <span class:late-text=overdue>{move || i18n.t(K::ReplyDue)}": "{day_text(s.reply_due)}</span>
                {overdue.then(|| view! { <strong class="late-text" data-testid="reply-overdue">{move || i18n.t(K::ReplyOverdue)}</strong> })}
                {(!travel.is_empty()).then(|| view! { <span>{travel}</span> })}
            </div>
            {(!s.remarks.is_empty()).then(|| view! { <p class="small">{s.remarks.clone()}</p> })}
            {s.replied.map(|d| view! {
                <p class="small" data-testid="sample-reply">
                    {move || i18n.t(K::RepliedOn)}" "{d.to_string()}
                    {(!s.comments.is_empty()).then(|| format!(": {}", s.comments))}
                </p>
            })}
            {pending.then(|| view! {
                <form class="inline-form" on:submit=record novalidate>
                    <div class="field">
                        <label for=rid.clone()>{move || i18n.t(K::BuyerReply)}</label>
                        <select id=rid data-testid="reply-result" on:change=move |ev| result.set(event_target_value(&ev))>
                            {[SampleResult::Approved, SampleResult::Rejected, SampleResult::Resubmit].into_iter().map(|r| {
                                let (code, key) = result_key(&r);
                                view! { <option value=code selected=move || result.get() == code>{move || i18n.t(key)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <TextInput label=K::BuyerComments value=comments testid="reply-comments"/>
                    <TextInput label=K::ReplyDate value=on kind="date" testid="reply-date"/>
                    <button type="submit" data-testid="record-reply">{move || i18n.t(K::RecordReply)}</button>
                </form>
            })}
            {again.then(|| view! {
                <button type="button" class="warn" data-testid="new-round"
                    on:click=move |_| on_next_round.run(next_kind.clone())>
                    {move || i18n.t(K::NewRound)}
                </button>
            })}
            <ActionError error=error testid="sample-row-error"/>
        </li>
    }
}
