//! Says when the order form holds input that is not saved — typed here, or kept from before a
//! reload — and offers to throw it away, so a kept draft never passes for the saved order.

use leptos::prelude::*;

use super::form::OrderForm;
use crate::i18n::{use_i18n, K};
use crate::route::confirm;

#[component]
pub fn DraftNotice(
    form: OrderForm,
    /// Where the draft waits in `sessionStorage`.
    draft_key: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let key = StoredValue::new(draft_key);
    let discard = move |_| {
        if confirm(i18n, K::DiscardDraftAsk) {
            form.discard(&key.get_value());
        }
    };
    view! {
        <Show when=move || form.differs.get()>
            <div class="draft-notice" role="status" data-testid="draft-notice">
                <span>
                    {move || if form.restored.get() { i18n.t(K::DraftKept) } else { i18n.t(K::DraftUnsaved) }}
                </span>
                <button type="button" class="warn" data-testid="discard-draft" on:click=discard>
                    {move || i18n.t(K::DiscardDraft)}
                </button>
            </div>
        </Show>
    }
}
