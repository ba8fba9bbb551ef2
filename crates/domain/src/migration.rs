//! Moving an order out of a document whose history holds a price.
//!
//! Before schema 3 the order document carried the customer unit price (and each supplier PO its
//! price and currency). An Automerge document keeps every value ever written, so deleting those
//! fields would not stop a factory that receives the document from reading them back. Instead the
//! order's current state (without prices) is copied into a *successor* document that never held
//! one; the prices go to the commercial document; the old document stays in the office.
//!
//! The successor is deterministic: its id is derived from the old document's id, its author and
//! time are fixed, and its actor is derived from its first change. Two office devices migrating the
//! same order offline therefore write byte-identical changes, which Automerge stores once — no
//! duplicate order and no spurious "changed on two devices". Devices that write different first
//! changes (builds that write the order differently, or devices that saw different old histories)
//! get different actors, so their changes merge instead of being refused as one actor's duplicate
//! sequence number; what they wrote alike does not show as changed on two devices either
//! ([`crate::document::conflicts`] lists competing values only when they differ).
//!
//! What ties the two together: the successor's [`Order::migrated_from`] names the old id (with a
//! summary of its history: who changed it, how often, when); the workspace lists the successor
//! instead of the old id and maps old → new in [`crate::workspace::Workspace::superseded`], which a
//! bookmark to the old order follows; the commercial document's `order` link moves to the new id.

use automerge::{AutoCommit, ScalarValue};
use autosurgeon::{Hydrate, Reconcile};

use crate::commercial::{Commercial, PoPrice, PriceCheck};
use crate::document::{self, Author, DocError};
use crate::ids::DocumentId;
use crate::money::Price;
use crate::order::Order;
use crate::records::RecordMap;

/// The keys under which a pre-schema-3 order document wrote prices: the order's `unit_price` and
/// each purchase order's `unit_price`.
const PRICE_KEY: &str = "unit_price";
const CURRENCY_KEY: &str = "currency";

/// Where a migrated order came from, and a summary of the history left behind there.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Predecessor {
    /// Document id of the old (priced) order document.
    pub id: String,
    /// How many changes the old document holds.
    pub changes: u64,
    /// Time of its first and last change (ms since the epoch).
    pub first_ms: i64,
    pub last_ms: i64,
    /// Changes per author name.
    pub authors: RecordMap<u64>,
}

/// The prices an old order document holds in its current state, for the commercial document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OldPrices {
    pub unit_price: Option<Price>,
    pub currency: Option<String>,
    /// Per purchase-order id: its price and currency.
    pub purchase_orders: RecordMap<PoPrice>,
    /// Who wrote the order's price or currency as they stand, when that was not the order's
    /// creator: the books take them only as prices to check ([`PriceCheck`]).
    pub unit_price_by: Option<PriceCheck>,
    /// The same per purchase-order id.
    pub po_price_by: RecordMap<PriceCheck>,
}

impl OldPrices {
    /// Writes what the commercial document does not have yet: a price typed there later wins.
    /// What it copies that someone other than the order's creator wrote goes in as a price to
    /// check, used for nothing until a person confirms it. Returns whether anything changed.
    pub fn fill(&self, c: &mut Commercial) -> bool {
        let before = c.clone();
        let mut order_filled = false;
        if c.unit_price.is_none() && self.unit_price.is_some() {
            c.unit_price = self.unit_price;
            order_filled = true;
        }
        if let Some(cur) = &self.currency {
            if c.currency.trim().is_empty() {
                c.currency = cur.clone();
                order_filled = true;
            }
        }
        if let Some(by) = self.unit_price_by.as_ref().filter(|_| order_filled) {
            c.unit_price_check = Some(PriceCheck {
                price: c.unit_price,
                currency: c.currency.clone(),
                ..by.clone()
            });
        }
        for (id, p) in &self.purchase_orders {
            if c.po_prices.contains_key(id) {
                continue;
            }
            c.po_prices.insert(id.clone(), p.clone());
            if let Some(by) = self.po_price_by.get(id) {
                let check = PriceCheck {
                    price: p.unit_price,
                    currency: p.currency.clone(),
                    ..by.clone()
                };
                c.po_price_checks.insert(id.clone(), check);
            }
        }
        *c != before
    }

    pub fn is_empty(&self) -> bool {
        self.unit_price.is_none() && self.currency.is_none() && self.purchase_orders.is_empty()
    }
}

