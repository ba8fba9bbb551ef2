//! 每天3电3计6审: the day's goals a merchandiser is held to — calls made, plans set, reviews done —
//! and the day's count against them, read from the daily report's events, so nothing is typed
//! twice to be counted and nothing counts that the report does not say.
//!
//! What counts is the ordinary work of the day, never a rule stepped around: a gate waived or a
//! PO revised after the fact is said in the report as an exception and counts for no goal. The
//! same thing said twice of one order on one day (a call noted twice) counts once, so a goal is
//! met by work rather than by entries.

use autosurgeon::{Hydrate, Reconcile};

use crate::activity::Event;
use crate::complaints::Channel;
use crate::error::{problem, DomainError};
use crate::inspection::Verdict;
use crate::problem::{Field, Issue};
use crate::purchasing::ConfirmChannel;
use crate::reports::DailyReport;

/// The most a goal may ask for in a day: beyond it a goal is no longer a day's work.
pub const MAX_GOAL: u32 = 50;

/// The three kinds of the day's work the goals count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GoalKind {
    /// 电: a phone call noted, a supplier chased, the buyer's order checked by phone.
    Call,
    /// 计: a plan set or moved — a milestone, the ex-factory day, an inspection, a PO placed.
    Plan,
    /// 审: something checked and decided — a sample answered, an inspection finished, a PO
    /// confirmed in writing and by phone, the buyer's written order checked.
    Review,
}

impl GoalKind {
    pub const ALL: [GoalKind; 3] = [GoalKind::Call, GoalKind::Plan, GoalKind::Review];

    pub fn code(self) -> &'static str {
        match self {
            GoalKind::Call => "call",
            GoalKind::Plan => "plan",
            GoalKind::Review => "review",
        }
    }

    /// The one of a value per kind (a goal, a count) that is this kind's: the goals and the
    /// tally keep a named field per kind, as the team's document stores them.
    fn pick<T>(self, call: T, plan: T, review: T) -> T {
        match self {
            GoalKind::Call => call,
            GoalKind::Plan => plan,
            GoalKind::Review => review,
        }
    }

    /// The kind of work `event` is, if it is one the goals count.
    pub fn of(event: &Event) -> Option<GoalKind> {
        if event.is_exception() {
            return None;
        }
        Some(match event {
            Event::Contacted {
                channel: Channel::Call,
                ..
            }
            | Event::SupplierChased { .. }
            | Event::BuyerConfirmed {
                channel: ConfirmChannel::Phone,
            } => GoalKind::Call,
            Event::MilestoneMoved { .. }
            | Event::ExFactoryChanged { to: Some(_), .. }
            | Event::InspectionScheduled { on: Some(_), .. }
            | Event::ReinspectionScheduled { on: Some(_) }
            | Event::PoPlaced { .. } => GoalKind::Plan,
            Event::SampleReplied { .. }
            | Event::PoConfirmed { .. }
            | Event::BuyerConfirmed {
                channel: ConfirmChannel::Written,
            } => GoalKind::Review,
            Event::InspectionFinished { verdict, .. } if *verdict != Verdict::Pending => {
                GoalKind::Review
            }
            _ => return None,
        })
    }
}

fn calls_default() -> u32 {
    3
}

fn plans_default() -> u32 {
    3
}

fn reviews_default() -> u32 {
    6
}

/// The team's goals for a day, 3 calls, 3 plans and 6 reviews unless the team set others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Reconcile, Hydrate)]
pub struct DayGoals {
    #[autosurgeon(missing = "calls_default")]
    pub calls: u32,
    #[autosurgeon(missing = "plans_default")]
    pub plans: u32,
    #[autosurgeon(missing = "reviews_default")]
    pub reviews: u32,
}

impl Default for DayGoals {
    fn default() -> Self {
        DayGoals {
            calls: calls_default(),
            plans: plans_default(),
            reviews: reviews_default(),
        }
    }
}

impl DayGoals {
    pub fn get(&self, kind: GoalKind) -> u32 {
        kind.pick(self.calls, self.plans, self.reviews)
    }

    /// Sets one goal; refused above [`MAX_GOAL`]. Zero is allowed: a team may not count a kind.
    pub fn set(&mut self, kind: GoalKind, n: u32) -> Result<(), DomainError> {
        if n > MAX_GOAL {
            return Err(problem(Field::DayGoal, Issue::TooLarge));
        }
        *kind.pick(&mut self.calls, &mut self.plans, &mut self.reviews) = n;
        Ok(())
    }

    /// A goal read from a document above [`MAX_GOAL`] (written by hand or by another build)
    /// asks for no more than the most a goal may.
    pub fn bounded(self) -> DayGoals {
        DayGoals {
            calls: self.calls.min(MAX_GOAL),
            plans: self.plans.min(MAX_GOAL),
            reviews: self.reviews.min(MAX_GOAL),
        }
    }
}

/// What a day's report did of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub calls: u32,
    pub plans: u32,
    pub reviews: u32,
}

impl Tally {
    /// Counts the day's work in `report`: each order's events once each.
    pub fn of(report: &DailyReport) -> Tally {
        let mut tally = Tally::default();
        for (_, day) in &report.documents {
            let mut seen: Vec<&Event> = Vec::new();
            for e in &day.events {
                let Some(kind) = GoalKind::of(e) else {
                    continue;
                };
                if seen.contains(&e) {
                    continue;
                }
                seen.push(e);
                *tally.get_mut(kind) += 1;
            }
        }
        tally
    }

    fn get_mut(&mut self, kind: GoalKind) -> &mut u32 {
        kind.pick(&mut self.calls, &mut self.plans, &mut self.reviews)
    }

    pub fn get(&self, kind: GoalKind) -> u32 {
        kind.pick(self.calls, self.plans, self.reviews)
    }

    /// How many of `kind` the day still lacks to meet its goal.
    pub fn short_of(&self, goals: &DayGoals, kind: GoalKind) -> u32 {
        goals.bounded().get(kind).saturating_sub(self.get(kind))
    }

    /// Every goal met.
    pub fn met(&self, goals: &DayGoals) -> bool {
        GoalKind::ALL.iter().all(|k| self.short_of(goals, *k) == 0)
    }
}
