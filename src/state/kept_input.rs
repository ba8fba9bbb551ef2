//! Typed input kept above a part of a screen that is drawn again while the person types: a PO's
//! card is built again whenever its PO changes (a delivery saved on the card, a change merged
//! from another device), and input held inside the card was lost half-typed — a payable's due
//! day, a payment, the change form. The section that draws such parts provides the keeper
//! ([`provide_kept_input`]); each form asks it for its fields by a key naming the record and
//! the field ([`kept_text`]), and gets the same signal back after the part is drawn again.
//! Without a keeper (a screen that draws its forms once) a field is a plain signal.

use std::collections::HashMap;

use leptos::prelude::*;

/// The fields kept, each made under the keeper's owner so it outlives the parts that show it.
#[derive(Clone, Copy)]
pub(crate) struct KeptInput {
    owner: StoredValue<Owner, LocalStorage>,
    fields: StoredValue<HashMap<String, RwSignal<String>>, LocalStorage>,
}

/// Provides a keeper for the parts drawn under the current owner; they keep their input until it
/// is disposed (the section is left).
pub(crate) fn provide_kept_input() {
    let owner = Owner::current().unwrap_or_default();
    provide_context(KeptInput {
        owner: StoredValue::new_local(owner),
        fields: StoredValue::new_local(HashMap::new()),
    });
}

/// The field `key` ("<record>/<field>"): as typed before the part was drawn again, else made with
/// `default` (the value the part offers now). A field whose offer follows the record (what is
/// still to come) puts that value in its key, so a changed record offers afresh.
pub(crate) fn kept_text(key: &str, default: impl FnOnce() -> String) -> RwSignal<String> {
    let Some(k) = use_context::<KeptInput>() else {
        return RwSignal::new(default());
    };
    if let Some(s) = k.fields.with_value(|f| f.get(key).copied()) {
        if !s.is_disposed() {
            return s;
        }
    }
    let s = k.owner.with_value(|o| o.with(|| RwSignal::new(default())));
    k.fields.update_value(|f| {
        f.insert(key.to_string(), s);
    });
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// A part drawn again gets the field as typed; a field keyed by the value it offers offers
    /// afresh once that changed; without a keeper, a fresh field each time.
    #[wasm_bindgen_test]
    fn a_field_outlives_the_part_that_shows_it() {
        let section = Owner::new();
        section.with(|| {
            provide_kept_input();
            let first = Owner::new();
            let typed = first.with(|| kept_text("po1/qty", || "500".into()));
            typed.set("120".into());
            drop(first);
            let again = Owner::new();
            let field = again.with(|| kept_text("po1/qty", || "380".into()));
            assert_eq!(field.get_untracked(), "120", "kept over the redraw");
            assert_eq!(kept_text("po2/qty", || "7".into()).get_untracked(), "7");
            let offered = again.with(|| kept_text("po1/qty@380", || "380".into()));
            assert_eq!(offered.get_untracked(), "380", "the record's value now");
        });
        let alone = Owner::new();
        alone.with(|| {
            kept_text("po1/qty", || "1".into()).set("2".into());
            assert_eq!(kept_text("po1/qty", || "1".into()).get_untracked(), "1");
        });
    }
}
