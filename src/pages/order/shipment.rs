//! Shipment: booking with the forwarder, vessel or flight, container, B/L or AWB, dates, cartons,
//! weights and CBM, and the documents checklist with a status per document. A shipped date is
//! shipping: it is saved through `lifecycle::set_shipped_on`, with the status buttons' gates.

use std::rc::Rc;

use gendan_domain::lifecycle::{is_shipped, set_shipped_on};
use gendan_domain::shipment::{DocKind, DocStatus, ShipMode, Shipment};
use gendan_domain::{DomainError, Milli, OrderStatus};
use leptos::prelude::*;

use super::ctx::{code_text, day_text, parse_day, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::pages::typed;
use crate::platform;

#[component]
pub fn ShipmentSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let edit = ctx.edit_action(error);
    let add = move |_| {
        edit.dispatch_local(Rc::new(|o| {
            let s = Shipment {
                mode: o.ship_mode.clone().unwrap_or_default(),
                etd: o.etd,
                eta: o.eta,
                pieces: o.quantities.total(),
                ..Shipment::default()
            };
            o.shipments.insert(platform::new_record_id(), s);
            Ok::<_, DomainError>(())
        }));
    };
    let ids = move || {
        ctx.order
            .with(|o| o.shipments.keys().cloned().collect::<Vec<_>>())
    };
    view! {
        <section class="card section" data-testid="shipment-section">
            <h3>{move || i18n.t(K::SecShipment)}</h3>
            <For each=ids key=|id| id.clone() let:id>
                <ShipmentCard ctx=ctx id=id/>
            </For>
            <button type="button" data-testid="add-shipment" on:click=add>{move || i18n.t(K::AddShipment)}</button>
            <ActionError error=error/>
        </section>
    }
}

