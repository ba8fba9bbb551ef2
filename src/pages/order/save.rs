//! Saving the order form: a new order is created through the lifecycle (so its first status is
//! logged), a saved one is merged onto its base; the price goes to the commercial document.

use gendan_domain::Order;
use gloo_storage::{SessionStorage, Storage};
use leptos::prelude::*;

use super::ctx;
use super::form::OrderForm;
use crate::platform;
use crate::route::RouteState;
use crate::state::store::Store;
use crate::{navigate, Route};

/// Saves `edited` (the checked draft) for order `id` (`None`: a new one); `key` holds the draft
/// in `sessionStorage` until it is saved.
pub(crate) async fn save_order(
    i18n: crate::i18n::I18n,
    form: OrderForm,
    store: Store,
    nav: RouteState,
    id: Option<String>,
    key: String,
    edited: Order,
) {
    let Some(repo) = store.repo() else { return };
    let typed = form.draft.get_untracked();
    let price = typed.price().ok().flatten();
    let currency = typed.currency_code();
    // Only a price the user changed from where the form started is written: the books may have
    // moved since (a quote applied, another device), and an untouched price must not undo that.
    let money_changed = typed.money_differs(&form.saved());
    match id {
        None => {
            // Even a new order's first status goes through the lifecycle (and its log).
            let mut edited = edited;
            let gates = repo
                .workspace_value()
                .map(|w| w.settings.gates)
                .unwrap_or_default();
            let start = gendan_domain::lifecycle::start(
                &mut edited,
                None,
                &gates,
                &ctx::who(),
                platform::now_ms() as i64,
            );
            if let Err(e) = start {
                // The select offers only statuses a draft can move to; nothing to say.
                leptos::logging::warn!("{e}");
                return;
            }
            if let Ok(new_id) = store.track(repo.create_order(&edited)).await {
                if money_changed {
                    let money =
                        repo.edit_commercial(&new_id, move |c| c.set_unit_price(price, currency));
                    if store.track_edit(money).await.is_err() {
                        // The order is saved; the form stays so the price can be saved again.
                        return;
                    }
                }
                SessionStorage::delete(&key);
                // Saved: going on to the new order is not leaving unsaved input.
                nav.unsaved.set(false);
                navigate(&Route::Order(new_id));
            }
        }
        Some(id) => {
            let b = form.base.get_untracked();
            let (who, why) = (ctx::who(), form.reason.get_untracked());
            let saved = store
                .track_edit(repo.save_order(&id, &b, &edited, (&who, &why)))
                .await;
            let saved = match saved {
                Err(e @ crate::storage::repo::EditError::Rule(_)) => {
                    form.error.set(Some(ctx::explain(i18n, e).text));
                    return;
                }
                other => other,
            };
            if let Ok(order) = saved {
                form.error.set(None);
                form.reason.set(String::new());
                if let Some(ctx) = form.ctx {
                    ctx.show_saved(order.clone(), None);
                    if money_changed {
                        // The id read before awaiting: the order may be left while it saves. A
                        // price to check is settled only by a different price; another currency
                        // is refused once money is recorded in the books' (said on the form,
                        // which keeps the input).
                        let money = ctx
                            .edit_commercial_of(id.clone(), move |c| {
                                c.set_unit_price(price, currency)
                            })
                            .await;
                        if let Err(f) = money {
                            form.error.set(Some(f.text));
                            return;
                        }
                    }
                }
                SessionStorage::delete(&key);
                form.follow(order);
                form.tried.set(false);
                form.restored.set(false);
            }
        }
    }
}
