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
        let clean = !self.differs.get_untracked();
        if clean {
            self.follow(o);
        }
        clean
    }
}

/// The form's price and currency live in the commercial document, never in the order: a draft is
/// the order plus the money this device holds for it.
fn fresh(ctx: Option<OrderCtx>, o: &Order) -> OrderDraft {
    OrderDraft::from_order(o).with_money(ctx.and_then(|c| c.commercial.get_untracked()).as_ref())
}
