//! ISO 2859-1 single sampling plans: which sample to pull from a lot and how many nonconformities
//! reject it, for a given lot size, inspection level, AQL and inspection severity.
//!
//! Buyers write "AQL 2.5 major / 4.0 minor, level II" into purchase orders, and a merchandiser has
//! to know before the final inspection, offline, how many pieces the inspector will open and how
//! many defects fail the shipment. The answer is a table lookup, so the standard's tables live here
//! as data, laid out like the printed master tables so that a reviewer can hold the two side by
//! side. Arrows are followed at compile time: a table that points nowhere fails the build, never a
//! lookup.
//!
//! Source: ISO 2859-1:1999, Tables I, II-A, II-B and II-C. Every cell was cross-checked against a
//! double-blind transcription of GB/T 2828.1-2012 (the identical Chinese adoption) and, for II-A
//! and II-B, against MIL-STD-105E-derived tables. Table I and II-A are the same in ISO 2859-1,
//! ANSI/ASQ Z1.4 and MIL-STD-105E; the notes on II-B and II-C below say where older tables differ.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// The inspection levels of Table I. The special levels S-1…S-4 keep samples small for costly or
/// destructive tests; II is the general level a contract means when it names none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InspectionLevel {
    S1,
    S2,
    S3,
    S4,
    I,
    II,
    III,
}

impl InspectionLevel {
    /// In Table I's column order.
    pub const ALL: [InspectionLevel; 7] = [
        InspectionLevel::S1,
        InspectionLevel::S2,
        InspectionLevel::S3,
        InspectionLevel::S4,
        InspectionLevel::I,
        InspectionLevel::II,
        InspectionLevel::III,
    ];

    /// Column of Table I.
    const fn column(self) -> usize {
        match self {
            InspectionLevel::S1 => 0,
            InspectionLevel::S2 => 1,
            InspectionLevel::S3 => 2,
            InspectionLevel::S4 => 3,
            InspectionLevel::I => 4,
            InspectionLevel::II => 5,
            InspectionLevel::III => 6,
        }
    }
}

impl fmt::Display for InspectionLevel {
    /// As the standard writes it: "S-1" … "S-4", "I", "II", "III".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            InspectionLevel::S1 => "S-1",
            InspectionLevel::S2 => "S-2",
            InspectionLevel::S3 => "S-3",
            InspectionLevel::S4 => "S-4",
            InspectionLevel::I => "I",
            InspectionLevel::II => "II",
            InspectionLevel::III => "III",
        })
    }
}

/// ISO 2859-1's "severity of inspection" (not a complaint's [`crate::complaints::Severity`]).
/// Which master table applies. Choosing it is the switching rules' job (clause 9 of the standard),
/// which depend on the history of previous lots; this module only looks the plan up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InspectionSeverity {
    /// Table II-A.
    Normal,
    /// Table II-B.
    Tightened,
    /// Table II-C.
    Reduced,
}

impl InspectionSeverity {
    pub const ALL: [InspectionSeverity; 3] = [
        InspectionSeverity::Normal,
        InspectionSeverity::Tightened,
        InspectionSeverity::Reduced,
    ];
}

/// The master tables' columns: each AQL's label as printed and its value in thousandths, so that
/// parsing can compare exactly instead of through floats (0.1 has no exact binary form).
const AQL_COLUMNS: [(&str, u64); AQL_COUNT] = [
    ("0.010", 10),
    ("0.015", 15),
    ("0.025", 25),
    ("0.040", 40),
    ("0.065", 65),
    ("0.10", 100),
    ("0.15", 150),
    ("0.25", 250),
    ("0.40", 400),
    ("0.65", 650),
    ("1.0", 1_000),
    ("1.5", 1_500),
    ("2.5", 2_500),
    ("4.0", 4_000),
    ("6.5", 6_500),
    ("10", 10_000),
    ("15", 15_000),
    ("25", 25_000),
    ("40", 40_000),
    ("65", 65_000),
    ("100", 100_000),
    ("150", 150_000),
    ("250", 250_000),
    ("400", 400_000),
    ("650", 650_000),
    ("1000", 1_000_000),
];

const AQL_COUNT: usize = 26;

/// AQLs above this many thousandths (10) exist only for nonconformities per 100 units.
const PERCENT_LIMIT: u64 = 10_000;

