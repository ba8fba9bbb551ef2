//! The colour × size quantity matrix editor with live row, column and grand totals.
//!
//! Its parts live under `quantity_matrix/`: one row per colour, and the small forms that add a
//! colour or a size. Removing a colour or size that holds quantities asks first, naming it and
//! the pieces that would go; an empty one goes without a question.

mod add_line;
mod colour_row;

use gendan_domain::draft::OrderDraft;
use gendan_domain::order::{Field, Problem};
use leptos::prelude::*;

use crate::i18n::{fill, issue_text, use_i18n, Lang, K};
use crate::listing::fmt_int;
use crate::route::confirm_text;
use add_line::AddLine;
use colour_row::ColourRow;

/// A colour or a size of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Colour,
    Size,
}

/// The question to ask before removing line `name` holding `pieces`; `None` when it holds none.
fn removal_question(lang: Lang, line: Line, name: &str, pieces: u64) -> Option<String> {
    let key = match (line, pieces) {
        (_, 0) => return None,
        (Line::Colour, 1) => K::RemoveColourAskOne,
        (Line::Colour, _) => K::RemoveColourAsk,
        (Line::Size, 1) => K::RemoveSizeAskOne,
        (Line::Size, _) => K::RemoveSizeAsk,
    };
    Some(fill(
        key.text(lang),
        &[("name", name), ("n", &fmt_int(pieces))],
    ))
}

/// Whether line `name` may go: yes when it is empty, else as the user answers the question.
fn may_remove(lang: Lang, line: Line, name: &str, pieces: u64) -> bool {
    removal_question(lang, line, name, pieces).is_none_or(|q| confirm_text(&q))
}

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
                                    let asked_name = size.1.clone();
                                    view! {
                                        <th scope="col">
                                            <span>{size.1.clone()}</span>
                                            <button class="icon" aria-label=move || format!("{} {}", i18n.t(K::Remove), size.1)
                                                on:click=move |_| {
                                                    let pieces = draft.with_untracked(|d| d.size_total(&sid));
                                                    if !may_remove(i18n.0.get_untracked(), Line::Size, &asked_name, pieces) {
                                                        return;
                                                    }
                                                    draft.update(|d| {
                                                        d.sizes.retain(|(i, _)| *i != sid);
                                                        d.cells.retain(|k, _| !k.ends_with(&format!(":{sid}")));
                                                    })
                                                }>"×"</button>
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

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn removing_a_line_with_pieces_asks_naming_it_and_its_pieces() {
        assert_eq!(removal_question(Lang::En, Line::Colour, "Navy", 0), None);
        assert_eq!(
            removal_question(Lang::En, Line::Colour, "Navy", 1_200).as_deref(),
            Some("Remove colour Navy and its 1,200 pcs?")
        );
        assert_eq!(
            removal_question(Lang::Zh, Line::Colour, "藏青", 1_200).as_deref(),
            Some("删除颜色 藏青 及其 1,200 件?")
        );
        assert_eq!(
            removal_question(Lang::En, Line::Size, "XL", 1).as_deref(),
            Some("Remove size XL and its 1 pc?")
        );
        assert_eq!(removal_question(Lang::Zh, Line::Size, "XL", 0), None);
    }
}
