//! The communication log, newest first, and the form that adds a note of a call, mail or visit.
//!
//! The office's notes are kept in the order's books, not on the order: "called the buyer, FOB
//! down to 4.10" is not the factory's to read, and the factory holds the order. A factory's
//! phone, which holds no books, keeps its own notes on the order, where older builds kept
//! everyone's; the log shows both, and the office moves a note on the order to the books.

use gendan_domain::complaints::{Channel, Communication};
use gendan_domain::DomainError;
use leptos::prelude::*;

use super::super::ctx::{code_text, time_text, who, Failure, OrderCtx};
use super::code_select::CodeSelect;
use crate::components::action_error::ActionError;
use crate::components::text_input::TextInput;
use crate::i18n::{use_i18n, K};
use crate::pages::action::{edit_action, submit_action};
use crate::platform;
use gendan_domain::sorting::sort_by_key;
use std::collections::BTreeMap;

#[component]
pub fn CommsSection(ctx: OrderCtx) -> impl IntoView {
    let i18n = use_i18n();
    let channel = RwSignal::new(Channel::Call.code().to_string());
    let with_whom = RwSignal::new(String::new());
    let summary = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    // Asked when a note is saved: the device may have joined or left meanwhile.
    let factory = crate::sync::settings::SyncSettings::is_factory_device;
    let add = submit_action(
        error,
        move |m: Communication| async move {
            let id = platform::new_record_id();
            if factory() {
                ctx.edit(move |o| {
                    o.communications.insert(id, m);
                    Ok::<_, DomainError>(())
                })
                .await
            } else {
                // Books are made for an order that has none, as its first money entry makes.
                ctx.edit_commercial(move |c| {
                    c.communications.insert(id, m);
                    Ok::<_, DomainError>(())
                })
                .await
            }
        },
        move |()| summary.set(String::new()),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if summary.get_untracked().trim().is_empty() {
            error.set(Some(i18n.t(K::ErrRequired).to_string()));
            return;
        }
        if !factory() && ctx.commercial_elsewhere.get_untracked() {
            // Its books are not here (or do not read): the note would have nowhere to go but
            // the order. Nothing is written; what was typed stays in the form.
            error.set(Some(i18n.t(K::ErrNoteNeedsBooks).to_string()));
            return;
        }
        add.dispatch(Communication {
            channel: Channel::from_code(&channel.get_untracked()),
            who: who(),
            with_whom: with_whom.get_untracked(),
            at_ms: (platform::now_ms() as i64),
            summary: summary.get_untracked(),
        });
    };
    // Each note, and whether it is on the order (which the factory reads) rather than in the
    // books: the office sees which of its words the factory has. A note in both (a copy of the
    // order from before it moved, not yet tidied) is listed once, as on the order.
    let notes = move || {
        let mut by_id: BTreeMap<String, (Communication, bool)> = BTreeMap::new();
        ctx.commercial.with(|c| {
            if let Some(c) = c {
                by_id.extend(
                    c.communications
                        .iter()
                        .map(|(k, m)| (k.clone(), (m.clone(), false))),
                );
            }
        });
        ctx.order.with(|o| {
            by_id.extend(
                o.communications
                    .iter()
                    .map(|(k, m)| (k.clone(), (m.clone(), true))),
            );
        });
        let mut v: Vec<(String, Communication, bool)> =
            by_id.into_iter().map(|(k, (m, on))| (k, m, on)).collect();
        sort_by_key(&mut v, |(_, b, _)| std::cmp::Reverse(b.at_ms));
        v
    };
    // A note on the order (an older build kept the office's there) goes to the books: the
    // books take it and the order lets it go in one save (`Repo::edit_commercial`), so it is
    // never in neither, nor left in both when the second half fails.
    let to_books = edit_action(error, move |id: String| async move {
        // Read before awaiting: the screen may be left while the books save.
        let Some(order_id) = ctx.try_id() else {
            return Ok(());
        };
        let Some(note) = ctx
            .order
            .with_untracked(|o| o.communications.get(&id).cloned())
        else {
            return Ok(());
        };
        if factory() || ctx.commercial_elsewhere.get_untracked() {
            // A factory's phone holds no books (it may have become one since the screen was
            // drawn); nor does an office device without this order's.
            return Err(Failure {
                text: i18n.t(K::ErrNoteNeedsBooks).to_string(),
                ..Failure::default()
            });
        }
        ctx.edit_commercial_of(order_id, move |c| {
            c.communications.insert(id, note);
            Ok::<_, DomainError>(())
        })
        .await
    });
    let office = !factory();
    let codes = Channel::KNOWN
        .iter()
        .map(|c| c.code().to_string())
        .collect();
    view! {
        <section class="card section" data-testid="comms-section">
            <h3>{move || i18n.t(K::CommLog)}</h3>
            <ul class="log">
                {move || notes().into_iter().map(|(id, m, on_order)| view! {
                    <li data-testid="comm">
                        <span class="muted">{format!("{} · {} · ", time_text(m.at_ms), m.who)}{code_text(i18n, m.channel.code())}</span>
                        <br/>{format!("{} — {}", m.with_whom, m.summary)}
                        <Show when=move || office && on_order>
                            <br/><span class="muted" data-testid="comm-factory-reads">{move || i18n.t(K::CommFactoryReads)}</span>
                            " "<button type="button" class="link" data-testid="comm-to-books"
                                disabled=move || to_books.pending().get()
                                on:click={
                                    let id = id.clone();
                                    move |_| to_books.dispatch(id.clone())
                                }>{move || i18n.t(K::CommToBooks)}</button>
                        </Show>
                    </li>
                }).collect_view()}
            </ul>
            <form class="inline-form" on:submit=submit novalidate>
                <CodeSelect label=K::Channel name="chan" codes=codes value=channel/>
                <TextInput label=K::WithWhom value=with_whom testid="m-with"/>
                <TextInput label=K::Summary value=summary testid="m-summary"/>
                <button type="submit" data-testid="add-comm">{move || i18n.t(K::AddNote)}</button>
            </form>
            <ActionError error=error/>
        </section>
    }
}

