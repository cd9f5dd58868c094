//! Starts International Leeds: parses the command line, sets up logging, runs a subcommand.

use clap::Parser;
use std::process::ExitCode;
use std::sync::Arc;
use tokio::net::TcpListener;

use international_leeds::config::{Cli, Command, ServeArgs};
use international_leeds::live::Live;
use international_leeds::reload::Reloader;
use international_leeds::snapshot::{BuildOptions, Snapshot};
use international_leeds::{AppState, app, check};

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match cli.command {
        Some(Command::Check(args)) => {
            let options = BuildOptions {
                drafts: args.drafts,
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
        Some(Command::Serve(args)) => serve(args),
        None => serve(cli.serve),
    }
}

#[tokio::main]
async fn serve(args: ServeArgs) -> ExitCode {
    let reloader = Reloader {
        content_dir: args.site.content.clone(),
        static_dir: args.site.static_dir.clone(),
        drafts: args.drafts || args.dev,
        live: Arc::new(Live::new(Snapshot::default(), args.dev)),
    };
    match reloader.build() {
        Ok(snapshot) => reloader.live.replace(snapshot),
        // Preview mode starts anyway and shows the problems in the browser.
        Err(error) if args.dev => reloader.fail(&error),
        Err(error) => {
            eprintln!("error: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    }
    let listener = match TcpListener::bind((args.bind, args.port)).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "error: cannot listen on {}:{}: {error}",
                args.bind, args.port
            );
            return ExitCode::FAILURE;
        }
    };
    let address = listener
        .local_addr()
        .expect("a bound listener has an address");
    let live = Arc::clone(&reloader.live);
    let _watching = match reloader.spawn(!args.no_watch) {
        Ok(guard) => guard,
        Err(error) => {
            eprintln!("error: cannot watch the content for changes: {error}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(
        %address,
        pages = live.snapshot().page_paths().len(),
        content = %args.site.content.display(),
        dev = args.dev,
        "serving"
    );
    println!("Serving International Leeds at http://{address}/");

    let served = axum::serve(listener, app(AppState::from_live(live)))
        .with_graceful_shutdown(shutdown_signal())
        .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: server failed: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        tokio::signal::ctrl_c()
            .await
            .expect("the Ctrl-C handler can be installed");
    };
    #[cfg(unix)]
    let terminate = async {
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("the SIGTERM handler can be installed")
            .recv()
            .await;
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
