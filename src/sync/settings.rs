//! Where and how this device syncs: the relay's WebSocket address and the access token, kept in
//! `localStorage` (small preferences), plus the invite link that carries them to another device.

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const KEY: &str = "gendan.sync";

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct SyncSettings {
    /// `ws://host:port/sync` or `wss://…`.
    pub relay: String,
    pub token: String,
    /// Set when the token is scoped to some documents (an order shared with a factory): only
    /// these are synced, and this device's own workspace stays on the device.
    #[serde(default)]
    pub docs: Vec<String>,
}

impl SyncSettings {
    pub fn load() -> Option<SyncSettings> {
        LocalStorage::get::<SyncSettings>(KEY)
            .ok()
            .filter(|s| !s.relay.is_empty() && !s.token.is_empty())
    }

    pub fn save(&self) {
        let _ = LocalStorage::set(KEY, self);
    }

    pub fn clear() {
        LocalStorage::delete(KEY);
    }

    /// The address the socket opens, with the token as a query parameter (browsers cannot set
    /// headers on a WebSocket; the relay never logs query strings).
    pub fn socket_url(&self) -> String {
        let sep = if self.relay.contains('?') { '&' } else { '?' };
        format!("{}{sep}token={}", self.relay, percent_encode(&self.token))
    }
}

/// The relay next to the page: the app is served by the relay, so its host is the default.
pub(crate) fn default_relay() -> String {
    let Some(loc) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let scheme = if loc.protocol().ok().as_deref() == Some("https:") {
        "wss"
    } else {
        "ws"
    };
    format!("{scheme}://{}/sync", loc.host().unwrap_or_default())
}

pub(crate) fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub(crate) fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) => hex(h).zip(hex(l)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match escaped {
            Some(v) => {
                out.push(v);
                i += 3;
            }
            None => {
                out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An invite: everything another device needs to join this workspace, or (scoped) to receive
/// only some documents, such as one order shared with its factory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Invite {
    pub relay: String,
    pub token: String,
    pub workspace: Option<String>,
    pub docs: Vec<String>,
}

impl Invite {
    /// The link opened on the other device: the app's own address with `#/join?…`.
    pub fn link(&self, app_origin: &str) -> String {
        let mut link = format!(
            "{app_origin}/#/join?relay={}&token={}",
            percent_encode(&self.relay),
            percent_encode(&self.token)
        );
        if let Some(ws) = &self.workspace {
            link.push_str(&format!("&ws={}", percent_encode(ws)));
        }
        if !self.docs.is_empty() {
            link.push_str(&format!("&docs={}", percent_encode(&self.docs.join(","))));
        }
        link
    }

    /// Reads the query part of `#/join?…`.
    pub fn parse(query: &str) -> Option<Invite> {
        let mut relay = None;
        let mut token = None;
        let mut workspace = None;
        let mut docs = Vec::new();
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=')?;
            let v = percent_decode(v);
            match k {
                "relay" => relay = Some(v),
                "token" => token = Some(v),
                "ws" => workspace = Some(v),
                "docs" => {
                    docs = v
                        .split(',')
                        .filter(|d| !d.is_empty())
                        .map(str::to_string)
                        .collect()
                }
                _ => {}
            }
        }
        let invite = Invite {
            relay: relay?,
            token: token?,
            workspace,
            docs,
        };
        let is_id = |s: &String| s.parse::<gendan_domain::DocumentId>().is_ok();
        let relay_ok = invite.relay.starts_with("ws://") || invite.relay.starts_with("wss://");
        let target_ok = match (&invite.workspace, invite.docs.is_empty()) {
            (Some(ws), true) => is_id(ws),
            (None, false) => invite.docs.iter().all(is_id),
            _ => false,
        };
        (relay_ok && !invite.token.is_empty() && target_ok).then_some(invite)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn invites_round_trip_and_refuse_garbage() {
        let ws = gendan_domain::DocumentId::from_bytes([3; 16]).to_string();
        let invite = Invite {
            relay: "ws://10.0.0.2:8080/sync".into(),
            token: "a+b/c=&d".into(),
            workspace: Some(ws.clone()),
            docs: vec![],
        };
        let link = invite.link("http://10.0.0.2:8080");
        let query = link.split_once("#/join?").unwrap().1;
        assert_eq!(Invite::parse(query), Some(invite));
        assert_eq!(Invite::parse("relay=http%3A%2F%2Fx&token=t&ws=x"), None);
        assert_eq!(
            Invite::parse(&format!("relay=ws%3A%2F%2Fx&token=&ws={ws}")),
            None
        );
        assert_eq!(Invite::parse("garbage"), None);
        let scoped = Invite {
            relay: "ws://h/sync".into(),
            token: "t".into(),
            workspace: None,
            docs: vec![ws.clone(), ws.clone()],
        };
        let link = scoped.link("http://h");
        assert_eq!(
            Invite::parse(link.split_once("#/join?").unwrap().1),
            Some(scoped)
        );
        assert_eq!(Invite::parse("relay=ws%3A%2F%2Fh&token=t&docs=nope"), None);
    }

    #[test]
    fn tokens_are_escaped_in_the_socket_url() {
        let s = SyncSettings {
            relay: "ws://h/sync".into(),
            token: "x y&z".into(),
            docs: vec![],
        };
        assert_eq!(s.socket_url(), "ws://h/sync?token=x%20y%26z");
        assert_eq!(percent_decode("x%20y%26z%"), "x y&z%");
    }
}
