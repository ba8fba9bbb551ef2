//! What every section of an order shares: the order as last saved, its commercial document (when
//! this device has it), the workspace, and the edit helpers that send every write through the
//! repo's general edit path and turn a refusal into words for the screen.

use gendan_domain::lifecycle::{Gate, Violation};
use gendan_domain::order::{Field, Issue, Problem};
use gendan_domain::{Commercial, Day, DomainError, Order, OrderStatus, Workspace};
use std::rc::Rc;

use leptos::prelude::*;

use crate::i18n::{fill, problem_text, status_key, use_i18n, I18n, Lang, K};
use crate::pages::action::{edit_action, Submit};
use crate::state::store::{use_store, Store};
use crate::storage::repo::{Edit, EditError};
use crate::storage::StoreError;

#[derive(Clone, Copy)]
pub(crate) struct OrderCtx {
    pub id: StoredValue<String>,
    pub order: RwSignal<Order>,
    /// The commercial document, when this device has it.
    pub commercial: RwSignal<Option<Commercial>>,
    /// The order links a commercial document this device does not have, or has and cannot
    /// read: money stays hidden.
    pub commercial_elsewhere: RwSignal<bool>,
    /// Why the order's commercial document, held here, does not read (a peer's change broke
    /// it): the money section says so and offers it back.
    pub commercial_broken: RwSignal<Option<String>>,
    /// The order's prices a currency switch made on another device relabelled: said on Money
    /// and beside the price until someone confirms or retypes them.
    pub relabelled: RwSignal<Vec<gendan_domain::relabelled::Relabelled>>,
    /// The order's prices two devices set at once: said with both values until one is kept.
    pub competing: RwSignal<Vec<gendan_domain::relabelled::Competing>>,
    pub workspace: RwSignal<Workspace>,
    /// How many edits have landed on the screen: a read that began before one landed would
    /// show the order as it was before it (a confirmation seen, then undone on screen).
    landed: StoredValue<u64>,
    /// How many loads have started: only the latest shows what it read.
    loads: StoredValue<u64>,
    /// Whether any load has shown what it read.
    shown: StoredValue<bool>,
    i18n: I18n,
    store: Store,
}

/// Reads of the order a load makes while edits keep landing before it gives way to them.
const MAX_READS: usize = 3;

/// The order and what the screen shows beside it, as read from the repo at one time.
struct Read {
    order: Order,
    commercial: Option<Commercial>,
    broken: Option<String>,
    merges: (
        Vec<gendan_domain::relabelled::Relabelled>,
        Vec<gendan_domain::relabelled::Competing>,
    ),
    workspace: Option<Workspace>,
}

/// A refused or failed action, said in words; `gates` lists the closed gates, if that was why,
/// and `lead` the words before them ("closed:", "needs a reason:").
#[derive(Clone, Debug, Default)]
pub(crate) struct Failure {
    pub text: String,
    pub gates: Vec<Gate>,
    pub lead: Option<K>,
}

impl Failure {
    /// The text again with the gates named by `names` (a screen that knows the order words
    /// them better than the rule's error can, see [`refused_gate_text`]).
    pub fn name_gates(&mut self, lang: Lang, names: &[String]) {
        if let Some(lead) = self.lead {
            self.text = gates_sentence(lang, lead, names);
        }
    }
}

fn gates_sentence(lang: Lang, lead: K, names: &[String]) -> String {
    format!("{} {}", lead.text(lang), names.join("; "))
}

/// A refusal for closed gates: its lead and the gates as the rule's error names them.
fn gates_refused(lang: Lang, lead: K, gates: &[Gate]) -> String {
    let names: Vec<String> = gates.iter().map(|g| gate_words(lang, g)).collect();
    gates_sentence(lang, lead, &names)
}

/// The lead of a refusal that is a list of gates.
fn gate_lead(e: &DomainError) -> Option<K> {
    match e {
        DomainError::GateClosed { .. } => Some(K::GateClosed),
        DomainError::OverrideWithoutReason { .. } => Some(K::OverrideNeedsReason),
        _ => None,
    }
}

pub(crate) fn gate_key(g: &Gate) -> K {
    match g {
        Gate::Deposit => K::GateDeposit,
        Gate::Balance => K::GateBalance,
        Gate::FinalInspection => K::GateFinalInspection,
        Gate::FinalLot { .. } => K::GateFinalLot,
        Gate::SampleApproval(_) => K::GateSample,
        Gate::BuyerConfirmed => K::GateBuyerConfirmed,
    }
}

fn gate_text(i18n: I18n, g: &Gate) -> String {
    gate_words(i18n.0.get_untracked(), g)
}

/// A gate that refused a move of `order`, in words. A money gate closed with nothing owed (a
/// 0 % deposit, goods worth nothing) says so: it opens only by a logged reason, and "not
/// confirmed" beside a ledger owing nothing would read as a fault. A deposit whose terms ask
/// less than the team's least deposit (`least`, basis points) names what it waits for.
pub(crate) fn refused_gate_text(
    i18n: I18n,
    g: &Gate,
    order: &Order,
    commercial: Option<&Commercial>,
    least: u32,
) -> String {
    let said = gate_refusal(i18n, g, order, commercial, least);
    match waiver_outgrown_text(i18n.0.get_untracked(), g, order, commercial) {
        Some(why) => format!("{said} — {why}"),
        None => said,
    }
}

