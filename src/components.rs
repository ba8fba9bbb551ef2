//! Reusable UI pieces, one component per file.

pub mod action_error;
pub mod app_bar;
pub mod carton_scanner;
pub mod code_entry;
pub mod code_scanner;
pub mod conflicts;
pub mod document_links;
pub mod export_button;
pub mod field;
pub mod first_run;
pub mod fold;
pub mod let_in;
pub mod money_words_hint;
pub mod peer_code;
pub mod peer_status;
pub mod qr_code;
pub mod quantity_matrix;
pub mod save_status;
pub mod share_links;
pub mod share_order;
pub mod share_text;
pub mod side_scroll;
pub mod sync_chip;
pub mod team_restore;
pub mod text_input;
pub mod update_banner;
