//! Pure list logic shared by the screens: filtering and sorting order summaries, CSV that Excel
//! opens correctly, and formatting of dates, numbers and money for the chosen language. No web
//! dependency, so all of it is tested natively.

use std::collections::{BTreeMap, BTreeSet};

use gendan_domain::workspace::{PartyKind, Workspace};

use crate::i18n::{Lang, K};
use crate::storage::Summary;
use gendan_domain::sorting::{sort_by, CollectMap};

/// How the orders list is narrowed. Empty strings mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Matched against PO number, style, and the customer and factory as the list names them
    /// (case-insensitive).
    pub query: String,
    pub status: String,
    pub late_only: bool,
    /// What [`customer_key`] gives: the customer's party id, or a typed name.
    pub customer: String,
    /// Factory party id.
    pub factory: String,
    /// Ex-factory month "YYYY-MM".
    pub month: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortBy {
    /// Soonest ex-factory first; orders without a date last.
    #[default]
    ExFactory,
    /// Most recently changed first.
    Updated,
    /// By customer PO number, natural order ("PO-2" before "PO-10").
    Po,
}

impl SortBy {
    pub fn code(self) -> &'static str {
        match self {
            SortBy::ExFactory => "ex_factory",
            SortBy::Updated => "updated",
            SortBy::Po => "po",
        }
    }

    pub fn from_code(c: &str) -> SortBy {
        match c {
            "updated" => SortBy::Updated,
            "po" => SortBy::Po,
            _ => SortBy::ExFactory,
        }
    }
}

/// How the list says a party: the workspace's parties by id with their current names, so a
/// rename reaches every row, filter and export without touching the orders, and the words for a
/// party that is gone (never its id).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartyNames {
    names: BTreeMap<String, String>,
    /// Customer parties, for the customer filter, as (id, name).
    customers: Vec<(String, String)>,
    /// Factory and subcontractor parties, for the factory filter.
    factories: Vec<String>,
    removed: String,
}

impl PartyNames {
    pub fn of(w: &Workspace, lang: Lang) -> PartyNames {
        let ids = |kinds: &[PartyKind]| {
            kinds
                .iter()
                .flat_map(|k| w.parties_of(k))
                .map(|(id, p)| (id.clone(), p.name.clone()))
                .collect::<Vec<_>>()
        };
        PartyNames {
            names: w
                .parties
                .iter()
                .map(|(id, p)| (id.clone(), p.name.clone()))
                .collect_map(),
            customers: ids(&[PartyKind::Customer]),
            factories: ids(&[PartyKind::Factory, PartyKind::Subcontractor])
                .into_iter()
                .map(|(id, _)| id)
                .collect(),
            removed: K::RemovedParty.text(lang).to_string(),
        }
    }

    /// A party id in words: the party's current name, or "(removed party)".
    pub fn party(&self, id: &str) -> String {
        self.names
            .get(id)
            .cloned()
            .unwrap_or_else(|| self.removed.clone())
    }

    /// The order's customer: the linked party's current name; when that party is gone, the name
    /// the order kept, marked "(removed party)"; a typed name (or a summary written before the
    /// party id was kept) as written.
    pub fn customer(&self, s: &Summary) -> String {
        if s.customer_party.is_empty() {
            return s.customer.clone();
        }
        match self.names.get(&s.customer_party) {
            Some(name) => name.clone(),
            None if s.customer.trim().is_empty() => self.removed.clone(),
            None => format!("{} {}", s.customer, self.removed),
        }
    }

    /// The order's factory in words; "" when it names none.
    pub fn factory(&self, s: &Summary) -> String {
        if s.factory.is_empty() {
            String::new()
        } else {
            self.party(&s.factory)
        }
    }
}

/// What the customer filter keys on: the party id when the order links one, so renaming the
/// party (twice, or on two devices) never splits one customer in two; else the typed name.
pub fn customer_key(s: &Summary) -> &str {
    if s.customer_party.is_empty() {
        &s.customer
    } else {
        &s.customer_party
    }
}