#[component]
fn ShipmentCard(ctx: OrderCtx, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let sid = StoredValue::new(id);
    let s0 = ctx
        .order
        .with_untracked(|o| o.shipments.get(&sid.get_value()).cloned())
        .unwrap_or_default();
    let forwarder = RwSignal::new(s0.booking.forwarder.clone());
    let booking_no = RwSignal::new(s0.booking.booking_no.clone());
    let booking_date = RwSignal::new(day_text(s0.booking.date));
    let mode = RwSignal::new(s0.mode.code().to_string());
    let vessel = RwSignal::new(s0.vessel_or_flight.clone());
    let container = RwSignal::new(s0.container_no.clone());
    let ctype = RwSignal::new(s0.container_type.clone());
    let bl = RwSignal::new(s0.transport_doc_no.clone());
    let etd = RwSignal::new(day_text(s0.etd));
    let eta = RwSignal::new(day_text(s0.eta));
    let shipped = RwSignal::new(day_text(s0.shipped_on));
    let cartons = RwSignal::new(s0.cartons.to_string());
    let pieces = RwSignal::new(s0.pieces.to_string());
    let gross = RwSignal::new(s0.gross_kg.to_string());
    let net = RwSignal::new(s0.net_kg.to_string());
    let cbm = RwSignal::new(s0.cbm.to_string());
    let error = RwSignal::new(None::<String>);
    // Every change to this shipment goes through the order's one commit path.
    let edit = ctx.edit_action(error);
    let edit_shipment = move |f: Rc<dyn Fn(&mut Shipment)>| {
        let id = sid.get_value();
        edit.dispatch_local(Rc::new(move |o| {
            f(o.shipments
                .get_mut(&id)
                .ok_or_else(|| DomainError::not_found("shipment", &id))?);
            Ok(())
        }));
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let days = (
            parse_day(&booking_date.get_untracked()),
            parse_day(&etd.get_untracked()),
            parse_day(&eta.get_untracked()),
            parse_day(&shipped.get_untracked()),
        );
        let (Ok(bd), Ok(e1), Ok(e2), Ok(sh)) = days else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        // Blank is zero; anything typed is read strictly, and the first refusal is said.
        let whole = |s: RwSignal<String>| {
            let t = s.get_untracked();
            if t.trim().is_empty() {
                Ok(0)
            } else {
                typed::whole(i18n, &t, u64::from(u32::MAX))
            }
        };
        let milli = |s: RwSignal<String>| {
            let t = s.get_untracked();
            if t.trim().is_empty() {
                Ok(Milli::default())
            } else {
                typed::milli(i18n, &t)
            }
        };
        let figures = (|| {
            Ok::<_, String>((
                whole(cartons)?,
                whole(pieces)?,
                milli(gross)?,
                milli(net)?,
                milli(cbm)?,
            ))
        })();
        let (c, p, g, n, v) = match figures {
            Ok(f) => f,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let texts = (
            forwarder.get_untracked(),
            booking_no.get_untracked(),
            mode.get_untracked(),
            vessel.get_untracked(),
            container.get_untracked(),
            ctype.get_untracked(),
            bl.get_untracked(),
        );
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
        let gates = ctx.workspace.with_untracked(|w| w.settings.gates.clone());
        let com = ctx.commercial.get_untracked();
        let (who, now) = (who(), (platform::now_ms() as i64));
        edit.dispatch_local(Rc::new(move |o| {
            let s = o
                .shipments
                .get_mut(&id)
                .ok_or_else(|| DomainError::not_found("shipment", &id))?;
            s.booking.forwarder = texts.0.trim().to_string();
            s.booking.booking_no = texts.1.trim().to_string();
            s.booking.date = bd;
            s.mode = ShipMode::from_code(&texts.2);
            s.vessel_or_flight = texts.3.trim().to_string();
            s.container_no = texts.4.trim().to_string();
            s.container_type = texts.5.trim().to_string();
            s.transport_doc_no = texts.6.trim().to_string();
            s.etd = e1;
            s.eta = e2;
            s.cartons = c;
            s.pieces = p;
            s.gross_kg = g;
            s.net_kg = n;
            s.cbm = v;
            // After the pieces, which the final-lot gate compares the lot with; a refusal
            // undoes the whole edit.
            set_shipped_on(o, com.as_ref(), &id, sh, &gates, &who, now, None)
        }));
    };
    let set_doc = move |kind: DocKind, status: DocStatus| {
        edit_shipment(Rc::new(move |s| s.set_document(&kind, status.clone())));
    };
    let checklist = move || {
        ctx.order
            .with(|o| o.shipments.get(&sid.get_value()).map(|s| s.checklist()))
            .unwrap_or_default()
    };
    let mid = unique_id("s-mode");
    view! {
        <div class="shipment" data-testid="shipment">
            <form on:submit=save novalidate>
                <div class="grid">
                    <TextInput label=K::Forwarder value=forwarder testid="s-forwarder"/>
                    <TextInput label=K::BookingNo value=booking_no testid="s-booking"/>
                    <TextInput label=K::BookingDate value=booking_date kind="date" testid="s-booking-date"/>
                    <div class="field">
                        <label for=mid.clone()>{move || i18n.t(K::ShipMode)}</label>
                        <select id=mid data-testid="s-mode" on:change=move |ev| mode.set(event_target_value(&ev))>
                            {ShipMode::KNOWN.iter().map(|m| {
                                let c = m.code().to_string();
                                let c2 = c.clone();
                                view! { <option value=c.clone() selected=move || mode.get() == c2>{code_text(i18n, &c)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <TextInput label=K::VesselFlight value=vessel testid="s-vessel"/>
                    <TextInput label=K::ContainerNo value=container testid="s-container"/>
                    <TextInput label=K::ContainerType value=ctype testid="s-container-type"/>
                    <TextInput label=K::BlNo value=bl testid="s-bl"/>
                    <TextInput label=K::Etd value=etd kind="date" testid="s-etd"/>
                    <TextInput label=K::Eta value=eta kind="date" testid="s-eta"/>
                    <TextInput label=K::ShippedOn value=shipped kind="date" testid="s-shipped"/>
                    <TextInput label=K::Cartons value=cartons inputmode="numeric" testid="s-cartons"/>
                    <TextInput label=K::ShipPieces value=pieces inputmode="numeric" testid="s-pieces"/>
                    <TextInput label=K::GrossKg value=gross inputmode="decimal" testid="s-gross"/>
                    <TextInput label=K::NetKg value=net inputmode="decimal" testid="s-net"/>
                    <TextInput label=K::Cbm value=cbm inputmode="decimal" testid="s-cbm"/>
                </div>
                <ActionError error=error testid="shipment-error"/>
                <button type="submit" data-testid="s-save">{move || i18n.t(K::Save)}</button>
            </form>
            <h4>{move || i18n.t(K::DocumentsChecklist)}</h4>
            <ul class="checklist">
                {move || checklist().into_iter().map(|(kind, status)| {
                    let code = kind.code().to_string();
                    let sel = unique_id("doc");
                    let st = status.code().to_string();
                    view! {
                        <li class=format!("doc {st}") data-testid="doc-row" data-doc=code.clone() data-status=st.clone()>
                            <label for=sel.clone()>{code_text(i18n, &code)}</label>
                            <select id=sel data-testid=format!("doc-{code}") on:change=move |ev| {
                                set_doc(kind.clone(), DocStatus::from_code(&event_target_value(&ev)))
                            }>
                                {DocStatus::KNOWN.iter().map(|s| {
                                    let c = s.code().to_string();
                                    view! { <option value=c.clone() selected=c == st>{code_text(i18n, &c)}</option> }
                                }).collect_view()}
                            </select>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
