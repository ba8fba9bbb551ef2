//! A labelled input bound to a string signal: what is typed stays there until the owner clears it,
//! so a refused action never loses input.

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;

use crate::components::money_words_hint::MoneyWordsHint;
use crate::i18n::{use_i18n, K};

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A page-unique element id, for `<label for>`.
pub(crate) fn unique_id(prefix: &str) -> String {
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

#[component]
pub fn TextInput(
    label: K,
    value: RwSignal<String>,
    #[prop(default = "")] testid: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "")] inputmode: &'static str,
    /// The words go onto the order, which factories read: an amount in them is said
    /// (`money_words_hint`).
    #[prop(optional)]
    factory_reads: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = unique_id(if testid.is_empty() { "in" } else { testid });
    view! {
        <div class="field">
            <label for=id.clone()>{move || i18n.t(label)}</label>
            <input id=id type=kind inputmode=inputmode data-testid=testid prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
            {factory_reads.then(|| view! { <MoneyWordsHint text=value/> })}
        </div>
    }
}
