//! A PO's deliveries so far, each with its incoming inspection result, who decided it, and its
//! changes: a result already decided changes in place only with the reason typed under the list,
//! logged (`purchasing::inspect_delivery`). For accepted goods, where they went into stock (入库)
//! or the form that says so. A delivery dated by the PO's due day but entered after it says so,
//! with who and why.

use gendan_domain::purchasing::{self, Delivery, IncomingResult, Judge, Stored};
use leptos::prelude::*;

use super::super::ctx::{day_text, field_error, parse_day, who, OrderCtx};
use super::incoming_key;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::edit_action;
use crate::platform;

#[component]
pub fn Deliveries(
    ctx: OrderCtx,
    po_id: String,
    deliveries: Vec<(String, Delivery)>,
    unit: String,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let due = ctx
        .order
        .with_untracked(|o| o.purchase_orders.get(&po_id).and_then(|p| p.due));
    let po_id = StoredValue::new(po_id);
    let reason = RwSignal::new(String::new());
    let any_decided = deliveries
        .iter()
        .any(|(_, d)| d.inspection != IncomingResult::Pending);
    let inspect = edit_action(
        error,
        move |(delivery, result, note): (String, IncomingResult, String)| {
            let id = po_id.get_value();
            let (why, me, change) = (reason.get_untracked(), who(), platform::new_record_id());
            reason.set(String::new());
            ctx.edit(move |o| {
                let by = Judge {
                    who: &me,
                    today: platform::today(),
                    reason: &why,
                    change_id: &change,
                };
                purchasing::inspect_delivery(o, &id, &delivery, result, &note, by)
            })
        },
    );
    let store = edit_action(error, move |(delivery, s): (String, Stored)| {
        let id = po_id.get_value();
        ctx.edit(move |o| purchasing::store_delivery(o, &id, &delivery, s, platform::today()))
    });
    view! {
        <ul class="log" data-testid="deliveries">
            {deliveries.into_iter().map(|(did, d)| {
                let sel = unique_id("delivery-inspection");
                let current = d.inspection.code().to_string();
                let decided = d.inspection != IncomingResult::Pending;
                let note = d.inspection_note.clone();
                let did_stock = did.clone();
                let current_code = current.clone();
                // Worded inside the view, so a change of language rewords them.
                let by = (!d.inspected_by.is_empty()).then(|| {
                    let (who, day) = (d.inspected_by.clone(), day_text(d.inspected));
                    move || fill(i18n.t(K::InspectedBy), &[("who", &who), ("day", &day)])
                });
                let late = d.entered_after_due(due).then(|| {
                    let (day, who, why) = (day_text(d.recorded), d.received_by.clone(), d.late_entry_reason.clone());
                    move || fill(i18n.t(K::DeliveryEnteredLate), &[("day", &day), ("who", &who), ("why", &why)])
                });
                let mut changes: Vec<_> = d.inspection_changes.iter().map(|(k, c)| (k.clone(), c.clone())).collect();
                gendan_domain::sorting::sort_by_key(&mut changes, |(k, c)| (c.day, k.clone()));
                let changes = changes.into_iter().map(|(_, c)| {
                    let text = move || fill(i18n.t(K::InspectionChangeRow), &[
                        ("day", &day_text(c.day)),
                        ("who", &c.who),
                        ("from", i18n.t(incoming_key(&c.from))),
                        ("to", i18n.t(incoming_key(&c.to))),
                        ("why", &c.reason),
                    ]);
                    view! { <li data-testid="inspection-change">{text}</li> }
                }).collect_view();
                view! {
                    <li class="delivery" class:bad=d.inspection == IncomingResult::Rejected data-testid="delivery">
                        <span>{format!("{} · {} {} · {}", day_text(d.date), d.qty, unit, d.received_by)}</span>
                        {(!note.is_empty()).then(|| view! { <span class="muted">{format!(" · {note}")}</span> })}
                        {by.map(|t| view! { <span class="muted small" data-testid="delivery-inspected-by">{move || format!(" · {}", t())}</span> })}
                        {late.map(|t| view! { <p class="small warn-note" data-testid="delivery-late-entry">{t}</p> })}
                        <div class="field compact">
                            <label for=sel.clone()>{move || i18n.t(K::IncomingInspection)}</label>
                            <select id=sel data-testid="delivery-inspection" on:change=move |ev| {
                                // A decided result changes only with a reason: without one the
                                // choice is refused in words and the select shows the result still.
                                if decided && reason.get_untracked().trim().is_empty() {
                                    error.set(Some(i18n.t(K::ErrInspectionNeedsReason).to_string()));
                                    event_target::<web_sys::HtmlSelectElement>(&ev).set_value(&current_code);
                                    return;
                                }
                                inspect.dispatch((did.clone(), IncomingResult::from_code(&event_target_value(&ev)), note.clone()));
                            }>
                                {IncomingResult::KNOWN.iter().map(|r| {
                                    let c = r.code().to_string();
                                    let k = incoming_key(r);
                                    view! { <option value=c.clone() selected=c == current>{move || i18n.t(k)}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <ul class="log small" data-testid="inspection-changes">{changes}</ul>
                        {d.stored.clone().map(|st| {
                            let text = move || fill(i18n.t(K::InStock), &[
                                ("day", &day_text(st.day)),
                                ("location", &st.location),
                                ("who", &st.who),
                            ]);
                            view! { <p class="small" data-testid="delivery-stored">{text}</p> }
                        })}
                        {(d.stored.is_none() && matches!(d.inspection, IncomingResult::Accepted | IncomingResult::AcceptedWithRemarks)).then(|| {
                            let (on, place) = (RwSignal::new(platform::today().to_string()), RwSignal::new(String::new()));
                            let did = did_stock.clone();
                            let put = move |ev: leptos::ev::SubmitEvent| {
                                ev.prevent_default();
                                let Ok(day) = parse_day(&on.get_untracked()) else {
                                    error.set(Some(field_error(i18n, gendan_domain::order::Field::StoredDate, gendan_domain::order::Issue::NotADate)));
                                    return;
                                };
                                store.dispatch((did.clone(), Stored { day, location: place.get_untracked(), who: who() }));
                            };
                            view! {
                                <form class="inline-form" on:submit=put novalidate>
                                    <TextInput label=K::StockLocation value=place testid="stock-location"/>
                                    <TextInput label=K::StoredDate value=on kind="date" testid="stock-date"/>
                                    <button type="submit" data-testid="put-in-stock">{move || i18n.t(K::PutInStock)}</button>
                                </form>
                            }
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {any_decided.then(|| view! {
            <TextInput label=K::InspectionChangeReason value=reason testid="delivery-change-reason"/>
        })}
    }
}
