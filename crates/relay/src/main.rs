//! The `gendan-relay` command line: parses arguments by hand (clap would double the
//! relay's compile time for a handful of flags), wires OS signals to graceful shutdown
//! (which closes sync WebSockets too), manages access tokens in the data directory, and
//! turns library errors into `anyhow` reports for a human.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use gendan_relay::{serve_relay, start, tokens, Config, TokenAdmin};
use tokio::net::TcpListener;

const USAGE: &str = "\
usage: gendan-relay serve [--addr 127.0.0.1:8080] [--dist dist] [--data data] [--database URL]
                          [--blob-quota 64G] [--doc-quota 16G] [--max-docs 250000]
                          [--max-loaded 512M]
       gendan-relay token create --workspace W [--docs ID1,ID2] [--label L] [--data data] [--database URL]
       gendan-relay token list [--data data] [--database URL]
       gendan-relay token revoke ID [--data data] [--database URL]
       gendan-relay check [--data data] [--database URL]

  --addr ADDR       address to listen on (default 127.0.0.1:8080)
  --dist DIR        built client to serve, Trunk's output (default dist)
  --data DIR        relay storage, created if missing (default data); with --database
                    only blobs live here (share it between relays)
  --database URL    postgres://user@host:port/db: documents, owners and tokens live in
                    that database, shared by every relay given the same URL
  --blob-quota N    bytes of files one workspace may keep (K, M, G suffixes: powers of
                    1024; default 64G); past it uploads are refused and devices keep
                    their files
  --doc-quota N     bytes of documents one workspace may keep (suffixes as above;
                    default 16G); past it changes are refused and devices keep them
  --max-docs N      documents one workspace may keep (default 250000); past it new
                    documents are refused and devices keep them
  --max-loaded N    bytes the documents held in memory may weigh together, inflated
                    (suffixes as above; default 512M); past it the least recently used
                    are dropped from memory and read from storage again when needed
  --workspace W     the workspace the token reaches
  --docs IDS        only these documents (a scoped token, e.g. for a factory)
  --label L         a note shown by `token list`

`check` lists damaged documents (chunks that do not load, changes missing, files in
data/quarantine; with --database, rows that do not load) without changing anything; it
exits with 1 if it finds any.

Clients connect to ws(s)://HOST/sync?token=TOKEN. Revoking a token closes its live
connections within about a second.";

#[derive(Debug, PartialEq, Eq)]
enum Command {
    Serve(ServeArgs),
    Check {
        data: PathBuf,
        database: Option<String>,
    },
    Token(TokenCommand),
    Help,
}

#[derive(Debug, PartialEq, Eq)]
enum TokenCommand {
    Create {
        data: PathBuf,
        database: Option<String>,
        workspace: String,
        docs: Option<Vec<String>>,
        label: Option<String>,
    },
    List {
        data: PathBuf,
        database: Option<String>,
    },
    Revoke {
        data: PathBuf,
        database: Option<String>,
        id: String,
    },
}

#[derive(Debug, PartialEq, Eq)]
struct ServeArgs {
    /// Kept as text so host names (`localhost:8080`) resolve at bind time.
    addr: String,
    dist: PathBuf,
    data: PathBuf,
    database: Option<String>,
    /// `--blob-quota`; `None`: the default.
    blob_quota: Option<u64>,
    /// `--doc-quota`; `None`: the default.
    doc_quota: Option<u64>,
    /// `--max-docs`; `None`: the default.
    max_docs: Option<usize>,
    /// `--max-loaded`; `None`: the default.
    max_loaded: Option<u64>,
}

/// A whole number of documents, strictly (digits only); `flag` names it in the message.
fn parse_count(flag: &str, text: &str) -> Result<usize, String> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`{flag}` takes a whole number; got `{text}`"));
    }
    text.parse::<usize>()
        .map_err(|_| format!("`{flag} {text}` is too large"))
}

/// `64G`, `512M`, `100K` or plain bytes: a size, strictly (no fractions, no other suffix);
/// `flag` names it in the message.
fn parse_size(flag: &str, text: &str) -> Result<u64, String> {
    let (digits, unit) = match text.char_indices().last() {
        Some((i, 'K' | 'k')) => (&text[..i], 1u64 << 10),
        Some((i, 'M' | 'm')) => (&text[..i], 1 << 20),
        Some((i, 'G' | 'g')) => (&text[..i], 1 << 30),
        _ => (text, 1),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`{flag}` takes a whole number of bytes, with K, M or G after it; got `{text}`"
        ));
    }
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(|| format!("`{flag} {text}` is too large"))
}

