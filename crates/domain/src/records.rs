//! The model's maps of records keyed by id (`RecordMap<T>`): the lists peers edit concurrently,
//! each record under a random id, read from and written to a document as an Automerge map.
//!
//! A `BTreeMap<String, T>` compiled its tree code (insert, remove, node merges and splits, clone,
//! drop, equality) once per record type, ~40 copies and the largest generic family in the wasm.
//! Here the ids sit in one `Vec<String>` kept sorted and the records in a parallel `Vec<T>`, so
//! the searches are one non-generic function and what remains per type is a vector's. Orders hold
//! tens of records a kind, so an insertion's shift costs less than a tree's node work. Iteration is
//! in id order, as a `BTreeMap`'s was, and the methods the model uses keep `BTreeMap`'s names and
//! meaning.
//!
//! Reading accepts and refuses what autosurgeon's `BTreeMap` hydrate does (a missing field or a
//! non-map value is the same error, each record is hydrated by the entry point its value kind
//! selects), reading each record from the value the iteration already found instead of looking it
//! up again by its key. Writing is autosurgeon's map reconcile: every record put, a record whose
//! key (`Reconcile::key`) changed replaced, ids no longer present deleted.

use std::fmt;

use automerge::{ObjId, ObjType, Value};
use autosurgeon::reconcile::{LoadKey, MapReconciler};
use autosurgeon::{Hydrate, HydrateError, ReadDoc, Reconcile, Reconciler};

/// Records of one kind by id, in id order.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RecordMap<T> {
    keys: Vec<String>,
    values: Vec<T>,
}

/// Where `key` is, or where it would go: the one search every method uses, not generic over `T`.
fn position(keys: &[String], key: &str) -> Result<usize, usize> {
    keys.binary_search_by(|k| k.as_str().cmp(key))
}

impl<T> Default for RecordMap<T> {
    fn default() -> Self {
        RecordMap {
            keys: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for RecordMap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<T> RecordMap<T> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn contains_key(&self, key: &str) -> bool {
        position(&self.keys, key).is_ok()
    }

    pub fn get(&self, key: &str) -> Option<&T> {
        position(&self.keys, key).ok().map(|i| &self.values[i])
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        position(&self.keys, key).ok().map(|i| &mut self.values[i])
    }

    /// Puts `value` under `key`, handing back the record it replaced.
    pub fn insert(&mut self, key: String, value: T) -> Option<T> {
        match position(&self.keys, &key) {
            Ok(i) => Some(std::mem::replace(&mut self.values[i], value)),
            Err(i) => {
                self.insert_at(i, key, value);
                None
            }
        }
    }

    /// Puts a record at position `i` of both lists (where [`position`] said its id goes).
    fn insert_at(&mut self, i: usize, key: String, value: T) {
        self.keys.insert(i, key);
        self.values.insert(i, value);
    }

    pub fn remove(&mut self, key: &str) -> Option<T> {
        let i = position(&self.keys, key).ok()?;
        self.keys.remove(i);
        Some(self.values.remove(i))
    }

    /// The place of `key`, to fill when empty (`BTreeMap::entry`'s use here).
    pub fn entry(&mut self, key: String) -> Entry<'_, T> {
        Entry { map: self, key }
    }

    pub fn clear(&mut self) {
        self.keys.clear();
        self.values.clear();
    }

    /// Keeps the records `keep` says yes to, in order.
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut T) -> bool) {
        let mut kept = 0;
        for i in 0..self.keys.len() {
            if keep(&self.keys[i], &mut self.values[i]) {
                self.keys.swap(kept, i);
                self.values.swap(kept, i);
                kept += 1;
            }
        }
        self.keys.truncate(kept);
        self.values.truncate(kept);
    }

    pub fn iter(&self) -> Iter<'_, T> {
        self.keys.iter().zip(self.values.iter())
    }

    pub fn iter_mut(&mut self) -> IterMut<'_, T> {
        self.keys.iter().zip(self.values.iter_mut())
    }

    pub fn keys(&self) -> std::slice::Iter<'_, String> {
        self.keys.iter()
    }

    pub fn values(&self) -> std::slice::Iter<'_, T> {
        self.values.iter()
    }

    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, T> {
        self.values.iter_mut()
    }

    pub fn into_keys(self) -> std::vec::IntoIter<String> {
        self.keys.into_iter()
    }

    pub fn into_values(self) -> std::vec::IntoIter<T> {
        self.values.into_iter()
    }
}

/// A key of a [`RecordMap`] that may or may not hold a record yet.
pub struct Entry<'a, T> {
    map: &'a mut RecordMap<T>,
    key: String,
}

