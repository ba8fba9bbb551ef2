//! The inspection screen, made for a phone held in one hand on a factory floor with no network:
//! the lot and AQLs give the sampling plan (shown large), defects are counted by tapping the
//! workspace's defect library, measurements and camera photos (downscaled on the device, stored
//! by content hash) are recorded, the verdict follows, and a failed lot gets a linked
//! re-inspection after rework.

mod body;
mod defect_library;
mod defect_photos;
mod defect_row;
mod finish;
mod inspection_log;
mod lot_shipments;
mod measurement_form;
mod measurements;
pub(crate) mod photo_thumb;
mod plan;
mod reinspect_form;
mod setup_form;

use std::rc::Rc;

use gendan_domain::inspection::{Inspection, Verdict};
use gendan_domain::{DomainError, Order};
use leptos::prelude::*;

use super::ctx::OrderCtx;
use crate::i18n::{use_i18n, K};
use crate::pages::action::{edit_action, Submit};
use crate::Route;
use body::InspectionBody;

fn with_insp<R>(
    o: &mut Order,
    id: &str,
    f: impl FnOnce(&mut Inspection) -> Result<R, DomainError>,
) -> Result<R, DomainError> {
    let i = o
        .inspections
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("inspection", id))?;
    f(i)
}

/// The verdict so far (pending while the inspection is not there).
fn verdict_of(insp: Memo<Option<Inspection>>) -> Result<Verdict, DomainError> {
    insp.with(|i| i.as_ref().map(|i| i.verdict()))
        .unwrap_or(Ok(Verdict::Pending))
}

/// Whether the inspection was finished (its tally is then closed).
fn is_completed(insp: Memo<Option<Inspection>>) -> bool {
    insp.with(|i| i.as_ref().is_some_and(|i| i.completed))
}

/// A change to the open inspection (shared, so an action can hold it as its input).
type InspectionEdit = Rc<dyn Fn(&mut Inspection) -> Result<(), DomainError>>;

/// The inspection a screen part works on: the order, its id and the live copy. Every part reads
/// and edits it the same way through this one handle.
#[derive(Clone, Copy)]
pub(super) struct OpenInspection {
    pub ctx: OrderCtx,
    pub iid: StoredValue<String>,
    pub insp: Memo<Option<Inspection>>,
}

impl OpenInspection {
    /// An action applying an [`InspectionEdit`]; a refusal shows in `error`.
    fn action(self, error: RwSignal<Option<String>>) -> Submit<InspectionEdit> {
        inspection_action(self.ctx, self.iid, error)
    }

    fn completed(self) -> bool {
        is_completed(self.insp)
    }

    fn verdict(self) -> Result<Verdict, DomainError> {
        verdict_of(self.insp)
    }

    /// The inspection as it is now (an empty one while it is not there).
    fn current(self) -> Inspection {
        self.insp.get().unwrap_or_default()
    }
}

/// An action that applies an [`InspectionEdit`] to inspection `iid`; a refusal shows in `error`.
fn inspection_action(
    ctx: OrderCtx,
    iid: StoredValue<String>,
    error: RwSignal<Option<String>>,
) -> Submit<InspectionEdit> {
    edit_action(error, move |f: InspectionEdit| {
        let id = iid.get_value();
        ctx.edit(move |o| with_insp(o, &id, |i| f(i)))
    })
}

#[component]
pub fn InspectionPage(order_id: String, inspection_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = OrderCtx::new(order_id.clone());
    let loaded = LocalResource::new(move || ctx.load());
    let iid = StoredValue::new(inspection_id);
    let insp = Memo::new(move |_| {
        ctx.order
            .with(|o| o.inspections.get(&iid.get_value()).cloned())
    });
    let back = Route::Order(order_id).href();
    view! {
        <section class="page inspection-page">
            <a class="back" href=back data-testid="back-to-order"
                on:click=move |_| super::remember_section(&ctx.id(), "qc")>
                {move || format!("← {}", i18n.t(K::BackToOrder))}
            </a>
            <Suspense fallback=move || view! { <p class="muted">{i18n.t(K::Loading)}</p> }>
                {move || loaded.get().map(|r| match r {
                    Err(e) => view! { <p class="card error" role="alert">{i18n.t(K::OrderNotFound)}" "{e}</p> }.into_any(),
                    Ok(()) => match insp.get() {
                        None => view! { <p class="card error" role="alert">{i18n.t(K::InspectionNotFound)}</p> }.into_any(),
                        Some(_) => view! { <InspectionBody ctx=ctx iid=iid insp=insp/> }.into_any(),
                    },
                })}
            </Suspense>
        </section>
    }
}
