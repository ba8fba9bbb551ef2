//! The new document shapes through Automerge: round trips, documents written by older versions
//! (missing fields hydrate with defaults), fields written by newer versions (kept through an edit),
//! and malformed data (a clear error naming the field or record, never a panic).

use crate::common::*;
use automerge::transaction::Transactable;
use automerge::{ObjType, ReadDoc, ROOT};
use gendan_domain::commercial::Commercial;
use gendan_domain::document;
use gendan_domain::order::Incoterm;
use gendan_domain::tna::DEFAULT_AT_RISK_DAYS;
use gendan_domain::{DocError, Order, Workspace};

fn obj(doc: &automerge::AutoCommit, path: &[&str]) -> automerge::ObjId {
    let mut o = ROOT;
    for p in path {
        o = doc.get(&o, *p).unwrap().unwrap().1;
    }
    o
}

fn field_of(err: DocError) -> String {
    match err {
        DocError::Field { field, .. } => field,
        other => panic!("expected a field error, got {other}"),
    }
}

#[test]
fn every_document_kind_survives_save_and_load() {
    let o = full_order();
    let doc = document::create([1; 16], &author("li"), 1, &o).unwrap();
    let back = document::load(&doc.clone().save()).unwrap();
    assert_eq!(document::read::<Order>(&back).unwrap(), o);

    let c = commercial();
    let doc = document::create([1; 16], &author("li"), 1, &c).unwrap();
    assert_eq!(document::read::<Commercial>(&doc).unwrap(), c);

    let w = Workspace::seeded("Team");
    let doc = document::create([1; 16], &author("li"), 1, &w).unwrap();
    assert_eq!(document::read::<Workspace>(&doc).unwrap(), w);
}

#[test]
fn a_schema_one_order_hydrates_with_defaults() {
    let mut doc = document::create([1; 16], &author("li"), 1, &full_order()).unwrap();
    for key in [
        "incoterm",
        "port_of_loading",
        "destination",
        "ship_mode",
        "etd",
        "eta",
        "factory",
        "merchandiser",
        "commercial",
        "milestones",
        "samples",
        "purchase_orders",
        "production",
        "inspections",
        "shipments",
        "complaints",
        "communications",
        "gate_overrides",
    ] {
        doc.delete(ROOT, key).unwrap();
    }
    let o = document::read::<Order>(&doc).unwrap();
    assert!(o.milestones.is_empty() && o.inspections.is_empty());
    assert_eq!(o.incoterm, None);
    assert_eq!(o.customer_po, "PO-1");
    // and a field missing inside a record too
    let mut doc = document::create([1; 16], &author("li"), 1, &full_order()).unwrap();
    let m = obj(&doc, &["milestones", "m01"]);
    doc.delete(&m, "delays").unwrap();
    doc.delete(&m, "template_line").unwrap();
    let o = document::read::<Order>(&doc).unwrap();
    assert!(o.milestones["m01"].delays.is_empty());
}

#[test]
fn a_sample_written_before_reply_dates_existed_hydrates_and_keeps_its_fields() {
    let mut doc = document::create([1; 16], &author("li"), 1, &full_order()).unwrap();
    let s = obj(&doc, &["samples", "s1"]);
    for key in ["reply_due", "remarks", "replied"] {
        doc.delete(&s, key).unwrap();
    }
    let o = document::read::<Order>(&doc).unwrap();
    let before = full_order().samples["s1"].clone();
    let s1 = &o.samples["s1"];
    assert_eq!((s1.reply_due, s1.replied), (None, None));
    assert_eq!(s1.remarks, "");
    assert_eq!((s1.kind.clone(), s1.round), (before.kind, before.round));
}

#[test]
fn an_old_workspace_gets_default_gates_and_settings() {
    let w = Workspace {
        schema: 1,
        name: "Team".into(),
        ..Workspace::default()
    };
    let mut doc = document::create([1; 16], &author("li"), 1, &w).unwrap();
    for key in ["parties", "people", "defects", "templates", "settings"] {
        doc.delete(ROOT, key).unwrap();
    }
    let back = document::read::<Workspace>(&doc).unwrap();
    assert_eq!(back.settings.at_risk_days, DEFAULT_AT_RISK_DAYS);
    assert!(back.settings.gates.deposit_before_production);
    // a settings map from a version that had only some gates
    let settings = doc.put_object(ROOT, "settings", ObjType::Map).unwrap();
    let gates = doc.put_object(&settings, "gates", ObjType::Map).unwrap();
    doc.put(&gates, "deposit_before_production", false).unwrap();
    let back = document::read::<Workspace>(&doc).unwrap();
    assert!(!back.settings.gates.deposit_before_production);
    assert!(back.settings.gates.balance_before_shipping);
    assert_eq!(back.settings.gates.required_samples.get("pp"), Some(&true));
}

