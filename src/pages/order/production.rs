//! Production: quantities reported by stage and date, totals per stage and progress against the
//! plan (the T&A's cutting and sewing windows). Reports can be corrected or removed, each logged
//! with who and when; packing beyond the order plus its over-shipment allowance asks first.
//!
//! The parts live under `production/`: the progress table, the report form, one row per report
//! (with its correction and removal) and the question asked before packing too much.

mod over_ask;
mod progress_table;
mod report_changes;
mod report_form;
mod report_remove;
mod report_row;

use gendan_domain::order::Issue;
use gendan_domain::production::{self, Stage};
use gendan_domain::DomainError;
use leptos::prelude::*;

use super::ctx::OrderCtx;
use crate::i18n::{use_i18n, K};
use gendan_domain::sorting::sort_by;
use progress_table::{ColourTable, ProgressTable};
use report_form::ReportForm;
use report_row::ReportRow;

/// More pieces than any one report of a stage can hold: a typing slip, not a figure.
const MAX_PIECES: u64 = 10_000_000;

/// The workspace's over-shipment allowance, per mille.
fn over_permille(ctx: OrderCtx) -> u32 {
    ctx.workspace
        .with_untracked(|w| w.settings.over_ship_permille)
}

/// The question to ask before `qty` of `stage` is recorded (in place of report `except`), when it
/// packs beyond the allowance: the domain's refusal, read on the order as shown.
fn asks(
    ctx: OrderCtx,
    stage: &Stage,
    except: Option<&str>,
    colour: &str,
    qty: u64,
) -> Option<Issue> {
    let permille = over_permille(ctx);
    ctx.order.with_untracked(|o| {
        match production::check_packing(o, stage, except, colour, qty, permille, false) {
            Err(DomainError::Problem(p)) => Some(p.issue),
            _ => None,
        }
    })
}

#[component]
pub fn ProductionSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let reports = move || {
        ctx.order.with(|o| {
            let mut v: Vec<_> = o
                .production
                .iter()
                .map(|(id, r)| (id.clone(), r.clone()))
                .collect();
            sort_by(&mut v, |a, b| (b.1.date, &b.0).cmp(&(a.1.date, &a.0)));
            v
        })
    };
    view! {
        <section class="card section" data-testid="production-section">
            <h3>{move || i18n.t(K::SecProduction)}</h3>
            <ProgressTable ctx=ctx/>
            <ColourTable ctx=ctx/>
            <ReportForm ctx=ctx/>
            <ul class="log" data-testid="prod-reports">
                <For each=reports key=|(id, r)| (id.clone(), r.qty, r.date, r.removed, r.changes.len()) let:row>
                    <ReportRow ctx=ctx id=row.0 report=row.1/>
                </For>
            </ul>
        </section>
    }
}
