//! Which orders a factory's phone may sync with a nearby office device: those its link reaches,
//! proved over the connection, not those it names. A phone keeps the orders of a link the
//! office stopped (an order moved to another factory), and one that joined the team's workspace
//! under an older build knows every order's id; naming them got it their latest state from any
//! office device it met. So the phone proves it holds its link's token — an HMAC keyed by the
//! token's SHA-256, over both sides' DTLS fingerprints, which bind the proof to this connection
//! — and the office checks it against the links its relay listed (the [`LinkBook`], read again
//! whenever the office syncs with the relay, and kept for when it is offline). A link stopped is
//! gone from the next book; a phone whose link the office never heard of syncs nothing.

use std::collections::HashSet;

use sha2::{Digest, Sha256};

use super::relay_http::{http, on_each_relay, relay_url};
use super::shared_links::ListAnswer;

/// What the proof's HMAC covers before the fingerprints: the scheme and its version.
const CONTEXT: &[u8] = b"gendan-nearby-link-v1";
/// What the office's answer to a proof covers: that it holds the link's hash, so it is the
/// team's office (only the team's devices hold the list of links), not another factory's phone
/// hiding that it is one.
const OFFICE_CONTEXT: &[u8] = b"gendan-nearby-office-v1";
/// How the office's answer travels: an ephemeral message's data, this then the hex.
pub(crate) const OFFICE_ANSWER: &[u8] = b"gendan-office-link-v1:";

/// HMAC-SHA-256 (RFC 2104) of `message` under `key` (at most 64 bytes here).
pub(crate) fn hmac_sha256(key: &[u8], message: &[&[u8]]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    for part in message {
        inner.update(part);
    }
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner);
    outer.finalize().into()
}

fn mac(key: &[u8; 32], office: &[u8; 32], phone: &[u8; 32]) -> [u8; 32] {
    hmac_sha256(key, &[CONTEXT, office, phone])
}

/// The office's answer to a proof under the link's hash `key` ([`OFFICE_CONTEXT`]).
fn office_mac(key: &[u8; 32], office: &[u8; 32], phone: &[u8; 32]) -> [u8; 32] {
    hmac_sha256(key, &[OFFICE_CONTEXT, office, phone])
}

/// The proof a factory's phone holding `token` sends over the connection whose DTLS
/// fingerprints are `office`'s and its own (`phone`), as hex.
pub(crate) fn prove(token: &str, office: &[u8; 32], phone: &[u8; 32]) -> String {
    let key: [u8; 32] = Sha256::digest(token.as_bytes()).into();
    hex::encode(mac(&key, office, phone))
}

/// Whether `answer` (hex, from the other device) shows it holds the hash of this phone's link
/// `token`, on the connection whose fingerprints are the office's and this phone's.
pub(crate) fn office_answers(
    token: &str,
    answer: &[u8],
    office: &[u8; 32],
    phone: &[u8; 32],
) -> bool {
    let key: [u8; 32] = Sha256::digest(token.as_bytes()).into();
    let Some(answer) = answer.strip_prefix(OFFICE_ANSWER) else {
        return false;
    };
    hex::decode(answer).is_ok_and(|a| same(&office_mac(&key, office, phone), &a))
}

/// A link the relay listed: its token's hash and the documents it reaches.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct BookLink {
    pub sha256: String,
    pub docs: Vec<String>,
}

/// The team's links as its relay last listed them for this office device.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct LinkBook {
    pub links: Vec<BookLink>,
}

