//! People of the team and their roles, in the workspace document: added with no role ticked (a
//! role is granted on purpose), edited in place, removed only after saying which orders name them.

mod roles;
mod row;

use gendan_domain::workspace::{Person, Role};
use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::pages::parties::{edit_ws, workspace_signal};
use crate::platform;
use roles::RolesFieldset;
use row::PersonRow;

pub(crate) fn role_key(r: &Role) -> K {
    match r {
        Role::Merchandiser => K::PersonRoleMerchandiser,
        Role::Qc => K::PersonRoleQc,
        Role::FactoryContact => K::PersonRoleFactoryContact,
        Role::Finance => K::PersonRoleFinance,
        Role::Manager => K::PersonRoleManager,
        Role::Other(_) => K::PartyOther,
    }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let ws = workspace_signal();
    let name = RwSignal::new(String::new());
    let roles = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(false);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() {
            error.set(true);
            return;
        }
        error.set(false);
        let person = Person {
            name: n,
            roles: roles
                .get_untracked()
                .into_iter()
                .map(|r| (r, true))
                .collect(),
            party: None,
        };
        let id = platform::new_record_id();
        edit_ws(ws, move |w| {
            w.people.insert(id, person);
            Ok(())
        });
        name.set(String::new());
        roles.set(Vec::new());
    };
    let people = Memo::new(move |_| {
        ws.with(|w| {
            w.people
                .iter()
                .map(|(id, p)| (id.clone(), p.clone()))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="page people">
            <crate::components::team_restore::TeamRestore ws=ws/>
            <h2>{move || i18n.t(K::PeopleTitle)}</h2>
            <form class="card" on:submit=add>
                <div class="field" class:invalid=move || error.get()>
                    <label for="person-name">{move || i18n.t(K::PartyName)}</label>
                    <input id="person-name" data-testid="person-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                    <p class="error-text" role="alert">{move || if error.get() { i18n.t(K::ErrRequired) } else { "" }}</p>
                </div>
                <RolesFieldset roles=roles prefix="role"/>
                <div class="actions"><button type="submit" class="primary" data-testid="person-add">{move || i18n.t(K::AddItem)}</button></div>
            </form>
            <ul class="plain-list card">
                <For each=move || people.get() key=|(id, p)| (id.clone(), p.clone()) let:((id, p))>
                    <PersonRow ws=ws id=id p=p/>
                </For>
            </ul>
        </section>
    }
}
