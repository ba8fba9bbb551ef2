//! Pure policy for the built app's URLs: which MIME type, which cache lifetime, and whether
//! an unknown path is an app route (answered with `index.html`) or a missing file. Kept
//! free of I/O so the rules the PWA's update flow depends on are unit-tested directly.

/// How long a browser (and the service worker's HTTP cache) may keep a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CachePolicy {
    /// Revalidate every time: the entry points that decide which build is running.
    NoCache,
    /// The file name carries a content hash, so the bytes behind it can never change.
    Immutable,
}

impl CachePolicy {
    pub(crate) fn header_value(self) -> &'static str {
        match self {
            CachePolicy::NoCache => "no-cache",
            CachePolicy::Immutable => "public, max-age=31536000, immutable",
        }
    }
}

/// Cache policy for a request path (raw, as in the URI).
///
/// The entry points are listed explicitly, ahead of the hash check, so that a stale
/// `index.html` or `sw.js` can never pin users to an old build.
pub(crate) fn cache_policy(path: &str) -> CachePolicy {
    let name = last_segment(path);
    let entry_point = matches!(
        path,
        "/" | "/index.html" | "/manifest.webmanifest" | "/sw.js"
    ) || has_extension(name, &["html", "htm"]);
    if !entry_point && is_hashed_file_name(name) {
        CachePolicy::Immutable
    } else {
        CachePolicy::NoCache
    }
}

/// Whether `name` looks like a Trunk output with a content hash:
/// `gendan-1a2b3c4d5e6f7a8b.js`, `gendan-1a2b3c4d5e6f7a8b_bg.wasm`, `style-….css`.
pub(crate) fn is_hashed_file_name(name: &str) -> bool {
    let Some((stem, _ext)) = name.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((prefix, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    // Trunk writes its 64-bit hash with `{:x}`, so a hash with leading zero digits is shorter
    // than 16 (one build in 16 has 15): accept 12 or more, which no plain name carries.
    !prefix.is_empty() && hash.len() >= 12 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The `Content-Type` to send for a file, by extension.
///
/// `mime_guess` (used by `ServeDir`) disagrees with browsers on a few of these across
/// versions (`.mjs`, charset on HTML), and a wrong type on `.wasm` disables streaming
/// compilation while a wrong one on `.js` refuses the module outright, so the types the app
/// depends on are pinned here. `None` leaves `ServeDir`'s guess in place.
pub(crate) fn content_type(path: &str) -> Option<&'static str> {
    let (_, ext) = last_segment(path).rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    Some(match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "css" => "text/css",
        "wasm" => "application/wasm",
        "webmanifest" => "application/manifest+json",
        "json" | "map" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => return None,
    })
}

/// What an unmatched request path stands for, once no file in `dist` answered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unmatched {
    /// An in-app location (no extension): the SPA shell handles it.
    AppRoute,
    /// Names a file that is not there (or is hidden / not decodable): 404.
    MissingFile,
}

/// Classifies a path `ServeDir` could not serve.
///
/// `ServeDir` also hands us paths it *rejected* (`..`, encoded separators), so this decodes
/// and checks segments itself: such paths must get a 404, not an app shell that would make
/// a probe look like a success.
pub(crate) fn classify_unmatched(raw_path: &str) -> Unmatched {
    let Some(decoded) = percent_decode(raw_path) else {
        return Unmatched::MissingFile;
    };
    let suspicious = decoded
        .split('/')
        .any(|segment| segment.starts_with('.') || segment.contains(['\\', '\0', ':']));
    let last = decoded.split('/').rfind(|s| !s.is_empty()).unwrap_or("");
    if suspicious || last.contains('.') {
        Unmatched::MissingFile
    } else {
        Unmatched::AppRoute
    }
}

fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn has_extension(name: &str, wanted: &[&str]) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, ext)| wanted.iter().any(|w| ext.eq_ignore_ascii_case(w)))
}

