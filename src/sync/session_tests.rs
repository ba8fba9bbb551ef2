//! The shared session between two real repositories (IndexedDB in headless Chromium), frames
//! carried in memory: what a nearby device receives, and what it must not.

use std::collections::HashSet;

use gendan_domain::{Author, Price};
use gendan_sync::{Connection, PeerId, PeerMetadata};
use wasm_bindgen_test::*;

use super::session::{Scope, Session};
use crate::storage::tests::order;
use crate::storage::Repo;

wasm_bindgen_test_configure!(run_in_browser);

fn author(name: &str) -> Author {
    Author {
        name: name.into(),
        device: format!("dev-{name}"),
    }
}

async fn open(name: &str) -> Repo {
    let db = format!("gendan-test-session-{name}-{}", js_sys::Math::random());
    Repo::open_in(&db, author(name)).await.unwrap()
}

fn session(repo: &Repo, initiator: bool, money: bool) -> Session {
    let peer = PeerId::new(if initiator { "a" } else { "b" });
    let meta = PeerMetadata::default();
    let conn = if initiator {
        Connection::initiator(peer, meta, crate::platform::now_ms() as u64)
    } else {
        Connection::acceptor(peer, meta, crate::platform::now_ms() as u64)
    };
    Session::new(
        repo.clone(),
        conn,
        Scope::Peer {
            money,
            factory: false,
            remote_factory: false,
        },
    )
}

/// Carries frames both ways until neither side has anything to say.
async fn exchange(a: &Session, b: &Session) {
    for _ in 0..50 {
        let (to_b, to_a) = (a.take_outgoing(), b.take_outgoing());
        if to_b.is_empty() && to_a.is_empty() {
            return;
        }
        for f in to_b {
            assert!(b.receive(&f).await.closed.is_none());
        }
        for f in to_a {
            assert!(a.receive(&f).await.closed.is_none());
        }
    }
    panic!("the sessions never went quiet");
}

async fn priced_order(repo: &Repo, po: &str) -> String {
    let id = repo.create_order(&order(po)).await.unwrap();
    repo.edit_commercial(&id, |c| {
        c.unit_price = "3.80".parse::<Price>().ok();
        Ok(())
    })
    .await
    .unwrap();
    id
}

async fn meet(a: &Repo, b: &Repo, a_money: bool) -> (Session, Session) {
    b.adopt_workspace(&a.workspace_id()).await.unwrap();
    let (sa, sb) = (session(a, true, a_money), session(b, false, false));
    sa.sync_docs(sa.initial_ids()).await;
    sb.sync_docs(sb.initial_ids()).await;
    exchange(&sa, &sb).await;
    (sa, sb)
}

#[wasm_bindgen_test]
async fn a_nearby_device_gets_the_orders_but_not_their_money() {
    let (a, b) = (open("a").await, open("b").await);
    let id = priced_order(&a, "PO-PEER").await;
    let (sa, sb) = meet(&a, &b, false).await;
    assert_eq!(b.order(&id).await.unwrap().customer_po, "PO-PEER");
    assert!(b.summaries().iter().any(|s| s.id == id));
    // The order links its commercial document; B asked for it and was refused.
    assert!(b.order(&id).await.unwrap().commercial.is_some());
    assert_eq!(b.commercial(&id).await.unwrap(), None);
    let p = sa.progress();
    assert_eq!(
        p.confirmed, p.documents,
        "A's shared documents are all confirmed"
    );
    assert!(sb.progress().received >= 2, "the workspace and the order");
}

#[wasm_bindgen_test]
async fn money_goes_only_when_ticked() {
    let (a, b) = (open("a2").await, open("b2").await);
    let id = priced_order(&a, "PO-MONEY").await;
    meet(&a, &b, true).await;
    let c = b
        .commercial(&id)
        .await
        .unwrap()
        .expect("the commercial document arrived");
    assert_eq!(c.unit_price, "3.80".parse::<Price>().ok());
}

