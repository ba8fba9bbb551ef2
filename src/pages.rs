//! The screens the router switches between.

pub(crate) mod action;
pub mod complaints;
pub mod documents;
pub mod join;
pub mod more;
pub mod nearby;
pub mod notices;
pub mod order;
pub mod orders;
pub mod parties;
pub mod people;
pub mod po_sheet;
pub mod qc_report;
pub mod reports;
pub mod rules;
pub mod settings;
pub mod templates;
pub mod today;
pub(crate) mod typed;
