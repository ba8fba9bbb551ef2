//! The document view every typed read goes through ([`Reader`]): it answers autosurgeon's
//! field-by-field lookups from one pass over each map instead of one seek per field.
//!
//! autosurgeon hydrates a struct by asking the document for each field by key, and Automerge
//! answers each such `get` with a seek through the map's ops. An order has dozens of fields and
//! nested records, so hydrating a small order was mostly seeks (~3.5× the time of one pass per
//! map, measured natively), and every start-up check, import and edit hydrates. The document
//! does not change while it is read, so a map's entries read once stay true for the read.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::RangeBounds;
use std::rc::Rc;

use automerge::{self as am, AutoCommit, AutomergeError, ObjId, ObjType, Prop, Value};
use autosurgeon::ReadDoc;

/// A map's visible entries: its key → the winning value and its id, as `get` gives them.
type Entries = Rc<HashMap<String, (Value<'static>, ObjId)>>;

/// A text object read where a value is: as the string it holds. Automerge's JavaScript library
/// writes a string assigned to a field as collaborative text by default, so a stock client that
/// corrects a name would otherwise leave the whole document unreadable here. Nothing the domain
/// reads is text, so every text object is read as the plain string autosurgeon hydrates.
fn plain(doc: &AutoCommit, value: Value<'_>, id: &ObjId) -> Value<'static> {
    match value {
        Value::Object(ObjType::Text) => match ReadDoc::text(doc, id) {
            Ok(s) => Value::Scalar(std::borrow::Cow::Owned(am::ScalarValue::Str(s.into()))),
            Err(_) => Value::Object(ObjType::Text),
        },
        other => other.into_owned(),
    }
}

/// A read-only view of a document for one typed read. Maps (and tables) are read whole the first
/// time one of their keys is asked for; everything else is the document's own answer.
pub struct Reader<'a> {
    doc: &'a AutoCommit,
    maps: RefCell<HashMap<ObjId, Entries>>,
}

impl<'a> Reader<'a> {
    pub fn new(doc: &'a AutoCommit) -> Self {
        Reader {
            doc,
            maps: RefCell::new(HashMap::new()),
        }
    }

    /// The entries of `obj` when it is a map, read once.
    fn entries(&self, obj: &ObjId) -> Option<Entries> {
        if let Some(found) = self.maps.borrow().get(obj) {
            return Some(found.clone());
        }
        if !matches!(
            ReadDoc::object_type(self.doc, obj),
            Some(ObjType::Map | ObjType::Table)
        ) {
            return None;
        }
        let entries: Entries = Rc::new(
            ReadDoc::map_range(self.doc, obj, ..)
                .map(|item| {
                    let value = plain(self.doc, item.value.clone().into_value(), &item.id());
                    (item.key.to_string(), (value, item.id()))
                })
                .collect(),
        );
        self.maps.borrow_mut().insert(obj.clone(), entries.clone());
        Some(entries)
    }

    /// The value at `prop` of `obj`, as the document's own `get` answers it.
    pub fn get<O: AsRef<ObjId>, P: Into<Prop>>(
        &self,
        obj: O,
        prop: P,
    ) -> Result<Option<(Value<'_>, ObjId)>, AutomergeError> {
        let obj = obj.as_ref();
        let prop = prop.into();
        if let Prop::Map(key) = &prop {
            if let Some(entries) = self.entries(obj) {
                return Ok(entries.get(key.as_str()).cloned());
            }
        }
        Ok(ReadDoc::get(self.doc, obj, prop)?.map(|(v, id)| (plain(self.doc, v, &id), id)))
    }

    /// The keys of the map `obj`, in the document's order (none when it is not a map).
    pub fn keys<O: AsRef<ObjId>>(&self, obj: O) -> Vec<String> {
        ReadDoc::map_range(self.doc, obj, ..)
            .map(|item| item.key.to_string())
            .collect()
    }
}

impl ReadDoc for Reader<'_> {
    type Parents<'b>
        = am::Parents<'b>
    where
        Self: 'b;

    fn get_heads(&self) -> Vec<am::ChangeHash> {
        ReadDoc::get_heads(self.doc)
    }

    fn get<P: Into<Prop>>(
        &self,
        obj: &ObjId,
        prop: P,
    ) -> Result<Option<(Value<'_>, ObjId)>, AutomergeError> {
        Reader::get(self, obj, prop)
    }

    fn object_type<O: AsRef<ObjId>>(&self, obj: O) -> Option<ObjType> {
        ReadDoc::object_type(self.doc, obj)
    }

    fn map_range<'b, O, R>(&'b self, obj: O, range: R) -> am::iter::MapRange<'b>
    where
        R: RangeBounds<String> + 'b,
        O: AsRef<ObjId>,
    {
        ReadDoc::map_range(self.doc, obj, range)
    }

    fn list_range<O: AsRef<ObjId>, R: RangeBounds<usize>>(
        &self,
        obj: O,
        range: R,
    ) -> am::iter::ListRange<'_> {
        ReadDoc::list_range(self.doc, obj, range)
    }

    fn length<O: AsRef<ObjId>>(&self, obj: O) -> usize {
        ReadDoc::length(self.doc, obj)
    }

    fn text<O: AsRef<ObjId>>(&self, obj: O) -> Result<String, AutomergeError> {
        ReadDoc::text(self.doc, obj)
    }

    fn parents<O: AsRef<ObjId>>(&self, obj: O) -> Result<Self::Parents<'_>, AutomergeError> {
        ReadDoc::parents(self.doc, obj)
    }

    fn is_empty(&self) -> bool {
        ReadDoc::is_empty(self.doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use am::transaction::Transactable;
    use am::{ReadDoc as _, ScalarValue, ROOT};

    /// Every object of `doc` reached from the root, with every key of every map.
    fn walk(doc: &AutoCommit, obj: ObjId, out: &mut Vec<(ObjId, Prop)>) {
        let kind = am::ReadDoc::object_type(doc, &obj).unwrap();
        let props: Vec<Prop> = match kind {
            ObjType::Map | ObjType::Table => doc.keys(&obj).map(Prop::Map).collect(),
            _ => (0..am::ReadDoc::length(doc, &obj)).map(Prop::Seq).collect(),
        };
        for prop in props {
            out.push((obj.clone(), prop.clone()));
            if let Ok(Some((Value::Object(_), child))) = am::ReadDoc::get(doc, &obj, prop) {
                walk(doc, child, out);
            }
        }
    }

    /// Two devices edit the same keys concurrently (values, a nested map, a counter, a deleted
    /// key, list items) and merge: the reader answers every lookup as the document does,
    /// conflicts included, and a key no one wrote as absent.
    #[test]
    fn the_reader_answers_every_lookup_as_the_document_does_after_a_merge() {
        let mut a = AutoCommit::new().with_actor(am::ActorId::from([1u8; 16]));
        a.put(ROOT, "po", "PO-1").unwrap();
        a.put(ROOT, "gone", 1).unwrap();
        let nested = a.put_object(ROOT, "terms", ObjType::Map).unwrap();
        a.put(&nested, "incoterm", "FOB").unwrap();
        a.put(ROOT, "count", ScalarValue::counter(1)).unwrap();
        let list = a.put_object(ROOT, "sizes", ObjType::List).unwrap();
        a.insert(&list, 0, "S").unwrap();
        let mut b = a.fork().with_actor(am::ActorId::from([2u8; 16]));
        a.put(ROOT, "po", "PO-A").unwrap();
        b.put(ROOT, "po", "PO-B").unwrap();
        a.put(&nested, "incoterm", "CIF").unwrap();
        b.put(&nested, "incoterm", "EXW").unwrap();
        b.put(&nested, "port", "Ningbo").unwrap();
        a.increment(ROOT, "count", 2).unwrap();
        b.increment(ROOT, "count", 5).unwrap();
        b.delete(ROOT, "gone").unwrap();
        b.insert(&list, 1, "M").unwrap();
        a.merge(&mut b).unwrap();
        assert_eq!(a.get_all(ROOT, "po").unwrap().len(), 2, "a real conflict");

        let reader = Reader::new(&a);
        let mut lookups = Vec::new();
        walk(&a, ROOT, &mut lookups);
        assert!(lookups.len() >= 8, "{lookups:?}");
        for (obj, prop) in lookups.into_iter().chain([
            (ROOT, Prop::Map("gone".into())),
            (ROOT, Prop::Map("never".into())),
        ]) {
            // Twice: the second answer comes from what the first read kept.
            for _ in 0..2 {
                assert_eq!(
                    reader.get(&obj, prop.clone()).unwrap(),
                    am::ReadDoc::get(&a, &obj, prop.clone()).unwrap(),
                    "{obj} {prop:?}"
                );
            }
        }
        assert_eq!(reader.keys(&nested), ["incoterm", "port"]);
    }

    /// A key asked of something that is not a map (a list, text, a missing object) gets the
    /// document's own answer, errors included.
    #[test]
    fn lookups_on_what_is_not_a_map_are_the_documents_own() {
        let mut doc = AutoCommit::new();
        let list = doc.put_object(ROOT, "sizes", ObjType::List).unwrap();
        doc.insert(&list, 0, "S").unwrap();
        let text = doc.put_object(ROOT, "notes", ObjType::Text).unwrap();
        doc.splice_text(&text, 0, 0, "hi").unwrap();
        let reader = Reader::new(&doc);
        for obj in [&list, &text] {
            for prop in [Prop::Map("x".into()), Prop::Seq(0), Prop::Seq(9)] {
                assert_eq!(
                    format!("{:?}", reader.get(obj, prop.clone())),
                    format!("{:?}", am::ReadDoc::get(&doc, obj, prop))
                );
            }
        }
        let mut other = AutoCommit::new();
        let foreign = other.put_object(ROOT, "m", ObjType::Map).unwrap();
        assert_eq!(
            format!("{:?}", reader.get(&foreign, "x")),
            format!("{:?}", am::ReadDoc::get(&doc, &foreign, "x"))
        );
    }

    /// Strings a JavaScript peer wrote as text (its library's default) read as the strings they
    /// hold — a field, a list's item, a record map's value — so a stock client correcting a
    /// name leaves the order readable; a value of another kind is still refused.
    #[test]
    fn text_where_a_string_is_kept_reads_as_that_string() {
        use crate::records::RecordMap;
        use autosurgeon::{Hydrate, Reconcile};

        #[derive(Debug, Clone, PartialEq, Hydrate, Reconcile)]
        struct Shape {
            name: String,
            tags: Vec<String>,
            notes: RecordMap<String>,
            qty: u64,
        }
        let mut doc = AutoCommit::new();
        let shape = Shape {
            name: "PO-1".into(),
            tags: vec!["a".into()],
            notes: [("n1".to_string(), "hello".to_string())].into(),
            qty: 3,
        };
        autosurgeon::reconcile(&mut doc, &shape).unwrap();
        let as_text = |doc: &mut AutoCommit, obj: &ObjId, prop: Prop, s: &str| {
            let t = match prop {
                Prop::Map(k) => doc.put_object(obj, k.as_str(), ObjType::Text),
                Prop::Seq(i) => doc.put_object(obj, i, ObjType::Text),
            }
            .unwrap();
            doc.splice_text(&t, 0, 0, s).unwrap();
        };
        as_text(&mut doc, &ROOT, "name".into(), "PO-TEXT");
        let tags = am::ReadDoc::get(&doc, ROOT, "tags").unwrap().unwrap().1;
        as_text(&mut doc, &tags, 0.into(), "b");
        let notes = am::ReadDoc::get(&doc, ROOT, "notes").unwrap().unwrap().1;
        as_text(&mut doc, &notes, "n1".into(), "bye");
        assert!(
            autosurgeon::hydrate::<_, Shape>(&doc).is_err(),
            "autosurgeon alone refuses"
        );
        let read: Shape = autosurgeon::hydrate(&Reader::new(&doc)).unwrap();
        assert_eq!(read.name, "PO-TEXT");
        assert_eq!(read.tags, ["b"]);
        assert_eq!(read.notes.get("n1").map(String::as_str), Some("bye"));

        as_text(&mut doc, &ROOT, "qty".into(), "3");
        assert!(autosurgeon::hydrate::<_, Shape>(&Reader::new(&doc)).is_err());
    }
}
