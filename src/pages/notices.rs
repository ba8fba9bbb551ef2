//! 传播信息: the notices and meeting minutes carried to factories, read from the Reports index
//! (each order's facts keep its notices, so no order is loaded unless its facts are missing)
//! and shown one per notice however many orders carry it ([`gendan_domain::notices::board`]).
//! The office writes them here; a factory's device (one invited to some orders only) reads
//! them and marks them read, which reaches the office with the orders.

mod compose;
mod notice_card;

use gendan_domain::notices::{self, BoardNotice};
use gendan_domain::{DomainError, Order};
use leptos::prelude::*;

use crate::i18n::{count, use_i18n, I18n, K, NOTICES_UNREAD};
use crate::pages::order::ctx::{explain, Failure};
use crate::pages::reports::gathered;
use crate::state::store::Store;
use crate::sync::settings::SyncSettings;

/// A notice's kind in words, on its card and in the daily report.
pub(crate) fn kind_key(k: &gendan_domain::notices::NoticeKind) -> K {
    match k {
        gendan_domain::notices::NoticeKind::Minutes => K::NoticeKindMinutes,
        _ => K::NoticeKindNotice,
    }
}

/// Runs `edit` on each order in turn through the save indicator. Returns how many took it; on a
/// refusal, how many took it before and the refusal worded. Every notice edit is safe to run
/// again on the orders that already took it, so the rest are reached by trying again.
pub(crate) async fn edit_each(
    store: Store,
    i18n: I18n,
    orders: &[String],
    edit: impl Fn(&mut Order) -> Result<(), DomainError> + Clone + 'static,
) -> Result<usize, (usize, Failure)> {
    let Some(repo) = store.repo() else {
        return Err((0, Failure::default()));
    };
    for (done, id) in orders.iter().enumerate() {
        if let Err(e) = store.track_edit(repo.edit_order(id, edit.clone())).await {
            return Err((done, explain(i18n, e)));
        }
    }
    Ok(orders.len())
}

#[component]
pub fn NoticesPage() -> impl IntoView {
    let i18n = use_i18n();
    let ws = crate::pages::parties::workspace_signal();
    let factory_device = SyncSettings::is_factory_device();
    let gathered = gathered(|r| notices::board(&r.notices));
    let board = Signal::derive(move || gathered.get().unwrap_or_default());
    view! {
        <section class="page notices" data-testid="notices-page">
            <h2>{move || i18n.t(K::NoticesTitle)}</h2>
            <p class="muted small">{move || i18n.t(K::NoticesHelp)}</p>
            {(!factory_device).then(|| view! { <compose::NoticeCompose ws=ws/> })}
            <Suspense fallback=move || view! { <p class="muted">{move || i18n.t(K::Loading)}</p> }>
                <p class="muted small" data-testid="notices-unread">
                    {move || count(i18n.0.get(), NOTICES_UNREAD, board.with(|b| notices::unacknowledged(b)))}
                </p>
                <Show when=move || board.with(Vec::is_empty)>
                    <p class="muted" data-testid="notices-none">{move || i18n.t(K::NoticesNone)}</p>
                </Show>
                <ul class="notice-list">
                    <For
                        each=move || board.get()
                        // Keyed by id and factory: a card reads its notice from the board as it
                        // changes, and what is typed in it stays.
                        key=BoardNotice::key
                        let:b
                    >
                        <notice_card::NoticeCard key=b.key() board=board ws=ws factory_device=factory_device/>
                    </For>
                </ul>
            </Suspense>
        </section>
    }
}
