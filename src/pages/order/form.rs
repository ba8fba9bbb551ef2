//! The order form's state — the draft being typed, the order it started from, the problems found —
//! shared by the page, its fields and its save, so each piece takes one prop instead of five.

use gendan_domain::draft::OrderDraft;
use gendan_domain::order::Problem;
use gendan_domain::Order;
use gloo_storage::{SessionStorage, Storage};
use leptos::prelude::*;

use super::ctx::OrderCtx;

#[derive(Clone, Copy)]
pub(crate) struct OrderForm {
    pub draft: RwSignal<OrderDraft>,
    /// The order as saved, which the draft is compared with and saved on top of.
    pub base: RwSignal<Order>,
    pub problems: RwSignal<Vec<Problem>>,
    /// The user has tried to save once: from then on problems follow the typing.
    pub tried: RwSignal<bool>,
    /// Another tab or device changed this order while it was open.
    pub refreshed: RwSignal<bool>,
    /// Bumped whenever the order is read again after a conflict choice.
    pub revision: RwSignal<u64>,
    /// The form differs from what is saved (computed once per change, read by several effects).
    pub differs: Memo<bool>,
    /// The draft on screen was kept from before a reload, not typed in this visit.
    pub restored: RwSignal<bool>,
    /// Why the quantities change, once goods of the order have left (logged with the change).
    pub reason: RwSignal<String>,
    /// Why the last save was refused, in words.
    pub error: RwSignal<Option<String>>,
    pub ctx: Option<OrderCtx>,
}

impl OrderForm {
    pub fn new(ctx: Option<OrderCtx>) -> OrderForm {
        let base = RwSignal::new(Order::new());
        let draft = RwSignal::new(fresh(ctx, &Order::new()));
        let differs = Memo::new(move |_| {
            let money = ctx.and_then(|c| c.commercial.get());
            let saved = OrderDraft::from_order(&base.get()).with_money(money.as_ref());
            draft.with(|d| *d != saved)
        });
        OrderForm {
            draft,
            base,
            problems: RwSignal::new(Vec::new()),
            tried: RwSignal::new(false),
            refreshed: RwSignal::new(false),
            revision: RwSignal::new(0),
            differs,
            restored: RwSignal::new(false),
            reason: RwSignal::new(String::new()),
            error: RwSignal::new(None),
            ctx,
        }
    }

    /// The draft for `o` as saved.
    pub fn fresh(self, o: &Order) -> OrderDraft {
        fresh(self.ctx, o)
    }

    /// Shows `o` as saved: the form starts over from it.
    pub fn follow(self, o: Order) {
        self.draft.set(self.fresh(&o));
        self.base.set(o);
    }

    /// Throws the unsaved input away (here and in the kept draft at `key`): the form shows the
    /// order as saved again.
    pub fn discard(self, key: &str) {
        SessionStorage::delete(key);
        self.follow(self.base.get_untracked());
        self.problems.set(Vec::new());
        self.tried.set(false);
        self.restored.set(false);
    }

    /// Shows `o` unless the form holds input not saved yet, which keeps its base so saving
    /// applies only the user's own edits on top.
    pub fn follow_if_clean(self, o: Order) -> bool {
        // The form may be gone (its screen left while the order reloaded): nothing to show.
        let Some(differs) = self.differs.try_get_untracked() else {
            return false;
        };
        let clean = !differs;
        if clean {
            self.follow(o);
        }
        clean
    }
}

/// The form's price and currency live in the commercial document, never in the order: a draft is
/// the order plus the money this device holds for it.
fn fresh(ctx: Option<OrderCtx>, o: &Order) -> OrderDraft {
    // `try_`: called after awaits (an order loaded or reloaded), when the screen may be gone.
    let money = ctx.and_then(|c| c.commercial.try_get_untracked().flatten());
    OrderDraft::from_order(o).with_money(money.as_ref())
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use leptos::prelude::Owner;

    /// An order reloads in the background (another device changed it): when it lands after the
    /// screen was left, the form's values are disposed. Reading them panicked, and a panic
    /// stops the whole app until it is reloaded.
    #[wasm_bindgen_test::wasm_bindgen_test]
    fn a_reload_landing_after_the_screen_was_left_changes_nothing_and_does_not_panic() {
        let owner = Owner::new();
        let form = owner.with(|| OrderForm::new(None));
        let mut order = Order::new();
        order.customer_po = "PO-1".into();
        assert!(form.follow_if_clean(order.clone()), "a clean form follows");
        owner.cleanup();
        assert!(
            !form.follow_if_clean(order),
            "a form that is gone follows nothing"
        );
    }
}
