//! The charges raised by hand outside any purchase order (其他费用), oldest first: to whom, what
//! for, who raised them and when, what is unpaid and the rule that pays them; a charge that
//! looks like another entered twice (a merge of two devices) is named, with "a charge of its
//! own"; a live charge can be voided with a reason. Under each live one that is not a twin, the
//! same payment requests and payment form as a PO's card (`purchasing/pay_requests.rs`,
//! `payment_form.rs`, for [`Charges::One`]): asked for, approved by someone other than who asked
//! and who raised it, and paid against the approved request. The rules are
//! `gendan_domain::other_charges` and `gendan_domain::pay_requests`; this screen only asks.

use gendan_domain::commercial::{Commercial, Payable};
use gendan_domain::Price;
use leptos::prelude::*;

use super::super::ctx::{day_text, who, OrderCtx};
use super::super::payment_form::{Charges, PaymentForm};
use super::super::purchasing::pay_requests::PayRequests;
use super::payable_form::charge_kind_key;
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::edit_action;

/// What may still be done with a charge.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Act {
    Void,
    Separate,
}

/// One charge as shown: its id, the record, its currency, what is unpaid, and the charge it
/// repeats (amount, who raised it, day).
struct Row {
    id: String,
    charge: Payable,
    currency: String,
    unpaid: Price,
    twin_of: Option<(String, String, String)>,
}

impl Row {
    /// All the row shows, as one key: the row is drawn again only when that changes, so the
    /// payment forms under a charge keep what is typed while anything else in the books changes.
    fn key(&self) -> String {
        format!(
            "{:?}",
            (
                &self.id,
                &self.charge,
                &self.currency,
                self.unpaid,
                &self.twin_of
            )
        )
    }
}

fn rows(c: &Commercial) -> Vec<Row> {
    let twins = c.charge_twins();
    c.other_charges()
        .into_iter()
        .map(|(id, p)| Row {
            id: id.clone(),
            charge: p.clone(),
            currency: c.payable_currency(id).to_string(),
            unpaid: c.payable_outstanding(id),
            twin_of: twins.get(id).and_then(|of| c.payables.get(of)).map(|o| {
                (
                    format!("{} {}", c.payable_currency(id), o.amount),
                    o.raised_by.clone(),
                    day_text(o.raised),
                )
            }),
        })
        .collect()
}