/// One of the 26 acceptance quality limits the master tables have a column for.
///
/// Any other value has no plan in the standard, so it cannot be represented. The index is the
/// table column, which makes the derived ordering the numeric one.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Aql(u8);

const ALL_AQLS: [Aql; AQL_COUNT] = {
    let mut all = [Aql(0); AQL_COUNT];
    let mut i = 0;
    while i < AQL_COUNT {
        all[i] = Aql(i as u8);
        i += 1;
    }
    all
};

impl Aql {
    /// All 26, in the tables' column order (ascending).
    pub const ALL: &'static [Aql] = &ALL_AQLS;

    /// The label the standard prints: "0.010", "0.10", "1.0", "2.5", "1000".
    pub fn label(self) -> &'static str {
        AQL_COLUMNS[self.column()].0
    }

    /// True above 10: the standard defines those AQLs only in nonconformities per 100 units
    /// (defects counted, several possible per piece), never in percent nonconforming items.
    pub fn nonconformities_only(self) -> bool {
        AQL_COLUMNS[self.column()].1 > PERCENT_LIMIT
    }

    fn column(self) -> usize {
        usize::from(self.0)
    }
}

impl fmt::Debug for Aql {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Aql({})", self.label())
    }
}

impl fmt::Display for Aql {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.label())
    }
}

/// Why a string is not an [`Aql`].
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AqlError {
    #[error("no AQL given")]
    Empty,
    /// Kept apart because "AQL 0" is common buyer shorthand for "no critical defect accepted",
    /// which callers must handle themselves: ISO 2859-1 has no such plan.
    #[error(
        "0 is not an AQL: ISO 2859-1 has no zero plan; a zero-defect requirement (e.g. critical \
         defects) must be handled separately"
    )]
    Zero,
    #[error("not a number: {0:?}")]
    NotANumber(String),
    /// "2,5" is how ISO itself prints 2.5, but "1,000" is 1000 to some readers and 1.0 to others,
    /// both valid AQLs: refusing every comma beats guessing which ones are safe.
    #[error("{0:?} uses a decimal comma; write the AQL with a point, e.g. 2.5")]
    DecimalComma(String),
    #[error(
        "{0:?} is not a standard AQL (0.010, 0.015, 0.025, 0.040, 0.065, 0.10, 0.15, 0.25, 0.40, \
         0.65, 1.0, 1.5, 2.5, 4.0, 6.5, 10, 15, 25, 40, 65, 100, 150, 250, 400, 650, 1000)"
    )]
    NotStandard(String),
}

impl FromStr for Aql {
    type Err = AqlError;

    /// Accepts the printed labels and anything numerically equal to one ("0.1", "1", "4", "10.0",
    /// surrounding spaces), compared exactly in thousandths.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if t.is_empty() {
            return Err(AqlError::Empty);
        }
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) {
            return Err(if t.contains(',') {
                AqlError::DecimalComma(s.to_string())
            } else {
                AqlError::NotANumber(s.to_string())
            });
        }
        let whole = whole.trim_start_matches('0');
        let frac = frac.trim_end_matches('0');
        if whole.is_empty() && frac.is_empty() {
            return Err(AqlError::Zero);
        }
        // Past 7 integer digits or 3 decimals no standard value can match, and the bound keeps
        // the arithmetic below far from overflow.
        if whole.len() > 7 || frac.len() > 3 {
            return Err(AqlError::NotStandard(s.to_string()));
        }
        let number = |x: &str| {
            x.bytes()
                .fold(0u64, |acc, b| acc * 10 + u64::from(b - b'0'))
        };
        let thousandths = number(whole) * 1000 + number(&format!("{frac:0<3}"));
        AQL_COLUMNS
            .iter()
            .position(|&(_, v)| v == thousandths)
            .map(|i| ALL_AQLS[i])
            .ok_or_else(|| AqlError::NotStandard(s.to_string()))
    }
}

/// Sample size code letters in table order. The standard does not use I and O, so J follows H;
/// S exists only in the tightened table.
const LETTERS: [u8; 17] = *b"ABCDEFGHJKLMNPQRS";

/// Table I and the tables resolved from II-x cover the code letters A…R; S is only ever reached
/// by following an arrow.
const INITIAL_LETTERS: usize = 16;

