//! A PO's deliveries so far, each with its incoming inspection result, who decided it, and its
//! changes: a result already decided changes in place only with the reason typed under the list,
//! logged (`purchasing::inspect_delivery`). For accepted goods, where they went into stock (入库)
//! or the form that says so. A delivery dated by the PO's due day but entered after it says so,
//! with who and why. Results decided on two devices that disagree are both said, and the
//! delivery counts as undecided until someone decides it again with a reason.

use gendan_domain::purchasing::{self, Delivery, IncomingResult, Judge, Stored};
use leptos::prelude::*;

use super::super::ctx::{day_text, field_error, parse_day, who, OrderCtx};
use super::incoming_key;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::edit_action;
use crate::platform;
use crate::state::kept_input::kept_text;

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
        .with_untracked(|o| o.purchase_orders.get(&po_id).and_then(|p| p.judged_due()));
    let reason = kept_text(&format!("po:{po_id}/inspect-reason"), String::new);
    let po_id = StoredValue::new(po_id);
    // Deciding again overturns a decision already made, or one of two made apart.
    let needs_reason =
        |d: &Delivery| d.result() != IncomingResult::Pending || !d.verdict_conflict().is_empty();
    let any_decided = deliveries.iter().any(|(_, d)| needs_reason(d));
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
                let current = d.result().code().to_string();
                let decided = needs_reason(&d);
                let apart: Vec<_> = d.verdict_conflict().into_iter().map(|(_, v)| v.clone()).collect();
                let conflict = (!apart.is_empty()).then_some(move || {
                    let each: Vec<String> = apart.iter().map(|v| fill(i18n.t(K::IncomingDecidedBy), &[
                        ("result", i18n.t(incoming_key(&v.result))),
                        ("who", &v.who),
                        ("day", &day_text(v.day)),
                    ])).collect();
                    format!("{} {}", i18n.t(K::IncomingConflict), each.join("; "))
                });
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
                    <li class="delivery" class:bad=d.result() == IncomingResult::Rejected data-testid="delivery">
                        <span>{format!("{} · {} {} · {}", day_text(d.date), d.qty, unit, d.received_by)}</span>
                        {(!note.is_empty()).then(|| view! { <span class="muted">{format!(" · {note}")}</span> })}
                        {by.map(|t| view! { <span class="muted small" data-testid="delivery-inspected-by">{move || format!(" · {}", t())}</span> })}
                        {late.map(|t| view! { <p class="small warn-note" data-testid="delivery-late-entry">{t}</p> })}
                        {conflict.map(|t| view! { <p class="bad small" data-testid="delivery-conflict">{t}</p> })}
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
                        {(d.stored.is_none() && d.is_accepted()).then(|| {
                            let key = |f: &str| format!("po:{}/{did_stock}/stored-{f}", po_id.get_value());
                            let (on, place) = (kept_text(&key("on"), || platform::today().to_string()), kept_text(&key("place"), String::new));
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
            <TextInput label=K::InspectionChangeReason value=reason testid="delivery-change-reason" factory_reads=true/>
        })}
    }
}

#[cfg(test)]
mod tests {
    //! Two devices' incoming results for one delivery that disagree: both said, the delivery
    //! undecided (nothing to put into stock), refused in words without a reason, then decided.
    use super::*;
    use crate::components::action_error::ActionError;
    use crate::screen_tests::{choose, loaded_order, mount, text_of, type_into, until};
    use crate::storage::agenda_tests::repo_with_order;
    use gendan_domain::purchasing::{IncomingVerdict, PurchaseOrder};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn results_decided_apart_are_said_and_decided_again_with_a_reason() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("incoming-apart", "PO-APART").await;
        let on = platform::today();
        repo.edit_order(&id, move |o| {
            let verdict = |result, who: &str| IncomingVerdict {
                result,
                who: who.into(),
                day: Some(on),
                superseded: false,
            };
            let d = Delivery {
                date: Some(on),
                qty: "100".parse().expect("a quantity"),
                received_by: "Li".into(),
                // What the merge happened to keep; the two decisions disagree.
                inspection: IncomingResult::Accepted,
                verdicts: [
                    ("va".to_string(), verdict(IncomingResult::Accepted, "Wang")),
                    ("vb".to_string(), verdict(IncomingResult::Rejected, "Zhou")),
                ]
                .into_iter()
                .collect(),
                ..Delivery::default()
            };
            o.purchase_orders.insert(
                "pq".into(),
                PurchaseOrder {
                    po_no: "F-9".into(),
                    qty: "100".parse().expect("a quantity"),
                    deliveries: [("d1".to_string(), d)].into_iter().collect(),
                    ..PurchaseOrder::default()
                },
            );
            Ok::<_, gendan_domain::DomainError>(())
        })
        .await
        .expect("merged");
        let ctx = loaded_order(&app, &repo, &id).await;
        let error = app.with(|| RwSignal::new(None::<String>));
        let dels = ctx.order.with_untracked(|o| {
            o.purchase_orders["pq"]
                .deliveries_in_order()
                .into_iter()
                .map(|(k, d)| (k.clone(), d.clone()))
                .collect::<Vec<_>>()
        });
        let screen = mount(&app, move || {
            view! {
                <Deliveries ctx=ctx po_id="pq".to_string() deliveries=dels unit="m".to_string() error=error/>
                <ActionError error=error testid="po-card-error"/>
            }
        });
        let said = text_of("delivery-conflict").expect("the disagreement is said");
        assert!(
            said.contains("Accepted by Wang") && said.contains("Rejected by Zhou"),
            "{said}"
        );
        assert!(
            text_of("put-in-stock").is_none(),
            "undecided: nothing to stock"
        );

        choose("delivery-inspection", IncomingResult::Rejected.code());
        until(|| text_of("po-card-error").is_some_and(|t| !t.is_empty())).await;
        assert_eq!(
            text_of("po-card-error").as_deref(),
            Some(K::ErrInspectionNeedsReason.text(crate::i18n::Lang::En))
        );
        let saved = repo.order(&id).await.expect("reads");
        assert_eq!(
            saved.purchase_orders["pq"].deliveries["d1"]
                .verdict_conflict()
                .len(),
            2,
            "nothing saved"
        );

        type_into("delivery-change-reason", "roll 2 re-checked with the mill");
        choose("delivery-inspection", IncomingResult::Rejected.code());
        let mut settled = None;
        for _ in 0..150 {
            let saved = repo.order(&id).await.expect("reads");
            let d = saved.purchase_orders["pq"].deliveries["d1"].clone();
            if d.verdict_conflict().is_empty() {
                settled = Some(d);
                break;
            }
            platform::sleep_ms(20).await;
        }
        let d = settled.expect("decided again");
        assert_eq!(d.result(), IncomingResult::Rejected);
        let logged: Vec<_> = d
            .inspection_changes
            .values()
            .map(|c| (c.from.clone(), c.reason.clone()))
            .collect();
        assert_eq!(
            logged,
            [(
                IncomingResult::Accepted,
                "roll 2 re-checked with the mill".to_string()
            )],
            "Wang's acceptance is the one overturned"
        );
        screen.leave();
    }
}
