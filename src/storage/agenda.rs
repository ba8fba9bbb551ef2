//! The Today index: each order's [`Agenda`] kept in its summary, so Today reads summaries only
//! and loads a document just for an order whose agenda is missing, made under other gates, or
//! hiding a decision whose details it does not store.
//!
//! An agenda is made when this device saves the order or its money with both in memory, when
//! orders arrive (a file, the relay's catch-up answer, a sync), and by Today for the orders it
//! had to load (written back, so the next visit needs none of them).
//! Whatever changes an order without making its agenda drops it: a remote change to its
//! commercial document ([`Repo::money_changed`]) or its arrival, other gates (the key no longer
//! matches).

use gendan_domain::sorting::CollectSet;
use std::collections::{BTreeSet, HashMap};

use gendan_domain::agenda::Agenda;
use gendan_domain::{document, Day, Order};
use serde::Deserialize;
use wasm_bindgen::JsValue;

use super::idb::SUMMARIES;
use super::repo::{summary_value, Repo, Summary, Write};
use super::StoreError;
use crate::platform::now_ms;

/// Reads a stored agenda, or `None` when it does not parse: it is only a cache, and the summary
/// around it must survive a damaged one. Taken as raw JSON first, not as a `serde_json::Value`
/// tree: no other code reads one, so its reader is not compiled in.
pub(super) fn lenient<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Agenda>, D::Error> {
    let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
    Ok(serde_json::from_str(raw.get()).ok())
}

/// What the index gave for a day, and the orders it could not answer for.
pub(crate) struct FromIndex {
    pub today: gendan_domain::reports::Today,
    /// Orders Today must load: no agenda, another key, or a decision to spell out.
    pub load: BTreeSet<String>,
    /// Orders answered from their agenda alone.
    pub answered: usize,
}

/// Whether Today reads the order of summary `s` (agendas made under `key`): every live order, and
/// a closed or cancelled one when its history needs a decision or its books a price checked, a
/// payment request decided or a supplier still paid (money is not settled by closing the order). `unsettled` tells without the
/// gates; a gate left unmet at a closed status (a final lot failed on another device after the
/// order closed here) only an agenda made under the gates tells, so an order without a usable
/// one is read once to make it.
pub(crate) fn today_wants(s: &Summary, key: &str) -> bool {
    s.unsettled
        || !matches!(s.status.as_str(), "closed" | "cancelled")
        || s.agenda.as_ref().is_none_or(|a| {
            a.key != key
                || a.needs_decision
                || a.prices_to_check
                || a.books_unread
                || !a.pay_requests.is_empty()
                || !a.payables.is_empty()
                || !a.owed_back.is_empty()
        })
}

impl Repo {
    /// The workspace's gates, read alone: this runs for every order that arrives, and the whole
    /// workspace (every order's reference) made that quadratic (30 of the 94 s a fresh device
    /// took for 1,000 orders over WebRTC).
    pub(super) fn gates(&self) -> Option<gendan_domain::lifecycle::Gates> {
        let inner = self.inner.borrow();
        let doc = &inner.docs.get(&inner.workspace_id)?.doc;
        document::read_field::<gendan_domain::workspace::Settings>(doc, "settings")
            .ok()
            .map(|s| s.gates)
    }

    /// The order's agenda when all it is made from is in memory: the workspace's gates, and the
    /// commercial document loaded (or none linked). `None` leaves it to Today.
    pub(super) fn agenda_now(&self, id: &str, order: &Order) -> Option<Agenda> {
        let gates = self.gates()?;
        let inner = self.inner.borrow();
        // Books linked (or made for an order that links none) and not in memory: perhaps held
        // here, perhaps not; Today reads them.
        if super::repo::books_to_read(&inner, id, order)
            .is_ok_and(|cid| !inner.docs.contains_key(&cid))
        {
            return None;
        }
        Some(super::scan::commercial_in(&inner, id, order).agenda(order, &gates))
    }

