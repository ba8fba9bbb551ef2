//! The form that adds a sample submission. Its kind and sent day belong to the section, so a
//! rejected round's "next round" can set them and bring the form into view.

use gendan_domain::order::{Field, Issue};
use gendan_domain::samples::{self, Sample, SampleKind};
use leptos::prelude::*;

use super::super::ctx::{field_error, parse_day, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{sample_kind_text, use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;

#[component]
pub fn SampleForm(
    ctx: OrderCtx,
    /// The element id "next round" scrolls to.
    form_id: &'static str,
    kind: RwSignal<String>,
    sent: RwSignal<String>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reply_due = RwSignal::new(String::new());
    let courier = RwSignal::new(String::new());
    let tracking = RwSignal::new(String::new());
    let remarks = RwSignal::new(String::new());

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
        add.dispatch(sample);
    };
    let kid = unique_id("sample-kind");
    view! {
        <form class="record-form" id=form_id on:submit=submit novalidate>
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
                <TextInput label=K::Remarks value=remarks testid="sample-remarks" factory_reads=true/>
            </div>
            <ActionError error=error testid="sample-error"/>
            <button type="submit" class="primary" data-testid="add-sample">{move || i18n.t(K::AddSample)}</button>
        </form>
    }
}
