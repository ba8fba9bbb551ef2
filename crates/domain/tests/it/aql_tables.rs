//! Checks `gendan_domain::aql` against a second transcription of ISO 2859-1:1999 kept here in the
//! form the standard prints it ("↓", "↑", "0 1"), with its arrows followed by separate code, so
//! that a wrong cell in either transcription fails a test rather than a shipment.

use std::collections::HashSet;

use gendan_domain::aql::{self, Aql, AqlError, InspectionLevel, InspectionSeverity};
use proptest::prelude::*;

/// Table I as printed: first and last lot size of each range ("-" for "and over"), then the code
/// letters for S-1, S-2, S-3, S-4, I, II, III.
const TABLE_I: &str = "
     2 |      8 | A A A A A A B
     9 |     15 | A A A A A B C
    16 |     25 | A A B B B C D
    26 |     50 | A B B C C D E
    51 |     90 | B B C C C E F
    91 |    150 | B B C D D F G
   151 |    280 | B C D E E G H
   281 |    500 | B C D E F H J
   501 |   1200 | C C E F G J K
  1201 |   3200 | C D E G H K L
  3201 |  10000 | C D F G J L M
 10001 |  35000 | C D F H K M N
 35001 | 150000 | D E G J L N P
150001 | 500000 | D E G J M P Q
500001 |      - | D E H K N Q R
";

/// Table II-A, normal inspection: code letter, sample size, then one cell per AQL column.
const NORMAL: &str = "
AQL    |0.010 0.015 0.025 0.040 0.065  0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5    10    15    25    40    65   100   150   250   400   650   1000
A    2 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22 30 31
B    3 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22 30 31 44 45
C    5 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22 30 31 44 45   ↑
D    8 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22 30 31 44 45   ↑     ↑
E   13 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22 30 31 44 45   ↑     ↑     ↑
F   20 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22   ↑     ↑     ↑     ↑     ↑     ↑
G   32 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22   ↑     ↑     ↑     ↑     ↑     ↑     ↑
H   50 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
J   80 |  ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
K  125 |  ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
L  200 |  ↓     ↓     ↓     ↓    0 1    ↑     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
M  315 |  ↓     ↓     ↓    0 1    ↑     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
N  500 |  ↓     ↓    0 1    ↑     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
P  800 |  ↓    0 1    ↑     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
Q 1250 | 0 1    ↑     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
R 2000 |  ↑     ↑    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
";

/// Table II-B, tightened inspection, with its extra row S.
const TIGHTENED: &str = "
AQL    |0.010 0.015 0.025 0.040 0.065  0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5    10    15    25    40    65   100   150   250   400   650   1000
A    2 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19 27 28
B    3 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19 27 28 41 42
C    5 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19 27 28 41 42   ↑
D    8 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19 27 28 41 42   ↑     ↑
E   13 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19 27 28 41 42   ↑     ↑     ↑
F   20 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19   ↑     ↑     ↑     ↑     ↑     ↑
G   32 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19   ↑     ↑     ↑     ↑     ↑     ↑     ↑
H   50 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
J   80 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
K  125 |  ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
L  200 |  ↓     ↓     ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
M  315 |  ↓     ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
N  500 |  ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
P  800 |  ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
Q 1250 |  ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
R 2000 | 0 1    ↑     ↓    1 2   2 3   3 4   5 6   8 9  12 13 18 19   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
S 3150 |  -     -    1 2    -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -     -
";

