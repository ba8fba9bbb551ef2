//! Gendan's domain: the order model as typed Automerge documents and the rules that govern it.
//!
//! Nothing here touches the web, storage or a clock; callers pass `now` and random bytes in, so every
//! rule is testable natively and behaves the same on every replica.

pub mod aql;
pub mod day;
pub mod document;
pub mod draft;
pub mod ids;
pub mod money;
pub mod order;
pub mod workspace;

pub use automerge;
pub use day::Day;
pub use document::{Author, DocError};
pub use ids::{DocumentId, RecordId};
pub use money::Price;
pub use order::{Order, OrderStatus};
pub use workspace::Workspace;
