//! 索赔金额 on the money screen: each transit incident of the order's shipments, oldest first,
//! with the money its claim asks and what came back. The incidents are reported on the
//! shipment (`order/shipment/incidents.rs`); their money is the books', so it is here and
//! nowhere a factory reads. Drawn only when the order has an incident.

use gendan_domain::shipment::incidents::Incident;
use leptos::prelude::*;

use super::super::ctx::OrderCtx;
use super::claim_row::ClaimRow;
use crate::components::action_error::ActionError;
use crate::i18n::{use_i18n, K};

fn incidents(o: &gendan_domain::Order) -> Vec<(String, Incident)> {
    let mut all: Vec<(String, Incident)> = o
        .shipments
        .values()
        .flat_map(|s| s.incidents.iter().map(|(id, i)| (id.clone(), i.clone())))
        .collect();
    gendan_domain::sorting::sort_by_key(&mut all, |(id, i)| (i.day, id.clone()));
    all
}

#[component]
pub fn ClaimList(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let list = move || ctx.order.with(incidents);
    view! {
        <Show when=move || !list().is_empty()>
            <div class="claims" data-testid="claims">
                <h4>{move || i18n.t(K::ClaimsTitle)}</h4>
                <ul class="log">
                    <For each=list key=|(id, i)| (id.clone(), i.clone()) let:((id, incident))>
                        <ClaimRow ctx=ctx error=error id=id incident=incident/>
                    </For>
                </ul>
                <ActionError error=error testid="claim-error"/>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    //! A transit claim's money on the money screen over a real repo: nothing is recovered
    //! before a claim is lodged; money back beyond what is outstanding is refused in words with
    //! the most it may be, and nothing is written; within it, the claim's state says what is
    //! still to come; a void needs its reason and puts the money back outstanding.
    use super::*;
    use crate::i18n::Lang;
    use crate::screen_tests::{click, loaded_order, mount, text_of, type_into, until};
    use crate::storage::agenda_tests::repo_with_order;
    use gendan_domain::shipment::incidents::{self, IncidentKind};
    use gendan_domain::shipment::Shipment;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn money_back_on_a_claim_stays_within_it_and_a_void_needs_why() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("claims", "PO-CLAIM").await;
        let today = crate::platform::today();
        repo.edit_order(&id, |o| {
            o.shipments.insert(
                "s".into(),
                Shipment {
                    shipped_on: Some(today),
                    pieces: 600,
                    ..Shipment::default()
                },
            );
            let wet = Incident {
                kind: IncidentKind::Damage,
                day: Some(today),
                pieces: 40,
                note: "3 cartons wet".into(),
                ..Incident::default()
            };
            incidents::report(o, "s", "wet", wet, today)
        })
        .await
        .expect("reported");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(&app, move || view! { <ClaimList ctx=ctx/> });
        until(|| text_of("claim-state").is_some()).await;
        assert_eq!(
            text_of("claim-state").as_deref(),
            Some(K::ClaimNone.text(Lang::En))
        );
        assert!(
            text_of("recovery-record").is_none(),
            "nothing to recover on yet"
        );

        type_into("claim-amount", "480");
        click("claim-lodge");
        until(|| text_of("recovery-record").is_some()).await;
        type_into("recovery-amount", "500");
        click("recovery-record");
        until(|| text_of("claim-error").is_some_and(|t| !t.is_empty())).await;
        let said = text_of("claim-error").expect("said");
        assert!(said.contains("480.00"), "{said}");
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert!(books.recoveries.is_empty(), "nothing written");

        type_into("recovery-amount", "300");
        click("recovery-record");
        until(|| text_of("claim-state").is_some_and(|t| t.contains("outstanding USD 180.00")))
            .await;

        click("recovery-void");
        until(|| text_of("claim-error").is_some_and(|t| t == K::ErrReasonRequired.text(Lang::En)))
            .await;
        type_into("recovery-void-reason", "bounced");
        click("recovery-void");
        until(|| text_of("claim-state").is_some_and(|t| t.contains("outstanding USD 480.00")))
            .await;
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        let r = books.recoveries.values().next().expect("kept");
        assert!(r.voided.as_deref().is_some_and(|v| v.ends_with("bounced")));

        screen.leave();
    }
}
