//! The colour × size quantity matrix editor with live row, column and grand totals.
//!
//! Its parts live under `quantity_matrix/`: one row per colour, and the small forms that add a
//! colour or a size.

mod add_line;
mod colour_row;

use gendan_domain::draft::OrderDraft;
use gendan_domain::order::{Field, Problem};
use leptos::prelude::*;

use crate::i18n::{issue_text, use_i18n, K};
use add_line::AddLine;
use colour_row::ColourRow;

#[component]
pub fn QuantityMatrix(
    draft: RwSignal<OrderDraft>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let add_colour = Callback::new(move |name: String| {
        draft.update(|d| d.colours.push((crate::platform::new_record_id(), name)))
    });
    let add_size = Callback::new(move |name: String| {
        draft.update(|d| d.sizes.push((crate::platform::new_record_id(), name)))
    });
    let line_error = move |f: Field| {
        problems
            .get()
            .into_iter()
            .find(|p| p.field == f)
            .map(|p| issue_text(i18n.0.get(), &p.issue))
    };

    view! {
        <section class="matrix-block" aria-labelledby="qty-title">
            <h3 id="qty-title">{move || i18n.t(K::Quantities)}</h3>
            <div class="matrix-scroll">
                <table class="matrix" data-testid="matrix">
                    <thead>
                        <tr>
                            <th scope="col">{move || format!("{} \\ {}", i18n.t(K::Colour), i18n.t(K::Size))}</th>
                            <For each=move || draft.get().sizes key=|(id, name)| (id.clone(), name.clone()) let:size>
                                {
                                    let sid = size.0.clone();
                                    view! {
                                        <th scope="col">
                                            <span>{size.1.clone()}</span>
                                            <button class="icon" aria-label=move || format!("{} {}", i18n.t(K::Remove), size.1)
                                                on:click=move |_| draft.update(|d| {
                                                    d.sizes.retain(|(i, _)| *i != sid);
                                                    d.cells.retain(|k, _| !k.ends_with(&format!(":{sid}")));
                                                })>"×"</button>
                                        </th>
                                    }
                                }
                            </For>
                            <th scope="col">{move || i18n.t(K::Total)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || draft.get().colours key=|(id, name)| (id.clone(), name.clone()) let:colour>
                            <ColourRow draft=draft problems=problems id=colour.0 name=colour.1/>
                        </For>
                    </tbody>
                    <tfoot>
                        <tr>
                            <th scope="row">{move || i18n.t(K::Total)}</th>
                            <For each=move || draft.get().sizes key=|(id, _)| id.clone() let:size>
                                <td class="total" data-testid="col-total">{move || draft.with(|d| d.size_total(&size.0))}</td>
                            </For>
                            <td class="total grand" data-testid="grand-total">{move || draft.with(|d| d.total())}</td>
                        </tr>
                    </tfoot>
                </table>
            </div>
            <p class="error-text" role="alert">{move || line_error(Field::Colours).or_else(|| line_error(Field::Sizes)).or_else(|| line_error(Field::Quantities)).unwrap_or_default()}</p>
            <div class="add-lines">
                <AddLine placeholder=K::NewColourName button=K::AddColour testid="colour" on_add=add_colour/>
                <AddLine placeholder=K::NewSizeName button=K::AddSize testid="size" on_add=add_size/>
            </div>
        </section>
    }
}
