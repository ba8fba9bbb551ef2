//! Property: three replicas apply random edits (records added, fields of shared records edited) and
//! merge with each other in random orders; once everyone has merged everything, all three hydrate
//! to the same order and every record any replica added is there with what it was given.
//!
//! Half the cases start from a document written by an older version, which lacks the
//! `production` and `complaints` maps: there two replicas adding the first record concurrently
//! create two maps under one key, and the check runs after one more edit, which heals that
//! (`document::heal_split_maps`).
//!
//! Cases default to 1,000; set `GENDAN_PROPTEST_CASES` to run more or fewer.

use std::collections::BTreeMap;

use crate::common::*;
use automerge::AutoCommit;
use gendan_domain::complaints::Complaint;
use gendan_domain::inspection::{Defect, DefectClass, Inspection};
use gendan_domain::production::{ProductionReport, Stage};
use gendan_domain::purchasing::{Delivery, PurchaseOrder};
use gendan_domain::tna::Milestone;
use gendan_domain::{document, Order};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("GENDAN_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

#[derive(Debug, Clone)]
enum Op {
    AddMilestone(u8),
    SetActual(u8),
    AddReport(u16),
    AddDefect(u8),
    AddDelivery(u16),
    AddComplaint,
    SetRemarks(u8),
    Merge(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        any::<u8>().prop_map(Op::AddMilestone),
        (0u8..28).prop_map(Op::SetActual),
        (1u16..500).prop_map(Op::AddReport),
        (1u8..5).prop_map(Op::AddDefect),
        (1u16..300).prop_map(Op::AddDelivery),
        Just(Op::AddComplaint),
        any::<u8>().prop_map(Op::SetRemarks),
        (0usize..3).prop_map(Op::Merge),
    ]
}

fn base() -> Order {
    let mut o = Order::new();
    o.customer_po = "PO-P".into();
    o.milestones.insert("m0".into(), Milestone::default());
    o.purchase_orders
        .insert("po".into(), PurchaseOrder::default());
    o.inspections.insert("in".into(), Inspection::default());
    o
}

/// What a replica added, to check it is all there at the end.
#[derive(Default)]
struct Expected {
    milestones: BTreeMap<String, String>,
    reports: BTreeMap<String, u64>,
    defects: BTreeMap<String, u32>,
    deliveries: BTreeMap<String, i64>,
    complaints: Vec<String>,
}

fn apply(doc: &mut AutoCommit, who: usize, step: usize, op: &Op, exp: &mut Expected) {
    let id = format!("r{who}-{step}");
    edit::<Order>(doc, &format!("u{who}"), |o| match op {
        Op::AddMilestone(n) => {
            let name = format!("M{n}");
            exp.milestones.insert(id.clone(), name.clone());
            o.milestones.insert(
                id.clone(),
                Milestone {
                    name,
                    ..Milestone::default()
                },
            );
        }
        Op::SetActual(d) => {
            if let Some(m) = o.milestones.get_mut("m0") {
                m.actual = gendan_domain::Day::from_ymd(2026, 2, u32::from(*d) + 1);
            }
        }
        Op::AddReport(q) => {
            exp.reports.insert(id.clone(), u64::from(*q));
            o.production.insert(
                id.clone(),
                ProductionReport {
                    stage: Stage::Sewing,
                    qty: u64::from(*q),
                    ..ProductionReport::default()
                },
            );
        }
        Op::AddDefect(c) => {
            exp.defects.insert(id.clone(), u32::from(*c));
            if let Some(i) = o.inspections.get_mut("in") {
                i.defects.insert(
                    id.clone(),
                    Defect {
                        class: DefectClass::Minor,
                        count: u32::from(*c),
                        ..Defect::default()
                    },
                );
            }
        }
        Op::AddDelivery(q) => {
            exp.deliveries.insert(id.clone(), i64::from(*q));
            if let Some(p) = o.purchase_orders.get_mut("po") {
                p.deliveries.insert(
                    id.clone(),
                    Delivery {
                        qty: gendan_domain::Milli::whole(i64::from(*q)),
                        ..Delivery::default()
                    },
                );
            }
        }
        Op::AddComplaint => {
            exp.complaints.push(id.clone());
            o.complaints.insert(id.clone(), Complaint::default());
        }
        Op::SetRemarks(n) => {
            if let Some(i) = o.inspections.get_mut("in") {
                i.remarks = format!("remark {n}");
            }
        }
        Op::Merge(_) => {}
    });
}

fn merge_into(docs: &mut [AutoCommit; 3], to: usize, from: usize) {
    if to == from {
        return;
    }
    let (lo, hi) = docs.split_at_mut(to.max(from));
    let (a, b) = (&mut lo[to.min(from)], &mut hi[0]);
    if to < from {
        a.merge(b).unwrap();
    } else {
        b.merge(a).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn three_replicas_converge_and_keep_every_record(
        ops in prop::collection::vec((0usize..3, op()), 1..6),
        order in Just([0usize, 1, 2]).prop_shuffle(),
        old in any::<bool>(),
    ) {
        let mut first = document::create([1; 16], &author("li"), 1, &base()).unwrap();
        if old {
            use automerge::transaction::Transactable;
            first.delete(automerge::ROOT, "production").unwrap();
            first.delete(automerge::ROOT, "complaints").unwrap();
            first.commit();
        }
        let mut docs = [
            first.clone(),
            first.clone().with_actor(automerge::ActorId::from([2u8; 16])),
            first.clone().with_actor(automerge::ActorId::from([3u8; 16])),
        ];
        let mut exp = Expected::default();
        for (step, (who, op)) in ops.iter().enumerate() {
            if let Op::Merge(from) = op {
                merge_into(&mut docs, *who, *from);
            } else {
                apply(&mut docs[*who], *who, step, op, &mut exp);
            }
        }
        // everyone meets everyone, in a random order
        let [p, q, r] = order;
        for (to, from) in [(p, q), (p, r), (q, p), (r, p)] {
            merge_into(&mut docs, to, from);
        }
        if old {
            edit::<Order>(&mut docs[p], "healer", |o| o.description = "seen".into());
            merge_into(&mut docs, q, p);
            merge_into(&mut docs, r, p);
        }
        let hydrated: Vec<Order> = docs.iter().map(|d| document::read::<Order>(d).unwrap()).collect();
        prop_assert_eq!(&hydrated[0], &hydrated[1]);
        prop_assert_eq!(&hydrated[0], &hydrated[2]);
        let o = &hydrated[0];
        for (id, name) in &exp.milestones {
            prop_assert_eq!(&o.milestones[id].name, name);
        }
        for (id, q) in &exp.reports {
            prop_assert_eq!(o.production[id].qty, *q);
        }
        let total: u64 = exp.reports.values().sum();
        prop_assert_eq!(gendan_domain::production::stage_total(o, &Stage::Sewing), total);
        for (id, c) in &exp.defects {
            prop_assert_eq!(o.inspections["in"].defects[id].count, *c);
        }
        let delivered: i64 = exp.deliveries.values().sum();
        prop_assert_eq!(o.purchase_orders["po"].received(), gendan_domain::Milli::whole(delivered));
        for id in &exp.complaints {
            prop_assert!(o.complaints.contains_key(id));
        }
        prop_assert_eq!(o.customer_po.as_str(), "PO-P");
    }
}
