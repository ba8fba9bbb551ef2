//! A price relabelled by a merge, in a real browser's storage: the order's price set here while
//! another device switched the books to EUR is named once the switch arrives through the sync,
//! confirmed as one change, and stays confirmed after reopening; two prices set at once are
//! named, and the one kept stays kept.

use gendan_domain::automerge::AutoCommit;
use gendan_domain::{Commercial, Price};
use wasm_bindgen_test::*;

use super::agenda_tests::author;
use super::tests::order;
use super::Repo;

wasm_bindgen_test_configure!(run_in_browser);

fn price(s: &str) -> Price {
    s.parse().unwrap()
}

/// An order whose books were in USD at 3.80: another device ("Wu"), not knowing of this one's
/// change, set `theirs` (price, currency) while this one set `ours` in USD; Wu's change has
/// arrived through the sync. Returns the order's id.
async fn set_apart(repo: &Repo, po: &str, theirs: (&str, &str), ours: &str) -> String {
    let id = repo.create_order(&order(po)).await.unwrap();
    repo.edit_commercial(&id, |c| c.set_unit_price(Some(price("3.80")), "USD".into()))
        .await
        .unwrap();
    let cid = repo.commercial_link(&id).expect("linked");
    let bytes = repo
        .inner
        .borrow_mut()
        .docs
        .get_mut(&cid)
        .unwrap()
        .doc
        .save();
    let mut other = AutoCommit::load(&bytes)
        .unwrap()
        .with_actor(gendan_domain::automerge::ActorId::from([9u8; 16]));
    let wu = gendan_domain::Author {
        name: "Wu".into(),
        device: "sales-phone".into(),
    };
    gendan_domain::document::commit::<Commercial, (), gendan_domain::DomainError>(
        &mut other,
        &wu,
        1,
        |c| c.set_unit_price(Some(price(theirs.0)), theirs.1.into()),
    )
    .unwrap();
    repo.edit_commercial(&id, |c| c.set_unit_price(Some(price(ours)), "USD".into()))
        .await
        .unwrap();
    repo.inner
        .borrow_mut()
        .docs
        .get_mut(&cid)
        .unwrap()
        .doc
        .merge(&mut other)
        .unwrap();
    repo.persist_remote(std::slice::from_ref(&cid))
        .await
        .unwrap();
    id
}

/// An order whose price this device set to 3.50 while another ("Wu") switched its books from
/// USD to EUR; the switch has arrived. Returns the order's id.
pub(crate) async fn relabelled_order(repo: &Repo, po: &str) -> String {
    set_apart(repo, po, ("3.80", "EUR"), "3.50").await
}

#[wasm_bindgen_test]
async fn a_price_a_merged_switch_relabelled_is_named_and_confirmed_for_good() {
    let name = format!("gendan-test-relabelled-{}", js_sys::Math::random());
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = relabelled_order(&repo, "PO-EUR").await;
    let money = repo.commercial(&id).await.unwrap().expect("held");
    assert_eq!(
        (money.unit_price, money.currency.as_str()),
        (Some(price("3.50")), "EUR")
    );
    let found = repo.price_merges(&id).await.unwrap().0;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].currency_by.name, "Wu");

    assert_eq!(repo.confirm_relabelled(&id).await.unwrap(), 1);
    assert!(repo.price_merges(&id).await.unwrap().0.is_empty());
    let again = Repo::open_in(&name, author()).await.unwrap();
    assert!(again.price_merges(&id).await.unwrap().0.is_empty());
    let money = again.commercial(&id).await.unwrap().expect("held");
    assert_eq!(
        money.unit_price,
        Some(price("3.50")),
        "confirmed as it read"
    );
    // A device without the books has nothing to say.
    let plain = repo.create_order(&order("PO-PLAIN")).await.unwrap();
    assert!(repo.price_merges(&plain).await.unwrap().0.is_empty());
}

#[wasm_bindgen_test]
async fn two_prices_set_at_once_are_named_and_one_is_kept_for_good() {
    let name = format!("gendan-test-competing-{}", js_sys::Math::random());
    let repo = Repo::open_in(&name, author()).await.unwrap();
    let id = set_apart(&repo, "PO-TWICE", ("3.60", "USD"), "3.50").await;

    let found = repo.price_merges(&id).await.unwrap().1;
    assert_eq!(found.len(), 1, "{found:?}");
    let (wanted, _) = found[0]
        .prices
        .iter()
        .find(|(_, by)| by.name == "Wu")
        .cloned()
        .expect("Wu's price");
    let choice = found[0]
        .prices
        .iter()
        .position(|(_, by)| by.name == "Wu")
        .unwrap();
    repo.keep_price(&id, &found[0].path(), choice)
        .await
        .unwrap();
    assert!(repo.price_merges(&id).await.unwrap().1.is_empty());
    let again = Repo::open_in(&name, author()).await.unwrap();
    assert!(again.price_merges(&id).await.unwrap().1.is_empty());
    let money = again.commercial(&id).await.unwrap().expect("held");
    assert_eq!(money.unit_price, Some(wanted), "Wu's price kept");
}
