//! The day's notices to factories in the daily report (传播信息 reported 日清日结): each notice
//! sent that day, each reading recorded for it and each notice withdrawn that day (the factory
//! may have read it), read from the summaries' facts
//! (`gendan_domain::notices::news_on`). On screen under the orders, and in the copied text —
//! for one factory's chat, only that factory's.

use gendan_domain::notices::{self, DayNews};
use gendan_domain::Day;
use leptos::prelude::*;

use crate::i18n::{fill, use_i18n, Lang, K};
use crate::pages::parties::Ws;
use crate::state::store::{use_store, Store};

/// The day's notice news as sentences, for every factory or (`only`) one.
pub(crate) fn notice_lines(
    store: Store,
    lang: Lang,
    day: Day,
    only: Option<&str>,
    party: super::words::PartyName<'_>,
) -> Vec<String> {
    let Some(repo) = store.repo() else {
        return Vec::new();
    };
    let board = notices::board(&repo.notice_copies());
    notices::news_on(&board, day)
        .into_iter()
        .filter(|(b, _)| only.is_none_or(|f| f == b.notice.party))
        .map(|(b, news)| {
            let kind = crate::pages::notices::kind_key(&b.notice.kind());
            let factory = party(&b.notice.party);
            match news {
                DayNews::Sent => fill(
                    K::DailyNoticeSent.text(lang),
                    &[
                        ("kind", kind.text(lang)),
                        ("factory", &factory),
                        ("title", &b.notice.title),
                    ],
                ),
                DayNews::Withdrawn { said } => fill(
                    K::DailyNoticeWithdrawn.text(lang),
                    &[
                        ("kind", kind.text(lang)),
                        ("factory", &factory),
                        ("title", &b.notice.title),
                        ("said", &said),
                    ],
                ),
                DayNews::Read { who, .. } => fill(
                    K::DailyNoticeRead.text(lang),
                    &[
                        ("who", &who),
                        ("factory", &factory),
                        ("title", &b.notice.title),
                    ],
                ),
            }
        })
        .collect()
}

#[component]
pub(super) fn DailyNotices(day: Memo<Option<Day>>, ws: Ws) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let lines = Memo::new(move |_| {
        store.summaries.track();
        let lang = i18n.0.get();
        day.get()
            .map(|d| notice_lines(store, lang, d, None, &super::party_in(ws, lang)))
            .unwrap_or_default()
    });
    view! {
        <Show when=move || lines.with(|l| !l.is_empty())>
            <div class="daily-doc" data-testid="daily-notices">
                <h4>{move || i18n.t(K::NoticesTitle)}</h4>
                <ul class="log">
                    {move || lines.get().into_iter().map(|l| view! { <li data-testid="daily-notice">{l}</li> }).collect_view()}
                </ul>
            </div>
        </Show>
    }
}
