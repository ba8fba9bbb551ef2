//! Quality inspections (查货/验货): the sampling plan from ISO 2859-1, defects and measurements found,
//! the verdict that follows from them, re-inspection after rework, and the switching rules that
//! choose normal, tightened or reduced inspection for a factory's next lot.
//!
//! Inspections, defects, photos and measured values are all maps keyed by id (photos by their
//! content hash), so a QC on a factory floor and a colleague in the office can both add findings
//! offline. The verdict is derived from the defect records and the plan, never stored.
//!
//! A finished inspection's figures (lot, level, stringency, AQLs, defect counts, measurements)
//! are locked: the edits the screens use refuse them, and only [`Inspection::reopen`] with a
//! reason (logged in the inspection's own log) opens them again. Finishing seals a fingerprint of
//! the figures judged; a merge that brings figures a device changed offline while another
//! finished it no longer matches the seal, and the verdict then becomes "needs a decision"
//! ([`Issue::ChangedAfterFinish`]) instead of silently turning into another one.

use autosurgeon::{Hydrate, Reconcile};

use crate::aql::{self, Aql, InspectionLevel, InspectionSeverity};
use crate::day::Day;
use crate::error::DomainError;
use crate::gate::Gate;
use crate::measure::Milli;
use crate::order::Order;
use crate::problem::{Field, Issue, Problem};
use crate::records::RecordMap;
use crate::sorting::{sort, sort_by, sort_by_key, CollectSet};

crate::code_enum! {
    pub enum InspectionKind default Final {
        PreProduction = "pre_production",
        /// During production (DUPRO), typically at 20–50 % sewn.
        Inline = "inline",
        /// Final random inspection (FRI) on packed goods.
        Final = "final",
        /// After rework of a failed inspection; see [`Inspection::reinspection_of`].
        Reinspection = "reinspection",
    }
}

crate::code_enum! {
    pub enum DefectClass default Major {
        Critical = "critical",
        Major = "major",
        Minor = "minor",
    }
}

crate::code_enum! {
    /// Stored form of [`aql::InspectionLevel`].
    pub enum Level default II {
        S1 = "S-1",
        S2 = "S-2",
        S3 = "S-3",
        S4 = "S-4",
        I = "I",
        II = "II",
        III = "III",
    }
}

crate::code_enum! {
    /// Stored form of [`aql::InspectionSeverity`].
    pub enum Stringency default Normal {
        Normal = "normal",
        Tightened = "tightened",
        Reduced = "reduced",
    }
}

impl Stringency {
    /// How strict, for comparing: reduced, normal, tightened. A stringency this build does not
    /// know has no rank.
    fn rank(&self) -> Option<u8> {
        match self {
            Stringency::Reduced => Some(0),
            Stringency::Normal => Some(1),
            Stringency::Tightened => Some(2),
            Stringency::Other(_) => None,
        }
    }

    /// Whether inspecting at `self` is at least as strict as at `than`. An unknown stringency
    /// is only as strict as itself; one this build does not know may be replaced by normal or
    /// tightened, which is what it is read as at worst.
    pub fn at_least(&self, than: &Stringency) -> bool {
        match (self.rank(), than.rank()) {
            (Some(a), Some(b)) => a >= b,
            (Some(a), None) => a >= 1,
            (None, _) => self == than,
        }
    }
}

impl Level {
    pub fn to_aql(&self) -> Option<InspectionLevel> {
        Some(match self {
            Level::S1 => InspectionLevel::S1,
            Level::S2 => InspectionLevel::S2,
            Level::S3 => InspectionLevel::S3,
            Level::S4 => InspectionLevel::S4,
            Level::I => InspectionLevel::I,
            Level::II => InspectionLevel::II,
            Level::III => InspectionLevel::III,
            Level::Other(_) => return None,
        })
    }

    /// How many pieces it samples, for comparing: S-1 fewest, III most. A level this build
    /// does not know has no rank.
    fn rank(&self) -> Option<u8> {
        [
            Level::S1,
            Level::S2,
            Level::S3,
            Level::S4,
            Level::I,
            Level::II,
            Level::III,
        ]
        .iter()
        .position(|l| l == self)
        .map(|i| i as u8)
    }
}

impl Aqls {
    /// How strict each class is, for comparing (lower is stricter): "0" (none accepted), then
    /// the standard AQLs in ascending order, then a class not judged (or not readable).
    fn strictness(&self) -> [usize; 3] {
        let of = |t: &str| match t.trim() {
            "0" => 0,
            t => t
                .parse::<Aql>()
                .ok()
                .and_then(|a| Aql::ALL.iter().position(|x| *x == a))
                .map_or(usize::MAX, |i| i + 1),
        };
        [of(&self.critical), of(&self.major), of(&self.minor)]
    }
}

impl Stringency {
    pub fn to_aql(&self) -> Option<InspectionSeverity> {
        Some(match self {
            Stringency::Normal => InspectionSeverity::Normal,
            Stringency::Tightened => InspectionSeverity::Tightened,
            Stringency::Reduced => InspectionSeverity::Reduced,
            Stringency::Other(_) => return None,
        })
    }

    pub fn from_aql(s: InspectionSeverity) -> Stringency {
        match s {
            InspectionSeverity::Normal => Stringency::Normal,
            InspectionSeverity::Tightened => Stringency::Tightened,
            InspectionSeverity::Reduced => Stringency::Reduced,
        }
    }
}

/// The AQL per defect class as the buyer wrote it: a standard value ("2.5"), "0" for zero
/// tolerance (accept 0, reject 1 on the same sample), or empty when the class is not judged.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Aqls {
    pub critical: String,
    pub major: String,
    pub minor: String,
}

impl Default for Aqls {
    /// The usual garment contract: 0 / 2.5 / 4.0.
    fn default() -> Self {
        Aqls {
            critical: "0".into(),
            major: "2.5".into(),
            minor: "4.0".into(),
        }
    }
}

