//! Typed access to Automerge documents: the one place that turns bytes into orders and edits back
//! into changes, with errors that name what is wrong.
//!
//! Every write the app makes goes hydrate → mutate → reconcile → commit through [`commit`], so each
//! change carries who made it and when, which the history and daily report read back later.

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
pub trait Root: Hydrate + Reconcile + Sized {
    const KIND: &'static str;
    /// When the whole value does not hydrate, the first top-level field that does not, with why.
    fn blame(doc: &AutoCommit) -> Option<DocError>;
}

/// Implements [`Root::blame`] by hydrating each listed field on its own with its own type.
#[macro_export]
macro_rules! blame_fields {
    ($doc:expr; $($field:ident: $ty:ty),* $(,)?) => {{
        let doc = $doc;
        None$(.or_else(|| {
            autosurgeon::hydrate_prop::<_, $ty, _, _>(doc, automerge::ROOT, stringify!($field))
                .err()
                .map(|e| $crate::document::DocError::Field {
                    field: stringify!($field).to_string(),
                    reason: e.to_string(),
                })
        }))*
    }};
}

/// Reads a typed value from a document; on failure, names the first field that does not hydrate.
pub fn read<T: Root>(doc: &AutoCommit) -> Result<T, DocError> {
    hydrate::<_, T>(doc)
        .map_err(|err| T::blame(doc).unwrap_or_else(|| DocError::Shape(T::KIND, err.to_string())))
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
    let mut value: T = read(doc)?;
    let out = edit(&mut value)?;
    reconcile(doc, &value).map_err(|e| DocError::Reconcile(e.to_string()))?;
    doc.commit_with(
        automerge::transaction::CommitOptions::default()
            .with_message(format!("{}\u{1f}{}", author.name, author.device))
            .with_time(now_ms),
    );
    Ok(out)
}

/// Creates a new document holding `value` as its first change.
pub fn create<T: Root>(
    actor: [u8; 16],
    author: &Author,
    now_ms: i64,
    value: &T,
) -> Result<AutoCommit, DocError> {
    let mut doc = AutoCommit::new().with_actor(automerge::ActorId::from(actor));
    reconcile(&mut doc, value).map_err(|e| DocError::Reconcile(e.to_string()))?;
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
/// Empty when there is no conflict (zero or one value).
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
    out.sort_by_key(|(w, _)| !*w);
    out.into_iter().map(|(_, t)| t).collect()
}
