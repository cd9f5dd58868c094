//! Helpers shared by the integration tests.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};
use tower::ServiceExt;

use international_leeds::content::{self, LoadErrors};
use international_leeds::snapshot::{BuildError, BuildOptions, Snapshot};
use international_leeds::{AppState, app};

/// How long a test waits for something it expects: far longer than it takes on an idle
/// machine, so that only a thing that never happens fails the test, never a busy machine.
pub const DEADLINE: Duration = Duration::from_secs(60);

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The bundled content, rendered once per test binary: building it compresses every page at
/// the highest effort, far too slow to repeat in every test.
static BUNDLED: LazyLock<Arc<Snapshot>> = LazyLock::new(|| {
    Arc::new(
        Snapshot::build(
            &repo_path("content"),
            &repo_path("static"),
            BuildOptions::public(),
        )
        .expect("bundled content is valid"),
    )
});

/// The bundled content, rendered, shared by every test of this binary that only reads it.
/// A test that changes the content or builds with other options builds its own.
pub fn snapshot() -> Arc<Snapshot> {
    Arc::clone(&BUNDLED)
}

/// The files of one section of the bundled content (`priorities`, `partnerships`, `pages`),
/// without its `_index.md`: each file's name without `.md`, and its text, sorted by name.
pub fn content_files(section: &str) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(repo_path("content").join(section))
        .expect("a content section")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .filter(|path| !path.ends_with("_index.md"))
        .filter(|path| !is_translation(path))
        .map(|path| {
            let name = path
                .file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).expect("a content file");
            (name, text)
        })
        .collect();
    files.sort();
    files
}

/// Whether the content file at `path` is a translation (`brno.cs.md`).
fn is_translation(path: &std::path::Path) -> bool {
    path.file_stem()
        .is_some_and(|stem| stem.to_string_lossy().contains('.'))
}

/// The languages `content/site.toml` declares, as (tag, name).
pub fn declared_languages() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo_path("content").join("site.toml")).expect("site.toml");
    let table: toml::Table = text.parse().expect("site.toml is TOML");
    let Some(list) = table.get("languages").and_then(toml::Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .map(|l| {
            let field = |name: &str| l[name].as_str().expect("text").to_string();
            (field("code"), field("name"))
        })
        .collect()
}