impl Aqls {
    fn get(&self, class: &DefectClass) -> &str {
        match class {
            DefectClass::Critical => &self.critical,
            DefectClass::Major => &self.major,
            DefectClass::Minor | DefectClass::Other(_) => &self.minor,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Defect {
    /// Code from the workspace defect library ("D012"), or free text.
    pub code: String,
    pub class: DefectClass,
    pub count: u32,
    /// Photos keyed by the SHA-256 of their bytes (hex); the value is an optional caption.
    pub photos: RecordMap<String>,
    pub note: String,
}

impl Defect {
    /// Adds a photo reference: the SHA-256 of the photo's bytes as 64 hex digits (lower-cased on
    /// the way in, so one photo is one key whoever adds it).
    pub fn add_photo(&mut self, sha256_hex: &str, caption: &str) -> Result<(), DomainError> {
        let h = sha256_hex.trim().to_ascii_lowercase();
        if h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(DomainError::Problem(Problem::new(
                Field::Photo,
                Issue::NotAHash(sha256_hex.to_string()),
            )));
        }
        self.photos.insert(h, caption.to_string());
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Measurement {
    /// "Chest width 1 cm below armhole", "Body length HPS"…
    pub point: String,
    pub size: String,
    pub spec: Milli,
    /// Allowed deviation either way.
    pub tolerance: Milli,
    /// Measured values keyed by id (one per piece measured); [`Inspection::add_measurement`]
    /// writes ids that sort in the order the values were typed.
    pub measured: RecordMap<Milli>,
    /// Position among the inspection's measurements, in the order they were added (ties from
    /// concurrent adds break on the id).
    #[autosurgeon(missing = "Default::default")]
    pub seq: u64,
}

impl Measurement {
    pub fn out_of_tolerance(&self) -> usize {
        self.measured
            .values()
            .filter(|m| m.abs_diff(self.spec) > self.tolerance)
            .count()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Inspection {
    pub kind: InspectionKind,
    /// For a re-inspection: the id of the failed inspection it repeats.
    pub reinspection_of: Option<String>,
    /// What was reworked before the re-inspection.
    pub rework_note: String,
    /// Party id of the factory whose lot this is.
    pub factory: String,
    pub inspector: String,
    pub scheduled: Option<Day>,
    /// The day it was carried out.
    pub date: Option<Day>,
    pub lot_size: u32,
    pub level: Level,
    pub stringency: Stringency,
    pub aqls: Aqls,
    pub defects: RecordMap<Defect>,
    pub measurements: RecordMap<Measurement>,
    /// Set when the inspector has finished recording; until then the verdict is pending.
    pub completed: bool,
    pub remarks: String,
    /// The fingerprint of the figures it was finished with ([`Inspection::figures_seal`]); absent
    /// while open, and on inspections finished before seals existed.
    #[autosurgeon(missing = "Default::default")]
    pub sealed: Option<String>,
    /// Finishing and reopening, keyed by random id so two devices' entries both stay.
    #[autosurgeon(missing = "Default::default")]
    pub log: RecordMap<InspectionEvent>,
    /// For a final lot: the shipments (ids, as a set) whose goods were presented. Shipping one of
    /// them needs this lot passed and at least as big as the pieces they carry together
    /// ([`final_gates`]). Empty: the lot stands for the whole order, as every final lot did
    /// before lots named shipments — it is judged against everything the shipments carry.
    #[autosurgeon(missing = "Default::default")]
    pub shipments: RecordMap<bool>,
    /// Why a final lot was started while a failed final lot still waited for its re-inspection
    /// ([`start`]): a new lot skipped the rework note and the failed lot's plan, and raised the
    /// first-pass measure, so it is said (who: the inspector).
    #[autosurgeon(missing = "Default::default")]
    pub started_over: String,
}

crate::code_enum! {
    pub enum InspectionEventKind default Finished {
        Finished = "finished",
        Reopened = "reopened",
    }
}

/// Refuses a plan that judges no defect class: every lot would pass it.
fn judges_something(plans: &[ClassPlan]) -> Result<(), DomainError> {
    if plans.is_empty() {
        return Err(DomainError::Problem(Problem::new(
            Field::AqlMajor,
            Issue::NoClassJudged,
        )));
    }
    Ok(())
}

/// One entry of an inspection's log: who finished or reopened it, when, and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct InspectionEvent {
    pub kind: InspectionEventKind,
    pub who: String,
    pub at_ms: i64,
    /// Why it was reopened (empty for finishing).
    pub reason: String,
    /// Whether the lot passed as finished then (finishing only; `None` from older builds): the
    /// first-pass measure reads the first, which a reopening does not rewrite.
    #[autosurgeon(missing = "Default::default")]
    pub passed: Option<bool>,
}

/// The sampling set-up a screen submits: everything that draws the plan.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlanSetup {
    pub kind: InspectionKind,
    pub lot_size: u32,
    pub level: Level,
    pub stringency: Stringency,
    pub aqls: Aqls,
}

crate::record_fields!(Inspection;
    kind: InspectionKind,
    reinspection_of: Option<String>,
    rework_note: String,
    factory: String,
    inspector: String,
    scheduled: Option<Day>,
    date: Option<Day>,
    lot_size: u32,
    level: Level,
    stringency: Stringency,
    aqls: Aqls,
    defects: RecordMap<Defect>,
    measurements: RecordMap<Measurement>,
    completed: bool,
    remarks: String,
    sealed: Option<String>,
    log: RecordMap<InspectionEvent>,
    shipments: RecordMap<bool>,
    started_over: String,
);

/// The plan for one defect class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassPlan {
    pub class: DefectClass,
    /// The AQL as written ("0" for zero tolerance).
    pub aql: String,
    pub sample_size: u32,
    pub accept: u32,
    pub reject: u32,
    /// Ac 0 / Re 1 on the sample drawn for the other classes.
    pub zero_tolerance: bool,
    /// The ISO plan (absent for zero tolerance).
    pub plan: Option<aql::Plan>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Pending,
    Pass,
    Fail,
}

/// The input that holds a class's AQL.
fn aql_field(class: &DefectClass) -> Field {
    match class {
        DefectClass::Critical => Field::AqlCritical,
        DefectClass::Major => Field::AqlMajor,
        _ => Field::AqlMinor,
    }
}

/// A refusal about the finished inspection as a whole.
fn locked(issue: Issue) -> DomainError {
    DomainError::Problem(Problem::new(Field::FinishedInspection, issue))
}

const CLASSES: [DefectClass; 3] = [
    DefectClass::Critical,
    DefectClass::Major,
    DefectClass::Minor,
];

impl Inspection {
    fn levels(&self) -> Result<(InspectionLevel, InspectionSeverity), DomainError> {
        let unknown = |field, code: &str| {
            DomainError::Problem(Problem::new(field, Issue::UnknownCode(code.to_string())))
        };
        let level = self
            .level
            .to_aql()
            .ok_or_else(|| unknown(Field::InspectionLevel, self.level.code()))?;
        let sev = self
            .stringency
            .to_aql()
            .ok_or_else(|| unknown(Field::Stringency, self.stringency.code()))?;
        Ok((level, sev))
    }

    /// The plan per defect class that has an AQL. A zero-tolerance class uses the largest sample
    /// drawn for the other classes.
    pub fn plans(&self) -> Result<Vec<ClassPlan>, DomainError> {
        let (level, sev) = self.levels()?;
        let mut out = Vec::new();
        let mut zero = Vec::new();
        for class in CLASSES {
            let text = self.aqls.get(&class).trim();
            if text.is_empty() {
                continue;
            }
            match text.parse::<Aql>() {
                Ok(a) => {
                    let p = aql::plan(self.lot_size, level, a, sev);
                    out.push(ClassPlan {
                        class,
                        aql: a.label().to_string(),
                        sample_size: p.sample_size(),
                        accept: p.accept(),
                        reject: p.reject(),
                        zero_tolerance: false,
                        plan: Some(p),
                    });
                }
                Err(aql::AqlError::Zero) => zero.push(class),
                Err(e) => {
                    let issue = match e {
                        aql::AqlError::Empty | aql::AqlError::Zero => Issue::Required,
                        aql::AqlError::NotANumber(_) => Issue::NotANumber,
                        aql::AqlError::DecimalComma(text) => Issue::DecimalComma(text),
                        aql::AqlError::NotStandard(text) => Issue::NotAStandardAql(text),
                    };
                    return Err(DomainError::Problem(Problem::new(aql_field(&class), issue)));
                }
            }
        }
        if !zero.is_empty() {
            let n = out.iter().map(|p| p.sample_size).max().ok_or_else(|| {
                DomainError::Problem(Problem::new(aql_field(&zero[0]), Issue::ZeroWithoutSample))
            })?;
            for class in zero {
                out.push(ClassPlan {
                    class,
                    aql: "0".into(),
                    sample_size: n,
                    accept: 0,
                    reject: 1,
                    zero_tolerance: true,
                    plan: None,
                });
            }
        }
        sort_by_key(&mut out, |p| CLASSES.iter().position(|c| *c == p.class));
        Ok(out)
    }

    /// Units drawn: the largest sample over the classes.
    pub fn units_sampled(&self) -> Result<u32, DomainError> {
        Ok(self
            .plans()?
            .iter()
            .map(|p| p.sample_size)
            .max()
            .unwrap_or(0))
    }

    pub fn found(&self, class: &DefectClass) -> u32 {
        self.defects
            .values()
            .filter(|d| &d.class == class)
            .map(|d| d.count)
            .sum()
    }

    pub fn total_defects(&self) -> u32 {
        self.defects.values().map(|d| d.count).sum()
    }

    /// Pass when every class's defects stay below its rejection number; pending until completed.
    pub fn verdict(&self) -> Result<Verdict, DomainError> {
        if !self.completed {
            return Ok(Verdict::Pending);
        }
        if self.changed_after_finish() {
            return Err(locked(Issue::ChangedAfterFinish));
        }
        // A lot finished by an older build with every AQL blank was judged by nothing: it
        // passes no gate and counts as no first pass until its plan is set and it is finished
        // again (new finishings refuse such a plan).
        let plans = self.plans()?;
        judges_something(&plans)?;
        Ok(if self.rejected_by(&plans) {
            Verdict::Fail
        } else {
            Verdict::Pass
        })
    }

    /// An open lot whose defects already reach a class's rejection number: finishing it can
    /// only fail it. Left open and replaced by a fresh lot, its findings would count nowhere,
    /// so it is held as a failed lot is ([`failed_waiting`], [`unsettled`]).
    pub fn rejects_open(&self) -> bool {
        !self.completed && self.plans().is_ok_and(|plans| self.rejected_by(&plans))
    }

    /// Whether this set-up accepts more defects of some class than `than` does (a larger lot
    /// size draws a larger sample with a higher acceptance number).
    fn accepts_more(&self, than: &Inspection) -> bool {
        let (Ok(now), Ok(was)) = (self.plans(), than.plans()) else {
            return false;
        };
        now.iter().any(|n| {
            was.iter()
                .any(|w| w.class == n.class && n.accept > w.accept)
        })
    }

    /// Whether the defects counted reach a class's rejection number on `plans` (the lot's).
    fn rejected_by(&self, plans: &[ClassPlan]) -> bool {
        plans.iter().any(|p| self.found(&p.class) >= p.reject)
    }

    /// Marks the inspection finished on `today`. A lot of 0 pieces is refused: the plan would be
    /// drawn from nothing, and the verdict would gate shipping for goods nobody presented. An
    /// inspection finished again after a reopening keeps the day it was carried out: correcting
    /// a figure does not make an old lot the latest, which would let it outrank a later lot.
    pub fn complete(&mut self, today: Day) -> Result<(), DomainError> {
        if self.lot_size == 0 {
            return Err(DomainError::Problem(Problem::new(
                Field::LotSize,
                Issue::NotPositive,
            )));
        }
        judges_something(&self.plans()?)?;
        self.completed = true;
        self.date = Some(self.date.unwrap_or(today));
        self.sealed = Some(self.figures_seal());
        Ok(())
    }

    /// [`Inspection::complete`], logged under `log_id` with who and when.
    pub fn finish(
        &mut self,
        today: Day,
        who: &str,
        at_ms: i64,
        log_id: &str,
    ) -> Result<(), DomainError> {
        if self.completed {
            return Err(locked(Issue::Finished));
        }
        self.complete(today)?;
        let passed = match self.verdict()? {
            Verdict::Pass => Some(true),
            Verdict::Fail => Some(false),
            Verdict::Pending => None,
        };
        self.log_event(
            log_id,
            InspectionEventKind::Finished,
            who,
            at_ms,
            "",
            passed,
        );
        Ok(())
    }

    /// Opens a finished inspection again so its figures can be corrected: the reason is required
    /// and logged with who and when; the verdict is pending until it is finished again.
    pub fn reopen(
        &mut self,
        reason: &str,
        who: &str,
        at_ms: i64,
        log_id: &str,
    ) -> Result<(), DomainError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DomainError::Problem(Problem::new(
                Field::ReopenReason,
                Issue::Required,
            )));
        }
        if !self.completed {
            return Ok(());
        }
        self.completed = false;
        self.sealed = None;
        self.log_event(
            log_id,
            InspectionEventKind::Reopened,
            who,
            at_ms,
            reason,
            None,
        );
        Ok(())
    }

    /// When the inspection was first finished, from its log (`None` for one finished by a build
    /// that kept no log).
    pub fn first_finished_ms(&self) -> Option<i64> {
        self.log
            .values()
            .filter(|e| e.kind == InspectionEventKind::Finished)
            .map(|e| e.at_ms)
            .min()
    }

    /// Logs one event; `passed` is the verdict a finishing gave (`None` for a reopening).
    fn log_event(
        &mut self,
        id: &str,
        kind: InspectionEventKind,
        who: &str,
        at_ms: i64,
        reason: &str,
        passed: Option<bool>,
    ) {
        self.log.insert(
            id.to_string(),
            InspectionEvent {
                kind,
                who: who.to_string(),
                at_ms,
                reason: reason.to_string(),
                passed,
            },
        );
    }

    /// Whether the lot passed when it was first finished, as logged then: a verdict turned
    /// around by reopening and finishing again does not change it. Finishings logged before
    /// any reopening are all first ones (two devices finished it offline): one failed, it did
    /// not pass first, whichever clock ran earlier. `None` when no finishing logged its verdict
    /// (older builds).
    pub fn first_passed(&self) -> Option<bool> {
        let first: Vec<bool> = self
            .log_in_order()
            .into_iter()
            .take_while(|(_, e)| e.kind != InspectionEventKind::Reopened)
            .filter(|(_, e)| e.kind == InspectionEventKind::Finished)
            .filter_map(|(_, e)| e.passed)
            .collect();
        if first.is_empty() {
            // Finished first by a build that logged no verdict: the first logged one.
            return self
                .log_in_order()
                .into_iter()
                .filter(|(_, e)| e.kind == InspectionEventKind::Finished)
                .find_map(|(_, e)| e.passed);
        }
        Some(first.iter().all(|p| *p))
    }

    /// The log, oldest first (ties on the id, the same on every device).
    pub fn log_in_order(&self) -> Vec<(&String, &InspectionEvent)> {
        let mut v: Vec<_> = self.log.iter().collect();
        sort_by(&mut v, |a, b| (a.1.at_ms, a.0).cmp(&(b.1.at_ms, b.0)));
        v
    }

    /// Refuses a change to the figures of a finished inspection.
    fn open_for_figures(&self) -> Result<(), DomainError> {
        if self.completed {
            return Err(locked(Issue::Finished));
        }
        Ok(())
    }

    /// True when the inspection was finished with other figures than it holds now: a merge
    /// brought a change made elsewhere while it was being finished.
    pub fn changed_after_finish(&self) -> bool {
        self.completed
            && self
                .sealed
                .as_ref()
                .is_some_and(|s| *s != self.figures_seal())
    }

    /// A fingerprint of everything the verdict and the report are drawn from: kind, lot, level,
    /// stringency, AQLs, defect counts and measurements (not photos or remarks, which may still
    /// be added to a finished inspection). FNV-1a over a canonical text, as 16 hex digits.
    pub fn figures_seal(&self) -> String {
        use std::fmt::Write;
        let mut t = format!(
            "1|{}|{}|{}|{}|{}|{}|{}|{}",
            self.kind.code(),
            self.reinspection_of.as_deref().unwrap_or(""),
            self.lot_size,
            self.level.code(),
            self.stringency.code(),
            self.aqls.critical.trim(),
            self.aqls.major.trim(),
            self.aqls.minor.trim(),
        );
        for (id, d) in &self.defects {
            let _ = write!(t, "|d:{id}:{}:{}:{}", d.code, d.class.code(), d.count);
        }
        // The goods a lot was judged as are part of its figures; a lot naming no shipment keeps
        // the seal it was finished with before lots named shipments.
        for id in self.shipment_ids() {
            let _ = write!(t, "|s:{id}");
        }
        for (id, m) in &self.measurements {
            let _ = write!(
                t,
                "|m:{id}:{}:{}:{}:{}",
                m.point, m.size, m.spec, m.tolerance
            );
            for (k, v) in &m.measured {
                let _ = write!(t, ":{k}={v}");
            }
        }
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in t.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!("{h:016x}")
    }

