//! Reports read from documents: the daily report (日报表) from the change history, KPIs by
//! customer, factory and month, and the lists of the "today" view.
//!
//! Everything here is a pure function of documents and a day passed in by the caller; results are
//! plain structs the UI renders or charts. The daily report and the order history read
//! Automerge's own history: each change carries its time and `author\u{1f}device` message (see
//! [`crate::document::commit`]); the order as it was before and after (the day, or one change)
//! is compared by [`crate::activity`] into typed events the client words.

use std::collections::{BTreeMap, BTreeSet};

use automerge::{AutoCommit, ChangeHash};

use crate::activity::{self, Event};
use crate::agenda::Agenda;
use crate::commercial::Commercial;
use crate::day::Day;
use crate::document::{self, author_of, Author};
use crate::order::Order;
use crate::report_facts::ReportFacts;
use crate::sorting::{sort_by, sort_by_key, CollectSet};
use crate::workspace::{Settings, Workspace};
use serde::{Deserialize, Serialize};

const DAY_MS: i64 = 86_400_000;

/// What one document (an order with its commercial document, or the workspace) went through
/// on a day: who changed it and the typed events between the state before the day and after it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DayActivity {
    /// Names of the people who changed it that day; an empty name stands for changes whose
    /// person gave none (the client words it; a device id is never a name).
    pub authors: BTreeSet<String>,
    pub events: Vec<Event>,
    /// The factory the order named at the start of the day and at its end (trimmed; empty for
    /// none, and for the workspace). A factory's copy of the day is judged by these, not by
    /// the factory the order names when the report is read: a past day belongs to the factory
    /// of that day, and a move nobody logged (made freely, or brought by a merge) still shows.
    pub factory_before: String,
    pub factory_after: String,
    /// Of the "other changes" counted, those in the books: money, left out of a factory's copy
    /// with the people who changed only the books ([`DailyReport::for_factory`]).
    pub money_other: u32,
    pub money_only_authors: BTreeSet<String>,
}

/// The local day (given the caller's UTC offset) a change time falls on.
pub fn day_of(time_ms: i64, utc_offset_minutes: i32) -> Option<Day> {
    let local = time_ms.checked_add(i64::from(utc_offset_minutes) * 60_000)?;
    Day::from_unix_days(local.div_euclid(DAY_MS))
}

fn name_of(message: &str) -> String {
    author_of(message).name.trim().to_string()
}

/// The heads before and after `day`, and who changed the document that day; `None` when nobody
/// did. A change is on the day its own time falls on; the states include what each change
/// depended on, so a device with a wrong clock never splits a change from its causes.
fn day_window(
    doc: &mut AutoCommit,
    day: Day,
    offset: i32,
) -> Option<(Vec<ChangeHash>, Vec<ChangeHash>, BTreeSet<String>)> {
    let on_day = |c: &automerge::Change| day_of(c.timestamp(), offset) == Some(day);
    let authors: BTreeSet<String> = doc
        .get_changes(&[])
        .into_iter()
        .filter(|c| on_day(c))
        .map(|c| name_of(c.message().unwrap_or_default()))
        .collect_set();
    if authors.is_empty() {
        return None;
    }
    let before = activity::heads_where(doc, |c| {
        day_of(c.timestamp(), offset).is_some_and(|d| d < day)
    });
    let after = activity::heads_where(doc, |c| {
        day_of(c.timestamp(), offset).is_some_and(|d| d <= day)
    });
    Some((before, after, authors))
}