/// True when any change in the document's history put a non-null value under a price key, or a
/// currency (an old build wrote one into every order and copied it into each PO, price typed or
/// not; no order field is named so now): such a document must never reach a factory and is
/// migrated.
pub fn history_holds_money(doc: &mut AutoCommit) -> bool {
    use automerge::legacy::{Key, OpType};
    doc.get_changes(&[]).iter().any(|c| {
        c.decode()
            .operations
            .iter()
            .any(|op| match (&op.key, &op.action) {
                (Key::Map(k), OpType::Put(v)) if k.as_str() == PRICE_KEY => {
                    !matches!(v, ScalarValue::Null)
                }
                (Key::Map(k), OpType::Put(ScalarValue::Str(s))) if k.as_str() == CURRENCY_KEY => {
                    !s.trim().is_empty()
                }
                _ => false,
            })
    })
}

/// Whether the document was created by a build that wrote prices into orders: its first change
/// did not set schema 3 or later. An order a schema-3 build created never held a price, so a
/// price in its history was written since by a device that shares it (a factory, perhaps on
/// purpose): not the office's, so never copied into its books, and no reason to replace the
/// order.
pub fn born_with_prices(doc: &mut AutoCommit) -> bool {
    use automerge::legacy::{Key, ObjectId, OpType};
    let modern = |v: &ScalarValue| match v {
        ScalarValue::Uint(n) => *n >= crate::order::ORDER_SCHEMA,
        ScalarValue::Int(n) => *n >= 0 && n.unsigned_abs() >= crate::order::ORDER_SCHEMA,
        _ => false,
    };
    !doc.get_changes(&[])
        .iter()
        .filter(|c| c.deps().is_empty())
        .any(|c| {
            c.decode().operations.iter().any(|op| {
                matches!(op.obj, ObjectId::Root)
                    && matches!(&op.key, Key::Map(k) if k.as_str() == "schema")
                    && matches!(&op.action, OpType::Put(v) if modern(v))
            })
        })
}

/// Whether an order document must be replaced by a successor without money
/// ([`successor`]): written by a build that kept prices in orders, and holding one.
pub fn needs_migration(doc: &mut AutoCommit) -> bool {
    may_hold_price(doc) && born_with_prices(doc) && history_holds_money(doc)
}

/// A cheap first look: an old build always wrote the `unit_price` key at the root (null when no
/// price was typed), so a document without it was never written by a build that stored prices.
pub fn may_hold_price(doc: &AutoCommit) -> bool {
    use automerge::ReadDoc;
    matches!(doc.get(automerge::ROOT, PRICE_KEY), Ok(Some(_)))
        || matches!(doc.get(automerge::ROOT, "purchase_orders"),
            Ok(Some((automerge::Value::Object(automerge::ObjType::Map), pos)))
                if doc.keys(&pos).any(|k| matches!(doc.get(&pos, k.as_str()),
                    Ok(Some((automerge::Value::Object(_), po))) if matches!(doc.get(&po, PRICE_KEY), Ok(Some(_))))))
}

/// Which changes of an old order document its creator made: those of the actors and devices of its
/// first changes (the ones without dependencies). A later change under another device's name is
/// someone else's: a colleague, or a factory that received the order while prices travelled with
/// it. A device's name is the app's own record of who wrote what, not a proof (a hand-made
/// change can carry any name): this catches prices typed on an old build's screens.
struct Writers {
    creator_actors: Vec<automerge::ActorId>,
    creator_devices: Vec<String>,
    /// Each change: actor, first op counter, op count, author, time.
    changes: Vec<(automerge::ActorId, u64, u64, document::Author, i64)>,
}

impl Writers {
    fn of(doc: &mut AutoCommit) -> Writers {
        let mut w = Writers {
            creator_actors: Vec::new(),
            creator_devices: Vec::new(),
            changes: Vec::new(),
        };
        for c in doc.get_changes(&[]) {
            let author = document::author_of(c.message().unwrap_or(""));
            if c.deps().is_empty() {
                w.creator_actors.push(c.actor_id().clone());
                if !author.device.is_empty() {
                    w.creator_devices.push(author.device.clone());
                }
            }
            let start = c.start_op().get();
            w.changes.push((
                c.actor_id().clone(),
                start,
                c.len() as u64,
                author,
                c.timestamp(),
            ));
        }
        w
    }

