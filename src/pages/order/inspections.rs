//! The order's inspections: each with its kind, date and derived verdict, and a way to start one.

use gendan_domain::inspection::{
    may_start_final, next_final_lot_for_factory, record_corrective_action, CorrectiveAction,
    Inspection, InspectionKind, Verdict,
};
use gendan_domain::DomainError;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::ctx::{code_text, day_text, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;
use crate::{navigate, Route};

pub(crate) fn verdict_key(v: Result<Verdict, DomainError>) -> (&'static str, K) {
    match v {
        Ok(Verdict::Pass) => ("pass", K::VerdictPass),
        Ok(Verdict::Fail) => ("fail", K::VerdictFail),
        Ok(Verdict::Pending) => ("pending", K::VerdictPending),
        Err(_) => ("pending", K::VerdictUnknown),
    }
}

#[component]
pub fn InspectionsSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(InspectionKind::Final.code().to_string());
    let lot = RwSignal::new(
        ctx.order
            .with_untracked(|o| o.quantities.total().to_string()),
    );
    let error = RwSignal::new(None::<String>);
    // The switching rules run over the factory's lots in every order: the final inspections of
    // this factory's other orders, gathered once in the background.
    let others = RwSignal::new(Vec::<(String, gendan_domain::Order)>::new());
    {
        let factory = ctx
            .order
            .with_untracked(|o| o.factory.clone().unwrap_or_default());
        let this = ctx.id();
        let summary_factory = factory.clone();
        if let Some(repo) = crate::state::store::use_store().repo() {
            if !factory.is_empty() {
                spawn_local(async move {
                    let mut found = Vec::new();
                    repo.scan_orders(
                        // Final lots are recorded against the order's factory: only its orders.
                        |s| s.id != this && s.factory == summary_factory,
                        async |_, _| {
                            platform::yield_now().await;
                            others.try_get_untracked().is_some()
                        },
                        |id, o, _| {
                            let inspections: std::collections::BTreeMap<_, _> = o
                                .inspections
                                .iter()
                                .filter(|(_, i)| {
                                    i.factory == factory && i.kind == InspectionKind::Final
                                })
                                .map(|(k, i)| (k.clone(), i.clone()))
                                .collect();
                            if !inspections.is_empty() {
                                let mut lots = gendan_domain::Order::new();
                                lots.inspections = inspections;
                                found.push((id.to_string(), lots));
                            }
                        },
                    )
                    .await;
                    let _ = others.try_set(found);
                });
            }
        }
    }
    let corrective = RwSignal::new(String::new());
    let record_corrective = submit_action(
        error,
        move |a: CorrectiveAction| {
            ctx.edit_workspace(move |w| {
                record_corrective_action(&mut w.corrective_actions, &platform::new_record_id(), a)
            })
        },
        move |()| corrective.set(String::new()),
    );
    let correct = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let a = CorrectiveAction {
            factory: ctx
                .order
                .with_untracked(|o| o.factory.clone().unwrap_or_default()),
            by: who(),
            on: Some(platform::today()),
            action: corrective.get_untracked().trim().to_string(),
        };
        record_corrective.dispatch_local(a);
    };
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = match typed::whole(i18n, &lot.get_untracked(), u64::from(u32::MAX)) {
            Ok(l) => l as u32,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        let k = InspectionKind::from_code(&kind.get_untracked());
        let iid = platform::new_record_id();
        let iid2 = iid.clone();
        let actions = ctx
            .workspace
            .with_untracked(|w| w.corrective_actions.clone());
        let oid = ctx.id();
        let other_lots = others.get_untracked();
        spawn_local(async move {
            let res = ctx
                .edit(move |o| {
                    let factory = o.factory.clone().unwrap_or_default();
                    // A final lot is inspected at the stringency the switching rules give it,
                    // and none starts while acceptance at the factory is discontinued.
                    let stringency = if k == InspectionKind::Final {
                        let all = std::iter::once((oid.as_str(), &*o))
                            .chain(other_lots.iter().map(|(id, l)| (id.as_str(), l)));
                        let next = next_final_lot_for_factory(all, &factory, actions.values());
                        may_start_final(&next)?;
                        next.stringency
                    } else {
                        Default::default()
                    };
                    o.inspections.insert(
                        iid2,
                        Inspection {
                            kind: k,
                            factory,
                            inspector: who(),
                            scheduled: Some(platform::today()),
                            lot_size: l,
                            stringency,
                            ..Inspection::default()
                        },
                    );
                    Ok::<_, DomainError>(())
                })
                .await;
            match res {
                Ok(()) => navigate(&Route::Inspection(ctx.id(), iid)),
                Err(f) => error.set(Some(f.text)),
            }
        });
    };
    let rows = move || {
        ctx.order.with(|o| {
            let mut v: Vec<_> = o
                .inspections
                .iter()
                .map(|(id, i)| (id.clone(), i.clone()))
                .collect();
            v.sort_by(|a, b| (a.1.scheduled, &a.0).cmp(&(b.1.scheduled, &b.0)));
            v
        })
    };
    let kid = unique_id("kind");
    view! {
        <section class="card section" data-testid="qc-section">
            <h3>{move || i18n.t(K::SecQc)}</h3>
            <ul class="inspections">
                {move || rows().into_iter().map(|(id, i)| {
                    let (class, label) = verdict_key(i.verdict());
                    let href = Route::Inspection(ctx.id(), id.clone()).href();
                    view! {
                        <li>
                            <a class="row-link" href=href data-testid="inspection-link" data-verdict=class>
                                <span>{code_text(i18n, i.kind.code())}</span>
                                <span class="muted">{day_text(i.date.or(i.scheduled))}</span>
                                <span class=format!("badge {class}")>{move || i18n.t(label)}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="inline-form" on:submit=start novalidate>
                <div class="field">
                    <label for=kid.clone()>{move || i18n.t(K::InspectionKind)}</label>
                    <select id=kid data-testid="new-inspection-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                        {[InspectionKind::PreProduction, InspectionKind::Inline, InspectionKind::Final].into_iter().map(|k| {
                            let c = k.code().to_string();
                            let c2 = c.clone();
                            view! { <option value=c.clone() selected=move || kind.get() == c2>{code_text(i18n, &c)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <TextInput label=K::LotSize value=lot inputmode="numeric" testid="new-inspection-lot"/>
                <button type="submit" class="primary" data-testid="new-inspection">{move || i18n.t(K::StartInspection)}</button>
            </form>
            {move || {
                let oid = ctx.id();
                let next = others.with(|rest| ctx.workspace.with(|w| ctx.order.with(|o| {
                    let all = std::iter::once((oid.as_str(), o))
                        .chain(rest.iter().map(|(id, l)| (id.as_str(), l)));
                    next_final_lot_for_factory(all, o.factory.as_deref().unwrap_or_default(), w.corrective_actions.values())
                })));
                let warn = next.discontinued;
                view! {
                    <p class:muted=!warn class:error-text=warn data-testid="next-stringency" data-stringency=next.stringency.code().to_string()>
                        {move || i18n.t(K::NextFinalLot)}" "
                        <strong>{code_text(i18n, next.stringency.code())}</strong>
                        {warn.then(|| view! { " — " {move || i18n.t(K::AcceptanceDiscontinued)} })}
                    </p>
                    {warn.then(|| view! {
                        <form class="inline-form" on:submit=correct novalidate>
                            <TextInput label=K::CorrectiveAction value=corrective testid="corrective-action"/>
                            <button type="submit" data-testid="record-corrective-action">{move || i18n.t(K::RecordCorrectiveAction)}</button>
                        </form>
                    })}
                }
            }}
            <ActionError error=error/>
        </section>
    }
}
