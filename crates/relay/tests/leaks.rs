//! What a factory's scoped token receives through the real relay, scanned change by change: no
//! customer or supplier price anywhere in the order's full history, and no other order's id.
//! The office writes its documents exactly as the app does (through `gendan-domain`), including
//! an order migrated from an old build that held prices.

#[path = "common/peer.rs"]
mod peer;
#[path = "common/server.rs"]
mod server;
#[path = "common/temp_dir.rs"]
mod temp_dir;

use gendan_domain::automerge::{AutoCommit, ScalarValue};
use gendan_domain::commercial::{Commercial, PoPrice, Receipt};
use gendan_domain::document::{self, Author, Root};
use gendan_domain::migration;
use gendan_domain::purchasing::PurchaseOrder;
use gendan_domain::workspace::OrderRef;
use gendan_domain::{Order, Price, Workspace};
use gendan_relay::{tokens, Limits};
use gendan_sync::automerge::Automerge;
use gendan_sync::DocumentId;
use peer::Peer;
use server::Server;
use temp_dir::TempDir;

/// Unique values: a scan for them cannot match anything by chance.
const CUSTOMER_PRICE: i64 = 73_219; // 7.3219
const SUPPLIER_PRICE: i64 = 19_457; // 1.9457
const RECEIPT: i64 = 2_468_013_579; // 246,801.3579

fn office() -> Author {
    Author {
        name: "office".into(),
        device: "office-pc".into(),
    }
}

fn order(po: &str, commercial: &DocumentId) -> Order {
    let mut o = Order::new();
    o.customer_po = po.into();
    o.customer = "Nordic Wear".into();
    o.style_no = "NW-1".into();
    o.quantities.add_colour("black".into(), "Black");
    o.quantities.add_size("m".into(), "M");
    o.quantities.set_qty("black", "m", 1000);
    o.commercial = Some(commercial.to_string());
    o.purchase_orders.insert(
        "po1".into(),
        PurchaseOrder {
            po_no: "F-1".into(),
            supplier: "mill".into(),
            qty: "1200".parse().expect("qty"),
            ..PurchaseOrder::default()
        },
    );
    o
}

fn commercial(order: &DocumentId) -> Commercial {
    let mut c = Commercial::new(&order.to_string(), "USD");
    c.unit_price = Some(Price::from_ten_thousandths(CUSTOMER_PRICE));
    c.colour_prices
        .insert("black".into(), Price::from_ten_thousandths(CUSTOMER_PRICE));
    c.po_prices.insert(
        "po1".into(),
        PoPrice {
            unit_price: Some(Price::from_ten_thousandths(SUPPLIER_PRICE)),
            currency: "CNY".into(),
        },
    );
    c.receipts.insert(
        "r1".into(),
        Receipt {
            amount: Price::from_ten_thousandths(RECEIPT),
            ..Receipt::default()
        },
    );
    c
}

/// A document as the app creates it, then edited once more (so the history has several changes).
fn written<T: Root>(value: &T, actor: u8) -> AutoCommit {
    let mut doc = document::create([actor; 16], &office(), 1_000, value).expect("create");
    document::commit::<T, (), gendan_domain::DocError>(&mut doc, &office(), 2_000, |_| Ok(()))
        .expect("commit");
    doc
}

fn to_sync(mut doc: AutoCommit) -> Automerge {
    Automerge::load(&doc.save()).expect("load")
}

/// Every scalar in every change of the document's history, and the number of changes.
fn history(doc: &Automerge) -> (usize, Vec<(String, ScalarValue)>) {
    let mut ac = AutoCommit::load(&doc.save()).expect("load");
    let changes = ac.get_changes(&[]).len();
    (changes, migration::history_values(&mut ac))
}

fn is_price(v: &ScalarValue) -> bool {
    let hit = |n: i64| [CUSTOMER_PRICE, SUPPLIER_PRICE, RECEIPT].contains(&n);
    match v {
        ScalarValue::Int(i) => hit(*i),
        ScalarValue::Uint(u) => i64::try_from(*u).is_ok_and(hit),
        ScalarValue::F64(f) => hit((f * 10_000.0).round() as i64),
        ScalarValue::Str(s) => ["7.3219", "1.9457", "246801"].iter().any(|p| s.contains(p)),
        _ => false,
    }
}

