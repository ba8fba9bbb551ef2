//! The orders list: every order on this device, searchable (PO, style, customer, factory),
//! filterable (status, late, customer, factory, ex-factory month) and sortable. Only the rows in
//! view are rendered — fixed-height rows inside a spacer as tall as the whole list — so 10,000
//! orders scroll as lightly as ten. CSV exports of the orders shown and of their milestones.

use std::collections::{BTreeMap, BTreeSet};

use gendan_domain::tna;
use gendan_domain::workspace::PartyKind;
use gendan_domain::OrderStatus;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::{status_key, use_i18n, Lang, K};
use crate::listing::{self, fmt_day, fmt_int, fmt_month, Filter, SortBy};
use crate::storage::Summary;
use crate::{files, gloo_yield, local_today, use_app, Route};

thread_local! {
    static LIST_STATE: std::cell::RefCell<(Filter, SortBy)> = std::cell::RefCell::default();
}

/// Opens the orders list showing only late orders (from Today's "more" link).
pub(crate) fn show_late_orders() {
    LIST_STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.0 = Filter {
            late_only: true,
            ..Filter::default()
        };
    });
    crate::navigate(&Route::Orders);
}

/// Height of one row in px; the CSS gives `.order-row` exactly this.
pub(crate) const ROW_HEIGHT: f64 = 100.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 6;

fn milestone_status_key(s: tna::MilestoneStatus) -> K {
    match s {
        tna::MilestoneStatus::Done => K::CsvMsDone,
        tna::MilestoneStatus::Unplanned => K::CsvMsUnplanned,
        tna::MilestoneStatus::OnTrack => K::CsvMsOnTrack,
        tna::MilestoneStatus::AtRisk => K::CsvMsAtRisk,
        tna::MilestoneStatus::Late => K::CsvMsLate,
    }
}