/// Compares two byte strings in time independent of where they differ.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl LinkBook {
    /// The documents of the link `proof` (hex, from the phone) proves, on the connection whose
    /// fingerprints are this office's and the phone's; `None` when no link here matches.
    pub fn vouch(
        &self,
        proof: &str,
        office: &[u8; 32],
        phone: &[u8; 32],
    ) -> Option<HashSet<String>> {
        let proof = hex::decode(proof.trim()).ok().filter(|p| p.len() == 32)?;
        self.links.iter().find_map(|link| {
            let key: [u8; 32] = hex::decode(&link.sha256).ok()?.try_into().ok()?;
            same(&mac(&key, office, phone), &proof).then(|| link.docs.iter().cloned().collect())
        })
    }

    /// The office's answer to the phone's `proof` (the ephemeral message's data) and a document
    /// of its link to send it about; `None` when no link here matches.
    pub fn answer(
        &self,
        proof: &str,
        office: &[u8; 32],
        phone: &[u8; 32],
    ) -> Option<(String, Vec<u8>)> {
        let proof = hex::decode(proof.trim()).ok().filter(|p| p.len() == 32)?;
        self.links.iter().find_map(|link| {
            let key: [u8; 32] = hex::decode(&link.sha256).ok()?.try_into().ok()?;
            if !same(&mac(&key, office, phone), &proof) {
                return None;
            }
            let mut data = OFFICE_ANSWER.to_vec();
            data.extend(hex::encode(office_mac(&key, office, phone)).bytes());
            Some((link.docs.first()?.clone(), data))
        })
    }

    /// Reads a kept book; one that does not read is an empty book (nothing is vouched for until
    /// the relay lists the links again).
    pub fn parse(text: &str) -> LinkBook {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The relay's answer to `GET /tokens` (every link of the workspace) as a list: a 200 that reads
/// as one, else `None` (a relay that predates the list, a token that is not the whole team's),
/// and the book kept stays as it is. Not any 200: an older relay answers an unknown path with
/// the app's page.
fn list_of(status: u16, body: Option<&[u8]>) -> Option<ListAnswer> {
    (status == 200)
        .then(|| serde_json::from_slice(body?).ok())
        .flatten()
}

/// The links of `answer` as a book; `None` when a link lacks its hash.
fn book_of(answer: ListAnswer) -> Option<LinkBook> {
    // A relay that lists no hashes cannot vouch for any link: the book kept stays.
    if answer.tokens.iter().any(|t| t.sha256.len() != 64) {
        return None;
    }
    Some(LinkBook {
        links: answer
            .tokens
            .into_iter()
            .filter(|t| !t.docs.is_empty())
            .map(|t| BookLink {
                sha256: t.sha256.to_ascii_lowercase(),
                docs: t.docs,
            })
            .collect(),
    })
}

/// [`refresh`] through the first relay of `s` that is reached (they serve one database).
pub(crate) async fn refresh_on_a_relay(
    repo: &crate::storage::Repo,
    s: &super::settings::SyncSettings,
) {
    let _ = on_each_relay(s, (), |relay| async move {
        // A relay that takes the request and never answers is passed over after 10 s.
        match crate::platform::within(10_000, refresh(repo, &relay, &s.token)).await {
            Some(true) => Ok(()),
            _ => Err(()),
        }
    })
    .await;
}

/// Asks the relay `relay` for the workspace's links with `token` (the team's) and keeps them
/// in `repo`; anything else leaves the book kept as it was. `false` when the relay was not
/// reached.
pub(crate) async fn refresh(repo: &crate::storage::Repo, relay: &str, token: &str) -> bool {
    let Some(url) = relay_url(relay, "tokens") else {
        return false;
    };
    let Ok(reply) = http("GET", &url, token, None).await else {
        return false;
    };
    let Some(answer) = list_of(reply.status, reply.body.as_deref()) else {
        // A gateway's or the server's failure: the next relay may answer.
        return !(reply.status >= 500 || reply.status == 408);
    };
    // Only a token reaching the whole workspace lists its links: this device is the team's
    // (one that opened a factory's link before typing the team's token in Settings).
    super::settings::SyncSettings::relay_vouched_team(token);
    // The team's devices prove to each other nearby with a key the relay then spreads.
    super::team_proof::ensure_key(repo).await;
    if let Some(book) = book_of(answer) {
        if let Err(e) = repo.keep_link_book(&book.to_text()).await {
            crate::platform::warn(&format!("could not keep the list of links: {e}"));
        }
    }
    true
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;

    /// The relay's answer to `GET /tokens` as `refresh` reads it into a book.
    fn judge_book(status: u16, body: Option<&[u8]>) -> Option<LinkBook> {
        book_of(list_of(status, body)?)
    }
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn hmac_matches_rfc_4231() {
        // Test case 2.
        let mac = hmac_sha256(b"Jefe", &[b"what do ya want ", b"for nothing?"]);
        assert_eq!(
            hex::encode(mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    /// A phone proves the link it holds on this connection only: another connection's
    /// fingerprints, another token, a stopped link (gone from the book) or garbage prove
    /// nothing.
    #[wasm_bindgen_test]
    fn a_proof_vouches_for_its_links_orders_on_its_connection_only() {
        let (office, phone) = ([1u8; 32], [2u8; 32]);
        let hash = |t: &str| hex::encode(Sha256::digest(t.as_bytes()));
        let book = LinkBook {
            links: vec![
                BookLink {
                    sha256: hash("gdn_other"),
                    docs: vec!["o9".into()],
                },
                BookLink {
                    sha256: hash("gdn_ningbo"),
                    docs: vec!["o1".into(), "o2".into()],
                },
            ],
        };
        let proof = prove("gdn_ningbo", &office, &phone);
        assert_eq!(
            book.vouch(&proof, &office, &phone),
            Some(["o1".to_string(), "o2".to_string()].into_iter().collect())
        );
        assert_eq!(
            book.vouch(&proof, &[3; 32], &phone),
            None,
            "another connection"
        );
        assert_eq!(
            book.vouch(&proof, &phone, &office),
            None,
            "the sides swapped"
        );
        assert_eq!(
            book.vouch(&prove("gdn_forged", &office, &phone), &office, &phone),
            None
        );
        assert_eq!(book.vouch("zz", &office, &phone), None);
        assert_eq!(book.vouch("", &office, &phone), None);
        let stopped = LinkBook {
            links: vec![book.links[0].clone()],
        };
        assert_eq!(
            stopped.vouch(&proof, &office, &phone),
            None,
            "a stopped link"
        );
        // The office answers with what only a holder of the link's hash can make, and the
        // phone takes it on this connection only.
        let (doc, answer) = book.answer(&proof, &office, &phone).expect("an answer");
        assert_eq!(doc, "o1");
        assert!(office_answers("gdn_ningbo", &answer, &office, &phone));
        assert!(
            !office_answers("gdn_ningbo", &answer, &phone, &office),
            "sides swapped"
        );
        assert!(!office_answers("gdn_ningbo", &answer, &office, &[3; 32]));
        assert!(
            !office_answers("gdn_other", &answer, &office, &phone),
            "another link"
        );
        assert!(!office_answers(
            "gdn_ningbo",
            b"gendan-office-link-v1:zz",
            &office,
            &phone
        ));
        assert!(!office_answers(
            "gdn_ningbo",
            &answer[OFFICE_ANSWER.len()..],
            &office,
            &phone
        ));
        assert_eq!(stopped_answer(&book, &proof, &office, &phone), None);
        assert_eq!(LinkBook::parse(&book.to_text()), book);
        assert_eq!(LinkBook::parse("not json"), LinkBook::default());
    }

    /// A book without the phone's link has no answer for it.
    fn stopped_answer(
        book: &LinkBook,
        proof: &str,
        office: &[u8; 32],
        phone: &[u8; 32],
    ) -> Option<(String, Vec<u8>)> {
        LinkBook {
            links: vec![book.links[0].clone()],
        }
        .answer(proof, office, phone)
    }

    #[wasm_bindgen_test]
    fn the_relays_list_reads_as_a_book() {
        let h = "AB".repeat(32);
        let body = format!(
            r#"{{"tokens":[{{"id":"a","docs":["o1"],"sha256":"{h}","created":1}},
                {{"id":"b","docs":[],"sha256":"{h}"}},{{"id":"c","docs":["o2"],"sha256":"short"}}]}}"#
        );
        assert_eq!(
            judge_book(200, Some(body.as_bytes())),
            None,
            "a relay listing a link without its hash vouches for none: the kept book stays"
        );
        let body = body.replace(r#""sha256":"short""#, &format!(r#""sha256":"{h}""#));
        let book = judge_book(200, Some(body.as_bytes())).expect("a book");
        assert_eq!(
            book.links
                .iter()
                .map(|l| l.docs.clone())
                .collect::<Vec<_>>(),
            [vec!["o1".to_string()], vec!["o2".to_string()]],
            "a link listing nothing is left out"
        );
        assert_eq!(book.links[0].sha256, "ab".repeat(32));
        assert_eq!(
            judge_book(404, None),
            None,
            "a relay that predates the list"
        );
        assert_eq!(judge_book(403, None), None);
        assert_eq!(judge_book(200, Some(b"<html>")), None);
    }
}
