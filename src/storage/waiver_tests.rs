//! A money gate waived through the one edit path, in a real browser's storage: the waiver and
//! the words of its move are saved in the order's books and not in the order (whose document
//! the factory holds), the screen is handed the books to judge with, and books that cannot take
//! it (broken by a peer's change) refuse it with nothing written.

use gendan_domain::lifecycle::{self, ChangeKind};
use gendan_domain::money_waivers::{change_reason, overrides};
use gendan_domain::{Commercial, Order, OrderStatus};
use wasm_bindgen_test::*;

use super::agenda_tests::author;
use super::repo::EditError;
use super::restore_tests::{broken_at, receive};
use super::tests::order;
use super::{Repo, StoreError};

wasm_bindgen_test_configure!(run_in_browser);

const WHY: &str = "LC at sight, 30 % lands Monday";

fn db_name(test: &str) -> String {
    format!("gendan-test-waiver-{test}-{}", js_sys::Math::random())
}

/// A confirmed order with a deposit planned and not received, and its books.
async fn confirmed(repo: &Repo, po: &str) -> (String, Commercial) {
    let id = repo.create_order(&order(po)).await.unwrap();
    let (books, ()) = repo
        .edit_commercial(&id, |c| {
            c.receivables.deposit.amount = "300".parse().ok();
            Ok(())
        })
        .await
        .unwrap();
    let gates = repo.workspace_value().unwrap().settings.gates;
    repo.edit_order(&id, |o| {
        o.ex_factory = "2026-06-01".parse().ok();
        lifecycle::transition(
            o,
            Some(&books),
            OrderStatus::Confirmed,
            &gates,
            "li",
            1,
            None,
        )
    })
    .await
    .unwrap();
    (id, books)
}

/// Each logged override's gate and reason, as the office reads them (the order's and its
/// books').
pub(super) fn gates_and_reasons(order: &Order, books: &Commercial) -> Vec<(String, String)> {
    overrides(order, Some(books))
        .into_iter()
        .map(|(_, g)| (g.gate, g.reason))
        .collect()
}

/// Whether the order's document, all its history included, holds `text`.
pub(super) fn order_holds(repo: &Repo, id: &str, text: &str) -> bool {
    let bytes = repo
        .inner
        .borrow_mut()
        .docs
        .get_mut(id)
        .unwrap()
        .doc
        .save_nocompress();
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

fn into_production(
    books: Commercial,
    gates: lifecycle::Gates,
) -> impl FnOnce(&mut Order) -> Result<(), gendan_domain::DomainError> {
    move |o| {
        lifecycle::transition(
            o,
            Some(&books),
            OrderStatus::InProduction,
            &gates,
            "li",
            2,
            Some(WHY),
        )
    }
}

#[wasm_bindgen_test]
async fn a_waived_deposit_is_saved_in_the_books_and_not_on_the_order() {
    let name = db_name("kept");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let (id, books) = confirmed(&repo, "PO-WAIVE").await;
    let gates = repo.workspace_value().unwrap().settings.gates;
    let refused = repo
        .edit_order(&id, |o| {
            lifecycle::transition(
                o,
                Some(&books),
                OrderStatus::InProduction,
                &gates,
                "li",
                2,
                None,
            )
        })
        .await;
    assert!(refused.is_err(), "the deposit and the PP sample are asked");
    let (order, (), seen) = repo
        .edit_order_seen(&id, into_production(books, gates.clone()))
        .await
        .unwrap();
    assert_eq!(order.status, OrderStatus::InProduction);
    let seen = seen.expect("the screen is handed the books");
    assert_eq!(seen.gate_waivers.values().next().unwrap().reason, WHY);
    assert!(!order_holds(&repo, &id, WHY), "the words reached the order");
    assert!(
        !order.gate_overrides.values().any(|g| g.gate == "deposit"),
        "{:?}",
        order.gate_overrides
    );

    // Read again from storage: the office judges and reads it all; the order alone says
    // neither the deposit nor why.
    let again = Repo::open_in(&name, author()).await.unwrap();
    let order = again.order(&id).await.unwrap();
    let books = again.commercial(&id).await.unwrap().expect("held");
    assert_eq!(lifecycle::violations(&order, Some(&books), &gates), []);
    let (key, change) = order
        .status_log
        .iter()
        .find(|(_, c)| c.to == "in_production" && c.kind == ChangeKind::Move)
        .unwrap();
    assert_eq!(change.reason, "");
    assert_eq!(change_reason(key, change, Some(&books)), WHY);
    let read = gates_and_reasons(&order, &books);
    assert!(read.contains(&("deposit".into(), WHY.into())), "{read:?}");
    assert!(read.contains(&("sample:pp".into(), WHY.into())), "{read:?}");
    assert!(overrides(&order, None)
        .iter()
        .all(|(_, g)| g.gate != "deposit" && g.reason.is_empty()));
}

#[wasm_bindgen_test]
async fn a_waiver_the_books_cannot_take_is_refused_and_nothing_is_written() {
    let name = db_name("refused");
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let (id, books) = confirmed(&repo, "PO-REFUSED").await;
    let gates = repo.workspace_value().unwrap().settings.gates;
    let cid = repo.commercial_link(&id).expect("linked");
    let mut bad = broken_at(&repo, &cid, "currency");
    receive(&repo, &cid, &mut bad).await;
    assert!(repo.commercial(&id).await.is_err(), "the books do not read");
    // The screen still judged with the books it read before they broke.
    let refused = repo
        .edit_order_seen(&id, into_production(books.clone(), gates.clone()))
        .await;
    assert!(
        matches!(
            &refused,
            Err(EditError::Store(StoreError::WaiverNeedsBooks { order, .. })) if *order == id
        ),
        "{:?}",
        refused.map(|(o, ..)| o.status)
    );
    assert!(!order_holds(&repo, &id, WHY), "the words reached the order");
    let order = repo.order(&id).await.unwrap();
    assert_eq!(order.status, OrderStatus::Confirmed, "nothing was written");
    assert!(order.gate_overrides.is_empty());
    let again = Repo::open_in(&name, author()).await.unwrap();
    assert_eq!(
        again.order(&id).await.unwrap().status,
        OrderStatus::Confirmed
    );

    // An edit that waives no money goes through as ever.
    repo.edit_order(&id, |o| {
        o.style_no = "ST-2".into();
        Ok(())
    })
    .await
    .unwrap();

    // Books put back: the same move is kept in them.
    let point = repo
        .books_restore_point(&id)
        .await
        .unwrap()
        .expect("a point");
    repo.restore_books(&id, &point.heads).await.unwrap();
    let (order, (), seen) = repo
        .edit_order_seen(&id, into_production(books, gates))
        .await
        .unwrap();
    assert_eq!(order.status, OrderStatus::InProduction);
    assert!(seen.is_some());
    assert!(!order_holds(&repo, &id, WHY));
}
