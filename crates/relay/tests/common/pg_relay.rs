//! Relay binaries on a PostgreSQL database, for `pg.rs` and `pg_restart.rs`: started as
//! child processes (`serve --database`), so a test can SIGKILL one; killed on drop.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

pub struct PgRelay {
    pub child: Child,
    pub addr: String,
    /// Its standard error: the log.
    pub log: std::path::PathBuf,
}

impl PgRelay {
    /// A relay on `database`, with its blob directory under `dir`.
    pub fn start(dir: &Path, database: &str) -> PgRelay {
        Self::start_with(dir, database, &[])
    }

    /// [`PgRelay::start`] with more `serve` flags.
    pub fn start_with(dir: &Path, database: &str, flags: &[&str]) -> PgRelay {
        Self::spawn(dir, database, flags, None)
    }

    /// [`PgRelay::start`] logging what `RUST_LOG=filter` lets through.
    pub fn start_logged(dir: &Path, database: &str, filter: &str) -> PgRelay {
        Self::spawn(dir, database, &[], Some(filter))
    }

    fn spawn(dir: &Path, database: &str, flags: &[&str], filter: Option<&str>) -> PgRelay {
        static N: AtomicU64 = AtomicU64::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let log = dir.join(format!("relay-{n}.log"));
        let mut command = Command::new(env!("CARGO_BIN_EXE_gendan-relay"));
        match filter {
            Some(filter) => command.env("RUST_LOG", filter),
            None => command.env_remove("RUST_LOG"),
        };
        let mut child = command
            .args(["serve", "--addr", "127.0.0.1:0", "--dist"])
            .arg(dir.join("dist"))
            .arg("--data")
            .arg(dir.join(format!("blobs-{n}")))
            .arg("--database")
            .arg(database)
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("relay starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let addr = loop {
            let Some(Ok(line)) = lines.next() else {
                let log = std::fs::read_to_string(&log).unwrap_or_default();
                panic!("the relay did not start; its log:\n{log}");
            };
            if let Some(rest) = line.split("listening on http://").nth(1) {
                break rest.split_whitespace().next().expect("addr").to_owned();
            }
        };
        std::thread::spawn(move || for _ in lines {});
        PgRelay { child, addr, log }
    }

    pub fn url(&self, token: &str) -> String {
        format!("ws://{}/sync?token={token}", self.addr)
    }

    /// The relay's resident memory, KiB (VmRSS).
    pub fn rss_kib(&self) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|kb| kb.parse().ok())
            })
            .unwrap_or(0)
    }

    /// SIGKILL: no shutdown, no flush.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for PgRelay {
    fn drop(&mut self) {
        self.kill();
    }
}
