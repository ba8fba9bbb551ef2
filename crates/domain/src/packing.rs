//! Carton lines as on a real packing list: a range of carton numbers packed alike (solid — one
//! colour, one size — or by ratio, S:M:L = 1:2:1), what one carton holds by colour and size, its
//! outer dimensions and weights. Every total a packing list prints (cartons, pieces per cell,
//! CBM, net and gross kilograms) is derived from the lines here, never typed.
//!
//! Lines are records keyed by random ids inside a shipment, so two devices adding cartons to the
//! same shipment both keep theirs. Dimensions are whole millimetres and weights thousandths of a
//! kilogram (grams); a total is computed exactly and rounded once, so 40 cartons of 0.0696 m³
//! make 2.784 m³ and not 40 × a rounded figure.

use autosurgeon::{Hydrate, Reconcile};

use crate::measure::Milli;
use crate::number::{self, Sign};
use crate::order::cell_key;
use crate::problem::{Field, Issue, Problem};
use crate::records::RecordMap;

/// The highest carton number a line may reach: a typo is likelier than a larger shipment.
pub const MAX_CARTON_NO: u32 = 100_000;

/// The largest side of a carton in millimetres (3 m): beyond that a unit was mistyped.
pub const MAX_SIDE_MM: u32 = 3_000;

crate::code_enum! {
    /// How a carton is packed.
    pub enum PackKind default Solid {
        /// One colour, one size in every carton.
        Solid = "solid",
        /// Several sizes (or colours) in a fixed ratio in every carton.
        Ratio = "ratio",
    }
}

/// One line of the packing list: cartons `from`–`to` (inclusive), each packed the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Reconcile, Hydrate)]
pub struct CartonLine {
    pub from: u32,
    pub to: u32,
    pub pack: PackKind,
    /// Pieces in one carton, keyed by `"{colour_id}:{size_id}"` as the order's matrix is.
    pub per_carton: RecordMap<u64>,
    /// Outer dimensions of one carton, in millimetres (typed in centimetres to the millimetre).
    pub length_mm: u32,
    pub width_mm: u32,
    pub height_mm: u32,
    /// Kilograms per carton, to the gram.
    pub net_kg: Milli,
    pub gross_kg: Milli,
}

crate::record_fields!(CartonLine;
    from: u32,
    to: u32,
    pack: PackKind,
    per_carton: RecordMap<u64>,
    length_mm: u32,
    width_mm: u32,
    height_mm: u32,
    net_kg: Milli,
    gross_kg: Milli,
);

/// What a set of carton lines adds up to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PackTotals {
    pub cartons: u64,
    /// Pieces per `"{colour}:{size}"` cell.
    pub cells: RecordMap<u64>,
    pub pieces: u64,
    /// Cubic metres to the litre, rounded half up once over the whole.
    pub cbm: Milli,
    pub net_kg: Milli,
    pub gross_kg: Milli,
}

impl CartonLine {
    /// Cartons in the range; zero for a range written backwards.
    pub fn cartons(&self) -> u64 {
        if self.to < self.from {
            0
        } else {
            u64::from(self.to - self.from) + 1
        }
    }

    pub fn pieces_per_carton(&self) -> u64 {
        self.per_carton
            .values()
            .fold(0, |a: u64, q| a.saturating_add(*q))
    }

    /// Pieces of one cell over the whole range.
    pub fn pieces_of(&self, cell: &str) -> u64 {
        self.per_carton
            .get(cell)
            .copied()
            .unwrap_or(0)
            .saturating_mul(self.cartons())
    }

    /// One carton's volume in cubic millimetres.
    fn volume_mm3(&self) -> u128 {
        u128::from(self.length_mm) * u128::from(self.width_mm) * u128::from(self.height_mm)
    }

    /// One carton's volume in cubic metres, to the litre (half up).
    pub fn carton_cbm(&self) -> Milli {
        litres(self.volume_mm3())
    }

