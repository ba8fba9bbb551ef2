//! The Reports index: each order's [`ReportFacts`] kept in its summary (as JSON read only here,
//! see [`super::Summary::report`]), so the KPIs and the delay reports are drawn from summaries
//! and a document is loaded only for an order whose facts are missing (a summary from before),
//! damaged, or made by another build.
//!
//! The facts are made with every summary (a save here, an order that arrives by file, catch-up
//! or sync), by `check_all` for summaries from before, and by Reports for the orders it had to
//! load (written back, so the next visit needs none of them). They depend on nothing but the
//! order: the day and the workspace's allowance are applied when they are read. Supplier
//! payments (付款处理能力) are money, so they are read from the order's agenda
//! ([`super::agenda`]), which is made where the books are and dropped when they change; an order
//! without a usable one is loaded with its books to make it. The receivables book (应收账款)
//! is money too, and read from the agendas the same way. The list of complaints across orders
//! (客诉台帐) is read from the facts, and so are the notices carried to factories (传播信息).

use std::collections::{BTreeSet, HashMap};

use gendan_domain::agenda::{Agenda, ReceivableFact};
use gendan_domain::lifecycle::Gates;
use gendan_domain::report_facts::{ComplaintFacts, DelayFacts, PaidFact, ReportFacts};
use gendan_domain::reports::KpiReport;
use gendan_domain::Day;
use gendan_domain::Order;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::repo::Repo;
use super::StoreError;

/// A value kept in a summary as its JSON, read only by the screen that needs it: a summary is
/// read at every start, and this part of it is then only checked to be JSON, not read as a
/// model. Anything that does not read as the model later is as good as missing.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct KeptJson(Box<RawValue>);

impl PartialEq for KeptJson {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl KeptJson {
    pub(crate) fn of<T: Serialize>(value: &T) -> Option<KeptJson> {
        serde_json::value::to_raw_value(value).ok().map(KeptJson)
    }

    /// The value, or `None` when the JSON is not one.
    pub(crate) fn read<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(self.0.get()).ok()
    }

    /// Whether the JSON holds `text` anywhere: a search far cheaper than a read, to skip the
    /// values that cannot hold what is looked for.
    pub(crate) fn mentions(&self, text: &str) -> bool {
        self.0.get().contains(text)
    }
}

/// One delay report, with the order it was reported on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OrderDelay {
    /// The order's document id.
    pub order: String,
    pub customer_po: String,
    pub delay: DelayFacts,
}

/// What the buyer still owes on one order, with the order's names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OrderReceivable {
    /// The order's document id.
    pub order: String,
    pub customer_po: String,
    pub customer: String,
    pub fact: ReceivableFact,
}

/// One complaint, with the order it was made on (客诉台帐).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OrderComplaint {
    /// The order's document id.
    pub order: String,
    pub customer_po: String,
    pub customer: String,
    pub fact: ComplaintFacts,
}

/// What an agenda keeps of an order's money for Reports.
type KeptMoney = (Vec<PaidFact>, Option<ReceivableFact>);

/// What the index gave, and the orders it could not answer for.
#[derive(Debug, Default)]
pub(crate) struct ReportsFromIndex {
    pub kpi: KpiReport,
    pub delays: Vec<OrderDelay>,
    /// What the buyer still owes, order by order, where this device holds the books.
    pub receivables: Vec<OrderReceivable>,
    /// Orders whose books are on this device and do not read, (id, name): their money is in
    /// none of the figures until they are put back.
    pub books_unread: Vec<(String, String)>,
    /// Every complaint of every order, open or not.
    pub complaints: Vec<OrderComplaint>,
    /// Every notice carried to a factory, copy by copy, as [`gendan_domain::notices::board`]
    /// reads them into one notice each.
    pub notices: Vec<gendan_domain::notices::Copy>,
    /// Orders Reports must load: no facts, or facts of another build.
    pub load: BTreeSet<String>,
    /// Orders whose supplier payments only a new agenda gives (none kept, or one made under
    /// other gates or by another build): loaded with their books to make it.
    pub pay_load: BTreeSet<String>,
    /// The kept money of orders in `load` whose agenda is usable, added once their facts
    /// (which say the groups) are made.
    kept: HashMap<String, KeptMoney>,
    /// The workspace's gates, which an agenda is made under; `None` before the workspace is read.
    gates: Option<Gates>,
}

