//! Today, the landing screen: overdue milestones, what is due this week, inspections today, money
//! awaited, supplier POs overdue, sample replies overdue, open complaints and orders at risk of
//! missing ex-factory, and first of all the orders that need a decision (a state no rule allows,
//! usually after a merge) — the domain's today view over every order on the device, read a few
//! orders at a time. Each row opens its order at the section the row is about.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gendan_domain::reports::{self, AtRisk, NeedsDecision, OrderFacts, Today, TodayItem};
use gendan_domain::samples::SampleKind;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{sample_kind_text, use_i18n, Lang, K};
use crate::listing::fmt_day;
use crate::pages::order::ctx::violation_text;
use crate::platform;
use crate::state::store::use_store;
use crate::Route;

/// Rows shown per section before "and N more".
const SHOWN: usize = 20;

thread_local! {
    /// The last complete today view, shown at once on the next visit while it is recomputed.
    static LAST: RefCell<Option<Today>> = const { RefCell::new(None) };
}

fn merge(acc: &mut Today, part: Today) {
    acc.late_milestones.extend(part.late_milestones);
    acc.due_this_week.extend(part.due_this_week);
    acc.inspections_today.extend(part.inspections_today);
    acc.deposits_awaited.extend(part.deposits_awaited);
    acc.balances_awaited.extend(part.balances_awaited);
    acc.pos_overdue.extend(part.pos_overdue);
    acc.sample_replies_overdue
        .extend(part.sample_replies_overdue);
    acc.open_complaints.extend(part.open_complaints);
    acc.at_risk.extend(part.at_risk);
    acc.needs_decision.extend(part.needs_decision);
}

fn sorted(mut t: Today) -> Today {
    for list in [
        &mut t.late_milestones,
        &mut t.due_this_week,
        &mut t.pos_overdue,
        &mut t.sample_replies_overdue,
        &mut t.deposits_awaited,
        &mut t.balances_awaited,
    ] {
        list.sort_by(|a, b| (a.due, &a.order).cmp(&(b.due, &b.order)));
    }
    t
}

/// The domain states risks in English; this says them in the chosen language.
pub(crate) fn risk_text(lang: Lang, reason: &str) -> String {
    let t = |k: K| k.text(lang);
    if let Some(rest) = reason.strip_prefix("ex-factory date ") {
        let date = rest.trim_end_matches(" has passed");
        return format!("{} {}", t(K::RiskXfPassed), fmt_day(lang, date));
    }
    if let Some(name) = reason.strip_prefix("milestone late: ") {
        return format!("{} {name}", t(K::RiskMilestoneLate));
    }
    if let Some(name) = reason.strip_prefix("milestone delayed past ex-factory: ") {
        return format!("{} {name}", t(K::RiskDelayedPastXf));
    }
    if let Some(rest) = reason.strip_prefix("sewing behind plan: ") {
        return format!("{} {rest}", t(K::RiskSewingBehind));
    }
    if reason == "final inspection not passed yet" {
        return t(K::RiskFinalNotPassed).to_string();
    }
    reason.to_string()
}

/// The domain labels an overdue sample "fit #2"; this says "Fit sample · Round 2".
fn sample_text(lang: Lang, label: &str) -> String {
    match label.rsplit_once(" #") {
        Some((kind, round)) => format!(
            "{} · {} {round}",
            sample_kind_text(lang, &SampleKind::from_code(kind)),
            K::Round.text(lang)
        ),
        None => label.to_string(),
    }
}

fn inspection_text(lang: Lang, code: &str) -> String {
    let k = match code {
        "pre_production" => K::TodayInspPre,
        "inline" => K::TodayInspInline,
        "final" => K::TodayInspFinal,
        "reinspection" => K::TodayInspRe,
        _ => return code.to_string(),
    };
    k.text(lang).to_string()
}

