//! The order's inspections in date order, each a link to it with its kind, date and verdict.

use leptos::prelude::*;

use super::super::ctx::{code_text, day_text, OrderCtx};
use super::verdict_key;
use crate::i18n::use_i18n;
use crate::Route;
use gendan_domain::sorting::sort_by;

#[component]
pub fn InspectionList(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        ctx.order.with(|o| {
            let mut v: Vec<_> = o
                .inspections
                .iter()
                .map(|(id, i)| (id.clone(), i.clone()))
                .collect();
            sort_by(&mut v, |a, b| {
                (a.1.scheduled, &a.0).cmp(&(b.1.scheduled, &b.0))
            });
            v
        })
    };
    view! {
        <ul class="inspections">
            {move || rows().into_iter().map(|(id, i)| {
                let (class, label) = verdict_key(i.verdict());
                let href = Route::Inspection(ctx.id(), id.clone()).href();
                view! {
                    <li>
                        <a class="row-link" href=href data-testid="inspection-link" data-verdict=class>
                            <span>{code_text(i18n, i.kind.code())}</span>
                            <span class="muted">{day_text(i.date.or(i.scheduled))}</span>
                            <span class=format!("badge {class}")>{move || i18n.t(label)}</span>
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