impl<'a, T> Entry<'a, T> {
    pub fn or_insert_with(self, make: impl FnOnce() -> T) -> &'a mut T {
        let i = match position(&self.map.keys, &self.key) {
            Ok(i) => i,
            Err(i) => {
                self.map.insert_at(i, self.key, make());
                i
            }
        };
        &mut self.map.values[i]
    }

    pub fn or_insert(self, value: T) -> &'a mut T {
        self.or_insert_with(|| value)
    }

    pub fn or_default(self) -> &'a mut T
    where
        T: Default,
    {
        self.or_insert_with(T::default)
    }
}

impl<T> std::ops::Index<&str> for RecordMap<T> {
    type Output = T;

    /// The record under `key`; panics when there is none, as a `BTreeMap` does.
    fn index(&self, key: &str) -> &T {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no record {key:?}"),
        }
    }
}

pub type Iter<'a, T> = std::iter::Zip<std::slice::Iter<'a, String>, std::slice::Iter<'a, T>>;
pub type IterMut<'a, T> = std::iter::Zip<std::slice::Iter<'a, String>, std::slice::IterMut<'a, T>>;

impl<'a, T> IntoIterator for &'a RecordMap<T> {
    type Item = (&'a String, &'a T);
    type IntoIter = Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T> IntoIterator for &'a mut RecordMap<T> {
    type Item = (&'a String, &'a mut T);
    type IntoIter = IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<T> IntoIterator for RecordMap<T> {
    type Item = (String, T);
    type IntoIter = std::iter::Zip<std::vec::IntoIter<String>, std::vec::IntoIter<T>>;
    fn into_iter(self) -> Self::IntoIter {
        self.keys.into_iter().zip(self.values)
    }
}

/// Later records win over earlier ones under the same id, as in a `BTreeMap`.
impl<T> Extend<(String, T)> for RecordMap<T> {
    fn extend<I: IntoIterator<Item = (String, T)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<T> FromIterator<(String, T)> for RecordMap<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(iter: I) -> Self {
        let mut map = RecordMap::new();
        map.extend(iter);
        map
    }
}

impl<T, const N: usize> From<[(String, T); N]> for RecordMap<T> {
    fn from(items: [(String, T); N]) -> Self {
        items.into_iter().collect()
    }
}

impl<T: Hydrate> Hydrate for RecordMap<T> {
    fn hydrate_map<D: ReadDoc>(doc: &D, obj: &ObjId) -> Result<Self, HydrateError> {
        let mut out = RecordMap::new();
        for item in doc.map_range(obj, ..) {
            let id = item.id();
            let value = match Value::from(item.value) {
                Value::Object(ObjType::Map | ObjType::Table) => T::hydrate_map(doc, &id),
                Value::Object(ObjType::List) => T::hydrate_seq(doc, &id),
                // Text where a string is kept (a JavaScript peer's default): read as the string.
                Value::Object(ObjType::Text) => T::hydrate_text(doc, &id).or_else(|e| {
                    doc.text(&id)
                        .map_err(|_| e)
                        .and_then(|s| T::hydrate_string(&s))
                }),
                Value::Scalar(s) => T::hydrate_scalar(s),
            }?;
            // A document yields its keys in order, so each lands at the end (a push).
            out.insert(item.key.into_owned(), value);
        }
        Ok(out)
    }
}

impl<T: Reconcile> Reconcile for RecordMap<T> {
    type Key<'a> = autosurgeon::reconcile::NoKey;