/// Table II-C, reduced inspection (1999 edition: no gap between Ac and Re).
const REDUCED: &str = "
AQL    |0.010 0.015 0.025 0.040 0.065  0.10  0.15  0.25  0.40  0.65  1.0   1.5   2.5   4.0   6.5    10    15    25    40    65   100   150   250   400   650   1000
A    2 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↓     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22 30 31
B    2 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓     ↓    1 2   2 3   3 4   5 6   7 8  10 11 14 15 21 22 30 31
C    2 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓     ↓    1 2   2 3   3 4   5 6   6 7   8 9  10 11 14 15 21 22   ↑
D    3 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓     ↓    1 2   2 3   3 4   5 6   6 7   8 9  10 11 14 15 21 22   ↑     ↑
E    5 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓     ↓    1 2   2 3   3 4   5 6   6 7   8 9  10 11 14 15 21 22   ↑     ↑     ↑
F    8 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓     ↓    1 2   2 3   3 4   5 6   6 7   8 9  10 11   ↑     ↑     ↑     ↑     ↑     ↑
G   13 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓     ↓    1 2   2 3   3 4   5 6   6 7   8 9  10 11   ↑     ↑     ↑     ↑     ↑     ↑     ↑
H   20 |  ↓     ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓     ↓    1 2   2 3   3 4   5 6   6 7   8 9  10 11   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
J   32 |  ↓     ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓     ↓    1 2   2 3   3 4   5 6   6 7   8 9  10 11   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
K   50 |  ↓     ↓     ↓     ↓     ↓    0 1    ↑     ↓     ↓    1 2   2 3   3 4   5 6   6 7   8 9  10 11   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
L   80 |  ↓     ↓     ↓     ↓    0 1    ↑     ↓     ↓    1 2   2 3   3 4   5 6   6 7   8 9  10 11   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
M  125 |  ↓     ↓     ↓    0 1    ↑     ↓     ↓    1 2   2 3   3 4   5 6   6 7   8 9  10 11   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
N  200 |  ↓     ↓    0 1    ↑     ↓     ↓    1 2   2 3   3 4   5 6   6 7   8 9  10 11   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
P  315 |  ↓    0 1    ↑     ↓     ↓    1 2   2 3   3 4   5 6   6 7   8 9  10 11   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
Q  500 | 0 1    ↑     ↑     ↓    1 2   2 3   3 4   5 6   6 7   8 9  10 11   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
R  800 |  ↑     ↑     ↑    1 2   2 3   3 4   5 6   6 7   8 9  10 11   ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑     ↑
";

const LEVELS: [InspectionLevel; 7] = [
    InspectionLevel::S1,
    InspectionLevel::S2,
    InspectionLevel::S3,
    InspectionLevel::S4,
    InspectionLevel::I,
    InspectionLevel::II,
    InspectionLevel::III,
];

struct LotRow {
    first: u32,
    last: Option<u32>,
    letters: Vec<char>,
}

fn table_i() -> Vec<LotRow> {
    TABLE_I
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            assert_eq!(parts.len(), 3, "Table I line {line:?}");
            let letters: Vec<char> = parts[2].split_whitespace().flat_map(str::chars).collect();
            assert_eq!(letters.len(), 7, "Table I line {line:?}");
            LotRow {
                first: parts[0].parse().expect("first lot size"),
                last: if parts[1] == "-" {
                    None
                } else {
                    Some(parts[1].parse().expect("last lot size"))
                },
                letters,
            }
        })
        .collect()
}

#[derive(Clone, Copy, Debug)]
enum Printed {
    Plan { accept: u32, reject: u32 },
    Down,
    Up,
    Blank,
}

struct PrintedRow {
    letter: char,
    sample_size: u32,
    cells: Vec<Printed>,
}

fn parse_master(text: &str) -> Vec<PrintedRow> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header = lines.next().expect("header line");
    let (head, labels) = header.split_once('|').expect("header has a |");
    assert_eq!(head.trim(), "AQL");
    let labels: Vec<String> = labels.split_whitespace().map(String::from).collect();
    let columns: Vec<String> = Aql::ALL.iter().map(ToString::to_string).collect();
    assert_eq!(labels, columns, "the columns must be Aql::ALL, in order");
    lines
        .map(|line| {
            let (head, body) = line.split_once('|').expect("row has a |");
            let mut head = head.split_whitespace();
            let letter = head
                .next()
                .and_then(|l| l.chars().next())
                .expect("code letter");
            let sample_size = head
                .next()
                .expect("sample size")
                .parse()
                .expect("sample size");
            let mut tokens = body.split_whitespace();
            let mut cells = Vec::new();
            while let Some(token) = tokens.next() {
                cells.push(match token {
                    "↓" => Printed::Down,
                    "↑" => Printed::Up,
                    "-" => Printed::Blank,
                    number => Printed::Plan {
                        accept: number.parse().expect("Ac"),
                        reject: tokens.next().expect("Re after Ac").parse().expect("Re"),
                    },
                });
            }
            assert_eq!(cells.len(), 26, "row {letter} needs a cell per AQL");
            PrintedRow {
                letter,
                sample_size,
                cells,
            }
        })
        .collect()
}

fn printed(severity: InspectionSeverity) -> Vec<PrintedRow> {
    parse_master(match severity {
        InspectionSeverity::Normal => NORMAL,
        InspectionSeverity::Tightened => TIGHTENED,
        InspectionSeverity::Reduced => REDUCED,
    })
}

