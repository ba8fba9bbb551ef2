//! An order that a change broke, put back as it last read (`gendan_domain::restore`): under the
//! "cannot be read" message, when there is a point to put back, the screen says when the order
//! last read and whose later changes putting it back would undo — they stay in its history —, and
//! one button writes it back as a change every device receives.

use std::collections::BTreeSet;

use gendan_domain::restore::RestorePoint;
use leptos::prelude::*;

use super::ctx::{explain, time_text};
use crate::components::action_error::ActionError;
use crate::i18n::{author_name, count, fill, use_i18n, K, RESTORE_UNDOES};
use crate::pages::action::submit_action;
use crate::state::store::use_store;

/// "Li, another device", each name once, in the order the changes apply.
fn names(lang: crate::i18n::Lang, point: &RestorePoint) -> String {
    let mut seen = BTreeSet::new();
    point
        .undone
        .iter()
        .map(|u| author_name(lang, &u.author.name))
        .filter(|n| seen.insert(n.clone()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What putting a document back would do, in `key`'s words: when it last read, how many
/// changes it undoes and whose.
pub(crate) fn help(lang: crate::i18n::Lang, key: K, point: &RestorePoint) -> String {
    fill(
        key.text(lang),
        &[
            ("time", &time_text(point.at_ms)),
            ("changes", &count(lang, RESTORE_UNDOES, point.undone.len())),
            ("names", &names(lang, point)),
        ],
    )
}

#[component]
pub(super) fn RestoreOrder(id: String, on_restored: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let point_id = id.clone();
    let point = LocalResource::new(move || {
        let id = point_id.clone();
        async move { store.repo()?.order_restore_point(&id).await.ok().flatten() }
    });
    let error = RwSignal::new(None::<String>);
    let restore = submit_action(
        error,
        move |heads: Vec<gendan_domain::automerge::ChangeHash>| {
            let id = id.clone();
            async move {
                let repo = store.repo().ok_or_else(Default::default)?;
                repo.restore_order(&id, &heads)
                    .await
                    .map(drop)
                    .map_err(|e| explain(i18n, e))
            }
        },
        move |()| {
            store.refresh();
            on_restored.run(());
        },
    );
    view! {
        <Transition fallback=|| ()>
            {move || point.get().flatten().map(|p| {
                let heads = p.heads.clone();
                let help = move || help(i18n.0.get(), K::RestoreHelp, &p);
                view! {
                    <div class="card" data-testid="order-restore">
                        <h3>{move || i18n.t(K::RestoreTitle)}</h3>
                        <p data-testid="order-restore-help">{help}</p>
                        <button data-testid="order-restore-button" disabled=move || restore.pending().get()
                            on:click=move |_| restore.dispatch(heads.clone())>
                            {move || i18n.t(K::RestoreButton)}
                        </button>
                        <ActionError error=error testid="order-restore-error"/>
                    </div>
                }
            })}
        </Transition>
    }
}
