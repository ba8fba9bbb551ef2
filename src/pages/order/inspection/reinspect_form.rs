//! For a failed lot: the request for a linked re-inspection, which needs a note of what was
//! reworked (the domain refuses it without one).

use gendan_domain::inspection;
use leptos::prelude::*;

use super::OpenInspection;
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::platform;
use crate::{navigate, Route};

#[component]
pub fn ReinspectForm(open: OpenInspection) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = open.ctx;
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
        // Not when the inspection was left while it saved: the person went elsewhere.
        move |new: String| {
            if let Some(oid) = ctx.try_id() {
                navigate(&Route::Inspection(oid, new));
            }
        },
    );
    let request_re = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let failed = open.iid.get_value();
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
        reinspect.dispatch((failed, new, rework.get_untracked()));
    };
    view! {
        <form class="reinspect" on:submit=request_re novalidate>
            <TextInput label=K::ReworkNote value=rework testid="rework-note"/>
            <button type="submit" class="warn" data-testid="request-reinspection">{move || i18n.t(K::RequestReinspection)}</button>
            <ActionError error=re_error testid="reinspect-error"/>
        </form>
    }
}
