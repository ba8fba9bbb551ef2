//! The colour × size quantity matrix editor with live row, column and grand totals.

use gendan_domain::draft::OrderDraft;
use gendan_domain::order::{cell_key, Field, Problem};
use leptos::prelude::*;

use crate::i18n::{issue_text, use_i18n, K};

#[component]
pub fn QuantityMatrix(
    draft: RwSignal<OrderDraft>,
    problems: Signal<Vec<Problem>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let new_colour = RwSignal::new(String::new());
    let new_size = RwSignal::new(String::new());

    let add_colour = move || {
        let name = new_colour.get_untracked().trim().to_string();
        if !name.is_empty() {
            draft.update(|d| d.colours.push((crate::platform::new_record_id(), name)));
            new_colour.set(String::new());
        }
    };
    let add_size = move || {
        let name = new_size.get_untracked().trim().to_string();
        if !name.is_empty() {
            draft.update(|d| d.sizes.push((crate::platform::new_record_id(), name)));
            new_size.set(String::new());
        }
    };
    let cell_error = move |c: &str, s: &str| {
        problems.get().into_iter().find_map(|p| match &p.field {
            Field::Cell(pc, ps) if pc == c && ps == s => Some(issue_text(i18n.0.get(), &p.issue)),
            _ => None,
        })
    };
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
                            {
                                let cid = colour.0.clone();
                                let colour_name = colour.1.clone();
                                let cid_total = cid.clone();
                                let cid_remove = cid.clone();
                                view! {
                                    <tr>
                                        <th scope="row">
                                            <span>{colour.1.clone()}</span>
                                            <button class="icon" aria-label=move || format!("{} {}", i18n.t(K::Remove), colour.1)
                                                on:click=move |_| draft.update(|d| {
                                                    d.colours.retain(|(i, _)| *i != cid_remove);
                                                    d.cells.retain(|k, _| !k.starts_with(&format!("{cid_remove}:")));
                                                })>"×"</button>
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
                <form class="add-line" on:submit=move |ev| { ev.prevent_default(); add_colour(); }>
                    <input aria-label=move || i18n.t(K::NewColourName) placeholder=move || i18n.t(K::NewColourName)
                        data-testid="new-colour" prop:value=new_colour on:input=move |ev| new_colour.set(event_target_value(&ev))/>
                    <button type="submit" data-testid="add-colour">{move || i18n.t(K::AddColour)}</button>
                </form>
                <form class="add-line" on:submit=move |ev| { ev.prevent_default(); add_size(); }>
                    <input aria-label=move || i18n.t(K::NewSizeName) placeholder=move || i18n.t(K::NewSizeName)
                        data-testid="new-size" prop:value=new_size on:input=move |ev| new_size.set(event_target_value(&ev))/>
                    <button type="submit" data-testid="add-size">{move || i18n.t(K::AddSize)}</button>
                </form>
            </div>
        </section>
    }
}
