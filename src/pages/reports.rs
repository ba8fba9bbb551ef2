//! Reports: the daily report (日报表) for a chosen day from the documents' change history, KPIs as
//! inline SVG bar charts by month, customer or factory, the receivables book (应收账款) and the
//! list of delay reports.

use std::cell::RefCell;
use std::collections::HashMap;

mod books_unread;
mod daily;
mod delays;
mod kpis;
mod receivables;

pub(crate) use daily::words::event_text;

use gendan_domain::reports::{KpiReport, Kpis, Ratio};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{use_i18n, K};
use crate::listing::{fmt_int, fmt_per_mille};
use crate::platform;
use crate::state::store::use_store;
use crate::storage::report_index::{OrderDelay, OrderReceivable};
use gendan_domain::sorting::sort_by_key;

thread_local! {
    static LAST: RefCell<Option<Last>> = const { RefCell::new(None) };
}

/// What the last visit showed: the KPIs, the delay reports, the receivables and the orders whose
/// books do not read.
type Last = (
    KpiReport,
    Vec<OrderDelay>,
    Vec<OrderReceivable>,
    Vec<(String, String)>,
);

/// Which KPI a chart shows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Metric {
    OnTime,
    FirstShipOnTime,
    PoOnTime,
    FirstPass,
    DefectRate,
    Complaints,
    SuppliersPaidOnTime,
    DeliveriesRejected,
}

impl Metric {
    pub(crate) const ALL: [Metric; 8] = [
        Metric::OnTime,
        Metric::FirstShipOnTime,
        Metric::PoOnTime,
        Metric::DeliveriesRejected,
        Metric::SuppliersPaidOnTime,
        Metric::FirstPass,
        Metric::DefectRate,
        Metric::Complaints,
    ];

    /// A stable name for the chart (tests and print styles find it by this).
    pub(crate) fn code(self) -> &'static str {
        match self {
            Metric::OnTime => "on-time",
            Metric::FirstShipOnTime => "first-ship-on-time",
            Metric::PoOnTime => "po-on-time",
            Metric::FirstPass => "first-pass",
            Metric::DefectRate => "defect-rate",
            Metric::Complaints => "complaints",
            Metric::SuppliersPaidOnTime => "suppliers-paid-on-time",
            Metric::DeliveriesRejected => "deliveries-rejected",
        }
    }

    pub(crate) fn key(self) -> K {
        match self {
            Metric::OnTime => K::KpiOnTime,
            Metric::FirstShipOnTime => K::KpiFirstShipOnTime,
            Metric::PoOnTime => K::KpiPoOnTime,
            Metric::FirstPass => K::KpiFirstPass,
            Metric::DefectRate => K::KpiDefectRate,
            Metric::Complaints => K::KpiComplaints,
            Metric::SuppliersPaidOnTime => K::KpiSuppliersPaidOnTime,
            Metric::DeliveriesRejected => K::KpiDeliveriesRejected,
        }
    }

    pub(crate) fn ratio(self, k: &Kpis) -> Option<Ratio> {
        match self {
            Metric::OnTime => Some(k.on_time_delivery),
            Metric::FirstShipOnTime => Some(k.first_shipment_on_time),
            Metric::PoOnTime => Some(k.po_on_time),
            Metric::FirstPass => Some(k.first_pass),
            Metric::DefectRate => Some(k.defect_rate),
            Metric::Complaints => None,
            Metric::SuppliersPaidOnTime => Some(k.suppliers_paid_on_time),
            Metric::DeliveriesRejected => Some(k.deliveries_rejected),
        }
    }

    pub(crate) fn text(self, k: &Kpis) -> String {
        match self.ratio(k) {
            Some(r) => {
                let p = fmt_per_mille(r.per_mille());
                if r.den > 0 {
                    format!("{p} ({}/{})", fmt_int(r.num), fmt_int(r.den))
                } else {
                    p
                }
            }
            None => fmt_int(k.complaints),
        }
    }
}

