//! A price relabelled by a merge: one device sets the order's price (or a colour's) in the books'
//! currency while another, not knowing of it, switches that currency. Each change is allowed on
//! its own device ([`crate::Commercial::may_keep_in`] lets the currency switch while no money is
//! recorded), and Automerge merges the two fields apart, so USD 3.50 would read as EUR 3.50 with
//! nobody having written that. Receipts and deductions carry their currency and cannot be
//! relabelled; a price does not, so the document's history is what tells.
//!
//! A price is relabelled when the change that wrote its current value and the change that wrote
//! the current currency do not know of each other (neither is an ancestor of the other). Once a
//! person confirms the price in the currency shown ([`confirm`]), or types another, the price is
//! written again by a change that knows both, and nothing is said any more.
//!
//! Two devices setting the same price at once is the other thing a merge does to a price: one
//! value shows and the other is kept only as a conflict. Unlike the order's header fields, whose
//! competing values the order shows, a price is money and lives in the books; [`competing`]
//! names both with who set each, and one is kept with [`crate::document::resolve`] at
//! [`Competing::path`].

use std::collections::{HashMap, HashSet};

use automerge::transaction::Transactable;
use automerge::{AutoCommit, ChangeHash, ObjId, ReadDoc, ScalarValue, Value, ROOT};

use crate::document::{author_of, Author, DocError};
use crate::money::Price;

/// A price whose currency was switched on another device that did not know of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relabelled {
    /// The colour whose own price it is; `None` for the order's price.
    pub colour: Option<String>,
    pub price: Price,
    /// The currency it now reads in.
    pub currency: String,
    /// Who wrote the price, and who switched the currency, each not knowing of the other.
    pub price_by: Author,
    pub currency_by: Author,
}

/// One change as the history walk needs it.
struct Seen {
    hash: ChangeHash,
    deps: Vec<ChangeHash>,
    message: String,
}

/// The changes of `doc`, and the one that wrote each op id's value.
struct History {
    /// (actor, first op, last op) → the change, for finding the change of an op id.
    ranges: Vec<(automerge::ActorId, u64, u64, usize)>,
    changes: Vec<Seen>,
    by_hash: HashMap<ChangeHash, usize>,
}

impl History {
    fn of(doc: &mut AutoCommit) -> History {
        let all = doc.get_changes(&[]);
        let mut h = History {
            ranges: Vec::with_capacity(all.len()),
            changes: Vec::with_capacity(all.len()),
            by_hash: HashMap::with_capacity(all.len()),
        };
        for (i, c) in all.iter().enumerate() {
            h.ranges
                .push((c.actor_id().clone(), c.start_op().get(), c.max_op(), i));
            h.by_hash.insert(c.hash(), i);
            h.changes.push(Seen {
                hash: c.hash(),
                deps: c.deps().to_vec(),
                message: c.message().unwrap_or_default().to_string(),
            });
        }
        h
    }

    /// The change that made the op `id`.
    fn change_of(&self, id: &automerge::ObjId) -> Option<usize> {
        let automerge::ObjId::Id(counter, actor, _) = id else {
            return None;
        };
        self.ranges
            .iter()
            .find(|(a, start, max, _)| a == actor && (*start..=*max).contains(counter))
            .map(|(_, _, _, i)| *i)
    }

    /// Whether change `to` is `from` or one of its ancestors.
    fn reaches(&self, from: usize, to: usize) -> bool {
        let target = self.changes[to].hash;
        let mut seen = HashSet::new();
        let mut next = vec![self.changes[from].hash];
        while let Some(h) = next.pop() {
            if h == target {
                return true;
            }
            if !seen.insert(h) {
                continue;
            }
            if let Some(i) = self.by_hash.get(&h) {
                next.extend(self.changes[*i].deps.iter().copied());
            }
        }
        false
    }

    fn author(&self, i: usize) -> Author {
        author_of(&self.changes[i].message)
    }
}

/// A price as stored: an integer of ten-thousandths.
fn price_of(v: &Value<'_>) -> Option<Price> {
    match v {
        Value::Scalar(s) => match s.as_ref() {
            ScalarValue::Int(i) => Some(Price::from_ten_thousandths(*i)),
            ScalarValue::Uint(u) => i64::try_from(*u).ok().map(Price::from_ten_thousandths),
            _ => None,
        },
        Value::Object(_) => None,
    }
}

/// The prices of the books `doc` (a commercial document): the order's, then each colour's, with
/// where each is kept.
fn prices(doc: &AutoCommit) -> Vec<(Option<String>, ObjId, String, Price, ObjId)> {
    let mut out = Vec::new();
    if let Ok(Some((v, id))) = doc.get(ROOT, "unit_price") {
        if let Some(p) = price_of(&v) {
            out.push((None, ROOT, "unit_price".to_string(), p, id));
        }
    }
    if let Ok(Some((Value::Object(_), map))) = doc.get(ROOT, "colour_prices") {
        for colour in doc.keys(&map) {
            if let Ok(Some((v, id))) = doc.get(&map, &colour) {
                if let Some(p) = price_of(&v) {
                    out.push((Some(colour.clone()), map.clone(), colour, p, id));
                }
            }
        }
    }
    out
}