fn gate_refusal(
    i18n: I18n,
    g: &Gate,
    order: &Order,
    commercial: Option<&Commercial>,
    least: u32,
) -> String {
    if let (Gate::Deposit, Some(c)) = (g, commercial) {
        if let Some(text) = below_least_deposit(i18n, order, c, least) {
            return text;
        }
    }
    let none = match (g, commercial) {
        (Gate::Deposit, Some(c)) => {
            c.deposit_confirmed(order) && !c.deposit_opens_gate_for(order, least)
        }
        (Gate::Balance, Some(c)) => {
            c.balance_confirmed_for(order) && !c.balance_opens_gate_for(order)
        }
        _ => false,
    };
    if *g == Gate::FinalInspection && gendan_domain::inspection::failure_unsettled(order) {
        return i18n.t(K::GateFinalUnsettled).to_string();
    }
    match (none, g) {
        (true, Gate::Deposit) => i18n.t(K::GateDepositNone).to_string(),
        (true, _) => i18n.t(K::GateBalanceNone).to_string(),
        (false, _) => gate_text(i18n, g),
    }
}

/// Why a waiver someone gave `g` no longer lets it through, in words: the latest such waiver,
/// who gave it and why, and that the gate asks more now or the goods came back since
/// (`waiver_cover::outgrown`).
pub(crate) fn waiver_outgrown_text(
    lang: Lang,
    g: &Gate,
    order: &Order,
    commercial: Option<&Commercial>,
) -> Option<String> {
    use gendan_domain::waiver_cover::{outgrown, Outgrown};
    let (w, why) = outgrown(order, commercial, g).into_iter().next()?;
    let key = match why {
        Outgrown::AsksMore => K::WaiverAsksMore,
        Outgrown::CameBack => K::WaiverCameBack,
    };
    let reason = if w.reason.trim().is_empty() {
        "…"
    } else {
        w.reason.as_str()
    };
    Some(crate::i18n::fill(
        key.text(lang),
        &[("who", &w.who), ("reason", reason)],
    ))
}

/// When the order's terms ask a deposit below the team's least deposit (`least`, basis points)
/// and it is not yet received: what the deposit gate waits for, in words.
pub(crate) fn below_least_deposit(
    i18n: I18n,
    order: &Order,
    c: &Commercial,
    least: u32,
) -> Option<String> {
    let floor = c.deposit_below_floor(order, least)?;
    Some(crate::i18n::fill(
        i18n.t(K::GateDepositBelowLeast),
        &[
            ("percent", &crate::pages::typed::bp_as_percent(least)),
            ("floor", &format!("{} {floor}", c.currency)),
        ],
    ))
}

/// A gate in words, in `lang`.
pub(crate) fn gate_words(lang: Lang, g: &Gate) -> String {
    match g {
        Gate::SampleApproval(k) => format!("{} ({})", gate_key(g).text(lang), k.code()),
        Gate::FinalLot {
            lot,
            needed,
            shipment: Some(_),
        } => format!("{} ({lot} < {needed})", K::GateShipmentLot.text(lang)),
        Gate::FinalLot { lot, needed, .. } => {
            format!("{} ({lot} < {needed})", gate_key(g).text(lang))
        }
        _ => gate_key(g).text(lang).to_string(),
    }
}

/// A "needs a decision" in words (`lifecycle::violations`), for the order page and Today.
pub(crate) fn violation_text(lang: Lang, v: &Violation) -> String {
    let status = |s: OrderStatus| status_key(s).text(lang);
    let code = |c: &str| {
        OrderStatus::from_code(c).map_or_else(|| c.to_string(), |s| status(s).to_string())
    };
    match v {
        Violation::GateNotMet { status: s, gate } => format!(
            "{} {} ({})",
            K::VGateNotMet.text(lang),
            gate_words(lang, gate),
            status(*s)
        ),
        Violation::ShippedDateNotShipped { day, .. } => {
            format!("{} {day}", K::VShippedDate.text(lang))
        }
        Violation::ConcurrentMoves { status: s, moves } => format!(
            "{} {} → {}",
            K::VConcurrent.text(lang),
            moves
                .iter()
                .map(|m| format!("{} ({})", code(&m.to), m.who))
                .collect::<Vec<_>>()
                .join(" / "),
            status(*s)
        ),
        Violation::StatusNotLogged { status: s, logged } => format!(
            "{} {} ≠ {}",
            K::VStatusNotLogged.text(lang),
            status(*s),
            code(logged)
        ),
        Violation::LeftShipped { .. } => K::VLeftShipped.text(lang).to_string(),
        Violation::QuantitiesChangedUnlogged { recorded, now } => fill(
            K::VQuantitiesUnlogged.text(lang),
            &[
                ("from", &crate::listing::fmt_int(*recorded)),
                ("to", &crate::listing::fmt_int(*now)),
            ],
        ),
        Violation::QuantitiesCutUnlogged { recorded, now } => fill(
            K::VQuantitiesCutUnlogged.text(lang),
            &[
                ("from", &crate::listing::fmt_int(*recorded)),
                ("to", &crate::listing::fmt_int(*now)),
            ],
        ),
        Violation::FactoryChangedUnlogged { .. } => K::VFactoryUnlogged.text(lang).to_string(),
        Violation::ShippedChangedUnlogged { day, .. } => fill(
            K::VShippedChangedUnlogged.text(lang),
            &[("day", &crate::listing::fmt_day(lang, &day.to_string()))],
        ),
        Violation::ProductionNotReleased {
            status: s,
            pieces,
            accepted,
        } => fill(
            if *accepted == 0 {
                K::VProductionNotReleased
            } else {
                K::VProductionBeyondAccepted
            }
            .text(lang),
            &[
                ("pieces", pieces.to_string().as_str()),
                ("accepted", accepted.to_string().as_str()),
                ("status", status(*s)),
            ],
        ),
    }
}

