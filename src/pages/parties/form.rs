//! The party form's inputs, shared by "add a party" and editing one in place; and the add form.

use gendan_domain::capacity::MAX_DAILY_CAPACITY;
use gendan_domain::workspace::{Party, PartyKind};
use leptos::prelude::*;

use super::{edit_ws, party_kind_key, Ws};
use crate::i18n::{use_i18n, I18n, K};
use crate::pages::typed;
use crate::platform;

/// What the party form holds while someone types.
#[derive(Clone, Copy)]
pub(super) struct Fields {
    kind: RwSignal<String>,
    pub name: RwSignal<String>,
    contact: RwSignal<String>,
    phone: RwSignal<String>,
    email: RwSignal<String>,
    address: RwSignal<String>,
    /// 产能, pieces sewn a day (factories and subcontractors only), and why it was refused.
    capacity: RwSignal<String>,
    pub capacity_error: RwSignal<Option<String>>,
}

impl Fields {
    pub fn of(p: &Party) -> Fields {
        Fields {
            kind: RwSignal::new(p.kind.code().to_string()),
            name: RwSignal::new(p.name.clone()),
            contact: RwSignal::new(p.contact.clone()),
            phone: RwSignal::new(p.phone.clone()),
            email: RwSignal::new(p.email.clone()),
            address: RwSignal::new(p.address.clone()),
            capacity: RwSignal::new(p.daily_capacity.map(|c| c.to_string()).unwrap_or_default()),
            capacity_error: RwSignal::new(None),
        }
    }

    /// Whether the kind chosen is one that sews (a capacity is asked of it).
    fn sews(&self) -> bool {
        matches!(
            PartyKind::from_code(&self.kind.get()),
            PartyKind::Factory | PartyKind::Subcontractor
        )
    }

    /// The party as typed, or `None` when it has no name or its capacity is not a whole number
    /// of pieces (said beside the field, which keeps what was typed).
    pub fn party(&self, i18n: I18n) -> Option<Party> {
        let t = |s: RwSignal<String>| s.get_untracked().trim().to_string();
        let name = t(self.name);
        let kind = PartyKind::from_code(&self.kind.get_untracked());
        let capacity = match t(self.capacity).as_str() {
            _ if !self.sews_untracked() => Ok(None),
            "" => Ok(None),
            typed => typed::whole(i18n, typed, MAX_DAILY_CAPACITY).map(Some),
        };
        self.capacity_error.set(capacity.clone().err());
        let daily_capacity = capacity.ok()?;
        (!name.is_empty()).then(|| Party {
            kind,
            name,
            contact: t(self.contact),
            phone: t(self.phone),
            email: t(self.email),
            address: t(self.address),
            // A standing changes only through its log (the row's standing form).
            standing_changes: Default::default(),
            daily_capacity,
        })
    }

    fn sews_untracked(&self) -> bool {
        untrack(|| self.sews())
    }

    /// Empties the inputs after an add.
    pub fn clear(&self) {
        for s in [
            self.name,
            self.contact,
            self.phone,
            self.email,
            self.address,
            self.capacity,
        ] {
            s.set(String::new());
        }
    }
}

/// The inputs; `prefix` keeps ids and test ids apart between the add form and an edit form.
#[component]
pub(super) fn PartyFields(
    f: Fields,
    prefix: &'static str,
    missing_name: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let input = move |part: &'static str, key: K, sig: RwSignal<String>, kind: &'static str| {
        let id = format!("{prefix}-{part}");
        view! {
            <div class="field">
                <label for=id.clone()>{move || i18n.t(key)}</label>
                <input id=id.clone() type=kind data-testid=id prop:value=sig on:input=move |ev| sig.set(event_target_value(&ev))/>
            </div>
        }
    };
    let (kind_id, name_id, err_id) = (
        format!("{prefix}-kind"),
        format!("{prefix}-name"),
        format!("{prefix}-name-err"),
    );
    view! {
        <div class="grid">
            <div class="field">
                <label for=kind_id.clone()>{move || i18n.t(K::PartyKindLabel)}</label>
                <select id=kind_id.clone() data-testid=kind_id on:change=move |ev| f.kind.set(event_target_value(&ev))>
                    {PartyKind::KNOWN.iter().map(|k| {
                        let key = party_kind_key(k);
                        let code = k.code().to_string();
                        let selected = code == f.kind.get_untracked();
                        view! { <option value=code selected=selected>{move || i18n.t(key)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field" class:invalid=move || missing_name.get()>
                <label for=name_id.clone()>{move || i18n.t(K::PartyName)}</label>
                <input id=name_id.clone() data-testid=name_id prop:value=f.name on:input=move |ev| f.name.set(event_target_value(&ev))
                    aria-describedby=err_id.clone()/>
                <p class="error-text" id=err_id role="alert">{move || if missing_name.get() { i18n.t(K::ErrRequired) } else { "" }}</p>
            </div>
            {input("contact", K::PartyContact, f.contact, "text")}
            {input("phone", K::PartyPhone, f.phone, "tel")}
            {input("email", K::PartyEmail, f.email, "email")}
            {input("address", K::PartyAddress, f.address, "text")}
            <Show when=move || f.sews()>
                {input("capacity", K::PartyCapacity, f.capacity, "text")}
                <p class="error-text" role="alert" data-testid=format!("{prefix}-capacity-err")>{move || f.capacity_error.get().unwrap_or_default()}</p>
            </Show>
        </div>
    }
}

#[component]
pub(super) fn AddParty(ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    let f = Fields::of(&Party::default());
    let missing_name = RwSignal::new(false);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed_name = !f.name.get_untracked().trim().is_empty();
        missing_name.set(!typed_name);
        let Some(party) = f.party(i18n) else {
            return;
        };
        let id = platform::new_record_id();
        edit_ws(ws, move |w| {
            w.parties.insert(id, party);
            Ok(())
        });
        f.clear();
    };
    view! {
        <form class="card" on:submit=add data-testid="party-form">
            <h3>{move || i18n.t(K::AddParty)}</h3>
            <PartyFields f=f prefix="party" missing_name=missing_name/>
            <div class="actions"><button type="submit" class="primary" data-testid="party-add">{move || i18n.t(K::AddItem)}</button></div>
        </form>
    }
}
