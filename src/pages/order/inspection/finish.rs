//! Finishing the inspection (which seals its figures), and reopening a finished one, which needs
//! a reason and is logged; for a failed lot, the request for a re-inspection follows.

use std::rc::Rc;

use gendan_domain::inspection::Verdict;
use leptos::prelude::*;

use super::super::ctx::{day_text, who};
use super::inspection_log::InspectionLog;
use super::reinspect_form::ReinspectForm;
use super::{with_insp, OpenInspection};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;

#[component]
pub fn FinishInspection(
    open: OpenInspection,
    /// The error line of the defect tally, which finishing shares.
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edit = open.action(error);
    let reason = RwSignal::new(String::new());
    let reopen_error = RwSignal::new(None::<String>);
    let reopen_edit = submit_action(
        reopen_error,
        move |why: String| {
            let (iid, by) = (open.iid.get_value(), who());
            let (at, id) = (platform::now_ms() as i64, platform::new_record_id());
            open.ctx
                .edit(move |o| with_insp(o, &iid, |i| i.reopen(&why, &by, at, &id)))
        },
        move |()| reason.set(String::new()),
    );
    let finish = move |_| {
        let (by, at, id) = (who(), platform::now_ms() as i64, platform::new_record_id());
        edit.dispatch(Rc::new(move |i| i.finish(platform::today(), &by, at, &id)));
    };
    let reopen = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        reopen_edit.dispatch(reason.get_untracked());
    };
    view! {
        <section class="card section">
            {move || if open.completed() {
                view! {
                    <form class="inline-form" on:submit=reopen novalidate data-testid="reopen-form">
                        <TextInput label=K::ReopenReason value=reason testid="reopen-reason" factory_reads=true/>
                        <button type="submit" data-testid="reopen-inspection">{move || i18n.t(K::ReopenInspection)}</button>
                        <ActionError error=reopen_error testid="reopen-error"/>
                    </form>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="primary big-button" data-testid="finish-inspection" on:click=finish>{move || i18n.t(K::FinishInspection)}</button>
                }.into_any()
            }}
            <Show when=move || matches!(open.verdict(), Ok(Verdict::Fail))>
                <ReinspectForm open=open/>
            </Show>
            <p class="muted">{move || format!("{} {}", i18n.t(K::Date), day_text(open.current().date))}</p>
            <InspectionLog open=open/>
        </section>
    }
}