/// An order's day: the events of its document and of its commercial document (when this device
/// has it) between the start and the end of `day`; `None` when neither changed that day.
pub fn order_day(
    order: &mut AutoCommit,
    commercial: Option<&mut AutoCommit>,
    gates: &crate::lifecycle::Gates,
    day: Day,
    utc_offset_minutes: i32,
) -> Option<DayActivity> {
    let mut out = DayActivity::default();
    let mut changed = false;
    let named = |o: &Order| o.named_factory().unwrap_or_default().to_string();
    // Notes of calls and waivers the order held that day: one the books took (the office moved
    // it there from the order) was not made that day.
    let mut taken = TakenFromOrder::default();
    if let Some((before, after, authors)) = day_window(order, day, utc_offset_minutes) {
        changed = true;
        out.authors.extend(authors);
        if let Some(a) = activity::read_at::<Order>(order, &after) {
            let b = activity::read_at::<Order>(order, &before);
            out.events = activity::order_events(b.as_ref(), &a);
            out.factory_after = named(&a);
            // An order made that day was never another factory's.
            out.factory_before = b.as_ref().map_or_else(|| named(&a), named);
            for o in b.iter().chain([&a]) {
                taken.saw(o);
            }
        }
    }
    if let Some(doc) = commercial {
        if let Some((before, after, authors)) = day_window(doc, day, utc_offset_minutes) {
            if !changed {
                // Only the books moved that day: the order, as it stood at the day's end,
                // says whose day it was.
                let end = activity::heads_where(order, |c| {
                    day_of(c.timestamp(), utc_offset_minutes).is_some_and(|d| d <= day)
                });
                let at_end = activity::read_at::<Order>(order, &end);
                let f = at_end.as_ref().map(named).unwrap_or_default();
                if let Some(o) = at_end {
                    taken.saw(&o);
                }
                out.factory_before.clone_from(&f);
                out.factory_after = f;
            }
            changed = true;
            out.money_only_authors = authors
                .iter()
                .filter(|who| !out.authors.contains(*who))
                .cloned()
                .collect_set();
            out.authors.extend(authors);
            if let Some(mut a) = activity::read_at::<Commercial>(doc, &after) {
                let mut b = activity::read_at::<Commercial>(doc, &before);
                taken.strip(&mut a);
                if let Some(b) = b.as_mut() {
                    taken.strip(b);
                }
                let money = activity::money_events(b.as_ref(), &a, gates);
                out.money_other = money
                    .iter()
                    .map(|e| match e {
                        Event::OtherChanges { count } => *count,
                        _ => 0,
                    })
                    .sum();
                activity::merge_events(&mut out.events, money);
            }
        }
    }
    changed.then_some(out)
}

/// The workspace's day: each rule changed that day ([`Event::RuleChanged`], with who and why),
/// each party's standing changed ([`Event::StandingChanged`]), then one "team settings changed"
/// line when anything else changed, whatever and however much.
pub fn workspace_day(
    doc: &mut AutoCommit,
    day: Day,
    utc_offset_minutes: i32,
) -> Option<DayActivity> {
    let (before, after, authors) = day_window(doc, day, utc_offset_minutes)?;
    let events = match activity::read_at::<Workspace>(doc, &after) {
        Some(a) => {
            let b = activity::read_at::<Workspace>(doc, &before);
            activity::workspace_events(b.as_ref(), &a)
        }
        // A workspace that does not read is still said to have changed.
        None => vec![Event::TeamSettingsChanged],
    };
    Some(DayActivity {
        authors,
        events,
        ..DayActivity::default()
    })
}

/// One factory's copy of the daily report ([`DailyReport::for_one_factory`]): the report, and the
/// orders moved to or from the factory that day, left out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactoryCopy {
    pub report: DailyReport,
    pub moved: Vec<String>,
}

/// The daily report over several documents: (document label, what it went through that day).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DailyReport {
    pub day: Day,
    pub documents: Vec<(String, DayActivity)>,
}

