//! The final lots of this order's factory recorded in the workspace's other orders: the switching
//! rules run over all of a factory's lots, so the inspections section gathers them once in the
//! background, and a re-inspection request reads them (at the failed lot's factory) when it is
//! made. A lot counts at its own factory ([`Order::credited_factory`]), so the orders read are
//! those naming the factory now and those holding lots credited to it (an order moved away).

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

/// What the switching rules say for the next final lot at `factory`, over this order (`oid`)
/// and the factory's lots in the other orders.
pub(crate) fn acceptance(
    oid: &str,
    order: &Order,
    factory: &str,
    others: &[(String, Order)],
    workspace: &Workspace,
) -> NextLot {
    let all = std::iter::once((oid, order)).chain(others.iter().map(|(id, l)| (id.as_str(), l)));
    next_final_lot_for_factory(all, factory, workspace.corrective_actions.values())
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
        |s| may_hold_lots(s, this, factory),
        async |_, _| {
            platform::yield_now().await;
            keep_on()
        },
        |id, o, _| {
            // Stamped with the factory each counts at: the copy no longer names the order's
            // factory, which credits the lots stored without one.
            let inspections: gendan_domain::RecordMap<_> = o
                .inspections
                .iter()
                .filter(|(_, i)| i.kind == InspectionKind::Final)
                .filter(|(_, i)| o.credited_factory(&i.factory) == Some(factory))
                .map(|(k, i)| {
                    let mut i = i.clone();
                    i.factory = factory.to_string();
                    (k.clone(), i)
                })
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

/// The factory's lots in the other orders, read in the background when the section opens and
/// again whenever what they depend on changes while it is open: this order's factory, or any
/// other order that may hold lots there (saved here, in another tab, or received by sync) — a
/// colleague's rejected lot must tighten the next one here without leaving the screen.
/// Meanwhile the lots are `None` again, so no final lot is judged on the old ones ([`FactoryLots`]).
pub(crate) fn gather(ctx: OrderCtx) -> FactoryLots {
    let others: FactoryLots = RwSignal::new(None);
    let store = crate::state::store::use_store();
    let this = ctx.id();
    let depends = Memo::new(move |_| {
        let factory = ctx
            .order
            .with(|o| o.named_factory().unwrap_or_default().to_string());
        let seen = store.summaries.with(|all| lots_seen(all, &this, &factory));
        (factory, seen)
    });
    // Each read is numbered: one overtaken by a newer change stops and keeps nothing.
    let reading = StoredValue::new(0u64);
    Effect::new(move |_| {
        let (factory, _) = depends.get();
        let n = reading.get_value() + 1;
        reading.set_value(n);
        let current = move || reading.try_get_value() == Some(n);
        match store.repo() {
            Some(repo) if !factory.is_empty() => {
                others.set(None);
                let this = ctx.id();
                spawn_local(async move {
                    let found = read_lots(&repo, &this, &factory, current).await;
                    if current() {
                        let _ = others.try_set(Some(found));
                    }
                });
            }
            _ => others.set(Some(Vec::new())),
        }
    });
    others
}

/// The other orders that may hold final lots at `factory`, each with when its summary was last
/// written: a change to any of them (or one more of them) means the lots are read again.
fn lots_seen(all: &[crate::storage::Summary], this: &str, factory: &str) -> Vec<(String, u64)> {
    if factory.is_empty() {
        return Vec::new();
    }
    all.iter()
        .filter(|s| may_hold_lots(s, this, factory))
        .map(|s| (s.id.clone(), s.updated_ms.to_bits()))
        .collect()
}

/// An order other than `this` that names `factory` now or holds lots credited to it.
fn may_hold_lots(s: &crate::storage::Summary, this: &str, factory: &str) -> bool {
    s.id != this && (s.factory == factory || s.may_hold_lots_of(factory))
}

#[cfg(test)]
mod tests {
    use super::*;
    use gendan_domain::document::Author;
    use gendan_domain::inspection::Inspection;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn lot(factory: &str) -> Inspection {
        Inspection {
            kind: InspectionKind::Final,
            factory: factory.into(),
            completed: true,
            lot_size: 500,
            ..Inspection::default()
        }
    }

    async fn order_at(repo: &Repo, po: &str, factory: &str, lots: &[(&str, &str)]) -> String {
        let mut o = crate::storage::tests::order(po);
        o.factory = Some(factory.into());
        for (id, f) in lots {
            o.inspections.insert((*id).into(), lot(f));
        }
        repo.create_order(&o).await.unwrap()
    }

    /// A factory's lots are read wherever its orders went: an order moved away keeps the lots
    /// made at f1 in f1's history, and a lot an older build stored without a factory counts
    /// at the order's (stamped so in the copy, which names no factory). Reading only the orders
    /// naming f1 now let a discontinued factory start afresh on another order's history.
    #[wasm_bindgen_test]
    async fn a_factorys_lots_are_read_wherever_the_order_went() {
        let name = format!("gendan-test-lots-{}", js_sys::Math::random());
        let author = Author {
            name: "tester".into(),
            device: "dev-lots".into(),
        };
        let repo = Repo::open_in(&name, author).await.unwrap();
        let this = order_at(&repo, "PO-THIS", "f1", &[("t", "f1")]).await;
        let moved = order_at(&repo, "PO-MOVED", "f2", &[("m1", "f1"), ("m2", "f2")]).await;
        let older = order_at(&repo, "PO-OLDER", "f1", &[("o1", " ")]).await;
        let other = order_at(&repo, "PO-OTHER", "f3", &[("x", "f3")]).await;
        let found = read_lots(&repo, &this, "f1", || true).await;
        let mut ids: Vec<(&str, Vec<(&str, &str)>)> = found
            .iter()
            .map(|(id, o)| {
                let lots = o
                    .inspections
                    .iter()
                    .map(|(k, i)| (k.as_str(), i.factory.as_str()))
                    .collect();
                (id.as_str(), lots)
            })
            .collect();
        ids.sort();
        let mut want = vec![
            (moved.as_str(), vec![("m1", "f1")]),
            (older.as_str(), vec![("o1", "f1")]),
        ];
        want.sort();
        assert_eq!(ids, want);
        assert!(found.iter().all(|(id, _)| *id != other && *id != this));
        // The summary says which factories its lots count at; one from before says nothing
        // and is read.
        let summary = |id: &str| repo.summaries().into_iter().find(|s| s.id == id).unwrap();
        let mut s = summary(&moved);
        assert_eq!(
            s.lot_factories.as_deref(),
            Some(&["f1".to_string(), "f2".to_string()][..])
        );
        assert!(s.may_hold_lots_of("f1"));
        assert!(!summary(&other).may_hold_lots_of("f1"));
        s.lot_factories = None;
        assert!(s.may_hold_lots_of("f1"));
    }
}
