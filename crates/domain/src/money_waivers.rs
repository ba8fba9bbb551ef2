//! Waived money gates kept with the books. A waived deposit or balance says that the money was
//! not there when the order moved. The reason given ("LC at sight", "boss said go, 30 % arrives
//! Monday") is money too. The factory holds the order's document, so an edit that waives a money
//! gate on a device holding the books is split before it is saved. The waiver, and the words of
//! every record the same move wrote, go to the order's commercial document. The order keeps the
//! move and the other gates' waivers, with their reasons left empty.
//!
//! An order that links no books (one from before orders linked them at creation) gets them on
//! the office's device at its first money waiver, as it does at its first money entry, and the
//! waiver goes there ([`take_for_new_books`]). A factory's device, which never holds books, keeps
//! its waivers on the order, marked as made without them. Waivers older builds wrote on the
//! order are moved to the books where they are held ([`take_left_by_older_builds`]).

use std::collections::BTreeSet;

use autosurgeon::{Hydrate, Reconcile};

use crate::commercial::Commercial;
use crate::lifecycle::{GateOverride, StatusChange};
use crate::order::Order;
use crate::records::RecordMap;

/// The words of an order record that were kept off the order ([`take_for_books`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct KeptReason {
    pub reason: String,
}

crate::record_fields!(KeptReason; reason: String);

/// Where [`KeptReason`]s are keyed: the map of the order they belong to, then the record's key.
const OVERRIDE: &str = "gate_overrides/";
const CHANGE: &str = "status_log/";

/// A logged gate code that is money: the deposit, or the balance (for the order or one shipment).
pub fn is_money_code(code: &str) -> bool {
    code == "deposit" || code == "balance" || code.starts_with("balance:")
}

/// The keys an order's overrides and status log had before an edit: what the edit added is
/// what is not among them.
#[derive(Debug, Clone, Default)]
pub struct Before {
    overrides: BTreeSet<String>,
    changes: BTreeSet<String>,
}

impl Before {
    pub fn of(order: &Order) -> Before {
        Before {
            overrides: order.gate_overrides.keys().cloned().collect(),
            changes: order.status_log.keys().cloned().collect(),
        }
    }
}

/// What one edit of an order wrote that belongs in its books.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ForBooks {
    /// The money gates it waived, keyed as on the order.
    waivers: Vec<(String, GateOverride)>,
    /// The reasons it gave, keyed by [`OVERRIDE`] or [`CHANGE`] and the order's key.
    reasons: Vec<(String, String)>,
}

impl ForBooks {
    pub fn is_empty(&self) -> bool {
        self.waivers.is_empty() && self.reasons.is_empty()
    }

    /// How many records it takes: waivers, and reasons of other records.
    pub fn count(&self) -> usize {
        self.waivers.len() + self.reasons.len()
    }

    /// Writes it into the books.
    pub fn apply(&self, books: &mut Commercial) {
        for (key, w) in &self.waivers {
            books.gate_waivers.insert(key.clone(), w.clone());
        }
        for (key, reason) in &self.reasons {
            books.kept_reasons.insert(
                key.clone(),
                KeptReason {
                    reason: reason.clone(),
                },
            );
        }
    }
}

/// Takes out of `order` what the edit since `before` wrote that is money: the money gates it
/// waived, whole, and the reason of every override and status change it wrote with one of them
/// (a move waiving the samples and the deposit gives one reason for both, and a move's reason is
/// its override's). Only for an order whose books are held where the edit is made; an edit that
/// waived no money gate gives nothing.
pub fn take_for_books(before: &Before, order: &mut Order) -> ForBooks {
    take(before, order, false)
}

/// [`take_for_books`] for an order that links no books yet, on a device that will create them
/// for it (the office's): the money gates it waived were judged as "none received", which is
/// what the new books say, so they go to the books too, no longer marked as made without them.
/// An edit that waived no money gate gives nothing, and the order stays without books.
pub fn take_for_new_books(before: &Before, order: &mut Order) -> ForBooks {
    take(before, order, true)
}

/// Whether `overrides` (an order's) hold a money waiver an older build left there, from before
/// waivers went to the books: one not marked as made without them, which no edit of this build
/// leaves on an order whose books are held.
pub fn left_by_older_builds(overrides: &RecordMap<GateOverride>) -> bool {
    overrides
        .values()
        .any(|g| is_money_code(&g.gate) && !g.without_books)
}

