//! The code two devices exchange to open a WebRTC connection without any server: the offer
//! (device A) and the answer (device B), each shown as a QR code and as text to copy.
//!
//! A browser's session description is ~650 characters of SDP, most of it boilerplate. Only a
//! few values differ between sessions — the ICE user fragment and password, the DTLS
//! certificate fingerprint, the DTLS role, the SCTP port and message size, and the host
//! candidates — so the code carries just those ([`SdpEssentials`]) and [`SdpEssentials::to_sdp`] rebuilds a
//! standard data-channel description from them. With the sender's name and workspace that is
//! ~110 bytes, written in base32 (QR alphanumeric mode, and no characters that a chat app or a
//! hand-copy could mangle): about 200 characters.
//!
//! Text form: `GD1` (format version 1) + `O` (offer) or `A` (answer) + base32 of the payload
//! followed by 4 bytes of its SHA-256, so truncated, mistyped or foreign text is refused before
//! anything is touched. Whitespace and letter case are ignored when reading.

use std::net::{Ipv4Addr, Ipv6Addr};

use gendan_domain::DocumentId;
use sha2::{Digest, Sha256};

/// The text every code starts with: the app and the format version.
const MAGIC: &str = "GD1";
const CHECKSUM: usize = 4;
/// At most this many candidates are kept (a phone on Wi-Fi has one or two).
const MAX_CANDIDATES: usize = 8;
/// Names are cut to this many bytes (at a character boundary) so the code stays small.
const MAX_NAME: usize = 48;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Which half of the exchange a code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CodeKind {
    /// Shown first, by the device that starts (it will send `join`).
    Offer,
    /// Shown by the device that read the offer.
    Answer,
}

impl CodeKind {
    /// The letter after the version: a factory's phone says so with letters of its own, which
    /// builds from before it do not read (they would adopt the factory's workspace).
    fn letter(self, factory: bool) -> char {
        match (self, factory) {
            (CodeKind::Offer, false) => 'O',
            (CodeKind::Answer, false) => 'A',
            (CodeKind::Offer, true) => 'F',
            (CodeKind::Answer, true) => 'R',
        }
    }

    fn of_letter(letter: char) -> Option<(CodeKind, bool)> {
        [CodeKind::Offer, CodeKind::Answer]
            .into_iter()
            .flat_map(|k| [(k, false), (k, true)])
            .find(|(k, f)| k.letter(*f) == letter)
    }
}

/// Why a pasted or scanned code was refused. Nothing has been changed when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum CodeError {
    #[error("the code is empty")]
    Empty,
    #[error("this is not a Gendan connection code")]
    NotACode,
    #[error("the code comes from a newer version of Gendan")]
    NewerVersion,
    #[error("expected the other device's {expected:?} code, got its {found:?} code")]
    WrongKind { expected: CodeKind, found: CodeKind },
    #[error("the code is incomplete or mistyped")]
    Damaged,
    #[error("the browser's session description could not be read: {0}")]
    Sdp(&'static str),
}

/// DTLS role in the description (`a=setup:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Setup {
    ActPass,
    Active,
    Passive,
}

impl Setup {
    fn text(self) -> &'static str {
        match self {
            Setup::ActPass => "actpass",
            Setup::Active => "active",
            Setup::Passive => "passive",
        }
    }
}

/// Where a host candidate listens. Browsers that hide local addresses use an mDNS name
/// (`<uuid>.local`), which is resolved on the local network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Address {
    V4(Ipv4Addr),
    V6(Ipv6Addr),
    Mdns([u8; 16]),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub address: Address,
    pub port: u16,
}

/// The values of one browser session description that are not boilerplate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SdpEssentials {
    pub ufrag: String,
    pub pwd: String,
    pub fingerprint: [u8; 32],
    pub setup: Setup,
    pub sctp_port: u16,
    pub max_message_size: u32,
    pub candidates: Vec<Candidate>,
}

