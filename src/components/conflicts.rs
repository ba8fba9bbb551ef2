//! "Changed on two devices": the competing values of an order's fields after a merge, each
//! with a button that keeps it. Choosing is an ordinary edit that syncs like any other.

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::state::store::use_store;

/// The header fields whose conflicts are shown, with their labels. Not prices (they live in the
/// commercial document), not the status: picking one of two statuses here would skip the
/// lifecycle's gates and log; concurrent moves show as "needs a decision"
/// (`lifecycle::violations`) and are settled there.
const FIELDS: [(&str, K); 6] = [
    ("customer_po", K::CustomerPo),
    ("customer", K::Customer),
    ("style_no", K::StyleNo),
    ("description", K::Description),
    ("order_date", K::OrderDate),
    ("ex_factory", K::ExFactory),
];

#[component]
pub fn Conflicts(
    id: String,
    /// Bumped by the page whenever the order was reloaded, so conflicts are read again.
    revision: Signal<u64>,
    /// Called after a choice was saved.
    on_resolved: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    // Keeping a value is a submit; the page reloads the order once it is saved.
    let id_keep = id.clone();
    let keep = Action::new_local(move |(field, i): &(&'static str, usize)| {
        let (id, field, i) = (id_keep.clone(), *field, *i);
        async move {
            let Some(repo) = store.repo() else { return };
            if store.track(repo.resolve(&id, &[field], i)).await.is_ok() {
                // The order may be left while the choice saves.
                let _ = on_resolved.try_run(());
            }
        }
    });
    let id_read = id.clone();
    let list = move || {
        let _ = revision.get();
        let _ = store.remote_changes.get();
        let Some(repo) = store.repo() else {
            return Vec::new();
        };
        FIELDS
            .iter()
            .filter_map(|(field, label)| {
                let values = repo.conflicts(&id_read, &[field]);
                (values.len() > 1).then_some((*field, *label, values))
            })
            .collect::<Vec<_>>()
    };
    view! {
        <For each=list key=|(f, _, values)| (f.to_string(), values.clone()) let:item>
            {
                let (field, label, values) = item;
                view! {
                    <div class="conflict" role="alert" data-testid="conflict" data-field=field>
                        <strong>{move || i18n.t(label)}</strong>
                        <p>{move || i18n.t(K::ChangedOnTwo)}</p>
                        <div class="choices">
                            {values.into_iter().enumerate().map(|(i, v)| {
                                let label = v;
                                view! {
                                    <button type="button" data-testid="conflict-choice"
                                        on:click=move |_| { keep.dispatch_local((field, i)); }>
                                        {move || format!("{} “{label}”", i18n.t(K::Keep))}
                                    </button>
                                }
                            }).collect_view()}
                        </div>
                    </div>
                }
            }
        </For>
    }
}
