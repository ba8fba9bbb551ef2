//! Deterministic two- and three-peer tests: connections wired back to back in memory, messages
//! pumped until nobody has anything left to say. No sockets, no clocks.

use automerge::transaction::Transactable;
use automerge::ROOT;
use gendan_sync::testing::{doc_by, doc_with, id, read};
use gendan_sync::{
    decode, encode, Connection, Event, MemoryStore, Message, PeerId, PeerMetadata, RemoteStatus,
};

struct Node {
    conn: Connection,
    store: MemoryStore,
    events: Vec<Event>,
}

impl Node {
    fn client(name: &str) -> Self {
        Node {
            conn: Connection::initiator(PeerId::from(name), PeerMetadata::default(), 0),
            store: MemoryStore::new(),
            events: Vec::new(),
        }
    }
    fn server(name: &str, store: MemoryStore) -> Self {
        Node {
            conn: Connection::acceptor(PeerId::from(name), PeerMetadata::default(), 0),
            store,
            events: Vec::new(),
        }
    }
}

/// Delivers messages both ways (through the codec) until both outboxes are empty.
fn pump(a: &mut Node, b: &mut Node) -> usize {
    let mut delivered = 0;
    for _ in 0..1000 {
        let from_a = a.conn.take_outgoing_bytes();
        let from_b = b.conn.take_outgoing_bytes();
        if from_a.is_empty() && from_b.is_empty() {
            return delivered;
        }
        for frame in from_a {
            delivered += 1;
            let ev = b
                .conn
                .receive_bytes(&frame, &mut b.store, 1)
                .expect("b accepts");
            b.events.extend(ev);
        }
        for frame in from_b {
            delivered += 1;
            let ev = a
                .conn
                .receive_bytes(&frame, &mut a.store, 1)
                .expect("a accepts");
            a.events.extend(ev);
        }
    }
    panic!("no quiescence after 1000 rounds");
}

#[test]
fn handshake_then_push_then_fetch() {
    let mut relay = Node::server("relay", MemoryStore::new());
    let mut alice = Node::client("alice");
    alice.store.insert(id(1), doc_with("title", "PO-1"));
    alice.conn.sync_doc(&id(1), &mut alice.store).expect("sync");
    pump(&mut alice, &mut relay);
    assert!(alice.conn.is_ready() && relay.conn.is_ready());
    assert!(matches!(alice.events[0], Event::Ready { .. }));
    assert_eq!(
        read(relay.store.doc(&id(1)).expect("relay got it"), "title").as_deref(),
        Some("PO-1")
    );
    assert!(alice
        .conn
        .is_synced(&id(1), &alice.store.doc(&id(1)).expect("doc").get_heads()));
    assert!(alice.events.contains(&Event::Synced(id(1))));
    assert!(relay.events.contains(&Event::DocChanged(id(1))));

    // A second client fetches it with `request`.
    let mut relay2 = Node::server("relay", std::mem::take(&mut relay.store));
    let mut bob = Node::client("bob");
    bob.conn.sync_doc(&id(1), &mut bob.store).expect("sync");
    let join_and_request: Vec<_> = bob.conn.take_outgoing();
    assert_eq!(join_and_request.len(), 1, "only join before the handshake");
    for m in join_and_request {
        let ev = relay2.conn.receive(m, &mut relay2.store, 2).expect("join");
        relay2.events.extend(ev);
    }
    pump(&mut bob, &mut relay2);
    assert_eq!(
        read(bob.store.doc(&id(1)).expect("bob got it"), "title").as_deref(),
        Some("PO-1")
    );
    assert_eq!(relay2.conn.remote_status(&id(1)), Some(RemoteStatus::Has));
}

