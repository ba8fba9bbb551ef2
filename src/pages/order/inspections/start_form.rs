//! Starts an inspection of a kind and lot size; a final lot gets the stringency the switching
//! rules give it, and none starts while acceptance at the factory is discontinued. While a failed
//! final lot (or one left open that already rejects) waits for its re-inspection, a new final
//! lot asks why (`inspection::start`).

use gendan_domain::inspection::{self, may_start_final, Inspection, InspectionKind};
use gendan_domain::DomainError;
use leptos::prelude::*;

use super::super::ctx::{who, OrderCtx};
use super::factory_lots::{acceptance, lots_read, FactoryLots};
use super::kind_select::KindSelect;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::order::ctx::Failure;
use crate::pages::order::shipment::tolerance::workspace_allowance;
use crate::pages::typed;
use crate::platform;
use crate::{navigate, Route};

#[component]
pub fn StartForm(
    ctx: OrderCtx,
    /// The factory's final lots in other orders.
    others: FactoryLots,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(InspectionKind::Final.code().to_string());
    let lot = RwSignal::new(
        ctx.order
            .with_untracked(|o| o.quantities.total().to_string()),
    );
    let reason = RwSignal::new(String::new());
    let asks_why = move || {
        kind.get() == InspectionKind::Final.code()
            && ctx
                .order
                .with(|o| !inspection::failed_waiting(o).is_empty())
    };
    let begin = submit_action(
        error,
        move |(k, l, why): (InspectionKind, u32, String)| {
            let iid = platform::new_record_id();
            let workspace = ctx.workspace.get_untracked();
            let oid = ctx.id();
            async move {
                // Judged once the factory's lots in the other orders are read, never without them.
                let other_lots = lots_read(others).await.ok_or_else(Failure::default)?;
                ctx.edit_order(oid.clone(), move |o| {
                    // A final lot is inspected at the stringency the switching rules give it,
                    // and none starts while acceptance at the factory is discontinued.
                    let stringency = if k == InspectionKind::Final {
                        let factory = o.named_factory().unwrap_or_default().to_string();
                        let next = acceptance(&oid, o, &factory, &other_lots, &workspace);
                        may_start_final(&next)?;
                        next.stringency
                    } else {
                        Default::default()
                    };
                    // The domain stamps the lot with the order's factory.
                    let lot = Inspection {
                        kind: k,
                        inspector: who(),
                        scheduled: Some(platform::today()),
                        lot_size: l,
                        stringency,
                        ..Inspection::default()
                    };
                    let allowance = workspace_allowance(&workspace);
                    inspection::start(o, &iid, lot, &why, allowance)?;
                    Ok::<_, DomainError>(iid)
                })
                .await
            }
        },
        // Not when the order was left while it saved: the person went elsewhere.
        move |iid: String| {
            if let Some(oid) = ctx.try_id() {
                navigate(&Route::Inspection(oid, iid));
            }
        },
    );
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = match typed::whole(i18n, &lot.get_untracked(), u64::from(u32::MAX)) {
            Ok(l) => l as u32,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        begin.dispatch((
            InspectionKind::from_code(&kind.get_untracked()),
            l,
            reason.get_untracked(),
        ));
    };
    view! {
        <form class="inline-form" on:submit=start novalidate>
            <KindSelect value=kind kinds=super::ORDINARY.to_vec() testid="new-inspection-kind"/>
            <TextInput label=K::LotSize value=lot inputmode="numeric" testid="new-inspection-lot"/>
            <Show when=asks_why>
                <TextInput label=K::StartedOverReason value=reason testid="new-inspection-reason"/>
            </Show>
            <button type="submit" class="primary" data-testid="new-inspection">{move || i18n.t(K::StartInspection)}</button>
        </form>
    }
}
