//! The words of an inspection report that do not depend on the page: what its heading names (the
//! order, style, customer and factory as they are now) and the report as plain text for Web
//! Share or the clipboard — the same figures as the printed sheet, from the same
//! [`QcReport`]. No web dependency, so it is tested natively.

use gendan_domain::inspection::Verdict;
use gendan_domain::qc_report::QcReport;
use gendan_domain::{Order, Workspace};

use crate::i18n::{fill, problem_text, Lang, K};
use crate::listing::fmt_day;
use crate::pages::order::ctx::code_text_in;

/// What the report's heading names besides the inspection itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub po: String,
    pub style: String,
    pub description: String,
    pub customer: String,
    /// The factory's current name; `None` when the inspection names none.
    pub factory: Option<String>,
}

impl Heading {
    pub(crate) fn of(lang: Lang, o: &Order, w: &Workspace, r: &QcReport) -> Heading {
        let factory = (!r.factory.is_empty()).then(|| {
            w.party_name(&r.factory)
                .map(str::to_string)
                .unwrap_or_else(|| K::RemovedParty.text(lang).to_string())
        });
        Heading {
            po: o.customer_po.clone(),
            style: o.style_no.clone(),
            description: o.description.clone(),
            customer: w.customer_name(o).to_string(),
            factory,
        }
    }
}

/// A defect library entry's name in `lang`, or the code as written when the library lacks it.
pub(crate) fn defect_name(lang: Lang, w: &Workspace, code: &str) -> String {
    w.defects
        .values()
        .find(|d| d.code == code)
        .map(|d| if lang == Lang::Zh { &d.zh } else { &d.en })
        .filter(|n| !n.trim().is_empty())
        .cloned()
        .unwrap_or_else(|| code.to_string())
}

/// The verdict in words, or the problem that keeps the report from having one.
pub(crate) fn verdict_text(lang: Lang, r: &QcReport) -> (&'static str, String) {
    match &r.verdict {
        Ok(Verdict::Pass) => ("pass", K::VerdictPass.text(lang).into()),
        Ok(Verdict::Fail) => ("fail", K::VerdictFail.text(lang).into()),
        Ok(Verdict::Pending) => ("pending", K::VerdictPending.text(lang).into()),
        Err(p) => ("unknown", problem_text(lang, p)),
    }
}

/// The inspection's day in words: carried out, else scheduled, else "not finished yet".
pub(crate) fn day_words(lang: Lang, r: &QcReport) -> String {
    match (r.date, r.scheduled) {
        (Some(d), _) => fmt_day(lang, &d.to_string()),
        (None, Some(d)) => format!(
            "{} {}",
            K::QrScheduled.text(lang),
            fmt_day(lang, &d.to_string())
        ),
        (None, None) => K::QrNotInspected.text(lang).to_string(),
    }
}

/// The report as text: title, order, result, plan, each class against its numbers, the defects,
/// the measurements out of tolerance, and who inspected when.
pub(crate) fn summary_text(lang: Lang, h: &Heading, r: &QcReport, w: &Workspace) -> String {
    let mut lines = vec![
        format!(
            "{} · {}",
            K::QrTitle.text(lang),
            code_text_in(lang, r.kind.code())
        ),
        format!("{} {} {}", h.po, h.style, h.description)
            .trim()
            .to_string(),
        format!("{}: {}", K::QrResult.text(lang), verdict_text(lang, r).1),
        fill(
            K::QrSummaryPlan.text(lang),
            &[
                ("lot", &r.lot_size.to_string()),
                ("level", r.level.code()),
                ("severity", &code_text_in(lang, r.stringency.code())),
                (
                    "letter",
                    &r.code_letter.map(String::from).unwrap_or_default(),
                ),
                ("n", &r.sample_size.to_string()),
            ],
        ),
    ];
    if let Some(f) = &h.factory {
        lines.insert(2, format!("{}: {f}", K::Factory.text(lang)));
    }
    for c in &r.classes {
        lines.push(fill(
            K::QrSummaryClass.text(lang),
            &[
                ("class", &code_text_in(lang, c.class.code())),
                ("aql", &c.aql),
                ("found", &c.found.to_string()),
                ("ac", &c.accept.to_string()),
                ("re", &c.reject.to_string()),
            ],
        ));
    }
    for d in &r.defects {
        lines.push(format!("· {} × {}", defect_name(lang, w, &d.code), d.count));
    }
    if r.measured_count > 0 {
        lines.push(fill(
            K::QrMeasuredOut.text(lang),
            &[
                ("out", &r.measured_out.to_string()),
                ("n", &r.measured_count.to_string()),
            ],
        ));
    }
    lines.push(fill(
        K::QrSummaryBy.text(lang),
        &[("who", &r.inspector), ("date", &day_words(lang, r))],
    ));
    lines.join("\n")
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use gendan_domain::inspection::{DefectClass, Inspection};
    use gendan_domain::qc_report::report;

    fn failed() -> (Order, Workspace) {
        let mut o = Order::new();
        o.customer_po = "PO-77".into();
        o.style_no = "NW-100".into();
        let mut i = Inspection {
            lot_size: 500,
            inspector: "Mei Lin".into(),
            ..Inspection::default()
        };
        for _ in 0..4 {
            i.tap_defect("D05", &DefectClass::Major, 1, "d").unwrap();
        }
        i.finish("2026-05-02".parse().unwrap(), "Mei Lin", 1, "l")
            .unwrap();
        o.inspections.insert("i1".into(), i);
        (o, Workspace::seeded("Team"))
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn the_shared_text_holds_the_result_the_code_letter_and_each_class_in_either_language() {
        let (o, w) = failed();
        let r = report(&o, "i1").unwrap();
        let en = summary_text(Lang::En, &Heading::of(Lang::En, &o, &w, &r), &r, &w);
        assert!(en.contains("PO-77 NW-100"), "{en}");
        assert!(en.contains("Result: Failed"), "{en}");
        assert!(en.contains("code letter H · sample 50 pcs"), "{en}");
        assert!(
            en.contains("Major (AQL 2.5): 4 found, accept 3 / reject 4"),
            "{en}"
        );
        assert!(en.contains("Inspector Mei Lin"), "{en}");
        let zh = summary_text(Lang::Zh, &Heading::of(Lang::Zh, &o, &w, &r), &r, &w);
        assert!(
            zh.contains("结论: 不合格") || zh.contains("结论:不合格"),
            "{zh}"
        );
        assert!(zh.contains("字码 H · 样本 50 件"), "{zh}");
        assert!(zh.contains("发现 4,接收 3 / 拒收 4"), "{zh}");
        assert!(
            !zh.contains('{') && !en.contains('{'),
            "a parameter left unfilled"
        );
    }
}