/// The orders CSV: one row per order shown, headers in the chosen language.
pub(crate) fn orders_csv(
    lang: Lang,
    rows: &[&Summary],
    today: &str,
    factory_name: &dyn Fn(&str) -> String,
) -> String {
    let t = |k: K| k.text(lang).to_string();
    let mut out = vec![vec![
        t(K::CustomerPo),
        t(K::Customer),
        t(K::StyleNo),
        t(K::Status),
        t(K::ExFactory),
        t(K::PiecesCol),
        t(K::FactoryCol),
        t(K::NextDueCol),
        t(K::LateFlag),
    ]];
    for s in rows {
        out.push(vec![
            s.customer_po.clone(),
            s.customer.clone(),
            s.style_no.clone(),
            status_key(s.status()).text(lang).to_string(),
            s.ex_factory.clone().unwrap_or_default(),
            s.total_qty.to_string(),
            if s.factory.is_empty() {
                String::new()
            } else {
                factory_name(&s.factory)
            },
            s.next_due.clone().unwrap_or_default(),
            if listing::is_late(s, today) {
                t(K::AnswerYes)
            } else {
                t(K::AnswerNo)
            },
        ]);
    }
    listing::csv(&out)
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let today = local_today().to_string();
    // The list keeps its search, filters and sort while the user visits an order and comes back.
    let (saved_filter, saved_sort) = LIST_STATE.with(|s| s.borrow().clone());
    let filter = RwSignal::new(saved_filter);
    let sort = RwSignal::new(saved_sort);
    Effect::new(move |_| {
        let state = (filter.get(), sort.get());
        LIST_STATE.with(|s| *s.borrow_mut() = state);
    });
    let exporting = RwSignal::new(false);
    let factories: BTreeMap<String, String> = app
        .repo()
        .and_then(|r| r.workspace_value().ok())
        .map(|w| {
            w.parties_of(&PartyKind::Factory)
                .into_iter()
                .chain(w.parties_of(&PartyKind::Subcontractor))
                .map(|(id, p)| (id.clone(), p.name.clone()))
                .collect()
        })
        .unwrap_or_default();
    let customer_parties: Vec<String> = app
        .repo()
        .and_then(|r| r.workspace_value().ok())
        .map(|w| {
            w.parties_of(&PartyKind::Customer)
                .into_iter()
                .map(|(_, p)| p.name.clone())
                .collect()
        })
        .unwrap_or_default();
    let factories = StoredValue::new(factories);
    let factory_name = move |id: &str| {
        factories.with_value(|f| f.get(id).cloned().unwrap_or_else(|| id.to_string()))
    };

    let today_f = today.clone();
    let shown = Memo::new(move |_| {
        let f = filter.get();
        let by = sort.get();
        app.summaries
            .with(|all| listing::filter_sort(all, &f, by, &today_f, &factory_name))
    });

    // Choices for the filters: what the orders hold, plus the parties of the workspace.
    let choices = Memo::new(move |_| {
        app.summaries.with(|all| {
            let mut customers: BTreeSet<String> = customer_parties.iter().cloned().collect();
            let mut facs: BTreeSet<String> = factories.with_value(|f| f.keys().cloned().collect());
            let mut months = BTreeSet::new();
            for s in all {
                if !s.customer.is_empty() {
                    customers.insert(s.customer.clone());
                }
                if !s.factory.is_empty() {
                    facs.insert(s.factory.clone());
                }
                if let Some(x) = &s.ex_factory {
                    if x.len() >= 7 {
                        months.insert(x[..7].to_string());
                    }
                }
            }
            (customers, facs, months)
        })
    });

    // The window: what part of the list is on screen, from the page's scroll position.
    let list_ref = NodeRef::<html::Div>::new();
    let viewport = RwSignal::new((0.0f64, 800.0f64));
    let measure = move || {
        let Some(el) = list_ref.get_untracked() else {
            return;
        };
        let Some(w) = web_sys::window() else { return };
        let top = f64::from(el.offset_top()) - w.scroll_y().unwrap_or(0.0);
        let h = w
            .inner_height()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(800.0);
        let next = (-top, h);
        if viewport.get_untracked() != next {
            viewport.set(next);
        }
    };
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| measure());
    let on_resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
    Effect::new(move |_| {
        shown.track();
        list_ref.track();
        request_animation_frame(measure);
    });
    let range = Memo::new(move |_| {
        let (top, h) = viewport.get();
        listing::window(shown.with(|s| s.len()), ROW_HEIGHT, top, h, OVERSCAN)
    });
    let visible = Memo::new(move |_| {
        let (start, end) = range.get();
        shown.with(|idx| {
            app.summaries.with(|all| {
                idx[start..end]
                    .iter()
                    .filter_map(|&i| all.get(i).cloned())
                    .collect::<Vec<_>>()
            })
        })
    });

    let set = move |f: fn(&mut Filter, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            filter.update(|x| f(x, v));
        }
    };

    // Phones start with the filters folded so the list is in view, unless some are set; wide
    // screens show them.
    let wide = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|v| v.as_f64())
        .is_some_and(|w| w >= 720.0)
        || filter.with_untracked(|f| {
            !f.status.is_empty()
                || !f.customer.is_empty()
                || !f.factory.is_empty()
                || !f.month.is_empty()
                || f.late_only
        });

    let today_csv = today.clone();
    let export_orders = move |_| {
        let lang = i18n.0.get_untracked();
        let csv = shown.with_untracked(|idx| {
            app.summaries.with_untracked(|all| {
                let rows: Vec<&Summary> = idx.iter().filter_map(|&i| all.get(i)).collect();
                orders_csv(lang, &rows, &today_csv, &factory_name)
            })
        });
        files::download(
            &format!("orders-{today_csv}.csv"),
            "text/csv;charset=utf-8",
            csv.as_bytes(),
        );
    };
    let today_ms = today.clone();
    let export_milestones = move |_| {
        let Some(repo) = app.repo() else { return };
        let lang = i18n.0.get_untracked();
        let wanted: BTreeSet<String> = shown.with_untracked(|idx| {
            app.summaries.with_untracked(|all| {
                idx.iter()
                    .filter_map(|&i| all.get(i))
                    .map(|s| s.id.clone())
                    .collect()
            })
        });
        let today = today_ms.clone();
        exporting.set(true);
        spawn_local(async move {
            let now = local_today();
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
                    gloo_yield().await;
                    true
                },
                |_, o, _| {
                    for (_, m) in tna::in_order(o) {
                        let d = |x: Option<gendan_domain::Day>| {
                            x.map(|d| d.to_string()).unwrap_or_default()
                        };
                        rows.push(vec![
                            o.customer_po.clone(),
                            o.style_no.clone(),
                            o.customer.clone(),
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
            files::download(
                &format!("milestones-{today}.csv"),
                "text/csv;charset=utf-8",
                listing::csv(&rows).as_bytes(),
            );
            let _ = exporting.try_set(false);
        });
    };

    view! {
        <section class="page orders">
            <div class="toolbar">
                <input type="search" class="search" data-testid="search" id="o-search"
                    aria-label=move || i18n.t(K::Search) placeholder=move || i18n.t(K::Search)
                    prop:value=move || filter.with(|f| f.query.clone())
                    on:input=set(|f, v| f.query = v)/>
                <a class="button primary" href=Route::NewOrder.href() data-testid="new-order">{move || i18n.t(K::NavNew)}</a>
            </div>
            <details class="filters" open=wide>
                <summary data-testid="filters-toggle">
                    {move || i18n.t(K::FiltersAndSort)}
                    {move || {
                        let f = filter.get();
                        let n = [!f.status.is_empty(), !f.customer.is_empty(), !f.factory.is_empty(), !f.month.is_empty(), f.late_only]
                            .into_iter().filter(|x| *x).count();
                        (n > 0).then(|| view! { <span class="count">{n}</span> })
                    }}
                </summary>
                <div class="filter-grid">
                    <div class="field">
                        <label for="o-status">{move || i18n.t(K::Status)}</label>
                        <select id="o-status" data-testid="filter-status" on:change=set(|f, v| f.status = v)>
                            <option value="">{move || i18n.t(K::AnyValue)}</option>
                            {OrderStatus::ALL.iter().map(|s| {
                                let s = *s;
                                view! { <option value=s.code() selected=move || filter.with_untracked(|f| f.status == s.code())>{move || i18n.t(status_key(s))}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="o-customer">{move || i18n.t(K::Customer)}</label>
                        <select id="o-customer" data-testid="filter-customer" on:change=set(|f, v| f.customer = v)>
                            <option value="">{move || i18n.t(K::AnyValue)}</option>
                            {move || choices.with(|c| c.0.iter().map(|n| { let sel = filter.with_untracked(|f| &f.customer == n); view! { <option value=n.clone() selected=sel>{n.clone()}</option> } }).collect_view())}
                        </select>
                    </div>
                    <div class="field">
                        <label for="o-factory">{move || i18n.t(K::FactoryCol)}</label>
                        <select id="o-factory" data-testid="filter-factory" on:change=set(|f, v| f.factory = v)>
                            <option value="">{move || i18n.t(K::AnyValue)}</option>
                            {move || choices.with(|c| c.1.iter().map(|id| { let sel = filter.with_untracked(|f| &f.factory == id); view! { <option value=id.clone() selected=sel>{factory_name(id)}</option> } }).collect_view())}
                        </select>
                    </div>
                    <div class="field">
                        <label for="o-month">{move || i18n.t(K::ExFactoryMonth)}</label>
                        <select id="o-month" data-testid="filter-month" on:change=set(|f, v| f.month = v)>
                            <option value="">{move || i18n.t(K::AnyValue)}</option>
                            {move || {
                                let lang = i18n.0.get();
                                choices.with(|c| c.2.iter().map(|m| { let sel = filter.with_untracked(|f| &f.month == m); view! { <option value=m.clone() selected=sel>{fmt_month(lang, m)}</option> } }).collect_view())
                            }}
                        </select>
                    </div>
                    <div class="field">
                        <label for="o-sort">{move || i18n.t(K::SortByLabel)}</label>
                        <select id="o-sort" data-testid="sort" on:change=move |ev| sort.set(SortBy::from_code(&event_target_value(&ev)))>
                            <option value=SortBy::ExFactory.code() selected=sort.get_untracked() == SortBy::ExFactory>{move || i18n.t(K::ExFactory)}</option>
                            <option value=SortBy::Updated.code() selected=sort.get_untracked() == SortBy::Updated>{move || i18n.t(K::SortUpdated)}</option>
                            <option value=SortBy::Po.code() selected=sort.get_untracked() == SortBy::Po>{move || i18n.t(K::CustomerPo)}</option>
                        </select>
                    </div>
                    <label class="check" for="o-late">
                        <input type="checkbox" id="o-late" data-testid="filter-late" prop:checked=move || filter.with(|f| f.late_only)
                            on:change=move |ev| { let on = event_target_checked(&ev); filter.update(|f| f.late_only = on) }/>
                        <span>{move || i18n.t(K::LateOnly)}</span>
                    </label>
                </div>
                <div class="actions wrap-actions">
                    <button data-testid="export-orders-csv" on:click=export_orders>{move || i18n.t(K::ExportOrdersCsv)}</button>
                    <button data-testid="export-milestones-csv" on:click=export_milestones disabled=move || exporting.get()>{move || i18n.t(K::ExportMilestonesCsv)}</button>
                </div>
            </details>
            <p class="muted" data-testid="order-count" aria-live="polite">
                {move || format!("{} {}", shown.with(|f| f.len()), i18n.t(K::OrdersCount))}
            </p>
            {move || {
                if app.summaries.with(|s| s.is_empty()) {
                    return view! { <p class="empty">{i18n.t(K::NoOrders)}</p> }.into_any();
                }
                if shown.with(|f| f.is_empty()) {
                    return view! { <p class="empty">{i18n.t(K::NoMatches)}</p> }.into_any();
                }
                ().into_any()
            }}
            <div class="order-window" node_ref=list_ref data-testid="order-list"
                style=move || format!("height:{}px", shown.with(|s| s.len()) as f64 * ROW_HEIGHT)>
                <ul class="order-list" style=move || format!("transform:translateY({}px)", range.get().0 as f64 * ROW_HEIGHT)>
                    <For each=move || visible.get() key=|s| (s.id.clone(), s.updated_ms.to_bits(), s.damaged) let:s>
                        <OrderRow factory=if s.factory.is_empty() { String::new() } else { factory_name(&s.factory) } s=s today=today.clone()/>
                    </For>
                </ul>
            </div>
        </section>
    }
}

#[component]
fn OrderRow(s: Summary, today: String, factory: String) -> impl IntoView {
    let i18n = use_i18n();
    let href = if s.damaged {
        Route::Settings.href()
    } else {
        Route::Order(s.id.clone()).href()
    };
    let status = s.status();
    let damaged = s.damaged;
    let late = listing::is_late(&s, &today);
    let xf = s.ex_factory.clone().unwrap_or_default();
    let qty = s.total_qty;
    view! {
        <li class="order-row" class:damaged=damaged class:is-late=late data-testid="order-row">
            <a href=href>
                <div class="row-main">
                    <strong class="po">{s.customer_po.clone()}</strong>
                    <span class="muted clip">{s.style_no.clone()}</span>
                </div>
                <div class="row-sub">
                    <span class="clip">{s.customer.clone()}{(!factory.is_empty()).then(|| format!(" · {factory}"))}</span>
                    <span class=format!("status st-{}", status.code())>{move || i18n.t(status_key(status))}</span>
                </div>
                {if damaged {
                    view! { <div class="row-sub error-text">{move || i18n.t(K::Damaged)}</div> }.into_any()
                } else {
                    view! {
                        <div class="row-sub muted">
                            <span class:late=late>{move || {
                                let d = fmt_day(i18n.0.get(), &xf);
                                if late { format!("{d} · {}", i18n.t(K::LateFlag)) } else { d }
                            }}</span>
                            <span>{move || format!("{} {}", fmt_int(qty), i18n.t(K::Pieces))}</span>
                        </div>
                    }.into_any()
                }}
            </a>
        </li>
    }
}
