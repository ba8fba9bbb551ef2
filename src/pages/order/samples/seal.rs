//! 锁板 on a sample row: the approved latest round is sealed as the reference, saying where the
//! piece is kept; a sealed round says who sealed it and where it is, and a seal a later round or
//! a disagreeing reply left stale says it is no reference any more. The rule is the domain's
//! (`samples::seal`, `samples::seal_holds`); this only reads the place typed and shows the result.

use gendan_domain::samples::{self, Sample};
use leptos::prelude::*;

use super::super::ctx::{day_text, who, OrderCtx};
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{fill, use_i18n, K};
use crate::pages::action::edit_action;
use crate::platform;

#[component]
pub fn SealSample(ctx: OrderCtx, id: String, s: Sample, latest: bool) -> impl IntoView {
    let i18n = use_i18n();
    let kept_at = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let sid = StoredValue::new(id);
    let seal = edit_action(error, move |place: String| {
        let (id, me) = (sid.get_value(), who());
        ctx.edit(move |o| samples::seal(o, &id, (&me, platform::today(), &place)))
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        seal.dispatch(kept_at.get_untracked());
    };
    let holds = s.may_be_reference(latest);
    match s.sealed {
        Some(sealed) => {
            let said = move || {
                fill(
                    i18n.t(K::SealedBy),
                    &[
                        ("who", &sealed.who),
                        ("day", &day_text(sealed.day)),
                        ("place", &sealed.kept_at),
                    ],
                )
            };
            view! {
                <p class="small sealed" data-testid="sample-sealed" data-holds=holds.to_string()>{said}</p>
                {(!holds).then(|| view! { <p class="bad small" data-testid="seal-stale">{move || i18n.t(K::SealStale)}</p> })}
            }
            .into_any()
        }
        None if holds => view! {
            <form class="inline-form" on:submit=submit novalidate>
                <TextInput label=K::SealKeptAt value=kept_at testid="seal-kept-at"/>
                <button type="submit" data-testid="seal-sample">{move || i18n.t(K::SealSample)}</button>
            </form>
            <ActionError error=error testid="seal-error"/>
        }
        .into_any(),
        None => ().into_any(),
    }
}
