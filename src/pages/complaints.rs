//! 客诉台帐: every complaint across the orders on this device, read from the Reports index (each
//! order's facts, [`gendan_domain::report_facts::ComplaintFacts`]) so no order is loaded unless
//! its facts are missing. Open ones first, the most severe and oldest first; resolved and closed
//! ones on request, the latest closed first. Each row opens the order's log, where the complaint
//! is handled.

use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, K};
use crate::listing::{fmt_day, fmt_int};
use crate::pages::order::ctx::code_text_in;
use crate::pages::parties::{party_label, workspace_signal};
use crate::pages::reports::gathered;
use crate::storage::report_index::OrderComplaint;
use crate::Route;

/// Open complaints first (most severe, then oldest, then by PO), then the others when `all`
/// (the latest closed first).
pub(crate) fn listed(rows: &[OrderComplaint], all: bool) -> Vec<OrderComplaint> {
    let (mut open, mut done): (Vec<_>, Vec<_>) =
        rows.iter().cloned().partition(|r| r.fact.is_open());
    gendan_domain::sorting::sort_by_key(&mut open, |r| {
        (
            r.fact.severity_rank(),
            r.fact.opened.is_none(),
            r.fact.opened,
            r.customer_po.clone(),
            r.order.clone(),
            r.fact.id.clone(),
        )
    });
    if all {
        gendan_domain::sorting::sort_by_key(&mut done, |r| {
            (
                std::cmp::Reverse(r.fact.closed.or(r.fact.opened)),
                r.customer_po.clone(),
                r.order.clone(),
                r.fact.id.clone(),
            )
        });
        open.extend(done);
    }
    open
}

#[component]
pub fn ComplaintsPage() -> impl IntoView {
    let i18n = use_i18n();
    let ws = workspace_signal();
    let all = RwSignal::new(false);
    let gathered = gathered(|r| r.complaints);
    let rows = Signal::derive(move || gathered.get().unwrap_or_default());
    let open = move || rows.with(|r| r.iter().filter(|c| c.fact.is_open()).count());
    let shown = Memo::new(move |_| rows.with(|r| listed(r, all.get())));
    view! {
        <section class="page complaints" data-testid="complaints-page">
            <h2>{move || i18n.t(K::ComplaintsTitle)}</h2>
            <Suspense fallback=move || view! { <p class="muted">{move || i18n.t(K::Loading)}</p> }>
                <p class="muted small" data-testid="complaints-count">
                    {move || {
                        let (o, n) = (open(), rows.with(Vec::len));
                        fill(
                            i18n.t(K::ComplaintsCount),
                            &[("open", &fmt_int(o as u64)), ("done", &fmt_int((n - o) as u64))],
                        )
                    }}
                </p>
                <label class="check">
                    <input type="checkbox" data-testid="complaints-all" prop:checked=all
                        on:change=move |ev| all.set(event_target_checked(&ev))/>
                    {move || i18n.t(K::ComplaintsShowAll)}
                </label>
                <Show when=move || shown.with(Vec::is_empty)>
                    <p class="muted" data-testid="complaints-none">{move || i18n.t(K::ComplaintsNone)}</p>
                </Show>
                <ul class="today-list">
                    <For
                        each=move || shown.get()
                        // A row shows what its fact says: keyed by all of it, so a change redraws it.
                        key=|r| (r.order.clone(), r.customer_po.clone(), r.customer.clone(), format!("{:?}", r.fact))
                        let:r
                    >
                        <ComplaintRow row=r ws=ws/>
                    </For>
                </ul>
            </Suspense>
        </section>
    }
}

/// One complaint: the order, its severity and status, who complained and when, the factory it
/// counts against, its words, the pieces found defective and who handles it.
#[component]
fn ComplaintRow(row: OrderComplaint, ws: crate::pages::parties::Ws) -> impl IntoView {
    let i18n = use_i18n();
    let href = Route::OrderSection(row.order.clone(), "log".into()).href();
    let f = row.fact.clone();
    let title = [row.customer_po.as_str(), row.customer.as_str()]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let open = f.is_open();
    let sub = move || {
        let lang = i18n.0.get();
        let mut parts = vec![
            code_text_in(lang, &f.severity),
            code_text_in(lang, &f.status),
        ];
        if let Some(d) = f.opened {
            parts.push(fill(
                K::ComplaintOpenedOn.text(lang),
                &[("day", &fmt_day(lang, &d.to_string()))],
            ));
        }
        if let Some(d) = f.closed.filter(|_| !open) {
            parts.push(fill(
                K::ComplaintClosedOn.text(lang),
                &[("day", &fmt_day(lang, &d.to_string()))],
            ));
        }
        if !f.factory.is_empty() {
            parts.push(ws.with(|w| party_label(w, &f.factory, lang)));
        }
        if !f.source.is_empty() {
            parts.push(f.source.clone());
        }
        if f.defective > 0 {
            parts.push(fill(
                K::ComplaintDefectivePcs.text(lang),
                &[("qty", &fmt_int(f.defective))],
            ));
        }
        for (qty, k) in [
            (f.returned, K::ComplaintReturnedPcs),
            (f.to_resend, K::ComplaintToResendPcs),
        ] {
            if qty > 0 {
                parts.push(fill(k.text(lang), &[("qty", &fmt_int(qty))]));
            }
        }
        if !f.owner.is_empty() {
            parts.push(fill(K::ComplaintOwnedBy.text(lang), &[("who", &f.owner)]));
        }
        parts.join(" · ")
    };
    view! {
        <li data-testid="complaint-row" data-open=open.to_string() data-severity=row.fact.severity.clone()>
            <a class="today-row" href=href>
                <span class="row-main"><strong>{title}</strong><span class="muted">{row.fact.said.clone()}</span></span>
                <span class="row-sub" class:late=open>{sub}</span>
            </a>
        </li>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use gendan_domain::report_facts::ComplaintFacts;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn row(
        po: &str,
        severity: &str,
        status: &str,
        opened: &str,
        closed: Option<&str>,
    ) -> OrderComplaint {
        OrderComplaint {
            order: po.to_lowercase(),
            customer_po: po.into(),
            customer: "Nordic Wear".into(),
            fact: ComplaintFacts {
                id: "c".into(),
                severity: severity.into(),
                status: status.into(),
                opened: opened.parse().ok(),
                closed: closed.and_then(|d| d.parse().ok()),
                ..ComplaintFacts::default()
            },
        }
    }

    /// Open first, the most severe and oldest first; the rest only when asked, the latest
    /// closed first.
    #[wasm_bindgen_test]
    fn open_complaints_come_first_most_severe_and_oldest_first() {
        let rows = [
            row("PO-A", "minor", "open", "2026-05-01", None),
            row("PO-B", "critical", "in_progress", "2026-05-10", None),
            row("PO-C", "critical", "open", "2026-05-03", None),
            row("PO-D", "major", "closed", "2026-04-01", Some("2026-04-20")),
            row(
                "PO-E",
                "minor",
                "resolved",
                "2026-04-02",
                Some("2026-05-02"),
            ),
        ];
        let po = |v: Vec<OrderComplaint>| v.into_iter().map(|r| r.customer_po).collect::<Vec<_>>();
        assert_eq!(po(listed(&rows, false)), ["PO-C", "PO-B", "PO-A"]);
        assert_eq!(
            po(listed(&rows, true)),
            ["PO-C", "PO-B", "PO-A", "PO-E", "PO-D"]
        );
    }
}
