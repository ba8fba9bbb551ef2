//! The section of a saved order that is open below its header (none on the overview).

use leptos::prelude::*;

use super::ctx::OrderCtx;
use super::nav::Section;
use super::{
    attachments, history, inspections, log, money, production, purchasing, samples, shipment, tna,
};

#[component]
pub fn OpenSection(ctx: OrderCtx, section: RwSignal<Section>) -> impl IntoView {
    move || match section.get() {
        Section::Overview => None,
        Section::Tna => Some(view! { <tna::TnaSection ctx=ctx/> }.into_any()),
        Section::Samples => Some(view! { <samples::SamplesSection ctx=ctx/> }.into_any()),
        Section::Purchasing => Some(view! { <purchasing::PurchasingSection ctx=ctx/> }.into_any()),
        Section::Money => Some(view! { <money::MoneySection ctx=ctx/> }.into_any()),
        Section::Production => Some(view! { <production::ProductionSection ctx=ctx/> }.into_any()),
        Section::Qc => Some(view! { <inspections::InspectionsSection ctx=ctx/> }.into_any()),
        Section::Shipment => Some(view! { <shipment::ShipmentSection ctx=ctx/> }.into_any()),
        Section::Files => Some(view! { <attachments::AttachmentsSection ctx=ctx/> }.into_any()),
        Section::Log => Some(view! { <log::LogSection ctx=ctx/> }.into_any()),
        Section::History => Some(view! { <history::HistorySection ctx=ctx/> }.into_any()),
    }
}
