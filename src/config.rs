//! Command-line flags and subcommands, with environment variables as fallbacks.

use clap::{Args, Parser, Subcommand};
use std::net::IpAddr;
use std::path::PathBuf;

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
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Serve the site over HTTP (the default).
    Serve(ServeArgs),
    /// Check the content as the server would, list every problem, and exit 1 if any.
    Check(CheckArgs),
}

/// Where the site's files are.
#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// Folder of content files (site.toml, priorities/, partnerships/, pages/).
    #[arg(long, env = "CONTENT_DIR", default_value = "content")]
    pub content: PathBuf,

    /// Folder of static files (stylesheet, images), served under /static/.
    #[arg(long = "static", env = "STATIC_DIR", default_value = "static")]
    pub static_dir: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "BIND", default_value = "127.0.0.1")]
    pub bind: IpAddr,

    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = 3000)]
    pub port: u16,

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
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,

    /// Check as if drafts were published.
    #[arg(long)]
    pub drafts: bool,
}
