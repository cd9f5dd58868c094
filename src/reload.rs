//! Keeps the served site in step with its files: watches the content and static folders,
//! waits until a burst of changes is over, rebuilds the whole site off to the side, and swaps
//! it in whole. A failed rebuild keeps the last good site. SIGHUP and publishing times
//! trigger a rebuild too.

use bytes::Bytes;
use jiff::Timestamp;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

use crate::assets::Assets;
use crate::content::is_ignored;
use crate::live::{Failure, Live};
use crate::render;
use crate::snapshot::{BuildError, BuildOptions, Snapshot};

/// How long the files must be left alone before a rebuild: long enough for a `git checkout`
/// of many files to finish, short enough that an editor's save shows at once.
const QUIET: Duration = Duration::from_millis(300);
/// The longest a change waits to go live while the folders never fall quiet.
const MAX_HOLD: Duration = Duration::from_secs(5);
/// How long the watcher gathers events for one file before passing them on.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// Builds snapshots of one site and puts them live.
#[derive(Debug, Clone)]
pub struct Reloader {
    pub content_dir: PathBuf,
    pub static_dir: PathBuf,
    pub drafts: bool,
    /// The site's public address, for canonical links and the sitemap.
    pub base_url: String,
    pub live: Arc<Live>,
}

/// Keeps the file watcher running; dropping it stops watching.
pub type WatchGuard =
    Debouncer<notify_debouncer_full::notify::RecommendedWatcher, RecommendedCache>;

/// The file watcher and the changes it has seen, from before the first build on.
pub struct Watching {
    guard: Option<WatchGuard>,
    /// The folders watched, each with its identity when its watch was set.
    folders: Vec<(PathBuf, Option<(u64, u64)>)>,
    trigger: mpsc::Sender<()>,
    triggered: mpsc::Receiver<()>,
}

impl Reloader {
    /// How to build, as of now.
    fn options(&self) -> BuildOptions {
        BuildOptions {
            drafts: self.drafts,
            base_url: self.base_url.clone(),
            preview: self.live.dev,
            ..BuildOptions::public()
        }
    }

    /// Builds the site as it is now on disk.
    pub fn build(&self) -> Result<Snapshot, BuildError> {
        Snapshot::build(&self.content_dir, &self.static_dir, self.options())
    }

    /// Time moves on while the files do not build: the last good site, rendered again as of
    /// now, so that an event that has ended is past and a page due is published.
    fn keep_time(&self) {
        let again = self.live.snapshot().again(self.options());
        match again {
            Some(Ok(snapshot)) => {
                tracing::info!("the last good site rendered again as of now");
                self.live.refresh(snapshot);
            }
            Some(Err(error)) => {
                tracing::error!(%error, "the last good site could not be rendered again");
            }
            None => {}
        }
    }

    /// Records a failed build: logged in full, reported by /healthz, and shown by preview mode.
    pub fn fail(&self, error: &BuildError) {
        let lines: Vec<String> = match error {
            BuildError::Content(errors) => errors.errors.iter().map(ToString::to_string).collect(),
            BuildError::Render(error) => vec![format!("a template failed to render: {error}")],
        };
        self.fail_with(lines);
    }

    /// Records a failed build of `lines`, one problem each.
    fn fail_with(&self, lines: Vec<String>) {
        for line in &lines {
            if self.live.dev {
                tracing::error!(problem = %line, "the content has errors; the preview shows them");
            } else {
                tracing::error!(problem = %line, "content reload failed; still serving the last good site");
            }
        }
        // Read from disk: the first build may be the one that failed.
        let assets = Assets::load(&self.static_dir).unwrap_or_default();
        let page = render::render_errors(&lines, assets.url("style.css"))
            .unwrap_or_else(|_| lines.join("\n"));
        self.live.fail(Failure {
            message: lines.join("\n"),
            count: lines.len(),
            at: Timestamp::now(),
            page: Bytes::from(page),
            assets,
        });
    }

    /// Starts listening for SIGHUP; call it early, before the first build.
    pub fn listen_for_hangup() -> Hangup {
        #[cfg(unix)]
        return tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
        #[cfg(not(unix))]
        None
    }

