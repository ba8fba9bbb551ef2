//! The kind of a file about to be added, or of one to keep in the office. Contracts, invoices and
//! PO scans are offered only where the order's money is: their records go to the commercial
//! document.

use gendan_domain::attachments::AttachmentKind;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use super::kind_text;
use crate::components::text_input::unique_id;
use crate::i18n::{use_i18n, K};

#[component]
pub fn KindSelect(
    ctx: OrderCtx,
    value: RwSignal<String>,
    /// Only the kinds the office keeps (a file moving to the books).
    #[prop(optional)]
    office_only: bool,
    #[prop(default = "attach-kind")] testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = unique_id("att-kind");
    let offered = move || {
        let office = !ctx.commercial_elsewhere.get();
        AttachmentKind::KNOWN
            .iter()
            .filter(|k| match office_only {
                true => office && k.office_only(),
                false => office || !k.office_only(),
            })
            .map(|k| k.code().to_string())
            .collect::<Vec<_>>()
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(K::AttKind)}</label>
            <select id=id data-testid=testid on:change=move |ev| value.set(event_target_value(&ev))>
                {move || offered().into_iter().map(|c| {
                    let c2 = c.clone();
                    let label = move || kind_text(i18n.0.get(), &AttachmentKind::from_code(&c2));
                    let c3 = c.clone();
                    view! { <option value=c selected=move || value.get() == c3>{label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