/// A refusal by a domain rule in words, in `lang`.
pub(crate) fn rule_text(lang: Lang, e: &DomainError) -> String {
    match e {
        DomainError::GateClosed { gates } => gates_refused(lang, K::GateClosed, gates),
        DomainError::OverrideWithoutReason { gates } => {
            gates_refused(lang, K::OverrideNeedsReason, gates)
        }
        DomainError::Problem(p) => problem_text(lang, p),
        DomainError::NotLate(_) => K::ErrNotLate.text(lang).to_string(),
        DomainError::ReasonRequired => K::ErrReasonRequired.text(lang).to_string(),
        DomainError::NotReopenable(_) => K::ErrNotReopenable.text(lang).to_string(),
        DomainError::Discontinued => K::AcceptanceDiscontinued.text(lang).to_string(),
        DomainError::Suspended => K::ErrSuspended.text(lang).to_string(),
        DomainError::MoneyNotHere => K::ErrMoneyNotHere.text(lang).to_string(),
        DomainError::OwnRequest => K::ErrOwnRequest.text(lang).to_string(),
        DomainError::OwnReceipt => K::ErrOwnReceipt.text(lang).to_string(),
        DomainError::ReceiptVoided => K::ErrReceiptVoided.text(lang).to_string(),
        DomainError::ReceiptTwin => K::ErrReceiptTwin.text(lang).to_string(),
        DomainError::OwnDeduction => K::ErrOwnDeduction.text(lang).to_string(),
        DomainError::DeductionVoided => K::ErrDeductionVoided.text(lang).to_string(),
        DomainError::DeductionTwin => K::ErrDeductionTwin.text(lang).to_string(),
        DomainError::NoticeWithdrawn => K::ErrNoticeWithdrawn.text(lang).to_string(),
        DomainError::RequestDecided => K::ErrRequestDecided.text(lang).to_string(),
        DomainError::PaymentWithoutRequest => K::ErrPaymentWithoutRequest.text(lang).to_string(),
        DomainError::RequestNotApproved => K::ErrRequestNotApproved.text(lang).to_string(),
        DomainError::ChargeWithoutRequest => K::ErrChargeWithoutRequest.text(lang).to_string(),
        DomainError::OwnCharge => K::ErrOwnCharge.text(lang).to_string(),
        DomainError::ChargeVoided => K::ErrChargeVoided.text(lang).to_string(),
        DomainError::ChargePaid => K::ErrChargePaid.text(lang).to_string(),
        DomainError::ChargeTwin => K::ErrChargeTwin.text(lang).to_string(),
        DomainError::Transition { .. } => K::ErrTransition.text(lang).to_string(),
        DomainError::NotFound { .. } => K::ErrNotFound.text(lang).to_string(),
        DomainError::NotAFailedInspection(_) => K::ErrNotAFailedInspection.text(lang).to_string(),
        DomainError::Document(_) => K::ErrDocument.text(lang).to_string(),
    }
}

pub(crate) fn explain(i18n: I18n, e: EditError) -> Failure {
    match e {
        EditError::Rule(rule) => Failure {
            text: rule_text(i18n.0.get_untracked(), &rule),
            lead: gate_lead(&rule),
            gates: match rule {
                DomainError::GateClosed { gates }
                | DomainError::OverrideWithoutReason { gates } => gates,
                _ => Vec::new(),
            },
        },
        EditError::Store(s) => Failure {
            text: match s {
                StoreError::MoneyLink(_) => {
                    K::ErrMoneyLink.text(i18n.0.get_untracked()).to_string()
                }
                StoreError::WaiverNeedsBooks { .. } => K::ErrWaiverNeedsBooks
                    .text(i18n.0.get_untracked())
                    .to_string(),
                other => other.to_string(),
            },
            ..Failure::default()
        },
    }
}

/// A change to the order kept as a value, so an [`Action`] can take it as its input.
pub(crate) type OrderEdit = Rc<dyn Fn(&mut Order) -> Result<(), DomainError>>;

impl OrderCtx {
    /// An action that applies [`OrderEdit`]s through [`OrderCtx::edit`]; a refusal shows in
    /// `error`.
    pub fn edit_action(self, error: RwSignal<Option<String>>) -> Submit<OrderEdit> {
        edit_action(error, move |f: OrderEdit| self.edit(move |o| f(o)))
    }

