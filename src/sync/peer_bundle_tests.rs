//! Bundle first between nearby devices (`peer_bundle.rs`) in a real browser, without the
//! channel: the pages one repository sends import into another, the answer says what arrived
//! as sent, the sender believes it only for what it sent and still holds so, money goes only
//! when ticked, and a damaged page ends the bundle without losing what came before. After a
//! bundle, two sessions only shake hands, count what they never loaded as confirmed, and still
//! carry edits both ways.

use gendan_sync::{Connection, PeerId, PeerMetadata, SharedHeads};
use wasm_bindgen_test::*;

use super::peer_bundle::{
    orders_said, role, role_here, Frame, FrameError, Incoming, Outgoing, Role, MIN_ORDERS,
};
use super::session::{Scope, Session};
use crate::storage::agenda_tests::{author, seeded};
use crate::storage::Repo;

wasm_bindgen_test_configure!(run_in_browser);

fn db(tag: &str) -> String {
    format!("gendan-test-peer-bundle-{tag}-{}", js_sys::Math::random())
}

/// Every frame `out` sends, up to and including `End`.
async fn frames(repo: &Repo, out: &mut Outgoing) -> Vec<Frame> {
    let mut all = Vec::new();
    while let Some(f) = out.next(repo).await {
        all.push(f);
    }
    assert_eq!(all.last(), Some(&Frame::End));
    assert_eq!(out.next(repo).await, None, "nothing after the end");
    all
}

/// A fresh device that joined `ws`, fed `frames` (through their encoding, as on the wire).
async fn receive(name: &str, ws: &str, frames: &[Frame]) -> (Repo, super::peer_bundle::Received) {
    let b = Repo::open_in(name, author()).await.unwrap();
    b.adopt_workspace(ws).await.unwrap();
    let mut incoming = Incoming::new(2);
    let mut told = Vec::new();
    for f in frames {
        match Frame::decode(&f.encode()).unwrap() {
            Frame::Page(p) => told.extend(incoming.page(&b, &p).await),
            Frame::End => break,
            Frame::Held(_) => panic!("a sender never sends Held"),
        }
    }
    let mut received = incoming.finish(&b).await;
    // What each page changed was told as it came; the end tells the rest.
    told.append(&mut received.changed);
    received.changed = told;
    (b, received)
}

#[wasm_bindgen_test]
fn the_side_with_much_more_sends_and_both_sides_agree() {
    assert_eq!(role(1_000, Some(0)), Some(Role::Send));
    assert_eq!(role(0, Some(1_000)), Some(Role::Receive));
    assert_eq!(role(100, Some(49)), Some(Role::Send));
    assert_eq!(role(49, Some(100)), Some(Role::Receive));
    // Half or more already here: an ordinary sync.
    assert_eq!(role(100, Some(50)), None);
    assert_eq!(role(50, Some(100)), None);
    // Too few to matter, or a device that sends no count (an older build).
    assert_eq!(role(MIN_ORDERS - 1, Some(0)), None);
    assert_eq!(role(1_000, None), None);
    for mine in [0, 5, 19, 20, 21, 40, 41, 1_000] {
        for theirs in [0, 5, 19, 20, 21, 40, 41, 1_000] {
            let other = match role(theirs, Some(mine)) {
                Some(Role::Send) => Some(Role::Receive),
                Some(Role::Receive) => Some(Role::Send),
                None => None,
            };
            assert_eq!(role(mine, Some(theirs)), other, "{mine} vs {theirs}");
        }
    }
}

/// A factory's phone says no count, so neither side decides a bundle, and takes no bundle even
/// from a side that counted one: a bundle would bring every order of the workspace, and the
/// books when money was ticked, where the session brings it nothing new but the workspace.
#[wasm_bindgen_test]
fn a_factorys_phone_never_receives_a_bundle() {
    assert_eq!(orders_said(3, true), None);
    assert_eq!(orders_said(3, false), Some(3));
    // The office's side, hearing no count from the factory's phone: plain sync.
    assert_eq!(role(1_000, orders_said(3, true)), None);
    assert_eq!(role_here(3, Some(1_000), (true, false)), None);
    assert_eq!(
        role_here(3, Some(1_000), (false, false)),
        Some(Role::Receive)
    );
    // Nor does it send one: the office, hearing no count, expects none.
    assert_eq!(role_here(1_000, Some(3), (true, false)), None);
    // A phone whose code said it is a factory's and whose handshake says a count of none
    // (patched, or an older build) gets no bundle either.
    assert_eq!(role_here(1_000, Some(0), (false, false)), Some(Role::Send));
    assert_eq!(role_here(1_000, Some(0), (false, true)), None);
    assert_eq!(role(3, orders_said(1_000, true)), None);
}