impl DailyReport {
    /// [`DailyReport::for_factory`] of only the orders that were `factory`'s all that day (by
    /// the factories each order named at the day's start and end, not the one it names now): a
    /// chat one factory reads hears nothing of another factory's orders (their complaints,
    /// their failed lots), nor of the team's settings. An order whose factory moved that day,
    /// logged or not, is left out of every factory's copy — part of its day was another
    /// factory's, and a day's events do not say which part — and listed apart (`moved`) when it
    /// moved to or from `factory`, for the screen to say so.
    pub fn for_one_factory(&self, factory: &str) -> FactoryCopy {
        let factory = factory.trim();
        let mut moved = Vec::new();
        let mut left_out = BTreeSet::new();
        for (id, a) in &self.documents {
            let mut touched = vec![a.factory_before.as_str(), a.factory_after.as_str()];
            for e in &a.events {
                if let Event::FactoryMoved(c) = e {
                    touched.push(c.from.trim());
                    touched.push(c.to.trim());
                }
            }
            if touched.len() == 2 && a.factory_before == a.factory_after {
                continue;
            }
            left_out.insert(id.clone());
            if !factory.is_empty() && touched.contains(&factory) {
                moved.push(id.clone());
            }
        }
        let mut report = self.for_factory();
        report.documents.retain(|(id, a)| {
            !factory.is_empty() && !left_out.contains(id) && a.factory_after == factory
        });
        FactoryCopy { report, moved }
    }

    /// The factories the day's orders named, at its start or its end: the chats a copy of the
    /// day can be for.
    pub fn factories(&self) -> Vec<String> {
        self.documents
            .iter()
            .flat_map(|(_, a)| [a.factory_before.clone(), a.factory_after.clone()])
            .filter(|f| !f.is_empty())
            .collect_set()
            .into_iter()
            .collect()
    }

    /// The report without a word of money or of the team's exceptions ([`Event::for_factory`]):
    /// the text a merchandiser pastes into a chat a factory reads. An order left with nothing to
    /// say is left out.
    pub fn for_factory(&self) -> DailyReport {
        DailyReport {
            day: self.day,
            documents: self
                .documents
                .iter()
                .filter_map(|(id, a)| {
                    // The books' unnamed changes are money too: not even counted, nor who
                    // made only those.
                    let events: Vec<Event> = a
                        .events
                        .iter()
                        .filter(|e| e.for_factory())
                        .filter_map(|e| match e {
                            Event::OtherChanges { count } => {
                                let left = count.saturating_sub(a.money_other);
                                (left > 0).then_some(Event::OtherChanges { count: left })
                            }
                            e => Some(e.clone()),
                        })
                        .collect();
                    (!events.is_empty()).then(|| {
                        (
                            id.clone(),
                            DayActivity {
                                events,
                                authors: a
                                    .authors
                                    .difference(&a.money_only_authors)
                                    .cloned()
                                    .collect_set(),
                                money_other: 0,
                                money_only_authors: BTreeSet::new(),
                                ..a.clone()
                            },
                        )
                    })
                })
                .collect(),
        }
    }

    /// People who changed something that day.
    pub fn authors(&self) -> BTreeSet<String> {
        self.documents
            .iter()
            .flat_map(|(_, a)| a.authors.iter().cloned())
            .collect_set()
    }
}

/// One change of an order's history: when, who, and what it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    pub time_ms: i64,
    pub author: Author,
    pub events: Vec<Event>,
}

/// Every change of an order document, oldest first, each with the events between the order at
/// the change's parents and at the change. The changes are replayed in causal order; a change
/// made on top of everything before it (the usual case) is compared with the previous state
/// without reading the document again, a concurrent one is read at its own parents.
pub fn order_history(doc: &mut AutoCommit) -> Vec<HistoryEntry> {
    order_history_and_notes(doc).0
}

/// [`order_history`], and what of the order's records its books may have taken from it (for
/// [`books_history`]).
pub fn order_history_and_notes(doc: &mut AutoCommit) -> (Vec<HistoryEntry>, TakenFromOrder) {
    let mut taken = TakenFromOrder::default();
    let h = history_of::<Order>(doc, activity::order_events, |o| taken.saw(o));
    (h, taken)
}

/// The records an order held at some point, by id, which its books may have taken from it (the
/// office keeping a note of a call from the factory; an older build's money waiver moved where
/// the money is): where the books hold them, they are no news of the books'. Waivers this
/// build keeps in the books never were on the order, so they are said there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TakenFromOrder {
    pub notes: BTreeSet<String>,
    pub waivers: BTreeSet<String>,
}

