//! 传播信息: the company's and the department's notices and meeting minutes carried to each
//! factory (将公司及部门通知会议记录,传达到每个厂子), and each factory's acknowledgement that it
//! read them. Its own module because a notice travels the only road a factory has to the team:
//! the orders shared with it. A factory's device holds exactly the order documents it was
//! invited to (never the books, never the workspace), so a notice for a factory is written into
//! each open order that factory makes, under one id, and read back as one notice.
//!
//! What a merchandiser relies on:
//! - a notice goes only into an order its factory makes ([`post`] refuses any other), so one
//!   factory's notices never travel in another factory's order; a copy left in an order whose
//!   factory changed since is not shown as that notice's ([`board`]);
//! - it has a title, who sent it and the day; it is the same notice in every order it went into
//!   (the copies are read as one, by id, and an acknowledgement on any copy counts);
//! - a factory acknowledges it by name ([`acknowledge`]), once per person however many copies
//!   and devices (keyed by the name as [`text_key`] reads it, the earliest day kept);
//! - a notice sent by mistake is withdrawn with who and why: it stays, struck through, and is
//!   no longer acknowledged.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};
use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::error::{problem, DomainError};
use crate::order::Order;
use crate::problem::{Field, Issue};
use crate::records::RecordMap;
use crate::role::text_key;

crate::code_enum! {
    pub enum NoticeKind default Notice {
        /// A notice from the company or the department (通知).
        Notice = "notice",
        /// The minutes of a meeting (会议记录).
        Minutes = "minutes",
    }
}

/// Someone at the factory read the notice: who, the day, and how it was confirmed when not on
/// the factory's own device ("by phone").
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Ack {
    #[autosurgeon(missing = "Default::default")]
    pub who: String,
    #[autosurgeon(missing = "Default::default")]
    pub day: Option<Day>,
    #[autosurgeon(missing = "Default::default")]
    pub note: String,
}

crate::record_fields!(Ack;
    who: String,
    day: Option<Day>,
    note: String,
);

/// A notice or the minutes of a meeting, for one factory (its party id).
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Notice {
    #[autosurgeon(missing = "Default::default")]
    pub kind: NoticeKind,
    #[autosurgeon(missing = "Default::default")]
    pub party: String,
    #[autosurgeon(missing = "Default::default")]
    pub title: String,
    #[autosurgeon(missing = "Default::default")]
    pub body: String,
    /// Who sent it, and the day.
    #[autosurgeon(missing = "Default::default")]
    pub who: String,
    #[autosurgeon(missing = "Default::default")]
    pub posted: Option<Day>,
    /// Keyed by the reader's name as [`text_key`] reads it: one per person.
    #[autosurgeon(missing = "Default::default")]
    pub acks: RecordMap<Ack>,
    /// "who — why" once withdrawn.
    #[autosurgeon(missing = "Default::default")]
    pub withdrawn: String,
    /// The day it was withdrawn (none from a build before the day was kept).
    #[autosurgeon(missing = "Default::default")]
    pub withdrawn_on: Option<Day>,
}

crate::record_fields!(Notice;
    kind: NoticeKind,
    party: String,
    title: String,
    body: String,
    who: String,
    posted: Option<Day>,
    acks: RecordMap<Ack>,
    withdrawn: String,
    withdrawn_on: Option<Day>,
);

impl Notice {
    pub fn is_withdrawn(&self) -> bool {
        !self.withdrawn.trim().is_empty()
    }
}

/// A notice as written: what kind, for which factory, its title and text, who sends it and the
/// day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting<'a> {
    pub kind: NoticeKind,
    pub party: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub who: &'a str,
    pub today: Day,
}

/// The longest title and text a notice takes, in characters: a notice is read on a phone, and
/// every copy travels in every open order of its factory (and in each order's facts, read at
/// every start), so a pasted document is refused rather than carried a hundred times.
pub const MAX_TITLE: usize = 200;
pub const MAX_BODY: usize = 4_000;

/// Whether a notice for `party` may go into this order: the order is open and `party` makes it.
pub fn reaches(order: &Order, party: &str) -> bool {
    !party.trim().is_empty() && order.status.is_open() && order.factory.as_deref() == Some(party)
}

/// Writes the notice into one order, under `id` (the same id in every order it goes into).
/// Refused under an id already in use in this order, without a title or a sender, longer than
/// [`MAX_TITLE`] or [`MAX_BODY`], for a
/// factory not named, and into an order that factory does not make or that is no longer open
/// (the notice would reach another factory, or nobody).
pub fn post(order: &mut Order, id: &str, p: Posting<'_>) -> Result<(), DomainError> {
    if order.notices.contains_key(id) {
        return Err(problem(
            Field::NoticeTitle,
            Issue::Duplicate(id.to_string()),
        ));
    }
    if p.title.trim().is_empty() {
        return Err(problem(Field::NoticeTitle, Issue::Required));
    }
    if p.title.trim().chars().count() > MAX_TITLE {
        return Err(problem(Field::NoticeTitle, Issue::TooLarge));
    }
    if p.body.trim().chars().count() > MAX_BODY {
        return Err(problem(Field::NoticeBody, Issue::TooLarge));
    }
    if p.who.trim().is_empty() {
        return Err(problem(Field::NoticeFrom, Issue::Required));
    }
    if p.party.trim().is_empty() {
        return Err(problem(Field::NoticeFactory, Issue::Required));
    }
    if !reaches(order, p.party) {
        return Err(problem(Field::NoticeFactory, Issue::NotThisOrdersFactory));
    }
    order.notices.insert(
        id.to_string(),
        Notice {
            kind: p.kind,
            party: p.party.to_string(),
            title: p.title.trim().to_string(),
            body: p.body.trim().to_string(),
            who: p.who.trim().to_string(),
            posted: Some(p.today),
            acks: RecordMap::default(),
            withdrawn: String::new(),
            withdrawn_on: None,
        },
    );
    Ok(())
}

