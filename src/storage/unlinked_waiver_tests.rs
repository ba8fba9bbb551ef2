//! A money gate waived on an order that links no books (one from before orders linked them at
//! creation), in a real browser's storage: on the office's device the first waiver creates the
//! books and goes there, by every route that waives one (a move, a decision afterwards), and
//! two devices doing it offline write one set of books that merges; a factory's device keeps
//! its waiver on the order, marked as made without the books, and creates none.

use gendan_domain::automerge::AutoCommit;
use gendan_domain::commercial::books_id;
use gendan_domain::lifecycle::{self, Gate};
use gendan_domain::money_waivers::overrides;
use gendan_domain::{Commercial, Order, OrderStatus};
use wasm_bindgen_test::*;

use super::agenda_tests::author;
use super::tests::{hold_order_written_by, order};
use super::waiver_tests::{gates_and_reasons, order_holds};
use super::Repo;

wasm_bindgen_test_configure!(run_in_browser);

const WHY: &str = "LC at sight, 30 % lands Monday";

async fn opened(test: &str) -> (Repo, String) {
    let name = format!("gendan-test-unlinked-{test}-{}", js_sys::Math::random());
    (Repo::open_in(&name, author()).await.unwrap(), name)
}

/// An order from before orders linked their books, confirmed, stored and listed here.
async fn older_order(repo: &Repo, id: &str) {
    let mut o = order("PO-OLDER");
    o.commercial = None;
    o.ex_factory = "2026-06-01".parse().ok();
    o.status = OrderStatus::Confirmed;
    hold_order_written_by(repo, id, [0x0e; 16], &o, true).await;
}

/// The move into production as a screen without books makes it: every closed gate waived.
fn release(
    gates: lifecycle::Gates,
    who: &'static str,
) -> impl FnOnce(&mut Order) -> Result<(), gendan_domain::DomainError> {
    move |o| {
        lifecycle::transition(
            o,
            None,
            OrderStatus::InProduction,
            &gates,
            who,
            2,
            Some(WHY),
        )
    }
}

const ID: &str = "3Pz4942EQgYichVFTQAdN72w1R3M";

#[wasm_bindgen_test]
async fn an_older_orders_first_money_waiver_creates_its_books_and_goes_there() {
    let (repo, name) = opened("move").await;
    older_order(&repo, ID).await;
    let gates = repo.workspace_value().unwrap().settings.gates;
    // An edit that waives no money leaves the order without books.
    repo.edit_order(ID, |o| {
        o.style_no = "ST-2".into();
        Ok(())
    })
    .await
    .unwrap();
    assert_eq!(repo.order(ID).await.unwrap().commercial, None);

    let (order, (), seen) = repo
        .edit_order_seen(ID, release(gates.clone(), "li"))
        .await
        .unwrap();
    assert_eq!(order.status, OrderStatus::InProduction);
    assert_eq!(order.commercial, Some(books_id(ID)), "the books are linked");
    let seen = seen.expect("the screen is handed the new books");
    let waiver = seen
        .gate_waivers
        .values()
        .find(|g| g.gate == "deposit")
        .expect("the deposit waiver is in the books");
    assert_eq!(waiver.reason, WHY);
    assert!(!waiver.without_books, "judged where the books now are");
    assert!(!order_holds(&repo, ID, WHY), "the words reached the order");
    assert!(!order.gate_overrides.values().any(|g| g.gate == "deposit"));

    // Read again from storage: the office judges the move settled and reads why.
    let again = Repo::open_in(&name, author()).await.unwrap();
    let order = again.order(ID).await.unwrap();
    let books = again.commercial(ID).await.unwrap().expect("books held");
    assert_eq!(lifecycle::violations(&order, Some(&books), &gates), []);
    let read = gates_and_reasons(&order, &books);
    assert!(read.contains(&("deposit".into(), WHY.into())), "{read:?}");
    // What the factory's copy says: neither the deposit nor why.
    assert!(overrides(&order, None)
        .iter()
        .all(|(_, g)| g.gate != "deposit" && g.reason.is_empty()));
}

#[wasm_bindgen_test]
async fn a_deposit_waived_afterwards_on_an_older_order_goes_to_new_books() {
    let (repo, _) = opened("decision").await;
    let mut o = order("PO-OLDER-RAN");
    o.commercial = None;
    o.status = OrderStatus::InProduction;
    hold_order_written_by(&repo, ID, [0x0f; 16], &o, true).await;
    let gates = repo.workspace_value().unwrap().settings.gates;
    let order = repo.order(ID).await.unwrap();
    assert!(
        lifecycle::violations(&order, None, &gates).contains(&lifecycle::Violation::GateNotMet {
            status: OrderStatus::InProduction,
            gate: Gate::Deposit,
        }),
        "the deposit is asked for"
    );
    // The needs-a-decision banner's route.
    let (order, (), seen) = repo
        .edit_order_seen(ID, |o| {
            lifecycle::override_gate(o, None, &Gate::Deposit, "li", 3, WHY)
        })
        .await
        .unwrap();
    let books = seen.expect("books made");
    assert_eq!(order.commercial, Some(books_id(ID)));
    assert!(!order_holds(&repo, ID, WHY), "the words reached the order");
    assert!(!lifecycle::violations(&order, Some(&books), &gates)
        .iter()
        .any(|v| matches!(
            v,
            lifecycle::Violation::GateNotMet {
                gate: Gate::Deposit,
                ..
            }
        )));
}

