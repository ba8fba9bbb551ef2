//! The one stable sort the app and the domain call, so the wasm carries one copy of the standard
//! library's sort instead of one per call site.
//!
//! `slice::sort_by` is generic over the comparator, and its driftsort is ~4 KiB of wasm per
//! instantiation: every call site with its own closure paid that again (123 copies, ~500 KB before
//! wasm-opt, when this module was written). Here the standard sort runs once, over positions with a
//! `dyn` comparator, and each caller only adds a small loop that moves its items into that order.
//! Stable, and like `slice::sort_by` it needs a comparator that is a total order.
//!
//! `collect()` into a `BTreeMap` sorts too, with a comparator defined inside `from_iter`, so each
//! call site's iterator type compiled its own driftsort (~20 copies). [`CollectMap::collect_map`]
//! inserts instead, and [`CollectSet::collect_set`] likewise for sets (one sort per element type).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// `collect()` into a `BTreeMap` without its sort: the pairs are inserted one by one (a later
/// value for a key replaces an earlier one, as `collect()` does).
pub trait CollectMap<K: Ord, V>: Iterator<Item = (K, V)> + Sized {
    fn collect_map(self) -> BTreeMap<K, V> {
        let mut map = BTreeMap::new();
        map.extend(self);
        map
    }
}

impl<K: Ord, V, I: Iterator<Item = (K, V)>> CollectMap<K, V> for I {}

/// `collect()` into a `BTreeSet` without its sort (one copy per element type), by inserting.
pub trait CollectSet<T: Ord>: Iterator<Item = T> + Sized {
    fn collect_set(self) -> BTreeSet<T> {
        let mut set = BTreeSet::new();
        set.extend(self);
        set
    }
}

impl<T: Ord, I: Iterator<Item = T>> CollectSet<T> for I {}

/// Sorts `v` by `cmp`, keeping equal items in their current order.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = permutation(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    apply(v, order);
}

/// Sorts `v` by the key `key` gives each item, keeping items with equal keys in their current order.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in its natural order.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// Sorts `v` and removes repeats: a sorted set in a `Vec`.
pub fn sort_dedup<T: Ord>(v: &mut Vec<T>) {
    sort(v);
    v.dedup();
}

/// The positions `0..len` in the order `cmp` puts them. Not generic: the only instantiation of the
/// standard library's sort this module makes.
fn permutation(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Moves the items of `v` so that position `i` holds the item that was at `order[i]`, following each
/// cycle of the permutation with swaps.
fn apply<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..v.len() {
        let mut at = start;
        loop {
            let from = order[at];
            // Mark the position as placed, so the outer loop skips the rest of this cycle.
            order[at] = at;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

/// Each record taken for another's second entry, with the one it repeats: `live` is in the
/// order that decides which of two alike stands (the first), and a record is repeated only by
/// one that is not itself a repeat. What the buyer's deductions and the debits charged back to
/// a supplier share ([`crate::deductions::twins`], [`crate::factory_debits::twins`]).
pub fn first_alike<T>(
    live: &[(&String, &T)],
    alike: impl Fn(&T, &T) -> bool,
) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for (i, (id, r)) in live.iter().enumerate() {
        let first = live[..i]
            .iter()
            .find(|(other, o)| !out.contains_key(*other) && alike(o, r));
        if let Some((other, _)) = first {
            out.insert((*id).clone(), (*other).clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn equal_keys_keep_their_order() {
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        sort_by_key(&mut v, |p| p.0);
        assert_eq!(v, [(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
    }

    #[test]
    fn sort_dedup_leaves_a_sorted_set() {
        let mut v = vec!["b", "a", "b", "c", "a"];
        sort_dedup(&mut v);
        assert_eq!(v, ["a", "b", "c"]);
    }

    proptest! {
        /// Same result as the standard library's stable sort, including the order of equal keys.
        #[test]
        fn sorts_as_the_standard_library_does(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)) {
            let mut ours = items.clone();
            let mut std_sorted = items;
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            std_sorted.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std_sorted);
        }

        /// The same map as `collect()`, a repeated key keeping its last value.
        #[test]
        fn collect_map_is_collect(pairs in proptest::collection::vec((0u8..20, any::<u16>()), 0..100)) {
            let ours = pairs.iter().copied().collect_map();
            let std_map: BTreeMap<u8, u16> = pairs.into_iter().collect();
            prop_assert_eq!(ours, std_map);
        }

        #[test]
        fn collect_set_is_collect(items in proptest::collection::vec(0u8..20, 0..100)) {
            let ours = items.iter().copied().collect_set();
            let std_set: BTreeSet<u8> = items.into_iter().collect();
            prop_assert_eq!(ours, std_set);
        }
    }
}
