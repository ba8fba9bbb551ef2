//! Who changed a team rule, when and why (规则变更记录). The gates that hold orders back and the
//! rules about money are the team's to choose, yet a switch flipped off for an afternoon let an
//! order into production, or a supplier be paid without approval, with no trace once it was
//! flipped back. So the screens change them only through [`Settings::change_rule`]: every change
//! is logged (keyed by a record id, so devices' logs merge), a change that loosens a rule needs a
//! reason, and the payment-approval rule keeps every period it was on
//! ([`Gates::approval_periods`]), so a payment made while it was on stays named after it is
//! switched off. The shipment allowances are rules too: a wider short allowance lets every
//! order without its own count as fully shipped, and its final lot pass, with fewer pieces; so
//! is the certificate of origin every shipment's checklist asks for.

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::error::DomainError;
use crate::lifecycle::Gates;
use crate::problem::{Field, Issue, Problem};
use crate::records::RecordMap;
use crate::workspace::{Allowance, Settings, MAX_SHIP_ALLOWANCE_PERMILLE};

/// One logged change of a rule: which rule (its code), from and to (codes: "on"/"off", basis
/// points), who, the day and why.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct RuleChange {
    pub rule: String,
    pub from: String,
    pub to: String,
    pub who: String,
    pub day: Option<Day>,
    pub reason: String,
}

crate::record_fields!(RuleChange;
    rule: String,
    from: String,
    to: String,
    who: String,
    day: Option<Day>,
    reason: String,
);

impl RuleChange {
    /// Whether the change held orders or money back less than before (what needed a reason,
    /// [`RuleEdit::loosens`]), read from the logged values.
    pub fn loosened(&self) -> bool {
        if let Some(wider_looser) = numeric_rule(&self.rule) {
            return match (self.from.parse::<u32>(), self.to.parse::<u32>()) {
                (Ok(from), Ok(to)) if wider_looser => to > from,
                (Ok(from), Ok(to)) => to < from,
                // Values a newer version wrote: said rather than hidden.
                _ => true,
            };
        }
        self.from == "on" && self.to == "off"
    }
}

/// A stretch of days during which suppliers were paid only against approved requests; `to` is
/// the day it was switched off, `None` while on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct ApprovalPeriod {
    pub from: Option<Day>,
    pub to: Option<Day>,
}

crate::record_fields!(ApprovalPeriod;
    from: Option<Day>,
    to: Option<Day>,
);

/// The switches of [`Gates`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateRule {
    Deposit,
    Samples,
    Balance,
    FinalInspection,
    PaymentApproval,
    BuyerConfirmed,
}

impl GateRule {
    pub const ALL: [GateRule; 6] = [
        GateRule::BuyerConfirmed,
        GateRule::Deposit,
        GateRule::Samples,
        GateRule::Balance,
        GateRule::FinalInspection,
        GateRule::PaymentApproval,
    ];

    pub fn code(self) -> &'static str {
        match self {
            GateRule::Deposit => "deposit",
            GateRule::Samples => "samples",
            GateRule::Balance => "balance",
            GateRule::FinalInspection => "final-inspection",
            GateRule::PaymentApproval => "payment-approval",
            GateRule::BuyerConfirmed => "buyer-confirmed",
        }
    }

    pub fn from_code(code: &str) -> Option<GateRule> {
        GateRule::ALL.into_iter().find(|g| g.code() == code)
    }

    pub fn get(self, g: &Gates) -> bool {
        match self {
            GateRule::Deposit => g.deposit_before_production,
            GateRule::Samples => g.samples_before_production,
            GateRule::Balance => g.balance_before_shipping,
            GateRule::FinalInspection => g.final_inspection_before_shipping,
            GateRule::PaymentApproval => g.payments_need_approval,
            GateRule::BuyerConfirmed => g.buyer_confirmed_before_production,
        }
    }
}

/// A change of one rule, as asked on the rules screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleEdit {
    /// A gate switched on or off.
    Gate(GateRule, bool),
    /// A sample kind (its code) required, or not, before production.
    Sample(String, bool),
    /// The team's least deposit, in basis points.
    LeastDeposit(u32),
    /// A shipment allowance, per mille (at most [`MAX_SHIP_ALLOWANCE_PERMILLE`]).
    Allowance(Allowance, u32),
    /// Whether every shipment's documents include a certificate of origin.
    CertificateOfOrigin(bool),
    /// How many days before ex-factory an order is judged at risk on Today (fewer days warn
    /// later, so lowering it loosens the rule).
    AtRiskDays(u32),
}

