//! Where and how this device syncs: the relay's WebSocket address and the access token, kept in
//! `localStorage` (small preferences), plus the invite link that carries them to another device.

use gendan_domain::DocumentId;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const KEY: &str = "gendan.sync";
/// This device's role, kept apart from the settings, which "stop syncing" deletes and Settings
/// retypes: a factory's phone that stops, or whose token is typed again without its scope, stays
/// one (its notes and waivers stay on the orders the office reads, it makes no books, a nearby
/// office is told it is a factory's) and keeps to its team. Only a team invite, or another
/// token typed in Settings unscoped, makes it the team's again.
const ROLE_KEY: &str = "gendan.role";

/// What [`ROLE_KEY`] keeps: a factory's phone, its team when known, and the token it was
/// shared with (another token typed in Settings, unscoped, is the team's).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
struct FactoryRole {
    team: Option<String>,
    #[serde(default)]
    token: String,
}

impl FactoryRole {
    fn load() -> Option<FactoryRole> {
        LocalStorage::get::<FactoryRole>(ROLE_KEY).ok()
    }

    /// Remembers `settings` as a factory's: the team they name (a link naming none leaves it
    /// to be learnt from the first office met, not taken from an earlier link).
    fn keep(settings: &SyncSettings) {
        let role = FactoryRole {
            team: settings.team.clone(),
            token: settings.token.clone(),
        };
        let _ = LocalStorage::set(ROLE_KEY, role);
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct SyncSettings {
    /// `ws://host:port/sync` or `wss://…`.
    pub relay: String,
    pub token: String,
    /// Set when the token is scoped to some documents (an order shared with a factory): only
    /// these are synced, and this device's own workspace stays on the device.
    #[serde(default)]
    pub docs: Vec<String>,
    /// With `docs`: the workspace of the team that shared them, when the link said (links from
    /// before did not). A factory's phone meets only that team's devices nearby
    /// (`peer_meeting.rs`).
    #[serde(default)]
    pub team: Option<String>,
}

impl SyncSettings {
    pub fn load() -> Option<SyncSettings> {
        LocalStorage::get::<SyncSettings>(KEY)
            .ok()
            .filter(|s| !s.relay.is_empty() && !s.token.is_empty())
    }

    /// Keeps these settings; a token scoped to some orders makes this device a factory's phone
    /// for good (a team invite, or the relay vouching for the team's token,
    /// [`SyncSettings::relay_vouched_team`], alone undoes it).
    pub fn save(&self) {
        let _ = LocalStorage::set(KEY, self);
        if self.is_factory() {
            FactoryRole::keep(self);
        }
    }

    /// The relay listed the team's links to `token` (only a whole-workspace token may): a
    /// device that keeps a factory's role and syncs with that token is the team's (one that
    /// tried a factory's link before it joined its team). Any token typed in Settings does not
    /// do: a factory's phone would drop its role, and with it the proof of its link nearby.
    pub fn relay_vouched_team(token: &str) {
        let syncs_with_it =
            SyncSettings::load().is_some_and(|s| !s.is_factory() && s.token == token);
        if syncs_with_it && FactoryRole::load().is_some_and(|r| r.token != token) {
            SyncSettings::joined_team();
        }
    }

    /// Forgets the settings (this device stops syncing); its role stays (settings an older
    /// build saved, with no role kept beside them, leave theirs).
    pub fn clear() {
        if let Some(s) = SyncSettings::of_factory() {
            FactoryRole::keep(&s);
        }
        LocalStorage::delete(KEY);
    }

    /// This device took a team invite (not a factory's share link): it is the team's.
    pub fn joined_team() {
        LocalStorage::delete(ROLE_KEY);
    }

    /// The team a factory's phone works for: its settings', else the one its role kept.
    pub fn factory_team() -> Option<String> {
        SyncSettings::of_factory()
            .and_then(|s| s.team)
            .or_else(|| FactoryRole::load().and_then(|r| r.team))
    }

    /// The token a factory's phone was shared with: its settings', else the one its role kept
    /// (it stopped syncing). It proves the phone's link to a nearby office (`link_proof`).
    pub fn factory_token() -> Option<String> {
        SyncSettings::of_factory()
            .map(|s| s.token)
            .or_else(|| FactoryRole::load().map(|r| r.token))
            .filter(|t| !t.is_empty())
    }

    /// Whether this device was invited to some orders only (a factory's): it reads and marks
    /// notices read and neither writes nor withdraws them, is offered no payment line to take
    /// out, and takes nothing new from a nearby device but its workspace.
    /// A device that joined as a factory's and stopped syncing is one still.
    pub fn is_factory_device() -> bool {
        SyncSettings::of_factory().is_some() || FactoryRole::load().is_some()
    }

    /// This device's settings when it is a factory's: its token is scoped to some orders.
    pub fn of_factory() -> Option<SyncSettings> {
        SyncSettings::load().filter(SyncSettings::is_factory)
    }

    /// Whether these are a factory's phone's settings (a token scoped to some orders).
    pub fn is_factory(&self) -> bool {
        !self.docs.is_empty()
    }

    /// This device as a nearby connection sees it: a factory's phone or not, its team, and
    /// `workspace`, its own.
    pub fn nearby_here(workspace: DocumentId, keyed: bool) -> crate::sync::peer_meeting::Here {
        crate::sync::peer_meeting::Here {
            factory: SyncSettings::is_factory_device(),
            team: SyncSettings::factory_team().and_then(|t| t.parse::<DocumentId>().ok()),
            workspace,
            keyed,
        }
    }

    /// These settings, typed in Settings, with the documents and team of `before` when the
    /// token is the same: the token is still scoped to them.
    pub fn scope_kept(self, before: Option<&SyncSettings>) -> SyncSettings {
        match before {
            Some(b) if b.token == self.token => SyncSettings {
                docs: b.docs.clone(),
                team: b.team.clone(),
                ..self
            },
            _ => self,
        }
    }

    /// A factory's phone invited by a link that named no team takes `team` as its team's (the
    /// first it joined nearby).
    pub fn learn_team(team: &str) {
        if let Some(mut s) = SyncSettings::of_factory().filter(|s| s.team.is_none()) {
            s.team = Some(team.to_string());
            s.save();
        } else if let Some(role) = FactoryRole::load().filter(|r| r.team.is_none()) {
            let role = FactoryRole {
                team: Some(team.to_string()),
                ..role
            };
            let _ = LocalStorage::set(ROLE_KEY, role);
        }
    }

    /// The relay addresses in the order they are tried. `relay` may name several relays serving
    /// one database (separated by spaces, commas or new lines): any of them will do, and when one
    /// goes away the client moves to the next.
    pub fn relays(&self) -> Vec<&str> {
        self.relay
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|a| !a.is_empty())
            .collect()
    }

    /// These settings with the `n`th relay address alone, counting around the list.
    pub fn pick(&self, n: usize) -> SyncSettings {
        let relays = self.relays();
        let relay = match relays.len() {
            0 => String::new(),
            len => relays[n % len].to_string(),
        };
        SyncSettings {
            relay,
            ..self.clone()
        }
    }

    /// Every address is a WebSocket address (`ws://` or `wss://`), and there is at least one.
    pub fn relays_valid(&self) -> bool {
        let relays = self.relays();
        !relays.is_empty()
            && relays
                .iter()
                .all(|r| r.starts_with("ws://") || r.starts_with("wss://"))
    }

    /// The address the socket opens, with the token as a query parameter (browsers cannot set
    /// headers on a WebSocket; the relay never logs query strings). Settings with several relays
    /// give the first's; the client opens [`SyncSettings::pick`]'s.
    pub fn socket_url(&self) -> String {
        let me = self.pick(0);
        let sep = if me.relay.contains('?') { '&' } else { '?' };
        format!("{}{sep}token={}", me.relay, percent_encode(&self.token))
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
    /// With `docs`: the sharing team's workspace, which the invited device does not join
    /// ([`SyncSettings::team`]). Its own parameter, which builds from before ignore.
    pub team: Option<String>,
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
        if let Some(team) = &self.team {
            link.push_str(&format!("&team={}", percent_encode(team)));
        }
        link
    }

    /// Reads the query part of `#/join?…`.
    pub fn parse(query: &str) -> Option<Invite> {
        let mut relay = None;
        let mut token = None;
        let mut workspace = None;
        let mut docs = Vec::new();
        let mut team = None;
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=')?;
            let v = percent_decode(v);
            match k {
                "relay" => relay = Some(v),
                "token" => token = Some(v),
                "ws" => workspace = Some(v),
                "team" => team = Some(v),
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
            team,
        };
        let is_id = |s: &String| s.parse::<gendan_domain::DocumentId>().is_ok();
        let relay_ok = SyncSettings {
            relay: invite.relay.clone(),
            ..SyncSettings::default()
        }
        .relays_valid();
        let target_ok = match (&invite.workspace, invite.docs.is_empty()) {
            (Some(ws), true) => is_id(ws),
            (None, false) => {
                invite.docs.iter().all(is_id) && invite.team.as_ref().is_none_or(is_id)
            }
            _ => false,
        };
        (relay_ok && !invite.token.is_empty() && target_ok).then_some(invite)
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn invites_round_trip_and_refuse_garbage() {
        let ws = gendan_domain::DocumentId::from_bytes([3; 16]).to_string();
        let invite = Invite {
            relay: "ws://10.0.0.2:8080/sync".into(),
            token: "a+b/c=&d".into(),
            workspace: Some(ws.clone()),
            docs: vec![],
            team: None,
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
            team: Some(gendan_domain::DocumentId::from_bytes([4; 16]).to_string()),
        };
        let link = scoped.link("http://h");
        assert_eq!(
            Invite::parse(link.split_once("#/join?").unwrap().1),
            Some(scoped)
        );
        assert_eq!(Invite::parse("relay=ws%3A%2F%2Fh&token=t&docs=nope"), None);
        // A team that is not a workspace id is refused; a link from before names none.
        assert_eq!(
            Invite::parse(&format!("relay=ws%3A%2F%2Fh&token=t&docs={ws}&team=nope")),
            None
        );
        assert_eq!(
            Invite::parse(&format!("relay=ws%3A%2F%2Fh&token=t&docs={ws}")).map(|i| i.team),
            Some(None)
        );
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn several_relays_are_tried_in_turn_and_each_must_be_a_socket_address() {
        let s = SyncSettings {
            relay: " ws://a:8080/sync, wss://b/sync\nws://c/sync ".into(),
            token: "t".into(),
            docs: vec![],
            team: None,
        };
        assert_eq!(
            s.relays(),
            ["ws://a:8080/sync", "wss://b/sync", "ws://c/sync"]
        );
        assert!(s.relays_valid());
        assert_eq!(s.pick(1).relay, "wss://b/sync");
        assert_eq!(s.pick(4).relay, "wss://b/sync");
        assert_eq!(s.pick(4).token, "t");
        assert_eq!(s.socket_url(), "ws://a:8080/sync?token=t");
        let bad = SyncSettings {
            relay: "ws://a/sync http://b".into(),
            ..s.clone()
        };
        assert!(!bad.relays_valid());
        assert!(!SyncSettings::default().relays_valid());
        assert_eq!(SyncSettings::default().pick(3).relay, "");
        // An invite carries the list as it is.
        let invite = Invite {
            relay: "ws://a/sync ws://b/sync".into(),
            token: "t".into(),
            workspace: None,
            docs: vec![gendan_domain::DocumentId::from_bytes([3; 16]).to_string()],
            team: None,
        };
        let link = invite.link("http://a");
        assert_eq!(
            Invite::parse(link.split_once("#/join?").unwrap().1),
            Some(invite)
        );
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_scoped_token_typed_again_keeps_its_orders_and_team() {
        let before = SyncSettings {
            relay: "ws://a/sync".into(),
            token: "t".into(),
            docs: vec!["d".into()],
            team: Some("w".into()),
        };
        let typed = |token: &str| SyncSettings {
            relay: "ws://b/sync".into(),
            token: token.into(),
            docs: vec![],
            team: None,
        };
        let kept = typed("t").scope_kept(Some(&before));
        assert_eq!(
            (kept.relay.as_str(), kept.docs, kept.team),
            ("ws://b/sync", before.docs.clone(), before.team.clone())
        );
        let other = typed("u").scope_kept(Some(&before));
        assert!(
            other.docs.is_empty() && other.team.is_none(),
            "another token is the team's"
        );
    }

    /// A factory's phone that stops syncing is a factory's still, of its team (its notes stay on
    /// the order, it tells a nearby office so, it meets only that team); so is one whose token is
    /// typed again without its scope, and one whose settings an older build saved with no role
    /// beside them. Only a team invite makes a device the team's.
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_factorys_phone_that_stops_syncing_stays_one() {
        struct Clean;
        impl Drop for Clean {
            fn drop(&mut self) {
                LocalStorage::delete(ROLE_KEY);
                LocalStorage::delete(KEY);
            }
        }
        let _clean = Clean;
        let team = SyncSettings {
            relay: "ws://h/sync".into(),
            token: "t".into(),
            docs: vec![],
            team: None,
        };
        let factory = SyncSettings {
            docs: vec!["d".into()],
            team: Some(DocumentId::from_bytes([5; 16]).to_string()),
            ..team.clone()
        };
        factory.save();
        assert!(SyncSettings::is_factory_device());
        SyncSettings::clear();
        assert!(SyncSettings::load().is_none());
        assert!(
            SyncSettings::is_factory_device(),
            "it stopped, it is the factory's"
        );
        let here = SyncSettings::nearby_here(DocumentId::from_bytes([4; 16]), false);
        assert!(here.factory);
        assert_eq!(
            here.team,
            Some(DocumentId::from_bytes([5; 16])),
            "of its team"
        );
        // The same token typed again, its scope forgotten.
        team.save();
        assert!(SyncSettings::is_factory_device());
        SyncSettings::clear();
        // Another token, unscoped, typed in Settings: a factory's phone still, until the relay
        // says the token is the whole team's (a device that tried a factory's link first).
        SyncSettings {
            token: "the team's".into(),
            ..team.clone()
        }
        .save();
        assert!(
            SyncSettings::is_factory_device(),
            "any token typed does not do"
        );
        SyncSettings::relay_vouched_team("another");
        assert!(
            SyncSettings::is_factory_device(),
            "not the token it syncs with"
        );
        SyncSettings::relay_vouched_team("the team's");
        assert!(!SyncSettings::is_factory_device());
        SyncSettings::clear();
        factory.save();
        SyncSettings::clear();
        SyncSettings::joined_team();
        assert!(!SyncSettings::is_factory_device());
        // A later link naming no team does not keep the earlier one's.
        factory.save();
        SyncSettings {
            team: None,
            ..factory.clone()
        }
        .save();
        assert_eq!(SyncSettings::factory_team(), None);
        SyncSettings::clear();
        LocalStorage::delete(ROLE_KEY);

        // Settings an older build saved: no role beside them.
        let _ = LocalStorage::set(KEY, &factory);
        SyncSettings::clear();
        assert!(SyncSettings::is_factory_device(), "stopped after an update");
        assert_eq!(
            SyncSettings::factory_team(),
            Some(DocumentId::from_bytes([5; 16]).to_string())
        );
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn tokens_are_escaped_in_the_socket_url() {
        let s = SyncSettings {
            relay: "ws://h/sync".into(),
            token: "x y&z".into(),
            docs: vec![],
            team: None,
        };
        assert_eq!(s.socket_url(), "ws://h/sync?token=x%20y%26z");
        assert_eq!(percent_decode("x%20y%26z%"), "x y&z%");
    }
}
