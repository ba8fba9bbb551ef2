//! Loading a shipment at the factory gate: "loaded N / M cartons", and cartons ticked by a typed
//! number or range (`17`, `1-40`) or, where the browser has `BarcodeDetector`, by scanning the
//! code the shipping marks print (`PO/carton`, see `gendan_domain::loading`). Everything is an
//! edit of the order on this device, so it works with no network and merges with other devices
//! ticking other cartons.

use std::rc::Rc;

use gendan_domain::loading::{self, CartonRange, LoadRefusal};
use gendan_domain::shipment::Shipment;
use gendan_domain::DomainError;
use leptos::prelude::*;

use crate::pages::action::Submit;

use super::super::ctx::{who, OrderCtx, OrderEdit};
use crate::components::carton_scanner::CartonScanner;
use crate::components::text_input::unique_id;
use crate::i18n::{count, fill, issue_text, use_i18n, Lang, K};
use crate::listing::fmt_int;
use crate::platform;

/// A refusal in words.
fn refusal_text(lang: Lang, e: &LoadRefusal) -> String {
    let n = |v: u64| fmt_int(v);
    match e {
        LoadRefusal::Unreadable(issue) => fill(
            K::ErrLoadNumber.text(lang),
            &[("why", &issue_text(lang, issue))],
        ),
        LoadRefusal::Backwards { from, to } => fill(
            K::ErrLoadBackwards.text(lang),
            &[("from", &from.to_string()), ("to", &to.to_string())],
        ),
        LoadRefusal::OtherOrder { po } => fill(K::ErrLoadOtherOrder.text(lang), &[("po", po)]),
        LoadRefusal::NotOnList { first, count: 1 } => fill(
            K::ErrLoadNotOnListOne.text(lang),
            &[("first", &first.to_string())],
        ),
        LoadRefusal::NotOnList { first, count } => fill(
            K::ErrLoadNotOnListMany.text(lang),
            &[("first", &first.to_string()), ("count", &n(*count))],
        ),
        LoadRefusal::AlreadyLoaded { first } => fill(
            K::ErrLoadAlready.text(lang),
            &[("first", &first.to_string())],
        ),
    }
}

/// Cartons not loaded, as ranges, the first few of them: "5–20, 23, 30–46 …".
fn ranges_text(ranges: &[(u32, u32)]) -> String {
    let mut parts: Vec<String> = ranges
        .iter()
        .take(8)
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect();
    if ranges.len() > 8 {
        parts.push("…".into());
    }
    parts.join(", ")
}