/// The prefix of a sample rule's code in the log ("sample:pp").
pub const SAMPLE_RULE: &str = "sample:";
/// The least deposit's code in the log.
pub const LEAST_DEPOSIT_RULE: &str = "least-deposit";
/// The short-shipment allowance's code in the log (per mille).
pub const SHORT_ALLOWANCE_RULE: &str = "allowance:short";
/// The over-shipment allowance's code in the log (per mille).
pub const OVER_ALLOWANCE_RULE: &str = "allowance:over";
/// The certificate-of-origin rule's code in the log.
pub const ORIGIN_RULE: &str = "certificate-of-origin";
/// The at-risk window's code in the log (days).
pub const AT_RISK_RULE: &str = "at-risk-days";

/// The rules whose logged values are numbers, where a larger number holds back less
/// (allowances) or more (the least deposit).
fn numeric_rule(rule: &str) -> Option<bool> {
    match rule {
        LEAST_DEPOSIT_RULE | AT_RISK_RULE => Some(false),
        SHORT_ALLOWANCE_RULE | OVER_ALLOWANCE_RULE => Some(true),
        _ => None,
    }
}

fn on_off(b: bool) -> String {
    if b { "on" } else { "off" }.to_string()
}

impl RuleEdit {
    /// The rule's code in the log.
    pub fn rule(&self) -> String {
        match self {
            RuleEdit::Gate(g, _) => g.code().to_string(),
            RuleEdit::Sample(code, _) => format!("{SAMPLE_RULE}{code}"),
            RuleEdit::LeastDeposit(_) => LEAST_DEPOSIT_RULE.to_string(),
            RuleEdit::Allowance(Allowance::Short, _) => SHORT_ALLOWANCE_RULE.to_string(),
            RuleEdit::Allowance(Allowance::Over, _) => OVER_ALLOWANCE_RULE.to_string(),
            RuleEdit::CertificateOfOrigin(_) => ORIGIN_RULE.to_string(),
            RuleEdit::AtRiskDays(_) => AT_RISK_RULE.to_string(),
        }
    }

    /// What the rule is now, and what the edit makes it, as logged.
    fn values(&self, s: &Settings) -> (String, String) {
        let g = &s.gates;
        match self {
            RuleEdit::Gate(rule, on) => (on_off(rule.get(g)), on_off(*on)),
            RuleEdit::Sample(code, on) => (on_off(sample_required(g, code)), on_off(*on)),
            RuleEdit::LeastDeposit(bp) => (g.min_deposit_bp.to_string(), bp.to_string()),
            RuleEdit::Allowance(which, p) => (allowance(s, *which).to_string(), p.to_string()),
            RuleEdit::CertificateOfOrigin(on) => (on_off(s.certificate_of_origin), on_off(*on)),
            RuleEdit::AtRiskDays(d) => (s.at_risk_days.to_string(), d.to_string()),
        }
    }

    /// Whether the edit holds orders, shipments or money back less than the rule does now: a
    /// gate, a required sample or a required document switched off, the least deposit lowered,
    /// a shipment allowance widened, the at-risk window shortened (Today warns later). Those
    /// need a reason.
    pub fn loosens(&self, s: &Settings) -> bool {
        let g = &s.gates;
        match self {
            RuleEdit::Gate(rule, on) => rule.get(g) && !on,
            RuleEdit::Sample(code, on) => sample_required(g, code) && !on,
            RuleEdit::LeastDeposit(bp) => *bp < g.min_deposit_bp,
            RuleEdit::Allowance(which, p) => *p > allowance(s, *which),
            RuleEdit::CertificateOfOrigin(on) => s.certificate_of_origin && !on,
            RuleEdit::AtRiskDays(d) => *d < s.at_risk_days,
        }
    }
}

fn allowance(s: &Settings, which: Allowance) -> u32 {
    match which {
        Allowance::Short => s.short_ship_permille,
        Allowance::Over => s.over_ship_permille,
    }
}

