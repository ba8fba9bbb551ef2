//! The inspection report a buyer's QC desk reads (验货报告): every figure of one inspection drawn
//! from the order — the lot, the ISO 2859-1 code letter and plan per defect class, what was found
//! against the accept and reject numbers, measurements against spec and tolerance, the photos
//! with their captions, and the inspections it repeats or that repeat it.
//!
//! Nothing here is stored: the report is derived from the inspection as it is now, so a report
//! printed twice from the same figures says the same thing on every device, and the screen and
//! the shared text read the same numbers.

use crate::aql;
use crate::day::Day;
use crate::error::DomainError;
use crate::inspection::{DefectClass, InspectionKind, Level, Stringency, Verdict};
use crate::measure::Milli;
use crate::order::Order;
use crate::problem::Problem;
use crate::sorting::{sort, sort_by};

/// One defect class as judged: its AQL and plan, what was found and whether that rejects the lot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassLine {
    pub class: DefectClass,
    /// The AQL as written ("0" for zero tolerance).
    pub aql: String,
    pub sample_size: u32,
    pub accept: u32,
    pub reject: u32,
    pub found: u32,
    /// Found reaches the rejection number.
    pub rejects: bool,
    /// The code letter of the plan used after following the table's arrows; `None` for zero
    /// tolerance, which has no plan of its own.
    pub used_letter: Option<char>,
}

/// One defect record with a count, named by its code (the screen words it from the library).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefectLine {
    pub id: String,
    pub code: String,
    pub class: DefectClass,
    pub count: u32,
    pub note: String,
}

/// One measured value and whether it falls outside the tolerance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measured {
    pub value: Milli,
    pub out: bool,
}

/// One measured point: spec ± tolerance and the values in the order they were typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureLine {
    pub point: String,
    pub size: String,
    pub spec: Milli,
    pub tolerance: Milli,
    pub values: Vec<Measured>,
    pub out: usize,
}

/// A photo of a defect: its blob hash, the caption written with it, and the defect it shows (the
/// caption a report prints when none was written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoLine {
    pub hash: String,
    pub caption: String,
    pub defect_code: String,
    pub class: DefectClass,
}

/// Everything the report prints about one inspection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QcReport {
    pub id: String,
    pub kind: InspectionKind,
    /// Party id of the factory whose lot this is (empty when none was picked).
    pub factory: String,
    pub inspector: String,
    pub scheduled: Option<Day>,
    pub date: Option<Day>,
    pub completed: bool,
    pub lot_size: u32,
    pub level: Level,
    pub stringency: Stringency,
    /// The sample size code letter of ISO 2859-1 Table I for the lot and level; `None` for a level
    /// this build does not know.
    pub code_letter: Option<char>,
    /// Units drawn: the largest sample over the classes.
    pub sample_size: u32,
    /// The whole lot is inspected because a sample reaches the lot size.
    pub full_inspection: bool,
    /// Critical, major, minor (the classes with an AQL).
    pub classes: Vec<ClassLine>,
    /// The verdict, or why there is none (a plan that cannot be drawn, figures changed after
    /// finishing).
    pub verdict: Result<Verdict, Problem>,
    pub defects: Vec<DefectLine>,
    pub total_defects: u32,
    pub measurements: Vec<MeasureLine>,
    /// Measured values outside tolerance over all points.
    pub measured_out: usize,
    pub measured_count: usize,
    pub photos: Vec<PhotoLine>,
    /// The failed inspection this one repeats, when the order still holds it.
    pub reinspection_of: Option<String>,
    /// The re-inspections of this one, oldest id first.
    pub reinspected_by: Vec<String>,
    pub rework_note: String,
    pub remarks: String,
    /// The sealed samples (锁板) the goods are judged against, where they are kept; empty when
    /// the order has none that holds ([`crate::samples::references`]).
    pub references: Vec<crate::samples::SealedRef>,
}

const ORDER: [DefectClass; 3] = [
    DefectClass::Critical,
    DefectClass::Major,
    DefectClass::Minor,
];

fn class_rank(c: &DefectClass) -> usize {
    ORDER.iter().position(|x| x == c).unwrap_or(ORDER.len())
}

/// A domain refusal as the problem a report shows; other errors are passed up.
fn problem_of(e: DomainError) -> Result<Problem, DomainError> {
    match e {
        DomainError::Problem(p) => Ok(p),
        other => Err(other),
    }
}

