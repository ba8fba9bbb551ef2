//! One transit incident's money on the money screen: what was claimed, what came back and what
//! is still to come, each recovery with who recorded it (voided ones struck through with why),
//! and the forms that lodge or revise the claim and record money back. The rules are
//! `gendan_domain::claims`; this row only asks.

use gendan_domain::claims::{self, Recovering};
use gendan_domain::commercial::Commercial;
use gendan_domain::shipment::incidents::Incident;
use gendan_domain::{Day, Price};
use leptos::prelude::*;

use super::super::ctx::{day_text, parse_day, who, OrderCtx};
use super::super::shipment::incident_text;
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, Lang, K};
use crate::listing::fmt_price;
use crate::pages::action::edit_action;
use crate::pages::typed;
use crate::platform;

#[derive(Clone)]
enum Act {
    Lodge(Price, String),
    Recover(Price, Day, String),
    Void(String, String),
}

/// "Claimed USD 480.00 · recovered USD 300.00 · outstanding USD 180.00", and what came back
/// beyond the claim when two devices' recoveries add up to more.
fn state_text(lang: Lang, c: &Commercial, incident: &str) -> String {
    let Some(claim) = c.claims.get(incident) else {
        return K::ClaimNone.text(lang).to_string();
    };
    let cur = claim.currency.as_str();
    let mut out = fill(
        K::ClaimState.text(lang),
        &[
            ("claimed", &fmt_price(cur, claim.amount)),
            ("recovered", &fmt_price(cur, claims::recovered(c, incident))),
            (
                "outstanding",
                &fmt_price(cur, claims::outstanding(c, incident)),
            ),
        ],
    );
    let beyond = claims::beyond(c, incident);
    if beyond > Price::ZERO {
        let b = fill(
            K::ClaimBeyond.text(lang),
            &[("amount", &fmt_price(cur, beyond))],
        );
        out = format!("{out} · {b}");
    }
    out
}

#[component]
pub fn ClaimRow(
    ctx: OrderCtx,
    error: RwSignal<Option<String>>,
    id: String,
    incident: Incident,
) -> impl IntoView {
    let i18n = use_i18n();
    let iid = StoredValue::new(id);
    let amount = RwSignal::new(String::new());
    let currency = RwSignal::new(String::new());
    let back = RwSignal::new(String::new());
    let on = RwSignal::new(platform::today().to_string());
    let note = RwSignal::new(String::new());
    let why = RwSignal::new(String::new());
    let act = edit_action(error, move |a: Act| {
        let (incident, me, today) = (iid.get_value(), who(), platform::today());
        let order = ctx.order.get_untracked();
        ctx.edit_commercial(move |c| match a {
            Act::Lodge(p, cur) => claims::lodge(c, &order, &incident, (p, &cur), (&me, today)),
            Act::Recover(p, date, note) => claims::recover(
                c,
                &platform::new_record_id(),
                Recovering {
                    incident: &incident,
                    amount: p,
                    date,
                    note: &note,
                    who: &me,
                    today,
                },
            ),
            Act::Void(rid, why) => claims::void_recovery(c, &rid, &me, &why),
        })
    });
    let lodge = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(p) = typed::or_say(error, typed::price(i18n, &amount.get_untracked())) {
            act.dispatch(Act::Lodge(p, currency.get_untracked()));
        }
    };
    let recover = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(p) = typed::or_say(error, typed::price(i18n, &back.get_untracked())) else {
            return;
        };
        let Ok(Some(d)) = parse_day(&on.get_untracked()) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        act.dispatch(Act::Recover(p, d, note.get_untracked()));
    };
    let state = move || {
        let id = iid.get_value();
        ctx.commercial
            .with(|c| c.as_ref().map(|c| state_text(i18n.0.get(), c, &id)))
            .unwrap_or_default()
    };
    let recoveries = move || {
        let id = iid.get_value();
        ctx.commercial.with(|c| {
            c.as_ref()
                .map(|c| {
                    let cur = c
                        .claims
                        .get(&id)
                        .map(|k| k.currency.clone())
                        .unwrap_or_default();
                    claims::recoveries_of(c, &id)
                        .into_iter()
                        .map(|(rid, r)| (rid.clone(), r.clone(), cur.clone()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let claimed = move || {
        ctx.commercial.with(|c| {
            c.as_ref()
                .is_some_and(|c| c.claims.contains_key(&iid.get_value()))
        })
    };
    let busy = move || act.pending().get();
    let what = move || incident_text(i18n.0.get(), &incident);
    view! {
        <li data-testid="claim">
            <p>{what}</p>
            <p data-testid="claim-state">{state}</p>
            <ul class="log" data-testid="recoveries">
                {move || recoveries().into_iter().map(|(rid, r, cur)| {
                    let live = r.voided.is_none();
                    let said = {
                        let (amount, day, by) = (fmt_price(&cur, r.amount), day_text(r.date), r.who.clone());
                        move || fill(i18n.t(K::RecoveryRow), &[("amount", &amount), ("day", &day), ("who", &by)])
                    };
                    let extra = (!r.note.is_empty()).then(|| format!(" · {}", r.note));
                    let voided = r.voided.clone().map(|w| view! {
                        " "<span class="bad">{move || fill(i18n.t(K::RecoveryVoidedRow), &[("why", &w)])}</span>
                    });
                    view! {
                        <li data-testid="recovery" data-voided=(!live).to_string()>
                            <span class=if live { "" } else { "struck" }>{said}{extra}</span>
                            {voided}
                            {live.then(|| view! {
                                " "<button type="button" class="warn" data-testid="recovery-void" disabled=busy
                                    on:click=move |_| act.dispatch(Act::Void(rid.clone(), why.get_untracked()))>
                                    {move || i18n.t(K::RecoveryVoid)}
                                </button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || recoveries().iter().any(|(_, r, _)| r.voided.is_none())>
                <TextInput label=K::RecoveryVoidReason value=why testid="recovery-void-reason"/>
            </Show>
            <form class="inline-form" on:submit=lodge novalidate>
                <TextInput label=K::ClaimAmountLabel value=amount inputmode="decimal" testid="claim-amount"/>
                <TextInput label=K::Currency value=currency testid="claim-currency"/>
                <button type="submit" data-testid="claim-lodge" disabled=busy>{move || i18n.t(K::ClaimLodge)}</button>
            </form>
            <Show when=claimed>
                <form class="inline-form" on:submit=recover novalidate>
                    <TextInput label=K::RecoveryAmountLabel value=back inputmode="decimal" testid="recovery-amount"/>
                    <TextInput label=K::RecoveryDateLabel value=on kind="date" testid="recovery-date"/>
                    <TextInput label=K::Note value=note testid="recovery-note"/>
                    <button type="submit" data-testid="recovery-record" disabled=busy>{move || i18n.t(K::RecoveryRecord)}</button>
                </form>
            </Show>
        </li>
    }
}
