//! The domain's typed events ([`gendan_domain::activity::Event`]) in words, in the chosen
//! language, with numbers, money and days formatted: the daily report, its copied text and the
//! order history all say the same sentences.

use gendan_domain::activity::{Event, PaymentKind};
use gendan_domain::inspection::Verdict;
use gendan_domain::samples::SampleResult;
use gendan_domain::{Day, Price};

use crate::i18n::{
    charge_kind_key, fill, incoming_key, milestone_name, sample_kind_text, ship_change_what,
    status_key, Lang, K,
};
use crate::listing::{fmt_day, fmt_int, fmt_price};

/// Names a party an event refers to by id (the factory an order moved to): the workspace's
/// name for it, or "removed party".
pub(crate) type PartyName<'a> = &'a dyn Fn(&str) -> String;

fn day(lang: Lang, d: Option<Day>) -> String {
    d.map_or_else(
        || K::EvNoDate.text(lang).to_string(),
        |d| fmt_day(lang, &d.to_string()),
    )
}

/// A stored code (stage, inspection kind, severity) as a word; an unknown code shows as it is.
fn code(lang: Lang, code: &str) -> String {
    crate::pages::order::ctx::code_text_in(lang, code)
}

/// "(by Li: why)", or "(by Li)" when no reason was needed.
fn by(lang: Lang, who: &str, why: &str) -> String {
    let who = crate::i18n::author_name(lang, who);
    if why.trim().is_empty() {
        fill(K::EvByWho.text(lang), &[("who", &who)])
    } else {
        fill(K::EvBy.text(lang), &[("who", &who), ("why", why)])
    }
}

/// A sentence with who and why after it.
fn signed(lang: Lang, sentence: String, who: &str, why: &str) -> String {
    format!("{sentence} {}", by(lang, who, why))
}

/// A sentence with the record's own "who — why" after it.
fn with_said(lang: Lang, k: K, amount: &str, said: &str) -> String {
    format!(
        "{} {}",
        fill(k.text(lang), &[("amount", amount)]),
        fill(K::EvSaid.text(lang), &[("said", said)])
    )
}

