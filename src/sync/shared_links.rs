//! The links that share orders with a factory, made, listed and stopped on the relay
//! (`/tokens`) with this office device's own token, so an order moved to another factory can be
//! taken back from the first one's phone, and sharing does not wait on the relay's
//! administrator. A link is a token that reaches the factory's open orders known here and
//! nothing else — a phone follows through one token, and a link it opens replaces the one
//! before, so a link for one order alone would leave it following the last order shared —; its
//! label names the factory it was made for (`factory:<party id>`), so the office sees a link
//! left to a factory that no longer makes an order.

use gendan_domain::{Day, OrderStatus};

use crate::storage::Summary;

use super::relay_http::{http, on_each_relay, relay_url};
use super::settings::SyncSettings;

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
    /// How many documents it reaches.
    pub orders: usize,
}

impl Link {
    /// Made for a factory other than `factory`, the one the order names now: its phone still
    /// receives the order.
    pub fn made_for_other(&self, factory: Option<&str>) -> bool {
        self.factory.is_some() && self.factory.as_deref() != factory
    }
}

/// Orders one link may reach (the relay's bound, `gendan_relay::MAX_SHARED_DOCS`).
pub(crate) const MAX_LINK_ORDERS: usize = 64;

/// The orders a link made from `order` for `factory` reaches: `order`, then every other open
/// order here that names that factory, most recently changed first, at most
/// [`MAX_LINK_ORDERS`]. An order that is closed, cancelled, delivered or unreadable is not
/// shared anew.
pub(crate) fn orders_for(order: &str, factory: Option<&str>, summaries: &[Summary]) -> Vec<String> {
    let others = factory.map_or_else(Vec::new, |f| factory_orders(f, summaries));
    std::iter::once(order.to_string())
        .chain(others.into_iter().filter(|id| id != order))
        .take(MAX_LINK_ORDERS)
        .collect()
}

/// The open orders here that name `factory`, most recently changed first, at most
/// [`MAX_LINK_ORDERS`]: what a new link for it reaches when an order left it.
pub(crate) fn factory_orders(factory: &str, summaries: &[Summary]) -> Vec<String> {
    let mut orders: Vec<&Summary> = summaries
        .iter()
        .filter(|s| s.factory == factory && !s.damaged)
        .filter(|s| OrderStatus::from_code(&s.status).is_some_and(OrderStatus::is_open))
        .collect();
    orders.sort_by(|a, b| {
        b.updated_ms
            .total_cmp(&a.updated_ms)
            .then_with(|| a.id.cmp(&b.id))
    });
    orders
        .into_iter()
        .take(MAX_LINK_ORDERS)
        .map(|s| s.id.clone())
        .collect()
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
    /// Not reached: the browser's words.
    Unreached(String),
    /// The relay answered with another status, or something that does not read.
    Unreadable(Option<u16>),
    /// The device's relay address is not one (`ws://…` or `wss://…`).
    BadAddress,
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
        other => Err(LinkError::Unreadable(Some(other))),
    }
}

#[derive(serde::Deserialize)]
pub(crate) struct Listed {
    id: String,
    #[serde(default)]
    pub docs: Vec<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    created: u64,
    /// The token's hash (`sync::link_proof`); absent from relays before the nearby proof.
    #[serde(default)]
    pub sha256: String,
}

/// The relay's answer to `GET /tokens`, read by the share card and by the office's list of
/// links (`link_proof`).
#[derive(serde::Deserialize)]
pub(crate) struct ListAnswer {
    pub tokens: Vec<Listed>,
}

#[derive(serde::Deserialize)]
struct Created {
    id: String,
    token: String,
}

fn unreadable() -> LinkError {
    LinkError::Unreadable(None)
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
            orders: t.docs.len(),
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
    relay_url(relay, path).ok_or(LinkError::BadAddress)
}

/// How long one relay is given to answer before the next is asked.
const ASK_MS: u32 = 10_000;

