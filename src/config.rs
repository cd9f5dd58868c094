//! Command-line flags, with environment variables as fallbacks.

use clap::Parser;
use std::net::IpAddr;
use std::path::PathBuf;

/// International Leeds: the website of Leeds City Council's International Relations team.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "BIND", default_value = "127.0.0.1")]
    pub bind: IpAddr,

    /// Port to listen on.
    #[arg(long, env = "PORT", default_value_t = 3000)]
    pub port: u16,

    /// Folder of content files (site.toml, priorities/, partnerships/, pages/).
    #[arg(long, env = "CONTENT_DIR", default_value = "content")]
    pub content: PathBuf,

    /// Folder of static files (stylesheet, images), served under /static/.
    #[arg(long = "static", env = "STATIC_DIR", default_value = "static")]
    pub static_dir: PathBuf,
}
