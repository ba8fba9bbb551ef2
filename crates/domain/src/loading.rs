//! Loading a shipment: which of its cartons are on the truck or in the container, ticked one by
//! one at the factory gate, often with no network.
//!
//! The cartons loaded are a map keyed by carton number ([`Shipment::loaded`]), so two devices
//! ticking different cartons of the same shipment both keep theirs and a carton ticked on both
//! stays one carton. Only a carton on the shipment's packing list may be ticked: a number in one
//! of its carton lines, or for a shipment recorded before carton lines, 1 to its typed cartons.
//! The count shown ("loaded 12 / 46") reads the packing list as it is now, so a carton line
//! removed after its cartons were ticked takes them out of the count without losing the record.
//!
//! **What a carton's barcode encodes.** The shipping marks print on every carton a QR code
//! holding `"{customer PO}/{carton number}"` — `PO-SHIP-14/17` is carton 17 of order
//! PO-SHIP-14 ([`barcode`]); an order without a PO number prints the bare carton number. A scan
//! or a typed entry is read by [`parse`]: `PO/n` (refused when the PO is another order's), a bare
//! number (`17`, a factory's own sticker) or a range (`1-40`, `1–40`, `1~40`, full-width digits
//! read), each number as people type them ([`crate::number`]).

use autosurgeon::{Hydrate, Reconcile};
use thiserror::Error;

use crate::number;
use crate::packing::MAX_CARTON_NO;
use crate::problem::Issue;
use crate::shipment::Shipment;
use crate::sorting::sort_dedup;

/// Who ticked a carton and when (milliseconds since the epoch, passed in by the caller).
#[derive(Debug, Clone, PartialEq, Eq, Default, Reconcile, Hydrate)]
pub struct LoadedCarton {
    pub by: String,
    pub at_ms: i64,
}

/// Cartons `from`–`to` (inclusive), as scanned or typed; one carton is `from == to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CartonRange {
    pub from: u32,
    pub to: u32,
}

/// Why cartons were not ticked. Worded by the client, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LoadRefusal {
    /// A carton number could not be read (empty, not a number, zero, too large).
    #[error("carton number unreadable: {0:?}")]
    Unreadable(Issue),
    /// A range written backwards: `40-1`.
    #[error("carton range {from}-{to} runs backwards")]
    Backwards { from: u32, to: u32 },
    /// A barcode of another order's carton.
    #[error("carton of order {po}, not of this one")]
    OtherOrder { po: String },
    /// Cartons not on this shipment's packing list: `count` of them, the first being `first`.
    #[error("{count} carton(s) from {first} not on this shipment's packing list")]
    NotOnList { first: u32, count: u64 },
    /// Every carton asked for was loaded already; `first` is the first of them.
    #[error("carton {first} already loaded")]
    AlreadyLoaded { first: u32 },
}

/// What a tick did: cartons newly loaded, and those of the range that were loaded already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticked {
    pub new: u64,
    pub already: u64,
}

/// Loaded against total cartons, as the shipment shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    pub loaded: u64,
    pub total: u64,
}

/// The text of carton `n`'s barcode (see the module's docs).
pub fn barcode(po: &str, n: u32) -> String {
    let po = po.trim();
    if po.is_empty() {
        n.to_string()
    } else {
        format!("{po}/{n}")
    }
}

fn carton_no(text: &str) -> Result<u32, LoadRefusal> {
    let n = number::parse_whole(text.trim(), u64::from(MAX_CARTON_NO))
        .map_err(|e| LoadRefusal::Unreadable(e.into()))?;
    match u32::try_from(n) {
        Ok(0) => Err(LoadRefusal::Unreadable(Issue::NotPositive)),
        Ok(n) => Ok(n),
        Err(_) => Err(LoadRefusal::Unreadable(Issue::TooLarge)),
    }
}

/// Reads a scanned barcode or a typed entry for the order whose customer PO is `po`.
pub fn parse(text: &str, po: &str) -> Result<CartonRange, LoadRefusal> {
    let text = text.trim();
    let rest = match text.rsplit_once('/') {
        Some((p, n)) if p.trim().eq_ignore_ascii_case(po.trim()) => n,
        Some((p, _)) => {
            return Err(LoadRefusal::OtherOrder {
                po: p.trim().to_string(),
            })
        }
        None => text,
    };
    let dash = |c: char| matches!(c, '-' | '–' | '—' | '－' | '~' | '～');
    match rest.split_once(dash) {
        Some((a, b)) => {
            let (from, to) = (carton_no(a)?, carton_no(b)?);
            if to < from {
                return Err(LoadRefusal::Backwards { from, to });
            }
            Ok(CartonRange { from, to })
        }
        None => carton_no(rest).map(|n| CartonRange { from: n, to: n }),
    }
}