/// The index of a code letter in [`LETTERS`]. Only evaluated at compile time (inside `static`
/// initialisers), where the panic is a build error.
const fn letter_index(letter: u8) -> u8 {
    let mut i = 0;
    while i < LETTERS.len() {
        if LETTERS[i] == letter {
            return i as u8;
        }
        i += 1;
    }
    panic!("not a sample size code letter")
}

/// One row of Table I: a lot size range and its code letter per inspection level.
#[derive(Clone, Copy)]
struct LotRange {
    first: u32,
    last: u32,
    /// Indices into [`LETTERS`], in [`InspectionLevel::ALL`] order.
    letters: [u8; 7],
}

/// `printed` is the row's letters as printed, separated by single spaces, so that the source
/// reads like the table.
const fn lots(first: u32, last: u32, printed: &[u8; 13]) -> LotRange {
    let mut letters = [0u8; 7];
    let mut i = 0;
    while i < 7 {
        letters[i] = letter_index(printed[2 * i]);
        if i < 6 && printed[2 * i + 1] != b' ' {
            panic!("Table I letters must be separated by single spaces");
        }
        i += 1;
    }
    LotRange {
        first,
        last,
        letters,
    }
}

/// Table I, "Sample size code letters". A lot of 1 (below the first range) is treated as 2–8.
#[rustfmt::skip]
static TABLE_I: [LotRange; 15] = check_table_i([
    //   first lot    last lot      S-1 to S-4, I, II, III
    lots(        2,          8, b"A A A A A A B"),
    lots(        9,         15, b"A A A A A B C"),
    lots(       16,         25, b"A A B B B C D"),
    lots(       26,         50, b"A B B C C D E"),
    lots(       51,         90, b"B B C C C E F"),
    lots(       91,        150, b"B B C D D F G"),
    lots(      151,        280, b"B C D E E G H"),
    lots(      281,        500, b"B C D E F H J"),
    lots(      501,       1200, b"C C E F G J K"),
    lots(     1201,       3200, b"C D E G H K L"),
    lots(     3201,      10000, b"C D F G J L M"),
    lots(    10001,      35000, b"C D F H K M N"),
    lots(    35001,     150000, b"D E G J L N P"),
    lots(   150001,     500000, b"D E G J M P Q"),
    lots(   500001,   u32::MAX, b"D E H K N Q R"), // "500 001 and over"
]);

/// Gaps or overlaps between lot ranges would leave lot sizes without a letter or with two.
const fn check_table_i(rows: [LotRange; 15]) -> [LotRange; 15] {
    if rows[0].first != 2 || rows[rows.len() - 1].last != u32::MAX {
        panic!("Table I must cover every lot size from 2 up");
    }
    let mut i = 1;
    while i < rows.len() {
        if rows[i].first != rows[i - 1].last + 1 || rows[i].first > rows[i].last {
            panic!("Table I lot ranges must be contiguous");
        }
        i += 1;
    }
    rows
}

fn code_index(lot_size: u32, level: InspectionLevel) -> usize {
    let row = TABLE_I
        .iter()
        .find(|r| lot_size <= r.last)
        .unwrap_or(&TABLE_I[0]);
    usize::from(row.letters[level.column()])
}

/// The sample size code letter of Table I. Lot sizes below 2 (which the table does not list) get
/// the letter of the 2–8 row.
pub fn code_letter(lot_size: u32, level: InspectionLevel) -> char {
    char::from(LETTERS[code_index(lot_size, level)])
}

/// One cell of a master table as printed.
#[derive(Clone, Copy)]
enum Cell {
    /// A plan "Ac Re"; only Ac is stored because every cell of all three 1999 tables has
    /// Re = Ac + 1.
    Plan(u8),
    /// ↓: use the first sampling plan below the arrow, with its sample size.
    Down,
    /// ↑: use the first sampling plan above the arrow, with its sample size.
    Up,
    /// Empty in the standard (only row S of the tightened table).
    Blank,
}

const DN: Cell = Cell::Down;
const UP: Cell = Cell::Up;
const NA: Cell = Cell::Blank;

const fn ac(accept: u8) -> Cell {
    Cell::Plan(accept)
}

/// A printed master table row: code letter, its sample size, one cell per AQL column.
struct Row {
    letter: u8,
    sample_size: u32,
    cells: [Cell; AQL_COUNT],
}

const fn row(letter: u8, sample_size: u32, cells: [Cell; AQL_COUNT]) -> Row {
    Row {
        letter: letter_index(letter),
        sample_size,
        cells,
    }
}

