//! Parties: customers, suppliers, factories, subcontractors and forwarders, kept in the workspace
//! document so every device of the team sees the same list (keyed by random ids: two devices
//! adding offline both keep theirs).

use gendan_domain::workspace::{Party, PartyKind, Workspace};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{use_i18n, K};
use crate::platform;
use crate::state::store::use_store;

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

/// The workspace as a signal, read once and refreshed after each edit.
pub(crate) fn workspace_signal() -> RwSignal<Workspace> {
    let store = use_store();
    let ws = store
        .repo()
        .and_then(|r| r.workspace_value().ok())
        .unwrap_or_default();
    let sig = RwSignal::new(ws);
    // Another tab (or, later, a peer) may change it.
    Effect::new(move |_| {
        store.remote_changes.track();
        if let Some(w) = store.repo().and_then(|r| r.workspace_value().ok()) {
            sig.set(w);
        }
    });
    sig
}

/// Runs a workspace edit through the repo and the save indicator; returns the new workspace.
pub(crate) fn edit_ws(
    ws: RwSignal<Workspace>,
    edit: impl FnOnce(&mut Workspace) -> Result<(), gendan_domain::DomainError> + 'static,
) {
    let store = use_store();
    spawn_local(async move {
        let Some(repo) = store.repo() else { return };
        let res = store
            .track(async {
                repo.edit_workspace(edit).await.map_err(|e| match e {
                    crate::storage::repo::EditError::Store(s) => s,
                    crate::storage::repo::EditError::Rule(r) => {
                        crate::storage::StoreError::Document(r.to_string())
                    }
                })
            })
            .await;
        if let Ok((w, ())) = res {
            let _ = ws.try_set(w);
        }
    });
}

#[component]
pub fn PartiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let ws = workspace_signal();
    let kind = RwSignal::new(PartyKind::Customer.code().to_string());
    let name = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let address = RwSignal::new(String::new());
    let error = RwSignal::new(None::<&'static str>);

    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() {
            error.set(Some(K::ErrRequired.text(i18n.0.get_untracked())));
            return;
        }
        error.set(None);
        let party = Party {
            kind: PartyKind::from_code(&kind.get_untracked()),
            name: n,
            contact: contact.get_untracked().trim().into(),
            phone: phone.get_untracked().trim().into(),
            email: email.get_untracked().trim().into(),
            address: address.get_untracked().trim().into(),
        };
        let id = platform::new_record_id();
        edit_ws(ws, move |w| {
            w.parties.insert(id, party);
            Ok(())
        });
        for s in [name, contact, phone, email, address] {
            s.set(String::new());
        }
    };

    let input = move |id: &'static str, key: K, sig: RwSignal<String>, kind: &'static str| {
        view! {
            <div class="field">
                <label for=id>{move || i18n.t(key)}</label>
                <input id=id type=kind data-testid=id prop:value=sig on:input=move |ev| sig.set(event_target_value(&ev))/>
            </div>
        }
    };

    view! {
        <section class="page parties">
            <h2>{move || i18n.t(K::PartiesTitle)}</h2>
            <div class="card field">
                <label for="ws-name">{move || i18n.t(K::OurCompany)}</label>
                <input id="ws-name" data-testid="ws-name" prop:value=move || ws.with(|w| w.name.clone())
                    on:change=move |ev| {
                        let v = event_target_value(&ev).trim().to_string();
                        edit_ws(ws, move |w| { w.name = v; Ok(()) });
                    }/>
            </div>
            <form class="card" on:submit=add data-testid="party-form">
                <h3>{move || i18n.t(K::AddParty)}</h3>
                <div class="grid">
                    <div class="field">
                        <label for="party-kind">{move || i18n.t(K::PartyKindLabel)}</label>
                        <select id="party-kind" data-testid="party-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                            {PartyKind::KNOWN.iter().map(|k| {
                                let key = party_kind_key(k);
                                let code = k.code().to_string();
                                let selected = code == kind.get_untracked();
                                view! { <option value=code selected=selected>{move || i18n.t(key)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field" class:invalid=move || error.get().is_some()>
                        <label for="party-name">{move || i18n.t(K::PartyName)}</label>
                        <input id="party-name" data-testid="party-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))
                            aria-describedby="party-name-err"/>
                        <p class="error-text" id="party-name-err" role="alert">{move || error.get().unwrap_or_default()}</p>
                    </div>
                    {input("party-contact", K::PartyContact, contact, "text")}
                    {input("party-phone", K::PartyPhone, phone, "tel")}
                    {input("party-email", K::PartyEmail, email, "email")}
                    {input("party-address", K::PartyAddress, address, "text")}
                </div>
                <div class="actions"><button type="submit" class="primary" data-testid="party-add">{move || i18n.t(K::AddItem)}</button></div>
            </form>
            {move || PartyKind::KNOWN.iter().map(|k| {
                let list: Vec<(String, Party)> = ws.with(|w| w.parties_of(k).into_iter().map(|(id, p)| (id.clone(), p.clone())).collect());
                let key = party_kind_key(k);
                view! {
                    <section class="card">
                        <h3>{move || i18n.t(key)}" "<span class="count" class:zero=list.is_empty()>{list.len()}</span></h3>
                        {if list.is_empty() {
                            view! { <p class="muted small">{move || i18n.t(K::NothingHere)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list">
                                    {list.into_iter().map(|(id, p)| {
                                        let details = [p.contact.clone(), p.phone.clone(), p.email.clone(), p.address.clone()]
                                            .into_iter().filter(|x| !x.is_empty()).collect::<Vec<_>>().join(" · ");
                                        let remove = move |_| {
                                            let id = id.clone();
                                            edit_ws(ws, move |w| { w.parties.remove(&id); Ok(()) });
                                        };
                                        view! {
                                            <li class="party-row" data-testid="party-row">
                                                <div class="grow">
                                                    <strong>{p.name.clone()}</strong>
                                                    <div class="muted small wrap">{details}</div>
                                                </div>
                                                <button class="icon" on:click=remove aria-label=move || format!("{} {}", i18n.t(K::Remove), p.name)>"✕"</button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </section>
                }
            }).collect_view()}
        </section>
    }
}
