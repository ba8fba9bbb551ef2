//! How Today names the record of a row: a sample by kind and round, an inspection by kind, a
//! built-in milestone in the chosen language, anything else by its own label.

use gendan_domain::samples::SampleKind;

use crate::i18n::{milestone_name, sample_kind_text, Lang, K};

/// A milestone's or any other record's label; a built-in milestone's two-language name is said
/// in `lang` only (other labels are shown as written).
pub(super) fn plain(lang: Lang, s: &str) -> String {
    milestone_name(lang, s)
}

/// The domain labels an overdue sample "fit #2"; this says "Fit sample · Round 2".
pub(super) fn sample_text(lang: Lang, label: &str) -> String {
    match label.rsplit_once(" #") {
        Some((kind, round)) => format!(
            "{} · {} {round}",
            sample_kind_text(lang, &SampleKind::from_code(kind)),
            K::Round.text(lang)
        ),
        None => label.to_string(),
    }
}

/// The domain labels a transit incident "damage · 3 cartons wet"; this says its kind in words.
pub(super) fn incident_text(lang: Lang, label: &str) -> String {
    match label.split_once(" · ") {
        Some((kind, note)) => {
            let k = gendan_domain::shipment::incidents::IncidentKind::from_code(kind);
            let key = crate::pages::order::shipment::incident_key(&k);
            format!("{} · {note}", key.text(lang))
        }
        None => label.to_string(),
    }
}

/// The domain labels a claim's money still to come back "USD 1200.50"; this says "USD 1,200.50
/// still to come back".
pub(super) fn claim_text(lang: Lang, label: &str) -> String {
    crate::i18n::fill(
        K::TodayClaimRow.text(lang),
        &[("amount", &amount_text(label))],
    )
}

/// A domain amount "USD 1200.5" as the screens write money, "USD 1,200.50"; as given when it
/// does not read as one.
fn amount_text(text: &str) -> String {
    text.split_once(' ')
        .and_then(|(cur, n)| Some(crate::listing::fmt_price(cur, n.parse().ok()?)))
        .unwrap_or_else(|| text.to_string())
}

/// The domain labels a booked inspection "final · buyer · confirm · Li Na"; this says "Final
/// (FRI) · The buyer's QC · Li Na · not confirmed yet".
pub(super) fn booking_text(lang: Lang, label: &str) -> String {
    let parts: Vec<&str> = label.splitn(4, " · ").collect();
    let [kind, by, state, agency] = parts[..] else {
        return label.to_string();
    };
    let by = gendan_domain::bookings::Inspector::from_code(by);
    let mut said = vec![
        crate::pages::order::ctx::code_text_in(lang, kind),
        crate::i18n::inspector_key(&by).text(lang).to_string(),
    ];
    if !agency.trim().is_empty() {
        said.push(agency.trim().to_string());
    }
    if state == gendan_domain::agenda::BOOKING_MISSED {
        said.push(K::TodayBookingMissed.text(lang).to_string());
    } else if state == gendan_domain::agenda::BOOKING_TO_CONFIRM {
        said.push(K::TodayBookingToConfirm.text(lang).to_string());
    }
    said.join(" · ")
}

/// The domain labels pieces sent back to resend "40 · rework"; this says "40 pcs back: Rework
/// and send again".
pub(super) fn return_text(lang: Lang, label: &str) -> String {
    match label.split_once(" · ") {
        Some((qty, what)) => {
            let what = gendan_domain::goods_returns::Disposition::from_code(what);
            crate::i18n::fill(
                K::TodayReturnRow.text(lang),
                &[
                    ("qty", qty),
                    ("what", crate::i18n::disposition_key(&what).text(lang)),
                ],
            )
        }
        None => label.to_string(),
    }
}