#[test]
fn first_doc_message_is_a_request_and_unknown_docs_are_unavailable() {
    let mut relay = Node::server("relay", MemoryStore::new());
    let mut bob = Node::client("bob");
    pump(&mut bob, &mut relay);
    bob.conn.sync_doc(&id(9), &mut bob.store).expect("sync");
    let out = bob.conn.take_outgoing();
    assert!(matches!(out.as_slice(), [Message::Request(_)]), "{out:?}");
    for m in out {
        relay.conn.receive(m, &mut relay.store, 3).expect("request");
    }
    let answer = relay.conn.take_outgoing();
    assert!(
        matches!(answer.as_slice(), [Message::DocUnavailable { .. }]),
        "{answer:?}"
    );
    for m in answer {
        bob.events
            .extend(bob.conn.receive(m, &mut bob.store, 4).expect("unavailable"));
    }
    assert!(bob.events.contains(&Event::DocUnavailable(id(9))));
    assert!(relay.store.is_empty(), "a request never creates a document");
}

#[test]
fn a_store_that_refuses_answers_doc_unavailable() {
    let mut relay = Node::server("relay", MemoryStore::refusing_new());
    let mut alice = Node::client("alice");
    alice.store.insert(id(2), doc_with("k", "v"));
    alice.conn.sync_doc(&id(2), &mut alice.store).expect("sync");
    pump(&mut alice, &mut relay);
    assert!(relay.store.is_empty());
    assert!(alice.events.contains(&Event::DocUnavailable(id(2))));
}

#[test]
fn concurrent_edits_converge_through_a_relay() {
    // Two clients, one relay store shared by two acceptor connections.
    let mut relay_store = MemoryStore::new();
    let to_alice = Connection::acceptor(PeerId::from("relay"), PeerMetadata::default(), 0);
    let to_bob = Connection::acceptor(PeerId::from("relay"), PeerMetadata::default(), 0);
    let mut alice = Node::client("alice");
    let mut bob = Node::client("bob");
    let base = doc_with("status", "draft");
    // `fork` gives Bob his own actor id, as a second device would have.
    bob.store.insert(id(5), base.fork());
    alice.store.insert(id(5), base);
    for (who, key, value) in [(&mut alice, "colour", "navy"), (&mut bob, "size", "XL")] {
        let doc = who.store.doc_mut(&id(5)).expect("doc");
        let mut tx = doc.transaction();
        tx.put(ROOT, key, value).expect("put");
        tx.commit();
        who.conn.sync_doc(&id(5), &mut who.store).expect("sync");
    }

    // Pump all four directions, fanning DocChanged out to the other relay connection.
    let mut clients = [alice, bob];
    let mut conns = [to_alice, to_bob];
    for _ in 0..200 {
        let mut moved = false;
        for i in 0..2 {
            for frame in clients[i].conn.take_outgoing_bytes() {
                moved = true;
                let events = conns[i]
                    .receive_bytes(&frame, &mut relay_store, 5)
                    .expect("relay");
                for e in events {
                    if let Event::DocChanged(doc) = e {
                        if conns[1 - i].is_ready() {
                            conns[1 - i]
                                .sync_doc(&doc, &mut relay_store)
                                .expect("fan out");
                        }
                    }
                }
            }
            for frame in conns[i].take_outgoing_bytes() {
                moved = true;
                let client = &mut clients[i];
                client
                    .conn
                    .receive_bytes(&frame, &mut client.store, 5)
                    .expect("client");
            }
        }
        if !moved {
            break;
        }
    }
    let [alice, bob] = clients;
    for side in [&alice, &bob] {
        let doc = side.store.doc(&id(5)).expect("doc");
        assert_eq!(read(doc, "colour").as_deref(), Some("navy"));
        assert_eq!(read(doc, "size").as_deref(), Some("XL"));
        assert!(side.conn.is_synced(&id(5), &doc.get_heads()));
    }
    assert_eq!(
        alice.store.doc(&id(5)).map(|d| d.get_heads()),
        bob.store.doc(&id(5)).map(|d| d.get_heads())
    );
}

