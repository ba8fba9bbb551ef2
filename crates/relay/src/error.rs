//! The relay library's error type: callers (the CLI, tests) need to
//! tell startup problems apart, so the library never hands out `anyhow`.

use std::io;
use std::path::PathBuf;

/// Everything that can stop the relay from starting or serving.
///
/// Display messages name the failing thing; the OS cause is exposed through
/// [`std::error::Error::source`] rather than repeated, so `anyhow`'s chain prints it once.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RelayError {
    /// `data_dir` could not be created (or exists but is not a directory).
    #[error("cannot create data directory {}", path.display())]
    CreateDataDir {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// `data_dir` exists but a file cannot be written into it.
    #[error("data directory {} is not writable", path.display())]
    DataDirNotWritable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The server loop itself failed.
    #[error("HTTP server failed")]
    Serve(#[source] io::Error),
    /// The token file cannot be read.
    #[error("cannot load access tokens")]
    Tokens(#[from] crate::tokens::TokenError),
    /// `check` could not read the data directory.
    #[error("cannot check documents in {}", path.display())]
    Check {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    /// The database (`Config::database`) cannot be reached or its schema cannot be set up.
    #[error("cannot use the database")]
    Database(#[source] io::Error),
    /// The sync hub could not start (its thread, or reading `doc-owners.log`).
    #[error("cannot start the sync hub")]
    Hub(#[source] io::Error),
}