#[component]
pub fn OtherChargeList(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let act = edit_action(error, move |(id, act): (String, Act)| {
        let why = reason.get_untracked();
        let me = who();
        async move {
            let out = ctx
                .edit_commercial(move |c| match act {
                    Act::Void => c.void_charge(&id, &me, &why),
                    Act::Separate => c.mark_charge_separate(&id, &me, &why),
                })
                .await;
            // The list may be gone by the time the change is saved.
            if out.is_ok() {
                let _ = reason.try_set(String::new());
            }
            out
        }
    });
    let list = move || {
        ctx.commercial
            .with(|c| c.as_ref().map(rows).unwrap_or_default())
    };
    let button = move |id: String, a: Act, key: K, testid: &'static str| {
        view! {
            <button type="button" class="warn" data-testid=testid
                disabled=move || act.pending().get()
                on:click=move |_| { act.dispatch((id.clone(), a)); }>
                {move || i18n.t(key)}
            </button>
        }
    };
    let row = move |r: Row| {
        let p = r.charge;
        let lang = i18n.0.get_untracked();
        // One raised by hand names a party; one typed into the old form kept its typed name.
        let supplier = if p.by_hand {
            ctx.workspace
                .with_untracked(|w| crate::pages::parties::party_label(w, &p.supplier, lang))
        } else {
            p.supplier.clone()
        };
        let kind = charge_kind_key(&p.charge_kind)
            .map(|k| k.text(lang).to_string())
            .unwrap_or_else(|| p.charge_kind.code().to_string());
        let by = if p.raised_by.is_empty() {
            "—".to_string()
        } else {
            p.raised_by.clone()
        };
        let raised = fill(
            i18n.t(K::ChargeByHand),
            &[("who", &by), ("day", &day_text(p.raised)), ("kind", &kind)],
        );
        let said = format!(
            "{supplier} · {} {} · {} · {}",
            r.currency,
            p.amount,
            day_text(p.due),
            p.note
        );
        let live = p.voided.is_none();
        let state = match (&p.voided, &r.twin_of) {
            (Some(why), _) => {
                let why = why.clone();
                view! { <span class="bad">{move || fill(i18n.t(K::ChargeVoidedRow), &[("why", &why)])}</span> }.into_any()
            }
            (None, Some((amount, of, day))) => {
                let (amount, of, day) = (amount.clone(), of.clone(), day.clone());
                view! {
                    <span class="bad" data-testid="charge-twin">
                        {move || fill(i18n.t(K::ChargeTwin), &[("amount", &amount), ("who", &of), ("day", &day)])}
                    </span>" "
                    {button(r.id.clone(), Act::Separate, K::ChargeMarkSeparate, "charge-separate")}
                }
                .into_any()
            }
            (None, None) => {
                let rule = fill(i18n.t(K::ChargeRule), &[("who", &by)]);
                let unpaid = format!(" {} {}", r.currency, r.unpaid);
                view! {
                    <span>{move || i18n.t(K::Unpaid)}{unpaid}</span>" · "
                    <span class="muted" data-testid="charge-rule">{rule}</span>
                }
                .into_any()
            }
        };
        // Asked for, decided and paid here, like a PO's payable: a twin or a void is not.
        let pay = (live && r.twin_of.is_none()).then(|| {
            let charges = Charges::One(r.id.clone());
            view! {
                <div class="charge-pay" data-testid="charge-pay">
                    <PayRequests ctx=ctx charges=charges.clone()/>
                    <PaymentForm ctx=ctx charges=charges/>
                </div>
            }
        });
        let separate = p.separate.clone().map(|why| {
            view! { " · "<span class="muted">{move || fill(i18n.t(K::ChargeSeparate), &[("why", &why)])}</span> }
        });
        view! {
            <li data-testid="other-charge" data-voided=(!live).to_string() data-twin=r.twin_of.is_some().to_string()>
                <span class=if live { "" } else { "struck" }>{said}</span>" "
                <span class="muted" data-testid="charge-raised">{raised}</span>" "
                {state}
                {separate}
                {live.then(|| view! { " "{button(r.id.clone(), Act::Void, K::VoidRefund, "void-charge")} })}
                {pay}
            </li>
        }
    };
    view! {
        <Show when=move || !list().is_empty()>
            <ul class="log" data-testid="other-charges">
                <For each=list key=Row::key children=row/>
            </ul>
            <Show when=move || list().iter().any(|r| r.charge.voided.is_none())>
                <TextInput label=K::ChargeReason value=reason testid="charge-reason"/>
            </Show>
            <ActionError error=error testid="charge-error"/>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    //! Money's charges raised by hand over a real repo: a charge is raised to a party picked
    //! from the workspace, refused in words without what it is for, named with who raised it;
    //! the same invoice merged in from another device is named as a twin and owed once; a
    //! void needs a reason and keeps the charge in the books.
    use super::*;
    use crate::i18n::Lang;
    use crate::screen_tests::{
        child_attributes, choose, click, loaded_order, mount, text_of, type_into, until,
    };
    use crate::storage::agenda_tests::repo_with_order;
    use gendan_domain::workspace::{Party, PartyKind};
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    /// An order `po` in a repo named after `name` whose workspace knows a forwarder ("fwd",
    /// Kerry Logistics), loaded under a new app owner, with Li as this device's person.
    async fn money_as_li(name: &str, po: &str) -> (Owner, crate::storage::Repo, String, OrderCtx) {
        crate::prefs::set_user_name("Li");
        let app = Owner::new();
        let (repo, id) = repo_with_order(name, po).await;
        repo.edit_workspace(|w| {
            let fwd = Party {
                kind: PartyKind::Forwarder,
                name: "Kerry Logistics".into(),
                ..Party::default()
            };
            w.parties.insert("fwd".into(), fwd);
            Ok(())
        })
        .await
        .expect("a forwarder");
        let ctx = loaded_order(&app, &repo, &id).await;
        (app, repo, id, ctx)
    }

    #[wasm_bindgen_test]
    async fn a_charge_is_raised_to_a_party_named_as_by_hand_owed_once_and_voided_with_a_reason() {
        let before = crate::prefs::user_name();
        let (app, repo, id, ctx) = money_as_li("other-charges", "PO-CHARGE").await;
        let screen = mount(
            &app,
            move || view! { <super::super::MoneySection ctx=ctx/> },
        );

        choose("payable-supplier", "fwd");
        type_into("payable-amount", "800");
        click("add-payable");
        until(|| text_of("payable-error").is_some_and(|t| !t.is_empty())).await;
        assert_eq!(
            text_of("payable-error").as_deref(),
            Some("What it is for (invoice no.): Required")
        );
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert!(books.payables.is_empty(), "nothing written");

        type_into("payable-note", "INV-77 sea freight");
        click("add-payable");
        until(|| text_of("other-charge").is_some()).await;
        let row = text_of("other-charge").expect("listed");
        assert!(
            row.contains("Kerry Logistics") && row.contains("USD 800.00"),
            "{row}"
        );
        let raised = text_of("charge-raised").expect("named");
        assert!(
            raised.contains("raised by hand by Li") && raised.contains("Freight"),
            "{raised}"
        );
        let rule = text_of("charge-rule").expect("said");
        assert!(rule.contains("someone other than Li"), "{rule}");
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        let (_, p) = books.payables.iter().next().expect("one charge");
        assert!(p.by_hand && p.raised_by == "Li" && p.supplier == "fwd");

        // The same invoice, raised on another device a day later.
        repo.edit_commercial(&id, |c| {
            let mut again = c.payables.values().next().cloned().unwrap_or_default();
            again.raised_by = "Wang".into();
            again.raised = again.raised.and_then(|d| d.add_days(1));
            c.payables.insert("again".into(), again);
            Ok(())
        })
        .await
        .expect("merged");
        ctx.load().await.expect("reloads");
        until(|| text_of("charge-twin").is_some()).await;
        let twin = text_of("charge-twin").expect("named");
        assert!(
            twin.contains("USD 800.00") && twin.contains("by Li"),
            "{twin}"
        );
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert_eq!(
            books.payables_outstanding()["USD"],
            "800".parse().expect("an amount")
        );

        click("void-charge");
        until(|| text_of("charge-error").is_some_and(|t| !t.is_empty())).await;
        assert_eq!(
            text_of("charge-error").as_deref(),
            Some(K::ErrReasonRequired.text(Lang::En))
        );
        // The first void button is the oldest charge's: Li's.
        type_into("charge-reason", "entered twice");
        click("void-charge");
        until(|| text_of("other-charges").is_some_and(|t| t.contains("voided by"))).await;
        assert!(text_of("charge-twin").is_none(), "the other stands alone");
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert_eq!(
            books.payables_outstanding()["USD"],
            "800".parse().expect("an amount")
        );
        let voided: Vec<_> = books
            .payables
            .values()
            .filter_map(|p| p.voided.clone())
            .collect();
        assert_eq!(voided, vec!["Li — entered twice".to_string()]);

        screen.leave();
        crate::prefs::set_user_name(&before);
    }

    /// The `data-status` of the payment requests listed (under the one charge).
    fn request_statuses() -> Vec<String> {
        child_attributes("pay-requests", "data-status")
    }

    #[wasm_bindgen_test]
    async fn a_charge_raised_by_hand_is_asked_for_approved_by_someone_else_and_paid() {
        let before = crate::prefs::user_name();
        let (app, repo, id, ctx) = money_as_li("charge-paid", "PO-CHARGE-PAID").await;
        let screen = mount(
            &app,
            move || view! { <super::super::MoneySection ctx=ctx/> },
        );

        // Li raises a freight invoice and asks to pay all of it.
        choose("payable-supplier", "fwd");
        type_into("payable-amount", "800");
        type_into("payable-note", "INV-77 sea freight");
        click("add-payable");
        until(|| text_of("request-form").is_some()).await;
        assert!(
            text_of("payment-form").is_none(),
            "nothing is paid before a request is approved"
        );
        type_into("request-note", "INV-77");
        click("request-payment");
        until(|| request_statuses() == ["pending"]).await;

        // Li, who raised the charge and asked, is refused approving it, in words.
        click("approve-request");
        until(|| text_of("pay-request-error").is_some_and(|t| !t.is_empty())).await;
        assert_eq!(
            text_of("pay-request-error").as_deref(),
            Some(K::ErrOwnRequest.text(Lang::En))
        );
        assert_eq!(request_statuses(), ["pending"]);

        // Zhou approves it and pays it.
        crate::prefs::set_user_name("Zhou");
        click("approve-request");
        until(|| request_statuses() == ["approved"]).await;
        until(|| text_of("payment-form").is_some()).await;
        type_into("pay-amount", "800");
        click("record-payment");
        until(|| request_statuses() == ["paid"]).await;

        let row = text_of("other-charge").expect("listed");
        assert!(row.contains("unpaid USD 0.00"), "{row}");
        assert!(text_of("payment-form").is_none(), "nothing left to pay");
        assert!(text_of("request-form").is_none(), "nothing left to ask for");
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        let (charge, _) = books.other_charges()[0];
        assert_eq!(books.payable_outstanding(charge), Price::ZERO);
        let r = books.payment_requests.values().next().expect("one request");
        assert_eq!(
            (r.requested_by.as_str(), r.decided_by.as_deref()),
            ("Li", Some("Zhou"))
        );
        let paid = books.payments.values().next().expect("one payment");
        assert_eq!(paid.paid_by, "Zhou");

        screen.leave();
        crate::prefs::set_user_name(&before);
    }
}
