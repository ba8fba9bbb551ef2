//! Links from an order to its printable documents (proforma invoice, commercial invoice, packing
//! list, production sheet).

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::{DocKind, Route};

#[component]
pub fn DocumentLinks(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let link = move |kind: DocKind, key: K| {
        view! {
            <a class="button" href=Route::Document(id.clone(), kind).href() data-testid=format!("open-{}", kind.code())>
                {move || i18n.t(key)}
            </a>
        }
    };
    view! {
        <nav class="doc-links no-print" aria-label=move || i18n.t(K::Documents)>
            <span class="muted small">{move || i18n.t(K::Documents)}</span>
            {link(DocKind::Proforma, K::ProformaInvoice)}
            {link(DocKind::Invoice, K::CommercialInvoice)}
            {link(DocKind::Packing, K::PackingList)}
            {link(DocKind::Production, K::ProductionSheet)}
        </nav>
    }
}