/// Records that `who` read the notice on `today` (with how, when not on the factory's device).
/// Refused for a notice the order does not hold, one withdrawn, and without a name. The same
/// person again changes nothing: the first day stands.
pub fn acknowledge(
    order: &mut Order,
    id: &str,
    who: &str,
    note: &str,
    today: Day,
) -> Result<(), DomainError> {
    let n = order
        .notices
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("notice", id))?;
    if n.is_withdrawn() {
        return Err(DomainError::NoticeWithdrawn);
    }
    let key = text_key(who);
    if key.is_empty() {
        return Err(problem(Field::NoticeReader, Issue::Required));
    }
    if n.acks.contains_key(&key) {
        return Ok(());
    }
    n.acks.insert(
        key,
        Ack {
            who: who.trim().to_string(),
            day: Some(today),
            note: note.trim().to_string(),
        },
    );
    Ok(())
}

/// Withdraws a notice sent by mistake, saying who, why and the day; it stays, and is no
/// longer acknowledged. Withdrawing it again changes nothing.
pub fn withdraw(
    order: &mut Order,
    id: &str,
    who: &str,
    why: &str,
    today: Day,
) -> Result<(), DomainError> {
    let said = crate::error::signed_reason(who, why)?;
    let n = order
        .notices
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("notice", id))?;
    if !n.is_withdrawn() {
        n.withdrawn = said;
        n.withdrawn_on = Some(today);
    }
    Ok(())
}

/// One acknowledgement as the lists keep it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AckFacts {
    #[serde(rename = "w", default)]
    pub who: String,
    #[serde(rename = "d", default)]
    pub day: Option<Day>,
    #[serde(rename = "n", default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// One notice as an order's facts keep it ([`crate::report_facts::ReportFacts::notices`]), so
/// the list of notices is drawn without loading the orders.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NoticeFacts {
    #[serde(rename = "i", default)]
    pub id: String,
    #[serde(rename = "k", default)]
    pub kind: String,
    #[serde(rename = "p", default)]
    pub party: String,
    #[serde(rename = "t", default)]
    pub title: String,
    #[serde(rename = "b", default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    #[serde(rename = "w", default)]
    pub who: String,
    #[serde(rename = "d", default)]
    pub posted: Option<Day>,
    #[serde(rename = "a", default, skip_serializing_if = "Vec::is_empty")]
    pub acks: Vec<AckFacts>,
    #[serde(rename = "x", default, skip_serializing_if = "String::is_empty")]
    pub withdrawn: String,
    #[serde(rename = "xd", default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_on: Option<Day>,
}

impl NoticeFacts {
    pub fn of(id: &str, n: &Notice) -> NoticeFacts {
        NoticeFacts {
            id: id.to_string(),
            kind: n.kind.code().to_string(),
            party: n.party.clone(),
            title: n.title.clone(),
            body: n.body.clone(),
            who: n.who.clone(),
            posted: n.posted,
            acks: n
                .acks
                .values()
                .map(|a| AckFacts {
                    who: a.who.clone(),
                    day: a.day,
                    note: a.note.clone(),
                })
                .collect(),
            withdrawn: n.withdrawn.trim().to_string(),
            withdrawn_on: n.withdrawn_on,
        }
    }

    /// Its kind; none said (facts written short) is a plain notice.
    pub fn kind(&self) -> NoticeKind {
        match self.kind.as_str() {
            "" => NoticeKind::default(),
            code => NoticeKind::from_code(code),
        }
    }
}

/// One notice's copy as found in an order: the order's id and name, the factory it names now,
/// and the notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copy {
    pub order: String,
    pub order_name: String,
    pub order_factory: String,
    pub notice: NoticeFacts,
}

/// A notice read from all its copies: the orders it travels in, everyone who acknowledged it
/// on any copy (once per person, the earliest day), and "who — why" when any copy was withdrawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardNotice {
    pub notice: NoticeFacts,
    /// (order id, order name), by name.
    pub orders: Vec<(String, String)>,
    pub acks: Vec<AckFacts>,
    pub withdrawn: Option<String>,
    /// The earliest day any copy was withdrawn, when one says.
    pub withdrawn_on: Option<Day>,
    /// (order id, order name) of the copies whose title or text is not the one shown: a copy
    /// changed after it was sent (a notice is never edited), by a device that could write
    /// into that order — the factory's own phone, say. Said on the card so nobody takes the
    /// shown text for the only one.
    pub differs: Vec<(String, String)>,
}