/// The exceptions ([`Event::is_exception`]) and the other logged events, in words.
fn logged_text(lang: Lang, e: &Event, party: PartyName<'_>) -> Option<String> {
    let t = |k: K| k.text(lang);
    let pct = |bp: u32| format!("{} %", crate::pages::typed::bp_as_percent(bp));
    Some(match e {
        Event::GateWaived {
            gate,
            to,
            who,
            reason,
        } => {
            let to = gendan_domain::OrderStatus::from_code(to)
                .map_or_else(|| to.clone(), |s| t(status_key(s)).to_string());
            let gate = crate::pages::order::ctx::code_text_in(lang, gate);
            let s = fill(t(K::EvGateWaived), &[("gate", &gate), ("to", &to)]);
            signed(lang, s, who, reason)
        }
        Event::FactoryMoved(c) => {
            let name = |id: &str| {
                if id.trim().is_empty() {
                    t(K::EvNoFactory).to_string()
                } else {
                    party(id)
                }
            };
            let s = fill(
                t(K::EvFactoryMoved),
                &[("from", &name(&c.from)), ("to", &name(&c.to))],
            );
            signed(lang, s, &c.who, &c.reason)
        }
        Event::AllowanceWidened(c) => {
            let pm = crate::pages::typed::permille_as_percent;
            let s = fill(
                t(K::EvAllowanceWidened),
                &[
                    ("short", &pm(c.to.short_permille)),
                    ("over", &pm(c.to.over_permille)),
                ],
            );
            signed(lang, s, &c.who, &c.reason)
        }
        Event::PaidWithoutRequest {
            amount,
            currency,
            who,
            since,
        } => {
            let s = fill(
                t(K::EvPaidWithoutRequest),
                &[
                    ("amount", &fmt_price(currency, *amount)),
                    ("day", &day(lang, Some(*since))),
                ],
            );
            signed(lang, s, who, "")
        }
        Event::PaymentEnteredLate {
            amount,
            currency,
            date,
            recorded,
            who,
            reason,
        } => {
            let s = fill(
                t(K::EvPaymentEnteredLate),
                &[
                    ("amount", &fmt_price(currency, *amount)),
                    ("date", &day(lang, *date)),
                    ("recorded", &day(lang, *recorded)),
                ],
            );
            signed(lang, s, who, reason)
        }
        Event::MarkedComplete {
            shipped,
            who,
            reason,
        } => {
            let s = fill(t(K::EvMarkedComplete), &[("qty", &fmt_int(*shipped))]);
            signed(lang, s, who, reason)
        }
        Event::QuantitiesRevised(c) => {
            let k = if c.accepted {
                K::EvQtyAccepted
            } else {
                K::EvQtyRevised
            };
            let s = fill(t(k), &[("from", &fmt_int(c.from)), ("to", &fmt_int(c.to))]);
            signed(lang, s, &c.who, &c.reason)
        }
        Event::IncomingResultChanged { po_no, change } => {
            let s = fill(
                t(K::EvIncomingChanged),
                &[
                    ("po", po_no),
                    ("from", t(incoming_key(&change.from))),
                    ("to", t(incoming_key(&change.to))),
                ],
            );
            signed(lang, s, &change.who, &change.reason)
        }
        Event::DeliveryEnteredLate {
            po_no,
            date,
            recorded,
            who,
            reason,
        } => {
            let s = fill(
                t(K::EvDeliveryEnteredLate),
                &[
                    ("po", po_no),
                    ("date", &day(lang, *date)),
                    ("recorded", &day(lang, *recorded)),
                ],
            );
            signed(lang, s, who, reason)
        }
        Event::PoClosedShort {
            po_no,
            received,
            ordered,
            unit,
            who,
            reason,
        } => {
            let s = fill(
                t(K::EvPoClosedShort),
                &[
                    ("po", po_no),
                    ("received", &received.to_string()),
                    ("ordered", &ordered.to_string()),
                    ("unit", unit),
                ],
            );
            signed(lang, s, who, reason)
        }
        Event::FinalStartedOver { who, reason } => {
            signed(lang, t(K::EvFinalStartedOver).to_string(), who, reason)
        }
        Event::PoRevised {
            po_no,
            unit,
            revision: r,
        } => {
            let s = fill(
                t(K::EvPoRevised),
                &[
                    ("po", po_no),
                    ("qty_from", &r.qty_from.to_string()),
                    ("qty_to", &r.qty_to.to_string()),
                    ("unit", unit),
                    ("due_from", &day(lang, r.due_from)),
                    ("due_to", &day(lang, r.due_to)),
                ],
            );
            signed(lang, s, &r.who, &r.reason)
        }
        Event::PoCancelled { po_no, who, reason } => signed(
            lang,
            fill(t(K::EvPoCancelled), &[("po", po_no)]),
            who,
            reason,
        ),
        Event::PoKeptSuspended { po_no, who, reason } => signed(
            lang,
            fill(t(K::EvPoKeptSuspended), &[("po", po_no)]),
            who,
            reason,
        ),
        Event::StandingChanged {
            party: id,
            to,
            who,
            reason,
        } => signed(
            lang,
            fill(
                t(K::EvStandingChanged),
                &[
                    ("name", &party(id)),
                    ("to", t(crate::pages::parties::standing_key(to))),
                ],
            ),
            who,
            reason,
        ),
        Event::OrderCancelled { from, who, reason } => {
            let s = fill(t(K::EvOrderCancelled), &[("from", t(status_key(*from)))]);
            signed(lang, s, who, reason)
        }
        Event::ProductionWithdrawn {
            stage,
            from,
            to,
            who,
            reason,
        } => {
            let s = fill(
                t(K::EvProductionWithdrawn),
                &[
                    ("stage", &code(lang, stage.code())),
                    ("from", &fmt_int(*from)),
                    ("to", &fmt_int(*to)),
                ],
            );
            signed(lang, s, who, reason)
        }
        Event::InspectionReopened { kind, who, reason } => {
            let s = fill(t(K::EvInspReopened), &[("kind", &code(lang, kind.code()))]);
            signed(lang, s, who, reason)
        }
        Event::ShipmentEnteredLate { shipped_on, late } => {
            let s = fill(
                t(K::EvShipmentEnteredLate),
                &[
                    ("date", &day(lang, *shipped_on)),
                    ("recorded", &day(lang, late.recorded)),
                ],
            );
            signed(lang, s, &late.who, &late.reason)
        }
        Event::ShippedShipmentChanged {
            kind,
            shipped_on,
            redated_to,
            who,
            reason,
        } => {
            let what = ship_change_what(lang, kind, *shipped_on, *redated_to);
            signed(
                lang,
                fill(t(K::EvShippedChanged), &[("what", &what)]),
                who,
                reason,
            )
        }
        Event::ShippedShipmentDiffers => t(K::EvShippedDiffers).to_string(),
        Event::DepositTermsChanged(c) => {
            let s = fill(
                t(K::EvDepositTerms),
                &[("from", &pct(c.from_bp)), ("to", &pct(c.to_bp))],
            );
            signed(lang, s, &c.who, &c.reason)
        }
        Event::ReceiptVoided {
            amount,
            currency,
            said,
        } => with_said(
            lang,
            K::EvReceiptVoided,
            &fmt_price(currency, *amount),
            said,
        ),
        Event::ReceiptSeparate {
            amount,
            currency,
            said,
        } => with_said(
            lang,
            K::EvReceiptSeparate,
            &fmt_price(currency, *amount),
            said,
        ),
        Event::ChargeRaised {
            kind,
            amount,
            currency,
        } => {
            let kind =
                charge_kind_key(kind).map_or_else(|| kind.code().to_string(), |k| t(k).to_string());
            fill(
                t(K::EvChargeRaised),
                &[("kind", &kind), ("amount", &fmt_price(currency, *amount))],
            )
        }
        Event::ChargeVoided {
            amount,
            currency,
            said,
        } => with_said(lang, K::EvChargeVoided, &fmt_price(currency, *amount), said),
        Event::ChargeSeparate {
            amount,
            currency,
            said,
        } => with_said(
            lang,
            K::EvChargeSeparate,
            &fmt_price(currency, *amount),
            said,
        ),
        Event::QuoteSent {
            round,
            price,
            currency,
        } => fill(
            t(K::EvQuoteSent),
            &[
                ("round", &round.to_string()),
                ("amount", &fmt_price(currency, *price)),
            ],
        ),
        Event::QuoteAnswered {
            round,
            reply,
            price,
            counter,
            currency,
            late,
        } => {
            use gendan_domain::quotes::Reply;
            let key = match (reply, late) {
                (Reply::Accepted, Some(_)) => K::EvQuoteAcceptedLate,
                (Reply::Accepted, None) => K::EvQuoteAccepted,
                (Reply::Countered, _) => K::EvQuoteCountered,
                (Reply::Declined | Reply::Other(_), _) => K::EvQuoteDeclined,
            };
            let counter = counter.map(|p| fmt_price(currency, p)).unwrap_or_default();
            fill(
                t(key),
                &[
                    ("round", &round.to_string()),
                    ("amount", &fmt_price(currency, *price)),
                    ("counter", &counter),
                    ("why", late.as_deref().unwrap_or_default()),
                ],
            )
        }
        Event::ClaimLodged {
            amount,
            currency,
            revised,
        } => fill(
            t(if *revised {
                K::EvClaimRevised
            } else {
                K::EvClaimLodged
            }),
            &[("amount", &fmt_price(currency, *amount))],
        ),
        Event::ClaimRecovered { amount, currency } => fill(
            t(K::EvClaimRecovered),
            &[("amount", &fmt_price(currency, *amount))],
        ),
        Event::RecoveryVoided {
            amount,
            currency,
            said,
        } => with_said(
            lang,
            K::EvRecoveryVoided,
            &fmt_price(currency, *amount),
            said,
        ),
        Event::DeductionRecorded { amount, currency } => fill(
            t(K::EvDeductionRecorded),
            &[("amount", &fmt_price(currency, *amount))],
        ),
        Event::BuyerDeducted { amount, currency } => fill(
            t(K::EvBuyerDeducted),
            &[("amount", &fmt_price(currency, *amount))],
        ),
        Event::DeductionVoided {
            amount,
            currency,
            said,
        } => with_said(
            lang,
            K::EvDeductionVoided,
            &fmt_price(currency, *amount),
            said,
        ),
        Event::FactoryDebited { amount, currency } => fill(
            t(K::EvFactoryDebited),
            &[("amount", &fmt_price(currency, *amount))],
        ),
        Event::DebitVoided {
            amount,
            currency,
            said,
        } => with_said(lang, K::EvDebitVoided, &fmt_price(currency, *amount), said),
        Event::QuoteWithdrawn { round, said } => fill(
            t(K::EvQuoteWithdrawn),
            &[("round", &round.to_string()), ("said", said)],
        ),
        Event::RuleChanged(c) => {
            let (rule, from, to) = crate::pages::rules::rule_words(lang, c);
            let s = fill(
                t(K::EvRuleChanged),
                &[("rule", &rule), ("from", &from), ("to", &to)],
            );
            signed(lang, s, &c.who, &c.reason)
        }
        _ => return None,
    })
}

