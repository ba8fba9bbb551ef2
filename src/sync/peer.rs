//! Device to device over WebRTC: the automerge-repo protocol on an `RTCDataChannel`, with no
//! server of any kind.
//!
//! Device A ([`PeerLink::offer`]) creates the data channel, waits until ICE gathering is
//! complete (so one code carries every address: no trickle, no signalling server) and shows its
//! offer as a code ([`super::signal`]). Device B reads it ([`PeerLink::answer`]) and shows its
//! answer; A reads that ([`PeerLink::accept_answer`]) and the two connect over their local
//! network. Only host candidates are used (`iceServers: []`): nothing outside the room is ever
//! contacted. A code that does not read is refused before anything is created or changed.
//!
//! Once the channel opens, A is the protocol's initiator (`join`) and B the acceptor (`peer`),
//! and frames go through the same [`Session`] as the relay's, so a received change is on disk
//! before it is acknowledged and screens and other tabs hear of it the same way. What is shared
//! is the [`Scope::Peer`]: the workspace and the orders, commercial documents only when the user
//! ticked them. If the two devices use different workspaces, B joins A's (as with an invite):
//! its own orders are folded into A's workspace once that has arrived.
//!
//! Frames are cut into pieces for the channel ([`super::pieces`]) and queued; the queue is fed
//! to the channel only while its buffer is below [`HIGH_WATER`], so a thousand documents never
//! overflow the browser's send buffer (which would close the channel).
//!
//! A device that holds fewer than half of the other's orders gets them as a bundle first, on a
//! third stream of the channel ([`super::peer_bundle`]); both then sync only what the bundle did
//! not settle. Each side's order count travels in its handshake, so neither starts syncing
//! documents before the handshake is complete.
//!
//! Photos and files follow the documents on the same channel, as a second stream of frames
//! ([`super::blob_swap`]): once this side's documents are confirmed it offers the blobs the
//! shared orders reference, the other side asks for those it lacks, and they are sent one at a
//! time in chunks, fed to the channel by the same buffer rule as documents.
//!
//! Known limits:
//! - A device of a build before files travelled nearby does not know the files stream: it
//!   ends the connection ("unknown piece marker") after the documents were exchanged.
//! - Phones that hide their addresses behind mDNS names (`<uuid>.local`, Chromium's default) need
//!   a network that resolves them (ordinary Wi-Fi and hotspots do; some guest networks isolate
//!   devices). Codes carry such names as 16 bytes.
//! - Camera scanning needs `BarcodeDetector` (Chromium on Android); elsewhere the code is pasted.
//! - When the answering device is in another workspace it joins the offerer's; if it also syncs
//!   with a relay under a token for its old workspace, the relay keeps workspaces apart by token,
//!   so what it received nearby may not reach that relay's other members.

use std::cell::RefCell;
use std::collections::{HashSet, VecDeque};
use std::rc::Rc;

use futures::channel::mpsc;
use futures::StreamExt;
use gendan_domain::DocumentId;
use gendan_sync::{Connection, PeerId, PeerMetadata};
use leptos::task::spawn_local;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    MessageEvent, RtcConfiguration, RtcDataChannel, RtcDataChannelEvent, RtcDataChannelState,
    RtcDataChannelType, RtcIceGatheringState, RtcPeerConnection, RtcPeerConnectionState,
    RtcSdpType, RtcSessionDescriptionInit,
};

use super::blob_swap::{BlobSwap, FileProgress};
use super::link_proof::{self, LinkBook};
use super::peer_bundle::{self, Frame as BundleFrame, Incoming, Outgoing, Role};
use super::peer_meeting::{Here, Meeting, Refusal};
use super::pieces::{split, split_as, Joiner, Stream};
use super::session::{Progress, Scope, Session};
use super::signal::{CodeError, CodeKind, PeerCode, SdpEssentials};
use super::team_proof;
use super::throttle::{report_as, Throttle};
use crate::storage::Repo;

/// Send no more while the channel's buffer holds this much; resume below [`LOW_WATER`].
const HIGH_WATER: u32 = 1024 * 1024;
const LOW_WATER: u32 = 256 * 1024;
/// How long the relay is given, as a factory's phone connects nearby, to list the links again.
const BOOK_ASK_MS: u32 = 3_000;

/// How long to wait for ICE gathering (host candidates only: normally a few milliseconds).
const GATHER_MS: u32 = 5_000;
/// How long the devices may take to find each other once both codes are in.
const CONNECT_MS: u32 = 30_000;
/// Status reports while data flows are at most this often.
const REPORT_MS: f64 = 200.0;
/// Largest frame accepted from a nearby device (the protocol's own limit).
const MAX_FRAME: usize = 16 * 1024 * 1024;
/// Most a device may send while it waits to be let in or this phone waits for the office's
/// answer: a handshake and a few sync messages weigh kilobytes; a bundle's pages sent ahead
/// could weigh more, and a device sending without end would fill this tab's memory.
const MAX_HELD: usize = 64 * 1024 * 1024;
/// What holding one more frame counts for beyond its bytes.
const HELD_ENTRY: usize = 256;

/// Where a connection to a nearby device stands.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Phase {
    /// This device's code is shown; waiting for the other device's answer.
    WaitingForAnswer,
    /// Both codes are in; the devices are finding each other on the network.
    Connecting,
    /// The channel is open and the protocol runs.
    Connected,
    /// Over: closed by either side, or failed; the reason is shown.
    Closed(Ended),
}

/// Why a connection ended (each has a message in both languages).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Ended {
    /// The user closed it here.
    Here,
    /// The other device closed it (`leave`).
    There,
    /// The devices never found each other (different networks, Wi-Fi isolation).
    Unreachable,
    /// The channel dropped.
    Lost,
    /// Something went wrong; the technical text is shown as detail.
    Failed(String),
    /// The other device's photos and files broke the rules (or one could not be stored);
    /// everything received before is kept. The technical text is shown as detail.
    Files(String),
}

/// What the "nearby device" screen shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PeerStatus {
    pub phase: Phase,
    /// The other device's name (from its code, else its device id from the handshake).
    pub peer_name: String,
    pub progress: Progress,
    /// Photos and files, both ways.
    pub files: FileProgress,
    /// Protocol bytes sent and received (pieces' payload), for the benchmark and the curious.
    pub sent_bytes: u64,
    pub received_bytes: u64,
    /// Protocol frames received: a bundle first leaves a handful where a sync sends several
    /// per document (for the benchmark and the tests).
    pub frames_received: u64,
    /// Frames waiting to be sent.
    pub queued: usize,
    /// A bundle under way, before the documents sync ([`super::peer_bundle`]).
    pub bundle: Option<BundleProgress>,
    /// The other device is a factory's phone whose handshake named no orders (an older build):
    /// an office syncs none with it until it is updated ([`super::session::Scope::Peer`]).
    pub factory_outdated: bool,
    /// The other device is a factory's phone that proved no link this device knows (stopped,
    /// or made after this device last synced with the relay): no order syncs with it.
    pub factory_link_unknown: bool,
    /// The other device says it is one of the team's but proved none of the team's keys
    /// ([`super::team_proof`]): nothing syncs until the user here lets it in
    /// ([`PeerLink::let_in`]) or closes the connection.
    pub asks_let_in: bool,
    /// This factory's phone waits for the other device to show it holds this phone's link
    /// (only the team's devices hold the list of links): another factory's phone hiding that
    /// it is one cannot, nor can an office on an older app.
    pub waits_for_office: bool,
}

