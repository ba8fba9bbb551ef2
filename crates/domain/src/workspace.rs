//! The workspace document: which order documents belong to this team, and team-wide data — parties,
//! people and their roles, the defect library, T&A templates and settings (gates, at-risk window).
//!
//! Orders, parties, people, defects and templates are maps keyed by id, so two devices creating
//! them offline both end up listed after they merge. Every field added after the first release
//! hydrates with a default, so older workspace documents still open.

use autosurgeon::{Hydrate, Reconcile};

use crate::document::Root;
use crate::inspection::DefectClass;
use crate::lifecycle::Gates;
use crate::order::Order;
use crate::records::RecordMap;
use crate::sorting::sort_dedup;
use crate::tna::{TnaTemplate, DEFAULT_AT_RISK_DAYS};

// People's roles are listed in the workspace, where the screens look for them.
pub use crate::role::Role;

pub const WORKSPACE_SCHEMA: u64 = 2;

fn schema_default() -> u64 {
    WORKSPACE_SCHEMA
}

/// An entry in the workspace's order list.
#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct OrderRef {
    /// When the order was created, milliseconds since the Unix epoch.
    pub created_ms: i64,
}

crate::code_enum! {
    pub enum PartyKind default Customer {
        Customer = "customer",
        Supplier = "supplier",
        Factory = "factory",
        /// 外协厂
        Subcontractor = "subcontractor",
        Forwarder = "forwarder",
    }
}

/// A company the team deals with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Reconcile, Hydrate)]
pub struct Party {
    pub kind: PartyKind,
    pub name: String,
    pub contact: String,
    pub phone: String,
    pub email: String,
    pub address: String,
    /// 合格供应商: each change of whether the team gives it work, keyed by random id
    /// ([`crate::standing`]); none means approved.
    #[autosurgeon(missing = "Default::default")]
    pub standing_changes: RecordMap<crate::standing::StandingChange>,
    /// 产能: pieces a factory or subcontractor sews a day, when the team knows it
    /// ([`crate::capacity`]).
    #[autosurgeon(missing = "Default::default")]
    pub daily_capacity: Option<u64>,
}

/// A person and their roles (a role set is a map so two admins granting roles both count).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Reconcile, Hydrate)]
pub struct Person {
    pub name: String,
    /// Role code → granted.
    pub roles: RecordMap<bool>,
    /// For factory contacts: the party they belong to.
    pub party: Option<String>,
}

impl Person {
    pub fn has_role(&self, role: &Role) -> bool {
        self.roles.get(role.code()).copied().unwrap_or(false)
    }
}

/// An entry of the defect library.
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct DefectType {
    pub code: String,
    pub zh: String,
    pub en: String,
    pub default_class: DefectClass,
}

fn at_risk_default() -> u32 {
    DEFAULT_AT_RISK_DAYS
}

#[derive(Debug, Clone, PartialEq, Eq, Reconcile, Hydrate)]
pub struct Settings {
    #[autosurgeon(missing = "Default::default")]
    pub gates: Gates,
    /// A milestone due within this many days is at risk.
    #[autosurgeon(missing = "at_risk_default")]
    pub at_risk_days: u32,
    /// How far (per mille) packing may go beyond the order before the app asks
    /// ([`crate::production::check_packing`]).
    #[autosurgeon(missing = "over_ship_default")]
    pub over_ship_permille: u32,
    /// How far (per mille) a shipment may fall short of the order and still count as complete.
    #[autosurgeon(missing = "short_ship_default")]
    pub short_ship_permille: u32,
    /// Whether every shipment's export documents include a certificate of origin (a rule of the
    /// team's buyers and markets). On for workspaces made before the rule existed, whose
    /// checklists always listed it.
    #[autosurgeon(missing = "origin_default")]
    pub certificate_of_origin: bool,
    /// Who changed which rule, when and why, keyed by random id ([`crate::rule_log`]).
    #[autosurgeon(missing = "Default::default")]
    pub rule_changes: RecordMap<crate::rule_log::RuleChange>,
    /// The day's goals the daily report counts against (每天3电3计6审).
    #[autosurgeon(missing = "Default::default")]
    pub day_goals: crate::day_goals::DayGoals,
}

fn origin_default() -> bool {
    true
}

fn over_ship_default() -> u32 {
    crate::production::DEFAULT_OVER_SHIP_PERMILLE
}

/// The short-shipment allowance a workspace starts with: 3 %.
pub const DEFAULT_SHORT_SHIP_PERMILLE: u32 = 30;