/// The prices of the books `doc` that a currency switch made on another device relabelled.
pub fn relabelled(doc: &mut AutoCommit) -> Vec<Relabelled> {
    let Ok(Some((cur, cur_id))) = doc.get(ROOT, "currency") else {
        return Vec::new();
    };
    let currency = match cur {
        Value::Scalar(s) => match s.as_ref() {
            ScalarValue::Str(c) => c.to_string(),
            _ => return Vec::new(),
        },
        // Written by a JavaScript peer, as text.
        Value::Object(automerge::ObjType::Text) => doc.text(&cur_id).unwrap_or_default(),
        Value::Object(_) => return Vec::new(),
    };
    let prices = prices(doc);
    if currency.trim().is_empty() || prices.is_empty() {
        return Vec::new();
    }
    let history = History::of(doc);
    let Some(switched) = history.change_of(&cur_id) else {
        return Vec::new();
    };
    prices
        .into_iter()
        .filter_map(|(colour, _, _, price, id)| {
            let set = history.change_of(&id)?;
            let knew = history.reaches(set, switched) || history.reaches(switched, set);
            (!knew).then(|| Relabelled {
                colour,
                price,
                currency: currency.clone(),
                price_by: history.author(set),
                currency_by: history.author(switched),
            })
        })
        .collect()
}

/// A person confirms every relabelled price in the currency it now reads in: each is written
/// again, as it reads, by one change that knows both sides. Returns how many were.
pub fn confirm(doc: &mut AutoCommit, author: &Author, now_ms: i64) -> Result<usize, DocError> {
    let wrong: Vec<(Option<String>, Price)> = relabelled(doc)
        .into_iter()
        .map(|r| (r.colour, r.price))
        .collect();
    if wrong.is_empty() {
        return Ok(0);
    }
    for (colour, obj, key, price, _) in prices(doc) {
        if wrong.contains(&(colour, price)) {
            // Automerge writes nothing for a value put over itself: taken out and put back in
            // one change, the price is the same and its writer is this change.
            doc.delete(&obj, key.as_str())
                .and_then(|()| doc.put(&obj, key, price.ten_thousandths()))
                .map_err(|e| DocError::Reconcile(e.to_string()))?;
        }
    }
    doc.commit_with(
        automerge::transaction::CommitOptions::default()
            .with_message(format!("{}\u{1f}{}", author.name, author.device))
            .with_time(now_ms),
    );
    Ok(wrong.len())
}

/// A price two devices set at once to different values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Competing {
    /// The colour whose own price it is; `None` for the order's price.
    pub colour: Option<String>,
    /// The values with who set each, the one shown first: the order
    /// [`crate::document::resolve`] takes its choice in.
    pub prices: Vec<(Price, Author)>,
}

impl Competing {
    /// Where the price is kept, for [`crate::document::resolve`].
    pub fn path(&self) -> Vec<&str> {
        match &self.colour {
            None => vec!["unit_price"],
            Some(c) => vec!["colour_prices", c.as_str()],
        }
    }
}

/// The prices of the books `doc` two devices set at once to different values.
pub fn competing(doc: &mut AutoCommit) -> Vec<Competing> {
    let mut places: Vec<(Option<String>, ObjId, String)> = vec![(None, ROOT, "unit_price".into())];
    if let Ok(Some((Value::Object(_), map))) = doc.get(ROOT, "colour_prices") {
        for colour in doc.keys(&map) {
            places.push((Some(colour.clone()), map.clone(), colour));
        }
    }
    let mut found = Vec::new();
    let mut history = None;
    for (colour, obj, key) in places {
        let Ok(all) = doc.get_all(&obj, key.as_str()) else {
            continue;
        };
        if all.len() < 2 {
            continue;
        }
        let winner = doc.get(&obj, key.as_str()).ok().flatten().map(|(_, id)| id);
        let mut values: Vec<(bool, Option<Price>, ObjId)> = all
            .into_iter()
            .map(|(v, id)| (Some(&id) == winner.as_ref(), price_of(&v), id))
            .collect();
        crate::sorting::sort_by_key(&mut values, |(w, _, _)| !*w);
        let prices: Vec<Price> = values.iter().filter_map(|(_, p, _)| *p).collect();
        if prices.len() != values.len() || prices.iter().all(|p| *p == prices[0]) {
            continue;
        }
        let history = history.get_or_insert_with(|| History::of(doc));
        let prices = values
            .iter()
            .zip(prices)
            .map(|((_, _, id), p)| {
                let by = history
                    .change_of(id)
                    .map_or_else(|| author_of(""), |i| history.author(i));
                (p, by)
            })
            .collect();
        found.push(Competing { colour, prices });
    }
    found
}
