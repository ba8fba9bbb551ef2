//! The domain's typed events ([`gendan_domain::activity::Event`]) in words, in the chosen
//! language, with numbers, money and days formatted: the daily report, its copied text and the
//! order history all say the same sentences.

use gendan_domain::activity::{Event, PaymentKind};
use gendan_domain::inspection::Verdict;
use gendan_domain::samples::SampleResult;
use gendan_domain::{Day, Price};

use crate::i18n::{fill, milestone_name, sample_kind_text, status_key, Lang, K};
use crate::listing::{fmt_day, fmt_int, fmt_money};

fn day(lang: Lang, d: Option<Day>) -> String {
    d.map_or_else(
        || K::EvNoDate.text(lang).to_string(),
        |d| fmt_day(lang, &d.to_string()),
    )
}

fn money(currency: &str, p: Price) -> String {
    fmt_money(currency, &p.to_string())
}

/// A stored code (stage, inspection kind, severity) as a word; an unknown code shows as it is.
fn code(lang: Lang, code: &str) -> String {
    crate::pages::order::ctx::code_text_in(lang, code)
}

/// One event as a sentence.
pub(crate) fn event_text(lang: Lang, e: &Event) -> String {
    let t = |k: K| k.text(lang);
    match e {
        Event::OrderCreated { qty } => fill(t(K::EvOrderCreated), &[("qty", &fmt_int(*qty))]),
        Event::StatusMoved { from, to } => fill(
            t(K::EvStatusMoved),
            &[("from", t(status_key(*from))), ("to", t(status_key(*to)))],
        ),
        Event::ExFactoryChanged { from, to } => fill(
            t(K::EvExFactoryChanged),
            &[("from", &day(lang, *from)), ("to", &day(lang, *to))],
        ),
        Event::QuantityChanged { from, to } => fill(
            t(K::EvQtyChanged),
            &[("from", &fmt_int(*from)), ("to", &fmt_int(*to))],
        ),
        Event::SampleSent { kind, round } => fill(
            t(K::EvSampleSent),
            &[
                ("kind", &sample_kind_text(lang, kind)),
                ("round", &round.to_string()),
            ],
        ),
        Event::SampleReplied {
            kind,
            round,
            result,
        } => {
            let k = match result {
                SampleResult::Approved => K::EvSampleApproved,
                SampleResult::Rejected => K::EvSampleRejected,
                SampleResult::Resubmit => K::EvSampleResubmit,
                _ => K::EvSampleReplied,
            };
            fill(
                t(k),
                &[
                    ("kind", &sample_kind_text(lang, kind)),
                    ("round", &round.to_string()),
                ],
            )
        }
        Event::MilestoneDone { name, on } => fill(
            t(K::EvMilestoneDone),
            &[
                ("name", &milestone_name(lang, name)),
                ("day", &day(lang, Some(*on))),
            ],
        ),
        Event::MilestoneMoved { name, from, to } => fill(
            t(K::EvMilestoneMoved),
            &[
                ("name", &milestone_name(lang, name)),
                ("from", &day(lang, *from)),
                ("to", &day(lang, *to)),
            ],
        ),
        Event::PoPlaced { po_no } => fill(t(K::EvPoPlaced), &[("po", po_no)]),
        Event::PoConfirmed { po_no } => fill(t(K::EvPoConfirmed), &[("po", po_no)]),
        Event::PoDelivered { po_no, qty, unit } => fill(
            t(K::EvPoDelivered),
            &[("po", po_no), ("qty", &qty.to_string()), ("unit", unit)],
        ),
        Event::ProductionReported { stage, qty } => fill(
            t(K::EvProduction),
            &[
                ("stage", &code(lang, stage.code())),
                ("qty", &fmt_int(*qty)),
            ],
        ),
        Event::InspectionScheduled { kind, on: None } => {
            fill(t(K::EvInspOpened), &[("kind", &code(lang, kind.code()))])
        }
        Event::InspectionScheduled { kind, on } => fill(
            t(K::EvInspScheduled),
            &[("kind", &code(lang, kind.code())), ("day", &day(lang, *on))],
        ),
        Event::ReinspectionScheduled { on: None } => t(K::EvReinspToFollow).to_string(),
        Event::ReinspectionScheduled { on } => {
            fill(t(K::EvReinspScheduled), &[("day", &day(lang, *on))])
        }
        Event::InspectionFinished { kind, verdict } => {
            let k = match verdict {
                Verdict::Pass => K::EvInspPassed,
                Verdict::Fail => K::EvInspFailed,
                Verdict::Pending => K::EvInspFinished,
            };
            fill(t(k), &[("kind", &code(lang, kind.code()))])
        }
        Event::ShipmentRecorded {
            shipped_on: Some(d),
        } => fill(t(K::EvShipped), &[("day", &day(lang, Some(*d)))]),
        Event::ShipmentRecorded { shipped_on: None } => t(K::EvShipmentBooked).to_string(),
        Event::ComplaintOpened { severity } => fill(
            t(K::EvComplaintOpened),
            &[("severity", &code(lang, severity.code()))],
        ),
        Event::ComplaintClosed => t(K::EvComplaintClosed).to_string(),
        Event::PaymentReceived {
            kind,
            amount,
            currency,
        } => {
            let k = match kind {
                PaymentKind::Deposit => K::EvDepositReceived,
                PaymentKind::Balance => K::EvBalanceReceived,
                PaymentKind::Other => K::EvPaymentReceived,
            };
            fill(t(k), &[("amount", &money(currency, *amount))])
        }
        Event::PaymentRecorded { amount, currency } => fill(
            t(K::EvPaymentRecorded),
            &[("amount", &money(currency, *amount))],
        ),
        Event::SupplierPaid { amount, currency } => fill(
            t(K::EvSupplierPaid),
            &[("amount", &money(currency, *amount))],
        ),
        Event::PriceChanged { currency, from, to } => {
            let p = |x: &Option<Price>| {
                x.map_or_else(|| t(K::EvNoPrice).to_string(), |p| money(currency, p))
            };
            // A price given where there was none is said as the price.
            let k = if from.is_none() {
                K::EvPriceSet
            } else {
                K::EvPriceChanged
            };
            fill(t(k), &[("from", &p(from)), ("to", &p(to))])
        }
        Event::TeamSettingsChanged => t(K::EvTeamSettings).to_string(),
        Event::OtherChanges { count: 1 } => t(K::EvOtherOne).to_string(),
        Event::OtherChanges { count } => fill(t(K::EvOtherMany), &[("count", &count.to_string())]),
    }
}