fn sample_required(g: &Gates, code: &str) -> bool {
    g.required_samples.get(code).copied().unwrap_or(false)
}

/// Who changes a rule, the day (the caller's today), why, and the record id of the log entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change<'a> {
    pub id: &'a str,
    pub who: &'a str,
    pub today: Day,
    pub reason: &'a str,
}

impl Settings {
    /// Changes one rule and logs it. A change that loosens a rule is refused without a reason
    /// ([`DomainError::ReasonRequired`]); one that changes nothing is not logged (`Ok(false)`).
    pub fn change_rule(&mut self, edit: &RuleEdit, by: Change<'_>) -> Result<bool, DomainError> {
        let (from, to) = edit.values(self);
        if from == to {
            return Ok(false);
        }
        if let RuleEdit::Allowance(which, p) = edit {
            if *p > MAX_SHIP_ALLOWANCE_PERMILLE {
                let field = match which {
                    Allowance::Short => Field::ShortShipAllowance,
                    Allowance::Over => Field::OverShipAllowance,
                };
                return Err(DomainError::Problem(Problem::new(field, Issue::TooLarge)));
            }
        }
        if edit.loosens(self) && by.reason.trim().is_empty() {
            return Err(DomainError::ReasonRequired);
        }
        let g = &mut self.gates;
        match edit {
            RuleEdit::Gate(GateRule::PaymentApproval, on) => {
                g.require_payment_approval(*on, by.today, by.id)
            }
            RuleEdit::Gate(GateRule::Deposit, on) => g.deposit_before_production = *on,
            RuleEdit::Gate(GateRule::BuyerConfirmed, on) => {
                g.require_buyer_confirmation(*on, by.today, by.id)
            }
            RuleEdit::Gate(GateRule::Samples, on) => g.samples_before_production = *on,
            RuleEdit::Gate(GateRule::Balance, on) => g.balance_before_shipping = *on,
            RuleEdit::Gate(GateRule::FinalInspection, on) => {
                g.final_inspection_before_shipping = *on
            }
            RuleEdit::Sample(code, on) => {
                g.required_samples.insert(code.clone(), *on);
            }
            RuleEdit::LeastDeposit(bp) => g.min_deposit_bp = *bp,
            RuleEdit::Allowance(Allowance::Short, p) => {
                self.short_ship_permille = *p;
                // The final-lot gate reads the allowance from the gates it is handed; one value.
                g.short_ship_permille = *p;
            }
            RuleEdit::Allowance(Allowance::Over, p) => self.over_ship_permille = *p,
            RuleEdit::CertificateOfOrigin(on) => self.certificate_of_origin = *on,
            RuleEdit::AtRiskDays(d) => self.at_risk_days = *d,
        }
        self.rule_changes.insert(
            by.id.to_string(),
            RuleChange {
                rule: edit.rule(),
                from,
                to,
                who: by.who.trim().to_string(),
                day: Some(by.today),
                reason: by.reason.trim().to_string(),
            },
        );
        Ok(true)
    }

    /// The log, latest first.
    pub fn rule_log(&self) -> Vec<(&String, &RuleChange)> {
        let mut out: Vec<_> = self.rule_changes.iter().collect();
        crate::sorting::sort_by_key(&mut out, |(id, c)| {
            (std::cmp::Reverse(c.day), std::cmp::Reverse((*id).clone()))
        });
        out
    }
}

/// A rule kept as the stretches of days it was on: its switch, the day it was last switched on
/// (all older builds kept) and its periods, keyed by the id of the change that opened each.
struct Switched<'a> {
    on: &'a mut bool,
    since: &'a mut Option<Day>,
    periods: &'a mut RecordMap<ApprovalPeriod>,
}

impl Switched<'_> {
    /// Switches the rule on (from `today`, opening a period under `id`) or off (closing every
    /// period open, on `today`). Switching it on while on changes nothing: the day it started
    /// stays.
    fn switch(self, on: bool, today: Day, id: &str) {
        if on && !*self.on {
            *self.since = Some(today);
            self.periods.insert(
                id.to_string(),
                ApprovalPeriod {
                    from: Some(today),
                    to: None,
                },
            );
        }
        if !on && *self.on {
            // A rule switched on before periods were kept has only its day: it becomes one.
            if let Some(since) = *self.since {
                if !self.periods.values().any(|p| p.from == Some(since)) {
                    self.periods.insert(
                        format!("{id}:since"),
                        ApprovalPeriod {
                            from: Some(since),
                            to: None,
                        },
                    );
                }
            }
            for p in self.periods.values_mut() {
                if p.to.is_none() {
                    p.to = Some(today);
                }
            }
        }
        *self.on = on;
    }
}

