//! Makes a new round of quoting: currency (the books' by default), price per piece, the delivery
//! term and pieces it holds for (the order's by default), how long it holds and what it
//! includes. Refused while a quote stands accepted (`gendan_domain::quotes::make`).

use gendan_domain::quotes::{self, Quoting};
use leptos::prelude::*;

use super::super::ctx::{parse_day, who, OrderCtx};
use super::super::extras::incoterm_select::IncotermSelect;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;

#[component]
pub fn QuoteForm(ctx: OrderCtx, error: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let currency = RwSignal::new(
        ctx.commercial
            .with_untracked(|c| c.as_ref().map(|c| c.currency.clone()))
            .unwrap_or_default(),
    );
    let (term, total) = ctx.order.with_untracked(|o| {
        (
            o.incoterm
                .as_ref()
                .map(|i| i.code().to_string())
                .unwrap_or_default(),
            o.quantities.total(),
        )
    });
    let incoterm = RwSignal::new(term);
    let pieces = RwSignal::new(if total > 0 {
        total.to_string()
    } else {
        String::new()
    });
    let price = RwSignal::new(String::new());
    let valid = RwSignal::new(
        platform::today()
            .add_days(quotes::USUAL_VALIDITY_DAYS)
            .map(|d| d.to_string())
            .unwrap_or_default(),
    );
    let note = RwSignal::new(String::new());
    let make = submit_action(
        error,
        move |(p, n, v): (gendan_domain::Price, u64, Option<gendan_domain::Day>)| {
            let (cur, term, what, me) = (
                currency.get_untracked(),
                incoterm.get_untracked(),
                note.get_untracked(),
                who(),
            );
            ctx.edit_commercial(move |c| {
                let q = Quoting {
                    currency: &cur,
                    price: p,
                    incoterm: &term,
                    pieces: n,
                    valid_until: v,
                    note: &what,
                    who: &me,
                    today: platform::today(),
                };
                quotes::make(c, &platform::new_record_id(), q)
            })
        },
        move |()| {
            price.set(String::new());
            note.set(String::new());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(p) = typed::or_say(error, typed::price(i18n, &price.get_untracked())) else {
            return;
        };
        let n = match pieces.get_untracked().trim() {
            "" => 0,
            t => match typed::or_say(error, typed::whole(i18n, t, u64::MAX)) {
                Some(n) => n,
                None => return,
            },
        };
        let Ok(v) = parse_day(&valid.get_untracked()) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        make.dispatch((p, n, v));
    };
    view! {
        <h5>{move || i18n.t(K::QuoteNew)}</h5>
        <form class="inline-form" on:submit=submit novalidate data-testid="quote-form">
            <TextInput label=K::Currency value=currency testid="quote-currency"/>
            <TextInput label=K::QuotePriceLabel value=price inputmode="decimal" testid="quote-price"/>
            <IncotermSelect value=incoterm testid="quote-incoterm"/>
            <TextInput label=K::QuotePiecesLabel value=pieces inputmode="numeric" testid="quote-pieces"/>
            <TextInput label=K::QuoteValidLabel value=valid kind="date" testid="quote-valid"/>
            <TextInput label=K::QuoteNoteLabel value=note testid="quote-note"/>
            <button type="submit" data-testid="quote-make" disabled=move || make.pending().get()>{move || i18n.t(K::QuoteMake)}</button>
        </form>
    }
}
