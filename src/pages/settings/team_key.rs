//! The team's key for nearby devices (`sync::team_proof`): on a team's device that holds one,
//! what it is for and the button that replaces it, for when a device was let in by mistake or
//! left the team.

use leptos::prelude::*;

use crate::i18n::{use_i18n, K};
use crate::state::store::use_store;
use crate::sync::settings::SyncSettings;
use crate::sync::team_proof;

#[component]
pub fn TeamKey() -> impl IntoView {
    let i18n = use_i18n();
    let store = use_store();
    let made = RwSignal::new(0u32);
    // Every device that syncs only nearby is asked about once after a new key: asked first.
    let confirming = RwSignal::new(false);
    let keyed = LocalResource::new(move || {
        made.track();
        let repo = store.repo();
        async move {
            match repo {
                Some(repo) if !SyncSettings::is_factory_device() => {
                    !team_proof::keys(&repo).await.is_empty()
                }
                _ => false,
            }
        }
    });
    let replace = Action::new_local(move |_: &()| {
        let repo = store.repo();
        async move {
            let Some(repo) = repo else {
                return Err(None);
            };
            let done = team_proof::replace_key(&repo).await;
            made.update(|n| *n += 1);
            done.map_err(|e| Some(e.to_string()))
        }
    });
    let said = move || match replace.value().get() {
        Some(Ok(())) => Some(i18n.t(K::TeamKeyReplaced).to_string()),
        Some(Err(Some(e))) => Some(format!("{} ({e})", i18n.t(K::TeamKeyNotReplaced))),
        Some(Err(None)) => Some(i18n.t(K::TeamKeyNotReplaced).to_string()),
        None => None,
    };
    view! {
        <Transition fallback=|| ()>
            <Show when=move || keyed.get().unwrap_or(false)>
                <div class="card" data-testid="team-key">
                    <p class="muted">{move || i18n.t(K::TeamKeyAbout)}</p>
                    <Show when=move || !confirming.get()>
                        <div class="actions">
                            <button type="button" data-testid="team-key-replace"
                                disabled=move || replace.pending().get()
                                on:click=move |_| confirming.set(true)>
                                {move || i18n.t(K::TeamKeyReplace)}
                            </button>
                        </div>
                    </Show>
                    <Show when=move || confirming.get()>
                        <p class="notice" data-testid="team-key-ask">{move || i18n.t(K::TeamKeyAsk)}</p>
                        <div class="actions">
                            <button type="button" data-testid="team-key-confirm" on:click=move |_| {
                                confirming.set(false);
                                replace.dispatch_local(());
                            }>{move || i18n.t(K::TeamKeyReplace)}</button>
                            <button type="button" data-testid="team-key-cancel"
                                on:click=move |_| confirming.set(false)>
                                {move || i18n.t(K::Cancel)}
                            </button>
                        </div>
                    </Show>
                    <Show when=move || said().is_some()>
                        <p role="status" data-testid="team-key-said">{move || said().unwrap_or_default()}</p>
                    </Show>
                </div>
            </Show>
        </Transition>
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    //! The card shows only on a device holding a key, and its button replaces the team's keys.
    use super::*;
    use crate::i18n::{I18n, Lang};
    use crate::screen_tests::{click, mount, text_of, until};
    use crate::state::store::provide_store;
    use crate::storage::agenda_tests::author;
    use crate::storage::Repo;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    async fn a_keyed_device_replaces_the_teams_key() {
        let name = format!("gendan-test-team-key-{}", js_sys::Math::random());
        let repo = Repo::open_in(&name, author()).await.expect("storage opens");
        let app = Owner::new();
        app.with(|| {
            provide_context(I18n(RwSignal::new(Lang::En)));
            provide_store().opened(repo.clone());
        });
        let screen = mount(&app, || view! { <TeamKey/> });
        crate::platform::sleep_ms(200).await;
        assert!(text_of("team-key").is_none(), "no key, no card");
        screen.leave();

        team_proof::ensure_key(&repo).await;
        let before = team_proof::keys(&repo).await;
        assert_eq!(before.len(), 1);
        let screen = mount(&app, || view! { <TeamKey/> });
        until(|| text_of("team-key-replace").is_some()).await;
        click("team-key-replace");
        until(|| text_of("team-key-ask").is_some()).await;
        click("team-key-cancel");
        until(|| text_of("team-key-replace").is_some()).await;
        assert_eq!(
            team_proof::keys(&repo).await,
            before,
            "cancelled: the key stays"
        );
        click("team-key-replace");
        until(|| text_of("team-key-confirm").is_some()).await;
        click("team-key-confirm");
        until(|| text_of("team-key-said").is_some()).await;
        assert!(text_of("team-key-said").is_some_and(|t| t.contains("new team key was made")));
        let after = team_proof::keys(&repo).await;
        assert_eq!(after.len(), 1, "the old key is gone");
        assert_ne!(after[0], before[0]);
        screen.leave();
    }
}
