//! Signalling for a direct (WebRTC) connection through the relay, when both devices reach one:
//! the same two codes as the code exchange, carried as automerge-repo `ephemeral` messages on
//! the workspace document. The relay forwards them to the other devices syncing that document
//! (never stores them), so only members of the workspace see an invitation. Bulk data then goes
//! device to device over the local network.
//!
//! Other peers may send ephemeral data of their own (presence, cursors): anything that is not a
//! signal of ours decodes to `None` and is ignored.

use serde::{Deserialize, Serialize};

const TAG: &str = "gendan-nearby-1";

/// One signal; `nonce` ties an answer to the offer it answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Signal {
    /// "Connect to me directly": who offers and its offer code.
    Offer {
        nonce: String,
        from: String,
        code: String,
    },
    /// The answer code for the offer with this nonce.
    Answer { nonce: String, code: String },
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    gendan: String,
    #[serde(flatten)]
    signal: Signal,
}

impl Signal {
    pub fn encode(&self) -> Vec<u8> {
        serde_json::to_vec(&Envelope {
            gendan: TAG.into(),
            signal: self.clone(),
        })
        .unwrap_or_default()
    }

    pub fn decode(bytes: &[u8]) -> Option<Signal> {
        let e: Envelope = serde_json::from_slice(bytes).ok()?;
        (e.gendan == TAG).then_some(e.signal)
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::Signal;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn signals_round_trip() {
        for s in [
            Signal::Offer {
                nonce: "n1".into(),
                from: "Ana".into(),
                code: "GD1O…".into(),
            },
            Signal::Answer {
                nonce: "n1".into(),
                code: "GD1A…".into(),
            },
        ] {
            assert_eq!(Signal::decode(&s.encode()), Some(s.clone()));
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn other_ephemeral_data_is_not_a_signal() {
        for bytes in [
            &b""[..],
            b"\xa1\x61x\x01",
            b"{}",
            br#"{"gendan":"gendan-nearby-2","kind":"offer","nonce":"n","from":"a","code":"c"}"#,
            br#"{"gendan":"gendan-nearby-1","kind":"hello"}"#,
            br#"{"gendan":"gendan-nearby-1","kind":"answer","nonce":"n"}"#,
        ] {
            assert_eq!(Signal::decode(bytes), None, "{bytes:?}");
        }
    }
}
