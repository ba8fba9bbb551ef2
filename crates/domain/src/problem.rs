//! What is wrong with one input of a record, typed: which input ([`Field`]) and which rule it
//! breaks ([`Issue`]). Every record kind reports through these, so the screens can show the
//! problem next to the input and word it in the user's language; the domain holds no wording.
//!
//! It sits apart from the records it describes so that every module can report problems without
//! depending on the order document.

use crate::measure::MilliError;
use crate::money::MoneyError;
use crate::number::NumberError;

/// Which input a problem belongs to, so the form can show it next to that input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    CustomerPo,
    Customer,
    StyleNo,
    Description,
    Currency,
    UnitPrice,
    OrderDate,
    ExFactory,
    Colours,
    Sizes,
    Quantities,
    /// One cell of the matrix: colour id and size id.
    Cell(String, String),
    // ---- records inside the order (samples, purchase orders) ----
    /// The day a sample was sent.
    SentDate,
    /// The day the buyer's reply on a sample is expected.
    ReplyDue,
    /// The day the buyer's reply was recorded.
    ReplyDate,
    /// The buyer's comments on a sample.
    Comments,
    /// A purchase order's supplier (a party id).
    Supplier,
    /// A purchase order's quantity.
    Qty,
    /// A purchase order's unit of measure.
    Unit,
    /// The day a purchase order is required in-house.
    RequiredDate,
    /// A supplier's confirmation date.
    ConfirmedDate,
    /// The day a shipment reached the buyer.
    ArrivedOn,
    /// The day a transit incident happened.
    IncidentDay,
    /// What happened in transit.
    IncidentNote,
    /// Pieces damaged, short or lost in transit.
    IncidentPieces,
    /// How a transit incident ended.
    IncidentSettlement,
    /// A delivery's date.
    DeliveryDate,
    /// A delivery's quantity.
    DeliveryQty,
    /// What was found and done about a complaint.
    Resolution,
    /// Why a complaint happened.
    RootCause,
    /// Pieces a complaint found defective.
    DefectiveQty,
    /// An inspection's lot size.
    LotSize,
    /// A delay report's new date.
    NewDate,
    /// A supplier payment's amount, day and exchange rate.
    PaymentAmount,
    PaymentDate,
    /// A PO's over-delivery tolerance.
    PoTolerance,
    /// Money received from the customer ([`crate::receipts`]): amount, day, bank reference.
    ReceiptAmount,
    ReceiptDate,
    ReceiptReference,
    /// Money a supplier sent back ([`crate::owed_back`]).
    RefundAmount,
    RefundDate,
    ExchangeRate,
    /// A corrective action's factory, who took it, when, and what was done.
    Factory,
    CorrectiveBy,
    CorrectiveOn,
    CorrectiveAction,
    /// A defect photo's reference (the SHA-256 of its bytes).
    Photo,
    /// An inspection's level and severity, stored as codes.
    InspectionLevel,
    Stringency,
    /// An inspection's AQL per defect class.
    AqlCritical,
    AqlMajor,
    AqlMinor,
    /// A delay report's cause.
    DelayCause,
    FollowUpNote,
    StoredDate,
    StockLocation,
    FollowUpDate,
    PromisedDate,
    UrgentReason,
    /// The reason given for changing the ex-factory date.
    ChangeReason,
    /// What was reworked before a re-inspection.
    ReworkNote,
    /// Why a final lot is started while a failed one waits for its re-inspection.
    StartedOver,
    /// Why a PO is closed short.
    CloseReason,
    /// Why a placed PO's quantity or due day changes.
    RevisionReason,
    /// Why a PO is cancelled.
    CancelReason,
    /// Why a finished inspection is reopened.
    ReopenReason,
    /// A finished inspection as a whole (its figures are locked).
    FinishedInspection,
    /// A production report's quantity.
    ProductionQty,
    /// The colour a production report's pieces are of.
    ProductionColour,
    /// Why pieces are taken away from production reported (a removal, a correction downwards).
    ProductionReason,
    /// A measurement's point of measure.
    MeasurePoint,
    /// The workspace's shipment allowances (per mille of the order).
    OverShipAllowance,
    ShortShipAllowance,
    // ---- shipments by colour × size and their cartons (issue 14) ----
    /// The first and last carton number of a packing list line.
    CartonFrom,
    CartonTo,
    /// What one carton holds, by colour and size.
    PerCarton,
    /// Pieces in one ratio-packed carton.
    PiecesPerCarton,
    /// A carton's outer dimensions (cm, to the mm).
    CartonLength,
    CartonWidth,
    CartonHeight,
    /// A carton's net and gross weight.
    NetKg,
    GrossKg,
    /// What a shipment or an order's shipments carry against the order.
    ShippedQty,
    /// The day a shipment left.
    ShippedOn,
    /// The order's short- and over-shipment allowance.
    ShortAllowance,
    OverAllowance,
    // ---- files kept with an order (issue 17) ----
    /// A file attached to an order.
    Attachment,
    /// The day a T&A milestone was done.
    ActualDate,
    /// An inspection's kind (inline, final…).
    InspectionKind,
    /// A charge raised by hand outside any purchase order: its amount, and what it is for
    /// (the supplier's invoice number) ([`crate::other_charges`]).
    ChargeAmount,
    ChargeNote,
    /// A quote to the buyer as a whole ([`crate::quotes`]), its currency, price, validity, the
    /// day it was sent or answered, the buyer's counter price and what the buyer said.
    Quote,
    QuoteCurrency,
    QuotePrice,
    QuoteValidUntil,
    QuoteDay,
    CounterPrice,
    QuoteAnswerNote,
    /// The money a transit claim asks, and a recovery's amount and day ([`crate::claims`]).
    ClaimAmount,
    RecoveryAmount,
    RecoveryDate,
    /// Where a sealed sample (锁板) is kept ([`crate::samples::seal`]).
    SealKeptAt,
    /// A booked inspection's day, and who inspects for the buyer ([`crate::bookings`]).
    BookingDay,
    BookingAgency,
    /// Pieces the buyer sent back, the day they came, and the day they went again
    /// ([`crate::goods_returns`]).
    ReturnQty,
    ReturnDay,
    ResentDay,
    /// What the buyer keeps back for a complaint, the day it said so and its debit-note
    /// number ([`crate::deductions`]).
    DeductionAmount,
    DeductionDay,
    DeductionReference,
    /// What is charged back to a supplier for a complaint, and what for
    /// ([`crate::factory_debits`]).
    DebitAmount,
    DebitNote,
    /// A notice's title, who sends it, the factory it is for, and who read it
    /// ([`crate::notices`]).
    NoticeTitle,
    NoticeBody,
    NoticeFrom,
    NoticeFactory,
    NoticeReader,
    /// One of the day's goals (每天3电3计6审).
    DayGoal,
}

