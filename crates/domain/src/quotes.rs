//! 报价单: the prices quoted to the buyer for an order, round by round, and what the buyer said
//! to each. Quotes are money, so they live in the order's commercial document and never reach
//! a factory, a scoped token or a bundle.
//!
//! The rules a merchandiser relies on when the buyer later says "we agreed 4.80":
//! - a quote is answered only once it was sent, on a day from its sending to today, and only
//!   once; a buyer who changes their mind answers a new round;
//! - at most one quote stands accepted: a new round, or another acceptance, waits until the
//!   accepted one is withdrawn with who and why (after a merge of two devices that each took an
//!   acceptance, both are shown and neither price goes into the books until one is withdrawn);
//! - an acceptance after the quote's validity needs a note saying why the price still holds;
//! - the accepted price becomes the order's only when someone says so ([`apply_accepted`]), and
//!   not in another currency once money is recorded in the books' own.

use autosurgeon::{Hydrate, Reconcile};

use crate::commercial::Commercial;
use crate::day::Day;
use crate::error::{problem, DomainError};
use crate::money::Price;
use crate::problem::{Field, Issue};

crate::code_enum! {
    /// What the buyer said to a quote.
    pub enum Reply default Accepted {
        Accepted = "accepted",
        /// The buyer named the price they would take.
        Countered = "countered",
        Declined = "declined",
    }
}

/// The buyer's answer to one quote: the reply, the day, the price they offered instead when
/// they countered, what they said, and who recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Reconcile, Hydrate)]
pub struct QuoteAnswer {
    pub reply: Reply,
    pub day: Option<Day>,
    pub counter: Option<Price>,
    pub note: String,
    pub who: String,
}

/// One round of quoting: the price per piece in its currency, the delivery term and quantity it
/// was quoted for, how long it holds, who made it and when, when it went to the buyer, the
/// buyer's answer, and, when it was taken back, who and why ("who — why").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Reconcile, Hydrate)]
pub struct Quote {
    /// The round as made on its device: one more than any round it knew. Two devices quoting
    /// offline may make the same number; the day and id then order them the same everywhere.
    pub seq: u64,
    pub currency: String,
    pub price: Price,
    /// The delivery term's code ("FOB", "CIF"), empty when none was said.
    pub incoterm: String,
    /// Pieces the price was quoted for; 0 when not said.
    pub pieces: u64,
    pub valid_until: Option<Day>,
    /// What the price includes or assumes (fabric, packing, test costs).
    pub note: String,
    pub made_by: String,
    pub made: Option<Day>,
    pub sent: Option<Day>,
    pub answer: Option<QuoteAnswer>,
    pub withdrawn: Option<String>,
}

crate::record_fields!(Quote;
    seq: u64,
    currency: String,
    price: Price,
    incoterm: String,
    pieces: u64,
    valid_until: Option<Day>,
    note: String,
    made_by: String,
    made: Option<Day>,
    sent: Option<Day>,
    answer: Option<QuoteAnswer>,
    withdrawn: Option<String>,
);

/// Days a new quote holds unless the merchandiser says otherwise.
pub const USUAL_VALIDITY_DAYS: i64 = 30;

/// Where a quote stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteState {
    /// Made, not sent yet.
    Draft,
    /// Sent, waiting for the buyer, still valid.
    Sent,
    /// Sent, unanswered, and its validity has passed.
    Expired,
    Accepted,
    Countered,
    Declined,
    Withdrawn,
}

impl Quote {
    pub fn state(&self, today: Day) -> QuoteState {
        if self.withdrawn.is_some() {
            return QuoteState::Withdrawn;
        }
        match (&self.answer, self.sent) {
            (Some(a), _) => match a.reply {
                Reply::Accepted => QuoteState::Accepted,
                Reply::Countered => QuoteState::Countered,
                // A reply of a newer build is read as no deal.
                Reply::Declined | Reply::Other(_) => QuoteState::Declined,
            },
            (None, None) => QuoteState::Draft,
            (None, Some(_)) if self.valid_until.is_some_and(|v| v < today) => QuoteState::Expired,
            (None, Some(_)) => QuoteState::Sent,
        }
    }

    /// Sent, not answered and not taken back: expired or not, the buyer still owes an answer
    /// (chase it, or make a new round).
    pub fn awaits_answer(&self) -> bool {
        self.sent.is_some() && self.answer.is_none() && self.withdrawn.is_none()
    }

    /// Accepted and not taken back.
    pub fn stands_accepted(&self) -> bool {
        self.withdrawn.is_none()
            && self
                .answer
                .as_ref()
                .is_some_and(|a| a.reply == Reply::Accepted)
    }