    /// The shipments this lot names (see [`Inspection::shipments`]).
    pub fn shipment_ids(&self) -> impl Iterator<Item = &str> {
        self.shipments
            .iter()
            .filter(|(_, on)| **on)
            .map(|(id, _)| id.as_str())
    }

    /// Names the shipments whose goods this lot is (none: the whole order). Part of the figures
    /// the verdict is judged on, so refused on a finished inspection unless nothing changes.
    pub fn set_shipments<'a>(
        &mut self,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), DomainError> {
        let next: RecordMap<bool> = ids.into_iter().map(|i| (i.to_string(), true)).collect();
        let now: RecordMap<bool> = self.shipment_ids().map(|i| (i.to_string(), true)).collect();
        if next == now {
            return Ok(());
        }
        self.open_for_figures()?;
        self.shipments = next;
        Ok(())
    }

    /// Changes the sampling set-up; refused on a finished inspection (unless nothing changes) and
    /// when the plan cannot be drawn. A re-inspection stays one, and nothing becomes or stops
    /// being a final inspection here: a final lot is started as one, where the switching rules
    /// set its stringency and a factory whose acceptance is discontinued gets none
    /// ([`may_start_final`]); an inline inspection turned final would skip both.
    pub fn set_plan(&mut self, setup: PlanSetup) -> Result<(), DomainError> {
        let mut next = self.clone();
        if next.kind != InspectionKind::Reinspection {
            next.kind = setup.kind;
        }
        next.lot_size = setup.lot_size;
        next.level = setup.level;
        next.stringency = setup.stringency;
        next.aqls = Aqls {
            critical: setup.aqls.critical.trim().to_string(),
            major: setup.aqls.major.trim().to_string(),
            minor: setup.aqls.minor.trim().to_string(),
        };
        if next == *self {
            return Ok(());
        }
        self.open_for_figures()?;
        let is_final = |k: &InspectionKind| *k == InspectionKind::Final;
        if next.kind != self.kind && (is_final(&next.kind) || is_final(&self.kind)) {
            return Err(DomainError::Problem(Problem::new(
                Field::InspectionKind,
                Issue::FinalFixedAtStart,
            )));
        }
        // A re-inspection inherits its lot's stringency and counts as a final one.
        let counts_as_final = is_final(&self.kind) || self.kind == InspectionKind::Reinspection;
        if counts_as_final && !next.stringency.at_least(&self.stringency) {
            return Err(DomainError::Problem(Problem::new(
                Field::Stringency,
                Issue::StringencyNotEased,
            )));
        }
        // Defect records stay (at zero) when counted down, and the log keeps every finishing:
        // neither tapping the count away nor reopening frees the plan again. A re-inspection
        // starts with the plan of the lot that failed, judged already: eased before its first
        // count, the same goods passed on a plan they had failed on.
        let judged = !self.defects.is_empty()
            || !self.log.is_empty()
            || self.completed
            || self.reinspection_of.is_some();
        if counts_as_final && judged && next.eases(self) {
            return Err(DomainError::Problem(Problem::new(
                Field::AqlMajor,
                Issue::PlanNotEased,
            )));
        }
        // Defects counted on a lot never finished are a verdict in the making with no trace
        // yet: a larger lot size (a larger sample, a higher acceptance number) under which the
        // same count passes is no correction but a different verdict, whether the count
        // rejects now or was tapped down first. Once finished, the lot changes only after a
        // reopening, logged with its reason and said in the day, and first pass keeps the
        // first verdict.
        if counts_as_final
            && !self.defects.is_empty()
            && self.log.is_empty()
            && next.accepts_more(self)
        {
            return Err(DomainError::Problem(Problem::new(
                Field::LotSize,
                Issue::RejectedAsCounted,
            )));
        }
        judges_something(&next.plans()?)?;
        *self = next;
        Ok(())
    }

    /// Whether this set-up samples fewer pieces or accepts more defects than `than` in any
    /// respect: a lower level, or a class's AQL looser or no longer judged.
    fn eases(&self, than: &Inspection) -> bool {
        let level = match (self.level.rank(), than.level.rank()) {
            (Some(a), Some(b)) => a < b,
            _ => self.level != than.level,
        };
        let (now, was) = (self.aqls.strictness(), than.aqls.strictness());
        level || now.iter().zip(was.iter()).any(|(n, w)| n > w)
    }

    /// Counts one more (`delta` > 0) or one fewer of a defect code and class; a new defect record
    /// gets `new_id`. Refused on a finished inspection.
    pub fn tap_defect(
        &mut self,
        code: &str,
        class: &DefectClass,
        delta: i32,
        new_id: &str,
    ) -> Result<(), DomainError> {
        self.open_for_figures()?;
        let existing = self
            .defects
            .iter_mut()
            .find(|(_, d)| d.code == code && &d.class == class);
        match existing {
            Some((_, d)) => {
                d.count = if delta < 0 {
                    d.count.saturating_sub(1)
                } else {
                    d.count.saturating_add(1)
                };
            }
            None if delta > 0 => {
                self.defects.insert(
                    new_id.to_string(),
                    Defect {
                        code: code.to_string(),
                        class: class.clone(),
                        count: 1,
                        ..Defect::default()
                    },
                );
            }
            None => {}
        }
        Ok(())
    }

    /// Adds a measured point under `id` with its values in the order typed; it is placed after
    /// every measurement already there. Refused on a finished inspection.
    pub fn add_measurement(
        &mut self,
        id: &str,
        mut m: Measurement,
        values: &[Milli],
    ) -> Result<(), DomainError> {
        self.open_for_figures()?;
        m.point = m.point.trim().to_string();
        if m.point.is_empty() {
            return Err(DomainError::Problem(Problem::new(
                Field::MeasurePoint,
                Issue::Required,
            )));
        }
        m.seq = self
            .measurements
            .values()
            .map(|x| x.seq + 1)
            .max()
            .unwrap_or(0);
        // Fixed-width positions sort as typed; one device writes a measurement's values at once.
        m.measured = values
            .iter()
            .enumerate()
            .map(|(n, v)| (format!("{n:04}"), *v))
            .collect();
        self.measurements.insert(id.to_string(), m);
        Ok(())
    }

    /// The measurements in the order they were added.
    pub fn measurements_in_order(&self) -> Vec<(&String, &Measurement)> {
        let mut v: Vec<_> = self.measurements.iter().collect();
        sort_by(&mut v, |a, b| (a.1.seq, a.0).cmp(&(b.1.seq, b.0)));
        v
    }

    /// How this lot moves the ISO 2859-1 switching score (clause 9.3.3, single sampling), for a lot
    /// on original normal inspection: for a class with Ac ≥ 2, +3 if the lot would also have been
    /// accepted at the AQL one step tighter (same code letter); for a class with Ac 0 or 1
    /// (zero tolerance included), +2 if accepted; otherwise the score resets (0).
    ///
    /// The standard states the rule for one plan. With several defect classes this returns 0 as
    /// soon as one class would reset the score, and otherwise the smallest increment among the
    /// classes — our reading, since a lot is only accepted when every class is.
    pub fn switching_increment(&self) -> Result<u32, DomainError> {
        let mut inc = u32::MAX;
        for p in self.plans()? {
            let found = self.found(&p.class);
            let this = if p.accept >= 2 {
                // Same sample: the tighter AQL's plan on the row of the plan actually used.
                let tighter = p.plan.and_then(|plan| {
                    let a: Aql = p.aql.parse().ok()?;
                    let i = Aql::ALL.iter().position(|x| *x == a)?;
                    let t = *Aql::ALL.get(i.checked_sub(1)?)?;
                    let tp =
                        aql::plan_for_letter(plan.used_letter(), t, InspectionSeverity::Normal)?;
                    (tp.used_letter() == plan.used_letter()).then(|| tp.accept())
                });
                match tighter {
                    Some(ac) if found <= ac => 3,
                    _ => 0,
                }
            } else if found <= p.accept {
                2
            } else {
                0
            };
            inc = inc.min(this);
        }
        Ok(if inc == u32::MAX { 0 } else { inc })
    }
}

/// Final lots (and re-inspections of them) that failed, or reject already while still open
/// ([`Inspection::rejects_open`]), and were not inspected again: their goods were found bad, and
/// a re-inspection after rework, with its note, judges them again.
pub fn failed_waiting(order: &Order) -> Vec<&str> {
    let repeated: std::collections::BTreeSet<&str> = order
        .inspections
        .values()
        .filter_map(|i| i.reinspection_of.as_deref())
        .collect_set();
    order
        .inspections
        .iter()
        .filter(|(id, i)| {
            *root_kind(order, i) == InspectionKind::Final
                && (matches!(i.verdict(), Ok(Verdict::Fail)) || i.rejects_open())
                && !repeated.contains(id.as_str())
        })
        .map(|(id, _)| id.as_str())
        .collect()
}

/// The most pieces a lot of the order's garments can be: the order's total plus its
/// over-shipment allowance (the order's own, else the workspace's `(short, over)` per mille);
/// `None` while the order has no quantities to bound it.
pub fn lot_most(order: &Order, workspace: (u32, u32)) -> Option<u64> {
    let ordered = order.quantities.total();
    (ordered > 0).then(|| crate::shipped::allowance(order, workspace).max(ordered))
}

/// Refuses a final or inline lot of `lot` pieces above [`lot_most`]. A pre-production lot may
/// be of materials or trims, counted otherwise, and is not bounded.
fn lot_within(
    order: &Order,
    kind: &InspectionKind,
    lot: u32,
    workspace: (u32, u32),
) -> Result<(), DomainError> {
    if *kind == InspectionKind::PreProduction {
        return Ok(());
    }
    match lot_most(order, workspace) {
        Some(most) if u64::from(lot) > most => Err(DomainError::Problem(Problem::new(
            Field::LotSize,
            Issue::LotAboveOrder {
                lot: u64::from(lot),
                most,
                ordered: order.quantities.total(),
            },
        ))),
        _ => Ok(()),
    }
}

/// [`Inspection::set_plan`] on the order's inspection `id`, refusing a lot size (or kind)
/// changed so that the lot is more than the order can present ([`lot_most`]). A lot left as it
/// is stands even when the order was cut since: it is what was presented then.
pub fn set_plan_of(
    order: &mut Order,
    id: &str,
    setup: PlanSetup,
    workspace: (u32, u32),
) -> Result<(), DomainError> {
    let was = order
        .inspections
        .get(id)
        .ok_or_else(|| DomainError::not_found("inspection", id))?;
    // The inspection's own refusals first: a finished lot says to reopen it.
    let mut next = was.clone();
    next.set_plan(setup)?;
    // Judged as what it is now: a pre-production lot of 20,000 made inline is bounded too.
    if next.lot_size != was.lot_size || next.kind != was.kind {
        lot_within(order, root_kind(order, &next), next.lot_size, workspace)?;
    }
    order.inspections.insert(id.to_string(), next);
    Ok(())
}

