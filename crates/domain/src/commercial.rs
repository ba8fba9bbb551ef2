//! The commercial document: customer prices, payment terms, receivables and receipts, supplier
//! payables, payment requests (付款申请) and payments made — kept in its own Automerge document.
//!
//! Why apart: an order document is shared with factories and QC; prices and money are not. The
//! order links here by document id ([`crate::order::Order::commercial`]). Receipts, payables,
//! requests and payments are maps keyed by id, and every total (received, outstanding, aging) is
//! derived from them, so finance confirming a receipt on one device and a merchandiser logging a
//! payment on another never overwrite each other.

use std::collections::BTreeMap;

use autosurgeon::{Hydrate, Reconcile};

use crate::day::Day;
use crate::document::Root;
use crate::error::DomainError;
use crate::money::Price;
use crate::problem::{Field, Issue, Problem};
use crate::purchasing::PurchaseOrder;
use crate::records::RecordMap;
use crate::sorting::sort_by_key;

pub const COMMERCIAL_SCHEMA: u64 = 2;

fn schema_default() -> u64 {
    COMMERCIAL_SCHEMA
}

/// The id of an order's books (its commercial document), derived from the order's id: every
/// order links it from creation, so a device that holds the order without its books (a
/// factory's) knows the money is elsewhere; and every device that creates the books creates the
/// same document ([`new_books`]), so two that enter money for one order before they meet merge
/// it instead of linking two books, one of which the merge would hide.
pub fn books_id(order_id: &str) -> String {
    crate::ids::DocumentId::from_bytes(crate::document::digest16(&[
        b"gendan/books/v1\0",
        order_id.as_bytes(),
    ]))
    .to_string()
}

/// The first change of an order's books: empty, in USD until someone types a price, the same on
/// every device ([`crate::document::create_alike`]).
pub fn new_books(order_id: &str) -> Result<automerge::AutoCommit, crate::document::DocError> {
    let author = crate::document::Author {
        name: "Gendan".into(),
        device: "books".into(),
    };
    crate::document::create_alike(
        "books",
        order_id,
        0,
        &author,
        &Commercial::new(order_id, "USD"),
    )
}

/// Payment terms: a deposit share due some days after the order date, and the balance.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct PaymentTerms {
    /// Deposit in basis points of the order value (3000 = 30 %).
    pub deposit_bp: u32,
    /// Deposit due this many days after the order date.
    pub deposit_days: i64,
    /// Free text as agreed: "balance T/T against copy B/L", "L/C at sight"…
    pub balance_terms: String,
    /// Balance due this many days after ex-factory (negative: before shipment).
    pub balance_days: i64,
}

/// What the team pays a supplier for one purchase order: kept here, not in the order document
/// that the supplier's factory may receive. A PO has its own currency (an RMB fabric PO on a USD
/// order).
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct PoPrice {
    pub unit_price: Option<Price>,
    pub currency: String,
}

crate::record_fields!(PoPrice;
    unit_price: Option<Price>,
    currency: String,
);

/// A price an old order document held that someone other than the order's creator wrote (a
/// factory that received the order while prices travelled with it, or a colleague's device),
/// copied into the books by the migration ([`crate::migration::OldPrices::fill`]). Until a person
/// confirms or retypes it, it counts for nothing: no order value, no plan, no payable, no balance
/// gate is drawn from it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct PriceCheck {
    /// The price as copied: retyping a different one settles the check.
    pub price: Option<Price>,
    pub currency: String,
    /// The name and device the old order's change carried, and when it was made (ms).
    pub written_by: String,
    pub device: String,
    pub written_ms: i64,
}

crate::record_fields!(PriceCheck;
    price: Option<Price>,
    currency: String,
    written_by: String,
    device: String,
    written_ms: i64,
);

/// One amount the customer owes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Receivable {
    pub amount: Option<Price>,
    pub due: Option<Day>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Receivables {
    /// 订金
    pub deposit: Receivable,
    /// 余款
    pub balance: Receivable,
}

/// Money received from the customer. Counts once someone other than who recorded it has
/// confirmed it (到账确认), unless voided or taken for another receipt entered twice
/// ([`crate::receipts`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Receipt {
    pub amount: Price,
    pub date: Option<Day>,
    /// Who in finance confirmed it arrived; `None` while unconfirmed.
    pub confirmed_by: Option<String>,
    pub note: String,
    /// Who recorded it; empty on receipts recorded before the rule (anyone may confirm those).
    #[autosurgeon(missing = "Default::default")]
    pub recorded_by: String,
    /// The day it was entered (the device's day), beside the day the money came (`date`).
    #[autosurgeon(missing = "Default::default")]
    pub recorded: Option<Day>,
    /// The bank's reference of the transfer (TT/水单 number), when known: the same reference
    /// twice is the same money.
    #[autosurgeon(missing = "Default::default")]
    pub reference: String,
    /// "who — why" once voided (entered twice, a bounced cheque); it then counts for nothing.
    #[autosurgeon(missing = "Default::default")]
    pub voided: Option<String>,
    /// "who — why" when someone said it is money of its own although it looks like another
    /// receipt (same amount on the same day).
    #[autosurgeon(missing = "Default::default")]
    pub separate: Option<String>,
    /// The books' currency when it was recorded; empty on receipts from before (they are in
    /// whatever the books are kept in). Money recorded in a currency the books are no longer
    /// kept in (another device switched them offline) counts for nothing until they are kept
    /// in it again ([`Commercial::in_books_currency`]): never read as the new currency's.
    #[autosurgeon(missing = "Default::default")]
    pub currency: String,
}

crate::code_enum! {
    /// A payable is a charge (the team owes the supplier) or a credit (a negative adjustment: goods
    /// rejected after their payable was raised). Amounts stay non-negative; the kind gives the sign.
    pub enum PayableKind default Charge {
        Charge = "charge",
        Credit = "credit",
    }
}

/// Money from the buyer's side of the books: a receipt, or a deduction it kept back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MoneyKind {
    Receipt,
    Deduction,
}

/// What the team owes a supplier for one purchase order (对账 result), or a credit against it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Payable {
    /// Id of the purchase order in the order document.
    pub purchase_order: String,
    /// Party id of the supplier.
    pub supplier: String,
    pub amount: Price,
    pub due: Option<Day>,
    pub note: String,
    #[autosurgeon(missing = "Default::default")]
    pub kind: PayableKind,
    /// The currency owed: the PO's own (an RMB fabric PO on a USD order). Empty on payables
    /// raised before currencies were recorded: those are in the order's currency.
    #[autosurgeon(missing = "Default::default")]
    pub currency: String,
    /// A charge outside any purchase order (freight, courier, a lab's fee), raised by hand
    /// through [`Commercial::add_other_charge`] rather than by 对账 ([`crate::other_charges`]).
    #[autosurgeon(missing = "Default::default")]
    pub by_hand: bool,
    /// What a charge raised by hand is for; meaningless on a PO's payable.
    #[autosurgeon(missing = "Default::default")]
    pub charge_kind: crate::other_charges::ChargeKind,
    /// Who raised a charge by hand, and the day they did (the device's day).
    #[autosurgeon(missing = "Default::default")]
    pub raised_by: String,
    #[autosurgeon(missing = "Default::default")]
    pub raised: Option<Day>,
    /// "who — why" once a charge raised by hand was voided: it then counts for nothing and
    /// stays in the books to say so.
    #[autosurgeon(missing = "Default::default")]
    pub voided: Option<String>,
    /// "who — why" when someone said a charge that looks like another (same supplier, amount
    /// and note) is a charge of its own.
    #[autosurgeon(missing = "Default::default")]
    pub separate: Option<String>,
    /// The complaint a credit charges back to the supplier (向工厂扣款,
    /// [`crate::factory_debits`]); empty on every other payable.
    #[autosurgeon(missing = "Default::default")]
    pub complaint: String,
    /// What 对账 found already raised on the purchase order (charges less credits, debits left
    /// out, in ten-thousandths) when it raised this one; `None` on payables from before and on
    /// every other kind. Two raised on the same order from the same total are the same
    /// reconciliation done on two devices ([`Commercial::reconciled_twice`]).
    #[autosurgeon(missing = "Default::default")]
    pub raised_before: Option<i64>,
}

impl Payable {
    pub fn is_credit(&self) -> bool {
        self.kind == PayableKind::Credit
    }