// Kept by hand: five flags and four subcommands are ~100 tested lines; clap would double the
// relay's compile time and lexopt/pico-args would save little.
/// Parses everything after the program name; `Err` carries what to tell the user.
fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut args = args.into_iter();
    match args.next().as_deref() {
        Some("serve") => {}
        Some("token") => return parse_token(args),
        Some("check") => return parse_check(args),
        Some("-h" | "--help" | "help") => return Ok(Command::Help),
        Some(other) => return Err(format!("unknown command `{other}`")),
        None => return Err("missing command".into()),
    }
    let mut serve = ServeArgs {
        addr: "127.0.0.1:8080".into(),
        dist: "dist".into(),
        data: "data".into(),
        database: None,
        blob_quota: None,
        doc_quota: None,
        max_docs: None,
        max_loaded: None,
    };
    while let Some(arg) = args.next() {
        // Accept both `--flag value` and `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        if matches!(flag.as_str(), "-h" | "--help") {
            return Ok(Command::Help);
        }
        if !matches!(
            flag.as_str(),
            "--addr"
                | "--dist"
                | "--data"
                | "--database"
                | "--blob-quota"
                | "--doc-quota"
                | "--max-docs"
                | "--max-loaded"
        ) {
            return Err(format!("unknown argument `{flag}`"));
        }
        let value = match inline.or_else(|| args.next()) {
            Some(value) if !value.is_empty() => value,
            _ => return Err(format!("`{flag}` needs a value")),
        };
        match flag.as_str() {
            "--addr" => serve.addr = value,
            "--dist" => serve.dist = value.into(),
            "--database" => serve.database = Some(value),
            "--blob-quota" => serve.blob_quota = Some(parse_size(&flag, &value)?),
            "--doc-quota" => serve.doc_quota = Some(parse_size(&flag, &value)?),
            "--max-docs" => serve.max_docs = Some(parse_count(&flag, &value)?),
            "--max-loaded" => serve.max_loaded = Some(parse_size(&flag, &value)?),
            _ => serve.data = value.into(),
        }
    }
    Ok(Command::Serve(serve))
}

/// `check [--data DIR] [--database URL]`.
fn parse_check(args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut data: PathBuf = "data".into();
    let mut database = None;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        match arg.split_once('=') {
            Some(("--data", value)) if !value.is_empty() => data = value.into(),
            Some(("--database", value)) if !value.is_empty() => database = Some(value.into()),
            _ if arg == "--data" => match args.next() {
                Some(value) if !value.is_empty() => data = value.into(),
                _ => return Err("`--data` needs a value".into()),
            },
            _ if arg == "--database" => match args.next() {
                Some(value) if !value.is_empty() => database = Some(value),
                _ => return Err("`--database` needs a value".into()),
            },
            _ if matches!(arg.as_str(), "-h" | "--help") => return Ok(Command::Help),
            _ => return Err(format!("unknown argument `{arg}`")),
        }
    }
    Ok(Command::Check { data, database })
}

/// Prints damaged documents (and healed ones with files in quarantine); `Ok(false)`
/// when any is still damaged.
fn run_check(data: &std::path::Path, database: Option<&str>) -> anyhow::Result<bool> {
    let (reports, place) = match database {
        Some(url) => (
            gendan_relay::check_database(url)?,
            "the database".to_owned(),
        ),
        None => (gendan_relay::check_data(data)?, data.display().to_string()),
    };
    for r in &reports {
        match &r.owner {
            Some(owner) => println!("document {} ({owner})", r.id),
            None => println!("document {}", r.id),
        }
        for d in &r.damaged {
            println!("  chunk {}: {}", d.path.display(), d.error);
        }
        if r.missing_deps > 0 {
            println!(
                "  {} missing change(s): later changes are not served until a peer that has them syncs",
                r.missing_deps
            );
        }
        for q in &r.quarantined {
            println!("  quarantined {}", q.display());
        }
    }
    // Quarantined files alone are history: the document healed since.
    let broken = reports
        .iter()
        .any(|r| !r.damaged.is_empty() || r.missing_deps > 0);
    if !broken {
        println!("no damaged documents in {place}");
    }
    Ok(!broken)
}

