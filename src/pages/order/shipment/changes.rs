//! A shipment that has left: the reason its cartons, pieces or shipped date change (asked once on
//! the card, used by every form of it), a change made on a device that did not yet know it had
//! left (said until accepted with a reason), and its log of changes since it left. The rule and
//! the log are the domain's (`gendan_domain::shipment::changes`); here they are asked and shown.

use std::rc::Rc;

use gendan_domain::order::Order;
use gendan_domain::shipment::changes::{self, ChangeNote, Delta, ShipChange};
use gendan_domain::Day;
use leptos::prelude::*;

use crate::pages::action::Submit;

use super::super::ctx::{who, OrderCtx, OrderEdit};
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, I18n, K};
use crate::platform;

/// What one change to a shipment is logged with: a new record id, who, today and the reason
/// typed. Owned, so the edit that uses it can be run again.
#[derive(Clone)]
pub(super) struct Said {
    id: String,
    who: String,
    day: Day,
    reason: String,
}

impl Said {
    pub(super) fn note(&self) -> ChangeNote<'_> {
        ChangeNote {
            id: &self.id,
            who: &self.who,
            day: self.day,
            reason: &self.reason,
        }
    }
}

/// What a change to shipment `sid` is logged with; `None`, said on `error`, when the shipment
/// has left and no reason is typed — asked before anything is sent, so a form keeps what was
/// typed. The domain refuses it as well.
pub(super) fn said(
    ctx: OrderCtx,
    sid: StoredValue<String>,
    reason: RwSignal<String>,
    error: RwSignal<Option<String>>,
    i18n: I18n,
) -> Option<Said> {
    let left = ctx
        .order
        .with_untracked(|o| left_on(o, &sid.get_value()).is_some());
    let reason = reason.get_untracked();
    if left && reason.trim().is_empty() {
        error.set(Some(i18n.t(K::ShipChangeNeedsReason).to_string()));
        return None;
    }
    Some(Said {
        id: platform::new_record_id(),
        who: who(),
        day: platform::today(),
        reason,
    })
}

fn left_on(o: &Order, sid: &str) -> Option<Day> {
    o.shipments.get(sid).and_then(|s| s.shipped_on)
}

/// `"{colour}:{size}"` in words: "Black M".
fn cell_name(o: &Order, key: &str) -> String {
    let q = &o.quantities;
    let (c, s) = key.split_once(':').unwrap_or((key, ""));
    let name = |map: &gendan_domain::RecordMap<gendan_domain::order::Line>, id: &str| {
        map.get(id)
            .map_or_else(|| "?".to_string(), |l| l.name.clone())
    };
    format!("{} {}", name(&q.colours, c), name(&q.sizes, s))
}

/// Pieces per cell and cartons, before → after: "Black M 480 → 360 · cartons 30 → 25".
fn deltas_text(
    i18n: I18n,
    o: &Order,
    cells: &gendan_domain::RecordMap<Delta>,
    cartons: Delta,
) -> Vec<String> {
    let mut out: Vec<String> = cells
        .iter()
        .map(|(k, d)| format!("{} {} → {}", cell_name(o, k), d.before, d.after))
        .collect();
    if cartons.before != cartons.after {
        out.push(fill(
            i18n.t(K::ShipChangeCartons),
            &[
                ("before", &cartons.before.to_string()),
                ("after", &cartons.after.to_string()),
            ],
        ));
    }
    out
}

/// One logged change in words: what, then what changed before → after.
fn change_text(i18n: I18n, o: &Order, c: &ShipChange) -> String {
    let what = crate::i18n::ship_change_what(i18n.0.get(), &c.kind, c.shipped_on, c.redated_to);
    let range = |l: &Option<gendan_domain::packing::CartonLine>| {
        l.as_ref()
            .map_or_else(|| "—".to_string(), |l| format!("{}–{}", l.from, l.to))
    };
    let mut parts = vec![what];
    if c.line_before.is_some() || c.line_after.is_some() {
        parts.push(format!(
            "{} → {}",
            range(&c.line_before),
            range(&c.line_after)
        ));
    }
    parts.extend(deltas_text(i18n, o, &c.cells, c.cartons));
    parts.join(" · ")
}

