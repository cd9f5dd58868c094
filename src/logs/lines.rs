//! A request's line, the one written thousands of times a second, written straight into the
//! lines waiting for the log thread, in the shape `tracing-subscriber` gives the same event
//! (human without colours, or flattened JSON): no event dispatched, no map built, nothing
//! allocated, numbers written by `itoa`, the date formatted once a second. Every other line,
//! and the request lines on a terminal (in colour), go through `tracing-subscriber`.

use std::cell::RefCell;
use std::fmt::Write;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::http::observe::REQUESTS;

/// What a request's line tells: the fields of the `response` event in `http::observe`.
pub struct RequestLine<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub status: u16,
    pub latency_us: u64,
    pub bytes: u64,
    pub content_version: &'a str,
}

impl RequestLine<'_> {
    /// The line as a `tracing` event, for `tracing-subscriber` to write: the shape that
    /// [`RequestLine::write`] copies.
    pub fn emit(&self) {
        tracing::info!(
            target: REQUESTS,
            method = self.method,
            path = self.path,
            status = self.status,
            latency_us = self.latency_us,
            bytes = self.bytes,
            content_version = self.content_version,
            "response"
        );
    }

    /// Writes the line (and its newline) to `line`, as JSON or in the human format.
    pub fn write(&self, line: &mut String, json: bool) {
        if json {
            self.json(line);
        } else {
            self.human(line);
        }
    }

    /// As `tracing-subscriber`'s flattened JSON writes it.
    fn json(&self, line: &mut String) {
        line.push_str("{\"timestamp\":\"");
        timestamp(line);
        line.push_str("\",\"level\":\"INFO\",\"message\":\"response\",\"method\":");
        json_string(line, self.method);
        line.push_str(",\"path\":");
        json_string(line, self.path);
        line.push_str(",\"status\":");
        line.push_str(itoa::Buffer::new().format(self.status));
        line.push_str(",\"latency_us\":");
        line.push_str(itoa::Buffer::new().format(self.latency_us));
        line.push_str(",\"bytes\":");
        line.push_str(itoa::Buffer::new().format(self.bytes));
        line.push_str(",\"content_version\":");
        json_string(line, self.content_version);
        line.push_str(",\"target\":\"");
        line.push_str(REQUESTS);
        line.push_str("\"}\n");
    }

    /// As `tracing-subscriber`'s human format writes it without colours: strings as `Debug`
    /// shows them.
    fn human(&self, line: &mut String) {
        timestamp(line);
        line.push_str("  INFO ");
        line.push_str(REQUESTS);
        // Writing to a `String` cannot fail.
        let _ = write!(
            line,
            ": response method={:?} path={:?} status=",
            self.method, self.path
        );
        line.push_str(itoa::Buffer::new().format(self.status));
        line.push_str(" latency_us=");
        line.push_str(itoa::Buffer::new().format(self.latency_us));
        line.push_str(" bytes=");
        line.push_str(itoa::Buffer::new().format(self.bytes));
        let _ = writeln!(line, " content_version={:?}", self.content_version);
    }
}

thread_local! {
    /// The second last written by this thread, and its date and time up to the second.
    static SECOND: RefCell<(u64, String)> = const { RefCell::new((u64::MAX, String::new())) };
}

/// Writes the time now as `tracing-subscriber` does: UTC, RFC 3339, to the microsecond.
fn timestamp(line: &mut String) {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let (seconds, micros) = (now.as_secs(), now.subsec_micros());
    SECOND.with_borrow_mut(|(second, text)| {
        if *second != seconds {
            *second = seconds;
            text.clear();
            let time = i64::try_from(seconds)
                .ok()
                .and_then(|s| jiff::Timestamp::from_second(s).ok())
                .unwrap_or_default();
            let _ = write!(text, "{}", time.strftime("%Y-%m-%dT%H:%M:%S"));
        }
        line.push_str(text);
    });
    // Six digits: a million more, its leading 1 left out.
    let mut digits = itoa::Buffer::new();
    line.push('.');
    line.push_str(&digits.format(1_000_000 + micros)[1..]);
    line.push('Z');
}

