//! 索赔金额 over real documents: a claim names an incident of the order and an amount in an ISO
//! currency; money recovered on it is dated by today at the latest and never beyond what is
//! outstanding on one device, while two devices' recoveries merged both stay and what came back
//! beyond the claim is shown; a revised claim never goes below what came back; a void keeps who
//! and why; and all of it is money, in the books only, never in a factory's copy.

use crate::common::*;
use gendan_domain::activity::{money_events, Event};
use gendan_domain::agenda::Agenda;
use gendan_domain::claims::{self, Recovering};
use gendan_domain::commercial::Commercial;
use gendan_domain::order::{Field, Issue};
use gendan_domain::shipment::incidents::{self, Incident, IncidentKind};
use gendan_domain::shipment::Shipment;
use gendan_domain::{DomainError, Order, Price};

fn price(s: &str) -> Price {
    s.parse().unwrap()
}

fn refused(r: Result<(), DomainError>) -> (Field, Issue) {
    match r {
        Err(DomainError::Problem(p)) => (p.field, p.issue),
        other => panic!("expected a problem, got {other:?}"),
    }
}

/// An order whose shipment left on 06-01 and arrived with 40 pieces wet (incident "wet").
pub(crate) fn damaged() -> Order {
    let mut o = full_order();
    let mut s = Shipment::default();
    s.quantities.insert("black:m".into(), 600);
    s.shipped_on = Some(day("2026-06-01"));
    o.shipments.insert("s".into(), s);
    let wet = Incident {
        kind: IncidentKind::Damage,
        day: Some(day("2026-06-10")),
        pieces: 40,
        note: "3 cartons wet".into(),
        claim: "PICC 2026-118".into(),
        who: "li".into(),
        settled: None,
    };
    incidents::report(&mut o, "s", "wet", wet, day("2026-06-10")).unwrap();
    o
}

fn back(amount: &str, on: &str) -> Recovering<'static> {
    Recovering {
        incident: "wet",
        amount: price(amount),
        date: day(on),
        note: "PICC transfer",
        who: "Li",
        today: day("2026-07-01"),
    }
}

fn lodge(c: &mut Commercial, o: &Order, amount: &str, currency: &str) -> Result<(), DomainError> {
    claims::lodge(
        c,
        o,
        "wet",
        (price(amount), currency),
        ("Li", day("2026-06-12")),
    )
}

#[test]
fn a_claim_names_an_incident_and_money_back_stays_within_it() {
    let o = damaged();
    let mut c = Commercial::new("order-doc", "USD");
    assert!(matches!(
        claims::lodge(
            &mut c,
            &o,
            "nope",
            (price("10"), ""),
            ("Li", day("2026-06-12"))
        ),
        Err(DomainError::NotFound { .. })
    ));
    assert_eq!(
        refused(lodge(&mut c, &o, "0", "")),
        (Field::ClaimAmount, Issue::NotPositive)
    );
    assert_eq!(
        refused(lodge(&mut c, &o, "480", "dollars")),
        (Field::Currency, Issue::NotACurrency)
    );
    assert_eq!(
        refused(claims::recover(&mut c, "r1", back("100", "2026-06-20"))),
        (Field::ClaimAmount, Issue::Required),
        "no claim lodged: nothing to recover on"
    );
    lodge(&mut c, &o, "480", "").unwrap();
    assert_eq!(c.claims["wet"].currency, "USD", "the books' currency");
    assert_eq!(claims::outstanding(&c, "wet"), price("480"));

    assert_eq!(
        refused(claims::recover(&mut c, "r1", back("100", "2026-07-02"))),
        (Field::RecoveryDate, Issue::InFuture)
    );
    assert_eq!(
        refused(claims::recover(&mut c, "r1", back("500", "2026-06-20"))),
        (Field::RecoveryAmount, Issue::MoreThanOwed(price("480")))
    );
    claims::recover(&mut c, "r1", back("300", "2026-06-20")).unwrap();
    assert_eq!(claims::outstanding(&c, "wet"), price("180"));
    assert_eq!(
        refused(lodge(&mut c, &o, "250", "")),
        (Field::ClaimAmount, Issue::BelowRecovered(price("300")))
    );
    assert_eq!(
        refused(lodge(&mut c, &o, "480", "EUR")),
        (Field::Currency, Issue::CurrencyInUse("USD".into())),
        "money came back in USD"
    );
    lodge(&mut c, &o, "400", "").unwrap();
    assert_eq!(claims::outstanding(&c, "wet"), price("100"));

    assert!(matches!(
        claims::void_recovery(&mut c, "r1", "Zhou", " "),
        Err(DomainError::ReasonRequired)
    ));
    claims::void_recovery(&mut c, "r1", "Zhou", "bounced").unwrap();
    assert_eq!(claims::outstanding(&c, "wet"), price("400"));
    assert_eq!(c.recoveries["r1"].voided.as_deref(), Some("Zhou — bounced"));
    assert_eq!(
        claims::recoveries_of(&c, "wet").len(),
        1,
        "a void stays in the books"
    );
}