    /// The ratio the carton is packed in, smallest whole numbers: 6/12/6 pieces read 1:2:1.
    pub fn ratio(&self) -> RecordMap<u64> {
        let g = self.per_carton.values().fold(0, |a, &b| gcd(a, b));
        self.per_carton
            .iter()
            .map(|(k, v)| (k.clone(), v.checked_div(g).unwrap_or(0)))
            .collect()
    }

    /// What is wrong with the line as typed, each said about its input.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        if self.from == 0 || self.from > MAX_CARTON_NO {
            out.push(Problem::new(Field::CartonFrom, Issue::NotPositive));
        }
        if self.to < self.from || self.to > MAX_CARTON_NO {
            out.push(Problem::new(Field::CartonTo, Issue::BeforeFrom));
        }
        let cells = self.per_carton.values().filter(|&&q| q > 0).count();
        if cells == 0 {
            out.push(Problem::new(Field::PerCarton, Issue::Required));
        } else if self.pack == PackKind::Solid && cells > 1 {
            out.push(Problem::new(Field::PerCarton, Issue::SolidMixed));
        }
        for (field, side) in [
            (Field::CartonLength, self.length_mm),
            (Field::CartonWidth, self.width_mm),
            (Field::CartonHeight, self.height_mm),
        ] {
            if side == 0 {
                out.push(Problem::new(field, Issue::NotPositive));
            } else if side > MAX_SIDE_MM {
                out.push(Problem::new(field, Issue::TooLarge));
            }
        }
        if self.net_kg < Milli::ZERO {
            out.push(Problem::new(Field::NetKg, Issue::Negative));
        }
        if self.gross_kg < self.net_kg {
            out.push(Problem::new(Field::GrossKg, Issue::GrossBelowNet));
        }
        out
    }
}

/// A solid carton: `pieces` of one colour and size.
pub fn solid(colour: &str, size: &str, pieces: u64) -> RecordMap<u64> {
    RecordMap::from([(cell_key(colour, size), pieces)])
}

/// A ratio carton: `pieces` per carton spread over `(colour, size, parts)` — 24 pieces at
/// S:M:L = 1:2:1 are 6, 12 and 6. Refused when the pieces do not divide by the parts (a carton of
/// 25 at 1:2:1 cannot be packed) or no part is given.
pub fn ratio(parts: &[(&str, &str, u64)], pieces: u64) -> Result<RecordMap<u64>, Problem> {
    let sum: u64 = parts.iter().map(|p| p.2).sum();
    if sum == 0 {
        return Err(Problem::new(Field::PerCarton, Issue::Required));
    }
    if pieces == 0 {
        return Err(Problem::new(Field::PiecesPerCarton, Issue::NotPositive));
    }
    if !pieces.is_multiple_of(sum) {
        return Err(Problem::new(
            Field::PiecesPerCarton,
            Issue::RatioNotDividing { pieces, parts: sum },
        ));
    }
    let each = pieces / sum;
    let mut out = RecordMap::new();
    for (c, s, n) in parts.iter().filter(|p| p.2 > 0) {
        *out.entry(cell_key(c, s)).or_insert(0) += n * each;
    }
    Ok(out)
}

/// Reads a carton side typed in centimetres, to the millimetre (`58.5`, `58,5`) as millimetres.
pub fn parse_cm(text: &str) -> Result<u32, Issue> {
    let v = number::parse_scaled(text, 1, Sign::NonNegative)?;
    let mm = u32::try_from(v).map_err(|_| Issue::TooLarge)?;
    if mm == 0 {
        Err(Issue::NotPositive)
    } else if mm > MAX_SIDE_MM {
        Err(Issue::TooLarge)
    } else {
        Ok(mm)
    }
}

/// Millimetres shown as centimetres: 585 → "58.5", 600 → "60".
pub fn cm_text(mm: u32) -> String {
    if mm.is_multiple_of(10) {
        format!("{}", mm / 10)
    } else {
        format!("{}.{}", mm / 10, mm % 10)
    }
}

