//! Command-line flags and subcommands, with environment variables as fallbacks. Everything is
//! checked here, once; a bad value is one line on standard error and exit code 2.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use crate::http::HttpConfig;
use crate::http::server::ServerConfig;
use crate::snapshot::DEFAULT_BASE_URL;

/// International Leeds: the website of Leeds City Council's International Relations team.
///
/// With no subcommand, serves the site (the same as `serve`).
#[derive(Debug, Clone, Parser)]
#[command(version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeArgs,
    /// Log format: human-readable lines, or one JSON object per line.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Human, global = true)]
    pub log_format: LogFormat,
    /// Log level or filter, such as `info`, `debug` or `international_leeds=debug,tower_http=warn`.
    #[arg(long, env = "LOG_LEVEL", default_value = "info", global = true)]
    pub log_level: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the site over HTTP (the default).
    Serve(ServeArgs),
    /// Check the content as the server would, list every problem, and exit 1 if any.
    Check(CheckArgs),
    /// Write the whole site into DIR as static files, for any static host or CDN.
    Export(ExportArgs),
}

/// The static folder when none is given: `static/` beside `content/`.
pub const DEFAULT_STATIC: &str = "static";

/// Where the site's files are, and where it is published.
#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// Folder of content files (site.toml, priorities/, partnerships/, pages/).
    #[arg(long, env = "CONTENT_DIR", default_value = "content")]
    pub content: PathBuf,

    /// Folder of static files (stylesheet, images), served under /static/.
    #[arg(long = "static", env = "STATIC_DIR", default_value = DEFAULT_STATIC)]
    pub static_dir: PathBuf,

    /// The site's public address, for canonical links and the sitemap (never taken from a
    /// request's Host header).
    #[arg(long, env = "BASE_URL", default_value = DEFAULT_BASE_URL, value_parser = parse_base_url)]
    pub base_url: String,

    /// Folder where processed photos and share cards are kept, so that a restart redoes
    /// nothing [default: $CACHE_DIRECTORY (systemd's CacheDirectory=), else
    /// $XDG_CACHE_HOME/international-leeds, else ~/.cache/international-leeds].
    #[arg(long, env = "MEDIA_CACHE")]
    pub media_cache: Option<PathBuf>,
}

impl SiteArgs {
    /// The folder of the media cache: the one given, else the system's usual place for a
    /// program's cache; `None` when there is none.
    pub fn media_cache(&self) -> Option<PathBuf> {
        let var = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        self.media_cache
            .clone()
            .or_else(|| var("CACHE_DIRECTORY"))
            .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("international-leeds")))
            .or_else(|| var("HOME").map(|d| d.join(".cache").join("international-leeds")))
    }
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "BIND", default_value = "127.0.0.1")]
    pub bind: IpAddr,

    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = 3000)]
    pub port: u16,

    /// Serve Prometheus metrics at /metrics on this IP address and port (such as
    /// 127.0.0.1:13000), a private listener apart from the site's: never on the public port.
    /// Off unless given.
    #[arg(long, env = "METRICS_BIND", value_name = "IP:PORT")]
    pub metrics_bind: Option<SocketAddr>,

    #[command(flatten)]
    pub site: SiteArgs,

    /// Preview mode for editors: drafts shown, and broken content shown as a list of errors on
    /// every page instead of the last good site.
    #[arg(long, env = "DEV")]
    pub dev: bool,

    /// Show drafts and unpublished pages (implied by --dev).
    #[arg(long, env = "DRAFTS")]
    pub drafts: bool,

    /// Do not watch the content and static folders for changes (SIGHUP still reloads).
    #[arg(long, env = "NO_WATCH")]
    pub no_watch: bool,

    /// Send Strict-Transport-Security with this max-age in seconds (only when every visitor
    /// reaches the site over HTTPS).
    #[arg(long, env = "HSTS_MAX_AGE")]
    pub hsts_max_age: Option<u32>,

    /// Seconds a client has to send a request's headers before it is disconnected.
    #[arg(long, env = "HEADER_READ_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_read_timeout: u64,

    /// Seconds a request may take before it is answered 408.
    #[arg(long, env = "REQUEST_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: u64,

    /// Seconds a connection may wait for the client to take the answer it is sent (a client
    /// that never reads); then it is closed.
    #[arg(long, env = "WRITE_TIMEOUT", default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub write_timeout: u64,

    /// Seconds requests in flight may take to finish after SIGTERM.
    #[arg(long, env = "SHUTDOWN_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub shutdown_timeout: u64,

    /// Open connections at most; more are closed at once.
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = 4096, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,

    /// Requests served at once at most (search, health, redirects, 404s; pages and assets are
    /// answered by a lookup that never waits); more are answered 503 at once.
    #[arg(long, env = "MAX_CONCURRENT_REQUESTS", default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_concurrent_requests: u64,
}

impl ServeArgs {
    pub fn http_config(&self) -> HttpConfig {
        HttpConfig {
            request_timeout: Duration::from_secs(self.request_timeout),
            max_concurrent_requests: usize::try_from(self.max_concurrent_requests)
                .unwrap_or(usize::MAX),
            hsts_max_age: self.hsts_max_age,
        }
    }

    pub fn server_config(&self) -> ServerConfig {
        ServerConfig {
            header_read_timeout: Duration::from_secs(self.header_read_timeout),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
            shutdown_timeout: Duration::from_secs(self.shutdown_timeout),
            write_timeout: Duration::from_secs(self.write_timeout),
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,

    /// Check as if drafts were published.
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// An empty or new folder to write the site into.
    pub dir: PathBuf,

    #[command(flatten)]
    pub site: SiteArgs,
}

/// An `http` or `https` address with a host and no query, fragment or password, normalised by
/// the `url` crate (host in lowercase, default port dropped), without its trailing slash.
fn parse_base_url(value: &str) -> Result<String, String> {
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("must be a plain address, without spaces".into());
    }
    let url = url::Url::parse(value).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => "must start with https:// or http://".into(),
        url::ParseError::EmptyHost => "has no host name".into(),
        e => format!("is not an address: {e}"),
    })?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err("must start with https:// or http://".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("must be a plain address, without a query or a fragment".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("must not carry a user name or password".into());
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked_and_normalised() {
        assert_eq!(
            parse_base_url("https://example.org/").as_deref(),
            Ok("https://example.org")
        );
        assert_eq!(
            parse_base_url("http://127.0.0.1:3000").as_deref(),
            Ok("http://127.0.0.1:3000")
        );
        assert_eq!(
            parse_base_url("https://example.org/leeds/").as_deref(),
            Ok("https://example.org/leeds")
        );
        assert_eq!(
            parse_base_url("HTTPS://Example.ORG:443/").as_deref(),
            Ok("https://example.org")
        );
        for bad in [
            "example.org",
            "https://",
            "ftp://example.org",
            "https://example.org/?a=1",
            "https://exa mple.org",
            "https://user:secret@example.org",
            "https://example.org/#top",
            " https://example.org",
            "https://example.org/a b/",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
    }
}
