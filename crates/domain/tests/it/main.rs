//! The domain's integration tests as one binary: one link instead of one per file, and the
//! fixtures in `common` compiled once. Each module is one area; proptest keeps a module's
//! regressions next to its source file (`<module>.proptest-regressions`).

mod activity;
mod agenda;
mod allowance_widen;
mod allowances;
mod aql_tables;
mod attachments;
mod buyer_gate;
mod buyer_update;
mod capacity;
mod common;
mod convergence;
mod exception_events;
mod factory_change;
mod incidents;
mod incoming;
mod lifecycle;
mod lifecycle_props;
mod links;
mod loading;
mod merges;
mod migration;
mod order_documents;
mod other_charges;
mod owed_back;
mod parties;
mod pay_requests;
mod po_changes;
mod po_sheet;
mod production_sheet;
mod qc_report;
mod qty_revision;
mod receipts;
mod record_documents;
mod report_facts;
mod reports;
mod rule_log;
mod sample_replies;
mod ship_docs;
mod shipments;
mod shipped_lock;
mod standing;
mod terms;
mod trust_entry;
mod urgent;
