//! The sampling plan, shown large: the sample size and, per defect class, what was found against
//! the accept and reject numbers.

use gendan_domain::inspection::Inspection;
use leptos::prelude::*;

use super::super::ctx::{code_text, rule_text};
use crate::i18n::{use_i18n, K};

#[component]
pub fn SamplingPlan(insp: Memo<Option<Inspection>>) -> impl IntoView {
    let i18n = use_i18n();
    let plans = move || insp.with(|i| i.as_ref().map(|i| i.plans()));
    view! {
        <section class="card section plan" data-testid="sampling-plan">
            <h3>{move || i18n.t(K::SamplingPlan)}</h3>
            {move || match plans() {
                Some(Ok(ps)) => {
                    let n = ps.iter().map(|p| p.sample_size).max().unwrap_or(0);
                    view! {
                        <p class="sample-size"><span class="muted">{move || i18n.t(K::SampleSize)}</span>
                            <strong data-testid="sample-size">{n}</strong></p>
                        <div class="plan-grid">
                            {ps.into_iter().map(|p| {
                                let class = p.class.clone();
                                let found = Signal::derive(move || insp.with(|i| i.as_ref().map_or(0, |i| i.found(&class))));
                                let re = p.reject;
                                let code = p.class.code().to_string();
                                view! {
                                    <div class=move || { if found.get() >= re { "class-tally reject" } else { "class-tally" } } data-testid=format!("tally-{code}")>
                                        <div class="class-name">{code_text(i18n, &code)}" · AQL "{p.aql.clone()}</div>
                                        <div class="found" data-testid="found">{found}</div>
                                        <div class="acre">"Ac "{p.accept}" / Re "{p.reject}
                                            {(p.sample_size != n).then(|| format!(" · n={}", p.sample_size))}</div>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any()
                }
                Some(Err(e)) => view! { <p class="error-text" role="alert">{rule_text(i18n.0.get(), &e)}</p> }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}