    /// Starts watching the folders (unless `watch` is false). Call it before the first
    /// build: a file saved while that build runs then triggers the next one.
    pub fn watch_files(
        &self,
        watch: bool,
    ) -> Result<Watching, notify_debouncer_full::notify::Error> {
        // One pending trigger is enough: a rebuild always reads everything.
        let (trigger, triggered) = mpsc::channel::<()>(1);
        let folders = [&self.content_dir, &self.static_dir]
            .into_iter()
            .map(|path| (path.clone(), identity(path)))
            .collect();
        let guard = if watch {
            Some(self.watch(trigger.clone())?)
        } else {
            None
        };
        Ok(Watching {
            guard,
            folders,
            trigger,
            triggered,
        })
    }

    /// Starts reloading on what `watching` sees, on SIGHUP and at publishing times; runs until
    /// the process ends.
    pub fn spawn(self, watching: Watching, hangup: Hangup) {
        let Watching {
            guard,
            folders,
            trigger,
            triggered,
        } = watching;
        #[cfg(unix)]
        tokio::spawn(forward_sighup(hangup, trigger.clone()));
        #[cfg(not(unix))]
        let _ = hangup;
        let folders = Folders {
            guard,
            folders,
            trigger,
        };
        self.live.set_watching(folders.is_watching());
        tokio::spawn(self.run(triggered, folders));
    }

    fn watch(
        &self,
        trigger: mpsc::Sender<()>,
    ) -> Result<WatchGuard, notify_debouncer_full::notify::Error> {
        let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let relevant = match result {
                Ok(events) => events.iter().any(|event| {
                    // Reading files (as every rebuild does) is no change.
                    let is_read = matches!(event.kind, EventKind::Access(_));
                    event.need_rescan()
                        || (!is_read && event.paths.iter().any(|path| !is_editor_temp(path)))
                }),
                Err(errors) => {
                    for error in errors {
                        tracing::warn!(%error, "file watcher error; reloading everything");
                    }
                    true
                }
            };
            if relevant {
                let _ = trigger.try_send(());
            }
        })?;
        debouncer.watch(&self.content_dir, RecursiveMode::Recursive)?;
        debouncer.watch(&self.static_dir, RecursiveMode::Recursive)?;
        Ok(debouncer)
    }

    async fn run(self, mut triggered: mpsc::Receiver<()>, mut folders: Folders) {
        let mut check = tokio::time::interval(CHECK_FOLDERS);
        // When the changes not yet live began.
        let mut pending_since: Option<std::time::Instant> = None;
        // The moment last rebuilt for, on time: a site that failed to move on then (it still
        // names that moment) waits for its files, not for a moment already past.
        let mut tried: Option<Timestamp> = None;
        loop {
            let next_change = self
                .live
                .snapshot()
                .next_change
                .filter(|t| Some(*t) != tried);
            let mut on_time = false;
            tokio::select! {
                received = triggered.recv() => {
                    if received.is_none() {
                        return;
                    }
                    let since = *pending_since.get_or_insert_with(std::time::Instant::now);
                    wait_for_quiet(&mut triggered, since).await;
                }
                () = sleep_until(next_change) => {
                    tracing::info!("a page is due to appear or disappear, or an event ends; rebuilding");
                    (on_time, tried) = (true, next_change);
                }
                _ = check.tick() => {
                    folders.rewatch_replaced();
                    self.live.set_watching(folders.is_watching());
                    continue;
                }
            }
            let reloader = self.clone();
            let started = std::time::Instant::now();
            let built = tokio::task::spawn_blocking(move || reloader.build()).await;
            // Files changed while building: this build may have read some old and some new,
            // so it is not put live, and the next round reads them all again; unless the
            // changes have been held back too long already (a folder that never falls quiet).
            let held_too_long = pending_since.is_some_and(|since| since.elapsed() >= MAX_HOLD);
            if !triggered.is_empty() && !held_too_long {
                continue;
            }
            pending_since = None;
            let succeeded = matches!(built, Ok(Ok(_)));
            let took = started.elapsed();
            match built {
                Ok(Ok(snapshot)) => {
                    tracing::info!(
                        pages = snapshot.page_paths().len(),
                        version = %snapshot.version,
                        ms = started.elapsed().as_millis() as u64,
                        "content reloaded"
                    );
                    log_warnings(&snapshot);
                    self.live.replace(snapshot);
                }
                Ok(Err(error)) => {
                    self.fail(&error);
                    if on_time {
                        let reloader = self.clone();
                        let _ = tokio::task::spawn_blocking(move || reloader.keep_time()).await;
                    }
                }
                Err(panic) => {
                    tracing::error!(%panic, "the content rebuild panicked; still serving the last good site");
                    self.fail_with(vec![format!(
                        "the rebuild stopped on an error in the program, not in the content: {panic}"
                    )]);
                }
            }
            // Counted once the site served (or its failure) is in place, so that a scrape
            // never sees the count of a reload without its outcome.
            if let Some(metrics) = self.live.metrics() {
                metrics.reloaded(succeeded, took);
            }
        }
    }
}

