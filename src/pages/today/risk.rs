//! Orders at risk of missing ex-factory, each with the one or two reasons that matter in the
//! chosen language (the domain ranks them and says how many more there are).

use gendan_domain::reports::{AtRisk, RiskReason};
use gendan_domain::Day;
use leptos::prelude::*;

use super::section::{order_title, Names};
use super::SHOWN;
use crate::i18n::{fill, milestone_name, use_i18n, Lang, K};
use crate::listing::{fmt_day, fmt_int};
use crate::Route;

fn day(lang: Lang, d: Option<Day>) -> String {
    d.map_or_else(
        || K::EvNoDate.text(lang).to_string(),
        |d| fmt_day(lang, &d.to_string()),
    )
}

/// One reason as a sentence.
pub(crate) fn risk_text(lang: Lang, r: &RiskReason) -> String {
    let t = |k: K| k.text(lang);
    let named = |one: K, many: K, name: &str, due: Option<Day>, more: u32| {
        let k = if more == 0 { one } else { many };
        let more = more.to_string();
        fill(
            t(k),
            &[
                ("name", &milestone_name(lang, name)),
                ("day", &day(lang, due)),
                ("more", &more),
            ],
        )
    };
    match r {
        RiskReason::ExFactoryPassed { ex_factory } => fill(
            t(K::RiskXfPassedOn),
            &[("day", &day(lang, Some(*ex_factory)))],
        ),
        RiskReason::SewingBehind { done, expected } => fill(
            t(K::RiskSewingOf),
            &[("done", &fmt_int(*done)), ("expected", &fmt_int(*expected))],
        ),
        RiskReason::MilestonesLate { name, due, more } => {
            named(K::RiskLateOne, K::RiskLateMore, name, *due, *more)
        }
        RiskReason::FinalNotPassed { ex_factory } => {
            fill(t(K::RiskFinalBy), &[("day", &day(lang, Some(*ex_factory)))])
        }
        RiskReason::DelayedPastExFactory { name, due, more } => {
            named(K::RiskDelayedOne, K::RiskDelayedMore, name, *due, *more)
        }
    }
}

#[component]
pub(super) fn AtRiskSection(items: Signal<Vec<AtRisk>>, names: Names) -> impl IntoView {
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
                        let reasons = r.reasons.iter().map(|x| view! { <span class="risk-reason" data-testid="risk-reason">{risk_text(lang, x)}</span> }).collect_view();
                        let others = (r.more > 0).then(|| fill(K::RiskMoreReasons.text(lang), &[("count", &r.more.to_string())]));
                        view! {
                            <li>
                                <a class="today-row" href=Route::Order(r.order.clone()).href() data-testid="today-row">
                                    <span class="row-main"><strong>{po}</strong><span class="muted">{sub}</span></span>
                                    <span class="row-sub late risk-reasons">{reasons}{others.map(|o| view! { <span class="muted small">{o}</span> })}</span>
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

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn risk_reasons_are_said_in_the_chosen_language_only() {
        let d = |s: &str| s.parse::<Day>().unwrap();
        let passed = RiskReason::ExFactoryPassed {
            ex_factory: d("2026-05-15"),
        };
        assert_eq!(
            risk_text(Lang::En, &passed),
            "Ex-factory date passed: 15 May 2026"
        );
        assert_eq!(risk_text(Lang::Zh, &passed), "出厂日期已过: 2026年5月15日");
        let late = RiskReason::MilestonesLate {
            name: "PP sample".into(),
            due: Some(d("2026-05-01")),
            more: 3,
        };
        assert_eq!(
            risk_text(Lang::En, &late),
            "PP sample late (due 1 May 2026) and 3 more"
        );
        let zh = risk_text(Lang::Zh, &late);
        assert!(
            zh.contains("另有 3 个节点逾期") && !zh.contains("late"),
            "{zh}"
        );
        let sewing = RiskReason::SewingBehind {
            done: 1200,
            expected: 4000,
        };
        assert_eq!(
            risk_text(Lang::En, &sewing),
            "Sewing behind plan: 1,200 of 4,000 pcs"
        );
    }
}
