//! Tests of source naming: what changes the name, what does not, and that the order reader's
//! inputs cover the code the client's storage layer uses.

use super::*;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh directory under the system's temp dir, removed when dropped.
struct Tree(PathBuf);

impl Tree {
    fn new(files: &[(&str, &str)]) -> Tree {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let root =
            std::env::temp_dir().join(format!("gendan-source-id-{}-{n}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let tree = Tree(root);
        for (path, text) in files {
            tree.put(path, text);
        }
        tree
    }

    fn put(&self, path: &str, text: &str) {
        let path = self.0.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn id(&self, inputs: &[&str]) -> SourceId {
        of(&self.0, inputs).unwrap()
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

const BASE: &[(&str, &str)] = &[
    ("Cargo.lock", "lock"),
    ("src/storage.rs", "mod repo;"),
    ("src/storage/repo.rs", "fn load() {}"),
    ("src/storage/idb.rs", "fn open() {}"),
];
const INPUTS: &[&str] = &["Cargo.lock", "src/storage.rs", "src/storage"];

#[test]
fn the_same_files_get_the_same_name_whatever_order_they_were_written_in() {
    let a = Tree::new(BASE);
    let reversed: Vec<_> = BASE.iter().rev().copied().collect();
    let b = Tree::new(&reversed);
    assert_eq!(a.id(INPUTS), b.id(INPUTS));
    assert_eq!(a.id(INPUTS).hex.len(), 32);
    assert_eq!(
        a.id(INPUTS).files,
        [
            "Cargo.lock",
            "src/storage.rs",
            "src/storage/idb.rs",
            "src/storage/repo.rs"
        ]
    );
}

#[test]
fn a_changed_added_or_renamed_file_changes_the_name() {
    let base = Tree::new(BASE).id(INPUTS).hex;
    let changed = Tree::new(BASE);
    changed.put("src/storage/repo.rs", "fn load() { check() }");
    let added = Tree::new(BASE);
    added.put("src/storage/scan.rs", "");
    let lock = Tree::new(BASE);
    lock.put("Cargo.lock", "lock 2");
    let renamed = Tree::new(&[
        ("Cargo.lock", "lock"),
        ("src/storage.rs", "mod repo;"),
        ("src/storage/repo2.rs", "fn load() {}"),
        ("src/storage/idb.rs", "fn open() {}"),
    ]);
    // Bytes moved from one file's end to the next file's start.
    let moved = Tree::new(&[
        ("Cargo.lock", "lock"),
        ("src/storage.rs", "mod repo;"),
        ("src/storage/repo.rs", "fn load() {}"),
        ("src/storage/idb.rs", "fn open() "),
    ]);
    moved.put("src/storage/repo.rs", "}fn load() {}");
    let names: BTreeSet<String> = [&changed, &added, &lock, &renamed, &moved]
        .iter()
        .map(|t| t.id(INPUTS).hex)
        .chain([base.clone()])
        .collect();
    assert_eq!(names.len(), 6, "every change gives a new name");
}

#[test]
fn tests_and_build_output_do_not_change_the_name() {
    let base = Tree::new(BASE).id(INPUTS);
    let t = Tree::new(BASE);
    t.put("src/storage/tests.rs", "#[test] fn t() {}");
    t.put("src/storage/check_tests.rs", "#[test] fn c() {}");
    t.put("src/storage/tests/fixture.bin", "x");
    t.put("src/storage/target/debug/x", "x");
    t.put("src/storage/benches/b.rs", "x");
    t.put("src/pages/today.rs", "screens are not named");
    assert_eq!(t.id(INPUTS), base);
}

#[test]
fn a_missing_input_is_refused_by_name() {
    let t = Tree::new(BASE);
    let err = of(&t.0, &["Cargo.lock", "src/storage/gone.rs"]).unwrap_err();
    assert!(matches!(&err, SourceIdError::Missing(p) if p.ends_with("src/storage/gone.rs")));
    assert!(err.to_string().contains("gone.rs"), "{err}");
}

/// The workspace this crate sits in.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The names after `prefix` in `text` (`crate::platform::now_ms` gives `platform`).
fn paths_after(text: &str, prefix: &str) -> BTreeSet<String> {
    text.match_indices(prefix)
        .filter(|(i, _)| {
            let before = text[..*i].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
        .map(|(i, _)| {
            text[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

#[test]
fn reader_inputs_cover_what_storage_uses() {
    let root = workspace();
    let id = of(&root, READER).expect("every reader input exists");
    let named: BTreeSet<&str> = id.files.iter().map(String::as_str).collect();
    let mut client_modules = BTreeSet::new();
    let mut crates = BTreeSet::new();
    for file in id.files.iter().filter(|f| f.ends_with(".rs")) {
        let text = fs::read_to_string(root.join(file)).unwrap();
        if file.starts_with("src/") {
            client_modules.extend(paths_after(&text, "crate::"));
        }
        crates.extend(paths_after(&text, "gendan_"));
    }
    assert!(
        client_modules.contains("platform"),
        "the scan finds `crate::` paths"
    );
    for module in &client_modules {
        assert!(
            named.contains(format!("src/{module}.rs").as_str()),
            "storage or platform uses `crate::{module}`, which the order reader's name does not cover: add src/{module}.rs to READER"
        );
    }
    assert!(crates.contains("domain"), "the scan finds `gendan_` crates");
    for krate in &crates {
        let dir = format!("crates/{}", krate.replace('_', "-"));
        assert!(
            READER.contains(&dir.as_str()),
            "the order reader uses `gendan_{krate}`, which its name does not cover: add {dir} to READER"
        );
    }
    assert!(named
        .iter()
        .all(|f| !f.starts_with("src/pages") && !f.starts_with("src/components")));
}
