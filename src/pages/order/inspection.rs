//! The inspection screen, made for a phone held in one hand on a factory floor with no network:
//! the lot and AQLs give the sampling plan (shown large), defects are counted by tapping the
//! workspace's defect library, measurements and camera photos (downscaled on the device, stored
//! by content hash) are recorded, the verdict follows, and a failed lot gets a linked
//! re-inspection after rework.

use gendan_domain::inspection::{
    self, Defect, DefectClass, Inspection, InspectionKind, Level, Measurement, Stringency, Verdict,
};
use gendan_domain::{DomainError, Milli, Order};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use super::ctx::{code_text, day_text, new_id, rule_text, today, OrderCtx};
use super::inspections::verdict_key;
use crate::components::action_error::ActionError;
use crate::components::text_input::{unique_id, TextInput};
use crate::i18n::{use_i18n, Lang, K};
use crate::sync::blobs::FetchError;
use crate::{navigate, use_app, Route};

fn with_insp<R>(
    o: &mut Order,
    id: &str,
    f: impl FnOnce(&mut Inspection) -> Result<R, DomainError>,
) -> Result<R, DomainError> {
    let i = o
        .inspections
        .get_mut(id)
        .ok_or_else(|| DomainError::not_found("inspection", id))?;
    f(i)
}

type InspectionEdit = Box<dyn FnOnce(&mut Inspection) -> Result<(), DomainError>>;

#[derive(Clone, PartialEq)]
enum Loading {
    Wait,
    Ready,
    Failed(String),
}

#[component]
pub fn InspectionPage(order_id: String, inspection_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = OrderCtx::new(order_id.clone());
    let state = RwSignal::new(Loading::Wait);
    spawn_local(async move {
        match ctx.load().await {
            Ok(()) => state.set(Loading::Ready),
            Err(e) => state.set(Loading::Failed(e)),
        }
    });
    let iid = StoredValue::new(inspection_id);
    let insp = Memo::new(move |_| {
        ctx.order
            .with(|o| o.inspections.get(&iid.get_value()).cloned())
    });
    let back = Route::Order(order_id).href();
    view! {
        <section class="page inspection-page">
            <a class="back" href=back data-testid="back-to-order"
                on:click=move |_| super::remember_section(&ctx.id(), "qc")>
                {move || format!("← {}", i18n.t(K::BackToOrder))}
            </a>
            {move || match state.get() {
                Loading::Wait => view! { <p class="muted">{i18n.t(K::Loading)}</p> }.into_any(),
                Loading::Failed(e) => view! { <p class="card error" role="alert">{i18n.t(K::OrderNotFound)}" "{e}</p> }.into_any(),
                Loading::Ready => match insp.get() {
                    None => view! { <p class="card error" role="alert">{i18n.t(K::InspectionNotFound)}</p> }.into_any(),
                    Some(_) => view! { <InspectionBody ctx=ctx iid=iid insp=insp/> }.into_any(),
                },
            }}
        </section>
    }
}