#[component]
pub fn TodayPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let now = platform::today();
    let cached = LAST.with(|l| l.borrow().clone());
    let had_cache = cached.is_some();
    let result = RwSignal::new(cached);
    let progress = RwSignal::new((0usize, 0usize));
    let finished = RwSignal::new(false);
    spawn_local(async move {
        let Some(repo) = store.repo() else { return };
        let settings = repo
            .workspace_value()
            .map(|w| w.settings)
            .unwrap_or_default();
        let acc = Rc::new(RefCell::new(Today::default()));
        let acc_visit = acc.clone();
        let acc_progress = acc.clone();
        repo.scan_orders(
            // Closed and cancelled orders only when their history needs a decision (a shipped
            // order cancelled on another device must not disappear from sight).
            |s| s.unsettled || !matches!(s.status.as_str(), "closed" | "cancelled"),
            async |done, total| {
                // The screen was left: stop reading.
                if progress.try_set((done, total)).is_some() {
                    return false;
                }
                // Partial results while nothing better is on screen; the full one at the end.
                if done == total || (!had_cache && done % 500 == 0) {
                    let full = sorted(acc_progress.borrow().clone());
                    if done == total {
                        LAST.with(|l| *l.borrow_mut() = Some(full.clone()));
                    }
                    let _ = result.try_set(Some(full));
                    let _ = finished.try_set(done == total);
                }
                platform::yield_now().await;
                true
            },
            |id, order, commercial| {
                let part = reports::today(
                    &[OrderFacts {
                        id,
                        order,
                        commercial,
                    }],
                    &settings,
                    now,
                );
                merge(&mut acc_visit.borrow_mut(), part);
            },
        )
        .await;
    });

    // Order id → (PO, style, customer) for the rows.
    let names = Memo::new(move |_| {
        store.summaries.with(|all| {
            all.iter()
                .map(|s| {
                    (
                        s.id.clone(),
                        (
                            s.customer_po.clone(),
                            s.style_no.clone(),
                            s.customer.clone(),
                        ),
                    )
                })
                .collect::<HashMap<_, _>>()
        })
    });

    let section = move |key: K,
                        id: &'static str,
                        pick: fn(&Today) -> Vec<TodayItem>,
                        label: fn(Lang, &str) -> String,
                        opens: &'static str| {
        view! {
            <TodaySection title=key testid=id
                items=Signal::derive(move || result.with(|r| r.as_ref().map(pick).unwrap_or_default()))
                names=names label=label opens=opens/>
        }
    };
    fn plain(_: Lang, s: &str) -> String {
        s.to_string()
    }

    view! {
        <section class="page today" data-testid="today">
            <div class="page-head">
                <h2>{move || i18n.t(K::NavToday)}</h2>
                <span class="muted" data-testid="today-date">{move || fmt_day(i18n.0.get(), &now.to_string())}</span>
            </div>
            <p class="muted small" data-testid="today-progress" aria-live="polite">
                {move || {
                    let (done, total) = progress.get();
                    if !finished.get() {
                        format!("{} {done} / {total}", i18n.t(K::CheckingOrders))
                    } else {
                        format!("{} {total} {}", i18n.t(K::CheckedOrders), i18n.t(K::OrdersCount))
                    }
                }}
            </p>
            <Show when=move || store.summaries.with(|s| s.is_empty())>
                <p class="empty">{move || i18n.t(K::NoOrders)}</p>
            </Show>
            <NeedsDecisionSection items=Signal::derive(move || result.with(|r| r.as_ref().map(|t| t.needs_decision.clone()).unwrap_or_default())) names=names/>
            <AtRiskSection items=Signal::derive(move || result.with(|r| r.as_ref().map(|t| t.at_risk.clone()).unwrap_or_default())) names=names/>
            {section(K::TodayLate, "today-late", |t| t.late_milestones.clone(), plain, "tna")}
            {section(K::TodayDueWeek, "today-week", |t| t.due_this_week.clone(), plain, "tna")}
            {section(K::TodayInspections, "today-inspections", |t| t.inspections_today.clone(), inspection_text, "qc")}
            {section(K::TodayDeposits, "today-deposits", |t| t.deposits_awaited.clone(), plain, "money")}
            {section(K::TodayBalances, "today-balances", |t| t.balances_awaited.clone(), plain, "money")}
            {section(K::TodayPos, "today-pos", |t| t.pos_overdue.clone(), plain, "purchasing")}
            {section(K::TodaySamples, "today-samples", |t| t.sample_replies_overdue.clone(), sample_text, "samples")}
            {section(K::TodayComplaints, "today-complaints", |t| t.open_complaints.clone(), plain, "log")}
        </section>
    }
}

