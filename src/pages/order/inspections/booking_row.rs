//! One booked inspection: its kind, day and who runs it; whether they confirmed this very day
//! (a confirmation for a day it has since left is said, not counted); and the ways to record
//! their confirmation, move it or call it off, each with who and, for the last two, why.

use gendan_domain::bookings::{self, Booking, BookingState};
use gendan_domain::order::{Field, Issue};
use leptos::prelude::*;

use super::super::ctx::{code_text, day_text, field_error, parse_day, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::fold::{is_open, on_toggle, OpenRow};
use crate::components::text_input::TextInput;
use crate::i18n::{fill, inspector_key, use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;

#[derive(Clone)]
enum Step {
    Confirm,
    Move(gendan_domain::Day, String),
    Cancel(String),
}

/// What is typed in a row's fold, kept by the list so a row built again keeps it.
#[derive(Clone, Copy)]
pub struct Typed {
    pub day: RwSignal<String>,
    /// The booking's day the day field was filled with: while nobody changed the field, a
    /// move made elsewhere fills it again (else "move" with only a reason typed would move the
    /// booking back to the day it left).
    pub filled: RwSignal<String>,
    pub why: RwSignal<String>,
}

impl Typed {
    pub fn new(day: String) -> Typed {
        Typed {
            day: RwSignal::new(day.clone()),
            filled: RwSignal::new(day),
            why: RwSignal::new(String::new()),
        }
    }
}

#[component]
pub fn BookingRow(
    ctx: OrderCtx,
    id: String,
    b: Booking,
    /// Which row's fold is open, shared by the list.
    open: OpenRow,
    typed: Typed,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let Typed { day, filled, why } = typed;
    let booked = b.day.map(|d| d.to_string()).unwrap_or_default();
    if filled.get_untracked() != booked {
        if day.get_untracked() == filled.get_untracked() {
            day.set(booked.clone());
        }
        filled.set(booked);
    }
    let bid = StoredValue::new(id.clone());
    let mine = id.clone();
    let act = submit_action(
        error,
        move |step: Step| {
            let (id, me, today) = (bid.get_value(), who(), platform::today());
            // Whether the fold's work is done: a move or a call-off, not a confirmation (its
            // button is outside the fold, which may be open for something else).
            let folds = !matches!(step, Step::Confirm);
            ctx.edit(move |o| {
                match &step {
                    Step::Confirm => bookings::confirm(o, &id, &me, today),
                    Step::Move(d, r) => bookings::reschedule(o, &id, *d, (&me, r, today)),
                    Step::Cancel(r) => bookings::cancel(o, &id, &me, r),
                }
                .map(|()| folds)
            })
        },
        // Moved or called off: this row's fold closes (not another's opened meanwhile), and
        // the next move asks for its own reason.
        move |folds: bool| {
            if !folds {
                return;
            }
            why.set(String::new());
            open.update(|o| {
                if o.as_deref() == Some(mine.as_str()) {
                    *o = None;
                }
            });
        },
    );
    let move_to = move |_| match parse_day(&day.get_untracked()) {
        Ok(Some(d)) => act.dispatch(Step::Move(d, why.get_untracked())),
        _ => error.set(Some(field_error(i18n, Field::BookingDay, Issue::NotADate))),
    };
    let state = b.state();
    let code = match state {
        BookingState::Booked => "booked",
        BookingState::ToConfirm => "to-confirm",
        BookingState::Cancelled => "cancelled",
        BookingState::Done => "done",
    };
    let kind = b.kind.code().to_string();
    let by = b.by.clone();
    let agency = b.agency.clone();
    let confirmed = b
        .confirmed
        .clone()
        .filter(|_| state == BookingState::Booked);
    let other_day = b.confirmed_another_day();
    let cancelled = b.cancelled.clone();
    let live = b.is_open();
    // Judged on the day the row is drawn: the booking itself keeps no "missed".
    let missed = b.is_missed(platform::today());
    view! {
        <li class="record booking" class:late=missed || state == BookingState::ToConfirm data-testid="booking"
            data-state=if missed { "missed" } else { code }>
            <div class="ms-head">
                <strong>{move || code_text(i18n, &kind)}" · "{day_text(b.day)}</strong>
                <span class="muted">{move || i18n.t(inspector_key(&by))}{(!agency.is_empty()).then(|| format!(" · {agency}"))}</span>
            </div>
            {(!b.note.is_empty()).then(|| view! { <p class="small">{b.note.clone()}</p> })}
            {missed.then(|| view! {
                <p class="late-text small" data-testid="booking-missed">{move || fill(i18n.t(K::BookingMissed), &[("day", &day_text(b.day))])}</p>
            })}
            {match state {
                BookingState::ToConfirm => view! {
                    <p class="late-text small" data-testid="booking-to-confirm">{move || i18n.t(K::BookingToConfirm)}</p>
                    {other_day.map(|d| view! {
                        <p class="small" data-testid="booking-confirmed-other">{move || fill(i18n.t(K::BookingConfirmedOther), &[("day", &d.to_string())])}</p>
                    })}
                    {(!missed).then(|| view! {
                        <button type="button" data-testid="booking-confirm" on:click=move |_| act.dispatch(Step::Confirm)>{move || i18n.t(K::ConfirmBooking)}</button>
                    })}
                }.into_any(),
                BookingState::Cancelled => view! {
                    <p class="muted small" data-testid="booking-cancelled">{move || fill(i18n.t(K::BookingCancelled), &[("why", &cancelled)])}</p>
                }.into_any(),
                BookingState::Done => view! { <p class="muted small">{move || i18n.t(K::BookingDone)}</p> }.into_any(),
                BookingState::Booked => confirmed.map(|c| view! {
                    <p class="small" data-testid="booking-confirmed">{move || fill(i18n.t(K::BookingConfirmed), &[("who", &c.who), ("day", &day_text(c.on))])}</p>
                }).into_any(),
            }}
            {(!b.moves.is_empty()).then(|| view! {
                <ul class="log small" data-testid="booking-moves">{b.moves.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
            })}
            {live.then(|| view! {
                <details class="fold-more" prop:open=is_open(open, id.clone()) on:toggle=on_toggle(open, id.clone())>
                    <summary data-testid="booking-more">{move || i18n.t(K::MoveOrCancel)}</summary>
                    <TextInput label=K::BookingDay value=day kind="date" testid="booking-day"/>
                    <TextInput label=K::BookingWhy value=why testid="booking-why" factory_reads=true/>
                    <div class="actions">
                        <button type="button" data-testid="booking-move" on:click=move_to>{move || i18n.t(K::MoveBooking)}</button>
                        <button type="button" class="warn" data-testid="booking-cancel"
                            on:click=move |_| act.dispatch(Step::Cancel(why.get_untracked()))>{move || i18n.t(K::CancelBooking)}</button>
                    </div>
                </details>
            })}
            <ActionError error=error testid="booking-error"/>
        </li>
    }
}
