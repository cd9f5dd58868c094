//! The server loop: hyper with a timer, so that slow clients are cut off; a cap on
//! connections; and a graceful shutdown that lets requests in flight finish.

use axum::http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use crate::metrics::Metrics;

/// The largest request head (request line and headers) accepted; more is answered 431.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// The most header fields in one request; more is answered 431.
const MAX_HEADERS: usize = 100;

/// Connection-level limits.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// A client must send a whole request head within this time, or is disconnected.
    pub header_read_timeout: Duration,
    /// Open connections at once; more are closed at once.
    pub max_connections: usize,
    /// After SIGTERM, how long requests in flight may take to finish.
    pub shutdown_timeout: Duration,
    /// How long a write may wait for the client to take what it is sent before the
    /// connection is closed: a client that pipelines requests and never reads would
    /// otherwise hold its connection, and its place under the cap, for ever.
    pub write_timeout: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            max_connections: 4096,
            shutdown_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(15),
        }
    }
}

/// Files the server keeps open besides its connections: the listener, the watcher's, logs,
/// content files being read, with room to spare.
const FILES_BESIDES_CONNECTIONS: u64 = 64;

/// Raises the process's soft limit on open files to its hard limit, and returns how many
/// connections fit in it (at most `wanted`) and the limit. Past the limit, `accept` fails and
/// clients get resets instead of the connection cap's 503.
pub fn connections_that_fit(wanted: usize) -> (usize, Option<u64>) {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit and setrlimit only read and write the struct given to them.
        let files = unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                return (wanted, None);
            }
            if limit.rlim_cur < limit.rlim_max {
                let raised = libc::rlimit {
                    rlim_cur: limit.rlim_max,
                    rlim_max: limit.rlim_max,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                    limit = raised;
                }
            }
            limit.rlim_cur
        };
        let fit = files.saturating_sub(FILES_BESIDES_CONNECTIONS).max(1);
        let fit = usize::try_from(fit).unwrap_or(usize::MAX);
        (wanted.min(fit), Some(files))
    }
    #[cfg(not(unix))]
    (wanted, None)
}

/// Tells a client over the connection limit to come back later, and closes. The request is
/// read first (briefly), so that closing does not reset the connection before the client
/// reads the answer.
async fn refuse(mut stream: tokio::net::TcpStream) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    const BODY: &str = "Too busy: please try again in a moment.\n";
    let mut request = [0u8; 4096];
    let _ = tokio::time::timeout(Duration::from_millis(200), stream.read(&mut request)).await;
    let busy = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
         retry-after: 1\r\ncache-control: no-store\r\n{}content-length: {}\r\n\
         connection: close\r\n\r\n{BODY}",
        super::headers::raw_lines(),
        BODY.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(busy.as_bytes()).await?;
        stream.shutdown().await
    })
    .await;
}

/// Serves `app` on `listener` until `shutdown` resolves, then drains, counting connections in
/// `metrics` if given. Returns true if every connection finished within the drain time.
pub async fn run<S>(
    listener: TcpListener,
    app: S,
    config: &ServerConfig,
    metrics: Option<Arc<Metrics>>,
    shutdown: impl Future<Output = ()>,
) -> bool
where
    S: tower::Service<Request<Incoming>, Response = axum::response::Response, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(config.header_read_timeout)
        .max_buf_size(MAX_HEAD_BYTES)
        .max_headers(MAX_HEADERS);
    let graceful = GracefulShutdown::new();
    let connections = Arc::new(Semaphore::new(config.max_connections));
    if let Some(metrics) = &metrics {
        metrics.cap(config.max_connections);
    }
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors, most likely: wait rather than spin.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else {
            tracing::warn!("too many connections; answering 503");
            if let Some(metrics) = &metrics {
                metrics.refused();
            }
            tokio::spawn(refuse(stream));
            continue;
        };
        let open = metrics.as_ref().map(|metrics| {
            metrics.opened();
            Arc::clone(metrics)
        });
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let stream = SecureHeads::new(WriteTimeout::new(stream, config.write_timeout));
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
            if let Some(metrics) = open {
                metrics.closed();
            }
            drop(permit);
        });
    }
    drop(listener);
    tracing::info!("stopped accepting connections; finishing requests in flight");
    tokio::select! {
        () = graceful.shutdown() => true,
        () = tokio::time::sleep(config.shutdown_timeout) => {
            tracing::warn!("requests still in flight after the drain time; closing them");
            false
        }
    }
}

