//! The decoder and the connection fed hostile bytes: random inputs and mutations of valid
//! messages must come back as errors (or valid messages), never as panics or huge
//! allocations; plus a fixed corpus of malformed inputs in `tests/corpus/`, each of which
//! must be rejected.

use std::collections::BTreeMap;

use gendan_sync::message::HeadsAt;
use gendan_sync::{
    decode, encode, Connection, DocMessage, DocumentId, MemoryStore, Message, PeerId, PeerMetadata,
};
use proptest::prelude::*;

fn valid_messages() -> Vec<Vec<u8>> {
    let a = PeerId::from("peer-a");
    let b = PeerId::from("relay");
    let doc = DocumentId::from_bytes([5; 16]);
    let mut am = automerge::Automerge::new();
    let sync_bytes = {
        use automerge::sync::SyncDoc;
        let mut state = automerge::sync::State::new();
        let mut tx = am.transaction();
        automerge::transaction::Transactable::put(&mut tx, automerge::ROOT, "k", "v").expect("put");
        tx.commit();
        am.generate_sync_message(&mut state)
            .map(|m| m.encode())
            .unwrap_or_default()
    };
    [
        Message::Join {
            sender_id: a.clone(),
            supported_protocol_versions: vec!["1".into()],
            peer_metadata: PeerMetadata {
                storage_id: Some("storage".into()),
                is_ephemeral: Some(true),
                resume: None,
                orders: None,
                shared: Some(vec!["o-1".into()]),
                link_proof: Some("ab".repeat(32)),
                team_proof: Some("k:ab".into()),
            },
        },
        Message::Sync(DocMessage {
            sender_id: a.clone(),
            target_id: b.clone(),
            document_id: doc,
            data: sync_bytes.clone(),
        }),
        Message::Request(DocMessage {
            sender_id: a.clone(),
            target_id: b.clone(),
            document_id: doc,
            data: sync_bytes,
        }),
        Message::Ephemeral {
            sender_id: a.clone(),
            target_id: b.clone(),
            document_id: doc,
            session_id: "s".into(),
            count: 3,
            data: vec![0xa1, 0x61, 0x78, 0x01],
        },
        Message::RemoteHeadsChanged {
            sender_id: a.clone(),
            target_id: b.clone(),
            document_id: doc,
            new_heads: BTreeMap::from([(
                "s".to_owned(),
                HeadsAt {
                    heads: vec!["abc".into()],
                    timestamp: 5,
                },
            )]),
        },
        Message::DocUnavailable {
            sender_id: a,
            target_id: b,
            document_id: doc,
        },
    ]
    .iter()
    .map(encode)
    .collect()
}

/// Feeds `bytes` to the decoder and to a relay-side connection that completed a handshake.
fn feed(bytes: &[u8]) {
    let _ = decode(bytes);
    let mut store = MemoryStore::new();
    let mut conn = Connection::acceptor(PeerId::from("relay"), PeerMetadata::default(), 0);
    let join = encode(&Message::Join {
        sender_id: "peer-a".into(),
        supported_protocol_versions: vec!["1".into()],
        peer_metadata: PeerMetadata::default(),
    });
    conn.receive_bytes(&join, &mut store, 0).expect("join");
    let _ = conn.receive_bytes(bytes, &mut store, 1);
    let _ = conn.take_outgoing_bytes();
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, u8),
    Remove(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        any::<usize>().prop_map(Mutation::Remove),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Flip(i, b) => {
                if let Some(x) = bytes.get_mut(i % len) {
                    *x ^= b.max(1);
                }
            }
            Mutation::Truncate(i) => bytes.truncate(i % len),
            Mutation::Insert(i, b) => bytes.insert(i % (bytes.len() + 1), b),
            Mutation::Remove(i) => {
                if !bytes.is_empty() {
                    bytes.remove(i % bytes.len());
                }
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        feed(&bytes);
    }

    #[test]
    fn mutated_valid_messages_never_panic(
        which in 0usize..6,
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let valid = valid_messages();
        let bytes = apply(valid[which % valid.len()].clone(), &mutations);
        feed(&bytes);
    }

    #[test]
    fn whatever_decodes_re_encodes_to_the_same_message(
        which in 0usize..6,
        mutations in proptest::collection::vec(mutation(), 1..3),
    ) {
        let valid = valid_messages();
        let bytes = apply(valid[which % valid.len()].clone(), &mutations);
        if let Ok(message) = decode(&bytes) {
            prop_assert_eq!(decode(&encode(&message)), Ok(message));
        }
    }
}

#[test]
fn corpus_of_malformed_inputs_is_rejected() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("corpus dir") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("corpus file");
        assert!(
            decode(&bytes).is_err(),
            "{} decoded: {:?}",
            path.display(),
            decode(&bytes)
        );
        feed(&bytes);
        seen += 1;
    }
    assert!(seen >= 20, "corpus has only {seen} files");
}

#[test]
fn valid_messages_decode() {
    for bytes in valid_messages() {
        assert!(decode(&bytes).is_ok());
    }
}