    /// What the team owes: a charge. A kind this build does not know (another build's) is
    /// neither owed nor set against anything: it is never paid on a guess.
    pub fn is_charge(&self) -> bool {
        self.kind == PayableKind::Charge
    }

    /// A credit charged back to the supplier for a complaint ([`crate::factory_debits`]), not
    /// one 对账 raised.
    pub fn is_debit(&self) -> bool {
        self.is_credit() && !self.complaint.trim().is_empty()
    }

    /// A charge outside any purchase order: raised by hand, or (before the rule) typed into
    /// the old free-text form, which left the purchase order empty. Nothing bounds its amount
    /// but the people who raise and approve it ([`crate::other_charges`]).
    pub fn is_by_hand(&self) -> bool {
        self.is_charge() && (self.by_hand || self.purchase_order.trim().is_empty())
    }

    /// The amount with its sign, in ten-thousandths: credits are negative.
    pub(crate) fn signed(&self) -> i64 {
        if self.is_credit() {
            -self.amount.ten_thousandths()
        } else if self.is_charge() {
            self.amount.ten_thousandths()
        } else {
            0
        }
    }
}

crate::code_enum! {
    pub enum RequestStatus default Pending {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
        Paid = "paid",
    }
}

/// 付款申请: a request to pay (part of) a payable.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct PaymentRequest {
    pub payable: String,
    pub amount: Price,
    pub requested_by: String,
    pub requested: Option<Day>,
    pub status: RequestStatus,
    pub decided_by: Option<String>,
    pub note: String,
}

/// Money paid to a supplier against a payable, in the payable's currency.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Payment {
    pub payable: String,
    pub amount: Price,
    pub date: Option<Day>,
    pub paid_by: String,
    pub note: String,
    /// The currency paid: always the payable's (empty on payments recorded before currencies
    /// were: the payable's). Amounts in different currencies are never added together.
    #[autosurgeon(missing = "Default::default")]
    pub currency: String,
    /// The exchange rate used, when recorded: units of the order's currency for one unit of this
    /// payment's currency (for the books; totals stay per currency).
    #[autosurgeon(missing = "Default::default")]
    pub exchange_rate: Option<Price>,
    /// The payment request this pays ([`crate::pay_requests`]); empty for a payment recorded
    /// without one.
    #[autosurgeon(missing = "Default::default")]
    pub request: String,
    /// The day the payment was entered on the device (its clock), which a typed `date` cannot
    /// move: a payment backdated before a rule was switched on is still judged by when it was
    /// made ([`Commercial::paid_without_request`]). `None` on payments entered before it was kept.
    #[autosurgeon(missing = "Default::default")]
    pub recorded: Option<Day>,
    /// Why a payment dated by its charge's due day was entered only after it: dated so, the
    /// supplier counts as paid on time (付款处理能力), so the backdating is said
    /// ([`Commercial::record_payment`]).
    #[autosurgeon(missing = "Default::default")]
    pub late_entry_reason: String,
}

/// Money a supplier sent back against a purchase order (退款): what payments beyond their charge
/// (an invoice paid twice from two devices offline) or credits for goods rejected after they
/// were paid left owed back ([`crate::owed_back`]). In the PO's currency.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Refund {
    /// Id of the purchase order in the order document.
    pub purchase_order: String,
    pub amount: Price,
    pub currency: String,
    pub date: Option<Day>,
    pub received_by: String,
    pub note: String,
    /// Who voided it and why (entered twice, a typo): a voided refund counts for nothing, and
    /// stays in the books to say so.
    pub voided: Option<String>,
}

impl Payment {
    /// Dated on or before `due` but entered after it (kept only with the reason,
    /// [`Commercial::record_payment`]).
    pub fn entered_after(&self, due: Option<Day>) -> bool {
        crate::day::backdated(self.date, due, self.recorded)
    }

    /// The day it counts as paid for "suppliers paid on time": the day typed, else the day it
    /// was entered (an undated payment is not paid on its charge's due day by default).
    pub fn paid_day(&self) -> Option<Day> {
        self.date.or(self.recorded)
    }

    /// The amount in the order's currency, only when an exchange rate was recorded.
    pub fn in_order_currency(&self) -> Option<Price> {
        let rate = self.exchange_rate?;
        let v = i128::from(self.amount.ten_thousandths()) * i128::from(rate.ten_thousandths());
        i64::try_from((v + 5_000) / 10_000)
            .ok()
            .map(Price::from_ten_thousandths)
    }
}

crate::record_fields!(Receipt;
    amount: Price,
    date: Option<Day>,
    confirmed_by: Option<String>,
    note: String,
    recorded_by: String,
    recorded: Option<Day>,
    reference: String,
    voided: Option<String>,
    separate: Option<String>,
    currency: String,
);

crate::record_fields!(Payable;
    purchase_order: String,
    supplier: String,
    amount: Price,
    due: Option<Day>,
    note: String,
    kind: PayableKind,
    currency: String,
    by_hand: bool,
    charge_kind: crate::other_charges::ChargeKind,
    raised_by: String,
    raised: Option<Day>,
    voided: Option<String>,
    separate: Option<String>,
    complaint: String,
    raised_before: Option<i64>,
);

crate::record_fields!(PaymentRequest;
    payable: String,
    amount: Price,
    requested_by: String,
    requested: Option<Day>,
    status: RequestStatus,
    decided_by: Option<String>,
    note: String,
);

crate::record_fields!(Payment;
    payable: String,
    amount: Price,
    date: Option<Day>,
    paid_by: String,
    note: String,
    currency: String,
    exchange_rate: Option<Price>,
    request: String,
    recorded: Option<Day>,
    late_entry_reason: String,
);

crate::record_fields!(Refund;
    purchase_order: String,
    amount: Price,
    currency: String,
    date: Option<Day>,
    received_by: String,
    note: String,
    voided: Option<String>,
);

/// A currency as typed, read as an ISO 4217 code: three ASCII letters, upper-cased.
pub(crate) fn currency_code(typed: &str) -> Option<String> {
    let code = typed.trim().to_ascii_uppercase();
    (code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())).then_some(code)
}

/// The commercial side of one order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Commercial {
    #[autosurgeon(missing = "schema_default")]
    pub schema: u64,
    /// Document id of the order this belongs to.
    pub order: String,
    pub currency: String,
    /// Order-level customer unit price (used for colours without their own price).
    pub unit_price: Option<Price>,
    /// Customer unit price per colour id of the order's quantity matrix.
    pub colour_prices: RecordMap<Price>,
    pub terms: PaymentTerms,
    pub receivables: Receivables,
    pub receipts: RecordMap<Receipt>,
    pub payables: RecordMap<Payable>,
    pub payment_requests: RecordMap<PaymentRequest>,
    pub payments: RecordMap<Payment>,
    /// Supplier prices per purchase-order id of the order document (schema 2).
    #[autosurgeon(missing = "Default::default")]
    pub po_prices: RecordMap<PoPrice>,
    /// The freight cost of each shipment, keyed by the order document's shipment id: money, so
    /// here and not on the shipment's booking that the factory and forwarder may read.
    #[autosurgeon(missing = "Default::default")]
    pub freight: RecordMap<Freight>,
    /// Office-only files (contracts, invoices), keyed by random id ([`crate::attachments`]).
    #[autosurgeon(missing = "Default::default")]
    pub attachments: RecordMap<crate::attachments::Attachment>,
    /// The order's customer price (with the currency) when it came from an old order document
    /// written by someone other than its creator, and nobody confirmed it yet ([`PriceCheck`]).
    #[autosurgeon(missing = "Default::default")]
    pub unit_price_check: Option<PriceCheck>,
    /// The same for supplier prices, keyed by purchase-order id like `po_prices`.
    #[autosurgeon(missing = "Default::default")]
    pub po_price_checks: RecordMap<PriceCheck>,
    /// Money suppliers sent back, keyed by random id ([`crate::owed_back`]).
    #[autosurgeon(missing = "Default::default")]
    pub refunds: RecordMap<Refund>,
    /// Each change of the deposit share after it was planned, keyed by random id
    /// ([`crate::terms`]).
    #[autosurgeon(missing = "Default::default")]
    pub terms_changes: RecordMap<crate::terms::TermsChange>,
    /// Each first plan's deposit share (basis points), keyed by random id: two devices that
    /// plan the books first, offline, each make one, and the merge keeps one share of the two
    /// ([`Commercial::deposit_share_bp`]).
    #[autosurgeon(missing = "Default::default")]
    pub first_plans: RecordMap<u32>,
    /// The prices quoted to the buyer, round by round, keyed by random id ([`crate::quotes`]).
    #[autosurgeon(missing = "Default::default")]
    pub quotes: RecordMap<crate::quotes::Quote>,
    /// The money each transit claim asks, keyed by the order's incident id ([`crate::claims`]).
    #[autosurgeon(missing = "Default::default")]
    pub claims: RecordMap<crate::claims::Claim>,
    /// Money recovered on those claims, keyed by random id.
    #[autosurgeon(missing = "Default::default")]
    pub recoveries: RecordMap<crate::claims::Recovery>,
    /// What the buyer keeps back for complaints, keyed by random id ([`crate::deductions`]).
    #[autosurgeon(missing = "Default::default")]
    pub deductions: RecordMap<crate::deductions::Deduction>,
    /// The money gates (deposit, balance) waived where these books are, keyed as the order's
    /// overrides are: that the money was not there, and why, is money ([`crate::money_waivers`]).
    #[autosurgeon(missing = "Default::default")]
    pub gate_waivers: RecordMap<crate::lifecycle::GateOverride>,
    /// The reasons of the order's records written with such a waiver, kept off the order.
    #[autosurgeon(missing = "Default::default")]
    pub kept_reasons: RecordMap<crate::money_waivers::KeptReason>,
    /// The office's notes of calls, mails and visits, keyed by random id: what the buyer said
    /// on price or terms is money, and none of them is the factory's to read. Notes a factory's
    /// phone makes, and those older builds made, are on the order.
    #[autosurgeon(missing = "Default::default")]
    pub communications: RecordMap<crate::complaints::Communication>,
}

