//! The buyer's progress update on the overview (订单进展报告, 运输信息): the order's progress in
//! sentences the merchandiser sends the buyer, shared as text. What it says, and what it never
//! says (the factory, suppliers, costs, the team's reasons), is the domain's
//! ([`gendan_domain::buyer_update`]); this file only words it.

use gendan_domain::buyer_update::{BuyerUpdate, SampleNews, SampleState, ShipmentNews};
use gendan_domain::day::Day;
use leptos::prelude::*;

use super::ctx::{code_text_in, OrderCtx};
use crate::components::share_text::ShareText;
use crate::i18n::{fill, sample_kind_text, status_key, use_i18n, Lang, K};
use crate::listing::{fmt_day, fmt_int, fmt_per_mille};

fn day_in(lang: Lang, d: Day) -> String {
    fmt_day(lang, &d.to_string())
}

/// One sample's line.
fn sample_line(lang: Lang, s: &SampleNews) -> String {
    let kind = sample_kind_text(lang, &s.kind);
    let round = s.round.to_string();
    let (key, day) = match s.state {
        SampleState::Approved(Some(d)) => (K::BuSampleApproved, Some(d)),
        SampleState::Approved(None) => (K::BuSampleApprovedUndated, None),
        SampleState::Sent(Some(d)) => (K::BuSampleSent, Some(d)),
        SampleState::Sent(None) => (K::BuSampleSentUndated, None),
        SampleState::Preparing => (K::BuSamplePreparing, None),
        SampleState::NextRound => (K::BuSampleNextRound, None),
    };
    // The round being made after a reply asking for another is the next one.
    let round = if s.state == SampleState::NextRound {
        (s.round + 1).to_string()
    } else {
        round
    };
    let day = day.map(|d| day_in(lang, d)).unwrap_or_default();
    fill(
        key.text(lang),
        &[("kind", &kind), ("round", &round), ("day", &day)],
    )
}

/// One shipment's line: what the buyer tracks it by, then its pieces.
fn shipment_line(lang: Lang, n: usize, s: &ShipmentNews) -> String {
    let t = |k: K| k.text(lang);
    let mut parts = vec![code_text_in(lang, s.mode.code())];
    if !s.vessel_or_flight.is_empty() {
        parts.push(s.vessel_or_flight.clone());
    }
    if !s.container_no.is_empty() {
        parts.push(fill(t(K::BuContainer), &[("no", &s.container_no)]));
    }
    if !s.transport_doc_no.is_empty() {
        parts.push(fill(t(K::BuTransportDoc), &[("no", &s.transport_doc_no)]));
    }
    for (key, day) in [
        (K::BuEtd, s.etd),
        (K::BuEta, s.eta),
        (K::BuLeft, s.shipped_on),
        (K::BuArrived, s.arrived_on),
    ] {
        if let Some(d) = day {
            parts.push(fill(t(key), &[("day", &day_in(lang, d))]));
        }
    }
    if s.pieces > 0 {
        parts.push(fill(t(K::BuPieces), &[("qty", &fmt_int(s.pieces))]));
    }
    format!(
        "{}: {}",
        fill(t(K::BuShipment), &[("n", &n.to_string())]),
        parts.join(", ")
    )
}