    pub fn new(id: String) -> OrderCtx {
        OrderCtx {
            id: StoredValue::new(id),
            order: RwSignal::new(Order::new()),
            commercial: RwSignal::new(None),
            commercial_elsewhere: RwSignal::new(false),
            commercial_broken: RwSignal::new(None),
            relabelled: RwSignal::new(Vec::new()),
            competing: RwSignal::new(Vec::new()),
            workspace: RwSignal::new(Workspace::default()),
            landed: StoredValue::new(0),
            loads: StoredValue::new(0),
            shown: StoredValue::new(false),
            i18n: use_i18n(),
            store: use_store(),
        }
    }

    pub fn id(self) -> String {
        self.id.get_value()
    }

    /// The order's id while its screen is open; `None` once it was left (what finishes in the
    /// background then has no screen to go on to).
    pub fn try_id(self) -> Option<String> {
        self.id.try_get_value()
    }

    /// Reads the order, its commercial document and the workspace from the repo.
    ///
    /// An edit that lands while this reads (a reload after a peer's change, say, and a tap on
    /// "confirm") is newer than what was read: the order is read again rather than shown as it
    /// was before the edit.
    ///
    /// Of two loads under way (a peer's changes arriving one after the other), only the later
    /// one shows what it read: the earlier may have read before the later's change.
    pub async fn load(self) -> Result<(), String> {
        let closed = || "the order's screen is closed".to_string();
        let mine = self
            .loads
            .try_update_value(|n| {
                *n += 1;
                *n
            })
            .ok_or_else(closed)?;
        for _ in 0..MAX_READS {
            let seen = self.landed.try_get_value().ok_or_else(closed)?;
            let read = self.read().await?;
            if self.loads.try_get_value() != Some(mine) {
                // A later load shows what it reads; until then the screen shows this rather
                // than nothing, should it be the first.
                if self.shown.try_get_value() == Some(false) {
                    self.show_read(read);
                }
                return Ok(());
            }
            if self.landed.try_get_value() == Some(seen) {
                self.show_read(read);
                return Ok(());
            }
        }
        // Edits kept landing, each showing the order as it saved it; what else was read (the
        // books' merges, the team's document) is read again once they have.
        self.reload();
        Ok(())
    }

    async fn read(self) -> Result<Read, String> {
        let Some(repo) = self.store.repo() else {
            return Err("storage is not open".into());
        };
        // Reloads run in the background: the screen may be gone before this one starts.
        let Some(id) = self.id.try_get_value() else {
            return Err("the order's screen is closed".into());
        };
        let order = repo.order(&id).await.map_err(|e| e.to_string())?;
        #[cfg(test)]
        tests::paused().await;
        let (commercial, broken) = match repo.commercial(&id).await {
            Ok(c) => (c, None),
            Err(e) => (None, Some(explain(self.i18n, e.into()).text)),
        };
        let merges = if commercial.is_some() {
            repo.price_merges(&id).await.unwrap_or_default()
        } else {
            Default::default()
        };
        Ok(Read {
            order,
            commercial,
            broken,
            merges,
            workspace: repo.workspace_value().ok(),
        })
    }

    fn show_read(self, r: Read) {
        self.shown.try_set_value(true);
        self.commercial_elsewhere
            .set(r.order.commercial.is_some() && r.commercial.is_none());
        self.commercial_broken.set(r.broken);
        self.relabelled.set(r.merges.0);
        self.competing.set(r.merges.1);
        self.commercial.set(r.commercial);
        self.order.set(r.order);
        if let Some(ws) = r.workspace {
            self.workspace.set(ws);
        }
    }

    /// A load ended while an edit saved (`loads`: the count when the edit began): what the edit
    /// shows may predate what that load read (a peer's change), so the order is read again.
    fn reload_if_loaded_since(self, loads: Option<u64>) {
        if loads.is_some() && self.loads.try_get_value() != loads {
            self.reload();
        }
    }

    /// An edit landed: the screen shows the order (and the books, when they changed) as saved.
    pub fn show_saved(self, order: Order, books: Option<Commercial>) {
        self.landed.try_update_value(|n| *n += 1);
        if let Some(books) = books {
            self.commercial.set(Some(books));
        }
        self.order.set(order);
    }

    /// Reads the order again in the background, after a change made outside an edit (a
    /// restore, a confirmation, a value kept): the sections then show it.
    pub fn reload(self) {
        leptos::task::spawn_local(async move {
            let _ = self.load().await;
        })
    }

    /// What a merge did to the order's prices ([`gendan_domain::relabelled`]), read after its
    /// books were saved here.
    async fn read_price_merges(self, repo: &crate::storage::Repo, id: &str) {
        let (relabelled, competing) = repo.price_merges(id).await.unwrap_or_default();
        self.relabelled.set(relabelled);
        self.competing.set(competing);
    }