/// What a shipment's freight costs, in the currency the forwarder quoted (often not the
/// order's: RMB trucking on a USD order).
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Freight {
    pub amount: Price,
    /// ISO code as typed ("USD", "CNY"); empty: the order's currency.
    pub currency: String,
}

crate::record_fields!(Freight;
    amount: Price,
    currency: String,
);

impl Commercial {
    /// Records (or with `None` clears) a shipment's freight cost. The currency is read as an
    /// ISO 4217 code: three ASCII letters, upper-cased; empty means the order's currency.
    pub fn set_freight(
        &mut self,
        shipment: &str,
        cost: Option<(Price, &str)>,
    ) -> Result<(), DomainError> {
        let Some((amount, currency)) = cost else {
            self.freight.remove(shipment);
            return Ok(());
        };
        let currency = match currency.trim() {
            "" => String::new(),
            typed => currency_code(typed).ok_or_else(|| {
                DomainError::Problem(Problem::new(Field::Currency, Issue::NotACurrency))
            })?,
        };
        self.freight
            .insert(shipment.to_string(), Freight { amount, currency });
        Ok(())
    }

    /// A shipment's freight cost with its currency (the order's when none was given).
    pub fn freight_of(&self, shipment: &str) -> Option<(Price, &str)> {
        self.freight.get(shipment).map(|f| {
            let cur = if f.currency.is_empty() {
                self.currency.as_str()
            } else {
                f.currency.as_str()
            };
            (f.amount, cur)
        })
    }
}

/// Overdue amounts by days past due on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Aging {
    /// Outstanding but not yet due.
    pub not_due: Price,
    /// 1–30 days overdue (the "0–30" bucket: due date passed, at most 30 days ago).
    pub d0_30: Price,
    pub d31_60: Price,
    pub d61_90: Price,
    pub over_90: Price,
}

impl Aging {
    /// Amounts still open, each with its due day, by age on `now`.
    pub fn of(open: &[(Price, Option<Day>)], now: Day) -> Aging {
        let mut a = Aging::default();
        for (amount, due) in open {
            a.add(*amount, *due, now);
        }
        a
    }

    fn add(&mut self, amount: Price, due: Option<Day>, now: Day) {
        let slot = match due.map(|d| d.days_until(now)) {
            None => &mut self.not_due,
            Some(late) if late <= 0 => &mut self.not_due,
            Some(late) if late <= 30 => &mut self.d0_30,
            Some(late) if late <= 60 => &mut self.d31_60,
            Some(late) if late <= 90 => &mut self.d61_90,
            Some(_) => &mut self.over_90,
        };
        *slot = slot.checked_add(amount).unwrap_or(*slot);
    }

    pub fn overdue(&self) -> Price {
        Price::sum([self.d0_30, self.d31_60, self.d61_90, self.over_90]).unwrap_or(Price::ZERO)
    }

    /// Everything still open, due or not.
    pub fn total(&self) -> Price {
        self.not_due
            .checked_add(self.overdue())
            .unwrap_or(self.not_due)
    }

    /// Adds another's amounts, bucket by bucket (same currency).
    pub fn add_all(&mut self, other: &Aging) {
        for (to, from) in [
            (&mut self.not_due, other.not_due),
            (&mut self.d0_30, other.d0_30),
            (&mut self.d31_60, other.d31_60),
            (&mut self.d61_90, other.d61_90),
            (&mut self.over_90, other.over_90),
        ] {
            *to = to.checked_add(from).unwrap_or(*to);
        }
    }
}

impl Commercial {
    pub fn new(order: &str, currency: &str) -> Commercial {
        Commercial {
            schema: COMMERCIAL_SCHEMA,
            order: order.to_string(),
            currency: currency.to_string(),
            ..Commercial::default()
        }
    }

    /// The customer price of a colour: its own, else the order-level price — unless that is still
    /// to be checked ([`PriceCheck`]): a price nobody in the office confirmed values nothing.
    pub fn price_of(&self, colour: &str) -> Option<Price> {
        self.colour_prices
            .get(colour)
            .copied()
            .or(self.unit_price.filter(|_| self.unit_price_check.is_none()))
    }

    /// Whether any price of the books is still to be checked.
    pub fn has_prices_to_check(&self) -> bool {
        self.unit_price_check.is_some() || !self.po_price_checks.is_empty()
    }

    /// Whether money is recorded in the books' own currency: a receipt, a buyer's deduction, a
    /// supplier charge, a PO price or a freight cost that names no currency of its own (they are
    /// read in the books').
    fn money_in_own_currency(&self) -> bool {
        let own = |c: &str| c.trim().is_empty();
        // Money stamped with another currency is not in the books' own: switching back to it
        // is how it counts again.
        self.receipts
            .values()
            .any(|r| r.voided.is_none() && self.in_books_currency(&r.currency))
            || self
                .deductions
                .values()
                .any(|d| d.is_live() && self.in_books_currency(&d.currency))
            || self
                .payables
                .values()
                .any(|p| p.voided.is_none() && own(&p.currency))
            || self
                .po_prices
                .values()
                .any(|p| p.unit_price.is_some() && own(&p.currency))
            || self.freight.values().any(|f| own(&f.currency))
    }

    /// Whether money stamped with `currency` (a receipt, a deduction) is in the currency the
    /// books are kept in: the same code, or no stamp (recorded before stamps, or while the
    /// books had no currency). Anything else counts for nothing, and is said on Money
    /// ([`Commercial::other_currency_money`]).
    pub fn in_books_currency(&self, currency: &str) -> bool {
        let c = currency.trim();
        c.is_empty() || c.eq_ignore_ascii_case(self.currency.trim())
    }

    /// Refuses confirming money recorded in `currency` when the books are no longer kept in it
    /// (a receipt, a deduction): it would count for nothing, and confirming it says it did.
    pub(crate) fn confirmable_in(&self, currency: &str) -> Result<(), DomainError> {
        if self.in_books_currency(currency) {
            return Ok(());
        }
        Err(DomainError::Problem(Problem::new(
            Field::Currency,
            Issue::NotBooksCurrency(currency.trim().to_string()),
        )))
    }

    /// Live receipts and deductions recorded in a currency the books are no longer kept in (a
    /// switch made on another device while they were recorded, brought by a merge): (kind, id,
    /// currency, amount), by kind then id. They count for nothing until the books are kept in
    /// their currency again, or they are voided and recorded again in the books' currency.
    pub fn other_currency_money(&self) -> Vec<(MoneyKind, String, String, Price)> {
        let mut out: Vec<_> = self
            .receipts
            .iter()
            .filter(|(_, r)| r.voided.is_none() && !self.in_books_currency(&r.currency))
            .map(|(id, r)| (MoneyKind::Receipt, id.clone(), r.currency.clone(), r.amount))
            .chain(
                self.deductions
                    .iter()
                    .filter(|(_, d)| d.is_live() && !self.in_books_currency(&d.currency))
                    .map(|(id, d)| {
                        (
                            MoneyKind::Deduction,
                            id.clone(),
                            d.currency.clone(),
                            d.amount,
                        )
                    }),
            )
            .collect();
        crate::sorting::sort_by_key(&mut out, |(k, id, _, _)| (*k, id.clone()));
        out
    }

