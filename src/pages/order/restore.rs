//! An order, or its books, that a change broke, put back as it last read
//! (`gendan_domain::restore`): under the "cannot be read" message, when there is a point to put
//! back, the screen says when it last read and whose later changes putting it back would undo —
//! they stay in its history —, and one button writes it back as a change every device receives.

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

/// What a restore card puts back: the order itself, or its books (the commercial document).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Order,
    Books,
}

impl Target {
    /// The card's test ids: the card, its help, its button, its error.
    fn testids(self) -> [&'static str; 4] {
        match self {
            Target::Order => [
                "order-restore",
                "order-restore-help",
                "order-restore-button",
                "order-restore-error",
            ],
            Target::Books => [
                "books-restore",
                "books-restore-help",
                "books-restore-button",
                "books-restore-error",
            ],
        }
    }

    fn help_key(self) -> K {
        match self {
            Target::Order => K::RestoreHelp,
            Target::Books => K::RestoreHelpBooks,
        }
    }
}

/// Offers the order's (or its books') last readable point back, under the message that it does
/// not read; nothing when there is no such point.
#[component]
pub(super) fn RestoreCard(id: String, target: Target, on_restored: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let point_id = id.clone();
    let point = LocalResource::new(move || {
        let id = point_id.clone();
        async move {
            let repo = store.repo()?;
            match target {
                Target::Order => repo.order_restore_point(&id).await,
                Target::Books => repo.books_restore_point(&id).await,
            }
            .ok()
            .flatten()
        }
    });
    let error = RwSignal::new(None::<String>);
    let restore = submit_action(
        error,
        move |heads: Vec<gendan_domain::automerge::ChangeHash>| {
            let id = id.clone();
            async move {
                let repo = store.repo().ok_or_else(Default::default)?;
                match target {
                    Target::Order => repo.restore_order(&id, &heads).await.map(drop),
                    Target::Books => repo.restore_books(&id, &heads).await.map(drop),
                }
                .map_err(|e| explain(i18n, e))
            }
        },
        move |()| {
            store.refresh();
            on_restored.run(());
        },
    );
    let [card, help_id, button_id, error_id] = target.testids();
    view! {
        <Transition fallback=|| ()>
            {move || point.get().flatten().map(|p| {
                let heads = p.heads.clone();
                let help = move || help(i18n.0.get(), target.help_key(), &p);
                view! {
                    <div class="card" data-testid=card>
                        <h3>{move || i18n.t(K::RestoreTitle)}</h3>
                        <p data-testid=help_id>{help}</p>
                        <button data-testid=button_id disabled=move || restore.pending().get()
                            on:click=move |_| restore.dispatch(heads.clone())>
                            {move || i18n.t(K::RestoreButton)}
                        </button>
                        <ActionError error=error testid=error_id/>
                    </div>
                }
            })}
        </Transition>
    }
}
