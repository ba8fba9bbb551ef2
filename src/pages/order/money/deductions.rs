//! 客户扣款 on the money screen: what the buyer keeps back for the order's complaints, confirmed
//! and waiting, what merged deductions keep back beyond what the order owes, each deduction
//! ([`super::deduction_row`]) and the form that records one ([`super::deduction_form`]). The
//! complaints are the order's (`order/log/complaints.rs`); their money is the books', so it is
//! here and nowhere a factory reads. Drawn only when the order has a complaint.

use gendan_domain::commercial::Commercial;
use gendan_domain::deductions::{self, Deduction};
use gendan_domain::{Order, Price};
use leptos::prelude::*;

use super::super::ctx::{day_text, OrderCtx};
use super::deduction_form::DeductionForm;
use super::deduction_row::DeductionRow;
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, Lang, K};
use crate::listing::fmt_price;

/// How a complaint is named beside its money: the day it was opened and the start of what the
/// buyer said, so two complaints of one order tell apart on a phone.
pub(super) fn complaint_name(o: &Order, id: &str) -> String {
    let Some(c) = o.complaints.get(id) else {
        return "—".into();
    };
    let said: String = c.description.trim().chars().take(24).collect();
    let more = if c.description.trim().chars().count() > 24 {
        "…"
    } else {
        ""
    };
    match day_text(c.opened) {
        day if day.is_empty() => format!("{said}{more}"),
        day => format!("{day} {said}{more}"),
    }
}

/// The order's complaints to choose from, newest first (the one a debit note answers is
/// usually the last), each with its name.
pub(super) fn complaint_choices(o: &Order) -> Vec<(String, String)> {
    let mut all: Vec<_> = o
        .complaints
        .iter()
        .map(|(id, c)| (c.opened, id.clone(), complaint_name(o, id)))
        .collect();
    all.sort_by(|a, b| b.cmp(a));
    all.into_iter().map(|(_, id, name)| (id, name)).collect()
}

/// What a select holds: what was chosen, else its first choice (what it shows first while
/// nothing was picked).
pub(super) fn chosen_or_first(
    chosen: String,
    first: impl FnOnce() -> Option<String>,
) -> Option<String> {
    if chosen.is_empty() {
        first()
    } else {
        Some(chosen)
    }
}

/// "Kept back USD 200.00 · waiting to be confirmed USD 0.00", and what is kept back beyond
/// what the order owes when merged deductions add up to more.
fn state_text(lang: Lang, c: &Commercial, o: &Order) -> String {
    let cur = c.currency.as_str();
    let mut out = fill(
        K::DeductionState.text(lang),
        &[
            ("deducted", &fmt_price(cur, deductions::deducted(c))),
            ("waiting", &fmt_price(cur, deductions::unconfirmed(c))),
        ],
    );
    let beyond = deductions::beyond(c, o);
    if beyond > Price::ZERO {
        let b = fill(
            K::DeductionBeyond.text(lang),
            &[("amount", &fmt_price(cur, beyond))],
        );
        out = format!("{out} · {b}");
    }
    out
}

/// One deduction as listed: its id, the record, and the one it repeats (amount, who).
pub(super) type Row = (String, Deduction, Option<(String, String)>);

fn rows(c: &Commercial) -> Vec<Row> {
    let twins = deductions::twins(c);
    deductions::listed(c)
        .into_iter()
        .map(|(id, d)| {
            let of = twins
                .get(id)
                .and_then(|of| c.deductions.get(of))
                .map(|o| (fmt_price(&c.currency, o.amount), o.who.clone()));
            (id.clone(), d.clone(), of)
        })
        .collect()
}

