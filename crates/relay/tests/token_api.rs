//! `/tokens` over real sockets: an office's whole-workspace token makes, lists and revokes the
//! links of its own workspace, and nothing else — not with a scoped token, not another
//! workspace's, not a whole-workspace token; bad bodies, too many tokens and too many changes
//! are refused with a reason.

#[path = "common/http.rs"]
mod http_client;
#[path = "common/peer.rs"]
mod peer;
#[path = "common/server.rs"]
mod server;
#[path = "common/temp_dir.rs"]
mod temp_dir;

use std::path::Path;
use std::time::Duration;

use gendan_relay::{tokens, Limits};
use gendan_sync::testing::{doc_with, id};
use gendan_sync::DocumentId;
use http_client::http_with;
use peer::Peer;
use server::Server;
use temp_dir::TempDir;

fn token(data: &Path, workspace: &str, docs: Option<Vec<DocumentId>>) -> (String, String) {
    let docs = docs.map(|d| d.iter().map(|id| id.to_string()).collect());
    let (record, text) = tokens::create(&data.join("data"), workspace, docs, None).expect("token");
    (record.id, text)
}

/// Token changes are seen only when the relay reads them again itself: the poll is an hour.
fn limits() -> Limits {
    Limits {
        token_poll: Duration::from_secs(3600),
        ..Limits::default()
    }
}

fn json(body: &[u8]) -> serde_json::Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(body)))
}

async fn make(server: &Server, auth: &str, body: &str) -> (u16, Vec<u8>) {
    let (status, _, body) = http_with(
        server.addr,
        "POST",
        "/tokens",
        Some(auth),
        &[],
        body.as_bytes(),
    )
    .await;
    (status, body)
}

fn body_for(docs: &[DocumentId], label: &str) -> String {
    serde_json::json!({
        "docs": docs.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "label": label,
    })
    .to_string()
}