/// A factory's phone (invited to some orders only) takes no books from a nearby office device,
/// even one whose user ticked money (the office does not know whose phone it is), nor orders it
/// does not hold; the order it holds still syncs both ways.
#[wasm_bindgen_test]
async fn a_factory_phone_takes_no_money_even_when_it_is_offered() {
    let (a, b) = (open("a-office").await, open("b-factory").await);
    let id = priced_order(&a, "PO-OFFERED").await;
    // The phone holds its order (as its invite brought it), without the money.
    meet(&a, &b, false).await;
    assert_eq!(b.commercial(&id).await.unwrap(), None);
    let other = priced_order(&a, "PO-OTHER-FACTORY").await;
    a.edit_order(&id, |o| {
        o.description = "Changed at the office".into();
        Ok(())
    })
    .await
    .unwrap();
    let sa = session(&a, true, true);
    let conn = Connection::acceptor(
        PeerId::new("b"),
        PeerMetadata::default(),
        crate::platform::now_ms() as u64,
    );
    let factory = Scope::Peer {
        money: true,
        factory: true,
        remote_factory: false,
    };
    let sb = Session::new(b.clone(), conn, factory);
    sa.sync_docs(sa.initial_ids()).await;
    sb.sync_docs(sb.initial_ids()).await;
    exchange(&sa, &sb).await;
    assert_eq!(
        b.order(&id).await.unwrap().description,
        "Changed at the office"
    );
    assert_eq!(
        b.commercial(&id).await.unwrap(),
        None,
        "no books on the phone"
    );
    assert!(
        !b.summaries().iter().any(|s| s.id == other),
        "nor another factory's order"
    );
    // An edit of the phone's workspace during the meeting is not offered either.
    b.edit_workspace(|w| {
        w.settings.gates.deposit_before_production = false;
        Ok(())
    })
    .await
    .unwrap();
    sb.sync_docs(vec![b.workspace_id()]).await;
    assert!(!sb.shared_ids().contains(&b.workspace_id()));
    // The same offer to a team device is taken.
    let c = open("c-team").await;
    meet(&a, &c, true).await;
    assert!(c.commercial(&id).await.unwrap().is_some());
}

/// A factory's phone holding a copy of the team's workspace (older builds had it join the
/// office's nearby) switches the deposit gate off in it: the office, told the phone is a
/// factory's, neither takes that change nor sends the workspace (its customers' contacts,
/// the other factories), nor any order but those the phone said it holds and its link reaches
/// (an order moved away from the factory, whose link was stopped, the phone still holds and
/// names), even to a phone that would take anything; the order they share syncs both ways.
#[wasm_bindgen_test]
async fn an_office_shares_no_workspace_with_a_factorys_phone_and_takes_no_rule_from_it() {
    let (a, b) = (open("a-rules").await, open("b-rules").await);
    let id = priced_order(&a, "PO-RULES").await;
    let moved = a.create_order(&order("PO-MOVED-AWAY")).await.unwrap();
    meet(&a, &b, false).await;
    for (repo, text) in [(&a, "New factory's line 2"), (&b, "Old factory's note")] {
        repo.edit_order(&moved, |o| {
            o.description = text.into();
            Ok(())
        })
        .await
        .unwrap();
    }
    assert_eq!(
        b.workspace_id(),
        a.workspace_id(),
        "as an older build joined"
    );
    assert!(
        a.workspace_value()
            .unwrap()
            .settings
            .gates
            .deposit_before_production
    );
    b.edit_workspace(|w| {
        w.settings.gates.deposit_before_production = false;
        Ok(())
    })
    .await
    .unwrap();
    b.edit_order(&id, |o| {
        o.description = "Cut at the factory".into();
        Ok(())
    })
    .await
    .unwrap();
    a.edit_workspace(|w| {
        w.settings.gates.samples_before_production = false;
        Ok(())
    })
    .await
    .unwrap();
    a.edit_order(&id, |o| {
        o.style_no = "ST-OFFICE".into();
        Ok(())
    })
    .await
    .unwrap();
    let other = a.create_order(&order("PO-OTHER-FACTORY")).await.unwrap();
    // A document the phone made (an order, or books forged for one) is nothing the office takes,
    // even named in its list.
    let made = b
        .create_order(&order("PO-MADE-ON-THE-PHONE"))
        .await
        .unwrap();
    let office = Session::new(
        a.clone(),
        Connection::initiator(
            PeerId::new("a"),
            PeerMetadata::default(),
            crate::platform::now_ms() as u64,
        ),
        Scope::Peer {
            money: false,
            factory: false,
            remote_factory: true,
        },
    );
    // The link the phone proves reaches the order it shares, and what it made; not the moved one.
    let vouched: HashSet<String> = [id.clone(), made.clone()].into_iter().collect();
    office.vouch_with(move |meta| {
        (meta.link_proof.as_deref() == Some("the proof")).then(|| vouched.clone())
    });
    let phone = Session::new(
        b.clone(),
        Connection::acceptor(
            PeerId::new("b"),
            PeerMetadata {
                shared: Some(vec![id.clone(), made.clone(), moved.clone()]),
                link_proof: Some("the proof".into()),
                ..PeerMetadata::default()
            },
            crate::platform::now_ms() as u64,
        ),
        // A phone that would take whatever it is sent.
        Scope::Peer {
            money: false,
            factory: false,
            remote_factory: false,
        },
    );
    // The documents go once the handshake is done, as over a nearby connection.
    exchange(&office, &phone).await;
    office.sync_docs(office.initial_ids()).await;
    phone.sync_docs(phone.initial_ids()).await;
    // Edits made at the office meanwhile (the workspace, another factory's order) stay too.
    office
        .sync_docs(vec![a.workspace_id(), other.clone()])
        .await;
    exchange(&office, &phone).await;
    assert!(
        !b.summaries().iter().any(|s| s.id == other),
        "another factory's order reached the phone"
    );
    assert!(
        !a.summaries().iter().any(|s| s.id == made) && a.order(&made).await.is_err(),
        "the office took a document the phone made"
    );
    assert!(
        a.workspace_value()
            .unwrap()
            .settings
            .gates
            .deposit_before_production,
        "the factory's phone switched the office's deposit gate off"
    );
    assert!(
        b.workspace_value()
            .unwrap()
            .settings
            .gates
            .samples_before_production,
        "the office's workspace reached the factory's phone"
    );
    assert_eq!(
        a.order(&id).await.unwrap().description,
        "Cut at the factory"
    );
    assert_eq!(b.order(&id).await.unwrap().style_no, "ST-OFFICE");
    assert!(!office.factory_link_unknown());
    assert_eq!(
        b.order(&moved).await.unwrap().description,
        "Old factory's note",
        "an order moved away from the factory reached its phone"
    );
    assert_eq!(
        a.order(&moved).await.unwrap().description,
        "New factory's line 2",
        "the office took the old factory's edit of an order moved away"
    );
}