/// The standard's wording, literally: from an arrow, the first cell holding a plan in the arrow's
/// direction.
fn expected(rows: &[PrintedRow], start: usize, column: usize) -> (char, u32, u32, u32) {
    let direction = rows[start].cells[column];
    let mut r = start;
    loop {
        if let Printed::Plan { accept, reject } = rows[r].cells[column] {
            return (rows[r].letter, rows[r].sample_size, accept, reject);
        }
        r = match direction {
            Printed::Down => r + 1,
            Printed::Up => r.checked_sub(1).expect("an ↑ arrow in row A"),
            other => panic!("row {} column {column} is {other:?}", rows[start].letter),
        };
        assert!(
            r < rows.len(),
            "a ↓ arrow from row {} leads off the table",
            rows[start].letter
        );
    }
}

/// Every cell of II-A, II-B and II-C for every initial code letter, reached the way callers reach
/// it: through lot sizes at both ends of every Table I range, at every level that gives that letter.
#[test]
fn every_master_table_cell_matches_the_printed_tables() {
    let lots = table_i();
    let mut cells = HashSet::new();
    for severity in InspectionSeverity::ALL {
        let rows = printed(severity);
        for row in &lots {
            for (level, &letter) in LEVELS.iter().zip(&row.letters) {
                let start = rows
                    .iter()
                    .position(|r| r.letter == letter)
                    .expect("letter has a row");
                for lot in [Some(row.first), row.last].into_iter().flatten() {
                    for (column, &aql) in Aql::ALL.iter().enumerate() {
                        let (used, n, accept, reject) = expected(&rows, start, column);
                        let p = aql::plan(lot, *level, aql, severity);
                        let at = format!("{severity:?} lot {lot} level {level} AQL {aql}");
                        assert_eq!(p.code_letter(), letter, "{at}");
                        assert_eq!(p.used_letter(), used, "{at}");
                        assert_eq!(p.table_sample_size(), n, "{at}");
                        assert_eq!(p.accept(), accept, "{at}");
                        assert_eq!(p.reject(), reject, "{at}");
                        assert_eq!(p.is_full_inspection(), n >= lot, "{at}");
                        assert_eq!(p.sample_size(), n.min(lot), "{at}");
                        cells.insert((severity as u8, letter, column));
                    }
                }
            }
        }
    }
    // 3 tables × 16 code letters (A…R; S is only reached through arrows) × 26 AQLs.
    assert_eq!(cells.len(), 3 * 16 * 26);
}

#[test]
fn printed_tables_have_the_standards_sample_sizes() {
    let sizes = |severity| -> Vec<(char, u32)> {
        printed(severity)
            .iter()
            .map(|r| (r.letter, r.sample_size))
            .collect()
    };
    let letters = "ABCDEFGHJKLMNPQRS".chars();
    let normal = [
        2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000,
    ];
    let tightened = [
        2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000, 3150,
    ];
    let reduced = [
        2, 2, 2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800,
    ];
    assert_eq!(
        sizes(InspectionSeverity::Normal),
        letters.clone().zip(normal).collect::<Vec<_>>()
    );
    assert_eq!(
        sizes(InspectionSeverity::Tightened),
        letters.clone().zip(tightened).collect::<Vec<_>>()
    );
    assert_eq!(
        sizes(InspectionSeverity::Reduced),
        letters.zip(reduced).collect::<Vec<_>>()
    );
}