/// `token create|list|revoke` with `--flag value` / `--flag=value` options.
fn parse_token(args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut args = args.peekable();
    let action = args.next().ok_or("`token` needs create, list or revoke")?;
    let mut data: PathBuf = "data".into();
    let mut database = None;
    let mut workspace = None;
    let mut docs = None;
    let mut label = None;
    let mut positional = Vec::new();
    while let Some(arg) = args.next() {
        if matches!(arg.as_str(), "-h" | "--help") {
            return Ok(Command::Help);
        }
        if !arg.starts_with("--") {
            positional.push(arg);
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg, None),
        };
        if !matches!(
            flag.as_str(),
            "--data" | "--database" | "--workspace" | "--docs" | "--label"
        ) {
            return Err(format!("unknown argument `{flag}`"));
        }
        let value = match inline.or_else(|| args.next()) {
            Some(value) if !value.is_empty() => value,
            _ => return Err(format!("`{flag}` needs a value")),
        };
        match flag.as_str() {
            "--data" => data = value.into(),
            "--database" => database = Some(value),
            "--workspace" => workspace = Some(value),
            "--docs" => {
                let list: Vec<String> = value
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
                if list.is_empty() {
                    return Err("`--docs` needs at least one document id".into());
                }
                docs = Some(list);
            }
            _ => label = Some(value),
        }
    }
    let command = match action.as_str() {
        "create" => {
            let workspace = workspace.ok_or("`token create` needs --workspace")?;
            if !positional.is_empty() {
                return Err(format!("unexpected argument `{}`", positional[0]));
            }
            TokenCommand::Create {
                data,
                database,
                workspace,
                docs,
                label,
            }
        }
        "list" if positional.is_empty() && workspace.is_none() && docs.is_none() => {
            TokenCommand::List { data, database }
        }
        "revoke" if positional.len() == 1 && workspace.is_none() && docs.is_none() => {
            TokenCommand::Revoke {
                data,
                database,
                id: positional.remove(0),
            }
        }
        "list" | "revoke" => return Err(format!("wrong arguments for `token {action}`")),
        other => return Err(format!("unknown token command `{other}`")),
    };
    Ok(Command::Token(command))
}

fn run_token(command: TokenCommand) -> anyhow::Result<()> {
    match command {
        TokenCommand::Create {
            data,
            database,
            workspace,
            docs,
            label,
        } => {
            let admin = TokenAdmin::open(&data, database.as_deref())?;
            let (record, token) = admin
                .create(&workspace, docs, label)
                .context("cannot create the token")?;
            println!("id: {}", record.id);
            println!("token: {token}");
            eprintln!("Keep the token secret; it is shown only once. Revoke it with `gendan-relay token revoke {}`.", record.id);
        }
        TokenCommand::List { data, database } => {
            let admin = TokenAdmin::open(&data, database.as_deref())?;
            let mut out = std::io::stdout().lock();
            for record in admin.list().context("cannot read tokens")? {
                tokens::describe(&record, &mut out)?;
            }
        }
        TokenCommand::Revoke { data, database, id } => {
            let admin = TokenAdmin::open(&data, database.as_deref())?;
            let record = admin.revoke(&id).context("cannot revoke the token")?;
            println!("revoked {} ({})", record.id, record.workspace);
        }
    }
    Ok(())
}

/// Server logs go to stderr through `tracing`: `info` and up by default, `RUST_LOG`
/// overrides (e.g. `RUST_LOG=gendan_relay=debug`). Command output (`token`, `check`) stays
/// plain `println!`: it is the answer, not a log.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .init();
}

fn main() -> ExitCode {
    match parse_args(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("gendan-relay: {message}\n{USAGE}");
            ExitCode::from(2)
        }
        Ok(Command::Check { data, database }) => match run_check(&data, database.as_deref()) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(err) => {
                eprintln!("gendan-relay: {err:#}");
                ExitCode::from(2)
            }
        },
        Ok(Command::Token(command)) => match run_token(command) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("gendan-relay: {err:#}");
                ExitCode::FAILURE
            }
        },
        Ok(Command::Serve(args)) => match run(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("gendan-relay: {err:#}");
                ExitCode::FAILURE
            }
        },
    }
}

