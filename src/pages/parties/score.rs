//! 供应商评估: what the team's orders say of each party — a supplier's POs on time, its
//! deliveries rejected at incoming inspection and whether it was paid on time, a factory's
//! deliveries on time, first passes and complaints — beside its name, from the same KPIs
//! Reports draws (by factory), so a merchandiser weighing a supplier sees its record where the
//! supplier is kept.

use std::collections::BTreeMap;

use gendan_domain::reports::Kpis;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::use_i18n;
use crate::pages::reports::{allowance_of, Metric};
use crate::platform;
use crate::state::store::use_store;

/// The KPIs by party id, once gathered (`None` meanwhile).
#[derive(Clone, Copy)]
pub(super) struct Scores(RwSignal<Option<BTreeMap<String, Kpis>>>);

/// Gathers the KPIs by party for the parties screen, in the background (the index first; orders
/// it cannot answer for are read as Reports reads them).
pub(super) fn provide_scores() {
    let store = use_store();
    let scores = Scores(RwSignal::new(None));
    provide_context(scores);
    let today = platform::today();
    spawn_local(async move {
        let Some(repo) = store.repo() else { return };
        let allowance = allowance_of(repo.workspace_value().ok().as_ref());
        let gathered = repo
            .gather_reports(today, allowance, || {
                scores.0.try_with_untracked(|_| ()).is_some()
            })
            .await;
        let _ = scores.0.try_set(Some(gathered.kpi.by_factory));
    });
}

/// What `k` says, metric by metric, leaving out what nothing was counted for.
pub(super) fn score_text(k: &Kpis, label: impl Fn(Metric) -> String) -> Vec<String> {
    Metric::ALL
        .into_iter()
        .filter(|m| match m.ratio(k) {
            Some(r) => r.den > 0,
            None => k.complaints > 0,
        })
        .map(|m| format!("{}: {}", label(m), m.text(k)))
        .collect()
}

/// One party's record, when the orders say anything of it.
#[component]
pub(super) fn PartyScore(id: String) -> impl IntoView {
    let i18n = use_i18n();
    let scores = use_context::<Scores>();
    let said = move || {
        let lang = i18n.0.get();
        scores?.0.with(|s| {
            let k = s.as_ref()?.get(&id)?;
            let parts = score_text(k, |m| m.key().text(lang).to_string());
            (!parts.is_empty()).then(|| parts.join(" · "))
        })
    };
    move || {
        said().map(|text| view! { <div class="small wrap party-score" data-testid="party-score">{text}</div> })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gendan_domain::reports::Ratio;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_score_names_only_what_was_counted() {
        let k = Kpis {
            po_on_time: Ratio { num: 3, den: 4 },
            deliveries_rejected: Ratio { num: 1, den: 5 },
            ..Kpis::default()
        };
        let said = score_text(&k, |m| m.code().to_string());
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(
            said[0].starts_with("po-on-time: ") && said[0].ends_with("(3/4)"),
            "{said:?}"
        );
        assert!(
            said[1].starts_with("deliveries-rejected: ") && said[1].ends_with("(1/5)"),
            "{said:?}"
        );
        assert!(score_text(&Kpis::default(), |m| m.code().to_string()).is_empty());
    }
}
