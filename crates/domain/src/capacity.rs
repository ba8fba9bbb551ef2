//! 产能: whether the work booked at a factory fits what it can sew before each order's
//! ex-factory date. A merchandiser asks before placing an order there ("确认供应商的生产能力和
//! 交货期") and again while the orders run: a factory sewing 800 pieces a day cannot also finish
//! 30,000 pieces due in three weeks, whatever each order's own plan says. Sewing is the measure,
//! as factories quote their daily capacity in pieces sewn; what is still to sew is what was
//! ordered less what sewing reported.

use crate::day::Day;
use crate::order::{Order, OrderStatus};
use crate::production::{stage_total, Stage};

/// The most pieces a day a party's capacity may say: beyond it a typing slip, not a factory.
pub const MAX_DAILY_CAPACITY: u64 = 10_000_000;

/// Pieces of `order` still to sew: ordered less what sewing reported, or less what already
/// left when more left than sewing reported (never below none).
pub fn to_sew(order: &Order) -> u64 {
    let done = stage_total(order, &Stage::Sewing).max(crate::shipped::shipped_total(order));
    order.quantities.total().saturating_sub(done)
}

/// Whether the order takes its factory's capacity now: confirmed and not marked shipped in
/// full, neither on hold, nor a draft, nor cancelled. A first part gone leaves the rest booked:
/// the second part of a split shipment is still to sew.
pub fn books(order: &Order) -> bool {
    matches!(
        order.status,
        OrderStatus::Confirmed | OrderStatus::InProduction | OrderStatus::ReadyToShip
    ) && order.ship_complete.is_none()
}

/// Pieces still to sew at a factory by one order's ex-factory date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Booking {
    pub pieces: u64,
    pub due: Day,
}

/// What a factory's bookings come to at its daily capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Load {
    /// Pieces booked, and the latest ex-factory date among them.
    pub pieces: u64,
    pub last_due: Option<Day>,
    /// The first ex-factory date by which more is booked than can be sewn from `today`
    /// through that day: the day, the pieces due by then and the pieces that can be sewn.
    pub over: Option<Over>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Over {
    pub by: Day,
    pub due: u64,
    pub can: u64,
}

/// Whether `bookings` fit `per_day` pieces a day from `today` (today's sewing counts; a
/// booking already past its date has no day left, so any piece of it is over).
pub fn load(per_day: u64, today: Day, bookings: &[Booking]) -> Load {
    let mut sorted: Vec<Booking> = bookings.iter().filter(|b| b.pieces > 0).copied().collect();
    crate::sorting::sort_by_key(&mut sorted, |b| b.due);
    let mut due = 0u64;
    let mut over = None;
    for b in &sorted {
        due = due.saturating_add(b.pieces);
        let days = if b.due < today {
            0
        } else {
            u64::try_from(today.days_until(b.due)).unwrap_or(0) + 1
        };
        let can = per_day.saturating_mul(days);
        if over.is_none() && due > can {
            over = Some(Over {
                by: b.due,
                due,
                can,
            });
        }
    }
    Load {
        pieces: due,
        last_due: sorted.last().map(|b| b.due),
        over,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        s.parse().unwrap()
    }

    fn b(pieces: u64, due: &str) -> Booking {
        Booking {
            pieces,
            due: d(due),
        }
    }

    #[test]
    fn bookings_fit_while_each_date_can_be_reached_sewing_from_today() {
        let today = d("2026-06-01");
        // 800 a day: 8,000 by 06-10 (ten days with today), 16,000 by 06-20.
        let fits = load(
            800,
            today,
            &[b(5_000, "2026-06-10"), b(11_000, "2026-06-20")],
        );
        assert_eq!(fits.over, None);
        assert_eq!(fits.pieces, 16_000);
        assert_eq!(fits.last_due, Some(d("2026-06-20")));
        // A third order due in between: each date up to it still fits (9,000 by 06-12 against
        // 9,600), the last one no longer does.
        let over = load(
            800,
            today,
            &[
                b(11_000, "2026-06-20"),
                b(5_000, "2026-06-10"),
                b(4_000, "2026-06-12"),
            ],
        );
        assert_eq!(
            over.over,
            Some(Over {
                by: d("2026-06-20"),
                due: 20_000,
                can: 16_000
            })
        );
    }

    #[test]
    fn an_order_past_its_date_is_over_and_nothing_to_sew_is_nothing() {
        let today = d("2026-06-01");
        let l = load(800, today, &[b(10, "2026-05-30"), b(0, "2026-05-01")]);
        assert_eq!(
            l.over,
            Some(Over {
                by: d("2026-05-30"),
                due: 10,
                can: 0
            })
        );
        assert_eq!(load(800, today, &[]).over, None);
    }
}