#[test]
fn two_devices_recovering_offline_keep_both_and_show_what_came_back_beyond_the_claim() {
    let o = damaged();
    let mut c = Commercial::new("order-doc", "USD");
    lodge(&mut c, &o, "480", "").unwrap();
    let (mut a, mut b) = pair(&c);
    edit::<Commercial>(&mut a, "li", |c| {
        claims::recover(c, "ra", back("300", "2026-06-20")).unwrap();
    });
    edit::<Commercial>(&mut b, "wang", |c| {
        claims::recover(c, "rb", back("300", "2026-06-21")).unwrap();
    });
    let both: Commercial = merged(&mut a, &mut b);
    assert_eq!(claims::recovered(&both, "wet"), price("600"));
    assert_eq!(claims::outstanding(&both, "wet"), Price::ZERO);
    assert_eq!(claims::beyond(&both, "wet"), price("120"));
}

#[test]
fn claims_are_money_said_in_the_day_never_to_a_factory() {
    let o = damaged();
    let before = Commercial::new("order-doc", "USD");
    let mut c = before.clone();
    lodge(&mut c, &o, "480", "").unwrap();
    let lodged = c.clone();
    claims::recover(&mut c, "r1", back("300", "2026-06-20")).unwrap();
    let got = c.clone();
    claims::void_recovery(&mut c, "r1", "Zhou", "bounced").unwrap();

    let gates = Default::default();
    assert_eq!(
        money_events(Some(&before), &lodged, &gates),
        [Event::ClaimLodged {
            amount: price("480"),
            currency: "USD".into(),
            revised: false
        }]
    );
    assert_eq!(
        money_events(Some(&lodged), &got, &gates),
        [Event::ClaimRecovered {
            amount: price("300"),
            currency: "USD".into()
        }]
    );
    let voided = money_events(Some(&got), &c, &gates);
    assert_eq!(
        voided,
        [Event::RecoveryVoided {
            amount: price("300"),
            currency: "USD".into(),
            said: "Zhou — bounced".into()
        }]
    );
    assert!(voided[0].is_exception());
    for e in money_events(Some(&before), &c, &gates) {
        assert!(e.is_money() && !e.for_factory(), "{e:?}");
    }
}

#[test]
fn today_lists_a_settled_incident_s_claim_until_its_money_is_back() {
    let gates = gendan_domain::lifecycle::Gates::default();
    let today = |o: &Order, c: &Commercial| {
        let t = Agenda::of(o, Some(c), &gates).today("A", day("2026-07-01"), 7);
        let claims: Vec<(String, String)> = t
            .claims_outstanding
            .iter()
            .map(|i| (i.record.clone().unwrap_or_default(), i.label.clone()))
            .collect();
        (t.transit_incidents.len(), claims)
    };
    let mut o = damaged();
    let mut c = Commercial::new("order-doc", "USD");
    lodge(&mut c, &o, "1200.50", "").unwrap();
    // Open, the incident is listed as such, not twice.
    assert_eq!(today(&o, &c), (1, vec![]));
    // Settled with the insurer's word, the money is still to come: it stays on Today.
    incidents::settle(&mut o, "s", "wet", ("Li", day("2026-06-20"), "PICC agreed")).unwrap();
    let owed = vec![("wet".to_string(), "USD 1200.50".to_string())];
    assert_eq!(today(&o, &c), (0, owed));
    // A part back leaves the rest; a closed order still lists it, as money outlives the order.
    claims::recover(&mut c, "r1", back("1000", "2026-06-28")).unwrap();
    o.status = gendan_domain::OrderStatus::Closed;
    let rest = vec![("wet".to_string(), "USD 200.50".to_string())];
    assert_eq!(today(&o, &c), (0, rest.clone()));
    // A recovery voided counts for nothing again.
    claims::recover(&mut c, "r2", back("200.50", "2026-06-30")).unwrap();
    assert_eq!(today(&o, &c), (0, vec![]));
    claims::void_recovery(&mut c, "r2", "Wang", "typed twice").unwrap();
    assert_eq!(today(&o, &c), (0, rest));
    // Stored and read back, the agenda says the same.
    let a = Agenda::of(&o, Some(&c), &gates);
    let kept: Agenda = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
    assert_eq!(kept.claims, a.claims);
}