/// The translations in a content section: (the original's name, `_index` for the section's
/// own page; the language's tag; the text).
pub fn translation_files(section: &str) -> Vec<(String, String, String)> {
    let mut files: Vec<(String, String, String)> =
        std::fs::read_dir(repo_path("content").join(section))
            .expect("a content section")
            .map(|entry| entry.expect("a folder entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "md") && is_translation(path))
            .map(|path| {
                let stem = path
                    .file_stem()
                    .expect("a name")
                    .to_string_lossy()
                    .into_owned();
                let (name, lang) = stem.rsplit_once('.').expect("a language");
                let text = std::fs::read_to_string(&path).expect("a content file");
                (name.to_string(), lang.to_string(), text)
            })
            .collect();
    files.sort();
    files
}

/// The address of every public page the bundled content should make, sorted, worked out
/// from the content's files rather than by the code under test: home, news and the two
/// overviews, a page for each priority and for each page file, and one for each city with
/// text of its own (friendship cities without text are only listed).
pub fn bundled_page_paths() -> Vec<String> {
    // The news and events sections have their pages even while empty.
    let sections = ["/", "/news/", "/events/", "/events/past/"];
    let mut paths: Vec<String> = sections
        .into_iter()
        .chain(["/partnerships/", "/priorities/"])
        .map(String::from)
        .collect();
    for (section, prefix) in [
        ("priorities", "/priorities/"),
        ("partnerships", "/partnerships/"),
        ("pages", "/"),
    ] {
        for (name, text) in content_files(section) {
            let mut parts = text.splitn(3, "+++\n").skip(1);
            let fields: toml::Table = parts
                .next()
                .and_then(|front| front.parse().ok())
                .unwrap_or_else(|| panic!("{section}/{name}.md has front matter"));
            let body = parts.next().unwrap_or_default();
            for field in ["slug", "publish_at", "unpublish_at"] {
                assert!(
                    !fields.contains_key(field),
                    "{section}/{name}.md: teach bundled_page_paths about `{field}`"
                );
            }
            let draft = fields.get("draft").and_then(toml::Value::as_bool) == Some(true);
            if draft || (section == "partnerships" && body.trim().is_empty()) {
                continue;
            }
            paths.push(format!("{prefix}{name}/"));
        }
    }
    // Each language's home page, and each translated page under its language.
    for (code, _) in declared_languages() {
        paths.push(format!("/{}/", code.to_lowercase()));
    }
    for (section, prefix) in [
        ("priorities", "/priorities/"),
        ("partnerships", "/partnerships/"),
        ("pages", "/"),
    ] {
        for (name, lang, _) in translation_files(section) {
            let lang = lang.to_lowercase();
            if name == "_index" {
                paths.push(format!("/{lang}{prefix}"));
            } else {
                paths.push(format!("/{lang}{prefix}{name}/"));
            }
        }
    }
    paths.sort_unstable();
    paths
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

/// Sends one request through the router, as the server would.
pub async fn request(snapshot: impl Into<Arc<Snapshot>>, method: Method, uri: &str) -> Answer {
    let response = app(AppState::new(snapshot))
        .oneshot(
            Request::builder()
                .method(method)
                .uri(uri)
                .body(Body::empty())
                .expect("a valid request"),
        )
        .await
        .expect("the router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = body(response).await;
    Answer {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).expect("bodies are UTF-8"),
    }
}

/// The whole body of `response`, as sent (compressed, if it was).
pub async fn body(response: axum::response::Response) -> bytes::Bytes {
    response
        .into_body()
        .collect()
        .await
        .expect("the body can be read")
        .to_bytes()
}

pub async fn get(uri: &str) -> Answer {
    request(snapshot(), Method::GET, uri).await
}

/// A copy of the bundled content in a fresh temporary folder, for tests that change it.
pub fn content_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_dir(&repo_path("content"), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy file");
        }
    }
}

/// A running server, stopped when dropped.
pub struct Server {
    pub child: Child,
    pub address: String,
    /// The rest of its standard output, kept open: it may write another line.
    stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary on a free loopback port with `args`, waiting until it serves.
pub fn start_server(args: &[&str]) -> Server {
    start_server_with(args, &[], Stdio::null())
}

/// Starts the binary with `args`, extra environment variables and somewhere for its logs.
pub fn start_server_with(args: &[&str], envs: &[(&str, &str)], logs: Stdio) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_international-leeds"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PORT", "0")
        // Processed photos and share cards are kept for the test runs, not in the home folder.
        .env("MEDIA_CACHE", media_cache())
        .envs(envs.iter().copied())
        .stdout(Stdio::piped())
        .stderr(logs)
        .spawn()
        .expect("the binary starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut line = String::new();
    stdout.read_line(&mut line).expect("a first line");
    let address = line
        .trim()
        .strip_prefix("Serving International Leeds at http://")
        .and_then(|rest| rest.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_string();
    Server {
        child,
        address,
        stdout,
    }
}

/// The binary, to run with its media cache in the build's folder (see [`media_cache`]).
pub fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_international-leeds"));
    command.env("MEDIA_CACHE", media_cache());
    command
}

/// The media cache of the servers the tests start: kept between runs, in the build's folder.
pub fn media_cache() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("media-cache")
}

/// Starts the binary with `args`, its logs written as JSON lines to a file the test reads.
pub fn start_server_logged(args: &[&str]) -> (Server, Logs) {
    let file = tempfile::NamedTempFile::new().expect("a log file");
    let mut args = args.to_vec();
    args.extend(["--log-format", "json"]);
    let server = start_server_with(&args, &[], Stdio::from(file.reopen().expect("reopen")));
    (server, Logs(file))
}

/// What a server started by [`start_server_logged`] has logged so far.
pub struct Logs(tempfile::NamedTempFile);

impl Logs {
    /// Every whole line logged so far, parsed, oldest first.
    pub fn lines(&self) -> Vec<serde_json::Value> {
        let text = std::fs::read_to_string(self.0.path()).expect("read the logs");
        // The server may be writing the last line as we read it.
        let whole = &text[..text.rfind('\n').map_or(0, |end| end + 1)];
        whole
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
            .collect()
    }