#[tokio::test]
async fn an_office_makes_lists_and_revokes_its_own_links_only() {
    let dir = TempDir::new();
    let (whole_id, whole) = token(&dir.0, "acme", None);
    let (_, other_office) = token(&dir.0, "beta", None);
    let (_, betas_link) = token(&dir.0, "beta", Some(vec![id(9)]));
    let server = Server::start_with(&dir.0, limits()).await;

    // The office pushes the order, then makes a link for it.
    let mut office = Peer::connect(&server.url(&whole), "office")
        .await
        .expect("office");
    office
        .push(id(7), doc_with("po", "PO-7"))
        .await
        .expect("push");
    office
        .push(id(8), doc_with("po", "PO-8"))
        .await
        .expect("push");
    let (status, body) = make(&server, &whole, &body_for(&[id(7)], "factory:p1")).await;
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
    let made = json(&body);
    let (link_id, link) = (
        made["id"].as_str().expect("id").to_owned(),
        made["token"].as_str().expect("token").to_owned(),
    );

    // It works at once (no poll): it reaches that order and no other.
    let mut factory = Peer::connect(&server.url(&link), "factory")
        .await
        .expect("factory");
    assert!(factory.fetch(id(7)).await.expect("fetch").is_some());
    assert!(factory.fetch(id(8)).await.expect("fetch").is_none());
    let (status, _, body) = http_with(server.addr, "GET", "/scope", Some(&link), &[], b"").await;
    assert_eq!(status, 200);
    assert_eq!(json(&body)["docs"], serde_json::json!([id(7).to_string()]));

    // Listed for that order, with its label; never its text, nor a whole-workspace token, nor
    // another workspace's.
    let (status, head, body) = http_with(
        server.addr,
        "GET",
        &format!("/tokens?doc={}", id(7)),
        Some(&whole),
        &[],
        b"",
    )
    .await;
    assert_eq!(status, 200);
    assert!(head
        .to_ascii_lowercase()
        .contains("cache-control: no-store"));
    let listed = json(&body);
    let tokens = listed["tokens"].as_array().expect("list");
    assert_eq!(tokens.len(), 1, "{listed}");
    assert_eq!(tokens[0]["id"], link_id.as_str());
    assert_eq!(tokens[0]["label"], "factory:p1");
    // Its hash, which a factory's phone proves it holds to a nearby office device; never its text.
    assert_eq!(tokens[0]["sha256"], tokens::hash_token(&link).as_str());
    let text = String::from_utf8_lossy(&body);
    assert!(!text.contains(&link) && !text.contains(&whole_id) && !text.contains("beta"));
    let (_, _, body) = http_with(
        server.addr,
        "GET",
        &format!("/tokens?doc={}", id(8)),
        Some(&whole),
        &[],
        b"",
    )
    .await;
    assert_eq!(json(&body)["tokens"], serde_json::json!([]));
    let (_, _, body) = http_with(server.addr, "GET", "/tokens", Some(&whole), &[], b"").await;
    assert_eq!(json(&body)["tokens"].as_array().map(Vec::len), Some(1));

    // Neither a link, nor nobody, nor another workspace's office may touch it.
    for (who, expected) in [
        (Some(link.as_str()), 403),
        (Some(betas_link.as_str()), 403),
        (None, 401),
        (Some("gdn_nope"), 401),
    ] {
        let (status, _, _) = http_with(server.addr, "GET", "/tokens", who, &[], b"").await;
        assert_eq!(status, expected, "list by {who:?}");
        let (status, _, _) = http_with(
            server.addr,
            "DELETE",
            &format!("/tokens/{link_id}"),
            who,
            &[],
            b"",
        )
        .await;
        assert_eq!(status, expected, "revoke by {who:?}");
    }
    let (status, _) = make(&server, &link, &body_for(&[id(7), id(8)], "wider")).await;
    assert_eq!(status, 403, "a link makes no link");
    let (status, _, _) = http_with(
        server.addr,
        "DELETE",
        &format!("/tokens/{link_id}"),
        Some(&other_office),
        &[],
        b"",
    )
    .await;
    assert_eq!(status, 404, "another workspace's office");
    let (status, _, _) = http_with(
        server.addr,
        "DELETE",
        &format!("/tokens/{whole_id}"),
        Some(&whole),
        &[],
        b"",
    )
    .await;
    assert_eq!(
        status, 404,
        "a whole-workspace token is not revoked from here"
    );
    let (_, _, body) =
        http_with(server.addr, "GET", "/tokens", Some(&other_office), &[], b"").await;
    let betas = json(&body);
    assert_eq!(betas["tokens"].as_array().map(Vec::len), Some(1), "{betas}");
    assert_eq!(
        betas["tokens"][0]["docs"],
        serde_json::json!([id(9).to_string()])
    );

    // Revoked: its socket closes at once and it is refused from then on.
    let (status, _, _) = http_with(
        server.addr,
        "DELETE",
        &format!("/tokens/{link_id}"),
        Some(&whole),
        &[],
        b"",
    )
    .await;
    assert_eq!(status, 204);
    factory
        .closed_within(Duration::from_secs(5))
        .await
        .expect("the factory's socket closes");
    let (status, _, _) = http_with(server.addr, "GET", "/scope", Some(&link), &[], b"").await;
    assert_eq!(status, 401);
    let (_, _, body) = http_with(server.addr, "GET", "/tokens", Some(&whole), &[], b"").await;
    assert_eq!(json(&body)["tokens"], serde_json::json!([]));
    let (status, _, _) = http_with(
        server.addr,
        "DELETE",
        &format!("/tokens/{link_id}"),
        Some(&whole),
        &[],
        b"",
    )
    .await;
    assert_eq!(status, 404, "gone already");
    // The office's own connection is untouched.
    assert!(office.fetch(id(8)).await.expect("fetch").is_some());
    server.stop().await;
}

