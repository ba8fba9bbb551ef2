//! A shipment's form: booking (forwarder, freight terms), vessel or flight, container, B/L and
//! dates, saved as one edit; a shipped date is shipping and goes through the status buttons'
//! gates; clearing it on a shipment that has left is said with the card's reason and logged
//! (`changes.rs`), and so is moving it. A first shipped date by the ex-factory date, typed after
//! that date passed, counts on time: the form asks why (kept and reported,
//! `lifecycle::set_shipped_on`). The freight cost is money and has its own form (`freight.rs`).

use std::rc::Rc;

use gendan_domain::lifecycle::{is_shipped, set_shipped_on};
use gendan_domain::shipment::changes;
use gendan_domain::shipment::{FreightTerms, LateEntry, ShipMode};
use gendan_domain::workspace::PartyKind;
use gendan_domain::{DomainError, OrderStatus};
use leptos::prelude::*;

use crate::pages::action::Submit;

use super::super::ctx::{code_text, parse_day, who, OrderCtx, OrderEdit};
use super::changes::said;
use super::draft::Draft;
use super::freight::FreightCost;
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::pages::parties::PartyPicker;
use crate::platform;

#[component]
pub fn ShipmentForm(
    ctx: OrderCtx,
    sid: StoredValue<String>,
    /// Why a shipment that has left changes: clearing its date needs it.
    change_reason: RwSignal<String>,
    error: RwSignal<Option<String>>,
    edit: Submit<OrderEdit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let s0 = ctx
        .order
        .with_untracked(|o| o.shipments.get(&sid.get_value()).cloned())
        .unwrap_or_default();
    let d = Draft::of(&s0);
    // A gate a shipped date meets closed (the balance, this shipment's final lot) is passed only
    // with a reason, logged like the status buttons' overrides; a later shipment of an order
    // that already shipped has no status button, so the reason is asked here.
    let reason = RwSignal::new(String::new());
    // A factory's phone sets no rule aside: dated there, a closed gate refuses it.
    let factory_phone = crate::sync::settings::SyncSettings::is_factory_device();
    let dating_ships = move || {
        let id = sid.get_value();
        ctx.order.with(|o| {
            (o.status == OrderStatus::ReadyToShip || is_shipped(o.status))
                && o.shipments.get(&id).is_some_and(|s| s.shipped_on.is_none())
        })
    };
    // Why a first shipped date by the ex-factory date is entered only after that date.
    let late_reason = RwSignal::new(String::new());
    let entered_late = move || {
        let id = sid.get_value();
        let typed = parse_day(&d.shipped.get()).ok().flatten();
        ctx.order.with(|o| {
            let judged_by = o.confirmed_ex_factory.or(o.ex_factory);
            o.shipments.get(&id).is_some_and(|s| s.shipped_on.is_none())
                && gendan_domain::day::backdated(typed, judged_by, Some(platform::today()))
        })
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let read = match d.read(i18n) {
            Ok(r) => r,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let sh = read.shipped;
        // Recording a shipped date is shipping: it goes through the same gates as the status
        // buttons (`lifecycle::set_shipped_on`), and is refused on an order not ready to ship.
        let id = sid.get_value();
        let (status, was) = ctx
            .order
            .with_untracked(|o| (o.status, o.shipments.get(&id).and_then(|s| s.shipped_on)));
        if sh.is_some() && sh != was && !is_shipped(status) && status != OrderStatus::ReadyToShip {
            error.set(Some(i18n.t(K::ErrShipDateNotReady).to_string()));
            return;
        }
        // Clearing or moving the date of a shipment that has left says why, logged on it
        // (on-time delivery is judged on that day).
        let changed = match (was, sh) {
            (Some(w), sh) if sh != Some(w) => match said(ctx, sid, change_reason, error, i18n) {
                Some(note) => Some((note, sh)),
                None => return,
            },
            _ => None,
        };
        let gates = ctx.workspace.with_untracked(|w| w.settings.gates.clone());
        let com = ctx.commercial.get_untracked();
        let (who, now) = (who(), (platform::now_ms() as i64));
        let why = reason.get_untracked();
        let why = (!why.trim().is_empty() && !factory_phone).then_some(why);
        let late = late_reason.get_untracked();
        edit.dispatch(Rc::new(move |o| {
            let s = o
                .shipments
                .get_mut(&id)
                .ok_or_else(|| DomainError::not_found("shipment", &id))?;
            read.apply(s);
            // Read by the first dating only, and kept (with who and the day) where that is late.
            if s.shipped_on.is_none() && sh.is_some() {
                s.late_entry = Some(LateEntry {
                    reason: late.clone(),
                    ..LateEntry::default()
                });
            }
            match &changed {
                Some((note, None)) => changes::unship(o, &id, &note.note())?,
                Some((note, Some(day))) => changes::redate(o, &id, *day, &note.note())?,
                None => {}
            }
            // The final-lot gate compares the lot with what the shipments carry; a refusal
            // undoes the whole edit.
            set_shipped_on(
                o,
                com.as_ref(),
                &id,
                sh,
                &gates,
                &who,
                now,
                platform::today(),
                why.as_deref(),
            )
        }));
    };
    let mid = unique_id("s-mode");
    let fid = unique_id("s-freight-terms");
    view! {
        <form on:submit=save novalidate>
            <div class="grid">
                <PartyPicker kind=PartyKind::Forwarder label=K::Forwarder testid="s-forwarder-party"
                    picked=d.forwarder_party
                    on_pick=Callback::new(move |p: Option<(String, String)>| match p {
                        Some((id, name)) => { d.forwarder_party.set(id); d.forwarder.set(name); }
                        None => d.forwarder_party.set(String::new()),
                    })/>
                // Typed when the forwarder is not among the parties, or was removed from them.
                <Show when=move || { let id = d.forwarder_party.get(); id.is_empty() || ctx.workspace.with(|w| w.party_name(&id).is_none()) }>
                    <TextInput label=K::Forwarder value=d.forwarder testid="s-forwarder"/>
                </Show>
                <TextInput label=K::BookingNo value=d.booking_no testid="s-booking"/>
                <TextInput label=K::BookingDate value=d.booking_date kind="date" testid="s-booking-date"/>
                <div class="field">
                    <label for=mid.clone()>{move || i18n.t(K::ShipMode)}</label>
                    <select id=mid data-testid="s-mode" on:change=move |ev| d.mode.set(event_target_value(&ev))>
                        {ShipMode::KNOWN.iter().map(|m| {
                            let c = m.code().to_string();
                            let c2 = c.clone();
                            view! { <option value=c.clone() selected=move || d.mode.get() == c2>{code_text(i18n, &c)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <TextInput label=K::VesselFlight value=d.vessel testid="s-vessel"/>
                <TextInput label=K::ContainerNo value=d.container testid="s-container"/>
                <TextInput label=K::ContainerType value=d.ctype testid="s-container-type"/>
                <TextInput label=K::BlNo value=d.bl testid="s-bl"/>
                <TextInput label=K::Etd value=d.etd kind="date" testid="s-etd"/>
                <TextInput label=K::Eta value=d.eta kind="date" testid="s-eta"/>
                <TextInput label=K::ShippedOn value=d.shipped kind="date" testid="s-shipped"/>
                <Show when=move || dating_ships() && !factory_phone>
                    <TextInput label=K::ShipOverrideReason value=reason testid="s-ship-reason"/>
                </Show>
                <Show when=entered_late>
                    <TextInput label=K::LateEntryReasonShip value=late_reason testid="s-late-reason"/>
                </Show>
                <div class="field">
                    <label for=fid.clone()>{move || i18n.t(K::FreightTerms)}</label>
                    <select id=fid data-testid="s-freight-terms" on:change=move |ev| d.freight_terms.set(event_target_value(&ev))>
                        <option value="" selected=move || d.freight_terms.get().is_empty()>"—"</option>
                        {FreightTerms::KNOWN.iter().map(|t| {
                            let c = t.code().to_string();
                            let c2 = c.clone();
                            view! { <option value=c.clone() selected=move || d.freight_terms.get() == c2>{code_text(i18n, &c)}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <ActionError error=error testid="shipment-error"/>
            <button type="submit" data-testid="s-save">{move || i18n.t(K::Save)}</button>
        </form>
        <FreightCost ctx=ctx sid=sid/>
    }
}