/// What the filters offer: customers and factories as (key, words), sorted by their words, and
/// ex-factory months ("YYYY-MM").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choices {
    pub customers: Vec<(String, String)>,
    pub factories: Vec<(String, String)>,
    pub months: BTreeSet<String>,
}

/// The filters' choices: the workspace's customers and factories, and whatever the orders name
/// (a typed customer, a party since removed), each once.
pub fn choices(all: &[Summary], names: &PartyNames) -> Choices {
    let mut customers: BTreeMap<String, String> = names.customers.iter().cloned().collect_map();
    let mut factories: BTreeMap<String, String> = names
        .factories
        .iter()
        .map(|id| (id.clone(), names.party(id)))
        .collect_map();
    let mut months = BTreeSet::new();
    for s in all {
        let key = customer_key(s);
        if !key.is_empty() && !customers.contains_key(key) {
            customers.insert(key.to_string(), names.customer(s));
        }
        if !s.factory.is_empty() && !factories.contains_key(&s.factory) {
            factories.insert(s.factory.clone(), names.factory(s));
        }
        if let Some(x) = s.ex_factory.as_deref().and_then(|x| x.get(..7)) {
            months.insert(x.to_string());
        }
    }
    let sorted = |m: BTreeMap<String, String>| {
        let mut v: Vec<(String, String)> = m.into_iter().collect();
        sort_by(&mut v, |a, b| {
            (a.1.to_lowercase(), &a.0).cmp(&(b.1.to_lowercase(), &b.0))
        });
        v
    };
    Choices {
        customers: sorted(customers),
        factories: sorted(factories),
        months,
    }
}

/// An open, unshipped order whose ex-factory date or next milestone lies before `today`
/// ("YYYY-MM-DD"; ISO dates compare as text).
pub fn is_late(s: &Summary, today: &str) -> bool {
    let open = !matches!(
        s.status.as_str(),
        "shipped" | "delivered" | "closed" | "cancelled"
    );
    open && !s.shipped
        && (s.ex_factory.as_deref().is_some_and(|d| d < today)
            || s.next_due.as_deref().is_some_and(|d| d < today))
}

fn contains_ci(hay: &str, needle_lower: &str) -> bool {
    hay.to_lowercase().contains(needle_lower)
}

/// Whether one summary passes the filter, naming parties as `names` does.
pub fn matches(s: &Summary, f: &Filter, today: &str, names: &PartyNames) -> bool {
    let q = f.query.trim().to_lowercase();
    if !q.is_empty()
        && ![&s.customer_po, &s.style_no]
            .iter()
            .any(|v| contains_ci(v, &q))
        && !contains_ci(&names.customer(s), &q)
        && !contains_ci(&names.factory(s), &q)
    {
        return false;
    }
    if !f.status.is_empty() && s.status != f.status {
        return false;
    }
    if !f.customer.is_empty() && customer_key(s) != f.customer {
        return false;
    }
    if !f.factory.is_empty() && s.factory != f.factory {
        return false;
    }
    if !f.month.is_empty()
        && !s
            .ex_factory
            .as_deref()
            .is_some_and(|d| d.starts_with(&f.month))
    {
        return false;
    }
    !f.late_only || is_late(s, today)
}

/// Splits "PO-10" into text and number runs so numbers compare by value.
fn natural_key(s: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut num: Option<u64> = None;
    for c in s.chars() {
        if let Some(d) = c.to_digit(10) {
            num = Some(
                num.unwrap_or(0)
                    .saturating_mul(10)
                    .saturating_add(u64::from(d)),
            );
        } else {
            if let Some(n) = num.take() {
                out.push((std::mem::take(&mut text), n));
            }
            text.extend(c.to_lowercase());
        }
    }
    out.push((text, num.unwrap_or(0)));
    out
}

