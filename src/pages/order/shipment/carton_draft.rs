//! What is typed into the carton line form, one signal an input, and how it is read strictly into
//! a [`CartonLine`]: numbers through `pages::typed`, sides in centimetres to the millimetre
//! (`packing::parse_cm`), a ratio spread over the pieces per carton (`packing::ratio`), and the
//! line's own rules (`CartonLine::problems`) — the first refusal said in the user's language.

use std::collections::BTreeMap;

use gendan_domain::measure::Milli;
use gendan_domain::order::{Field, Problem, QuantityMatrix};
use gendan_domain::packing::{self, CartonLine, PackKind, MAX_CARTON_NO};
use leptos::prelude::*;

use crate::i18n::{problem_text, I18n};
use crate::pages::typed;

#[derive(Clone, Copy)]
pub struct CartonDraft {
    /// The line being edited; `None` adds a new one.
    pub editing: RwSignal<Option<String>>,
    pub from: RwSignal<String>,
    pub to: RwSignal<String>,
    /// [`PackKind::code`].
    pub pack: RwSignal<String>,
    pub colour: RwSignal<String>,
    /// The size of a solid carton.
    pub size: RwSignal<String>,
    /// Ratio parts typed per size id.
    pub parts: RwSignal<BTreeMap<String, String>>,
    pub pieces: RwSignal<String>,
    pub length: RwSignal<String>,
    pub width: RwSignal<String>,
    pub height: RwSignal<String>,
    pub net: RwSignal<String>,
    pub gross: RwSignal<String>,
}

impl CartonDraft {
    pub fn new() -> CartonDraft {
        let s = || RwSignal::new(String::new());
        CartonDraft {
            editing: RwSignal::new(None),
            from: s(),
            to: s(),
            pack: RwSignal::new(PackKind::Solid.code().to_string()),
            colour: s(),
            size: s(),
            parts: RwSignal::new(BTreeMap::new()),
            pieces: s(),
            length: s(),
            width: s(),
            height: s(),
            net: s(),
            gross: s(),
        }
    }

    /// Empties the form for a new line starting at carton `next`.
    pub fn clear(self, next: u32) {
        self.editing.set(None);
        self.from.set(next.to_string());
        for s in [self.to, self.pieces] {
            s.set(String::new());
        }
        self.parts.set(BTreeMap::new());
    }

    /// Fills the form from a line to edit it.
    pub fn fill(self, id: &str, l: &CartonLine) {
        self.editing.set(Some(id.to_string()));
        self.from.set(l.from.to_string());
        self.to.set(l.to.to_string());
        self.pack.set(l.pack.code().to_string());
        self.pieces.set(l.pieces_per_carton().to_string());
        let mut parts = BTreeMap::new();
        for (k, n) in l.ratio() {
            if let Some((c, s)) = k.split_once(':') {
                self.colour.set(c.to_string());
                self.size.set(s.to_string());
                parts.insert(s.to_string(), n.to_string());
            }
        }
        self.parts.set(parts);
        self.length.set(packing::cm_text(l.length_mm));
        self.width.set(packing::cm_text(l.width_mm));
        self.height.set(packing::cm_text(l.height_mm));
        self.net.set(l.net_kg.to_string());
        self.gross.set(l.gross_kg.to_string());
    }

    /// The line as typed, or the first refusal in words.
    pub fn read(self, i18n: I18n, m: &QuantityMatrix) -> Result<CartonLine, String> {
        let lang = i18n.0.get_untracked();
        let say = |f: Field, i| problem_text(lang, &Problem::new(f, i));
        let whole = |f: Field, s: RwSignal<String>, max: u64| {
            typed::whole(i18n, &s.get_untracked(), max)
                .map_err(|e| format!("{}: {e}", crate::i18n::field_key(&f).text(lang)))
        };
        let max = u64::from(MAX_CARTON_NO);
        let from = whole(Field::CartonFrom, self.from, max)? as u32;
        let to = whole(Field::CartonTo, self.to, max)? as u32;
        let pieces = whole(Field::PiecesPerCarton, self.pieces, 1_000_000)?;
        let pack = PackKind::from_code(&self.pack.get_untracked());
        // Nothing picked is the first entry, which the select shows.
        let first = |l: Vec<(gendan_domain::RecordId, &gendan_domain::order::Line)>| {
            l.first().map(|(i, _)| i.to_string()).unwrap_or_default()
        };
        let or_first = |s: RwSignal<String>, l| {
            let v = s.get_untracked();
            if v.is_empty() {
                first(l)
            } else {
                v
            }
        };
        let colour = or_first(self.colour, m.colours_in_order());
        if !m.colours.contains_key(&colour) {
            return Err(say(Field::Colours, gendan_domain::order::Issue::Required));
        }
        let per_carton = if pack == PackKind::Ratio {
            let typed_parts = self.parts.get_untracked();
            let mut parts = Vec::new();
            for (sid, _) in m.sizes_in_order() {
                let t = typed_parts.get(sid.as_str()).cloned().unwrap_or_default();
                if !t.trim().is_empty() {
                    parts.push((
                        sid.to_string(),
                        whole(Field::PerCarton, RwSignal::new(t), 1_000)?,
                    ));
                }
            }
            let refs: Vec<_> = parts
                .iter()
                .map(|(s, n)| (colour.as_str(), s.as_str(), *n))
                .collect();
            packing::ratio(&refs, pieces).map_err(|p| problem_text(lang, &p))?
        } else {
            let size = or_first(self.size, m.sizes_in_order());
            if !m.sizes.contains_key(&size) {
                return Err(say(Field::Sizes, gendan_domain::order::Issue::Required));
            }
            packing::solid(&colour, &size, pieces)
        };
        let cm = |f: Field, s: RwSignal<String>| {
            packing::parse_cm(&s.get_untracked()).map_err(|i| say(f, i))
        };
        let kg = |f: Field, s: RwSignal<String>| {
            let t = s.get_untracked();
            if t.trim().is_empty() {
                return Ok(Milli::ZERO);
            }
            typed::milli(i18n, &t)
                .map_err(|e| format!("{}: {e}", crate::i18n::field_key(&f).text(lang)))
        };
        let line = CartonLine {
            from,
            to,
            pack,
            per_carton,
            length_mm: cm(Field::CartonLength, self.length)?,
            width_mm: cm(Field::CartonWidth, self.width)?,
            height_mm: cm(Field::CartonHeight, self.height)?,
            net_kg: kg(Field::NetKg, self.net)?,
            gross_kg: kg(Field::GrossKg, self.gross)?,
        };
        match line.problems().first() {
            Some(p) => Err(problem_text(lang, p)),
            None => Ok(line),
        }
    }
}