#[component]
fn InspectionBody(
    ctx: OrderCtx,
    iid: StoredValue<String>,
    insp: Memo<Option<Inspection>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let cur = move || insp.get().unwrap_or_default();
    let init = insp.get_untracked().unwrap_or_default();
    let kind = RwSignal::new(init.kind.code().to_string());
    let lot = RwSignal::new(init.lot_size.to_string());
    let level = RwSignal::new(init.level.code().to_string());
    let stringency = RwSignal::new(init.stringency.code().to_string());
    let aql_cr = RwSignal::new(init.aqls.critical.clone());
    let aql_ma = RwSignal::new(init.aqls.major.clone());
    let aql_mi = RwSignal::new(init.aqls.minor.clone());
    let setup_error = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);

    let edit = move |f: InspectionEdit, err: RwSignal<Option<String>>| {
        let id = iid.get_value();
        spawn_local(async move {
            let res = ctx.edit(move |o| with_insp(o, &id, f)).await;
            err.set(res.err().map(|f| f.text));
        });
    };

    let save_setup = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(l) = lot.get_untracked().trim().parse::<u32>() else {
            setup_error.set(Some(i18n.t(K::ErrNotWhole).to_string()));
            return;
        };
        let (k, lv, st) = (
            kind.get_untracked(),
            level.get_untracked(),
            stringency.get_untracked(),
        );
        let (c, ma, mi) = (
            aql_cr.get_untracked(),
            aql_ma.get_untracked(),
            aql_mi.get_untracked(),
        );
        edit(
            Box::new(move |i| {
                if i.kind != InspectionKind::Reinspection {
                    i.kind = InspectionKind::from_code(&k);
                }
                i.lot_size = l;
                i.level = Level::from_code(&lv);
                i.stringency = Stringency::from_code(&st);
                i.aqls.critical = c.trim().to_string();
                i.aqls.major = ma.trim().to_string();
                i.aqls.minor = mi.trim().to_string();
                // Refuse a plan that cannot be drawn (an AQL not in the table).
                i.plans().map(|_| ())
            }),
            setup_error,
        );
    };

    let tap = move |code: String, class: DefectClass, delta: i32| {
        edit(
            Box::new(move |i| {
                let existing = i
                    .defects
                    .iter()
                    .find(|(_, d)| d.code == code && d.class == class)
                    .map(|(k, _)| k.clone());
                match existing {
                    Some(k) => {
                        let d = i.defects.get_mut(&k).expect("found above");
                        d.count = if delta < 0 {
                            d.count.saturating_sub(1)
                        } else {
                            d.count.saturating_add(1)
                        };
                    }
                    None if delta > 0 => {
                        i.defects.insert(
                            new_id(),
                            Defect {
                                code,
                                class,
                                count: 1,
                                ..Defect::default()
                            },
                        );
                    }
                    None => {}
                }
                Ok(())
            }),
            error,
        );
    };

    let finish = move |_| edit(Box::new(|i| i.complete(today())), error);
    let reopen = move |_| {
        edit(
            Box::new(|i| {
                i.completed = false;
                Ok(())
            }),
            error,
        )
    };

    let rework = RwSignal::new(String::new());
    let re_error = RwSignal::new(None::<String>);
    let request_re = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let failed = iid.get_value();
        let note = rework.get_untracked();
        // `inspection::final_passed` takes the latest completed final by (date, id): on the same
        // day the re-inspection must sort after the inspection it repeats, or the failed one
        // would still count as the latest.
        let mut new = new_id();
        for _ in 0..256 {
            if new > failed {
                break;
            }
            new = new_id();
        }
        let new2 = new.clone();
        spawn_local(async move {
            let res = ctx
                .edit(move |o| inspection::reinspect(o, &failed, &new2, &note, Some(today())))
                .await;
            match res {
                Ok(()) => navigate(&Route::Inspection(ctx.id(), new)),
                Err(f) => re_error.set(Some(f.text)),
            }
        });
    };

    let plans = move || insp.with(|i| i.as_ref().map(|i| i.plans()));
    let verdict = move || {
        insp.with(|i| i.as_ref().map(|i| i.verdict()))
            .unwrap_or(Ok(Verdict::Pending))
    };
    let completed = move || insp.with(|i| i.as_ref().is_some_and(|i| i.completed));
    let library = move || {
        let lang = i18n.0.get();
        ctx.workspace.with(|w| {
            let mut v: Vec<_> = w
                .defects
                .values()
                .map(|d| {
                    let name = if lang == Lang::Zh {
                        d.zh.clone()
                    } else {
                        d.en.clone()
                    };
                    (d.code.clone(), name, d.default_class.clone())
                })
                .collect();
            v.sort();
            v
        })
    };
    let count_of = move |code: &str, class: &DefectClass| {
        insp.with(|i| {
            i.as_ref().map_or(0, |i| {
                i.defects
                    .values()
                    .filter(|d| d.code == code && &d.class == class)
                    .map(|d| d.count)
                    .sum::<u32>()
            })
        })
    };
    let name_of = move |code: &str| {
        let lang = i18n.0.get();
        ctx.workspace.with(|w| {
            w.defects
                .values()
                .find(|d| d.code == code)
                .map(|d| {
                    if lang == Lang::Zh {
                        d.zh.clone()
                    } else {
                        d.en.clone()
                    }
                })
                .unwrap_or_else(|| code.to_string())
        })
    };
    let kid = unique_id("i-kind");
    let lid = unique_id("i-level");
    let sid = unique_id("i-stringency");

    view! {
        <h2>
            {move || code_text(i18n, cur().kind.code())}
            " · "
            {move || ctx.order.with(|o| format!("{} {}", o.customer_po, o.style_no))}
        </h2>
        {move || cur().reinspection_of.map(|_| view! {
            <p class="muted" data-testid="reinspection-of">{move || i18n.t(K::ReinspectionOf)}" · "{cur().rework_note}</p>
        })}

        <div class=move || format!("verdict big {}", verdict_key(verdict()).0) data-testid="verdict" data-verdict=move || verdict_key(verdict()).0>
            {move || i18n.t(verdict_key(verdict()).1)}
        </div>

        <form class="card section" on:submit=save_setup novalidate data-testid="inspection-setup">
            <h3>{move || i18n.t(K::SamplingSetup)}</h3>
            <div class="grid">
                <div class="field">
                    <label for=kid.clone()>{move || i18n.t(K::InspectionKind)}</label>
                    <select id=kid data-testid="insp-kind" disabled=move || cur().kind == InspectionKind::Reinspection
                        on:change=move |ev| kind.set(event_target_value(&ev))>
                        {InspectionKind::KNOWN.iter().map(|k| {
                            let c = k.code().to_string();
                            let c2 = c.clone();
                            view! { <option value=c.clone() selected=move || kind.get() == c2>{code_text(i18n, &c)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <TextInput label=K::LotSize value=lot inputmode="numeric" testid="insp-lot"/>
                <div class="field">
                    <label for=lid.clone()>{move || i18n.t(K::InspectionLevel)}</label>
                    <select id=lid data-testid="insp-level" on:change=move |ev| level.set(event_target_value(&ev))>
                        {Level::KNOWN.iter().map(|l| {
                            let c = l.code().to_string();
                            let c2 = c.clone();
                            view! { <option value=c.clone() selected=move || level.get() == c2>{c.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=sid.clone()>{move || i18n.t(K::Stringency)}</label>
                    <select id=sid data-testid="insp-stringency" on:change=move |ev| stringency.set(event_target_value(&ev))>
                        {Stringency::KNOWN.iter().map(|st| {
                            let c = st.code();
                            view! { <option value=c selected=move || stringency.get() == c>{code_text(i18n, c)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <TextInput label=K::AqlCritical value=aql_cr inputmode="decimal" testid="aql-critical"/>
                <TextInput label=K::AqlMajor value=aql_ma inputmode="decimal" testid="aql-major"/>
                <TextInput label=K::AqlMinor value=aql_mi inputmode="decimal" testid="aql-minor"/>
            </div>
            <ActionError error=setup_error testid="setup-error"/>
            <button type="submit" data-testid="save-setup">{move || i18n.t(K::UpdatePlan)}</button>
        </form>

        <section class="card section plan" data-testid="sampling-plan">
            <h3>{move || i18n.t(K::SamplingPlan)}</h3>
            {move || match plans() {
                Some(Ok(ps)) => {
                    let n = ps.iter().map(|p| p.sample_size).max().unwrap_or(0);
                    view! {
                        <p class="sample-size"><span class="muted">{move || i18n.t(K::SampleSize)}</span>
                            <strong data-testid="sample-size">{n}</strong></p>
                        <div class="plan-grid">
                            {ps.into_iter().map(|p| {
                                let class = p.class.clone();
                                let found = Signal::derive(move || insp.with(|i| i.as_ref().map_or(0, |i| i.found(&class))));
                                let re = p.reject;
                                let code = p.class.code().to_string();
                                view! {
                                    <div class=move || { if found.get() >= re { "class-tally reject" } else { "class-tally" } } data-testid=format!("tally-{code}")>
                                        <div class="class-name">{code_text(i18n, &code)}" · AQL "{p.aql.clone()}</div>
                                        <div class="found" data-testid="found">{found}</div>
                                        <div class="acre">"Ac "{p.accept}" / Re "{p.reject}
                                            {(p.sample_size != n).then(|| format!(" · n={}", p.sample_size))}</div>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    }.into_any()
                }
                Some(Err(e)) => view! { <p class="error-text" role="alert">{rule_text(i18n.0.get(), &e)}</p> }.into_any(),
                None => ().into_any(),
            }}
        </section>

        <section class="card section" data-testid="defect-library">
            <h3>{move || i18n.t(K::Defects)}</h3>
            <ActionError error=error testid="inspection-error"/>
            <ul class="defect-list">
                {move || library().into_iter().map(|(code, name, class)| {
                    let (c1, c2) = (code.clone(), code.clone());
                    let (k1, k2, k3) = (class.clone(), class.clone(), class.clone());
                    let cnt_code = code.clone();
                    view! {
                        <li class="defect-row" data-testid="defect-type" data-code=code.clone()>
                            <span class="defect-name">{name}
                                <span class=format!("badge {}", class.code())>{code_text(i18n, class.code())}</span></span>
                            <span class="stepper">
                                <button type="button" class="step" aria-label=move || i18n.t(K::Fewer) data-testid="defect-minus"
                                    disabled=completed on:click=move |_| tap(c1.clone(), k1.clone(), -1)>"−"</button>
                                <span class="count" data-testid="defect-count">{move || count_of(&cnt_code, &k3)}</span>
                                <button type="button" class="step" aria-label=move || i18n.t(K::More) data-testid="defect-plus"
                                    disabled=completed on:click=move |_| tap(c2.clone(), k2.clone(), 1)>"+"</button>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h4>{move || i18n.t(K::Photos)}</h4>
            <ul class="found-defects">
                <For each=move || insp.with(|i| i.as_ref().map(|i| i.defects.iter().filter(|(_, d)| d.count > 0).map(|(k, d)| (k.clone(), d.clone())).collect::<Vec<_>>()).unwrap_or_default())
                    key=|(k, d)| (k.clone(), d.count, d.photos.len())
                    let:row>
                    <DefectPhotos ctx=ctx iid=iid defect_id=row.0.clone() name=name_of(&row.1.code) defect=row.1.clone()/>
                </For>
            </ul>
        </section>

        <Measurements ctx=ctx iid=iid insp=insp/>

        <section class="card section">
            {move || if completed() {
                view! {
                    <button type="button" data-testid="reopen-inspection" on:click=reopen>{move || i18n.t(K::ReopenInspection)}</button>
                }.into_any()
            } else {
                view! {
                    <button type="button" class="primary big-button" data-testid="finish-inspection" on:click=finish>{move || i18n.t(K::FinishInspection)}</button>
                }.into_any()
            }}
            <Show when=move || matches!(verdict(), Ok(Verdict::Fail))>
                <form class="reinspect" on:submit=request_re novalidate>
                    <TextInput label=K::ReworkNote value=rework testid="rework-note"/>
                    <button type="submit" class="warn" data-testid="request-reinspection">{move || i18n.t(K::RequestReinspection)}</button>
                    <ActionError error=re_error/>
                </form>
            </Show>
            <p class="muted">{move || format!("{} {}", i18n.t(K::Date), day_text(cur().date))}</p>
        </section>
    }
}

#[component]
fn DefectPhotos(
    ctx: OrderCtx,
    iid: StoredValue<String>,
    defect_id: String,
    name: String,
    defect: Defect,
) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let input_id = unique_id("photo");
    let did = StoredValue::new(defect_id);
    let on_pick = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        busy.set(true);
        spawn_local(async move {
            let out = async {
                let (bytes, _, _) = crate::photo::downscale(&file).await?;
                let repo = app.repo().ok_or("storage is not open")?;
                let hash = app
                    .track(repo.put_blob(&bytes))
                    .await
                    .map_err(|e| e.to_string())?;
                let (i, d) = (iid.get_value(), did.get_value());
                ctx.edit(move |o| {
                    with_insp(o, &i, |insp| {
                        let def = insp
                            .defects
                            .get_mut(&d)
                            .ok_or_else(|| DomainError::not_found("defect", &d))?;
                        def.add_photo(&hash, "")
                    })
                })
                .await
                .map_err(|f| f.text)
            }
            .await;
            error.set(out.err().map(|e| format!("{} {e}", i18n.t(K::PhotoFailed))));
            busy.set(false);
        });
    };
    let photos: Vec<String> = defect.photos.keys().cloned().collect();
    view! {
        <li class="defect-photos" data-testid="defect-record">
            <div class="defect-name">{name}" × "{defect.count}</div>
            <div class="thumbs">
                {photos.into_iter().map(|h| view! { <PhotoThumb hash=h/> }).collect_view()}
            </div>
            <label class="button photo-button" for=input_id.clone()>
                {move || if busy.get() { i18n.t(K::Saving) } else { i18n.t(K::AddPhoto) }}
            </label>
            <input id=input_id class="visually-hidden" type="file" accept="image/*" capture="environment"
                data-testid="photo-input" on:change=on_pick/>
            <ActionError error=error testid="photo-error"/>
        </li>
    }
}

/// What a thumbnail shows: the photo, or why it is not here yet.
#[derive(Clone, PartialEq)]
enum Thumb {
    Loading,
    Shown(String),
    Missing(K),
}

fn fetch_problem(e: &FetchError) -> K {
    match e {
        FetchError::NoRelay => K::PhotoNoRelay,
        FetchError::Unreachable => K::PhotoUnreachable,
        FetchError::NotOnRelay => K::PhotoNotUploaded,
        FetchError::Refused => K::PhotoRefused,
        FetchError::Damaged(_) => K::PhotoDamaged,
    }
}

/// Shows a photo from this device, or fetches it from the relay when a document names a photo
/// taken on another device.
#[component]
fn PhotoThumb(hash: String) -> impl IntoView {
    let i18n = use_i18n();
    let app = use_app();
    let thumb = RwSignal::new(Thumb::Loading);
    let load = {
        let h = hash.clone();
        move || {
            let h = h.clone();
            thumb.set(Thumb::Loading);
            spawn_local(async move {
                let Some(repo) = app.repo() else { return };
                let bytes = match repo.get_blob(&h).await {
                    Ok(Some(bytes)) => Ok(bytes),
                    Ok(None) | Err(_) => crate::sync::blobs::fetch(&repo, &h).await,
                };
                let next = match bytes {
                    Ok(bytes) => match crate::photo::object_url(&bytes, "image/jpeg") {
                        Some(u) => Thumb::Shown(u),
                        None => Thumb::Missing(K::PhotoDamaged),
                    },
                    Err(e) => Thumb::Missing(fetch_problem(&e)),
                };
                thumb.set(next);
            });
        }
    };
    load();
    on_cleanup(move || {
        if let Thumb::Shown(u) = thumb.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    });
    view! {
        {move || match thumb.get() {
            Thumb::Shown(u) => view! { <img class="thumb" src=u alt=move || i18n.t(K::PhotoAlt) data-testid="photo" data-hash=hash.clone()/> }.into_any(),
            Thumb::Loading => view! { <span class="thumb missing" data-testid="photo-loading">{move || i18n.t(K::PhotoFetching)}</span> }.into_any(),
            Thumb::Missing(why) => {
                let load = load.clone();
                view! {
                    <div class="photo-missing" data-testid="photo-missing" role="status">
                        <span>{move || i18n.t(why)}</span>
                        <button type="button" data-testid="photo-retry" on:click=move |_| load()>{move || i18n.t(K::TryAgain)}</button>
                    </div>
                }.into_any()
            }
        }}
    }
}

#[component]
fn Measurements(
    ctx: OrderCtx,
    iid: StoredValue<String>,
    insp: Memo<Option<Inspection>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let point = RwSignal::new(String::new());
    let size = RwSignal::new(String::new());
    let spec = RwSignal::new(String::new());
    let tol = RwSignal::new(String::new());
    let values = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parse = |s: &str| s.trim().parse::<Milli>().ok();
        let (Some(sp), Some(t)) = (parse(&spec.get_untracked()), parse(&tol.get_untracked()))
        else {
            error.set(Some(i18n.t(K::ErrNotNumber).to_string()));
            return;
        };
        let vals: Option<Vec<Milli>> = values
            .get_untracked()
            .split([',', ' ', '，'])
            .filter(|s| !s.trim().is_empty())
            .map(parse)
            .collect();
        let Some(vals) = vals else {
            error.set(Some(i18n.t(K::ErrNotNumber).to_string()));
            return;
        };
        if point.get_untracked().trim().is_empty() {
            error.set(Some(i18n.t(K::ErrRequired).to_string()));
            return;
        }
        let m = Measurement {
            point: point.get_untracked().trim().to_string(),
            size: size.get_untracked().trim().to_string(),
            spec: sp,
            tolerance: t,
            measured: vals.into_iter().map(|v| (new_id(), v)).collect(),
        };
        let id = iid.get_value();
        spawn_local(async move {
            let res = ctx
                .edit(move |o| {
                    with_insp(o, &id, |i| {
                        i.measurements.insert(new_id(), m);
                        Ok(())
                    })
                })
                .await;
            match res {
                Ok(()) => {
                    error.set(None);
                    point.set(String::new());
                    values.set(String::new());
                }
                Err(f) => error.set(Some(f.text)),
            }
        });
    };
    let rows = move || {
        insp.with(|i| {
            i.as_ref()
                .map(|i| i.measurements.values().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    };
    view! {
        <section class="card section" data-testid="measurements">
            <h3>{move || i18n.t(K::Measurements)}</h3>
            <ul class="log">
                {move || rows().into_iter().map(|m| {
                    let out = m.out_of_tolerance();
                    let vals = m.measured.values().map(|v| v.to_string()).collect::<Vec<_>>().join(", ");
                    view! {
                        <li class:bad={out > 0} data-testid="measurement">
                            {format!("{} {} · {} ± {} · {vals} · ", m.point, m.size, m.spec, m.tolerance)}
                            {move || i18n.t(K::OutOfTolerance)}{format!(": {out}")}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="inline-form" on:submit=add novalidate>
                <TextInput label=K::MeasurePoint value=point testid="m-point"/>
                <TextInput label=K::Size value=size testid="m-size"/>
                <TextInput label=K::Spec value=spec inputmode="decimal" testid="m-spec"/>
                <TextInput label=K::Tolerance value=tol inputmode="decimal" testid="m-tol"/>
                <TextInput label=K::MeasuredValues value=values testid="m-values"/>
                <button type="submit" data-testid="m-add">{move || i18n.t(K::AddMeasurement)}</button>
            </form>
            <ActionError error=error/>
        </section>
    }
}
