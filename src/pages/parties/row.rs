//! One party in its list: name and details, edited in place, removed only after saying which
//! orders still use it.

use gendan_domain::workspace::{uses_party, Party, PartyKind};
use gendan_domain::{DomainError, Order};
use leptos::prelude::*;

use super::form::{Fields, PartyFields};
use super::in_use::RemoveGuard;
use super::{edit_ws, Ws};
use crate::i18n::{use_i18n, K};

/// Writes onto `current` only the fields the form changed (`before` → `after`), so a field another
/// device changed meanwhile keeps its value when both merge.
fn apply_changes(before: &Party, after: Party, current: &mut Party) {
    macro_rules! changed {
        ($($f:ident),*) => {$( if after.$f != before.$f { current.$f = after.$f; } )*};
    }
    changed!(kind, name, contact, phone, email, address, daily_capacity);
}

#[component]
pub(super) fn PartyRow(ws: Ws, id: String, p: Party) -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(false);
    let details = [&p.contact, &p.phone, &p.email, &p.address]
        .into_iter()
        .filter(|x| !x.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ");
    let (rid, pid) = (id.clone(), id.clone());
    let uses = Callback::new(move |o: Order| uses_party(&o, &pid));
    let on_remove = Callback::new(move |()| {
        let id = rid.clone();
        edit_ws(ws, move |w| {
            w.parties.remove(&id);
            Ok(())
        });
    });
    let before = StoredValue::new(p.clone());
    let f = Fields::of(&p);
    let missing_name = RwSignal::new(false);
    let eid = StoredValue::new(id);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        missing_name.set(f.name.get_untracked().trim().is_empty());
        let Some(after) = f.party(i18n) else {
            return;
        };
        let (id, before) = (eid.get_value(), before.get_value());
        edit_ws(ws, move |w| {
            let current = w
                .parties
                .get_mut(&id)
                .ok_or_else(|| DomainError::not_found("party", &id))?;
            apply_changes(&before, after, current);
            Ok(())
        });
        editing.set(false);
    };
    let name = p.name.clone();
    // Work goes to these; a customer or a forwarder has no standing to keep.
    let keeps_standing = matches!(
        p.kind,
        PartyKind::Supplier | PartyKind::Subcontractor | PartyKind::Factory
    );
    view! {
        <li class="party-row" data-testid="party-row">
            <div class="grow">
                <strong>{p.name.clone()}</strong>
                <div class="muted small wrap">{details}</div>
                <super::score::PartyScore id=eid.get_value()/>
                {keeps_standing.then(|| view! {
                    <super::capacity::PartyLoad ws=ws id=eid.get_value()/>
                    <super::standing::PartyStanding ws=ws id=eid.get_value()/>
                })}
            </div>
            <button class="icon" data-testid="party-edit" on:click=move |_| editing.update(|e| *e = !*e)
                aria-label=move || format!("{} {}", i18n.t(K::EditItem), name)>"✎"</button>
            <RemoveGuard name=p.name.clone() uses=uses on_remove=on_remove/>
            <Show when=move || editing.get()>
                <form class="row-form" on:submit=save data-testid="party-edit-form" aria-label=move || i18n.t(K::EditParty)>
                    <PartyFields f=f prefix="edit-party" missing_name=missing_name/>
                    <div class="actions">
                        <button type="submit" class="primary" data-testid="party-save">{move || i18n.t(K::Save)}</button>
                        <button type="button" on:click=move |_| editing.set(false)>{move || i18n.t(K::Cancel)}</button>
                    </div>
                </form>
            </Show>
        </li>
    }
}