/// A cell after following its arrow: the plan actually used.
#[derive(Clone, Copy)]
struct Resolved {
    /// Index into [`LETTERS`] of the row the plan is in.
    letter: u8,
    sample_size: u32,
    accept: u8,
}

type ResolvedTable = [[Resolved; AQL_COUNT]; INITIAL_LETTERS];

/// Follows every arrow of the rows A…R once, at compile time. Besides an arrow leading off the
/// table or to a blank, it rejects an arrow that runs into an arrow pointing the other way: the
/// standard draws each arrow as one stroke ending at a plan, so that would be a transcription
/// error.
const fn resolve(rows: &[Row]) -> ResolvedTable {
    let mut i = 0;
    while i < rows.len() {
        if rows[i].letter as usize != i {
            panic!("master table rows must run A, B, C, … without gaps");
        }
        i += 1;
    }
    if rows.len() < INITIAL_LETTERS {
        panic!("a master table needs at least the rows A to R");
    }
    let mut out = [[Resolved {
        letter: 0,
        sample_size: 0,
        accept: 0,
    }; AQL_COUNT]; INITIAL_LETTERS];
    let mut start = 0;
    while start < INITIAL_LETTERS {
        let mut col = 0;
        while col < AQL_COUNT {
            out[start][col] = follow(rows, start, col);
            col += 1;
        }
        start += 1;
    }
    out
}

const fn follow(rows: &[Row], start: usize, col: usize) -> Resolved {
    let first = rows[start].cells[col];
    let mut r = start;
    loop {
        match rows[r].cells[col] {
            Cell::Plan(accept) => {
                if accept == u8::MAX {
                    panic!("acceptance number out of range");
                }
                return Resolved {
                    letter: r as u8,
                    sample_size: rows[r].sample_size,
                    accept,
                };
            }
            Cell::Blank => panic!("a master table cell on the way is blank"),
            Cell::Down => {
                if !matches!(first, Cell::Down) {
                    panic!("an ↑ arrow runs into a ↓ arrow");
                }
                if r + 1 == rows.len() {
                    panic!("a ↓ arrow has no plan below it");
                }
                r += 1;
            }
            Cell::Up => {
                if !matches!(first, Cell::Up) {
                    panic!("a ↓ arrow runs into an ↑ arrow");
                }
                if r == 0 {
                    panic!("an ↑ arrow has no plan above it");
                }
                r -= 1;
            }
        }
    }
}

