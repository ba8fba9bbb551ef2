//! The sampling set-up: inspection kind, lot size, level, stringency and the three AQLs.
//! A plan that cannot be drawn (an AQL not in the table) is refused, and so is any change to a
//! finished inspection (the domain's lock: reopen it with a reason first), and a lot size changed
//! to more than the order can present (`inspection::set_plan_of`). A final lot offers
//! only stringencies at least as strict as the one the switching rules gave it.

use gendan_domain::inspection::{self, Aqls, InspectionKind, Level, PlanSetup, Stringency};
use leptos::prelude::*;

use super::super::ctx::code_text;
use super::super::inspections::kind_select::KindSelect;
use super::OpenInspection;
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, K};
use crate::pages::action::edit_action;
use crate::pages::order::shipment::tolerance::workspace_allowance;
use crate::pages::typed;

#[component]
pub fn SetupForm(open: OpenInspection) -> impl IntoView {
    let i18n = use_i18n();
    let cur = move || open.current();
    let init = open.insp.get_untracked().unwrap_or_default();
    let kind = RwSignal::new(init.kind.code().to_string());
    let lot = RwSignal::new(init.lot_size.to_string());
    let level = RwSignal::new(init.level.code().to_string());
    let stringency = RwSignal::new(init.stringency.code().to_string());
    let aql_cr = RwSignal::new(init.aqls.critical.clone());
    let aql_ma = RwSignal::new(init.aqls.major.clone());
    let aql_mi = RwSignal::new(init.aqls.minor.clone());
    let setup_error = RwSignal::new(None::<String>);
    // Through the order, which bounds a changed lot size by what the order can present.
    let edit = edit_action(setup_error, move |setup: PlanSetup| {
        let id = open.iid.get_value();
        let allowance = open.ctx.workspace.with_untracked(workspace_allowance);
        open.ctx
            .edit(move |o| inspection::set_plan_of(o, &id, setup, allowance))
    });
    let save_setup = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let read = typed::whole(i18n, &lot.get_untracked(), u64::from(u32::MAX));
        let Some(l) = typed::or_say(setup_error, read).map(|l| l as u32) else {
            return;
        };
        let (k, lv, st) = (
            kind.get_untracked(),
            level.get_untracked(),
            stringency.get_untracked(),
        );
        let (c, ma, mi) = (
            aql_cr.get_untracked(),
            aql_ma.get_untracked(),
            aql_mi.get_untracked(),
        );
        edit.dispatch(PlanSetup {
            kind: InspectionKind::from_code(&k),
            lot_size: l,
            level: Level::from_code(&lv),
            stringency: Stringency::from_code(&st),
            aqls: Aqls {
                critical: c,
                major: ma,
                minor: mi,
            },
        });
    };
    let lid = unique_id("i-level");
    let sid = unique_id("i-stringency");
    let kinds: Vec<InspectionKind> = InspectionKind::KNOWN
        .iter()
        .filter(|k| **k != InspectionKind::Final || init.kind == InspectionKind::Final)
        .cloned()
        .collect();
    view! {
        <form class="card section" on:submit=save_setup novalidate data-testid="inspection-setup">
            <h3>{move || i18n.t(K::SamplingSetup)}</h3>
            <div class="grid">
                // A final lot is started as one (the switching rules), never turned into one.
                <KindSelect value=kind testid="insp-kind" kinds=kinds
                    disabled=Signal::derive(move || matches!(cur().kind, InspectionKind::Reinspection | InspectionKind::Final))/>
                <TextInput label=K::LotSize value=lot inputmode="numeric" testid="insp-lot"/>
                <div class="field">
                    <label for=lid.clone()>{move || i18n.t(K::InspectionLevel)}</label>
                    <select id=lid data-testid="insp-level" on:change=move |ev| level.set(event_target_value(&ev))>
                        {Level::KNOWN.iter().map(|l| {
                            let c = l.code().to_string();
                            let c2 = c.clone();
                            view! { <option value=c.clone() selected=move || level.get() == c2>{c.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=sid.clone()>{move || i18n.t(K::Stringency)}</label>
                    <select id=sid data-testid="insp-stringency" on:change=move |ev| stringency.set(event_target_value(&ev))>
                        // A final lot keeps at least the stringency the switching rules gave it.
                        {move || {
                            let now = cur();
                            let counts_as_final = matches!(now.kind, InspectionKind::Final | InspectionKind::Reinspection);
                            Stringency::KNOWN.iter().filter(|st| !counts_as_final || st.at_least(&now.stringency)).map(|st| {
                                let c = st.code();
                                view! { <option value=c selected=move || stringency.get() == c>{code_text(i18n, c)}</option> }
                            }).collect_view()
                        }}
                    </select>
                </div>
                <TextInput label=K::AqlCritical value=aql_cr inputmode="decimal" testid="aql-critical"/>
                <TextInput label=K::AqlMajor value=aql_ma inputmode="decimal" testid="aql-major"/>
                <TextInput label=K::AqlMinor value=aql_mi inputmode="decimal" testid="aql-minor"/>
            </div>
            <ActionError error=setup_error testid="setup-error"/>
            <button type="submit" data-testid="save-setup">{move || i18n.t(K::UpdatePlan)}</button>
        </form>
    }
}
