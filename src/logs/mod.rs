//! Logging: lines formatted by `tracing-subscriber` (human, or one JSON object per line) and
//! appended to a buffer that a thread of their own writes to standard error every few
//! milliseconds, so that a request never waits on standard error, and is never a wake-up for
//! another thread: a slow disk or a stuck journald holds the log thread, not the server. Past
//! [`BUFFERED_BYTES`] waiting, a line is dropped and counted
//! (`international_leeds_log_lines_dropped_total`), never queued without end. The lines
//! waiting are written before the process exits ([`Logging`] is dropped last).

use std::cell::RefCell;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, mpsc};
use std::thread::{JoinHandle, Thread};
use std::time::Duration;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::{DefaultFields, Format, Json, JsonFields};
use tracing_subscriber::fmt::{MakeWriter, SubscriberBuilder};

use crate::config::LogFormat;

mod lines;

pub use lines::RequestLine;

/// Bytes of lines that may wait for the log thread: tens of thousands of lines, a second or
/// more of a busy server's.
pub const BUFFERED_BYTES: usize = 4 * 1024 * 1024;

/// How long the log thread lets lines gather before it writes them.
const EVERY: Duration = Duration::from_millis(10);

/// The lines waiting, and the count of those dropped.
#[derive(Default)]
struct Waiting {
    lines: Mutex<Vec<u8>>,
    dropped: AtomicUsize,
    closing: AtomicBool,
    /// Set, under the lock, while the log thread sleeps for want of lines: the next line
    /// wakes it. (A thread woken for every line would cost a wake-up each.)
    asleep: AtomicBool,
    thread: OnceLock<Thread>,
    /// Held while lines are written, so that a [`Logging::flush`] keeps them in order.
    writing: Mutex<()>,
}

impl Waiting {
    /// Adds `line` to the lines waiting, or drops it (counted) past [`BUFFERED_BYTES`].
    fn append(&self, line: &[u8]) {
        let mut lines = self.lines.lock().unwrap_or_else(PoisonError::into_inner);
        if lines.len() + line.len() > BUFFERED_BYTES {
            self.dropped.fetch_add(1, Ordering::Relaxed);
            return;
        }
        lines.extend_from_slice(line);
        let wake = self.asleep.swap(false, Ordering::Relaxed);
        drop(lines);
        if let Some(thread) = self.thread.get().filter(|_| wake) {
            thread.unpark();
        }
    }
}

/// Where `tracing-subscriber` writes each line, whole, in one `write`.
struct Appender(Arc<Waiting>);

/// One line's way into [`Waiting`].
struct Line<'a>(&'a Waiting);

impl Write for Line<'_> {
    fn write(&mut self, line: &[u8]) -> std::io::Result<usize> {
        if self.0.thread.get().is_none() {
            // No log thread (it could not be started): standard error, as it comes.
            return std::io::stderr().write(line);
        }
        self.0.append(line);
        Ok(line.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Appender {
    type Writer = Line<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        Line(&self.0)
    }
}

/// Where request lines go straight, in which format: set when the logs start, unless standard
/// error is a terminal (whose lines `tracing-subscriber` colours).
struct Requests {
    waiting: Arc<Waiting>,
    json: bool,
}

static REQUESTS: OnceLock<Requests> = OnceLock::new();

thread_local! {
    /// The request line being written, its room kept from one line to the next.
    static TEXT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Writes a request's line straight to the lines waiting, if the logs take it so; `false`
/// when they do not (no [`Logging`], or a terminal): then it is for `tracing` to write. Whether
/// request lines are wanted at all is for the caller to ask `tracing` first.
pub fn request(line: &RequestLine<'_>) -> bool {
    let Some(requests) = REQUESTS.get() else {
        return false;
    };
    TEXT.with_borrow_mut(|text| {
        text.clear();
        line.write(text, requests.json);
        requests.waiting.append(text.as_bytes());
    });
    true
}

/// `tracing-subscriber`'s JSON as these logs write it: one object a line, the event's fields
/// beside its time, level and target, no spans.
fn flat_json<F, W>(
    builder: SubscriberBuilder<DefaultFields, Format, F, W>,
) -> SubscriberBuilder<JsonFields, Format<Json>, F, W> {
    builder
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
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

/// Writes what is waiting, [`EVERY`] so often while lines come, until closing; then what is
/// left. Sleeps while no line comes.
fn write_lines(waiting: &Waiting) {
    let mut taken = Vec::new();
    loop {
        let closing = waiting.closing.load(Ordering::Acquire);
        let none = waiting.write(&mut taken, true);
        if closing {
            return;
        }
        if none {
            std::thread::park();
        } else {
            std::thread::sleep(EVERY);
        }
    }
}

impl Waiting {
    /// Takes the lines waiting and writes them to standard error, in order even when another
    /// thread writes too (it waits); `true` when there were none. Only the log thread says
    /// that it goes to sleep when there were none (`sleeps`).
    fn write(&self, taken: &mut Vec<u8>, sleeps: bool) -> bool {
        let _writing = self.writing.lock().unwrap_or_else(PoisonError::into_inner);
        {
            let mut lines = self.lines.lock().unwrap_or_else(PoisonError::into_inner);
            std::mem::swap(taken, &mut lines);
            if sleeps {
                self.asleep.store(taken.is_empty(), Ordering::Relaxed);
            }
        }
        if taken.is_empty() {
            return true;
        }
        let mut stderr = std::io::stderr();
        if stderr
            .write_all(taken)
            .and_then(|()| stderr.flush())
            .is_err()
        {
            // Standard error closed or broken (journald restarted): the lines are lost,
            // counted as dropped (some may have been written before the error).
            let lost = taken.iter().filter(|&&byte| byte == b'\n').count();
            self.dropped.fetch_add(lost, Ordering::Relaxed);
        }
        taken.clear();
        false
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
        match &thread {
            Some(thread) => {
                let _ = waiting.thread.set(thread.thread().clone());
            }
            None => eprintln!(
                "warning: the log thread cannot be started: logs are written as they come"
            ),
        }
        let ansi = std::io::stderr().is_terminal();
        let logs = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(Appender(Arc::clone(&waiting)))
            .with_ansi(ansi);
        let json = matches!(format, LogFormat::Json);
        if !ansi && thread.is_some() {
            let waiting = Arc::clone(&waiting);
            let _ = REQUESTS.set(Requests { waiting, json });
        }
        if json {
            flat_json(logs).init();
        } else {
            logs.init();
        }
        Self {
            waiting,
            thread,
            done,
        }
    }

    /// Writes the lines waiting now, before what the caller writes to standard error itself
    /// (a last error, which must come after the lines that led to it).
    pub fn flush(&self) {
        self.waiting.write(&mut Vec::new(), false);
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
    /// The lines dropped so far: past the buffer, or lost to a broken standard error.
    pub fn count(&self) -> usize {
        self.0.dropped.load(Ordering::Relaxed)
    }
}
