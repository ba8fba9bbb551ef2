//! One production report: its day, stage, pieces and reporter, and its correction (pieces, day),
//! logged by the domain with who and when, and why when it lowers the pieces (refused without);
//! removal is [`ReportRemove`]. A removed report stays listed, marked, with its log, and no
//! longer counts.

use gendan_domain::production::{self, ChangeBy, ProductionReport};
use gendan_domain::Day;
use leptos::prelude::*;

use super::super::ctx::{code_text, day_text, parse_day, who, OrderCtx};
use super::over_ask::OverAsk;
use super::report_changes::ReportChanges;
use super::report_remove::ReportRemove;
use super::{asks, over_permille, MAX_PIECES};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;

#[component]
pub fn ReportRow(ctx: OrderCtx, id: String, report: ProductionReport) -> impl IntoView {
    let i18n = use_i18n();
    let rid = StoredValue::new(id);
    let editing = RwSignal::new(false);
    let qty = RwSignal::new(report.qty.to_string());
    let date = RwSignal::new(report.date.map(|d| d.to_string()).unwrap_or_default());
    let reason = RwSignal::new(String::new());
    let (error, ask) = (RwSignal::new(None::<String>), RwSignal::new(None));
    let change = submit_action(
        error,
        move |(q, d, confirmed): (u64, Day, bool)| {
            let (id, cid, by) = (rid.get_value(), platform::new_record_id(), who());
            let (at_ms, permille) = (platform::now_ms() as i64, over_permille(ctx));
            let why = reason.get_untracked();
            ctx.edit(move |o| {
                let by = ChangeBy {
                    change_id: &cid,
                    who: &by,
                    at_ms,
                    reason: &why,
                };
                production::correct_report(o, &id, q, d, by, permille, confirmed)
            })
        },
        move |()| {
            editing.set(false);
            ask.set(None);
            reason.set(String::new());
        },
    );
    let stage = StoredValue::new(report.stage.clone());
    let colour_id = StoredValue::new(report.colour.clone());
    let read = move || {
        let q = typed::or_say(error, typed::whole(i18n, &qty.get_untracked(), MAX_PIECES))?;
        let d = parse_day(&date.get_untracked()).ok().flatten();
        d.map(|d| (q, d)).or_else(|| {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            None
        })
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((q, d)) = read() else { return };
        match asks(
            ctx,
            &stage.get_value(),
            Some(&rid.get_value()),
            &colour_id.get_value(),
            q,
        ) {
            Some(issue) => ask.set(Some(issue)),
            None => {
                change.dispatch((q, d, false));
            }
        }
    };
    let confirm = Callback::new(move |()| {
        if let Some((q, d)) = read() {
            change.dispatch((q, d, true));
        }
    });
    // The colour's name as the order has it now, when the report names one.
    let colour = ctx.order.with_untracked(|o| {
        o.quantities
            .colours
            .get(&report.colour)
            .map(|l| format!(" · {}", l.name))
            .unwrap_or_default()
    });
    let line = format!(
        "{} · {}{} · {} · {}",
        day_text(report.date),
        code_text(i18n, report.stage.code()),
        colour,
        report.qty,
        report.reported_by
    );
    let removed = report.removed;
    view! {
        <li class:removed=removed data-testid="prod-report-row" data-removed=removed.to_string()>
            <span>{line}</span>
            {removed.then(|| view! { " · " <span class="badge">{move || i18n.t(K::ReportRemovedTag)}</span> })}
            <Show when=move || !removed>
                <button type="button" class="link" data-testid="prod-correct" on:click=move |_| editing.update(|e| *e = !*e)>{move || i18n.t(K::CorrectReport)}</button>
                <ReportRemove ctx=ctx rid=rid/>
            </Show>
            <Show when=move || editing.get()>
                <form class="inline-form" on:submit=save novalidate>
                    <TextInput label=K::Date value=date kind="date" testid="prod-fix-date"/>
                    <TextInput label=K::Quantity value=qty inputmode="numeric" testid="prod-fix-qty"/>
                    <TextInput label=K::ProductionReason value=reason testid="prod-fix-reason" factory_reads=true/>
                    <button type="submit" data-testid="prod-fix-save">{move || i18n.t(K::SaveCorrection)}</button>
                </form>
            </Show>
            <OverAsk ask=ask confirm=confirm/>
            <ActionError error=error testid="prod-fix-error"/>
            <ReportChanges report=report/>
        </li>
    }
}