/// What is wrong with the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    Required,
    NotWholeNumber,
    Negative,
    TooLarge,
    NotANumber,
    TooPrecise,
    NotADate,
    BeforeOrderDate,
    NotACurrency,
    Duplicate(String),
    /// Must be more than zero.
    NotPositive,
    /// A date that has not come yet, for something that already happened.
    InFuture,
    /// A day on or before a due day, entered after that day: allowed only with the reason.
    EnteredAfterDue,
    /// Money recorded in this currency, which the books are no longer kept in (a switch made
    /// on another device): it counts for nothing until they are kept in it again.
    NotBooksCurrency(String),
    /// The order is not open, or another factory makes it: what is for one factory does not
    /// go into it.
    NotThisOrdersFactory,
    /// A failed final lot waits for its re-inspection: a new final lot needs a reason.
    FailedLotWaits,
    /// A final lot counts at its factory's record (the switching rules, first-pass yield): none
    /// is started, or re-inspected, while the order names no factory.
    NoFactoryNamed,
    /// A phone check of the buyer's order before (or without) the written order it checks.
    WrittenFirst,
    /// The shipment has not left yet: it cannot have arrived.
    NotLeftYet,
    /// A day before the goods left.
    BeforeLeft,
    /// Settled before the day the incident happened.
    BeforeReported,
    /// A date before the day the sample was sent.
    BeforeSent,
    /// A promised day before the day the supplier was chased.
    BeforeFollowUp,
    /// Goods that incoming inspection did not accept.
    NotAccepted,
    /// Goods came against it (pending or accepted): close it short instead of cancelling.
    GoodsArrived,
    /// Cancelled: nothing more is changed on it.
    Cancelled,
    /// A day before the goods arrived.
    BeforeArrival,
    /// Nothing has been received (accepted) yet.
    NothingReceived,
    /// More money than is still owed or may still be asked for; holds what may be.
    MoreThanOwed(crate::money::Price),
    /// A refund beyond what the supplier owes back: at most this.
    MoreThanOwedBack(crate::money::Price),
    /// A price copied from an old order document that someone other than its creator wrote:
    /// it is used for nothing until a person confirms or retypes it.
    PriceToCheck,
    /// Not later than the planned date.
    NotAfterPlanned,
    /// Not a SHA-256 hash (64 hex digits); holds what was given.
    NotAHash(String),
    /// A code this version does not know (written by a newer one, or mistyped); holds the code.
    UnknownCode(String),
    /// A number written with a decimal comma ("2,5"), refused rather than guessed; holds the text.
    DecimalComma(String),
    /// A number that is not one of ISO 2859-1's AQLs; holds the text.
    NotAStandardAql(String),
    /// "0" (no defect of this class accepted) takes its sample size from another class's AQL,
    /// and no other class has one.
    ZeroWithoutSample,
    /// `1,500` where decimals are allowed: fifteen hundred, or one and a half written with a
    /// decimal comma ([`crate::number`]); holds both readings so the message can show them.
    Ambiguous {
        thousands: String,
        decimal: String,
    },
    /// The inspection is finished: its figures change only after it is reopened with a reason.
    Finished,
    /// The figures of a finished inspection are not the ones it was finished with (another
    /// device changed them offline): its verdict needs a decision, by reopening it.
    ChangedAfterFinish,
    /// Packing this many pieces goes beyond the order plus its over-shipment allowance; asked
    /// before it is recorded.
    OverShipment {
        packed: u64,
        allowed: u64,
        ordered: u64,
        /// The colour's name when one colour alone goes beyond what was ordered of it plus
        /// the allowance ("" for the whole order).
        colour: String,
    },
    /// The record was removed; it can no longer be corrected.
    Removed,
    /// A last carton number before the first.
    BeforeFrom,
    /// A solid-packed carton holds more than one colour and size.
    SolidMixed,
    /// A carton's gross weight is less than its net weight.
    GrossBelowNet,
    /// Ratio-packed pieces that do not divide by the ratio's parts (25 at 1:2:1).
    RatioNotDividing {
        pieces: u64,
        parts: u64,
    },
    /// What the shipments carry is outside the order's allowance: marking the order fully
    /// shipped needs a reason.
    OutsideTolerance {
        shipped: u64,
        min: u64,
        max: u64,
    },
    /// A file larger than its type's limit (bytes), refused before anything is stored.
    FileTooLarge {
        size: u64,
        max: u64,
    },
    /// A contract or an invoice offered to the order document: it carries prices, so it is
    /// kept only with the order's money.
    OfficeOnly,
    /// A file of a kind the factory may see offered to the commercial document.
    NotOfficeOnly,
    /// The ex-factory and ETD milestones are done when the goods ship, never by a typed day.
    DoneByShipping,
    /// A milestone that follows payment is money: its dates tell the factory, which receives
    /// the order, the payment terms and when the buyer paid. Payment is followed in the books.
    PaymentInBooks,
    /// An inspection becomes a final one, or stops being one, only by starting anew: a final
    /// lot is started where the switching rules and a discontinued acceptance are applied.
    FinalFixedAtStart,
    /// A final lot is inspected at least as strictly as the switching rules set at its start:
    /// its set-up may tighten it, never ease it.
    StringencyNotEased,
    /// A plan that judges no defect class passes every lot, whatever was found.
    NoClassJudged,
    /// A final lot's inspection level and AQLs, once defects were counted on it or it was
    /// finished, may be tightened, never eased: easing them until the lot passes left no trace.
    PlanNotEased,
    /// Defects were counted on a final lot: a set-up that accepts more of them (a larger lot
    /// size, so a larger sample and acceptance number) is refused.
    RejectedAsCounted,
    /// A final or inline lot larger than the order can present: its total plus the
    /// over-shipment allowance. A larger lot draws a larger sample with a higher acceptance
    /// number, and spreads the defects found over pieces that were never there.
    LotAboveOrder {
        lot: u64,
        most: u64,
        ordered: u64,
    },
    /// A name typed where one of the workspace's parties (not a customer) is asked for.
    NotAParty,
    /// A day before the quote was made.
    BeforeQuoted,
    /// A day before the quote was sent.
    BeforeQuoteSent,
    /// Another quote stands accepted: withdraw it first.
    AnotherAccepted,
    /// No quote stands accepted.
    NoneAccepted,
    /// The quote was not sent: the buyer cannot have answered it.
    NotSentYet,
    /// The buyer answered this quote already; another answer is a new round.
    AlreadyAnswered,
    /// The quote was withdrawn.
    Withdrawn,
    /// Accepted after it stopped holding: say why the price still holds.
    QuoteExpired,
    /// Money was planned or received in this currency (held): the books keep it.
    CurrencyInUse(String),
    /// Less than what was already recovered (held).
    BelowRecovered(crate::money::Price),
    /// Only the latest round of a kind, approved by the buyer with no disagreeing reply, is
    /// sealed as the reference.
    NotApprovedToSeal,
    /// This sample is sealed already.
    AlreadySealed,
    /// A day already gone.
    InPast,
    /// The booking was cancelled or taken up by an inspection.
    BookingClosed,
    /// Our own QC's booking needs nobody's confirmation.
    OwnNeedsNoConfirmation,
    /// Goods come back only under a complaint still open.
    ComplaintNotOpen,
    /// More pieces than may still come back: at most this many.
    AtMost(u64),
    /// Nothing of this return is to be sent again, or it was sent already.
    NothingToResend,
    /// Pieces sent back to be reworked or replaced have not gone again yet.
    ReturnsToResend,
}