impl ReportsFromIndex {
    /// Adds one order's facts, on `now` under the workspace's `allowance`; `customer_po` names
    /// the order in the lists (its PO, else its style: [`gendan_domain::Order::name`]).
    pub(crate) fn add(
        &mut self,
        id: &str,
        customer_po: &str,
        facts: &ReportFacts,
        now: Day,
        allowance: (u32, u32),
    ) {
        facts.add_to(&mut self.kpi, now, allowance);
        self.delays
            .extend(facts.delays.iter().map(|delay| OrderDelay {
                order: id.to_string(),
                customer_po: customer_po.to_string(),
                delay: delay.clone(),
            }));
        self.complaints
            .extend(facts.complaint_list.iter().map(|c| OrderComplaint {
                order: id.to_string(),
                customer_po: customer_po.to_string(),
                customer: facts.customer.clone(),
                fact: c.clone(),
            }));
        self.notices
            .extend(facts.notices.iter().map(|n| gendan_domain::notices::Copy {
                order: id.to_string(),
                order_name: customer_po.to_string(),
                order_factory: facts.factory.clone(),
                notice: n.clone(),
            }));
    }

    fn add_receivable(
        &mut self,
        id: &str,
        customer_po: &str,
        customer: &str,
        r: Option<&ReceivableFact>,
    ) {
        if let Some(fact) = r {
            self.receivables.push(OrderReceivable {
                order: id.to_string(),
                customer_po: customer_po.to_string(),
                customer: customer.to_string(),
                fact: fact.clone(),
            });
        }
    }

    /// Adds what an order read from its documents gives that the index did not: its facts when
    /// they were missing, its supplier payments and receivable when its agenda was. Returns
    /// what was made, for the summaries to keep.
    pub(crate) fn visit(
        &mut self,
        id: &str,
        order: &Order,
        books: &super::scan::Books,
        now: Day,
        allowance: (u32, u32),
    ) -> (Option<ReportFacts>, Option<Agenda>) {
        let facts = ReportFacts::of(order);
        let made_facts = self.load.contains(id).then(|| {
            self.add(id, order.name(), &facts, now, allowance);
            facts.clone()
        });
        let mut made_agenda = None;
        let (paid, receivable) = match (&self.gates, self.pay_load.contains(id)) {
            (Some(gates), true) => {
                let a = books.agenda(order, gates);
                if a.books_unread {
                    self.books_unread
                        .push((id.to_string(), order.name().to_string()));
                }
                let money = (a.paid.clone(), a.receivable.clone());
                made_agenda = Some(a);
                money
            }
            _ => self.kept.remove(id).unwrap_or_default(),
        };
        facts.add_payments_to(&mut self.kpi, &paid, now);
        self.add_receivable(id, &order.customer_po, &order.customer, receivable.as_ref());
        (made_facts, made_agenda)
    }
}

/// What the notices need of a summary's facts, read without the rest.
#[derive(Deserialize)]
struct NoticesOnly {
    #[serde(rename = "v", default)]
    version: u32,
    #[serde(rename = "f", default)]
    factory: String,
    #[serde(rename = "nt", default)]
    notices: Vec<gendan_domain::notices::NoticeFacts>,
}

impl Repo {
    /// Every notice's copies as the summaries' facts keep them, loading nothing: an order whose
    /// facts are missing or another build's gives none here (Notices loads it, Today does not
    /// wait for it).
    pub(crate) fn notice_copies(&self) -> Vec<gendan_domain::notices::Copy> {
        let inner = self.inner.borrow();
        let mut out = Vec::new();
        for s in inner.summaries.values().filter(|s| !s.damaged) {
            // Today asks at every change: most orders carry no notice, and their facts (which
            // then have no "nt") are not read at all.
            let Some(kept) = s
                .report
                .as_ref()
                .filter(|r| r.mentions("\"nt\":"))
                .and_then(|r| r.read::<NoticesOnly>())
            else {
                continue;
            };
            if kept.version != gendan_domain::report_facts::VERSION {
                continue;
            }
            let name = gendan_domain::order::order_name(&s.customer_po, &s.style_no);
            out.extend(
                kept.notices
                    .into_iter()
                    .map(|notice| gendan_domain::notices::Copy {
                        order: s.id.clone(),
                        order_name: name.to_string(),
                        order_factory: kept.factory.clone(),
                        notice,
                    }),
            );
        }
        out
    }