/// The relay's configuration: the defaults, with what the flags given say instead.
fn serve_config(args: &ServeArgs) -> Config {
    let mut config = Config::new(args.dist.clone(), args.data.clone());
    config.database = args.database.clone();
    if let Some(quota) = args.blob_quota {
        config.limits.max_workspace_blob_bytes = quota;
    }
    if let Some(quota) = args.doc_quota {
        config.limits.max_workspace_doc_bytes = quota;
    }
    if let Some(max) = args.max_docs {
        config.limits.max_workspace_docs = max;
    }
    if let Some(max) = args.max_loaded {
        config.limits.max_loaded_bytes = max;
    }
    config
}

#[tokio::main]
async fn run(args: ServeArgs) -> anyhow::Result<()> {
    init_logging();
    let config = serve_config(&args);
    let relay = start(config).context("cannot start the relay")?;
    // Installed before listening so a SIGTERM that arrives during startup is not lost.
    let shutdown = shutdown_signal().context("cannot install signal handlers")?;
    let listener = TcpListener::bind(&args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener
        .local_addr()
        .context("cannot read the bound address")?;

    if !args.dist.join("index.html").is_file() {
        tracing::warn!(
            dist = %args.dist.display(),
            "no index.html; the app answers 503 until you run `make run`"
        );
    }
    println!(
        "Gendan relay listening on http://{addr} (app: {}, data: {})",
        args.dist.display(),
        args.data.display()
    );
    serve_relay(listener, relay, shutdown).await?;
    println!("Gendan relay stopped");
    Ok(())
}

/// Resolves on the first Ctrl-C or SIGTERM; a second Ctrl-C exits at once, for when a
/// connection refuses to drain.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    Ok(async move {
        #[cfg(unix)]
        let terminate = term.recv();
        #[cfg(not(unix))]
        let terminate = std::future::pending::<Option<()>>();
        tokio::select! {
            _ = ctrl_c() => {}
            _ = terminate => {}
        }
        tracing::info!("shutting down: closing sync connections, finishing open requests (Ctrl-C again to force)");
        tokio::spawn(async {
            ctrl_c().await;
            tracing::warn!("forced exit");
            std::process::exit(130);
        });
    })
}