    /// Whether the books may be kept in `to` from now on: always while no money is recorded in
    /// their currency; after, only in the same one — switching would make every amount recorded
    /// mean another money (USD 3,000 received read as EUR 3,000).
    pub fn may_keep_in(&self, to: &str) -> Result<(), DomainError> {
        let from = self.currency.trim();
        if from.is_empty() || from.eq_ignore_ascii_case(to.trim()) || !self.money_in_own_currency()
        {
            return Ok(());
        }
        Err(DomainError::Problem(Problem::new(
            Field::Currency,
            Issue::CurrencyInUse(from.to_string()),
        )))
    }

    /// Sets the order's customer price and currency as a person typed them; another currency
    /// only as [`Commercial::may_keep_in`] allows. A price to check is settled only when the
    /// price typed differs from it: saving the order with the copied price left as it was (to
    /// change its style number, say) must not confirm it in passing.
    pub fn set_unit_price(
        &mut self,
        price: Option<Price>,
        currency: String,
    ) -> Result<(), DomainError> {
        self.may_keep_in(&currency)?;
        if self
            .unit_price_check
            .as_ref()
            .is_some_and(|c| c.price != price)
        {
            self.unit_price_check = None;
        }
        self.unit_price = price;
        self.currency = currency;
        Ok(())
    }

    /// A person confirms the order's price to check: `price` (as shown, or corrected) is the one.
    pub fn confirm_unit_price(&mut self, price: Price) {
        self.unit_price = Some(price);
        self.unit_price_check = None;
    }

    /// Records a purchase order's unit price in `currency`, or, left blank, in the books'
    /// currency as it is now, stamped: a blank one was read in whatever the books were kept in
    /// later, so a switch merged from another device turned a CNY 12.50/m fabric price into
    /// USD 12.50 at reconciliation.
    pub fn set_po_price(&mut self, po_id: &str, price: Option<Price>, currency: &str) {
        let currency = match currency.trim() {
            "" => self.currency.trim().to_ascii_uppercase(),
            c => c.to_ascii_uppercase(),
        };
        self.po_prices.insert(
            po_id.to_string(),
            PoPrice {
                unit_price: price,
                currency,
            },
        );
    }

    /// A person confirms a purchase order's price to check, as shown or corrected.
    pub fn confirm_po_price(&mut self, po_id: &str, price: Price) {
        let currency = self
            .po_prices
            .get(po_id)
            .map(|p| p.currency.clone())
            .unwrap_or_default();
        self.po_prices.insert(
            po_id.to_string(),
            PoPrice {
                unit_price: Some(price),
                currency,
            },
        );
        self.po_price_checks.remove(po_id);
    }

    /// Order value: Σ colour quantity × colour price. `None` if a colour with pieces has no price.
    pub fn order_value(&self, order: &crate::order::Order) -> Option<Price> {
        let q = &order.quantities;
        let mut total = Price::ZERO;
        for id in q.colours.keys() {
            let pcs = q.colour_total(id);
            if pcs == 0 {
                continue;
            }
            total = total.checked_add(self.price_of(id)?.times(pcs)?)?;
        }
        Some(total)
    }

    /// What the goods shipped are worth: Σ pieces shipped per colour × the colour's price
    /// ([`crate::shipped::shipped_cells`]). `None` while nothing shipped by colour and size, when
    /// a shipped colour has no price, or when a shipment carries pieces that no cell holds (one
    /// recorded before shipments had a matrix): then the planned receivables stand.
    pub fn shipped_value(&self, order: &crate::order::Order) -> Option<Price> {
        let b = crate::shipped::balance(order);
        let cells = crate::shipped::shipped_cells(order);
        if cells.is_empty() || b.unallocated > 0 {
            return None;
        }
        let mut total = Price::ZERO;
        for (key, pcs) in cells {
            let (colour, _) = key.split_once(':')?;
            total = total.checked_add(self.price_of(colour)?.times(pcs)?)?;
        }
        Some(total)
    }

    /// What the customer owes for the order: once goods shipped, their value
    /// ([`Commercial::shipped_value`]) — a short shipment owes less, an over shipment more —
    /// else, once receivables are planned, the order's value as it is now (an order grown
    /// since the plan owes its growth too; [`Commercial::plan_out_of_date`]), else the plan
    /// (a colour without a price, a price to check).
    pub fn owed(&self, order: &crate::order::Order) -> Price {
        self.shipped_value(order)
            .unwrap_or_else(|| self.value_or_plan(order))
    }

    /// The order's value as it is now once receivables are planned, else the plan: what is owed
    /// before goods ship.
    fn value_or_plan(&self, order: &crate::order::Order) -> Price {
        self.value_now(order).unwrap_or_else(|| self.receivable())
    }

    /// The order's value as it is now, once receivables are planned: what the plan stands for.
    /// Unknown while nothing is ordered (an order emptied is judged when it is filled again,
    /// by then released or not).
    fn value_now(&self, order: &crate::order::Order) -> Option<Price> {
        self.receivables.balance.amount?;
        if order.quantities.total() == 0 {
            return None;
        }
        self.order_value(order)
    }

    /// The order's value now, when it differs from the value the receivables were planned on
    /// (quantities or prices changed since): the plan is out of date and should be made again.
    pub fn plan_out_of_date(&self, order: &crate::order::Order) -> Option<Price> {
        self.value_now(order).filter(|v| *v != self.receivable())
    }

    /// The balance due: what is owed ([`Commercial::owed`]) less what settled it.
    pub fn balance_due(&self, order: &crate::order::Order) -> Price {
        self.owed(order).saturating_sub(self.settled())
    }

    /// What settles the balance: confirmed receipts and confirmed deductions the buyer kept
    /// back for complaints ([`crate::deductions`]). The deposit counts receipts only: a
    /// deduction is no money in, and production does not start on it.
    pub fn settled(&self) -> Price {
        let deducted = crate::deductions::deducted(self);
        self.received().checked_add(deducted).unwrap_or(Price::ZERO)
    }

    /// The balance gate: once goods shipped, confirmed receipts cover their value; before, they
    /// cover the order as it is now, or the plan ([`Commercial::owed`]). False while no balance
    /// is planned and nothing shipped by colour and size.
    pub fn balance_confirmed_for(&self, order: &crate::order::Order) -> bool {
        match self.shipped_value(order) {
            Some(v) => self.settled() >= v,
            None => self.receivables.balance.amount.is_some() && self.settled() >= self.owed(order),
        }
    }

    /// Sets the deposit and balance from the terms, the order value and the order's dates. Refused
    /// while the order-level price is still to be checked, or a colour ordered has no price.
    pub fn plan_receivables(&mut self, order: &crate::order::Order) -> Result<(), DomainError> {
        let problem = |issue| DomainError::Problem(Problem::new(Field::UnitPrice, issue));
        if self.unit_price_check.is_some() {
            return Err(problem(Issue::PriceToCheck));
        }
        let value = self
            .order_value(order)
            .ok_or_else(|| problem(Issue::Required))?;
        let deposit = value
            .share_bp(self.terms.deposit_bp.min(10_000))
            .ok_or_else(|| problem(Issue::TooLarge))?;
        self.receivables.deposit = Receivable {
            amount: Some(deposit),
            due: order
                .order_date
                .and_then(|d| d.add_days(self.terms.deposit_days)),
        };
        self.receivables.balance = Receivable {
            amount: Some(value.saturating_sub(deposit)),
            due: order
                .ex_factory
                .and_then(|d| d.add_days(self.terms.balance_days)),
        };
        Ok(())
    }

    /// Confirmed receipts, not voided and not another's twin ([`Commercial::counted_receipts`]).
    pub fn received(&self) -> Price {
        Price::sum(
            self.counted_receipts()
                .filter(|(_, r)| r.confirmed_by.is_some())
                .map(|(_, r)| r.amount),
        )
        .unwrap_or(Price::ZERO)
    }

    /// Recorded but not yet confirmed by finance (voided receipts and twins left out).
    pub fn unconfirmed(&self) -> Price {
        Price::sum(
            self.counted_receipts()
                .filter(|(_, r)| r.confirmed_by.is_none())
                .map(|(_, r)| r.amount),
        )
        .unwrap_or(Price::ZERO)
    }

