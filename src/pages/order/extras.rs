//! The header's shipping and people fields: Incoterm, ports, ship mode, ETD/ETA, the factory (from
//! the workspace's parties) and the merchandiser. Its three pickers are under `extras/`.

mod factory_select;
mod incoterm_select;
mod ship_mode_select;

use gendan_domain::order::Incoterm;
use gendan_domain::shipment::ShipMode;
use gendan_domain::DomainError;
use std::rc::Rc;

use leptos::prelude::*;

use super::ctx::{day_text, parse_day, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use factory_select::FactorySelect;
use incoterm_select::IncotermSelect;
use ship_mode_select::ShipModeSelect;

#[component]
pub fn HeaderExtras(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let incoterm = RwSignal::new(String::new());
    let pol = RwSignal::new(String::new());
    let dest = RwSignal::new(String::new());
    let mode = RwSignal::new(String::new());
    let etd = RwSignal::new(String::new());
    let eta = RwSignal::new(String::new());
    let factory = RwSignal::new(String::new());
    let merch = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let fill = move || {
        ctx.order.with_untracked(|o| {
            incoterm.set(
                o.incoterm
                    .as_ref()
                    .map(|i| i.code().to_string())
                    .unwrap_or_default(),
            );
            pol.set(o.port_of_loading.clone());
            dest.set(o.destination.clone());
            mode.set(
                o.ship_mode
                    .as_ref()
                    .map(|m| m.code().to_string())
                    .unwrap_or_default(),
            );
            etd.set(day_text(o.etd));
            eta.set(day_text(o.eta));
            factory.set(o.factory.clone().unwrap_or_default());
            merch.set(o.merchandiser.clone().unwrap_or_default());
        })
    };
    fill();

    let edit = ctx.edit_action(error);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(etd_d), Ok(eta_d)) = (
            parse_day(&etd.get_untracked()),
            parse_day(&eta.get_untracked()),
        ) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        let inc = incoterm.get_untracked();
        let (p, d, m) = (
            pol.get_untracked(),
            dest.get_untracked(),
            mode.get_untracked(),
        );
        let (f, me) = (factory.get_untracked(), merch.get_untracked());
        edit.dispatch(Rc::new(move |o| {
            o.incoterm = (!inc.is_empty()).then(|| Incoterm::from_code(&inc));
            o.port_of_loading = p.trim().to_string();
            o.destination = d.trim().to_string();
            o.ship_mode = (!m.is_empty()).then(|| ShipMode::from_code(&m));
            o.etd = etd_d;
            o.eta = eta_d;
            o.factory = (!f.is_empty()).then(|| f.clone());
            o.merchandiser = (!me.trim().is_empty()).then(|| me.trim().to_string());
            Ok::<_, DomainError>(())
        }));
    };

    view! {
        <form class="card section" on:submit=save novalidate data-testid="extras-form">
            <h3>{move || i18n.t(K::ShippingAndPeople)}</h3>
            <div class="grid">
                <IncotermSelect value=incoterm/>
                <TextInput label=K::PortOfLoading value=pol testid="port-of-loading"/>
                <TextInput label=K::Destination value=dest testid="destination"/>
                <ShipModeSelect value=mode/>
                <TextInput label=K::Etd value=etd testid="etd" kind="date"/>
                <TextInput label=K::Eta value=eta testid="eta" kind="date"/>
                <FactorySelect ctx=ctx value=factory/>
                <TextInput label=K::Merchandiser value=merch testid="merchandiser"/>
            </div>
            <ActionError error=error testid="extras-error"/>
            <button type="submit" data-testid="save-extras">{move || i18n.t(K::Save)}</button>
        </form>
    }
}
