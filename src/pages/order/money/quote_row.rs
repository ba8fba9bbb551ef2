//! One round of quoting on the money screen: its price and terms, where it stands, and what may
//! still be done with it — mark it sent, record the buyer's answer (a counter offer names its
//! price; an acceptance after the quote expired says why the price holds), or withdraw it with
//! a reason. The rules are `gendan_domain::quotes`; this row only asks.

use gendan_domain::quotes::{self, Answering, Quote, QuoteState, Reply};
use gendan_domain::{Day, Price};
use leptos::prelude::*;

use super::super::ctx::{day_text, parse_day, who, OrderCtx};
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, Lang, K};
use crate::listing::{fmt_int, fmt_price};
use crate::pages::action::edit_action;
use crate::pages::typed;
use crate::platform;

#[derive(Clone)]
enum Act {
    Send(Day),
    Answer(Reply, Day, Option<Price>, String),
    Withdraw(String),
    Requote,
}

/// "Round 2: USD 4.80 per piece FOB · for 1,200 pcs · valid until … · made by Li on …".
pub(crate) fn quote_line(lang: Lang, round: u32, q: &Quote) -> String {
    let mut out = fill(
        K::QuoteRow.text(lang),
        &[
            ("round", &round.to_string()),
            ("price", &fmt_price(&q.currency, q.price)),
            ("term", &q.incoterm),
        ],
    )
    .trim_end()
    .to_string();
    if q.pieces > 0 {
        let p = fill(
            K::QuotePiecesRow.text(lang),
            &[("pieces", &fmt_int(q.pieces))],
        );
        out = format!("{out} · {p}");
    }
    if let Some(v) = q.valid_until {
        let v = fill(K::QuoteValidRow.text(lang), &[("day", &day_text(Some(v)))]);
        out = format!("{out} · {v}");
    }
    out
}

fn state_text(lang: Lang, q: &Quote, today: Day) -> String {
    let said = |k: K, day: Option<Day>| fill(k.text(lang), &[("day", &day_text(day))]);
    let answered = q.answer.as_ref().and_then(|a| a.day);
    match q.state(today) {
        QuoteState::Draft => K::QsDraft.text(lang).to_string(),
        QuoteState::Sent => said(K::QsSent, q.sent),
        QuoteState::Expired => said(K::QsExpired, q.sent),
        QuoteState::Accepted => said(K::QsAccepted, answered),
        QuoteState::Declined => said(K::QsDeclined, answered),
        QuoteState::Countered => {
            let counter = q.answer.as_ref().and_then(|a| a.counter);
            fill(
                K::QsCountered.text(lang),
                &[
                    ("day", &day_text(answered)),
                    (
                        "price",
                        &counter
                            .map(|p| fmt_price(&q.currency, p))
                            .unwrap_or_default(),
                    ),
                ],
            )
        }
        QuoteState::Withdrawn => fill(
            K::QsWithdrawn.text(lang),
            &[("why", q.withdrawn.as_deref().unwrap_or_default())],
        ),
    }
}

fn state_code(s: QuoteState) -> &'static str {
    match s {
        QuoteState::Draft => "draft",
        QuoteState::Sent => "sent",
        QuoteState::Expired => "expired",
        QuoteState::Accepted => "accepted",
        QuoteState::Countered => "countered",
        QuoteState::Declined => "declined",
        QuoteState::Withdrawn => "withdrawn",
    }
}

const REPLIES: [(Reply, K); 3] = [
    (Reply::Accepted, K::ReplyAccepted),
    (Reply::Countered, K::ReplyCountered),
    (Reply::Declined, K::ReplyDeclined),
];