impl From<NumberError> for Issue {
    fn from(e: NumberError) -> Issue {
        match e {
            NumberError::Empty => Issue::Required,
            NumberError::NotANumber => Issue::NotANumber,
            NumberError::Negative => Issue::Negative,
            NumberError::NotWhole { .. } => Issue::NotWholeNumber,
            NumberError::TooPrecise { .. } => Issue::TooPrecise,
            NumberError::TooLarge => Issue::TooLarge,
            NumberError::Ambiguous { thousands, decimal } => {
                Issue::Ambiguous { thousands, decimal }
            }
        }
    }
}

impl From<MoneyError> for Issue {
    fn from(e: MoneyError) -> Issue {
        match e {
            MoneyError::NotANumber(_) => Issue::NotANumber,
            MoneyError::TooPrecise(_) => Issue::TooPrecise,
            MoneyError::Negative(_) => Issue::Negative,
            MoneyError::TooLarge(_) => Issue::TooLarge,
            MoneyError::Ambiguous {
                thousands, decimal, ..
            } => Issue::Ambiguous { thousands, decimal },
        }
    }
}

impl From<MilliError> for Issue {
    fn from(e: MilliError) -> Issue {
        match e {
            MilliError::NotANumber(_) => Issue::NotANumber,
            MilliError::TooPrecise(_) => Issue::TooPrecise,
            MilliError::TooLarge(_) => Issue::TooLarge,
            MilliError::Ambiguous {
                thousands, decimal, ..
            } => Issue::Ambiguous { thousands, decimal },
        }
    }
}

/// One rule a value breaks, said about one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    pub issue: Issue,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {:?}", self.field, self.issue)
    }
}

impl Problem {
    pub fn new(field: Field, issue: Issue) -> Problem {
        Problem { field, issue }
    }
}