/// Sums carton lines. Cartons numbered by two lines (two devices packing the same numbers) are
/// still counted per line: the overlap is reported by [`overlaps`], never hidden.
pub fn totals<'a>(lines: impl IntoIterator<Item = &'a CartonLine>) -> PackTotals {
    let mut t = PackTotals::default();
    let mut volume: u128 = 0;
    let mut net: i128 = 0;
    let mut gross: i128 = 0;
    for l in lines {
        let n = l.cartons();
        t.cartons = t.cartons.saturating_add(n);
        for cell in l.per_carton.keys() {
            let q = l.pieces_of(cell);
            if q > 0 {
                let at = t.cells.entry(cell.clone()).or_insert(0);
                *at = at.saturating_add(q);
                t.pieces = t.pieces.saturating_add(q);
            }
        }
        volume += l.volume_mm3() * u128::from(n);
        net += i128::from(l.net_kg.thousandths()) * i128::from(n);
        gross += i128::from(l.gross_kg.thousandths()) * i128::from(n);
    }
    t.cbm = litres(volume);
    t.net_kg = Milli::from_thousandths(i64::try_from(net).unwrap_or(i64::MAX));
    t.gross_kg = Milli::from_thousandths(i64::try_from(gross).unwrap_or(i64::MAX));
    t
}

/// Pairs of line ids whose carton numbers overlap.
pub fn overlaps(lines: &RecordMap<CartonLine>) -> Vec<(String, String)> {
    let v: Vec<_> = lines.iter().filter(|(_, l)| l.cartons() > 0).collect();
    let mut out = Vec::new();
    for (i, (a, la)) in v.iter().enumerate() {
        for (b, lb) in &v[i + 1..] {
            if la.from <= lb.to && lb.from <= la.to {
                out.push(((*a).clone(), (*b).clone()));
            }
        }
    }
    out
}

/// The next free carton number after every line (1 for none): where a new line starts.
pub fn next_carton(lines: &RecordMap<CartonLine>) -> u32 {
    lines.values().map(|l| l.to).max().map_or(1, |m| m + 1)
}

/// Cubic millimetres as cubic metres to the litre, half up (10^6 mm³ is one litre).
fn litres(mm3: u128) -> Milli {
    let l = (mm3 + 500_000) / 1_000_000;
    Milli::from_thousandths(i64::try_from(l).unwrap_or(i64::MAX))
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cm_read_to_the_millimetre() {
        assert_eq!(parse_cm("58.5"), Ok(585));
        assert_eq!(parse_cm("５８，５"), Ok(585));
        assert_eq!(parse_cm("60"), Ok(600));
        assert_eq!(parse_cm("58.55"), Err(Issue::TooPrecise));
        assert_eq!(parse_cm("0"), Err(Issue::NotPositive));
        assert_eq!(parse_cm("-3"), Err(Issue::Negative));
        assert_eq!(parse_cm("301"), Err(Issue::TooLarge));
        assert_eq!(cm_text(585), "58.5");
        assert_eq!(cm_text(600), "60");
    }

    #[test]
    fn ratio_refuses_pieces_that_do_not_divide() {
        let e = ratio(&[("c", "s", 1), ("c", "m", 2), ("c", "l", 1)], 25).unwrap_err();
        assert_eq!(
            e.issue,
            Issue::RatioNotDividing {
                pieces: 25,
                parts: 4
            }
        );
        assert!(ratio(&[("c", "s", 0)], 24).is_err());
    }

    #[test]
    fn a_solid_line_with_two_cells_is_refused() {
        let mut l = CartonLine {
            from: 1,
            to: 10,
            per_carton: solid("c", "s", 12),
            length_mm: 600,
            width_mm: 400,
            height_mm: 300,
            ..CartonLine::default()
        };
        assert!(l.problems().is_empty());
        l.per_carton.insert(cell_key("c", "m"), 12);
        assert_eq!(l.problems()[0].issue, Issue::SolidMixed);
        l.pack = PackKind::Ratio;
        assert!(l.problems().is_empty());
        l.to = 0;
        assert_eq!(l.problems()[0].field, Field::CartonTo);
    }
}
