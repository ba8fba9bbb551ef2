//! Production: quantities reported by stage and date, totals per stage and progress against the
//! plan (the T&A's cutting and sewing windows).

use gendan_domain::production::{self, ProductionReport, Stage};
use gendan_domain::DomainError;
use leptos::prelude::*;

use super::ctx::{code_text, day_text, parse_day, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;

/// More pieces than any one report of a stage can hold: a typing slip, not a figure.
const MAX_PIECES: u64 = 10_000_000;

#[component]
pub fn ProductionSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let stage = RwSignal::new(Stage::Cutting.code().to_string());
    let date = RwSignal::new(platform::today().to_string());
    let qty = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let report = submit_action(
        error,
        move |(stage, date, qty, note)| {
            ctx.edit(move |o| {
                o.production.insert(
                    platform::new_record_id(),
                    ProductionReport {
                        stage,
                        date: Some(date),
                        qty,
                        reported_by: who(),
                        note,
                    },
                );
                Ok::<_, DomainError>(())
            })
        },
        move |()| {
            qty.set(String::new());
            note.set(String::new());
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
        report.dispatch_local((s, d, q, note.get_untracked()));
    };
    let progress = move || {
        ctx.order
            .with(|o| production::progress(o, platform::today()))
    };
    let reports = move || {
        ctx.order.with(|o| {
            let mut v: Vec<_> = o.production.values().cloned().collect();
            v.sort_by_key(|b| std::cmp::Reverse(b.date));
            v
        })
    };
    let sid = unique_id("stage");
    view! {
        <section class="card section" data-testid="production-section">
            <h3>{move || i18n.t(K::SecProduction)}</h3>
            <table class="progress">
                <thead><tr>
                    <th scope="col">{move || i18n.t(K::Stage)}</th>
                    <th scope="col">{move || i18n.t(K::Done)}</th>
                    <th scope="col">{move || i18n.t(K::Planned)}</th>
                    <th scope="col">{move || i18n.t(K::Expected)}</th>
                </tr></thead>
                <tbody>
                    {move || progress().into_iter().map(|p| {
                        let code = p.stage.code().to_string();
                        let behind = p.behind() > 0;
                        view! {
                            <tr class:behind=behind data-testid=format!("progress-{code}")>
                                <th scope="row">{code_text(i18n, &code)}</th>
                                <td data-testid="done">{p.done}</td>
                                <td>{p.planned}</td>
                                <td>{p.expected.map(|e| e.to_string()).unwrap_or_else(|| "—".into())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
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
                <TextInput label=K::Date value=date kind="date" testid="prod-date"/>
                <TextInput label=K::Quantity value=qty inputmode="numeric" testid="prod-qty"/>
                <TextInput label=K::Note value=note testid="prod-note"/>
                <button type="submit" data-testid="prod-report">{move || i18n.t(K::ReportProduction)}</button>
            </form>
            <ActionError error=error testid="prod-error"/>
            <ul class="log" data-testid="prod-reports">
                {move || reports().into_iter().map(|r| view! {
                    <li>{format!("{} · {} · {} · {}", day_text(r.date), code_text(i18n, r.stage.code()), r.qty, r.reported_by)}</li>
                }).collect_view()}
            </ul>
        </section>
    }
}
