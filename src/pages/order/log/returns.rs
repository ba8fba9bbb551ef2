//! 不良品退货 under one complaint: the pieces the buyer sent back, each with what becomes of
//! them, and — while the complaint is open — the form that records one more. The rules (an open
//! complaint, a day that has come, never more pieces than the complaint found defective) are the
//! domain's (`goods_returns::record`); this reads what is typed and says how many may still come.

use gendan_domain::goods_returns::{self, Disposition, NewReturn};
use gendan_domain::order::{Field, Issue};
use leptos::prelude::*;

use super::super::ctx::{field_error, parse_day, who, OrderCtx};
use super::return_row::ReturnRow;
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{disposition_key, fill, use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;

const DISPOSITIONS: [Disposition; 3] = [
    Disposition::Rework,
    Disposition::Replace,
    Disposition::Scrap,
];

#[component]
pub fn ComplaintReturns(ctx: OrderCtx, complaint: String) -> impl IntoView {
    let i18n = use_i18n();
    let cid = StoredValue::new(complaint);
    let rows = move || {
        ctx.order.with(|o| {
            goods_returns::of_complaint(o, &cid.read_value())
                .into_iter()
                .map(|(id, r)| (id.clone(), r.clone()))
                .collect::<Vec<_>>()
        })
    };
    // What may still come back, while the complaint is open (0 once it is not). A memo, so
    // the form stays open, with what is typed in it, while the order changes around it.
    let left = Memo::new(move |_| {
        ctx.order.with(|o| {
            let id = cid.read_value();
            o.complaints
                .get(id.as_str())
                .filter(|c| c.is_open())
                .map_or(0, |c| {
                    goods_returns::most_returnable(o, c)
                        .saturating_sub(goods_returns::returned_on(o, &id))
                })
        })
    });
    view! {
        <div class="returns" data-testid="complaint-returns">
            <Show when=move || !rows().is_empty()>
                <h4>{move || i18n.t(K::ReturnsTitle)}</h4>
                <ul class="log">
                    <For each=rows key=|(id, r)| (id.clone(), format!("{r:?}")) let:row>
                        <ReturnRow ctx=ctx id=row.0 r=row.1/>
                    </For>
                </ul>
            </Show>
            <Show when=move || { left.get() > 0 }>
                <ReturnForm ctx=ctx complaint=cid.get_value() left=left/>
            </Show>
        </div>
    }
}

/// Records pieces sent back under the complaint; folded, as most complaints have none.
#[component]
fn ReturnForm(ctx: OrderCtx, complaint: String, left: Memo<u64>) -> impl IntoView {
    let i18n = use_i18n();
    let qty = RwSignal::new(String::new());
    let day = RwSignal::new(platform::today().to_string());
    let disposition = RwSignal::new(Disposition::Rework.code().to_string());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let cid = StoredValue::new(complaint);
    let record = submit_action(
        error,
        move |(q, d, disp, n): (u64, gendan_domain::Day, Disposition, String)| {
            let (id, me, c) = (platform::new_record_id(), who(), cid.get_value());
            ctx.edit(move |o| {
                goods_returns::record(
                    o,
                    &id,
                    NewReturn {
                        complaint: &c,
                        qty: q,
                        received: d,
                        disposition: disp.clone(),
                        note: &n,
                        who: &me,
                        today: platform::today(),
                    },
                )
            })
        },
        move |()| {
            qty.set(String::new());
            note.set(String::new());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = match typed::whole(i18n, qty.get_untracked().trim(), u64::MAX) {
            Ok(q) => q,
            Err(e) => {
                error.set(Some(format!("{}: {e}", i18n.t(K::ReturnQty))));
                return;
            }
        };
        let Ok(Some(d)) = parse_day(&day.get_untracked()) else {
            error.set(Some(field_error(i18n, Field::ReturnDay, Issue::NotADate)));
            return;
        };
        let disp = Disposition::from_code(&disposition.get_untracked());
        record.dispatch((q, d, disp, note.get_untracked()));
    };
    let sel = unique_id("return-disposition");
    view! {
        <details class="fold-more">
            <summary data-testid="return-open">{move || i18n.t(K::RecordReturn)}</summary>
            <form class="inline-form" on:submit=submit novalidate data-testid="return-form">
                <p class="muted small" data-testid="returns-left">{move || fill(i18n.t(K::ReturnsLeft), &[("max", &left.get().to_string())])}</p>
                <TextInput label=K::ReturnQty value=qty inputmode="numeric" testid="return-qty"/>
                <TextInput label=K::ReturnDay value=day kind="date" testid="return-day"/>
                <div class="field">
                    <label for=sel.clone()>{move || i18n.t(K::ReturnDisposition)}</label>
                    <select id=sel data-testid="return-disposition" on:change=move |ev| disposition.set(event_target_value(&ev))>
                        {DISPOSITIONS.into_iter().map(|d| {
                            let c = d.code().to_string();
                            let c2 = c.clone();
                            view! { <option value=c selected=move || disposition.get() == c2>{move || i18n.t(disposition_key(&d))}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <TextInput label=K::ReturnNote value=note testid="return-note" factory_reads=true/>
                <button type="submit" data-testid="return-record">{move || i18n.t(K::RecordReturn)}</button>
                <ActionError error=error testid="return-error"/>
            </form>
        </details>
    }
}
