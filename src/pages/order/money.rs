//! Money: the order's commercial document — the quotes to the buyer (报价单), the money of transit
//! claims (索赔金额), what the buyer keeps back for complaints (客户扣款) and what is charged back to a
//! factory or supplier for them (向工厂扣款), prices copied from an old order that someone must
//! confirm first, deposit and balance receivable, receipts recorded and confirmed by finance,
//! supplier payables (those raised from a purchase order name it; charges outside any PO are
//! raised by hand, named as such, and voided with a reason). Hidden when this device does
//! not hold that document; when it holds it and a change broke it, the section says so and
//! offers it back as it last read.

mod claim_row;
mod claims;
mod debit_form;
mod debits;
mod deduction_form;
mod deduction_row;
mod deductions;
mod ledger;
mod other_charges;
mod other_currency;
mod payable_form;
mod plan_form;
mod price_check_row;
pub(super) mod price_competing;
mod prices_to_check;
mod quote_form;
mod quote_row;
mod quotes;
mod receipt_form;
mod receipts;
pub(super) mod relabelled;

use leptos::prelude::*;

use super::ctx::OrderCtx;
use crate::components::action_error::ActionError;
use crate::i18n::{use_i18n, K};

#[component]
pub fn MoneySection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    // Planning, recording and confirming receipts share one error line.
    let error = RwSignal::new(None::<String>);
    view! {
        <section class="card section" data-testid="money-section">
            <h3>{move || i18n.t(K::SecMoney)}</h3>
            <Show when=move || !ctx.commercial_elsewhere.get() fallback=move || view! {
                <Show when=move || ctx.commercial_broken.get().is_none() fallback=move || view! {
                    <BooksBroken ctx=ctx/>
                }>
                    <p class="muted" data-testid="money-hidden">{move || i18n.t(K::MoneyNotHere)}</p>
                </Show>
            }>
                <relabelled::PriceRelabelled ctx=ctx/>
                <price_competing::PriceCompeting ctx=ctx/>
                <prices_to_check::PricesToCheck ctx=ctx error=error/>
                <other_currency::OtherCurrencyMoney ctx=ctx/>
                <ledger::Ledger ctx=ctx/>
                <other_charges::OtherChargeList ctx=ctx/>
                <receipts::ReceiptList ctx=ctx error=error/>
                <plan_form::PlanForm ctx=ctx error=error/>
                <receipt_form::ReceiptForm ctx=ctx error=error/>
                <ActionError error=error testid="money-error"/>
                <payable_form::PayableForm ctx=ctx/>
                <quotes::QuoteList ctx=ctx/>
                <claims::ClaimList ctx=ctx/>
                <deductions::DeductionList ctx=ctx/>
                <debits::DebitList ctx=ctx/>
            </Show>
        </section>
    }
}

/// The books held here that a change broke: said, with why, and offered back as they last read;
/// once put back, the order's screen reads them again.
#[component]
fn BooksBroken(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let reload = Callback::new(move |()| ctx.reload());
    view! {
        <div class="card error" role="alert" data-testid="money-broken">
            <p>{move || i18n.t(K::BooksBroken)}</p>
            <p class="muted small">{move || ctx.commercial_broken.get().unwrap_or_default()}</p>
        </div>
        <super::restore::RestoreCard id=ctx.id() target=super::restore::Target::Books on_restored=reload/>
    }
}
