//! `sync-peer`: a command-line automerge-repo peer built on `gendan-sync`, for the
//! interoperability tests in `tests/interop/` (they pit it against the JavaScript library).
//!
//! ```text
//! sync-peer put URL [--doc ID] KEY VALUE   create (or update) a document; prints its id
//! sync-peer get URL ID KEY [--wait-ms N]   fetch a document; prints the value as JSON
//! ```
//! URL is the WebSocket URL including `?token=` when talking to the Gendan relay.

#[path = "../tests/common/peer.rs"]
mod peer;

use std::time::Duration;

use anyhow::{bail, Context};
use gendan_sync::automerge::transaction::Transactable;
use gendan_sync::automerge::{Automerge, ObjType, ReadDoc, ScalarValue, Value, ROOT};
use gendan_sync::DocumentId;

/// Reads `key` as text: a text object (what JavaScript writes for strings) or a scalar.
fn read_text(doc: &Automerge, key: &str) -> Option<String> {
    match doc.get(ROOT, key).ok()?? {
        (Value::Scalar(s), _) => match s.as_ref() {
            ScalarValue::Str(s) => Some(s.to_string()),
            other => Some(other.to_string()),
        },
        (Value::Object(ObjType::Text), obj) => doc.text(&obj).ok(),
        _ => None,
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("put") => {
            let (url, rest) = args[1..].split_first().context("put needs URL")?;
            let (doc_id, rest) = match rest {
                [flag, id, rest @ ..] if flag == "--doc" => {
                    (Some(id.parse::<DocumentId>().context("bad --doc")?), rest)
                }
                rest => (None, rest),
            };
            let [key, value] = rest else {
                bail!("put needs KEY VALUE");
            };
            let mut peer = peer::Peer::connect(url, "rust-sync-peer").await?;
            let id = match doc_id {
                Some(id) => {
                    if peer.fetch(id).await?.is_none() {
                        bail!("document {id} unavailable");
                    }
                    id
                }
                None => {
                    let mut bytes = [0u8; 16];
                    getrandom::fill(&mut bytes).context("no randomness")?;
                    DocumentId::from_bytes(bytes)
                }
            };
            if doc_id.is_none() {
                peer.store.insert(id, Automerge::new());
            }
            let doc = peer.store.doc_mut(&id).context("document missing")?;
            // A text object, as JavaScript automerge writes strings.
            let mut tx = doc.transaction();
            let text = tx.put_object(ROOT, key.as_str(), ObjType::Text)?;
            tx.splice_text(&text, 0, 0, value)?;
            tx.commit();
            peer.sync(id).await?;
            println!("{id}");
        }
        Some("get") => {
            let [_, url, id, key, rest @ ..] = args.as_slice() else {
                bail!("get needs URL ID KEY");
            };
            let wait = match rest {
                [flag, ms] if flag == "--wait-ms" => Duration::from_millis(ms.parse()?),
                [] => Duration::from_millis(0),
                _ => bail!("unexpected arguments"),
            };
            let id: DocumentId = id.parse().context("bad document id")?;
            let mut peer = peer::Peer::connect(url, "rust-sync-peer").await?;
            let deadline = tokio::time::Instant::now() + wait;
            loop {
                let found = peer.fetch(id).await?.map(|doc| read_text(doc, key));
                match found {
                    Some(Some(value)) => {
                        println!("{}", json_string(&value));
                        return Ok(());
                    }
                    _ if tokio::time::Instant::now() < deadline => {
                        peer.step(Duration::from_millis(100)).await?;
                    }
                    Some(None) => bail!("document {id} has no key {key:?}"),
                    None => bail!("document {id} unavailable"),
                }
            }
        }
        _ => bail!("usage: sync-peer put URL [--doc ID] KEY VALUE | sync-peer get URL ID KEY [--wait-ms N]"),
    }
    Ok(())
}