#[test]
fn one_field_reads_alone_as_the_whole_document_would_read_it() {
    use gendan_domain::workspace::Settings;
    let mut w = Workspace::seeded("Team");
    w.settings.at_risk_days = 3;
    w.settings.gates.deposit_before_production = false;
    let mut doc = document::create([2; 16], &author("li"), 1, &w).unwrap();
    let alone = document::read_field::<Settings>(&doc, "settings").unwrap();
    assert_eq!(alone, document::read::<Workspace>(&doc).unwrap().settings);
    assert_eq!(alone.at_risk_days, 3);
    // Absent: the default, as the whole workspace would read it.
    doc.delete(ROOT, "settings").unwrap();
    assert_eq!(
        document::read_field::<Settings>(&doc, "settings").unwrap(),
        Settings::default()
    );
    // Malformed: named, not defaulted.
    doc.put(ROOT, "settings", "not a map").unwrap();
    let err = document::read_field::<Settings>(&doc, "settings").unwrap_err();
    assert_eq!(field_of(err), "settings");
}

#[test]
fn a_map_fields_keys_read_alone_as_the_whole_document_would_list_them() {
    let mut w = Workspace::seeded("Team");
    for n in 0..3 {
        w.orders.insert(
            format!("order-{n}"),
            gendan_domain::workspace::OrderRef { created_ms: n },
        );
    }
    let mut doc = document::create([3; 16], &author("li"), 1, &w).unwrap();
    let keys = document::field_keys(&doc, "orders").unwrap();
    let whole: Vec<String> = document::read::<Workspace>(&doc)
        .unwrap()
        .orders
        .into_keys()
        .collect();
    assert_eq!(keys, whole);
    assert_eq!(keys.len(), 3);
    doc.delete(ROOT, "orders").unwrap();
    assert!(document::field_keys(&doc, "orders").unwrap().is_empty());
    doc.put(ROOT, "orders", "not a map").unwrap();
    let err = document::field_keys(&doc, "orders").unwrap_err();
    assert_eq!(field_of(err), "orders");
}

#[test]
fn unknown_fields_and_codes_from_a_newer_version_survive_an_edit() {
    let mut doc = document::create([1; 16], &author("li"), 1, &full_order()).unwrap();
    let m = obj(&doc, &["milestones", "m01"]);
    doc.put(&m, "future_field", "keep me").unwrap();
    let i = obj(&doc, &["inspections", "i1"]);
    doc.put(&i, "kind", "third_party_audit").unwrap();
    doc.put(ROOT, "incoterm", "DAT").unwrap();
    edit::<Order>(&mut doc, "li", |o| {
        o.milestones.get_mut("m01").unwrap().actual = Some(day("2026-03-10"));
        o.inspections.get_mut("i1").unwrap().remarks = "ok".into();
    });
    let m = obj(&doc, &["milestones", "m01"]);
    let kept = doc.get(&m, "future_field").unwrap().unwrap().0;
    assert_eq!(kept.into_string().ok().as_deref(), Some("keep me"));
    let o = document::read::<Order>(&doc).unwrap();
    assert_eq!(o.incoterm, Some(Incoterm::Other("DAT".into())));
    assert_eq!(o.inspections["i1"].kind.code(), "third_party_audit");

    let mut doc = document::create([1; 16], &author("li"), 1, &commercial()).unwrap();
    doc.put(ROOT, "letter_of_credit", "LC-77").unwrap();
    edit::<Commercial>(&mut doc, "fin", |c| c.currency = "EUR".into());
    assert!(doc.get(ROOT, "letter_of_credit").unwrap().is_some());

    let mut doc = document::create([1; 16], &author("li"), 1, &Workspace::seeded("T")).unwrap();
    let s = obj(&doc, &["settings"]);
    doc.put(&s, "night_mode", true).unwrap();
    edit::<Workspace>(&mut doc, "li", |w| w.settings.at_risk_days = 4);
    let s = obj(&doc, &["settings"]);
    assert!(doc.get(&s, "night_mode").unwrap().is_some());
}

