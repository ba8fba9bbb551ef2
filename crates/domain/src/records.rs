//! Reading a map of records (`BTreeMap<String, T>`) out of a document, for the model's fields
//! marked `#[autosurgeon(hydrate = "crate::records::hydrate")]`.
//!
//! autosurgeon's own `BTreeMap` hydrate collects into the map, and `BTreeMap::from_iter` sorts: one
//! copy of the standard library's stable sort per record type, ~40 copies (~170 KB before wasm-opt)
//! when this was written, to sort keys that Automerge already yields in order. Here the records are
//! inserted one by one, in the order the document yields them. Each record is also read from the
//! value the iteration already found, instead of being looked up again by its key; that lookup was
//! the hot spot of hydrating an order.
//!
//! What it accepts and refuses is autosurgeon's: a missing field or a non-map value is the same
//! error, and each record is hydrated by the same `Hydrate` entry point its value kind selects.

use std::collections::BTreeMap;

use automerge::{ObjId, ObjType, Value};
use autosurgeon::{Hydrate, HydrateError, Prop, ReadDoc};

/// Hydrates the map of records at `prop` of `obj`.
pub fn hydrate<D: ReadDoc, T: Hydrate>(
    doc: &D,
    obj: &ObjId,
    prop: Prop<'_>,
) -> Result<BTreeMap<String, T>, HydrateError> {
    autosurgeon::hydrate_prop::<_, Records<T>, _, _>(doc, obj, prop).map(|r| r.0)
}

/// A map of records, hydrated as the model's marked fields are. The blame macros name it as a
/// field's type so they check the field the way the model reads it.
pub struct Records<T>(BTreeMap<String, T>);

impl<T: Hydrate> Hydrate for Records<T> {
    fn hydrate_map<D: ReadDoc>(doc: &D, obj: &ObjId) -> Result<Self, HydrateError> {
        let mut out = BTreeMap::new();
        for item in doc.map_range(obj, ..) {
            let id = item.id();
            let value = match Value::from(item.value) {
                Value::Object(ObjType::Map | ObjType::Table) => T::hydrate_map(doc, &id),
                Value::Object(ObjType::List) => T::hydrate_seq(doc, &id),
                Value::Object(ObjType::Text) => T::hydrate_text(doc, &id),
                Value::Scalar(s) => T::hydrate_scalar(s),
            }?;
            out.insert(item.key.into_owned(), value);
        }
        Ok(Records(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::{AutoCommit, ROOT};

    /// A record type with a map, a list, text and scalars, so every branch above is taken.
    #[derive(Debug, Clone, PartialEq, Hydrate, autosurgeon::Reconcile)]
    struct Rec {
        name: String,
        qty: u64,
        tags: Vec<String>,
        #[autosurgeon(hydrate = "hydrate")]
        cells: BTreeMap<String, u64>,
    }

    #[derive(Debug, Clone, PartialEq, Hydrate, autosurgeon::Reconcile)]
    struct Holder {
        #[autosurgeon(hydrate = "hydrate")]
        recs: BTreeMap<String, Rec>,
        #[autosurgeon(hydrate = "hydrate", missing = "Default::default")]
        notes: BTreeMap<String, autosurgeon::Text>,
    }

    fn sample() -> Holder {
        let rec = |n: &str, q| Rec {
            name: n.into(),
            qty: q,
            tags: vec!["a".into(), "b".into()],
            cells: [("m".to_string(), 3), ("l".to_string(), 4)].into(),
        };
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
    fn reads_back_what_autosurgeon_wrote_and_agrees_with_its_own_map_hydrate() {
        let mut doc = AutoCommit::new();
        autosurgeon::reconcile(&mut doc, sample()).expect("reconcile");
        let ours: Holder = autosurgeon::hydrate(&doc).expect("hydrate");
        assert_eq!(ours, sample());
        let theirs: BTreeMap<String, Rec> =
            autosurgeon::hydrate_prop(&doc, ROOT, "recs").expect("stock hydrate");
        assert_eq!(ours.recs, theirs);
    }

    #[test]
    fn refuses_what_autosurgeon_refuses_and_defaults_what_is_missing() {
        let mut doc = AutoCommit::new();
        doc.put(ROOT, "recs", "not a map").expect("put");
        let err = autosurgeon::hydrate::<_, Holder>(&doc).expect_err("a string is not records");
        let stock = autosurgeon::hydrate_prop::<_, BTreeMap<String, Rec>, _, _>(&doc, ROOT, "recs")
            .expect_err("stock refuses too");
        assert_eq!(err.to_string(), stock.to_string());

        let empty = AutoCommit::new();
        let missing = autosurgeon::hydrate::<_, Holder>(&empty).expect_err("recs is required");
        let stock =
            autosurgeon::hydrate_prop::<_, BTreeMap<String, Rec>, _, _>(&empty, ROOT, "recs")
                .expect_err("stock refuses too");
        assert_eq!(missing.to_string(), stock.to_string());

        let mut no_notes = AutoCommit::new();
        let recs = no_notes
            .put_object(ROOT, "recs", ObjType::Map)
            .expect("put map");
        let bad = no_notes.put_object(&recs, "r1", ObjType::Map).expect("rec");
        no_notes.put(&bad, "name", 5_i64).expect("wrong type");
        let err = autosurgeon::hydrate::<_, Holder>(&no_notes).expect_err("a number is no name");
        let stock =
            autosurgeon::hydrate_prop::<_, BTreeMap<String, Rec>, _, _>(&no_notes, ROOT, "recs")
                .expect_err("stock refuses too");
        assert_eq!(err.to_string(), stock.to_string());

        no_notes.delete(&recs, "r1").expect("delete");
        let read: Holder = autosurgeon::hydrate(&no_notes).expect("empty records, no notes");
        assert!(read.recs.is_empty() && read.notes.is_empty());
    }
}