/// Indices of the summaries that pass `f`, in `sort` order (ties broken by id, so the order is
/// stable across refreshes).
pub fn filter_sort(
    all: &[Summary],
    f: &Filter,
    sort: SortBy,
    today: &str,
    names: &PartyNames,
) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..all.len())
        .filter(|&i| matches(&all[i], f, today, names))
        .collect();
    match sort {
        SortBy::ExFactory => sort_by(&mut idx, |&a, &b| {
            let (x, y) = (&all[a], &all[b]);
            match (&x.ex_factory, &y.ex_factory) {
                (Some(p), Some(q)) => p.cmp(q),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then_with(|| x.id.cmp(&y.id))
        }),
        SortBy::Updated => sort_by(&mut idx, |&a, &b| {
            all[b]
                .updated_ms
                .total_cmp(&all[a].updated_ms)
                .then_with(|| all[a].id.cmp(&all[b].id))
        }),
        SortBy::Po => {
            let keys: Vec<_> = all.iter().map(|s| natural_key(&s.customer_po)).collect();
            sort_by(&mut idx, |&a, &b| {
                keys[a]
                    .cmp(&keys[b])
                    .then_with(|| all[a].id.cmp(&all[b].id))
            })
        }
    }
    idx
}

/// The rows of a windowed list to render: `[first, end)` for a viewport of `height` px scrolled
/// to `scroll_top` px past the list's top, with `overscan` extra rows on each side.
pub fn window(
    len: usize,
    row_height: f64,
    scroll_top: f64,
    height: f64,
    overscan: usize,
) -> (usize, usize) {
    if len == 0 || row_height <= 0.0 {
        return (0, 0);
    }
    let first = (scroll_top.max(0.0) / row_height).floor() as usize;
    let visible = (height.max(0.0) / row_height).ceil() as usize + 1;
    let start = first.saturating_sub(overscan).min(len);
    let end = (first + visible + overscan).min(len);
    (start, end)
}

