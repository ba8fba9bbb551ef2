//! Reusable UI pieces, one component per file.

pub mod app_bar;
pub mod document_links;
pub mod field;
pub mod quantity_matrix;
pub mod save_status;
pub mod update_banner;