    /// Edits the order: hydrate → `f` → reconcile → persist. On success the sections see the
    /// order as saved.
    ///
    /// The id is read when this is called, not when it is first awaited: called before any
    /// await, it holds even if the screen is left before the edit lands.
    pub fn edit<'a, R: 'a>(
        self,
        f: impl FnOnce(&mut Order) -> Result<R, DomainError> + 'a,
    ) -> impl std::future::Future<Output = Result<R, Failure>> + 'a {
        self.edit_boxed(self.id(), Box::new(f))
    }

    /// [`OrderCtx::edit`] of the order `id`, read by the caller before it awaited anything:
    /// background work (a photo downscaled, then recorded) finishes after its screen is gone,
    /// when reading the id from this context would panic, the page's values being disposed.
    pub async fn edit_order<R>(
        self,
        id: String,
        f: impl FnOnce(&mut Order) -> Result<R, DomainError>,
    ) -> Result<R, Failure> {
        self.edit_boxed(id, Box::new(f)).await
    }

    async fn edit_boxed<R>(self, id: String, f: Edit<'_, Order, R>) -> Result<R, Failure> {
        let store = self.store;
        let Some(repo) = store.repo() else {
            return Err(Failure::default());
        };
        let loads = self.loads.try_get_value();
        match store.track_edit(repo.edit_order_seen(&id, f)).await {
            Ok((order, out, books)) => {
                // A waived money gate went to the books: the sections judge with them.
                self.show_saved(order, books);
                self.reload_if_loaded_since(loads);
                Ok(out)
            }
            Err(e) => Err(explain(self.i18n, e)),
        }
    }

    /// Edits the commercial document (created and linked on first use).
    /// The id is read when this is called, as for [`OrderCtx::edit`].
    pub fn edit_commercial<'a, R: 'a>(
        self,
        f: impl FnOnce(&mut Commercial) -> Result<R, DomainError> + 'a,
    ) -> impl std::future::Future<Output = Result<R, Failure>> + 'a {
        self.edit_commercial_boxed(self.id(), Box::new(f))
    }

    /// [`OrderCtx::edit_commercial`] of the order `id`, read before awaiting (see
    /// [`OrderCtx::edit_order`]).
    pub async fn edit_commercial_of<R>(
        self,
        id: String,
        f: impl FnOnce(&mut Commercial) -> Result<R, DomainError>,
    ) -> Result<R, Failure> {
        self.edit_commercial_boxed(id, Box::new(f)).await
    }

    async fn edit_commercial_boxed<R>(
        self,
        id: String,
        f: Edit<'_, Commercial, R>,
    ) -> Result<R, Failure> {
        let store = self.store;
        let Some(repo) = store.repo() else {
            return Err(Failure::default());
        };
        let loads = self.loads.try_get_value();
        match store.track_edit(repo.edit_commercial(&id, f)).await {
            Ok((c, out)) => {
                self.landed.try_update_value(|n| *n += 1);
                self.commercial.set(Some(c));
                // A price typed again is written knowing the currency and settles a conflict.
                self.read_price_merges(&repo, &id).await;
                if let Ok(o) = repo.order(&id).await {
                    self.show_saved(o, None);
                }
                self.reload_if_loaded_since(loads);
                Ok(out)
            }
            Err(e) => Err(explain(self.i18n, e)),
        }
    }

    /// The standing of the party `id` as this device's workspace holds it now (read from the
    /// repo, not the screen's copy, so a suspension made in another tab counts), approved for
    /// a party it does not know.
    pub fn standing_of(self, id: &str) -> gendan_domain::standing::Standing {
        self.party_now(id).map(|p| p.standing()).unwrap_or_default()
    }

    /// The party `id` as this device's workspace holds it now (see [`OrderCtx::standing_of`]).
    pub fn party_now(self, id: &str) -> Option<gendan_domain::workspace::Party> {
        let ws = self
            .store
            .repo()
            .and_then(|r| r.workspace_value().ok())
            .unwrap_or_else(|| self.workspace.get_untracked());
        ws.parties.get(id.trim()).cloned()
    }

    /// Edits the workspace (templates, defect library, parties).
    #[allow(dead_code)] // for sections that add parties or defect types in place
    pub async fn edit_workspace<R>(
        self,
        f: impl FnOnce(&mut Workspace) -> Result<R, DomainError>,
    ) -> Result<R, Failure> {
        self.edit_workspace_boxed(Box::new(f)).await
    }

    async fn edit_workspace_boxed<R>(self, f: Edit<'_, Workspace, R>) -> Result<R, Failure> {
        let store = self.store;
        let Some(repo) = store.repo() else {
            return Err(Failure::default());
        };
        match store.track_edit(repo.edit_workspace(f)).await {
            Ok((ws, out)) => {
                self.workspace.set(ws);
                Ok(out)
            }
            Err(e) => Err(explain(self.i18n, e)),
        }
    }
}

/// The name changes are recorded under.
pub(crate) fn who() -> String {
    // The person's name (asked on first start); a device id is never written as someone's name.
    crate::prefs::author().name
}

/// Parses an optional day from a date input ("" → `None`).
pub(crate) fn parse_day(s: &str) -> Result<Option<Day>, ()> {
    let s = s.trim();
    if s.is_empty() {
        Ok(None)
    } else {
        s.parse().map(Some).map_err(|_| ())
    }
}

