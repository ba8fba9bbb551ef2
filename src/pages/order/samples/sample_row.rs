//! One sample submission: its kind, round, dates and courier, the buyer's reply (recorded here
//! while it is pending), its seal as the reference (锁板) and, for the latest rejected round,
//! the way to the next one.

use gendan_domain::order::{Field, Issue};
use gendan_domain::samples::{self, Sample, SampleKind, SampleResult};
use gendan_domain::Day;
use leptos::prelude::*;

use super::super::ctx::{day_text, field_error, parse_day, who, OrderCtx};
use super::result_key;
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{fill, sample_kind_text, use_i18n, K};
use crate::pages::action::edit_action;
use crate::platform;

#[component]
pub fn SampleRow(
    ctx: OrderCtx,
    id: String,
    s: Sample,
    latest: bool,
    overdue: bool,
    on_next_round: Callback<SampleKind>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (class, label) = result_key(&s.result);
    let result = RwSignal::new(SampleResult::Approved.code().to_string());
    let comments = RwSignal::new(String::new());
    let on = RwSignal::new(platform::today().to_string());
    let error = RwSignal::new(None::<String>);
    let sid = StoredValue::new(id);
    let reply = edit_action(error, move |(r, text, day): (SampleResult, String, Day)| {
        let id = sid.get_value();
        let (me, entry) = (who(), platform::new_record_id());
        ctx.edit(move |o| {
            samples::record_reply_by(o, &id, r, &text, day, platform::today(), (&me, &entry))
        })
    });
    let record = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(Some(day)) = parse_day(&on.get_untracked()) else {
            error.set(Some(field_error(i18n, Field::ReplyDate, Issue::NotADate)));
            return;
        };
        let r = SampleResult::from_code(&result.get_untracked());
        reply.dispatch((r, comments.get_untracked(), day));
    };
    // Two devices recorded different replies offline: both are said, and the reply is asked
    // again (the sample does not count as approved meanwhile).
    let apart: Vec<_> = s
        .reply_conflict()
        .into_iter()
        .map(|(_, r)| r.clone())
        .collect();
    let pending = s.result == SampleResult::Pending || !apart.is_empty();
    let factory_phone = crate::sync::settings::SyncSettings::is_factory_device();
    // Worded inside the view, so a change of language rewords it.
    let conflict = (!apart.is_empty()).then_some(move || {
        let each: Vec<String> = apart
            .iter()
            .map(|r| {
                let (_, key) = result_key(&r.result);
                let mut t = fill(
                    i18n.t(K::ReplyBy),
                    &[
                        ("result", i18n.t(key)),
                        ("who", &r.who),
                        ("day", &day_text(r.on)),
                    ],
                );
                if !r.comments.is_empty() {
                    t.push_str(&format!(": {}", r.comments));
                }
                t
            })
            .collect();
        format!("{} {}", i18n.t(K::ReplyConflict), each.join("; "))
    });
    let again = latest && s.result.needs_new_round();
    let kind = s.kind.clone();
    let kind_name = move || sample_kind_text(i18n.0.get(), &kind);
    let travel = [s.courier.clone(), s.tracking_no.clone()]
        .into_iter()
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let rid = unique_id("reply-result");
    let next_kind = s.kind.clone();
    let sealed = s.clone();
    view! {
        <li class=format!("record sample {class}") class:late=overdue data-testid="sample"
            data-kind=s.kind.code().to_string() data-round=s.round.to_string() data-result=class
            data-overdue=overdue.to_string()>
            <div class="ms-head">
                <strong>{kind_name}" · "{move || i18n.t(K::Round)}" "{s.round}</strong>
                <span class=format!("badge {class}") data-testid="sample-result">{move || i18n.t(label)}</span>
            </div>
            <div class="ms-dates">
                <span>{move || i18n.t(K::SentDate)}": "{day_text(s.sent)}</span>
                <span class:late-text=overdue>{move || i18n.t(K::ReplyDue)}": "{day_text(s.reply_due)}</span>
                {overdue.then(|| view! { <strong class="late-text" data-testid="reply-overdue">{move || i18n.t(K::ReplyOverdue)}</strong> })}
                {(!travel.is_empty()).then(|| view! { <span>{travel}</span> })}
            </div>
            {(!s.remarks.is_empty()).then(|| view! { <p class="small">{s.remarks.clone()}</p> })}
            {s.replied.map(|d| view! {
                <p class="small" data-testid="sample-reply">
                    {move || i18n.t(K::RepliedOn)}" "{d.to_string()}
                    {(!s.comments.is_empty()).then(|| format!(": {}", s.comments))}
                    {(!s.replied_by.is_empty()).then(|| format!(" · {}", s.replied_by))}
                </p>
            })}
            {conflict.map(|t| view! {
                <p class="bad small" data-testid="sample-reply-conflict">{t}</p>
            })}
            // The buyer's verdict is the office's to record, not the factory's phone's.
            {(pending && factory_phone).then(|| view! {
                <p class="notice small" data-testid="office-decides">{move || i18n.t(K::FactoryOfficeDecides)}</p>
            })}
            {(pending && !factory_phone).then(|| view! {
                <form class="inline-form" on:submit=record novalidate>
                    <div class="field">
                        <label for=rid.clone()>{move || i18n.t(K::BuyerReply)}</label>
                        <select id=rid data-testid="reply-result" on:change=move |ev| result.set(event_target_value(&ev))>
                            {[SampleResult::Approved, SampleResult::Rejected, SampleResult::Resubmit].into_iter().map(|r| {
                                let (code, key) = result_key(&r);
                                view! { <option value=code selected=move || result.get() == code>{move || i18n.t(key)}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <TextInput label=K::BuyerComments value=comments testid="reply-comments" factory_reads=true/>
                    <TextInput label=K::ReplyDate value=on kind="date" testid="reply-date"/>
                    <button type="submit" data-testid="record-reply">{move || i18n.t(K::RecordReply)}</button>
                </form>
            })}
            {again.then(|| view! {
                <button type="button" class="warn" data-testid="new-round"
                    on:click=move |_| on_next_round.run(next_kind.clone())>
                    {move || i18n.t(K::NewRound)}
                </button>
            })}
            <ActionError error=error testid="sample-row-error"/>
            <super::seal::SealSample ctx=ctx id=sid.get_value() s=sealed latest=latest/>
        </li>
    }
}

#[cfg(test)]
mod tests {
    //! A sample whose buyer's reply two devices recorded differently offline: the row says both
    //! and asks again; recorded again, the disagreement goes and who recorded it is shown.
    use crate::i18n::Lang;
    use crate::screen_tests::{click, loaded_order, mount, text_of, type_into, until};
    use crate::storage::agenda_tests::repo_with_order;
    use gendan_domain::samples::{self, Sample, SampleKind, SampleResult};
    use leptos::prelude::*;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    wasm_bindgen_test_configure!(run_in_browser);

    /// The order's samples: one PP sample, round 1, sent `on` and waiting for the buyer.
    fn sent_pp(o: &mut gendan_domain::Order, on: gendan_domain::Day) {
        o.samples.clear();
        o.samples.insert(
            "s1".into(),
            Sample {
                kind: SampleKind::from_code("pp"),
                round: 1,
                sent: Some(on),
                ..Sample::default()
            },
        );
    }

    /// The buyer's verdict on a sample is the office's to record: a factory's phone shows the
    /// sample waiting, and no form to record the reply.
    #[wasm_bindgen_test]
    async fn a_factorys_phone_records_no_buyers_reply() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("sample-reply-factory", "PO-REPLY-FACTORY").await;
        let on = crate::platform::today();
        repo.edit_order(&id, move |o| {
            sent_pp(o, on);
            Ok(())
        })
        .await
        .expect("sent");
        let ctx = loaded_order(&app, &repo, &id).await;
        let factory = crate::screen_tests::AsFactoryPhone::new();
        let screen = mount(
            &app,
            move || view! { <super::super::SamplesSection ctx=ctx/> },
        );
        until(|| text_of("sample-result").is_some()).await;
        drop(factory);
        assert!(text_of("office-decides").is_some_and(|t| t.contains("office decides")));
        assert!(text_of("record-reply").is_none());
        assert!(text_of("reply-result").is_none());
        screen.leave();
    }

    #[wasm_bindgen_test]
    async fn replies_recorded_differently_are_said_and_asked_again() {
        let before = crate::prefs::user_name();
        crate::prefs::set_user_name("Zhou");
        let app = Owner::new();
        let (repo, id) = repo_with_order("sample-replies", "PO-REPLIES").await;
        let on = crate::platform::today();
        repo.edit_order(&id, move |o| {
            sent_pp(o, on);
            samples::record_reply_by(o, "s1", SampleResult::Approved, "", on, on, ("Li", "ra"))?;
            // Another device's reply, recorded without having seen Li's: merged in beside it.
            let mut theirs = o.samples["s1"].replies["ra"].clone();
            theirs.result = SampleResult::Rejected;
            theirs.comments = "shade too dark".into();
            theirs.who = "Wang".into();
            if let Some(s) = o.samples.get_mut("s1") {
                s.replies.insert("rb".into(), theirs);
            }
            Ok(())
        })
        .await
        .expect("merged");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(
            &app,
            move || view! { <super::super::SamplesSection ctx=ctx/> },
        );
        until(|| text_of("sample-reply-conflict").is_some()).await;
        let said = text_of("sample-reply-conflict").expect("said");
        assert!(
            said.contains("Approved by Li")
                && said.contains("by Wang")
                && said.contains("shade too dark"),
            "{said}"
        );
        assert!(
            said.starts_with(crate::i18n::K::ReplyConflict.text(Lang::En)),
            "{said}"
        );

        type_into("reply-comments", "");
        click("record-reply");
        until(|| text_of("sample-reply-conflict").is_none()).await;
        let o = repo.order(&id).await.expect("reads");
        assert!(o.samples["s1"].reply_conflict().is_empty());
        assert_eq!(o.samples["s1"].replied_by, "Zhou");
        assert!(text_of("sample-reply").is_some_and(|t| t.contains("Zhou")));
        screen.leave();
        crate::prefs::set_user_name(&before);
    }

    #[wasm_bindgen_test]
    async fn a_seal_a_later_round_replaced_is_said_to_be_no_reference() {
        let app = Owner::new();
        let (repo, id) = repo_with_order("sample-seal", "PO-SEAL").await;
        let on = crate::platform::today();
        repo.edit_order(&id, move |o| {
            o.samples.clear();
            let pp = Sample {
                kind: SampleKind::PreProduction,
                sent: Some(on),
                ..Sample::default()
            };
            samples::add(o, "s1", pp.clone(), on)?;
            samples::record_reply_by(o, "s1", SampleResult::Approved, "", on, on, ("Li", "ra"))?;
            samples::seal(o, "s1", ("Li", on, "shelf A-3"))?;
            // The buyer asks for another round: the sealed piece is superseded.
            samples::add(o, "s2", pp, on)
        })
        .await
        .expect("saved");
        let ctx = loaded_order(&app, &repo, &id).await;
        let screen = mount(
            &app,
            move || view! { <super::super::SamplesSection ctx=ctx/> },
        );
        until(|| text_of("seal-stale").is_some()).await;
        assert!(text_of("sample-sealed").is_some_and(|t| t.contains("shelf A-3")));
        // The new round, pending, offers no seal yet.
        assert!(text_of("seal-sample").is_none());
        screen.leave();
    }
}
