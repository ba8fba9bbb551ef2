//! The order's section tabs: one row that scrolls sideways on a phone (four wrapped rows pushed
//! the first field ~650 px down), each a full-height touch target.

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Overview,
    Tna,
    Samples,
    Purchasing,
    Money,
    Production,
    Qc,
    Shipment,
    Files,
    Log,
    History,
}

impl Section {
    pub const ALL: [Section; 11] = [
        Section::Overview,
        Section::Tna,
        Section::Samples,
        Section::Purchasing,
        Section::Money,
        Section::Production,
        Section::Qc,
        Section::Shipment,
        Section::Files,
        Section::Log,
        Section::History,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Section::Overview => "overview",
            Section::Tna => "tna",
            Section::Samples => "samples",
            Section::Purchasing => "purchasing",
            Section::Money => "money",
            Section::Production => "production",
            Section::Qc => "qc",
            Section::Shipment => "shipment",
            Section::Files => "files",
            Section::Log => "log",
            Section::History => "history",
        }
    }

    pub fn from_code(code: &str) -> Section {
        Section::known(code).unwrap_or(Section::Overview)
    }

    /// The section with this code, if there is one (routes name sections by code).
    pub fn known(code: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.code() == code)
    }

    fn label(self) -> K {
        match self {
            Section::Overview => K::SecOverview,
            Section::Tna => K::SecTna,
            Section::Samples => K::SecSamples,
            Section::Purchasing => K::SecPurchasing,
            Section::Money => K::SecMoney,
            Section::Production => K::SecProduction,
            Section::Qc => K::SecQc,
            Section::Shipment => K::SecShipment,
            Section::Files => K::SecFiles,
            Section::Log => K::SecLog,
            Section::History => K::SecHistory,
        }
    }
}

#[component]
pub fn SectionNav(
    section: RwSignal<Section>,
    #[prop(into)] on_pick: Callback<Section>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="section-nav" aria-label=move || i18n.t(K::Sections)>
            {Section::ALL.into_iter().map(|s| view! {
                <button type="button" class="tab" data-testid=format!("tab-{}", s.code())
                    aria-current=move || if section.get() == s { "page" } else { "false" }
                    on:click=move |_| on_pick.run(s)>
                    {move || i18n.t(s.label())}
                </button>
            }).collect_view()}
        </nav>
    }
}