/// The report of inspection `id` of `order`.
pub fn report(order: &Order, id: &str) -> Result<QcReport, DomainError> {
    let insp = order
        .inspections
        .get(id)
        .ok_or_else(|| DomainError::not_found("inspection", id))?;
    let (classes, plan_problem) = match insp.plans() {
        Ok(ps) => (
            ps.into_iter()
                .map(|p| {
                    let found = insp.found(&p.class);
                    ClassLine {
                        rejects: found >= p.reject,
                        used_letter: p.plan.map(|pl| pl.used_letter()),
                        found,
                        class: p.class,
                        aql: p.aql,
                        sample_size: p.sample_size,
                        accept: p.accept,
                        reject: p.reject,
                    }
                })
                .collect::<Vec<_>>(),
            None,
        ),
        Err(e) => (Vec::new(), Some(problem_of(e)?)),
    };
    let verdict = match (insp.verdict(), plan_problem) {
        (Ok(v), None) => Ok(v),
        (Ok(_), Some(p)) => Err(p),
        (Err(e), _) => Err(problem_of(e)?),
    };
    let sample_size = classes.iter().map(|c| c.sample_size).max().unwrap_or(0);
    let measurements: Vec<MeasureLine> = insp
        .measurements_in_order()
        .into_iter()
        .map(|(_, m)| {
            let values: Vec<Measured> = m
                .measured
                .values()
                .map(|v| Measured {
                    value: *v,
                    out: v.abs_diff(m.spec) > m.tolerance,
                })
                .collect();
            MeasureLine {
                point: m.point.clone(),
                size: m.size.clone(),
                spec: m.spec,
                tolerance: m.tolerance,
                out: values.iter().filter(|v| v.out).count(),
                values,
            }
        })
        .collect();
    let mut defects: Vec<DefectLine> = insp
        .defects
        .iter()
        .filter(|(_, d)| d.count > 0 || !d.photos.is_empty())
        .map(|(id, d)| DefectLine {
            id: id.clone(),
            code: d.code.clone(),
            class: d.class.clone(),
            count: d.count,
            note: d.note.clone(),
        })
        .collect();
    sort_by(&mut defects, |a, b| {
        (class_rank(&a.class), &a.code, &a.id).cmp(&(class_rank(&b.class), &b.code, &b.id))
    });
    let photos = defects
        .iter()
        .flat_map(|line| {
            insp.defects[&line.id]
                .photos
                .iter()
                .map(move |(hash, caption)| PhotoLine {
                    hash: hash.clone(),
                    caption: caption.trim().to_string(),
                    defect_code: line.code.clone(),
                    class: line.class.clone(),
                })
        })
        .collect();
    let mut reinspected_by: Vec<String> = order
        .inspections
        .iter()
        .filter(|(_, i)| i.reinspection_of.as_deref() == Some(id))
        .map(|(k, _)| k.clone())
        .collect();
    sort(&mut reinspected_by);
    Ok(QcReport {
        id: id.to_string(),
        kind: insp.kind.clone(),
        factory: insp.factory.clone(),
        inspector: insp.inspector.clone(),
        scheduled: insp.scheduled,
        date: insp.date,
        completed: insp.completed,
        lot_size: insp.lot_size,
        level: insp.level.clone(),
        stringency: insp.stringency.clone(),
        code_letter: insp
            .level
            .to_aql()
            .map(|l| aql::code_letter(insp.lot_size, l)),
        full_inspection: insp.lot_size > 0 && sample_size >= insp.lot_size,
        sample_size,
        verdict,
        total_defects: defects.iter().map(|d| d.count).sum(),
        defects,
        measured_out: measurements.iter().map(|m| m.out).sum(),
        measured_count: measurements.iter().map(|m| m.values.len()).sum(),
        measurements,
        photos,
        reinspection_of: insp
            .reinspection_of
            .clone()
            .filter(|p| order.inspections.contains_key(p)),
        reinspected_by,
        classes,
        rework_note: insp.rework_note.clone(),
        remarks: insp.remarks.clone(),
        references: crate::samples::sealed_refs(order),
    })
}

impl QcReport {
    /// The class line of `class`, when that class is judged.
    pub fn class(&self, class: &DefectClass) -> Option<&ClassLine> {
        self.classes.iter().find(|c| &c.class == class)
    }
}
