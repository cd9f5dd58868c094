//! Starts International Leeds: parses the command line, sets up logging, runs a subcommand.

use clap::Parser;
use clap::error::ErrorKind;
use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use tokio::net::TcpListener;

use international_leeds::config::{Cli, Command, ExportArgs, ServeArgs};
use international_leeds::http::metrics_app;
use international_leeds::http::server;
use international_leeds::live::Live;
use international_leeds::logs::Logging;
use international_leeds::metrics::Metrics;
use international_leeds::reload::{self, Reloader};
use international_leeds::snapshot::{BuildOptions, Snapshot};
use international_leeds::{AppState, app, check, export, routes};

/// Exit code for a bad command line or configuration.
const BAD_CONFIG: u8 = 2;

fn main() -> ExitCode {
    international_leeds::memory::limit_arenas();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error)
            if matches!(
                error.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            // One line: what is wrong. `--help` has the rest.
            let message = error.to_string();
            let line = message.lines().next().unwrap_or("invalid command line");
            eprintln!("{line}");
            return ExitCode::from(BAD_CONFIG);
        }
    };
    let filter = match tracing_subscriber::EnvFilter::try_new(&cli.log_level) {
        Ok(filter) => filter,
        Err(error) => {
            eprintln!(
                "error: invalid value '{}' for '--log-level': {error}",
                cli.log_level
            );
            return ExitCode::from(BAD_CONFIG);
        }
    };
    // Dropped last, when `main` returns: the lines still waiting are written then.
    let logging = Logging::start(cli.log_format, filter);
    let site = match &cli.command {
        Some(Command::Check(args)) => &args.site,
        Some(Command::Export(args)) => &args.site,
        Some(Command::Serve(args)) => &args.site,
        None => &cli.serve.site,
    };
    if let Some(folder) = site.media_cache() {
        match international_leeds::media::use_folder(&folder) {
            Ok(()) => tracing::debug!(folder = %folder.display(), "media cache"),
            Err(error) => tracing::warn!(
                folder = %folder.display(),
                %error,
                "the media cache folder cannot be made: photos are processed again at each start"
            ),
        }
    }
    match cli.command {
        Some(Command::Check(args)) => {
            let options = BuildOptions {
                drafts: args.drafts,
                base_url: args.site.base_url.clone(),
                ..BuildOptions::public()
            };
            let report = check::run(&args.site.content, &args.site.static_dir, options);
            print!("{}", report.text);
            if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Some(Command::Export(args)) => run_export(&args, &logging),
        Some(Command::Serve(args)) => serve(args, &logging),
        None => serve(cli.serve, &logging),
    }
}

fn run_export(args: &ExportArgs, logging: &Logging) -> ExitCode {
    let options = BuildOptions {
        base_url: args.site.base_url.clone(),
        ..BuildOptions::public()
    };
    let snapshot = match Snapshot::build(&args.site.content, &args.site.static_dir, options) {
        Ok(snapshot) => snapshot,
        Err(error) => return fail(logging, &format!("cannot export: {error}")),
    };
    match export::export(&snapshot, &args.dir) {
        Ok(files) => {
            println!("Exported {files} files to {}", args.dir.display());
            ExitCode::SUCCESS
        }
        Err(error) => fail(logging, &format!("cannot export: {error}")),
    }
}

#[tokio::main]
async fn serve(args: ServeArgs, logging: &Logging) -> ExitCode {
    let shutdown = shutdown_signal();
    let hangup = Reloader::listen_for_hangup();
    let metrics = args.metrics_bind.map(|_| {
        let metrics = Metrics::new();
        metrics.count_dropped_log_lines(logging.dropped());
        Arc::new(metrics)
    });
    let mut live = Live::new(Snapshot::default(), args.dev);
    if let Some(metrics) = &metrics {
        live = live.with_metrics(Arc::clone(metrics));
    }
    let reloader = Reloader {
        content_dir: args.site.content.clone(),
        static_dir: args.site.static_dir.clone(),
        drafts: args.drafts || args.dev,
        base_url: args.site.base_url.clone(),
        live: Arc::new(live),
    };
    // Watching starts before the first build, so that no save made meanwhile is missed; a
    // failure to watch is reported once the content is known to be good.
    let watching = reloader.watch_files(!args.no_watch);
    match reloader.build() {
        Ok(snapshot) => {
            reload::log_warnings(&snapshot);
            reloader.live.replace(snapshot);
        }
        // Preview mode starts anyway and shows the problems in the browser.
        Err(error) if args.dev => reloader.fail(&error),
        Err(error) => return fail(logging, &format!("cannot start: {error}")),
    }
    let (listener, metrics_listener) = match listen(&args).await {
        Ok(listeners) => listeners,
        Err(error) => return fail(logging, &error),
    };
    let live = Arc::clone(&reloader.live);
    match watching {
        Ok(watching) => reloader.spawn(watching, hangup),
        Err(error) => {
            return fail(
                logging,
                &format!("cannot watch the content for changes: {error}"),
            );
        }
    };
    announce(&args, &live, &listener, metrics_listener.as_ref());

    // The preview's event streams end when the server stops, so that it stops at once.
    let stopping = Arc::clone(&live);
    let shutdown = async move {
        shutdown.await;
        stopping.close();
    };
    let (stop_metrics, metrics_stopped) = tokio::sync::watch::channel(false);
    let metrics_server = metrics_listener
        .zip(metrics.clone())
        .map(|(listener, metrics)| serve_metrics(listener, &live, metrics, &args, metrics_stopped));
    let state = AppState {
        http: args.http_config(),
        ..AppState::from_live(live)
    };
    let app = app(state).requiring_host();
    server::run(listener, app, &server_config(&args), metrics, shutdown).await;
    // The metrics are served while the site drains (ops watch its connections close), and
    // stop after it.
    stop_metrics.send_replace(true);
    if let Some(metrics_server) = metrics_server {
        let _ = metrics_server.await;
    }
    let dropped = logging.dropped().count();
    tracing::info!(log_lines_dropped = dropped, "stopped");
    ExitCode::SUCCESS
}