/// One event as a sentence.
pub(crate) fn event_text(lang: Lang, e: &Event, party: PartyName<'_>) -> String {
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
        Event::BuyerConfirmed { channel } => {
            let how = match channel {
                gendan_domain::purchasing::ConfirmChannel::Written => K::BuyerWritten,
                _ => K::BuyerPhone,
            };
            fill(t(K::EvBuyerConfirmed), &[("channel", t(how))])
        }
        Event::PoDelivered { po_no, qty, unit } => fill(
            t(K::EvPoDelivered),
            &[("po", po_no), ("qty", &qty.to_string()), ("unit", unit)],
        ),
        Event::SupplierChased {
            po_no,
            note,
            promised: None,
        } => fill(t(K::EvSupplierChased), &[("po", po_no), ("note", note)]),
        Event::SupplierChased {
            po_no,
            note,
            promised,
        } => fill(
            t(K::EvSupplierChasedPromised),
            &[
                ("po", po_no),
                ("note", note),
                ("day", &day(lang, *promised)),
            ],
        ),
        Event::Contacted {
            channel,
            with_whom,
            summary,
        } if with_whom.trim().is_empty() => fill(
            t(K::EvContactedNoOne),
            &[
                ("channel", &code(lang, channel.code())),
                ("summary", summary),
            ],
        ),
        Event::Contacted {
            channel,
            with_whom,
            summary,
        } => fill(
            t(K::EvContacted),
            &[
                ("channel", &code(lang, channel.code())),
                ("whom", with_whom),
                ("summary", summary),
            ],
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
        Event::ShipmentArrived { on } => fill(t(K::EvShipmentArrived), &[("day", &day(lang, *on))]),
        Event::IncidentReported { kind, note, .. } => fill(
            t(K::EvIncidentReported),
            &[
                ("kind", t(crate::pages::order::shipment::incident_key(kind))),
                ("note", note),
            ],
        ),
        Event::IncidentSettled { kind, note } => fill(
            t(K::EvIncidentSettled),
            &[
                ("kind", t(crate::pages::order::shipment::incident_key(kind))),
                ("note", note),
            ],
        ),
        Event::ComplaintOpened { severity } => fill(
            t(K::EvComplaintOpened),
            &[("severity", &code(lang, severity.code()))],
        ),
        Event::ComplaintClosed => t(K::EvComplaintClosed).to_string(),
        Event::GoodsReturned { qty, disposition } => fill(
            t(K::EvGoodsReturned),
            &[
                ("qty", &qty.to_string()),
                ("what", t(crate::i18n::disposition_key(disposition))),
            ],
        ),
        Event::GoodsResent { qty } => fill(t(K::EvGoodsResent), &[("qty", &qty.to_string())]),
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
            fill(t(k), &[("amount", &fmt_price(currency, *amount))])
        }
        Event::PaymentRecorded { amount, currency } => fill(
            t(K::EvPaymentRecorded),
            &[("amount", &fmt_price(currency, *amount))],
        ),
        Event::SupplierPaid { amount, currency } => fill(
            t(K::EvSupplierPaid),
            &[("amount", &fmt_price(currency, *amount))],
        ),
        Event::PriceChanged { currency, from, to } => {
            let p = |x: &Option<Price>| {
                x.map_or_else(|| t(K::EvNoPrice).to_string(), |p| fmt_price(currency, p))
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
        Event::GateWaived { .. }
        | Event::FactoryMoved(_)
        | Event::AllowanceWidened(_)
        | Event::QuantitiesRevised(_)
        | Event::MarkedComplete { .. }
        | Event::PaidWithoutRequest { .. }
        | Event::PaymentEnteredLate { .. }
        | Event::IncomingResultChanged { .. }
        | Event::DeliveryEnteredLate { .. }
        | Event::ShipmentEnteredLate { .. }
        | Event::InspectionReopened { .. }
        | Event::FinalStartedOver { .. }
        | Event::PoClosedShort { .. }
        | Event::PoRevised { .. }
        | Event::PoCancelled { .. }
        | Event::PoKeptSuspended { .. }
        | Event::StandingChanged { .. }
        | Event::ProductionWithdrawn { .. }
        | Event::OrderCancelled { .. }
        | Event::ShippedShipmentChanged { .. }
        | Event::ShippedShipmentDiffers
        | Event::DepositTermsChanged(_)
        | Event::ReceiptVoided { .. }
        | Event::ReceiptSeparate { .. }
        | Event::ChargeRaised { .. }
        | Event::ChargeVoided { .. }
        | Event::ChargeSeparate { .. }
        | Event::QuoteSent { .. }
        | Event::QuoteAnswered { .. }
        | Event::QuoteWithdrawn { .. }
        | Event::ClaimLodged { .. }
        | Event::ClaimRecovered { .. }
        | Event::RecoveryVoided { .. }
        | Event::DeductionRecorded { .. }
        | Event::BuyerDeducted { .. }
        | Event::DeductionVoided { .. }
        | Event::FactoryDebited { .. }
        | Event::DebitVoided { .. }
        | Event::RuleChanged(_) => logged_text(lang, e, party).unwrap_or_default(),
    }
}

/// The events of one order as one line, the way a merchandiser writes them: "…; …; …" (the
/// same punctuation in both languages, as in trade messages).
pub(crate) fn events_line(lang: Lang, events: &[Event], party: PartyName<'_>) -> String {
    events
        .iter()
        .map(|e| event_text(lang, e, party))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use gendan_domain::inspection::InspectionKind;
    use gendan_domain::samples::SampleKind;

    /// A party's name as the workspace would give it.
    fn party(id: &str) -> String {
        format!("Factory {id}")
    }

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
            events_line(Lang::Zh, &events, &party),
            "产前样(PP)第2轮已批准; 订金 USD 3,696.00 到账; 尾期验货不合格; 已安排返工, 复检日期 2026年5月20日"
        );
        assert_eq!(
            events_line(Lang::En, &events, &party),
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
            Event::BuyerConfirmed {
                channel: gendan_domain::purchasing::ConfirmChannel::Phone,
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
            Event::ShipmentArrived {
                on: "2026-06-18".parse().ok(),
            },
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
            Event::SupplierChased {
                po_no: "PO-7".into(),
                note: "ships Friday".into(),
                promised: "2026-06-12".parse().ok(),
            },
            Event::SupplierChased {
                po_no: "PO-7".into(),
                note: "no answer".into(),
                promised: None,
            },
            Event::Contacted {
                channel: gendan_domain::complaints::Channel::Call,
                with_whom: "Wang".into(),
                summary: "cutting Monday".into(),
            },
            Event::Contacted {
                channel: gendan_domain::complaints::Channel::Visit,
                with_whom: " ".into(),
                summary: "saw the line".into(),
            },
            Event::GoodsReturned {
                qty: 20,
                disposition: gendan_domain::goods_returns::Disposition::Rework,
            },
            Event::GoodsResent { qty: 20 },
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
                let text = event_text(lang, e, &party);
                assert!(!text.contains('{') && !text.contains('_'), "{text}");
                assert!(!text.contains("milestones."), "{text}");
            }
        }
        assert_eq!(
            event_text(Lang::En, &Event::OtherChanges { count: 7 }, &party),
            "7 other changes"
        );
        let set = Event::PriceChanged {
            currency: "USD".into(),
            from: None,
            to: "3.85".parse().ok(),
        };
        assert_eq!(event_text(Lang::En, &set, &party), "Unit price USD 3.85");
        assert_eq!(event_text(Lang::Zh, &set, &party), "单价 USD 3.85");
        assert_eq!(
            event_text(Lang::Zh, &Event::TeamSettingsChanged, &party),
            "团队设置已更改"
        );
        assert_eq!(
            event_text(
                Lang::En,
                &Event::ProductionReported {
                    stage: Stage::Sewing,
                    qty: 1500
                },
                &party
            ),
            "Sewing: 1,500 pcs reported"
        );
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn every_exception_says_what_who_and_why_in_either_language() {
        use gendan_domain::factory_change::FactoryChange;
        use gendan_domain::other_charges::ChargeKind;
        use gendan_domain::purchasing::{IncomingResult, InspectionChange};
        use gendan_domain::rule_log::RuleChange;
        use gendan_domain::shipment::changes::ChangeKind;
        use gendan_domain::shipped::{Tolerance, ToleranceChange};
        use gendan_domain::terms::TermsChange;
        let usd = |a: &str| (a.parse::<Price>().unwrap(), "USD".to_string());
        let (amount, currency) = usd("900");
        let all = vec![
            Event::GateWaived {
                gate: "final_inspection:s1".into(),
                to: "shipped".into(),
                who: "Zhou".into(),
                reason: "buyer's QC passed it".into(),
            },
            Event::FactoryMoved(FactoryChange {
                from: "f1".into(),
                to: String::new(),
                who: "Li".into(),
                day: None,
                reason: "fire".into(),
            }),
            Event::AllowanceWidened(ToleranceChange {
                from: Tolerance::default(),
                to: Tolerance {
                    short_permille: 80,
                    over_permille: 25,
                },
                who: "Li".into(),
                day: None,
                reason: "buyer agrees".into(),
            }),
            Event::IncomingResultChanged {
                po_no: "F-1".into(),
                change: InspectionChange {
                    from: IncomingResult::Accepted,
                    to: IncomingResult::Rejected,
                    who: "Wang".into(),
                    day: None,
                    reason: "shade".into(),
                },
            },
            Event::ShippedShipmentChanged {
                kind: ChangeKind::Unshipped,
                shipped_on: Some(d("2026-05-20")),
                redated_to: None,
                who: "Li".into(),
                reason: "vessel missed".into(),
            },
            Event::ShippedShipmentDiffers,
            Event::PaidWithoutRequest {
                amount,
                currency: "CNY".into(),
                who: "Wang".into(),
                since: d("2026-05-01"),
            },
            Event::MarkedComplete {
                shipped: 940,
                who: "Li".into(),
                reason: "buyer accepts 6 % short".into(),
            },
            Event::QuantitiesRevised(gendan_domain::qty_revision::QuantityChange {
                from: 1_000,
                to: 800,
                who: "Li".into(),
                day: None,
                reason: "buyer cut the order".into(),
                accepted: false,
            }),
            Event::DepositTermsChanged(TermsChange {
                from_bp: 3_000,
                to_bp: 2_000,
                who: "Li".into(),
                day: None,
                reason: "old buyer".into(),
            }),
            Event::ReceiptVoided {
                amount,
                currency: currency.clone(),
                said: "Zhou — bounced".into(),
            },
            Event::ReceiptSeparate {
                amount,
                currency: currency.clone(),
                said: "Zhou — two transfers".into(),
            },
            Event::ChargeRaised {
                kind: ChargeKind::Courier,
                amount,
                currency: "CNY".into(),
            },
            Event::ChargeVoided {
                amount,
                currency: currency.clone(),
                said: "Zhou — billed to buyer".into(),
            },
            Event::ChargeSeparate {
                amount,
                currency,
                said: "Zhou — second parcel".into(),
            },
            Event::RuleChanged(RuleChange {
                rule: "deposit".into(),
                from: "on".into(),
                to: "off".into(),
                who: "Zhou".into(),
                day: None,
                reason: String::new(),
            }),
            Event::ShippedShipmentChanged {
                kind: ChangeKind::Redated,
                shipped_on: Some(d("2026-05-20")),
                redated_to: Some(d("2026-05-02")),
                who: "Li".into(),
                reason: "forwarder's receipt".into(),
            },
            Event::DeliveryEnteredLate {
                po_no: "F-1".into(),
                date: Some(d("2026-05-01")),
                recorded: Some(d("2026-05-20")),
                who: "Li".into(),
                reason: "slip found in the store".into(),
            },
            Event::ShipmentEnteredLate {
                shipped_on: Some(d("2026-05-01")),
                late: gendan_domain::shipment::LateEntry {
                    who: "Li".into(),
                    recorded: Some(d("2026-05-20")),
                    reason: "forgot to enter it".into(),
                },
            },
            Event::InspectionReopened {
                kind: InspectionKind::Final,
                who: "Wang".into(),
                reason: "carton 12 counted twice".into(),
            },
            Event::FinalStartedOver {
                who: "Wang".into(),
                reason: "second shipment's goods".into(),
            },
            Event::PoClosedShort {
                po_no: "F-1".into(),
                received: "970".parse().expect("a quantity"),
                ordered: "1000".parse().expect("a quantity"),
                unit: "m".into(),
                who: "Li".into(),
                reason: "mill cannot dye more of the lot".into(),
            },
            Event::PaymentEnteredLate {
                amount: "600".parse().expect("an amount"),
                currency: "CNY".into(),
                date: Some(d("2026-05-01")),
                recorded: Some(d("2026-05-20")),
                who: "Li".into(),
                reason: "bank slip came late".into(),
            },
            Event::PoRevised {
                po_no: "F-1".into(),
                unit: "m".into(),
                revision: gendan_domain::purchasing::PoRevision {
                    qty_from: "1000".parse().expect("a quantity"),
                    qty_to: "970".parse().expect("a quantity"),
                    due_from: Some(d("2026-04-01")),
                    due_to: Some(d("2026-04-01")),
                    who: "Li".into(),
                    day: Some(d("2026-04-20")),
                    reason: "mill cannot dye more".into(),
                },
            },
            Event::PoCancelled {
                po_no: "F-2".into(),
                who: "Li".into(),
                reason: "style dropped".into(),
            },
            Event::OrderCancelled {
                from: gendan_domain::OrderStatus::Confirmed,
                who: "Li".into(),
                reason: "buyer withdrew the style".into(),
            },
            Event::ProductionWithdrawn {
                stage: gendan_domain::production::Stage::Cutting,
                from: 4_500,
                to: 0,
                who: "Li".into(),
                reason: "typed on the wrong order".into(),
            },
            Event::QuoteAnswered {
                round: 2,
                reply: gendan_domain::quotes::Reply::Accepted,
                price: "4.8".parse().expect("an amount"),
                counter: None,
                currency: "USD".into(),
                late: Some("fabric bought at the old price".into()),
            },
            Event::RecoveryVoided {
                amount: "300".parse().expect("an amount"),
                currency: "USD".into(),
                said: "Zhou — bounced".into(),
            },
            Event::QuoteWithdrawn {
                round: 1,
                said: "Li — sent to the wrong buyer".into(),
            },
            Event::DeductionRecorded {
                amount: "200".parse().expect("an amount"),
                currency: "USD".into(),
            },
            Event::BuyerDeducted {
                amount: "200".parse().expect("an amount"),
                currency: "USD".into(),
            },
            Event::FactoryDebited {
                amount: "1500".parse().expect("an amount"),
                currency: "CNY".into(),
            },
            Event::DebitVoided {
                amount: "1500".parse().expect("an amount"),
                currency: "CNY".into(),
                said: "Zhou — disproved".into(),
            },
            Event::DeductionVoided {
                amount: "200".parse().expect("an amount"),
                currency: "USD".into(),
                said: "Zhou — withdrawn".into(),
            },
        ];
        for lang in [Lang::Zh, Lang::En] {
            for e in &all {
                let text = event_text(lang, e, &party);
                assert!(!text.is_empty() && !text.contains('{'), "{e:?}: {text}");
            }
        }
        assert_eq!(
            event_text(Lang::En, &all[0], &party),
            "Waived: final inspection not passed, moved to Shipped (by Zhou: buyer's QC passed it)"
        );
        assert_eq!(
            event_text(Lang::Zh, &all[1], &party),
            "工厂由 Factory f1 改为 无工厂 (经办: Li, 原因: fire)"
        );
        assert_eq!(
            event_text(Lang::En, &all[8], &party),
            "Ordered quantity changed from 1,000 to 800 pcs after release (by Li: buyer cut the order)"
        );
        assert_eq!(
            event_text(Lang::En, &all[10], &party),
            "Receipt USD 900.00 voided (Zhou — bounced)"
        );
        assert_eq!(
            event_text(Lang::En, &all[15], &party),
            "Rule “Deposit confirmed before production” changed from on to off (by Zhou)"
        );
        assert_eq!(
            event_text(Lang::En, &all[16], &party),
            "Shipment changed after it left: Shipped date 2026-05-20 moved to 2026-05-02 (by Li: forwarder's receipt)"
        );
        assert_eq!(
            event_text(Lang::En, &all[17], &party),
            "Delivery of purchase order F-1 dated 1 May 2026, by its due day, entered only on 20 May 2026 (by Li: slip found in the store)"
        );
        assert_eq!(
            event_text(Lang::En, &all[18], &party),
            "Shipment dated 1 May 2026, by the ex-factory date, entered only on 20 May 2026 (by Li: forgot to enter it)"
        );
        assert_eq!(
            event_text(Lang::En, &all[19], &party),
            "Final (FRI) inspection reopened to change its figures (by Wang: carton 12 counted twice)"
        );
        assert_eq!(
            event_text(Lang::En, &all[21], &party),
            "Purchase order F-1 closed short: 970 of 1000 m arrived (by Li: mill cannot dye more of the lot)"
        );
        let n = all.len();
        assert_eq!(
            event_text(Lang::En, &all[n - 7], &party),
            "Claim money USD 300.00 voided (Zhou — bounced)"
        );
        assert_eq!(
            event_text(Lang::En, &all[n - 8], &party),
            "Quote round 2 at USD 4.80 accepted after it expired: fabric bought at the old price"
        );
        assert_eq!(
            event_text(Lang::Zh, &all[n - 6], &party),
            "第 1 轮报价已撤回:Li — sent to the wrong buyer"
        );
        assert_eq!(
            event_text(Lang::En, &all[n - 5], &party),
            "Buyer deduction of USD 200.00 recorded, waiting to be confirmed"
        );
        assert_eq!(
            event_text(Lang::Zh, &all[n - 4], &party),
            "客户扣款 USD 200.00 已确认"
        );
        assert_eq!(
            event_text(Lang::En, &all[n - 3], &party),
            "CNY 1,500.00 charged back to a supplier for a complaint"
        );
        assert_eq!(
            event_text(Lang::Zh, &all[n - 2], &party),
            "供应商扣款 CNY 1,500.00 已作废 (说明: Zhou — disproved)"
        );
        assert_eq!(
            event_text(Lang::En, &all[n - 1], &party),
            "Buyer deduction of USD 200.00 voided (Zhou — withdrawn)"
        );
    }
}