#[cfg(test)]
mod tests {
    //! The office's log over a real repo: a note an older build kept on the order is marked as
    //! read by the factory, and moved to the books it leaves the order and is listed once.
    use super::*;
    use crate::screen_tests::{click, loaded_order, mount, text_of, until};
    use crate::storage::agenda_tests::repo_with_order;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    /// How many times the log lists the note.
    fn listed() -> usize {
        text_of("comms-section").map_or(0, |t| t.matches("FOB down to 4.10").count())
    }

    #[wasm_bindgen_test]
    async fn a_note_on_the_order_moves_to_the_books_and_is_listed_once() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("comms-move", "PO-COMMS").await;
        repo.edit_order(&id, |o| {
            o.communications.insert(
                "c-fob".into(),
                Communication {
                    who: "Li".into(),
                    with_whom: "Buyer Tom".into(),
                    summary: "FOB down to 4.10".into(),
                    ..Default::default()
                },
            );
            Ok(())
        })
        .await
        .expect("an older build's note");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(&app, move || view! { <CommsSection ctx=ctx/> });
        until(|| text_of("comm-factory-reads").is_some()).await;
        assert_eq!(listed(), 1);

        click("comm-to-books");
        until(|| text_of("comm-factory-reads").is_none()).await;
        assert_eq!(listed(), 1, "listed once, from the books");
        let order = repo.order(&id).await.expect("reads");
        assert!(
            order.communications.is_empty(),
            "the factory no longer reads it"
        );
        let books = repo.commercial(&id).await.expect("reads").expect("held");
        assert_eq!(books.communications["c-fob"].summary, "FOB down to 4.10");
        assert!(text_of("comm").is_some_and(|t| t.contains("FOB down to 4.10")));
        screen.leave();
    }
}
