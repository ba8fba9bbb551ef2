//! Whole automerge sync messages, crafted by a hostile peer, applied to a document through
//! an accepting [`Connection`] (what the relay runs): Bloom filters with any parameters,
//! long `have`/`heads`/`need` lists, and change lists of any shape must either be refused
//! by `sync_limits` or be applied within a bounded time, never panic, abort or allocate
//! gigabytes. The document keeps serving an honest peer afterwards.

use std::time::{Duration, Instant};

use automerge::sync::SyncDoc;
use automerge::transaction::Transactable;
use automerge::{Automerge, ROOT};
use gendan_sync::testing::leb;
use gendan_sync::{
    encode, Connection, DocMessage, DocumentId, Event, MemoryStore, Message, PeerId, PeerMetadata,
    ProtocolError,
};
use proptest::prelude::*;

/// A document with some history, so Bloom filters are probed per change when answering.
fn doc_with_history(changes: usize) -> Automerge {
    let mut doc = Automerge::new();
    for n in 0..changes {
        let mut tx = doc.transaction();
        tx.put(ROOT, "n", n as i64).expect("put");
        tx.commit();
    }
    doc
}

const DOC: DocumentId = DocumentId::from_bytes([9; 16]);

/// An acceptor that completed the handshake, over a store holding `DOC`.
fn joined() -> (Connection, MemoryStore) {
    let mut store = MemoryStore::new();
    store.insert(DOC, doc_with_history(50));
    let mut conn = Connection::acceptor(PeerId::from("relay"), PeerMetadata::default(), 0);
    let join = encode(&Message::Join {
        sender_id: PeerId::from("attacker"),
        supported_protocol_versions: vec!["1".into()],
        peer_metadata: PeerMetadata::default(),
    });
    conn.receive_bytes(&join, &mut store, 0).expect("join");
    conn.take_outgoing();
    (conn, store)
}

fn sync_frame(data: Vec<u8>) -> Vec<u8> {
    encode(&Message::Sync(DocMessage {
        sender_id: PeerId::from("attacker"),
        target_id: PeerId::from("relay"),
        document_id: DOC,
        data,
    }))
}

#[derive(Debug, Clone)]
struct Bloom {
    entries: u64,
    bits_per_entry: u64,
    probes: u64,
    /// Bits actually sent (may disagree with the parameters).
    bits: Vec<u8>,
}

fn bloom() -> impl Strategy<Value = Bloom> {
    let param = prop_oneof![
        0u64..16,
        Just(u64::from(u32::MAX)),
        any::<u32>().prop_map(u64::from),
        Just(1u64 << 33),
    ];
    (
        param.clone(),
        param.clone(),
        param,
        proptest::collection::vec(any::<u8>(), 0..64),
    )
        .prop_map(|(entries, bits_per_entry, probes, bits)| Bloom {
            entries,
            bits_per_entry,
            probes,
            bits,
        })
}

#[derive(Debug, Clone)]
struct Crafted {
    heads: u64,
    need: u64,
    /// `have` count claimed, and the entries actually written.
    have_claimed: u64,
    have: Vec<(u64, Bloom)>,
    changes: Vec<Vec<u8>>,
    changes_claimed: u64,
}

fn count() -> impl Strategy<Value = u64> {
    prop_oneof![
        0u64..4,
        Just(2000u64),
        Just(4_000_000u64),
        Just(u64::MAX >> 1)
    ]
}

fn crafted() -> impl Strategy<Value = Crafted> {
    (
        0u64..3,
        0u64..3,
        count(),
        proptest::collection::vec((0u64..3, bloom()), 0..4),
        proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..40), 0..4),
        count(),
    )
        .prop_map(
            |(heads, need, have_claimed, have, changes, changes_claimed)| Crafted {
                heads,
                need,
                have_claimed,
                have,
                changes,
                changes_claimed,
            },
        )
}

fn hashes(out: &mut Vec<u8>, n: u64, seed: u8) {
    leb(out, n);
    for i in 0..n {
        out.extend(std::iter::repeat_n(seed.wrapping_add(i as u8), 32));
    }
}