/// Connections at once on the metrics listener: Prometheus needs one per scrape.
const METRICS_CONNECTIONS: usize = 16;

/// Serves `/metrics` on `listener` until `stopped` says so.
fn serve_metrics(
    listener: TcpListener,
    live: &Arc<Live>,
    metrics: Arc<Metrics>,
    args: &ServeArgs,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<bool> {
    let config = server::ServerConfig {
        max_connections: METRICS_CONNECTIONS,
        ..args.server_config()
    };
    let app = metrics_app(Arc::clone(live), metrics);
    tokio::spawn(async move {
        let stop = async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        };
        server::run(listener, app, &config, None, stop).await
    })
}

/// Ends on `error`: on standard error after the lines logged before it.
fn fail(logging: &Logging, error: &str) -> ExitCode {
    logging.flush();
    eprintln!("error: {error}");
    ExitCode::FAILURE
}

/// The site's listener and, when asked for, the metrics' one, or why either address cannot
/// be listened on.
async fn listen(args: &ServeArgs) -> Result<(TcpListener, Option<TcpListener>), String> {
    let listener = TcpListener::bind((args.bind, args.port))
        .await
        .map_err(|error| format!("cannot listen on {}:{}: {error}", args.bind, args.port))?;
    let Some(address) = args.metrics_bind else {
        return Ok((listener, None));
    };
    match TcpListener::bind(address).await {
        Ok(metrics) => Ok((listener, Some(metrics))),
        Err(error) => Err(format!("cannot listen for metrics on {address}: {error}")),
    }
}

/// Logs what is served where, and says so on standard output: the site's address first (the
/// line scripts and tests wait for), then the metrics', in one write.
fn announce(args: &ServeArgs, live: &Live, listener: &TcpListener, metrics: Option<&TcpListener>) {
    let address = listener
        .local_addr()
        .expect("a bound listener has an address");
    let metrics = metrics.and_then(|listener| listener.local_addr().ok());
    let snapshot = live.snapshot();
    tracing::info!(
        %address,
        version = env!("CARGO_PKG_VERSION"),
        content = %args.site.content.display(),
        pages = snapshot.page_paths().len(),
        partner_cities = snapshot.site.partner_cities().count(),
        friendship_cities = snapshot.site.friendship_cities().count(),
        content_version = %snapshot.version,
        base_url = %args.site.base_url,
        dev = args.dev,
        metrics = metrics.map(tracing::field::display),
        "serving"
    );
    let mut text = format!("Serving International Leeds at http://{address}/\n");
    if let Some(metrics) = metrics {
        text.push_str(&format!("Metrics at http://{metrics}{}\n", routes::METRICS));
    }
    // A closed standard output is no reason to stop serving.
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// The connection limits from `args`, with the connection cap fitted to the open-file limit
/// (raised to the hard limit first), and both figures logged.
fn server_config(args: &ServeArgs) -> server::ServerConfig {
    let mut config = args.server_config();
    let (fit, open_files) = server::connections_that_fit(config.max_connections);
    if fit < config.max_connections {
        tracing::warn!(
            wanted = config.max_connections,
            max_connections = fit,
            open_file_limit = open_files,
            "the open-file limit holds fewer connections than --max-connections; capped"
        );
    } else {
        tracing::info!(
            max_connections = fit,
            open_file_limit = open_files,
            "connections"
        );
    }
    config.max_connections = fit;
    config
}

/// Listens for Ctrl-C (SIGINT) and SIGTERM from now on, and resolves when one arrives. The
/// handlers are installed before anything slow, so an early signal is never lost.
fn shutdown_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    let (mut terminate, mut interrupt) = {
        use tokio::signal::unix::{SignalKind, signal};
        let install = |kind| signal(kind).expect("a signal handler can be installed");
        (
            install(SignalKind::terminate()),
            install(SignalKind::interrupt()),
        )
    };
    async move {
        #[cfg(unix)]
        tokio::select! {
            _ = terminate.recv() => {},
            _ = interrupt.recv() => {},
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutdown signal received");
    }
}
