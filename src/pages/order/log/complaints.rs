//! The order's complaints, newest first, and the form that opens one (`complaints::open`): who
//! complained, how bad, what, how many pieces were defective and which shipment they came in.

use gendan_domain::complaints::{self, Complaint, Severity};
use leptos::prelude::*;

use super::super::complaint::ComplaintRow;
use super::super::ctx::{day_text, who, OrderCtx};
use super::code_select::CodeSelect;
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::submit_action;
use crate::pages::typed;
use crate::platform;
use gendan_domain::sorting::sort_by_key;

#[component]
pub fn ComplaintsSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let source = RwSignal::new(String::new());
    let severity = RwSignal::new(Severity::Minor.code().to_string());
    let description = RwSignal::new(String::new());
    let defective = RwSignal::new(String::new());
    let shipment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = submit_action(
        error,
        move |c: Complaint| {
            ctx.edit(move |o| complaints::open(o, &platform::new_record_id(), c, platform::today()))
        },
        move |()| {
            description.set(String::new());
            defective.set(String::new());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if description.get_untracked().trim().is_empty() {
            error.set(Some(i18n.t(K::ErrRequired).to_string()));
            return;
        }
        let pieces = match defective.get_untracked().trim() {
            "" => 0,
            t => match typed::whole(i18n, t, u64::MAX) {
                Ok(n) => n,
                Err(e) => {
                    error.set(Some(format!("{}: {e}", i18n.t(K::DefectiveQty))));
                    return;
                }
            },
        };
        add.dispatch(Complaint {
            source: source.get_untracked(),
            severity: Severity::from_code(&severity.get_untracked()),
            owner: who(),
            description: description.get_untracked(),
            defective_qty: pieces,
            shipment: shipment.get_untracked(),
            ..Complaint::default()
        });
    };
    let shipments = move || {
        ctx.order.with(|o| {
            crate::pages::documents::shipment_figures::in_order(o)
                .into_iter()
                .enumerate()
                .map(|(i, (id, s))| (id, i + 1, day_text(s.shipped_on.or(s.etd))))
                .collect::<Vec<_>>()
        })
    };
    let shipment_id = unique_id("c-shipment");
    let complaints = move || {
        ctx.order.with(|o| {
            let mut v: Vec<_> = o
                .complaints
                .iter()
                .map(|(k, c)| (k.clone(), c.clone()))
                .collect();
            sort_by_key(&mut v, |b| std::cmp::Reverse(b.1.opened));
            v
        })
    };
    let codes = Severity::KNOWN
        .iter()
        .map(|s| s.code().to_string())
        .collect();
    view! {
        <section class="card section" data-testid="complaints-section">
            <h3>{move || i18n.t(K::Complaints)}</h3>
            <ul class="log">
                // Keyed by what each complaint says: a change elsewhere in the order (a return
                // recorded, a sync) leaves the other rows, their open folds and typed text alone.
                <For each=complaints key=|(id, c)| (id.clone(), format!("{c:?}")) let:row>
                    <ComplaintRow ctx=ctx id=row.0 complaint=row.1/>
                </For>
            </ul>
            <form class="inline-form" on:submit=submit novalidate>
                <TextInput label=K::ComplaintSource value=source testid="c-source"/>
                <CodeSelect label=K::Severity name="sev" codes=codes value=severity/>
                <TextInput label=K::Description value=description testid="c-description" factory_reads=true/>
                <TextInput label=K::DefectiveQty value=defective inputmode="numeric" testid="c-defective"/>
                <Show when=move || !shipments().is_empty()>
                    <div class="field">
                        <label for=shipment_id.clone()>{move || i18n.t(K::ComplaintShipment)}</label>
                        <select id=shipment_id.clone() data-testid="c-shipment" on:change=move |ev| shipment.set(event_target_value(&ev))>
                            <option value="" selected=move || shipment.with(String::is_empty)>"—"</option>
                            {move || shipments().into_iter().map(|(id, n, day)| {
                                let chosen = id.clone();
                                let text = move || format!("{} {day}", fill(i18n.t(K::ShipmentNo), &[("n", &n.to_string())]));
                                view! { <option value=id selected=move || shipment.get() == chosen>{text}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                <button type="submit" data-testid="add-complaint">{move || i18n.t(K::AddComplaint)}</button>
            </form>
            <ActionError error=error testid="complaint-add-error"/>
        </section>
    }
}