/// A factory's phone that proves no link this device knows (stopped, or one it never heard of)
/// syncs no order, whatever it names, and the office is told why.
#[wasm_bindgen_test]
async fn a_factorys_phone_proving_no_known_link_syncs_nothing() {
    let (a, b) = (open("a-nolink").await, open("b-nolink").await);
    let id = a.create_order(&order("PO-NAMED")).await.unwrap();
    meet(&a, &b, false).await;
    b.edit_order(&id, |o| {
        o.description = "Phone's edit".into();
        Ok(())
    })
    .await
    .unwrap();
    a.edit_order(&id, |o| {
        o.description = "Office's edit".into();
        Ok(())
    })
    .await
    .unwrap();
    let office = Session::new(
        a.clone(),
        Connection::initiator(
            PeerId::new("a"),
            PeerMetadata::default(),
            crate::platform::now_ms() as u64,
        ),
        Scope::Peer {
            money: false,
            factory: false,
            remote_factory: true,
        },
    );
    office.vouch_with(|_| None);
    let phone = Session::new(
        b.clone(),
        Connection::acceptor(
            PeerId::new("b"),
            PeerMetadata {
                shared: Some(vec![id.clone()]),
                link_proof: Some("a stopped link's".into()),
                ..PeerMetadata::default()
            },
            crate::platform::now_ms() as u64,
        ),
        Scope::Peer {
            money: false,
            factory: false,
            remote_factory: false,
        },
    );
    exchange(&office, &phone).await;
    office.sync_docs(office.initial_ids()).await;
    phone.sync_docs(phone.initial_ids()).await;
    exchange(&office, &phone).await;
    assert!(office.factory_link_unknown(), "the office is told why");
    assert_eq!(b.order(&id).await.unwrap().description, "Phone's edit");
    assert_eq!(a.order(&id).await.unwrap().description, "Office's edit");
}

#[wasm_bindgen_test]
async fn an_unshared_commercial_document_never_merges_with_the_remote_copy() {
    // Both devices hold the same order and its commercial document; only A ticked money.
    let (a, b) = (open("a3").await, open("b3").await);
    let id = priced_order(&a, "PO-BOTH").await;
    meet(&a, &b, true).await;
    assert!(b.commercial(&id).await.unwrap().is_some());
    // Apart, both change the price.
    for (repo, price) in [(&a, "4.00"), (&b, "5.00")] {
        repo.edit_commercial(&id, |c| {
            c.unit_price = price.parse::<Price>().ok();
            Ok(())
        })
        .await
        .unwrap();
    }
    // They meet again: A shares money, B does not; B's price stays B's, A's stays A's.
    let (sa, sb) = (session(&a, true, true), session(&b, false, false));
    sa.sync_docs(sa.initial_ids()).await;
    sb.sync_docs(sb.initial_ids()).await;
    exchange(&sa, &sb).await;
    let price = |r: &Repo| {
        let r = r.clone();
        let id = id.clone();
        async move { r.commercial(&id).await.unwrap().and_then(|c| c.unit_price) }
    };
    assert_eq!(price(&a).await, "4.00".parse::<Price>().ok());
    assert_eq!(price(&b).await, "5.00".parse::<Price>().ok());
}