impl TakenFromOrder {
    /// Notes `o`'s records.
    pub fn saw(&mut self, o: &Order) {
        self.notes.extend(o.communications.keys().cloned());
        self.waivers.extend(o.gate_overrides.keys().cloned());
    }

    /// Takes out of `books` what the order held.
    pub fn strip(&self, books: &mut Commercial) {
        books.communications.retain(|k, _| !self.notes.contains(k));
        books.gate_waivers.retain(|k, _| !self.waivers.contains(k));
    }

    fn in_books(&self, books: &Commercial) -> bool {
        books.communications.keys().any(|k| self.notes.contains(k))
            || books.gate_waivers.keys().any(|k| self.waivers.contains(k))
    }
}

/// The changes of an order's books that say something (money moved, a note of a call), oldest
/// first, in the words of the office's daily report, judged under the team's `gates`: the
/// office's history of the order lists them beside the order's own. A note or a waiver the
/// books took from the order (`taken`, see [`order_history_and_notes`]) is listed where it was
/// made, not again where it moved.
pub fn books_history(
    doc: &mut AutoCommit,
    gates: &crate::lifecycle::Gates,
    taken: &TakenFromOrder,
) -> Vec<HistoryEntry> {
    let events = |b: Option<&Commercial>, a: &Commercial| {
        let strip = |c: &Commercial| {
            let mut c = c.clone();
            taken.strip(&mut c);
            c
        };
        if taken.in_books(a) || b.is_some_and(|b| taken.in_books(b)) {
            let b = b.map(strip);
            activity::money_events(b.as_ref(), &strip(a), gates)
        } else {
            activity::money_events(b, a, gates)
        }
    };
    let mut h = history_of::<Commercial>(doc, events, |_| {});
    h.retain(|e| !e.events.is_empty());
    h
}

/// Every change of `doc` with the events `events_between` its parents and it; `seen` is shown
/// each state replayed.
fn history_of<T: document::Root>(
    doc: &mut AutoCommit,
    events_between: impl Fn(Option<&T>, &T) -> Vec<Event>,
    mut seen: impl FnMut(&T),
) -> Vec<HistoryEntry> {
    let changes: Vec<automerge::Change> = doc.get_changes(&[]);
    let mut replay = AutoCommit::new();
    let mut state: Option<T> = None;
    let mut out = Vec::with_capacity(changes.len());
    for c in changes {
        let hash = c.hash();
        let deps: BTreeSet<ChangeHash> = c.deps().iter().copied().collect();
        let linear = deps == replay.get_heads().into_iter().collect::<BTreeSet<_>>();
        let entry_author = author_of(c.message().unwrap_or_default());
        let time_ms = c.timestamp();
        let before = if linear {
            state.clone()
        } else {
            activity::read_at::<T>(doc, &deps.iter().copied().collect::<Vec<_>>())
        };
        if replay.apply_changes([c]).is_err() {
            continue;
        }
        let now_state = document::read::<T>(&replay).ok();
        let after = if linear {
            now_state.clone()
        } else {
            activity::read_at::<T>(doc, &[hash])
        };
        if let Some(a) = &after {
            seen(a);
        }
        state = now_state;
        let events = after
            .map(|a| events_between(before.as_ref(), &a))
            .unwrap_or_default();
        out.push(HistoryEntry {
            time_ms,
            author: entry_author,
            events,
        });
    }
    sort_by_key(&mut out, |e| e.time_ms);
    out
}

/// What reports read from one order.
#[derive(Debug, Clone, Copy)]
pub struct OrderFacts<'a> {
    /// The order's document id.
    pub id: &'a str,
    pub order: &'a Order,
    pub commercial: Option<&'a Commercial>,
}

/// A count out of a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Ratio {
    #[serde(rename = "n")]
    pub num: u64,
    #[serde(rename = "d")]
    pub den: u64,
}