    fn reconcile<R: Reconciler>(&self, mut reconciler: R) -> Result<(), R::Error> {
        let mut map = reconciler.map()?;
        map.retain(|key, _| self.contains_key(key))?;
        for (key, value) in self.iter() {
            if let LoadKey::Found(new_key) = value.key() {
                if let LoadKey::Found(old_key) = map.hydrate_entry_key::<T, _>(key)? {
                    if old_key != new_key {
                        map.replace(key, value)?;
                        continue;
                    }
                }
            }
            map.put(key, value)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};
    use proptest::prelude::*;

    /// What the document holds at `key` of `obj`, by Automerge's own lookup.
    fn at(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<ObjId> {
        automerge::ReadDoc::get(doc, obj, key)
            .expect("get")
            .map(|(_, id)| id)
    }

    /// A record type with a map, a list, text and scalars, so every branch of the hydrate is taken.
    #[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
    struct Rec {
        name: String,
        qty: u64,
        tags: Vec<String>,
        cells: RecordMap<u64>,
    }

    #[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
    struct Holder {
        recs: RecordMap<Rec>,
        #[autosurgeon(missing = "Default::default")]
        notes: RecordMap<autosurgeon::Text>,
    }

    /// The same shape as autosurgeon's own maps, to compare against.
    #[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
    struct StockRec {
        name: String,
        qty: u64,
        tags: Vec<String>,
        cells: BTreeMap<String, u64>,
    }

    fn rec(n: &str, q: u64) -> Rec {
        Rec {
            name: n.into(),
            qty: q,
            tags: vec!["a".into(), "b".into()],
            cells: [("m".to_string(), 3), ("l".to_string(), 4)].into(),
        }
    }

    fn stock(r: &Rec) -> StockRec {
        StockRec {
            name: r.name.clone(),
            qty: r.qty,
            tags: r.tags.clone(),
            cells: r.cells.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        }
    }

    fn sample() -> Holder {
        Holder {
            recs: [
                ("z".to_string(), rec("last", 1)),
                ("a".to_string(), rec("first", 2)),
            ]
            .into(),
            notes: [("n1".to_string(), autosurgeon::Text::with_value("hello"))].into(),
        }
    }

    #[test]
    fn reads_back_what_it_wrote_and_agrees_with_autosurgeons_own_map() {
        let mut doc = AutoCommit::new();
        autosurgeon::reconcile(&mut doc, sample()).expect("reconcile");
        let ours: Holder = autosurgeon::hydrate(&doc).expect("hydrate");
        assert_eq!(ours, sample());
        let theirs: BTreeMap<String, StockRec> =
            autosurgeon::hydrate_prop(&doc, ROOT, "recs").expect("stock hydrate");
        let ours: BTreeMap<String, StockRec> = ours
            .recs
            .iter()
            .map(|(k, r)| (k.clone(), stock(r)))
            .collect();
        assert_eq!(ours, theirs);
        assert_eq!(
            sample().recs.keys().collect::<Vec<_>>(),
            ["a", "z"],
            "records are in id order whatever order they were put in"
        );
    }

    #[test]
    fn refuses_what_autosurgeon_refuses_and_defaults_what_is_missing() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "recs", "not a map").expect("put");
        let err = autosurgeon::hydrate::<_, Holder>(&doc).expect_err("a string is not records");
        let stock =
            autosurgeon::hydrate_prop::<_, BTreeMap<String, StockRec>, _, _>(&doc, ROOT, "recs")
                .expect_err("stock refuses too");
        assert_eq!(err.to_string(), stock.to_string());

        let empty = AutoCommit::new();
        let missing = autosurgeon::hydrate::<_, Holder>(&empty).expect_err("recs is required");
        let stock =
            autosurgeon::hydrate_prop::<_, BTreeMap<String, StockRec>, _, _>(&empty, ROOT, "recs")
                .expect_err("stock refuses too");
        assert_eq!(missing.to_string(), stock.to_string());

        let mut no_notes = AutoCommit::new();
        let recs = no_notes
            .put_object(ROOT, "recs", ObjType::Map)
            .expect("put map");
        let bad = no_notes.put_object(&recs, "r1", ObjType::Map).expect("rec");
        no_notes.put(&bad, "name", 5_i64).expect("wrong type");
        let err = autosurgeon::hydrate::<_, Holder>(&no_notes).expect_err("a number is no name");
        let stock = autosurgeon::hydrate_prop::<_, BTreeMap<String, StockRec>, _, _>(
            &no_notes, ROOT, "recs",
        )
        .expect_err("stock refuses too");
        assert_eq!(err.to_string(), stock.to_string());

        no_notes.delete(&recs, "r1").expect("delete");
        let read: Holder = autosurgeon::hydrate(&no_notes).expect("empty records, no notes");
        assert!(read.recs.is_empty() && read.notes.is_empty());
    }

    /// An edit writes what autosurgeon's map writes: changed records put, removed ones deleted,
    /// kept ones untouched (the same objects, so a concurrent edit inside them survives).
    #[test]
    fn an_edit_writes_what_autosurgeons_map_writes() {
        let mut ours = AutoCommit::new();
        autosurgeon::reconcile(&mut ours, sample()).expect("reconcile");
        let mut theirs = ours.fork();
        let kept = at(&ours, &ROOT, "recs").unwrap();
        let kept_a = at(&ours, &kept, "a").unwrap();

        let mut edited = sample();
        edited.recs.remove("z");
        edited.recs.insert("m".into(), rec("middle", 7));
        edited.recs.get_mut("a").unwrap().qty = 9;
        autosurgeon::reconcile(&mut ours, &edited).expect("edit");

        let stock_edit: BTreeMap<String, StockRec> = edited
            .recs
            .iter()
            .map(|(k, r)| (k.clone(), stock(r)))
            .collect();
        autosurgeon::reconcile_prop(&mut theirs, ROOT, "recs", &stock_edit).expect("stock edit");

        let read = |doc: &AutoCommit| -> BTreeMap<String, StockRec> {
            autosurgeon::hydrate_prop(doc, ROOT, "recs").expect("read")
        };
        assert_eq!(read(&ours), read(&theirs));
        assert_eq!(read(&ours), stock_edit);
        assert_eq!(
            at(&ours, &kept, "a").unwrap(),
            kept_a,
            "a kept record is edited in place"
        );
        assert_eq!(at(&ours, &kept, "z"), None, "a removed record is deleted");
    }

