//! The inspection report (issue 17): the figures a buyer's QC desk reads are derived from the
//! inspection — code letter and plan per class, what was found against Ac/Re, measurements
//! against spec and tolerance, photos with captions, and the re-inspection chain both ways.

use crate::common::*;
use gendan_domain::inspection::{
    self, DefectClass, Inspection, InspectionKind, Level, Measurement, Verdict,
};
use gendan_domain::order::{Field, Issue};
use gendan_domain::qc_report::{report, Measured};
use gendan_domain::{DomainError, Milli, Order};

fn mm(s: &str) -> Milli {
    s.parse().unwrap()
}

/// An order holding one final inspection of `lot` pieces under id "i1".
fn order_with(lot: u32, f: impl FnOnce(&mut Inspection)) -> Order {
    let mut i = Inspection {
        kind: InspectionKind::Final,
        lot_size: lot,
        inspector: "Mei Lin".into(),
        ..Inspection::default()
    };
    f(&mut i);
    let mut o = full_order();
    o.inspections.clear();
    o.inspections.insert("i1".into(), i);
    o
}

fn tap(i: &mut Inspection, code: &str, class: DefectClass, n: u32, id: &str) {
    for _ in 0..n {
        i.tap_defect(code, &class, 1, id).unwrap();
    }
}

#[test]
fn a_failed_final_names_the_code_letter_and_each_class_against_its_numbers() {
    // Lot 500 at level II is code letter H: n = 50, major 2.5 → Ac 3 / Re 4, minor 4.0 → Ac 5 /
    // Re 6, critical 0 on the same 50. Four stains reject the lot.
    let o = order_with(500, |i| {
        tap(i, "D05", DefectClass::Major, 4, "d-stain");
        tap(i, "D09", DefectClass::Minor, 2, "d-thread");
        i.finish(day("2026-05-02"), "Mei Lin", 10, "l1").unwrap();
    });
    let r = report(&o, "i1").unwrap();
    assert_eq!(r.code_letter, Some('H'));
    assert_eq!(r.sample_size, 50);
    assert!(!r.full_inspection);
    assert_eq!(r.verdict, Ok(Verdict::Fail));
    assert_eq!(r.date, Some(day("2026-05-02")));
    assert_eq!(r.inspector, "Mei Lin");
    let line = |c: DefectClass| r.class(&c).cloned().unwrap();
    let major = line(DefectClass::Major);
    assert_eq!((major.found, major.accept, major.reject), (4, 3, 4));
    assert!(major.rejects);
    assert_eq!(major.used_letter, Some('H'));
    let minor = line(DefectClass::Minor);
    assert_eq!((minor.found, minor.accept, minor.reject), (2, 5, 6));
    assert!(!minor.rejects);
    let critical = line(DefectClass::Critical);
    assert_eq!(
        (critical.found, critical.accept, critical.reject),
        (0, 0, 1)
    );
    assert_eq!((critical.sample_size, critical.used_letter), (50, None));
    // Classes and defects read critical → major → minor.
    let classes: Vec<_> = r.classes.iter().map(|c| c.class.clone()).collect();
    assert_eq!(
        classes,
        [
            DefectClass::Critical,
            DefectClass::Major,
            DefectClass::Minor
        ]
    );
    let codes: Vec<_> = r.defects.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["D05", "D09"]);
    assert_eq!(r.total_defects, 6);
}

#[test]
fn the_same_lot_with_three_stains_passes() {
    let o = order_with(500, |i| {
        tap(i, "D05", DefectClass::Major, 3, "d-stain");
        i.finish(day("2026-05-02"), "Mei Lin", 10, "l1").unwrap();
    });
    let r = report(&o, "i1").unwrap();
    assert_eq!(r.verdict, Ok(Verdict::Pass));
    assert!(r.classes.iter().all(|c| !c.rejects));
}

#[test]
fn an_arrow_is_followed_and_a_lot_smaller_than_its_sample_is_inspected_whole() {
    // Lot 5 at level II is letter A; AQL 2.5 has no plan there and the arrow leads down to C
    // (n = 5, Ac 0), which reaches the lot: every piece is inspected.
    let o = order_with(5, |_| {});
    let r = report(&o, "i1").unwrap();
    assert_eq!(r.code_letter, Some('A'));
    let major = r.class(&DefectClass::Major).unwrap();
    assert_eq!(major.used_letter, Some('C'));
    assert_eq!((major.accept, major.reject), (0, 1));
    assert_eq!(r.sample_size, 5);
    assert!(r.full_inspection);
    // Not finished: no verdict yet, and no date.
    assert_eq!(r.verdict, Ok(Verdict::Pending));
    assert_eq!(r.date, None);
}