/// Decodes `%XX` escapes; `None` if the result is not UTF-8. Malformed escapes are kept
/// literally, as `ServeDir` does, so both sides agree on what a path means.
fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&hi), Some(&lo)) => hex_value(hi).zip(hex_value(lo)),
            _ => None,
        };
        match escaped {
            Some((hi, lo)) => {
                out.push((hi << 4) | lo);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn hex_value(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_names_are_hashed() {
        assert!(is_hashed_file_name("gendan-1a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed_file_name("gendan-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed_file_name("style-0123456789abcdef.css"));
        assert!(is_hashed_file_name("gendan-ui-0123456789ABCDEF0123.js"));
        // A hash that began with a zero digit, as this build's wasm was named.
        assert!(is_hashed_file_name("gendan-413b969a53163ab_bg.wasm"));
    }

    #[test]
    fn plain_names_are_not_hashed() {
        for name in [
            "sw.js",
            "gendan.js",
            "icon-192.png",
            "gendan-1a2b3c4d5e6.js", // 11 hex chars
            "gendan-1a2b3c4d5e6f7a8g.js",
            "-1a2b3c4d5e6f7a8b.js",
            "gendan-1a2b3c4d5e6f7a8b",
            "gendan-1a2b3c4d5e6f7a8b.js.map",
        ] {
            assert!(!is_hashed_file_name(name), "{name}");
        }
    }

    #[test]
    fn entry_points_are_never_immutable() {
        for path in [
            "/",
            "/index.html",
            "/sw.js",
            "/manifest.webmanifest",
            "/offline.html",
            "/page-0123456789abcdef.html",
            "/orders/abc",
            "/icon-192.png",
        ] {
            assert_eq!(cache_policy(path), CachePolicy::NoCache, "{path}");
        }
        assert_eq!(
            cache_policy("/gendan-1a2b3c4d5e6f7a8b_bg.wasm"),
            CachePolicy::Immutable
        );
        assert_eq!(
            cache_policy("/assets/style-0123456789abcdef.css"),
            CachePolicy::Immutable
        );
    }

    #[test]
    fn content_types_the_app_depends_on() {
        assert_eq!(content_type("/a_bg.wasm"), Some("application/wasm"));
        assert_eq!(content_type("/a.JS"), Some("text/javascript"));
        assert_eq!(content_type("/a.mjs"), Some("text/javascript"));
        assert_eq!(
            content_type("/manifest.webmanifest"),
            Some("application/manifest+json")
        );
        assert_eq!(content_type("/orders/abc"), None);
        assert_eq!(content_type("/a.unknownext"), None);
    }

    #[test]
    fn unmatched_paths() {
        use Unmatched::*;
        for (path, want) in [
            ("/", AppRoute),
            ("/orders/abc", AppRoute),
            ("/orders/", AppRoute),
            ("/settings", AppRoute),
            ("/missing.js", MissingFile),
            ("/orders/abc.png", MissingFile),
            ("/index.html/", MissingFile),
            ("/../etc/passwd", MissingFile),
            ("/%2e%2e/etc/passwd", MissingFile),
            ("/a/..%2f..%2fetc/passwd", MissingFile),
            ("/.env", MissingFile),
            ("/a%5c..%5csecret", MissingFile),
            ("/c:/windows", MissingFile),
            ("/%00", MissingFile),
            ("/%ff", MissingFile),
        ] {
            assert_eq!(classify_unmatched(path), want, "{path}");
        }
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(percent_decode("/%2E%2e").as_deref(), Some("/.."));
        assert_eq!(percent_decode("/100%").as_deref(), Some("/100%"));
        assert_eq!(percent_decode("/%zz").as_deref(), Some("/%zz"));
        assert_eq!(percent_decode("/%c3%a9").as_deref(), Some("/é"));
        assert_eq!(percent_decode("/%c3"), None);
    }
}
