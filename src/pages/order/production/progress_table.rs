//! Each stage's pieces done against the order and against what the plan expects by today.

use gendan_domain::production;
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
