//! One person in the list: name and roles, edited in place (only what the form changed is
//! written, so a peer's concurrent edit of another field or role survives), removed only after
//! saying which orders name them.

use gendan_domain::workspace::{uses_person, Person, Role};
use gendan_domain::{DomainError, Order};
use leptos::prelude::*;

use super::role_key;
use super::roles::RolesFieldset;
use crate::i18n::{use_i18n, K};
use crate::pages::parties::{edit_ws, RemoveGuard, Ws};

fn ticked(p: &Person) -> Vec<String> {
    p.roles
        .iter()
        .filter(|(_, on)| **on)
        .map(|(r, _)| r.clone())
        .collect()
}

#[component]
pub(super) fn PersonRow(ws: Ws, id: String, p: Person) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let name = RwSignal::new(p.name.clone());
    let roles = RwSignal::new(ticked(&p));
    let before = StoredValue::new(p.clone());
    let eid = StoredValue::new(id.clone());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() {
            return;
        }
        let (id, before, after) = (eid.get_value(), before.get_value(), roles.get_untracked());
        edit_ws(ws, move |w| {
            let cur = w
                .people
                .get_mut(&id)
                .ok_or_else(|| DomainError::not_found("person", &id))?;
            if n != before.name {
                cur.name = n;
            }
            let was = ticked(&before);
            for r in Role::KNOWN.iter().map(|r| r.code().to_string()) {
                let on = after.contains(&r);
                if on != was.contains(&r) {
                    cur.roles.insert(r, on);
                }
            }
            Ok(())
        });
        editing.set(false);
    };
    let person = p.clone();
    let pid = id.clone();
    let uses = Callback::new(move |o: Order| uses_person(&o, &pid, &person));
    let on_remove = Callback::new(move |()| {
        let id = id.clone();
        edit_ws(ws, move |w| {
            w.people.remove(&id);
            Ok(())
        });
    });
    let shown = p.clone();
    let role_words = move || {
        let lang = i18n.0.get();
        Role::KNOWN
            .iter()
            .filter(|r| shown.has_role(r))
            .map(|r| role_key(r).text(lang))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let label = p.name.clone();
    view! {
        <li class="party-row" data-testid="person-row">
            <div class="grow"><strong>{p.name.clone()}</strong><div class="muted small">{role_words}</div></div>
            <button class="icon" data-testid="person-edit" on:click=move |_| editing.update(|e| *e = !*e)
                aria-label=move || format!("{} {}", i18n.t(K::EditItem), label)>"✎"</button>
            <RemoveGuard name=p.name.clone() uses=uses on_remove=on_remove/>
            <Show when=move || editing.get()>
                <form class="row-form" on:submit=save aria-label=move || i18n.t(K::EditPerson)>
                    <div class="field">
                        <label for="edit-person-name">{move || i18n.t(K::PartyName)}</label>
                        <input id="edit-person-name" data-testid="edit-person-name" prop:value=name
                            on:input=move |ev| name.set(event_target_value(&ev))/>
                    </div>
                    <RolesFieldset roles=roles prefix="edit-role"/>
                    <div class="actions">
                        <button type="submit" class="primary" data-testid="person-save">{move || i18n.t(K::Save)}</button>
                        <button type="button" on:click=move |_| editing.set(false)>{move || i18n.t(K::Cancel)}</button>
                    </div>
                </form>
            </Show>
        </li>
    }
}