/// Whether `e` says the relay was not reached: no answer, none in time, or a gateway's or the
/// server's failure (a proxy in front of a relay that is down answers 502 or 503).
fn unreached(e: &LinkError) -> bool {
    match e {
        LinkError::Unreached(_) => true,
        LinkError::Unreadable(Some(status)) => *status >= 500 || *status == 408,
        _ => false,
    }
}

/// Asks `ask` of each relay of `s` in turn until one is reached (they serve one database): with
/// the first down, links are still made, listed and stopped through the next. A relay that
/// answers, even with a refusal, is the answer.
pub(crate) async fn on_a_relay<T, F>(
    s: &SyncSettings,
    ask: impl Fn(String) -> F,
) -> Result<T, LinkError>
where
    F: std::future::Future<Output = Result<T, LinkError>>,
{
    let reached = on_each_relay(s, LinkError::BadAddress, |relay| {
        let asked = ask(relay.clone());
        async move {
            match crate::platform::within(ASK_MS, asked).await {
                None => Err(LinkError::Unreached(format!("{relay}: no answer"))),
                Some(Err(e)) if unreached(&e) => Err(e),
                Some(answer) => Ok(answer),
            }
        }
    })
    .await;
    reached.and_then(|answer| answer)
}

/// The links that reach `order`, from any relay of `s`.
pub(crate) async fn list(s: &SyncSettings, order: &str) -> Result<Vec<Link>, LinkError> {
    on_a_relay(
        s,
        |relay| async move { list_on(&relay, &s.token, order).await },
    )
    .await
}

/// A new link reaching `orders` (see [`orders_for`]), made for `factory` on a relay of `s`: its
/// id and token. A relay that took the request and went away before answering leaves a link
/// the next one lists (the office stops it).
pub(crate) async fn make(
    s: &SyncSettings,
    orders: &[String],
    factory: Option<&str>,
) -> Result<(String, String), LinkError> {
    on_a_relay(s, |relay| async move {
        make_on(&relay, &s.token, orders, factory).await
    })
    .await
}

/// Stops the link `id` on a relay of `s`.
pub(crate) async fn stop(s: &SyncSettings, id: &str) -> Result<(), LinkError> {
    on_a_relay(
        s,
        |relay| async move { stop_on(&relay, &s.token, id).await },
    )
    .await
}

/// The links that reach `order`.
async fn list_on(relay: &str, token: &str, order: &str) -> Result<Vec<Link>, LinkError> {
    let url = url(relay, &format!("tokens?doc={order}"))?;
    let reply = http("GET", &url, token, None)
        .await
        .map_err(LinkError::Unreached)?;
    judge_list(reply.status, reply.body.as_deref())
}

/// A new link reaching `orders`, made for `factory`: its id and token.
async fn make_on(
    relay: &str,
    token: &str,
    orders: &[String],
    factory: Option<&str>,
) -> Result<(String, String), LinkError> {
    let url = url(relay, "tokens")?;
    let body = serde_json::json!({ "docs": orders, "label": label_for(factory) }).to_string();
    let reply = http("POST", &url, token, Some(body.as_bytes()))
        .await
        .map_err(LinkError::Unreached)?;
    judge_made(reply.status, reply.body.as_deref())
}

