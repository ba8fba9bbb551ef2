//! The team's document (parties, people, templates, rules) when a change broke it: a screen
//! that reads it says so instead of showing an empty team, says when it last read and whose
//! later changes putting it back undoes (`gendan_domain::restore`), and puts it back on one tap,
//! as a change every device receives.

use leptos::prelude::*;

use crate::components::action_error::ActionError;
use crate::i18n::{use_i18n, K};
use crate::pages::order::ctx::explain;
use crate::pages::parties::Ws;
use crate::state::store::use_store;

#[component]
pub fn TeamRestore(ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let point = Memo::new(move |_| {
        ws.broken()?;
        store.repo()?.workspace_restore_point()
    });
    let error = RwSignal::new(None::<String>);
    let restore = crate::pages::action::submit_action(
        error,
        move |heads: Vec<gendan_domain::automerge::ChangeHash>| async move {
            let repo = store.repo().ok_or_else(Default::default)?;
            repo.restore_workspace(&heads)
                .await
                .map(drop)
                .map_err(|e| explain(i18n, e))
        },
        move |()| {
            ws.reread();
            store.refresh();
        },
    );
    view! {
        <Show when=move || ws.broken().is_some()>
            <div class="card error" role="alert" data-testid="team-broken">
                <p>{move || i18n.t(K::TeamDocBroken)}</p>
                <p class="muted small">{move || ws.broken().unwrap_or_default()}</p>
                {move || point.get().map(|p| {
                    let heads = p.heads.clone();
                    let help = crate::pages::order::restore::help(i18n.0.get(), K::RestoreHelpTeam, &p);
                    view! {
                        <p data-testid="team-restore-help">{help}</p>
                        <button data-testid="team-restore-button" disabled=move || restore.pending().get()
                            on:click=move |_| restore.dispatch(heads.clone())>
                            {move || i18n.t(K::RestoreButton)}
                        </button>
                    }
                })}
                <ActionError error=error testid="team-restore-error"/>
            </div>
        </Show>
    }
}
