//! Size and speed of an order document with a realistic amount of follow-up data: 15 milestones,
//! 5 purchase orders, 3 inspections and 30 production reports, each added in its own commit as the
//! app would. Prints a table of medians; run with `cargo bench -p gendan-domain`.
//!
//! Native only (it uses `std::time::Instant`). Nothing here asserts on time.

use std::time::{Duration, Instant};

use automerge::AutoCommit;
use gendan_domain::document::{self, Author};
use gendan_domain::inspection::{Defect, DefectClass, Inspection, InspectionKind};
use gendan_domain::production::{ProductionReport, Stage};
use gendan_domain::purchasing::PurchaseOrder;
use gendan_domain::tna::{self, Milestone};
use gendan_domain::{DocError, Order, RecordId};

const RUNS: usize = 7;

fn author(name: &str) -> Author {
    Author {
        name: name.into(),
        device: format!("{name}-bench"),
    }
}

fn edit(doc: &mut AutoCommit, who: &Author, at: i64, f: impl FnOnce(&mut Order)) {
    document::commit::<Order, (), DocError>(doc, who, at, |o| {
        f(o);
        Ok(())
    })
    .expect("bench edit");
}

fn id(n: u64) -> RecordId {
    RecordId::from_random(n.to_be_bytes())
}

fn build() -> AutoCommit {
    let li = author("li");
    let mut o = Order::new();
    o.customer_po = "PO-BENCH".into();
    o.customer = "Nordic Wear".into();
    o.style_no = "NW-1".into();
    o.order_date = "2026-03-01".parse().ok();
    o.ex_factory = "2026-06-01".parse().ok();
    for (i, c) in ["Black", "Navy", "Grey"].iter().enumerate() {
        o.quantities.add_colour(id(100 + i as u64), c);
    }
    for (i, s) in ["S", "M", "L", "XL"].iter().enumerate() {
        o.quantities.add_size(id(200 + i as u64), s);
    }
    let cells: Vec<_> = o
        .quantities
        .colours
        .keys()
        .flat_map(|c| {
            o.quantities
                .sizes
                .keys()
                .map(move |s| (c.clone(), s.clone()))
        })
        .collect();
    for (c, s) in cells {
        o.quantities.set_qty(&c, &s, 500);
    }
    let mut doc = document::create([1; 16], &li, 1, &o).expect("create");
    let mut n = 1000u64;
    let mut next = || {
        n += 1;
        id(n)
    };
    let mut t = 2;
    edit(&mut doc, &li, t, |o| {
        tna::apply_template(o, &tna::default_template(), &mut next)
    });
    for k in 0..3 {
        t += 1;
        let key = next().to_string();
        edit(&mut doc, &li, t, |o| {
            o.milestones.insert(
                key,
                Milestone {
                    name: format!("Extra {k}"),
                    planned: "2026-04-01".parse().ok(),
                    ..Milestone::default()
                },
            );
        });
    }
    for k in 0..5 {
        t += 1;
        let key = next().to_string();
        edit(&mut doc, &li, t, |o| {
            o.purchase_orders.insert(
                key,
                PurchaseOrder {
                    po_no: format!("F-{k}"),
                    supplier: "mill".into(),
                    qty: "1200.5".parse().expect("qty"),
                    unit: "m".into(),
                    due: "2026-04-10".parse().ok(),
                    ..PurchaseOrder::default()
                },
            );
        });
    }
    for k in 0..3 {
        t += 1;
        let key = next().to_string();
        let defects: Vec<_> = (0..4).map(|_| next().to_string()).collect();
        edit(&mut doc, &li, t, |o| {
            let mut i = Inspection {
                kind: if k == 2 {
                    InspectionKind::Final
                } else {
                    InspectionKind::Inline
                },
                lot_size: 6000,
                factory: "f1".into(),
                completed: true,
                ..Inspection::default()
            };
            for (j, d) in defects.into_iter().enumerate() {
                i.defects.insert(
                    d,
                    Defect {
                        code: format!("D0{j}"),
                        class: DefectClass::Minor,
                        count: 1,
                        ..Defect::default()
                    },
                );
            }
            o.inspections.insert(key, i);
        });
    }
    for k in 0..30u64 {
        t += 1;
        let key = next().to_string();
        edit(&mut doc, &author("factory"), t, |o| {
            o.production.insert(
                key,
                ProductionReport {
                    stage: if k < 15 {
                        Stage::Cutting
                    } else {
                        Stage::Sewing
                    },
                    date: "2026-05-01".parse().ok(),
                    qty: 200,
                    reported_by: "Zhou".into(),
                    ..ProductionReport::default()
                },
            );
        });
    }
    doc
}