/// The largest shipment allowance, short or over, a workspace may set: 50 %. Beyond it the
/// allowance no longer describes a tolerance but a different order.
pub const MAX_SHIP_ALLOWANCE_PERMILLE: u32 = 500;

fn short_ship_default() -> u32 {
    DEFAULT_SHORT_SHIP_PERMILLE
}

/// Which of the two shipment allowances an edit sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowance {
    Short,
    Over,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            gates: Gates::default(),
            at_risk_days: DEFAULT_AT_RISK_DAYS,
            over_ship_permille: over_ship_default(),
            short_ship_permille: short_ship_default(),
            certificate_of_origin: origin_default(),
            rule_changes: RecordMap::new(),
            day_goals: crate::day_goals::DayGoals::default(),
        }
    }
}

impl Workspace {
    /// The documents a shipment of `order` needs: insurance by its Incoterm, the certificate of
    /// origin by the workspace's rule.
    pub fn doc_needs(&self, order: &crate::order::Order) -> crate::shipment::DocNeeds {
        crate::shipment::DocNeeds::of(order.incoterm.as_ref(), self.settings.certificate_of_origin)
    }
}

crate::record_fields!(OrderRef; created_ms: i64);

crate::record_fields!(Party;
    kind: PartyKind,
    name: String,
    contact: String,
    phone: String,
    email: String,
    address: String,
    standing_changes: RecordMap<crate::standing::StandingChange>,
    daily_capacity: Option<u64>,
);

crate::record_fields!(Person;
    name: String,
    roles: RecordMap<bool>,
    party: Option<String>,
);

crate::record_fields!(DefectType;
    code: String,
    zh: String,
    en: String,
    default_class: DefectClass,
);

#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct Workspace {
    #[autosurgeon(missing = "schema_default")]
    pub schema: u64,
    pub name: String,
    /// Keyed by the order document's id (base58check text).
    pub orders: RecordMap<OrderRef>,
    #[autosurgeon(missing = "Default::default")]
    pub parties: RecordMap<Party>,
    #[autosurgeon(missing = "Default::default")]
    pub people: RecordMap<Person>,
    #[autosurgeon(missing = "Default::default")]
    pub defects: RecordMap<DefectType>,
    #[autosurgeon(missing = "Default::default")]
    pub templates: RecordMap<TnaTemplate>,
    #[autosurgeon(missing = "Default::default")]
    pub settings: Settings,
    /// Order documents replaced by a successor that never held a price ([`crate::migration`]):
    /// old id → new id, so a link to the old order opens the new one.
    #[autosurgeon(missing = "Default::default")]
    pub superseded: RecordMap<String>,
    /// Corrective actions at factories whose acceptance was discontinued (ISO 2859-1 9.4).
    #[autosurgeon(missing = "Default::default")]
    pub corrective_actions: RecordMap<crate::inspection::CorrectiveAction>,
    /// The team's keys (id → 32 bytes as hex), with which its devices prove to each other
    /// nearby that they are the team's (`src/sync/team_proof.rs`). Only the team's devices hold
    /// this document: neither a factory's link nor a nearby office gives it to a factory's phone,
    /// so a phone that hides that it is a factory's cannot prove it. Keyed by id so keys two
    /// devices add to the map are both kept (two devices creating the map at once keep one).
    #[autosurgeon(missing = "Default::default")]
    pub team_keys: RecordMap<String>,
}

impl Workspace {
    /// A new workspace with the seeded T&A template and a starter defect library. The seeded keys
    /// are fixed, so two devices seeding offline merge into one set.
    pub fn seeded(name: &str) -> Workspace {
        let mut w = Workspace {
            schema: WORKSPACE_SCHEMA,
            name: name.to_string(),
            ..Workspace::default()
        };
        w.templates
            .insert("standard".into(), crate::tna::default_template());
        let lib: [(&str, &str, &str, DefectClass); 8] = [
            (
                "D01",
                "断针/金属残留",
                "Broken needle / metal",
                DefectClass::Critical,
            ),
            ("D02", "霉变", "Mould", DefectClass::Critical),
            ("D03", "破洞", "Hole", DefectClass::Major),
            ("D04", "色差", "Shade variation", DefectClass::Major),
            ("D05", "污渍", "Stain", DefectClass::Major),
            ("D06", "跳线", "Skipped stitch", DefectClass::Major),
            ("D07", "线头", "Untrimmed thread", DefectClass::Minor),
            ("D08", "轻微皱褶", "Slight pucker", DefectClass::Minor),
        ];
        for (code, zh, en, class) in lib {
            w.defects.insert(
                code.to_string(),
                DefectType {
                    code: code.into(),
                    zh: zh.into(),
                    en: en.into(),
                    default_class: class,
                },
            );
        }
        w
    }

