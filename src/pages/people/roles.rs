//! The role checkboxes of the person form, shared by adding and editing.

use gendan_domain::workspace::Role;
use leptos::prelude::*;

use super::role_key;
use crate::i18n::{use_i18n, K};

/// `roles` holds the ticked role codes; `prefix` keeps the add and edit forms' ids apart.
#[component]
pub(super) fn RolesFieldset(roles: RwSignal<Vec<String>>, prefix: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="roles">
            <legend>{move || i18n.t(K::PersonRoles)}</legend>
            {Role::KNOWN.iter().map(|r| {
                let code = r.code().to_string();
                let key = role_key(r);
                let id = format!("{prefix}-{code}");
                let c1 = code.clone();
                view! {
                    <label class="check" for=id.clone()>
                        <input type="checkbox" id=id.clone() data-testid=id.clone() prop:checked=move || roles.with(|rs| rs.contains(&c1))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let code = code.clone();
                                roles.update(|rs| { rs.retain(|x| x != &code); if on { rs.push(code) } });
                            }/>
                        <span>{move || i18n.t(key)}</span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}