#[test]
fn protocol_violations_close_with_an_error_message() {
    let mut relay = Node::server("relay", MemoryStore::new());
    // A sync before join.
    let early = encode(&Message::DocUnavailable {
        sender_id: "x".into(),
        target_id: "relay".into(),
        document_id: id(1),
    });
    assert!(relay
        .conn
        .receive_bytes(&early, &mut relay.store, 0)
        .is_err());
    assert!(relay.conn.is_closed());
    let out = relay.conn.take_outgoing();
    assert!(matches!(out.as_slice(), [Message::Error { .. }]), "{out:?}");

    // Garbage after a good handshake.
    let mut relay = Node::server("relay", MemoryStore::new());
    let mut c = Node::client("c");
    pump(&mut c, &mut relay);
    assert!(relay
        .conn
        .receive_bytes(b"\xff\x00garbage", &mut relay.store, 0)
        .is_err());
    let out = relay.conn.take_outgoing_bytes();
    assert_eq!(out.len(), 1);
    assert!(matches!(decode(&out[0]), Ok(Message::Error { .. })));

    // A sync message whose automerge payload is garbage.
    let mut relay = Node::server("relay", MemoryStore::new());
    let mut c = Node::client("c");
    pump(&mut c, &mut relay);
    let bad = encode(&Message::Sync(gendan_sync::DocMessage {
        sender_id: "c".into(),
        target_id: "relay".into(),
        document_id: id(1),
        data: vec![0x42, 0xff, 0xff],
    }));
    assert!(relay.conn.receive_bytes(&bad, &mut relay.store, 0).is_err());
    assert!(relay.store.is_empty());

    // Unsupported protocol version.
    let mut relay = Node::server("relay", MemoryStore::new());
    let join = encode(&Message::Join {
        sender_id: "c".into(),
        supported_protocol_versions: vec!["2".into()],
        peer_metadata: PeerMetadata::default(),
    });
    assert!(relay
        .conn
        .receive_bytes(&join, &mut relay.store, 0)
        .is_err());
}

#[test]
fn sync_doc_before_handshake_is_sent_after_peer() {
    let mut relay = Node::server("relay", MemoryStore::new());
    let mut alice = Node::client("alice");
    for n in 1..=20 {
        alice.store.insert(id(n), doc_with("n", &n.to_string()));
        alice.conn.sync_doc(&id(n), &mut alice.store).expect("sync");
    }
    let delivered = pump(&mut alice, &mut relay);
    assert_eq!(relay.store.len(), 20);
    for n in 1..=20 {
        assert!(alice
            .conn
            .is_synced(&id(n), &alice.store.doc(&id(n)).expect("doc").get_heads()));
    }
    // join + peer + four sync messages per document (heads, need, changes, ack).
    assert!(delivered <= 2 + 20 * 4, "{delivered} messages");
}

/// A peer gets one handshake per connection: a second `join` (which made the relay start the
/// connection over and resume its kept state each time) closes it.
#[test]
fn a_second_join_closes_the_connection() {
    for sender in ["c", "someone-else"] {
        let mut relay = Node::server("relay", MemoryStore::new());
        let mut c = Node::client("c");
        pump(&mut c, &mut relay);
        let again = encode(&Message::Join {
            sender_id: sender.into(),
            supported_protocol_versions: vec!["1".into()],
            peer_metadata: PeerMetadata::default(),
        });
        assert!(relay
            .conn
            .receive_bytes(&again, &mut relay.store, 5)
            .is_err());
        assert!(relay.conn.is_closed(), "{sender}");
    }
}

fn ephemeral(len: usize) -> Vec<u8> {
    encode(&Message::Ephemeral {
        sender_id: "c".into(),
        target_id: "relay".into(),
        document_id: id(1),
        session_id: "s".into(),
        count: 1,
        data: vec![7; len],
    })
}