/// Starts inspection `insp` under `id`. A final lot started while a failed final lot waits for
/// its re-inspection ([`failed_waiting`]) is refused without a reason (the goods of another
/// shipment, say), and keeps it ([`Inspection::started_over`]); otherwise none is kept. A final
/// or inline lot is no larger than the order can present ([`lot_most`], with the workspace's
/// `(short, over)` allowance).
pub fn start(
    order: &mut Order,
    id: &str,
    mut insp: Inspection,
    reason: &str,
    workspace: (u32, u32),
) -> Result<(), DomainError> {
    let reason = reason.trim();
    lot_within(order, &insp.kind, insp.lot_size, workspace)?;
    insp.started_over = String::new();
    // A lot is the factory's that makes it: the order's now, whatever the caller filled in. A
    // final lot with no factory would be judged on no factory's history (a way around a
    // factory whose acceptance is discontinued), so none starts.
    insp.factory = order.named_factory().unwrap_or_default().to_string();
    if insp.kind == InspectionKind::Final && insp.factory.is_empty() {
        return Err(no_factory());
    }
    if insp.kind == InspectionKind::Final && !failed_waiting(order).is_empty() {
        if reason.is_empty() {
            return Err(DomainError::Problem(Problem::new(
                Field::StartedOver,
                Issue::FailedLotWaits,
            )));
        }
        insp.started_over = reason.to_string();
    }
    let (kind, on) = (insp.kind.clone(), insp.date.or(insp.scheduled));
    order.inspections.insert(id.to_string(), insp);
    crate::bookings::take_up(order, &kind, id, on);
    Ok(())
}

/// A failed inspection gets a linked re-inspection after rework: same lot and plan, no findings,
/// and the rework note, which is required (a re-inspection says what was reworked). A failed
/// final lot's re-inspection is a final lot (it may ship the goods), so none is requested while
/// acceptance at the factory is discontinued: `acceptance` is what the switching rules say for
/// the factory's next final lot ([`next_final_lot_for_factory`], over every order's lots).
pub fn reinspect(
    order: &mut Order,
    failed: &str,
    new_id: &str,
    rework_note: &str,
    scheduled: Option<Day>,
    acceptance: &NextLot,
) -> Result<(), DomainError> {
    let f = order
        .inspections
        .get(failed)
        .ok_or_else(|| DomainError::not_found("inspection", failed))?;
    if f.verdict()? != Verdict::Fail {
        return Err(DomainError::NotAFailedInspection(failed.to_string()));
    }
    let factory = order
        .credited_factory(&f.factory)
        .unwrap_or_default()
        .to_string();
    if *root_kind(order, f) == InspectionKind::Final {
        if factory.is_empty() {
            return Err(no_factory());
        }
        may_start_final(acceptance)?;
    }
    let rework_note = rework_note.trim();
    if rework_note.is_empty() {
        return Err(DomainError::Problem(Problem::new(
            Field::ReworkNote,
            Issue::Required,
        )));
    }
    let re = Inspection {
        kind: InspectionKind::Reinspection,
        reinspection_of: Some(failed.to_string()),
        rework_note: rework_note.to_string(),
        factory,
        inspector: f.inspector.clone(),
        scheduled,
        lot_size: f.lot_size,
        level: f.level.clone(),
        stringency: f.stringency.clone(),
        aqls: f.aqls.clone(),
        // The reworked goods are the same shipments' goods.
        shipments: f.shipments.clone(),
        ..Inspection::default()
    };
    order.inspections.insert(new_id.to_string(), re);
    Ok(())
}

fn no_factory() -> DomainError {
    DomainError::Problem(Problem::new(Field::Factory, Issue::NoFactoryNamed))
}

/// The factory a re-inspection of `failed` is judged at: the failed lot's (the goods reworked
/// are its goods), not the order's now. Callers pass [`reinspect`] the acceptance there.
pub fn reinspection_factory(order: &Order, failed: &str) -> Option<String> {
    let f = order.inspections.get(failed)?;
    order.credited_factory(&f.factory).map(str::to_string)
}

/// The factories the order's completed final lots count at, sorted: a factory's switching
/// rules read the orders that list it here (as well as the orders that name it).
pub fn final_lot_factories(order: &Order) -> Vec<String> {
    let mut v: Vec<String> = order
        .inspections
        .values()
        .filter(|i| i.completed && i.kind == InspectionKind::Final)
        .filter_map(|i| order.credited_factory(&i.factory))
        .map(str::to_string)
        .collect();
    crate::sorting::sort(&mut v);
    v.dedup();
    v
}

/// The kind at the root of a re-inspection chain (a re-inspection of a final is a final).
pub fn root_kind<'a>(order: &'a Order, mut insp: &'a Inspection) -> &'a InspectionKind {
    let mut hops = 0;
    while let Some(parent) = insp
        .reinspection_of
        .as_ref()
        .and_then(|p| order.inspections.get(p))
    {
        insp = parent;
        hops += 1;
        if hops > order.inspections.len() {
            break;
        }
    }
    &insp.kind
}

/// The completed final inspection (or re-inspection of one) that judges the order's goods. A lot
/// that was re-inspected is judged by its re-inspection whatever the dates and ids say (both are
/// often the same day, and ids come from different devices), so only inspections no completed
/// re-inspection repeats are candidates; among those the latest wins ([`later_lot`]).
pub fn latest_final(order: &Order) -> Option<(&String, &Inspection)> {
    final_candidates(order).max_by(later_lot)
}

/// Orders lots by the day they were carried out, then by when they were first finished (two lots
/// of one day: the one finished last), then by id; finishing again after a reopening moves
/// neither.
fn later_lot(a: &(&String, &Inspection), b: &(&String, &Inspection)) -> std::cmp::Ordering {
    (a.1.date, a.1.first_finished_ms(), a.0).cmp(&(b.1.date, b.1.first_finished_ms(), b.0))
}

/// The completed final inspections (or re-inspections of one) that no completed re-inspection
/// repeats: the lots that can judge the goods.
fn final_candidates(order: &Order) -> impl Iterator<Item = (&String, &Inspection)> {
    let repeated: std::collections::BTreeSet<&str> = order
        .inspections
        .values()
        .filter(|i| i.completed)
        .filter_map(|i| i.reinspection_of.as_deref())
        .collect_set();
    order.inspections.iter().filter(move |(id, i)| {
        i.completed
            && !repeated.contains(id.as_str())
            && *root_kind(order, i) == InspectionKind::Final
    })
}

/// True when the latest completed final inspection (or re-inspection of one) passed
/// ([`latest_final`]) and no final lot's failure is left unsettled ([`unsettled`]).
pub fn final_passed(order: &Order) -> bool {
    latest_passed(order) && !unsettled(order, |_| true)
}

/// Whether the latest completed final lot ([`latest_final`]) passed, whatever lies beside it.
fn latest_passed(order: &Order) -> bool {
    latest_final(order).is_some_and(|(_, i)| matches!(i.verdict(), Ok(Verdict::Pass)))
}

/// Whether some final lot leaves the goods' verdict open though the latest passed: one failed
/// (or rejecting while open) and not settled, or one reopened ([`unsettled`]). Said as why shipping waits.
pub fn failure_unsettled(order: &Order) -> bool {
    latest_passed(order) && unsettled(order, |_| true)
}

/// Whether a final lot among those `covers` says are of the goods judged leaves their verdict
/// open: one finished and reopened, not finished again (its goods are being judged again), or
/// one that failed, or rejects already while never finished ([`Inspection::rejects_open`]),
/// and that neither a completed re-inspection judged again nor a later lot
/// started over with a reason ([`start`], [`Inspection::started_over`]) took the place of. The
/// latest lot deciding alone let a passed lot stand over a failed one by its order: a lot
/// opened beside the failing one before it failed, a re-inspection asked for and never done
/// (a fresh lot then starts with no reason), or the failed lot reopened and left open so an
/// earlier passed one decided.
fn unsettled(order: &Order, covers: impl Fn(&Inspection) -> bool) -> bool {
    let judged_again: std::collections::BTreeSet<&str> = order
        .inspections
        .values()
        .filter(|i| i.completed)
        .filter_map(|i| i.reinspection_of.as_deref())
        .collect_set();
    let finals: Vec<(&String, &Inspection)> = order
        .inspections
        .iter()
        .filter(|(_, i)| *root_kind(order, i) == InspectionKind::Final && covers(i))
        .collect();
    finals.iter().any(|f| {
        let (id, i) = *f;
        let reopened = !i.completed && !i.log.is_empty();
        let failed = ((i.completed && matches!(i.verdict(), Ok(Verdict::Fail)))
            || i.rejects_open())
            && !judged_again.contains(id.as_str());
        let replaced = || {
            finals.iter().any(|m| {
                m.1.completed
                    && !m.1.started_over.trim().is_empty()
                    && later_lot(m, f) == std::cmp::Ordering::Greater
            })
        };
        reopened || (failed && !replaced())
    })
}

/// The smallest final lot that is the goods presented: what the order's shipments carry when
/// they give their pieces, else the order's total less the short-shipment allowance
/// (`short_permille` per mille, rounded in the lot's disfavour); never less than one piece.
pub fn final_lot_needed(order: &Order, short_permille: u32) -> u64 {
    let carried = crate::shipped::shipped_total(order);
    let needed = if carried > 0 {
        carried
    } else {
        let keep = 1000u64.saturating_sub(u64::from(short_permille));
        order.quantities.total().saturating_mul(keep).div_ceil(1000)
    };
    needed.max(1)
}

/// `Some((lot, needed))` when the deciding final lot ([`latest_final`]) is smaller than
/// [`final_lot_needed`]: sampling 50 pieces of a 10,000-piece order, or a lot of 0, says nothing
/// about the goods that ship. `None` when it is big enough or there is no final inspection.
pub fn final_lot_short(order: &Order, short_permille: u32) -> Option<(u32, u64)> {
    let (_, i) = latest_final(order)?;
    let needed = final_lot_needed(order, short_permille);
    (u64::from(i.lot_size) < needed).then_some((i.lot_size, needed))
}

/// The shipments a lot names: its own, or for a re-inspection recorded without any, those of the
/// lot it repeats. Empty: the whole order.
pub fn lot_shipments<'a>(order: &'a Order, insp: &'a Inspection) -> Vec<&'a str> {
    let mut at = insp;
    for _ in 0..=order.inspections.len() {
        let own: Vec<&str> = at.shipment_ids().collect();
        if !own.is_empty() {
            return own;
        }
        match at
            .reinspection_of
            .as_ref()
            .and_then(|p| order.inspections.get(p))
        {
            Some(parent) => at = parent,
            None => break,
        }
    }
    Vec::new()
}

/// The completed final inspection (or re-inspection of one) that judges shipment `shipment`:
/// among those no completed re-inspection repeats ([`latest_final`]'s candidates), the latest
/// whose lot names that shipment or names none (the whole order).
pub fn deciding_final_for<'a>(
    order: &'a Order,
    shipment: &str,
) -> Option<(&'a String, &'a Inspection)> {
    final_candidates(order)
        .filter(|(_, i)| {
            let named = lot_shipments(order, i);
            named.is_empty() || named.contains(&shipment)
        })
        .max_by(later_lot)
}