impl Ratio {
    /// Rounded to the nearest tenth of a percent; `None` when nothing was counted.
    pub fn per_mille(&self) -> Option<u64> {
        (self.den > 0).then(|| (self.num * 1000 + self.den / 2) / self.den)
    }

    pub(crate) fn add(&mut self, hit: bool) {
        self.den += 1;
        self.num += u64::from(hit);
    }

    /// Adds another count out of a count.
    pub fn add_all(&mut self, other: Ratio) {
        self.num += other.num;
        self.den += other.den;
    }
}

/// The KPIs of a set of orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Kpis {
    /// Orders complete (shipped within the allowance) on or before their first confirmed
    /// ex-factory date, out of orders decided: complete, or past that date and not complete
    /// ([`crate::shipped::Delivery::on_time_as_of`]).
    pub on_time_delivery: Ratio,
    /// Orders whose first shipment left on or before that date, out of orders shipped.
    pub first_shipment_on_time: Ratio,
    /// Purchase orders delivered in full by their due date, out of those decided (complete, or
    /// past due).
    pub po_on_time: Ratio,
    /// Final inspections (not re-inspections) passed, out of final inspections completed.
    pub first_pass: Ratio,
    /// Defects found out of units sampled, over completed inspections of every kind.
    pub defect_rate: Ratio,
    pub complaints: u64,
    /// Supplier charges paid off by their due day, out of those paid off or past due (付款处理能力;
    /// only where the books are held).
    pub suppliers_paid_on_time: Ratio,
    /// Deliveries rejected at incoming inspection, out of those judged (来料不合格比率),
    /// credited to each PO's supplier.
    pub deliveries_rejected: Ratio,
}