    fn deposit_due(&self) -> Price {
        self.receivables.deposit.amount.unwrap_or(Price::ZERO)
    }

    /// The deposit the terms ask of the order as it is now: their share of its value, so an
    /// order grown after its plan (or after its release) owes the deposit of its growth; the
    /// planned deposit while the value is unknown. `None` while no deposit is planned.
    pub fn deposit_required(&self, order: &crate::order::Order) -> Option<Price> {
        let planned = self.receivables.deposit.amount?;
        let now = self
            .value_now(order)
            .and_then(|v| v.share_bp(self.deposit_share_bp().min(10_000)));
        Some(now.unwrap_or(planned))
    }

    /// Total receivable (deposit + balance).
    pub fn receivable(&self) -> Price {
        self.deposit_due()
            .checked_add(self.receivables.balance.amount.unwrap_or(Price::ZERO))
            .unwrap_or(Price::ZERO)
    }

    /// Receivable not yet settled (confirmed receipts and deductions).
    pub fn outstanding(&self) -> Price {
        self.receivable().saturating_sub(self.settled())
    }

    /// Confirmed receipts cover the deposit the order asks now
    /// ([`Commercial::deposit_required`]). False while no deposit amount is set.
    pub fn deposit_confirmed(&self, order: &crate::order::Order) -> bool {
        self.deposit_required(order)
            .is_some_and(|d| self.received() >= d)
    }

    /// Confirmed receipts and deductions cover deposit and balance. False while no balance
    /// amount is set.
    pub fn balance_confirmed(&self) -> bool {
        self.receivables.balance.amount.is_some() && self.settled() >= self.receivable()
    }

    /// The deposit gate opens by money: confirmed receipts cover a deposit of something, the
    /// one the order asks now ([`Commercial::deposit_required`]): a deposit planned on a
    /// hundred pieces does not release ten thousand. A deposit of nothing (0 % planned, or an
    /// order valued at nothing) owes nothing, yet opens no gate by itself: starting production
    /// without money is a decision, taken as a gate override with its logged reason ("L/C at
    /// sight"), never the side effect of typing 0.
    /// The team's least deposit (`min_bp`, [`crate::lifecycle::Gates::min_deposit_bp`]) counts
    /// too: terms asking less (a 0.01 % deposit typed on the money screen) do not open it.
    pub fn deposit_opens_gate_for(&self, order: &crate::order::Order, min_bp: u32) -> bool {
        self.deposit_required(order).is_some_and(|d| {
            let d = d.max(self.deposit_floor(order, min_bp));
            d > Price::ZERO && self.received() >= d
        })
    }

    /// The least deposit the team accepts for the order as it is now: `min_bp` basis points of
    /// its value (of the planned receivables while its value is unknown); nothing when no
    /// minimum is set.
    pub fn deposit_floor(&self, order: &crate::order::Order, min_bp: u32) -> Price {
        if min_bp == 0 {
            return Price::ZERO;
        }
        let base = self.value_or_plan(order);
        // A value too large to take a share of asks for everything rather than nothing.
        base.share_bp(min_bp.min(10_000)).unwrap_or(base)
    }

    /// The team's least deposit when the terms ask less than it (and it is not yet received):
    /// what the deposit gate waits for beyond the terms.
    pub fn deposit_below_floor(&self, order: &crate::order::Order, min_bp: u32) -> Option<Price> {
        let asked = self.deposit_required(order)?;
        let floor = self.deposit_floor(order, min_bp);
        (floor > asked && self.received() < floor).then_some(floor)
    }

    /// The balance gate opens by money: confirmed receipts cover the balance
    /// ([`Commercial::balance_confirmed_for`]) of an order worth something (see
    /// [`Commercial::deposit_opens_gate_for`] for why nothing owed is not enough).
    pub fn balance_opens_gate_for(&self, order: &crate::order::Order) -> bool {
        self.owed(order) > Price::ZERO && self.balance_confirmed_for(order)
    }

    /// Outstanding receivables by age on `now` ([`Commercial::open_receivables`]).
    pub fn receivable_aging(&self, order: &crate::order::Order, now: Day) -> Aging {
        Aging::of(&self.open_receivables(order), now)
    }

    /// What the buyer still owes of the deposit and of the balance, each with its due day. The
    /// two add up to what is owed now ([`Commercial::owed`]), not to the plan: an order shipped
    /// short owes less (once marked shipped; before, a shipment booked or a first part gone
    /// leaves the whole order owed), one shipped without a plan still owes its goods, one grown since the
    /// plan owes its growth with the balance. The deposit is the planned one, at most what is
    /// owed; confirmed receipts pay it first, then the balance; confirmed deductions settle the
    /// balance ([`crate::deductions`]). A balance never planned falls
    /// due `balance_days` after the ex-factory day, as a plan would have set it.
    pub fn open_receivables(&self, order: &crate::order::Order) -> [(Price, Option<Day>); 2] {
        // Until the order is marked shipped, a shipment booked (or a first part gone) is not
        // all the buyer owes: the order as it is now, or the plan, still is.
        let owed = match self.shipped_value(order) {
            Some(v) if !crate::lifecycle::is_shipped(order.status) => {
                v.max(self.value_or_plan(order))
            }
            _ => self.owed(order),
        };
        let received = self.received();
        let deposit = self.deposit_due().min(owed);
        // A deduction keeps back part of what the goods are worth: it settles the balance
        // first, and the deposit only with what the balance cannot take.
        let deducted = crate::deductions::deducted(self);
        let balance = owed.saturating_sub(deposit);
        let spill = deducted.saturating_sub(balance);
        let dep_open = deposit.saturating_sub(received).saturating_sub(spill);
        let left = received.saturating_sub(deposit);
        let bal_open = balance.saturating_sub(deducted).saturating_sub(left);
        let bal_due = self.receivables.balance.due.or_else(|| {
            order
                .ex_factory
                .and_then(|d| d.add_days(self.terms.balance_days))
        });
        [
            (dep_open, self.receivables.deposit.due),
            (bal_open, bal_due),
        ]
    }

    /// Paid against one payable.
    pub fn paid(&self, payable: &str) -> Price {
        Price::sum(
            self.payments
                .values()
                .filter(|p| p.payable == payable)
                .map(|p| p.amount),
        )
        .unwrap_or(Price::ZERO)
    }

    /// What is still owed on each charge: its amount less payments against it, less what its
    /// purchase order has to its good (applied to the charges due first): credits, and payments
    /// beyond the charge they paid (an invoice paid twice offline pays the next one), less the
    /// refunds that settled them. Credits owe nothing.
    fn open_charges(&self) -> BTreeMap<&str, Price> {
        let mut open: BTreeMap<&str, Price> = BTreeMap::new();
        let mut pos: BTreeMap<&str, ()> = BTreeMap::new();
        // A voided charge, and one taken for another's second entry, owe nothing
        // ([`crate::other_charges`]).
        let twins = self.charge_twins();
        let again = self.reconciled_twice();
        for (id, p) in &self.payables {
            if p.voided.is_some() || twins.contains_key(id) || again.contains_key(id) {
                continue;
            }
            // Charges raised by hand have no purchase order: one supplier's excess must not
            // pay another's freight, so they are not pooled.
            if !p.purchase_order.trim().is_empty() {
                pos.insert(p.purchase_order.as_str(), ());
            }
            if p.is_charge() {
                open.insert(id.as_str(), p.amount.saturating_sub(self.paid(id)));
            }
        }
        for po in pos.into_keys() {
            let mut credit = self.standing(po).net();
            if credit == Price::ZERO {
                continue;
            }
            let mut charges: Vec<_> = self
                .payables
                .iter()
                .filter(|(_, p)| p.is_charge() && p.purchase_order == po)
                .collect();
            sort_by_key(&mut charges, |(id, p)| (p.due.is_none(), p.due, *id));
            for (id, _) in charges {
                let o = open.entry(id.as_str()).or_default();
                let take = credit.min(*o);
                *o = o.saturating_sub(take);
                credit = credit.saturating_sub(take);
            }
        }
        open
    }

    /// Still owed on one payable after payments and credits; zero for a credit.
    pub fn payable_outstanding(&self, payable: &str) -> Price {
        self.open_charges()
            .get(payable)
            .copied()
            .unwrap_or(Price::ZERO)
    }

