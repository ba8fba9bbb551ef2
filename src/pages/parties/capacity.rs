//! 产能 where a merchandiser weighs a factory: on its row, what it sews a day against the
//! pieces its open orders still have to sew by their ex-factory dates (read from the order
//! summaries, `gendan_domain::capacity`); and, for the order screen, whether adding one more
//! order breaks it.

use gendan_domain::capacity::{self, Booking, Load};
use gendan_domain::Day;
use leptos::prelude::*;

use super::Ws;
use crate::i18n::{fill, use_i18n, Lang, K};
use crate::pages::order::ctx::day_text;
use crate::platform;
use crate::state::store::use_store;
use crate::storage::repo::Summary;

/// The bookings at `factory` the summaries hold, leaving out the order `except` (the one being
/// weighed, counted by its caller as it stands on screen).
pub(crate) fn bookings(summaries: &[Summary], factory: &str, except: Option<&str>) -> Vec<Booking> {
    summaries
        .iter()
        .filter(|s| s.factory.trim() == factory && Some(s.id.as_str()) != except)
        .filter_map(|s| {
            let due = s.ex_factory.as_deref()?.parse::<Day>().ok()?;
            let pieces = s.booked.filter(|p| *p > 0)?;
            Some(Booking { pieces, due })
        })
        .collect()
}

/// An overbooking in words: the pieces due by a day against what can be sewn by then.
pub(crate) fn over_words(lang: Lang, key: K, name: &str, over: &capacity::Over) -> String {
    fill(
        key.text(lang),
        &[
            ("name", name),
            ("due", &over.due.to_string()),
            ("by", &day_text(Some(over.by))),
            ("can", &over.can.to_string()),
        ],
    )
}

fn load_words(lang: Lang, per_day: u64, load: &Load) -> String {
    let per = per_day.to_string();
    let pieces = load.pieces.to_string();
    match (&load.over, load.last_due) {
        (Some(o), _) => fill(
            K::CapacityOver.text(lang),
            &[
                ("per_day", &per),
                ("pieces", &pieces),
                ("due", &o.due.to_string()),
                ("by", &day_text(Some(o.by))),
                ("can", &o.can.to_string()),
            ],
        ),
        (None, Some(last)) => fill(
            K::CapacityFits.text(lang),
            &[
                ("per_day", &per),
                ("pieces", &pieces),
                ("last", &day_text(Some(last))),
            ],
        ),
        (None, None) => fill(K::CapacityFree.text(lang), &[("per_day", &per)]),
    }
}

/// The factory's load on its row, when its capacity is known.
#[component]
pub(super) fn PartyLoad(ws: Ws, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let id = StoredValue::new(id);
    let said = move || {
        let per_day = ws.with(|w| w.parties.get(&id.get_value())?.daily_capacity)?;
        let load = store.summaries.with(|all| {
            let b = bookings(all, &id.get_value(), None);
            capacity::load(per_day, platform::today(), &b)
        });
        Some((
            load.over.is_some(),
            load_words(i18n.0.get(), per_day, &load),
        ))
    };
    move || {
        said().map(|(over, text)| {
            view! { <p class="small" class:error-text=over class:muted=!over data-testid="party-load" data-over=over.to_string()>{text}</p> }
        })
    }
}

#[cfg(test)]
mod tests {
    //! A factory's capacity typed on the parties screen, read strictly, and its load on its row
    //! from the orders booked there.
    use super::super::PartiesPage;
    use crate::i18n::I18n;
    use crate::screen_tests::{choose, click, mount, text_of, type_into, until, value_of};
    use crate::storage::agenda_tests::author;
    use crate::storage::Repo;
    use leptos::prelude::*;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_capacity_is_read_strictly_and_the_row_weighs_the_orders_booked() {
        let name = format!("gendan-test-capacity-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let app = Owner::new();
        app.with(|| {
            provide_context(I18n(RwSignal::new(crate::i18n::Lang::En)));
            crate::state::store::provide_store().opened(repo.clone());
        });
        let screen = mount(&app, || view! { <PartiesPage/> });
        choose("party-kind", "factory");
        // Asked of a party that sews only, once the kind says so.
        until(|| value_of("party-capacity").is_some()).await;
        type_into("party-name", "Wuxi Knit");
        type_into("party-capacity", "12.5");
        click("party-add");
        until(|| text_of("party-capacity-err").is_some_and(|t| !t.is_empty())).await;
        let ws = repo.workspace_value().expect("workspace");
        assert!(
            ws.parties.is_empty(),
            "half a piece a day is refused, nothing added"
        );

        type_into("party-capacity", "1,200");
        click("party-add");
        until(|| text_of("party-load").is_some()).await;
        let ws = repo.workspace_value().expect("workspace");
        let (fid, f) = ws.parties.iter().next().expect("added");
        assert_eq!(f.daily_capacity, Some(1200), "1,200 is twelve hundred");
        assert!(text_of("party-load")
            .unwrap_or_default()
            .contains("nothing booked"));

        // An order in production there, 10 pieces due yesterday: no day is left to sew them.
        let mut o = crate::storage::tests::order("PO-LATE");
        o.status = gendan_domain::OrderStatus::InProduction;
        o.factory = Some(fid.clone());
        o.ex_factory = crate::platform::today().add_days(-1);
        repo.create_order(&o).await.expect("created");
        app.with(|| crate::state::store::use_store().refresh());
        until(|| text_of("party-load").is_some_and(|t| t.contains("only 0"))).await;
        screen.leave();
    }
}
