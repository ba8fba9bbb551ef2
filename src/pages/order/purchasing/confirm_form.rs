//! Records one of the two confirmations a PO needs (written, by phone) with whom and when.

use gendan_domain::order::{Field, Issue};
use gendan_domain::purchasing::{self, ConfirmChannel, Confirmation};
use leptos::prelude::*;

use super::super::ctx::{field_error, parse_day, who, OrderCtx};
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::pages::action::edit_action;
use crate::platform;
use crate::state::kept_input::kept_text;

#[component]
pub fn ConfirmForm(
    ctx: OrderCtx,
    po_id: String,
    /// The written confirmation is still missing: the form offers it first.
    written_missing: bool,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The channel offered follows what is missing: once the written one is in, phone.
    let channel = kept_text(
        &format!("po:{po_id}/confirm-channel@{written_missing}"),
        || {
            if written_missing {
                ConfirmChannel::Written
            } else {
                ConfirmChannel::Phone
            }
            .code()
            .to_string()
        },
    );
    let confirm_on = kept_text(&format!("po:{po_id}/confirm-on"), || {
        platform::today().to_string()
    });
    let counterpart = kept_text(&format!("po:{po_id}/confirm-who"), String::new);
    let confirm = edit_action(error, move |(ch, c): (ConfirmChannel, Confirmation)| {
        let id = po_id.clone();
        ctx.edit(move |o| purchasing::confirm(o, &id, &ch, c, platform::today()))
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(on) = parse_day(&confirm_on.get_untracked()) else {
            error.set(Some(field_error(
                i18n,
                Field::ConfirmedDate,
                Issue::NotADate,
            )));
            return;
        };
        let ch = ConfirmChannel::from_code(&channel.get_untracked());
        let c = Confirmation {
            by: who(),
            counterpart: counterpart.get_untracked().trim().to_string(),
            on,
            ..Confirmation::default()
        };
        confirm.dispatch((ch, c));
    };
    let ch_id = unique_id("po-channel");
    view! {
        <form class="inline-form" on:submit=submit novalidate>
            <div class="field">
                <label for=ch_id.clone()>{move || i18n.t(K::ConfirmChannelLabel)}</label>
                <select id=ch_id data-testid="po-confirm-channel" on:change=move |ev| channel.set(event_target_value(&ev))>
                    {[(ConfirmChannel::Written, K::ConfirmWritten), (ConfirmChannel::Phone, K::ConfirmPhone)].into_iter().map(|(c, k)| {
                        let code = c.code().to_string();
                        let code2 = code.clone();
                        view! { <option value=code selected=move || channel.get() == code2>{move || i18n.t(k)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <TextInput label=K::ConfirmedDate value=confirm_on kind="date" testid="po-confirm-date"/>
            <TextInput label=K::Counterpart value=counterpart testid="po-confirm-who"/>
            <button type="submit" data-testid="po-confirm">{move || i18n.t(K::RecordConfirmation)}</button>
        </form>
    }
}
