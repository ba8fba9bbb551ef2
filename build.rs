//! Names the code that reads stored orders, for the start-up check (`platform::reader_id`): an
//! order whose stored bytes this name already read without fault is not loaded again. The name
//! covers only that code (`gendan_source_id::READER`), so an update that changes screens keeps
//! it and the first start after it does not load every order again; the wasm file's own hash,
//! used before, changed with every update.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(root) = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from) else {
        eprintln!("build.rs: Cargo did not say where the package is (CARGO_MANIFEST_DIR)");
        return ExitCode::FAILURE;
    };
    match gendan_source_id::of(&root, gendan_source_id::READER) {
        Ok(id) => {
            // Directories are watched whole, so a new file in one renames the reader too.
            for input in gendan_source_id::READER {
                println!("cargo:rerun-if-changed={input}");
            }
            println!("cargo:rustc-env=GENDAN_READER_ID={}", id.hex);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("build.rs: cannot name the order reader: {e}");
            ExitCode::FAILURE
        }
    }
}