fn encode_crafted(c: &Crafted) -> Vec<u8> {
    let mut m = vec![0x42];
    hashes(&mut m, c.heads, 1);
    hashes(&mut m, c.need, 2);
    leb(&mut m, c.have_claimed.max(c.have.len() as u64));
    for (last_sync, b) in &c.have {
        hashes(&mut m, *last_sync, 3);
        let mut bytes = Vec::new();
        leb(&mut bytes, b.entries);
        leb(&mut bytes, b.bits_per_entry);
        leb(&mut bytes, b.probes);
        bytes.extend(&b.bits);
        leb(&mut m, bytes.len() as u64);
        m.extend(bytes);
    }
    leb(&mut m, c.changes_claimed.max(c.changes.len() as u64));
    for change in &c.changes {
        leb(&mut m, change.len() as u64);
        m.extend(change);
    }
    m
}

/// Feeds one frame; it must finish quickly, and afterwards an honest peer still syncs.
fn feed_and_check(data: Vec<u8>) {
    let (mut conn, mut store) = joined();
    let started = Instant::now();
    let result = conn.receive_bytes(&sync_frame(data), &mut store, 1);
    // Generous: a refused message costs microseconds, an accepted one a few milliseconds.
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "one message took {:?}",
        started.elapsed()
    );
    assert!(conn.sync_state_bytes() < 1024 * 1024);
    if let Err(err) = result {
        assert!(err.is_remote_fault(), "{err}");
    }
    // The document still answers an honest peer.
    let mut honest = Connection::acceptor(PeerId::from("relay"), PeerMetadata::default(), 0);
    let join = encode(&Message::Join {
        sender_id: PeerId::from("honest"),
        supported_protocol_versions: vec!["1".into()],
        peer_metadata: PeerMetadata::default(),
    });
    honest.receive_bytes(&join, &mut store, 0).expect("join");
    let request = Automerge::new()
        .generate_sync_message(&mut automerge::sync::State::new())
        .expect("request")
        .encode();
    honest
        .receive_bytes(&sync_frame_from("honest", request), &mut store, 2)
        .expect("honest request");
    assert!(honest
        .take_outgoing()
        .iter()
        .any(|m| matches!(m, Message::Sync(_))));
}

fn sync_frame_from(sender: &str, data: Vec<u8>) -> Vec<u8> {
    encode(&Message::Request(DocMessage {
        sender_id: PeerId::from(sender),
        target_id: PeerId::from("relay"),
        document_id: DOC,
        data,
    }))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn crafted_sync_messages_are_refused_or_cheap(c in crafted()) {
        feed_and_check(encode_crafted(&c));
    }
}

#[test]
fn the_crash_from_the_issue_is_refused() {
    // One `have` whose Bloom filter has 2^32-1 probes: automerge alone allocates 16 GiB.
    let mut bloom = Vec::new();
    leb(&mut bloom, 1);
    leb(&mut bloom, 10);
    leb(&mut bloom, u64::from(u32::MAX));
    bloom.extend([0xff, 0xff]);
    let mut m = vec![0x42, 0, 0, 1, 0];
    leb(&mut m, bloom.len() as u64);
    m.extend(bloom);
    m.push(0);
    let (mut conn, mut store) = joined();
    let err = conn
        .receive_bytes(&sync_frame(m), &mut store, 1)
        .expect_err("refused");
    assert!(matches!(err, ProtocolError::SyncLimit { .. }), "{err}");
    assert!(err.to_string().contains("numProbes"), "{err}");
    // The remote is told why.
    assert!(conn
        .take_outgoing()
        .iter()
        .any(|m| matches!(m, Message::Error { message, .. } if message.contains("numProbes"))));
}

