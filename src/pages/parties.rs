//! Parties: customers, suppliers, factories, subcontractors and forwarders, kept in the workspace
//! document so every device of the team sees the same list (keyed by random ids: two devices
//! adding offline both keep theirs). Also what the other workspace screens share: the workspace
//! as a signal, the one way they edit it, and how a party id becomes words.

mod capacity;
mod form;
mod in_use;
mod list;
mod picker;
mod row;
mod score;
mod standing;

use gendan_domain::standing::Standing;
use gendan_domain::workspace::{Party, PartyKind, Workspace};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{use_i18n, Lang, K};
use crate::state::store::use_store;
use crate::storage::repo::{Edit, EditError};

pub(crate) use capacity::{bookings, over_words};
pub(crate) use in_use::RemoveGuard;
pub(crate) use picker::PartyPicker;

pub(crate) fn party_kind_key(k: &PartyKind) -> K {
    match k {
        PartyKind::Customer => K::PartyCustomer,
        PartyKind::Supplier => K::PartySupplier,
        PartyKind::Factory => K::PartyFactory,
        PartyKind::Subcontractor => K::PartySubcontractor,
        PartyKind::Forwarder => K::PartyForwarder,
        PartyKind::Other(_) => K::PartyOther,
    }
}

pub(crate) fn standing_key(s: &Standing) -> K {
    match s {
        Standing::Approved => K::StandingApproved,
        Standing::Trial => K::StandingTrial,
        Standing::Suspended => K::StandingSuspended,
        Standing::Other(_) => K::StandingTitle,
    }
}

/// A party's name for a picker: with its standing beside it unless it is approved.
pub(crate) fn name_with_standing(p: &Party, lang: Lang) -> String {
    match p.standing() {
        Standing::Approved => p.name.clone(),
        s => crate::i18n::fill(
            K::StandingNamed.text(lang),
            &[("name", &p.name), ("standing", standing_key(&s).text(lang))],
        ),
    }
}

/// A party id in words: the party's name, or "removed party" when no party has that id any more
/// (never the id itself).
pub(crate) fn party_label(w: &Workspace, id: &str, lang: Lang) -> String {
    w.party_name(id)
        .map(str::to_string)
        .unwrap_or_else(|| K::RemovedParty.text(lang).to_string())
}

/// The workspace as the screens read it: derived from the repo, read again after an edit made
/// here (`edited`) or changes from another tab or peer (`Store::remote_changes`).
/// A team's document that does not read is shown empty, with why kept beside it
/// ([`Ws::broken`]) so the screens say so and offer it back (`components::team_restore`) rather
/// than show an empty team as if it were one.
#[derive(Clone, Copy)]
pub(crate) struct Ws {
    value: Memo<std::sync::Arc<(Workspace, Option<String>)>>,
    edited: RwSignal<u64>,
}

impl Ws {
    pub fn with<R>(&self, f: impl FnOnce(&Workspace) -> R) -> R {
        self.value.with(|w| f(&w.0))
    }
    pub fn with_untracked<R>(&self, f: impl FnOnce(&Workspace) -> R) -> R {
        self.value.with_untracked(|w| f(&w.0))
    }
    /// Why the team's document does not read, when it does not.
    pub fn broken(&self) -> Option<String> {
        self.value.with(|w| w.1.clone())
    }
    /// Has the workspace read again (after it was put back).
    pub fn reread(&self) {
        self.edited.update(|n| *n += 1);
    }
}

pub(crate) fn workspace_signal() -> Ws {
    let store = use_store();
    let edited = RwSignal::new(0u64);
    // The heads last read: remote changes arrive every 150 ms while orders stream in, and
    // reading the whole workspace (every order's reference) for each cost a fresh device
    // seconds. Unchanged heads keep the same value (the same `Arc`: nothing downstream reruns).
    let read_at = StoredValue::new_local(None::<Vec<gendan_domain::automerge::ChangeHash>>);
    let value = Memo::new(
        move |prev: Option<&std::sync::Arc<(Workspace, Option<String>)>>| {
            store.remote_changes.track();
            edited.track();
            let Some(repo) = store.repo() else {
                return std::sync::Arc::default();
            };
            let heads = repo.heads(&repo.workspace_id());
            if let Some(prev) = prev {
                if heads.is_some() && read_at.with_value(|seen| *seen == heads) {
                    return prev.clone();
                }
            }
            read_at.set_value(heads);
            std::sync::Arc::new(match repo.workspace_value() {
                Ok(w) => (w, None),
                Err(e) => (Workspace::default(), Some(e.to_string())),
            })
        },
    );
    Ws { value, edited }
}

/// Runs a workspace edit through the repo and the save indicator (a refusal is worded in the
/// user's language there), then has `ws` read the workspace again.
pub(crate) fn edit_ws(
    ws: Ws,
    edit: impl FnOnce(&mut Workspace) -> Result<(), gendan_domain::DomainError> + 'static,
) {
    edit_ws_boxed(ws, Box::new(edit));
}

/// The body of [`edit_ws`], compiled once rather than once per caller's closure.
fn edit_ws_boxed(ws: Ws, edit: Edit<'static, Workspace, ()>) {
    let store = use_store();
    let i18n = use_i18n();
    // Background commit: a workspace edit is saved even if the form closes before it lands.
    spawn_local(async move {
        let Some(repo) = store.repo() else { return };
        let lang = i18n.0.get_untracked();
        let res = store
            .track(async {
                repo.edit_workspace(edit).await.map_err(|e| match e {
                    EditError::Store(s) => s,
                    EditError::Rule(r) => crate::storage::StoreError::Document(
                        crate::pages::order::ctx::rule_text(lang, &r),
                    ),
                })
            })
            .await;
        if res.is_ok() {
            let _ = ws.edited.try_update(|n| *n += 1);
        }
    });
}

#[component]
pub fn PartiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let ws = workspace_signal();
    score::provide_scores();
    view! {
        <section class="page parties">
            <crate::components::team_restore::TeamRestore ws=ws/>
            <h2>{move || i18n.t(K::PartiesTitle)}</h2>
            <div class="card field">
                <label for="ws-name">{move || i18n.t(K::OurCompany)}</label>
                <input id="ws-name" data-testid="ws-name" prop:value=move || ws.with(|w| w.name.clone())
                    on:change=move |ev| {
                        let v = event_target_value(&ev).trim().to_string();
                        edit_ws(ws, move |w| { w.name = v; Ok(()) });
                    }/>
            </div>
            <form::AddParty ws=ws/>
            {PartyKind::KNOWN.iter().map(|k| view! { <list::PartyList ws=ws kind=k.clone()/> }).collect_view()}
        </section>
    }
}
