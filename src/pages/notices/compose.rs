//! Writing a notice or meeting minutes for one or more factories: each chosen factory's open
//! orders carry it (`gendan_domain::notices::post`), and the form says how many orders each
//! factory has open, so a factory no notice can reach is seen before anything is sent.

use gendan_domain::notices::{self, NoticeKind, Posting};
use gendan_domain::workspace::PartyKind;
use leptos::prelude::*;

use super::edit_each;
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{count, fill, use_i18n, K, OPEN_ORDERS, ORDERS};
use crate::pages::action::submit_action;
use crate::pages::order::ctx::{who, Failure};
use crate::pages::parties::{name_with_standing, Ws};
use crate::platform;
use crate::state::store::use_store;

/// What the form sends: the kind, the title, the text and the chosen factories' party ids.
type Typed = (NoticeKind, String, String, Vec<String>);

/// The factories a notice may be written for, by name: factories and subcontract factories.
fn factories(ws: Ws, lang: crate::i18n::Lang) -> Vec<(String, String)> {
    ws.with(|w| {
        let mut out: Vec<(String, String)> = w
            .parties
            .iter()
            .filter(|(_, p)| matches!(p.kind, PartyKind::Factory | PartyKind::Subcontractor))
            .map(|(id, p)| (id.clone(), name_with_standing(p, lang)))
            .collect();
        gendan_domain::sorting::sort_by_key(&mut out, |(id, name)| (name.clone(), id.clone()));
        out
    })
}

#[component]
pub fn NoticeCompose(ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let error = RwSignal::new(None::<String>);
    let sent = RwSignal::new(None::<String>);
    let kind = RwSignal::new(NoticeKind::Notice);
    let title = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<String>::new());
    // One id for the notice until it is sent everywhere: sending again after a refusal reaches
    // the orders left and leaves the ones that took it as they are.
    let notice_id = StoredValue::new(platform::new_record_id());
    // The open orders each factory makes, as the notice would reach them.
    let reach = Memo::new(move |_| {
        store.summaries.with(|all| {
            let mut by: std::collections::BTreeMap<String, Vec<String>> = Default::default();
            for s in all.iter().filter(|s| !s.damaged && s.status().is_open()) {
                if !s.factory.is_empty() {
                    by.entry(s.factory.clone()).or_default().push(s.id.clone());
                }
            }
            by
        })
    });
    let send = submit_action(
        error,
        move |(kind, title, body, parties): Typed| async move {
            let lang = i18n.0.get_untracked();
            let orders: Vec<String> = reach.with_untracked(|r| {
                parties
                    .iter()
                    .flat_map(|p| r.get(p).cloned().unwrap_or_default())
                    .collect()
            });
            if orders.is_empty() {
                return Err(Failure {
                    text: i18n.t(K::NoticePickFactory).to_string(),
                    ..Failure::default()
                });
            }
            let (id, me, today) = (notice_id.get_value(), who(), platform::today());
            let all = orders.len();
            let written = edit_each(store, i18n, &orders, move |o| {
                if o.notices.contains_key(&id) {
                    return Ok(());
                }
                let party = o.factory.clone().unwrap_or_default();
                let p = Posting {
                    kind: kind.clone(),
                    party: &party,
                    title: &title,
                    body: &body,
                    who: &me,
                    today,
                };
                notices::post(o, &id, p)
            })
            .await;
            match written {
                Ok(n) => Ok(n),
                Err((done, f)) => Err(Failure {
                    text: fill(
                        K::NoticeSendFailed.text(lang),
                        &[
                            ("done", &done.to_string()),
                            ("all", &all.to_string()),
                            ("error", &f.text),
                        ],
                    ),
                    ..Failure::default()
                }),
            }
        },
        move |orders: usize| {
            let lang = i18n.0.get_untracked();
            let names = chosen.with_untracked(|c| {
                let all = self::factories(ws, lang);
                all.into_iter()
                    .filter(|(id, _)| c.contains(id))
                    .map(|(_, n)| n)
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            sent.set(Some(fill(
                K::NoticeSent.text(lang),
                &[
                    ("factories", &names),
                    ("orders", &count(lang, ORDERS, orders)),
                ],
            )));
            title.set(String::new());
            body.set(String::new());
            chosen.set(Vec::new());
            notice_id.set_value(platform::new_record_id());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sent.set(None);
        send.dispatch((
            kind.get_untracked(),
            title.get_untracked(),
            body.get_untracked(),
            chosen.get_untracked(),
        ));
    };
    let kind_id = unique_id("notice-kind");
    let body_id = unique_id("notice-body");
    view! {
        <form class="card notice-compose" data-testid="notice-compose" on:submit=submit novalidate>
            <div class="field">
                <label for=kind_id.clone()>{move || i18n.t(K::NoticeKindLabel)}</label>
                <select id=kind_id data-testid="notice-kind"
                    on:change=move |ev| kind.set(NoticeKind::from_code(&event_target_value(&ev)))>
                    <option value="notice" selected=move || kind.get() == NoticeKind::Notice>{move || i18n.t(K::NoticeKindNotice)}</option>
                    <option value="minutes" selected=move || kind.get() == NoticeKind::Minutes>{move || i18n.t(K::NoticeKindMinutes)}</option>
                </select>
            </div>
            <TextInput label=K::NoticeTitleLabel value=title testid="notice-title" factory_reads=true/>
            <div class="field">
                <label for=body_id.clone()>{move || i18n.t(K::NoticeBodyLabel)}</label>
                <textarea id=body_id data-testid="notice-body" rows="4" prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                <crate::components::money_words_hint::MoneyWordsHint text=body/>
            </div>
            <fieldset class="field notice-to">
                <legend>{move || i18n.t(K::NoticeToLabel)}</legend>
                {move || {
                    let lang = i18n.0.get();
                    let list = factories(ws, lang);
                    if list.is_empty() {
                        return view! { <p class="muted small" data-testid="notice-no-factories">{i18n.t(K::NoticeNoFactories)}</p> }.into_any();
                    }
                    list.into_iter().map(|(id, name)| {
                        let open = reach.with(|r| r.get(&id).map_or(0, Vec::len));
                        let text = if open == 0 {
                            fill(K::NoticeNoReach.text(lang), &[("name", &name)])
                        } else {
                            fill(K::NoticeReach.text(lang), &[("name", &name), ("orders", &count(lang, OPEN_ORDERS, open))])
                        };
                        let (is, toggle) = (id.clone(), id.clone());
                        view! {
                            <label class="check" class:muted=open == 0>
                                <input type="checkbox" data-testid="notice-factory" data-party=id.clone() disabled=open == 0
                                    prop:checked=move || chosen.with(|c| c.contains(&is))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|c| {
                                            c.retain(|p| p != &toggle);
                                            if on {
                                                c.push(toggle.clone());
                                            }
                                        });
                                    }/>
                                {text}
                            </label>
                        }
                    }).collect_view().into_any()
                }}
            </fieldset>
            <ActionError error=error testid="notice-error"/>
            {move || sent.get().map(|s| view! { <p class="ok-text" role="status" data-testid="notice-sent">{s}</p> })}
            <button type="submit" class="primary" data-testid="notice-send" disabled=move || send.pending().get()>{move || i18n.t(K::NoticeSend)}</button>
        </form>
    }
}