fn mentions(v: &ScalarValue, id: &DocumentId) -> bool {
    match v {
        ScalarValue::Str(s) => s.contains(&id.to_string()),
        ScalarValue::Bytes(b) => b.windows(16).any(|w| w == id.as_bytes()),
        _ => false,
    }
}

#[tokio::test]
async fn a_factory_token_receives_no_price_and_no_other_order_in_any_change() {
    let dir = TempDir::new();
    let data = dir.0.join("data");
    let ids = |n: u8| DocumentId::from_bytes([n; 16]);
    let (ws_id, order_a, comm_a, order_b, comm_b) = (ids(10), ids(11), ids(12), ids(13), ids(14));

    // An order from an old build: prices in the order document, migrated as the app does.
    let legacy_old = ids(20);
    let mut legacy = written(&order("PO-LEGACY", &ids(21)), 20);
    {
        use gendan_domain::automerge::transaction::Transactable;
        legacy
            .put(gendan_domain::automerge::ROOT, "unit_price", CUSTOMER_PRICE)
            .expect("put");
        legacy.commit();
    }
    let successor = migration::successor(&legacy_old.to_string(), &mut legacy).expect("migrate");
    let legacy_new: DocumentId = successor.id.parse().expect("successor id");

    let mut ws = Workspace::seeded("ACME");
    for id in [order_a, order_b, legacy_new] {
        ws.orders
            .insert(id.to_string(), OrderRef { created_ms: 1_000 });
    }
    ws.superseded
        .insert(legacy_old.to_string(), legacy_new.to_string());

    let (_, office_token) = tokens::create(&data, "acme", None, None).expect("token");
    let scoped = |d: &DocumentId| {
        tokens::create(&data, "acme", Some(vec![d.to_string()]), None)
            .expect("token")
            .1
    };
    let (factory_a, factory_legacy) = (scoped(&order_a), scoped(&legacy_new));

    let server = Server::start_with(&dir.0, Limits::default()).await;
    let url = |t: &str| server.url(t);

    let mut o = Peer::connect(&url(&office_token), "office")
        .await
        .expect("office");
    let docs: Vec<(DocumentId, AutoCommit)> = vec![
        (ws_id, written(&ws, 1)),
        (order_a, written(&order("PO-A", &comm_a), 2)),
        (comm_a, written(&commercial(&order_a), 3)),
        (order_b, written(&order("PO-B", &comm_b), 4)),
        (comm_b, written(&commercial(&order_b), 5)),
        (legacy_old, legacy),
        (legacy_new, successor.doc),
    ];
    for (id, doc) in docs {
        o.push(id, to_sync(doc)).await.expect("office pushes");
    }

    let mut scanned_changes = 0;
    let mut scanned_values = 0;
    for (token, shared) in [(&factory_a, order_a), (&factory_legacy, legacy_new)] {
        let mut f = Peer::connect(&url(token), "factory")
            .await
            .expect("factory");
        let got = f
            .fetch(shared)
            .await
            .expect("fetch")
            .expect("the shared order arrives")
            .clone();
        let (changes, values) = history(&got);
        assert!(changes >= 1 && !values.is_empty());
        scanned_changes += changes;
        scanned_values += values.len();
        for (key, v) in &values {
            assert!(
                !is_price(v),
                "a price reached the factory under `{key}`: {v:?}"
            );
            assert!(key != "unit_price", "the factory's copy has a price field");
            for other in [order_a, order_b, legacy_new, comm_b, ws_id, legacy_old]
                .into_iter()
                .filter(|o| *o != shared && !(shared == legacy_new && *o == legacy_old))
            {
                assert!(
                    !mentions(v, &other),
                    "another document's id {other} under `{key}`"
                );
            }
        }
        // Nothing beyond the shared order: not its money, not the workspace, not the old copy.
        for other in [comm_a, comm_b, ws_id, order_b, legacy_old] {
            assert!(
                f.fetch(other).await.expect("fetch").is_none(),
                "{other} must be unavailable to a factory token"
            );
        }
    }
    println!(
        "leak scan through the relay: {scanned_changes} changes, {scanned_values} values, \
         3 price values and 6 foreign ids looked for, none found"
    );
    server.stop().await;
}
