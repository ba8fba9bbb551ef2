//! The final lots of this order's factory recorded in the workspace's other orders: the switching
//! rules run over all of a factory's lots, so they are gathered once, in the background.

use gendan_domain::inspection::InspectionKind;
use gendan_domain::Order;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::ctx::OrderCtx;
use crate::platform;

/// The other orders' final lots at this order's factory, each as an order holding only those
/// inspections; empty until the scan is done (and when the order has no factory).
pub(super) fn gather(ctx: OrderCtx) -> RwSignal<Vec<(String, Order)>> {
    // The switching rules run over the factory's lots in every order: the final inspections of
    // this factory's other orders, gathered once in the background.
    let others = RwSignal::new(Vec::<(String, gendan_domain::Order)>::new());
    {
        let factory = ctx
            .order
            .with_untracked(|o| o.factory.clone().unwrap_or_default());
        let this = ctx.id();
        let summary_factory = factory.clone();
        if let Some(repo) = crate::state::store::use_store().repo() {
            if !factory.is_empty() {
                // Background scan over the factory's orders, once when the section opens.
                spawn_local(async move {
                    let mut found = Vec::new();
                    repo.scan_orders(
                        // Final lots are recorded against the order's factory: only its orders.
                        |s| s.id != this && s.factory == summary_factory,
                        async |_, _| {
                            platform::yield_now().await;
                            others.try_get_untracked().is_some()
                        },
                        |id, o, _| {
                            let inspections: gendan_domain::RecordMap<_> = o
                                .inspections
                                .iter()
                                .filter(|(_, i)| {
                                    i.factory == factory && i.kind == InspectionKind::Final
                                })
                                .map(|(k, i)| (k.clone(), i.clone()))
                                .collect();
                            if !inspections.is_empty() {
                                let mut lots = gendan_domain::Order::new();
                                lots.inspections = inspections;
                                found.push((id.to_string(), lots));
                            }
                        },
                    )
                    .await;
                    let _ = others.try_set(found);
                });
            }
        }
    }
    others
}