    /// Every whole line logged so far, once one of them is `wanted`, or at [`DEADLINE`]: the
    /// server's log thread writes a line a moment after what it tells has happened.
    pub fn lines_once(
        &self,
        wanted: impl Fn(&serde_json::Value) -> bool,
    ) -> Vec<serde_json::Value> {
        let mut lines = Vec::new();
        wait_until(DEADLINE, || {
            lines = self.lines();
            lines.iter().any(&wanted)
        });
        lines
    }

    /// The lines whose message is `message`, oldest first.
    pub fn with_message(&self, message: &str) -> Vec<serde_json::Value> {
        let mut lines = self.lines();
        lines.retain(|line| line["message"] == message);
        lines
    }
}

/// A keep-alive HTTP/1.1 connection, one request at a time.
pub struct Client(BufReader<TcpStream>);

impl Client {
    pub fn new(address: &str) -> Self {
        let stream = TcpStream::connect(address).expect("connect");
        stream.set_read_timeout(Some(DEADLINE)).expect("a timeout");
        Self(BufReader::new(stream))
    }

    /// Sends `method path` and reads the answer: its status and the length of its body.
    pub fn send(&mut self, method: &str, path: &str) -> (u16, u64) {
        self.try_send(method, path)
            .unwrap_or_else(|| panic!("no whole answer to {method} {path}"))
    }

    /// Like [`Client::send`], or `None` when the answer does not arrive whole (the server
    /// closed the connection).
    pub fn try_send(&mut self, method: &str, path: &str) -> Option<(u16, u64)> {
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: br, gzip\r\n\
             Content-Length: 0\r\n\r\n"
        );
        self.0.get_mut().write_all(request.as_bytes()).ok()?;
        let mut line = String::new();
        self.0.read_line(&mut line).ok()?;
        let status: u16 = line.get(9..12)?.parse().ok()?;
        let mut length = 0;
        loop {
            line.clear();
            if self.0.read_line(&mut line).ok()? == 0 {
                return None;
            }
            if line == "\r\n" {
                break;
            }
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().ok()?;
            }
        }
        if method == "HEAD" || status == 304 {
            return Some((status, 0));
        }
        let mut body = vec![0; usize::try_from(length).ok()?];
        self.0.read_exact(&mut body).ok()?;
        Some((status, length))
    }
}

impl Server {
    /// Sends SIGTERM and waits (up to [`DEADLINE`]) for the server to exit: its exit code.
    pub fn terminate(&mut self) -> Option<i32> {
        self.signal("-TERM");
        self.exit_code()
    }

    /// Waits (up to [`DEADLINE`]) for the server to exit: its exit code.
    pub fn exit_code(&mut self) -> Option<i32> {
        let mut status = None;
        assert!(
            wait_until(DEADLINE, || {
                status = self.child.try_wait().expect("status");
                status.is_some()
            }),
            "it did not exit"
        );
        status.and_then(|s| s.code())
    }

    /// The address of the metrics listener, from the line after the site's (the server must
    /// have been started with `METRICS_BIND` or `--metrics-bind`).
    pub fn metrics_address(&mut self) -> String {
        let mut line = String::new();
        self.stdout.read_line(&mut line).expect("a second line");
        line.trim()
            .strip_prefix("Metrics at http://")
            .and_then(|rest| rest.strip_suffix("/metrics"))
            .unwrap_or_else(|| panic!("unexpected second line: {line}"))
            .to_string()
    }

    /// Stops the server, and returns what it wrote to standard output after its first line.
    pub fn stop(&mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut rest = String::new();
        let _ = self.stdout.read_to_string(&mut rest);
        rest
    }

    /// GETs `path` from this server: the status and the body.
    pub fn get(&self, path: &str) -> (u16, String) {
        fetch(&self.address, path)
    }

    /// Sends `signal` (such as `-HUP`) to the server process.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill {signal} failed");
    }
}

/// One HTTP/1.1 GET over a fresh connection: the status and the body.
pub fn fetch(address: &str, path: &str) -> (u16, String) {
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    let response = raw(address, request.as_bytes());
    let response = String::from_utf8_lossy(&response);
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {response}"));
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Sends `request` as it is over a fresh connection and reads until the server closes it.
pub fn raw(address: &str, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(address).expect("connect to the server");
    stream
        .set_read_timeout(Some(DEADLINE))
        .expect("set a timeout");
    // The server may answer and close before reading a huge request: that is fine.
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    response
}

/// Polls `done` every 25 ms until it is true or `limit` has passed; true if it became true.
/// Give it [`DEADLINE`] unless the test needs longer.
pub fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    done()
}