#[component]
pub fn CartonLoading(
    ctx: OrderCtx,
    sid: StoredValue<String>,
    edit: Submit<OrderEdit>,
) -> impl IntoView {
    let i18n = use_i18n();
    let entry = RwSignal::new(String::new());
    let said = RwSignal::new(String::new());
    let refused = RwSignal::new(None::<String>);
    let shipment = move || {
        ctx.order
            .with(|o| o.shipments.get(&sid.get_value()).cloned())
    };
    let progress = Memo::new(move |_| {
        ctx.order.with(|o| {
            o.shipments
                .get(&sid.get_value())
                .map(Shipment::loading)
                .unwrap_or_default()
        })
    });
    // Reads the text against the shipment as shown, says the outcome, and commits the tick (or
    // the untick); ticking again what a merge ticked meanwhile changes nothing.
    let apply = move |text: String, untick: bool| {
        let lang = i18n.0.get_untracked();
        let po = ctx.order.with_untracked(|o| o.customer_po.clone());
        let Some(mut s) = ctx
            .order
            .with_untracked(|o| o.shipments.get(&sid.get_value()).cloned())
        else {
            return;
        };
        let r: CartonRange = match loading::parse(&text, &po) {
            Ok(r) => r,
            Err(e) => {
                said.set(String::new());
                refused.set(Some(refusal_text(lang, &e)));
                return;
            }
        };
        if untick {
            let gone = (r.from..=r.to).filter(|n| s.is_loaded(*n)).count();
            if gone == 0 {
                refused.set(Some(K::LoadNoneUnticked.text(lang).to_string()));
                return;
            }
            said.set(fill(
                K::LoadUntickedMany.text(lang),
                &[("n", &gone.to_string())],
            ));
        } else {
            match s.load(r, "", 0) {
                Ok(t) => {
                    let mut text =
                        count(lang, (K::LoadTickedOne, K::LoadTickedMany), t.new as usize);
                    if t.already > 0 {
                        text.push(' ');
                        text.push_str(&fill(
                            K::LoadAlreadySome.text(lang),
                            &[("n", &fmt_int(t.already))],
                        ));
                    }
                    said.set(text);
                }
                Err(e) => {
                    said.set(String::new());
                    refused.set(Some(refusal_text(lang, &e)));
                    return;
                }
            }
        }
        refused.set(None);
        entry.set(String::new());
        let (id, by, now) = (sid.get_value(), who(), platform::now_ms() as i64);
        edit.dispatch(Rc::new(move |o| {
            let s = o
                .shipments
                .get_mut(&id)
                .ok_or_else(|| DomainError::not_found("shipment", &id))?;
            if untick {
                (r.from..=r.to).for_each(|n| {
                    s.unload(n);
                });
            } else {
                // Refused only when a merge took the cartons off the list or loaded them since.
                let _ = s.load(r, &by, now);
            }
            Ok(())
        }));
    };
    let tick = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        apply(entry.get_untracked(), false);
    };
    let scanned = Callback::new(move |code: String| apply(code, false));
    let eid = unique_id("load-entry");
    let count_text = move || {
        let p = progress.get();
        fill(
            i18n.t(K::LoadedCount),
            &[("n", &fmt_int(p.loaded)), ("total", &fmt_int(p.total))],
        )
    };
    let left = move || {
        let rest = shipment().map(|s| s.not_loaded()).unwrap_or_default();
        if progress.get().total == 0 {
            String::new()
        } else if rest.is_empty() {
            i18n.t(K::LoadAllDone).to_string()
        } else {
            fill(i18n.t(K::LoadNotYet), &[("list", &ranges_text(&rest))])
        }
    };
    view! {
        <div class="loading" data-testid="loading">
            <h5>{move || i18n.t(K::LoadingTitle)}</h5>
            <p class="loaded-count" data-testid="loaded-count"
                data-loaded=move || progress.get().loaded data-total=move || progress.get().total>{count_text}</p>
            <form class="load-entry" on:submit=tick novalidate>
                <label for=eid.clone()>{move || i18n.t(K::LoadEntry)}</label>
                <div class="row">
                    <input id=eid data-testid="load-entry" autocomplete="off" prop:value=entry
                        on:input=move |ev| entry.set(event_target_value(&ev))/>
                    <button type="submit" data-testid="load-tick">{move || i18n.t(K::LoadTick)}</button>
                    <button type="button" data-testid="load-untick"
                        on:click=move |_| apply(entry.get_untracked(), true)>{move || i18n.t(K::LoadUntick)}</button>
                </div>
            </form>
            <CartonScanner on_code=scanned/>
            <p class="muted" role="status" data-testid="load-said">{move || said.get()}</p>
            <p class="error-text" role="alert" data-testid="load-error">{move || refused.get().unwrap_or_default()}</p>
            <p class="muted" data-testid="not-loaded">{left}</p>
        </div>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;

    #[wasm_bindgen_test::wasm_bindgen_test]
    fn refusals_are_worded_in_both_languages_and_ranges_shortened() {
        let e = LoadRefusal::NotOnList {
            first: 47,
            count: 3,
        };
        assert_eq!(
            refusal_text(Lang::En, &e),
            "3 cartons from no. 47 are not on this shipment's packing list"
        );
        let one = LoadRefusal::NotOnList {
            first: 47,
            count: 1,
        };
        assert_eq!(refusal_text(Lang::Zh, &one), "箱号 47 不在本批装箱单上");
        for lang in [Lang::En, Lang::Zh] {
            for e in [
                LoadRefusal::Unreadable(gendan_domain::order::Issue::NotPositive),
                LoadRefusal::Backwards { from: 40, to: 1 },
                LoadRefusal::OtherOrder { po: "PO-9".into() },
                LoadRefusal::AlreadyLoaded { first: 3 },
            ] {
                let t = refusal_text(lang, &e);
                assert!(!t.contains('{') && !t.is_empty(), "{t}");
            }
        }
        let r: Vec<(u32, u32)> = (0..10).map(|i| (i * 3 + 1, i * 3 + 2)).collect();
        assert_eq!(ranges_text(&r[..2]), "1–2, 4–5");
        assert!(ranges_text(&r).ends_with(", …"));
        assert_eq!(ranges_text(&[(7, 7)]), "7");
    }
}
