//! What a token reaches, asked of the relay (`GET /scope`) before it goes into an invite for a
//! factory: a token that reaches the whole workspace, or other orders, would let any
//! automerge-repo client read their money, whatever the invite's own list of documents says.
//! Only a token that reaches exactly the shared order makes a link.

use super::relay_http::{http, on_each_relay, relay_url};

/// What the relay said of a token, measured against the order it is to share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// It reaches this order and nothing else.
    Fits,
    /// It reaches the whole workspace.
    Whole,
    /// It lists documents other than this order (or not this order).
    Others,
    /// The relay does not know it (mistyped or revoked).
    Unknown,
    /// The relay could not be asked, or answered something unreadable.
    Unchecked(String),
}

#[derive(serde::Deserialize)]
struct Scope {
    docs: Option<Vec<String>>,
}

/// Judges the relay's answer (`status`, `body`) for a token meant to share `order` only.
pub(crate) fn judge(status: u16, body: Option<&[u8]>, order: &str) -> Verdict {
    match status {
        200 => {}
        401 | 403 => return Verdict::Unknown,
        other => return Verdict::Unchecked(format!("HTTP {other}")),
    }
    let Some(scope) = body.and_then(|b| serde_json::from_slice::<Scope>(b).ok()) else {
        return Verdict::Unchecked("unreadable answer".into());
    };
    match scope.docs {
        None => Verdict::Whole,
        Some(docs) if docs.len() == 1 && docs[0] == order => Verdict::Fits,
        Some(_) => Verdict::Others,
    }
}

/// Asks the relay whose sync address is `relay` what `token` reaches. A token the relay does
/// not know is asked about once more a moment later: the relay reads its token table again for
/// an unknown token at most every 200 ms, and a token made a moment ago and pasted right after
/// another attempt (or typed a character at a time) would otherwise stay refused.
async fn check(relay: &str, token: &str, order: &str) -> Verdict {
    let Some(url) = relay_url(relay, "scope") else {
        return Verdict::Unchecked(format!("not a relay address: {relay}"));
    };
    let ask = || async {
        match http("GET", &url, token, None).await {
            Ok(reply) => judge(reply.status, reply.body.as_deref(), order),
            Err(e) => Verdict::Unchecked(e),
        }
    };
    match ask().await {
        Verdict::Unknown => {
            crate::platform::sleep_ms(400).await;
            ask().await
        }
        verdict => verdict,
    }
}

/// [`check`] on each relay of `s` (its address may list several serving one database) until one
/// answers.
pub(crate) async fn check_on_a_relay(s: &super::settings::SyncSettings, order: &str) -> Verdict {
    let none = Verdict::Unchecked(format!("not a relay address: {}", s.relay));
    on_each_relay(s, none, |relay| async move {
        match check(&relay, &s.token, order).await {
            unchecked @ Verdict::Unchecked(_) => Err(unchecked),
            verdict => Ok(verdict),
        }
    })
    .await
    .unwrap_or_else(|unchecked| unchecked)
}

/// [`reaches`] on each relay of `s` until one tells.
pub(crate) async fn reaches_on_a_relay(s: &super::settings::SyncSettings) -> Option<Vec<String>> {
    on_each_relay(s, (), |relay| async move {
        reaches(&relay, &s.token).await.ok_or(())
    })
    .await
    .ok()
}

/// What `token` reaches on the relay `relay` now: `Some(docs)` for a token scoped to some
/// documents, `Some([])` for one the relay does not know (a stopped link reaches nothing),
/// `None` for a whole-workspace token or when the relay could not be asked.
async fn reaches(relay: &str, token: &str) -> Option<Vec<String>> {
    let url = relay_url(relay, "scope")?;
    let reply = http("GET", &url, token, None).await.ok()?;
    match reply.status {
        401 | 403 => Some(Vec::new()),
        200 => {
            serde_json::from_slice::<Scope>(reply.body.as_deref()?)
                .ok()?
                .docs
        }
        _ => None,
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn only_a_token_for_this_order_alone_fits() {
        let ok = |docs: &str| format!(r#"{{"workspace":"acme","docs":{docs}}}"#).into_bytes();
        assert_eq!(judge(200, Some(&ok(r#"["o1"]"#)), "o1"), Verdict::Fits);
        assert_eq!(judge(200, Some(&ok("null")), "o1"), Verdict::Whole);
        assert_eq!(
            judge(200, Some(&ok(r#"["o1","o2"]"#)), "o1"),
            Verdict::Others
        );
        assert_eq!(judge(200, Some(&ok(r#"["o2"]"#)), "o1"), Verdict::Others);
        assert_eq!(judge(200, Some(&ok("[]")), "o1"), Verdict::Others);
        assert_eq!(judge(401, None, "o1"), Verdict::Unknown);
        assert!(matches!(
            judge(200, Some(b"<html>"), "o1"),
            Verdict::Unchecked(_)
        ));
        assert!(matches!(judge(503, None, "o1"), Verdict::Unchecked(_)));
    }
}