/// Every stretch of days a rule was on, earliest first: its kept `periods`, and `since`, the
/// day it was switched on by a build that kept none, while it is `on`. A period still open
/// while the rule is off (switched on on one device while another switched it off) counts its
/// first day only: nobody can tell when it ended.
fn periods_of(
    on: bool,
    since: Option<Day>,
    periods: &RecordMap<ApprovalPeriod>,
) -> Vec<(Day, Option<Day>)> {
    let mut out: Vec<(Day, Option<Day>)> = periods
        .values()
        .filter_map(|p| {
            let from = p.from?;
            Some((from, if on { p.to } else { p.to.or(Some(from)) }))
        })
        .collect();
    if let Some(since) = since.filter(|_| on) {
        if !out.iter().any(|(from, _)| *from == since) {
            out.push((since, None));
        }
    }
    out.sort();
    out
}

impl Gates {
    /// Switches "suppliers are paid only against approved requests" on (from `today`, opening a
    /// period under `id`) or off (closing every period open, on `today`). Switching it on
    /// while on changes nothing: the day it started stays.
    pub fn require_payment_approval(&mut self, on: bool, today: Day, id: &str) {
        Switched {
            on: &mut self.payments_need_approval,
            since: &mut self.payments_need_approval_since,
            periods: &mut self.approval_periods,
        }
        .switch(on, today, id);
    }

    /// Switches "release needs the buyer's order confirmed" on or off, keeping every period it
    /// was on ([`Gates::buyer_confirmed_periods`]) as the approval rule does: an order released
    /// while it was on stays judged by it after it is switched off and on again.
    pub fn require_buyer_confirmation(&mut self, on: bool, today: Day, id: &str) {
        Switched {
            on: &mut self.buyer_confirmed_before_production,
            since: &mut self.buyer_confirmed_since,
            periods: &mut self.buyer_confirmation_periods,
        }
        .switch(on, today, id);
    }

    /// Every stretch of days the buyer-confirmation rule was on, earliest first (see
    /// [`periods_of`]).
    pub fn buyer_confirmed_periods(&self) -> Vec<(Day, Option<Day>)> {
        periods_of(
            self.buyer_confirmed_before_production,
            self.buyer_confirmed_since,
            &self.buyer_confirmation_periods,
        )
    }

    /// The day from which payments must name an approved request, while the rule is on.
    pub fn payment_approval_from(&self) -> Option<Day> {
        self.payments_need_approval
            .then_some(self.payments_need_approval_since)
            .flatten()
    }

    /// Every stretch of days the approval rule was on, earliest first: the kept periods, and
    /// the day it was switched on by a build that kept none. A period still open while the rule
    /// is off (switched on on one device while another switched it off) counts its first day
    /// only: nobody can tell when it ended.
    pub fn approval_periods(&self) -> Vec<(Day, Option<Day>)> {
        periods_of(
            self.payments_need_approval,
            self.payments_need_approval_since,
            &self.approval_periods,
        )
    }

    /// The first day of the approval period a payment entered on `day` falls in (for a payment
    /// with no day, the first period: it cannot show it came before), `None` when the rule was
    /// not on then.
    pub fn approval_required_on(&self, day: Option<Day>) -> Option<Day> {
        period_start(&self.approval_periods(), day)
    }
}

/// The first day of the period of `periods` (earliest first, as
/// [`Gates::approval_periods`] gives them) that `day` falls in; for no day, the first period's.
/// Apart from the method so a caller judging many payments reads the periods once.
pub fn period_start(periods: &[(Day, Option<Day>)], day: Option<Day>) -> Option<Day> {
    match day {
        Some(d) => periods
            .iter()
            .find(|(from, to)| d >= *from && to.is_none_or(|t| d <= t))
            .map(|(from, _)| *from),
        None => periods.first().map(|(from, _)| *from),
    }
}