/// One side's code: who it is, its workspace, and its session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PeerCode {
    pub kind: CodeKind,
    /// Said by a factory's phone (one invited to some orders only): the other device neither
    /// joins its workspace nor sends it money ([`super::peer_meeting`]).
    pub factory: bool,
    /// The user's name on that device (or its device id), shown as "syncing with …".
    pub name: String,
    /// The device's workspace; a factory's phone names the team that invited it.
    pub workspace: DocumentId,
    pub session: SdpEssentials,
}

fn uuid_bytes(text: &str) -> Option<[u8; 16]> {
    let hex: String = text.chars().filter(|c| *c != '-').collect();
    let v = hex::decode(hex).ok()?;
    v.try_into().ok()
}

fn uuid_text(b: &[u8; 16]) -> String {
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

impl Address {
    fn parse(text: &str) -> Option<Address> {
        if let Ok(a) = text.parse::<Ipv4Addr>() {
            return Some(Address::V4(a));
        }
        if let Ok(a) = text.parse::<Ipv6Addr>() {
            return Some(Address::V6(a));
        }
        text.strip_suffix(".local")
            .and_then(uuid_bytes)
            .map(Address::Mdns)
    }

    fn text(&self) -> String {
        match self {
            Address::V4(a) => a.to_string(),
            Address::V6(a) => a.to_string(),
            Address::Mdns(b) => format!("{}.local", uuid_text(b)),
        }
    }
}

impl SdpEssentials {
    /// Reads the values from a browser's complete (ICE gathering finished) description. Only
    /// UDP host candidates are kept: no STUN or TURN server is ever used.
    pub fn from_sdp(sdp: &str) -> Result<SdpEssentials, CodeError> {
        let mut ufrag = None;
        let mut pwd = None;
        let mut fingerprint = None;
        let mut setup = None;
        let mut sctp_port = 5000;
        let mut max_message_size = 65536;
        let mut candidates = Vec::new();
        for line in sdp.lines().map(str::trim) {
            let Some(attr) = line.strip_prefix("a=") else {
                continue;
            };
            let (name, value) = attr.split_once(':').unwrap_or((attr, ""));
            match name {
                "ice-ufrag" => ufrag = Some(value.to_string()),
                "ice-pwd" => pwd = Some(value.to_string()),
                "fingerprint" => {
                    let Some(hexes) = value.strip_prefix("sha-256 ") else {
                        continue;
                    };
                    let bytes = hex::decode(hexes.replace(':', ""))
                        .map_err(|_| CodeError::Sdp("fingerprint"))?;
                    fingerprint = Some(
                        <[u8; 32]>::try_from(bytes).map_err(|_| CodeError::Sdp("fingerprint"))?,
                    );
                }
                "setup" => {
                    setup = Some(match value {
                        "actpass" => Setup::ActPass,
                        "active" => Setup::Active,
                        "passive" => Setup::Passive,
                        _ => return Err(CodeError::Sdp("setup")),
                    })
                }
                "sctp-port" => {
                    sctp_port = value.parse().map_err(|_| CodeError::Sdp("sctp-port"))?
                }
                "max-message-size" => {
                    // 0 means "no limit"; keep a large but finite value.
                    max_message_size = value
                        .parse::<u64>()
                        .map(|v| {
                            if v == 0 {
                                u32::MAX
                            } else {
                                v.min(u32::MAX as u64) as u32
                            }
                        })
                        .map_err(|_| CodeError::Sdp("max-message-size"))?
                }
                "candidate" => {
                    // foundation component transport priority address port "typ" type …
                    let f: Vec<&str> = value.split_whitespace().collect();
                    let (Some(proto), Some(addr), Some(port), Some(kind)) =
                        (f.get(2), f.get(4), f.get(5), f.get(7))
                    else {
                        continue;
                    };
                    if !proto.eq_ignore_ascii_case("udp")
                        || *kind != "host"
                        || f.get(1) != Some(&"1")
                    {
                        continue;
                    }
                    let (Some(address), Ok(port)) = (Address::parse(addr), port.parse::<u16>())
                    else {
                        continue;
                    };
                    let c = Candidate { address, port };
                    if candidates.len() < MAX_CANDIDATES && !candidates.contains(&c) {
                        candidates.push(c);
                    }
                }
                _ => {}
            }
        }
        let nonempty = |v: Option<String>, what| {
            v.filter(|s| !s.is_empty() && s.len() < 256 && s.is_ascii())
                .ok_or(CodeError::Sdp(what))
        };
        if candidates.is_empty() {
            return Err(CodeError::Sdp("no local network address"));
        }
        Ok(SdpEssentials {
            ufrag: nonempty(ufrag, "ice-ufrag")?,
            pwd: nonempty(pwd, "ice-pwd")?,
            fingerprint: fingerprint.ok_or(CodeError::Sdp("fingerprint"))?,
            setup: setup.ok_or(CodeError::Sdp("setup"))?,
            sctp_port,
            max_message_size,
            candidates,
        })
    }

    /// A standard data-channel-only description carrying these values.
    pub fn to_sdp(&self) -> String {
        let fp: Vec<String> = self
            .fingerprint
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        let session_id =
            u64::from_be_bytes(self.fingerprint[..8].try_into().unwrap_or([1; 8])) >> 2;
        let mut s = format!(
            "v=0\r\no=- {session_id} 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n\
             a=msid-semantic: WMS\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n\
             c=IN IP4 0.0.0.0\r\n"
        );
        for (i, c) in self.candidates.iter().enumerate() {
            s.push_str(&format!(
                "a=candidate:{} 1 udp {} {} {} typ host\r\n",
                i + 1,
                2_113_937_151u32 - i as u32,
                c.address.text(),
                c.port
            ));
        }
        s.push_str(&format!(
            "a=ice-ufrag:{}\r\na=ice-pwd:{}\r\na=fingerprint:sha-256 {}\r\na=setup:{}\r\na=mid:0\r\n\
             a=sctp-port:{}\r\na=max-message-size:{}\r\n",
            self.ufrag,
            self.pwd,
            fp.join(":"),
            self.setup.text(),
            self.sctp_port,
            self.max_message_size
        ));
        s
    }
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    out.push(text.len() as u8);
    out.extend_from_slice(text.as_bytes());
}

/// Cuts `name` to at most `max` bytes without splitting a character.
fn cut(name: &str, max: usize) -> &str {
    let mut end = name.len().min(max);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// Reads the payload front to back; every read checks the length first.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], CodeError> {
        if self.0.len() < n {
            return Err(CodeError::Damaged);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn byte(&mut self) -> Result<u8, CodeError> {
        Ok(self.take(1)?[0])
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], CodeError> {
        self.take(N)?.try_into().map_err(|_| CodeError::Damaged)
    }

    fn text(&mut self) -> Result<String, CodeError> {
        let n = self.byte()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| CodeError::Damaged)
    }
}

impl PeerCode {
    /// The text to show and copy (also what the QR code holds).
    pub fn encode(&self) -> String {
        let mut out = Vec::with_capacity(160);
        put_text(&mut out, cut(&self.name, MAX_NAME));
        out.extend_from_slice(self.workspace.as_bytes());
        let s = &self.session;
        put_text(&mut out, cut(&s.ufrag, 255));
        put_text(&mut out, cut(&s.pwd, 255));
        out.extend_from_slice(&s.fingerprint);
        out.push(match s.setup {
            Setup::ActPass => 0,
            Setup::Active => 1,
            Setup::Passive => 2,
        });
        out.extend_from_slice(&s.sctp_port.to_be_bytes());
        out.extend_from_slice(&s.max_message_size.to_be_bytes());
        let candidates = &s.candidates[..s.candidates.len().min(MAX_CANDIDATES)];
        out.push(candidates.len() as u8);
        for c in candidates {
            match c.address {
                Address::V4(a) => {
                    out.push(4);
                    out.extend_from_slice(&a.octets());
                }
                Address::V6(a) => {
                    out.push(6);
                    out.extend_from_slice(&a.octets());
                }
                Address::Mdns(b) => {
                    out.push(b'm');
                    out.extend_from_slice(&b);
                }
            }
            out.extend_from_slice(&c.port.to_be_bytes());
        }
        let prefix = format!("{MAGIC}{}", self.kind.letter(self.factory));
        let sum = checksum(&prefix, &out);
        out.extend_from_slice(&sum);
        format!("{prefix}{}", base32_encode(&out))
    }

    /// Reads a pasted or scanned code, expecting `expected`. Garbage, truncation, a code from
    /// another version and the other half of the exchange are each refused with their reason.
    pub fn decode(text: &str, expected: CodeKind) -> Result<PeerCode, CodeError> {
        let clean: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if clean.is_empty() {
            return Err(CodeError::Empty);
        }
        let Some(rest) = clean.strip_prefix("GD") else {
            return Err(CodeError::NotACode);
        };
        let mut chars = rest.chars();
        match chars.next() {
            Some('1') => {}
            Some(c) if c.is_ascii_digit() => return Err(CodeError::NewerVersion),
            _ => return Err(CodeError::NotACode),
        }
        let Some((kind, factory)) = chars.next().and_then(CodeKind::of_letter) else {
            return Err(CodeError::NotACode);
        };
        let body = base32_decode(chars.as_str()).ok_or(CodeError::Damaged)?;
        if body.len() < CHECKSUM {
            return Err(CodeError::Damaged);
        }
        let (payload, sum) = body.split_at(body.len() - CHECKSUM);
        let prefix = format!("{MAGIC}{}", kind.letter(factory));
        if checksum(&prefix, payload) != sum {
            return Err(CodeError::Damaged);
        }
        // The checksum holds: the code is intact, so a mismatch is the user's mix-up.
        if kind != expected {
            return Err(CodeError::WrongKind {
                expected,
                found: kind,
            });
        }
        let mut r = Reader(payload);
        let name = r.text()?;
        let workspace = DocumentId::from_bytes(r.array::<16>()?);
        let ufrag = r.text()?;
        let pwd = r.text()?;
        let fingerprint = r.array::<32>()?;
        let setup = match r.byte()? {
            0 => Setup::ActPass,
            1 => Setup::Active,
            2 => Setup::Passive,
            _ => return Err(CodeError::Damaged),
        };
        let sctp_port = u16::from_be_bytes(r.array::<2>()?);
        let max_message_size = u32::from_be_bytes(r.array::<4>()?);
        let count = r.byte()? as usize;
        if count == 0 || count > MAX_CANDIDATES {
            return Err(CodeError::Damaged);
        }
        let mut candidates = Vec::with_capacity(count);
        for _ in 0..count {
            let address = match r.byte()? {
                4 => Address::V4(Ipv4Addr::from(r.array::<4>()?)),
                6 => Address::V6(Ipv6Addr::from(r.array::<16>()?)),
                b'm' => Address::Mdns(r.array::<16>()?),
                _ => return Err(CodeError::Damaged),
            };
            let port = u16::from_be_bytes(r.array::<2>()?);
            candidates.push(Candidate { address, port });
        }
        let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic());
        if !r.0.is_empty() || !plain(&ufrag) || !plain(&pwd) {
            return Err(CodeError::Damaged);
        }
        Ok(PeerCode {
            kind,
            factory,
            name,
            workspace,
            session: SdpEssentials {
                ufrag,
                pwd,
                fingerprint,
                setup,
                sctp_port,
                max_message_size,
                candidates,
            },
        })
    }
}