    /// The KPIs on `now` and the delay reports of every order that is not damaged, from the
    /// facts and the agendas (supplier payments are money, kept there) in their summaries; the
    /// orders without usable facts are listed in `load`, those without a usable agenda in
    /// `pay_load`.
    pub(crate) fn reports_from_index(&self, now: Day, allowance: (u32, u32)) -> ReportsFromIndex {
        let gates = self.gates();
        let key = gates.as_ref().map(Agenda::key);
        let inner = self.inner.borrow();
        let mut out = ReportsFromIndex {
            gates,
            ..ReportsFromIndex::default()
        };
        for s in inner.summaries.values().filter(|s| !s.damaged) {
            let money = match (&s.agenda, &key) {
                (Some(a), Some(k)) if &a.key == k => Some((&a.paid, a.receivable.as_ref())),
                // Before the workspace is read nothing can be made; what is kept is shown.
                (Some(a), None) => Some((&a.paid, a.receivable.as_ref())),
                (None, None) => Some((&NONE_PAID, None)),
                _ => None,
            };
            if money.is_none() {
                out.pay_load.insert(s.id.clone());
            }
            if money.is_some() && s.agenda.as_ref().is_some_and(|a| a.books_unread) {
                let name = gendan_domain::order::order_name(&s.customer_po, &s.style_no);
                out.books_unread.push((s.id.clone(), name.to_string()));
            }
            match s.report_facts() {
                Some(f) => {
                    // An order in development has no PO yet: its style names it, as on Today.
                    let name = gendan_domain::order::order_name(&s.customer_po, &s.style_no);
                    out.add(&s.id, name, &f, now, allowance);
                    if let Some((paid, receivable)) = money {
                        f.add_payments_to(&mut out.kpi, paid, now);
                        out.add_receivable(&s.id, &s.customer_po, &f.customer, receivable);
                    }
                }
                None => {
                    out.load.insert(s.id.clone());
                    if let Some((paid, receivable)) =
                        money.filter(|(p, r)| !p.is_empty() || r.is_some())
                    {
                        out.kept
                            .insert(s.id.clone(), (paid.clone(), receivable.cloned()));
                    }
                }
            }
        }
        out
    }

    /// The KPIs and delay reports on `now`: [`Repo::reports_from_index`], then the orders it
    /// could not answer for read from their documents (with their books), and what they gave
    /// kept in their summaries, even when `going` says the screen was left meanwhile (the next
    /// visit loads fewer orders). `going` is asked after each batch; `false` stops the reading.
    pub(crate) async fn gather_reports(
        &self,
        now: Day,
        allowance: (u32, u32),
        going: impl Fn() -> bool,
    ) -> ReportsFromIndex {
        let mut index = self.reports_from_index(now, allowance);
        if index.load.is_empty() && index.pay_load.is_empty() {
            return index;
        }
        let wanted: BTreeSet<String> = index.load.union(&index.pay_load).cloned().collect();
        let seen = self.summaries_seen(&wanted);
        let (mut facts, mut agendas) = (Vec::new(), Vec::new());
        self.scan_orders(
            |s| wanted.contains(&s.id),
            async |_, _| {
                crate::platform::yield_now().await;
                going()
            },
            |id, o, c| {
                let (f, a) = index.visit(id, o, c, now, allowance);
                if let Some(seen) = seen.get(id) {
                    facts.extend(f.map(|f| (id.to_string(), *seen, f)));
                    agendas.extend(a.map(|a| (id.to_string(), *seen, a)));
                }
            },
        )
        .await;
        if let Err(e) = self.keep_report_facts(facts).await {
            crate::platform::warn(&format!("cannot keep the reports' facts: {e}"));
        }
        if let Err(e) = self.keep_agendas(agendas).await {
            crate::platform::warn(&format!("cannot keep the orders' agendas: {e}"));
        }
        index
    }

    /// Keeps the facts Reports made from the documents it loaded (see
    /// [`Repo::keep_in_summaries`]).
    pub(crate) async fn keep_report_facts(
        &self,
        made: Vec<(String, f64, ReportFacts)>,
    ) -> Result<(), StoreError> {
        let made = made
            .into_iter()
            .filter_map(|(id, seen, facts)| Some((id, seen, KeptJson::of(&facts)?)))
            .collect();
        self.keep_in_summaries(made, |s| &mut s.report).await
    }
}

static NONE_PAID: Vec<PaidFact> = Vec::new();