/// How far a bundle has come: orders sent or received, of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BundleProgress {
    pub sending: bool,
    pub orders: u64,
    pub of: u64,
}

impl PeerStatus {
    /// Connected, nothing waiting to go out, and the other device holds what this one holds,
    /// files included.
    pub fn up_to_date(&self) -> bool {
        self.documents_settled() && !self.files.busy
    }

    /// Everything the other device sends is held: this device's user has to decide about it, or
    /// this factory's phone waits for its office's proof. Nothing syncs meanwhile.
    pub fn held(&self) -> bool {
        self.asks_let_in || self.waits_for_office
    }

    /// Connected, nothing waiting to go out, every document confirmed: files may follow.
    fn documents_settled(&self) -> bool {
        self.phase == Phase::Connected
            && !self.held()
            && self.bundle.is_none()
            && self.queued == 0
            && self.progress.documents > 0
            && self.progress.confirmed == self.progress.documents
    }
}

/// Why starting or completing a connection failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum PeerError {
    #[error(transparent)]
    Code(#[from] CodeError),
    #[error("the browser refused: {0}")]
    Browser(String),
    #[error("this connection is not waiting for an answer")]
    NotWaiting,
    #[error(transparent)]
    Refused(#[from] Refusal),
}

fn browser(e: JsValue) -> PeerError {
    PeerError::Browser(
        e.as_string()
            .or_else(|| {
                js_sys::Reflect::get(&e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
            })
            .unwrap_or_else(|| "unknown error".into()),
    )
}

impl Input {
    /// What holding it costs: its bytes, and what keeping one more costs however small (a
    /// device sending empty frames without end would otherwise hold memory for nothing).
    fn weight(&self) -> usize {
        match self {
            Input::Frame(b) | Input::Files(b) | Input::Bundle(b) => b.len() + HELD_ENTRY,
            _ => HELD_ENTRY,
        }
    }
}

/// The other device's frames while it is not yet trusted, in the order they came.
#[derive(Default)]
struct Held {
    inputs: Vec<Input>,
    bytes: usize,
}

impl Held {
    /// Keeps `input`; `false` once what is held weighs more than `most` bytes.
    fn keep(&mut self, input: Input, most: usize) -> bool {
        self.bytes += input.weight();
        self.inputs.push(input);
        self.bytes <= most
    }
}

enum Input {
    Open,
    Frame(Vec<u8>),
    /// A frame of the files stream.
    Files(Vec<u8>),
    /// A frame of the bundle stream.
    Bundle(Vec<u8>),
    /// The documents settled: offer the blobs they reference.
    Offer,
    LocalWrite(Vec<String>),
    /// The user let in a device that proved no team key.
    LetIn,
    /// What held the other device's frames is settled: they are handled, in order.
    Release,
    Pump,
    Closed(Ended),
}

struct State {
    repo: Repo,
    pc: RtcPeerConnection,
    channel: Option<RtcDataChannel>,
    initiator: bool,
    money: bool,
    /// This device as the other sees it ([`peer_meeting`]).
    here: Here,
    /// The offerer's workspace, which the answering device joins (and a factory's phone its
    /// team's, whichever side started).
    remote_workspace: DocumentId,
    /// A factory's phone whose link named no team takes the remote workspace as its team's.
    learns_team: bool,
    /// The other device said it is a factory's phone: nobody joins its workspace (it holds
    /// the team's only if it met the team's office).
    remote_factory: bool,
    session: Option<Session>,
    swap: Option<BlobSwap>,
    /// How many orders this device told the other it shares (see [`peer_bundle::role`]).
    orders: u64,
    bundle: Bundling,
    /// Documents written here while a bundle was under way: they sync once it ends.
    deferred: Vec<String>,
    /// This device's code, shown until the other device has read it.
    code: String,
    /// The DTLS fingerprints of this device's side and the other's (zero until read): a
    /// factory's phone binds the proof of its link to them (`link_proof`), a team's device
    /// its team proof (`team_proof`).
    prints: ([u8; 32], [u8; 32]),
    /// The team's keys this device proves with and checks the other's proof against (none
    /// on a factory's phone, or on a device joining another's workspace).
    team_keys: team_proof::Keys,
    /// The handshake is complete but the other device has yet to be let in or to show it is the
    /// team's office: its frames wait in `held` meanwhile, so nothing is sent to it or taken
    /// from it.
    awaiting: Option<Awaiting>,
    held: Held,
    /// This connection switched the device to the other's workspace (`adopt_workspace`): if it
    /// ends before that workspace arrives, the device goes back to its own.
    adopted: bool,
    /// An office's list of links, kept for answering the proof of a factory's phone.
    book: Option<LinkBook>,
    joiner: Joiner,
    queue: VecDeque<Vec<u8>>,
    status: PeerStatus,
    inbox: mpsc::UnboundedSender<Input>,
    on_status: Rc<dyn Fn(PeerStatus)>,
    on_changed: Rc<dyn Fn(Vec<String>)>,
    write_hook: Option<u32>,
    /// Status reports, at most every [`REPORT_MS`].
    reports: Throttle,
    /// Keep the connection's and channel's callbacks alive while they are installed.
    callbacks: Vec<Closure<dyn FnMut(JsValue)>>,
}

impl State {
    /// Whether this device joins the other's workspace: the answering device does, unless either
    /// is a factory's phone: the team's office shares no workspace with one (`Scope::Peer`),
    /// and one's may not be the team's.
    fn joins_other_workspace(&self) -> bool {
        !self.initiator
            && !self.here.factory
            && !self.remote_factory
            && self.repo.workspace_id() != self.remote_workspace.to_string()
    }
}

/// This device as a nearby connection sees it.
async fn here(repo: &Repo) -> Result<Here, PeerError> {
    let workspace = repo
        .workspace_id()
        .parse::<DocumentId>()
        .map_err(|e| PeerError::Browser(e.to_string()))?;
    let keyed = !team_proof::keys(repo).await.is_empty();
    Ok(crate::sync::settings::SyncSettings::nearby_here(
        workspace, keyed,
    ))
}

/// A handshake held back until the other device is trusted.
struct Awaiting {
    /// The order count its handshake said, for deciding on a bundle then.
    orders: Option<u64>,
    /// The other device proved no team key: the user here lets it in, or closes.
    let_in: bool,
}

/// Where this connection stands with a bundle ([`super::peer_bundle`]).
enum Bundling {
    /// Waiting for the handshake, which decides.
    Undecided,
    Sending(Outgoing),
    /// Every page is out; waiting for the other device's `Held`.
    Sent(Outgoing),
    Receiving(Incoming),
    /// Over, or never needed: the documents sync.
    Done,
}

/// Handle to one connection with a nearby device. Cheap to clone.
#[derive(Clone)]
pub(crate) struct PeerLink {
    state: Rc<RefCell<State>>,
}

/// The name this device shows to others: the user's name, else the device id.
pub(crate) fn local_name() -> String {
    let name = crate::prefs::user_name();
    if name.is_empty() {
        crate::prefs::device_id()
    } else {
        name
    }
}

/// Connection details for the browser console's verbose level (for field diagnosis).
fn debug(text: String) {
    crate::platform::debug(&text);
}

fn description(kind: RtcSdpType, sdp: &str) -> RtcSessionDescriptionInit {
    debug(format!("nearby {kind:?} description:\n{sdp}"));
    let d = RtcSessionDescriptionInit::new(kind);
    d.set_sdp(sdp);
    d
}

fn new_connection() -> Result<RtcPeerConnection, PeerError> {
    let config = RtcConfiguration::new();
    // No STUN, no TURN: host candidates only, nothing outside the local network is contacted.
    config.set_ice_servers(&js_sys::Array::new());
    RtcPeerConnection::new_with_configuration(&config).map_err(browser)
}

/// Sets the local description and waits for ICE gathering to finish, then returns the
/// complete description's values.
async fn local_session(
    pc: &RtcPeerConnection,
    kind: RtcSdpType,
    made: JsValue,
) -> Result<SdpEssentials, PeerError> {
    let sdp = js_sys::Reflect::get(&made, &"sdp".into())
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| PeerError::Browser("no session description".into()))?;
    JsFuture::from(pc.set_local_description(&description(kind, &sdp)))
        .await
        .map_err(browser)?;
    let mut waited = 0;
    while pc.ice_gathering_state() != RtcIceGatheringState::Complete && waited < GATHER_MS {
        crate::platform::sleep_ms(50).await;
        waited += 50;
    }
    let sdp = pc
        .local_description()
        .map(|d| d.sdp())
        .ok_or_else(|| PeerError::Browser("no local description".into()))?;
    debug(format!("nearby local description after gathering:\n{sdp}"));
    Ok(SdpEssentials::from_sdp(&sdp)?)
}

impl PeerLink {
    fn create(
        repo: Repo,
        pc: RtcPeerConnection,
        (initiator, here): (bool, Here),
        meeting: Meeting,
        (remote_workspace, remote_factory): (DocumentId, bool),
        on_status: Rc<dyn Fn(PeerStatus)>,
        on_changed: Rc<dyn Fn(Vec<String>)>,
    ) -> PeerLink {
        let (tx, mut rx) = mpsc::unbounded::<Input>();
        let link = PeerLink {
            state: Rc::new(RefCell::new(State {
                repo,
                pc,
                channel: None,
                initiator,
                money: meeting.money,
                here,
                remote_workspace,
                learns_team: meeting.learns_team,
                remote_factory,
                session: None,
                swap: None,
                orders: 0,
                bundle: Bundling::Undecided,
                deferred: Vec::new(),
                code: String::new(),
                prints: ([0; 32], [0; 32]),
                team_keys: team_proof::Keys::new(),
                awaiting: None,
                held: Held::default(),
                adopted: false,
                book: None,
                joiner: Joiner::new(MAX_FRAME),
                queue: VecDeque::new(),
                status: PeerStatus {
                    phase: if initiator {
                        Phase::WaitingForAnswer
                    } else {
                        Phase::Connecting
                    },
                    peer_name: String::new(),
                    progress: Progress::default(),
                    files: FileProgress::default(),
                    sent_bytes: 0,
                    received_bytes: 0,
                    frames_received: 0,
                    factory_outdated: false,
                    factory_link_unknown: false,
                    asks_let_in: false,
                    waits_for_office: false,
                    queued: 0,
                    bundle: None,
                },
                inbox: tx,
                on_status,
                on_changed,
                write_hook: None,
                reports: Throttle::new(REPORT_MS),
                callbacks: Vec::new(),
            })),
        };
        let worker = link.clone();
        // The link's inbox loop: lives as long as the link, not tied to any screen.
        spawn_local(async move {
            while let Some(input) = rx.next().await {
                if worker.handle(input).await {
                    break;
                }
            }
        });
        link.watch_connection();
        link
    }

    /// Device A: creates the channel and returns the offer code to show.
    pub async fn offer(
        repo: Repo,
        money: bool,
        on_status: impl Fn(PeerStatus) + 'static,
        on_changed: impl Fn(Vec<String>) + 'static,
    ) -> Result<(PeerLink, String), PeerError> {
        let here = here(&repo).await?;
        let workspace = here.says();
        let pc = new_connection()?;
        let channel = pc.create_data_channel("gendan");
        let made = JsFuture::from(pc.create_offer()).await.map_err(browser)?;
        let session = match local_session(&pc, RtcSdpType::Offer, made).await {
            Ok(s) => s,
            Err(e) => {
                pc.close();
                return Err(e);
            }
        };
        let mine = session.fingerprint;
        let code = PeerCode {
            kind: CodeKind::Offer,
            factory: here.factory,
            name: local_name(),
            workspace,
            session,
        }
        .encode();
        // Decided again when the answer is read (`accept_answer`).
        let meeting = Meeting {
            money: money && !here.factory,
            learns_team: false,
        };
        let link = PeerLink::create(
            repo,
            pc,
            (true, here),
            meeting,
            (workspace, false),
            Rc::new(on_status),
            Rc::new(on_changed),
        );
        link.state.borrow_mut().code = code.clone();
        link.state.borrow_mut().prints.0 = mine;
        link.attach(channel);
        link.report();
        Ok((link, code))
    }

    /// Device B: reads A's offer and returns the answer code to show. A code that does not
    /// read is refused before anything is created.
    pub async fn answer(
        repo: Repo,
        money: bool,
        offer: &str,
        on_status: impl Fn(PeerStatus) + 'static,
        on_changed: impl Fn(Vec<String>) + 'static,
    ) -> Result<(PeerLink, String), PeerError> {
        let offer = PeerCode::decode(offer, CodeKind::Offer)?;
        let here = here(&repo).await?;
        let meeting = here.meet(&offer, money, true)?;
        // A phone taking its first team names it, or the team's office would refuse its answer.
        let workspace = if meeting.learns_team {
            offer.workspace
        } else {
            here.says()
        };
        let pc = new_connection()?;
        let remote = description(RtcSdpType::Offer, &offer.session.to_sdp());
        let made = async {
            JsFuture::from(pc.set_remote_description(&remote))
                .await
                .map_err(browser)?;
            let made = JsFuture::from(pc.create_answer()).await.map_err(browser)?;
            local_session(&pc, RtcSdpType::Answer, made).await
        }
        .await;
        let session = match made {
            Ok(s) => s,
            Err(e) => {
                pc.close();
                return Err(e);
            }
        };
        let prints = (session.fingerprint, offer.session.fingerprint);
        let code = PeerCode {
            kind: CodeKind::Answer,
            factory: here.factory,
            name: local_name(),
            workspace,
            session,
        }
        .encode();
        let link = PeerLink::create(
            repo,
            pc,
            (false, here),
            meeting,
            (offer.workspace, offer.factory),
            Rc::new(on_status),
            Rc::new(on_changed),
        );
        link.state.borrow_mut().status.peer_name = offer.name;
        link.state.borrow_mut().code = code.clone();
        link.state.borrow_mut().prints = prints;
        link.on_datachannel();
        link.connect_timeout();
        link.report();
        Ok((link, code))
    }

    /// Device A: reads B's answer and connects. A code that does not read changes nothing:
    /// the offer stays valid and another answer can be tried.
    pub async fn accept_answer(&self, text: &str) -> Result<(), PeerError> {
        let answer = PeerCode::decode(text, CodeKind::Answer)?;
        if self.state.borrow().status.phase != Phase::WaitingForAnswer {
            return Err(PeerError::NotWaiting);
        }
        // Refused, the offer stays valid for another device's answer.
        let meeting = {
            let st = self.state.borrow();
            st.here.meet(&answer, st.money, false)?
        };
        // Put back if the browser refuses the answer: the link says what was ticked and who
        // is on the other side as before it, not what a refused answer would have allowed.
        let before = {
            let mut st = self.state.borrow_mut();
            let before = (st.money, st.remote_workspace, st.remote_factory);
            st.money = meeting.money;
            st.remote_workspace = answer.workspace;
            st.remote_factory = answer.factory;
            st.prints.1 = answer.session.fingerprint;
            before
        };
        let pc = self.state.borrow().pc.clone();
        let remote = description(RtcSdpType::Answer, &answer.session.to_sdp());
        // Connecting from now on: on a fast network the channel may open (and the phase move
        // on to Connected) before the browser's promise below resolves.
        {
            let mut st = self.state.borrow_mut();
            st.status.peer_name = answer.name;
            st.status.phase = Phase::Connecting;
        }
        self.report();
        if let Err(e) = JsFuture::from(pc.set_remote_description(&remote)).await {
            let mut st = self.state.borrow_mut();
            if st.status.phase == Phase::Connecting {
                st.status.phase = Phase::WaitingForAnswer;
                st.status.peer_name.clear();
            }
            (st.money, st.remote_workspace, st.remote_factory) = before;
            drop(st);
            self.report();
            return Err(browser(e));
        }
        self.connect_timeout();
        Ok(())
    }

    /// Whether the books go with the orders on this connection.
    pub fn money_goes(&self) -> bool {
        self.state.borrow().money
    }

    /// Whether the answering device will join the other device's workspace.
    pub fn joins_other_workspace(&self) -> bool {
        self.state.borrow().joins_other_workspace()
    }

    /// This device's code (offer or answer).
    pub fn code(&self) -> String {
        self.state.borrow().code.clone()
    }

    /// Whether this device started (showed the first code).
    pub fn is_offerer(&self) -> bool {
        self.state.borrow().initiator
    }

    pub fn status(&self) -> PeerStatus {
        self.state.borrow().status.clone()
    }

    /// Lets in the other device, which proved none of the team's keys (`asks_let_in`): it
    /// syncs as the team's device it says it is, its frames held meanwhile handled in order.
    pub fn let_in(&self) {
        self.send(Input::LetIn);
    }

    /// Ends the connection: `leave` goes out first, so the other device shows "closed".
    pub fn close(&self) {
        let session = self.state.borrow().session.clone();
        if let Some(session) = session {
            session.leave();
            self.enqueue(session.take_outgoing());
            self.pump();
        }
        // Through the inbox, so the task ends after the frame it may be handling.
        self.send(Input::Closed(Ended::Here));
    }

    fn send(&self, input: Input) {
        let _ = self.state.borrow().inbox.unbounded_send(input);
    }

    fn callback(&self, f: impl FnMut(JsValue) + 'static) -> js_sys::Function {
        let cb = Closure::<dyn FnMut(JsValue)>::new(f);
        let func: js_sys::Function = cb.as_ref().unchecked_ref::<js_sys::Function>().clone();
        self.state.borrow_mut().callbacks.push(cb);
        func
    }

    fn watch_connection(&self) {
        let inbox = self.state.borrow().inbox.clone();
        let weak = Rc::downgrade(&self.state);
        let f = self.callback(move |_| {
            let Some(st) = weak.upgrade() else { return };
            let state = st.borrow().pc.connection_state();
            debug(format!("nearby connection: {state:?}"));
            if state == RtcPeerConnectionState::Failed {
                let _ = inbox.unbounded_send(Input::Closed(Ended::Unreachable));
            }
        });
        self.state.borrow().pc.set_onconnectionstatechange(Some(&f));
    }

    fn on_datachannel(&self) {
        let me = Rc::downgrade(&self.state);
        let f = self.callback(move |ev: JsValue| {
            let (Some(state), Some(ev)) = (me.upgrade(), ev.dyn_ref::<RtcDataChannelEvent>())
            else {
                return;
            };
            debug("nearby: data channel announced".into());
            PeerLink { state }.attach(ev.channel());
        });
        self.state.borrow().pc.set_ondatachannel(Some(&f));
    }

    fn connect_timeout(&self) {
        let inbox = self.state.borrow().inbox.clone();
        let weak = Rc::downgrade(&self.state);
        // A timer: gives up on a connection that never opened.
        spawn_local(async move {
            crate::platform::sleep_ms(CONNECT_MS).await;
            let Some(st) = weak.upgrade() else { return };
            let phase = st.borrow().status.phase.clone();
            debug(format!("nearby: connect timeout, phase {phase:?}"));
            if phase == Phase::Connecting {
                let _ = inbox.unbounded_send(Input::Closed(Ended::Unreachable));
            }
        });
    }

    /// Wires the data channel's events into the inbox.
    fn attach(&self, channel: RtcDataChannel) {
        channel.set_binary_type(RtcDataChannelType::Arraybuffer);
        channel.set_buffered_amount_low_threshold(LOW_WATER);
        let inbox = self.state.borrow().inbox.clone();
        let (i1, i2, i3, i4) = (inbox.clone(), inbox.clone(), inbox.clone(), inbox);
        let weak = Rc::downgrade(&self.state);
        let on_open = self.callback(move |_| {
            debug("nearby: data channel open".into());
            let _ = i1.unbounded_send(Input::Open);
        });
        let on_message = self.callback(move |ev: JsValue| {
            let Some(buf) = ev
                .dyn_ref::<MessageEvent>()
                .and_then(|e| e.data().dyn_into::<js_sys::ArrayBuffer>().ok())
            else {
                return;
            };
            let piece = js_sys::Uint8Array::new(&buf).to_vec();
            let Some(st) = weak.upgrade() else { return };
            let joined = {
                let mut st = st.borrow_mut();
                st.status.received_bytes += piece.len() as u64;
                st.joiner.push(&piece)
            };
            match joined {
                Ok(Some((Stream::Protocol, frame))) => {
                    let _ = i2.unbounded_send(Input::Frame(frame));
                }
                Ok(Some((Stream::Files, frame))) => {
                    let _ = i2.unbounded_send(Input::Files(frame));
                }
                Ok(Some((Stream::Bundle, frame))) => {
                    let _ = i2.unbounded_send(Input::Bundle(frame));
                }
                Ok(None) => {}
                Err(e) => {
                    let _ = i2.unbounded_send(Input::Closed(Ended::Failed(e.to_string())));
                }
            }
        });
        let on_close = self.callback(move |_| {
            let _ = i3.unbounded_send(Input::Closed(Ended::Lost));
        });
        let on_low = self.callback(move |_| {
            let _ = i4.unbounded_send(Input::Pump);
        });
        channel.set_onopen(Some(&on_open));
        channel.set_onmessage(Some(&on_message));
        channel.set_onclose(Some(&on_close));
        channel.set_onbufferedamountlow(Some(&on_low));
        let open = channel.ready_state() == RtcDataChannelState::Open;
        self.state.borrow_mut().channel = Some(channel);
        if open {
            self.send(Input::Open);
        }
    }

    /// Handles one input; `true` when the connection is over and the task may end.
    async fn handle(&self, input: Input) -> bool {
        let (awaiting, let_in) = match &self.state.borrow().awaiting {
            Some(a) => (true, a.let_in),
            None => (false, false),
        };
        let input = match input {
            Input::Frame(bytes) if awaiting && !let_in && self.office_answered(&bytes) => {
                Input::Release
            }
            Input::LetIn if let_in => Input::Release,
            Input::LetIn => return false,
            Input::Frame(_) | Input::Files(_) | Input::Bundle(_) if awaiting => {
                let kept = self.state.borrow_mut().held.keep(input, MAX_HELD);
                if !kept {
                    self.finish(Ended::Failed(format!(
                        "the other device sent more than {} MB before it could sync",
                        MAX_HELD >> 20
                    )));
                    return true;
                }
                return false;
            }
            input => input,
        };
        match input {
            Input::Open => self.opened().await,
            Input::Frame(bytes) => {
                let Some(session) = self.state.borrow().session.clone() else {
                    return false;
                };
                self.state.borrow_mut().status.frames_received += 1;
                let outcome = session.receive(&bytes).await;
                if let Some(swap) = self.swap() {
                    if !outcome.changed.is_empty() {
                        swap.touch(&outcome.changed);
                    }
                }
                if !outcome.changed.is_empty() {
                    let cb = self.state.borrow().on_changed.clone();
                    cb(outcome.changed);
                }
                if let Some(meta) = outcome.ready {
                    {
                        let mut st = self.state.borrow_mut();
                        if st.status.peer_name.is_empty() {
                            st.status.peer_name = meta.storage_id.clone().unwrap_or_default();
                        }
                        // A build that names its orders but proves no link is as old as one that
                        // names none: updated, it syncs.
                        let outdated = meta.shared.is_none() || meta.link_proof.is_none();
                        st.status.factory_outdated = st.remote_factory && outdated;
                        st.status.factory_link_unknown =
                            st.remote_factory && !outdated && session.factory_link_unknown();
                    }
                    self.answer_phone(&session, &meta);
                    let (factory, proved) =
                        (self.state.borrow().here.factory, self.proves_team(&meta));
                    if proved && !factory {
                        self.handshaken(&session, meta.orders).await;
                    } else {
                        let mut st = self.state.borrow_mut();
                        st.awaiting = Some(Awaiting {
                            orders: meta.orders,
                            let_in: !proved,
                        });
                        st.status.asks_let_in = !proved;
                        st.status.waits_for_office = factory;
                    }
                }
                if let Some(reason) = outcome.closed {
                    self.enqueue(session.take_outgoing());
                    self.pump();
                    self.finish(if reason == "the remote left" {
                        Ended::There
                    } else {
                        Ended::Failed(reason)
                    });
                    return true;
                }
            }
            Input::Files(bytes) => {
                let (Some(session), Some(swap)) = (self.session(), self.swap()) else {
                    return false;
                };
                match swap.receive(&bytes, &session.shared_ids()).await {
                    Ok(frames) => self.enqueue_files(frames),
                    Err(e) => {
                        // The documents are stored and so is every complete file: only the
                        // connection ends.
                        session.leave();
                        self.enqueue(session.take_outgoing());
                        self.pump();
                        self.finish(Ended::Files(e.to_string()));
                        return true;
                    }
                }
            }
            Input::Bundle(bytes) => {
                if let Err(e) = self.bundle_frame(&bytes).await {
                    if let Some(session) = self.session() {
                        session.leave();
                        self.enqueue(session.take_outgoing());
                    }
                    self.pump();
                    self.finish(Ended::Failed(e.to_string()));
                    return true;
                }
            }
            Input::Offer => {
                if let (Some(session), Some(swap)) = (self.session(), self.swap()) {
                    let offer = swap.offer(&session.shared_ids()).await;
                    self.enqueue_files(offer.into_iter().collect());
                }
            }
            Input::LocalWrite(ids) => {
                let session = self.state.borrow().session.clone();
                if let Some(swap) = self.swap() {
                    swap.touch(&ids);
                }
                if !matches!(self.state.borrow().bundle, Bundling::Done) {
                    // The bundle's own imports land here too: they sync once it ends, if the
                    // other device turns out not to hold them as written here.
                    self.state.borrow_mut().deferred.extend(ids);
                } else if let Some(session) = session.filter(|s| s.is_ready()) {
                    session.sync_docs(ids).await;
                }
            }
            Input::LetIn => {}
            Input::Release => {
                let (orders, held) = {
                    let mut st = self.state.borrow_mut();
                    let Some(awaiting) = st.awaiting.take() else {
                        return false;
                    };
                    st.status.asks_let_in = false;
                    st.status.waits_for_office = false;
                    if st.learns_team && !awaiting.let_in {
                        // A factory's phone whose link named no team keeps to this one from now
                        // on (it joins no workspace: the office shares none with it).
                        crate::sync::settings::SyncSettings::learn_team(
                            &st.remote_workspace.to_string(),
                        );
                    }
                    (awaiting.orders, std::mem::take(&mut st.held).inputs)
                };
                if let Some(session) = self.session() {
                    self.handshaken(&session, orders).await;
                }
                // What the other device sent meanwhile, in the order it came.
                for input in held {
                    if Box::pin(self.handle(input)).await {
                        return true;
                    }
                }
            }
            Input::Pump => {}
            Input::Closed(reason) => {
                self.finish(reason);
                return true;
            }
        }
        let session = self.state.borrow().session.clone();
        if let Some(session) = session {
            self.enqueue(session.take_outgoing());
        }
        self.pump();
        self.feed_bundle().await;
        self.feed_files().await;
        self.report_soon();
        false
    }

    fn session(&self) -> Option<Session> {
        self.state.borrow().session.clone()
    }

    /// On a factory's phone waiting for it, whether `frame` is the office's answer to this
    /// phone's proof of its link (`link_proof::office_answers`).
    fn office_answered(&self, frame: &[u8]) -> bool {
        let Ok(gendan_sync::Message::Ephemeral { data, .. }) = gendan_sync::decode(frame) else {
            return false;
        };
        let Some(token) = crate::sync::settings::SyncSettings::factory_token() else {
            return false;
        };
        let (mine, theirs) = self.state.borrow().prints;
        link_proof::office_answers(&token, &data, &theirs, &mine)
    }

    /// On an office, answers the proof of a factory's phone whose link this office knows, so
    /// the phone knows it meets its team's office (before any document, which follows).
    fn answer_phone(&self, session: &Session, meta: &PeerMetadata) {
        let answer = {
            let st = self.state.borrow();
            let (Some(book), Some(proof)) = (&st.book, &meta.link_proof) else {
                return;
            };
            if !st.remote_factory || st.here.factory {
                return;
            }
            let (mine, theirs) = st.prints;
            book.answer(proof, &mine, &theirs)
        };
        if let Some((doc, data)) = answer {
            session.send_ephemeral(&doc, data);
        }
    }

    /// Whether the other device's handshake `meta` may sync as the team's device it says it is:
    /// a factory's phone is judged by its link (`Scope::Peer`); a device here holding no team
    /// key (a factory's phone, one joining another's workspace, a team that never used a relay)
    /// takes the other at its code's word; else it must prove one of this team's keys.
    fn proves_team(&self, meta: &PeerMetadata) -> bool {
        let st = self.state.borrow();
        st.here.factory
            || st.remote_factory
            || st.team_keys.is_empty()
            || team_proof::proves(
                &st.team_keys,
                meta.team_proof.as_deref(),
                &st.prints.1,
                &st.prints.0,
            )
    }

    fn swap(&self) -> Option<BlobSwap> {
        self.state.borrow().swap.clone()
    }

    fn enqueue_files(&self, frames: Vec<Vec<u8>>) {
        let mut st = self.state.borrow_mut();
        for f in frames {
            st.queue.extend(split_as(Stream::Files, &f));
        }
    }

    /// Sends what the channel takes; `true` while frames still wait for it, so nothing more
    /// is read from storage until it drains (the bundle and the files both feed this way).
    fn backed_up(&self) -> bool {
        self.pump();
        !self.state.borrow().queue.is_empty()
    }

    /// Feeds the blobs the other device asked for while the channel takes them: a chunk is read
    /// only when everything queued before it went out, so a photo at a time sits in memory and
    /// the channel's buffer (not this queue) holds the backlog; `Pump` comes back for more.
    async fn feed_files(&self) {
        let Some(swap) = self.swap() else { return };
        loop {
            if self.backed_up() {
                return;
            }
            match swap.next_frame().await {
                Some(frame) => self.enqueue_files(vec![frame]),
                None => return,
            }
        }
    }

    async fn opened(&self) {
        if self.state.borrow().session.is_some() {
            return;
        }
        let (repo, initiator, money, remote_ws, joins) = {
            let st = self.state.borrow();
            (
                st.repo.clone(),
                st.initiator,
                st.money,
                st.remote_workspace,
                st.joins_other_workspace(),
            )
        };
        debug(format!(
            "nearby: starting the protocol (initiator: {initiator})"
        ));
        if joins {
            // Joining the other device's workspace, as an invite does; this device's orders are
            // folded into it once it has arrived.
            if let Err(e) = repo.adopt_workspace(&remote_ws.to_string()).await {
                self.finish(Ended::Failed(e.to_string()));
                return;
            }
            self.state.borrow_mut().adopted = true;
        }
        // A factory's phone whose link named no team takes this one as its team once the office
        // has shown it holds the phone's link (`Input::Release`), not before: another
        // factory's phone posing as an office would otherwise become its team for good.
        let id = crate::platform::random_bytes::<8>();
        let peer = PeerId::new(format!("gendan-{}", hex::encode(id)));
        let orders = peer_bundle::orders_shared(&repo);
        self.state.borrow_mut().orders = orders;
        // A factory's phone takes no books, even from a device that ticked money for it, and
        // nothing new but the workspace (as it said in its code).
        let (factory, remote_factory, (mine, theirs)) = {
            let st = self.state.borrow();
            (st.here.factory, st.remote_factory, st.prints)
        };
        // Read after joining another's workspace: a device joining holds none of its keys.
        let team_keys = match factory {
            true => team_proof::Keys::new(),
            false => team_proof::keys(&repo).await,
        };
        let metadata = PeerMetadata {
            storage_id: Some(crate::prefs::device_id()),
            is_ephemeral: Some(false),
            orders: peer_bundle::orders_said(orders, factory),
            // The office syncs with a factory's phone only the orders it says it holds that
            // the link it proves reaches.
            shared: factory.then(|| repo.peer_order_ids()),
            link_proof: factory
                .then(crate::sync::settings::SyncSettings::factory_token)
                .flatten()
                .map(|token| link_proof::prove(&token, &theirs, &mine)),
            team_proof: team_proof::prove(&team_keys, &mine, &theirs),
            ..PeerMetadata::default()
        };
        self.state.borrow_mut().team_keys = team_keys;
        let conn = if initiator {
            Connection::initiator(peer, metadata, crate::platform::now_ms() as u64)
        } else {
            Connection::acceptor(peer, metadata, crate::platform::now_ms() as u64)
        };
        let scope = Scope::Peer {
            money,
            factory,
            remote_factory,
        };
        let session = Session::new(repo.clone(), conn, scope);
        if remote_factory {
            // The links the relay lists now, when it can be reached (an office connected for
            // days would hold a link stopped since); else those it listed last.
            if let Some(s) = crate::sync::settings::SyncSettings::load().filter(|s| !s.is_factory())
            {
                let asked = link_proof::refresh_on_a_relay(&repo, &s);
                let _ = crate::platform::within(BOOK_ASK_MS, asked).await;
            }
            let book = LinkBook::parse(&repo.link_book().await);
            self.state.borrow_mut().book = Some(book.clone());
            session.vouch_with(move |meta| {
                meta.link_proof
                    .as_deref()
                    .and_then(|proof| book.vouch(proof, &mine, &theirs))
            });
        }
        let swap = BlobSwap::new(repo.clone());
        let inbox = self.state.borrow().inbox.clone();
        let hook = repo.on_write(move |ids| {
            let _ = inbox.unbounded_send(Input::LocalWrite(ids));
        });
        {
            let mut st = self.state.borrow_mut();
            st.session = Some(session.clone());
            st.swap = Some(swap);
            st.write_hook = Some(hook);
            st.status.phase = Phase::Connected;
        }
        debug("nearby: protocol started".into());
        // Only the handshake goes out now: the documents wait for the other device's count,
        // which says whether a bundle comes first (`handshaken`).
        self.enqueue(session.take_outgoing());
        self.pump();
        self.report();
    }

    /// The handshake is complete: a bundle first when one side holds much less, else the
    /// documents sync at once.
    async fn handshaken(&self, session: &Session, theirs: Option<u64>) {
        if !matches!(self.state.borrow().bundle, Bundling::Undecided) {
            return;
        }
        let (repo, mine, money, factories) = {
            let st = self.state.borrow();
            (
                st.repo.clone(),
                st.orders,
                st.money,
                (st.here.factory, st.remote_factory),
            )
        };
        match peer_bundle::role_here(mine, theirs, factories) {
            Some(Role::Send) => {
                debug(format!("nearby: sending a bundle of {mine} orders first"));
                let out = Outgoing::new(&repo, money);
                self.state.borrow_mut().bundle = Bundling::Sending(out);
            }
            Some(Role::Receive) => {
                let expected = theirs.unwrap_or(0);
                debug(format!(
                    "nearby: receiving a bundle of {expected} orders first"
                ));
                self.state.borrow_mut().bundle = Bundling::Receiving(Incoming::new(expected));
            }
            None => {
                self.state.borrow_mut().bundle = Bundling::Done;
                self.sync_all(session, &HashSet::new()).await;
            }
        }
        self.bundle_status();
    }

    /// Syncs what this side shares and what was written here meanwhile, except `settled`
    /// (started confirmed): in batches, so the first documents travel while later ones are
    /// still being loaded.
    async fn sync_all(&self, session: &Session, settled: &HashSet<String>) {
        let deferred = std::mem::take(&mut self.state.borrow_mut().deferred);
        let mut ids = session.initial_ids();
        ids.extend(deferred);
        let mut seen = HashSet::new();
        ids.retain(|id| !settled.contains(id) && seen.insert(id.clone()));
        for batch in ids.chunks(50) {
            session.sync_docs(batch.to_vec()).await;
            self.enqueue(session.take_outgoing());
            self.pump();
            self.report_soon();
        }
    }

    /// Handles one frame of the bundle stream; an error ends the connection.
    async fn bundle_frame(&self, bytes: &[u8]) -> Result<(), peer_bundle::FrameError> {
        let frame = BundleFrame::decode(bytes)?;
        let Some(session) = self.session() else {
            return Ok(());
        };
        let repo = self.state.borrow().repo.clone();
        let bundling = std::mem::replace(&mut self.state.borrow_mut().bundle, Bundling::Done);
        match (bundling, frame) {
            (Bundling::Receiving(mut incoming), BundleFrame::Page(page)) => {
                let changed = incoming.page(&repo, &page).await;
                self.state.borrow_mut().bundle = Bundling::Receiving(incoming);
                self.tell_changed(changed);
            }
            (Bundling::Receiving(incoming), BundleFrame::End) => {
                let received = incoming.finish(&repo).await;
                self.tell_changed(received.changed);
                self.queue_bundle(&BundleFrame::Held(received.held));
                debug(format!(
                    "nearby: bundle imported, {} documents held as sent",
                    received.confirmed.len()
                ));
                session.resume_confirmed(&received.confirmed);
                let settled = received.confirmed.into_iter().map(|(id, _)| id).collect();
                self.sync_all(&session, &settled).await;
            }
            (Bundling::Sent(outgoing), BundleFrame::Held(held)) => {
                let confirmed = outgoing.confirmed(&repo, &held);
                debug(format!(
                    "nearby: {} of {} documents held as sent",
                    confirmed.len(),
                    held.len()
                ));
                session.resume_confirmed(&confirmed);
                let settled = confirmed.into_iter().map(|(id, _)| id).collect();
                self.sync_all(&session, &settled).await;
            }
            (other, _) => {
                self.state.borrow_mut().bundle = other;
                return Err(peer_bundle::FrameError::Unexpected(
                    "a bundle frame out of turn",
                ));
            }
        }
        self.bundle_status();
        Ok(())
    }

    fn tell_changed(&self, ids: Vec<String>) {
        if ids.is_empty() {
            return;
        }
        if let Some(swap) = self.swap() {
            swap.touch(&ids);
        }
        let cb = self.state.borrow().on_changed.clone();
        cb(ids);
    }

    fn queue_bundle(&self, frame: &BundleFrame) {
        let mut st = self.state.borrow_mut();
        st.queue.extend(split_as(Stream::Bundle, &frame.encode()));
    }

    /// Sends bundle pages while the channel takes them: a page is read from storage only when
    /// everything queued before it went out (as [`PeerLink::feed_files`] does).
    async fn feed_bundle(&self) {
        let repo = self.state.borrow().repo.clone();
        loop {
            if self.backed_up() {
                return;
            }
            let bundling = std::mem::replace(&mut self.state.borrow_mut().bundle, Bundling::Done);
            let mut out = match bundling {
                Bundling::Sending(out) => out,
                other => {
                    self.state.borrow_mut().bundle = other;
                    return;
                }
            };
            let frame = out.next(&repo).await;
            let last = matches!(frame, Some(BundleFrame::End) | None);
            if let Some(frame) = frame {
                self.queue_bundle(&frame);
            }
            self.state.borrow_mut().bundle = match last {
                true => Bundling::Sent(out),
                false => Bundling::Sending(out),
            };
            self.bundle_status();
            if last {
                self.pump();
                return;
            }
        }
    }

    /// Puts the bundle's progress in the status shown.
    fn bundle_status(&self) {
        let mut st = self.state.borrow_mut();
        st.status.bundle = match &st.bundle {
            Bundling::Sending(o) | Bundling::Sent(o) => Some(BundleProgress {
                sending: true,
                orders: o.orders_sent as u64,
                of: o.orders_total as u64,
            }),
            Bundling::Receiving(i) => Some(BundleProgress {
                sending: false,
                orders: (i.received() as u64).min(i.orders_expected),
                of: i.orders_expected,
            }),
            Bundling::Undecided | Bundling::Done => None,
        };
    }

    fn enqueue(&self, frames: Vec<Vec<u8>>) {
        let mut st = self.state.borrow_mut();
        for f in frames {
            st.queue.extend(split(&f));
        }
    }

    /// Feeds queued pieces to the channel while its buffer has room.
    fn pump(&self) {
        let mut st = self.state.borrow_mut();
        let Some(channel) = st.channel.clone() else {
            return;
        };
        if channel.ready_state() != RtcDataChannelState::Open {
            return;
        }
        while channel.buffered_amount() < HIGH_WATER {
            let Some(piece) = st.queue.pop_front() else {
                break;
            };
            if channel.send_with_u8_array(&piece).is_err() {
                st.queue.push_front(piece);
                break;
            }
            st.status.sent_bytes += piece.len() as u64;
        }
        st.status.queued = st.queue.len();
    }

    /// Reports the status now, or at the end of the interval when one went less than
    /// [`REPORT_MS`] ago (see `throttle.rs`).
    fn report_soon(&self) {
        let asked = self
            .state
            .borrow_mut()
            .reports
            .ask(crate::platform::now_ms());
        // A timer must not keep a closed link alive.
        report_as(asked, Rc::downgrade(&self.state), |weak| {
            if let Some(state) = weak.upgrade() {
                PeerLink { state }.report();
            }
        });
    }

    fn report(&self) {
        let (status, cb, offer) = {
            let mut st = self.state.borrow_mut();
            st.reports.reported(crate::platform::now_ms());
            if let Some(session) = st.session.clone() {
                st.status.progress = session.progress();
            }
            st.status.queued = st.queue.len();
            let offer =
                st.swap.as_ref().is_some_and(|s| s.wants_offer()) && st.status.documents_settled();
            if let Some(swap) = &st.swap {
                st.status.files = swap.progress();
            }
            (st.status.clone(), st.on_status.clone(), offer)
        };
        if offer {
            // The documents are confirmed both ways: what they reference can follow.
            self.send(Input::Offer);
        }
        cb(status);
    }

    /// Stops everything: listeners off, channel and connection closed, the reason shown.
    fn finish(&self, reason: Ended) {
        let (repo, hook, channel, pc, adopted, on_changed) = {
            let mut st = self.state.borrow_mut();
            if matches!(st.status.phase, Phase::Closed(_)) {
                return;
            }
            debug(format!("nearby: finished ({reason:?})"));
            st.status.phase = Phase::Closed(reason);
            st.session = None;
            st.swap = None;
            // Nothing more to decide or wait for, and nothing held is kept.
            st.awaiting = None;
            st.held = Held::default();
            st.status.asks_let_in = false;
            st.status.waits_for_office = false;
            (
                st.repo.clone(),
                st.write_hook.take(),
                st.channel.clone(),
                st.pc.clone(),
                std::mem::take(&mut st.adopted),
                st.on_changed.clone(),
            )
        };
        if let Some(hook) = hook {
            repo.off_write(hook);
        }
        if adopted {
            let repo = repo.clone();
            spawn_local(async move {
                match repo.abandon_join().await {
                    // The screens read this device's own workspace again.
                    Ok(Some(own)) => on_changed(vec![own]),
                    Ok(None) => {}
                    Err(e) => {
                        crate::platform::warn(&format!("could not go back to this workspace: {e}"))
                    }
                }
            });
        }
        pc.set_onconnectionstatechange(None);
        pc.set_ondatachannel(None);
        if let Some(c) = &channel {
            c.set_onclose(None);
            c.set_onopen(None);
            c.set_onbufferedamountlow(None);
            // Let queued pieces (a `leave`) drain before the transport goes away.
            c.close();
        }
        let weak = Rc::downgrade(&self.state);
        // A timer: the transport closes after queued pieces had a moment to drain.
        spawn_local(async move {
            crate::platform::sleep_ms(1_000).await;
            pc.close();
            if let Some(st) = weak.upgrade() {
                if let Some(c) = st.borrow().channel.as_ref() {
                    c.set_onmessage(None);
                }
                // Nothing calls the closures any more.
                st.borrow_mut().callbacks.clear();
            }
        });
        self.report();
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    //! Reading an answer in a real browser: one the browser refuses leaves the offer as it was.
    use super::*;
    use crate::storage::agenda_tests::author;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    /// What an untrusted device sends is kept in order up to the bound, and one byte past it
    /// ends the connection (a device sending without end would fill this tab's memory).
    #[wasm_bindgen_test]
    fn what_an_untrusted_device_sends_is_held_in_order_up_to_a_bound() {
        let most = 25 + 3 * HELD_ENTRY;
        let mut held = Held::default();
        assert!(held.keep(Input::Frame(vec![1; 10]), most));
        assert!(
            held.keep(Input::Frame(Vec::new()), most),
            "empty, but not free"
        );
        assert!(held.keep(Input::Bundle(vec![2; 15]), most));
        assert_eq!(held.bytes, most);
        assert!(!held.keep(Input::Files(vec![3; 1]), most));
        let order: Vec<usize> = held
            .inputs
            .iter()
            .map(|i| i.weight() - HELD_ENTRY)
            .collect();
        assert_eq!(order, [10, 0, 15, 1]);
        // A flood of empty frames reaches the bound too.
        let mut flood = Held::default();
        let kept = (0..)
            .take_while(|_| flood.keep(Input::Frame(Vec::new()), MAX_HELD))
            .count();
        assert_eq!(kept, MAX_HELD / HELD_ENTRY);
    }

    wasm_bindgen_test_configure!(run_in_browser);

    async fn repo(tag: &str) -> Repo {
        let name = format!("gendan-test-peer-{tag}-{}", js_sys::Math::random());
        Repo::open_in(&name, author()).await.expect("storage opens")
    }

    /// An office ticked money and showed its code. A factory's phone of the team answers and
    /// the browser refuses that answer: the link is as it was, money ticked and no factory on
    /// the other side (before, the refused answer had turned money off for the link).
    #[wasm_bindgen_test]
    async fn an_answer_the_browser_refuses_leaves_the_link_as_it_was() {
        // A link's inbox runs as a task of the app's executor, which mounting starts.
        let app = leptos::prelude::Owner::new();
        let _screen = crate::screen_tests::mount(&app, || ());
        let office = repo("office").await;
        let (link, offer) = PeerLink::offer(office, true, |_| {}, |_| {})
            .await
            .expect("the offer is made");
        let other = repo("other-office").await;
        let (answering, answer) = PeerLink::answer(other, true, &offer, |_| {}, |_| {})
            .await
            .expect("the answer is made");
        // A factory's phone's answer whose session the browser refuses (an ICE username
        // shorter than four characters does not parse).
        let mut refused = PeerCode::decode(&answer, CodeKind::Answer).expect("reads");
        refused.factory = true;
        refused.workspace = PeerCode::decode(&offer, CodeKind::Offer)
            .expect("reads")
            .workspace;
        refused.session.ufrag = "x".into();
        let err = link.accept_answer(&refused.encode()).await;
        assert!(matches!(err, Err(PeerError::Browser(_))), "{err:?}");
        {
            let st = link.state.borrow();
            assert_eq!(st.status.phase, Phase::WaitingForAnswer);
            assert!(st.money, "money is as ticked again");
            assert!(!st.remote_factory);
        }
        // Chromium then refuses every later answer to this offer (a failed remote answer stays
        // pending), so the person starts again; the link says what it said before all the same.
        drop(answer);
        link.close();
        answering.close();
    }
}
