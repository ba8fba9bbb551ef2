//! Serving the Trunk-built client from `dist/`: files with pinned MIME types and cache
//! headers, the SPA fallback to `index.html`, and a clear 503 while the app is not built.
//! Traversal protection is `ServeDir`'s; this module only decides what happens after
//! `ServeDir` declines a path.
//!
//! The build writes a brotli (`.br`) and a gzip (`.gz`) copy next to every text and wasm file
//! (`tools/gen-sw.mjs`); the copy the browser accepts is sent with `Content-Encoding`, so a first
//! visit over a weak factory network downloads ~1 MB instead of the 4 MB wasm. Files without
//! copies (a hand-made `dist/`) are served as they are.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::handler::HandlerWithoutStateExt;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, VARY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use crate::assets::{self, CachePolicy, Unmatched};

/// Body of the 503 answered for app pages while `dist/index.html` is missing.
pub const APP_NOT_BUILT: &str = "app not built: run `make run`\n";

/// The static part of the app, as a router made only of a fallback so that API routes
/// merged next to it always win.
pub fn static_routes(dist_dir: &Path) -> Router {
    let index = dist_dir.join("index.html");
    let shell = move |req: Request| {
        let index = index.clone();
        async move { unmatched(&index, req).await }
    };
    let files = ServeDir::new(dist_dir)
        .precompressed_br()
        .precompressed_gzip()
        // Directories go to the fallback instead of redirecting to `dir/`: `/` is then the
        // shell like any other app route, and `dist` subfolders never leak as 307s.
        .append_index_html_on_directories(false)
        .fallback(shell.into_service());
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(static_headers))
}

/// Answers what `ServeDir` could not: the shell for app routes, 404 for anything else.
async fn unmatched(index: &Path, req: Request) -> Response {
    let path = req.uri().path();
    // `/index.html` has an extension but *is* the shell; missing means "not built".
    if path != "/index.html" && assets::classify_unmatched(path) == Unmatched::MissingFile {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    serve_shell(index.to_path_buf(), req).await
}

async fn serve_shell(index: PathBuf, req: Request) -> Response {
    let not_built = || (StatusCode::SERVICE_UNAVAILABLE, APP_NOT_BUILT).into_response();
    // Checked up front because `ServeFile` would open a directory named `index.html`
    // and only fail mid-body.
    match tokio::fs::metadata(&index).await {
        Ok(meta) if meta.is_file() => {}
        _ => return not_built(),
    }
    // `ServeFile` rather than a plain read: it answers conditional requests, so the
    // `no-cache` revalidation of the shell is a cheap 304.
    match ServeFile::new(&index)
        .precompressed_br()
        .precompressed_gzip()
        .try_call(req)
        .await
    {
        Ok(res) if res.status() == StatusCode::NOT_FOUND => not_built(),
        Ok(mut res) => {
            if res.status().is_success() {
                res.headers_mut().insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                );
            }
            res.map(Body::new)
        }
        Err(err) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("cannot read index.html: {err}\n"),
        )
            .into_response(),
    }
}

/// Sets `Cache-Control`, the pinned `Content-Type` and `nosniff` on every static response.
async fn static_headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let status = res.status();
    let headers = res.headers_mut();

    // Only a real file (or its 304) may be cached for a year: caching a 404 for a hashed
    // name would break the build that later ships it.
    let policy = match assets::cache_policy(&path) {
        CachePolicy::Immutable if status.is_success() || status == StatusCode::NOT_MODIFIED => {
            CachePolicy::Immutable
        }
        _ => CachePolicy::NoCache,
    };
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static(policy.header_value()),
    );

    if status.is_success() {
        if let Some(mime) = assets::content_type(&path) {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(mime));
        }
    }
    // The body depends on `Accept-Encoding` (precompressed copies): shared caches must key on it.
    headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    // We pin types ourselves, so browsers must not second-guess them.
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    let html = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if html {
        headers.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
        );
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    }
    res
}

/// The app shell's Content-Security-Policy. What the app needs, and nothing else it could
/// be tricked into: its own scripts plus Trunk's inline bootstrap module
/// (`'unsafe-inline'`: its hash changes with every build) and WebAssembly compilation
/// (`'wasm-unsafe-eval'`); inline styles (Leptos `style:`); photos as `blob:`/`data:`
/// URLs; sync and blob requests to a relay that may live on another origin (`connect-src`
/// open, over http(s) and ws(s)); no plugins, no `<base>` hijack, and no framing
/// (`frame-ancestors 'none'`, with `X-Frame-Options: DENY` for older browsers).
const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; \
script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; media-src 'self' blob:; \
font-src 'self' data:; connect-src 'self' http: https: ws: wss: blob: data:; \
worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; \
form-action 'self'; frame-ancestors 'none'";