/// Every document a device holds, scanned change by change for the office's prices.
async fn scan_everything(repo: &Repo) -> (bool, usize, usize) {
    use crate::storage::tests::{all_stored_docs, history_holds, LEGACY_PRICE, SUPPLIER_PRICE};
    let ids = all_stored_docs(repo).await;
    let mut values = 0;
    let mut leak = false;
    for id in &ids {
        let (hit, n) = history_holds(repo, id, &[LEGACY_PRICE, SUPPLIER_PRICE]);
        leak |= hit;
        values += n;
    }
    (leak, ids.len(), values)
}

#[wasm_bindgen_test]
async fn a_nearby_device_without_money_holds_no_price_in_any_history() {
    use crate::storage::tests::{write_legacy_priced_order, LEGACY_PRICE, SUPPLIER_PRICE};
    use gendan_domain::commercial::PoPrice;
    let db = format!("gendan-test-session-leak-{}", js_sys::Math::random());
    let a = Repo::open_in(&db, author("office")).await.unwrap();
    // One order from an old build (prices inside, migrated when A opens again) and one new.
    let old = write_legacy_priced_order(&a, "PO-LEGACY").await;
    drop(a);
    let a = Repo::open_in(&db, author("office")).await.unwrap();
    let migrated = a.successor_of(&old).expect("migrated");
    let id = a.create_order(&order("PO-NEW")).await.unwrap();
    a.edit_order(&id, |o| {
        o.purchase_orders.insert("po9".into(), Default::default());
        Ok(())
    })
    .await
    .unwrap();
    a.edit_commercial(&id, |c| {
        c.unit_price = Some(Price::from_ten_thousandths(LEGACY_PRICE));
        c.po_prices.insert(
            "po9".into(),
            PoPrice {
                unit_price: Some(Price::from_ten_thousandths(SUPPLIER_PRICE)),
                currency: "CNY".into(),
            },
        );
        Ok(())
    })
    .await
    .unwrap();
    let b = open("leak-b").await;
    meet(&a, &b, false).await;
    assert_eq!(b.order(&id).await.unwrap().customer_po, "PO-NEW");
    assert_eq!(b.order(&migrated).await.unwrap().customer_po, "PO-LEGACY");
    assert!(
        b.order(&old).await.is_err(),
        "the old, priced document never reaches a nearby device"
    );
    let (leak, docs, values) = scan_everything(&b).await;
    web_sys::console::log_1(
        &format!("nearby leak scan: {docs} documents, {values} values in their histories").into(),
    );
    assert!(docs >= 3, "the workspace and both orders were scanned");
    assert!(!leak, "no price in any change the nearby device holds");

    // The same for a bundle file: it never carries money.
    let bytes = a.export_bundle(None, "office", false).await.unwrap();
    let c = open("leak-c").await;
    c.import_bundle(&bytes).await.unwrap();
    let (leak, docs, values) = scan_everything(&c).await;
    web_sys::console::log_1(
        &format!("bundle leak scan: {docs} documents, {values} values in their histories").into(),
    );
    assert!(docs >= 3 && !leak);
}

/// A nearby code (or an invite) names the workspace to join; one naming an order's commercial
/// document, read off the order by a factory phone, would make the office share it as its
/// workspace, money unticked. The office refuses it, and an order's id, and stays as it was.
#[wasm_bindgen_test]
async fn a_code_naming_an_order_or_its_money_as_the_workspace_is_refused() {
    use crate::storage::tests::LEGACY_PRICE;
    let a = open("not-ws-a").await;
    let id = a.create_order(&order("PO-MONEY")).await.unwrap();
    a.edit_commercial(&id, |c| {
        c.unit_price = Some(Price::from_ten_thousandths(LEGACY_PRICE));
        Ok(())
    })
    .await
    .unwrap();
    let cid = a.order(&id).await.unwrap().commercial.unwrap();
    let ws = a.workspace_id();
    for named in [&cid, &id] {
        let refused = a.adopt_workspace(named).await;
        assert!(
            matches!(&refused, Err(crate::storage::StoreError::NotAWorkspace(n)) if n == named),
            "{refused:?}"
        );
        assert_eq!(a.workspace_id(), ws);
    }
    // Its money still goes only where it went: a nearby device without money gets none.
    let b = open("not-ws-b").await;
    meet(&a, &b, false).await;
    assert!(b.commercial(&id).await.unwrap().is_none());
    let (leak, _, _) = scan_everything(&b).await;
    assert!(!leak);
    // A workspace it has never seen, or its own, is joined as before.
    let c = open("not-ws-c").await;
    c.adopt_workspace(&ws).await.unwrap();
    assert_eq!(c.workspace_id(), ws);
}