#[wasm_bindgen_test]
fn bundle_frames_round_trip_and_garbage_is_refused() {
    let mut held = SharedHeads::new();
    held.set(
        gendan_sync::DocumentId::from_bytes([7; 16]),
        &[gendan_sync::automerge::ChangeHash([1; 32])],
    );
    for f in [Frame::Page(vec![1, 2, 3]), Frame::End, Frame::Held(held)] {
        assert_eq!(Frame::decode(&f.encode()), Ok(f));
    }
    assert_eq!(Frame::decode(&[]), Err(FrameError::Empty));
    assert_eq!(Frame::decode(&[9, 1]), Err(FrameError::Tag(9)));
    assert!(matches!(
        Frame::decode(&[2, 0]),
        Err(FrameError::Unexpected(_))
    ));
    assert!(matches!(
        Frame::decode(&[3, 1, 2, 3]),
        Err(FrameError::Held(_))
    ));
}

#[wasm_bindgen_test]
async fn a_fresh_device_gets_the_orders_and_ticked_money_and_both_start_them_confirmed() {
    let (a, id, quiet) = seeded(&db("a")).await;
    let cid = a.order(&id).await.unwrap().commercial.unwrap();
    // Every order is created with its books, the quiet one's empty.
    let quiet_books = quiet_books_of(&a, &quiet).await;
    let ws = a.workspace_id();
    let mut out = Outgoing::new(&a, true);
    let sent = frames(&a, &mut out).await;
    assert_eq!((out.orders_sent, out.orders_total), (2, 2));

    let (b, received) = receive(&db("b"), &ws, &sent).await;
    let listed = b.workspace_value().unwrap().orders;
    assert!(listed.contains_key(&id) && listed.contains_key(&quiet));
    assert!(b.commercial(&id).await.unwrap().is_some(), "the money came");
    assert!(b.quarantined().is_empty(), "{:?}", b.quarantined());
    let mut confirmed: Vec<String> = received.confirmed.iter().map(|(d, _)| d.clone()).collect();
    confirmed.sort();
    let mut all = vec![
        ws.clone(),
        id.clone(),
        quiet.clone(),
        cid.clone(),
        quiet_books,
    ];
    all.sort();
    assert_eq!(confirmed, all, "held exactly as sent");
    for doc in [&id, &quiet, &cid] {
        let times = received.changed.iter().filter(|c| *c == doc).count();
        assert_eq!(times, 1, "{doc} reported to the screens once");
    }

    // The sender believes the answer for what it sent and still holds as sent: an order
    // edited here since syncs as usual, and a claim for a document never sent is ignored.
    a.edit_order(&quiet, |o| {
        o.style_no = "ST-AFTER".into();
        Ok(())
    })
    .await
    .unwrap();
    let mut claim = received.held.clone();
    let stranger = gendan_sync::DocumentId::from_bytes([9; 16]);
    claim.set(stranger, &[gendan_sync::automerge::ChangeHash([2; 32])]);
    let mut believed: Vec<String> = out
        .confirmed(&a, &claim)
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    believed.sort();
    let mut expect = vec![ws, id, cid, quiet_books_of(&a, &quiet).await];
    expect.sort();
    assert_eq!(believed, expect);
}

async fn quiet_books_of(repo: &Repo, order: &str) -> String {
    repo.order(order).await.unwrap().commercial.unwrap()
}

#[wasm_bindgen_test]
async fn a_commercial_document_two_orders_share_goes_once() {
    let (a, id, quiet) = seeded(&db("shared-money")).await;
    let cid = a.order(&id).await.unwrap().commercial.unwrap();
    let shared = cid.clone();
    a.edit_order(&quiet, move |o| {
        o.commercial = Some(shared);
        Ok(())
    })
    .await
    .unwrap();
    let sent = frames(&a, &mut Outgoing::new(&a, true)).await;
    let mut ids = Vec::new();
    for f in &sent {
        if let Frame::Page(p) = f {
            let (_, entries) = gendan_sync::bundle::decode(p).unwrap();
            ids.extend(entries.into_iter().map(|(e, _)| e.id));
        }
    }
    assert_eq!(ids.iter().filter(|d| **d == cid).count(), 1, "{ids:?}");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "no document goes twice: {ids:?}");
}

