//! A device that lacks many of its workspace's orders fetches them through the relay's
//! `POST /catch-up` first: one answer per few hundred orders, imported in one IndexedDB
//! transaction each, instead of a sync exchange per order (~18 s for 1,000 orders). The
//! ordinary sync then only confirms them. Anything that goes wrong here (an older relay
//! without the route, no network, a damaged answer) just leaves the orders to the ordinary
//! sync, which was going to ask for them anyway: catching up can only save time, never lose data.
//!
//! A device with no sync map kept for the relay (new, or new to this relay or token) asks for
//! everything instead, before its socket says `join` ([`fetch_everything`]): the relay records
//! what it served in the map it keeps for this device, the device keeps the same map, and the
//! session opens resumed, so the thousand documents just imported cost no sync round trip each.

use std::collections::HashSet;

use super::relay_http::{http, relay_url};
use super::settings::SyncSettings;
use crate::storage::everything::Everything;
use crate::storage::sync_states::Kept;
use crate::storage::Repo;

/// Fewer missing orders than this are simply synced: a request would not save anything.
pub(crate) const MIN_MISSING: usize = 20;
/// Orders asked for in one request (the relay takes up to 1,000).
const BATCH: usize = 500;

/// Fetches and imports the orders among `ids` that this device does not hold; returns the ids
/// of the orders imported (for the screens to refresh).
pub(crate) async fn fetch_missing(
    repo: &Repo,
    settings: &SyncSettings,
    ids: &[String],
) -> Vec<String> {
    let workspace = repo.workspace_id();
    let missing: Vec<String> = ids
        .iter()
        .filter(|id| **id != workspace && !repo.is_listed(id))
        .cloned()
        .collect();
    if missing.len() < MIN_MISSING {
        return Vec::new();
    }
    let Some(url) = relay_url(&settings.relay, "catch-up") else {
        return Vec::new();
    };
    let mut imported = Vec::new();
    for batch in missing.chunks(BATCH) {
        let body = serde_json::json!({ "ids": batch }).to_string();
        let reply = match http("POST", &url, &settings.token, Some(body.as_bytes())).await {
            Ok(r) if r.status == 200 => r,
            Ok(r) => {
                crate::platform::info(&format!(
                    "catch-up answered {}; syncing order by order",
                    r.status
                ));
                break;
            }
            Err(e) => {
                crate::platform::info(&format!(
                    "catch-up unreachable ({e}); syncing order by order"
                ));
                break;
            }
        };
        let asked: HashSet<String> = batch.iter().cloned().collect();
        match repo
            .import_catch_up(&reply.body.unwrap_or_default(), &asked)
            .await
        {
            Ok((_, ids)) => imported.extend(ids),
            Err(e) => {
                crate::platform::warn(&format!("catch-up answer not imported: {e}"));
                break;
            }
        }
    }
    imported
}

/// Pages of the `all` answer asked for before giving up (1,000 documents each): a relay that
/// keeps answering "more" past this is not believed.
const MAX_PAGES: usize = 1_000;

/// Catches up on everything the token shares and keeps the resulting sync map for `key` (the
/// relay's key in the `sync_states` store). Returns the map to offer at `join` and the ids
/// that changed here; `None` when anything failed (the session then syncs in full, as before).
pub(crate) async fn fetch_everything(
    repo: &Repo,
    settings: &SyncSettings,
    key: &str,
) -> Option<(Kept, Vec<String>)> {
    let url = relay_url(&settings.relay, "catch-up")?;
    let mut pages = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut ask = serde_json::json!({ "all": true, "storage_id": crate::prefs::device_id() });
        if let Some(a) = &after {
            ask["after"] = a.clone().into();
        }
        let reply = match http(
            "POST",
            &url,
            &settings.token,
            Some(ask.to_string().as_bytes()),
        )
        .await
        {
            Ok(r) if r.status == 200 => r,
            Ok(r) => {
                crate::platform::info(&format!("catch-up answered {}; syncing in full", r.status));
                return None;
            }
            Err(e) => {
                crate::platform::info(&format!("catch-up unreachable ({e}); syncing in full"));
                return None;
            }
        };
        pages.push(reply.body.unwrap_or_default());
        match reply.next {
            Some(n) if pages.len() < MAX_PAGES && after.as_ref() != Some(&n) => after = Some(n),
            Some(_) => return None,
            None => break,
        }
    }
    let Everything {
        served,
        same,
        changed,
    } = match repo.import_everything(&pages).await {
        Ok(e) => e,
        Err(e) => {
            crate::platform::warn(&format!("catch-up answer not imported: {e}"));
            return None;
        }
    };
    let prints = repo.chunk_prints().await.ok()?;
    let kept = Kept {
        prints: prints
            .into_iter()
            .filter(|(id, _)| same.contains(id))
            .collect(),
        heads: served,
    };
    if let Err(e) = repo.keep_sync(key, &kept).await {
        crate::platform::warn(&format!("cannot keep the sync state: {e}"));
    }
    Some((kept, changed))
}
