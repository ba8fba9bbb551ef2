//! People of the team and their roles, in the workspace document.

use gendan_domain::workspace::{Person, Role};
use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::pages::parties::{edit_ws, workspace_signal};
use crate::platform;

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
    let roles = RwSignal::new(vec![Role::Merchandiser.code().to_string()]);
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
    };
    view! {
        <section class="page people">
            <h2>{move || i18n.t(K::PeopleTitle)}</h2>
            <form class="card" on:submit=add>
                <div class="field" class:invalid=move || error.get()>
                    <label for="person-name">{move || i18n.t(K::PartyName)}</label>
                    <input id="person-name" data-testid="person-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/>
                    <p class="error-text" role="alert">{move || if error.get() { i18n.t(K::ErrRequired) } else { "" }}</p>
                </div>
                <fieldset class="roles">
                    <legend>{move || i18n.t(K::PersonRoles)}</legend>
                    {Role::KNOWN.iter().map(|r| {
                        let code = r.code().to_string();
                        let key = role_key(r);
                        let id = format!("role-{code}");
                        let for_id = id.clone();
                        let c1 = code.clone();
                        let checked = move || roles.with(|rs| rs.contains(&c1));
                        view! {
                            <label class="check" for=for_id>
                                <input type="checkbox" id=id prop:checked=checked on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let code = code.clone();
                                    roles.update(|rs| { rs.retain(|x| x != &code); if on { rs.push(code) } });
                                }/>
                                <span>{move || i18n.t(key)}</span>
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="actions"><button type="submit" class="primary" data-testid="person-add">{move || i18n.t(K::AddItem)}</button></div>
            </form>
            <ul class="plain-list card">
                {move || ws.with(|w| w.people.iter().map(|(id, p)| {
                    let lang = i18n.0.get();
                    let roles = Role::KNOWN.iter().filter(|r| p.has_role(r)).map(|r| role_key(r).text(lang)).collect::<Vec<_>>().join(" · ");
                    let id = id.clone();
                    let remove = move |_| { let id = id.clone(); edit_ws(ws, move |w| { w.people.remove(&id); Ok(()) }); };
                    let label = format!("{} {}", K::Remove.text(lang), p.name);
                    view! {
                        <li class="party-row" data-testid="person-row">
                            <div class="grow"><strong>{p.name.clone()}</strong><div class="muted small">{roles}</div></div>
                            <button class="icon" on:click=remove aria-label=label>"✕"</button>
                        </li>
                    }
                }).collect_view())}
            </ul>
        </section>
    }
}
