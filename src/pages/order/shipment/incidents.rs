//! 运输异常与索赔 on a shipment that has left: each delay, damage, shortage or loss with the
//! claim it started, settled with how it ended; the form that reports one. The rules (only once
//! it left, dated from then to today, pieces within what it carried) are the domain's
//! (`gendan_domain::shipment::incidents`).

use std::rc::Rc;

use gendan_domain::order::{Field, Issue};
use gendan_domain::shipment::incidents::{self, Incident, IncidentKind};
use leptos::prelude::*;

use super::super::ctx::{day_text, field_error, parse_day, who, OrderCtx, OrderEdit};
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, Lang, K};
use crate::pages::action::Submit;
use crate::pages::typed;
use crate::platform;

/// The words for an incident's kind.
pub(crate) fn incident_key(k: &IncidentKind) -> K {
    match k {
        IncidentKind::Delay | IncidentKind::Other(_) => K::IncidentDelay,
        IncidentKind::Damage => K::IncidentDamage,
        IncidentKind::Shortage => K::IncidentShortage,
        IncidentKind::Loss => K::IncidentLoss,
    }
}

const KINDS: [IncidentKind; 4] = [
    IncidentKind::Delay,
    IncidentKind::Damage,
    IncidentKind::Shortage,
    IncidentKind::Loss,
];

pub(crate) fn row_text(lang: Lang, i: &Incident) -> String {
    let kind = incident_key(&i.kind).text(lang);
    let day = day_text(i.day);
    if i.kind.counts_pieces() {
        fill(
            K::IncidentRowPieces.text(lang),
            &[
                ("kind", kind),
                ("day", &day),
                ("pieces", &i.pieces.to_string()),
                ("note", &i.note),
            ],
        )
    } else {
        fill(
            K::IncidentRow.text(lang),
            &[("kind", kind), ("day", &day), ("note", &i.note)],
        )
    }
}

#[component]
pub fn ShipIncidents(
    ctx: OrderCtx,
    sid: StoredValue<String>,
    error: RwSignal<Option<String>>,
    edit: Submit<OrderEdit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let left = move || {
        ctx.order
            .with(|o| o.shipments.get(&sid.get_value()).and_then(|s| s.shipped_on))
    };
    let list = move || {
        ctx.order.with(|o| {
            let mut all: Vec<(String, Incident)> = o
                .shipments
                .get(&sid.get_value())
                .map(|s| {
                    s.incidents
                        .iter()
                        .map(|(k, i)| (k.clone(), i.clone()))
                        .collect()
                })
                .unwrap_or_default();
            gendan_domain::sorting::sort_by_key(&mut all, |(k, i)| (i.day, k.clone()));
            all
        })
    };
    let kind = RwSignal::new(IncidentKind::Delay.code().to_string());
    let on = RwSignal::new(platform::today().to_string());
    let pieces = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let claim = RwSignal::new(String::new());
    let report = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(day) = parse_day(&on.get_untracked()) else {
            error.set(Some(field_error(i18n, Field::IncidentDay, Issue::NotADate)));
            return;
        };
        let k = IncidentKind::from_code(&kind.get_untracked());
        let n = match pieces.get_untracked().trim() {
            "" => 0,
            t if k.counts_pieces() => match typed::whole(i18n, t, u64::MAX) {
                Ok(n) => n,
                Err(e) => {
                    error.set(Some(format!("{}: {e}", i18n.t(K::IncidentPieces))));
                    return;
                }
            },
            _ => 0,
        };
        let inc = Incident {
            kind: k,
            day,
            pieces: n,
            note: note.get_untracked(),
            claim: claim.get_untracked(),
            who: who(),
            settled: None,
        };
        let (id, rid) = (sid.get_value(), platform::new_record_id());
        error.set(None);
        edit.dispatch(Rc::new(move |o| {
            incidents::report(o, &id, &rid, inc.clone(), platform::today())
        }));
        for s in [pieces, note, claim] {
            s.set(String::new());
        }
    };
    view! {
        <Show when=move || left().is_some()>
            <div class="ship-incidents" data-testid="ship-incidents">
                <h4>{move || i18n.t(K::IncidentsTitle)}</h4>
                <ul class="log">
                    <For each=list key=|(k, i)| (k.clone(), i.clone()) let:((iid, i))>
                        <IncidentRow sid=sid iid=iid i=i edit=edit/>
                    </For>
                </ul>
                <form class="inline-form" on:submit=report novalidate>
                    <div class="field">
                        <label>{move || i18n.t(K::IncidentKindLabel)}</label>
                        <select data-testid="incident-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                            {KINDS.iter().map(|k| {
                                let code = k.code().to_string();
                                view! { <option value=code>{move || i18n.t(incident_key(k))}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <TextInput label=K::IncidentDay value=on kind="date" testid="incident-day"/>
                    <Show when=move || IncidentKind::from_code(&kind.get()).counts_pieces()>
                        <TextInput label=K::IncidentPieces value=pieces inputmode="numeric" testid="incident-pieces"/>
                    </Show>
                    <TextInput label=K::IncidentNote value=note testid="incident-note" factory_reads=true/>
                    <TextInput label=K::IncidentClaim value=claim testid="incident-claim" factory_reads=true/>
                    <button type="submit" data-testid="incident-report">{move || i18n.t(K::IncidentReport)}</button>
                </form>
            </div>
        </Show>
    }
}

/// One incident: what happened and the claim; settled, how; open, the form that settles it
/// (a refusal is said on the card's error line, which the shared edit action fills).
#[component]
fn IncidentRow(
    sid: StoredValue<String>,
    iid: String,
    i: Incident,
    edit: Submit<OrderEdit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let how = RwSignal::new(String::new());
    let iid = StoredValue::new(iid);
    let settle = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (id, inc, note) = (sid.get_value(), iid.get_value(), how.get_untracked());
        let me = who();
        edit.dispatch(Rc::new(move |o| {
            incidents::settle(o, &id, &inc, (&me, platform::today(), &note))
        }));
    };
    let text = {
        let i = i.clone();
        move || row_text(i18n.0.get(), &i)
    };
    let claim = i.claim.clone();
    let settled = i.settled.clone();
    let open = settled.is_none();
    view! {
        <li data-testid="incident" data-open=open.to_string()>
            <p>{text}</p>
            {(!claim.is_empty()).then(|| {
                let c = claim.clone();
                view! { <p class="small">{move || fill(i18n.t(K::IncidentClaimRow), &[("claim", &c)])}</p> }
            })}
            {match settled {
                Some(s) => view! {
                    <p class="small" data-testid="incident-settled">{move || fill(i18n.t(K::IncidentSettledRow), &[
                        ("day", &day_text(s.day)), ("who", &s.who), ("note", &s.note),
                    ])}</p>
                }.into_any(),
                None => view! {
                    <form class="inline-form" on:submit=settle novalidate>
                        <TextInput label=K::IncidentSettlement value=how testid="incident-settlement" factory_reads=true/>
                        <button type="submit" data-testid="incident-settle">{move || i18n.t(K::IncidentSettle)}</button>
                    </form>
                }.into_any(),
            }}
        </li>
    }
}