/// How often the watched folders are checked for having been replaced.
const CHECK_FOLDERS: Duration = Duration::from_secs(2);

/// The watched folders, each with the identity (device and inode) it had when its watch was
/// set: a deploy that replaces a folder (`rm -rf content && mv content.new content`, or
/// rsync's `--delete-after`) leaves a watch on a folder that is gone, so the new one is
/// watched again, and a rebuild follows.
pub struct Folders {
    guard: Option<WatchGuard>,
    folders: Vec<(PathBuf, Option<(u64, u64)>)>,
    trigger: mpsc::Sender<()>,
}

impl Folders {
    /// Whether every folder is being watched (false with `--no-watch` too).
    fn is_watching(&self) -> bool {
        self.guard.is_some() && self.folders.iter().all(|(_, id)| id.is_some())
    }

    /// Watches again each folder that was replaced or has come back, and asks for a rebuild.
    fn rewatch_replaced(&mut self) {
        let Some(guard) = self.guard.as_mut() else {
            return;
        };
        for (path, watched) in &mut self.folders {
            let now = identity(path);
            if now == *watched {
                continue;
            }
            let _ = guard.unwatch(path.as_path());
            *watched = match now {
                Some(_) => match guard.watch(path.as_path(), RecursiveMode::Recursive) {
                    Ok(()) => {
                        tracing::warn!(folder = %path.display(), "the folder was replaced; watching the new one");
                        now
                    }
                    Err(error) => {
                        tracing::error!(folder = %path.display(), %error, "cannot watch the folder; edits are not picked up until it can be");
                        None
                    }
                },
                None => {
                    tracing::error!(folder = %path.display(), "the watched folder is gone; edits are not picked up until it is back");
                    None
                }
            };
            let _ = self.trigger.try_send(());
        }
    }
}

/// A folder's device and inode, which change when it is replaced.
fn identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path)
            .ok()
            .filter(|m| m.is_dir())
            .map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_dir())
        .map(|_| (0, 0))
}

/// Logs the advice for editors that a build found, one line each.
pub fn log_warnings(snapshot: &Snapshot) {
    for warning in &snapshot.warnings {
        tracing::warn!(warning = %warning, "content warning");
    }
}

/// Returns once no trigger has come for [`QUIET`], or once changes began [`MAX_HOLD`] ago:
/// a file rewritten every 250 ms must not hold back every other edit.
async fn wait_for_quiet(triggered: &mut mpsc::Receiver<()>, since: std::time::Instant) {
    loop {
        let left = MAX_HOLD.saturating_sub(since.elapsed());
        if left.is_zero() {
            return;
        }
        match tokio::time::timeout(QUIET.min(left), triggered.recv()).await {
            Ok(Some(())) => {}
            _ => return,
        }
    }
}

async fn sleep_until(moment: Option<Timestamp>) {
    let Some(moment) = moment else {
        return std::future::pending().await;
    };
    let wait = moment.duration_since(Timestamp::now());
    let wait = Duration::try_from(wait).unwrap_or_default();
    tokio::time::sleep(wait).await;
}

/// SIGHUP, listened for from now on: a signal before the reloader runs is kept, not fatal.
#[cfg(unix)]
pub type Hangup = Option<tokio::signal::unix::Signal>;
#[cfg(not(unix))]
pub type Hangup = Option<()>;

#[cfg(unix)]
async fn forward_sighup(hangup: Hangup, trigger: mpsc::Sender<()>) {
    let Some(mut hangups) = hangup else {
        tracing::warn!("cannot listen for SIGHUP; reload by editing files instead");
        return;
    };
    while hangups.recv().await.is_some() {
        tracing::info!("SIGHUP: reloading the content");
        let _ = trigger.try_send(());
    }
}

/// Editors' swap and backup files, which come and go around every save.
fn is_editor_temp(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| is_ignored(&name.to_string_lossy()))
}