    /// A record with a key (`#[key]`) whose key changed is a new object, as autosurgeon does it.
    #[test]
    fn a_record_whose_key_changed_is_replaced() {
        #[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
        struct Keyed {
            #[key]
            code: String,
            note: String,
        }
        #[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
        struct Root {
            items: RecordMap<Keyed>,
        }
        let item = |code: &str| Keyed {
            code: code.into(),
            note: "n".into(),
        };
        let mut doc = AutoCommit::new();
        let mut root = Root {
            items: [("x".to_string(), item("one"))].into(),
        };
        autosurgeon::reconcile(&mut doc, &root).expect("reconcile");
        let items = at(&doc, &ROOT, "items").unwrap();
        let before = at(&doc, &items, "x").unwrap();
        root.items.get_mut("x").unwrap().note = "same key".into();
        autosurgeon::reconcile(&mut doc, &root).expect("same key");
        assert_eq!(at(&doc, &items, "x").unwrap(), before);
        root.items.insert("x".into(), item("two"));
        autosurgeon::reconcile(&mut doc, &root).expect("new key");
        assert_ne!(at(&doc, &items, "x").unwrap(), before);
        assert_eq!(autosurgeon::hydrate::<_, Root>(&doc).expect("read"), root);
    }

    #[derive(Debug, Clone)]
    enum Op {
        Insert(u8, u32),
        Remove(u8),
        Entry(u8),
        Retain(u32),
        Bump(u8),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (any::<u8>(), any::<u32>()).prop_map(|(k, v)| Op::Insert(k % 24, v)),
            any::<u8>().prop_map(|k| Op::Remove(k % 24)),
            any::<u8>().prop_map(|k| Op::Entry(k % 24)),
            (1u32..5).prop_map(Op::Retain),
            any::<u8>().prop_map(|k| Op::Bump(k % 24)),
        ]
    }

    proptest! {
        /// Whatever is done to it, it holds what a `BTreeMap` would, in the same order.
        #[test]
        fn behaves_as_a_btree_map(ops in proptest::collection::vec(op(), 0..80)) {
            let mut ours = RecordMap::<u32>::new();
            let mut model = BTreeMap::<String, u32>::new();
            for op in ops {
                match op {
                    Op::Insert(k, v) => {
                        prop_assert_eq!(ours.insert(k.to_string(), v), model.insert(k.to_string(), v));
                    }
                    Op::Remove(k) => {
                        prop_assert_eq!(ours.remove(&k.to_string()), model.remove(&k.to_string()));
                    }
                    Op::Entry(k) => {
                        *ours.entry(k.to_string()).or_default() += 1;
                        *model.entry(k.to_string()).or_default() += 1;
                    }
                    Op::Retain(m) => {
                        ours.retain(|k, v| !(k.len() as u32).wrapping_add(*v).is_multiple_of(m));
                        model.retain(|k, v| !(k.len() as u32).wrapping_add(*v).is_multiple_of(m));
                    }
                    Op::Bump(k) => {
                        if let Some(v) = ours.get_mut(&k.to_string()) {
                            *v = v.wrapping_add(3);
                        }
                        if let Some(v) = model.get_mut(&k.to_string()) {
                            *v = v.wrapping_add(3);
                        }
                    }
                }
                prop_assert_eq!(ours.len(), model.len());
                prop_assert!(ours.iter().eq(model.iter()));
            }
            for k in 0..24u8 {
                prop_assert_eq!(ours.get(&k.to_string()), model.get(&k.to_string()));
                prop_assert_eq!(ours.contains_key(&k.to_string()), model.contains_key(&k.to_string()));
            }
            let collected: RecordMap<u32> = model.clone().into_iter().rev().collect();
            prop_assert_eq!(&collected, &ours);
            prop_assert!(ours.clone().into_iter().eq(model.into_iter()));
        }
    }
}
