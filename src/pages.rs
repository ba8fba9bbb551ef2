//! The screens the router switches between.

pub mod join;
pub mod order;
pub mod orders;
pub mod settings;