impl Kpis {
    /// Adds the KPIs of other orders.
    pub fn add(&mut self, other: &Kpis) {
        self.on_time_delivery.add_all(other.on_time_delivery);
        self.first_shipment_on_time
            .add_all(other.first_shipment_on_time);
        self.po_on_time.add_all(other.po_on_time);
        self.first_pass.add_all(other.first_pass);
        self.defect_rate.add_all(other.defect_rate);
        self.complaints += other.complaints;
        self.suppliers_paid_on_time
            .add_all(other.suppliers_paid_on_time);
        self.deliveries_rejected.add_all(other.deliveries_rejected);
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KpiReport {
    pub overall: Kpis,
    pub by_customer: BTreeMap<String, Kpis>,
    /// Keyed by factory party id ("" when the order names none). "PO on-time" is credited to
    /// each PO's supplier, not to the order's garment factory.
    pub by_factory: BTreeMap<String, Kpis>,
    /// Keyed by the ex-factory month "YYYY-MM" ("" when the order has no ex-factory date).
    pub by_month: BTreeMap<String, Kpis>,
}

/// KPIs over the orders with the usual allowance (3 % short, 5 % over) for orders without their
/// own; [`kpis_with`] takes the workspace's.
pub fn kpis(orders: &[OrderFacts<'_>], now: Day) -> KpiReport {
    kpis_with(
        orders,
        now,
        (
            crate::lifecycle::DEFAULT_SHORT_SHIP_PERMILLE,
            crate::production::DEFAULT_OVER_SHIP_PERMILLE,
        ),
    )
}

/// KPIs over the orders, grouped by customer, factory and ex-factory month, an order complete
/// when shipped within its allowance (the workspace's `(short, over)` per mille unless it has
/// its own). Cancelled orders are left out.
pub fn kpis_with(orders: &[OrderFacts<'_>], now: Day, allowance: (u32, u32)) -> KpiReport {
    let mut r = KpiReport::default();
    for f in orders {
        let facts = ReportFacts::of(f.order);
        facts.add_to(&mut r, now, allowance);
        if let Some(c) = f.commercial {
            facts.add_payments_to(&mut r, &c.paid_facts(), now);
        }
    }
    r
}

/// One line of the today view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TodayItem {
    /// The order's document id.
    pub order: String,
    /// The record concerned (milestone, inspection, PO, complaint id), if any.
    pub record: Option<String>,
    /// Name of the record or a short description.
    pub label: String,
    pub due: Option<Day>,
}

/// Why an order may miss its ex-factory date, most telling first. Worded by the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RiskReason {
    ExFactoryPassed {
        ex_factory: Day,
    },
    /// Sewing is behind plan by more than a tenth of the order.
    SewingBehind {
        done: u64,
        expected: u64,
    },
    /// The earliest late milestone before ex-factory, and how many more are late.
    MilestonesLate {
        name: String,
        due: Option<Day>,
        more: u32,
    },
    /// Ex-factory is within the at-risk window and the final inspection has not passed.
    FinalNotPassed {
        ex_factory: Day,
    },
    /// The earliest open milestone whose (delayed) date falls after ex-factory, and how many more.
    DelayedPastExFactory {
        name: String,
        due: Option<Day>,
        more: u32,
    },
}

/// An order that may miss its ex-factory date, with the reasons that matter most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtRisk {
    pub order: String,
    /// At most [`SHOWN_REASONS`], most telling first.
    pub reasons: Vec<RiskReason>,
    /// How many more reasons there are.
    pub more: usize,
}

/// Reasons shown per order at risk: one or two say what matters; a paragraph hides it.
pub const SHOWN_REASONS: usize = 2;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Today {
    pub late_milestones: Vec<TodayItem>,
    /// Open milestones due from today to six days ahead.
    pub due_this_week: Vec<TodayItem>,
    /// Inspections scheduled today and not completed.
    pub inspections_today: Vec<TodayItem>,
    pub deposits_awaited: Vec<TodayItem>,
    pub balances_awaited: Vec<TodayItem>,
    pub pos_overdue: Vec<TodayItem>,
    /// Samples whose buyer reply is overdue (latest round of its kind, still pending).
    pub sample_replies_overdue: Vec<TodayItem>,
    pub open_complaints: Vec<TodayItem>,
    pub at_risk: Vec<AtRisk>,
    /// Orders in a state no rule allows (mostly after a merge), with what is wrong: someone has
    /// to decide. Cancelled and closed orders are included — a shipped order cancelled on
    /// another device is exactly what must not go unseen.
    pub needs_decision: Vec<NeedsDecision>,
    /// Orders whose books hold a price copied from an old order document that someone other
    /// than its creator wrote, waiting for a person to confirm it (closed orders included).
    pub prices_to_check: Vec<TodayItem>,
    /// Payment requests to suppliers waiting for someone to approve or reject them, by the day
    /// asked (closed orders included).
    pub pay_requests: Vec<TodayItem>,
    /// Supplier charges not paid off that fall due within the week or are overdue, with what is
    /// still owed (付款跟进; closed orders included).
    pub payables_due: Vec<TodayItem>,
    /// Purchase orders whose material is urgent and not yet in full (紧急物料), whatever their
    /// date, by the day last promised (else due).
    pub urgent_materials: Vec<TodayItem>,
    /// Purchase orders whose supplier owes money back (退款跟进): an invoice paid twice from
    /// two devices, or goods rejected after they were paid; until refunded or offset (closed
    /// orders included).
    pub owed_back: Vec<TodayItem>,
    /// Transit incidents not yet settled (运输异常与索赔), by the day they happened (closed
    /// orders included: a claim outlives the order).
    pub transit_incidents: Vec<TodayItem>,
    /// Quotes sent to the buyer and not answered yet ([`crate::quotes::waiting`]), by the day
    /// they stop holding (open orders only).
    pub quotes_waiting: Vec<TodayItem>,
    /// Claims of settled incidents with money still to come back ([`crate::claims::outstanding`]),
    /// by the day the claim was lodged (closed orders included).
    pub claims_outstanding: Vec<TodayItem>,
    /// Inspections booked ahead (验货预约) within the week, and any the buyer's QC or a third
    /// party has not confirmed yet, by day (open orders only).
    pub inspections_booked: Vec<TodayItem>,
    /// Pieces the buyer sent back to be reworked or replaced, not sent again yet
    /// ([`crate::goods_returns::awaiting`]), by the day they came back (closed orders included:
    /// the buyer is still owed them).
    pub returns_to_resend: Vec<TodayItem>,
    /// Receipts and buyer's deductions recorded and waiting for someone other than who recorded
    /// them to confirm (到账确认), by the day recorded (closed orders included: money is).
    pub money_to_confirm: Vec<TodayItem>,
    /// Orders whose books are on this device and do not read (a peer's change broke them), so
    /// no money of theirs is in the other lists until they are put back (closed orders
    /// included: money is).
    pub books_unread: Vec<TodayItem>,
}

impl Today {
    /// Adds the lists of `part` (the view of other orders) to these; call [`Today::sort_lists`]
    /// once all parts are in, so a view built a few orders at a time equals one built at once.
    pub fn extend(&mut self, part: Today) {
        self.late_milestones.extend(part.late_milestones);
        self.due_this_week.extend(part.due_this_week);
        self.inspections_today.extend(part.inspections_today);
        self.deposits_awaited.extend(part.deposits_awaited);
        self.balances_awaited.extend(part.balances_awaited);
        self.pos_overdue.extend(part.pos_overdue);
        self.sample_replies_overdue
            .extend(part.sample_replies_overdue);
        self.open_complaints.extend(part.open_complaints);
        self.at_risk.extend(part.at_risk);
        self.needs_decision.extend(part.needs_decision);
        self.prices_to_check.extend(part.prices_to_check);
        self.pay_requests.extend(part.pay_requests);
        self.payables_due.extend(part.payables_due);
        self.urgent_materials.extend(part.urgent_materials);
        self.owed_back.extend(part.owed_back);
        self.transit_incidents.extend(part.transit_incidents);
        self.quotes_waiting.extend(part.quotes_waiting);
        self.claims_outstanding.extend(part.claims_outstanding);
        self.inspections_booked.extend(part.inspections_booked);
        self.returns_to_resend.extend(part.returns_to_resend);
        self.money_to_confirm.extend(part.money_to_confirm);
        self.books_unread.extend(part.books_unread);
    }

