//! An opened order: the order at a glance, what needs a decision, the section tabs, the overview
//! (status, header form, extras, the buyer's progress update, document links) and the open
//! section. A new order is just the
//! header form.

use leptos::prelude::*;

use super::ctx::OrderCtx;
use super::form::OrderForm;
use super::header_form::HeaderForm;
use super::nav::{Section, SectionNav};
use super::sections::OpenSection;
use super::summary::OrderSummary;
use super::{extras, remember_section, status};
use crate::components::document_links::DocumentLinks;
use crate::Route;

#[component]
pub fn OrderBody(
    form: OrderForm,
    id: Option<String>,
    draft_key: String,
    section: RwSignal<Section>,
) -> impl IntoView {
    let ctx: Option<OrderCtx> = form.ctx;
    let is_new = id.is_none();
    let doc_links = id.clone().map(|id| view! { <DocumentLinks id=id/> });
    view! {
        {ctx.map(|ctx| view! { <OrderSummary ctx=ctx/> })}
        // Above the sections: a state no rule allows shows whichever section is open.
        {ctx.map(|ctx| view! { <status::NeedsDecision ctx=ctx/> })}
        {ctx.map(|ctx| view! { <super::unmerged::Unmerged ctx=ctx/> })}
        {ctx.map(|ctx| {
            let pick = Callback::new(move |s: Section| {
                section.set(s);
                remember_section(&ctx.id(), s.code());
                crate::route::replace_route(&match s {
                    Section::Overview => Route::Order(ctx.id()),
                    _ => Route::OrderSection(ctx.id(), s.code().to_string()),
                });
            });
            view! { <SectionNav section=section on_pick=pick/> }
        })}
        <div class="overview" hidden=move || !is_new && section.get() != Section::Overview>
            {ctx.map(|ctx| view! { <status::StatusPanel ctx=ctx/> })}
            <HeaderForm form=form id=id draft_key=draft_key/>
            {ctx.map(|ctx| view! { <extras::HeaderExtras ctx=ctx/> })}
            {ctx.map(|ctx| view! { <super::buyer_confirm::BuyerConfirm ctx=ctx/> })}
            {ctx.map(|ctx| view! { <super::buyer_update::BuyerUpdateCard ctx=ctx/> })}
            {doc_links}
        </div>
        {ctx.map(|ctx| view! { <OpenSection ctx=ctx section=section/> })}
    }
}
