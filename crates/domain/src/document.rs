//! Typed access to Automerge documents: the one place that turns bytes into orders and edits back
//! into changes, with errors that name what is wrong.
//!
//! Every write the app makes goes hydrate → mutate → reconcile → commit through [`commit`], so each
//! change carries who made it and when, which the history and daily report read back later.
//!
//! `commit` writes only what the edit changed (field by field, record by record — see
//! [`Root::reconcile_changes`]). That keeps an edit cheap however many records a document holds,
//! and it means a conflict between two devices stays visible ([`conflicts`]) until someone writes
//! that field or [`resolve`]s it — an unrelated edit never settles it silently. `commit` also
//! repairs top-level maps that two replicas created concurrently ([`heal_split_maps`]).

use crate::reader::Reader;
use crate::sorting::sort_by_key;
use automerge::{AutoCommit, ReadDoc, ScalarValue, Value, ROOT};
use autosurgeon::{hydrate, reconcile, Hydrate, Reconcile};
use thiserror::Error;

/// Who makes a change and when: stored as the change's message and time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub name: String,
    pub device: String,
}

#[derive(Debug, Error)]
pub enum DocError {
    #[error("the document's bytes are not an Automerge document: {0}")]
    Load(String),
    #[error("field `{field}` is malformed: {reason}")]
    Field { field: String, reason: String },
    #[error("the document does not hold a {0}: {1}")]
    Shape(&'static str, String),
    #[error("could not write the change: {0}")]
    Reconcile(String),
}

/// Loads bytes (a snapshot, incremental chunks, or both concatenated) into a document.
pub fn load(bytes: &[u8]) -> Result<AutoCommit, DocError> {
    AutoCommit::load(bytes).map_err(|e| DocError::Load(e.to_string()))
}

/// A document type stored at the root of its own Automerge document.
pub trait Root: Hydrate + Reconcile + Clone + Sized {
    const KIND: &'static str;
    /// When the whole value does not hydrate, the first top-level field that does not, with why.
    fn blame(doc: &Reader) -> Option<DocError>;

