//! Each stage's pieces done against the order and against what the plan expects by today; and,
//! once reports name colours, each colour's pieces per stage against what was ordered of it
//! (各颜色进度).

use gendan_domain::production::{self, Stage};
use leptos::prelude::*;

use super::super::ctx::{code_text, OrderCtx};
use crate::i18n::{use_i18n, K};
use crate::platform;

#[component]
pub fn ProgressTable(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let progress = move || {
        ctx.order
            .with(|o| production::progress(o, platform::today()))
    };
    view! {
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
    }
}

/// Each colour's pieces per stage, drawn once reports name colours.
#[component]
pub fn ColourTable(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || ctx.order.with(production::by_colour);
    view! {
        <Show when=move || !rows().is_empty()>
            <h4>{move || i18n.t(K::ProdByColour)}</h4>
            <div class="table-scroll">
                <table class="progress" data-testid="progress-by-colour">
                    <thead><tr>
                        <th scope="col">{move || i18n.t(K::Colour)}</th>
                        {Stage::KNOWN.iter().map(|s| {
                            let c = s.code().to_string();
                            view! { <th scope="col">{code_text(i18n, &c)}</th> }
                        }).collect_view()}
                        <th scope="col">{move || i18n.t(K::Planned)}</th>
                    </tr></thead>
                    <tbody>
                        {move || rows().into_iter().map(|r| {
                            let split = !r.colour.is_empty();
                            let name = r.name.clone();
                            view! {
                                <tr data-testid="colour-progress" data-colour=r.colour.clone()>
                                    <th scope="row">{move || if split { name.clone() } else { i18n.t(K::ProdNotSplit).to_string() }}</th>
                                    {r.done.iter().map(|q| view! { <td>{*q}</td> }).collect_view()}
                                    <td>{split.then_some(r.ordered)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Show>
    }
}