type Names = Memo<HashMap<String, (String, String, String)>>;

fn order_title(names: &HashMap<String, (String, String, String)>, id: &str) -> (String, String) {
    names
        .get(id)
        .map(|(po, style, customer)| (po.clone(), format!("{style} · {customer}")))
        .unwrap_or_else(|| (id.to_string(), String::new()))
}

#[component]
fn TodaySection(
    title: K,
    testid: &'static str,
    items: Signal<Vec<TodayItem>>,
    names: Names,
    label: fn(Lang, &str) -> String,
    /// The order section a row opens (a section code of the order page).
    opens: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let now = platform::today();
    view! {
        <section class="today-section card" data-testid=testid>
            <h3>
                <span>{move || i18n.t(title)}</span>
                <span class="count" class:zero=move || items.with(|i| i.is_empty())>{move || items.with(|i| i.len())}</span>
            </h3>
            {move || {
                let list = items.get();
                if list.is_empty() {
                    return view! { <p class="muted small">{i18n.t(K::NothingHere)}</p> }.into_any();
                }
                let more = list.len().saturating_sub(SHOWN);
                let lang = i18n.0.get();
                let rows = names.with(|n| {
                    list.into_iter().take(SHOWN).map(|it| {
                        let (po, sub) = order_title(n, &it.order);
                        let due = it.due.map(|d| (fmt_day(lang, &d.to_string()), d < now)).unwrap_or_default();
                        view! {
                            <li>
                                <a class="today-row" href=Route::OrderSection(it.order.clone(), opens.to_string()).href() data-testid="today-row">
                                    <span class="row-main">
                                        <strong>{label(lang, &it.label)}</strong>
                                        <span class:late=due.1 class="due">{due.0}</span>
                                    </span>
                                    <span class="row-sub muted">{format!("{po} · {sub}")}</span>
                                </a>
                            </li>
                        }
                    }).collect_view()
                });
                view! {
                    <ul class="today-list">{rows}</ul>
                    <Show when=move || { more > 0 }>
                        <p class="muted small">{format!("+{more} {}", i18n.t(K::MoreItems))}</p>
                    </Show>
                }.into_any()
            }}
        </section>
    }
}

