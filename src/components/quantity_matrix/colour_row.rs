//! One colour's row of the matrix: its name (removable, asking first when it holds pieces), a
//! quantity cell per size with the cell's problem under it, and the row total.

use gendan_domain::draft::OrderDraft;
use gendan_domain::order::{cell_key, Field, Problem};
use leptos::prelude::*;

use super::{may_remove, Line};
use crate::i18n::{issue_text, use_i18n, K};

#[component]
pub fn ColourRow(
    draft: RwSignal<OrderDraft>,
    problems: Signal<Vec<Problem>>,
    /// The colour's id and name.
    id: String,
    name: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let cell_error = move |c: &str, s: &str| {
        problems.get().into_iter().find_map(|p| match &p.field {
            Field::Cell(pc, ps) if pc == c && ps == s => Some(issue_text(i18n.0.get(), &p.issue)),
            _ => None,
        })
    };
    let cid = id.clone();
    let cid_total = id.clone();
    let cid_remove = id;
    let colour_name = name.clone();
    let asked_name = name.clone();
    view! {
        <tr>
            <th scope="row">
                <span>{name.clone()}</span>
                <button class="icon" aria-label=move || format!("{} {}", i18n.t(K::Remove), name)
                    on:click=move |_| {
                        let pieces = draft.with_untracked(|d| d.colour_total(&cid_remove));
                        if !may_remove(i18n.0.get_untracked(), Line::Colour, &asked_name, pieces) {
                            return;
                        }
                        draft.update(|d| {
                            d.colours.retain(|(i, _)| *i != cid_remove);
                            d.cells.retain(|k, _| !k.starts_with(&format!("{cid_remove}:")));
                        })
                    }>"×"</button>
            </th>
            <For each=move || draft.get().sizes key=|(id, _)| id.clone() let:size>
                {
                    let key = cell_key(&cid, &size.0);
                    let k2 = key.clone();
                    let k3 = (cid.clone(), size.0.clone());
                    let label = format!("{colour_name} {}", size.1);
                    view! {
                        <td class:invalid=move || cell_error(&k3.0, &k3.1).is_some()>
                            <input class="qty" inputmode="numeric" aria-label=label
                                data-testid="qty-cell"
                                prop:value=move || draft.with(|d| d.cells.get(&key).cloned().unwrap_or_default())
                                on:input=move |ev| {
                                    let v = event_target_value(&ev);
                                    draft.update(|d| { d.cells.insert(k2.clone(), v); });
                                }/>
                            <span class="cell-error">{
                                let k = k3.clone();
                                move || cell_error(&k.0, &k.1).unwrap_or_default()
                            }</span>
                        </td>
                    }
                }
            </For>
            <td class="total" data-testid="row-total">{move || draft.with(|d| d.colour_total(&cid_total))}</td>
        </tr>
    }
}