    /// What the supplier owes back on a purchase order: credits and payments beyond its charges,
    /// less the refunds it sent ([`crate::owed_back`]).
    pub fn credit_balance(&self, purchase_order: &str) -> Price {
        self.standing(purchase_order).owed_back()
    }

    /// The currency a payment was made in: its own, else (recorded before currencies were)
    /// its payable's.
    pub fn payment_currency<'a>(&'a self, p: &'a Payment) -> &'a str {
        if p.currency.is_empty() {
            self.payable_currency(&p.payable)
        } else {
            &p.currency
        }
    }

    /// The currency of a payable: its own, else the order's.
    pub fn payable_currency(&self, payable: &str) -> &str {
        match self.payables.get(payable) {
            Some(p) if !p.currency.trim().is_empty() => &p.currency,
            _ => &self.currency,
        }
    }

    /// Outstanding payables by age on `now`, per currency (never converted).
    pub fn payable_aging(&self, now: Day) -> BTreeMap<String, Aging> {
        let mut out: BTreeMap<String, Aging> = BTreeMap::new();
        let open = self.open_charges();
        for (id, p) in &self.payables {
            if let Some(o) = open.get(id.as_str()) {
                out.entry(self.payable_currency(id).to_string())
                    .or_default()
                    .add(*o, p.due, now);
            }
        }
        out
    }

    /// Outstanding payables per currency (never converted).
    pub fn payables_outstanding(&self) -> BTreeMap<String, Price> {
        let mut out: BTreeMap<String, Price> = BTreeMap::new();
        for (id, o) in self.open_charges() {
            let t = out
                .entry(self.payable_currency(id).to_string())
                .or_default();
            *t = t.checked_add(o).unwrap_or(*t);
        }
        out
    }

    /// Records a payment under `id` against a payable, in the payable's currency: a payment in
    /// another currency, against a credit, of nothing, or of more than the payable still owes
    /// (after what was paid and credited) is refused, so a slip of a zero never sends a supplier
    /// ten times its invoice. Two devices paying one invoice offline can still pay it twice;
    /// the books then show the excess as owed back ([`Commercial::credit_balance`]). It is
    /// entered on `today` (the device's day), whatever the payment says.
    pub fn record_payment(
        &mut self,
        id: &str,
        mut payment: Payment,
        today: Day,
    ) -> Result<(), DomainError> {
        // The day it is entered is this device's, never the caller's: a payment that came with
        // none would escape the late-entry rule below.
        payment.recorded = Some(today);
        let problem = |field, issue| DomainError::Problem(Problem::new(field, issue));
        let p = self
            .payables
            .get(&payment.payable)
            .ok_or_else(|| DomainError::not_found("payable", &payment.payable))?;
        if !p.is_charge() {
            // A credit is owed by the supplier (and a kind this build does not know is owed
            // by nobody it can tell): there is nothing to pay under that id.
            return Err(DomainError::not_found("payable", &payment.payable));
        }
        // A charge raised by hand leaves only against a request approved by someone other
        // than who raised it, on every path into the books ([`crate::other_charges`]).
        self.check_hand_payment(&payment)?;
        let cur = self.payable_currency(&payment.payable).to_string();
        if payment.currency.trim().is_empty() {
            payment.currency = cur;
        } else if payment.currency.trim() != cur {
            return Err(problem(Field::Currency, Issue::NotACurrency));
        }
        if payment.amount <= Price::ZERO {
            return Err(problem(Field::PaymentAmount, Issue::NotPositive));
        }
        let owed = self.payable_outstanding(&payment.payable);
        if payment.amount > owed {
            return Err(problem(Field::PaymentAmount, Issue::MoreThanOwed(owed)));
        }
        // Typed on or before the charge's due day but entered after it, the supplier counts as
        // paid on time: allowed, with the reason said and kept.
        let due = self.payables.get(&payment.payable).and_then(|p| p.due);
        payment.late_entry_reason = if payment.entered_after(due) {
            match payment.late_entry_reason.trim() {
                "" => return Err(problem(Field::PaymentDate, Issue::EnteredAfterDue)),
                r => r.to_string(),
            }
        } else {
            String::new()
        };
        self.payments.insert(id.to_string(), payment);
        Ok(())
    }

    /// The payables raised against one purchase order of the order document.
    pub fn payables_for(&self, purchase_order: &str) -> Vec<(&String, &Payable)> {
        self.payables
            .iter()
            .filter(|(_, p)| p.purchase_order == purchase_order)
            .collect()
    }

    /// 对账 for one PO: compares what is owed — deliveries accepted at incoming inspection, up to
    /// the ordered quantity plus tolerance, at the PO's price — with what was already raised
    /// (charges less credits, a complaint's debits left out). Raises the difference under `id`: a charge when more is owed, a
    /// credit when a delivery was rejected after its payable was raised. Reconciling twice never
    /// owes a supplier twice; over-delivery beyond tolerance is never paid
    /// ([`PurchaseOrder::over_delivery`] flags it). Returns the kind and amount.
    pub fn add_payable_for_po(
        &mut self,
        id: &str,
        po_id: &str,
        po: &PurchaseOrder,
        due: Option<Day>,
    ) -> Result<(PayableKind, Price), DomainError> {
        let problem = |field, issue| DomainError::Problem(Problem::new(field, issue));
        if self.po_price_checks.contains_key(po_id) {
            return Err(problem(Field::UnitPrice, Issue::PriceToCheck));
        }
        let owed = self
            .po_price(po_id)
            .and_then(|p| po.payable_value(p))
            .ok_or_else(|| problem(Field::UnitPrice, Issue::Required))?;
        // A debit for a complaint is no delivery's money: reconciling again must not charge
        // it back ([`crate::factory_debits`]).
        // Nor does a reconciliation done twice on two devices count twice: only the one that
        // stands ([`Commercial::reconciled_twice`]).
        let again = self.reconciled_twice();
        let raised: i64 = self
            .payables_for(po_id)
            .into_iter()
            .filter(|(id, p)| !p.is_debit() && !again.contains_key(*id))
            .map(|(_, p)| p.signed())
            .fold(0i64, i64::saturating_add);
        let diff = owed.ten_thousandths() - raised;
        let (kind, amount) = match diff {
            0 => return Err(problem(Field::DeliveryQty, Issue::NothingReceived)),
            d if d > 0 => (PayableKind::Charge, d),
            d => (PayableKind::Credit, -d),
        };
        let amount = Price::from_ten_thousandths(amount);
        self.payables.insert(
            id.to_string(),
            Payable {
                purchase_order: po_id.to_string(),
                supplier: po.supplier.clone(),
                amount,
                due,
                note: String::new(),
                kind: kind.clone(),
                currency: self.po_currency(po_id).to_string(),
                raised_before: Some(raised),
                ..Payable::default()
            },
        );
        Ok((kind, amount))
    }

    /// The supplier's unit price of a purchase order, when recorded and not still to be checked.
    pub fn po_price(&self, po_id: &str) -> Option<Price> {
        if self.po_price_checks.contains_key(po_id) {
            return None;
        }
        self.po_prices.get(po_id).and_then(|p| p.unit_price)
    }

    /// The currency of a purchase order: its own, else the order's.
    pub fn po_currency(&self, po_id: &str) -> &str {
        match self.po_prices.get(po_id) {
            Some(p) if !p.currency.trim().is_empty() => &p.currency,
            _ => &self.currency,
        }
    }

    /// The value of a purchase order at its recorded price.
    pub fn po_value(&self, po_id: &str, po: &PurchaseOrder) -> Option<Price> {
        po.value(self.po_price(po_id)?)
    }

    /// Requests still waiting for a decision or for payment.
    pub fn open_requests(&self) -> Vec<(&String, &PaymentRequest)> {
        self.payment_requests
            .iter()
            .filter(|(_, r)| matches!(r.status, RequestStatus::Pending | RequestStatus::Approved))
            .collect()
    }
}

impl Root for Commercial {
    const KIND: &'static str = "commercial";

    crate::reconcile_changed!(Commercial;
        fields: schema, order, currency, unit_price, colour_prices, terms, receivables,
            unit_price_check;
        maps: receipts, payables, payment_requests, payments, po_prices, freight, attachments,
            po_price_checks, refunds, terms_changes, first_plans, quotes, claims, recoveries,
            deductions, gate_waivers, kept_reasons, communications);