    /// For a workspace from an older version: adds the seeded template and defect library entries
    /// it lacks (under the same fixed keys as [`Workspace::seeded`]), leaving anything present —
    /// including edited seeds — alone. Returns whether anything was added.
    pub fn ensure_seeded(&mut self) -> bool {
        let seed = Workspace::seeded(&self.name);
        let mut added = false;
        for (k, t) in seed.templates {
            if !self.templates.contains_key(&k) {
                self.templates.insert(k, t);
                added = true;
            }
        }
        for (k, d) in seed.defects {
            if !self.defects.contains_key(&k) {
                self.defects.insert(k, d);
                added = true;
            }
        }
        added
    }

    /// Gives the team a key when it has none (`id` and `key` random, from the caller);
    /// returns whether one was added. A team with a key keeps it: a second one would only make
    /// the devices that have not yet met it ask to be let in again.
    pub fn ensure_team_key(&mut self, id: &str, key: [u8; 32]) -> bool {
        if !self.team_keys().is_empty() {
            return false;
        }
        self.team_keys.insert(id.to_string(), hex_of(&key));
        true
    }

    /// Replaces every key of the team with a new one: a device let in by mistake, or one that
    /// left, no longer proves it is the team's once the team's devices have the new key.
    pub fn replace_team_key(&mut self, id: &str, key: [u8; 32]) {
        self.team_keys = RecordMap::new();
        self.team_keys.insert(id.to_string(), hex_of(&key));
    }

    /// The team's keys that read (32 bytes of hex under a non-empty id), by id.
    pub fn team_keys(&self) -> Vec<(&str, [u8; 32])> {
        self.team_keys
            .iter()
            .filter(|(id, _)| !id.is_empty())
            .filter_map(|(id, key)| Some((id.as_str(), key_of(key)?)))
            .collect()
    }

    pub fn parties_of(&self, kind: &PartyKind) -> Vec<(&String, &Party)> {
        self.parties
            .iter()
            .filter(|(_, p)| &p.kind == kind)
            .collect()
    }

    /// The party's name; `None` when the id names no party (removed here or on another device,
    /// or added on one not yet synced). Never the id: callers show the name an order kept or say
    /// the party was removed.
    pub fn party_name(&self, id: &str) -> Option<&str> {
        self.parties.get(id).map(|p| p.name.as_str())
    }

    /// The shipment allowances, per mille of the ordered quantity: `(short, over)`. A shipment
    /// within them counts as the order shipped in full; packing beyond `over` asks first.
    pub fn ship_allowance(&self) -> (u64, u64) {
        (
            u64::from(self.settings.short_ship_permille),
            u64::from(self.settings.over_ship_permille),
        )
    }

    /// The customer's name as an order should show it: the party's current name when the order
    /// links one that still exists (a rename reaches every order), else the name the order kept.
    pub fn customer_name<'a>(&'a self, order: &'a Order) -> &'a str {
        order
            .customer_party
            .as_deref()
            .and_then(|id| self.party_name(id))
            .unwrap_or(order.customer.as_str())
    }
}

/// Whether an order names the party: as its customer or factory, as the supplier of one of its
/// purchase orders, the forwarder of one of its shipments, or the factory of an inspected lot.
pub fn uses_party(order: &Order, party_id: &str) -> bool {
    order.customer_party.as_deref() == Some(party_id)
        || order.factory.as_deref() == Some(party_id)
        || order
            .purchase_orders
            .values()
            .any(|po| po.supplier == party_id)
        || order
            .shipments
            .values()
            .any(|s| s.booking.forwarder == party_id)
        || order.inspections.values().any(|i| i.factory == party_id)
}

/// Whether an order names the person, as its merchandiser or as an inspector. These fields hold a
/// person id or, as typed or written by the app, the person's name; both count.
pub fn uses_person(order: &Order, person_id: &str, person: &Person) -> bool {
    let name = person.name.trim();
    let names = |v: &str| v == person_id || (!name.is_empty() && v.trim() == name);
    order.merchandiser.as_deref().is_some_and(names)
        || order.inspections.values().any(|i| names(&i.inspector))
}

