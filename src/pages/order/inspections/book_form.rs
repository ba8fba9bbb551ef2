//! Books an inspection ahead: its kind, day and who runs it — our QC, the buyer's QC or a third
//! party, named. The rules (a day to come, a name for someone else's) are the domain's
//! (`bookings::book`); this reads what is typed.

use gendan_domain::bookings::{self, Inspector, NewBooking};
use gendan_domain::inspection::InspectionKind;
use gendan_domain::order::{Field, Issue};
use leptos::prelude::*;

use super::super::ctx::{field_error, parse_day, who, OrderCtx};
use super::kind_select::KindSelect;
use super::ORDINARY;
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{inspector_key, use_i18n, K};
use crate::pages::action::edit_action;
use crate::platform;

#[component]
pub fn BookForm(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(InspectionKind::Final.code().to_string());
    let by = RwSignal::new(Inspector::Buyer.code().to_string());
    let day = RwSignal::new(String::new());
    let agency = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let book = edit_action(
        error,
        move |(k, d, b, a, n): (
            InspectionKind,
            gendan_domain::Day,
            Inspector,
            String,
            String,
        )| {
            let (id, me) = (platform::new_record_id(), who());
            ctx.edit(move |o| {
                bookings::book(
                    o,
                    &id,
                    NewBooking {
                        kind: k,
                        day: d,
                        by: b,
                        agency: &a,
                        note: &n,
                        who: &me,
                        today: platform::today(),
                    },
                )
            })
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(Some(d)) = parse_day(&day.get_untracked()) else {
            error.set(Some(field_error(i18n, Field::BookingDay, Issue::NotADate)));
            return;
        };
        book.dispatch((
            InspectionKind::from_code(&kind.get_untracked()),
            d,
            Inspector::from_code(&by.get_untracked()),
            agency.get_untracked(),
            note.get_untracked(),
        ));
    };
    let bid = unique_id("book-by");
    let external = move || Inspector::from_code(&by.get()).is_external();
    view! {
        <form class="record-form" on:submit=submit novalidate data-testid="book-form">
            <h4>{move || i18n.t(K::BookInspection)}</h4>
            <KindSelect value=kind kinds=ORDINARY.to_vec() testid="book-kind"/>
            <TextInput label=K::BookingDay value=day kind="date" testid="book-day"/>
            <div class="field">
                <label for=bid.clone()>{move || i18n.t(K::BookingBy)}</label>
                <select id=bid data-testid="book-by" on:change=move |ev| by.set(event_target_value(&ev))>
                    {[Inspector::Own, Inspector::Buyer, Inspector::ThirdParty].into_iter().map(|b| {
                        let c = b.code().to_string();
                        let c2 = c.clone();
                        view! { <option value=c.clone() selected=move || by.get() == c2>{move || i18n.t(inspector_key(&b))}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Show when=external>
                <TextInput label=K::BookingAgency value=agency testid="book-agency"/>
            </Show>
            <TextInput label=K::Note value=note testid="book-note" factory_reads=true/>
            <button type="submit" data-testid="book-inspection">{move || i18n.t(K::BookInspection)}</button>
            <ActionError error=error testid="book-error"/>
        </form>
    }
}
