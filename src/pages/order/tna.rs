//! Time & Action: apply a workspace template, follow milestones planned against actual (late in
//! red, at risk in amber, judged on today's date), record actual dates and write delay reports.

use gendan_domain::tna::{self, DelayReport, MilestoneStatus};
use gendan_domain::{Day, DomainError, RecordId};
use leptos::prelude::*;

use super::ctx::{day_text, parse_day, time_text, who, OrderCtx};
use super::tna_warnings::OutOfOrderWarnings;
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::pages::action::{edit_action, submit_action};
use crate::platform;

#[component]
pub fn TnaSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let template = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let apply_action = edit_action(error, move |t: tna::TnaTemplate| {
        ctx.edit(move |o| {
            tna::apply_template(o, &t, || {
                RecordId::from_random(platform::random_bytes::<8>())
            });
            Ok::<_, DomainError>(())
        })
    });
    let apply = move |_| {
        let key = template.get_untracked();
        let t = ctx.workspace.with_untracked(|w| {
            w.templates
                .get(&key)
                .or_else(|| w.templates.values().next())
                .cloned()
        });
        let Some(t) = t else {
            error.set(Some(i18n.t(K::NoTemplates).to_string()));
            return;
        };
        apply_action.dispatch_local(t);
    };
    let ids = move || {
        ctx.order.with(|o| {
            tna::in_order(o)
                .into_iter()
                .map(|(id, _)| id.clone())
                .collect::<Vec<_>>()
        })
    };
    // A row reads its milestone by id and is built again only when what it shows changed.
    let row = move |id: &str| {
        let risk = ctx.workspace.with(|w| w.settings.at_risk_days);
        let now = platform::today();
        ctx.order.with(|o| {
            o.milestones
                .get(id)
                .map(|m| (m.clone(), m.status(now, risk)))
        })
    };
    // Changing the ex-factory date: a reason, the milestones it would re-plan, and the history.
    let xf_new = RwSignal::new(String::new());
    let xf_reason = RwSignal::new(String::new());
    let xf_replan = RwSignal::new(true);
    let xf_offer = move || {
        let Ok(Some(d)) = parse_day(&xf_new.get()) else {
            return 0;
        };
        ctx.order.with(|o| tna::ex_factory_replan_offer(o, d).len())
    };
    let change_action = submit_action(
        error,
        move |(d, change, replan): (Day, tna::ExFactoryChange, bool)| {
            ctx.edit(move |o| {
                tna::change_ex_factory(o, &platform::new_record_id(), d, change, replan)
            })
        },
        move |()| {
            xf_new.set(String::new());
            xf_reason.set(String::new());
        },
    );
    let change_xf = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(Some(d)) = parse_day(&xf_new.get_untracked()) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        if xf_reason.get_untracked().trim().is_empty() {
            error.set(Some(format!(
                "{}: {}",
                i18n.t(K::ExFactoryChangeReason),
                i18n.t(K::ErrRequired)
            )));
            return;
        }
        let change = tna::ExFactoryChange {
            by: who(),
            at_ms: (platform::now_ms() as i64),
            reason: xf_reason.get_untracked().trim().to_string(),
            ..tna::ExFactoryChange::default()
        };
        change_action.dispatch_local((d, change, xf_replan.get_untracked()));
    };
    let xf_log = move || {
        ctx.order.with(|o| {
            tna::ex_factory_changes(o)
                .into_iter()
                .map(|(_, c)| c.clone())
                .collect::<Vec<_>>()
        })
    };
    let tid = unique_id("tpl");
    view! {
        <section class="card section" data-testid="tna-section">
            <h3>{move || i18n.t(K::SecTna)}</h3>
            <div class="inline-form">
                <div class="field">
                    <label for=tid.clone()>{move || i18n.t(K::Template)}</label>
                    <select id=tid data-testid="tna-template" on:change=move |ev| template.set(event_target_value(&ev))>
                        {move || ctx.workspace.with(|w| w.templates.iter().map(|(k, t)| (k.clone(), t.name.clone())).collect::<Vec<_>>())
                            .into_iter().map(|(k, name)| view! { <option value=k>{name}</option> }).collect_view()}
                    </select>
                </div>
                <button type="button" data-testid="apply-template" on:click=apply>{move || i18n.t(K::ApplyTemplate)}</button>
            </div>
            <form class="inline-form" on:submit=change_xf novalidate>
                <TextInput label=K::NewExFactory value=xf_new kind="date" testid="xf-new"/>
                <TextInput label=K::ExFactoryChangeReason value=xf_reason testid="xf-reason"/>
                <label>
                    <input type="checkbox" data-testid="xf-replan" prop:checked=move || xf_replan.get()
                        on:change=move |ev| xf_replan.set(event_target_checked(&ev))/>
                    " "{move || i18n.t(K::ReplanMilestones)}{move || format!(" ({})", xf_offer())}
                </label>
                <button type="submit" data-testid="xf-change">{move || i18n.t(K::ChangeExFactory)}</button>
            </form>
            {move || ctx.order.with(|o| o.confirmed_ex_factory).map(|d| view! {
                <p class="muted" data-testid="xf-confirmed">{move || i18n.t(K::ConfirmedExFactory)}": "{d.to_string()}</p>
            })}
            <ul class="log" data-testid="xf-changes">
                {move || xf_log().into_iter().map(|c| view! {
                    <li data-testid="xf-change-entry">{format!("{} → {} · {} · {} · {}", day_text(c.from), day_text(c.to), c.by, time_text(c.at_ms), c.reason)}</li>
                }).collect_view()}
            </ul>
            <ActionError error=error testid="tna-error"/>
            <Show when=move || ctx.order.with(|o| o.milestones.is_empty())>
                <p class="muted">{move || i18n.t(K::NoMilestones)}</p>
            </Show>
            <OutOfOrderWarnings ctx=ctx/>
            <ul class="milestones" data-testid="milestones">
                <For each=ids key=|id| id.clone() let:id>
                    {
                        let shown = Memo::new({
                            let id = id.clone();
                            move |_| row(&id)
                        });
                        move || shown.get().map(|(m, status)| view! {
                            <MilestoneRow ctx=ctx id=id.clone() m=m status=status/>
                        })
                    }
                </For>
            </ul>
        </section>
    }
}