/// A device set up with a token scoped to one order shows its relay that order and nothing else:
/// a relay asking for the order's money (or anything else it holds) hears it has none.
#[wasm_bindgen_test]
async fn a_scoped_relay_connection_answers_only_for_its_documents() {
    let a = open("scoped-a").await;
    let id = priced_order(&a, "PO-SCOPED").await;
    let cid = a.order(&id).await.unwrap().commercial.unwrap();
    let other = a.create_order(&order("PO-OTHER")).await.unwrap();
    let relay = |repo: &Repo, initiator: bool, only: Vec<String>| {
        let peer = PeerId::new(if initiator { "device" } else { "relay" });
        let now = crate::platform::now_ms() as u64;
        let conn = if initiator {
            Connection::initiator(peer, PeerMetadata::default(), now)
        } else {
            Connection::acceptor(peer, PeerMetadata::default(), now)
        };
        Session::new(repo.clone(), conn, Scope::Relay { only })
    };
    let sa = relay(&a, true, vec![id.clone()]);
    // The other side asks for everything by id, as a relay may.
    let b = open("scoped-b").await;
    let sb = relay(&b, false, Vec::new());
    sa.sync_docs(sa.initial_ids()).await;
    sb.sync_docs(vec![
        id.clone(),
        cid.clone(),
        other.clone(),
        a.workspace_id(),
    ])
    .await;
    exchange(&sa, &sb).await;
    assert_eq!(b.order(&id).await.unwrap().customer_po, "PO-SCOPED");
    for held_back in [&cid, &other, &a.workspace_id()] {
        assert!(
            !b.ensure_loaded(held_back).await,
            "{held_back} went to the relay"
        );
    }
}

#[wasm_bindgen_test]
async fn an_order_with_prices_from_an_old_build_is_migrated_where_it_arrives() {
    use crate::storage::tests::write_legacy_priced_order;
    // A still holds a priced document (as an old build would offer it); B receives it.
    let a = open("old-a").await;
    let old = write_legacy_priced_order(&a, "PO-FROM-OLD").await;
    let b = open("old-b").await;
    meet(&a, &b, false).await;
    let new = b.successor_of(&old).expect("B migrated what it received");
    let ids: Vec<String> = b.summaries().into_iter().map(|s| s.id).collect();
    assert!(ids.contains(&new) && !ids.contains(&old));
    assert_eq!(b.order(&new).await.unwrap().customer_po, "PO-FROM-OLD");
}

// Photos and files travel with the orders that reference them: nearby, and in bundle files.

use super::blob_swap::{BlobSwap, Frame, SwapError, MAX_BLOB_BYTES};

fn photo(seed: u8, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31) ^ seed)
        .collect()
}

/// An order whose inspection has a defect with these photos; returns its id and their names.
async fn order_with_photos(repo: &Repo, po: &str, photos: &[Vec<u8>]) -> (String, Vec<String>) {
    use gendan_domain::inspection::{Defect, Inspection};
    let id = repo.create_order(&order(po)).await.unwrap();
    let mut names = Vec::new();
    for p in photos {
        names.push(repo.put_blob(p).await.unwrap());
    }
    let refs = names.clone();
    repo.edit_order(&id, move |o| {
        let mut defect = Defect::default();
        for h in &refs {
            defect.add_photo(h, "stain")?;
        }
        let mut inspection = Inspection::default();
        inspection.defects.insert("d1".into(), defect);
        o.inspections.insert("i1".into(), inspection);
        Ok(())
    })
    .await
    .unwrap();
    (id, names)
}

/// `from` offers, `to` answers; returns what `to` asked for (the offerer has taken the answer).
async fn offer_and_answer(from: (&BlobSwap, &Session), to: (&BlobSwap, &Session)) -> Vec<String> {
    let Some(offer) = from.0.offer(&from.1.shared_ids()).await else {
        return Vec::new();
    };
    let answer = to.0.receive(&offer, &to.1.shared_ids()).await.unwrap();
    assert_eq!(answer.len(), 1, "an offer is always answered");
    let Ok(Frame::Want(list)) = Frame::decode(&answer[0]) else {
        panic!("the answer is a list of wanted files");
    };
    assert!(from
        .0
        .receive(&answer[0], &from.1.shared_ids())
        .await
        .unwrap()
        .is_empty());
    list
}

