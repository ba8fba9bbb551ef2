//! Today, the landing screen: overdue milestones, what is due this week, inspections today, money
//! awaited, quotes awaiting the buyer, supplier POs overdue, sample replies overdue, open
//! complaints, notices no factory has read (on a factory's phone, the ones to read) and orders
//! at risk of missing ex-factory, and first of all the orders that need a
//! decision (a state no rule allows, usually after a merge) — the domain's today view over every
//! order on the device, read a few orders at a time. Each row opens its order at the section the
//! row is about.

mod decisions;
mod labels;
mod notices;
mod risk;
mod scan;
mod section;
mod suspended;
mod unmerged;

use gendan_domain::reports::Today;
use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::listing::fmt_day;
use crate::platform;
use crate::state::store::use_store;
use decisions::NeedsDecisionSection;
use labels::{
    booking_text, claim_text, confirm_text, incident_text, inspection_text, plain, quote_text,
    return_text, sample_text,
};
use risk::AtRiskSection;
use section::{names_of, TodaySection};
use suspended::SuspendedSection;
use unmerged::UnmergedSection;

/// Rows shown per section before "and N more".
const SHOWN: usize = 20;

#[component]
pub fn TodayPage() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let now = platform::today();
    // The last complete view is shown at once while it is computed again.
    let cached = scan::last();
    let progress = RwSignal::new((0usize, 0usize));
    let scanned = LocalResource::new(move || scan::today(store, now, progress));
    let result = Signal::derive(move || scanned.get().flatten().or_else(|| cached.clone()));
    let finished = move || scanned.get().flatten().is_some();
    // One read of the workspace for the rows' names and the suspended suppliers.
    let ws = crate::pages::parties::workspace_signal();
    let names = names_of(store, ws);
    let pick = move |f: fn(&Today) -> Vec<gendan_domain::reports::TodayItem>| {
        Signal::derive(move || result.with(|r| r.as_ref().map(f).unwrap_or_default()))
    };
    view! {
        <section class="page today" data-testid="today">
            <crate::components::team_restore::TeamRestore ws=ws/>
            <div class="page-head">
                <h2>{move || i18n.t(K::NavToday)}</h2>
                <span class="muted" data-testid="today-date">{move || fmt_day(i18n.0.get(), &now.to_string())}</span>
            </div>
            <p class="muted small" data-testid="today-progress" aria-live="polite">
                {move || {
                    let (done, total) = progress.get();
                    if !finished() {
                        format!("{} {done} / {total}", i18n.t(K::CheckingOrders))
                    } else {
                        crate::i18n::count(i18n.0.get(), crate::i18n::CHECKED_ORDERS, total)
                    }
                }}
            </p>
            <Show when=move || store.summaries.with(|s| s.is_empty())>
                <p class="empty">{move || i18n.t(K::NoOrders)}</p>
            </Show>
            <NeedsDecisionSection items=Signal::derive(move || result.with(|r| r.as_ref().map(|t| t.needs_decision.clone()).unwrap_or_default())) names=names/>
            <UnmergedSection names=names/>
            <SuspendedSection names=names ws=ws/>
            <notices::NoticesSection store=store/>
            // Money a peer's change broke is left out of every list below until it is put back.
            <Show when=move || result.with(|r| r.as_ref().is_some_and(|t| !t.books_unread.is_empty()))>
                <TodaySection title=K::TodayBooksUnread testid="today-books-unread" items=pick(|t| t.books_unread.clone()) names=names label=plain opens="money"/>
            </Show>
            <TodaySection title=K::TodayPricesToCheck testid="today-prices-to-check" items=pick(|t| t.prices_to_check.clone()) names=names label=plain opens="money"/>
            // Only teams that ask before paying have requests: no empty section for the rest.
            <Show when=move || result.with(|r| r.as_ref().is_some_and(|t| !t.pay_requests.is_empty()))>
                <TodaySection title=K::TodayPayRequests testid="today-pay-requests" items=pick(|t| t.pay_requests.clone()) names=names label=plain opens="purchasing"/>
            </Show>
            // Only a device holding the books knows what suppliers are owed.
            <Show when=move || result.with(|r| r.as_ref().is_some_and(|t| !t.payables_due.is_empty()))>
                <TodaySection title=K::TodayPayablesDue testid="today-payables" items=pick(|t| t.payables_due.clone()) names=names label=plain opens="purchasing"/>
            </Show>
            <Show when=move || result.with(|r| r.as_ref().is_some_and(|t| !t.owed_back.is_empty()))>
                <TodaySection title=K::TodayOwedBack testid="today-owed-back" items=pick(|t| t.owed_back.clone()) names=names label=plain opens="purchasing"/>
            </Show>
            // Production waits on these: first, whenever they are due.
            <Show when=move || result.with(|r| r.as_ref().is_some_and(|t| !t.urgent_materials.is_empty()))>
                <TodaySection title=K::TodayUrgent testid="today-urgent" items=pick(|t| t.urgent_materials.clone()) names=names label=plain opens="purchasing"/>
            </Show>
            // A claim is followed until it is settled, the order closed or not.
            <Show when=move || result.with(|r| r.as_ref().is_some_and(|t| !t.transit_incidents.is_empty()))>
                <TodaySection title=K::TodayIncidents testid="today-incidents" items=pick(|t| t.transit_incidents.clone()) names=names label=incident_text opens="shipment"/>
            </Show>
            // Only a device holding the books knows what was quoted; expired ones stay, to chase.
            <Show when=move || result.with(|r| r.as_ref().is_some_and(|t| !t.quotes_waiting.is_empty()))>
                <TodaySection title=K::TodayQuotes testid="today-quotes" items=pick(|t| t.quotes_waiting.clone()) names=names label=quote_text opens="money"/>
            </Show>
            // Money a settled claim still expects; an open incident is listed above instead.
            <Show when=move || result.with(|r| r.as_ref().is_some_and(|t| !t.claims_outstanding.is_empty()))>
                <TodaySection title=K::TodayClaims testid="today-claims" items=pick(|t| t.claims_outstanding.clone()) names=names label=claim_text opens="money"/>
            </Show>
            // Money one person recorded waits for another's eyes: the day's first chore for finance.
            <Show when=move || result.with(|r| r.as_ref().is_some_and(|t| !t.money_to_confirm.is_empty()))>
                <TodaySection title=K::TodayToConfirm testid="today-to-confirm" items=pick(|t| t.money_to_confirm.clone()) names=names label=confirm_text opens="money"/>
            </Show>
            // The buyer is owed these pieces, the order closed or not.
            <Show when=move || result.with(|r| r.as_ref().is_some_and(|t| !t.returns_to_resend.is_empty()))>
                <TodaySection title=K::TodayReturns testid="today-returns" items=pick(|t| t.returns_to_resend.clone()) names=names label=return_text opens="log"/>
            </Show>
            <AtRiskSection items=Signal::derive(move || result.with(|r| r.as_ref().map(|t| t.at_risk.clone()).unwrap_or_default())) names=names/>
            <TodaySection title=K::TodayLate testid="today-late" items=pick(|t| t.late_milestones.clone()) names=names label=plain opens="tna"/>
            <TodaySection title=K::TodayDueWeek testid="today-week" items=pick(|t| t.due_this_week.clone()) names=names label=plain opens="tna"/>
            <TodaySection title=K::TodayInspections testid="today-inspections" items=pick(|t| t.inspections_today.clone()) names=names label=inspection_text opens="qc"/>
            // The week's booked inspections, and any the buyer's QC has yet to confirm.
            <Show when=move || result.with(|r| r.as_ref().is_some_and(|t| !t.inspections_booked.is_empty()))>
                <TodaySection title=K::TodayBookings testid="today-bookings" items=pick(|t| t.inspections_booked.clone()) names=names label=booking_text opens="qc"/>
            </Show>
            <TodaySection title=K::TodayDeposits testid="today-deposits" items=pick(|t| t.deposits_awaited.clone()) names=names label=plain opens="money"/>
            <TodaySection title=K::TodayBalances testid="today-balances" items=pick(|t| t.balances_awaited.clone()) names=names label=plain opens="money"/>
            <TodaySection title=K::TodayPos testid="today-pos" items=pick(|t| t.pos_overdue.clone()) names=names label=plain opens="purchasing"/>
            <TodaySection title=K::TodaySamples testid="today-samples" items=pick(|t| t.sample_replies_overdue.clone()) names=names label=sample_text opens="samples"/>
            <TodaySection title=K::TodayComplaints testid="today-complaints" items=pick(|t| t.open_complaints.clone()) names=names label=plain opens="log"/>
        </section>
    }
}