#[wasm_bindgen_test]
async fn a_factorys_device_keeps_its_waiver_on_the_order_and_makes_no_books() {
    let (repo, _) = opened("factory").await;
    repo.set_factory_device(true);
    older_order(&repo, ID).await;
    let gates = repo.workspace_value().unwrap().settings.gates;
    let (order, (), seen) = repo
        .edit_order_seen(ID, release(gates, "factory"))
        .await
        .unwrap();
    assert!(seen.is_none());
    assert_eq!(order.commercial, None, "no books on a factory's device");
    assert!(!repo.ensure_loaded(&books_id(ID)).await);
    let waiver = order
        .gate_overrides
        .values()
        .find(|g| g.gate == "deposit")
        .expect("kept on the order");
    assert!(waiver.without_books, "for the office to decide again");
}

/// Two office devices release the same older order offline, each with its reason: each creates
/// the books under the one derived id with the one first change, so when they meet the books
/// merge and hold both waivers.
#[wasm_bindgen_test]
async fn two_devices_waiving_offline_write_books_that_merge() {
    let mut books = Vec::new();
    for who in ["li", "wang"] {
        let (repo, _) = opened(who).await;
        older_order(&repo, ID).await;
        let gates = repo.workspace_value().unwrap().settings.gates;
        repo.edit_order(ID, release(gates, who)).await.unwrap();
        let inner = repo.inner.borrow();
        books.push(inner.docs.get(&books_id(ID)).expect("books").doc.clone());
    }
    let (mut a, mut b): (AutoCommit, AutoCommit) = (books.remove(0), books.remove(0));
    a.merge(&mut b).expect("one document: the books merge");
    let merged: Commercial = gendan_domain::document::read(&a).unwrap();
    let mut who: Vec<&str> = merged
        .gate_waivers
        .values()
        .filter(|g| g.gate == "deposit")
        .map(|g| g.who.as_str())
        .collect();
    who.sort_unstable();
    assert_eq!(who, ["li", "wang"]);
}

/// Books under the derived id that are here and do not read (a peer's change broke them): a
/// waiver is refused with nothing written, rather than new books written beside them (which
/// would be lost with them) or the waiver left on the order.
#[wasm_bindgen_test]
async fn derived_books_that_do_not_read_refuse_the_waiver_and_nothing_is_written() {
    use super::repo::EditError;
    use super::restore_tests::{broken_at, receive};
    use super::StoreError;
    let (repo, _) = opened("broken").await;
    older_order(&repo, ID).await;
    let cid = books_id(ID);
    let write = repo.hold_new(&cid, gendan_domain::commercial::new_books(ID).unwrap());
    repo.persist(vec![write]).await.unwrap();
    let mut bad = broken_at(&repo, &cid, "currency");
    receive(&repo, &cid, &mut bad).await;
    let gates = repo.workspace_value().unwrap().settings.gates;
    let refused = repo.edit_order_seen(ID, release(gates, "li")).await;
    assert!(
        matches!(
            &refused,
            Err(EditError::Store(StoreError::WaiverNeedsBooks { order, .. })) if order == ID
        ),
        "{:?}",
        refused.map(|(o, ..)| o.status)
    );
    let order = repo.order(ID).await.unwrap();
    assert_eq!(order.status, OrderStatus::Confirmed, "nothing was written");
    assert_eq!(order.commercial, None);
    assert!(!order_holds(&repo, ID, WHY));
}

/// A first money entry refused on an older order leaves it as stored: before, the link and the
/// new books' first snapshot stayed in memory, unwritten, and the next edits, written after
/// them, did not load after a restart (the order lost them, the books did not read).
#[wasm_bindgen_test]
async fn a_refused_first_money_entry_leaves_the_older_order_as_stored() {
    let (repo, name) = opened("refused-entry").await;
    older_order(&repo, ID).await;
    let refused = repo
        .edit_commercial(ID, |_| -> Result<(), _> {
            Err(gendan_domain::DomainError::MoneyNotHere)
        })
        .await;
    assert!(refused.is_err());
    assert_eq!(repo.order(ID).await.unwrap().commercial, None);
    assert!(!repo.inner.borrow().docs.contains_key(&books_id(ID)));
    repo.edit_commercial(ID, |c| {
        c.unit_price = "2".parse().ok();
        Ok(())
    })
    .await
    .unwrap();
    repo.edit_order(ID, |o| {
        o.style_no = "ST-9".into();
        Ok(())
    })
    .await
    .unwrap();
    let again = Repo::open_in(&name, author()).await.unwrap();
    let order = again.order(ID).await.unwrap();
    assert_eq!(order.style_no, "ST-9");
    assert_eq!(order.commercial, Some(books_id(ID)));
    let books = again.commercial(ID).await.unwrap().expect("books read");
    assert_eq!(books.unit_price, "2".parse().ok());
}