    /// Writes into `doc`, which holds `before`, what `after` changed. The default reconciles the
    /// whole value; types with many records override it (with [`reconcile_changed!`]) to touch
    /// only the fields and records that differ, which keeps an edit's cost independent of how
    /// many records the document holds. The result is the same either way.
    fn reconcile_changes(
        doc: &mut AutoCommit,
        before: &Self,
        after: &Self,
    ) -> Result<(), autosurgeon::ReconcileError> {
        let _ = before;
        reconcile(doc, after)
    }
}

/// Implements [`Root::reconcile_changes`] field by field: `fields` are reconciled whole when they
/// differ, `maps` (`RecordMap<_>`) record by record. Every field of the struct
/// must be listed in one of the two — the generated exhaustive pattern fails to compile otherwise,
/// so a new field can never be silently left unsaved.
#[macro_export]
macro_rules! reconcile_changed {
    ($ty:ident; fields: $($f:ident),* $(,)?; maps: $($m:ident),* $(,)?) => {
        fn reconcile_changes(
            doc: &mut automerge::AutoCommit,
            before: &Self,
            after: &Self,
        ) -> Result<(), autosurgeon::ReconcileError> {
            let $ty { $($f: _,)* $($m: _,)* } = after;
            $(
                if before.$f != after.$f {
                    autosurgeon::reconcile_prop(doc, automerge::ROOT, stringify!($f), &after.$f)?;
                }
            )*
            $(
                if before.$m != after.$m {
                    $crate::document::reconcile_map_changes(
                        doc,
                        stringify!($m),
                        &before.$m,
                        &after.$m,
                    )?;
                }
            )*
            Ok(())
        }
    };
}

/// Reconciles a top-level map of records entry by entry: removed keys are deleted, added or changed
/// entries reconciled, untouched entries not even read.
pub fn reconcile_map_changes<T: Reconcile + PartialEq>(
    doc: &mut AutoCommit,
    field: &str,
    before: &crate::records::RecordMap<T>,
    after: &crate::records::RecordMap<T>,
) -> Result<(), autosurgeon::ReconcileError> {
    use automerge::transaction::Transactable;
    let map = match doc.get(ROOT, field) {
        Ok(Some((Value::Object(automerge::ObjType::Map), id))) => id,
        _ => return autosurgeon::reconcile_prop(doc, ROOT, field, after),
    };
    for key in before.keys().filter(|k| !after.contains_key(k)) {
        doc.delete(&map, key.as_str())?;
    }
    for (key, value) in after {
        if before.get(key) != Some(value) {
            autosurgeon::reconcile_prop(doc, &map, key.as_str(), value)?;
        }
    }
    Ok(())
}

/// Implements [`Root::blame`] by hydrating each listed field on its own with its own type.
#[macro_export]
macro_rules! blame_fields {
    ($doc:expr; $($field:ident: $ty:ty),* $(,)?) => {
        $crate::check_table!($doc, &automerge::ROOT, true; $($field: $ty),*)
            .map(|(field, reason)| $crate::document::DocError::Field { field, reason })
    };
}

/// Like [`blame_fields!`] for fields added after the first schema: a missing field is fine (it
/// hydrates with its default), a present but malformed one is named.
#[macro_export]
macro_rules! blame_optional {
    ($doc:expr; $($field:ident: $ty:ty),* $(,)?) => {
        $crate::check_table!($doc, &automerge::ROOT, false; $($field: $ty),*)
            .map(|(field, reason)| $crate::document::DocError::Field { field, reason })
    };
}

/// The first of the listed fields of `obj` that does not hydrate as its type, through
/// [`first_bad_field`]: what the blame macros share.
#[doc(hidden)]
#[macro_export]
macro_rules! check_table {
    ($doc:expr, $obj:expr, $required:expr; $($field:ident: $ty:ty),*) => {
        $crate::document::first_bad_field(
            $doc,
            $obj,
            &[$((stringify!($field), $crate::document::check::<$ty> as $crate::document::Check)),*],
            $required,
        )
    };
}

/// Whether one field of the object `obj` hydrates as the type [`check`] was made for.
pub type Check = fn(&Reader, &automerge::ObjId, &str) -> Result<(), autosurgeon::HydrateError>;

/// The [`Check`] for fields of type `T`. The blame macros list one per field in a table that a
/// single loop ([`first_bad_field`]) walks; before, each macro expanded the hydrate of every
/// field inline, ~110 KB of wasm for code that only runs on a damaged document.
#[inline(never)]
pub fn check<T: Hydrate>(
    doc: &Reader,
    obj: &automerge::ObjId,
    field: &str,
) -> Result<(), autosurgeon::HydrateError> {
    autosurgeon::hydrate_prop::<_, T, _, _>(doc, obj, field).map(drop)
}

/// The first of `fields` of `obj` that does not hydrate, with why. An absent field is blamed only
/// when `required` (then its hydrate says what is missing); the doc's own read errors are blamed
/// as they come.
pub fn first_bad_field(
    doc: &Reader,
    obj: &automerge::ObjId,
    fields: &[(&str, Check)],
    required: bool,
) -> Option<(String, String)> {
    fields.iter().find_map(|(field, check)| {
        let failed = match doc.get(obj, *field) {
            Err(e) => Some(e.to_string()),
            Ok(None) if !required => None,
            Ok(_) => check(doc, obj, field).err().map(|e| e.to_string()),
        };
        failed.map(|reason| (field.to_string(), reason))
    })
}

/// For maps of records (`RecordMap<T>` fields): names the record that does not hydrate, as
/// `field.<record id>`. A missing map is fine.
#[macro_export]
macro_rules! blame_records {
    ($doc:expr; $($field:ident: $ty:ty),* $(,)?) => {{
        let doc = $doc;
        None$(.or_else(|| $crate::document::blame_records::<$ty>(doc, stringify!($field))))*
    }};
}

/// One top-level field of a document (its default when absent), without hydrating the rest:
/// for readers that run often on a big document, such as the workspace's settings read for
/// every order that arrives (its order list grows with the workspace).
pub fn read_field<T: Hydrate + Default>(doc: &AutoCommit, field: &str) -> Result<T, DocError> {
    let malformed = |reason: String| DocError::Field {
        field: field.to_string(),
        reason,
    };
    match doc.get(ROOT, field) {
        Ok(None) => Ok(T::default()),
        Err(e) => Err(malformed(e.to_string())),
        Ok(Some(_)) => autosurgeon::hydrate_prop::<_, T, _, _>(&Reader::new(doc), ROOT, field)
            .map_err(|e| malformed(e.to_string())),
    }
}

/// The keys of one top-level map field (none when absent), without hydrating its values: which
/// orders a workspace lists, asked for each batch of a thousand arriving orders.
pub fn field_keys(doc: &AutoCommit, field: &str) -> Result<Vec<String>, DocError> {
    match doc.get(ROOT, field) {
        Ok(None) => Ok(Vec::new()),
        Ok(Some((Value::Object(automerge::ObjType::Map), obj))) => Ok(doc.keys(&obj).collect()),
        Ok(Some(_)) => Err(DocError::Field {
            field: field.to_string(),
            reason: "not a map".into(),
        }),
        Err(e) => Err(DocError::Field {
            field: field.to_string(),
            reason: e.to_string(),
        }),
    }
}

/// Which of `keys` the map at top-level `field` lacks (all of them when the field is absent),
/// in their order. One lookup per key: a thousand-order workspace is not read whole to check
/// a few hundred ids.
pub fn missing_keys(
    doc: &AutoCommit,
    field: &str,
    keys: Vec<String>,
) -> Result<Vec<String>, DocError> {
    let bad = |reason: String| DocError::Field {
        field: field.to_string(),
        reason,
    };
    match doc.get(ROOT, field) {
        Ok(None) => Ok(keys),
        Ok(Some((Value::Object(automerge::ObjType::Map), obj))) => {
            let mut missing = Vec::new();
            for key in keys {
                if doc
                    .get(&obj, key.as_str())
                    .map_err(|e| bad(e.to_string()))?
                    .is_none()
                {
                    missing.push(key);
                }
            }
            Ok(missing)
        }
        Ok(Some(_)) => Err(bad("not a map".into())),
        Err(e) => Err(bad(e.to_string())),
    }
}

/// The error for a map of records at the top level: the map itself, or the first record (in key
/// order) that does not hydrate as `T`, named `field.<id>.<record field>` (or `field.<id>` when
/// no single field of the record is at fault, e.g. a required field is missing).
pub fn blame_records<T: BlameRecord>(doc: &Reader, field: &str) -> Option<DocError> {
    let err = |field: String, reason: String| Some(DocError::Field { field, reason });
    match doc.get(ROOT, field) {
        Ok(None) => None,
        Err(e) => err(field.to_string(), e.to_string()),
        Ok(Some((Value::Object(automerge::ObjType::Map), id))) => {
            for key in doc.keys(&id) {
                if let Err(e) = autosurgeon::hydrate_prop::<_, T, _, _>(doc, &id, key.as_str()) {
                    let inner = match doc.get(&id, key.as_str()) {
                        Ok(Some((Value::Object(automerge::ObjType::Map), rec))) => {
                            T::blame_at(doc, &rec)
                        }
                        _ => None,
                    };
                    return match inner {
                        Some((sub, reason)) => err(format!("{field}.{key}.{sub}"), reason),
                        None => err(format!("{field}.{key}"), e.to_string()),
                    };
                }
            }
            None
        }
        Ok(Some(_)) => err(field.to_string(), "expected a map of records".to_string()),
    }
}

/// A record type that can say which of its fields is malformed.
pub trait BlameRecord: Hydrate {
    /// The first field present in the record at `obj` that does not hydrate, with why.
    fn blame_at(doc: &Reader, obj: &automerge::ObjId) -> Option<(String, String)>;
}

/// Implements [`BlameRecord`] from the record's fields and their types. Every field must be listed
/// (checked at compile time). Absent fields are not blamed: they either hydrate with a default or
/// make the record-level error say what is missing.
#[macro_export]
macro_rules! record_fields {
    ($ty:ident; $($field:ident: $fty:ty),* $(,)?) => {
        impl $crate::document::BlameRecord for $ty {
            fn blame_at(
                doc: &$crate::reader::Reader,
                obj: &automerge::ObjId,
            ) -> Option<(String, String)> {
                #[allow(dead_code)]
                fn exhaustive(v: &$ty) {
                    let $ty { $($field: _),* } = v;
                }
                $crate::check_table!(doc, obj, false; $($field: $fty),*)
            }
        }
    };
}

/// Reads a typed value from a document; on failure, names the first field that does not hydrate.
pub fn read<T: Root>(doc: &AutoCommit) -> Result<T, DocError> {
    let reader = Reader::new(doc);
    hydrate::<_, T>(&reader).map_err(|err| {
        T::blame(&reader).unwrap_or_else(|| DocError::Shape(T::KIND, err.to_string()))
    })
}

/// The one write path: hydrate the current value, let `edit` change it, reconcile the difference
/// into the document and commit it with the author and time. Returns what `edit` returned; a
/// failing `edit` leaves the document untouched.
pub fn commit<T: Root, R, E: From<DocError>>(
    doc: &mut AutoCommit,
    author: &Author,
    now_ms: i64,
    edit: impl FnOnce(&mut T) -> Result<R, E>,
) -> Result<R, E> {
    heal_split_maps(doc).map_err(|e| DocError::Reconcile(e.to_string()))?;
    let before: T = match read(doc) {
        Ok(v) => v,
        Err(e) => {
            doc.rollback();
            return Err(e.into());
        }
    };
    let mut value = before.clone();
    let out = match edit(&mut value) {
        Ok(out) => out,
        Err(e) => {
            doc.rollback();
            return Err(e);
        }
    };
    if let Err(e) = T::reconcile_changes(doc, &before, &value) {
        doc.rollback();
        return Err(DocError::Reconcile(e.to_string()).into());
    }
    doc.commit_with(
        automerge::transaction::CommitOptions::default()
            .with_message(format!("{}\u{1f}{}", author.name, author.device))
            .with_time(now_ms),
    );
    Ok(out)
}

/// The first 16 bytes of the SHA-256 of `parts`, one after the other: the ids and actors of
/// documents every device must derive alike.
pub fn digest16(parts: &[&[u8]]) -> [u8; 16] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in parts {
        h.update(part);
    }
    let digest = h.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out
}