/// 500 edits of the mixed kinds a busy day brings, from one replica.
fn busy(doc: &mut AutoCommit, who: &str, seed: u64) {
    let a = author(who);
    let milestones: Vec<String> = document::read::<Order>(doc)
        .expect("read")
        .milestones
        .keys()
        .cloned()
        .collect();
    for k in 0..500u64 {
        let key = id(seed * 1_000_000 + k).to_string();
        edit(doc, &a, 10_000 + k as i64, |o| match k % 4 {
            0 => {
                o.production.insert(
                    key,
                    ProductionReport {
                        stage: Stage::Sewing,
                        qty: k,
                        ..ProductionReport::default()
                    },
                );
            }
            1 => {
                let m = &milestones[(k as usize / 4) % milestones.len()];
                if let Some(m) = o.milestones.get_mut(m) {
                    m.actual = gendan_domain::Day::from_ymd(2026, 4, 1 + (k % 28) as u32);
                }
            }
            2 => o.description = format!("{who} {k}"),
            _ => {
                o.communications.insert(key, Default::default());
            }
        });
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<R>(f: impl FnMut() -> R) -> Duration {
    let mut f = f;
    median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    let t = Instant::now();
    let mut doc = build();
    let build_time = t.elapsed();
    let bytes = doc.save();
    let order = document::read::<Order>(&doc).expect("read");
    let load = time(|| document::load(&bytes).expect("load"));
    let loaded = document::load(&bytes).expect("load");
    let hydrate = time(|| document::read::<Order>(&loaded).expect("hydrate"));
    let one_edit = {
        let mut d = loaded.clone();
        let mut k = 0;
        time(move || {
            k += 1;
            edit(&mut d, &author("li"), 99, |o| {
                o.description = format!("e{k}")
            });
        })
    };

    let mut a = doc.fork().with_actor(automerge::ActorId::from([2u8; 16]));
    let mut b = doc.fork().with_actor(automerge::ActorId::from([3u8; 16]));
    let t = Instant::now();
    busy(&mut a, "li", 1);
    busy(&mut b, "wang", 2);
    let edits_time = t.elapsed() / 1000;
    let merge = time(|| {
        let mut x = a.clone();
        let mut y = b.clone();
        x.merge(&mut y).expect("merge");
        x
    });
    a.merge(&mut b).expect("merge");
    let merged_bytes = a.save();
    let merged = document::read::<Order>(&a).expect("read merged");

    println!("gendan-domain bench (median of {RUNS} runs; release build)");
    println!(
        "order: {} milestones, {} POs, {} inspections, {} production reports, {} changes",
        order.milestones.len(),
        order.purchase_orders.len(),
        order.inspections.len(),
        order.production.len(),
        doc.get_changes(&[]).len()
    );
    let rows: [(&str, String); 8] = [
        (
            "build (one commit per record)",
            format!("{:.2} ms", ms(build_time)),
        ),
        ("saved size", format!("{} B", bytes.len())),
        ("load (bytes -> AutoCommit)", format!("{:.3} ms", ms(load))),
        (
            "hydrate (AutoCommit -> Order)",
            format!("{:.3} ms", ms(hydrate)),
        ),
        (
            "one edit via document::commit",
            format!("{:.3} ms", ms(one_edit)),
        ),
        (
            "mean of the 2 x 500 concurrent edits",
            format!("{:.3} ms", ms(edits_time)),
        ),
        (
            "merge 500 + 500 concurrent edits",
            format!("{:.2} ms", ms(merge)),
        ),
        (
            "saved size after merge",
            format!("{} B", merged_bytes.len()),
        ),
    ];
    println!("| {:<38} | {:>12} |", "measure", "median");
    println!("|{:-<40}|{:->14}|", "", "");
    for (name, value) in rows {
        println!("| {name:<38} | {value:>12} |");
    }
    println!(
        "merged: {} production reports, {} log entries",
        merged.production.len(),
        merged.communications.len()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
