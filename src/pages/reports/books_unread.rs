//! The orders whose money a peer's change broke, named above the money figures: the receivables
//! and the suppliers' payments leave them out until they are put back, and a total that quietly
//! lacks an order would be trusted as whole. Each opens its money section, where it is put back.

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::Route;

#[component]
pub(super) fn BooksUnread(orders: RwSignal<Vec<(String, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let sorted = Memo::new(move |_| {
        let mut o = orders.get();
        gendan_domain::sorting::sort_by(&mut o, |a, b| (&a.1, &a.0).cmp(&(&b.1, &b.0)));
        o
    });
    view! {
        <Show when=move || sorted.with(|o| !o.is_empty())>
            <section class="card error no-print" role="alert" data-testid="reports-books-unread">
                <p>{move || i18n.t(K::ReportsBooksUnread)}</p>
                <ul class="log">
                    <For each=move || sorted.get() key=|(id, name)| (id.clone(), name.clone()) let:row>
                        <li data-testid="reports-books-unread-row">
                            <a href=Route::OrderSection(row.0.clone(), "money".into()).href()>{row.1.clone()}</a>
                        </li>
                    </For>
                </ul>
            </section>
        </Show>
    }
}
