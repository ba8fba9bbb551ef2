//! The final lots of this order's factory recorded in the workspace's other orders: the switching
//! rules run over all of a factory's lots, so the inspections section gathers them once in the
//! background, and a re-inspection request reads them when it is made.

use gendan_domain::inspection::{next_final_lot_for_factory, InspectionKind, NextLot};
use gendan_domain::{Order, Workspace};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::ctx::OrderCtx;
use crate::platform;
use crate::storage::Repo;

/// The other orders' final lots at this order's factory, each as an order holding only those
/// inspections: `None` while they are being read, since a final lot judged before they are would
/// ignore every other order's lots (an early tap started one at a factory whose acceptance is
/// discontinued); at once an empty list when the order has no factory.
pub(crate) type FactoryLots = RwSignal<Option<Vec<(String, Order)>>>;

/// What the switching rules say for the next final lot at `order`'s factory, over this order
/// (`oid`) and the factory's lots in the other orders.
pub(crate) fn acceptance(
    oid: &str,
    order: &Order,
    others: &[(String, Order)],
    workspace: &Workspace,
) -> NextLot {
    let all = std::iter::once((oid, order)).chain(others.iter().map(|(id, l)| (id.as_str(), l)));
    next_final_lot_for_factory(
        all,
        order.factory.as_deref().unwrap_or_default(),
        workspace.corrective_actions.values(),
    )
}

/// The lots once read (a final lot is judged only then); `None` if the screen was left first.
pub(crate) async fn lots_read(others: FactoryLots) -> Option<Vec<(String, Order)>> {
    loop {
        match others.try_get_untracked() {
            None => return None,
            Some(Some(lots)) => return Some(lots),
            Some(None) => platform::sleep_ms(20).await,
        }
    }
}

/// The final lots at `factory` in the orders other than `this`, read now: each as an order
/// holding only those inspections. `keep_on` is asked between batches; `false` stops the read
/// (the screen that wanted them was left), and what was found so far is returned.
pub(crate) async fn read_lots(
    repo: &Repo,
    this: &str,
    factory: &str,
    keep_on: impl Fn() -> bool,
) -> Vec<(String, Order)> {
    let mut found = Vec::new();
    if factory.is_empty() {
        return found;
    }
    repo.scan_orders(
        // Final lots are recorded against the order's factory: only its orders.
        |s| s.id != this && s.factory == factory,
        async |_, _| {
            platform::yield_now().await;
            keep_on()
        },
        |id, o, _| {
            let inspections: gendan_domain::RecordMap<_> = o
                .inspections
                .iter()
                .filter(|(_, i)| i.factory == factory && i.kind == InspectionKind::Final)
                .map(|(k, i)| (k.clone(), i.clone()))
                .collect();
            if !inspections.is_empty() {
                let mut lots = Order::new();
                lots.inspections = inspections;
                found.push((id.to_string(), lots));
            }
        },
    )
    .await;
    found
}

/// The factory's lots in the other orders, read once in the background when the section opens
/// ([`FactoryLots`]).
pub(crate) fn gather(ctx: OrderCtx) -> FactoryLots {
    let others: FactoryLots = RwSignal::new(None);
    let factory = ctx
        .order
        .with_untracked(|o| o.factory.clone().unwrap_or_default());
    let this = ctx.id();
    match crate::state::store::use_store().repo() {
        Some(repo) if !factory.is_empty() => spawn_local(async move {
            let found = read_lots(&repo, &this, &factory, || {
                others.try_get_untracked().is_some()
            })
            .await;
            let _ = others.try_set(Some(found));
        }),
        _ => others.set(Some(Vec::new())),
    }
    others
}
