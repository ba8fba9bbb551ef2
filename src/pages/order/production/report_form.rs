//! Reports a day's pieces for a stage; packing beyond the order plus its allowance shows the
//! question first and is recorded only when confirmed.

use gendan_domain::production::{self, ProductionReport, Stage};
use gendan_domain::Day;
use leptos::prelude::*;

use super::super::ctx::{code_text, parse_day, who, OrderCtx};
use super::over_ask::OverAsk;
use super::{asks, over_permille, MAX_PIECES};
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;

/// Stage, day, pieces, note and colour ("" for not split) of a report being recorded.
type NewReport = (Stage, Day, u64, String, String);

#[component]
pub fn ReportForm(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let stage = RwSignal::new(Stage::Cutting.code().to_string());
    let date = RwSignal::new(platform::today().to_string());
    let qty = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let colour = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let ask = RwSignal::new(None);
    let waiting = StoredValue::new(None::<NewReport>);
    let report = submit_action(
        error,
        move |((stage, date, qty, note, colour), confirmed): (NewReport, bool)| {
            let (id, by, permille) = (platform::new_record_id(), who(), over_permille(ctx));
            ctx.edit(move |o| {
                let r = ProductionReport {
                    stage,
                    date: Some(date),
                    qty,
                    reported_by: by,
                    note,
                    colour,
                    ..ProductionReport::default()
                };
                production::add_report(o, &id, r, permille, confirmed)
            })
        },
        move |()| {
            qty.set(String::new());
            note.set(String::new());
            ask.set(None);
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(q) = typed::or_say(error, typed::whole(i18n, &qty.get_untracked(), MAX_PIECES))
        else {
            return;
        };
        let Ok(Some(d)) = parse_day(&date.get_untracked()) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        let s = Stage::from_code(&stage.get_untracked());
        let input = (
            s.clone(),
            d,
            q,
            note.get_untracked(),
            colour.get_untracked(),
        );
        if let Some(issue) = asks(ctx, &s, None, &input.4, q) {
            waiting.set_value(Some(input));
            ask.set(Some(issue));
            return;
        }
        report.dispatch((input, false));
    };
    let confirm = Callback::new(move |()| {
        if let Some(input) = waiting.get_value() {
            report.dispatch((input, true));
        }
    });
    let several = move || ctx.order.with(|o| o.quantities.colours.len() > 1);
    let sid = unique_id("stage");
    let cid = unique_id("colour");
    // The order's colours, to report one at a time (各颜色进度); none chosen: the whole order.
    let colours = move || {
        ctx.order.with(|o| {
            o.quantities
                .colours_in_order()
                .into_iter()
                .map(|(id, l)| (id.to_string(), l.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <div class="field">
                <label for=sid.clone()>{move || i18n.t(K::Stage)}</label>
                <select id=sid data-testid="prod-stage" on:change=move |ev| stage.set(event_target_value(&ev))>
                    {Stage::KNOWN.iter().map(|s| {
                        let c = s.code().to_string();
                        let c2 = c.clone();
                        view! { <option value=c.clone() selected=move || stage.get() == c2>{code_text(i18n, &c)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Show when=several>
                <div class="field">
                    <label for=cid.clone()>{move || i18n.t(K::Colour)}</label>
                    <select id=cid.clone() data-testid="prod-colour" on:change=move |ev| colour.set(event_target_value(&ev))>
                        <option value="" selected=move || colour.get().is_empty()>{move || i18n.t(K::ProdAllColours)}</option>
                        {move || colours().into_iter().map(|(id, name)| {
                            let id2 = id.clone();
                            view! { <option value=id selected=move || colour.get() == id2>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </Show>
            <TextInput label=K::Date value=date kind="date" testid="prod-date"/>
            <TextInput label=K::Quantity value=qty inputmode="numeric" testid="prod-qty"/>
            <TextInput label=K::Note value=note testid="prod-note" factory_reads=true/>
            <button type="submit" data-testid="prod-report">{move || i18n.t(K::ReportProduction)}</button>
        </form>
        <OverAsk ask=ask confirm=confirm/>
        <ActionError error=error testid="prod-error"/>
    }
}