#[component]
pub fn QuoteRow(
    ctx: OrderCtx,
    error: RwSignal<Option<String>>,
    round: u32,
    id: String,
    quote: Quote,
) -> impl IntoView {
    let i18n = use_i18n();
    let today = platform::today();
    let state = quote.state(today);
    let on = RwSignal::new(today.to_string());
    let reply = RwSignal::new(Reply::Accepted.code().to_string());
    let counter = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let why = RwSignal::new(String::new());
    let qid = StoredValue::new(id);
    let act = edit_action(error, move |a: Act| {
        let (id, me, today) = (qid.get_value(), who(), platform::today());
        ctx.edit_commercial(move |c| match a {
            Act::Send(d) => quotes::send(c, &id, d, today),
            Act::Answer(reply, day, counter, note) => quotes::answer(
                c,
                &id,
                Answering {
                    reply,
                    day,
                    counter,
                    note: &note,
                    who: &me,
                    today,
                },
            ),
            Act::Withdraw(why) => quotes::withdraw(c, &id, &me, &why),
            Act::Requote => quotes::requote(c, &id, &platform::new_record_id(), (&me, today)),
        })
    });
    let day_typed = move || match parse_day(&on.get_untracked()) {
        Ok(Some(d)) => Some(d),
        _ => {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            None
        }
    };
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(d) = day_typed() {
            act.dispatch(Act::Send(d));
        }
    };
    let answer = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = Reply::from_code(&reply.get_untracked());
        let typed_counter = counter.get_untracked();
        let c = if r == Reply::Countered && !typed_counter.trim().is_empty() {
            let Some(p) = typed::or_say(error, typed::price(i18n, &typed_counter)) else {
                return;
            };
            Some(p)
        } else {
            None
        };
        if let Some(d) = day_typed() {
            act.dispatch(Act::Answer(r, d, c, note.get_untracked()));
        }
    };
    let withdraw = move |_| act.dispatch(Act::Withdraw(why.get_untracked()));
    let line = {
        let q = quote.clone();
        move || quote_line(i18n.0.get(), round, &q)
    };
    let made = {
        let (who, day) = (quote.made_by.clone(), day_text(quote.made));
        move || fill(i18n.t(K::QuoteMadeRow), &[("who", &who), ("day", &day)])
    };
    let standing = {
        let q = quote.clone();
        move || state_text(i18n.0.get(), &q, today)
    };
    let said = quote
        .answer
        .as_ref()
        .map(|a| a.note.clone())
        .filter(|n| !n.is_empty())
        .map(|n| view! { <p class="small">{move || fill(i18n.t(K::QuoteBuyerSaid), &[("note", &n)])}</p> });
    let note_text = (!quote.note.is_empty()).then(|| quote.note.clone());
    let busy = move || act.pending().get();
    let ask = match state {
        QuoteState::Draft => Some(view! {
            <form class="inline-form" on:submit=send novalidate>
                <TextInput label=K::QuoteSentOn value=on kind="date" testid="quote-sent-on"/>
                <button type="submit" data-testid="quote-send" disabled=busy>{move || i18n.t(K::QuoteSend)}</button>
            </form>
        }.into_any()),
        QuoteState::Sent | QuoteState::Expired => Some(view! {
            <form class="inline-form" on:submit=answer novalidate>
                <div class="field">
                    <label>{move || i18n.t(K::QuoteReplyLabel)}</label>
                    <select data-testid="quote-reply" on:change=move |ev| reply.set(event_target_value(&ev))>
                        {REPLIES.iter().map(|(r, k)| {
                            let (code, k) = (r.code().to_string(), *k);
                            view! { <option value=code>{move || i18n.t(k)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <TextInput label=K::QuoteAnsweredOn value=on kind="date" testid="quote-answered-on"/>
                <Show when=move || reply.get() == Reply::Countered.code()>
                    <TextInput label=K::QuoteCounter value=counter inputmode="decimal" testid="quote-counter"/>
                </Show>
                <TextInput label=K::QuoteAnswerNote value=note testid="quote-answer-note"/>
                <button type="submit" data-testid="quote-answer" disabled=busy>{move || i18n.t(K::QuoteRecordAnswer)}</button>
            </form>
        }.into_any()),
        QuoteState::Countered => {
            let counter = quote.answer.as_ref().and_then(|a| a.counter);
            let at = counter.map(|p| fmt_price(&quote.currency, p)).unwrap_or_default();
            Some(view! {
                <button type="button" data-testid="quote-requote" disabled=busy on:click=move |_| act.dispatch(Act::Requote)>
                    {move || fill(i18n.t(K::QuoteMeetCounter), &[("price", &at)])}
                </button>
            }.into_any())
        }
        _ => None,
    };
    let may_withdraw = !matches!(state, QuoteState::Withdrawn | QuoteState::Declined);
    view! {
        <li data-testid="quote" data-state=state_code(state)>
            <p data-testid="quote-line">{line}</p>
            <p class="small">{made}{note_text.map(|n| format!(" · {n}"))}</p>
            <p data-testid="quote-state" class=if state == QuoteState::Expired { "bad" } else { "" }>{standing}</p>
            {said}
            {ask}
            {may_withdraw.then(|| view! {
                <div class="inline-form">
                    <TextInput label=K::QuoteWithdrawReason value=why testid="quote-withdraw-reason"/>
                    <button type="button" class="warn" data-testid="quote-withdraw" disabled=busy on:click=withdraw>
                        {move || i18n.t(K::QuoteWithdraw)}
                    </button>
                </div>
            })}
        </li>
    }
}