/// Table II-A, single sampling plans for normal inspection.
///
/// Read each line as the printed row: `ac(n)` is the cell "n n+1", `DN` and `UP` the arrows.
/// Above AQL 10 the columns are for nonconformities per 100 units, which is why Ac can exceed the
/// sample size (Ac 30 for 2 pieces). Where the diagonal would put ↓ in the last row (R at 0.015)
/// there is no plan below, and the standard continues the ↑ arrow from the row above instead.
/// Identical in ANSI/ASQ Z1.4 and MIL-STD-105E.
#[rustfmt::skip]
const NORMAL_ROWS: [Row; 16] = [
    //               0.010   0.015   0.025   0.040   0.065   0.10    0.15    0.25    0.40    0.65    1.0     1.5     2.5     4.0     6.5     10      15      25      40      65      100     150     250     400     650     1000
    row(b'A',    2, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), ac(30)]),
    row(b'B',    3, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), ac(30), ac(44)]),
    row(b'C',    5, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), ac(30), ac(44), UP]),
    row(b'D',    8, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), ac(30), ac(44), UP,     UP]),
    row(b'E',   13, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), ac(30), ac(44), UP,     UP,     UP]),
    row(b'F',   20, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'G',   32, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'H',   50, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'J',   80, [DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'K',  125, [DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'L',  200, [DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'M',  315, [DN,     DN,     DN,     ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'N',  500, [DN,     DN,     ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'P',  800, [DN,     ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'Q', 1250, [ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'R', 2000, [UP,     UP,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
];

/// Table II-B, single sampling plans for tightened inspection.
///
/// It has an extra row S (3150) holding a single plan, reached only through the ↓ arrows from Q
/// and R at 0.025; everywhere else row S is blank. Row A has "0 1" at AQL 10 in ISO 2859-1:1999;
/// MIL-STD-105E-derived copies print ↓ there (leading to D: n = 8, Ac 1, Re 2), the only cell in
/// which the two tightened tables were found to differ.
#[rustfmt::skip]
const TIGHTENED_ROWS: [Row; 17] = [
    //               0.010   0.015   0.025   0.040   0.065   0.10    0.15    0.25    0.40    0.65    1.0     1.5     2.5     4.0     6.5     10      15      25      40      65      100     150     250     400     650     1000
    row(b'A',    2, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), ac(27)]),
    row(b'B',    3, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), ac(27), ac(41)]),
    row(b'C',    5, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), ac(27), ac(41), UP]),
    row(b'D',    8, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), ac(27), ac(41), UP,     UP]),
    row(b'E',   13, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), ac(27), ac(41), UP,     UP,     UP]),
    row(b'F',   20, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'G',   32, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'H',   50, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'J',   80, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'K',  125, [DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'L',  200, [DN,     DN,     DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'M',  315, [DN,     DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'N',  500, [DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'P',  800, [DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'Q', 1250, [DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'R', 2000, [ac(0),  UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(8),  ac(12), ac(18), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'S', 3150, [NA,     NA,     ac(1),  NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA,     NA]),
];

/// Table II-C, single sampling plans for reduced inspection, as in ISO 2859-1:1999.
///
/// Older reduced tables (MIL-STD-105E, ANSI/ASQ Z1.4) had a gap between Ac and Re, e.g. "1 3",
/// with the rule that a lot between the two is accepted but normal inspection resumes. The 1999
/// edition dropped that rule and its gaps, so Re = Ac + 1 here too, and re-chose the acceptance
/// numbers: they are not those of II-A (note "6 7" and "8 9", and no "7 8" from row C down). Rows
/// A, B and C all have n = 2 yet differ, exactly as printed.
#[rustfmt::skip]
const REDUCED_ROWS: [Row; 16] = [
    //               0.010   0.015   0.025   0.040   0.065   0.10    0.15    0.25    0.40    0.65    1.0     1.5     2.5     4.0     6.5     10      15      25      40      65      100     150     250     400     650     1000
    row(b'A',    2, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), ac(30)]),
    row(b'B',    2, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(7),  ac(10), ac(14), ac(21), ac(30)]),
    row(b'C',    2, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(6),  ac(8),  ac(10), ac(14), ac(21), UP]),
    row(b'D',    3, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(6),  ac(8),  ac(10), ac(14), ac(21), UP,     UP]),
    row(b'E',    5, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(6),  ac(8),  ac(10), ac(14), ac(21), UP,     UP,     UP]),
    row(b'F',    8, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(6),  ac(8),  ac(10), UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'G',   13, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(6),  ac(8),  ac(10), UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'H',   20, [DN,     DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(6),  ac(8),  ac(10), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'J',   32, [DN,     DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(6),  ac(8),  ac(10), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'K',   50, [DN,     DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(6),  ac(8),  ac(10), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'L',   80, [DN,     DN,     DN,     DN,     ac(0),  UP,     DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(6),  ac(8),  ac(10), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'M',  125, [DN,     DN,     DN,     ac(0),  UP,     DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(6),  ac(8),  ac(10), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'N',  200, [DN,     DN,     ac(0),  UP,     DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(6),  ac(8),  ac(10), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'P',  315, [DN,     ac(0),  UP,     DN,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(6),  ac(8),  ac(10), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'Q',  500, [ac(0),  UP,     UP,     DN,     ac(1),  ac(2),  ac(3),  ac(5),  ac(6),  ac(8),  ac(10), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
    row(b'R',  800, [UP,     UP,     UP,     ac(1),  ac(2),  ac(3),  ac(5),  ac(6),  ac(8),  ac(10), UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP,     UP]),
];

static NORMAL: ResolvedTable = resolve(&NORMAL_ROWS);
static TIGHTENED: ResolvedTable = resolve(&TIGHTENED_ROWS);
static REDUCED: ResolvedTable = resolve(&REDUCED_ROWS);

/// A single sampling plan, ready to hand to an inspector: inspect `sample_size()` items; accept the
/// lot with at most `accept()` nonconforming items (or nonconformities, for AQLs above 10), reject
/// it with `reject()` or more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Plan {
    code_letter: char,
    used_letter: char,
    table_sample_size: u32,
    sample_size: u32,
    accept: u32,
    reject: u32,
    full_inspection: bool,
}

impl Plan {
    /// How many items to inspect: the table's sample size, or the whole lot when the table asks
    /// for as many items as the lot has, or more.
    pub fn sample_size(&self) -> u32 {
        self.sample_size
    }

    /// The sample size printed in the master table for the plan used, before capping at the lot
    /// size.
    pub fn table_sample_size(&self) -> u32 {
        self.table_sample_size
    }

    /// Acceptance number Ac.
    pub fn accept(&self) -> u32 {
        self.accept
    }

    /// Rejection number Re (always Ac + 1 in the 1999 tables).
    pub fn reject(&self) -> u32 {
        self.reject
    }

    /// True when every item of the lot is inspected because the table's sample size reaches the
    /// lot size.
    pub fn is_full_inspection(&self) -> bool {
        self.full_inspection
    }

    /// The code letter Table I gives for the lot size and inspection level.
    pub fn code_letter(&self) -> char {
        self.code_letter
    }

    /// The code letter of the plan actually used, after following the table's arrows; it differs
    /// from [`Plan::code_letter`] exactly when an arrow was followed.
    pub fn used_letter(&self) -> char {
        self.used_letter
    }
}

/// The ISO 2859-1 single sampling plan for a lot.
///
/// Table I gives the code letter; the master table for `severity` gives the plan, following its
/// arrows to the first plan below (↓) or above (↑). The plan found there brings its own sample
/// size, which replaces that of the original code letter ([`Plan::used_letter`] tells which).
///
/// When that sample size equals or exceeds the lot size the standard says to carry out 100 %
/// inspection: [`Plan::sample_size`] is then the lot size and [`Plan::is_full_inspection`] is true,
/// while Ac and Re stay those of the selected plan, since the standard gives no other numbers to
/// judge the lot by.
///
/// A lot size of 0 has nothing to inspect: the plan is a full inspection of 0 items with Ac 0 and
/// Re 1, keeping the code letter of the 2–8 row (as does a lot of 1, which then gets a normal
/// lookup and a full inspection of its single item).
pub fn plan(lot_size: u32, level: InspectionLevel, aql: Aql, severity: InspectionSeverity) -> Plan {
    let code = code_index(lot_size, level);
    let code_letter = char::from(LETTERS[code]);
    if lot_size == 0 {
        return Plan {
            code_letter,
            used_letter: code_letter,
            table_sample_size: 0,
            sample_size: 0,
            accept: 0,
            reject: 1,
            full_inspection: true,
        };
    }
    let table = match severity {
        InspectionSeverity::Normal => &NORMAL,
        InspectionSeverity::Tightened => &TIGHTENED,
        InspectionSeverity::Reduced => &REDUCED,
    };
    let cell = table[code][aql.column()];
    let full_inspection = cell.sample_size >= lot_size;
    Plan {
        code_letter,
        used_letter: char::from(LETTERS[usize::from(cell.letter)]),
        table_sample_size: cell.sample_size,
        sample_size: if full_inspection {
            lot_size
        } else {
            cell.sample_size
        },
        accept: u32::from(cell.accept),
        reject: u32::from(cell.accept) + 1,
        full_inspection,
    }
}

/// The plan the master table for `severity` gives at code letter `letter` (A…R) and `aql`,
/// following its arrows, for a lot larger than any sample (no 100 % capping). `None` for a letter
/// the tables do not start from. The switching score (clause 9.3.3) needs this: it asks whether a
/// lot would have been accepted at the next tighter AQL with the same sample size.
pub fn plan_for_letter(letter: char, aql: Aql, severity: InspectionSeverity) -> Option<Plan> {
    let code = LETTERS[..INITIAL_LETTERS]
        .iter()
        .position(|&l| char::from(l) == letter)?;
    let table = match severity {
        InspectionSeverity::Normal => &NORMAL,
        InspectionSeverity::Tightened => &TIGHTENED,
        InspectionSeverity::Reduced => &REDUCED,
    };
    let cell = table[code][aql.column()];
    Some(Plan {
        code_letter: letter,
        used_letter: char::from(LETTERS[usize::from(cell.letter)]),
        table_sample_size: cell.sample_size,
        sample_size: cell.sample_size,
        accept: u32::from(cell.accept),
        reject: u32::from(cell.accept) + 1,
        full_inspection: false,
    })
}