#[test]
fn a_malformed_record_is_named_with_its_id() {
    let mut doc = document::create([1; 16], &author("li"), 1, &full_order()).unwrap();
    let m = obj(&doc, &["milestones", "m04"]);
    doc.put(&m, "planned", "next week").unwrap();
    let err = document::read::<Order>(&doc).unwrap_err();
    assert!(err.to_string().contains("next week"), "{err}");
    assert_eq!(field_of(err), "milestones.m04.planned");

    let mut doc = document::create([1; 16], &author("li"), 1, &full_order()).unwrap();
    let d = obj(&doc, &["inspections", "i1", "defects", "d1"]);
    doc.put(&d, "count", "many").unwrap();
    assert_eq!(
        field_of(document::read::<Order>(&doc).unwrap_err()),
        "inspections.i1.defects"
    );

    // a required field missing from a record names the record
    let mut doc = document::create([1; 16], &author("li"), 1, &full_order()).unwrap();
    let r = obj(&doc, &["production", "r1"]);
    doc.delete(&r, "qty").unwrap();
    assert_eq!(
        field_of(document::read::<Order>(&doc).unwrap_err()),
        "production.r1"
    );

    let mut doc = document::create([1; 16], &author("li"), 1, &full_order()).unwrap();
    doc.put(ROOT, "incoterm", 7_i64).unwrap();
    assert_eq!(
        field_of(document::read::<Order>(&doc).unwrap_err()),
        "incoterm"
    );

    let mut doc = document::create([1; 16], &author("li"), 1, &full_order()).unwrap();
    doc.put(ROOT, "shipments", "none").unwrap();
    assert_eq!(
        field_of(document::read::<Order>(&doc).unwrap_err()),
        "shipments"
    );
}

#[test]
fn a_malformed_commercial_or_workspace_is_named() {
    let mut doc = document::create([1; 16], &author("li"), 1, &commercial()).unwrap();
    let r = obj(&doc, &["receipts", "r0"]);
    doc.put(&r, "amount", "a lot").unwrap();
    assert_eq!(
        field_of(document::read::<Commercial>(&doc).unwrap_err()),
        "receipts.r0.amount"
    );

    let mut doc = document::create([1; 16], &author("li"), 1, &commercial()).unwrap();
    doc.delete(ROOT, "order").unwrap();
    assert_eq!(
        field_of(document::read::<Commercial>(&doc).unwrap_err()),
        "order"
    );

    let mut doc = document::create([1; 16], &author("li"), 1, &Workspace::seeded("T")).unwrap();
    doc.put(ROOT, "settings", 3_i64).unwrap();
    assert_eq!(
        field_of(document::read::<Workspace>(&doc).unwrap_err()),
        "settings"
    );

    let mut doc = document::create([1; 16], &author("li"), 1, &Workspace::seeded("T")).unwrap();
    let t = obj(&doc, &["templates", "standard"]);
    doc.put(&t, "milestones", "soon").unwrap();
    assert_eq!(
        field_of(document::read::<Workspace>(&doc).unwrap_err()),
        "templates.standard.milestones"
    );
}

#[test]
fn an_order_document_is_not_a_commercial_document() {
    let doc = document::create([1; 16], &author("li"), 1, &full_order()).unwrap();
    let err = document::read::<Commercial>(&doc).unwrap_err();
    assert!(
        err.to_string().contains("order") || err.to_string().contains("commercial"),
        "{err}"
    );
}

#[test]
fn records_added_concurrently_to_a_map_an_old_document_lacked_are_all_kept() {
    let mut doc = document::create([1; 16], &author("li"), 1, &full_order()).unwrap();
    doc.delete(ROOT, "samples").unwrap();
    doc.commit();
    let mut b = doc.fork().with_actor(automerge::ActorId::from([2u8; 16]));
    let sample = |kind| gendan_domain::samples::Sample {
        kind,
        round: 1,
        ..Default::default()
    };
    edit::<Order>(&mut doc, "li", |o| {
        o.samples
            .insert("a".into(), sample(gendan_domain::samples::SampleKind::Fit));
    });
    edit::<Order>(&mut b, "wang", |o| {
        o.samples.insert(
            "b".into(),
            sample(gendan_domain::samples::SampleKind::LabDip),
        );
    });
    doc.merge(&mut b).unwrap();
    // Automerge keeps both maps but shows one: a record looks lost…
    assert_eq!(document::read::<Order>(&doc).unwrap().samples.len(), 1);
    // …until the next edit on any device heals it.
    edit::<Order>(&mut doc, "li", |o| o.description = "any edit".into());
    let o = document::read::<Order>(&doc).unwrap();
    assert_eq!(o.samples.keys().collect::<Vec<_>>(), ["a", "b"]);
    b.merge(&mut doc).unwrap();
    assert_eq!(document::read::<Order>(&b).unwrap(), o);
    assert_eq!(document::heal_split_maps(&mut doc).unwrap(), 0);
}