/// The update as the text sent to the buyer, as of `today`.
pub(crate) fn update_text(lang: Lang, u: &BuyerUpdate, today: Day) -> String {
    let t = |k: K| k.text(lang);
    let order = [u.customer_po.as_str(), u.style_no.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let mut lines = vec![
        fill(
            t(K::BuHeading),
            &[("order", &order), ("day", &day_in(lang, today))],
        ),
        fill(t(K::BuStatus), &[("status", t(status_key(u.status)))]),
        fill(t(K::BuQuantity), &[("qty", &fmt_int(u.ordered))]),
    ];
    lines.push(match (u.ex_factory, u.first_agreed) {
        (Some(d), Some(first)) => fill(
            t(K::BuExFactoryMoved),
            &[("day", &day_in(lang, d)), ("first", &day_in(lang, first))],
        ),
        (Some(d), None) => fill(t(K::BuExFactory), &[("day", &day_in(lang, d))]),
        (None, _) => t(K::BuExFactoryNone).to_string(),
    });
    if !u.samples.is_empty() && !u.settled() {
        let said: Vec<String> = u.samples.iter().map(|s| sample_line(lang, s)).collect();
        lines.push(format!("{}: {}", t(K::BuSamples), said.join("; ")));
    }
    if !u.production.is_empty() && !u.settled() {
        let said: Vec<String> = u
            .production
            .iter()
            .map(|(stage, qty)| {
                let pct = (u.ordered > 0).then(|| qty.saturating_mul(1000) / u.ordered);
                fill(
                    t(K::BuStage),
                    &[
                        ("stage", &code_text_in(lang, stage.code())),
                        ("qty", &fmt_int(*qty)),
                        ("pct", &fmt_per_mille(pct)),
                    ],
                )
            })
            .collect();
        lines.push(format!("{}: {}", t(K::BuProduction), said.join("; ")));
    }
    match u.final_passed {
        Some(Some(d)) => lines.push(fill(t(K::BuFinalPassed), &[("day", &day_in(lang, d))])),
        Some(None) => lines.push(t(K::BuFinalPassedUndated).to_string()),
        None => {}
    }
    for (i, s) in u.shipments.iter().enumerate() {
        lines.push(shipment_line(lang, i + 1, s));
    }
    if u.shipped > 0 {
        lines.push(fill(
            t(K::BuShipped),
            &[
                ("shipped", &fmt_int(u.shipped)),
                ("ordered", &fmt_int(u.ordered)),
            ],
        ));
    }
    lines.join("\n")
}

/// The update card on the overview, folded: what the buyer would read today, and the button
/// that shares it.
#[component]
pub fn BuyerUpdateCard(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let text = Signal::derive(move || {
        let lang = i18n.0.get();
        ctx.order
            .with(|o| update_text(lang, &BuyerUpdate::of(o), crate::platform::today()))
    });
    view! {
        <details class="card buyer-update" data-testid="buyer-update">
            <summary>{move || i18n.t(K::BuTitle)}</summary>
            <p class="muted small">{move || i18n.t(K::BuHelp)}</p>
            <pre class="buyer-update-text" data-testid="buyer-update-text">{text}</pre>
            <ShareText text=text title=K::BuTitle prefix="buyer-update" copied=K::BuCopied/>
        </details>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    //! The text over an order holding everything the buyer must not read: the factory, a
    //! supplier's PO and its price, a failed lot, a gate waived with its reason.
    use super::*;
    use gendan_domain::buyer_update::BuyerUpdate;
    use gendan_domain::inspection::{Defect, DefectClass, Inspection, InspectionKind};
    use gendan_domain::lifecycle::GateOverride;
    use gendan_domain::purchasing::PurchaseOrder;
    use gendan_domain::shipment::Shipment;
    use gendan_domain::{Order, OrderStatus};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn day(s: &str) -> Day {
        s.parse().expect("a day")
    }

    fn order() -> Order {
        let mut o = Order::new();
        o.customer_po = "ZARA-88120".into();
        o.style_no = "ST-01".into();
        o.quantities.add_colour("c".into(), "Black");
        o.quantities.add_size("s".into(), "M");
        o.quantities.set_qty("c", "s", 3200);
        o.status = OrderStatus::InProduction;
        o.ex_factory = Some(day("2026-06-15"));
        o.confirmed_ex_factory = Some(day("2026-06-01"));
        o.factory = Some("f-ningbo".into());
        o.purchase_orders.insert(
            "po".into(),
            PurchaseOrder {
                po_no: "FAB-SECRET-7".into(),
                supplier: "Shaoxing Mill".into(),
                description: "Jersey at 23.5 a kilo".into(),
                ..PurchaseOrder::default()
            },
        );
        let mut failed = Inspection {
            kind: InspectionKind::Final,
            factory: "f-ningbo".into(),
            lot_size: 3200,
            completed: true,
            date: Some(day("2026-05-20")),
            ..Inspection::default()
        };
        failed.defects.insert(
            "d".into(),
            Defect {
                class: DefectClass::Critical,
                count: 1,
                note: "needle in carton 4".into(),
                ..Defect::default()
            },
        );
        o.inspections.insert("i".into(), failed);
        o.gate_overrides.insert(
            "g".into(),
            GateOverride {
                gate: "deposit".into(),
                reason: "boss said go without the deposit".into(),
                ..GateOverride::default()
            },
        );
        o.shipments.insert(
            "s".into(),
            Shipment {
                etd: Some(day("2026-06-20")),
                eta: Some(day("2026-07-25")),
                vessel_or_flight: "MSC Aurora".into(),
                container_no: "MSCU1234567".into(),
                ..Shipment::default()
            },
        );
        o
    }

    #[wasm_bindgen_test]
    fn the_buyer_reads_progress_and_nothing_of_the_factory_suppliers_costs_or_reasons() {
        let o = order();
        let u = BuyerUpdate::of(&o);
        for lang in [Lang::En, Lang::Zh] {
            let text = update_text(lang, &u, day("2026-06-05"));
            for secret in [
                "f-ningbo",
                "FAB-SECRET-7",
                "Shaoxing Mill",
                "Jersey",
                "needle",
                "boss said",
            ] {
                assert!(!text.contains(secret), "{lang:?} holds {secret}:\n{text}");
            }
            assert!(text.contains("ZARA-88120 · ST-01"), "{text}");
            assert!(
                text.contains("MSC Aurora") && text.contains("MSCU1234567"),
                "{text}"
            );
        }
        let en = update_text(Lang::En, &u, day("2026-06-05"));
        assert!(en.contains("Ex-factory: "), "{en}");
        assert!(
            en.contains("(first agreed "),
            "the date moved is said: {en}"
        );
        assert!(
            !en.contains("Final inspection"),
            "a failed lot is not news: {en}"
        );
        let zh = update_text(Lang::Zh, &u, day("2026-06-05"));
        assert!(zh.contains("原定"), "{zh}");
    }
}