/// The events of one order as one line, the way a merchandiser writes them: "…; …; …" (the
/// same punctuation in both languages, as in trade messages).
pub(crate) fn events_line(lang: Lang, events: &[Event]) -> String {
    events
        .iter()
        .map(|e| event_text(lang, e))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use gendan_domain::inspection::InspectionKind;
    use gendan_domain::samples::SampleKind;

    fn d(s: &str) -> Day {
        s.parse().unwrap()
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn the_day_reads_as_a_merchandiser_writes_it_in_either_language() {
        let events = [
            Event::SampleReplied {
                kind: SampleKind::PreProduction,
                round: 2,
                result: SampleResult::Approved,
            },
            Event::PaymentReceived {
                kind: PaymentKind::Deposit,
                amount: "3696".parse().unwrap(),
                currency: "USD".into(),
            },
            Event::InspectionFinished {
                kind: InspectionKind::Final,
                verdict: Verdict::Fail,
            },
            Event::ReinspectionScheduled {
                on: Some(d("2026-05-20")),
            },
        ];
        assert_eq!(
            events_line(Lang::Zh, &events),
            "产前样(PP)第2轮已批准; 订金 USD 3,696.00 到账; 尾期验货不合格; 已安排返工, 复检日期 2026年5月20日"
        );
        assert_eq!(
            events_line(Lang::En, &events),
            "PP sample round 2 approved; Deposit USD 3,696.00 received; Final (FRI) inspection failed; Rework arranged, re-inspection on 20 May 2026"
        );
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn every_event_is_worded_with_no_parameter_left_and_no_field_path() {
        use gendan_domain::complaints::Severity;
        use gendan_domain::production::Stage;
        use gendan_domain::OrderStatus;
        let all = vec![
            Event::OrderCreated { qty: 1200 },
            Event::StatusMoved {
                from: OrderStatus::Draft,
                to: OrderStatus::Confirmed,
            },
            Event::ExFactoryChanged {
                from: None,
                to: Some(d("2026-06-01")),
            },
            Event::QuantityChanged { from: 1, to: 2 },
            Event::SampleSent {
                kind: SampleKind::Fit,
                round: 1,
            },
            Event::MilestoneDone {
                name: "Fit approval".into(),
                on: d("2026-05-02"),
            },
            Event::MilestoneMoved {
                name: "Cutting".into(),
                from: None,
                to: None,
            },
            Event::PoPlaced {
                po_no: "F-1".into(),
            },
            Event::PoConfirmed {
                po_no: "F-1".into(),
            },
            Event::PoDelivered {
                po_no: "F-1".into(),
                qty: "12.5".parse().unwrap(),
                unit: "m".into(),
            },
            Event::ProductionReported {
                stage: Stage::Sewing,
                qty: 1500,
            },
            Event::InspectionScheduled {
                kind: InspectionKind::Inline,
                on: None,
            },
            Event::ShipmentRecorded { shipped_on: None },
            Event::ReinspectionScheduled { on: None },
            Event::PriceChanged {
                currency: "USD".into(),
                from: "3.8".parse().ok(),
                to: None,
            },
            Event::ComplaintOpened {
                severity: Severity::Major,
            },
            Event::ComplaintClosed,
            Event::PaymentRecorded {
                amount: "1".parse().unwrap(),
                currency: "USD".into(),
            },
            Event::SupplierPaid {
                amount: "1".parse().unwrap(),
                currency: "CNY".into(),
            },
            Event::PriceChanged {
                currency: "USD".into(),
                from: None,
                to: "3.85".parse().ok(),
            },
            Event::TeamSettingsChanged,
            Event::OtherChanges { count: 1 },
            Event::OtherChanges { count: 7 },
        ];
        for lang in [Lang::Zh, Lang::En] {
            for e in &all {
                let text = event_text(lang, e);
                assert!(!text.contains('{') && !text.contains('_'), "{text}");
                assert!(!text.contains("milestones."), "{text}");
            }
        }
        assert_eq!(
            event_text(Lang::En, &Event::OtherChanges { count: 7 }),
            "7 other changes"
        );
        let set = Event::PriceChanged {
            currency: "USD".into(),
            from: None,
            to: "3.85".parse().ok(),
        };
        assert_eq!(event_text(Lang::En, &set), "Unit price USD 3.85");
        assert_eq!(event_text(Lang::Zh, &set), "单价 USD 3.85");
        assert_eq!(
            event_text(Lang::Zh, &Event::TeamSettingsChanged),
            "团队设置已更改"
        );
        assert_eq!(
            event_text(
                Lang::En,
                &Event::ProductionReported {
                    stage: Stage::Sewing,
                    qty: 1500
                }
            ),
            "Sewing: 1,500 pcs reported"
        );
    }
}
