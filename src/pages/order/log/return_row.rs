//! One return of defective pieces: how many came back and when, what becomes of them, and —
//! while they are to be reworked or replaced — recording them sent again (a day, a courier's
//! number); a return entered by mistake is voided with why, and stays on the record.

use gendan_domain::goods_returns::{self, GoodsReturn};
use gendan_domain::order::{Field, Issue};
use leptos::prelude::*;

use super::super::ctx::{day_text, field_error, parse_day, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{disposition_key, fill, use_i18n, K};
use crate::pages::action::edit_action;
use crate::platform;

#[derive(Clone)]
enum Step {
    Resent(gendan_domain::Day, String),
    Void(String),
}

#[component]
pub fn ReturnRow(ctx: OrderCtx, id: String, r: GoodsReturn) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let day = RwSignal::new(platform::today().to_string());
    let note = RwSignal::new(String::new());
    let why = RwSignal::new(String::new());
    let rid = StoredValue::new(id);
    let act = edit_action(error, move |step: Step| {
        let (id, me, today) = (rid.get_value(), who(), platform::today());
        ctx.edit(move |o| match &step {
            Step::Resent(d, note) => goods_returns::resend(o, &id, *d, (&me, note, today)),
            Step::Void(why) => goods_returns::void(o, &id, &me, why),
        })
    });
    let resent = move |_| match parse_day(&day.get_untracked()) {
        Ok(Some(d)) => act.dispatch(Step::Resent(d, note.get_untracked())),
        _ => error.set(Some(field_error(i18n, Field::ResentDay, Issue::NotADate))),
    };
    let state = if r.is_void() {
        "void"
    } else if r.awaits_resending() {
        "to-resend"
    } else if r.resent.is_some() {
        "resent"
    } else {
        "scrapped"
    };
    let awaits = r.awaits_resending();
    let live = !r.is_void();
    let (qty, got, disp) = (
        r.qty.to_string(),
        day_text(r.received),
        r.disposition.clone(),
    );
    let voided = r.voided.clone();
    let sent = r.resent.clone();
    view! {
        <li class="record" class:late=awaits data-testid="return" data-state=state>
            <div class="ms-head">
                <strong>{move || fill(i18n.t(K::ReturnRow), &[("qty", &qty), ("day", &got)])}</strong>
                <span class="muted">{move || i18n.t(disposition_key(&disp))}</span>
            </div>
            {(!r.note.is_empty()).then(|| view! { <p class="small">{r.note.clone()}</p> })}
            {awaits.then(|| view! { <p class="late-text small" data-testid="return-to-resend">{move || i18n.t(K::ReturnToResend)}</p> })}
            {sent.map(|s| view! {
                <p class="small" data-testid="return-resent">{move || fill(i18n.t(K::ReturnResent), &[("day", &day_text(s.day)), ("who", &s.who), ("note", &s.note)])}</p>
            })}
            {(!voided.is_empty()).then(|| view! {
                <p class="muted small" data-testid="return-voided">{move || fill(i18n.t(K::ReturnVoided), &[("why", &voided)])}</p>
            })}
            {live.then(|| view! {
                <details class="fold-more">
                    <summary data-testid="return-more">{move || i18n.t(if awaits { K::ResendOrVoid } else { K::VoidReturn })}</summary>
                    {awaits.then(|| view! {
                        <TextInput label=K::ResentDay value=day kind="date" testid="resent-day"/>
                        <TextInput label=K::ReturnNote value=note testid="resent-note"/>
                        <div class="actions">
                            <button type="button" class="primary" data-testid="return-resent-save" on:click=resent>{move || i18n.t(K::MarkResent)}</button>
                        </div>
                    })}
                    <TextInput label=K::ReturnWhy value=why testid="void-why"/>
                    <div class="actions">
                        <button type="button" class="warn" data-testid="return-void"
                            on:click=move |_| act.dispatch(Step::Void(why.get_untracked()))>{move || i18n.t(K::VoidReturn)}</button>
                    </div>
                </details>
            })}
            <ActionError error=error testid="return-row-error"/>
        </li>
    }
}