/// Writes `value` as a new document that several devices may each create on their own (an
/// order's successor, its books), under an actor derived from the change itself (and `label`,
/// `key`): two devices writing the same first change share it, so Automerge stores the change
/// once; two writing different ones (a build that writes the value with other fields or encodes
/// it otherwise, or a device that saw more) get different actors, and their changes merge. A
/// shared actor with two different first changes is a duplicate sequence number, which
/// Automerge refuses: the devices' copies would never meet. The prefix names the migration, which
/// wrote such documents first; it stays, so the actors it derived do not change.
pub fn create_alike<T: Root>(
    label: &str,
    key: &str,
    time: i64,
    author: &Author,
    value: &T,
) -> Result<AutoCommit, DocError> {
    let mut draft = create([0; 16], author, time, value)?;
    let first = draft
        .get_last_local_change()
        .map(|c| c.raw_bytes().to_vec())
        .unwrap_or_default();
    let actor = digest16(&[
        b"gendan/migrated-actor/v2\0",
        label.as_bytes(),
        b"\0",
        key.as_bytes(),
        b"\0",
        &first,
    ]);
    create(actor, author, time, value)
}

/// Creates a new document holding `value` as its first change.
pub fn create<T: Root>(
    actor: [u8; 16],
    author: &Author,
    now_ms: i64,
    value: &T,
) -> Result<AutoCommit, DocError> {
    use automerge::transaction::Transactable;
    let failed = |e: &dyn std::fmt::Display| DocError::Reconcile(e.to_string());
    // A new document is written breadth first (`init_root_from_hydrate`), which encodes ~8%
    // smaller than writing it field by field, and every new order is stored and synced for its
    // whole life (`a_new_document_is_written_breadth_first`). autosurgeon does that for an empty
    // document through a reconciler of its own, which compiled a second copy of every model
    // type's reconcile into the wasm. Here the value is written by the edits' reconciler into a
    // scratch document, read back as a tree, and the new document is made from that tree: the
    // same bytes as autosurgeon's (`record_documents::a_new_document_is_what_autosurgeon_writes`).
    let mut scratch = AutoCommit::new();
    autosurgeon::reconcile_prop(&mut scratch, ROOT, "root", value).map_err(|e| failed(&e))?;
    let not_a_map = || DocError::Reconcile("the root of a document must be a map".into());
    let tree = match scratch.get(ROOT, "root") {
        Ok(Some((Value::Object(automerge::ObjType::Map), id))) => scratch.hydrate(&id, None),
        _ => return Err(not_a_map()),
    };
    let automerge::hydrate::Value::Map(tree) = tree.map_err(|e| failed(&e))? else {
        return Err(not_a_map());
    };
    let mut doc = AutoCommit::new().with_actor(automerge::ActorId::from(actor));
    doc.init_root_from_hydrate(&tree).map_err(|e| failed(&e))?;
    doc.commit_with(
        automerge::transaction::CommitOptions::default()
            .with_message(format!("{}\u{1f}{}", author.name, author.device))
            .with_time(now_ms),
    );
    Ok(doc)
}