/// The PO numbers (a style number for an order still without one, [`Order::name`]) of the
/// orders for which `uses` holds, sorted and without repeats: what a screen
/// names when it asks before removing a party or person that orders still use.
pub fn orders_using<'a>(
    orders: impl IntoIterator<Item = &'a Order>,
    uses: impl Fn(&Order) -> bool,
) -> Vec<String> {
    let mut pos: Vec<String> = orders
        .into_iter()
        .filter(|o| uses(o))
        .map(|o| o.name().to_string())
        .collect();
    sort_dedup(&mut pos);
    pos
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn key_of(text: &str) -> Option<[u8; 32]> {
    let text = text.as_bytes();
    if text.len() != 64 {
        return None;
    }
    let mut key = [0u8; 32];
    for (i, pair) in text.chunks(2).enumerate() {
        let digit = |c: u8| (c as char).to_digit(16);
        key[i] = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
    }
    Some(key)
}

impl Root for Workspace {
    const KIND: &'static str = "workspace";

    crate::reconcile_changed!(Workspace;
        fields: schema, name, settings;
        maps: orders, parties, people, defects, templates, superseded, corrective_actions,
            team_keys);

    fn blame(doc: &crate::reader::Reader) -> Option<crate::document::DocError> {
        crate::blame_fields!(doc;
            name: String,
            orders: RecordMap<OrderRef>,
        )
        .or_else(|| {
            crate::blame_records!(doc;
                parties: Party,
                people: Person,
                defects: DefectType,
                templates: TnaTemplate,
                corrective_actions: crate::inspection::CorrectiveAction,
            )
        })
        .or_else(|| {
            crate::blame_optional!(doc;
                settings: Settings,
                superseded: RecordMap<String>,
                team_keys: RecordMap<String>,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeding_an_old_workspace_keeps_what_is_there() {
        let mut w = Workspace {
            schema: 1,
            name: "Team".into(),
            ..Workspace::default()
        };
        assert!(w.ensure_seeded());
        assert_eq!(w.templates["standard"].milestones.len(), 11);
        assert_eq!(w.defects.len(), 8);
        if let Some(d) = w.defects.get_mut("D01") {
            d.en = "Needle".into();
        }
        assert!(!w.ensure_seeded());
        assert_eq!(w.defects["D01"].en, "Needle");
        assert_eq!(w.party_name("nobody"), None);
        let mut p = Person::default();
        p.roles.insert(Role::Qc.code().into(), true);
        assert!(p.has_role(&Role::Qc) && !p.has_role(&Role::Finance));
    }

    #[test]
    fn a_team_gets_one_key_and_keys_that_do_not_read_are_left_out() {
        let mut w = Workspace::seeded("Team");
        assert!(w.team_keys().is_empty(), "a workspace starts without");
        assert!(w.ensure_team_key("k1", [7; 32]));
        assert!(
            !w.ensure_team_key("k2", [8; 32]),
            "a team with a key keeps it"
        );
        assert_eq!(w.team_keys(), vec![("k1", [7; 32])]);
        // Made on two devices before they met: both kept, both read.
        w.team_keys.insert("k0".into(), "AB".repeat(32));
        // Neither a short key, nor one that is not hex, nor one under no id, is a key.
        w.team_keys.insert("k3".into(), "ab".repeat(31));
        w.team_keys.insert("k4".into(), "zz".repeat(32));
        w.team_keys.insert(String::new(), "ab".repeat(32));
        assert_eq!(w.team_keys(), vec![("k0", [0xab; 32]), ("k1", [7; 32])]);
        // Written and read back through the document, as a device does.
        let author = crate::document::Author {
            name: "Ana".into(),
            device: "d1".into(),
        };
        let mut doc =
            crate::document::create([1; 16], &author, 0, &Workspace::seeded("T")).expect("created");
        let added = crate::document::commit::<Workspace, bool, crate::document::DocError>(
            &mut doc,
            &author,
            1,
            |w| Ok(w.ensure_team_key("k9", [9; 32])),
        );
        assert!(matches!(added, Ok(true)));
        let read = crate::document::read::<Workspace>(&doc).expect("reads");
        assert_eq!(read.team_keys(), vec![("k9", [9; 32])]);
        // Replaced: the old keys, and any a device planted, are gone everywhere it syncs.
        let replaced = crate::document::commit::<Workspace, (), crate::document::DocError>(
            &mut doc,
            &author,
            2,
            |w| {
                w.replace_team_key("k10", [10; 32]);
                Ok(())
            },
        );
        assert!(replaced.is_ok());
        let read = crate::document::read::<Workspace>(&doc).expect("reads");
        assert_eq!(read.team_keys(), vec![("k10", [10; 32])]);
        // A workspace holding only keys that do not read gets a key.
        let mut bad = Workspace::default();
        bad.team_keys.insert("k".into(), "no".into());
        assert!(bad.ensure_team_key("k5", [1; 32]));
    }
}