impl Shipment {
    /// Whether carton `n` is on this shipment's packing list.
    pub fn has_carton(&self, n: u32) -> bool {
        if self.carton_lines.is_empty() {
            return n >= 1 && u64::from(n) <= self.cartons;
        }
        self.carton_lines.values().any(|l| l.from <= n && n <= l.to)
    }

    /// Whether carton `n` is ticked as loaded (whether or not it is still on the list).
    pub fn is_loaded(&self, n: u32) -> bool {
        self.loaded.contains_key(&n.to_string())
    }

    /// Cartons loaded that are on the packing list now, against the cartons it holds.
    pub fn loading(&self) -> Progress {
        let loaded = self
            .loaded
            .keys()
            .filter_map(|k| k.parse::<u32>().ok())
            .filter(|n| self.has_carton(*n))
            .count() as u64;
        Progress {
            loaded,
            total: self.figures().cartons,
        }
    }

    /// Ticks cartons `r` as loaded by `by` at `at_ms`. Refused, ticking nothing, when any of them
    /// is not on the packing list (a typo is likelier than a carton missing from it) or when every
    /// one of them is loaded already; otherwise the ones not yet loaded are ticked.
    pub fn load(&mut self, r: CartonRange, by: &str, at_ms: i64) -> Result<Ticked, LoadRefusal> {
        let off: Vec<u32> = (r.from..=r.to).filter(|n| !self.has_carton(*n)).collect();
        if let Some(&first) = off.first() {
            return Err(LoadRefusal::NotOnList {
                first,
                count: off.len() as u64,
            });
        }
        let fresh: Vec<u32> = (r.from..=r.to).filter(|n| !self.is_loaded(*n)).collect();
        if fresh.is_empty() {
            return Err(LoadRefusal::AlreadyLoaded { first: r.from });
        }
        let already = u64::from(r.to - r.from) + 1 - fresh.len() as u64;
        for n in &fresh {
            self.loaded.insert(
                n.to_string(),
                LoadedCarton {
                    by: by.to_string(),
                    at_ms,
                },
            );
        }
        Ok(Ticked {
            new: fresh.len() as u64,
            already,
        })
    }

    /// Takes carton `n` off the loaded ones (ticked by mistake); whether it was loaded.
    pub fn unload(&mut self, n: u32) -> bool {
        self.loaded.remove(&n.to_string()).is_some()
    }

    /// The cartons on the list that are not loaded yet, in ranges: `[(1, 4), (9, 9)]`.
    pub fn not_loaded(&self) -> Vec<(u32, u32)> {
        let mut numbers: Vec<u32> = if self.carton_lines.is_empty() {
            (1..=u32::try_from(self.cartons).unwrap_or(MAX_CARTON_NO)).collect()
        } else {
            self.carton_lines
                .values()
                .flat_map(|l| l.from..=l.to.min(MAX_CARTON_NO))
                .collect()
        };
        sort_dedup(&mut numbers);
        let mut out: Vec<(u32, u32)> = Vec::new();
        for n in numbers.into_iter().filter(|n| !self.is_loaded(*n)) {
            match out.last_mut() {
                Some((_, to)) if *to + 1 == n => *to = n,
                _ => out.push((n, n)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_barcodes_are_read() {
        let r = |from, to| Ok(CartonRange { from, to });
        assert_eq!(parse("17", "PO-1"), r(17, 17));
        assert_eq!(parse(" 1-40 ", "PO-1"), r(1, 40));
        assert_eq!(parse("1–40", "PO-1"), r(1, 40));
        assert_eq!(parse("１～４", "PO-1"), r(1, 4));
        assert_eq!(parse(&barcode("PO-1", 17), "PO-1"), r(17, 17));
        assert_eq!(parse("po-1/3", "PO-1"), r(3, 3));
        assert_eq!(barcode("", 5), "5");
        assert_eq!(
            parse("PO-2/3", "PO-1"),
            Err(LoadRefusal::OtherOrder { po: "PO-2".into() })
        );
        assert_eq!(
            parse("40-1", "PO-1"),
            Err(LoadRefusal::Backwards { from: 40, to: 1 })
        );
        assert_eq!(
            parse("0", ""),
            Err(LoadRefusal::Unreadable(Issue::NotPositive))
        );
        assert_eq!(parse("", ""), Err(LoadRefusal::Unreadable(Issue::Required)));
        assert!(matches!(parse("abc", ""), Err(LoadRefusal::Unreadable(_))));
        assert_eq!(
            parse("100001", ""),
            Err(LoadRefusal::Unreadable(Issue::TooLarge))
        );
    }
}
