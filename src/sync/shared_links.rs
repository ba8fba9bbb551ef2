//! The links that share one order with a factory, made, listed and stopped on the relay
//! (`/tokens`) with this office device's own token, so an order moved to another factory can be
//! taken back from the first one's phone, and sharing does not wait on the relay's
//! administrator. Each link is a token that reaches the order alone; its label names the
//! factory it was made for (`factory:<party id>`), so the office sees a link left to a factory
//! that no longer makes the order.

use gendan_domain::Day;

use super::relay_http::{http, relay_url};

/// A link the relay holds for an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    /// The relay's id of the token (never its text).
    pub id: String,
    /// The party it was made for, when the app made it.
    pub factory: Option<String>,
    /// Its label as the relay keeps it (a token made by hand may have any).
    pub label: Option<String>,
    pub made: Option<Day>,
}

/// Why the relay did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkError {
    /// This device's token is not the whole team's (a factory's, or none the relay knows).
    NotOffice,
    /// The relay predates links made from the app: a token is made by hand.
    OldRelay,
    /// The team holds as many links as the relay allows.
    Full,
    /// Too many links made or stopped this minute.
    TooMany,
    /// Not reached, or an answer that does not read.
    Unreached(String),
}

const LABEL_PREFIX: &str = "factory:";

/// The label of a link made for `factory` (a party id).
pub(crate) fn label_for(factory: Option<&str>) -> String {
    format!("{LABEL_PREFIX}{}", factory.unwrap_or_default())
}

fn judge_status(status: u16) -> Result<(), LinkError> {
    match status {
        200..=299 => Ok(()),
        401 | 403 => Err(LinkError::NotOffice),
        404 | 405 => Err(LinkError::OldRelay),
        507 => Err(LinkError::Full),
        429 => Err(LinkError::TooMany),
        other => Err(LinkError::Unreached(format!("HTTP {other}"))),
    }
}

#[derive(serde::Deserialize)]
struct Listed {
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    created: u64,
}

#[derive(serde::Deserialize)]
struct ListAnswer {
    tokens: Vec<Listed>,
}

#[derive(serde::Deserialize)]
struct Created {
    id: String,
    token: String,
}

fn unreadable() -> LinkError {
    LinkError::Unreached("unreadable answer".into())
}

/// Reads the relay's list of an order's links, oldest first.
pub(crate) fn judge_list(status: u16, body: Option<&[u8]>) -> Result<Vec<Link>, LinkError> {
    judge_status(status)?;
    let answer: ListAnswer = body
        .and_then(|b| serde_json::from_slice(b).ok())
        .ok_or_else(unreadable)?;
    let mut links: Vec<Link> = answer
        .tokens
        .into_iter()
        .map(|t| Link {
            factory: t
                .label
                .as_deref()
                .and_then(|l| l.strip_prefix(LABEL_PREFIX))
                .filter(|f| !f.is_empty())
                .map(str::to_string),
            made: Day::from_unix_days((t.created / 86_400) as i64),
            id: t.id,
            label: t.label,
        })
        .collect();
    links.sort_by(|a, b| a.made.cmp(&b.made).then_with(|| a.id.cmp(&b.id)));
    Ok(links)
}

/// Reads the relay's answer to a link made: its id and the token's text.
pub(crate) fn judge_made(status: u16, body: Option<&[u8]>) -> Result<(String, String), LinkError> {
    judge_status(status)?;
    let made: Created = body
        .and_then(|b| serde_json::from_slice(b).ok())
        .ok_or_else(unreadable)?;
    if made.token.is_empty() {
        return Err(unreadable());
    }
    Ok((made.id, made.token))
}

fn url(relay: &str, path: &str) -> Result<String, LinkError> {
    relay_url(relay, path)
        .ok_or_else(|| LinkError::Unreached(format!("not a relay address: {relay}")))
}

/// The links that reach `order`.
pub(crate) async fn list(relay: &str, token: &str, order: &str) -> Result<Vec<Link>, LinkError> {
    let url = url(relay, &format!("tokens?doc={order}"))?;
    let reply = http("GET", &url, token, None)
        .await
        .map_err(LinkError::Unreached)?;
    judge_list(reply.status, reply.body.as_deref())
}

/// A new link reaching `order` alone, made for `factory`: its id and token.
pub(crate) async fn make(
    relay: &str,
    token: &str,
    order: &str,
    factory: Option<&str>,
) -> Result<(String, String), LinkError> {
    let url = url(relay, "tokens")?;
    let body = serde_json::json!({ "docs": [order], "label": label_for(factory) }).to_string();
    let reply = http("POST", &url, token, Some(body.as_bytes()))
        .await
        .map_err(LinkError::Unreached)?;
    judge_made(reply.status, reply.body.as_deref())
}

/// Stops the link `id`: the relay forgets its token and closes its connections. One already
/// gone counts as stopped.
pub(crate) async fn stop(relay: &str, token: &str, id: &str) -> Result<(), LinkError> {
    let url = url(
        relay,
        &format!("tokens/{}", super::settings::percent_encode(id)),
    )?;
    let reply = http("DELETE", &url, token, None)
        .await
        .map_err(LinkError::Unreached)?;
    match judge_status(reply.status) {
        Err(LinkError::OldRelay) if reply.status == 404 => Ok(()),
        other => other,
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn the_relays_answers_read_strictly() {
        let body = br#"{"tokens":[
            {"id":"b2","docs":["o"],"label":"factory:p9","created":1764979200},
            {"id":"a1","docs":["o"],"label":"made by hand","created":86400},
            {"id":"c3","docs":["o"],"label":"factory:","created":0}]}"#;
        let links = judge_list(200, Some(body)).expect("reads");
        assert_eq!(
            links.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
            ["c3", "a1", "b2"],
            "oldest first"
        );
        assert_eq!(links[2].factory.as_deref(), Some("p9"));
        assert_eq!(
            links[2].made.map(|d| d.to_string()).as_deref(),
            Some("2025-12-06")
        );
        assert_eq!(
            links[1].factory, None,
            "a label not of the app's names no factory"
        );
        assert_eq!(links[0].factory, None, "made for no factory");
        assert_eq!(judge_list(403, None), Err(LinkError::NotOffice));
        assert_eq!(judge_list(401, None), Err(LinkError::NotOffice));
        assert_eq!(judge_list(404, None), Err(LinkError::OldRelay));
        assert!(matches!(
            judge_list(200, Some(b"<html>")),
            Err(LinkError::Unreached(_))
        ));
        assert!(matches!(
            judge_list(500, None),
            Err(LinkError::Unreached(_))
        ));
        assert_eq!(
            judge_made(201, Some(br#"{"id":"x","token":"gdn_1"}"#)),
            Ok(("x".into(), "gdn_1".into()))
        );
        assert_eq!(judge_made(507, None), Err(LinkError::Full));
        assert_eq!(judge_made(429, None), Err(LinkError::TooMany));
        assert!(judge_made(201, Some(br#"{"id":"x","token":""}"#)).is_err());
        assert_eq!(label_for(Some("p1")), "factory:p1");
        assert_eq!(label_for(None), "factory:");
    }
}