    /// Accepted on a day after the quote stopped holding.
    pub fn accepted_late(&self) -> bool {
        self.answer
            .as_ref()
            .is_some_and(|a| a.reply == Reply::Accepted && late(self.valid_until, a.day))
    }
}

fn late(valid_until: Option<Day>, day: Option<Day>) -> bool {
    matches!((valid_until, day), (Some(v), Some(d)) if d > v)
}

/// A quote as typed: currency (empty: the books' own), price, term, pieces, validity, note,
/// who makes it and the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quoting<'a> {
    pub currency: &'a str,
    pub price: Price,
    pub incoterm: &'a str,
    pub pieces: u64,
    pub valid_until: Option<Day>,
    pub note: &'a str,
    pub who: &'a str,
    pub today: Day,
}

/// The quotes in rounds, oldest first (in the order made, then by day and id, the same on every
/// device), each with its round number from 1.
pub fn rounds(c: &Commercial) -> Vec<(u32, &String, &Quote)> {
    let mut all: Vec<(&String, &Quote)> = c.quotes.iter().collect();
    crate::sorting::sort_by_key(&mut all, |(id, q)| (q.seq, q.made, (*id).clone()));
    all.into_iter()
        .zip(1u32..)
        .map(|((id, q), n)| (n, id, q))
        .collect()
}

/// The quotes that stand accepted: one, or after a merge of two devices' acceptances, more
/// (then the books take none of their prices until all but one are withdrawn).
pub fn accepted(c: &Commercial) -> Vec<(&String, &Quote)> {
    rounds(c)
        .into_iter()
        .filter(|(_, _, q)| q.stands_accepted())
        .map(|(_, id, q)| (id, q))
        .collect()
}

/// The one accepted quote, when exactly one stands.
pub fn the_accepted(c: &Commercial) -> Option<&Quote> {
    match accepted(c).as_slice() {
        [(_, q)] => Some(q),
        _ => None,
    }
}

/// The accepted quote when the books' price or currency is not its own: the screen asks
/// whether to use it.
pub fn differs(c: &Commercial) -> Option<&Quote> {
    the_accepted(c).filter(|q| c.unit_price != Some(q.price) || c.currency != q.currency)
}

/// Makes a new round. Refused while a quote stands accepted (withdraw it first, with why), for
/// no price or a price of nothing, a currency that is not an ISO code (empty takes the books'
/// currency, and one of the two must be said), and a validity ending before today.
pub fn make(c: &mut Commercial, id: &str, q: Quoting<'_>) -> Result<(), DomainError> {
    if !accepted(c).is_empty() {
        return Err(problem(Field::Quote, Issue::AnotherAccepted));
    }
    let typed = q.currency.trim();
    let currency = if typed.is_empty() {
        c.currency.trim().to_string()
    } else {
        crate::commercial::currency_code(typed)
            .ok_or_else(|| problem(Field::QuoteCurrency, Issue::NotACurrency))?
    };
    if currency.is_empty() {
        return Err(problem(Field::QuoteCurrency, Issue::Required));
    }
    if q.price <= Price::ZERO {
        return Err(problem(Field::QuotePrice, Issue::NotPositive));
    }
    if q.valid_until.is_some_and(|v| v < q.today) {
        return Err(problem(Field::QuoteValidUntil, Issue::BeforeQuoted));
    }
    if c.quotes.contains_key(id) {
        return Err(problem(Field::Quote, Issue::Duplicate(id.to_string())));
    }
    let seq = c.quotes.values().map(|q| q.seq).max().unwrap_or(0) + 1;
    c.quotes.insert(
        id.to_string(),
        Quote {
            seq,
            currency,
            price: q.price,
            incoterm: q.incoterm.trim().to_ascii_uppercase(),
            pieces: q.pieces,
            valid_until: q.valid_until,
            note: q.note.trim().to_string(),
            made_by: q.who.trim().to_string(),
            made: Some(q.today),
            sent: None,
            answer: None,
            withdrawn: None,
        },
    );
    Ok(())
}

/// Makes a new round at the price the buyer countered `from` with ("meet their counter"): the
/// same currency, term, pieces and note, holding [`USUAL_VALIDITY_DAYS`] from today. Refused for
/// a quote that was not countered, and as [`make`] refuses.
pub fn requote(
    c: &mut Commercial,
    from: &str,
    id: &str,
    (who, today): (&str, Day),
) -> Result<(), DomainError> {
    let q = c
        .quotes
        .get(from)
        .ok_or_else(|| DomainError::not_found("quote", from))?
        .clone();
    let counter = q
        .answer
        .as_ref()
        .filter(|a| a.reply == Reply::Countered && q.withdrawn.is_none())
        .and_then(|a| a.counter)
        .ok_or_else(|| problem(Field::CounterPrice, Issue::Required))?;
    make(
        c,
        id,
        Quoting {
            currency: &q.currency,
            price: counter,
            incoterm: &q.incoterm,
            pieces: q.pieces,
            valid_until: today.add_days(USUAL_VALIDITY_DAYS),
            note: &q.note,
            who,
            today,
        },
    )
}

