//! 紧急物料 and 交货跟进与反馈 on a PO's card: whether its material is urgent and why, each chase
//! of the supplier with what it said and the day it promised, and the forms that record them.
//! The rules are `gendan_domain::purchasing::{follow_up, set_urgent}`.

use gendan_domain::order::{Field, Issue};
use gendan_domain::purchasing::{self, FollowUp, PurchaseOrder};
use leptos::prelude::*;

use super::super::ctx::{field_error, parse_day, who, OrderCtx};
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::{edit_action, submit_action};
use crate::platform;
use crate::state::kept_input::kept_text;

/// A chase as shown: day · who: what the supplier said · promised day.
fn follow_up_text(f: &FollowUp, promised: &str) -> String {
    let day = f.day.map(|d| d.to_string()).unwrap_or_default();
    let mut text = format!("{day} · {}: {}", f.who, f.note);
    if let Some(p) = f.promised {
        text.push_str(" · ");
        text.push_str(&fill(promised, &[("day", &p.to_string())]));
    }
    text
}

#[component]
pub fn FollowUps(
    ctx: OrderCtx,
    po_id: String,
    po: PurchaseOrder,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = |field: &str| format!("po:{po_id}/chase-{field}");
    let note = kept_text(&key("note"), String::new);
    let on = kept_text(&key("on"), || platform::today().to_string());
    let promised = kept_text(&key("promised"), String::new);
    let reason = kept_text(&key("urgent-reason"), String::new);
    let id = StoredValue::new(po_id);
    let open = !po.is_complete();
    let record = submit_action(
        error,
        move |f: FollowUp| {
            let id = id.get_value();
            ctx.edit(move |o| {
                purchasing::follow_up(o, &id, &platform::new_record_id(), f, platform::today())
            })
        },
        move |()| {
            let _ = note.try_set(String::new());
            let _ = promised.try_set(String::new());
        },
    );
    let urgent = edit_action(error, move |why: Option<String>| {
        let id = id.get_value();
        let me = who();
        ctx.edit(move |o| purchasing::set_urgent(o, &id, why.as_deref(), &me, platform::today()))
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Ok(day), Ok(promise)) = (
            parse_day(&on.get_untracked()),
            parse_day(&promised.get_untracked()),
        ) else {
            let field = if parse_day(&on.get_untracked()).is_err() {
                Field::FollowUpDate
            } else {
                Field::PromisedDate
            };
            error.set(Some(field_error(i18n, field, Issue::NotADate)));
            return;
        };
        record.dispatch(FollowUp {
            day,
            who: who(),
            note: note.get_untracked(),
            promised: promise,
        });
    };
    // Worded inside the view, so a change of language rewords them.
    let chases: Vec<_> = po
        .follow_ups_in_order()
        .into_iter()
        .map(|(_, f)| {
            let f = f.clone();
            move || follow_up_text(&f, i18n.t(K::PromisedOn))
        })
        .collect();
    let marked = po.urgent.clone().filter(|_| open).map(|u| {
        let since = u.since.map(|d| d.to_string()).unwrap_or_default();
        let text = move || {
            fill(
                i18n.t(K::UrgentSince),
                &[("day", &since), ("who", &u.who), ("reason", &u.reason)],
            )
        };
        view! {
            <p class="warn-note" data-testid="po-urgent">
                {text}" "
                <button type="button" data-testid="po-not-urgent" on:click=move |_| urgent.dispatch(None)>
                    {move || i18n.t(K::NotUrgent)}
                </button>
            </p>
        }
    });
    let unmarked = po.urgent.is_none() && open;
    view! {
        {marked}
        <h4>{move || i18n.t(K::FollowUps)}</h4>
        <ul class="log" data-testid="po-follow-ups">
            {chases.into_iter().map(|t| view! { <li data-testid="po-follow-up">{t}</li> }).collect_view()}
        </ul>
        {open.then(|| view! {
            <form class="inline-form" on:submit=submit novalidate>
                <TextInput label=K::FollowUpNote value=note testid="fu-note" factory_reads=true/>
                <TextInput label=K::FollowUpDate value=on kind="date" testid="fu-date"/>
                <TextInput label=K::PromisedDate value=promised kind="date" testid="fu-promised"/>
                <button type="submit" data-testid="fu-add">{move || i18n.t(K::RecordFollowUp)}</button>
            </form>
        })}
        {unmarked.then(|| view! {
            <div class="inline-form">
                <TextInput label=K::UrgentReason value=reason testid="po-urgent-reason" factory_reads=true/>
                <button type="button" class="warn" data-testid="po-mark-urgent"
                    on:click=move |_| urgent.dispatch(Some(reason.get_untracked()))>
                    {move || i18n.t(K::MarkUrgent)}
                </button>
            </div>
        })}
    }
}