#[test]
fn documents_per_connection_are_capped() {
    let (conn, mut store) = joined();
    let mut conn = conn.with_limits(gendan_sync::ConnectionLimits {
        max_documents: 10,
        ..Default::default()
    });
    let request = Automerge::new()
        .generate_sync_message(&mut automerge::sync::State::new())
        .expect("request")
        .encode();
    for n in 0..10u8 {
        let frame = encode(&Message::Request(DocMessage {
            sender_id: PeerId::from("attacker"),
            target_id: PeerId::from("relay"),
            document_id: DocumentId::from_bytes([n; 16]),
            data: request.clone(),
        }));
        let events = conn
            .receive_bytes(&frame, &mut store, 1)
            .expect("within cap");
        assert!(!events.contains(&Event::Closed {
            reason: String::new()
        }));
    }
    let frame = encode(&Message::Request(DocMessage {
        sender_id: PeerId::from("attacker"),
        target_id: PeerId::from("relay"),
        document_id: DocumentId::from_bytes([200; 16]),
        data: request,
    }));
    let err = conn
        .receive_bytes(&frame, &mut store, 1)
        .expect_err("over the cap");
    assert!(matches!(err, ProtocolError::TooManyDocuments { max: 10 }));
}

#[test]
fn sync_state_is_budgeted_per_connection() {
    let (conn, mut store) = joined();
    let mut conn = conn.with_limits(gendan_sync::ConnectionLimits {
        max_sync_state_bytes: 64 * 1024,
        ..Default::default()
    });
    // Each message claims 1,000 heads (32 KB the sync state would keep).
    let mut refused = false;
    for n in 0..10u8 {
        let mut m = vec![0x42];
        hashes(&mut m, 1000, n);
        m.extend([0, 0, 0]);
        let frame = encode(&Message::Sync(DocMessage {
            sender_id: PeerId::from("attacker"),
            target_id: PeerId::from("relay"),
            document_id: DocumentId::from_bytes([n; 16]),
            data: m,
        }));
        match conn.receive_bytes(&frame, &mut store, 1) {
            Ok(_) => assert!(conn.sync_state_bytes() <= 64 * 1024),
            Err(err) => {
                assert!(
                    matches!(err, ProtocolError::SyncStateTooLarge { .. }),
                    "{err}"
                );
                refused = true;
                break;
            }
        }
    }
    assert!(refused, "the budget was never reached");
}

#[test]
fn operations_per_message_are_bounded() {
    use automerge::ObjType;
    let limits = gendan_sync::ConnectionLimits {
        sync: gendan_sync::SyncLimits {
            max_ops: 10_000,
            ..Default::default()
        },
        ..Default::default()
    };
    // The v1 message carrying a paste of `chars` characters, as a peer sends it to a
    // relay that advertises v1 only (no flags).
    let paste = |chars: usize| {
        let mut doc = Automerge::new();
        let mut tx = doc.transaction();
        let text = tx.put_object(ROOT, "t", ObjType::Text).expect("text");
        tx.splice_text(&text, 0, 0, &"x".repeat(chars))
            .expect("splice");
        tx.commit();
        let mut state = automerge::sync::State::new();
        let first = doc.generate_sync_message(&mut state).expect("first");
        let mut empty = Automerge::new();
        let mut their = automerge::sync::State::new();
        empty
            .receive_sync_message(&mut their, first)
            .expect("receive");
        let mut answer = empty.generate_sync_message(&mut their).expect("answer");
        answer.flags = None;
        doc.receive_sync_message(&mut state, answer)
            .expect("receive");
        let bytes = doc
            .generate_sync_message(&mut state)
            .expect("changes")
            .encode();
        assert_eq!(bytes[0], 0x42, "a v1 message");
        bytes
    };
    let (conn, mut store) = joined();
    let mut conn = conn.with_limits(limits);
    let err = conn
        .receive_bytes(&sync_frame(paste(20_000)), &mut store, 1)
        .expect_err("over the bound");
    assert!(
        err.to_string().contains("more than 10000 operations"),
        "{err}"
    );
    let (conn, mut store) = joined();
    let mut conn = conn.with_limits(limits);
    conn.receive_bytes(&sync_frame(paste(5_000)), &mut store, 1)
        .expect("within the bound");
    // And the relay's answers never advertise v2.
    let answers = conn.take_outgoing();
    for m in answers {
        if let Message::Sync(d) = m {
            let decoded = automerge::sync::Message::decode(&d.data).expect("decode");
            assert!(decoded.flags.is_none());
        }
    }
}
