//! Names a set of source files by their content. The client's build script (`build.rs`) uses it
//! to give the code that reads stored orders an identity that changes only when that code (or a
//! dependency's locked version) does: the start-up check skips orders this identity already read
//! without fault, so an app update that only touches screens does not load every order again.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What decides whether a stored order loads, hydrates and summarises without fault, relative to
/// the workspace root: the client's storage layer and the one module of the client it uses
/// (`platform`), the domain and the workspace crates it builds on, every dependency's locked
/// version, and the build settings. Anything else in the client is screens; a change there keeps
/// the identity. `reader_inputs_cover_what_storage_uses` keeps this list honest.
pub const READER: &[&str] = &[
    "Cargo.lock",
    "Cargo.toml",
    ".cargo/config.toml",
    "src/storage.rs",
    "src/storage",
    "src/platform.rs",
    "crates/domain",
    "crates/sync",
    "crates/base58check",
];

/// A set of files named by their content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceId {
    /// 128 bits of FNV-1a over each file's path (relative, with `/`) and bytes, in path order.
    pub hex: String,
    /// The files read, relative to the root, in the order hashed.
    pub files: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SourceIdError {
    #[error("{0} is named as a source of the order reader but does not exist")]
    Missing(PathBuf),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Names the files under `inputs` (files, or directories walked whole) below `root`. Tests are
/// left out — `tests` and `benches` directories, `tests.rs` and `*_tests.rs` modules — because
/// they are not in the app; so are `target` directories.
pub fn of(root: &Path, inputs: &[&str]) -> Result<SourceId, SourceIdError> {
    let mut files = Vec::new();
    for input in inputs {
        let path = root.join(input);
        if path.is_dir() {
            walk(&path, input, &mut files)?;
        } else if path.is_file() {
            files.push(input.to_string());
        } else {
            return Err(SourceIdError::Missing(path));
        }
    }
    files.sort();
    files.dedup();
    let mut hash = Fnv128::new();
    for file in &files {
        let path = root.join(file);
        let bytes = fs::read(&path).map_err(|source| SourceIdError::Read { path, source })?;
        // Lengths first, so no two different sets can run together into the same stream.
        hash.write(&(file.len() as u64).to_le_bytes());
        hash.write(file.as_bytes());
        hash.write(&(bytes.len() as u64).to_le_bytes());
        hash.write(&bytes);
    }
    Ok(SourceId {
        hex: format!("{:032x}", hash.0),
        files,
    })
}

fn walk(dir: &Path, rel: &str, out: &mut Vec<String>) -> Result<(), SourceIdError> {
    let read = |source| SourceIdError::Read {
        path: dir.to_path_buf(),
        source,
    };
    for entry in fs::read_dir(dir).map_err(read)? {
        let entry = entry.map_err(read)?;
        let name = entry.file_name();
        // A name that is not UTF-8 cannot be a Rust module or a Cargo file.
        let Some(name) = name.to_str() else { continue };
        let child = format!("{rel}/{name}");
        let kind = entry.file_type().map_err(read)?;
        if kind.is_dir() {
            if !matches!(name, "target" | "tests" | "benches") {
                walk(&entry.path(), &child, out)?;
            }
        } else if !(name == "tests.rs" || name.ends_with("_tests.rs")) {
            out.push(child);
        }
    }
    Ok(())
}

/// FNV-1a with 128 bits: no dependency, and only accidental collisions matter here.
struct Fnv128(u128);

impl Fnv128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

    fn new() -> Self {
        Fnv128(Self::OFFSET)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }
}

#[cfg(test)]
mod tests;