/// A relay copies each ephemeral message to every listener of the document: one too large, or a
/// flood of them, closes the sender's connection before anything is fanned out; presence at a
/// normal pace and a nearby device's offer pass.
#[test]
fn ephemeral_messages_are_small_and_paced() {
    use gendan_sync::{EPHEMERAL_BURST, EPHEMERAL_PER_SECOND, MAX_EPHEMERAL_BYTES};
    let joined = || {
        let mut relay = Node::server("relay", MemoryStore::new());
        let mut c = Node::client("c");
        pump(&mut c, &mut relay);
        relay
    };
    let mut relay = joined();
    let events = relay
        .conn
        .receive_bytes(&ephemeral(MAX_EPHEMERAL_BYTES), &mut relay.store, 10)
        .expect("an offer-sized message passes");
    assert!(matches!(events.as_slice(), [Event::Ephemeral { .. }]));
    assert!(relay
        .conn
        .receive_bytes(&ephemeral(MAX_EPHEMERAL_BYTES + 1), &mut relay.store, 10)
        .is_err());
    assert!(relay.conn.is_closed());

    // A burst is allowed, then the allowance refills with time.
    let mut relay = joined();
    let mut now = 1_000;
    for _ in 0..EPHEMERAL_BURST {
        relay
            .conn
            .receive_bytes(&ephemeral(100), &mut relay.store, now)
            .expect("within the burst");
    }
    now += 1_000;
    for _ in 0..EPHEMERAL_PER_SECOND {
        relay
            .conn
            .receive_bytes(&ephemeral(100), &mut relay.store, now)
            .expect("refilled after a second");
    }
    assert!(relay
        .conn
        .receive_bytes(&ephemeral(100), &mut relay.store, now)
        .is_err());
    assert!(relay.conn.is_closed());
    // Presence every 100 ms for a minute never runs out.
    let mut relay = joined();
    for n in 0..600u64 {
        relay
            .conn
            .receive_bytes(&ephemeral(200), &mut relay.store, 10_000 + n * 100)
            .expect("presence at 10 a second");
    }
}

/// A device hears every peer's presence through its relay: what the relay forwards is not paced.
#[test]
fn forwarded_ephemeral_messages_are_not_paced() {
    let mut relay = Node::server("relay", MemoryStore::new());
    let mut c = Node::client("c");
    pump(&mut c, &mut relay);
    for n in 0..200u64 {
        let forwarded = encode(&Message::Ephemeral {
            sender_id: format!("peer-{n}").as_str().into(),
            target_id: "c".into(),
            document_id: id(1),
            session_id: "s".into(),
            count: 1,
            data: vec![1; 100],
        });
        c.conn
            .receive_bytes(&forwarded, &mut c.store, 5)
            .expect("a device takes what its relay forwards");
    }
}

/// A store over its quota: every change is refused for want of room.
struct FullStore(MemoryStore);

impl gendan_sync::DocStore for FullStore {
    type Error = std::io::Error;
    type Doc = automerge::Automerge;

    fn get(&mut self, id: &gendan_sync::DocumentId) -> std::io::Result<Option<&mut Self::Doc>> {
        Ok(self.0.doc_mut(id))
    }

    fn create(&mut self, id: &gendan_sync::DocumentId) -> std::io::Result<Option<&mut Self::Doc>> {
        if self.0.doc(id).is_none() {
            self.0.insert(*id, automerge::Automerge::new());
        }
        Ok(self.0.doc_mut(id))
    }

    fn changed(
        &mut self,
        _id: &gendan_sync::DocumentId,
        _before: &[automerge::ChangeHash],
    ) -> std::io::Result<()> {
        Err(std::io::ErrorKind::QuotaExceeded.into())
    }

    fn is_full(error: &std::io::Error) -> bool {
        error.kind() == std::io::ErrorKind::QuotaExceeded
    }
}

#[test]
fn a_store_without_room_tells_the_peer_so_not_internal_error() {
    let mut alice = Node::client("alice");
    let mut relay = Connection::acceptor(PeerId::from("relay"), PeerMetadata::default(), 0);
    let mut store = FullStore(MemoryStore::new());
    alice.store.insert(id(1), doc_with("title", "PO-1"));
    alice.conn.sync_doc(&id(1), &mut alice.store).expect("sync");
    let mut refused = None;
    for _ in 0..10 {
        for frame in alice.conn.take_outgoing_bytes() {
            if let Err(e) = relay.receive_bytes(&frame, &mut store, 1) {
                refused = Some(e);
            }
        }
        for frame in relay.take_outgoing_bytes() {
            if let Ok(ev) = alice.conn.receive_bytes(&frame, &mut alice.store, 1) {
                alice.events.extend(ev);
            }
        }
    }
    assert!(
        matches!(refused, Some(gendan_sync::ProtocolError::NoRoom)),
        "{refused:?}"
    );
    assert!(
        alice.events.contains(&Event::Closed {
            reason: gendan_sync::NO_ROOM.to_owned()
        }),
        "{:?}",
        alice.events
    );
    // The change stays where it was made.
    assert_eq!(
        read(alice.store.doc(&id(1)).expect("kept"), "title").as_deref(),
        Some("PO-1")
    );
}

