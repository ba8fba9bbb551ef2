//! Whether a nearby device is one of this team's, proved over the connection rather than said
//! in its code. A factory's phone says so in its code and gets only what its link reaches
//! (`peer_meeting`, `link_proof`); a phone whose code hides that it is a factory's (a patched
//! build) would otherwise be taken for one of the team's and given every order and the
//! workspace, money too when ticked. So a team's device proves it holds one of the team's keys,
//! kept in the workspace document that only the team's devices hold
//! ([`gendan_domain::workspace::Workspace::team_keys`]): an HMAC keyed by the key, over its
//! own DTLS fingerprint and the other side's, which bind the proof to this connection. A device
//! holding keys asks its user before it syncs with one that proves none of them (a new device,
//! one that has not synced since the key was made, or a factory's phone): "let it in?".
//!
//! The key is made by a device the relay knows as the team's (`link_proof::refresh`), so it
//! reaches the team's other devices through the relay; a team that never used a relay has no
//! factory's phone (links are made on a relay) and no key, and its devices meet as before.

use super::link_proof::{hmac_sha256, same};
use crate::storage::Repo;

/// What the proof's HMAC covers before the fingerprints: the scheme and its version.
const CONTEXT: &[u8] = b"gendan-nearby-team-v1";
/// Keys proved with: the first ones by id (two or three at most, made on devices apart).
const MAX_KEYS: usize = 8;
/// Longest key id put in a proof (the app's ids are 16 characters).
const MAX_ID: usize = 32;

/// The team's keys, by id.
pub(crate) type Keys = Vec<(String, [u8; 32])>;

/// The keys of this device's workspace, loaded if it is stored but not in memory; none when
/// it is not here (a device that is joining another's workspace holds none of it yet).
pub(crate) async fn keys(repo: &Repo) -> Keys {
    let Some(ws) = workspace(repo).await else {
        return Keys::new();
    };
    ws.team_keys()
        .into_iter()
        .filter(|(id, _)| id.len() <= MAX_ID && !id.contains([':', ',']))
        .take(MAX_KEYS)
        .map(|(id, key)| (id.to_string(), key))
        .collect()
}

/// This device's workspace as stored here (a document not used for a while is not in memory).
async fn workspace(repo: &Repo) -> Option<gendan_domain::workspace::Workspace> {
    repo.ensure_loaded(&repo.workspace_id()).await;
    repo.workspace_value().ok()
}

fn mac(key: &[u8; 32], prover: &[u8; 32], verifier: &[u8; 32]) -> [u8; 32] {
    hmac_sha256(key, &[CONTEXT, prover, verifier])
}

/// This device's proof on the connection whose DTLS fingerprints are its own (`mine`) and the
/// other device's (`theirs`): `id:mac` for each key, comma-separated; `None` without keys.
pub(crate) fn prove(keys: &Keys, mine: &[u8; 32], theirs: &[u8; 32]) -> Option<String> {
    (!keys.is_empty()).then(|| {
        keys.iter()
            .map(|(id, key)| format!("{id}:{}", hex::encode(mac(key, mine, theirs))))
            .collect::<Vec<_>>()
            .join(",")
    })
}

/// Whether `proof`, from the other device (fingerprint `theirs`) on a connection where this
/// device's is `mine`, proves one of `keys`.
pub(crate) fn proves(keys: &Keys, proof: Option<&str>, theirs: &[u8; 32], mine: &[u8; 32]) -> bool {
    let Some(proof) = proof else {
        return false;
    };
    proof.split(',').take(MAX_KEYS).any(|entry| {
        let Some((id, tag)) = entry.split_once(':') else {
            return false;
        };
        let Some((_, key)) = keys.iter().find(|(k, _)| k == id) else {
            return false;
        };
        hex::decode(tag).is_ok_and(|tag| same(&mac(key, theirs, mine), &tag))
    })
}

/// Gives this device's workspace a key when it has none: run once the relay has said this
/// device is the team's. A workspace not here yet (a device that just joined, whose copy is on
/// its way) gets none: it brings the team's. A failed write is said and tried again at the next
/// connection.
pub(crate) async fn ensure_key(repo: &Repo) {
    match workspace(repo).await {
        Some(ws) if ws.team_keys().is_empty() => {}
        _ => return,
    }
    let id = hex::encode(crate::platform::random_bytes::<8>());
    let key = crate::platform::random_bytes::<32>();
    if let Err(e) = repo
        .edit_workspace(|w| Ok(w.ensure_team_key(&id, key)))
        .await
    {
        crate::platform::warn(&format!("could not make the team's key: {e}"));
    }
}

/// Replaces the team's keys with a new one (Settings, "make a new team key").
pub(crate) async fn replace_key(repo: &Repo) -> Result<(), crate::storage::repo::EditError> {
    let id = hex::encode(crate::platform::random_bytes::<8>());
    let key = crate::platform::random_bytes::<32>();
    repo.edit_workspace(|w| {
        w.replace_team_key(&id, key);
        Ok(())
    })
    .await
    .map(|_| ())
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn keys_of(list: &[(&str, u8)]) -> Keys {
        list.iter()
            .map(|(id, b)| (id.to_string(), [*b; 32]))
            .collect()
    }

    /// A proof holds on its own connection, from the side that made it, under a key the
    /// verifier knows; anything else (no proof, garbage, another key, the sides swapped,
    /// another connection) proves nothing.
    #[wasm_bindgen_test]
    fn a_proof_holds_for_a_known_key_on_its_connection_only() {
        let (a, b) = ([1u8; 32], [2u8; 32]);
        let team = keys_of(&[("k1", 7)]);
        let proof = prove(&team, &a, &b).expect("a proof");
        assert!(proves(&team, Some(&proof), &a, &b));
        assert!(!proves(&team, Some(&proof), &b, &a), "the sides swapped");
        assert!(
            !proves(&team, Some(&proof), &a, &[3; 32]),
            "another connection"
        );
        assert!(
            !proves(&keys_of(&[("k1", 8)]), Some(&proof), &a, &b),
            "another key"
        );
        assert!(
            !proves(&keys_of(&[("k2", 7)]), Some(&proof), &a, &b),
            "another id"
        );
        assert!(!proves(&team, None, &a, &b));
        for garbage in ["", "k1", "k1:", "k1:zz", ":", ",,,", "k1:00"] {
            assert!(!proves(&team, Some(garbage), &a, &b), "{garbage:?}");
        }
        assert_eq!(prove(&Keys::new(), &a, &b), None, "no key, no proof");
    }

    /// Two devices that made keys apart and then met through the relay hold both: a proof
    /// under either holds for a device that knows one of them.
    #[wasm_bindgen_test]
    fn a_device_knowing_one_of_the_teams_keys_accepts_a_proof_under_both() {
        let (a, b) = ([1u8; 32], [2u8; 32]);
        let both = keys_of(&[("k1", 7), ("k2", 9)]);
        let proof = prove(&both, &a, &b).expect("a proof");
        assert!(proves(&keys_of(&[("k2", 9)]), Some(&proof), &a, &b));
        assert!(proves(&keys_of(&[("k1", 7)]), Some(&proof), &a, &b));
        assert!(!proves(&keys_of(&[("k3", 1)]), Some(&proof), &a, &b));
    }
}
