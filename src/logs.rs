//! Logging: lines formatted by `tracing-subscriber` (human, or one JSON object per line) and
//! written by a thread of their own (`tracing-appender`'s non-blocking writer, through a
//! buffer), so that a request never waits on standard error: a slow disk or a stuck journald
//! holds the log thread, not the server. Past [`BUFFERED_LINES`] lines waiting, a line is
//! dropped and counted (`international_leeds_log_lines_dropped_total`), never queued without
//! end. The lines waiting are written before the process exits ([`Logging`] is dropped last).

use std::io::{BufWriter, IsTerminal};
use tracing_appender::non_blocking::{ErrorCounter, NonBlockingBuilder, WorkerGuard};
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// Lines that may wait for the log thread: a few megabytes at most, seconds of a busy
/// server's lines.
pub const BUFFERED_LINES: usize = 16 * 1024;

/// The log thread writes what it has taken in batches of up to this many bytes.
const WRITE_BUFFER: usize = 64 * 1024;

/// The running log thread: dropping it writes the lines still waiting, then stops it.
pub struct Logging {
    _guard: WorkerGuard,
    dropped: ErrorCounter,
}

impl Logging {
    /// Sends `filter`'s lines in `format` to standard error, through the log thread. Colours
    /// only when standard error is a terminal: a file or journald gets plain text.
    pub fn start(format: LogFormat, filter: EnvFilter) -> Self {
        let stderr = BufWriter::with_capacity(WRITE_BUFFER, std::io::stderr());
        let (writer, guard) = NonBlockingBuilder::default()
            .buffered_lines_limit(BUFFERED_LINES)
            .lossy(true)
            .thread_name("logs")
            .finish(stderr);
        let dropped = writer.error_counter();
        let logs = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(writer)
            .with_ansi(std::io::stderr().is_terminal());
        match format {
            LogFormat::Human => logs.init(),
            LogFormat::Json => logs
                .json()
                .flatten_event(true)
                .with_current_span(false)
                .with_span_list(false)
                .init(),
        }
        Self {
            _guard: guard,
            dropped,
        }
    }

    /// The count of lines dropped because the log thread could not keep up.
    pub fn dropped(&self) -> ErrorCounter {
        self.dropped.clone()
    }
}