/// A problem found on the screen before anything is saved ("Quantity: Not a number"), said like
/// the domain's own refusals.
pub(crate) fn field_error(i18n: I18n, field: Field, issue: Issue) -> String {
    problem_text(i18n.0.get_untracked(), &Problem::new(field, issue))
}

pub(crate) fn day_text(d: Option<Day>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// Local date and time of a moment, "2026-03-01 14:05".
pub(crate) fn time_text(ms: i64) -> String {
    crate::platform::local_date_time(ms as f64)
}

/// The label of a stored code (stage, kind, class, document…) in the current language; an
/// unknown code (from a newer version or typed by a peer) shows as it is.
pub(crate) fn code_text(i18n: I18n, code: &str) -> String {
    code_text_in(i18n.0.get(), code)
}

/// [`code_text`] in a given language (for text made outside a reactive view, like the daily
/// report's sentences).
pub(crate) fn code_text_in(lang: crate::i18n::Lang, code: &str) -> String {
    let k = match code {
        "deposit" => K::GateDeposit,
        "balance" => K::GateBalance,
        gendan_domain::lifecycle::EARLY_PRODUCTION => K::GateEarlyProduction,
        // Early production accepted up to some pieces ("early_production:{pieces}").
        c if c.starts_with("early_production:") => K::GateEarlyProduction,
        // The balance waived for one shipment ("balance:{shipment id}").
        c if c.starts_with("balance:") => K::GateBalance,
        // A sample kind's approval waived ("sample:{kind}").
        c if c.starts_with("sample:") => K::GateSample,
        "final_inspection" => K::GateFinalInspection,
        "buyer_confirmed" => K::GateBuyerConfirmed,
        // The final inspection waived for one shipment ("final_inspection:{shipment id}").
        c if c.starts_with("final_inspection:") => K::GateFinalInspection,
        "final_lot" => K::GateFinalLot,
        // One shipment's final lot waived ("final_lot:{shipment id}").
        c if c.starts_with("final_lot:") => K::GateFinalLot,
        "cutting" => K::CodeCutting,
        "sewing" => K::CodeSewing,
        "finishing" => K::CodeFinishing,
        "packing" => K::CodePacking,
        "pre_production" => K::CodePreProduction,
        "inline" => K::CodeInline,
        "final" => K::CodeFinal,
        "reinspection" => K::CodeReinspection,
        "critical" => K::CodeCritical,
        "major" => K::CodeMajor,
        "minor" => K::CodeMinor,
        "commercial_invoice" => K::CodeCommercialInvoice,
        "packing_list" => K::CodePackingList,
        "bill_of_lading" => K::CodeBillOfLading,
        "certificate_of_origin" => K::CodeCertificateOfOrigin,
        "insurance_certificate" => K::CodeInsuranceCertificate,
        "prepaid" => K::CodePrepaid,
        "collect" => K::CodeCollect,
        "customs_declaration" => K::CodeCustomsDeclaration,
        "inspection_certificate" => K::CodeInspectionCertificate,
        "not_started" => K::CodeNotStarted,
        "drafted" => K::CodeDrafted,
        "sent" => K::CodeSent,
        "approved" => K::CodeApproved,
        "sea" => K::CodeSea,
        "air" => K::CodeAir,
        "rail" => K::CodeRail,
        "courier" => K::CodeCourier,
        "truck" => K::CodeTruck,
        "open" => K::CodeOpen,
        "in_progress" => K::CodeInProgress,
        "resolved" => K::CodeResolved,
        "closed" => K::CodeClosedC,
        "call" => K::CodeCall,
        "email" => K::CodeEmail,
        "fax" => K::CodeFax,
        "wechat" => K::CodeWeChat,
        "visit" => K::CodeVisit,
        "meeting" => K::CodeMeeting,
        "normal" => K::CodeNormal,
        "tightened" => K::CodeTightened,
        "reduced" => K::CodeReduced,
        _ => return code.to_string(),
    };
    k.text(lang).to_string()
}

#[cfg(test)]
mod tests {
    //! Edits started on an order's screen land even when the screen is left before they do.
    use super::*;
    use crate::state::store::provide_store;
    use crate::storage::agenda_tests::author;
    use crate::storage::tests::order;
    use crate::storage::Repo;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn an_edit_started_before_the_screen_was_left_is_saved_without_a_panic() {
        let app = Owner::new();
        let name = format!("gendan-test-ctx-left-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = repo.create_order(&order("PO-LEFT")).await.expect("created");
        let store = app.with(|| {
            provide_context(I18n(RwSignal::new(Lang::En)));
            let store = provide_store();
            store.opened(repo.clone());
            store
        });
        let screen = app.with(Owner::new);
        let ctx = screen.with(|| OrderCtx::new(id.clone()));
        assert_eq!(ctx.try_id().as_deref(), Some(id.as_str()));
        // Started (not awaited yet) on the screen, as an action's first step is.
        let style = ctx.edit(|o| {
            o.style_no = "ST-LEFT".into();
            Ok(())
        });
        let price = ctx.edit_commercial(|c| {
            c.currency = "EUR".into();
            Ok(())
        });
        screen.cleanup();
        assert_eq!(ctx.try_id(), None, "the screen is gone");
        style.await.expect("the order's edit lands");
        price.await.expect("the money's edit lands");
        let saved = repo.order(&id).await.expect("the order reads");
        assert_eq!(saved.style_no, "ST-LEFT");
        let money = repo.commercial(&id).await.expect("reads").expect("linked");
        assert_eq!(money.currency, "EUR");
        assert!(
            store.repo().is_some(),
            "the app's store outlives the screen"
        );
    }

    thread_local! {
        /// A load's read waits for this after reading the order, when a test set it.
        static PAUSE: std::cell::RefCell<Option<futures::channel::oneshot::Receiver<()>>> =
            const { std::cell::RefCell::new(None) };
    }

    /// Where a test holds a load between reading the order and the rest.
    pub(super) async fn paused() {
        if let Some(rx) = PAUSE.with(|p| p.borrow_mut().take()) {
            let _ = rx.await;
        }
    }

    /// The next load's read waits, after reading the order, until the sender is used.
    fn pause_next_read() -> futures::channel::oneshot::Sender<()> {
        let (tx, rx) = futures::channel::oneshot::channel();
        PAUSE.with(|p| *p.borrow_mut() = Some(rx));
        tx
    }

    fn style(ctx: OrderCtx) -> String {
        ctx.order.with_untracked(|o| o.style_no.clone())
    }

    /// A reload that read the order before an edit landed (a peer's change arrived as
    /// "confirm" was tapped) does not then show the order as it was before the edit: the
    /// confirmed booking stays confirmed on screen.
    #[wasm_bindgen_test]
    async fn a_reload_under_way_when_an_edit_lands_does_not_undo_it_on_screen() {
        let app = Owner::new();
        let (repo, id) =
            crate::storage::agenda_tests::repo_with_order("ctx-reload", "PO-RACE").await;
        let ctx = crate::screen_tests::loaded_order(&app, &repo, &id).await;
        let go_on = pause_next_read();
        let edit = async {
            ctx.edit(|o| {
                o.style_no = "ST-EDITED".into();
                Ok(())
            })
            .await
            .expect("the edit lands");
            assert_eq!(style(ctx), "ST-EDITED");
            let _ = go_on.send(());
        };
        let (loaded, ()) = futures::join!(ctx.load(), edit);
        loaded.expect("the reload ends");
        assert_eq!(
            style(ctx),
            "ST-EDITED",
            "the reload does not show the order as it was before the edit"
        );
    }

    /// Two reloads after two changes from elsewhere: the earlier, ending after the later, does
    /// not show what it read before the second change.
    #[wasm_bindgen_test]
    async fn an_earlier_reload_ending_last_does_not_show_an_older_order() {
        let app = Owner::new();
        let (repo, id) =
            crate::storage::agenda_tests::repo_with_order("ctx-reloads", "PO-RELOADS").await;
        let ctx = crate::screen_tests::loaded_order(&app, &repo, &id).await;
        let go_on = pause_next_read();
        let later = async {
            // Another tab changes the order; the reload its change starts shows it.
            repo.edit_order(&id, |o| {
                o.style_no = "ST-ELSEWHERE".into();
                Ok(())
            })
            .await
            .expect("changed elsewhere");
            ctx.load().await.expect("the later reload ends");
            assert_eq!(style(ctx), "ST-ELSEWHERE");
            let _ = go_on.send(());
        };
        let (earlier, ()) = futures::join!(ctx.load(), later);
        earlier.expect("the earlier reload ends");
        assert_eq!(
            style(ctx),
            "ST-ELSEWHERE",
            "the earlier reload does not show the order as it read it"
        );
    }

    /// Every code a waived gate is logged under reads as its gate in the override log, the
    /// per-shipment ones too.
    #[wasm_bindgen_test]
    fn waived_gates_read_as_their_gate_whatever_they_cover() {
        for (code, gate) in [
            ("balance", Gate::Balance),
            ("balance:s1", Gate::Balance),
            ("final_inspection:s2", Gate::FinalInspection),
            ("deposit", Gate::Deposit),
        ] {
            assert_eq!(
                code_text_in(Lang::En, code),
                gate_key(&gate).text(Lang::En),
                "{code}"
            );
        }
        assert_eq!(
            code_text_in(Lang::En, "sample:pp"),
            K::GateSample.text(Lang::En)
        );
        for code in ["early_production", "early_production:500"] {
            assert_eq!(
                code_text_in(Lang::En, code),
                K::GateEarlyProduction.text(Lang::En),
                "{code}"
            );
        }
    }

    /// A deposit gate closed because the terms ask less than the team's least deposit says so,
    /// with the percentage and what it waits for; with no least deposit the terms' deposit,
    /// received, opens it and nothing is named.
    #[wasm_bindgen_test]
    fn a_deposit_below_the_teams_least_is_named_with_what_it_waits_for() {
        let owner = Owner::new();
        let i18n = owner.with(|| I18n(RwSignal::new(Lang::En)));
        let o = order("PO-LEAST");
        let mut c = Commercial::new("x", "USD");
        c.unit_price = Some("10".parse().expect("a price"));
        c.terms.deposit_bp = 1;
        c.plan_receivables(&o).expect("planned");
        let tiny = c.deposit_required(&o).expect("a deposit");
        c.receipts.insert(
            "r1".into(),
            gendan_domain::commercial::Receipt {
                amount: tiny,
                confirmed_by: Some("finance".into()),
                ..Default::default()
            },
        );
        let floor = c.deposit_floor(&o, 3_000);
        let said = refused_gate_text(i18n, &Gate::Deposit, &o, Some(&c), 3_000);
        assert_eq!(
            said,
            format!("deposit: the terms ask less than the team's least deposit of 30 %: production starts once USD {floor} is received in all, or with a reason")
        );
        assert!(c.deposit_opens_gate_for(&o, 0));
        assert_eq!(
            refused_gate_text(i18n, &Gate::Deposit, &o, Some(&c), 0),
            gate_text(i18n, &Gate::Deposit)
        );
    }

    /// A later pass beside a failed final lot that nothing settled: the refusal says why the
    /// pass does not count, not that no final inspection passed.
    #[wasm_bindgen_test]
    fn a_pass_beside_an_unsettled_failure_says_what_waits() {
        use gendan_domain::inspection::{DefectClass, Inspection, InspectionKind};
        let owner = Owner::new();
        let i18n = owner.with(|| I18n(RwSignal::new(Lang::En)));
        let mut o = order("PO-UNSETTLED");
        let lot = || Inspection {
            kind: InspectionKind::Final,
            lot_size: o.quantities.total() as u32,
            ..Inspection::default()
        };
        let mut failed = lot();
        failed
            .tap_defect("D1", &DefectClass::Critical, 1, "d")
            .expect("counted");
        let day = gendan_domain::Day::from_ymd(2026, 5, 30).expect("a day");
        failed.finish(day, "qc", 1, "f1").expect("failed");
        let mut passed = lot();
        passed.finish(day, "qc", 2, "f2").expect("passed");
        o.inspections.insert("a".into(), failed);
        assert_eq!(
            refused_gate_text(i18n, &Gate::FinalInspection, &o, None, 0),
            "final inspection not passed"
        );
        o.inspections.insert("b".into(), passed);
        let said = refused_gate_text(i18n, &Gate::FinalInspection, &o, None, 0);
        assert!(said.contains("a later pass does not overrule it"), "{said}");
    }

    /// Goods shipped on a waived final inspection came back and leave again: the refusal names
    /// the earlier waiver and says it was for goods that came back, in both languages.
    #[wasm_bindgen_test]
    fn a_refusal_names_a_waiver_for_goods_that_came_back() {
        use gendan_domain::lifecycle::{reopen, transition, Gates};
        let owner = Owner::new();
        let i18n = owner.with(|| I18n(RwSignal::new(Lang::En)));
        let mut o = order("PO-BACK");
        o.status = OrderStatus::ReadyToShip;
        o.ex_factory = gendan_domain::Day::from_ymd(2026, 6, 1);
        let g = Gates {
            final_inspection_before_shipping: true,
            ..Gates::none()
        };
        transition(
            &mut o,
            None,
            OrderStatus::Shipped,
            &g,
            "li",
            1,
            Some("buyer's QC on site"),
        )
        .expect("waived");
        assert_eq!(
            refused_gate_text(i18n, &Gate::FinalInspection, &o, None, 0),
            "final inspection not passed"
        );
        let today = gendan_domain::Day::from_ymd(2026, 6, 2).expect("a day");
        reopen(&mut o, "li", 2, today, "container rejected").expect("reopened");
        let said = refused_gate_text(i18n, &Gate::FinalInspection, &o, None, 0);
        assert!(
            said.contains("Waived before by li") && said.contains("buyer's QC on site"),
            "{said}"
        );
        assert!(said.contains("goods that have since come back"), "{said}");
        i18n.0.set(Lang::Zh);
        let said = refused_gate_text(i18n, &Gate::FinalInspection, &o, None, 0);
        assert!(said.contains("那批货后来退回"), "{said}");
    }

    #[wasm_bindgen_test]
    fn a_refusal_names_its_gates_again_in_the_same_sentence() {
        let owner = Owner::new();
        let i18n = owner.with(|| I18n(RwSignal::new(Lang::En)));
        let rule = || DomainError::OverrideWithoutReason {
            gates: vec![Gate::Deposit, Gate::FinalInspection],
        };
        let mut f = explain(i18n, EditError::Rule(rule()));
        assert_eq!(f.text, rule_text(Lang::En, &rule()));
        f.name_gates(Lang::En, &["no deposit planned".into(), "final".into()]);
        assert_eq!(
            f.text,
            format!(
                "{} no deposit planned; final",
                K::OverrideNeedsReason.text(Lang::En)
            )
        );
        let mut other = explain(i18n, EditError::Rule(DomainError::ReasonRequired));
        other.name_gates(Lang::En, &["x".into()]);
        assert_eq!(
            other.text,
            K::ErrReasonRequired.text(Lang::En),
            "no gates, no change"
        );
    }
}