/// The final-inspection gates for shipping the shipments `shipping` (ids; empty when the order
/// has none, then the whole order is judged as before shipments existed). For each shipment the
/// deciding lot ([`deciding_final_for`]) must have passed and hold at least the pieces of every
/// shipment it names together (a lot naming none: [`final_lot_needed`], the order's rule). A
/// shipment no passed lot covers while another's did is a [`Gate::FinalLot`] with lot 0; no final
/// inspection passed at all, or a failed deciding lot, is [`Gate::FinalInspection`].
pub fn final_gates(order: &Order, short_permille: u32, shipping: &[&str]) -> Vec<Gate> {
    let mut out: Vec<Gate> = Vec::new();
    let mut push = |g: Gate| {
        if !out.contains(&g) {
            out.push(g);
        }
    };
    if shipping.is_empty() {
        if !final_passed(order) {
            push(Gate::FinalInspection);
        } else if let Some((lot, needed)) = final_lot_short(order, short_permille) {
            push(Gate::FinalLot {
                lot,
                needed,
                shipment: None,
            });
        }
        return out;
    }
    let pieces = |id: &str| order.shipments.get(id).map_or(0, |s| s.shipped_pieces());
    for &x in shipping {
        let open = unsettled(order, |i| {
            let named = lot_shipments(order, i);
            named.is_empty() || named.contains(&x)
        });
        match deciding_final_for(order, x) {
            Some(_) if open => push(Gate::FinalInspection),
            Some((_, i)) if matches!(i.verdict(), Ok(Verdict::Pass)) => {
                let named = lot_shipments(order, i);
                let (needed, shipment) = if named.is_empty() {
                    (final_lot_needed(order, short_permille), None)
                } else {
                    let carried: u64 = named.iter().map(|s| pieces(s)).sum();
                    // Shipments that say no pieces yet (no packing list) are judged as the
                    // order is: a lot of one piece passed for an empty shipment shipped it.
                    let needed = match carried {
                        0 => final_lot_needed(order, short_permille),
                        n => n,
                    };
                    (needed, Some(x.to_string()))
                };
                if u64::from(i.lot_size) < needed {
                    push(Gate::FinalLot {
                        lot: i.lot_size,
                        needed,
                        shipment,
                    });
                }
            }
            Some(_) => push(Gate::FinalInspection),
            None if latest_final(order).is_none() => push(Gate::FinalInspection),
            None => push(Gate::FinalLot {
                lot: 0,
                needed: pieces(x).max(1),
                shipment: Some(x.to_string()),
            }),
        }
    }
    out
}

/// What the switching rules set for a factory's next final lot of an order: the stringency to
/// inspect it at, and whether acceptance is discontinued (five lots not accepted on tightened).
/// Reduced inspection needs the responsible authority's approval, which the app does not record,
/// so the rules never switch to it here; a user may still choose it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextLot {
    pub stringency: Stringency,
    pub discontinued: bool,
}

pub fn next_final_lot(order: &Order, factory: &str) -> NextLot {
    let st = switching(&factory_lots(order, factory), false);
    NextLot {
        stringency: Stringency::from_aql(st.severity),
        discontinued: st.discontinued,
    }
}

/// One lot on original inspection, as the switching rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LotOutcome {
    pub accepted: bool,
    /// [`Inspection::switching_increment`]; only read while on normal inspection.
    pub score_increment: u32,
}

/// The switching state after a sequence of lots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwitchState {
    pub severity: InspectionSeverity,
    /// Five lots not accepted while on tightened: stop accepting lots until the supplier has
    /// corrected the process (clause 9.4); the history after that restarts the rules.
    pub discontinued: bool,
    pub switching_score: u32,
}

/// The ISO 2859-1:1999 switching rules (clause 9) replayed over a factory's lots in order, on
/// original inspection only (re-inspections excluded), starting on normal:
///
/// - normal → tightened when 2 lots out of 5 or fewer consecutive lots are not accepted;
/// - tightened → normal when 5 consecutive lots are accepted;
/// - normal → reduced when the switching score reaches 30 **and** `reduced_approved` (the standard
///   also requires steady production and approval by the responsible authority, which only a
///   person can judge; the caller passes that as `reduced_approved`). The score starts at 0 on
///   every entry into normal and follows [`Inspection::switching_increment`];
/// - reduced → normal when a lot is not accepted (the standard's other triggers — irregular
///   production, other conditions — are again for a person to judge);
/// - discontinue when the cumulative number of lots not accepted while on tightened reaches 5
///   (the standard counts non-accepted lots in the consecutive tightened sequence, not 5
///   consecutive rejections). Once discontinued the state stays so; pass the history since
///   resumption to continue.
///
/// The recorded stringency of each lot is not read: the history is replayed as if the rules were
/// followed.
pub fn switching(history: &[LotOutcome], reduced_approved: bool) -> SwitchState {
    switching_from(InspectionSeverity::Normal, history, reduced_approved)
}

/// [`switching`] starting at `start` (tightened when resuming after corrective action, 9.4).
pub fn switching_from(
    start: InspectionSeverity,
    history: &[LotOutcome],
    reduced_approved: bool,
) -> SwitchState {
    let mut st = SwitchState {
        severity: start,
        discontinued: false,
        switching_score: 0,
    };
    let mut window: Vec<bool> = Vec::new(); // accepted flags since entering normal, last 5
    let mut tight_accepted_run = 0u32;
    let mut tight_rejected = 0u32;
    for lot in history {
        if st.discontinued {
            break;
        }
        match st.severity {
            InspectionSeverity::Normal => {
                window.push(lot.accepted);
                if window.len() > 5 {
                    window.remove(0);
                }
                st.switching_score = if lot.accepted && lot.score_increment > 0 {
                    st.switching_score + lot.score_increment
                } else {
                    0
                };
                if window.iter().filter(|a| !**a).count() >= 2 {
                    st.severity = InspectionSeverity::Tightened;
                    st.switching_score = 0;
                    tight_accepted_run = 0;
                    tight_rejected = 0;
                } else if st.switching_score >= 30 && reduced_approved {
                    st.severity = InspectionSeverity::Reduced;
                    st.switching_score = 0;
                }
            }
            InspectionSeverity::Tightened => {
                if lot.accepted {
                    tight_accepted_run += 1;
                    if tight_accepted_run >= 5 {
                        st.severity = InspectionSeverity::Normal;
                        window.clear();
                        st.switching_score = 0;
                    }
                } else {
                    tight_accepted_run = 0;
                    tight_rejected += 1;
                    if tight_rejected >= 5 {
                        st.discontinued = true;
                    }
                }
            }
            InspectionSeverity::Reduced => {
                if !lot.accepted {
                    st.severity = InspectionSeverity::Normal;
                    window.clear();
                    st.switching_score = 0;
                }
            }
        }
    }
    st
}

/// Whether `i` is a completed final lot (not a re-inspection) that counts at `factory`
/// ([`Order::credited_factory`]): the lots the switching rules replay.
fn final_lot_of(order: &Order, i: &Inspection, factory: &str) -> bool {
    i.completed
        && i.kind == InspectionKind::Final
        && order.credited_factory(&i.factory) == Some(factory.trim())
}

/// An order's lots at `factory` in inspection order: completed final inspections (not
/// re-inspections) credited to it, sorted by date then id.
pub fn factory_lots(order: &Order, factory: &str) -> Vec<LotOutcome> {
    let mut v: Vec<_> = order
        .inspections
        .iter()
        .filter(|(_, i)| final_lot_of(order, i, factory))
        .collect();
    sort_by(&mut v, |a, b| (a.1.date, a.0).cmp(&(b.1.date, b.0)));
    v.into_iter()
        .map(|(_, i)| LotOutcome {
            accepted: matches!(i.verdict(), Ok(Verdict::Pass)),
            score_increment: i.switching_increment().unwrap_or(0),
        })
        .collect()
}

/// Corrective action recorded at a factory after acceptance was discontinued (ISO 2859-1 clause
/// 9.4): who, when, what. Kept in the workspace, since it concerns the factory across its orders.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct CorrectiveAction {
    /// Party id of the factory.
    pub factory: String,
    pub by: String,
    pub on: Option<Day>,
    pub action: String,
}

crate::record_fields!(CorrectiveAction;
    factory: String,
    by: String,
    on: Option<Day>,
    action: String,
);

