//! A shipment's documents checklist: every document it needs with its status, changeable in place.
//! What it needs follows the order's Incoterm (insurance certificate on CIF and CIP) and the
//! workspace's rules (certificate of origin), `Workspace::doc_needs`.

use std::rc::Rc;

use gendan_domain::shipment::{DocKind, DocStatus, Shipment};
use gendan_domain::DomainError;
use leptos::prelude::*;

use crate::pages::action::Submit;

use super::super::ctx::{code_text, OrderCtx, OrderEdit};
use crate::components::text_input::unique_id;
use crate::i18n::{use_i18n, K};

#[component]
pub fn DocChecklist(
    ctx: OrderCtx,
    sid: StoredValue<String>,
    edit: Submit<OrderEdit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edit_shipment = move |f: Rc<dyn Fn(&mut Shipment)>| {
        let id = sid.get_value();
        edit.dispatch(Rc::new(move |o| {
            f(o.shipments
                .get_mut(&id)
                .ok_or_else(|| DomainError::not_found("shipment", &id))?);
            Ok(())
        }));
    };
    let set_doc = move |kind: DocKind, status: DocStatus| {
        edit_shipment(Rc::new(move |s| s.set_document(&kind, status.clone())));
    };
    let checklist = move || {
        ctx.order
            .with(|o| {
                let needs = ctx.workspace.with(|w| w.doc_needs(o));
                o.shipments
                    .get(&sid.get_value())
                    .map(|s| s.checklist(needs))
            })
            .unwrap_or_default()
    };
    view! {
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
    }
}