/// Takes out of `order`, whose books are held here, the money waivers older builds left on it
/// ([`left_by_older_builds`]) and the words of the moves that made them: the reason of every
/// override and status change logged by the same person at the same moment with the same words
/// (one move logs them so). Records of other moves that happen to use the same words, and
/// waivers marked as made without the books, keep theirs.
pub fn take_left_by_older_builds(order: &mut Order) -> ForBooks {
    let waived: Vec<String> = order
        .gate_overrides
        .iter()
        .filter(|(_, g)| is_money_code(&g.gate) && !g.without_books)
        .map(|(k, _)| k.clone())
        .collect();
    let mut out = ForBooks::default();
    // (who, when, why) of each move that waived money.
    let mut moves = BTreeSet::new();
    for key in waived {
        if let Some(w) = order.gate_overrides.remove(&key) {
            if !w.reason.is_empty() {
                moves.insert((w.who.clone(), w.at_ms, w.reason.clone()));
            }
            out.waivers.push((key, w));
        }
    }
    let of_a_move = |who: &str, at_ms: i64, reason: &str| {
        moves.contains(&(who.to_string(), at_ms, reason.to_string()))
    };
    for (key, g) in order.gate_overrides.iter_mut() {
        if !g.without_books && of_a_move(&g.who, g.at_ms, &g.reason) {
            out.reasons
                .push((format!("{OVERRIDE}{key}"), std::mem::take(&mut g.reason)));
        }
    }
    for (key, c) in order.status_log.iter_mut() {
        if of_a_move(&c.who, c.at_ms, &c.reason) {
            out.reasons
                .push((format!("{CHANGE}{key}"), std::mem::take(&mut c.reason)));
        }
    }
    out
}

fn take(before: &Before, order: &mut Order, new_books: bool) -> ForBooks {
    let waived: Vec<String> = order
        .gate_overrides
        .iter()
        // A waiver marked as made without the books is the order's own record of that device's
        // judgement, which the books' holders decide again: it stays on the order.
        .filter(|(k, g)| {
            !before.overrides.contains(*k)
                && is_money_code(&g.gate)
                && (new_books || !g.without_books)
        })
        .map(|(k, _)| k.clone())
        .collect();
    let mut out = ForBooks::default();
    let mut words = BTreeSet::new();
    for key in waived {
        if let Some(mut w) = order.gate_overrides.remove(&key) {
            words.insert(w.reason.clone());
            w.without_books = false;
            out.waivers.push((key, w));
        }
    }
    words.remove("");
    if words.is_empty() {
        return out;
    }
    for (key, g) in order.gate_overrides.iter_mut() {
        if !before.overrides.contains(key) && words.contains(&g.reason) {
            out.reasons
                .push((format!("{OVERRIDE}{key}"), std::mem::take(&mut g.reason)));
        }
    }
    for (key, c) in order.status_log.iter_mut() {
        if !before.changes.contains(key) && words.contains(&c.reason) {
            out.reasons
                .push((format!("{CHANGE}{key}"), std::mem::take(&mut c.reason)));
        }
    }
    out
}

/// Every logged override of the order with its reason where this device can read it: the
/// order's, and the money gates waived in the `books` when they are here.
pub fn overrides(order: &Order, books: Option<&Commercial>) -> Vec<(String, GateOverride)> {
    let mut all: Vec<(String, GateOverride)> = order
        .gate_overrides
        .iter()
        .map(|(k, g)| {
            let mut g = g.clone();
            if g.reason.is_empty() {
                g.reason = kept(books, OVERRIDE, k).to_string();
            }
            (k.clone(), g)
        })
        .collect();
    if let Some(b) = books {
        all.extend(b.gate_waivers.iter().map(|(k, g)| (k.clone(), g.clone())));
    }
    all
}

/// A status change's reason where this device can read it: its own, or the one its books keep.
pub fn change_reason<'a>(
    key: &str,
    change: &'a StatusChange,
    books: Option<&'a Commercial>,
) -> &'a str {
    if change.reason.is_empty() {
        kept(books, CHANGE, key)
    } else {
        &change.reason
    }
}

fn kept<'a>(books: Option<&'a Commercial>, map: &str, key: &str) -> &'a str {
    books
        .and_then(|b| b.kept_reasons.get(&format!("{map}{key}")))
        .map_or("", |r| r.reason.as_str())
}