/// Writes `text` as a JSON string, in quotes: quotes, backslashes and control characters
/// escaped as `serde_json` escapes them.
fn json_string(line: &mut String, text: &str) {
    line.push('"');
    let mut plain = 0;
    for (at, byte) in text.bytes().enumerate() {
        let short = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..0x20 => "",
            _ => continue,
        };
        line.push_str(&text[plain..at]);
        if short.is_empty() {
            let _ = write!(line, "\\u{byte:04x}");
        } else {
            line.push_str(short);
        }
        plain = at + 1;
    }
    line.push_str(&text[plain..]);
    line.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex, PoisonError};
    use tracing_subscriber::fmt::MakeWriter;

    /// The lines written, kept for the test to read.
    #[derive(Clone, Default)]
    struct Kept(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Kept {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let mut kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            kept.extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> MakeWriter<'a> for Kept {
        type Writer = Kept;

        fn make_writer(&'a self) -> Self::Writer {
            self.clone()
        }
    }

    impl Kept {
        fn text(&self) -> String {
            let kept = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            String::from_utf8(kept.clone()).expect("UTF-8")
        }
    }

    /// Paths a request line may carry: percent-encoded, or not (hyper lets some bytes
    /// through as they came), with what JSON and `Debug` must escape.
    const PATHS: [&str; 5] = [
        "/visit/leeds/",
        "/a%22b\"c\\d/",
        "/tab\there/new\nline/\u{1}\u{8}\u{c}\r\u{1f}\u{7f}",
        "/café/💡/",
        "",
    ];

    /// The request line for `path`, with the largest latency and no bytes.
    fn line(path: &str) -> RequestLine<'_> {
        RequestLine {
            method: "GET",
            path,
            status: 404,
            latency_us: u64::MAX,
            bytes: 0,
            content_version: "f9f2ee4e009f",
        }
    }

    /// The request line for each of [`PATHS`], logged by `subscriber` as the server logs it
    /// when the lines do not go straight.
    fn log_requests(subscriber: impl tracing::Subscriber + Send + Sync) {
        tracing::subscriber::with_default(subscriber, || {
            for path in PATHS {
                line(path).emit();
            }
        });
    }

    /// Each line of `text` without its time, which is checked: this moment, to the microsecond.
    fn timeless(text: &str, json: bool) -> Vec<String> {
        let now = jiff::Timestamp::now();
        text.lines()
            .map(|line| {
                let start = if json { "{\"timestamp\":\"".len() } else { 0 };
                let (time, rest) = line[start..].split_once('Z').expect("a time");
                assert_eq!(time.len(), "2026-11-30T21:05:42.514538".len(), "{line}");
                let time: jiff::Timestamp = format!("{time}Z").parse().expect("RFC 3339");
                assert!((now - time).as_secs().abs() < 60, "{line}");
                rest.to_string()
            })
            .collect()
    }

    #[test]
    fn request_lines_are_written_as_tracing_subscriber_writes_them() {
        for json in [false, true] {
            let theirs = Kept::default();
            let builder = tracing_subscriber::fmt()
                .with_ansi(false)
                .with_writer(theirs.clone());
            if json {
                log_requests(super::super::flat_json(builder).finish());
            } else {
                log_requests(builder.finish());
            }
            let mut ours = String::new();
            for path in PATHS {
                line(path).write(&mut ours, json);
            }
            let theirs = theirs.text();
            assert_eq!(ours.lines().count(), PATHS.len(), "{ours}");
            assert_eq!(timeless(&ours, json), timeless(&theirs, json));
            if json {
                for (line, path) in ours.lines().zip(PATHS) {
                    let line: serde_json::Value = serde_json::from_str(line).expect("JSON");
                    assert_eq!(line["path"], path);
                }
            }
        }
    }
}