    /// Makes the agendas of orders this device just took in (an imported file, a catch-up
    /// answer, a sync), as Today would: with the commercial document when it is stored here and
    /// without it when it is not (its arrival drops the agenda again, see
    /// [`Repo::money_changed`]). Commercial documents not in memory are read in one transaction
    /// and dropped again. The orders' summaries must be in memory; returns their writes.
    pub(super) async fn agendas_for(
        &self,
        orders: &[(String, Order)],
    ) -> Result<Vec<Write>, StoreError> {
        let mut writes = Vec::new();
        let gates = self.gates();
        let lent = match gates {
            Some(_) => {
                self.lend_commercials(orders.iter().map(|(id, o)| (id.as_str(), o)))
                    .await
            }
            None => Vec::new(),
        };
        let mut inner = self.inner.borrow_mut();
        for (id, order) in orders {
            let agenda = gates
                .as_ref()
                .map(|gates| super::scan::commercial_in(&inner, id, order).agenda(order, gates));
            let Some(s) = inner.summaries.get_mut(id) else {
                continue;
            };
            s.agenda = agenda;
            writes.push(Write::Put {
                store: SUMMARIES,
                key: JsValue::from_str(id),
                value: summary_value(s)?,
            });
        }
        drop(inner);
        self.drop_docs(&lent);
        Ok(writes)
    }

    /// Drops the agenda of every order whose commercial document is among `changed` and marks
    /// the order changed now (the daily report reads it then); returns the summary writes.
    pub(super) fn money_changed(&self, changed: &[String]) -> Result<Vec<Write>, StoreError> {
        let changed: BTreeSet<&str> = changed.iter().map(String::as_str).collect_set();
        let mut inner = self.inner.borrow_mut();
        let mut writes = Vec::new();
        for s in inner.summaries.values_mut() {
            if s.commercial.is_empty() || !changed.contains(s.commercial.as_str()) {
                continue;
            }
            s.agenda = None;
            s.updated_ms = now_ms();
            writes.push(Write::Put {
                store: SUMMARIES,
                key: JsValue::from_str(&s.id),
                value: summary_value(s)?,
            });
        }
        Ok(writes)
    }

    /// Today on `now` from the agendas of the orders whose summary passes `want`.
    pub(crate) fn today_from_index(
        &self,
        key: &str,
        now: Day,
        at_risk_days: u32,
        want: impl Fn(&Summary) -> bool,
    ) -> FromIndex {
        let inner = self.inner.borrow();
        let mut out = FromIndex {
            today: Default::default(),
            load: BTreeSet::new(),
            answered: 0,
        };
        for s in inner.summaries.values().filter(|s| !s.damaged && want(s)) {
            match &s.agenda {
                Some(a) if a.key == key && !a.needs_decision => {
                    out.today.extend(a.today(&s.id, now, at_risk_days));
                    out.answered += 1;
                }
                _ => {
                    out.load.insert(s.id.clone());
                }
            }
        }
        out
    }

    /// Keeps agendas Today computed from the documents, each only if its summary has not changed
    /// since (`seen` is the summary's `updated_ms` when the order was read). One transaction.
    pub(crate) async fn keep_agendas(
        &self,
        made: Vec<(String, f64, Agenda)>,
    ) -> Result<(), StoreError> {
        self.keep_in_summaries(made, |s| &mut s.agenda).await
    }

    /// Keeps what a screen made from the documents in their summaries' `slot`, each only if its
    /// summary has not changed since it was read (`seen`, its `updated_ms` then): a later save
    /// made its own. One transaction.
    pub(super) async fn keep_in_summaries<V: PartialEq>(
        &self,
        made: Vec<(String, f64, V)>,
        slot: fn(&mut Summary) -> &mut Option<V>,
    ) -> Result<(), StoreError> {
        let mut writes = Vec::new();
        {
            let mut inner = self.inner.borrow_mut();
            for (id, seen, value) in made {
                let Some(s) = inner.summaries.get_mut(&id) else {
                    continue;
                };
                if s.updated_ms != seen || slot(s).as_ref() == Some(&value) {
                    continue;
                }
                *slot(s) = Some(value);
                writes.push(Write::Put {
                    store: SUMMARIES,
                    key: JsValue::from_str(&id),
                    value: summary_value(s)?,
                });
            }
        }
        if writes.is_empty() {
            return Ok(());
        }
        self.persist(writes).await
    }

    /// The summary's `updated_ms`, for [`Repo::keep_agendas`].
    pub(crate) fn summary_seen(&self, id: &str) -> Option<f64> {
        self.inner.borrow().summaries.get(id).map(|s| s.updated_ms)
    }

    /// [`Repo::summary_seen`] of each of `ids` that has a summary, taken before a screen reads
    /// their orders: what it makes from them is kept only for orders (and money) nobody changed
    /// meanwhile, or it would overwrite what that change made.
    pub(crate) fn summaries_seen<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a String>,
    ) -> HashMap<String, f64> {
        ids.into_iter()
            .filter_map(|id| Some((id.clone(), self.summary_seen(id)?)))
            .collect()
    }
}
