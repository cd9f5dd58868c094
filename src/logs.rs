//! Logging: lines formatted by `tracing-subscriber` (human, or one JSON object per line) and
//! appended to a buffer that a thread of their own writes to standard error every few
//! milliseconds, so that a request never waits on standard error, and is never a wake-up for
//! another thread: a slow disk or a stuck journald holds the log thread, not the server. Past
//! [`BUFFERED_BYTES`] waiting, a line is dropped and counted
//! (`international_leeds_log_lines_dropped_total`), never queued without end. The lines
//! waiting are written before the process exits ([`Logging`] is dropped last).

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::config::LogFormat;

/// Bytes of lines that may wait for the log thread: tens of thousands of lines, a second or
/// more of a busy server's.
pub const BUFFERED_BYTES: usize = 4 * 1024 * 1024;

/// How often the log thread writes what has come.
const EVERY: Duration = Duration::from_millis(10);

/// The lines waiting, and the count of those dropped.
#[derive(Default)]
struct Waiting {
    lines: Mutex<Vec<u8>>,
    dropped: AtomicUsize,
    closing: AtomicBool,
}

/// Where `tracing-subscriber` writes each line, whole, in one `write`.
#[derive(Clone)]
struct Appender(Arc<Waiting>);

impl Write for Appender {
    fn write(&mut self, line: &[u8]) -> std::io::Result<usize> {
        let mut lines = self.0.lines.lock().unwrap_or_else(PoisonError::into_inner);
        if lines.len() + line.len() > BUFFERED_BYTES {
            self.0.dropped.fetch_add(1, Ordering::Relaxed);
        } else {
            lines.extend_from_slice(line);
        }
        Ok(line.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Appender {
    type Writer = Appender;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// The running log thread: dropping it writes the lines still waiting, then stops it.
pub struct Logging {
    waiting: Arc<Waiting>,
    thread: Option<JoinHandle<()>>,
    /// Closed when the log thread has written its last line.
    done: mpsc::Receiver<()>,
}

/// How long the process waits at exit for the last lines to be written: a stuck journald
/// must not keep it from exiting.
const LAST_LINES: Duration = Duration::from_secs(2);

/// Writes what is waiting every [`EVERY`], until closing; then what is left.
fn write_lines(waiting: &Waiting) {
    let mut taken = Vec::new();
    let mut stderr = std::io::stderr();
    loop {
        let closing = waiting.closing.load(Ordering::Acquire);
        std::mem::swap(
            &mut taken,
            &mut waiting.lines.lock().unwrap_or_else(PoisonError::into_inner),
        );
        if !taken.is_empty() {
            let _ = stderr.write_all(&taken).and_then(|()| stderr.flush());
            taken.clear();
        }
        if closing {
            return;
        }
        std::thread::park_timeout(EVERY);
    }
}

impl Logging {
    /// Sends `filter`'s lines in `format` to standard error, through the log thread. Colours
    /// only when standard error is a terminal: a file or journald gets plain text.
    pub fn start(format: LogFormat, filter: EnvFilter) -> Self {
        let waiting = Arc::new(Waiting::default());
        let (finished, done) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("logs".into())
            .spawn({
                let waiting = Arc::clone(&waiting);
                move || {
                    write_lines(&waiting);
                    drop(finished);
                }
            })
            .ok();
        let logs = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(Appender(Arc::clone(&waiting)))
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
            waiting,
            thread,
            done,
        }
    }

    /// The count of lines dropped so far because the log thread could not keep up.
    pub fn dropped(&self) -> DroppedLines {
        DroppedLines(Arc::clone(&self.waiting))
    }
}

impl Drop for Logging {
    fn drop(&mut self) {
        self.waiting.closing.store(true, Ordering::Release);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = self.done.recv_timeout(LAST_LINES);
        }
    }
}

/// Reads the count of lines dropped.
#[derive(Clone)]
pub struct DroppedLines(Arc<Waiting>);

impl DroppedLines {
    pub fn count(&self) -> usize {
        self.0.dropped.load(Ordering::Relaxed)
    }
}