/// Two devices add the first file to an order an older build wrote without the map: each
/// makes its own map, and the next edit moves the hidden one's file into the visible one. A
/// file deleted afterwards (moved to the books by "keep in the office", its kind changed on
/// the visible copy first) stays deleted: the hidden copy, with its old kind, came back at
/// the next edit and showed on the factory's phone.
#[test]
fn a_record_deleted_after_a_split_map_was_healed_stays_deleted() {
    use gendan_domain::attachments::{self, Attachment, AttachmentKind};
    let mut doc = document::create([1; 16], &author("li"), 1, &full_order()).unwrap();
    doc.delete(ROOT, "attachments").unwrap();
    doc.commit();
    let mut b = doc.fork().with_actor(automerge::ActorId::from([2u8; 16]));
    let file = |blob: char, kind| Attachment {
        blob: blob.to_string().repeat(64),
        name: "file.pdf".into(),
        kind,
        ..Attachment::default()
    };
    edit::<Order>(&mut doc, "li", |o| {
        o.attachments
            .insert("pack".into(), file('a', AttachmentKind::TechPack));
    });
    edit::<Order>(&mut b, "wang", |o| {
        o.attachments
            .insert("price".into(), file('b', AttachmentKind::TechPack));
    });
    doc.merge(&mut b).unwrap();
    edit::<Order>(&mut doc, "li", |o| o.description = "healed".into());
    let healed = document::read::<Order>(&doc).unwrap();
    assert_eq!(healed.attachments.len(), 2, "both files after the heal");
    // The office keeps each in the office in turn (whichever map it came from): its kind
    // changed, then moved out.
    for (id, left) in [("price", ["pack"]), ("pack", ["price"])] {
        let mut here = doc.fork();
        edit::<Order>(&mut here, "office", |o| {
            o.keep_in_office(id, AttachmentKind::Costing).unwrap();
            let moved = attachments::office_files(&o.attachments);
            attachments::let_go_office_files(o, &moved);
        });
        for who in ["li", "wang"] {
            edit::<Order>(&mut here, who, |o| {
                o.description = format!("edited by {who}")
            });
            let o = document::read::<Order>(&here).unwrap();
            assert_eq!(o.attachments.keys().collect::<Vec<_>>(), left, "{id} {who}");
        }
        // A device that healed nothing yet meets it: the file stays gone there too.
        let mut other = b.fork();
        other.merge(&mut here).unwrap();
        edit::<Order>(&mut other, "wang", |o| {
            o.description = "after meeting".into()
        });
        let o = document::read::<Order>(&other).unwrap();
        assert_eq!(o.attachments.keys().collect::<Vec<_>>(), left, "{id} met");
    }
}

/// `document::create` writes a new document breadth first through the edits' reconciler (one
/// copy of the reconcile code in the wasm, not two): the bytes are autosurgeon's own, for every
/// document kind with a record of every kind.
#[test]
fn a_new_document_is_what_autosurgeon_writes() {
    fn same<T: document::Root + PartialEq + std::fmt::Debug>(value: &T) {
        let author = gendan_domain::Author {
            name: "李".into(),
            device: "d1".into(),
        };
        let mut ours = document::create([1; 16], &author, 7, value).unwrap();
        let mut stock = automerge::AutoCommit::new().with_actor(automerge::ActorId::from([1; 16]));
        autosurgeon::reconcile(&mut stock, value).unwrap();
        stock.commit_with(
            automerge::transaction::CommitOptions::default()
                .with_message("李\u{1f}d1".to_string())
                .with_time(7),
        );
        assert_eq!(ours.save(), stock.save());
        assert_eq!(&document::read::<T>(&ours).unwrap(), value);
    }
    same(&full_order());
    same(&Order::new());
    same(&commercial());
    let mut ws = Workspace::default();
    ws.orders.insert(
        "o1".into(),
        gendan_domain::workspace::OrderRef { created_ms: 5 },
    );
    same(&ws);
}