#[component]
pub fn DeductionList(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let list = move || {
        ctx.commercial
            .with(|c| c.as_ref().map(rows).unwrap_or_default())
    };
    let state = move || {
        let lang = i18n.0.get();
        ctx.commercial.with(|c| {
            c.as_ref()
                .map(|c| ctx.order.with(|o| state_text(lang, c, o)))
                .unwrap_or_default()
        })
    };
    let any_complaint = move || ctx.order.with(|o| !o.complaints.is_empty());
    view! {
        <Show when=any_complaint>
            <div class="deductions" data-testid="deductions">
                <h4>{move || i18n.t(K::DeductionsTitle)}</h4>
                <p data-testid="deduction-state">{state}</p>
                <ul class="log">
                    <For each=list key=|row| (row.0.clone(), format!("{:?}", (&row.1, &row.2))) let:row>
                        <DeductionRow ctx=ctx error=error reason=reason row=row/>
                    </For>
                </ul>
                <Show when=move || list().iter().any(|(_, d, _)| d.is_live())>
                    <TextInput label=K::RecoveryVoidReason value=reason testid="deduction-void-reason"/>
                </Show>
                <DeductionForm ctx=ctx error=error/>
                <ActionError error=error testid="deduction-error"/>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    //! What the buyer keeps back, on the money screen over a real repo: the form says the most
    //! that may be kept back and a larger amount is refused in words with nothing written;
    //! whoever recorded a deduction does not confirm it (refused in words); confirmed by
    //! someone else, it settles the balance on the ledger; a void needs its reason and puts the
    //! balance back.
    use super::*;
    use crate::screen_tests::{click, loaded_order, mount, text_of, type_into, until};
    use crate::storage::agenda_tests::repo_with_order;
    use gendan_domain::complaints::Complaint;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_deduction_is_bounded_confirmed_by_someone_else_and_voided_with_a_reason() {
        let before = crate::prefs::user_name();
        crate::prefs::set_user_name("Li");
        let app = Owner::new();
        let (repo, id) = repo_with_order("deductions", "PO-DEDUCT").await;
        repo.edit_order(&id, |o| {
            let c = Complaint {
                description: "Seams open on 40 pieces".into(),
                opened: Some(crate::platform::today()),
                ..Complaint::default()
            };
            o.complaints.insert("c1".into(), c);
            Ok(())
        })
        .await
        .expect("complaint");
        let order = repo.order(&id).await.expect("reads");
        repo.edit_commercial(&id, |c| {
            c.unit_price = "100".parse().ok();
            c.terms.deposit_bp = 3_000;
            c.plan_receivables(&order)
        })
        .await
        .expect("planned");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(
            &app,
            move || view! { <super::super::MoneySection ctx=ctx/> },
        );
        until(|| text_of("deduction-most").is_some_and(|t| t.contains("USD 1,000.00"))).await;
        assert_eq!(text_of("outstanding").as_deref(), Some("USD 1000.00"));

        type_into("deduction-amount", "1200");
        click("deduction-record");
        until(|| text_of("deduction-error").is_some_and(|t| !t.is_empty())).await;
        let said = text_of("deduction-error").expect("said");
        assert!(said.contains("1000.00"), "{said}");
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert!(books.deductions.is_empty(), "nothing written");

        type_into("deduction-amount", "250");
        type_into("deduction-ref", "DN-7");
        click("deduction-record");
        until(|| text_of("deduction-awaits").is_some()).await;
        let awaits = text_of("deduction-awaits").expect("said");
        assert!(awaits.contains("someone other than Li"), "{awaits}");
        let row = text_of("deduction").expect("listed");
        assert!(row.contains("Seams open") && row.contains("DN-7"), "{row}");
        assert!(
            text_of("deduction-most").is_some_and(|t| t.contains("USD 750.00")),
            "what waits takes its room"
        );

        click("deduction-confirm");
        until(|| {
            text_of("deduction-error").is_some_and(|t| t == K::ErrOwnDeduction.text(Lang::En))
        })
        .await;
        assert_eq!(text_of("outstanding").as_deref(), Some("USD 1000.00"));

        crate::prefs::set_user_name("Zhou");
        click("deduction-confirm");
        until(|| text_of("deduction-confirmed").is_some()).await;
        assert_eq!(text_of("deducted").as_deref(), Some("USD 250.00"));
        assert_eq!(text_of("outstanding").as_deref(), Some("USD 750.00"));
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        let d = books.deductions.values().next().expect("kept");
        assert_eq!(
            (d.who.as_str(), d.confirmed_by.as_deref()),
            ("Li", Some("Zhou"))
        );

        click("deduction-void");
        until(|| {
            text_of("deduction-error").is_some_and(|t| t == K::ErrReasonRequired.text(Lang::En))
        })
        .await;
        type_into("deduction-void-reason", "buyer withdrew the note");
        click("deduction-void");
        until(|| text_of("deducted").is_none()).await;
        assert_eq!(text_of("outstanding").as_deref(), Some("USD 1000.00"));
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        let d = books.deductions.values().next().expect("kept");
        assert_eq!(d.voided.as_deref(), Some("Zhou — buyer withdrew the note"));

        screen.leave();
        crate::prefs::set_user_name(&before);
    }

    /// A deduction its recorder confirmed (on another build, merged in) still waits: the row
    /// offers the confirmation to someone else, and the ledger keeps nothing back.
    #[wasm_bindgen_test]
    async fn a_deduction_its_recorder_confirmed_still_waits_on_screen() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("deductions-self", "PO-DEDUCT-SELF").await;
        repo.edit_order(&id, |o| {
            o.complaints.insert("c1".into(), Complaint::default());
            Ok(())
        })
        .await
        .expect("complaint");
        let order = repo.order(&id).await.expect("reads");
        repo.edit_commercial(&id, |c| {
            c.unit_price = "100".parse().ok();
            c.plan_receivables(&order)?;
            let d = gendan_domain::deductions::Deduction {
                complaint: "c1".into(),
                amount: "250".parse().expect("an amount"),
                who: "Li".into(),
                confirmed_by: Some(" li ".into()),
                ..Default::default()
            };
            c.deductions.insert("d1".into(), d);
            Ok(())
        })
        .await
        .expect("merged in");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(
            &app,
            move || view! { <super::super::MoneySection ctx=ctx/> },
        );
        until(|| text_of("deduction-confirm").is_some()).await;
        assert!(text_of("deduction-confirmed").is_none());
        assert!(text_of("deducted").is_none(), "nothing kept back");
        assert_eq!(text_of("outstanding").as_deref(), Some("USD 1000.00"));
        screen.leave();
    }
}
