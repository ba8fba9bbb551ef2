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

use gendan_domain::sorting::CollectMap;
use std::collections::HashSet;

use super::relay_http::{http, relay_url, Reply};
use super::settings::SyncSettings;
use crate::storage::everything::{CatchingUp, Everything};
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
        let Some(reply) = ask(&url, &settings.token, serde_json::json!({ "ids": batch })).await
        else {
            break;
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

/// Pages of the `all` answer asked for before giving up: a relay that keeps answering "more"
/// past this many is not believed.
const MAX_PAGES: usize = 1_000;
/// Documents per page of the `all` answer: the relay builds the next page while this device
/// imports the last one, and a big workspace is never held whole in memory. Measured with
/// 1,000 orders (release build, `tests/bench/webrtc.mjs`, two runs each): pages of 250 made the
/// device ready in 3.4 and 3.5 s, pages of 1,000 (the most the relay gives) in 3.7 and 4.1 s.
const PAGE: usize = 250;
/// Times a busy relay (503) is asked again, a second apart, before the sync takes over.
const BUSY_RETRIES: u32 = 5;

/// One catch-up request, asked again while the relay is busy; `None` (said in the log) when
/// it failed: the ordinary sync then brings those documents one by one.
async fn ask(url: &str, token: &str, request: serde_json::Value) -> Option<Reply> {
    let body = request.to_string();
    for _ in 0..=BUSY_RETRIES {
        match http("POST", url, token, Some(body.as_bytes())).await {
            Ok(r) if r.status == 200 => return Some(r),
            Ok(r) if r.status == 503 => {
                crate::platform::sleep_ms(1_000).await;
            }
            Ok(r) => {
                crate::platform::info(&format!(
                    "catch-up answered {}; syncing document by document",
                    r.status
                ));
                return None;
            }
            Err(e) => {
                crate::platform::info(&format!(
                    "catch-up unreachable ({e}); syncing document by document"
                ));
                return None;
            }
        }
    }
    crate::platform::info("the relay stayed busy; syncing document by document");
    None
}

/// One page of the `all` answer. The workspace leads the first page (the relay serves it once):
/// it says which of the documents that follow are orders.
fn page_request(workspace: &str, after: Option<&str>) -> serde_json::Value {
    let mut request = serde_json::json!({
        "all": true,
        "storage_id": crate::prefs::device_id(),
        "limit": PAGE,
        "first": [workspace],
    });
    if let Some(a) = after {
        request["after"] = a.into();
    }
    request
}

/// Catches up on everything the token shares and keeps the resulting sync map for `key` (the
/// relay's key in the `sync_states` store). Returns the map to offer at `join` (`None` when
/// anything failed: the session then syncs in full, as before) and the ids that changed here,
/// also those of pages imported before a failure.
pub(crate) async fn fetch_everything(
    repo: &Repo,
    settings: &SyncSettings,
    key: &str,
) -> (Option<Kept>, Vec<String>) {
    let Some(url) = relay_url(&settings.relay, "catch-up") else {
        return (None, Vec::new());
    };
    let mut state = CatchingUp::default();
    if fetch_pages(repo, &url, &settings.token, &mut state)
        .await
        .is_none()
    {
        return (None, state.changed().to_vec());
    }
    let so_far = state.changed().to_vec();
    let Everything {
        served,
        same,
        changed,
    } = match repo.finish_import(state).await {
        Ok(e) => e,
        Err(e) => {
            crate::platform::warn(&format!("catch-up answer not imported: {e}"));
            return (None, so_far);
        }
    };
    let Ok(prints) = repo.chunk_prints().await else {
        return (None, changed);
    };
    let kept = Kept {
        prints: prints
            .into_iter()
            .filter(|(id, _)| same.contains(id))
            .collect_map(),
        heads: served,
    };
    if let Err(e) = repo.keep_sync(key, &kept).await {
        crate::platform::warn(&format!("cannot keep the sync state: {e}"));
    }
    (Some(kept), changed)
}

/// Fetches and imports every page, each while the next is fetched. `None` when a request or
/// an import failed (said in the log).
async fn fetch_pages(repo: &Repo, url: &str, token: &str, state: &mut CatchingUp) -> Option<()> {
    let workspace = repo.workspace_id();
    let mut page = ask(url, token, page_request(&workspace, None)).await?;
    for pages in 1.. {
        let next = match page.next.take() {
            Some(n) if pages < MAX_PAGES => Some(n),
            Some(_) => return None,
            None => None,
        };
        let fetch = async {
            match &next {
                Some(n) => ask(url, token, page_request(&workspace, Some(n)))
                    .await
                    .map(Some),
                None => Some(None),
            }
        };
        let body = page.body.take().unwrap_or_default();
        // The next page is asked for first, so the relay builds it while this one is imported.
        let (fetched, imported) = futures::join!(fetch, repo.import_page(state, &body));
        if let Err(e) = imported {
            crate::platform::warn(&format!("catch-up answer not imported: {e}"));
            return None;
        }
        match fetched? {
            Some(p) => page = p,
            None => return Some(()),
        }
    }
    None
}