/// Reads back the author a change was committed with.
pub fn author_of(message: &str) -> Author {
    let (name, device) = message.split_once('\u{1f}').unwrap_or((message, ""));
    Author {
        name: name.to_string(),
        device: device.to_string(),
    }
}

/// The competing values of a scalar field after concurrent edits, as display text, winner first.
/// Empty when there is no conflict (zero or one value, or values that all read the same: two
/// devices that wrote the same thing leave nothing to decide).
///
/// A conflict stays visible until someone writes that field: [`commit`] writes only what an edit
/// changed, so unrelated edits never settle it silently. To keep one of the competing values,
/// [`resolve`] it; to pick a new value, edit the field.
pub fn conflicts(doc: &AutoCommit, path: &[&str]) -> Vec<String> {
    let mut obj = ROOT;
    let Some((last, parents)) = path.split_last() else {
        return Vec::new();
    };
    for p in parents {
        match doc.get(&obj, *p) {
            Ok(Some((Value::Object(_), id))) => obj = id,
            _ => return Vec::new(),
        }
    }
    let Ok(values) = doc.get_all(&obj, *last) else {
        return Vec::new();
    };
    if values.len() < 2 {
        return Vec::new();
    }
    let winner = doc.get(&obj, *last).ok().flatten().map(|(_, id)| id);
    let mut out: Vec<(bool, String)> = values
        .into_iter()
        .map(|(v, id)| {
            let text = match v {
                Value::Scalar(s) => match s.as_ref() {
                    ScalarValue::Str(s) => s.to_string(),
                    ScalarValue::Null => String::new(),
                    other => other.to_string(),
                },
                Value::Object(_) => String::from("…"),
            };
            (Some(&id) == winner.as_ref(), text)
        })
        .collect();
    if out.iter().all(|(_, t)| *t == out[0].1) {
        return Vec::new();
    }
    sort_by_key(&mut out, |(w, _)| !*w);
    out.into_iter().map(|(_, t)| t).collect()
}

