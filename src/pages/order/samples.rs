//! Samples (打样/样品): every submission to the buyer by kind and round, the buyer's reply
//! (approved, rejected with comments, resubmit), replies overdue in red, and the sample gate on
//! production said here, before anyone tries to release the order and is refused.
//!
//! Rounds, dates and the gate are the domain's (`samples`, `lifecycle::samples_missing`); this
//! screen only parses what is typed and shows what the domain derives.
//!
//! Its parts live under `samples/`: the gate note, one row per submission with its seal (锁板),
//! the add form.

mod sample_form;
mod sample_row;
mod samples_gate;
mod seal;

use gendan_domain::samples::{self, SampleKind, SampleResult};
use leptos::prelude::*;

use super::ctx::OrderCtx;
use crate::i18n::{use_i18n, K};
use crate::platform;
use sample_form::SampleForm;
use sample_row::SampleRow;
use samples_gate::SamplesGate;

/// Where the add form sits, so "next round" can bring it into view.
const ADD_FORM: &str = "sample-add-form";

pub(crate) fn result_key(r: &SampleResult) -> (&'static str, K) {
    match r {
        SampleResult::Approved => ("approved", K::ResApproved),
        SampleResult::Rejected => ("rejected", K::ResRejected),
        SampleResult::Resubmit => ("resubmit", K::ResResubmit),
        _ => ("pending", K::ResPending),
    }
}

#[component]
pub fn SamplesSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(SampleKind::LabDip.code().to_string());
    let sent = RwSignal::new(platform::today().to_string());
    let error = RwSignal::new(None::<String>);
    // "Add the next round" of a rejected sample: the form, set to that kind, brought into view.
    let next_round = Callback::new(move |k: SampleKind| {
        kind.set(k.code().to_string());
        sent.set(platform::today().to_string());
        error.set(None);
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(ADD_FORM))
        {
            el.scroll_into_view();
        }
    });
    let ids = move || {
        ctx.order.with(|o| {
            samples::in_order(o)
                .into_iter()
                .map(|(id, _)| id.clone())
                .collect::<Vec<_>>()
        })
    };
    // A row reads its sample by id and is built again only when what it shows changed.
    let row = move |id: String| {
        let now = platform::today();
        ctx.order.with(|o| {
            o.samples.get(&id).map(|s| {
                (
                    s.clone(),
                    samples::is_latest(o, &id),
                    s.is_reply_overdue(now),
                )
            })
        })
    };
    view! {
        <section class="card section" data-testid="samples-section">
            <h3>{move || i18n.t(K::SecSamples)}</h3>
            <SamplesGate ctx=ctx/>
            <Show when=move || ctx.order.with(|o| o.samples.is_empty())>
                <p class="muted">{move || i18n.t(K::NoSamples)}</p>
            </Show>
            <ul class="records" data-testid="samples">
                <For each=ids key=|id| id.clone() let:id>
                    {
                        let shown = Memo::new({
                            let id = id.clone();
                            move |_| row(id.clone())
                        });
                        move || shown.get().map(|(s, latest, late)| view! {
                            <SampleRow ctx=ctx id=id.clone() s=s latest=latest overdue=late on_next_round=next_round/>
                        })
                    }
                </For>
            </ul>
            <SampleForm ctx=ctx form_id=ADD_FORM kind=kind sent=sent error=error/>
        </section>
    }
}