/// A document whose two copies cannot merge stops syncing on its own: the connection stays
/// open and every other document goes on, both ways. Closing it repeated on every reconnect
/// and held every other document behind that one.
#[test]
fn a_document_that_cannot_merge_stops_alone_and_the_others_sync() {
    let mut store = MemoryStore::new();
    store.insert(id(1), doc_by([7; 16], "style", "NW-1"));
    store.insert(id(2), doc_with("title", "on the relay"));
    let mut relay = Node::server("relay", store);
    let mut tablet = Node::client("tablet");
    tablet.store.insert(id(1), doc_by([7; 16], "style", "NW-2"));
    tablet
        .store
        .insert(id(3), doc_with("title", "on the tablet"));
    for d in [id(1), id(2), id(3)] {
        tablet.conn.sync_doc(&d, &mut tablet.store).expect("sync");
    }
    pump(&mut tablet, &mut relay);
    assert!(!relay.conn.is_closed() && !tablet.conn.is_closed());
    let refused = |n: &Node| {
        n.events
            .iter()
            .any(|e| matches!(e, Event::DocRefused { document, .. } if *document == id(1)))
    };
    assert!(
        refused(&relay) || refused(&tablet),
        "the diverged document is refused"
    );
    assert_eq!(
        read(relay.store.doc(&id(3)).expect("arrived"), "title").as_deref(),
        Some("on the tablet")
    );
    assert_eq!(
        read(tablet.store.doc(&id(2)).expect("arrived"), "title").as_deref(),
        Some("on the relay")
    );
    // Each side keeps its own copy, and a later edit elsewhere still syncs.
    assert_eq!(
        read(relay.store.doc(&id(1)).unwrap(), "style").as_deref(),
        Some("NW-1")
    );
    assert_eq!(
        read(tablet.store.doc(&id(1)).unwrap(), "style").as_deref(),
        Some("NW-2")
    );
    {
        let doc = tablet.store.doc_mut(&id(3)).expect("held");
        let mut tx = doc.transaction();
        tx.put(ROOT, "title", "edited").expect("put");
        tx.commit();
    }
    tablet
        .conn
        .sync_doc(&id(3), &mut tablet.store)
        .expect("sync");
    tablet
        .conn
        .sync_doc(&id(1), &mut tablet.store)
        .expect("a refused one is skipped");
    pump(&mut tablet, &mut relay);
    assert_eq!(
        read(relay.store.doc(&id(3)).unwrap(), "title").as_deref(),
        Some("edited")
    );
    assert!(!relay.conn.is_closed());
}

/// A remote saying it holds nothing (empty heads: automerge forgets what it sent) is answered
/// with the whole document each time, and [`Connection::outgoing_bytes`] counts every copy
/// queued until the outbox is taken: the relay bounds what one peer makes it hold by this.
#[test]
fn each_reset_queues_the_whole_document_and_the_outbox_counts_it() {
    let mut store = MemoryStore::new();
    store.insert(id(1), doc_with("text", &"x".repeat(100_000)));
    let mut relay = Node::server("relay", store);
    let mut bob = Node::client("bob");
    pump(&mut bob, &mut relay);
    assert!(relay.conn.outgoing_bytes() == 0);
    let reset = Message::Sync(gendan_sync::DocMessage {
        sender_id: "bob".into(),
        target_id: "relay".into(),
        document_id: id(1),
        data: vec![0x42, 0, 0, 1, 0, 0, 0],
    });
    for n in 1..=3 {
        relay
            .conn
            .receive(reset.clone(), &mut relay.store, 2)
            .expect("a reset is legal");
        assert!(
            relay.conn.outgoing_bytes() >= n * 100_000,
            "{} bytes counted after {n} resets",
            relay.conn.outgoing_bytes()
        );
    }
    let queued: usize = relay.conn.take_outgoing_bytes().iter().map(Vec::len).sum();
    assert!(queued >= 300_000 && relay.conn.outgoing_bytes() == 0);
    assert!(!relay.conn.has_outgoing());
}
