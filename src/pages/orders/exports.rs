//! CSV exports of the orders the list shows: the orders themselves, and their milestones (read
//! order by order, yielding to the browser between them so a big list does not freeze it).

use gendan_domain::sorting::CollectSet;
use std::collections::BTreeSet;

use gendan_domain::tna;
use leptos::prelude::*;

use super::{milestone_status_key, orders_csv};
use crate::files;
use crate::i18n::{use_i18n, Lang, K};
use crate::listing::{self, PartyNames};
use crate::platform;
use crate::state::store::use_store;
use crate::storage::{Repo, Summary};

/// The milestones CSV of orders `wanted`, headers in `lang`, customers named as the list names
/// them.
async fn milestones_csv(
    repo: Repo,
    wanted: BTreeSet<String>,
    lang: Lang,
    customers: std::collections::HashMap<String, String>,
) -> String {
    let now = platform::today();
    let t = |k: K| k.text(lang).to_string();
    let mut rows = vec![vec![
        t(K::CustomerPo),
        t(K::StyleNo),
        t(K::Customer),
        t(K::MilestoneCol),
        t(K::CsvMsPlanned),
        t(K::CsvMsDue),
        t(K::CsvMsActual),
        t(K::Status),
    ]];
    repo.scan_orders(
        |s| wanted.contains(&s.id),
        async |_, _| {
            platform::yield_now().await;
            true
        },
        |id, o, _| {
            let customer = customers.get(id).cloned().unwrap_or(o.customer.clone());
            for (_, m) in tna::in_order(o) {
                let d =
                    |x: Option<gendan_domain::Day>| x.map(|d| d.to_string()).unwrap_or_default();
                rows.push(vec![
                    o.customer_po.clone(),
                    o.style_no.clone(),
                    customer.clone(),
                    m.name.clone(),
                    d(m.planned),
                    d(m.due()),
                    d(m.actual),
                    milestone_status_key(m.status(now, tna::DEFAULT_AT_RISK_DAYS))
                        .text(lang)
                        .to_string(),
                ]);
            }
        },
    )
    .await;
    listing::csv(&rows)
}

#[component]
pub fn ListExports(
    shown: Memo<Vec<usize>>,
    names: Memo<PartyNames>,
    today: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let today = StoredValue::new(today);
    let export_orders = move |_| {
        let lang = i18n.0.get_untracked();
        let today = today.get_value();
        let csv = shown.with_untracked(|idx| {
            store.summaries.with_untracked(|all| {
                let rows: Vec<&Summary> = idx.iter().filter_map(|&i| all.get(i)).collect();
                names.with_untracked(|n| orders_csv(lang, &rows, &today, n))
            })
        });
        files::download(
            &format!("orders-{today}.csv"),
            "text/csv;charset=utf-8",
            csv.as_bytes(),
        );
    };
    // Pending while the orders are read: the button waits, so one export runs at a time.
    let milestones = Action::new_local(move |(repo, wanted): &(Repo, BTreeSet<String>)| {
        let (repo, wanted) = (repo.clone(), wanted.clone());
        let lang = i18n.0.get_untracked();
        let customers = names.with_untracked(|n| {
            store.summaries.with_untracked(|all| {
                all.iter()
                    .filter(|s| wanted.contains(&s.id))
                    .map(|s| (s.id.clone(), n.customer(s)))
                    .collect()
            })
        });
        // Read now: the list may be left while every order is read, and its values with it.
        let today = today.get_value();
        async move {
            let csv = milestones_csv(repo, wanted, lang, customers).await;
            files::download(
                &format!("milestones-{today}.csv"),
                "text/csv;charset=utf-8",
                csv.as_bytes(),
            );
        }
    });
    let exporting = milestones.pending();
    let export_milestones = move |_| {
        let Some(repo) = store.repo() else { return };
        let wanted: BTreeSet<String> = shown.with_untracked(|idx| {
            store.summaries.with_untracked(|all| {
                idx.iter()
                    .filter_map(|&i| all.get(i))
                    .map(|s| s.id.clone())
                    .collect_set()
            })
        });
        milestones.dispatch_local((repo, wanted));
    };
    view! {
        <div class="actions wrap-actions">
            <button data-testid="export-orders-csv" on:click=export_orders>{move || i18n.t(K::ExportOrdersCsv)}</button>
            <button data-testid="export-milestones-csv" on:click=export_milestones disabled=move || exporting.get()>{move || i18n.t(K::ExportMilestonesCsv)}</button>
        </div>
    }
}