    /// The dated lists in date order (then by order id), the same across orders as within one.
    pub fn sort_lists(&mut self) {
        for list in [
            &mut self.late_milestones,
            &mut self.due_this_week,
            &mut self.pos_overdue,
            &mut self.sample_replies_overdue,
            &mut self.deposits_awaited,
            &mut self.balances_awaited,
            &mut self.prices_to_check,
            &mut self.pay_requests,
            &mut self.payables_due,
            &mut self.urgent_materials,
            &mut self.owed_back,
            &mut self.transit_incidents,
            &mut self.quotes_waiting,
            &mut self.claims_outstanding,
            &mut self.inspections_booked,
            &mut self.returns_to_resend,
            &mut self.money_to_confirm,
            &mut self.books_unread,
        ] {
            sort_by(list, |a, b| (a.due, &a.order).cmp(&(b.due, &b.order)));
        }
    }
}

/// An order that "needs a decision", with its [`crate::lifecycle::violations`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedsDecision {
    pub order: String,
    /// The customer PO, to name the order.
    pub label: String,
    pub violations: Vec<crate::lifecycle::Violation>,
}

/// Why an open, unshipped order may miss its ex-factory date on `now` (empty when it looks fine),
/// most telling first; late milestones are one reason naming the earliest.
pub fn risk_reasons(o: &Order, now: Day, at_risk_days: u32) -> Vec<RiskReason> {
    crate::agenda::risk_only(o).risk_reasons(now, at_risk_days)
}

/// The today view over the orders: each order's [`Agenda`] judged on `now`.
pub fn today(orders: &[OrderFacts<'_>], settings: &Settings, now: Day) -> Today {
    let mut t = Today::default();
    for f in orders {
        let agenda = Agenda::of(f.order, f.commercial, &settings.gates);
        t.extend(agenda.today(f.id, now, settings.at_risk_days));
    }
    t.sort_lists();
    t
}