/// Orders in a state no rule allows (mostly after a merge), first on the screen; shown only when
/// there are some. Each row opens the order, whose status panel offers the actions that settle it.
#[component]
fn NeedsDecisionSection(items: Signal<Vec<NeedsDecision>>, names: Names) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || items.with(|i| !i.is_empty())>
            <section class="today-section card risk" data-testid="today-decisions">
                <h3>
                    <span>{move || i18n.t(K::NeedsDecision)}</span>
                    <span class="count">{move || items.with(|i| i.len())}</span>
                </h3>
                <ul class="today-list">
                    {move || {
                        let lang = i18n.0.get();
                        names.with(|n| items.get().into_iter().take(SHOWN).map(|d| {
                            let (po, sub) = order_title(n, &d.order);
                            let what = d.violations.iter().map(|v| violation_text(lang, v)).collect::<Vec<_>>().join("; ");
                            view! {
                                <li>
                                    <a class="today-row" href=Route::Order(d.order.clone()).href() data-testid="today-row">
                                        <span class="row-main"><strong>{po}</strong><span class="muted">{sub}</span></span>
                                        <span class="row-sub late">{what}</span>
                                    </a>
                                </li>
                            }
                        }).collect_view())
                    }}
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn AtRiskSection(items: Signal<Vec<AtRisk>>, names: Names) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="today-section card risk" data-testid="today-risk">
            <h3>
                <span>{move || i18n.t(K::TodayAtRisk)}</span>
                <span class="count" class:zero=move || items.with(|i| i.is_empty())>{move || items.with(|i| i.len())}</span>
            </h3>
            {move || {
                let list = items.get();
                if list.is_empty() {
                    return view! { <p class="muted small">{i18n.t(K::NothingHere)}</p> }.into_any();
                }
                let more = list.len().saturating_sub(SHOWN);
                let lang = i18n.0.get();
                let rows = names.with(|n| {
                    list.into_iter().take(SHOWN).map(|r| {
                        let (po, sub) = order_title(n, &r.order);
                        let why = r.reasons.iter().map(|x| risk_text(lang, x)).collect::<Vec<_>>().join("; ");
                        view! {
                            <li>
                                <a class="today-row" href=Route::Order(r.order.clone()).href() data-testid="today-row">
                                    <span class="row-main"><strong>{po}</strong><span class="muted">{sub}</span></span>
                                    <span class="row-sub late">{why}</span>
                                </a>
                            </li>
                        }
                    }).collect_view()
                });
                view! {
                    <ul class="today-list">{rows}</ul>
                    <Show when=move || { more > 0 }>
                        <button class="link-button" data-testid="today-risk-more"
                            on:click=|_| crate::pages::orders::show_late_orders()>
                            {format!("+{more} {} — {}", i18n.t(K::MoreItems), i18n.t(K::ShowLateOrders))}
                        </button>
                    </Show>
                }.into_any()
            }}
        </section>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn risk_reasons_are_said_in_both_languages() {
        assert_eq!(
            risk_text(Lang::En, "ex-factory date 2026-05-15 has passed"),
            "Ex-factory date passed: 15 May 2026"
        );
        assert_eq!(
            risk_text(Lang::Zh, "milestone late: PP sample"),
            "节点逾期: PP sample"
        );
        assert_eq!(risk_text(Lang::En, "something new"), "something new");
    }

    #[test]
    fn what_needs_a_decision_is_said_in_both_languages() {
        use gendan_domain::lifecycle::{transition, Gate, Gates, Violation};
        use gendan_domain::{Order, OrderStatus};
        let gate = Violation::GateNotMet {
            status: OrderStatus::InProduction,
            gate: Gate::Deposit,
        };
        assert_eq!(
            violation_text(Lang::En, &gate),
            "Status reached without its gate: deposit not confirmed (In production)"
        );
        assert!(violation_text(Lang::Zh, &gate).starts_with("未满足关卡即进入此状态"));
        // two devices' moves, as the domain reports them after a merge
        let g = Gates::none();
        let mut a = Order::new();
        a.status = OrderStatus::Confirmed;
        let mut b = a.clone();
        transition(&mut a, None, OrderStatus::InProduction, &g, "li", 1, None).unwrap();
        transition(&mut b, None, OrderStatus::Cancelled, &g, "wang", 2, None).unwrap();
        a.status_log.extend(b.status_log);
        let v = gendan_domain::lifecycle::violations(&a, None, &g);
        let text = violation_text(Lang::En, &v[0]);
        assert!(
            text.starts_with("The status was changed on two devices at once:")
                && text.contains("(li)")
                && text.contains("Cancelled (wang)"),
            "{text}"
        );
        let lot = Violation::GateNotMet {
            status: OrderStatus::Shipped,
            gate: Gate::FinalLot {
                lot: 50,
                needed: 9_700,
            },
        };
        assert!(violation_text(Lang::En, &lot).contains("(50 < 9700)"));
    }

    #[test]
    fn overdue_samples_are_named_by_kind_and_round() {
        assert_eq!(sample_text(Lang::En, "pp #2"), "PP sample · Round 2");
        assert_eq!(sample_text(Lang::Zh, "fit #1"), "试身样 · 轮次 1");
        assert_eq!(sample_text(Lang::En, "hanger #3"), "hanger · Round 3");
    }
}
