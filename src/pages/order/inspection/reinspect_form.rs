//! For a failed lot: the request for a linked re-inspection, which needs a note of what was
//! reworked (the domain refuses it without one). A failed final lot's re-inspection is a final
//! lot, judged like a new one against the factory's lots in every order: none is requested while
//! acceptance there is discontinued.

use gendan_domain::inspection;
use leptos::prelude::*;

use super::super::inspections::factory_lots::{acceptance, read_lots};
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
    let repo = crate::state::store::use_store().repo();
    let reinspect = submit_action(
        re_error,
        move |(failed, new, note): (String, String, String)| {
            let new_for_edit = new.clone();
            let (oid, workspace) = (ctx.id(), ctx.workspace.get_untracked());
            // Judged at the failed lot's factory (its goods are the ones reworked), not at the
            // one the order names now.
            let factory = ctx.order.with_untracked(|o| {
                inspection::reinspection_factory(o, &failed).unwrap_or_default()
            });
            let repo = repo.clone();
            async move {
                // Judged with the factory's lots in the other orders, read when asked: only a
                // request needs them, not every look at a failed lot.
                let other_lots = match &repo {
                    Some(repo) => read_lots(repo, &oid, &factory, || true).await,
                    None => Vec::new(),
                };
                ctx.edit_order(oid.clone(), move |o| {
                    let next = acceptance(&oid, o, &factory, &other_lots, &workspace);
                    let today = Some(platform::today());
                    inspection::reinspect(o, &failed, &new_for_edit, &note, today, &next)
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