/// A connection whose writes fail with `TimedOut` once one has waited `limit` for the client
/// to take what it is sent; any progress starts the wait again.
struct WriteTimeout<S> {
    inner: S,
    limit: Duration,
    waiting: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S> WriteTimeout<S> {
    fn new(inner: S, limit: Duration) -> Self {
        Self {
            inner,
            limit,
            waiting: None,
        }
    }

    /// After a write that could not go on: `TimedOut` once it has waited too long.
    fn pending<T>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        let limit = self.limit;
        let waiting = self
            .waiting
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match waiting.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client took nothing of the answer for the write timeout",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }

    /// Passes on a write's outcome, starting the wait when it could not go on.
    fn watch<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        match polled {
            Poll::Pending => self.pending(cx),
            ready => {
                self.waiting = None;
                ready
            }
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteTimeout<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteTimeout<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.watch(cx, polled)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.watch(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.inner).poll_flush(cx);
        self.watch(cx, polled)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let polled = Pin::new(&mut self.inner).poll_shutdown(cx);
        self.watch(cx, polled)
    }
}

/// A connection on which every answer carries the security headers, hyper's own included.
/// hyper answers a request it cannot parse (400, 414, 431) itself, with a head the router
/// never sees; that head is written here with the headers added. Every answer of the router
/// already has them, so a 4xx head without a `content-security-policy` is hyper's.
struct SecureHeads<S> {
    inner: S,
    /// hyper's head rewritten, and how much of it is written.
    pending: Option<(Vec<u8>, usize)>,
}

impl<S: AsyncWrite + Unpin> SecureHeads<S> {
    fn new(inner: S) -> Self {
        Self {
            inner,
            pending: None,
        }
    }

    /// Writes what is pending, before anything else.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, written)) = &mut self.pending {
            let n =
                std::task::ready!(Pin::new(&mut self.inner).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
            if *written == bytes.len() {
                self.pending = None;
            }
        }
        Poll::Ready(Ok(()))
    }
}

/// Whether `buf` is the whole head of an answer hyper wrote itself: a 4xx without the
/// security headers.
fn is_own_head(buf: &[u8]) -> bool {
    const MAX_OWN_HEAD: usize = 512;
    buf.starts_with(b"HTTP/1.1 4")
        && buf.len() <= MAX_OWN_HEAD
        && buf.ends_with(b"\r\n\r\n")
        && !buf
            .windows(b"content-security-policy".len())
            .any(|w| w.eq_ignore_ascii_case(b"content-security-policy"))
}

/// The head `buf` with the security headers added after its status line.
fn with_security_headers(buf: &[u8]) -> Vec<u8> {
    let line_end = buf
        .windows(2)
        .position(|w| w == b"\r\n")
        .map_or(buf.len(), |i| i + 2);
    let mut head = buf[..line_end].to_vec();
    head.extend_from_slice(super::headers::raw_lines().as_bytes());
    head.extend_from_slice(&buf[line_end..]);
    head
}

impl<S: AsyncRead + Unpin> AsyncRead for SecureHeads<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for SecureHeads<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        std::task::ready!(self.drain(cx))?;
        if is_own_head(buf) {
            self.pending = Some((with_security_headers(buf), 0));
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        std::task::ready!(self.drain(cx))?;
        // What comes before hyper's head goes first, as it is; the head then on its own.
        let own = bufs.iter().position(|buf| is_own_head(buf));
        match own {
            Some(0) => self.as_mut().poll_write(cx, &bufs[0]),
            Some(before) => Pin::new(&mut self.inner).poll_write_vectored(cx, &bufs[..before]),
            None => Pin::new(&mut self.inner).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        std::task::ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        std::task::ready!(self.drain(cx))?;
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hyper_s_own_heads_are_given_the_headers() {
        let hyper = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n";
        assert!(is_own_head(hyper));
        let head = String::from_utf8(with_security_headers(hyper)).expect("UTF-8");
        assert!(
            head.starts_with("HTTP/1.1 400 Bad Request\r\ncontent-security-policy: "),
            "{head}"
        );
        assert!(
            head.ends_with("connection: close\r\ncontent-length: 0\r\n\r\n"),
            "{head}"
        );
        let ours = format!(
            "HTTP/1.1 404 Not Found\r\n{}content-length: 0\r\n\r\n",
            super::super::headers::raw_lines()
        );
        assert!(!is_own_head(ours.as_bytes()));
        assert!(!is_own_head(
            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"
        ));
        assert!(!is_own_head(b"<p>HTTP/1.1 400 in a page</p>"));
    }
}