fn checksum(prefix: &str, payload: &[u8]) -> [u8; CHECKSUM] {
    let mut h = Sha256::new();
    h.update(prefix.as_bytes());
    h.update(payload);
    let d = h.finalize();
    [d[0], d[1], d[2], d[3]]
}

fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut buf, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buf = (buf << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((buf >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((buf << (5 - bits)) & 31) as usize] as char);
    }
    out
}

fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = BASE32.iter().position(|&a| a == c)? as u32;
        buf = ((buf << 5) | v) & 0xFFFF;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
        }
    }
    // What is left must be the zero padding of the last byte, or the text was cut or altered.
    (bits < 5 && buf & ((1 << bits) - 1) == 0).then_some(out)
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;

    const CHROME_OFFER: &str = "v=0\r\no=- 991111935798864064 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n\
a=group:BUNDLE 0\r\na=extmap-allow-mixed\r\na=msid-semantic: WMS\r\n\
m=application 50651 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 192.0.2.2\r\n\
a=candidate:186836763 1 udp 2113937151 192.0.2.2 50651 typ host generation 0 network-cost 999\r\n\
a=candidate:206605227 1 udp 2113942271 fd00::2 45448 typ host generation 0 network-cost 999\r\n\
a=candidate:99 1 tcp 1518280447 192.0.2.2 9 typ host tcptype active generation 0\r\n\
a=candidate:77 1 udp 1677729535 203.0.113.9 3478 typ srflx raddr 0.0.0.0 rport 0\r\n\
a=candidate:55 1 udp 2113937151 0b7c7c4e-5b9b-4f8a-9d7c-1a2b3c4d5e6f.local 5353 typ host\r\n\
a=ice-ufrag:acws\r\na=ice-pwd:VZ3zU4Y73N5xe6TX4fXCvPJN\r\na=ice-options:trickle\r\n\
a=fingerprint:sha-256 6A:55:34:03:A2:A0:74:C8:96:8E:B4:47:9A:7E:25:24:B3:16:43:C5:C6:B4:A1:CA:C6:11:B6:8B:A2:5E:2F:52\r\n\
a=setup:actpass\r\na=mid:0\r\na=sctp-port:5000\r\na=max-message-size:262144\r\n";

    fn offer() -> PeerCode {
        PeerCode {
            kind: CodeKind::Offer,
            factory: false,
            name: "王小明 (Office)".into(),
            workspace: DocumentId::from_bytes([7; 16]),
            session: SdpEssentials::from_sdp(CHROME_OFFER).unwrap(),
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_browser_description_keeps_only_what_differs() {
        let s = SdpEssentials::from_sdp(CHROME_OFFER).unwrap();
        assert_eq!(s.ufrag, "acws");
        assert_eq!(s.pwd, "VZ3zU4Y73N5xe6TX4fXCvPJN");
        assert_eq!(s.setup, Setup::ActPass);
        assert_eq!(s.max_message_size, 262144);
        assert_eq!(s.fingerprint[0], 0x6A);
        // UDP host candidates only: no TCP, no server-reflexive.
        assert_eq!(s.candidates.len(), 3);
        assert!(matches!(s.candidates[2].address, Address::Mdns(_)));
        // The rebuilt description reads back to the same values.
        let rebuilt = s.to_sdp();
        assert!(rebuilt.contains("a=candidate:3 1 udp 2113937149 0b7c7c4e-5b9b-4f8a-9d7c-1a2b3c4d5e6f.local 5353 typ host\r\n"));
        assert!(rebuilt.contains("a=fingerprint:sha-256 6A:55:34:03:A2"));
        assert_eq!(SdpEssentials::from_sdp(&rebuilt).unwrap(), s);
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn codes_round_trip_and_fit_a_qr_code() {
        let code = offer();
        let text = code.encode();
        assert!(text.starts_with("GD1O"));
        assert!(text.len() < 300, "{} characters", text.len());
        assert!(crate::components::qr_code::svg_markup(&text).is_some());
        assert_eq!(PeerCode::decode(&text, CodeKind::Offer).unwrap(), code);
        // Line breaks, spaces and lower case from a chat app are forgiven.
        let mangled = format!(" {}\n{} ", &text[..40].to_lowercase(), &text[40..]);
        assert_eq!(PeerCode::decode(&mangled, CodeKind::Offer).unwrap(), code);
        // Long names are cut on a character boundary.
        let long = PeerCode {
            name: "跟".repeat(40),
            ..code
        };
        let back = PeerCode::decode(&long.encode(), CodeKind::Offer).unwrap();
        assert_eq!(back.name, "跟".repeat(16));
        // A factory's phone says so in both halves, and the letter is checksummed: turning a
        // factory's code into an office's breaks it.
        for (kind, letter) in [(CodeKind::Offer, "GD1F"), (CodeKind::Answer, "GD1R")] {
            let factory = PeerCode {
                kind,
                factory: true,
                ..back.clone()
            };
            let text = factory.encode();
            assert!(text.starts_with(letter), "{text}");
            assert_eq!(PeerCode::decode(&text, kind).unwrap(), factory);
            let plain = kind.letter(false);
            let bent = format!("GD1{plain}{}", &text[4..]);
            assert_eq!(PeerCode::decode(&bent, kind), Err(CodeError::Damaged));
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn garbage_truncation_and_the_wrong_half_are_refused() {
        let text = offer().encode();
        assert_eq!(PeerCode::decode("", CodeKind::Offer), Err(CodeError::Empty));
        assert_eq!(
            PeerCode::decode("   \n", CodeKind::Offer),
            Err(CodeError::Empty)
        );
        assert_eq!(
            PeerCode::decode("hello there", CodeKind::Offer),
            Err(CodeError::NotACode)
        );
        assert_eq!(
            PeerCode::decode("http://10.0.0.2/#/join?relay=x", CodeKind::Offer),
            Err(CodeError::NotACode)
        );
        assert_eq!(
            PeerCode::decode("GD2OAAAA", CodeKind::Offer),
            Err(CodeError::NewerVersion)
        );
        assert_eq!(
            PeerCode::decode("GD1XAAAA", CodeKind::Offer),
            Err(CodeError::NotACode)
        );
        assert_eq!(
            PeerCode::decode(&text, CodeKind::Answer),
            Err(CodeError::WrongKind {
                expected: CodeKind::Answer,
                found: CodeKind::Offer
            })
        );
        for cut in [5, 20, text.len() / 2, text.len() - 1] {
            assert_eq!(
                PeerCode::decode(&text[..cut], CodeKind::Offer),
                Err(CodeError::Damaged),
                "cut at {cut}"
            );
        }
        // One mistyped character anywhere is caught by the checksum.
        for i in (4..text.len()).step_by(7) {
            let mut bytes = text.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let typo = String::from_utf8(bytes).unwrap();
            assert!(
                PeerCode::decode(&typo, CodeKind::Offer).is_err(),
                "typo at {i}"
            );
        }
        assert_eq!(
            PeerCode::decode("GD1O0189!!", CodeKind::Offer),
            Err(CodeError::Damaged)
        );
        // A checksum over nonsense still refuses: lengths are checked before every read.
        for payload in [vec![], vec![200], vec![0; 3], vec![255; 80]] {
            let mut body = payload.clone();
            body.extend_from_slice(&checksum("GD1O", &payload));
            let forged = format!("GD1O{}", base32_encode(&body));
            assert_eq!(
                PeerCode::decode(&forged, CodeKind::Offer),
                Err(CodeError::Damaged)
            );
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn descriptions_without_what_we_need_are_refused() {
        assert_eq!(
            SdpEssentials::from_sdp("v=0\r\n"),
            Err(CodeError::Sdp("no local network address"))
        );
        let no_fp = CHROME_OFFER.replace("a=fingerprint:sha-256", "a=fingerprint:sha-1");
        assert_eq!(
            SdpEssentials::from_sdp(&no_fp),
            Err(CodeError::Sdp("fingerprint"))
        );
        let bad_setup = CHROME_OFFER.replace("a=setup:actpass", "a=setup:sideways");
        assert_eq!(
            SdpEssentials::from_sdp(&bad_setup),
            Err(CodeError::Sdp("setup"))
        );
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn base32_round_trips() {
        for n in 0..40u8 {
            let data: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37)).collect();
            assert_eq!(base32_decode(&base32_encode(&data)).unwrap(), data);
        }
        assert_eq!(base32_decode("a"), None);
    }
}