/// Settles the conflict at `path` by writing competitor `choice` again as an ordinary change
/// (`choice` indexes the list [`conflicts`] returns: 0 keeps the current winner). After syncing, the
/// field has that single value everywhere. Only scalar values can be chosen.
pub fn resolve(
    doc: &mut AutoCommit,
    author: &Author,
    now_ms: i64,
    path: &[&str],
    choice: usize,
) -> Result<(), DocError> {
    use automerge::transaction::Transactable;
    let name = path.join(".");
    let bad = |reason: &str| DocError::Field {
        field: name.clone(),
        reason: reason.to_string(),
    };
    let (last, parents) = path.split_last().ok_or_else(|| bad("empty path"))?;
    let mut obj = ROOT;
    for p in parents {
        match doc.get(&obj, *p) {
            Ok(Some((Value::Object(_), id))) => obj = id,
            _ => return Err(bad("no such object")),
        }
    }
    let values = doc.get_all(&obj, *last).map_err(|e| bad(&e.to_string()))?;
    if values.len() < 2 {
        return Err(bad("there is no conflict to resolve"));
    }
    let winner = doc.get(&obj, *last).ok().flatten().map(|(_, id)| id);
    let mut ordered: Vec<_> = values.into_iter().collect();
    sort_by_key(&mut ordered, |(_, id)| Some(id) != winner.as_ref());
    let (value, _) = ordered
        .into_iter()
        .nth(choice)
        .ok_or_else(|| bad("no such competing value"))?;
    let Value::Scalar(scalar) = value else {
        return Err(bad(
            "the competing values are objects; edit the field instead",
        ));
    };
    doc.put(&obj, *last, scalar.into_owned())
        .map_err(|e| DocError::Reconcile(e.to_string()))?;
    doc.commit_with(
        automerge::transaction::CommitOptions::default()
            .with_message(format!("{}\u{1f}{}", author.name, author.device))
            .with_time(now_ms),
    );
    Ok(())
}

