//! A throwaway PostgreSQL cluster for the relay's database tests: `initdb` + `pg_ctl` on a
//! fresh directory under the system temp dir, on a free loopback port, its socket in its
//! own directory; stopped (`pg_ctl stop -m immediate`) and removed on drop, and by a
//! watchdog if the test process dies first (a cluster shared through a `static` is never
//! dropped).
//!
//! Binaries: on PATH, else under `/usr/lib/postgresql/*/bin` (Debian's `postgresql`
//! package, which `make test` installs when missing). When none exist at all the caller
//! skips its test with a printed message.
//!
//! Root. `initdb` and `postgres` refuse to run as root, and CI and the developers' machines
//! run tests as root. Then every PostgreSQL command runs as an unprivileged user through
//! `runuser -u USER --` (util-linux, always on Debian): `postgres` if that user exists (the
//! Debian package creates it), else `nobody`. The cluster directory is created by the test
//! and handed to that user (`chown`, mode 0700, which `postgres` demands); its parent is
//! the world-writable temp dir, so the user can reach it.

#![allow(dead_code)]

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

pub struct Cluster {
    pub port: u16,
    dir: PathBuf,
    bin: PathBuf,
    /// Who runs PostgreSQL when the test runs as root.
    user: Option<String>,
    watchdog: Option<std::process::Child>,
}

/// Where `initdb` lives, if anywhere.
fn find_bin_dir() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if dir.join("initdb").is_file() && dir.join("pg_ctl").is_file() {
                // Follow a symlink (`/usr/local/bin/initdb` → Debian's directory), where
                // `createdb` and `psql` sit beside it.
                let real = std::fs::canonicalize(dir.join("initdb")).ok()?;
                return real.parent().map(PathBuf::from);
            }
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
        .collect();
    // The newest major version.
    found.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop()
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

fn id_of(user: &str, flag: &str) -> Option<u32> {
    let out = Command::new("id").args([flag, user]).output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Cluster {
    /// Starts a cluster, or `None` (after printing why) when no PostgreSQL is installed.
    pub fn start() -> Option<Cluster> {
        let Some(bin) = find_bin_dir() else {
            eprintln!(
                "SKIPPED: no PostgreSQL server binaries (initdb, pg_ctl) on PATH or under \
                 /usr/lib/postgresql/*/bin; `make db-tools` installs Debian's postgresql"
            );
            return None;
        };
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "gendan-pg-{}-{}-{}",
            env!("CARGO_CRATE_NAME"),
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("cluster dir");
        let user = if is_root() {
            let name = ["postgres", "nobody"]
                .into_iter()
                .find(|u| id_of(u, "-u").is_some())
                .expect("running as root, and neither a `postgres` nor a `nobody` user exists");
            let uid = id_of(name, "-u").expect("uid");
            let gid = id_of(name, "-g").expect("gid");
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).expect("chown cluster dir");
            Some(name.to_owned())
        } else {
            None
        };
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
            .expect("cluster dir mode");
        let mut cluster = Cluster {
            port: free_port(),
            dir,
            bin,
            user,
            watchdog: None,
        };
        let data = cluster.data_dir();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "gendan",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        cluster.start_server();
        // Stops the cluster when this process ends, however it ends.
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf '{dir}'",
            pid = std::process::id(),
            stop = cluster.shell_command("pg_ctl", &["-D", &data, "-m", "immediate", "stop"]),
            dir = cluster.dir.display(),
        );
        cluster.watchdog = Command::new("sh")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok();
        Some(cluster)
    }

    fn data_dir(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    /// `bin/name args…`, as the unprivileged user when root.
    fn command(&self, name: &str, args: &[&str]) -> Command {
        let program = self.bin.join(name);
        match &self.user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(program).args(args);
                c
            }
            None => {
                let mut c = Command::new(program);
                c.args(args);
                c
            }
        }
    }

    fn shell_command(&self, name: &str, args: &[&str]) -> String {
        let program = self.bin.join(name).display().to_string();
        let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
        match &self.user {
            Some(user) => format!("runuser -u {user} -- '{program}' {}", quoted.join(" ")),
            None => format!("'{program}' {}", quoted.join(" ")),
        }
    }

    fn run(&self, name: &str, args: &[&str]) {
        let out = self
            .command(name, args)
            .current_dir(&self.dir)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {name}: {e}"));
        assert!(
            out.status.success(),
            "{name} failed: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn start_server(&self) {
        let data = self.data_dir();
        let log = self.dir.join("server.log").display().to_string();
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=100",
            self.port,
            self.dir.display()
        );
        self.run(
            "pg_ctl",
            &[
                "-D", &data, "-l", &log, "-o", &options, "-w", "-t", "60", "start",
            ],
        );
    }

    /// Stops the server as a crash would (no checkpoint) and starts it again on the same
    /// port: what it acknowledged must survive recovery.
    pub fn restart(&self) {
        self.stop_server();
        std::thread::sleep(Duration::from_millis(300));
        self.start_server();
    }

    pub fn stop_server(&self) {
        let data = self.data_dir();
        self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
    }

    /// A fresh database in the cluster, for one test; its URL.
    pub fn database(&self, name: &str) -> String {
        let port = self.port.to_string();
        let host = self.dir.display().to_string();
        self.run(
            "createdb",
            &["-h", &host, "-p", &port, "-U", "gendan", name],
        );
        self.url(name)
    }

    pub fn url(&self, db: &str) -> String {
        format!(
            "postgres://gendan@127.0.0.1:{}/{db}?connect_timeout=5",
            self.port
        )
    }

    /// Bytes the database `db` holds on disk.
    pub fn database_size(&self, db: &str) -> u64 {
        let port = self.port.to_string();
        let host = self.dir.display().to_string();
        let sql = format!("SELECT pg_database_size('{db}')");
        let out = self
            .command(
                "psql",
                &[
                    "-h", &host, "-p", &port, "-U", "gendan", "-At", "-c", &sql, db,
                ],
            )
            .output()
            .expect("psql");
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or(0)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data_dir();
        let _ = self
            .command("pg_ctl", &["-D", &data, "-m", "immediate", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
        if let Some(mut w) = self.watchdog.take() {
            let _ = w.kill();
            let _ = w.wait();
        }
    }
}
