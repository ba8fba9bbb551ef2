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
    /// The price and currency (as the form shows them) the draft started from: its base in the
    /// books. Compared with it, not with the books now, so a price changed in the books while
    /// the form is open (a quote's price applied, another device) is followed, not taken for the
    /// user's typing and written back over on the next save.
    money_base: RwSignal<(String, String)>,
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
        let start = fresh(ctx, &Order::new());
        let money_base = RwSignal::new(money_of(&start));
        let draft = RwSignal::new(start);
        let differs = Memo::new(move |_| {
            let saved = with_money(OrderDraft::from_order(&base.get()), money_base.get());
            draft.with(|d| *d != saved)
        });
        OrderForm {
            draft,
            base,
            money_base,
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
        self.start(&o, None);
        self.base.set(o);
    }

    /// Starts the form from `o` with the books as they are now, showing `kept` (a draft kept
    /// from before a reload) instead when there is one.
    pub fn start(self, o: &Order, kept: Option<OrderDraft>) {
        let fresh = self.fresh(o);
        self.money_base.set(money_of(&fresh));
        self.draft.set(kept.unwrap_or(fresh));
    }

    /// What the form holds as saved: its base order with the price it started from. A save
    /// writes the price only when the draft's differs from this.
    pub fn saved(self) -> OrderDraft {
        with_money(
            OrderDraft::from_order(&self.base.get_untracked()),
            self.money_base.get_untracked(),
        )
    }

    /// The books changed while the form is open: a price the user has not touched shows the
    /// books' one; a price being typed stays, now measured against the books' new one.
    pub fn follow_money(self) {
        let Some(now) = self.ctx.and_then(|c| c.commercial.try_get_untracked()) else {
            return;
        };
        let now = gendan_domain::draft::money_fields(now.as_ref());
        let Some(start) = self.money_base.try_get_untracked() else {
            return;
        };
        if now == start {
            return;
        }
        if self.draft.with_untracked(|d| money_of(d) == start) {
            self.draft
                .update(|d| *d = with_money(d.clone(), now.clone()));
        }
        self.money_base.set(now);
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

/// A draft's price and currency as typed.
fn money_of(d: &OrderDraft) -> (String, String) {
    (d.unit_price.clone(), d.currency.clone())
}

fn with_money(mut d: OrderDraft, (price, currency): (String, String)) -> OrderDraft {
    d.unit_price = price;
    d.currency = currency;
    d
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

    /// The books' price changes while the order form is open (a quote's price applied on
    /// Money, another device): an untouched form shows the new price, is not "unsaved", and its
    /// next save does not write the old price back; a price being typed stays the user's.
    #[wasm_bindgen_test::wasm_bindgen_test]
    async fn a_price_changed_in_the_books_is_followed_and_not_undone_by_the_next_save() {
        let app = Owner::new();
        let (repo, id) = crate::storage::agenda_tests::repo_with_order("form-money", "PO-FM").await;
        let priced = |p: &'static str| {
            move |c: &mut gendan_domain::Commercial| c.set_unit_price(p.parse().ok(), "USD".into())
        };
        repo.edit_commercial(&id, priced("3.80"))
            .await
            .expect("priced");
        let ctx = crate::screen_tests::loaded_order(&app, &repo, &id).await;
        let form = app.with(|| OrderForm::new(Some(ctx)));
        form.follow(repo.order(&id).await.expect("reads"));
        let price = || form.draft.with_untracked(|d| d.unit_price.clone());
        assert_eq!(price(), "3.80");

        ctx.edit_commercial(priced("4.05")).await.expect("applied");
        form.follow_money();
        assert_eq!(price(), "4.05", "the form shows the books' price");
        assert!(!form.differs.get_untracked(), "nothing the user typed");
        let typed = form.draft.get_untracked();
        assert!(
            !typed.money_differs(&form.saved()),
            "a save writes no price"
        );

        form.draft.update(|d| d.unit_price = "4.10".into());
        ctx.edit_commercial(priced("4.20"))
            .await
            .expect("changed again");
        form.follow_money();
        assert_eq!(price(), "4.10", "what the user types stays");
        let typed = form.draft.get_untracked();
        assert!(
            typed.money_differs(&form.saved()),
            "and is what a save writes"
        );
        drop(app);
    }
}