/// Repairs a top-level map that two replicas created concurrently. That happens when a document
/// written by an older version lacks a map (say `milestones`) and two devices add the first record
/// to it offline: each creates its own map under the same key, and after merging only one of them
/// is visible. Every entry of the hidden maps that the visible one lacks is copied into it, so no
/// record is lost, and every entry leaves the hidden maps once the visible one holds it. Returns
/// how many entries were copied. [`commit`] runs this before every edit, inside the same change.
///
/// The visible map stays the one Automerge already shows on every replica, so records that
/// devices keep adding to it are never hidden; a device that keeps adding to its own (hidden)
/// map has those records moved at the next edit anywhere. Moved, not copied: a record later
/// deleted from the visible map (a file moved to the books, a note the office took) would
/// otherwise come back from the hidden copy at the next edit — with the kind it had before
/// "keep in the office" changed it on the visible copy, so to the factory's phone. Two devices
/// healing concurrently both copy and both delete: the copies are equal, one shows.
pub fn heal_split_maps(doc: &mut AutoCommit) -> Result<usize, automerge::AutomergeError> {
    use automerge::transaction::Transactable;
    use automerge::ObjType;
    let mut copied = 0;
    let keys: Vec<String> = doc.keys(ROOT).collect();
    for key in keys {
        let all = doc.get_all(ROOT, key.as_str())?;
        if all.len() < 2 {
            continue;
        }
        let Some((Value::Object(ObjType::Map), winner)) = doc.get(ROOT, key.as_str())? else {
            continue;
        };
        let losers: Vec<_> = all
            .into_iter()
            .filter_map(|(v, id)| matches!(v, Value::Object(ObjType::Map)).then_some(id))
            .filter(|id| *id != winner)
            .collect();
        for loser in losers {
            let entries: Vec<String> = doc.keys(&loser).collect();
            for entry in entries {
                if doc.get(&winner, entry.as_str())?.is_none() {
                    copy_prop(doc, &loser, &winner, &entry)?;
                    copied += 1;
                }
                doc.delete(&loser, entry.as_str())?;
            }
        }
    }
    Ok(copied)
}