/// The domain labels money waiting for its confirmation "receipt · USD 300.00 · Li"; this says
/// "Receipt USD 300.00 recorded by Li: someone else confirms it".
pub(super) fn confirm_text(lang: Lang, label: &str) -> String {
    let parts: Vec<&str> = label.splitn(3, " · ").collect();
    let [kind, amount, who] = parts[..] else {
        return label.to_string();
    };
    let key = match kind {
        "receipt" => K::TodayReceiptToConfirm,
        "deduction" => K::TodayDeductionToConfirm,
        _ => return label.to_string(),
    };
    let who = if who.trim().is_empty() { "—" } else { who };
    crate::i18n::fill(
        key.text(lang),
        &[("amount", &amount_text(amount)), ("who", who)],
    )
}

/// The domain labels a quote waiting for the buyer "2 · USD 4.80"; this says "Quote round 2:
/// USD 4.80".
pub(super) fn quote_text(lang: Lang, label: &str) -> String {
    match label.split_once(" · ") {
        Some((round, amount)) => crate::i18n::fill(
            K::TodayQuoteRow.text(lang),
            &[("round", round), ("amount", amount)],
        ),
        None => label.to_string(),
    }
}

pub(super) fn inspection_text(lang: Lang, code: &str) -> String {
    let k = match code {
        "pre_production" => K::TodayInspPre,
        "inline" => K::TodayInspInline,
        "final" => K::TodayInspFinal,
        "reinspection" => K::TodayInspRe,
        _ => return code.to_string(),
    };
    k.text(lang).to_string()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn money_to_confirm_says_what_it_is_how_much_and_who_recorded_it() {
        assert_eq!(
            confirm_text(Lang::En, "receipt · USD 1200.5 · Li"),
            "Receipt USD 1,200.50 recorded by Li: someone else confirms it arrived"
        );
        assert_eq!(
            confirm_text(Lang::Zh, "deduction · USD 140 · 李娜"),
            "李娜 登记的客户扣款 USD 140.00:须由他人确认"
        );
        assert_eq!(
            confirm_text(Lang::En, "deduction · USD 140 · "),
            "Buyer deduction USD 140.00 recorded by —: someone else confirms it"
        );
        assert_eq!(confirm_text(Lang::En, "refund · x · y"), "refund · x · y");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn overdue_samples_are_named_by_kind_and_round() {
        assert_eq!(sample_text(Lang::En, "pp #2"), "PP sample · Round 2");
        assert_eq!(sample_text(Lang::Zh, "fit #1"), "试身样 · 轮次 1");
        assert_eq!(sample_text(Lang::En, "hanger #3"), "hanger · Round 3");
        assert_eq!(inspection_text(Lang::Zh, "final"), "尾期检验");
        assert_eq!(plain(Lang::En, "ETD 开船"), "ETD");
        assert_eq!(plain(Lang::Zh, "Final inspection 尾期验货"), "尾期验货");
        assert_eq!(plain(Lang::Zh, "FB-001"), "FB-001");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_claim_s_money_to_come_back_is_said_with_its_currency() {
        assert_eq!(
            claim_text(Lang::En, "USD 1200.50"),
            "USD 1,200.50 still to come back"
        );
        assert_eq!(claim_text(Lang::Zh, "EUR 32.00"), "待收回 EUR 32.00");
        assert_eq!(
            booking_text(Lang::En, "final · buyer · confirm · Li Na"),
            "Final (FRI) · The buyer's QC · Li Na · not confirmed yet"
        );
        assert_eq!(
            booking_text(Lang::Zh, "inline · own · booked · "),
            "中期验货 · 我方QC"
        );
        assert_eq!(
            booking_text(Lang::En, "final · buyer · missed · Li Na"),
            "Final (FRI) · The buyer's QC · Li Na · its day passed, not held: move it or call it off"
        );
        assert_eq!(
            return_text(Lang::En, "40 · rework"),
            "40 pcs back: Rework and send again"
        );
        assert_eq!(return_text(Lang::Zh, "10 · replace"), "退回 10 件:补货");
        // A label this build cannot read is shown as it is, never dropped.
        assert_eq!(claim_text(Lang::En, "odd"), "odd still to come back");
    }
}
