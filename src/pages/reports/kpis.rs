//! The KPIs as one compact row each (name and overall figure); tapping a row opens its inline
//! SVG bar chart, grouped by month, customer or factory. One chart is open at a time, so five
//! charts of many months do not make the page long on a phone.

use gendan_domain::sorting::CollectMap;
use std::collections::{BTreeMap, HashMap};

use gendan_domain::reports::{KpiReport, Kpis};
use leptos::prelude::*;

use super::{bar_chart, Metric};
use crate::components::fold::{is_open, on_toggle, OpenRow};
use crate::i18n::{use_i18n, Lang, K};
use crate::listing::fmt_month;

#[component]
pub fn KpiCharts(
    kpi: RwSignal<Option<KpiReport>>,
    /// Party names by id, for grouping by factory.
    factories: HashMap<String, String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let group = RwSignal::new("month".to_string());
    let open: OpenRow = RwSignal::new(None);
    let charts = move || {
        let lang = i18n.0.get();
        let Some(r) = kpi.get() else {
            return view! { <p class="muted" data-testid="kpi-loading">{i18n.t(K::Loading)}</p> }
                .into_any();
        };
        let g = group.get();
        let groups = groups(&r, &g, lang, &factories);
        let overall = r.overall;
        Metric::ALL.iter().map(|&m| {
            let rows: Vec<(String, f64, String)> = groups.iter().map(|(label, k)| {
                let v = match m.ratio(k) {
                    Some(r) => r.per_mille().map(|p| p as f64 / 1000.0).unwrap_or(0.0),
                    None => k.complaints as f64,
                };
                (label.clone(), v, m.text(k))
            }).collect();
            let max = match m {
                Metric::Complaints => rows.iter().map(|r| r.1).fold(1.0, f64::max),
                Metric::DefectRate | Metric::DeliveriesRejected => {
                    rows.iter().map(|r| r.1).fold(0.0001, f64::max)
                }
                _ => 1.0,
            };
            let title = m.key().text(lang).to_string();
            let code = m.code().to_string();
            let (shown, toggle) = (is_open(open, code.clone()), on_toggle(open, code.clone()));
            view! {
                <li class="kpi" data-testid=format!("kpi-{code}")>
                    <details class="fold" prop:open=shown on:toggle=toggle>
                        <summary class="fold-row" data-testid="kpi-toggle">
                            <span class="fold-name">{title.clone()}</span>
                            <span class="fold-day" data-testid="kpi-overall">{m.text(&overall)}</span>
                        </summary>
                        <div class="fold-details">
                            {if rows.is_empty() {
                                view! { <p class="muted small">{K::NothingHere.text(lang)}</p> }.into_any()
                            } else {
                                bar_chart(title, rows, max).into_any()
                            }}
                        </div>
                    </details>
                </li>
            }
        }).collect_view().into_any()
    };

    view! {
    <section class="kpis no-print" data-testid="kpis">
        <div class="page-head">
            <h3>{move || i18n.t(K::KpisTitle)}</h3>
            <div class="field inline">
                <label for="kpi-group">{move || i18n.t(K::GroupByLabel)}</label>
                <select id="kpi-group" data-testid="kpi-group" on:change=move |ev| group.set(event_target_value(&ev))>
                    <option value="month">{move || i18n.t(K::ByMonthOpt)}</option>
                    <option value="customer">{move || i18n.t(K::Customer)}</option>
                    <option value="factory">{move || i18n.t(K::FactoryCol)}</option>
                </select>
            </div>
        </div>
        <ul class="fold-list kpi-list">{charts}</ul>
    </section>
    }
}

/// The KPIs per group, each group named for the screen (blank: "not set"; a factory by its
/// party's name; a month in the user's language, in calendar order).
fn groups(
    r: &KpiReport,
    by: &str,
    lang: Lang,
    factories: &HashMap<String, String>,
) -> Vec<(String, Kpis)> {
    let none = K::NotSetValue.text(lang).to_string();
    let named = |rows: &BTreeMap<String, Kpis>, name: &dyn Fn(&String) -> String| {
        rows.iter()
            .map(|(k, v)| (if k.is_empty() { none.clone() } else { name(k) }, *v))
            .collect::<Vec<_>>()
    };
    match by {
        "customer" => named(&r.by_customer, &|k| k.clone()),
        "factory" => named(&r.by_factory, &|k| {
            factories.get(k).cloned().unwrap_or_else(|| k.clone())
        }),
        _ => named(&r.by_month, &|k| fmt_month(lang, k))
            .into_iter()
            .collect_map()
            .into_iter()
            .collect(),
    }
}