/// Carries up to `limit` file frames from one side to the other; how many went.
async fn carry(from: &BlobSwap, to: (&BlobSwap, &Session), limit: usize) -> usize {
    let mut n = 0;
    while n < limit {
        let Some(frame) = from.next_frame().await else {
            break;
        };
        to.0.receive(&frame, &to.1.shared_ids()).await.unwrap();
        n += 1;
    }
    n
}

#[wasm_bindgen_test]
async fn photos_follow_the_orders_and_a_new_connection_asks_only_for_the_rest() {
    let (a, b) = (open("files-a").await, open("files-b").await);
    // Each larger than one chunk, so a break can fall inside any of them.
    let photos = vec![photo(1, 150_000), photo(2, 70_000), photo(3, 61_441)];
    let (id, names) = order_with_photos(&a, "PO-PHOTOS", &photos).await;
    let (sa, sb) = meet(&a, &b, false).await;
    assert_eq!(b.order(&id).await.unwrap().inspections.len(), 1);
    for n in &names {
        assert_eq!(
            b.get_blob(n).await.unwrap(),
            None,
            "documents first, no bytes yet"
        );
    }
    let (fa, fb) = (BlobSwap::new(a.clone()), BlobSwap::new(b.clone()));
    let mut asked = offer_and_answer((&fa, &sa), (&fb, &sb)).await;
    asked.sort();
    let mut all = names.clone();
    all.sort();
    assert_eq!(asked, all);
    assert!(fb.progress().busy && fa.progress().busy);
    // The connection breaks during the second photo: the first is stored, the partial is not.
    let p = fb.progress();
    assert_eq!((p.to_receive, p.bytes_to_receive), (3, 281_441));
    let mut went = 0;
    while fb.progress().received < 1 {
        went += carry(&fa, (&fb, &sb), 1).await;
    }
    carry(&fa, (&fb, &sb), 1).await;
    let stored: Vec<bool> = {
        let mut v = Vec::new();
        for n in &names {
            v.push(b.get_blob(n).await.unwrap().is_some());
        }
        v
    };
    assert_eq!(
        stored.iter().filter(|s| **s).count(),
        1,
        "only whole files are kept"
    );
    assert!(went >= 1);

    // They meet again: B asks only for the two it still lacks and gets them byte for byte.
    let (fa, fb) = (BlobSwap::new(a.clone()), BlobSwap::new(b.clone()));
    let asked = offer_and_answer((&fa, &sa), (&fb, &sb)).await;
    assert_eq!(asked.len(), 2);
    carry(&fa, (&fb, &sb), usize::MAX).await;
    for (n, p) in names.iter().zip(&photos) {
        assert_eq!(b.get_blob(n).await.unwrap().as_ref(), Some(p));
    }
    // B has nothing A lacks: its offer is answered with an empty list.
    assert!(offer_and_answer((&fb, &sb), (&fa, &sa)).await.is_empty());
    let p = fb.progress();
    assert_eq!((p.received, p.damaged, p.busy), (2, 0, false));
    assert_eq!((fa.progress().sent, fa.progress().busy), (2, false));
}