#[tokio::test]
async fn bad_requests_too_many_links_and_too_many_changes_are_refused() {
    let dir = TempDir::new();
    let (_, whole) = token(&dir.0, "acme", None);
    let server = Server::start_with(&dir.0, limits()).await;
    let long_label = "x".repeat(gendan_relay::MAX_SHARED_LABEL_CHARS + 1);
    let many: Vec<DocumentId> = (0..=gendan_relay::MAX_SHARED_DOCS as u32)
        .map(|n| {
            let mut b = [1u8; 16];
            b[..4].copy_from_slice(&n.to_be_bytes());
            DocumentId::from_bytes(b)
        })
        .collect();
    for bad in [
        "garbage".to_string(),
        r#"{"docs": []}"#.to_string(),
        r#"{"docs": ["not-an-id"]}"#.to_string(),
        body_for(&[id(1)], "line\nbreak"),
        body_for(&[id(1)], &long_label),
        body_for(&many, "many"),
    ] {
        let (status, body) = make(&server, &whole, &bad).await;
        assert_eq!(status, 400, "{bad}: {}", String::from_utf8_lossy(&body));
        assert!(!body.is_empty(), "a reason is given");
    }
    let huge = format!(r#"{{"docs": [], "label": "{}"}}"#, "y".repeat(64 * 1024));
    let (status, _) = make(&server, &whole, &huge).await;
    assert_eq!(status, 413);
    assert_eq!(
        tokens::list(&dir.0.join("data")).expect("list").len(),
        1,
        "nothing made"
    );

    // Changes are bounded per workspace and minute.
    for n in 0..gendan_relay::MAX_SHARED_WRITES_PER_MINUTE {
        let (status, _) = make(&server, &whole, &body_for(&[id(1)], &format!("f{n}"))).await;
        assert_eq!(status, 201, "change {n}");
    }
    let (status, body) = make(&server, &whole, &body_for(&[id(1)], "one more")).await;
    assert_eq!(status, 429, "{}", String::from_utf8_lossy(&body));
    server.stop().await;

    // And in number: a workspace holding as many links as it may makes no more.
    let dir = TempDir::new();
    let (_, whole) = token(&dir.0, "acme", None);
    let path = dir.0.join("data").join(tokens::TOKENS_FILE);
    let mut file: serde_json::Value = json(&std::fs::read(&path).expect("token file"));
    let records = file["tokens"].as_array_mut().expect("tokens");
    for n in 0..gendan_relay::MAX_SHARED_PER_WORKSPACE {
        records.push(serde_json::json!({
            "id": format!("s{n}"),
            "workspace": "acme",
            "docs": [id(1).to_string()],
            "sha256": format!("{n:064x}"),
            "created": 0,
        }));
    }
    std::fs::write(&path, serde_json::to_vec(&file).expect("json")).expect("write");
    let server = Server::start_with(&dir.0, limits()).await;
    let (status, body) = make(&server, &whole, &body_for(&[id(1)], "past the bound")).await;
    assert_eq!(status, 507, "{}", String::from_utf8_lossy(&body));
    let (status, _, _) =
        http_with(server.addr, "DELETE", "/tokens/s0", Some(&whole), &[], b"").await;
    assert_eq!(status, 204, "revoking one still works");
    let (status, _) = make(&server, &whole, &body_for(&[id(1)], "room again")).await;
    assert_eq!(status, 201);
    // Lists are bounded a minute too: each reads the whole token store.
    let mut refused = false;
    for _ in 0..=gendan_relay::MAX_SHARED_READS_PER_MINUTE {
        let (status, _, _) = http_with(server.addr, "GET", "/tokens", Some(&whole), &[], b"").await;
        refused |= status == 429;
    }
    assert!(refused, "the list past its bound");
    server.stop().await;

    // And in the ids their links list together, which every relay parses each second.
    let dir = TempDir::new();
    let (_, whole) = token(&dir.0, "acme", None);
    let path = dir.0.join("data").join(tokens::TOKENS_FILE);
    let mut file: serde_json::Value = json(&std::fs::read(&path).expect("token file"));
    let records = file["tokens"].as_array_mut().expect("tokens");
    let per = gendan_relay::MAX_SHARED_DOCS;
    for n in 0..gendan_relay::MAX_SHARED_IDS_PER_WORKSPACE / per {
        let docs: Vec<String> = (0..per)
            .map(|k| {
                let mut b = [2u8; 16];
                b[..4].copy_from_slice(&((n * per + k) as u32).to_be_bytes());
                DocumentId::from_bytes(b).to_string()
            })
            .collect();
        records.push(serde_json::json!({
            "id": format!("m{n}"), "workspace": "acme", "docs": docs,
            "sha256": format!("{n:064x}"), "created": 0,
        }));
    }
    std::fs::write(&path, serde_json::to_vec(&file).expect("json")).expect("write");
    let server = Server::start_with(&dir.0, limits()).await;
    // 312 links of 64 ids hold 19,968: one of 64 more is past the bound, one of 32 is not.
    let fresh: Vec<DocumentId> = (0..per as u32)
        .map(|k| {
            let mut b = [3u8; 16];
            b[..4].copy_from_slice(&k.to_be_bytes());
            DocumentId::from_bytes(b)
        })
        .collect();
    let (status, _) = make(&server, &whole, &body_for(&fresh, "past the bound")).await;
    assert_eq!(status, 507);
    let (status, _) = make(&server, &whole, &body_for(&fresh[..32], "within")).await;
    assert_eq!(status, 201);
    server.stop().await;
}