/// A horizontal bar chart as inline SVG: one bar per group, scaled to the largest value (ratios
/// to 100 %).
fn bar_chart(title: String, rows: Vec<(String, f64, String)>, max: f64) -> impl IntoView {
    let row_h = 30.0;
    let height = rows.len() as f64 * row_h + 8.0;
    let (label_w, bar_w) = (120.0, 140.0);
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, value, text))| {
            let y = 4.0 + i as f64 * row_h;
            let w = if max > 0.0 {
                (value / max).clamp(0.0, 1.0) * bar_w
            } else {
                0.0
            };
            let short: String = if label.chars().count() > 14 {
                label.chars().take(13).chain(['…']).collect()
            } else {
                label.clone()
            };
            view! {
                <g>
                    <title>{format!("{label}: {text}")}</title>
                    <text x="0" y=y + 19.0 class="chart-label">{short}</text>
                    <rect x=label_w y=y + 5.0 width=bar_w height="18" class="chart-track"/>
                    <rect x=label_w y=y + 5.0 width=w height="18" class="chart-bar"/>
                    <text x=label_w + 4.0 y=y + 19.0 class="chart-value">{text}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" data-testid="kpi-chart" role="img" aria-label=title.clone()
            viewBox=format!("0 0 {} {height}", label_w + bar_w + 4.0) preserveAspectRatio="xMinYMin meet">
            {bars}
        </svg>
    }
}

/// One part of the Reports index for a screen that lists it (the complaints ledger, the
/// notices), read again when an order changes here or arrives from elsewhere. The read stops
/// between batches once the screen is left, instead of loading the orders whose facts are
/// missing for nobody.
pub(crate) fn gathered<T: Default + 'static>(
    pick: fn(crate::storage::report_index::ReportsFromIndex) -> T,
) -> LocalResource<T> {
    let store = use_store();
    let ws = crate::pages::parties::workspace_signal();
    let today = platform::today();
    let alive = StoredValue::new(());
    LocalResource::new(move || {
        store.summaries.track();
        let allowance = ws.with(|w| allowance_of(Some(w)));
        async move {
            match store.repo() {
                Some(repo) => pick(
                    repo.gather_reports(today, allowance, || alive.try_get_value().is_some())
                        .await,
                ),
                None => T::default(),
            }
        }
    })
}

/// The shipping allowance `(short, over)` per mille an order without its own is judged with: the
/// workspace's, or the usual one before the workspace is read.
pub(crate) fn allowance_of(ws: Option<&gendan_domain::workspace::Workspace>) -> (u32, u32) {
    ws.map_or(
        (
            gendan_domain::lifecycle::DEFAULT_SHORT_SHIP_PERMILLE,
            gendan_domain::production::DEFAULT_OVER_SHIP_PERMILLE,
        ),
        |w| {
            (
                w.settings.short_ship_permille,
                w.settings.over_ship_permille,
            )
        },
    )
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let today = platform::today();
    // The last KPIs show at once on a later visit while they are recomputed.
    let cached = LAST.with(|l| l.borrow().clone());
    let kpi = RwSignal::new(cached.as_ref().map(|c| c.0.clone()));
    let delays = RwSignal::new(cached.as_ref().map(|c| c.1.clone()).unwrap_or_default());
    let receivables = RwSignal::new(cached.as_ref().map(|c| c.2.clone()).unwrap_or_default());
    let unread = RwSignal::new(cached.map(|c| c.3).unwrap_or_default());
    let alive = RwSignal::new(());
    let ws = store.repo().and_then(|r| r.workspace_value().ok());
    // An order is complete when shipped within its allowance: the workspace's unless its own.
    let allowance = allowance_of(ws.as_ref());
    let factories: HashMap<String, String> = ws
        .map(|w| {
            w.parties
                .iter()
                .map(|(id, p)| (id.clone(), p.name.clone()))
                .collect()
        })
        .unwrap_or_default();

    // KPIs and delay reports from the summaries' facts, supplier payments from their agendas;
    // only orders without usable ones are loaded, and what they gave kept for the next visit.
    spawn_local(async move {
        let Some(repo) = store.repo() else { return };
        let index = repo
            .gather_reports(today, allowance, || alive.try_get_untracked().is_some())
            .await;
        if alive.try_get_untracked().is_none() {
            return;
        }
        let mut rows = index.delays;
        sort_by_key(&mut rows, |r| std::cmp::Reverse(r.delay.reported_ms));
        let owed = index.receivables;
        let broken = index.books_unread;
        LAST.with(|l| {
            *l.borrow_mut() = Some((
                index.kpi.clone(),
                rows.clone(),
                owed.clone(),
                broken.clone(),
            ))
        });
        let _ = unread.try_set(broken);
        let _ = kpi.try_set(Some(index.kpi));
        let _ = delays.try_set(rows);
        let _ = receivables.try_set(owed);
    });

    view! {
        <section class="page reports">
            <h2 class="no-print">{move || i18n.t(K::NavReports)}</h2>
            <daily::DailyReportCard/>
            <books_unread::BooksUnread orders=unread/>
            <kpis::KpiCharts kpi=kpi factories=factories/>
            <receivables::Receivables rows=receivables/>
            <delays::DelayReports delays=delays/>
        </section>
    }
}