/// Stops the link `id`: the relay forgets its token and closes its connections. One already
/// gone counts as stopped.
async fn stop_on(relay: &str, token: &str, id: &str) -> Result<(), LinkError> {
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

    /// With the first relay down the next is asked; a relay that answers, even with a refusal,
    /// is the answer; with none reached, the last reason is said.
    #[wasm_bindgen_test]
    async fn links_go_through_the_first_relay_reached() {
        let s = SyncSettings {
            relay: "ws://one ws://two ws://three".into(),
            token: "t".into(),
            ..SyncSettings::default()
        };
        let asked = std::cell::RefCell::new(Vec::new());
        let answer = |down: &'static [&'static str], refuse: &'static str| {
            let asked = &asked;
            move |relay: String| async move {
                asked.borrow_mut().push(relay.clone());
                if down.contains(&relay.as_str()) {
                    Err(LinkError::Unreached(format!("{relay} down")))
                } else if relay == "ws://two" && refuse == "gateway" {
                    Err(LinkError::Unreadable(Some(502)))
                } else if relay == refuse {
                    Err(LinkError::TooMany)
                } else {
                    Ok(relay)
                }
            }
        };
        assert_eq!(
            on_a_relay(&s, answer(&["ws://one"], "")).await,
            Ok("ws://two".to_string())
        );
        assert_eq!(*asked.borrow(), ["ws://one", "ws://two"]);
        asked.borrow_mut().clear();
        assert_eq!(
            on_a_relay(&s, answer(&[], "ws://one")).await,
            Err(LinkError::TooMany),
            "a refusal is an answer"
        );
        assert_eq!(asked.borrow().len(), 1);
        assert_eq!(
            on_a_relay(&s, answer(&["ws://one", "ws://two", "ws://three"], "")).await,
            Err(LinkError::Unreached("ws://three down".into()))
        );
        // A gateway's 502 in front of a relay that is down is no answer either.
        asked.borrow_mut().clear();
        assert_eq!(
            on_a_relay(&s, answer(&["ws://one"], "gateway")).await,
            Ok("ws://three".to_string())
        );
        assert_eq!(asked.borrow().len(), 3);
        let none = SyncSettings::default();
        assert_eq!(
            on_a_relay(&none, answer(&[], "")).await,
            Err(LinkError::BadAddress)
        );
    }

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
            Err(LinkError::Unreadable(None))
        ));
        assert!(matches!(
            judge_list(500, None),
            Err(LinkError::Unreadable(Some(500)))
        ));
        assert_eq!(
            judge_made(201, Some(br#"{"id":"x","token":"gdn_1"}"#)),
            Ok(("x".into(), "gdn_1".into()))
        );
        assert_eq!(judge_made(507, None), Err(LinkError::Full));
        assert_eq!(judge_made(429, None), Err(LinkError::TooMany));
        assert!(judge_made(201, Some(br#"{"id":"x","token":""}"#)).is_err());
        assert_eq!(links[2].orders, 1);
        assert_eq!(label_for(Some("p1")), "factory:p1");
        assert_eq!(label_for(None), "factory:");
    }

    fn summary(id: &str, factory: &str, status: &str, updated_ms: f64) -> Summary {
        serde_json::from_value(serde_json::json!({
            "id": id, "customer_po": id, "customer": "", "style_no": "", "status": status,
            "ex_factory": null, "total_qty": 0, "updated_ms": updated_ms, "factory": factory,
        }))
        .expect("a summary")
    }

    /// A factory's phone follows through one link, so a link carries the factory's other open
    /// orders too — never another factory's, nor a closed, cancelled or delivered one.
    #[wasm_bindgen_test]
    fn a_link_reaches_the_factorys_open_orders() {
        let all = [
            summary("o1", "p1", "confirmed", 1.0),
            summary("o2", "p1", "in_production", 3.0),
            summary("o3", "p2", "confirmed", 4.0),
            summary("o4", "p1", "closed", 5.0),
            summary("o5", "p1", "cancelled", 6.0),
            summary("o6", "p1", "delivered", 7.0),
            summary("o7", "p1", "on_hold", 2.0),
            Summary {
                damaged: true,
                ..summary("o8", "p1", "confirmed", 9.0)
            },
        ];
        assert_eq!(orders_for("o1", Some("p1"), &all), ["o1", "o2", "o7"]);
        assert_eq!(orders_for("o3", Some("p2"), &all), ["o3"]);
        assert_eq!(
            orders_for("o1", None, &all),
            ["o1"],
            "no factory named: this order"
        );
        let many: Vec<Summary> = (0..100)
            .map(|n| summary(&format!("x{n}"), "p1", "confirmed", n as f64))
            .collect();
        let ids = orders_for("o1", Some("p1"), &many);
        assert_eq!(ids.len(), MAX_LINK_ORDERS);
        assert_eq!(
            (ids[0].as_str(), ids[1].as_str()),
            ("o1", "x99"),
            "newest first"
        );
    }
}