#[wasm_bindgen_test]
async fn a_peer_cannot_plant_bytes_nor_slip_damaged_ones_in_and_garbage_ends_the_transfer() {
    let (a, b) = (open("files-a2").await, open("files-b2").await);
    let photos = vec![photo(7, 5_000), photo(8, 5_000)];
    let (_, names) = order_with_photos(&a, "PO-HOSTILE", &photos).await;
    let (sa, sb) = meet(&a, &b, false).await;
    let fb = BlobSwap::new(b.clone());
    let stranger = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(b"not referenced by any shared order"))
    };
    let offer = Frame::Have(vec![
        (stranger.clone(), 10),
        (names[0].clone(), 5_000),
        (names[1].clone(), MAX_BLOB_BYTES + 1),
    ]);
    let answer = fb.receive(&offer.encode(), &sb.shared_ids()).await.unwrap();
    // Only what B's own copy of the order names, within the size limit.
    assert_eq!(
        Frame::decode(&answer[0]),
        Ok(Frame::Want(vec![names[0].clone()]))
    );
    assert_eq!(fb.progress().left, 1);
    let chunk = |hash: &str, offset: u32, data: Vec<u8>| {
        Frame::Chunk {
            hash: hash.into(),
            offset,
            data,
        }
        .encode()
    };
    // Bytes that do not match the name: dropped, counted, not stored, asked for next time.
    let ids = sb.shared_ids();
    fb.receive(&chunk(&names[0], 0, vec![0; 5_000]), &ids)
        .await
        .unwrap();
    assert_eq!(fb.progress().damaged, 1);
    assert_eq!(b.get_blob(&names[0]).await.unwrap(), None);
    // A file not asked for, one out of order, and an unreadable frame each end the transfer.
    for bad in [
        chunk(&stranger, 0, vec![1; 10]),
        Frame::Gone(stranger.clone()).encode(),
        vec![42, 1, 2, 3],
        Frame::Want(vec![stranger.clone()]).encode(),
    ] {
        let err = fb.receive(&bad, &ids).await.unwrap_err();
        assert!(matches!(err, SwapError::Garbage(_)), "{err:?}");
    }
    let fb = BlobSwap::new(b.clone());
    let fa = BlobSwap::new(a.clone());
    assert_eq!(offer_and_answer((&fa, &sa), (&fb, &sb)).await.len(), 2);
    let first = fa.next_frame().await.unwrap();
    let Ok(Frame::Chunk { hash, .. }) = Frame::decode(&first) else {
        panic!("a chunk")
    };
    let err = fb
        .receive(&chunk(&hash, 4_000, vec![0; 10]), &ids)
        .await
        .unwrap_err();
    assert!(matches!(err, SwapError::Garbage(_)));
    // Nothing already held was lost: the order is still there.
    assert_eq!(b.summaries().len(), 1);
    assert_eq!(b.get_blob(&stranger).await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_bundle_with_photos_brings_them_byte_for_byte_and_a_damaged_section_costs_only_them() {
    let a = open("bundle-files-a").await;
    let photos = vec![photo(4, 40_000), photo(5, 3_000)];
    let (id, names) = order_with_photos(&a, "PO-BUNDLE-PHOTO", &photos).await;
    let files = a.bundle_files(None).await;
    assert_eq!((files.count, files.bytes, files.missing), (2, 43_000, 0));
    let plain = a.export_bundle(None, "office", false).await.unwrap();
    let with = a.export_bundle(None, "office", true).await.unwrap();
    assert!(with.len() >= plain.len() + 43_000);

    let c = open("bundle-files-c").await;
    let report = c.import_bundle(&with).await.unwrap();
    assert_eq!(
        (report.new_orders, report.files, report.files_damaged),
        (1, 2, 0)
    );
    for (n, p) in names.iter().zip(&photos) {
        assert_eq!(c.get_blob(n).await.unwrap().as_ref(), Some(p));
    }
    // Without photos: the order only.
    let d = open("bundle-files-d").await;
    let report = d.import_bundle(&plain).await.unwrap();
    assert_eq!((report.new_orders, report.files), (1, 0));
    assert_eq!(d.get_blob(&names[0]).await.unwrap(), None);

    // The last photo's bytes damaged: the order and the first photo arrive, the second is named.
    let mut bad = with.clone();
    let at = bad.len() - 64 - 10;
    bad[at] ^= 0xff;
    let e = open("bundle-files-e").await;
    let report = e.import_bundle(&bad).await.unwrap();
    assert_eq!(
        (report.new_orders, report.files, report.files_damaged),
        (1, 1, 1)
    );
    assert_eq!(e.order(&id).await.unwrap().customer_po, "PO-BUNDLE-PHOTO");
    let kept: usize = {
        let mut n = 0;
        for h in &names {
            n += usize::from(e.get_blob(h).await.unwrap().is_some());
        }
        n
    };
    assert_eq!(kept, 1);
    // Importing the sound file afterwards brings the missing one and loses nothing.
    let report = e.import_bundle(&with).await.unwrap();
    assert_eq!((report.unchanged_orders, report.files), (1, 2));
}

/// Two devices hold copies of one order that can never merge (one actor's two different first
/// changes). The connection goes on, the other orders arrive, and the device records the order
/// as not merged, which its screen says; before, the whole connection closed on it.
#[wasm_bindgen_test]
async fn an_order_whose_copies_cannot_merge_is_said_so_and_holds_nothing_else_back() {
    use crate::storage::tests::hold_order_written_by;
    let (a, b) = (open("unmerged-a").await, open("unmerged-b").await);
    let other = a.create_order(&order("PO-OTHER")).await.unwrap();
    let id = gendan_domain::DocumentId::from_bytes([0x5a; 16]).to_string();
    let mut o = order("PO-TWICE");
    o.style_no = "NW-1".into();
    hold_order_written_by(&a, &id, [7; 16], &o, true).await;
    b.adopt_workspace(&a.workspace_id()).await.unwrap();
    o.style_no = "NW-2".into();
    // B holds its own copy (its workspace arrives from A).
    hold_order_written_by(&b, &id, [7; 16], &o, false).await;
    let (sa, sb) = (session(&a, true, false), session(&b, false, false));
    sa.sync_docs(sa.initial_ids()).await;
    sb.sync_docs(sb.initial_ids()).await;
    exchange(&sa, &sb).await;
    assert_eq!(b.order(&other).await.unwrap().customer_po, "PO-OTHER");
    assert!(
        a.unmerged().contains_key(&id) || b.unmerged().contains_key(&id),
        "the order is recorded as not merged"
    );
    assert_eq!(a.order(&id).await.unwrap().style_no, "NW-1");
    assert_eq!(
        b.order(&id).await.unwrap().style_no,
        "NW-2",
        "each keeps its own"
    );
    // It is not waited for: each side can say "synced" and keep its map for next time.
    for p in [sa.progress(), sb.progress()] {
        assert_eq!(p.confirmed, p.documents, "{p:?}");
    }
}

/// A device that started joining another's workspace and closed before it arrived (the other
/// device said "not ours") goes back to its own, its orders and records in sight; once the
/// workspace has arrived it stays.
#[wasm_bindgen_test]
async fn a_join_that_never_arrived_goes_back_to_the_devices_own_workspace() {
    let db = format!("gendan-test-session-abandon-b-{}", js_sys::Math::random());
    let (a, b) = (
        open("abandon-a").await,
        Repo::open_in(&db, author("b")).await.unwrap(),
    );
    let own = b.workspace_id();
    let mine = b.create_order(&order("PO-OWN")).await.unwrap();
    b.adopt_workspace(&a.workspace_id()).await.unwrap();
    assert_eq!(b.abandon_join().await.unwrap(), Some(own.clone()));
    assert_eq!(b.workspace_id(), own);
    assert!(b.workspace_value().unwrap().orders.contains_key(&mine));
    assert_eq!(
        b.abandon_join().await.unwrap(),
        None,
        "nothing left to undo"
    );
    // Opened again, the device is in its own workspace still.
    let again = Repo::open_in(&db, author("b")).await.unwrap();
    assert_eq!(again.workspace_id(), own);
    assert!(again.workspace_value().unwrap().orders.contains_key(&mine));

    // Joined for real: the workspace arrived, and closing changes nothing.
    let (_, _) = meet(&a, &b, false).await;
    assert_eq!(b.workspace_id(), a.workspace_id());
    assert_eq!(b.abandon_join().await.unwrap(), None);
    assert_eq!(b.workspace_id(), a.workspace_id());
}

/// A nearby device without the money gets no file of the books, whichever order's record names
/// it: a factory that read a contract's hash in an order's history and named it on a record
/// of its own is offered the record's other files, not the contract.
#[wasm_bindgen_test]
async fn a_books_file_named_on_another_order_is_not_offered_without_the_money() {
    let (a, b) = (
        open("named-contract-a").await,
        open("named-contract-b").await,
    );
    let (first, named_on, contract, photo) =
        crate::storage::office_records_tests::a_contract_named_from_the_factory(&a).await;
    let (sa, sb) = meet(&a, &b, false).await;
    let (fa, fb) = (BlobSwap::new(a.clone()), BlobSwap::new(b.clone()));
    let asked = offer_and_answer((&fa, &sa), (&fb, &sb)).await;
    assert_eq!(asked, [photo]);
    assert!(!asked.contains(&contract));
    // Later in the same meeting the books take another file, which a record names too, beside
    // a new photo of the factory's own: the photo goes, the file does not.
    let invoice = a.put_blob_office(b"proforma, CNY 12.50/m").await.unwrap();
    let snap = a.put_blob(b"a second photo").await.unwrap();
    let inv = invoice.clone();
    a.edit_commercial(&first, move |books| {
        let mut file = gendan_domain::attachments::Attachment {
            blob: inv.clone(),
            name: "pi.pdf".into(),
            ..Default::default()
        };
        file.kind = gendan_domain::attachments::AttachmentKind::Invoice;
        books.attachments.insert("invoice".into(), file);
        Ok(())
    })
    .await
    .unwrap();
    let (inv, sn) = (invoice.clone(), snap.clone());
    a.edit_order(&named_on, move |o| {
        for (id, blob) in [("named2", &inv), ("own2", &sn)] {
            o.attachments.insert(
                id.into(),
                gendan_domain::attachments::Attachment {
                    blob: blob.clone(),
                    name: "file".into(),
                    ..Default::default()
                },
            );
        }
        Ok(())
    })
    .await
    .unwrap();
    let books = a.commercial_link(&first).unwrap();
    sa.sync_docs(vec![named_on.clone()]).await;
    exchange(&sa, &sb).await;
    fa.touch(&[named_on.clone(), books]);
    fb.touch(std::slice::from_ref(&named_on));
    let asked = offer_and_answer((&fa, &sa), (&fb, &sb)).await;
    assert_eq!(asked, [snap]);
}
