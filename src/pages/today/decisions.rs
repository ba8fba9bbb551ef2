//! Orders that need a decision: a state no rule allows (mostly after a merge), first on Today.

use gendan_domain::reports::NeedsDecision;
use leptos::prelude::*;

use super::section::{order_title, Names};
use super::SHOWN;
use crate::i18n::use_i18n;
use crate::i18n::K;
use crate::pages::order::ctx::violation_text;
use crate::Route;

/// Orders in a state no rule allows (mostly after a merge), first on the screen; shown only when
/// there are some. Each row opens the order, whose status panel offers the actions that settle it.
#[component]
pub(super) fn NeedsDecisionSection(
    items: Signal<Vec<NeedsDecision>>,
    names: Names,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || items.with(|i| !i.is_empty())>
            <section class="today-section card risk" data-testid="today-decisions">
                <h3>
                    <span>{move || i18n.t(K::NeedsDecision)}</span>
                    <span class="count">{move || items.with(|i| i.len())}</span>
                </h3>
                <ul class="today-list">
                    {move || {
                        let lang = i18n.0.get();
                        names.with(|n| items.get().into_iter().take(SHOWN).map(|d| {
                            let (po, sub) = order_title(n, &d.order);
                            let what = d.violations.iter().map(|v| violation_text(lang, v)).collect::<Vec<_>>().join("; ");
                            view! {
                                <li>
                                    <a class="today-row" href=Route::Order(d.order.clone()).href() data-testid="today-row">
                                        <span class="row-main"><strong>{po}</strong><span class="muted">{sub}</span></span>
                                        <span class="row-sub late">{what}</span>
                                    </a>
                                </li>
                            }
                        }).collect_view())
                    }}
                </ul>
            </section>
        </Show>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use crate::i18n::Lang;
    use crate::pages::order::ctx::violation_text;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn what_needs_a_decision_is_said_in_both_languages() {
        use gendan_domain::lifecycle::{transition, Gate, Gates, Violation};
        use gendan_domain::{Order, OrderStatus};
        let gate = Violation::GateNotMet {
            status: OrderStatus::InProduction,
            gate: Gate::Deposit,
        };
        assert_eq!(
            violation_text(Lang::En, &gate),
            "Status reached without its gate: deposit not confirmed (In production)"
        );
        assert!(violation_text(Lang::Zh, &gate).starts_with("未满足关卡即进入此状态"));
        // two devices' moves, as the domain reports them after a merge
        let g = Gates::none();
        let mut a = Order::new();
        a.customer_po = "PO-1".into();
        a.status = OrderStatus::Confirmed;
        a.ex_factory = "2026-06-01".parse().ok();
        let mut b = a.clone();
        transition(&mut a, None, OrderStatus::InProduction, &g, "li", 1, None).unwrap();
        transition(
            &mut b,
            None,
            OrderStatus::Cancelled,
            &g,
            "wang",
            2,
            Some("buyer withdrew"),
        )
        .unwrap();
        a.status_log.extend(b.status_log);
        let v = gendan_domain::lifecycle::violations(&a, None, &g);
        let text = violation_text(Lang::En, &v[0]);
        assert!(
            text.starts_with("The status was changed on two devices at once:")
                && text.contains("(li)")
                && text.contains("Cancelled (wang)"),
            "{text}"
        );
        let lot = Violation::GateNotMet {
            status: OrderStatus::Shipped,
            gate: Gate::FinalLot {
                lot: 50,
                needed: 9_700,
                shipment: None,
            },
        };
        assert!(violation_text(Lang::En, &lot).contains("(50 < 9700)"));
    }
}
