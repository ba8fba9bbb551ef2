//! Finishing (or reopening) the inspection, and for a failed lot the request for a linked
//! re-inspection after rework.

use std::rc::Rc;

use gendan_domain::inspection::{self, Inspection, Verdict};
use leptos::prelude::*;

use super::super::ctx::{day_text, OrderCtx};
use super::{inspection_action, is_completed, verdict_of};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;
use crate::{navigate, Route};

#[component]
pub fn FinishInspection(
    ctx: OrderCtx,
    iid: StoredValue<String>,
    insp: Memo<Option<Inspection>>,
    /// The error line of the defect tally, which finishing shares.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edit = inspection_action(ctx, iid, error);
    let finish = move |_| {
        edit.dispatch_local(Rc::new(|i| i.complete(platform::today())));
    };
    let reopen = move |_| {
        edit.dispatch_local(Rc::new(|i| {
            i.completed = false;
            Ok(())
        }));
    };
    let verdict = move || verdict_of(insp);
    let completed = move || is_completed(insp);
    let rework = RwSignal::new(String::new());
    let re_error = RwSignal::new(None::<String>);
    let reinspect = submit_action(
        re_error,
        move |(failed, new, note): (String, String, String)| {
            let new_for_edit = new.clone();
            async move {
                ctx.edit(move |o| {
                    inspection::reinspect(o, &failed, &new_for_edit, &note, Some(platform::today()))
                })
                .await
                .map(|()| new)
            }
        },
        move |new: String| navigate(&Route::Inspection(ctx.id(), new)),
    );
    let request_re = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let failed = iid.get_value();
        // `inspection::final_passed` takes the latest completed final by (date, id): on the same
        // day the re-inspection must sort after the inspection it repeats, or the failed one
        // would still count as the latest.
        let mut new = platform::new_record_id();
        for _ in 0..256 {
            if new > failed {
                break;
            }
            new = platform::new_record_id();
        }
        reinspect.dispatch_local((failed, new, rework.get_untracked()));
    };
    view! {
        <section class="card section">
            {move || if completed() {
                view! {
                    <button type="button" data-testid="reopen-inspection" on:click=reopen>{move || i18n.t(K::ReopenInspection)}</button>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="primary big-button" data-testid="finish-inspection" on:click=finish>{move || i18n.t(K::FinishInspection)}</button>
                }.into_any()
            }}
            <Show when=move || matches!(verdict(), Ok(Verdict::Fail))>
                <form class="reinspect" on:submit=request_re novalidate>
                    <TextInput label=K::ReworkNote value=rework testid="rework-note"/>
                    <button type="submit" class="warn" data-testid="request-reinspection">{move || i18n.t(K::RequestReinspection)}</button>
                    <ActionError error=re_error/>
                </form>
            </Show>
            <p class="muted">{move || format!("{} {}", i18n.t(K::Date), day_text(insp.get().unwrap_or_default().date))}</p>
        </section>
    }
}