#[wasm_bindgen_test]
async fn money_stays_home_unless_ticked_and_a_damaged_page_ends_the_bundle_keeping_the_rest() {
    let (a, id, quiet) = seeded(&db("c")).await;
    let cid = a.order(&id).await.unwrap().commercial.unwrap();
    let ws = a.workspace_id();
    let sent = frames(&a, &mut Outgoing::new(&a, false)).await;
    let (b, received) = receive(&db("d"), &ws, &sent).await;
    assert!(b.order(&id).await.is_ok());
    assert!(
        b.commercial(&id).await.unwrap().is_none(),
        "no money without the tick"
    );
    assert!(!received.confirmed.iter().any(|(d, _)| *d == cid));

    // A page whose checksum fails after a sound one: the sound one stays imported, nothing is
    // claimed as held, so everything syncs as usual.
    let mut pages: Vec<Vec<u8>> = sent
        .into_iter()
        .filter_map(|f| match f {
            Frame::Page(p) => Some(p),
            _ => None,
        })
        .collect();
    assert_eq!(pages.len(), 1, "two orders make one page");
    let whole = pages.remove(0);
    let c = Repo::open_in(&db("e"), author()).await.unwrap();
    c.adopt_workspace(&ws).await.unwrap();
    let mut incoming = Incoming::new(2);
    incoming.page(&c, &whole).await;
    let mut bad = whole.clone();
    let at = bad.len() - 3;
    bad[at] ^= 0xff;
    assert!(incoming.page(&c, &bad).await.is_empty());
    let received = incoming.finish(&c).await;
    assert!(received.held.is_empty() && received.confirmed.is_empty());
    assert!(c.order(&quiet).await.is_ok(), "the sound page stayed");
}

/// Carries frames both ways until neither side has anything to say; returns how many went.
async fn exchange(a: &Session, b: &Session) -> usize {
    let mut frames = 0;
    for _ in 0..50 {
        let (to_b, to_a) = (a.take_outgoing(), b.take_outgoing());
        if to_b.is_empty() && to_a.is_empty() {
            return frames;
        }
        frames += to_b.len() + to_a.len();
        for f in to_b {
            assert!(b.receive(&f).await.closed.is_none());
        }
        for f in to_a {
            assert!(a.receive(&f).await.closed.is_none());
        }
    }
    panic!("the sessions never went quiet");
}

fn session(repo: &Repo, initiator: bool) -> Session {
    let peer = PeerId::new(if initiator { "a" } else { "b" });
    let now = crate::platform::now_ms() as u64;
    let conn = match initiator {
        true => Connection::initiator(peer, PeerMetadata::default(), now),
        false => Connection::acceptor(peer, PeerMetadata::default(), now),
    };
    Session::new(
        repo.clone(),
        conn,
        Scope::Peer {
            money: true,
            factory: false,
            remote_factory: false,
        },
    )
}

#[wasm_bindgen_test]
async fn after_a_bundle_the_sessions_only_shake_hands_count_unloaded_documents_as_confirmed_and_edits_still_cross(
) {
    let name = db("f");
    let (seeded_a, id, quiet) = seeded(&name).await;
    let ws = seeded_a.workspace_id();
    drop(seeded_a);
    // Opened again, nothing is loaded: the sender reads its pages from storage.
    let a = Repo::open_in(&name, author()).await.unwrap();
    let mut out = Outgoing::new(&a, true);
    let sent = frames(&a, &mut out).await;
    let (b, received) = receive(&db("g"), &ws, &sent).await;
    let confirmed_a = out.confirmed(&a, &received.held);
    // The workspace, two orders and their books.
    assert_eq!(confirmed_a.len(), 5);

    let (sa, sb) = (session(&a, true), session(&b, false));
    sa.resume_confirmed(&confirmed_a);
    sb.resume_confirmed(&received.confirmed);
    // Each side offers the rest of what it shares (nothing here), as `peer.rs` does; one
    // offered anyway that the remote holds as here needs no message either.
    for (s, confirmed) in [(&sa, &confirmed_a), (&sb, &received.confirmed)] {
        let rest = s
            .initial_ids()
            .into_iter()
            .filter(|id| !confirmed.iter().any(|(c, _)| c == id))
            .collect();
        s.sync_docs(rest).await;
    }
    sb.sync_docs(vec![id.clone()]).await;
    assert_eq!(exchange(&sa, &sb).await, 2, "join and peer only");
    for (side, s) in [("sender", &sa), ("receiver", &sb)] {
        let p = s.progress();
        assert_eq!((p.documents, p.confirmed), (5, 5), "{side}: {p:?}");
    }
    assert!(
        a.heads(&quiet).is_none(),
        "the sender never loaded the orders"
    );

    // An edit on the new device crosses, and so does one on the sender.
    b.edit_order(&quiet, |o| {
        o.style_no = "ST-ON-B".into();
        Ok(())
    })
    .await
    .unwrap();
    sb.sync_docs(vec![quiet.clone()]).await;
    exchange(&sa, &sb).await;
    assert_eq!(a.order(&quiet).await.unwrap().style_no, "ST-ON-B");
    a.edit_order(&id, |o| {
        o.style_no = "ST-ON-A".into();
        Ok(())
    })
    .await
    .unwrap();
    sa.sync_docs(vec![id.clone()]).await;
    exchange(&sa, &sb).await;
    assert_eq!(b.order(&id).await.unwrap().style_no, "ST-ON-A");
    let p = sa.progress();
    assert_eq!((p.documents, p.confirmed), (5, 5), "{p:?}");
}