impl BoardNotice {
    pub fn is_acknowledged(&self) -> bool {
        !self.acks.is_empty()
    }

    /// What tells this notice from every other on the board: its id and the factory it is for.
    pub fn key(&self) -> (String, String) {
        (self.notice.id.clone(), self.notice.party.clone())
    }
}

/// The notices on this device, one per id and factory, newest first (by day sent, then id). One
/// sent to several factories at once carries one id in every order: each factory's copies are
/// a notice of their own, read (and said read, and withdrawn) for that factory only, so one
/// factory's reader is never shown, counted or written as another's. A copy in an order its
/// factory no longer makes is left out: it reaches another factory now, not the one the notice
/// is for. The text is read from the copy in the first order by id, so every device shows the
/// same.
pub fn board(copies: &[Copy]) -> Vec<BoardNotice> {
    let mut by_id: BTreeMap<(&str, &str), Vec<&Copy>> = BTreeMap::new();
    for c in copies
        .iter()
        .filter(|c| !c.notice.party.is_empty() && c.notice.party == c.order_factory)
    {
        by_id
            .entry((c.notice.id.as_str(), c.notice.party.as_str()))
            .or_default()
            .push(c);
    }
    let mut out: Vec<BoardNotice> = by_id
        .into_values()
        .filter_map(|mut copies| {
            crate::sorting::sort_by_key(&mut copies, |c| c.order.clone());
            let first = copies.first()?;
            let mut acks: BTreeMap<String, AckFacts> = BTreeMap::new();
            for a in copies.iter().flat_map(|c| c.notice.acks.iter()) {
                let key = text_key(&a.who);
                if key.is_empty() {
                    continue;
                }
                // The earliest day stands; a copy without one (another build) comes last.
                let rank = |x: &AckFacts| (x.day.is_none(), x.day, x.who.clone());
                let keep = acks.get(&key).is_none_or(|k| rank(a) < rank(k));
                if keep {
                    acks.insert(key, a.clone());
                }
            }
            let mut acks: Vec<AckFacts> = acks.into_values().collect();
            crate::sorting::sort_by_key(&mut acks, |a| (a.day, a.who.clone()));
            let withdrawn = copies
                .iter()
                .map(|c| c.notice.withdrawn.trim())
                .filter(|w| !w.is_empty())
                .min()
                .map(str::to_string);
            let withdrawn_on = copies.iter().filter_map(|c| c.notice.withdrawn_on).min();
            let mut orders: Vec<(String, String)> = copies
                .iter()
                .map(|c| (c.order.clone(), c.order_name.clone()))
                .collect();
            crate::sorting::sort_by_key(&mut orders, |(id, name)| (name.clone(), id.clone()));
            let mut differs: Vec<(String, String)> = copies
                .iter()
                .filter(|c| {
                    c.notice.title != first.notice.title || c.notice.body != first.notice.body
                })
                .map(|c| (c.order.clone(), c.order_name.clone()))
                .collect();
            crate::sorting::sort_by_key(&mut differs, |(id, name)| (name.clone(), id.clone()));
            Some(BoardNotice {
                notice: first.notice.clone(),
                orders,
                acks,
                withdrawn,
                withdrawn_on,
                differs,
            })
        })
        .collect();
    crate::sorting::sort_by_key(&mut out, |b| {
        (
            std::cmp::Reverse(b.notice.posted),
            b.notice.id.clone(),
            b.notice.party.clone(),
        )
    });
    out
}

/// Notices still to acknowledge: not withdrawn, and nobody has yet.
pub fn unacknowledged(board: &[BoardNotice]) -> usize {
    board
        .iter()
        .filter(|b| b.withdrawn.is_none() && !b.is_acknowledged())
        .count()
}

/// What a notice did on a day, for the daily report (日报): sent, read by someone at the
/// factory, or withdrawn (who — why).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayNews {
    Sent,
    Read { who: String, note: String },
    Withdrawn { said: String },
}

/// The notices sent on `day` and the readings recorded for that day, in the board's order
/// (newest notice first, readings by name), and the notices withdrawn that day. A withdrawn
/// notice is otherwise no news — it was sent by mistake —, and one sent and withdrawn the same
/// day is none at all; withdrawn on a later day, the factory that read it hears it was.
pub fn news_on(board: &[BoardNotice], day: Day) -> Vec<(&BoardNotice, DayNews)> {
    let mut out = Vec::new();
    for b in board.iter() {
        if let Some(said) = &b.withdrawn {
            if b.withdrawn_on == Some(day) && b.notice.posted != Some(day) {
                out.push((b, DayNews::Withdrawn { said: said.clone() }));
            }
            continue;
        }
        if b.notice.posted == Some(day) {
            out.push((b, DayNews::Sent));
        }
        for a in b.acks.iter().filter(|a| a.day == Some(day)) {
            out.push((
                b,
                DayNews::Read {
                    who: a.who.clone(),
                    note: a.note.clone(),
                },
            ));
        }
    }
    out
}