/// Ctrl-C, or never if the handler cannot be installed: failing to listen for Ctrl-C must
/// not read as "Ctrl-C pressed" and stop the server.
async fn ctrl_c() {
    if let Err(err) = tokio::signal::ctrl_c().await {
        tracing::warn!(error = %err, "Ctrl-C handler unavailable");
        std::future::pending::<()>().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn serve_defaults() {
        assert_eq!(
            parse(&["serve"]),
            Ok(Command::Serve(ServeArgs {
                addr: "127.0.0.1:8080".into(),
                dist: "dist".into(),
                data: "data".into(),
                database: None,
                blob_quota: None,
                doc_quota: None,
                max_docs: None,
                max_loaded: None,
            }))
        );
    }

    #[test]
    fn serve_with_flags_in_both_forms() {
        assert_eq!(
            parse(&[
                "serve",
                "--addr",
                "0.0.0.0:9000",
                "--dist=build",
                "--data",
                "/var/gendan",
                "--database=postgres://relay@db:5432/gendan?application_name=a=b",
                "--blob-quota",
                "2G",
                "--doc-quota=512M",
                "--max-docs=1000",
                "--max-loaded",
                "256M"
            ]),
            Ok(Command::Serve(ServeArgs {
                addr: "0.0.0.0:9000".into(),
                dist: "build".into(),
                data: "/var/gendan".into(),
                database: Some("postgres://relay@db:5432/gendan?application_name=a=b".into()),
                blob_quota: Some(2 << 30),
                doc_quota: Some(512 << 20),
                max_docs: Some(1000),
                max_loaded: Some(256 << 20),
            }))
        );
    }

    #[test]
    fn the_loaded_documents_weight_is_a_flag() {
        // `Limits::max_loaded_bytes` bounds the relay's memory; an operator sizing a relay to
        // its machine had no way to set it but rebuilding.
        let Ok(Command::Serve(args)) = parse(&["serve", "--max-loaded=64M"]) else {
            panic!("`--max-loaded` refused");
        };
        assert_eq!(serve_config(&args).limits.max_loaded_bytes, 64 << 20);
        let Ok(Command::Serve(args)) = parse(&["serve"]) else {
            panic!("defaults");
        };
        assert_eq!(
            serve_config(&args).limits.max_loaded_bytes,
            gendan_relay::Limits::default().max_loaded_bytes
        );
        assert!(USAGE.contains("--max-loaded N"), "the flag is in --help");
        let refused = parse(&["serve", "--max-loaded", "1.5G"]).expect_err("a fraction");
        assert!(refused.contains("--max-loaded"), "{refused}");
    }

    #[test]
    fn a_document_count_is_read_strictly() {
        assert_eq!(parse_count("--max-docs", "250000"), Ok(250_000));
        for bad in ["", "1K", "1.5", "-1", "1e6", "99999999999999999999999"] {
            assert!(parse_count("--max-docs", bad).is_err(), "{bad}");
        }
        assert!(parse(&["serve", "--max-docs", "many"]).is_err());
    }

    #[test]
    fn a_quota_is_read_strictly() {
        let size = |text| parse_size("--blob-quota", text);
        assert_eq!(size("100"), Ok(100));
        assert_eq!(size("64G"), Ok(64 << 30));
        assert_eq!(size("512m"), Ok(512 << 20));
        assert_eq!(size("100K"), Ok(100 << 10));
        for bad in [
            "",
            "G",
            "1.5G",
            "1,5G",
            "-1",
            "10T",
            "1 G",
            "99999999999999999999G",
        ] {
            assert!(size(bad).is_err(), "{bad:?} was read");
        }
        assert!(parse(&["serve", "--blob-quota", "lots"]).is_err());
        let refused = parse(&["serve", "--doc-quota", "1.5G"]).expect_err("a fraction");
        assert!(refused.contains("--doc-quota"), "{refused}");
    }

    #[test]
    fn token_commands() {
        assert_eq!(
            parse(&[
                "token",
                "create",
                "--workspace",
                "acme",
                "--docs",
                "a,b",
                "--label=factory",
                "--data",
                "/d"
            ]),
            Ok(Command::Token(TokenCommand::Create {
                data: "/d".into(),
                database: None,
                workspace: "acme".into(),
                docs: Some(vec!["a".into(), "b".into()]),
                label: Some("factory".into()),
            }))
        );
        assert_eq!(
            parse(&["token", "list", "--data=/d"]),
            Ok(Command::Token(TokenCommand::List {
                data: "/d".into(),
                database: None
            }))
        );
        assert_eq!(
            parse(&["token", "list", "--database", "postgres://h/db"]),
            Ok(Command::Token(TokenCommand::List {
                data: "data".into(),
                database: Some("postgres://h/db".into())
            }))
        );
        assert_eq!(
            parse(&["token", "revoke", "ab12", "--data", "/d"]),
            Ok(Command::Token(TokenCommand::Revoke {
                data: "/d".into(),
                database: None,
                id: "ab12".into()
            }))
        );
        for bad in [
            &["token"][..],
            &["token", "create"],
            &["token", "create", "--workspace"],
            &["token", "revoke"],
            &["token", "revoke", "a", "b"],
            &["token", "frobnicate"],
            &["token", "list", "--bogus", "x"],
            &["token", "create", "--workspace", "w", "--docs", ","],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn check() {
        let check = |data: &str, database: Option<&str>| {
            Ok(Command::Check {
                data: data.into(),
                database: database.map(String::from),
            })
        };
        assert_eq!(parse(&["check"]), check("data", None));
        assert_eq!(parse(&["check", "--data", "/srv/d"]), check("/srv/d", None));
        assert_eq!(parse(&["check", "--data=x"]), check("x", None));
        assert_eq!(
            parse(&["check", "--database", "postgres://h/db"]),
            check("data", Some("postgres://h/db"))
        );
        assert_eq!(
            parse(&["check", "--database=postgres://h/db"]),
            check("data", Some("postgres://h/db"))
        );
        assert!(parse(&["check", "--data"]).is_err());
        assert!(parse(&["check", "--database"]).is_err());
        assert!(parse(&["check", "extra"]).is_err());
    }

    #[test]
    fn help() {
        assert_eq!(parse(&["--help"]), Ok(Command::Help));
        assert_eq!(parse(&["serve", "-h"]), Ok(Command::Help));
    }

    #[test]
    fn usage_errors() {
        for args in [
            &[][..],
            &["run"],
            &["serve", "--port", "80"],
            &["serve", "extra"],
            &["serve", "--addr"],
            &["serve", "--dist="],
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
    }
}