/// Writes `text` to `relative` below `dir`.
pub fn write(dir: &Path, relative: &str, text: &str) {
    std::fs::write(dir.join(relative), text).expect("write a content file");
}

/// The errors of loading the content in `dir`, each as `file:line:column: message` with the
/// file relative to `dir`.
pub fn load_errors(dir: &Path) -> Vec<String> {
    relative(dir, &content::load_partial(dir).1.errors)
}

/// The warnings of loading the content in `dir`, as [`load_errors`] gives the errors.
pub fn load_warnings(dir: &Path) -> Vec<String> {
    relative(dir, &content::load_partial(dir).1.warnings)
}

/// Each of `problems` as `file:line:column: message`, the file relative to `dir`.
fn relative(dir: &Path, problems: &[content::ContentError]) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    problems
        .iter()
        .map(|e| e.to_string().replace(&prefix, ""))
        .collect()
}

/// The problems of a public build of `content` with `statics`, which must fail on them.
pub fn failed_build(content: &Path, statics: &Path) -> LoadErrors {
    match Snapshot::build(content, statics, BuildOptions::public()) {
        Ok(_) => panic!("the content should not build"),
        Err(BuildError::Content(problems)) => problems,
        Err(other) => panic!("{other}"),
    }
}

// Photos, as a phone takes them.

/// A JPEG photo as a phone takes it, with the camera's make, orientation and GPS position.
pub use international_leeds::generate::phone_photo;

/// Puts `photo` in the media folder as `name`.
pub fn add_photo(content: &Path, name: &str, photo: &[u8]) {
    let path = content.join("media").join(name);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("a media folder");
    std::fs::write(path, photo).expect("the photo is written");
}

/// Adds `lines` to the front matter of `file` (before its first table) and `text` to its body.
pub fn edit_page(content: &Path, file: &str, lines: &str, text: &str) {
    let path = content.join(file);
    let original = std::fs::read_to_string(&path).expect("a content file");
    let (front, body) = original[3..].split_once("+++").expect("front matter");
    let (fields, tables) = front.split_at(front.find("\n[").map_or(front.len(), |i| i + 1));
    write(
        content,
        file,
        &format!("+++{fields}{lines}\n{tables}+++{body}\n{text}\n"),
    );
}

/// A copy of the bundled content with three photos on Lille's page: its main photo and two
/// in its text.
pub fn content_with_photos() -> tempfile::TempDir {
    let content = content_copy();
    for (name, width, height) in [
        ("lille/civic-hall.jpg", 2400, 1600),
        ("lille/school.jpg", 1600, 1200),
        ("lille/market.jpg", 1200, 1600),
    ] {
        add_photo(content.path(), name, &phone_photo(width, height));
    }
    edit_page(
        content.path(),
        "partnerships/lille.md",
        "image = { file = \"lille/civic-hall.jpg\", alt = \"A test picture of soft colours, standing for Leeds Civic Hall\", caption = \"A picture made by the tests\", credit = \"the site's tests\" }",
        "![A test picture standing for pupils in a classroom](lille/school.jpg)\n\n![A test picture standing for a market in Lille](lille/market.jpg)",
    );
    content
}

// Events.

/// Copies the events `names` (all of them, for none named) of `tests/fixtures/events/` into
/// the content in `content`: in winter and summer, whole days, online, long past.
pub fn add_events(content: &Path, names: &[&str]) {
    let events = content.join("events");
    std::fs::create_dir_all(&events).expect("an events folder");
    for entry in std::fs::read_dir(repo_path("tests/fixtures/events")).expect("the fixtures") {
        let path = entry.expect("a fixture").path();
        let name = path.file_stem().expect("a name").to_string_lossy();
        if names.is_empty() || names.contains(&name.as_ref()) {
            std::fs::copy(&path, events.join(path.file_name().expect("a name")))
                .expect("an event copied");
        }
    }
}

/// The content the browser tests run on: Lille's three photos (see [`content_with_photos`])
/// and three events, one of them past.
pub fn content_for_browsers() -> tempfile::TempDir {
    let content = content_with_photos();
    add_events(
        content.path(),
        &[
            "lille-school-exchange",
            "lille-summer-reception",
            "school-visit-2020",
        ],
    );
    content
}
