//! One notice: what it says, who sent it when and to which factory, the orders carrying it, who
//! at the factory marked it read, and the two things done to it — marked read (on every copy
//! this device holds, `gendan_domain::notices::acknowledge`) and, from the office, withdrawn
//! with the reason.

use std::rc::Rc;

use gendan_domain::notices::{self, AckFacts, BoardNotice};
use gendan_domain::{DomainError, Order};
use leptos::prelude::*;

use super::{edit_each, kind_key};
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{fill, use_i18n, Lang, K};
use crate::listing::fmt_day;
use crate::pages::action::submit_action;
use crate::pages::order::ctx::who;
use crate::pages::parties::Ws;
use crate::platform;
use crate::state::store::use_store;
use crate::Route;

/// "Wang (Jul 11), Zhao (Jul 12, by phone)".
fn acks_text(lang: Lang, acks: &[AckFacts]) -> String {
    acks.iter()
        .map(|a| {
            let day = a
                .day
                .map(|d| fmt_day(lang, &d.to_string()))
                .unwrap_or_default();
            let (key, note) = match a.note.trim() {
                "" => (K::NoticeAckEntry, ""),
                note => (K::NoticeAckEntryNote, note),
            };
            fill(
                key.text(lang),
                &[("who", &a.who), ("day", &day), ("note", note)],
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A change made to every copy of the notice.
type NoticeEdit = dyn Fn(&mut Order) -> Result<(), DomainError>;

/// What the card shows of its notice: redrawn whenever the notice changes (a reading or a
/// withdrawal merged in), with no input in it, so nothing typed below is lost.
#[component]
fn NoticeShown(notice: BoardNotice, ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    let n = notice.notice.clone();
    let withdrawn = notice.withdrawn.clone();
    let withdrawn_on = notice.withdrawn_on;
    let is_withdrawn = withdrawn.is_some();
    let differs = notice
        .differs
        .iter()
        .map(|(_, name)| name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let read = notice.is_acknowledged();
    let sub = {
        let n = n.clone();
        move || {
            let lang = i18n.0.get();
            let day = n
                .posted
                .map(|d| fmt_day(lang, &d.to_string()))
                .unwrap_or_default();
            let kind = kind_key(&n.kind()).text(lang);
            // A factory's phone holds none of the team's parties: the factory is itself there.
            match ws.with(|w| w.party_name(&n.party).map(str::to_string)) {
                Some(factory) => fill(
                    K::NoticeSentBy.text(lang),
                    &[
                        ("kind", kind),
                        ("who", &n.who),
                        ("day", &day),
                        ("factory", &factory),
                    ],
                ),
                None => fill(
                    K::NoticeSentOn.text(lang),
                    &[("kind", kind), ("who", &n.who), ("day", &day)],
                ),
            }
        }
    };
    let acks = notice.acks.clone();
    let read_line = move || {
        let lang = i18n.0.get();
        if acks.is_empty() {
            K::NoticeNotRead.text(lang).to_string()
        } else {
            fill(
                K::NoticeReadBy.text(lang),
                &[("list", &acks_text(lang, &acks))],
            )
        }
    };
    view! {
        <strong class:struck=is_withdrawn data-testid="notice-title-shown">{n.title.clone()}</strong>
        <p class="muted small">{sub}</p>
        {(!n.body.is_empty()).then(|| view! { <p class="notice-body" data-testid="notice-text">{n.body.clone()}</p> })}
        {withdrawn.map(|by| view! {
            <p class="muted small" data-testid="notice-withdrawn">{move || {
                let lang = i18n.0.get();
                match withdrawn_on {
                    Some(d) => fill(
                        K::NoticeWithdrawnOn.text(lang),
                        &[("by", &by), ("day", &fmt_day(lang, &d.to_string()))],
                    ),
                    None => fill(K::NoticeWithdrawnBy.text(lang), &[("by", &by)]),
                }
            }}</p>
        })}
        {(!differs.is_empty()).then(|| view! {
            <p class="small late" role="alert" data-testid="notice-differs">{move || fill(i18n.t(K::NoticeCopiesDiffer), &[("orders", &differs)])}</p>
        })}
        <p class="small" class:late=!read && !is_withdrawn data-testid="notice-acks">{read_line}</p>
        <p class="muted small">
            {move || i18n.t(K::NoticeCarried)}": "
            {notice.orders.iter().map(|(id, name)| view! {
                <a class="notice-order" href=Route::Order(id.clone()).href()>{name.clone()}</a>" "
            }).collect_view()}
        </p>
    }
}

/// One notice, kept by its key (id and factory, [`BoardNotice::key`]): `board` is read for what
/// it says now, and the forms below keep what is typed in them when another device's change
/// redraws the notice. What is done here is done to that factory's copies only.
#[component]
pub fn NoticeCard(
    key: (String, String),
    board: Signal<Vec<BoardNotice>>,
    ws: Ws,
    factory_device: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let error = RwSignal::new(None::<String>);
    let (id, party) = key.clone();
    let notice = Memo::new(move |_| board.with(|all| all.iter().find(|b| b.key() == key).cloned()));
    let withdrawn = move || notice.with(|n| n.as_ref().is_none_or(|n| n.withdrawn.is_some()));
    let read = move || notice.with(|n| n.as_ref().is_some_and(BoardNotice::is_acknowledged));
    // On the factory's phone its user reads it; at the office someone at the factory said so
    // (by phone), and is named.
    let reader = RwSignal::new(if factory_device { who() } else { String::new() });
    let read_by_me = move || {
        let me = gendan_domain::role::text_key(&who());
        !me.is_empty()
            && notice.with(|n| {
                n.as_ref().is_some_and(|n| {
                    n.acks
                        .iter()
                        .any(|a| gendan_domain::role::text_key(&a.who) == me)
                })
            })
    };
    let how = RwSignal::new(String::new());
    let why = RwSignal::new(String::new());
    // Every copy this device holds now takes the change: any copy reaches the office.
    let copies = move || {
        notice.with_untracked(|n| {
            n.as_ref()
                .map(|n| {
                    n.orders
                        .iter()
                        .map(|(id, _)| id.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let on_all = move |edit: Rc<NoticeEdit>| async move {
        edit_each(store, i18n, &copies(), move |o| edit(o))
            .await
            .map(|_| ())
            .map_err(|(_, f)| f)
    };
    let ack = {
        let id = id.clone();
        submit_action(
            error,
            move |(name, note): (String, String)| {
                let id = id.clone();
                let today = platform::today();
                on_all(Rc::new(move |o: &mut Order| {
                    notices::acknowledge(o, &id, &name, &note, today)
                }))
            },
            move |()| how.set(String::new()),
        )
    };
    let withdraw = {
        let id = id.clone();
        submit_action(
            error,
            move |reason: String| {
                let (id, me, today) = (id.clone(), who(), platform::today());
                on_all(Rc::new(move |o: &mut Order| {
                    notices::withdraw(o, &id, &me, &reason, today)
                }))
            },
            move |()| why.set(String::new()),
        )
    };
    let mark = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ack.dispatch((reader.get_untracked(), how.get_untracked()));
    };
    let take_back = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        withdraw.dispatch(why.get_untracked());
    };
    let why_id = unique_id("notice-why");
    view! {
        <li class="card notice" data-testid="notice-card" data-id=id data-party=party
            data-read=move || read().to_string() data-withdrawn=move || withdrawn().to_string()>
            {move || notice.get().map(|n| view! { <NoticeShown notice=n ws=ws/> })}
            <ActionError error=error testid="notice-card-error"/>
            <Show when=move || factory_device && !withdrawn() && !read_by_me()>
                <form class="inline-form" on:submit=mark novalidate>
                    <TextInput label=K::NoticeAckName value=reader testid="notice-ack-name"/>
                    <button type="submit" class="primary" data-testid="notice-ack" disabled=move || ack.pending().get()>{move || i18n.t(K::NoticeAck)}</button>
                </form>
            </Show>
            <Show when=move || !factory_device && !withdrawn()>
                <details class="notice-ack-for">
                    <summary>{move || i18n.t(K::NoticeAckFor)}</summary>
                    <form class="inline-form" on:submit=mark novalidate>
                        <TextInput label=K::NoticeAckName value=reader testid="notice-ack-name"/>
                        <TextInput label=K::NoticeAckNote value=how testid="notice-ack-note"/>
                        <button type="submit" data-testid="notice-ack" disabled=move || ack.pending().get()>{move || i18n.t(K::NoticeAck)}</button>
                    </form>
                </details>
                <details class="notice-withdraw">
                    <summary>{move || i18n.t(K::NoticeWithdraw)}</summary>
                    <form class="inline-form" on:submit=take_back novalidate>
                        <div class="field">
                            <label for=why_id.clone()>{move || i18n.t(K::NoticeWithdrawWhy)}</label>
                            <textarea id=why_id.clone() data-testid="notice-withdraw-why" rows="2" prop:value=move || why.get()
                                on:input=move |ev| why.set(event_target_value(&ev))></textarea>
                        </div>
                        <button type="submit" data-testid="notice-withdraw" disabled=move || withdraw.pending().get()>{move || i18n.t(K::NoticeWithdraw)}</button>
                    </form>
                </details>
            </Show>
        </li>
    }
}
