//! The order's inspections: each with its kind, date and derived verdict, and a way to start one.
//!
//! The parts live under `inspections/`: the list, the form that starts one, the stringency the
//! next final lot will get (with the corrective action that lifts a discontinuation), the
//! factory's final lots in other orders that the switching rules need, and the inspections
//! booked ahead (验货预约) with their form and rows.

mod book_form;
mod booking_row;
mod bookings;
pub(super) mod factory_lots;
pub(super) mod kind_select;
mod list;
mod next_lot;
mod start_form;

use gendan_domain::inspection::Verdict;
use gendan_domain::DomainError;
use leptos::prelude::*;

use super::ctx::OrderCtx;
use crate::components::action_error::ActionError;
use crate::i18n::{use_i18n, K};
use bookings::Bookings;
use list::InspectionList;
use next_lot::NextFinalLot;
use start_form::StartForm;

/// The kinds an inspection starts or is booked as: a re-inspection only follows a failed lot.
pub(super) const ORDINARY: [gendan_domain::inspection::InspectionKind; 3] = [
    gendan_domain::inspection::InspectionKind::PreProduction,
    gendan_domain::inspection::InspectionKind::Inline,
    gendan_domain::inspection::InspectionKind::Final,
];

pub(crate) fn verdict_key(v: Result<Verdict, DomainError>) -> (&'static str, K) {
    match v {
        Ok(Verdict::Pass) => ("pass", K::VerdictPass),
        Ok(Verdict::Fail) => ("fail", K::VerdictFail),
        Ok(Verdict::Pending) => ("pending", K::VerdictPending),
        Err(_) => ("pending", K::VerdictUnknown),
    }
}

#[component]
pub fn InspectionsSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let others = factory_lots::gather(ctx);
    view! {
        <section class="card section" data-testid="qc-section">
            <h3>{move || i18n.t(K::SecQc)}</h3>
            <InspectionList ctx=ctx/>
            <StartForm ctx=ctx others=others error=error/>
            <NextFinalLot ctx=ctx others=others error=error/>
            <ActionError error=error testid="qc-error"/>
            <Bookings ctx=ctx/>
        </section>
    }
}
