//! Complaints (source, severity, status through to resolution) and the communication log (calls,
//! mails, WeChat, visits: who talked with whom about what). Each is its own card, under `log/`.

mod code_select;
mod comms;
pub(crate) mod complaint_money;
mod complaints;
mod return_row;
pub(crate) mod returns;

use leptos::prelude::*;

use super::ctx::OrderCtx;
use comms::CommsSection;
use complaints::ComplaintsSection;

#[component]
pub fn LogSection(ctx: OrderCtx) -> impl IntoView {
    view! {
        <ComplaintsSection ctx=ctx/>
        <CommsSection ctx=ctx/>
    }
}
