//! 合格供应商 on a party's row: its standing (approved, on trial, suspended) folded under a badge,
//! the log of who changed it when and why, and the form that changes it with a reason
//! (`gendan_domain::standing::set`). Only the parties work goes to have one.

use gendan_domain::standing::{self, By, Standing};
use gendan_domain::DomainError;
use leptos::prelude::*;

use super::{edit_ws, standing_key, Ws};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, K};
use crate::pages::order::ctx::{day_text, who};
use crate::platform;

#[component]
pub(super) fn PartyStanding(ws: Ws, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(id);
    let party = move || ws.with(|w| w.parties.get(&id.get_value()).cloned());
    let now = move || party().map(|p| p.standing()).unwrap_or_default();
    let to = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let target = match to.get_untracked().as_str() {
            "" => now(),
            code => Standing::from_code(code),
        };
        let why = reason.get_untracked();
        if target != now() && why.trim().is_empty() {
            error.set(Some(i18n.t(K::ErrReasonRequired).to_string()));
            return;
        }
        error.set(None);
        let (author, change) = (who(), platform::new_record_id());
        edit_ws(ws, move |w| {
            let pid = id.get_value();
            let p = w
                .parties
                .get_mut(&pid)
                .ok_or_else(|| DomainError::not_found("party", &pid))?;
            standing::set(
                p,
                target,
                By {
                    who: &author,
                    today: platform::today(),
                    reason: &why,
                    change_id: &change,
                },
            )
        });
        reason.set(String::new());
        to.set(String::new());
    };
    let badge = move || {
        let s = now();
        let class = match s {
            Standing::Suspended => "badge late",
            Standing::Trial => "badge at-risk",
            _ => "badge approved",
        };
        view! { <span class=class data-testid="party-standing-badge" data-standing=s.code().to_string()>{i18n.t(standing_key(&s))}</span> }
    };
    let log = move || {
        let lang = i18n.0.get();
        party()
            .map(|p| {
                p.standing_log()
                    .into_iter()
                    .map(|(_, c)| {
                        fill(
                            K::StandingLogRow.text(lang),
                            &[
                                ("to", standing_key(&c.to).text(lang)),
                                ("who", &c.who),
                                ("day", &day_text(c.day)),
                                ("reason", &c.reason),
                            ],
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let choices = [Standing::Approved, Standing::Trial, Standing::Suspended];
    view! {
        <details class="standing" data-testid="party-standing">
            <summary>{move || i18n.t(K::StandingTitle)}" "{badge}</summary>
            <ul class="log small" data-testid="party-standing-log">
                {move || log().into_iter().map(|row| view! { <li>{row}</li> }).collect_view()}
            </ul>
            <form class="inline-form" on:submit=save novalidate>
                <div class="field">
                    <label>{move || i18n.t(K::StandingTitle)}</label>
                    <select data-testid="party-standing-to" on:change=move |ev| to.set(event_target_value(&ev))>
                        {choices.into_iter().map(|s| {
                            let code = s.code().to_string();
                            let shown = s.clone();
                            view! {
                                <option value=code selected=move || now() == shown>{move || i18n.t(standing_key(&s))}</option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <TextInput label=K::StandingReason value=reason testid="party-standing-reason"/>
                <button type="submit" data-testid="party-standing-save">{move || i18n.t(K::StandingChange)}</button>
            </form>
            <ActionError error=error testid="party-standing-error"/>
        </details>
    }
}