/// The switching rules for a factory's next final lot, across **all** its orders' lots in time
/// order (then by order id and inspection id, the same on every replica). When acceptance was
/// discontinued, a corrective action at that factory dated on or after the lot that discontinued
/// it resumes inspection on tightened with the lots after it; without one, `discontinued` stays
/// set and [`may_start_final`] refuses new final inspections there.
pub fn next_final_lot_for_factory<'a>(
    orders: impl IntoIterator<Item = (&'a str, &'a Order)>,
    factory: &str,
    actions: impl IntoIterator<Item = &'a CorrectiveAction>,
) -> NextLot {
    let mut lots: Vec<(Option<Day>, &str, &String, &Inspection)> = orders
        .into_iter()
        .flat_map(|(oid, o)| {
            o.inspections
                .iter()
                .filter(move |(_, i)| final_lot_of(o, i, factory))
                .map(move |(iid, i)| (i.date, oid, iid, i))
        })
        .collect();
    sort_by(&mut lots, |a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    let mut actions: Vec<Day> = actions
        .into_iter()
        .filter(|a| a.factory.trim() == factory.trim())
        .filter_map(|a| a.on)
        .collect();
    sort(&mut actions);
    let outcome = |i: &Inspection| LotOutcome {
        accepted: matches!(i.verdict(), Ok(Verdict::Pass)),
        score_increment: i.switching_increment().unwrap_or(0),
    };
    let mut start = InspectionSeverity::Normal;
    let mut from = 0;
    loop {
        // Replay lot by lot to find where (if anywhere) acceptance is discontinued.
        let seg: Vec<LotOutcome> = lots[from..].iter().map(|l| outcome(l.3)).collect();
        let mut stop = None;
        for n in 1..=seg.len() {
            if switching_from(start, &seg[..n], false).discontinued {
                stop = Some(from + n - 1);
                break;
            }
        }
        let Some(stop) = stop else {
            let st = switching_from(start, &seg, false);
            return NextLot {
                stringency: Stringency::from_aql(st.severity),
                discontinued: false,
            };
        };
        let stopped_on = lots[stop].0;
        let Some(resumed) = actions.iter().find(|d| Some(**d) >= stopped_on) else {
            return NextLot {
                stringency: Stringency::Tightened,
                discontinued: true,
            };
        };
        let resumed = *resumed;
        actions.retain(|d| *d > resumed);
        start = InspectionSeverity::Tightened;
        from = stop + 1;
    }
}

/// Records a corrective action under `id`: it needs the factory, who, when and what was done.
pub fn record_corrective_action(
    actions: &mut RecordMap<CorrectiveAction>,
    id: &str,
    a: CorrectiveAction,
) -> Result<(), DomainError> {
    let missing = |field| DomainError::Problem(Problem::new(field, Issue::Required));
    if a.factory.trim().is_empty() {
        return Err(missing(Field::Factory));
    }
    if a.by.trim().is_empty() {
        return Err(missing(Field::CorrectiveBy));
    }
    if a.on.is_none() {
        return Err(missing(Field::CorrectiveOn));
    }
    if a.action.trim().is_empty() {
        return Err(missing(Field::CorrectiveAction));
    }
    actions.insert(id.to_string(), a);
    Ok(())
}

/// Refuses a new final inspection at a factory whose acceptance is discontinued until corrective
/// action is recorded.
pub fn may_start_final(next: &NextLot) -> Result<(), DomainError> {
    if next.discontinued {
        return Err(DomainError::Discontinued);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Acceptance as usual at the factory: normal inspection, not discontinued.
    fn open_lot() -> NextLot {
        NextLot {
            stringency: Stringency::default(),
            discontinued: false,
        }
    }

    /// An order naming its factory: final lots start and are re-inspected only then.
    fn at_factory() -> Order {
        let mut o = Order::new();
        o.factory = Some("f".into());
        o
    }

    fn insp(lot: u32) -> Inspection {
        Inspection {
            lot_size: lot,
            completed: true,
            ..Inspection::default()
        }
    }

    fn defect(class: DefectClass, count: u32) -> Defect {
        Defect {
            class,
            count,
            ..Defect::default()
        }
    }

    #[test]
    fn plans_follow_the_tables_and_zero_tolerance_shares_the_sample() {
        // 3,000 pcs, level II → K, n = 125; 2.5 → 7/8, 4.0 → 10/11
        let i = insp(3000);
        let p = i.plans().unwrap();
        assert_eq!(p.len(), 3);
        assert_eq!((p[0].sample_size, p[0].accept, p[0].reject), (125, 0, 1));
        assert!(p[0].zero_tolerance);
        assert_eq!((p[1].sample_size, p[1].accept, p[1].reject), (125, 7, 8));
        assert_eq!((p[2].sample_size, p[2].accept, p[2].reject), (125, 10, 11));
        assert_eq!(i.units_sampled().unwrap(), 125);
    }

    #[test]
    fn the_verdict_follows_the_defects() {
        let mut i = insp(3000);
        i.defects.insert("a".into(), defect(DefectClass::Major, 7));
        i.defects.insert("b".into(), defect(DefectClass::Minor, 10));
        assert_eq!(i.verdict().unwrap(), Verdict::Pass);
        i.defects
            .insert("c".into(), defect(DefectClass::Critical, 1));
        assert_eq!(i.verdict().unwrap(), Verdict::Fail);
        i.defects.remove("c");
        i.defects.insert("d".into(), defect(DefectClass::Major, 1));
        assert_eq!(i.verdict().unwrap(), Verdict::Fail);
        i.completed = false;
        assert_eq!(i.verdict().unwrap(), Verdict::Pending);
    }

    #[test]
    fn a_bad_aql_is_named() {
        let mut i = insp(3000);
        i.aqls.major = "3".into();
        let e = i.verdict().unwrap_err();
        assert!(
            matches!(&e, DomainError::Problem(p) if p.field == Field::AqlMajor),
            "{e}"
        );
        i.aqls = Aqls {
            critical: "0".into(),
            major: String::new(),
            minor: String::new(),
        };
        assert!(matches!(
            i.plans(),
            Err(DomainError::Problem(Problem {
                field: Field::AqlCritical,
                issue: Issue::ZeroWithoutSample,
            }))
        ));
    }

    #[test]
    fn photos_are_referenced_by_their_hash() {
        let mut d = Defect::default();
        d.add_photo(&"AB".repeat(32), "collar").unwrap();
        d.add_photo(&"ab".repeat(32), "collar again").unwrap();
        assert_eq!(d.photos.len(), 1);
        assert!(d.add_photo("abc", "").is_err());
        assert!(d.add_photo(&"zz".repeat(32), "").is_err());
    }

    #[test]
    fn measurements_count_pieces_out_of_tolerance() {
        let mut m = Measurement {
            spec: "50".parse().unwrap(),
            tolerance: "1".parse().unwrap(),
            ..Measurement::default()
        };
        for (k, v) in [("a", "50.5"), ("b", "48.9"), ("c", "51")] {
            m.measured.insert(k.into(), v.parse().unwrap());
        }
        assert_eq!(m.out_of_tolerance(), 1);
    }

    #[test]
    fn two_rejected_lots_out_of_five_tighten_the_next_lot() {
        let mut o = Order::new();
        assert_eq!(next_final_lot(&o, "f").stringency, Stringency::Normal);
        for (n, (id, bad)) in [("l1", true), ("l2", false), ("l3", true)]
            .into_iter()
            .enumerate()
        {
            let mut i = insp(500);
            i.factory = "f".into();
            i.date = Day::from_ymd(2026, 5, 1 + n as u32);
            if bad {
                i.defects
                    .insert("x".into(), defect(DefectClass::Critical, 1));
            }
            o.inspections.insert(id.into(), i);
        }
        let next = next_final_lot(&o, "f");
        assert_eq!(next.stringency, Stringency::Tightened);
        assert!(!next.discontinued);
        assert_eq!(
            next_final_lot(&o, "other").stringency,
            Stringency::Normal,
            "another factory's lots do not count"
        );
    }

    #[test]
    fn a_same_day_reinspection_decides_whatever_its_id() {
        let mut o = at_factory();
        let mut f = insp(500);
        f.defects
            .insert("x".into(), defect(DefectClass::Critical, 1));
        f.date = Day::from_ymd(2026, 5, 2);
        // The failed one's id sorts last, as a random id from another device may.
        o.inspections.insert("zz-failed".into(), f);
        reinspect(
            &mut o,
            "zz-failed",
            "aa-again",
            "repacked",
            None,
            &open_lot(),
        )
        .unwrap();
        let r = o.inspections.get_mut("aa-again").unwrap();
        r.date = Day::from_ymd(2026, 5, 2);
        assert!(
            !final_passed(&o),
            "a re-inspection still open decides nothing"
        );
        o.inspections.get_mut("aa-again").unwrap().completed = true;
        assert!(final_passed(&o));
    }

    /// The switching rules set a final lot's stringency when it starts; easing it in the set-up
    /// afterwards sampled a tightened lot as a normal or reduced one, and a lot that should
    /// fail passed. Tightening stays allowed, and so does anything on other inspections.
    #[test]
    fn a_final_lots_stringency_may_be_tightened_never_eased() {
        let setup = |i: &Inspection, stringency: Stringency| PlanSetup {
            kind: i.kind.clone(),
            lot_size: i.lot_size,
            level: i.level.clone(),
            stringency,
            aqls: i.aqls.clone(),
        };
        let eased = |r: Result<(), DomainError>| {
            matches!(r, Err(DomainError::Problem(p))
                if p == Problem::new(Field::Stringency, Issue::StringencyNotEased))
        };
        let start = |kind: InspectionKind, stringency: Stringency| Inspection {
            kind,
            lot_size: 500,
            stringency,
            ..Inspection::default()
        };
        let mut tightened = start(InspectionKind::Final, Stringency::Tightened);
        for lower in [Stringency::Normal, Stringency::Reduced] {
            assert!(eased(tightened.set_plan(setup(&tightened, lower))));
            assert_eq!(tightened.stringency, Stringency::Tightened);
        }
        let mut normal = start(InspectionKind::Final, Stringency::Normal);
        assert!(eased(normal.set_plan(setup(&normal, Stringency::Reduced))));
        assert!(eased(
            normal.set_plan(setup(&normal, Stringency::Other("lenient".into())))
        ));
        normal
            .set_plan(setup(&normal, Stringency::Tightened))
            .expect("tightening is allowed");
        assert_eq!(normal.stringency, Stringency::Tightened);
        // A re-inspection counts as final and keeps its lot's stringency.
        let mut again = start(InspectionKind::Reinspection, Stringency::Tightened);
        assert!(eased(again.set_plan(setup(&again, Stringency::Normal))));
        // Other inspections are set up as the merchandiser likes.
        let mut inline = start(InspectionKind::Inline, Stringency::Tightened);
        inline
            .set_plan(setup(&inline, Stringency::Reduced))
            .expect("an inline inspection may be eased");
        // A stringency this build does not know may be replaced by one at least normal.
        let mut unknown = start(InspectionKind::Final, Stringency::Other("x".into()));
        assert!(eased(
            unknown.set_plan(setup(&unknown, Stringency::Reduced))
        ));
        unknown
            .set_plan(setup(&unknown, Stringency::Normal))
            .expect("read as normal at worst");
    }

    /// A new final lot beside a failed one skipped the rework note and the failed lot's plan and
    /// raised first pass: while a failed final lot (or its failed re-inspection) waits, a final
    /// lot starts only with a reason, kept; a re-inspection settles the wait; other kinds are free.
    #[test]
    fn a_final_lot_beside_a_failed_one_waiting_for_reinspection_says_why() {
        let waits = |r: Result<(), DomainError>| {
            matches!(r, Err(DomainError::Problem(p))
                if p == Problem::new(Field::StartedOver, Issue::FailedLotWaits))
        };
        let fin = || Inspection {
            kind: InspectionKind::Final,
            lot_size: 500,
            ..Inspection::default()
        };
        let mut o = at_factory();
        start(&mut o, "f1", fin(), "ignored", (30, 50)).unwrap();
        assert_eq!(
            o.inspections["f1"].started_over, "",
            "nothing failed: nothing kept"
        );
        let f1 = o.inspections.get_mut("f1").unwrap();
        f1.tap_defect("D01", &DefectClass::Critical, 1, "d")
            .unwrap();
        f1.finish(Day::from_ymd(2026, 5, 2).unwrap(), "qc", 1, "l")
            .unwrap();
        assert_eq!(failed_waiting(&o), ["f1"]);
        assert!(waits(start(&mut o, "f2", fin(), " ", (30, 50))));
        assert!(!o.inspections.contains_key("f2"));
        let inline = Inspection {
            kind: InspectionKind::Inline,
            ..fin()
        };
        start(&mut o, "i1", inline, "", (30, 50)).expect("other kinds are free");
        start(&mut o, "f2", fin(), "second shipment's goods", (30, 50)).unwrap();
        assert_eq!(o.inspections["f2"].started_over, "second shipment's goods");
        reinspect(&mut o, "f1", "r1", "repacked", None, &open_lot()).unwrap();
        assert!(failed_waiting(&o).is_empty());
        start(&mut o, "f3", fin(), "", (30, 50)).expect("the failed lot is being re-inspected");
    }

    /// A plan judging no class passed every lot with nothing sampled: refused on every kind, at
    /// set-up and at finishing (an inspection stored by an older build or a merge may hold one).
    #[test]
    fn a_plan_that_judges_no_class_is_refused() {
        let none = |r: Result<(), DomainError>| {
            matches!(r, Err(DomainError::Problem(p))
                if p == Problem::new(Field::AqlMajor, Issue::NoClassJudged))
        };
        let blank = Aqls {
            critical: String::new(),
            major: " ".into(),
            minor: String::new(),
        };
        for kind in [InspectionKind::Final, InspectionKind::Inline] {
            let mut i = Inspection {
                kind: kind.clone(),
                lot_size: 500,
                ..Inspection::default()
            };
            let setup = PlanSetup {
                kind,
                lot_size: 500,
                level: i.level.clone(),
                stringency: i.stringency.clone(),
                aqls: blank.clone(),
            };
            assert!(none(i.set_plan(setup)));
            assert_eq!(i.aqls, Aqls::default(), "kept");
            i.aqls = blank.clone();
            assert!(none(i.finish(
                Day::from_ymd(2026, 5, 2).unwrap(),
                "qc",
                1,
                "l"
            )));
            assert!(!i.completed);
            // Finished so by an older build: judged by nothing, it is no pass.
            i.completed = true;
            i.date = Some(Day::from_ymd(2026, 5, 2).unwrap());
            i.sealed = Some(i.figures_seal());
            assert!(matches!(i.verdict(), Err(DomainError::Problem(p))
                if p == Problem::new(Field::AqlMajor, Issue::NoClassJudged)));
        }
    }

    /// Once defects were counted on a final lot, or it was finished, its level and AQLs only
    /// tighten: easing them until the lot passed (a class cleared, an AQL raised, the level
    /// lowered) left no trace. Counting the defects back to zero or reopening frees nothing;
    /// before any count a mistyped set-up is corrected freely, and other kinds stay free.
    #[test]
    fn a_judged_final_lots_plan_may_be_tightened_never_eased() {
        let eased = |r: Result<(), DomainError>| {
            matches!(r, Err(DomainError::Problem(p))
                if p == Problem::new(Field::AqlMajor, Issue::PlanNotEased))
        };
        let with = |i: &Inspection, level: Level, aqls: [&str; 3]| PlanSetup {
            kind: i.kind.clone(),
            lot_size: i.lot_size,
            level,
            stringency: i.stringency.clone(),
            aqls: Aqls {
                critical: aqls[0].into(),
                major: aqls[1].into(),
                minor: aqls[2].into(),
            },
        };
        let mut f = Inspection {
            kind: InspectionKind::Final,
            lot_size: 500,
            ..Inspection::default()
        };
        // Before anything is counted: a correction either way.
        f.set_plan(with(&f, Level::II, ["0", "4.0", "4.0"]))
            .unwrap();
        f.set_plan(with(&f, Level::II, ["0", "2.5", "4.0"]))
            .unwrap();
        f.tap_defect("stain", &DefectClass::Major, 1, "d1").unwrap();
        f.tap_defect("stain", &DefectClass::Major, -1, "d1")
            .unwrap();
        for (level, aqls) in [
            (Level::II, ["0", "4.0", "4.0"]),
            (Level::II, ["", "2.5", "4.0"]),
            (Level::II, ["0.65", "2.5", "4.0"]),
            (Level::I, ["0", "2.5", "4.0"]),
            (Level::S4, ["0", "1.5", "2.5"]),
            (Level::Other("custom".into()), ["0", "2.5", "4.0"]),
        ] {
            assert!(
                eased(f.set_plan(with(&f, level.clone(), aqls))),
                "{level:?} {aqls:?}"
            );
            assert_eq!((&f.level, f.aqls.major.as_str()), (&Level::II, "2.5"));
        }
        f.set_plan(with(&f, Level::III, ["0", "1.5", "2.5"]))
            .expect("tightening is allowed");
        // Finished and reopened: still judged.
        let mut g = Inspection {
            kind: InspectionKind::Reinspection,
            lot_size: 500,
            ..Inspection::default()
        };
        g.finish(Day::from_ymd(2026, 5, 2).unwrap(), "qc", 1, "l1")
            .unwrap();
        g.reopen("miscounted", "qc", 2, "l2").unwrap();
        assert!(eased(g.set_plan(with(&g, Level::II, ["0", "6.5", "4.0"]))));
        // A re-inspection of a failed lot, before anything is counted: its inherited plan only
        // tightens (the failed lot's, judged already).
        let mut re = Inspection {
            kind: InspectionKind::Reinspection,
            reinspection_of: Some("failed".into()),
            lot_size: 500,
            level: Level::II,
            aqls: Aqls {
                critical: "0".into(),
                major: "2.5".into(),
                minor: "4.0".into(),
            },
            ..Inspection::default()
        };
        for (level, aqls) in [
            (Level::S1, ["0", "2.5", "4.0"]),
            (Level::II, ["0", "1000", "4.0"]),
            (Level::II, ["", "2.5", "4.0"]),
        ] {
            assert!(
                eased(re.set_plan(with(&re, level.clone(), aqls))),
                "{level:?} {aqls:?}"
            );
        }
        re.set_plan(with(&re, Level::III, ["0", "2.5", "4.0"]))
            .expect("tightening is allowed");
        // An inline inspection is set up as the merchandiser likes.
        let mut inline = Inspection {
            kind: InspectionKind::Inline,
            lot_size: 500,
            ..Inspection::default()
        };
        inline
            .tap_defect("stain", &DefectClass::Major, 1, "d1")
            .unwrap();
        inline
            .set_plan(with(&inline, Level::I, ["", "6.5", ""]))
            .expect("an inline inspection may be eased");
    }

    /// Two devices finish one lot offline, one on a count that fails it and one (with an
    /// earlier clock) on a count that passes: after the merge the lot did not pass first. A
    /// pass, reopened and finished failed, still passed first.
    #[test]
    fn a_lot_finished_failed_on_one_device_did_not_pass_first() {
        let open = Inspection {
            kind: InspectionKind::Final,
            lot_size: 2_000,
            ..Inspection::default()
        };
        let on = Day::from_ymd(2026, 5, 2).unwrap();
        let mut a = open.clone();
        for _ in 0..8 {
            a.tap_defect("stain", &DefectClass::Major, 1, "d1").unwrap();
        }
        a.finish(on, "qc-a", 5, "a-f").unwrap();
        let mut b = open.clone();
        b.finish(on, "qc-b", 3, "b-f").unwrap();
        assert_eq!(
            (a.first_passed(), b.first_passed()),
            (Some(false), Some(true))
        );
        let mut merged = b.clone();
        merged.log.extend(a.log.clone());
        assert_eq!(merged.first_passed(), Some(false));

        let mut turned = b;
        turned.reopen("recount", "qc-b", 4, "b-r").unwrap();
        turned
            .tap_defect("stain", &DefectClass::Major, 1, "d2")
            .unwrap();
        turned.finish(on, "qc-b", 6, "b-f2").unwrap();
        assert_eq!(turned.first_passed(), Some(true));
    }

    /// A final lot whose count already rejects keeps rejecting: retyping its lot size larger
    /// (2,000 → 3,500 pieces: 125 → 200 sampled, 7 → 10 accepted) until the same eight majors
    /// pass is refused, while a correction under which the count still rejects goes through.
    #[test]
    fn a_lot_size_raised_until_the_count_passes_is_refused() {
        let mut f = Inspection {
            kind: InspectionKind::Final,
            lot_size: 2_000,
            ..Inspection::default()
        };
        let sized = |i: &Inspection, lot_size: u32| PlanSetup {
            kind: i.kind.clone(),
            lot_size,
            level: i.level.clone(),
            stringency: i.stringency.clone(),
            aqls: i.aqls.clone(),
        };
        for _ in 0..8 {
            f.tap_defect("stain", &DefectClass::Major, 1, "d1").unwrap();
        }
        assert_eq!(f.found(&DefectClass::Major), 8);
        assert!(f.rejects_open());
        let r = f.set_plan(sized(&f, 3_500));
        assert!(
            matches!(&r, Err(DomainError::Problem(p)) if *p == Problem::new(Field::LotSize, Issue::RejectedAsCounted)),
            "{r:?}"
        );
        assert_eq!(f.lot_size, 2_000, "kept");
        // Nor after counting one down first: the count is not the only thing judged.
        f.tap_defect("stain", &DefectClass::Major, -1, "d1")
            .unwrap();
        assert!(!f.rejects_open());
        let r = f.set_plan(sized(&f, 3_500));
        assert!(
            matches!(&r, Err(DomainError::Problem(p)) if *p == Problem::new(Field::LotSize, Issue::RejectedAsCounted)),
            "{r:?}"
        );
        f.tap_defect("stain", &DefectClass::Major, 1, "d1").unwrap();
        f.set_plan(sized(&f, 1_000))
            .expect("a smaller lot still rejects");
        assert!(f.rejects_open());
        f.finish(Day::from_ymd(2026, 5, 2).unwrap(), "qc", 1, "l1")
            .unwrap();
        assert_eq!(f.verdict().unwrap(), Verdict::Fail);
    }

    /// An inline inspection turned final by its set-up would skip the switching rules and a
    /// discontinued acceptance; a final one turned inline would leave the order's lots.
    #[test]
    fn nothing_becomes_or_stops_being_final_by_its_setup() {
        let setup = |i: &Inspection, kind: InspectionKind| PlanSetup {
            kind,
            lot_size: i.lot_size,
            level: i.level.clone(),
            stringency: i.stringency.clone(),
            aqls: i.aqls.clone(),
        };
        let refused = |r: Result<(), DomainError>| {
            matches!(r, Err(DomainError::Problem(p))
                if p == Problem::new(Field::InspectionKind, Issue::FinalFixedAtStart))
        };
        let mut inline = Inspection {
            kind: InspectionKind::Inline,
            lot_size: 500,
            ..Inspection::default()
        };
        let to_final = setup(&inline, InspectionKind::Final);
        assert!(refused(inline.set_plan(to_final)));
        assert_eq!(inline.kind, InspectionKind::Inline);
        let to_pre = setup(&inline, InspectionKind::PreProduction);
        inline.set_plan(to_pre).unwrap();
        assert_eq!(inline.kind, InspectionKind::PreProduction);
        let mut fin = Inspection {
            kind: InspectionKind::Final,
            lot_size: 500,
            ..Inspection::default()
        };
        let to_inline = setup(&fin, InspectionKind::Inline);
        assert!(refused(fin.set_plan(to_inline)));
        let mut bigger = setup(&fin, InspectionKind::Final);
        bigger.lot_size = 800;
        fin.set_plan(bigger).unwrap();
        assert_eq!(fin.lot_size, 800);
    }

    /// A failed final lot's re-inspection is a final lot: while acceptance at the factory is
    /// discontinued none is requested (a pass would ship the goods with no corrective action);
    /// a failed inline inspection may still be repeated.
    #[test]
    fn a_discontinued_factory_gets_no_reinspection_of_a_final_lot() {
        let stopped = NextLot {
            stringency: Stringency::Tightened,
            discontinued: true,
        };
        let mut o = at_factory();
        let mut f = insp(500);
        f.kind = InspectionKind::Final;
        f.defects
            .insert("x".into(), defect(DefectClass::Critical, 1));
        o.inspections.insert("f1".into(), f.clone());
        assert!(matches!(
            reinspect(&mut o, "f1", "r1", "repacked", None, &stopped),
            Err(DomainError::Discontinued)
        ));
        assert!(!o.inspections.contains_key("r1"));
        // Nor the re-inspection of a failed re-inspection of it (still a final lot).
        reinspect(&mut o, "f1", "r1", "repacked", None, &open_lot()).unwrap();
        let r = o.inspections.get_mut("r1").unwrap();
        r.completed = true;
        r.defects
            .insert("y".into(), defect(DefectClass::Critical, 1));
        assert!(matches!(
            reinspect(&mut o, "r1", "r2", "again", None, &stopped),
            Err(DomainError::Discontinued)
        ));
        f.kind = InspectionKind::Inline;
        o.inspections.insert("i1".into(), f);
        reinspect(&mut o, "i1", "i2", "re-ironed", None, &stopped).unwrap();
    }

    /// A final lot with no factory was judged on no factory's history: with the order naming
    /// none (set so freely on an order nothing scored), a lot started there escaped a factory
    /// whose acceptance is discontinued, and setting the factory back was free again. None
    /// starts, and a failed final lot stored without a factory (an older build) is re-inspected
    /// at the factory credited with it — refused when none is — whatever the caller filled in.
    #[test]
    fn a_final_lot_needs_the_factory_it_counts_at() {
        let no_factory = |r: Result<(), DomainError>| {
            matches!(r, Err(DomainError::Problem(p))
                if p == Problem::new(Field::Factory, Issue::NoFactoryNamed))
        };
        let fin = |factory: &str| Inspection {
            kind: InspectionKind::Final,
            factory: factory.into(),
            lot_size: 500,
            ..Inspection::default()
        };
        let mut o = Order::new();
        o.factory = Some(" ".into());
        assert!(no_factory(start(&mut o, "f1", fin("f9"), "", (30, 50))));
        assert!(o.inspections.is_empty());
        let inline = Inspection {
            kind: InspectionKind::Inline,
            ..fin("")
        };
        start(&mut o, "i1", inline, "", (30, 50)).expect("other kinds are the team's own checks");
        o.factory = Some("f1".into());
        start(&mut o, "f1", fin("f9"), "", (30, 50)).unwrap();
        assert_eq!(
            o.inspections["f1"].factory, "f1",
            "the order's, not the caller's"
        );
        // A failed lot an older build stored without its factory.
        let mut old = insp(500);
        old.kind = InspectionKind::Final;
        old.defects
            .insert("x".into(), defect(DefectClass::Critical, 1));
        o.inspections.insert("old".into(), old);
        assert_eq!(reinspection_factory(&o, "old").as_deref(), Some("f1"));
        reinspect(&mut o, "old", "r1", "repacked", None, &open_lot()).unwrap();
        assert_eq!(o.inspections["r1"].factory, "f1");
        o.inspections.remove("r1");
        o.factory = None;
        assert_eq!(reinspection_factory(&o, "old"), None);
        assert!(no_factory(reinspect(
            &mut o,
            "old",
            "r1",
            "repacked",
            None,
            &open_lot()
        )));
        // A lot that kept its factory is re-inspected there, whatever the order names now.
        o.inspections.get_mut("old").unwrap().factory = "f1".into();
        o.factory = Some("f2".into());
        assert_eq!(reinspection_factory(&o, "old").as_deref(), Some("f1"));
        reinspect(&mut o, "old", "r1", "repacked", None, &open_lot()).unwrap();
        assert_eq!(o.inspections["r1"].factory, "f1");
    }

    #[test]
    fn reinspection_needs_a_failed_inspection_and_counts_as_final() {
        let mut o = at_factory();
        let mut f = insp(500);
        f.defects
            .insert("x".into(), defect(DefectClass::Critical, 1));
        o.inspections.insert("f1".into(), f);
        assert!(!final_passed(&o));
        reinspect(&mut o, "f1", "r1", "repacked", None, &open_lot()).unwrap();
        let r = o.inspections.get_mut("r1").unwrap();
        r.completed = true;
        r.date = Day::from_ymd(2026, 5, 2);
        assert!(final_passed(&o));
        assert!(matches!(
            reinspect(&mut o, "r1", "r2", "", None, &open_lot()),
            Err(DomainError::NotAFailedInspection(_))
        ));
    }

    #[test]
    fn switching_increment_uses_the_next_tighter_aql() {
        // K, major 2.5: Ac 7; one step tighter (1.5) Ac 5. Minor 4.0: Ac 10, tighter 2.5: Ac 7.
        let mut i = insp(3000);
        assert_eq!(
            i.switching_increment().unwrap(),
            2,
            "zero tolerance class: +2"
        );
        i.aqls.critical = String::new();
        assert_eq!(i.switching_increment().unwrap(), 3);
        i.defects.insert("a".into(), defect(DefectClass::Major, 6));
        assert_eq!(i.switching_increment().unwrap(), 0);
    }

    #[test]
    fn every_plan_with_ac_two_or_more_has_a_tighter_plan_on_the_same_letter() {
        for letter in "ABCDEFGHJKLMNPQR".chars() {
            for (i, a) in Aql::ALL.iter().enumerate().skip(1) {
                let p = aql::plan_for_letter(letter, *a, InspectionSeverity::Normal).unwrap();
                if p.accept() >= 2 {
                    let t = aql::plan_for_letter(
                        p.used_letter(),
                        Aql::ALL[i - 1],
                        InspectionSeverity::Normal,
                    )
                    .unwrap();
                    assert_eq!(t.used_letter(), p.used_letter(), "{letter} {a}");
                    assert!(t.accept() < p.accept());
                }
            }
        }
        assert!(aql::plan_for_letter('S', Aql::ALL[0], InspectionSeverity::Normal).is_none());
    }

    fn lots(pattern: &str, inc: u32) -> Vec<LotOutcome> {
        pattern
            .chars()
            .map(|c| LotOutcome {
                accepted: c == 'a',
                score_increment: inc,
            })
            .collect()
    }

    #[test]
    fn two_rejections_in_five_lots_tighten_and_five_accepts_restore_normal() {
        assert_eq!(
            switching(&lots("araaa", 3), false).severity,
            InspectionSeverity::Normal
        );
        assert_eq!(
            switching(&lots("araar", 3), false).severity,
            InspectionSeverity::Tightened
        );
        assert_eq!(
            switching(&lots("raaaar", 3), false).severity,
            InspectionSeverity::Normal
        );
        assert_eq!(
            switching(&lots("rr", 3), false).severity,
            InspectionSeverity::Tightened
        );
        let back = switching(&lots("rraaaaa", 3), false);
        assert_eq!(back.severity, InspectionSeverity::Normal);
        assert_eq!(
            switching(&lots("rraaaar", 3), false).severity,
            InspectionSeverity::Tightened
        );
    }

    #[test]
    fn five_rejections_on_tightened_discontinue() {
        let st = switching(&lots("rr" /* now tightened */, 3), false);
        assert!(!st.discontinued);
        let st = switching(&lots("rrrarararr", 3), false);
        assert!(st.discontinued);
        let st = switching(&lots("rrrarara", 3), false);
        assert!(!st.discontinued);
    }

    #[test]
    fn reduced_needs_a_score_of_thirty_and_approval() {
        let ten = lots("aaaaaaaaaa", 3);
        assert_eq!(switching(&ten, true).severity, InspectionSeverity::Reduced);
        assert_eq!(switching(&ten, false).severity, InspectionSeverity::Normal);
        assert_eq!(
            switching(&ten[..9], true).severity,
            InspectionSeverity::Normal
        );
        // Ac 0/1 plans add 2: fifteen lots needed
        let fifteen = lots("aaaaaaaaaaaaaaa", 2);
        assert_eq!(
            switching(&fifteen[..14], true).severity,
            InspectionSeverity::Normal
        );
        assert_eq!(
            switching(&fifteen, true).severity,
            InspectionSeverity::Reduced
        );
        // accepted but not at the tighter AQL: reset
        let mut reset = lots("aaaaaaaaaaaaaaaaaaa", 3);
        reset[8].score_increment = 0;
        assert_eq!(
            switching(&reset[..17], true).severity,
            InspectionSeverity::Normal
        );
        assert_eq!(
            switching(&reset, true).severity,
            InspectionSeverity::Reduced
        );
        // a rejection on reduced returns to normal
        let mut back = ten.clone();
        back.push(LotOutcome {
            accepted: false,
            score_increment: 0,
        });
        assert_eq!(switching(&back, true).severity, InspectionSeverity::Normal);
    }

    /// The rules count each lot at the factory credited with it ([`Order::credited_factory`]),
    /// as Reports and the factory-change rule do: a lot an older build stored without its
    /// factory counts at the order's; a lot made at f1 in an order since moved to f2 stays f1's.
    /// Matching the stamp exactly let both drop out of f1's history.
    #[test]
    fn switching_counts_each_lot_at_the_factory_credited_with_it() {
        let rejected = |d: u32, factory: &str| {
            let mut i = insp(3000);
            i.factory = factory.into();
            i.date = Day::from_ymd(2026, 5, d);
            i.defects
                .insert("c".into(), defect(DefectClass::Critical, 1));
            i
        };
        let mut moved_away = Order::new();
        moved_away.factory = Some("f2".into());
        for d in 1..4 {
            moved_away
                .inspections
                .insert(format!("{d}"), rejected(d, "f1"));
        }
        let mut older = Order::new();
        older.factory = Some("f1".into());
        for d in 4..8 {
            older.inspections.insert(format!("{d}"), rejected(d, " "));
        }
        assert_eq!(final_lot_factories(&moved_away), ["f1"]);
        assert_eq!(final_lot_factories(&older), ["f1"]);
        assert_eq!(
            next_final_lot(&older, "f1").stringency,
            Stringency::Tightened
        );
        // Two rejections in five: tightened; five more on tightened: discontinued.
        let both = [("A", &moved_away), ("B", &older)];
        assert!(next_final_lot_for_factory(both, "f1", []).discontinued);
        assert!(!next_final_lot_for_factory(both, "f2", []).discontinued);
        assert!(!next_final_lot_for_factory([("B", &older)], "f1", []).discontinued);
    }

    #[test]
    fn switching_runs_per_factory_across_orders_and_discontinuation_blocks_until_corrective_action()
    {
        let lot = |d: u32, pass: bool, factory: &str| {
            let mut i = insp(3000);
            i.factory = factory.into();
            i.date = Day::from_ymd(2026, 5, d);
            if !pass {
                i.defects
                    .insert("c".into(), defect(DefectClass::Critical, 1));
            }
            i
        };
        let mut a = Order::new();
        let mut b = Order::new();
        a.inspections.insert("1".into(), lot(1, false, "f1"));
        b.inspections.insert("1".into(), lot(2, false, "f1"));
        b.inspections.insert("x".into(), lot(3, false, "f2"));
        // Each order alone has one rejection: normal. Across the factory: two in five, tightened.
        assert_eq!(next_final_lot(&a, "f1").stringency, Stringency::Normal);
        assert_eq!(next_final_lot(&b, "f1").stringency, Stringency::Normal);
        let next = next_final_lot_for_factory([("A", &a), ("B", &b)], "f1", []);
        assert_eq!(next.stringency, Stringency::Tightened);
        assert!(!next.discontinued);
        // Five lots not accepted on tightened, spread over both orders: discontinued.
        for d in 4..9 {
            let o = if d % 2 == 0 { &mut a } else { &mut b };
            o.inspections.insert(format!("{d}"), lot(d, false, "f1"));
        }
        let next = next_final_lot_for_factory([("A", &a), ("B", &b)], "f1", []);
        assert!(next.discontinued);
        assert!(matches!(
            may_start_final(&next),
            Err(DomainError::Discontinued)
        ));
        // A corrective action elsewhere or before the discontinuation does not lift it.
        let action = |factory: &str, d: u32| CorrectiveAction {
            factory: factory.into(),
            by: "qa lead".into(),
            on: Day::from_ymd(2026, 5, d),
            action: "new cutting table, retrained line 3".into(),
        };
        let early = [action("f1", 5), action("f2", 9)];
        let next = next_final_lot_for_factory([("A", &a), ("B", &b)], "f1", &early);
        assert!(next.discontinued);
        // Recorded at f1: inspection resumes on tightened.
        let fixed = [action("f1", 9)];
        let next = next_final_lot_for_factory([("A", &a), ("B", &b)], "f1", &fixed);
        assert!(may_start_final(&next).is_ok());
        assert_eq!(next.stringency, Stringency::Tightened);
        assert!(!next_final_lot_for_factory([("B", &b)], "f2", []).discontinued);
        let mut actions = RecordMap::new();
        let vague = CorrectiveAction {
            action: " ".into(),
            ..action("f1", 9)
        };
        assert!(matches!(
            record_corrective_action(&mut actions, "c", vague),
            Err(DomainError::Problem(Problem {
                field: Field::CorrectiveAction,
                issue: Issue::Required,
            }))
        ));
        record_corrective_action(&mut actions, "c", action("f1", 9)).unwrap();
        assert_eq!(actions.len(), 1);
    }
}
