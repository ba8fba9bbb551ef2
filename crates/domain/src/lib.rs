//! Gendan's domain: the order model as typed Automerge documents and the rules that govern it.
//!
//! Nothing here touches the web, storage or a clock; callers pass `now` and random bytes in, so every
//! rule is testable natively and behaves the same on every replica.

pub mod activity;
pub mod agenda;
pub mod aql;
pub mod attachments;
pub mod blob_refs;
pub mod buyer_update;
pub mod codes;
pub mod commercial;
pub mod complaints;
pub mod day;
pub mod document;
pub mod draft;
pub mod error;
pub mod factory_change;
pub mod gate;
pub mod ids;
pub mod inspection;
pub mod lifecycle;
pub mod links;
pub mod loading;
pub mod measure;
pub mod migration;
pub mod money;
pub mod number;
pub mod order;
pub mod other_charges;
pub mod owed_back;
pub mod packing;
pub mod pay_requests;
pub mod po_sheet;
pub mod problem;
pub mod production;
pub mod production_sheet;
pub mod purchasing;
pub mod qc_report;
pub mod qty_revision;
pub mod reader;
pub mod receipts;
pub mod records;
pub mod report_facts;
pub mod reports;
pub mod role;
pub mod rule_log;
pub mod sample_kind;
pub mod samples;
pub mod shipment;
pub mod shipped;
pub mod sorting;
pub mod terms;
pub mod tna;
pub mod workspace;

pub use automerge;
pub use commercial::Commercial;
pub use day::Day;
pub use document::{Author, DocError};
pub use error::DomainError;
pub use ids::{DocumentId, RecordId};
pub use lifecycle::{transition, Gates};
pub use measure::Milli;
pub use money::Price;
pub use order::{Order, OrderStatus};
pub use records::RecordMap;
pub use workspace::Workspace;