/// Deep-copies `from[key]` to `to[key]`.
fn copy_prop(
    doc: &mut AutoCommit,
    from: &automerge::ObjId,
    to: &automerge::ObjId,
    key: &str,
) -> Result<(), automerge::AutomergeError> {
    use automerge::transaction::Transactable;
    use automerge::ObjType;
    let Some((value, id)) = doc.get(from, key)? else {
        return Ok(());
    };
    match value {
        Value::Scalar(s) => {
            let s = s.into_owned();
            doc.put(to, key, s)?;
        }
        Value::Object(ObjType::Text) => {
            let text = doc.text(&id)?;
            let t = doc.put_object(to, key, ObjType::Text)?;
            doc.splice_text(&t, 0, 0, &text)?;
        }
        Value::Object(ObjType::List) => {
            let l = doc.put_object(to, key, ObjType::List)?;
            copy_list(doc, &id, &l)?;
        }
        Value::Object(kind) => {
            let m = doc.put_object(to, key, kind)?;
            let keys: Vec<String> = doc.keys(&id).collect();
            for k in keys {
                copy_prop(doc, &id, &m, &k)?;
            }
        }
    }
    Ok(())
}

fn copy_list(
    doc: &mut AutoCommit,
    from: &automerge::ObjId,
    to: &automerge::ObjId,
) -> Result<(), automerge::AutomergeError> {
    use automerge::transaction::Transactable;
    use automerge::ObjType;
    for i in 0..doc.length(from) {
        let Some((value, id)) = doc.get(from, i)? else {
            continue;
        };
        match value {
            Value::Scalar(s) => {
                let s = s.into_owned();
                doc.insert(to, i, s)?;
            }
            Value::Object(ObjType::Text) => {
                let text = doc.text(&id)?;
                let t = doc.insert_object(to, i, ObjType::Text)?;
                doc.splice_text(&t, 0, 0, &text)?;
            }
            Value::Object(ObjType::List) => {
                let l = doc.insert_object(to, i, ObjType::List)?;
                copy_list(doc, &id, &l)?;
            }
            Value::Object(kind) => {
                let m = doc.insert_object(to, i, kind)?;
                let keys: Vec<String> = doc.keys(&id).collect();
                for k in keys {
                    copy_prop(doc, &id, &m, &k)?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::transaction::Transactable;
    use automerge::ObjType;

    /// An order written the way edits write (field by field, depth first) encodes ~8% larger than
    /// the breadth-first first write `create` uses. Every order is stored and synced for its
    /// whole life, so `create` keeps the breadth-first write even though it costs wasm.
    #[test]
    fn a_new_document_is_written_breadth_first() {
        let author = Author {
            name: "Li".into(),
            device: "d1".into(),
        };
        let order = crate::Order::new();
        let mut created = create([1; 16], &author, 0, &order).unwrap();
        // A document that is not empty is reconciled field by field.
        let mut by_field = AutoCommit::new().with_actor(automerge::ActorId::from([1; 16]));
        by_field.put(ROOT, "_", 0).unwrap();
        reconcile(&mut by_field, &order).unwrap();
        by_field.delete(ROOT, "_").unwrap();
        by_field.commit();
        let (bfs, dfs) = (created.save().len(), by_field.save().len());
        assert!(bfs + 20 <= dfs, "created {bfs} B, field by field {dfs} B");
    }

    #[test]
    fn missing_keys_checks_each_key_and_refuses_a_field_that_is_not_a_map() {
        let mut doc = AutoCommit::new();
        let orders = doc.put_object(ROOT, "orders", ObjType::Map).unwrap();
        doc.put(&orders, "a", 1).unwrap();
        doc.put(&orders, "c", 3).unwrap();
        doc.put(ROOT, "title", "not a map").unwrap();
        let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            missing_keys(&doc, "orders", ids(&["d", "a", "b", "c"])).unwrap(),
            ids(&["d", "b"])
        );
        // An absent field lacks every key.
        assert_eq!(
            missing_keys(&doc, "superseded", ids(&["a", "b"])).unwrap(),
            ids(&["a", "b"])
        );
        assert!(matches!(
            missing_keys(&doc, "title", ids(&["a"])),
            Err(DocError::Field { .. })
        ));
    }
}
