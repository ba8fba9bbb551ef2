//! Choosing a customer, factory or forwarder from the workspace's parties of that kind, so what
//! the team keeps about it (its address) reaches the order's documents. "Add a new one" creates
//! the party on the spot; "not in the list" lets the owner's text input take a typed name.

use gendan_domain::workspace::{Party, PartyKind};
use leptos::prelude::*;

use super::{edit_ws, party_kind_key, workspace_signal};
use crate::i18n::{use_i18n, K};
use crate::platform;

const NEW: &str = "+new";

#[component]
pub(crate) fn PartyPicker(
    kind: PartyKind,
    label: K,
    testid: &'static str,
    /// The picked party's id, "" when none.
    #[prop(into)]
    picked: Signal<String>,
    /// `Some((id, name))` when a party is picked (or just added), `None` for "not in the list".
    on_pick: Callback<Option<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let ws = workspace_signal();
    let adding = RwSignal::new(false);
    let new_name = RwSignal::new(String::new());
    let k = kind.clone();
    let options = move || {
        ws.with(|w| {
            w.parties_of(&k)
                .into_iter()
                .map(|(id, p)| (id.clone(), p.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    // A picked party no longer in the workspace (removed, here or elsewhere) stays shown as such.
    let dangling = move || {
        let id = picked.get();
        (!id.is_empty() && ws.with(|w| w.party_name(&id).is_none())).then_some(id)
    };
    let change = move |ev| {
        let v = event_target_value(&ev);
        adding.set(v == NEW);
        if v == NEW || v.is_empty() {
            on_pick.run(None);
        } else if let Some(name) = ws.with_untracked(|w| w.party_name(&v).map(str::to_string)) {
            on_pick.run(Some((v, name)));
        }
    };
    let new_kind = StoredValue::new(kind.clone());
    let add = move |_| {
        let name = new_name.get_untracked().trim().to_string();
        if name.is_empty() {
            return;
        }
        let id = platform::new_record_id();
        let party = Party {
            kind: new_kind.get_value(),
            name: name.clone(),
            ..Party::default()
        };
        let pid = id.clone();
        edit_ws(ws, move |w| {
            w.parties.insert(pid, party);
            Ok(())
        });
        new_name.set(String::new());
        adding.set(false);
        on_pick.run(Some((id, name)));
    };
    let sid = format!("pick-{testid}");
    let kind_key = party_kind_key(&kind);
    view! {
        <div class="field party-picker">
            <label for=sid.clone()>{move || i18n.t(label)}</label>
            <select id=sid data-testid=testid on:change=change>
                <option value="" selected=move || picked.with(String::is_empty) && !adding.get()>{move || i18n.t(K::PartyNotInList)}</option>
                {move || options().into_iter().map(|(id, name)| {
                    let is = id.clone();
                    view! { <option value=id selected=move || picked.get() == is>{name}</option> }
                }).collect_view()}
                {move || dangling().map(|id| view! { <option value=id selected=true>{i18n.t(K::RemovedParty)}</option> })}
                <option value=NEW selected=move || adding.get()>{move || i18n.t(K::AddNewParty)}</option>
            </select>
            <Show when=move || adding.get()>
                <div class="row">
                    <input data-testid=format!("{testid}-new-name") prop:value=new_name
                        aria-label=move || format!("{} ({})", i18n.t(K::NewPartyName), i18n.t(kind_key))
                        on:input=move |ev| new_name.set(event_target_value(&ev))/>
                    <button type="button" data-testid=format!("{testid}-new-add") on:click=add>{move || i18n.t(K::AddItem)}</button>
                </div>
            </Show>
        </div>
    }
}