    /// Who wrote the value whose op is `id`, unless the order's creator did (or it is not found).
    fn other_than_creator(&self, id: &automerge::ObjId) -> Option<PriceCheck> {
        let automerge::ObjId::Id(counter, actor, _) = id else {
            return None;
        };
        let (_, _, _, author, ms) = self.changes.iter().find(|(a, start, len, _, _)| {
            a == actor && *start <= *counter && *counter < start.saturating_add(*len)
        })?;
        let creator = self.creator_actors.contains(actor)
            || (!author.device.is_empty() && self.creator_devices.contains(&author.device));
        (!creator).then(|| PriceCheck {
            written_by: author.name.clone(),
            device: author.device.clone(),
            written_ms: *ms,
            ..PriceCheck::default()
        })
    }

    /// Who and when, summarised from the history: what the successor records of `old_id`.
    fn predecessor(&self, old_id: &str) -> Predecessor {
        let mut p = Predecessor {
            id: old_id.to_string(),
            changes: self.changes.len() as u64,
            ..Predecessor::default()
        };
        let times = self.changes.iter().map(|(_, _, _, _, ms)| *ms);
        p.first_ms = times.clone().min().unwrap_or(0);
        p.last_ms = times.max().unwrap_or(0);
        for (_, _, _, author, _) in &self.changes {
            *p.authors.entry(author.name.clone()).or_default() += 1;
        }
        p
    }

    /// The writer of `obj`'s `keys` as they stand, the latest-made first among those that were not
    /// the creator.
    fn of_keys(
        &self,
        doc: &AutoCommit,
        obj: &automerge::ObjId,
        keys: &[&str],
    ) -> Option<PriceCheck> {
        use automerge::ReadDoc;
        keys.iter()
            .filter_map(|k| match doc.get(obj, *k) {
                Ok(Some((_, id))) => self.other_than_creator(&id),
                _ => None,
            })
            .max_by_key(|c| c.written_ms)
    }
}

/// Reads the prices the old document holds now (its last values), ignoring any that do not parse,
/// with who wrote them when that was not the order's creator (`writers`, of the same document).
fn old_prices(doc: &AutoCommit, writers: &Writers) -> OldPrices {
    use automerge::{ObjType, ReadDoc, Value, ROOT};
    // Through the reader every typed read uses, so these hydrates are the ones already built.
    let reader = crate::reader::Reader::new(doc);
    let price_at = |obj: &automerge::ObjId| -> Option<Price> {
        autosurgeon::hydrate_prop::<_, Option<Price>, _, _>(&reader, obj, PRICE_KEY)
            .ok()
            .flatten()
    };
    let text_at = |obj: &automerge::ObjId, key: &str| -> Option<String> {
        autosurgeon::hydrate_prop::<_, Option<String>, _, _>(&reader, obj, key)
            .ok()
            .flatten()
            .filter(|s| !s.trim().is_empty())
    };
    let mut out = OldPrices {
        unit_price: price_at(&ROOT),
        currency: text_at(&ROOT, "currency"),
        ..OldPrices::default()
    };
    if out.unit_price.is_some() || out.currency.is_some() {
        out.unit_price_by = writers.of_keys(doc, &ROOT, &[PRICE_KEY, CURRENCY_KEY]);
    }
    if let Ok(Some((Value::Object(ObjType::Map), pos))) = doc.get(ROOT, "purchase_orders") {
        for key in doc.keys(&pos) {
            if let Ok(Some((Value::Object(ObjType::Map), po))) = doc.get(&pos, key.as_str()) {
                let unit_price = price_at(&po);
                let currency = text_at(&po, "currency");
                if unit_price.is_some() || currency.is_some() {
                    if let Some(by) = writers.of_keys(doc, &po, &[PRICE_KEY, CURRENCY_KEY]) {
                        out.po_price_by.insert(key.clone(), by);
                    }
                    out.purchase_orders.insert(
                        key.clone(),
                        PoPrice {
                            unit_price,
                            currency: currency.unwrap_or_default(),
                        },
                    );
                }
            }
        }
    }
    out
}

/// A document id derived from the old order's id (never change it: every build must find the
/// same successor and books for the same old order).
fn derived(label: &str, old_id: &str) -> [u8; 16] {
    document::digest16(&[
        b"gendan/unpriced-successor/v1\0",
        label.as_bytes(),
        b"\0",
        old_id.as_bytes(),
    ])
}

