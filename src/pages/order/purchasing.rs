//! Purchasing (采购/物料跟进): the fabric, trims and subcontract work bought for the order — each PO
//! with its supplier from the workspace's parties, the two confirmations the house rules ask for
//! (传真确认 + 电话确认), partial deliveries with their incoming inspection, late POs in red and the
//! on-time status; and, where this device holds the order's money, the payables raised per PO.
//!
//! Every rule (what a PO needs, lateness, what is owed) is the domain's (`purchasing`,
//! `Commercial::add_payable_for_po`); this screen parses what is typed and shows what is derived.

use gendan_domain::commercial::PoPrice;
use gendan_domain::order::{Field, Issue};
use gendan_domain::purchasing::{
    self, ConfirmChannel, Confirmation, Delivery, IncomingResult, ItemKind, PoProgress,
    PurchaseOrder,
};
use gendan_domain::workspace::PartyKind;
use gendan_domain::{Milli, Price};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::ctx::{day_text, field_error, new_id, parse_day, today, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{item_kind_text, use_i18n, K};
use crate::Route;

fn progress_key(p: PoProgress) -> (&'static str, K) {
    match p {
        PoProgress::Unconfirmed => ("unconfirmed", K::PoUnconfirmed),
        PoProgress::Confirmed => ("confirmed", K::PoConfirmed),
        PoProgress::Partial => ("partial", K::PoPartial),
        PoProgress::Complete => ("complete", K::PoComplete),
    }
}

fn incoming_key(r: &IncomingResult) -> K {
    match r {
        IncomingResult::Accepted => K::IncAccepted,
        IncomingResult::AcceptedWithRemarks => K::IncAcceptedRemarks,
        IncomingResult::Rejected => K::IncRejected,
        _ => K::IncPending,
    }
}

/// Parses a quantity, naming the input when it is not one.
fn parse_qty(text: &str, field: Field) -> Result<Milli, (Field, Issue)> {
    text.trim()
        .parse::<Milli>()
        .map_err(|_| (field, Issue::NotANumber))
}

#[component]
pub fn PurchasingSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let supplier = RwSignal::new(String::new());
    let item = RwSignal::new(ItemKind::Fabric.code().to_string());
    let po_no = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let qty = RwSignal::new(String::new());
    let unit = RwSignal::new(String::new());
    // Over-delivery tolerance in percent (3 = 3 %): accepted goods beyond it are not paid.
    let tolerance = RwSignal::new(String::new());
    let price = RwSignal::new(String::new());
    // A PO's currency is its own (an RMB fabric PO on a USD order); blank means the order's.
    let po_currency = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);

    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = (|| {
            let q = parse_qty(&qty.get_untracked(), Field::Qty)?;
            let p = match price.get_untracked().trim() {
                "" => None,
                t => Some(
                    t.parse::<Price>()
                        .map_err(|_| (Field::UnitPrice, Issue::NotANumber))?,
                ),
            };
            let d = parse_day(&due.get_untracked())
                .map_err(|_| (Field::RequiredDate, Issue::NotADate))?;
            let cur = po_currency.get_untracked().trim().to_uppercase();
            if !cur.is_empty() && (cur.len() != 3 || !cur.chars().all(|c| c.is_ascii_uppercase())) {
                return Err((Field::Currency, Issue::NotACurrency));
            }
            let tol = match tolerance.get_untracked().trim() {
                "" => 0,
                t => t
                    .parse::<Price>()
                    .ok()
                    .and_then(|p| u32::try_from(p.ten_thousandths() / 100).ok())
                    .ok_or((Field::Qty, Issue::NotANumber))?,
            };
            Ok::<_, (Field, Issue)>((q, p, d, cur, tol))
        })();
        let (q, p, d, cur, tol) = match parsed {
            Ok(v) => v,
            Err((field, issue)) => {
                error.set(Some(field_error(i18n, field, issue)));
                return;
            }
        };
        let po = PurchaseOrder {
            po_no: po_no.get_untracked().trim().to_string(),
            supplier: supplier.get_untracked(),
            item: ItemKind::from_code(&item.get_untracked()),
            description: description.get_untracked().trim().to_string(),
            qty: q,
            unit: unit.get_untracked().trim().to_string(),
            due: d,
            tolerance_bp: tol,
            ..PurchaseOrder::default()
        };
        let po_id = new_id();
        spawn_local(async move {
            // The PO goes to the order document, which a factory may receive; its price only to
            // the commercial document.
            let pid = po_id.clone();
            let mut res = ctx.edit(move |o| purchasing::add(o, &pid, po)).await;
            if res.is_ok() && (p.is_some() || !cur.is_empty()) {
                res = ctx
                    .edit_commercial(move |c| {
                        c.po_prices.insert(
                            po_id,
                            PoPrice {
                                unit_price: p,
                                currency: cur,
                            },
                        );
                        Ok(())
                    })
                    .await;
            }
            match res {
                Ok(()) => {
                    error.set(None);
                    for s in [po_no, description, qty, price, po_currency] {
                        s.set(String::new());
                    }
                }
                // What was typed stays, so it can be corrected.
                Err(f) => error.set(Some(f.text)),
            }
        });
    };

    let suppliers = move || {
        ctx.workspace.with(|w| {
            [
                PartyKind::Supplier,
                PartyKind::Subcontractor,
                PartyKind::Factory,
            ]
            .iter()
            .flat_map(|k| w.parties_of(k))
            .map(|(id, p)| (id.clone(), p.name.clone()))
            .collect::<Vec<_>>()
        })
    };
    let summary = move || ctx.order.with(|o| purchasing::on_time_summary(o, today()));
    let ids = move || {
        ctx.order.with(|o| {
            purchasing::in_order(o)
                .into_iter()
                .map(|(id, _)| id.clone())
                .collect::<Vec<_>>()
        })
    };
    let sup_id = unique_id("po-supplier");
    let item_id = unique_id("po-item");
    view! {
        <section class="card section" data-testid="purchasing-section">
            <h3>{move || i18n.t(K::SecPurchasing)}</h3>
            {move || {
                let (late, on_time, decided) = summary();
                let any_late = late > 0;
                view! {
                    <p data-testid="po-summary" data-late=late.to_string()>
                        <span class:late-text=any_late>{late}" "{move || i18n.t(K::PoLateNow)}</span>
                        " · "{move || i18n.t(K::PoOnTimeRate)}" "{format!("{on_time}/{decided}")}
                    </p>
                }
            }}
            <Show when=move || ctx.order.with(|o| o.purchase_orders.is_empty())>
                <p class="muted">{move || i18n.t(K::NoPos)}</p>
            </Show>
            <ul class="records" data-testid="pos">
                <For each=ids key=|id| id.clone() let:id>
                    {
                        // The card reads its PO by id and is built again only when the PO changed.
                        let shown = Memo::new({
                            let id = id.clone();
                            move |_| ctx.order.with(|o| o.purchase_orders.get(&id).cloned())
                        });
                        move || shown.get().map(|po| view! { <PoCard ctx=ctx id=id.clone() po=po/> })
                    }
                </For>
            </ul>
            <form class="record-form" on:submit=add novalidate>
                <h4>{move || i18n.t(K::AddPo)}</h4>
                <Show when=move || suppliers().is_empty()>
                    <p class="gate-note warn-note" data-testid="po-no-suppliers">
                        {move || i18n.t(K::NoSuppliers)}" "
                        <a href=Route::Parties.href()>{move || i18n.t(K::PartiesTitle)}</a>
                    </p>
                </Show>
                <div class="grid">
                    <div class="field">
                        <label for=sup_id.clone()>{move || i18n.t(K::Supplier)}</label>
                        <select id=sup_id data-testid="po-supplier" on:change=move |ev| supplier.set(event_target_value(&ev))>
                            <option value="" selected=move || supplier.get().is_empty()>"—"</option>
                            {move || suppliers().into_iter().map(|(id, name)| {
                                let id2 = id.clone();
                                view! { <option value=id selected=move || supplier.get() == id2>{name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for=item_id.clone()>{move || i18n.t(K::ItemKindLabel)}</label>
                        <select id=item_id data-testid="po-item" on:change=move |ev| item.set(event_target_value(&ev))>
                            {ItemKind::KNOWN.iter().map(|k| {
                                let c = k.code().to_string();
                                let c2 = c.clone();
                                let k = k.clone();
                                view! { <option value=c selected=move || item.get() == c2>{move || item_kind_text(i18n.0.get(), &k)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <TextInput label=K::PoNo value=po_no testid="po-no"/>
                    <TextInput label=K::Description value=description testid="po-description"/>
                    <TextInput label=K::PoQty value=qty inputmode="decimal" testid="po-qty"/>
                    <TextInput label=K::Unit value=unit testid="po-unit"/>
                    <TextInput label=K::PoTolerance value=tolerance inputmode="decimal" testid="po-tolerance"/>
                    <Show when=move || !ctx.commercial_elsewhere.get()>
                        <TextInput label=K::UnitPrice value=price inputmode="decimal" testid="po-price"/>
                        <TextInput label=K::Currency value=po_currency testid="po-currency"/>
                    </Show>
                    <TextInput label=K::RequiredDate value=due kind="date" testid="po-due"/>
                </div>
                <ActionError error=error testid="po-error"/>
                <button type="submit" class="primary" data-testid="add-po">{move || i18n.t(K::AddPo)}</button>
            </form>
        </section>
    }
}

#[component]
fn PoCard(ctx: OrderCtx, id: String, po: PurchaseOrder) -> impl IntoView {
    let i18n = use_i18n();
    let pid = StoredValue::new(id);
    let now = today();
    let late = po.is_overdue(now);
    let (progress_class, progress_label) = progress_key(po.progress());
    let on_time = po.on_time(now);
    let unit = po.unit.clone();
    let error = RwSignal::new(None::<String>);

    // Confirmations.
    let channel = RwSignal::new(
        if po.written_confirmation.is_none() {
            ConfirmChannel::Written
        } else {
            ConfirmChannel::Phone
        }
        .code()
        .to_string(),
    );
    let confirm_on = RwSignal::new(today().to_string());
    let counterpart = RwSignal::new(String::new());
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(on) = parse_day(&confirm_on.get_untracked()) else {
            error.set(Some(field_error(
                i18n,
                Field::ConfirmedDate,
                Issue::NotADate,
            )));
            return;
        };
        let ch = ConfirmChannel::from_code(&channel.get_untracked());
        let c = Confirmation {
            by: who(),
            counterpart: counterpart.get_untracked().trim().to_string(),
            on,
            note: String::new(),
        };
        let id = pid.get_value();
        spawn_local(async move {
            let res = ctx
                .edit(move |o| purchasing::confirm(o, &id, &ch, c, today()))
                .await;
            error.set(res.err().map(|f| f.text));
        });
    };

    // Deliveries.
    let del_date = RwSignal::new(today().to_string());
    let del_qty = RwSignal::new(po.outstanding().to_string());
    let del_result = RwSignal::new(IncomingResult::Accepted.code().to_string());
    let del_note = RwSignal::new(String::new());
    let deliver = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(q) = parse_qty(&del_qty.get_untracked(), Field::DeliveryQty) else {
            error.set(Some(field_error(
                i18n,
                Field::DeliveryQty,
                Issue::NotANumber,
            )));
            return;
        };
        let Ok(d) = parse_day(&del_date.get_untracked()) else {
            error.set(Some(field_error(
                i18n,
                Field::DeliveryDate,
                Issue::NotADate,
            )));
            return;
        };
        let delivery = Delivery {
            date: d,
            qty: q,
            received_by: who(),
            inspection: IncomingResult::from_code(&del_result.get_untracked()),
            inspection_note: del_note.get_untracked().trim().to_string(),
        };
        let id = pid.get_value();
        spawn_local(async move {
            let res = ctx
                .edit(move |o| purchasing::record_delivery(o, &id, &new_id(), delivery, today()))
                .await;
            error.set(res.err().map(|f| f.text));
        });
    };
    let inspect = move |delivery: String, result: IncomingResult, note: String| {
        let id = pid.get_value();
        spawn_local(async move {
            let res = ctx
                .edit(move |o| purchasing::inspect_delivery(o, &id, &delivery, result, &note))
                .await;
            error.set(res.err().map(|f| f.text));
        });
    };

    // Payables (对账), where this device holds the order's money.
    let pay_due = RwSignal::new(String::new());
    let raise = move |_| {
        let Ok(due) = parse_day(&pay_due.get_untracked()) else {
            error.set(Some(field_error(
                i18n,
                Field::RequiredDate,
                Issue::NotADate,
            )));
            return;
        };
        let id = pid.get_value();
        let Some(po) = ctx
            .order
            .with_untracked(|o| o.purchase_orders.get(&id).cloned())
        else {
            return;
        };
        spawn_local(async move {
            let res = ctx
                .edit_commercial(move |c| c.add_payable_for_po(&new_id(), &id, &po, due))
                .await;
            match res {
                Ok(_) => error.set(None),
                Err(f) => error.set(Some(f.text)),
            }
        });
    };
    let payables = move || {
        let id = pid.get_value();
        ctx.commercial.with(|c| {
            c.as_ref()
                .map(|c| {
                    c.payables_for(&id)
                        .into_iter()
                        .map(|(k, p)| {
                            (
                                p.clone(),
                                c.payable_outstanding(k),
                                c.payable_currency(k).to_string(),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };

    let supplier = ctx
        .workspace
        .with_untracked(|w| w.party_name(&po.supplier).to_string());
    let item = po.item.clone();
    // Price, value and currency come from the commercial document, when this device has it.
    let po_for_value = po.clone();
    let value_id = pid.get_value();
    let value = move || {
        ctx.commercial.with(|c| {
            let c = c.as_ref()?;
            let price = c.po_price(&value_id)?;
            let cur = c.po_currency(&value_id);
            let a = po_for_value.value(price)?;
            Some(format!("{} × {cur} {price} = {cur} {a}", po_for_value.qty))
        })
    };
    let pay_cur = move || {
        ctx.commercial.with(|c| {
            c.as_ref()
                .map(|c| c.po_currency(&pid.get_value()).to_string())
                .unwrap_or_default()
        })
    };
    let confirm_line = |c: Option<&Confirmation>| {
        match c {
        Some(c) => view! {
            <span class="ok">"✓ "{day_text(c.on)}{(!c.counterpart.is_empty()).then(|| format!(" · {}", c.counterpart))}</span>
        }
        .into_any(),
        None => view! { <span class="bad">{move || i18n.t(K::NotYet)}</span> }.into_any(),
    }
    };
    let deliveries: Vec<(String, Delivery)> = po
        .deliveries_in_order()
        .into_iter()
        .map(|(k, d)| (k.clone(), d.clone()))
        .collect();
    let ch_id = unique_id("po-channel");
    let res_id = unique_id("del-result");
    let confirmed = po.is_confirmed();
    let complete = po.is_complete();
    let unit2 = unit.clone();
    view! {
        <li class=format!("record po {progress_class}") class:late=late data-testid="po"
            data-late=late.to_string() data-progress=progress_class data-po=po.po_no.clone()>
            <div class="ms-head">
                <strong>{po.label()}</strong>
                <span>
                    {late.then(|| view! { <span class="badge late" data-testid="po-late">{move || i18n.t(K::PoLate)}</span> })}" "
                    <span class=format!("badge {progress_class}") data-testid="po-progress">{move || i18n.t(progress_label)}</span>
                </span>
            </div>
            <dl class="facts">
                <dt>{move || i18n.t(K::Supplier)}</dt><dd data-testid="po-supplier-name">{supplier}" · "{move || item_kind_text(i18n.0.get(), &item)}</dd>
                <dt>{move || i18n.t(K::PoQty)}</dt><dd>{format!("{} {unit}", po.qty)}</dd>
                {move || value().map(|v| view! { <dt>{move || i18n.t(K::PoValue)}</dt><dd data-testid="po-value">{v}</dd> })}
                <dt>{move || i18n.t(K::RequiredDate)}</dt>
                <dd class:late-text=late data-testid="po-due">{day_text(po.due)}
                    {on_time.map(|ok| view! {
                        " "<span class=if ok { "ok" } else { "bad" } data-testid="po-on-time" data-ok=ok.to_string()>
                            {move || i18n.t(if ok { K::PoOnTime } else if complete { K::PoDeliveredLate } else { K::PoLate })}
                        </span>
                    })}
                </dd>
                <dt>{move || i18n.t(K::PoReceived)}</dt><dd data-testid="po-received">{format!("{} {}", po.received(), po.unit)}</dd>
                {(po.over_delivery().thousandths() > 0).then(|| view! {
                    <dt>{move || i18n.t(K::PoOverDelivered)}</dt>
                    <dd class="bad" data-testid="po-over-delivered">{format!("{} {}", po.over_delivery(), po.unit)}</dd>
                })}
                <dt>{move || i18n.t(K::PoOutstanding)}</dt><dd data-testid="po-outstanding">{format!("{} {}", po.outstanding(), po.unit)}</dd>
                <dt>{move || i18n.t(K::ConfirmWritten)}</dt><dd data-testid="po-written">{confirm_line(po.written_confirmation.as_ref())}</dd>
                <dt>{move || i18n.t(K::ConfirmPhone)}</dt><dd data-testid="po-phone">{confirm_line(po.phone_confirmation.as_ref())}</dd>
            </dl>
            {(!confirmed).then(|| view! {
                <form class="inline-form" on:submit=confirm novalidate>
                    <div class="field">
                        <label for=ch_id.clone()>{move || i18n.t(K::ConfirmChannelLabel)}</label>
                        <select id=ch_id data-testid="po-confirm-channel" on:change=move |ev| channel.set(event_target_value(&ev))>
                            {[(ConfirmChannel::Written, K::ConfirmWritten), (ConfirmChannel::Phone, K::ConfirmPhone)].into_iter().map(|(c, k)| {
                                let code = c.code().to_string();
                                let code2 = code.clone();
                                view! { <option value=code selected=move || channel.get() == code2>{move || i18n.t(k)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <TextInput label=K::ConfirmedDate value=confirm_on kind="date" testid="po-confirm-date"/>
                    <TextInput label=K::Counterpart value=counterpart testid="po-confirm-who"/>
                    <button type="submit" data-testid="po-confirm">{move || i18n.t(K::RecordConfirmation)}</button>
                </form>
            })}
            <h4>{move || i18n.t(K::Deliveries)}</h4>
            <ul class="log" data-testid="deliveries">
                {deliveries.into_iter().map(|(did, d)| {
                    let sel = unique_id("delivery-inspection");
                    let current = d.inspection.code().to_string();
                    let note = d.inspection_note.clone();
                    view! {
                        <li class="delivery" class:bad=d.inspection == IncomingResult::Rejected data-testid="delivery">
                            <span>{format!("{} · {} {} · {}", day_text(d.date), d.qty, unit2, d.received_by)}</span>
                            {(!note.is_empty()).then(|| view! { <span class="muted">{format!(" · {note}")}</span> })}
                            <div class="field compact">
                                <label for=sel.clone()>{move || i18n.t(K::IncomingInspection)}</label>
                                <select id=sel data-testid="delivery-inspection" on:change=move |ev| {
                                    inspect(did.clone(), IncomingResult::from_code(&event_target_value(&ev)), note.clone())
                                }>
                                    {IncomingResult::KNOWN.iter().map(|r| {
                                        let c = r.code().to_string();
                                        let k = incoming_key(r);
                                        view! { <option value=c.clone() selected=c == current>{move || i18n.t(k)}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {(!complete).then(|| view! {
                <form class="inline-form" on:submit=deliver novalidate>
                    <TextInput label=K::DeliveryDate value=del_date kind="date" testid="del-date"/>
                    <TextInput label=K::DeliveryQty value=del_qty inputmode="decimal" testid="del-qty"/>
                    <div class="field">
                        <label for=res_id.clone()>{move || i18n.t(K::IncomingInspection)}</label>
                        <select id=res_id data-testid="del-result" on:change=move |ev| del_result.set(event_target_value(&ev))>
                            {IncomingResult::KNOWN.iter().map(|r| {
                                let c = r.code().to_string();
                                let c2 = c.clone();
                                let k = incoming_key(r);
                                view! { <option value=c selected=move || del_result.get() == c2>{move || i18n.t(k)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <TextInput label=K::Note value=del_note testid="del-note"/>
                    <button type="submit" data-testid="record-delivery">{move || i18n.t(K::RecordDelivery)}</button>
                </form>
            })}
            <Show when=move || !ctx.commercial_elsewhere.get()>
                <h4>{move || i18n.t(K::PoPayables)}</h4>
                <ul class="log" data-testid="po-payables">
                    {move || payables().into_iter().map(|(p, unpaid, pcur)| view! {
                        <li data-testid="po-payable" data-credit=p.is_credit().to_string()>
                            {p.is_credit().then(|| view! { <span class="bad">{move || i18n.t(K::PayableCredit)}" "</span> })}
                            {format!("{}{} {}", if p.is_credit() { "−" } else { "" }, pcur, p.amount)}
                            {p.due.map(|d| format!(" · {} {d}", i18n.t(K::DueDate)))}" · "
                            {move || i18n.t(K::Unpaid)}{format!(" {unpaid}")}
                        </li>
                    }).collect_view()}
                </ul>
                {move || {
                    let id = pid.get_value();
                    ctx.commercial
                        .with(|c| c.as_ref().map(|c| c.credit_balance(&id)))
                        .filter(|b| *b > Price::ZERO)
                        .map(|b| view! { <p class="bad" data-testid="po-credit-balance">{move || i18n.t(K::PoCreditBalance)}{format!(" {} {b}", pay_cur())}</p> })
                }}
                <div class="inline-form">
                    <TextInput label=K::DueDate value=pay_due kind="date" testid="po-payable-due"/>
                    <button type="button" data-testid="raise-payable" on:click=raise>{move || i18n.t(K::RaisePayable)}</button>
                </div>
                <super::payment_form::PaymentForm ctx=ctx po_id=pid.get_value()/>
            </Show>
            <ActionError error=error testid="po-card-error"/>
        </li>
    }
}
