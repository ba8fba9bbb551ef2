//! One shipment: its form, its carton lines and the figures derived from them, and its documents
//! checklist, which share the card's error line and its one way to commit an edit.

use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use super::cartons::CartonLines;
use super::checklist::DocChecklist;
use super::figures::ShipmentFigures;
use super::form::ShipmentForm;

#[component]
pub fn ShipmentCard(ctx: OrderCtx, id: String) -> impl IntoView {
    let sid = StoredValue::new(id);
    let error = RwSignal::new(None::<String>);
    // Every change to this shipment goes through the order's one commit path.
    let edit = ctx.edit_action(error);
    view! {
        <div class="shipment" data-testid="shipment">
            <ShipmentForm ctx=ctx sid=sid error=error edit=edit/>
            <ShipmentFigures ctx=ctx sid=sid/>
            <CartonLines ctx=ctx sid=sid error=error edit=edit/>
            <DocChecklist ctx=ctx sid=sid edit=edit/>
        </div>
    }
}
