//! Today's notices not yet read (传播信息): at the office, what no one at the factory has marked
//! read yet; on a factory's phone, what is waiting to be read there. Read from the summaries'
//! facts without loading an order; each row opens the notices.

use gendan_domain::notices::{self, BoardNotice};
use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, K};
use crate::listing::fmt_day;
use crate::state::store::Store;
use crate::sync::settings::SyncSettings;
use crate::Route;

#[component]
pub fn NoticesSection(store: Store) -> impl IntoView {
    let i18n = use_i18n();
    let title = if SyncSettings::is_factory_device() {
        K::TodayNoticesToRead
    } else {
        K::TodayNoticesUnread
    };
    let unread = Memo::new(move |_| {
        store.summaries.track();
        let Some(repo) = store.repo() else {
            return Vec::new();
        };
        notices::board(&repo.notice_copies())
            .into_iter()
            .filter(|b| b.withdrawn.is_none() && !b.is_acknowledged())
            .collect::<Vec<BoardNotice>>()
    });
    view! {
        <Show when=move || unread.with(|u| !u.is_empty())>
            <section class="today-section card" data-testid="today-notices">
                <h3>
                    <span>{move || i18n.t(title)}</span>
                    <span class="count">{move || unread.with(Vec::len)}</span>
                </h3>
                <ul class="today-list">
                    <For each=move || unread.get() key=BoardNotice::key let:b>
                        <li>
                            <a class="today-row" href=Route::Notices.href() data-testid="today-notice">
                                <span class="row-main"><strong>{b.notice.title.clone()}</strong></span>
                                <span class="row-sub muted">
                                    {move || {
                                        let lang = i18n.0.get();
                                        let day = b.notice.posted.map(|d| fmt_day(lang, &d.to_string())).unwrap_or_default();
                                        let orders = b.orders.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(", ");
                                        fill(K::TodayNoticeRow.text(lang), &[("who", &b.notice.who), ("day", &day), ("orders", &orders)])
                                    }}
                                </span>
                            </a>
                        </li>
                    </For>
                </ul>
            </section>
        </Show>
    }
}
