//! Reusable UI pieces, one component per file.

pub mod action_error;
pub mod app_bar;
pub mod field;
pub mod quantity_matrix;
pub mod save_status;
pub mod text_input;
pub mod update_banner;
