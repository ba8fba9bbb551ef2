//! Test helpers shared by this crate's tests and the relay's (feature `testing`, also on
//! under `cfg(test)`): one LEB128 encoder for hand-made sync messages, and the tiny
//! documents every suite builds. Not part of the API.

use automerge::transaction::Transactable;
use automerge::{Automerge, ReadDoc, ScalarValue, Value, ROOT};

use crate::DocumentId;

/// Appends `n` as unsigned LEB128.
pub fn leb(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends `n` as signed LEB128.
pub fn sleb(out: &mut Vec<u8>, mut n: i64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if (n == 0 && byte & 0x40 == 0) || (n == -1 && byte & 0x40 != 0) {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A v1 sync message (no heads, need or have) carrying `chunks` as its change list.
pub fn changes_message(chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut m = vec![0x42, 0, 0, 0];
    leb(&mut m, chunks.len() as u64);
    for c in chunks {
        leb(&mut m, c.len() as u64);
        m.extend(c);
    }
    m
}

/// A document with one change: `key` = `value` at the root.
pub fn doc_with(key: &str, value: &str) -> Automerge {
    put_once(Automerge::new(), key, value)
}

/// [`doc_with`] whose change is `actor`'s: two such documents with different values are copies
/// that can never merge (one actor's two different changes at one sequence number).
pub fn doc_by(actor: [u8; 16], key: &str, value: &str) -> Automerge {
    put_once(
        Automerge::new().with_actor(automerge::ActorId::from(actor)),
        key,
        value,
    )
}

fn put_once(mut doc: Automerge, key: &str, value: &str) -> Automerge {
    let mut tx = doc.transaction();
    tx.put(ROOT, key, value).expect("put");
    tx.commit();
    doc
}

/// The string at `key` of the root, if there is one.
pub fn read(doc: &Automerge, key: &str) -> Option<String> {
    match doc.get(ROOT, key).ok()?? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Str(s) => Some(s.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// Document `n`: sixteen bytes of `n`.
pub fn id(n: u8) -> DocumentId {
    DocumentId::from_bytes([n; 16])
}
