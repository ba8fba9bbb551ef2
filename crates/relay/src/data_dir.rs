//! Startup checks for the relay's data directory: it must exist and accept writes before
//! the first client connects, because the document store will persist edits there.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::RelayError;

/// Makes unique probe names within one process (tests build many apps concurrently).
static PROBE_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Creates `dir` if needed and proves it is writable by writing and removing a probe file.
///
/// Permission bits are not consulted: they lie on read-only mounts, ACLs and for root, so
/// an actual write is the only reliable answer.
pub(crate) fn prepare(dir: &Path) -> Result<(), RelayError> {
    let create_err = |source| RelayError::CreateDataDir {
        path: dir.to_path_buf(),
        source,
    };
    fs::create_dir_all(dir).map_err(create_err)?;
    // `create_dir_all` accepts an existing path without saying what it is.
    if !fs::metadata(dir).map_err(create_err)?.is_dir() {
        return Err(create_err(io::Error::other("a file with that name exists")));
    }

    let probe = dir.join(format!(
        ".gendan-write-probe-{}-{}",
        std::process::id(),
        PROBE_COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let write = || -> io::Result<()> {
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)?;
        file.write_all(b"gendan")?;
        // A full disk often only reports at sync time.
        file.sync_all()
    };
    let written = write();
    // Remove even after a failed write: `create_new` may have left an empty file behind.
    let removed = fs::remove_file(&probe);
    written
        .and(removed)
        .map_err(|source| RelayError::DataDirNotWritable {
            path: dir.to_path_buf(),
            source,
        })
}
