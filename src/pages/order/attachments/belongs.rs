//! What a file belongs to: the whole order, or one of its sample rounds, purchase orders,
//! inspections or shipments, picked by name and stored by id.

use gendan_domain::attachments::{AttachedKind, AttachedTo};
use gendan_domain::Order;
use leptos::prelude::*;

use super::super::ctx::{code_text_in, day_text, OrderCtx};
use crate::components::text_input::unique_id;
use crate::i18n::{sample_kind_text, use_i18n, Lang, K};

/// The select's value for a link ("" for the whole order).
fn value_of(to: &AttachedTo) -> String {
    format!("{}:{}", to.kind.code(), to.id)
}

/// The link a select value stands for (`None`: the whole order).
pub(super) fn parse(value: &str) -> Option<AttachedTo> {
    let (kind, id) = value.split_once(':')?;
    Some(AttachedTo {
        kind: AttachedKind::from_code(kind),
        id: id.to_string(),
    })
}

/// "Sample · Fit #2", "Inspection · Final 2026-05-02"…: the record as the order names it now;
/// a record since removed shows its kind alone.
pub(super) fn label(lang: Lang, o: &Order, to: &AttachedTo) -> String {
    let (k, name) = match &to.kind {
        AttachedKind::Sample => (
            K::AttForSample,
            o.samples
                .get(&to.id)
                .map(|s| format!("{} #{}", sample_kind_text(lang, &s.kind), s.round)),
        ),
        AttachedKind::PurchaseOrder => (
            K::AttForPo,
            o.purchase_orders.get(&to.id).map(|p| {
                if p.po_no.trim().is_empty() {
                    p.description.clone()
                } else {
                    p.po_no.clone()
                }
            }),
        ),
        AttachedKind::Inspection => (
            K::AttForInspection,
            o.inspections.get(&to.id).map(|i| {
                format!(
                    "{} {}",
                    code_text_in(lang, i.kind.code()),
                    day_text(i.date.or(i.scheduled))
                )
            }),
        ),
        AttachedKind::Shipment => (
            K::AttForShipment,
            o.shipments.get(&to.id).map(|s| {
                [s.transport_doc_no.as_str(), s.container_no.as_str()]
                    .into_iter()
                    .find(|t| !t.trim().is_empty())
                    .map_or_else(|| day_text(s.etd), str::to_string)
            }),
        ),
        AttachedKind::Other(code) => return code.clone(),
    };
    match name {
        Some(n) if !n.trim().is_empty() => format!("{} · {}", k.text(lang), n.trim()),
        _ => k.text(lang).to_string(),
    }
}

/// Every record of the order a file may belong to, as (value, label), in a stable order.
fn options(lang: Lang, o: &Order) -> Vec<(String, String)> {
    let ids = |kind: AttachedKind, keys: Vec<&String>| {
        keys.into_iter()
            .map(move |id| AttachedTo {
                kind: kind.clone(),
                id: id.clone(),
            })
            .collect::<Vec<_>>()
    };
    let mut links = ids(AttachedKind::Sample, o.samples.keys().collect());
    links.extend(ids(
        AttachedKind::PurchaseOrder,
        o.purchase_orders.keys().collect(),
    ));
    links.extend(ids(
        AttachedKind::Inspection,
        o.inspections.keys().collect(),
    ));
    links.extend(ids(AttachedKind::Shipment, o.shipments.keys().collect()));
    links
        .iter()
        .map(|to| (value_of(to), label(lang, o, to)))
        .collect()
}

#[component]
pub fn BelongsSelect(
    ctx: OrderCtx,
    value: RwSignal<String>,
    /// Told the new choice after `value` took it.
    #[prop(optional)]
    on_change: Option<Callback<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = unique_id("att-for");
    let change = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        value.set(v.clone());
        if let Some(f) = on_change {
            f.run(v);
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(K::AttBelongsTo)}</label>
            <select id=id data-testid="attach-for" on:change=change>
                <option value="" selected=move || value.get().is_empty()>{move || i18n.t(K::AttWholeOrder)}</option>
                {move || ctx.order.with(|o| options(i18n.0.get(), o)).into_iter().map(|(v, l)| {
                    let v2 = v.clone();
                    view! { <option value=v selected=move || value.get() == v2>{l}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