/// Writes `value` as a new document of the migration's (see [`document::create_alike`]).
fn create_migrated<T: document::Root>(
    label: &str,
    old_id: &str,
    time: i64,
    value: &T,
) -> Result<AutoCommit, DocError> {
    document::create_alike(label, old_id, time, &author(), value)
}

/// The successor's document id: the same on every device for the same old id.
pub fn successor_id(old_id: &str) -> String {
    DocumentId::from_bytes(derived("id", old_id)).to_string()
}

/// The commercial document id a migration creates when the old order linked none but held prices.
pub fn commercial_id(old_id: &str) -> String {
    DocumentId::from_bytes(derived("commercial", old_id)).to_string()
}

/// The migration's fixed author: not a person, so the history says what happened.
pub fn author() -> Author {
    Author {
        name: "Gendan".into(),
        device: "migration".into(),
    }
}

/// A migrated order ready to be stored: the successor document and what else must change.
pub struct Successor {
    pub id: String,
    pub doc: AutoCommit,
    pub order: Order,
    pub prices: OldPrices,
}

/// Builds the successor of an old order document: the current order without prices, linked back to
/// `old_id`, in a new document whose first change is the same on every device with the same heads.
/// `commercial` is the commercial document id the successor links (the old one's, or a new one
/// from [`commercial_id`] when prices must go somewhere and none was linked).
pub fn successor(old_id: &str, old: &mut AutoCommit) -> Result<Successor, DocError> {
    let mut order: Order = document::read(old)?;
    // One walk of the history says both who wrote the prices and what the successor records.
    let writers = Writers::of(old);
    let prices = old_prices(old, &writers);
    if order.commercial.is_none() && !prices.is_empty() {
        order.commercial = Some(commercial_id(old_id));
    }
    order.schema = crate::order::ORDER_SCHEMA;
    let history = writers.predecessor(old_id);
    let time = history.last_ms.max(0);
    order.migrated_from = Some(history);
    let doc = create_migrated("actor", old_id, time, &order)?;
    Ok(Successor {
        id: successor_id(old_id),
        doc,
        order,
        prices,
    })
}

/// The commercial document a migration creates for an order that had prices but no commercial
/// document: deterministic like the successor.
pub fn new_commercial(
    old_id: &str,
    successor: &str,
    prices: &OldPrices,
) -> Result<AutoCommit, DocError> {
    let mut c = Commercial::new(successor, prices.currency.as_deref().unwrap_or("USD"));
    prices.fill(&mut c);
    create_migrated("commercial-actor", old_id, 0, &c)
}

/// Every map key and scalar value ever written in the document's history, change by change: what a
/// leak test scans for prices and for ids that must not be there.
pub fn history_values(doc: &mut AutoCommit) -> Vec<(String, ScalarValue)> {
    let mut out = Vec::new();
    for c in doc.get_changes(&[]) {
        for op in c.decode().operations {
            let key = match &op.key {
                automerge::legacy::Key::Map(k) => k.to_string(),
                automerge::legacy::Key::Seq(_) => String::new(),
            };
            match op.action {
                automerge::legacy::OpType::Put(v) => out.push((key, v)),
                _ => out.push((key, ScalarValue::Null)),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document;

    /// Two builds write the same old order differently (a field added since, another
    /// encoding): their successors' first changes differ, so their actors must too.
    #[test]
    fn builds_that_write_a_successor_differently_write_it_as_different_actors() {
        let mut older = Order::new();
        older.customer_po = "PO-1".into();
        older.style_no = "NW-1".into();
        let mut newer = older.clone();
        newer.description = "a field the older build left empty".into();
        let mut a = create_migrated("actor", "old-id", 5, &older).unwrap();
        let mut b = create_migrated("actor", "old-id", 5, &newer).unwrap();
        let mut again = create_migrated("actor", "old-id", 5, &older).unwrap();
        assert_eq!(
            a.get_heads(),
            again.get_heads(),
            "the same change, stored once"
        );
        a.merge(&mut again).unwrap();
        assert_eq!(a.get_changes(&[]).len(), 1);
        a.merge(&mut b).expect("different changes merge");
        assert_eq!(a.get_changes(&[]).len(), 2);
        assert!(document::conflicts(&a, &["style_no"]).is_empty());
        assert_eq!(document::conflicts(&a, &["description"]).len(), 2);
    }
}
