//! The order's shipment allowance (short / over, in percent, read strictly to a tenth): the
//! workspace's unless the order has its own, with the quantity range it makes; and marking the
//! order fully shipped, which outside that range needs a reason (`shipped::mark_complete`).
//! Widening the allowance needs a reason too, logged (`shipped::set_allowance`): otherwise a
//! wider one would let the order count as complete without any.

use std::rc::Rc;

use gendan_domain::order::Field;
use gendan_domain::shipped::{self, percent_text, AllowanceBy, Tolerance};
use gendan_domain::Workspace;
use leptos::prelude::*;

use super::super::ctx::{who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{fill, problem_text, use_i18n, K};
use crate::platform;

/// The workspace's `(short, over)` per mille.
pub fn workspace_allowance(w: &Workspace) -> (u32, u32) {
    (
        w.settings.short_ship_permille,
        w.settings.over_ship_permille,
    )
}

#[component]
pub fn ToleranceForm(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let edit = ctx.edit_action(error);
    let tol = Memo::new(move |_| {
        let ws = ctx.workspace.with(workspace_allowance);
        ctx.order.with(|o| {
            (
                o.ship_tolerance,
                shipped::allowance(o, ws),
                o.quantities.total(),
            )
        })
    });
    // Filled with what applies, so saving unchanged keeps it (as the order's own).
    let (_, t0, _) = tol.get_untracked();
    let short = RwSignal::new(percent_text(t0.short_permille));
    let over = RwSignal::new(percent_text(t0.over_permille));
    let reason = RwSignal::new(String::new());
    let widen_reason = RwSignal::new(String::new());
    // Through the domain, which asks a reason for widening what applies and logs it.
    let set = move |own: Option<Tolerance>| {
        let ws = ctx.workspace.with_untracked(workspace_allowance);
        let (why, me, id) = (
            widen_reason.get_untracked(),
            who(),
            platform::new_record_id(),
        );
        widen_reason.set(String::new());
        edit.dispatch(Rc::new(move |o| {
            let by = AllowanceBy {
                who: &me,
                today: platform::today(),
                reason: &why,
                change_id: &id,
            };
            shipped::set_allowance(o, own, ws, by)
        }));
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.0.get_untracked();
        let read =
            shipped::parse_percent(&short.get_untracked(), Field::ShortAllowance).and_then(|s| {
                shipped::parse_percent(&over.get_untracked(), Field::OverAllowance).map(|o| {
                    Tolerance {
                        short_permille: s,
                        over_permille: o,
                    }
                })
            });
        match read {
            Err(p) => error.set(Some(problem_text(lang, &p))),
            Ok(t) => {
                error.set(None);
                set(Some(t));
            }
        }
    };
    let use_default = move |_| {
        let (s, o) = ctx.workspace.with_untracked(workspace_allowance);
        short.set(percent_text(s));
        over.set(percent_text(o));
        set(None);
    };
    let complete = move |_| {
        let t = tol.get_untracked().1;
        let (r, w, now) = (reason.get_untracked(), who(), platform::now_ms() as i64);
        edit.dispatch(Rc::new(move |o| shipped::mark_complete(o, t, &r, &w, now)));
    };
    let pct = |t: Tolerance| {
        [
            ("short", percent_text(t.short_permille)),
            ("over", percent_text(t.over_permille)),
        ]
    };
    let said = move || {
        let (own, t, ordered) = tol.get();
        let p = pct(t);
        let params = [("short", p[0].1.as_str()), ("over", p[1].1.as_str())];
        let head = fill(
            i18n.t(if own.is_some() {
                K::ToleranceOwn
            } else {
                K::ToleranceDefault
            }),
            &params,
        );
        let range = fill(
            i18n.t(K::ToleranceRange),
            &[
                ("min", &t.min(ordered).to_string()),
                ("max", &t.max(ordered).to_string()),
            ],
        );
        format!("{head} · {range}")
    };
    let done = move || {
        ctx.order.with(|o| {
            o.ship_complete
                .as_ref()
                .map(|c| (c.who.clone(), c.reason.clone()))
        })
    };
    view! {
        <div class="tolerance" data-testid="tolerance">
            <h4>{move || i18n.t(K::ToleranceTitle)}</h4>
            <p data-testid="tolerance-said">{said}</p>
            <form on:submit=save novalidate>
                <div class="grid">
                    <TextInput label=K::ShortAllowance value=short inputmode="decimal" testid="tol-short"/>
                    <TextInput label=K::OverAllowance value=over inputmode="decimal" testid="tol-over"/>
                </div>
                <TextInput label=K::WidenReason value=widen_reason testid="tol-reason" factory_reads=true/>
                <button type="submit" data-testid="tol-save">{move || i18n.t(K::SaveTolerance)}</button>
                <button type="button" data-testid="tol-default" on:click=use_default>{move || i18n.t(K::UseDefaultTolerance)}</button>
            </form>
            {move || match done() {
                Some((w, r)) => view! { <p data-testid="ship-complete">{fill(i18n.t(K::ShipCompleteBy), &[("who", &w)])}" "{r}</p> }.into_any(),
                None => view! {
                    <TextInput label=K::ShipCompleteReason value=reason testid="complete-reason" factory_reads=true/>
                    <button type="button" data-testid="mark-complete" on:click=complete>{move || i18n.t(K::MarkShipComplete)}</button>
                }.into_any(),
            }}
            <ActionError error=error testid="tolerance-error"/>
            <ul class="log small" data-testid="tolerance-changes">
                {move || ctx.order.with(|o| {
                    let mut log: Vec<_> = o.tolerance_changes.iter().map(|(k, c)| (k.clone(), c.clone())).collect();
                    gendan_domain::sorting::sort_by_key(&mut log, |(k, c)| (c.day, k.clone()));
                    log.into_iter().map(|(_, c)| {
                        let pair = |t: Tolerance| format!("−{} % / +{} %", percent_text(t.short_permille), percent_text(t.over_permille));
                        let text = fill(i18n.t(K::ToleranceChangeRow), &[
                            ("from", &pair(c.from)), ("to", &pair(c.to)), ("who", &c.who),
                            ("day", &c.day.map(|d| d.to_string()).unwrap_or_default()), ("why", &c.reason),
                        ]);
                        view! { <li data-testid="tolerance-change">{text}</li> }
                    }).collect_view()
                })}
            </ul>
        </div>
    }
}