#[component]
fn MilestoneRow(
    ctx: OrderCtx,
    id: String,
    m: tna::Milestone,
    status: MilestoneStatus,
) -> impl IntoView {
    let i18n = use_i18n();
    let (class, label) = match status {
        MilestoneStatus::Done => ("done", K::MsDone),
        MilestoneStatus::Unplanned => ("unplanned", K::MsUnplanned),
        MilestoneStatus::OnTrack => ("on-track", K::MsOnTrack),
        MilestoneStatus::AtRisk => ("at-risk", K::MsAtRisk),
        MilestoneStatus::Late => ("late", K::MsLate),
    };
    let actual = RwSignal::new(day_text(m.actual.or(Some(platform::today()))));
    let error = RwSignal::new(None::<String>);
    let cause = RwSignal::new(String::new());
    let new_date = RwSignal::new(String::new());
    let informed = RwSignal::new(String::new());
    let open_delay = RwSignal::new(false);
    let id_a = id.clone();
    let record_action = edit_action(error, move |day: Day| {
        let mid = id_a.clone();
        ctx.edit(move |o| {
            let m = o
                .milestones
                .get_mut(&mid)
                .ok_or_else(|| DomainError::not_found("milestone", &mid))?;
            m.actual = Some(day);
            Ok(())
        })
    });
    let record = move |_| {
        let Ok(Some(day)) = parse_day(&actual.get_untracked()) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        record_action.dispatch_local(day);
    };
    let id_d = id.clone();
    let report_action = submit_action(
        error,
        move |r: DelayReport| {
            let mid = id_d.clone();
            let risk = ctx.workspace.with_untracked(|w| w.settings.at_risk_days);
            ctx.edit(move |o| {
                tna::report_delay(
                    o,
                    &mid,
                    &platform::new_record_id(),
                    r,
                    platform::today(),
                    risk,
                )
            })
        },
        move |()| {
            open_delay.set(false);
            cause.set(String::new());
        },
    );
    let report = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(nd) = parse_day(&new_date.get_untracked()) else {
            error.set(Some(i18n.t(K::ErrNotDate).to_string()));
            return;
        };
        let r = DelayReport {
            cause: cause.get_untracked(),
            new_date: nd,
            informed: informed.get_untracked(),
            reported_by: who(),
            reported_ms: (platform::now_ms() as i64),
        };
        report_action.dispatch_local(r);
    };
    let delays: Vec<DelayReport> = {
        let mut v: Vec<_> = m.delays.values().cloned().collect();
        v.sort_by_key(|d| d.reported_ms);
        v
    };
    // A delay report may be filed as soon as the milestone is at risk.
    let is_late = matches!(status, MilestoneStatus::Late | MilestoneStatus::AtRisk);
    let done = m.actual.is_some();
    view! {
        <li class=format!("milestone {class}") data-testid="milestone" data-code=m.code.clone() data-status=class>
            <div class="ms-head">
                <strong>{m.name.clone()}</strong>
                <span class=format!("badge {class}")>{move || i18n.t(label)}</span>
            </div>
            <div class="ms-dates">
                <span>{move || i18n.t(K::Planned)}": "{day_text(m.planned)}</span>
                {m.due().filter(|d| Some(*d) != m.planned).map(|d| view! { <span>{move || i18n.t(K::NewDate)}": "{d.to_string()}</span> })}
                <span>{move || i18n.t(K::Actual)}": "{day_text(m.actual)}</span>
            </div>
            {(!done).then(|| view! {
                <div class="inline-form">
                    <TextInput label=K::ActualDate value=actual kind="date" testid="ms-actual"/>
                    <button type="button" data-testid="ms-record" on:click=record>{move || i18n.t(K::RecordActual)}</button>
                    {is_late.then(|| view! {
                        <button type="button" class="warn" data-testid="ms-delay" on:click=move |_| open_delay.update(|o| *o = !*o)>
                            {move || i18n.t(K::WriteDelayReport)}
                        </button>
                    })}
                </div>
            })}
            <Show when=move || open_delay.get()>
                <form class="delay-form" on:submit=report novalidate>
                    <TextInput label=K::DelayCause value=cause testid="delay-cause"/>
                    <TextInput label=K::NewDate value=new_date kind="date" testid="delay-new-date"/>
                    <TextInput label=K::Informed value=informed testid="delay-informed"/>
                    <button type="submit" data-testid="delay-save">{move || i18n.t(K::Save)}</button>
                </form>
            </Show>
            <ActionError error=error/>
            {(!delays.is_empty()).then(|| view! {
                <ul class="log">
                    {delays.into_iter().map(|d| view! {
                        <li>{format!("{} · {} → {} ({})", d.reported_by, d.cause, day_text(d.new_date), d.informed)}</li>
                    }).collect_view()}
                </ul>
            })}
        </li>
    }
}
