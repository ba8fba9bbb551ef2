//! The order's own shipment allowance widened only with a reason, logged: a wider short
//! allowance would let the order count as fully shipped with fewer pieces and no reason.

use crate::common::*;
use gendan_domain::shipped::{self, AllowanceBy, Tolerance};
use gendan_domain::DomainError;

const WS: (u32, u32) = (30, 50);

fn by<'a>(reason: &'a str, id: &'a str) -> AllowanceBy<'a> {
    AllowanceBy {
        who: "li",
        today: day("2026-05-05"),
        reason,
        change_id: id,
    }
}

fn tol(short: u32, over: u32) -> Tolerance {
    Tolerance {
        short_permille: short,
        over_permille: over,
    }
}

#[test]
fn widening_the_allowance_needs_a_reason_and_is_logged_narrowing_does_not() {
    let mut o = full_order();
    for wider in [tol(500, 50), tol(30, 60), tol(31, 0)] {
        let before = o.clone();
        let refused = shipped::set_allowance(&mut o, Some(wider), WS, by("", "c"));
        assert!(
            matches!(refused, Err(DomainError::ReasonRequired)),
            "{wider:?}"
        );
        assert_eq!(o, before, "{wider:?}: nothing changed");
    }
    assert!(matches!(
        shipped::set_allowance(&mut o, Some(tol(501, 0)), WS, by("why", "c")),
        Err(DomainError::Problem(_))
    ));
    // Narrowing needs nothing and logs nothing.
    shipped::set_allowance(&mut o, Some(tol(10, 10)), WS, by("", "c1")).unwrap();
    assert!(o.tolerance_changes.is_empty());
    // Back to the workspace's (wider than 1 %): that widens, so it needs a reason too.
    assert!(matches!(
        shipped::set_allowance(&mut o, None, WS, by("", "c2")),
        Err(DomainError::ReasonRequired)
    ));
    shipped::set_allowance(
        &mut o,
        Some(tol(200, 10)),
        WS,
        by("buyer accepts 20 % short", "c3"),
    )
    .unwrap();
    let c = &o.tolerance_changes["c3"];
    assert_eq!((c.from, c.to), (tol(10, 10), tol(200, 10)));
    assert_eq!(c.reason, "buyer accepts 20 % short");
    assert_eq!(o.ship_tolerance, Some(tol(200, 10)));
}