/// On a shipment that has left: the note that it is locked, the reason every form of the card
/// uses, and a change nobody gave a reason for, with the button that accepts it.
#[component]
pub fn ShipChangeReason(
    ctx: OrderCtx,
    sid: StoredValue<String>,
    reason: RwSignal<String>,
    error: RwSignal<Option<String>>,
    edit: Submit<OrderEdit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let left = move || ctx.order.with(|o| left_on(o, &sid.get_value()));
    let unlogged = move || {
        ctx.order.with(|o| {
            let d = o
                .shipments
                .get(&sid.get_value())
                .and_then(changes::unlogged)?;
            let mut parts = deltas_text(i18n, o, &d.cells, d.cartons);
            if parts.is_empty() {
                let n = d.lines.len().to_string();
                parts.push(fill(i18n.t(K::ShipUnloggedLines), &[("n", &n)]));
            }
            Some(parts.join(", "))
        })
    };
    let late = move || {
        ctx.order.with(|o| {
            let l = o.shipments.get(&sid.get_value())?.late_entry.clone()?;
            let day = l.recorded.map(|d| d.to_string()).unwrap_or_default();
            Some(fill(
                i18n.t(K::ShipmentEnteredLate),
                &[("day", &day), ("who", &l.who), ("why", &l.reason)],
            ))
        })
    };
    let accept = move |_| {
        let Some(note) = said(ctx, sid, reason, error, i18n) else {
            return;
        };
        let id = sid.get_value();
        edit.dispatch(Rc::new(move |o| {
            changes::accept_unlogged(o, &id, &note.note())
        }));
    };
    view! {
        <Show when=move || left().is_some()>
            <div class="ship-locked" data-testid="ship-locked">
                <p class="muted">{move || fill(i18n.t(K::ShipChangeLocked), &[("day", &left().map(|d| d.to_string()).unwrap_or_default())])}</p>
                {move || late().map(|t| view! { <p class="small warn-note" data-testid="ship-late-entry">{t}</p> })}
                <TextInput label=K::ShipChangeReason value=reason testid="ship-change-reason" factory_reads=true/>
                {move || unlogged().map(|list| view! {
                    <p class="warning" data-testid="ship-unlogged">{fill(i18n.t(K::ShipUnlogged), &[("list", &list)])}</p>
                    <button type="button" class="warn" data-testid="ship-accept-unlogged" on:click=accept>{move || i18n.t(K::ShipAcceptUnlogged)}</button>
                })}
            </div>
        </Show>
    }
}