#[test]
fn measurements_keep_their_order_and_mark_each_value_outside_tolerance() {
    let o = order_with(500, |i| {
        let m = |point: &str| Measurement {
            point: point.into(),
            size: "M".into(),
            spec: mm("50"),
            tolerance: mm("1"),
            ..Measurement::default()
        };
        i.add_measurement("m-b", m("Chest width"), &[mm("52"), mm("51"), mm("49.5")])
            .unwrap();
        i.add_measurement("m-a", m("Body length"), &[mm("50"), mm("48.9")])
            .unwrap();
    });
    let r = report(&o, "i1").unwrap();
    let points: Vec<_> = r.measurements.iter().map(|m| m.point.as_str()).collect();
    assert_eq!(
        points,
        ["Chest width", "Body length"],
        "the order typed, not the ids'"
    );
    assert_eq!(
        r.measurements[0].values,
        [
            Measured {
                value: mm("52"),
                out: true
            },
            Measured {
                value: mm("51"),
                out: false
            },
            Measured {
                value: mm("49.5"),
                out: false
            },
        ]
    );
    assert_eq!(r.measurements[0].out, 1);
    assert_eq!(r.measurements[1].out, 1);
    assert_eq!((r.measured_out, r.measured_count), (2, 5));
}

#[test]
fn photos_carry_their_caption_and_the_defect_they_show() {
    let h1 = "a".repeat(64);
    let h2 = "B".repeat(64);
    let o = order_with(500, |i| {
        tap(i, "D09", DefectClass::Minor, 1, "d-minor");
        tap(i, "D01", DefectClass::Critical, 1, "d-crit");
        i.defects
            .get_mut("d-minor")
            .unwrap()
            .add_photo(&h1, " loose thread at hem ")
            .unwrap();
        i.defects
            .get_mut("d-crit")
            .unwrap()
            .add_photo(&h2, "")
            .unwrap();
    });
    let r = report(&o, "i1").unwrap();
    let photos: Vec<_> = r
        .photos
        .iter()
        .map(|p| (p.hash.as_str(), p.caption.as_str(), p.defect_code.as_str()))
        .collect();
    // The critical defect's photo first; hashes as stored (lower case).
    assert_eq!(
        photos,
        [
            (h2.to_lowercase().as_str(), "", "D01"),
            (h1.as_str(), "loose thread at hem", "D09"),
        ]
    );
}

#[test]
fn a_re_inspection_and_the_inspection_it_repeats_name_each_other() {
    let mut o = order_with(500, |i| {
        tap(i, "D01", DefectClass::Critical, 1, "d1");
        i.finish(day("2026-05-02"), "Mei Lin", 10, "l1").unwrap();
    });
    o.factory = Some("f1".into());
    inspection::reinspect(
        &mut o,
        "i1",
        "i2",
        "Needle detector on every carton",
        None,
        &crate::common::open_lot(),
    )
    .unwrap();
    let failed = report(&o, "i1").unwrap();
    assert_eq!(failed.reinspected_by, ["i2"]);
    assert_eq!(failed.reinspection_of, None);
    let re = report(&o, "i2").unwrap();
    assert_eq!(re.kind, InspectionKind::Reinspection);
    assert_eq!(re.reinspection_of.as_deref(), Some("i1"));
    assert_eq!(re.rework_note, "Needle detector on every carton");
    assert!(re.reinspected_by.is_empty());
    // A re-inspection whose failed inspection is gone (removed on another device) links nowhere.
    o.inspections.remove("i1");
    assert_eq!(report(&o, "i2").unwrap().reinspection_of, None);
}

#[test]
fn a_report_without_a_verdict_says_why() {
    // Figures changed after finishing (a merge): needs a decision, not another verdict.
    let o = order_with(500, |i| {
        i.finish(day("2026-05-02"), "Mei Lin", 10, "l1").unwrap();
        i.lot_size = 3000;
    });
    let r = report(&o, "i1").unwrap();
    assert_eq!(
        r.verdict.unwrap_err().issue,
        Issue::ChangedAfterFinish,
        "the sealed figures no longer match"
    );
    // A level this build does not know: no code letter, no plan, and the problem names the level.
    let o = order_with(500, |i| i.level = Level::Other("S-9".into()));
    let r = report(&o, "i1").unwrap();
    assert_eq!(r.code_letter, None);
    assert!(r.classes.is_empty());
    assert_eq!(r.verdict.unwrap_err().field, Field::InspectionLevel);
    // An id the order does not hold.
    assert!(matches!(
        report(&o, "nope"),
        Err(DomainError::NotFound {
            kind: "inspection",
            ..
        })
    ));
}
