//! A PO's supplier standing on its card (合格供应商): when the supplier is suspended and the PO
//! still open, since when and why, and the decision it waits on — cancel it or close it short
//! with the card's own forms, or keep it with a reason (`gendan_domain::standing::keep_po`);
//! once kept, who kept it and why. A supplier on trial is named so.

use gendan_domain::standing::{self, By, Standing};
use leptos::prelude::*;

use super::super::ctx::{day_text, who, OrderCtx};
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::edit_action;
use crate::platform;
use crate::state::kept_input::kept_text;

/// What the card says of its supplier's standing.
#[derive(Clone, PartialEq)]
enum Said {
    /// Suspended on `day` for `reason`; this PO waits on a decision.
    Undecided {
        name: String,
        day: String,
        reason: String,
    },
    /// Kept open under this suspension.
    Kept {
        name: String,
        reason: String,
        who: String,
        day: String,
    },
    OnTrial {
        name: String,
    },
}

#[component]
pub fn SupplierStanding(
    ctx: OrderCtx,
    po_id: String,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reason = kept_text(&format!("po:{po_id}/keep-reason"), String::new);
    let id = StoredValue::new(po_id);
    let said = Memo::new(move |_| {
        let po = ctx
            .order
            .with(|o| o.purchase_orders.get(&id.get_value()).cloned())?;
        ctx.workspace.with(|w| {
            let p = w.parties.get(po.supplier.trim())?;
            let name = p.name.clone();
            if let Some((_, c)) = standing::undecided(&po, Some(p)) {
                return Some(Said::Undecided {
                    name,
                    day: day_text(c.day),
                    reason: c.reason.clone(),
                });
            }
            match (&po.kept_suspended, p.suspension()) {
                (Some(k), Some((sid, _))) if k.suspension == *sid && po.is_open() => {
                    Some(Said::Kept {
                        name,
                        reason: k.reason.clone(),
                        who: k.who.clone(),
                        day: day_text(k.day),
                    })
                }
                _ => (p.standing() == Standing::Trial && po.is_open())
                    .then_some(Said::OnTrial { name }),
            }
        })
    });
    let keep = edit_action(error, move |why: String| {
        let po = id.get_value();
        // The supplier as this device holds it at the moment of keeping, not as first drawn.
        let supplier = ctx
            .order
            .with_untracked(|o| o.purchase_orders.get(&po).map(|p| p.supplier.clone()))
            .and_then(|s| ctx.party_now(&s));
        let (author, change) = (who(), platform::new_record_id());
        ctx.edit(move |o| {
            let by = By {
                who: &author,
                today: platform::today(),
                reason: &why,
                change_id: &change,
            };
            standing::keep_po(o, &po, supplier.as_ref(), by)
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        keep.dispatch(reason.get_untracked());
    };
    move || {
        let lang = i18n.0.get();
        said.get().map(|s| match s {
            Said::Undecided { name, day, reason: why } => {
                let text = fill(
                    K::PoSupplierSuspended.text(lang),
                    &[("name", &name), ("day", &day), ("reason", &why)],
                );
                view! {
                    <div class="gate-note warn-note" data-testid="po-supplier-suspended">
                        <p>{text}</p>
                        <form class="inline-form" on:submit=submit novalidate>
                            <TextInput label=K::PoKeepReason value=reason testid="po-keep-reason"/>
                            <button type="submit" data-testid="po-keep">{K::PoKeep.text(lang)}</button>
                        </form>
                    </div>
                }
                .into_any()
            }
            Said::Kept { name, reason: why, who: by, day } => {
                let text = fill(
                    K::PoKeptSuspended.text(lang),
                    &[("name", &name), ("reason", &why), ("who", &by), ("day", &day)],
                );
                view! { <p class="muted small" data-testid="po-kept-suspended">{text}</p> }.into_any()
            }
            Said::OnTrial { name } => {
                let text = fill(K::PoSupplierOnTrial.text(lang), &[("name", &name)]);
                view! { <p class="muted small" data-testid="po-supplier-trial">{text}</p> }.into_any()
            }
        })
    }
}

#[cfg(test)]
mod tests {
    //! A PO open with a supplier suspended elsewhere: the card says why and keeps the PO only
    //! with a reason, then says who kept it.
    use super::*;
    use crate::components::action_error::ActionError;
    use crate::screen_tests::{click, loaded_order, mount, text_of, type_into, until};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_po_with_a_suspended_supplier_is_kept_only_with_a_reason() {
        let app = Owner::new();
        let (repo, id) = super::super::order_with_a_suspended_mill("po-suspended").await;
        let ctx = loaded_order(&app, &repo, &id).await;
        let error = app.with(|| RwSignal::new(None::<String>));
        let screen = mount(&app, move || {
            view! {
                <SupplierStanding ctx=ctx po_id="pq".to_string() error=error/>
                <ActionError error=error testid="po-card-error"/>
            }
        });
        until(|| text_of("po-supplier-suspended").is_some()).await;
        let said = text_of("po-supplier-suspended").unwrap_or_default();
        assert!(
            said.contains("Shaoxing Dyeing") && said.contains("three lots off shade"),
            "{said}"
        );
        click("po-keep");
        until(|| text_of("po-card-error").is_some_and(|t| !t.is_empty())).await;
        let kept = ctx
            .order
            .with_untracked(|o| o.purchase_orders["pq"].kept_suspended.clone());
        assert!(kept.is_none(), "not kept without a reason");
        type_into("po-keep-reason", "half the fabric is dyed");
        click("po-keep");
        until(|| text_of("po-kept-suspended").is_some()).await;
        let said = text_of("po-kept-suspended").unwrap_or_default();
        assert!(said.contains("half the fabric is dyed"), "{said}");
        assert!(text_of("po-supplier-suspended").is_none());
        let stored = repo.order(&id).await.expect("read");
        assert_eq!(
            stored.purchase_orders["pq"]
                .kept_suspended
                .as_ref()
                .map(|k| k.suspension.as_str()),
            Some("s1")
        );
        screen.leave();
    }
}