/// The shipment's changes since it left, oldest first, each with the day, who, what changed
/// before → after, and why.
#[component]
pub fn ShipChangeLog(ctx: OrderCtx, sid: StoredValue<String>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = move || {
        ctx.order.with(|o| {
            o.shipments
                .get(&sid.get_value())
                .map(|s| {
                    s.changes_in_order()
                        .into_iter()
                        .map(|(k, c)| {
                            let when = c.day.map(|d| d.to_string()).unwrap_or_default();
                            let why = fill(i18n.t(K::ShipChangeWhy), &[("reason", &c.reason)]);
                            let head = format!("{when} · {}", c.who);
                            (k.clone(), head, change_text(i18n, o, c), why)
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    view! {
        <Show when=move || !rows().is_empty()>
            <h5>{move || i18n.t(K::ShipChangesTitle)}</h5>
            <ul class="ship-changes" data-testid="ship-changes">
                {move || rows().into_iter().map(|(k, head, what, why)| view! {
                    <li data-testid="ship-change" data-id=k>
                        <span class="muted">{head}</span>" · "<span>{what}</span>
                        <div class="muted">{why}</div>
                    </li>
                }).collect_view()}
            </ul>
        </Show>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    //! A shipment that has left, on its card: a carton line removed with no reason is refused in
    //! words and kept; with a reason it goes, logged with the reason. A change a device made
    //! without knowing the shipment had left is said until accepted with a reason.
    use super::*;
    use crate::components::fold::OpenRow;
    use crate::i18n::Lang;
    use crate::screen_tests::{click, loaded_order, mount, text_of, type_into, until, Screen};
    use crate::storage::agenda_tests::author;
    use crate::storage::tests::order;
    use crate::storage::Repo;
    use gendan_domain::packing::{self, CartonLine};
    use gendan_domain::shipment::Shipment;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    /// `from`–`to` cartons of 5 Red S.
    fn line(from: u32, to: u32) -> CartonLine {
        CartonLine {
            from,
            to,
            per_carton: packing::solid("c", "s", 5),
            length_mm: 600,
            width_mm: 400,
            height_mm: 300,
            ..CartonLine::default()
        }
    }

    /// A stored order `po` (moved to `status`, if one is given) whose shipment "s1" carrying
    /// `lines` left on 2026-06-01, with its card open on the page.
    async fn shipped_card(
        po: &str,
        lines: &[(u32, u32)],
        status: Option<gendan_domain::OrderStatus>,
    ) -> (Repo, String, OrderCtx, Screen<impl Mountable>) {
        let app = Owner::new();
        let name = format!("gendan-test-ship-{po}-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let id = repo.create_order(&order(po)).await.expect("created");
        let lines = lines.to_vec();
        repo.edit_order(&id, move |o| {
            let mut s = Shipment::default();
            for (i, (from, to)) in lines.iter().enumerate() {
                s.carton_lines
                    .insert(format!("l{}", i + 1), line(*from, *to));
            }
            changes::mark_shipped(&mut s, "2026-06-01".parse().expect("a day"));
            o.shipments.insert("s1".into(), s);
            if let Some(status) = status {
                o.status = status;
            }
            Ok(())
        })
        .await
        .expect("shipped");
        let ctx = loaded_order(&app, &repo, &id).await;
        let open: OpenRow = app.with(|| RwSignal::new(Some("s1".to_string())));
        let screen = mount(&app, move || {
            view! { <super::super::card::ShipmentCard ctx=ctx id="s1".to_string() open=open/> }
        });
        (repo, id, ctx, screen)
    }

    #[wasm_bindgen_test]
    async fn a_shipment_that_left_changes_only_with_a_reason_and_shows_its_log() {
        let (repo, id, ctx, screen) = shipped_card("PO-LOCK", &[(1, 2), (3, 3)], None).await;
        // Whether the line starting at carton `from` is listed.
        let shown = |from: u32| {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    let q = format!("[data-testid=carton-line][data-from=\"{from}\"]");
                    d.query_selector(&q).ok().flatten()
                })
                .is_some()
        };
        until(|| text_of("ship-locked").is_some()).await;
        assert!(text_of("ship-locked").is_some_and(|t| t.contains("2026-06-01")));
        assert!(shown(1) && shown(3));

        click("carton-remove");
        until(|| text_of("shipment-error").is_some()).await;
        assert_eq!(
            text_of("shipment-error").as_deref(),
            Some(K::ShipChangeNeedsReason.text(Lang::En))
        );
        assert!(shown(1) && shown(3), "kept");
        assert_eq!(text_of("ship-changes"), None, "nothing logged");

        type_into("ship-change-reason", "two cartons stayed behind");
        click("carton-remove");
        until(|| !shown(1)).await;
        assert!(!shown(1) && shown(3));
        until(|| text_of("ship-changes").is_some()).await;
        let log = text_of("ship-changes").expect("logged");
        assert!(
            log.contains("Cartons removed")
                && log.contains("1–2 → —")
                && log.contains("Red S 15 → 5")
                && log.contains("two cartons stayed behind"),
            "{log}"
        );
        let saved = repo.order(&id).await.expect("reads");
        assert_eq!(saved.shipments["s1"].changes.len(), 1);

        // A device that did not know it had left drops the other line: said, then accepted.
        repo.edit_order(&id, |o| {
            if let Some(s) = o.shipments.get_mut("s1") {
                s.carton_lines.clear();
            }
            Ok(())
        })
        .await
        .expect("edited elsewhere");
        ctx.load().await.expect("the order loads");
        until(|| text_of("ship-unlogged").is_some()).await;
        let said = text_of("ship-unlogged").expect("said");
        assert!(said.contains("Red S 5 → 0"), "{said}");
        assert!(text_of("ship-sum-unlogged").is_some());
        click("ship-accept-unlogged");
        until(|| text_of("shipment-error").is_some()).await;
        assert_eq!(
            text_of("shipment-error").as_deref(),
            Some(K::ShipChangeNeedsReason.text(Lang::En)),
            "the reason was used by the last change"
        );
        type_into("ship-change-reason", "last carton went by air");
        click("ship-accept-unlogged");
        until(|| text_of("ship-unlogged").is_none()).await;
        assert_eq!(text_of("ship-unlogged"), None);
        assert_eq!(text_of("ship-sum-unlogged"), None);
        let log = text_of("ship-changes").expect("logged");
        assert!(log.contains("last carton went by air"), "{log}");
        screen.leave();
    }

    /// On-time delivery is judged on the shipped day: moving it on the form is refused in words
    /// without a reason, keeps the day, and with one is saved and logged with the day it had.
    #[wasm_bindgen_test]
    async fn a_shipped_day_moves_only_with_a_reason_logged() {
        let status = Some(gendan_domain::OrderStatus::Shipped);
        let (repo, id, _, screen) = shipped_card("PO-REDATE", &[(1, 2)], status).await;
        until(|| text_of("ship-locked").is_some()).await;
        type_into("s-shipped", "2026-05-28");
        click("s-save");
        until(|| text_of("shipment-error").is_some()).await;
        assert_eq!(
            text_of("shipment-error").as_deref(),
            Some(K::ShipChangeNeedsReason.text(Lang::En))
        );
        let saved = repo.order(&id).await.expect("reads");
        assert_eq!(
            saved.shipments["s1"].shipped_on,
            "2026-06-01".parse().ok(),
            "kept"
        );
        assert_eq!(text_of("ship-changes"), None, "nothing logged");

        type_into("ship-change-reason", "the B/L says 28 May");
        click("s-save");
        until(|| text_of("ship-changes").is_some()).await;
        let log = text_of("ship-changes").expect("logged");
        assert!(
            log.contains("Shipped date 2026-06-01 moved to 2026-05-28")
                && log.contains("the B/L says 28 May"),
            "{log}"
        );
        let saved = repo.order(&id).await.expect("reads");
        assert_eq!(saved.shipments["s1"].shipped_on, "2026-05-28".parse().ok());
        screen.leave();
    }

    /// A shipped day still to come is refused in words, with a reason or without, and the day
    /// the goods left is kept.
    #[wasm_bindgen_test]
    async fn a_shipped_day_still_to_come_is_refused() {
        let status = Some(gendan_domain::OrderStatus::Shipped);
        let (repo, id, _, screen) = shipped_card("PO-FUTURE", &[(1, 2)], status).await;
        until(|| text_of("ship-locked").is_some()).await;
        let ahead = crate::platform::today()
            .add_days(30)
            .expect("a day")
            .to_string();
        type_into("s-shipped", &ahead);
        type_into("ship-change-reason", "the vessel sails next month");
        click("s-save");
        until(|| text_of("shipment-error").is_some()).await;
        let said = text_of("shipment-error").expect("said");
        assert!(said.contains(K::ErrInFuture.text(Lang::En)), "{said}");
        let saved = repo.order(&id).await.expect("reads");
        assert_eq!(saved.shipments["s1"].shipped_on, "2026-06-01".parse().ok());
        assert_eq!(text_of("ship-changes"), None, "nothing logged");
        screen.leave();
    }
}