    fn blame(doc: &crate::reader::Reader) -> Option<crate::document::DocError> {
        crate::blame_fields!(doc;
            order: String,
            currency: String,
            unit_price: Option<Price>,
            colour_prices: RecordMap<Price>,
            terms: PaymentTerms,
            receivables: Receivables,
        )
        .or_else(|| {
            crate::blame_optional!(doc;
                unit_price_check: Option<PriceCheck>,
                first_plans: RecordMap<u32>,
            )
        })
        .or_else(|| {
            crate::blame_records!(doc;
                receipts: Receipt,
                payables: Payable,
                payment_requests: PaymentRequest,
                payments: Payment,
                po_prices: PoPrice,
                freight: Freight,
                attachments: crate::attachments::Attachment,
                po_price_checks: PriceCheck,
                refunds: Refund,
                terms_changes: crate::terms::TermsChange,
                quotes: crate::quotes::Quote,
                claims: crate::claims::Claim,
                recoveries: crate::claims::Recovery,
                deductions: crate::deductions::Deduction,
                gate_waivers: crate::lifecycle::GateOverride,
                kept_reasons: crate::money_waivers::KeptReason,
                communications: crate::complaints::Communication,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::Order;

    fn day(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn price(s: &str) -> Price {
        s.parse().unwrap()
    }

    fn setup() -> (Order, Commercial) {
        let mut o = Order::new();
        o.quantities.add_colour("red".into(), "Red");
        o.quantities.add_colour("navy".into(), "Navy");
        o.quantities.add_size("m".into(), "M");
        o.quantities.set_qty("red", "m", 1000);
        o.quantities.set_qty("navy", "m", 500);
        o.order_date = Some(day("2026-03-01"));
        o.ex_factory = Some(day("2026-05-01"));
        let mut c = Commercial::new("doc", "USD");
        c.unit_price = Some(price("4"));
        c.colour_prices.insert("navy".into(), price("5"));
        c.terms = PaymentTerms {
            deposit_bp: 3000,
            deposit_days: 7,
            balance_terms: "T/T before shipment".into(),
            balance_days: -5,
        };
        c.plan_receivables(&o).unwrap();
        (o, c)
    }

    fn receipt(amount: &str, confirmed: bool) -> Receipt {
        Receipt {
            amount: price(amount),
            date: Some(day("2026-03-05")),
            confirmed_by: confirmed.then(|| "finance".to_string()),
            ..Receipt::default()
        }
    }

    #[test]
    fn receivables_follow_prices_and_terms() {
        let (o, c) = setup();
        assert_eq!(c.order_value(&o), Some(price("6500")));
        assert_eq!(c.receivables.deposit.amount, Some(price("1950")));
        assert_eq!(c.receivables.deposit.due, Some(day("2026-03-08")));
        assert_eq!(c.receivables.balance.amount, Some(price("4550")));
        assert_eq!(c.receivables.balance.due, Some(day("2026-04-26")));
    }

    /// A deposit planned on the order as it was does not release it grown: the terms ask
    /// their share of the order as it is now, the ledger says the plan is out of date and
    /// the balance owed follows too. An order made smaller asks less.
    #[test]
    fn the_deposit_follows_the_order_as_it_is_now() {
        let (mut o, mut c) = setup();
        c.receipts.insert("a".into(), receipt("1950", true));
        assert!(c.deposit_opens_gate_for(&o, 0) && c.plan_out_of_date(&o).is_none());

        o.quantities.set_qty("red", "m", 10_000);
        assert_eq!(c.order_value(&o), Some(price("42500")));
        assert_eq!(c.deposit_required(&o), Some(price("12750")));
        assert!(!c.deposit_confirmed(&o) && !c.deposit_opens_gate_for(&o, 0));
        assert_eq!(c.plan_out_of_date(&o), Some(price("42500")));
        assert_eq!(c.balance_due(&o), price("40550"));

        c.plan_receivables(&o).unwrap();
        assert_eq!(c.plan_out_of_date(&o), None);
        c.receipts.insert("b".into(), receipt("10800", true));
        assert!(c.deposit_opens_gate_for(&o, 0));
        c.receipts.insert("c".into(), receipt("29750", true));
        assert!(c.balance_opens_gate_for(&o));
        // Grown again after the balance was in: it is owed again, and nothing ships on it.
        o.quantities.set_qty("navy", "m", 600);
        assert!(!c.balance_opens_gate_for(&o));

        // Made smaller than planned: its own share is enough.
        let (mut small, mut c) = setup();
        small.quantities.set_qty("red", "m", 100);
        assert_eq!(c.deposit_required(&small), Some(price("870")));
        c.receipts.insert("a".into(), receipt("870", true));
        assert!(c.deposit_opens_gate_for(&small, 0));
        // Emptied, the order's value is unknown: the plan stands.
        small.quantities.set_qty("red", "m", 0);
        small.quantities.set_qty("navy", "m", 0);
        assert_eq!(c.deposit_required(&small), Some(price("1950")));
    }

    #[test]
    fn only_confirmed_receipts_count() {
        let (o, mut c) = setup();
        assert!(!c.deposit_confirmed(&o));
        c.receipts.insert("a".into(), receipt("1950", false));
        assert!(!c.deposit_confirmed(&o));
        assert_eq!(c.unconfirmed(), price("1950"));
        c.receipts.insert("a".into(), receipt("1950", true));
        assert!(c.deposit_confirmed(&o));
        assert!(!c.balance_confirmed());
        assert_eq!(c.outstanding(), price("4550"));
        c.receipts.insert("b".into(), receipt("4550", true));
        assert!(c.balance_confirmed());
        assert_eq!(c.outstanding(), Price::ZERO);
    }

    #[test]
    fn aging_buckets_by_days_overdue() {
        let (o, mut c) = setup();
        // deposit due 03-08, balance due 04-26
        let a = c.receivable_aging(&o, day("2026-03-08"));
        assert_eq!(a.not_due, price("6500"));
        let a = c.receivable_aging(&o, day("2026-04-07"));
        assert_eq!(a.d0_30, price("1950"));
        let a = c.receivable_aging(&o, day("2026-04-08"));
        assert_eq!(a.d31_60, price("1950"));
        c.receipts.insert("a".into(), receipt("2000", true));
        let a = c.receivable_aging(&o, day("2026-07-01"));
        assert_eq!(a.d61_90, price("4500"));
        assert_eq!(a.overdue(), price("4500"));
        let a = c.receivable_aging(&o, day("2026-08-01"));
        assert_eq!(a.over_90, price("4500"));
    }

    #[test]
    fn payables_are_reduced_by_payments() {
        let (_, mut c) = setup();
        c.payables.insert(
            "p1".into(),
            Payable {
                purchase_order: "po1".into(),
                amount: price("1000"),
                due: Some(day("2026-04-01")),
                ..Payable::default()
            },
        );
        c.payments.insert(
            "x".into(),
            Payment {
                payable: "p1".into(),
                amount: price("400"),
                ..Payment::default()
            },
        );
        assert_eq!(c.payable_outstanding("p1"), price("600"));
        assert_eq!(
            c.payable_aging(day("2026-04-15"))["USD"].d0_30,
            price("600")
        );
    }

    /// Two office devices enter money for one order before they meet: each creates its books,
    /// under the one derived id and with the same first change, so the merge keeps both
    /// devices' entries in one document (linked books of their own would have hidden one).
    #[test]
    fn books_created_on_two_devices_are_one_document_that_keeps_both_entries() {
        use crate::document::{commit, read, Author};
        assert_eq!(books_id("order-1"), books_id("order-1"));
        assert_ne!(books_id("order-1"), books_id("order-2"));
        let mut a = new_books("order-1").unwrap();
        let mut b = new_books("order-1").unwrap();
        assert_eq!(a.get_heads(), b.get_heads(), "one first change");
        let who = |d: &str| Author {
            name: "fin".into(),
            device: d.into(),
        };
        for (doc, actor, id) in [(&mut a, 1u8, "r1"), (&mut b, 2, "r2")] {
            doc.set_actor(automerge::ActorId::from([actor; 16]));
            commit::<Commercial, (), DomainError>(doc, &who(id), 5, |c| {
                // Two transfers (their bank references differ), not one entered twice.
                let r = Receipt {
                    reference: format!("TT-{id}"),
                    ..receipt("100", true)
                };
                c.receipts.insert(id.into(), r);
                Ok(())
            })
            .unwrap();
        }
        a.merge(&mut b).expect("the books merge");
        let c: Commercial = read(&a).unwrap();
        assert_eq!(c.order, "order-1");
        assert_eq!(c.receipts.len(), 2);
        assert_eq!(c.received(), price("200"));
    }

    /// A customer price still to check values nothing: shipped goods at a planted low price must
    /// not open the balance gate, nor fill an invoice.
    #[test]
    fn a_customer_price_to_check_values_nothing_and_opens_no_gate() {
        use crate::shipment::Shipment;
        let (mut o, mut c) = setup();
        c.colour_prices.clear();
        c.unit_price = Some(price("0.01"));
        c.unit_price_check = Some(PriceCheck {
            price: Some(price("0.01")),
            ..PriceCheck::default()
        });
        let mut s = Shipment::default();
        s.quantities.insert("red:m".into(), 1000);
        o.shipments.insert("s1".into(), s);
        o.quantities.set_qty("navy", "m", 0);
        c.receipts.insert("r".into(), receipt("10", true));
        assert_eq!(c.price_of("red"), None);
        assert_eq!(c.order_value(&o), None);
        assert_eq!(c.shipped_value(&o), None);
        assert!(!c.balance_opens_gate_for(&o));
        c.confirm_unit_price(price("0.01"));
        assert_eq!(c.shipped_value(&o), Some(price("10")));
        assert!(
            c.balance_opens_gate_for(&o),
            "the gate is the checker's choice now"
        );
    }

    #[test]
    fn a_po_is_reconciled_for_what_arrived_and_never_twice() {
        use crate::purchasing::{Delivery, IncomingResult};
        let (_, mut c) = setup();
        let mut po = PurchaseOrder {
            supplier: "mill".into(),
            qty: "1000".parse().unwrap(),
            ..PurchaseOrder::default()
        };
        let e = c.add_payable_for_po("x", "po1", &po, None).unwrap_err();
        assert!(matches!(
            e,
            DomainError::Problem(Problem {
                field: Field::UnitPrice,
                ..
            })
        ));
        c.po_prices.insert(
            "po1".into(),
            PoPrice {
                unit_price: Some(price("2.5")),
                currency: "CNY".into(),
            },
        );
        assert_eq!(c.po_currency("po1"), "CNY");
        assert_eq!(c.po_currency("other"), "USD");
        let e = c.add_payable_for_po("x", "po1", &po, None).unwrap_err();
        assert!(matches!(
            e,
            DomainError::Problem(Problem {
                issue: Issue::NothingReceived,
                ..
            })
        ));
        let arrive = |qty: &str| Delivery {
            date: Some(day("2026-04-01")),
            qty: qty.parse().unwrap(),
            inspection: IncomingResult::Accepted,
            ..Delivery::default()
        };
        po.deliveries.insert("d1".into(), arrive("400"));
        assert_eq!(
            c.add_payable_for_po("x", "po1", &po, Some(day("2026-05-01")))
                .unwrap(),
            (PayableKind::Charge, price("1000"))
        );
        assert!(c.add_payable_for_po("y", "po1", &po, None).is_err());
        po.deliveries.insert("d2".into(), arrive("600"));
        assert_eq!(
            c.add_payable_for_po("y", "po1", &po, None).unwrap(),
            (PayableKind::Charge, price("1500"))
        );
        assert_eq!(c.payables_for("po1").len(), 2);
        assert_eq!(c.payables["y"].supplier, "mill");
        assert!(c.payables_for("other").is_empty());
    }

    #[test]
    fn payables_count_only_accepted_goods_credit_later_rejections_and_never_pay_over_tolerance() {
        use crate::purchasing::{Delivery, IncomingResult};
        let (_, mut c) = setup();
        c.po_prices.insert(
            "po1".into(),
            PoPrice {
                unit_price: Some(price("2")),
                currency: String::new(),
            },
        );
        let mut po = PurchaseOrder {
            supplier: "mill".into(),
            qty: "1000".parse().unwrap(),
            tolerance_bp: 300,
            ..PurchaseOrder::default()
        };
        let arrive = |qty: &str, r: IncomingResult| Delivery {
            date: Some(day("2026-04-01")),
            qty: qty.parse().unwrap(),
            inspection: r,
            ..Delivery::default()
        };
        // Pending inspection: nothing to pay yet.
        po.deliveries
            .insert("d1".into(), arrive("400", IncomingResult::Pending));
        assert!(c.add_payable_for_po("a", "po1", &po, None).is_err());
        po.deliveries
            .insert("d1".into(), arrive("400", IncomingResult::Accepted));
        po.deliveries.insert(
            "d2".into(),
            arrive("300", IncomingResult::AcceptedWithRemarks),
        );
        assert_eq!(
            c.add_payable_for_po("a", "po1", &po, Some(day("2026-04-10")))
                .unwrap(),
            (PayableKind::Charge, price("1400"))
        );
        c.payments.insert(
            "x".into(),
            Payment {
                payable: "a".into(),
                amount: price("1000"),
                ..Payment::default()
            },
        );
        // d2 rejected after its payable was raised: a credit, not silence.
        po.deliveries
            .insert("d2".into(), arrive("300", IncomingResult::Rejected));
        assert_eq!(
            c.add_payable_for_po("b", "po1", &po, None).unwrap(),
            (PayableKind::Credit, price("600"))
        );
        assert!(c.payables["b"].is_credit());
        assert_eq!(c.payable_outstanding("b"), Price::ZERO);
        // 1400 − 1000 paid − 600 credit: the supplier owes 200 back.
        assert_eq!(c.payable_outstanding("a"), Price::ZERO);
        assert_eq!(c.credit_balance("po1"), price("200"));
        assert_eq!(
            c.payable_aging(day("2026-05-01"))["USD"].overdue(),
            Price::ZERO
        );
        // Over-delivery: 1100 accepted on 1000 ordered with 3 % tolerance; 1030 is paid.
        po.deliveries
            .insert("d3".into(), arrive("700", IncomingResult::Accepted));
        assert_eq!(po.over_delivery().to_string(), "70");
        assert_eq!(
            c.add_payable_for_po("c", "po1", &po, None).unwrap(),
            (PayableKind::Charge, price("1260"))
        );
        assert_eq!(c.payable_outstanding("c"), price("1060"));
        assert_eq!(c.credit_balance("po1"), Price::ZERO);
    }

    #[test]
    fn payables_and_payments_carry_the_po_currency_and_totals_stay_per_currency() {
        use crate::purchasing::{Delivery, IncomingResult};
        let (_, mut c) = setup();
        c.po_prices.insert(
            "fabric".into(),
            PoPrice {
                unit_price: Some(price("20")),
                currency: "CNY".into(),
            },
        );
        c.po_prices.insert(
            "trims".into(),
            PoPrice {
                unit_price: Some(price("1")),
                currency: String::new(),
            },
        );
        let po = |supplier: &str| PurchaseOrder {
            supplier: supplier.into(),
            qty: "100".parse().unwrap(),
            deliveries: [(
                "d".to_string(),
                Delivery {
                    date: Some(day("2026-04-01")),
                    qty: "100".parse().unwrap(),
                    inspection: IncomingResult::Accepted,
                    ..Delivery::default()
                },
            )]
            .into(),
            ..PurchaseOrder::default()
        };
        c.add_payable_for_po("f", "fabric", &po("mill"), Some(day("2026-04-10")))
            .unwrap();
        c.add_payable_for_po("t", "trims", &po("trims"), Some(day("2026-04-10")))
            .unwrap();
        assert_eq!(c.payables["f"].currency, "CNY");
        assert_eq!(c.payable_currency("t"), "USD");
        let pay = |payable: &str, amount: &str, currency: &str| Payment {
            payable: payable.into(),
            amount: price(amount),
            currency: currency.into(),
            exchange_rate: Some(price("0.14")),
            ..Payment::default()
        };
        let e = c
            .record_payment("x", pay("f", "500", "USD"), day("2026-03-01"))
            .unwrap_err();
        assert!(matches!(
            e,
            DomainError::Problem(Problem {
                field: Field::Currency,
                ..
            })
        ));
        c.record_payment("x", pay("f", "500", ""), day("2026-03-01"))
            .unwrap();
        assert_eq!(c.payments["x"].currency, "CNY");
        assert_eq!(c.payments["x"].in_order_currency(), Some(price("70")));
        let totals = c.payables_outstanding();
        assert_eq!(totals["CNY"], price("1500"));
        assert_eq!(totals["USD"], price("100"));
        let aging = c.payable_aging(day("2026-04-20"));
        assert_eq!(aging["CNY"].d0_30, price("1500"));
        assert_eq!(aging["USD"].d0_30, price("100"));
    }
}
