//! Adding or editing one carton line: the carton numbers, solid (a colour and a size) or by ratio
//! (parts per size of one colour, spread over the pieces per carton), the carton's sides in
//! centimetres and its weights. Saved under a new random id, or the edited line's, through the
//! order's one commit path, so a line another device adds meanwhile is kept. On a shipment that
//! has left it needs the card's reason and is logged (`changes.rs`).

use std::rc::Rc;

use gendan_domain::packing::PackKind;
use gendan_domain::shipment::changes::set_carton_line;
use leptos::prelude::*;

use crate::pages::action::Submit;

use super::super::ctx::{OrderCtx, OrderEdit};
use super::carton_draft::CartonDraft;
use super::changes::said;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::platform;

#[component]
pub fn CartonForm(
    ctx: OrderCtx,
    sid: StoredValue<String>,
    d: CartonDraft,
    /// Why a shipment that has left changes (asked on the card).
    reason: RwSignal<String>,
    error: RwSignal<Option<String>>,
    edit: Submit<OrderEdit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let m = ctx.order.with_untracked(|o| o.quantities.clone());
        let line = match d.read(i18n, &m) {
            Ok(l) => l,
            Err(e) => return error.set(Some(e)),
        };
        let Some(note) = said(ctx, sid, reason, error, i18n) else {
            return;
        };
        error.set(None);
        let id = sid.get_value();
        let lid = d
            .editing
            .get_untracked()
            .unwrap_or_else(platform::new_record_id);
        let next = line.to + 1;
        edit.dispatch(Rc::new(move |o| {
            set_carton_line(o, &id, &lid, line.clone(), &note.note())
        }));
        d.clear(next);
    };
    let colours = move || {
        ctx.order.with(|o| {
            o.quantities
                .colours_in_order()
                .into_iter()
                .map(|(i, l)| (i.to_string(), l.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let sizes = move || {
        ctx.order.with(|o| {
            o.quantities
                .sizes_in_order()
                .into_iter()
                .map(|(i, l)| (i.to_string(), l.name.clone()))
                .collect::<Vec<_>>()
        })
    };
    let options = move |list: Vec<(String, String)>, picked: RwSignal<String>| {
        list.into_iter()
            .map(|(id, name)| {
                let i2 = id.clone();
                view! { <option value=id selected=move || picked.get() == i2>{name}</option> }
            })
            .collect_view()
    };
    let select = move |label: K,
                       picked: RwSignal<String>,
                       list: Vec<(String, String)>,
                       testid: &'static str| {
        // Nothing picked yet reads as the first entry, which the select shows (`CartonDraft::read`).
        let fid = unique_id(testid);
        view! {
            <div class="field">
                <label for=fid.clone()>{move || i18n.t(label)}</label>
                <select id=fid data-testid=testid on:change=move |ev| picked.set(event_target_value(&ev))>
                    {options(list, picked)}
                </select>
            </div>
        }
    };
    let is_ratio = move || d.pack.get() == PackKind::Ratio.code();
    let pack_id = unique_id("c-pack");
    let ratio_inputs = move || {
        sizes()
            .into_iter()
            .map(|(sid, name)| {
                let s2 = sid.clone();
                let fid = unique_id("c-part");
                view! {
                    <div class="field narrow">
                        <label for=fid.clone()>{name}</label>
                        <input id=fid inputmode="numeric" data-testid="c-part" data-size=sid.clone()
                            prop:value=move || d.parts.with(|p| p.get(&s2).cloned().unwrap_or_default())
                            on:input=move |ev| { let v = event_target_value(&ev); d.parts.update(|p| { p.insert(sid.clone(), v); }); }/>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <form class="carton-form" data-testid="carton-form" on:submit=save novalidate>
            <div class="grid">
                <TextInput label=K::CartonFrom value=d.from inputmode="numeric" testid="c-from"/>
                <TextInput label=K::CartonTo value=d.to inputmode="numeric" testid="c-to"/>
                <div class="field">
                    <label for=pack_id.clone()>{move || i18n.t(K::PackKindLabel)}</label>
                    <select id=pack_id data-testid="c-pack" on:change=move |ev| d.pack.set(event_target_value(&ev))>
                        <option value="solid" selected=move || !is_ratio()>{move || i18n.t(K::PackSolid)}</option>
                        <option value="ratio" selected=is_ratio>{move || i18n.t(K::PackRatio)}</option>
                    </select>
                </div>
                {move || select(K::Colour, d.colour, colours(), "c-colour")}
                <Show when=move || !is_ratio()>{move || select(K::Size, d.size, sizes(), "c-size")}</Show>
                <TextInput label=K::PiecesPerCarton value=d.pieces inputmode="numeric" testid="c-pieces"/>
            </div>
            <Show when=is_ratio>
                <fieldset class="ratio"><legend>{move || i18n.t(K::PackRatio)}</legend>{ratio_inputs}</fieldset>
            </Show>
            <div class="grid">
                <TextInput label=K::CartonLength value=d.length inputmode="decimal" testid="c-length"/>
                <TextInput label=K::CartonWidth value=d.width inputmode="decimal" testid="c-width"/>
                <TextInput label=K::CartonHeight value=d.height inputmode="decimal" testid="c-height"/>
                <TextInput label=K::NetKgCarton value=d.net inputmode="decimal" testid="c-net"/>
                <TextInput label=K::GrossKgCarton value=d.gross inputmode="decimal" testid="c-gross"/>
            </div>
            <button type="submit" data-testid="c-save">{move || i18n.t(if d.editing.get().is_some() { K::SaveCartonLine } else { K::AddCartonLine })}</button>
            <Show when=move || d.editing.get().is_some()>
                <button type="button" data-testid="c-cancel" on:click=move |_| d.editing.set(None)>{move || i18n.t(K::CancelEdit)}</button>
            </Show>
        </form>
    }
}