#[test]
fn table_i_at_both_ends_of_every_range() {
    let rows = table_i();
    let mut checked = 0;
    for row in &rows {
        for (level, &letter) in LEVELS.iter().zip(&row.letters) {
            for lot in [row.first, row.last.unwrap_or(u32::MAX)] {
                assert_eq!(
                    aql::code_letter(lot, *level),
                    letter,
                    "lot {lot} level {level}"
                );
                let p = aql::plan(lot, *level, Aql::ALL[12], InspectionSeverity::Normal);
                assert_eq!(p.code_letter(), letter, "lot {lot} level {level}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 15 * 7 * 2);
    for pair in rows.windows(2) {
        assert_eq!(
            pair[0].last.map(|l| l + 1),
            Some(pair[1].first),
            "ranges must be contiguous"
        );
    }
    for (level, &letter) in LEVELS.iter().zip(&rows[0].letters) {
        assert_eq!(
            aql::code_letter(1, *level),
            letter,
            "a lot of 1 uses the 2–8 row"
        );
        assert_eq!(
            aql::code_letter(0, *level),
            letter,
            "a lot of 0 uses the 2–8 row"
        );
    }
}

fn aql(label: &str) -> Aql {
    label.parse().expect("a standard AQL")
}

fn check(
    lot: u32,
    level: InspectionLevel,
    aql: Aql,
    severity: InspectionSeverity,
) -> (char, char, u32, u32, u32) {
    let p = aql::plan(lot, level, aql, severity);
    (
        p.code_letter(),
        p.used_letter(),
        p.sample_size(),
        p.accept(),
        p.reject(),
    )
}

#[test]
fn worked_examples() {
    use InspectionLevel::II;
    use InspectionSeverity::{Normal, Reduced, Tightened};
    assert_eq!(check(3000, II, aql("2.5"), Normal), ('K', 'K', 125, 7, 8));
    assert_eq!(check(500, II, aql("4.0"), Normal), ('H', 'H', 50, 5, 6));
    assert_eq!(check(1000, II, aql("0.65"), Normal), ('J', 'J', 80, 1, 2));
    assert_eq!(
        check(3000, II, aql("2.5"), Tightened),
        ('K', 'K', 125, 5, 6)
    );
    assert_eq!(check(3000, II, aql("2.5"), Reduced), ('K', 'K', 50, 5, 6));

    // ↓ from B to L (n = 200) at AQL 0.065, which exceeds the lot: inspect all 10.
    let p = aql::plan(10, II, aql("0.065"), Normal);
    assert_eq!(
        (p.code_letter(), p.used_letter(), p.table_sample_size()),
        ('B', 'L', 200)
    );
    assert_eq!((p.sample_size(), p.accept(), p.reject()), (10, 0, 1));
    assert!(p.is_full_inspection());

    // An arrow that changes the sample size without reaching the lot size.
    assert_eq!(check(100, II, aql("1.0"), Normal), ('F', 'E', 13, 0, 1));
    assert_eq!(check(100, II, aql("1.5"), Normal), ('F', 'G', 32, 1, 2));
}

#[test]
fn tightened_row_s_and_the_bottom_edge() {
    use InspectionLevel::III;
    // Only ↓ from Q and R at 0.025 reaches the tightened table's extra row S.
    assert_eq!(
        check(600_000, III, aql("0.025"), InspectionSeverity::Tightened),
        ('R', 'S', 3150, 1, 2)
    );
    assert_eq!(
        check(200_000, III, aql("0.025"), InspectionSeverity::Tightened),
        ('Q', 'S', 3150, 1, 2)
    );
    // Normal inspection has no S: R is 2000, and at 0.015 the arrow from R goes up to P.
    assert_eq!(
        check(600_000, III, aql("0.025"), InspectionSeverity::Normal),
        ('R', 'R', 2000, 1, 2)
    );
    assert_eq!(
        check(600_000, III, aql("0.015"), InspectionSeverity::Normal),
        ('R', 'P', 800, 0, 1)
    );
    // Reduced: the long ↑ over P, Q and R at 0.025 ends at N.
    assert_eq!(
        check(600_000, III, aql("0.025"), InspectionSeverity::Reduced),
        ('R', 'N', 200, 0, 1)
    );
}

#[test]
fn aqls_above_ten_count_nonconformities() {
    use InspectionLevel::II;
    assert_eq!(
        check(5, II, aql("1000"), InspectionSeverity::Normal),
        ('A', 'A', 2, 30, 31)
    );
    assert_eq!(
        check(20, II, aql("1000"), InspectionSeverity::Normal),
        ('C', 'B', 3, 44, 45)
    );
    assert_eq!(
        check(20, II, aql("650"), InspectionSeverity::Normal),
        ('C', 'C', 5, 44, 45)
    );
    assert_eq!(
        check(100, II, aql("400"), InspectionSeverity::Normal),
        ('F', 'D', 8, 44, 45)
    );
    assert_eq!(
        check(1000, II, aql("15"), InspectionSeverity::Normal),
        ('J', 'J', 80, 21, 22)
    );
    // A lot of 2 is inspected fully, still judged by the plan's numbers.
    let p = aql::plan(2, II, aql("1000"), InspectionSeverity::Normal);
    assert!(p.is_full_inspection());
    assert_eq!((p.sample_size(), p.accept(), p.reject()), (2, 30, 31));
    assert!(aql("15").nonconformities_only());
    assert!(!aql("10").nonconformities_only());
}

#[test]
fn tiny_lots() {
    for severity in InspectionSeverity::ALL {
        let p = aql::plan(0, InspectionLevel::II, aql("2.5"), severity);
        assert_eq!((p.sample_size(), p.accept(), p.reject()), (0, 0, 1));
        assert!(p.is_full_inspection());
        assert_eq!((p.code_letter(), p.used_letter()), ('A', 'A'));
        let p = aql::plan(1, InspectionLevel::II, aql("2.5"), severity);
        assert_eq!(p.sample_size(), 1);
        assert!(p.is_full_inspection());
    }
}

#[test]
fn aql_labels_round_trip() {
    let labels = [
        "0.010", "0.015", "0.025", "0.040", "0.065", "0.10", "0.15", "0.25", "0.40", "0.65", "1.0",
        "1.5", "2.5", "4.0", "6.5", "10", "15", "25", "40", "65", "100", "150", "250", "400",
        "650", "1000",
    ];
    assert_eq!(Aql::ALL.len(), labels.len());
    for (&a, label) in Aql::ALL.iter().zip(labels) {
        assert_eq!(a.to_string(), label);
        assert_eq!(label.parse::<Aql>(), Ok(a));
    }
    assert!(Aql::ALL.windows(2).all(|w| w[0] < w[1]), "ordered by value");
}

#[test]
fn aql_parsing_tolerates_numerically_equal_forms() {
    for (input, label) in [
        ("0.1", "0.10"),
        ("1", "1.0"),
        ("4", "4.0"),
        ("10.0", "10"),
        ("0.0100", "0.010"),
        (".65", "0.65"),
        (" 2.5 ", "2.5"),
        ("040", "40"),
        ("1000.000", "1000"),
        ("6.50", "6.5"),
    ] {
        assert_eq!(
            input.parse::<Aql>().map(|a| a.to_string()),
            Ok(label.to_string()),
            "{input:?}"
        );
    }
}

#[test]
fn aql_parsing_rejects_everything_else() {
    let zero = "0".parse::<Aql>();
    assert_eq!(zero, Err(AqlError::Zero));
    let message = zero.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("0 is not an AQL"), "{message}");
    assert_eq!("0.000".parse::<Aql>(), Err(AqlError::Zero));
    assert_eq!("".parse::<Aql>(), Err(AqlError::Empty));
    assert_eq!("   ".parse::<Aql>(), Err(AqlError::Empty));
    for input in ["abc", "-1", "+1", "1e1", ".", "2.5%", "1.0.0", "½"] {
        assert_eq!(
            input.parse::<Aql>(),
            Err(AqlError::NotANumber(input.into())),
            "{input:?}"
        );
    }
    for input in ["2,5", "1,000", "0,65"] {
        assert_eq!(
            input.parse::<Aql>(),
            Err(AqlError::DecimalComma(input.into())),
            "{input:?}"
        );
    }
    for input in [
        "3",
        "0.012",
        "0.0101",
        "2000",
        "99999999999999999999999",
        "0.00000000000001",
    ] {
        assert_eq!(
            input.parse::<Aql>(),
            Err(AqlError::NotStandard(input.into())),
            "{input:?}"
        );
    }
}

fn lot_size() -> impl Strategy<Value = u32> {
    prop_oneof![0u32..=100, 0u32..=1_000_000, any::<u32>()]
}

fn level() -> impl Strategy<Value = InspectionLevel> {
    prop::sample::select(LEVELS.to_vec())
}

fn any_aql() -> impl Strategy<Value = Aql> {
    prop::sample::select(Aql::ALL.to_vec())
}

fn severity() -> impl Strategy<Value = InspectionSeverity> {
    prop::sample::select(InspectionSeverity::ALL.to_vec())
}

proptest! {
    #[test]
    fn every_plan_is_consistent(lot in lot_size(), level in level(), aql in any_aql(), severity in severity()) {
        let p = aql::plan(lot, level, aql, severity);
        prop_assert_eq!(p.reject(), p.accept() + 1);
        prop_assert!(p.sample_size() <= lot);
        prop_assert_eq!(p.sample_size(), p.table_sample_size().min(lot));
        prop_assert_eq!(p.is_full_inspection(), p.table_sample_size() >= lot);
        prop_assert_eq!(p.code_letter(), aql::code_letter(lot, level));
    }

    #[test]
    fn a_larger_lot_never_gets_a_smaller_sample(
        a in lot_size(), b in lot_size(), level in level(), aql in any_aql(), severity in severity()
    ) {
        let (small, large) = (a.min(b), a.max(b));
        let (p, q) = (aql::plan(small, level, aql, severity), aql::plan(large, level, aql, severity));
        prop_assert!(p.sample_size() <= q.sample_size(), "{:?} vs {:?}", p, q);
        prop_assert!(p.code_letter() <= q.code_letter());
    }

    #[test]
    fn higher_levels_never_get_earlier_letters(lot in lot_size()) {
        let letters: Vec<char> = LEVELS.iter().map(|&l| aql::code_letter(lot, l)).collect();
        prop_assert!(letters.windows(2).all(|w| w[0] <= w[1]), "{:?}", letters);
    }
}
