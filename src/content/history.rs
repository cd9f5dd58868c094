//! When each content file last changed, from git, where the content folder is in a git
//! repository: a page's "Last updated" unless its file sets `updated` (as Hugo's
//! `enableGitInfo`), and which translations are older than their originals. Outside git, or
//! where the repository cannot be read, there is no history and nothing changes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::Date;

/// The most commits read: a long history costs time at every load, and a file unchanged for
/// that long is dated by the oldest commit read.
pub const MAX_COMMITS: usize = 5_000;

/// The last commit that changed a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    /// How many commits back from the newest it is: 0 for the newest. A smaller number is a
    /// later change, even within one second.
    pub age: usize,
    pub at: Timestamp,
}

impl Change {
    /// The day of the change, in UK time.
    pub fn date(&self) -> Date {
        super::dates::uk().to_datetime(self.at).date()
    }
}

/// The last change of each file asked about that git knows, by its path as it was given.
#[derive(Debug, Default)]
pub struct History {
    changes: HashMap<PathBuf, Change>,
}

impl History {
    /// The history of `files` (inside the content folder `dir`); empty outside git.
    pub fn read(dir: &Path, files: &[PathBuf]) -> History {
        read(dir, files).unwrap_or_default()
    }

    /// When `path` (one of the files the history was read for, written as then) last changed
    /// in a commit; none for a file git does not have. A lookup, with no file system call.
    pub fn change(&self, path: &Path) -> Option<Change> {
        self.changes.get(path).copied()
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

fn read(dir: &Path, files: &[PathBuf]) -> Option<History> {
    let repo = gix::discover(dir).ok()?;
    // A shallow clone lacks the commits that changed most files: its dates would all be the
    // clone's. Clone with the whole history (`fetch-depth: 0` in GitHub Actions).
    if repo.is_shallow().unwrap_or(true) {
        return None;
    }
    let workdir = repo.workdir()?.canonicalize().ok()?;
    let head = repo.head_commit().ok()?;
    // Each file by its path in the repository, and by its path as given (which `change` is
    // asked with: the path is resolved once here, not at each question).
    let mut wanted: Vec<(PathBuf, PathBuf)> = files
        .iter()
        .filter_map(|file| {
            let full = file.canonicalize().ok()?;
            let relative = full.strip_prefix(&workdir).ok()?.to_path_buf();
            Some((relative, file.clone()))
        })
        .collect();
    let content = dir.canonicalize().ok()?;
    let content = content.strip_prefix(&workdir).ok()?.to_path_buf();
    let walk = repo.rev_walk([head.id]).first_parent_only().all().ok()?;
    let mut changes = HashMap::new();
    // The newer commit of the two compared: its time, its content folder, each file's blob.
    let mut newer: Option<(Change, Option<gix::ObjectId>)> = None;
    let mut blobs: HashMap<PathBuf, Option<gix::ObjectId>> = HashMap::new();
    for (age, info) in walk.take(MAX_COMMITS).enumerate() {
        let commit = info.ok()?.object().ok()?;
        let at = Timestamp::from_second(commit.time().ok()?.seconds).ok()?;
        let tree = commit.tree().ok()?;
        let id_of = |path: &Path| {
            tree.lookup_entry_by_path(path)
                .ok()
                .flatten()
                .map(|e| e.object_id())
        };
        // The content folder's tree: the whole tree when the content is the repository.
        let folder = if content.as_os_str().is_empty() {
            Some(tree.id().detach())
        } else {
            id_of(&content)
        };
        // A commit that left the content folder as it was changed none of its files.
        let unchanged = newer.as_ref().is_some_and(|(_, f)| *f == folder);
        if !unchanged {
            wanted.retain(|(relative, given)| {
                let blob = id_of(relative);
                match (blobs.get(relative), &newer) {
                    // It differs from the newer commit: that one changed it last.
                    (Some(newer_blob), Some((change, _))) if *newer_blob != blob => {
                        changes.insert(given.clone(), *change);
                        false
                    }
                    // Not committed yet: git has no date for it.
                    (None, None) if blob.is_none() => false,
                    _ => {
                        blobs.insert(relative.clone(), blob);
                        true
                    }
                }
            });
        }
        newer = Some((Change { age, at }, folder));
        if wanted.is_empty() {
            break;
        }
    }
    // What no older commit changed was last changed by the oldest one read, if it had it.
    if let Some((oldest, _)) = newer {
        for (relative, given) in wanted {
            if blobs.get(&relative).is_some_and(Option::is_some) {
                changes.insert(given, oldest);
            }
        }
    }
    Some(History { changes })
}