fn live<'a>(c: &'a mut Commercial, id: &str) -> Result<&'a mut Quote, DomainError> {
    let q = c
        .quotes
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("quote", id))?;
    if q.withdrawn.is_some() {
        return Err(problem(Field::Quote, Issue::Withdrawn));
    }
    Ok(q)
}

/// Says the quote went to the buyer on `day` (from the day it was made to today). Sending it
/// again keeps the first day.
pub fn send(c: &mut Commercial, id: &str, day: Day, today: Day) -> Result<(), DomainError> {
    let q = live(c, id)?;
    if day > today {
        return Err(problem(Field::QuoteDay, Issue::InFuture));
    }
    if q.made.is_some_and(|m| day < m) {
        return Err(problem(Field::QuoteDay, Issue::BeforeQuoted));
    }
    if q.sent.is_none() {
        q.sent = Some(day);
    }
    Ok(())
}

/// The buyer's answer as typed: the reply, the day, the counter price (for a counter offer),
/// what they said (and, for an acceptance after the quote expired, why the price still holds),
/// who records it and the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answering<'a> {
    pub reply: Reply,
    pub day: Day,
    pub counter: Option<Price>,
    pub note: &'a str,
    pub who: &'a str,
    pub today: Day,
}

/// Records the buyer's answer to a sent quote. See the module's rules.
pub fn answer(c: &mut Commercial, id: &str, a: Answering<'_>) -> Result<(), DomainError> {
    let others_accepted = accepted(c).iter().any(|(qid, _)| qid.as_str() != id);
    let q = live(c, id)?;
    if q.answer.is_some() {
        return Err(problem(Field::Quote, Issue::AlreadyAnswered));
    }
    let Some(sent) = q.sent else {
        return Err(problem(Field::Quote, Issue::NotSentYet));
    };
    if a.day > a.today {
        return Err(problem(Field::QuoteDay, Issue::InFuture));
    }
    if a.day < sent {
        return Err(problem(Field::QuoteDay, Issue::BeforeQuoteSent));
    }
    let counter = match a.reply {
        Reply::Countered => match a.counter {
            None => return Err(problem(Field::CounterPrice, Issue::Required)),
            Some(p) if p <= Price::ZERO => {
                return Err(problem(Field::CounterPrice, Issue::NotPositive))
            }
            p => p,
        },
        _ => None,
    };
    if a.reply == Reply::Accepted {
        if others_accepted {
            return Err(problem(Field::Quote, Issue::AnotherAccepted));
        }
        if late(q.valid_until, Some(a.day)) && a.note.trim().is_empty() {
            return Err(problem(Field::QuoteAnswerNote, Issue::QuoteExpired));
        }
    }
    q.answer = Some(QuoteAnswer {
        reply: a.reply,
        day: Some(a.day),
        counter,
        note: a.note.trim().to_string(),
        who: a.who.trim().to_string(),
    });
    Ok(())
}

/// Takes a quote back (sent in error, superseded after the buyer reopened the price), with who
/// and why; an accepted quote withdrawn no longer stands.
pub fn withdraw(c: &mut Commercial, id: &str, who: &str, reason: &str) -> Result<(), DomainError> {
    let said = crate::error::signed_reason(who, reason)?;
    let q = c
        .quotes
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("quote", id))?;
    if q.withdrawn.is_none() {
        q.withdrawn = Some(said);
    }
    Ok(())
}

/// Makes the one accepted quote's price the order's price (its currency the books'). Refused
/// with no single accepted quote, and in another currency once money is recorded in the books'
/// ([`Commercial::may_keep_in`]: those amounts would change meaning).
pub fn apply_accepted(c: &mut Commercial) -> Result<(), DomainError> {
    let q = match accepted(c).as_slice() {
        [(_, q)] => (*q).clone(),
        [] => return Err(problem(Field::Quote, Issue::NoneAccepted)),
        _ => return Err(problem(Field::Quote, Issue::AnotherAccepted)),
    };
    c.may_keep_in(&q.currency)?;
    c.unit_price = Some(q.price);
    c.currency = q.currency;
    // A person chose this price: nothing copied from an old order is left to check.
    c.unit_price_check = None;
    Ok(())
}

/// Quotes sent and still waiting for the buyer ([`Quote::awaits_answer`]), oldest first, with
/// their round.
pub fn waiting(c: &Commercial) -> Vec<(u32, &String, &Quote)> {
    rounds(c)
        .into_iter()
        .filter(|(_, _, q)| q.awaits_answer())
        .collect()
}