/// One CSV field, always quoted, inner quotes doubled. Text that Excel would run as a formula
/// (starting with `=`, `+`, `@`, or a tab/CR) is prefixed with an apostrophe.
pub fn csv_field(s: &str) -> String {
    let guarded = if s.starts_with(['=', '+', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", guarded.replace('"', "\"\""))
}

/// A CSV file for Excel: UTF-8 with a byte-order mark (so Chinese shows correctly), CRLF line
/// ends, every field quoted.
pub fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    for r in rows {
        let line: Vec<String> = r.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "2026-05-15" as "15 May 2026" or "2026年5月15日"; anything else is returned as it is.
pub fn fmt_day(lang: Lang, iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    let parsed = match parts.as_slice() {
        [y, m, d] => match (y.parse::<i32>(), m.parse::<usize>(), d.parse::<u32>()) {
            (Ok(y), Ok(m), Ok(d)) if (1..=12).contains(&m) => Some((y, m, d)),
            _ => None,
        },
        _ => None,
    };
    let Some((y, m, d)) = parsed else {
        return iso.to_string();
    };
    match lang {
        Lang::En => format!("{d} {} {y}", MONTHS_EN[m - 1]),
        Lang::Zh => format!("{y}年{m}月{d}日"),
    }
}

/// "2026-05" as "May 2026" or "2026年5月".
pub fn fmt_month(lang: Lang, ym: &str) -> String {
    match ym.split_once('-').map(|(y, m)| (y, m.parse::<usize>())) {
        Some((y, Ok(m))) if (1..=12).contains(&m) => match lang {
            Lang::En => format!("{} {y}", MONTHS_EN[m - 1]),
            Lang::Zh => format!("{y}年{m}月"),
        },
        _ => ym.to_string(),
    }
}

/// Groups of three digits: 12345 → "12,345" (both languages write it so in trade documents).
pub fn fmt_int(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The PO number naming an order on screen, or the words for an order still in development
/// (its buyer has not ordered: [`gendan_domain::Order::needs_po`]); the style is said beside it.
pub fn po_text(lang: Lang, po: &str) -> String {
    match gendan_domain::order::tidy(po) {
        "" => K::NoPoYet.text(lang).to_string(),
        po => po.to_string(),
    }
}

/// An order's title where nothing else names it: its PO number, or its style and that it has
/// no PO yet.
pub fn order_title(lang: Lang, po: &str, style: &str) -> String {
    match gendan_domain::order::tidy(po) {
        "" => format!("{} · {}", style.trim(), K::NoPoYet.text(lang)),
        po => po.to_string(),
    }
}

/// An amount in its currency as people read it: "USD 1,234.50".
pub fn fmt_price(currency: &str, amount: gendan_domain::Price) -> String {
    fmt_money(currency, &amount.to_string())
}

/// A price text ("1234.5", "-3.25") with grouped thousands and at least two decimals, after the
/// currency code: "USD 1,234.50".
pub fn fmt_money(currency: &str, amount: &str) -> String {
    let (neg, body) = match amount.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, amount),
    };
    let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
    let mut frac = frac.to_string();
    while frac.len() < 2 {
        frac.push('0');
    }
    let whole = whole
        .parse::<u64>()
        .map(fmt_int)
        .unwrap_or(whole.to_string());
    let sign = if neg { "-" } else { "" };
    format!("{currency} {sign}{whole}.{frac}")
        .trim()
        .to_string()
}

/// A share as a percentage with one decimal from per-mille: 875 → "87.5%".
pub fn fmt_per_mille(p: Option<u64>) -> String {
    match p {
        Some(p) => format!("{}.{}%", p / 10, p % 10),
        None => "—".to_string(),
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;

    fn s(id: &str, po: &str, customer: &str, status: &str, xf: Option<&str>) -> Summary {
        Summary {
            id: id.into(),
            customer_po: po.into(),
            customer: customer.into(),
            style_no: format!("ST-{id}"),
            status: status.into(),
            ex_factory: xf.map(str::to_string),
            total_qty: 10,
            updated_ms: 0.0,
            damaged: false,
            factory: String::new(),
            next_due: None,
            shipped: false,
            unsettled: false,
            customer_party: String::new(),
            commercial: String::new(),
            has_blobs: None,
            office_records: None,
            lot_factories: None,
            booked: None,
            open_pos: None,
            agenda: None,
            report: None,
            checked: None,
        }
    }

    fn workspace(parties: &[(&str, PartyKind, &str)]) -> Workspace {
        let mut w = Workspace::default();
        for (id, kind, name) in parties {
            w.parties.insert(
                id.to_string(),
                gendan_domain::workspace::Party {
                    kind: kind.clone(),
                    name: name.to_string(),
                    ..Default::default()
                },
            );
        }
        w
    }

    fn no_names() -> PartyNames {
        PartyNames::of(&Workspace::default(), Lang::En)
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn an_order_without_a_po_is_named_by_its_style_and_said_to_wait_for_one() {
        assert_eq!(po_text(Lang::En, " PO-9 "), "PO-9");
        assert_eq!(po_text(Lang::En, "  "), "No PO yet");
        assert_eq!(po_text(Lang::Zh, ""), "未下单");
        assert_eq!(order_title(Lang::En, "PO-9", "NW-1"), "PO-9");
        assert_eq!(order_title(Lang::Zh, "", " NW-1 "), "NW-1 · 未下单");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn csv_quotes_escapes_and_uses_bom_and_crlf() {
        let out = csv(&[
            vec!["PO".into(), "Customer".into()],
            vec!["A \"quoted\", one".into(), "客户\n两行".into()],
            vec!["=SUM(A1)".into(), "".into()],
        ]);
        assert!(out.starts_with('\u{feff}'));
        assert_eq!(out.as_bytes()[..3], [0xEF, 0xBB, 0xBF]);
        let body = out.trim_start_matches('\u{feff}');
        assert_eq!(
            body,
            "\"PO\",\"Customer\"\r\n\"A \"\"quoted\"\", one\",\"客户\n两行\"\r\n\"'=SUM(A1)\",\"\"\r\n"
        );
        assert_eq!(csv_field("-5"), "\"-5\"");
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn filters_by_text_status_customer_factory_month_and_lateness() {
        let mut rows = vec![
            s("a", "PO-1", "Nordic Wear", "confirmed", Some("2026-05-15")),
            s("b", "PO-2", "Acme", "draft", Some("2026-06-01")),
            s("c", "PO-10", "Acme", "shipped", Some("2026-01-01")),
            s("d", "X-9", "Nordic Wear", "in_production", None),
        ];
        rows[1].factory = "f1".into();
        rows[3].next_due = Some("2026-02-01".into());
        let today = "2026-05-20";
        let names = PartyNames::of(
            &workspace(&[("f1", PartyKind::Factory, "Ningbo Knit")]),
            Lang::En,
        );
        let run = |f: &Filter| filter_sort(&rows, f, SortBy::Po, today, &names);
        let f = |q: &str| Filter {
            query: q.into(),
            ..Filter::default()
        };
        assert_eq!(run(&f("po-1")), vec![0, 2]);
        assert_eq!(run(&f("ningbo")), vec![1]);
        assert_eq!(run(&f("st-d")), vec![3]);
        assert_eq!(run(&f("NORDIC")), vec![0, 3]);
        let status = Filter {
            status: "draft".into(),
            ..Filter::default()
        };
        assert_eq!(run(&status), vec![1]);
        let cust = Filter {
            customer: "Acme".into(),
            ..Filter::default()
        };
        assert_eq!(run(&cust), vec![1, 2]);
        let fac = Filter {
            factory: "f1".into(),
            ..Filter::default()
        };
        assert_eq!(run(&fac), vec![1]);
        let month = Filter {
            month: "2026-05".into(),
            ..Filter::default()
        };
        assert_eq!(run(&month), vec![0]);
        // Late: PO-1's ex-factory passed; X-9's next milestone passed; PO-10 shipped; PO-2 ahead.
        let late = Filter {
            late_only: true,
            ..Filter::default()
        };
        assert_eq!(run(&late), vec![0, 3]);
        assert!(!is_late(&rows[2], today));
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_renamed_customer_is_one_customer_named_as_it_is_now() {
        // Two orders of party c1, summarised under its first and second name; one typed "Acme"
        // that links no party; one from before summaries kept the party id.
        let mut rows = vec![
            s("a", "PO-1", "Acme", "confirmed", None),
            s("b", "PO-2", "Acme Trading", "confirmed", None),
            s("c", "PO-3", "Acme", "confirmed", None),
            s("d", "PO-4", "Old Name Ltd", "confirmed", None),
        ];
        rows[0].customer_party = "c1".into();
        rows[1].customer_party = "c1".into();
        rows[0].factory = "f1".into();
        let w = workspace(&[
            ("c1", PartyKind::Customer, "Acme Global"),
            ("f1", PartyKind::Factory, "Ningbo Knit"),
            ("f2", PartyKind::Subcontractor, "Yiwu Sew"),
        ]);
        let names = PartyNames::of(&w, Lang::En);
        let run = |f: &Filter| filter_sort(&rows, f, SortBy::Po, "2026-01-01", &names);
        assert_eq!(names.customer(&rows[0]), "Acme Global");
        assert_eq!(names.customer(&rows[1]), "Acme Global");
        assert_eq!(
            names.customer(&rows[2]),
            "Acme",
            "a typed name is shown as typed"
        );
        assert_eq!(
            names.customer(&rows[3]),
            "Old Name Ltd",
            "an old summary keeps its text"
        );
        // The filter keys on the party, whatever name each summary was written with.
        let by = |key: &str| Filter {
            customer: key.into(),
            ..Filter::default()
        };
        assert_eq!(customer_key(&rows[0]), "c1");
        assert_eq!(run(&by("c1")), vec![0, 1]);
        assert_eq!(run(&by("Acme")), vec![2]);
        // Search finds the current name, not the one summarised.
        let q = |q: &str| Filter {
            query: q.into(),
            ..Filter::default()
        };
        assert_eq!(run(&q("global")), vec![0, 1]);
        assert_eq!(run(&q("trading")), Vec::<usize>::new());
        assert_eq!(run(&q("ningbo")), vec![0]);
        // One choice per party, under its current name; the typed name is its own choice.
        let c = choices(&rows, &names);
        assert_eq!(
            c.customers,
            vec![
                ("Acme".to_string(), "Acme".to_string()),
                ("c1".into(), "Acme Global".into()),
                ("Old Name Ltd".into(), "Old Name Ltd".into()),
            ]
        );
        assert_eq!(
            c.factories,
            vec![
                ("f1".to_string(), "Ningbo Knit".to_string()),
                ("f2".into(), "Yiwu Sew".into()),
            ]
        );

        // Renamed again: the same filter still holds both orders, under the newest name.
        let mut w2 = w.clone();
        if let Some(p) = w2.parties.get_mut("c1") {
            p.name = "AG Worldwide".into();
        }
        let renamed = PartyNames::of(&w2, Lang::En);
        assert_eq!(
            filter_sort(&rows, &by("c1"), SortBy::Po, "2026-01-01", &renamed),
            vec![0, 1]
        );
        assert_eq!(renamed.customer(&rows[1]), "AG Worldwide");
        let csv = crate::pages::orders::orders_csv(Lang::En, &[&rows[0]], "2026-01-01", &renamed);
        assert!(csv.contains("\"AG Worldwide\""), "{csv}");
        assert!(csv.contains("\"Ningbo Knit\""), "{csv}");

        // Removed: worded, never the id; the customer keeps the name the order holds.
        let gone = PartyNames::of(&Workspace::default(), Lang::En);
        assert_eq!(gone.customer(&rows[0]), "Acme (removed party)");
        assert_eq!(gone.factory(&rows[0]), "(removed party)");
        assert_eq!(
            PartyNames::of(&Workspace::default(), Lang::Zh).factory(&rows[0]),
            "(已删除的单位)"
        );
        assert_eq!(gone.factory(&rows[2]), "");
        let c = choices(&rows, &gone);
        assert!(c
            .customers
            .contains(&("c1".into(), "Acme (removed party)".into())));
        assert_eq!(c.factories, vec![("f1".into(), "(removed party)".into())]);
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn sorts_by_ex_factory_updated_and_po_naturally() {
        let mut rows = vec![
            s("a", "PO-10", "C", "draft", Some("2026-05-15")),
            s("b", "PO-2", "C", "draft", None),
            s("c", "po-1", "C", "draft", Some("2026-03-01")),
        ];
        rows[0].updated_ms = 5.0;
        rows[1].updated_ms = 9.0;
        rows[2].updated_ms = 1.0;
        let all = Filter::default();
        let names = no_names();
        let go = |by| filter_sort(&rows, &all, by, "2026-01-01", &names);
        assert_eq!(go(SortBy::ExFactory), vec![2, 0, 1]);
        assert_eq!(go(SortBy::Updated), vec![1, 0, 2]);
        assert_eq!(go(SortBy::Po), vec![2, 1, 0]);
        for by in [SortBy::ExFactory, SortBy::Updated, SortBy::Po] {
            assert_eq!(SortBy::from_code(by.code()), by);
        }
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn window_covers_the_visible_rows_only() {
        assert_eq!(window(10_000, 80.0, 0.0, 740.0, 5), (0, 16));
        assert_eq!(window(10_000, 80.0, 8_000.0, 740.0, 5), (95, 116));
        assert_eq!(window(10_000, 80.0, 1e9, 740.0, 5), (10_000, 10_000));
        assert_eq!(window(3, 80.0, 0.0, 740.0, 5), (0, 3));
        assert_eq!(window(0, 80.0, 0.0, 740.0, 5), (0, 0));
    }

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn formats_for_the_language() {
        assert_eq!(fmt_day(Lang::En, "2026-05-15"), "15 May 2026");
        assert_eq!(fmt_day(Lang::Zh, "2026-05-15"), "2026年5月15日");
        assert_eq!(fmt_day(Lang::Zh, "soon"), "soon");
        assert_eq!(fmt_month(Lang::En, "2026-11"), "Nov 2026");
        assert_eq!(fmt_month(Lang::Zh, "2026-11"), "2026年11月");
        assert_eq!(fmt_int(1_234_567), "1,234,567");
        assert_eq!(fmt_int(999), "999");
        assert_eq!(fmt_money("USD", "1234.5"), "USD 1,234.50");
        assert_eq!(fmt_money("CNY", "-3.125"), "CNY -3.125");
        assert_eq!(fmt_per_mille(Some(875)), "87.5%");
        assert_eq!(fmt_per_mille(None), "—");
    }
}
