//! The filter fields and the sort: status, customer, factory, ex-factory month, late only.

use gendan_domain::OrderStatus;
use leptos::prelude::*;

use crate::i18n::{status_key, use_i18n, K};
use crate::listing::{fmt_month, Choices, Filter, SortBy};

#[component]
pub fn FilterGrid(
    filter: RwSignal<Filter>,
    sort: RwSignal<SortBy>,
    /// Customers and factories by key (a party id, or a typed customer name) with their words.
    choices: Memo<Choices>,
) -> impl IntoView {
    let i18n = use_i18n();
    let set = move |f: fn(&mut Filter, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            filter.update(|x| f(x, v));
        }
    };
    view! {
        <div class="filter-grid">
        <div class="field">
            <label for="o-status">{move || i18n.t(K::Status)}</label>
            <select id="o-status" data-testid="filter-status" on:change=set(|f, v| f.status = v)>
                <option value="">{move || i18n.t(K::AnyValue)}</option>
                {OrderStatus::ALL.iter().map(|s| {
                    let s = *s;
                    view! { <option value=s.code() selected=move || filter.with_untracked(|f| f.status == s.code())>{move || i18n.t(status_key(s))}</option> }
                }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="o-customer">{move || i18n.t(K::Customer)}</label>
            <select id="o-customer" data-testid="filter-customer" on:change=set(|f, v| f.customer = v)>
                <option value="">{move || i18n.t(K::AnyValue)}</option>
                {move || choices.with(|c| c.customers.iter().map(|(key, words)| { let sel = filter.with_untracked(|f| &f.customer == key); view! { <option value=key.clone() selected=sel>{words.clone()}</option> } }).collect_view())}
            </select>
        </div>
        <div class="field">
            <label for="o-factory">{move || i18n.t(K::FactoryCol)}</label>
            <select id="o-factory" data-testid="filter-factory" on:change=set(|f, v| f.factory = v)>
                <option value="">{move || i18n.t(K::AnyValue)}</option>
                {move || choices.with(|c| c.factories.iter().map(|(id, words)| { let sel = filter.with_untracked(|f| &f.factory == id); view! { <option value=id.clone() selected=sel>{words.clone()}</option> } }).collect_view())}
            </select>
        </div>
        <div class="field">
            <label for="o-month">{move || i18n.t(K::ExFactoryMonth)}</label>
            <select id="o-month" data-testid="filter-month" on:change=set(|f, v| f.month = v)>
                <option value="">{move || i18n.t(K::AnyValue)}</option>
                {move || {
                    let lang = i18n.0.get();
                    choices.with(|c| c.months.iter().map(|m| { let sel = filter.with_untracked(|f| &f.month == m); view! { <option value=m.clone() selected=sel>{fmt_month(lang, m)}</option> } }).collect_view())
                }}
            </select>
        </div>
        <div class="field">
            <label for="o-sort">{move || i18n.t(K::SortByLabel)}</label>
            <select id="o-sort" data-testid="sort" on:change=move |ev| sort.set(SortBy::from_code(&event_target_value(&ev)))>
                <option value=SortBy::ExFactory.code() selected=sort.get_untracked() == SortBy::ExFactory>{move || i18n.t(K::ExFactory)}</option>
                <option value=SortBy::Updated.code() selected=sort.get_untracked() == SortBy::Updated>{move || i18n.t(K::SortUpdated)}</option>
                <option value=SortBy::Po.code() selected=sort.get_untracked() == SortBy::Po>{move || i18n.t(K::CustomerPo)}</option>
            </select>
        </div>
        <label class="check" for="o-late">
            <input type="checkbox" id="o-late" data-testid="filter-late" prop:checked=move || filter.with(|f| f.late_only)
                on:change=move |ev| { let on = event_target_checked(&ev); filter.update(|f| f.late_only = on) }/>
            <span>{move || i18n.t(K::LateOnly)}</span>
        </label>
    </div>
    }
}
